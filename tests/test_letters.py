"""Letters to agencies (`diff --agency`, `status --letter`) and the comparison documents they sit beside."""

from __future__ import annotations

import datetime as dt
import re
import shutil

import docx
import pytest
from conftest import SAMPLES
from helpers import copy_samples, soffice_convert
from openpyxl import load_workbook
from test_diff import edited_2024

from bgindex.core.consolidate import consolidate
from bgindex.core.diff import diff
from bgindex.model.vn import change_words, long_date, vn_date, working_days_after
from bgindex.outputs.diff_views import explained, render_html, write_xlsx
from bgindex.outputs.result_set import write_outputs

LETTER_DATE = dt.date(2025, 3, 5)  # a Wednesday
ON = "05/03/2025"


@pytest.fixture(scope="module")
def results(tmp_path_factory, catalog):
    """ket-qua-2022.xlsx and ket-qua-2023.xlsx made from the samples, each in its own folder."""
    paths = {}
    for year in (2022, 2023):
        out = tmp_path_factory.mktemp(f"kq{year}")
        paths[year] = write_outputs(consolidate(SAMPLES / str(year), year, catalog), catalog, out, ("xlsx",))[
            0
        ]
    return paths


def unchanged_2024(tmp_path, agency: str, code: str, catalog) -> object:
    """2024 samples where the agency's own figures of one indicator equal its previous year's and
    its cause is blank: nothing of its own moved."""
    ind = catalog.indicator_by_code[code]
    rows = {f"CS{code}", *ind.variables}
    folder, _ = edited_2024(tmp_path, agency, {f"CS{code}": (5, None)})
    path = folder / f"bgindex-2024-{agency}.xlsx"
    wb = load_workbook(path)
    for row in wb["Số liệu"].iter_rows(min_row=5):
        if row[0].value in rows:
            row[4].value = row[3].value
    wb.save(path)
    return folder


def test_working_days_skip_weekends_and_fixed_holidays():
    assert working_days_after(LETTER_DATE, 5) == dt.date(2025, 3, 12)
    # Friday 25/04/2025: 30/4 and 1/5 are public holidays, the weekend is not counted either
    assert working_days_after(dt.date(2025, 4, 25), 5) == dt.date(2025, 5, 6)
    assert working_days_after(LETTER_DATE, 1, [dt.date(2025, 3, 6)]) == dt.date(2025, 3, 7)


def test_changes_of_rates_are_in_percentage_points_with_the_relative_change_beside():
    assert change_words(6.53, 16.81, "%", 2) == "tăng 6,53 điểm phần trăm, tương ứng tăng 16,8 %"
    assert change_words(-5.37, -20.0, "ha", 2) == "giảm 5,37 ha, tương ứng giảm 20,0 %"
    assert change_words(0.0, 0.0, "%", 2) == "không đổi"
    # at the indicator's precision, never trimmed: indicator 22 moved by 0,022 at 3 decimals
    assert change_words(0.0218, 26.57, "trạm", 3) == "tăng 0,022 trạm, tương ứng tăng 26,6 %"
    # a change below the last digit shown still owes a cause (threshold 0): it never reads as none
    assert change_words(0.001, 1.2, "%", 2) == "tăng chưa đến 0,01 điểm phần trăm, tương ứng tăng 1,2 %"
    assert change_words(-0.3, -0.04, "vụ", 0) == "giảm chưa đến 1 vụ, tương ứng giảm chưa đến 0,1 %"
    assert change_words(1.5, None, "ha", None) == "tăng 1,5 ha"  # an amount an agency typed, as typed


def test_letter_comparing_2022_with_2024_names_those_years_and_the_agency_figure_first(
    cli, tmp_path, results
):
    folder, _ = edited_2024(tmp_path, "LUCNAM", {"CS13": (5, None)})
    res = cli(
        [
            "diff",
            str(results[2022]),
            str(folder),
            "--agency",
            "LUCNAM",
            "--format",
            "text",
            "--report-date",
            ON,
        ]
    )
    assert res.code == 0, res.stderr
    text = res.stdout
    assert text.startswith("Kính gửi: UBND huyện Lục Nam.")
    assert "2022" in text and "2024" in text and "2023" not in text
    item = next(line for line in text.splitlines() if line.startswith("1. Chỉ số 13"))
    assert item.index("số liệu của đơn vị năm 2022") < item.index("kết quả của toàn tỉnh năm 2022")
    assert "điểm phần trăm" in item and "tương ứng tăng" in item
    assert f"trước ngày {vn_date(working_days_after(LETTER_DATE, 5))}" in text
    assert "Không có nội dung" not in text


def test_a_district_whose_own_figure_did_not_move_owes_nothing(cli, tmp_path, catalog, results):
    folder = unchanged_2024(tmp_path, "LUCNAM", "13", catalog)
    result = diff([results[2023], folder], catalog)
    d13 = next(d for d in result.comparison if d.code == "13")
    assert d13.change  # the province's figure moved
    lucnam = next(a for a in d13.agencies if a.agency == "LUCNAM")
    assert lucnam.own and all(f.change == 0 for f in lucnam.own) and not lucnam.cause
    assert not lucnam.owes and all(o.agency != "LUCNAM" for o in result.owed)
    # so the letter is not written: a plain message instead, and exit 0
    target = tmp_path / "cong-van.docx"
    for extra in (["--format", "text"], ["--format", "docx", "--out", str(target)]):
        res = cli(["diff", str(results[2023]), str(folder), "--agency", "LUCNAM", *extra])
        assert res.code == 0, res.stderr
        assert res.stdout == ""
        assert "UBND huyện Lục Nam không còn nội dung nào phải giải trình" in res.stderr
        assert "không lập công văn" in res.stderr
    assert not target.exists()


def _body(d: docx.document.Document) -> str:
    """The running text: paragraphs outside the header and signature tables."""
    return "\n".join(p.text for p in d.paragraphs)


def test_word_letters_and_comparison_open_convert_and_read_as_official_documents(
    cli, tmp_path, catalog, results
):
    folder, _ = edited_2024(tmp_path, "LUCNAM", {"CS13": (5, None)})
    letter, comparison = tmp_path / "giai-trinh.docx", tmp_path / "so-sanh.docx"
    res = cli(
        [
            "diff",
            str(results[2023]),
            str(folder),
            "--agency",
            "LUCNAM",
            "--format",
            "docx",
            "--out",
            str(letter),
            "--report-date",
            ON,
        ]
    )
    assert res.code == 0, res.stderr
    res = cli(
        [
            "diff",
            str(results[2023]),
            str(folder),
            "--format",
            "docx",
            "--out",
            str(comparison),
            "--report-date",
            ON,
        ]
    )
    assert res.code == 0, res.stderr
    received = copy_samples(tmp_path / "nhac-nho")  # beside the edited copy, not over it
    (received / "bgindex-2024-YENTHE.xlsx").unlink()
    reminder = tmp_path / "nhac.docx"
    res = cli(
        [
            "status",
            str(received),
            "--year",
            "2024",
            "--letter",
            "--format",
            "docx",
            "--out",
            str(reminder),
            "--today",
            ON,
        ]
    )
    assert res.code == 1 and reminder.exists(), res.stderr  # an agency has not sent: status says 1

    for path in (letter, comparison, reminder):  # software words, paths, codes: tests/test_sent_out.py
        d = docx.Document(str(path))
        number, date = d.tables[0].rows[1].cells
        assert date.text.strip() == f"Bắc Giang, {long_date(LETTER_DATE)}", path.name
    d = docx.Document(str(letter))
    number, _ = d.tables[0].rows[1].cells
    assert re.match(r"Số:\s+/SNNMT-MT", number.text) and "V/v giải trình" in number.text
    body = _body(d)
    assert "Kính gửi: UBND huyện Lục Nam." in body and "1. Chỉ số 13" in body
    assert "Nơi nhận:" in d.tables[-1].rows[0].cells[0].text
    assert "Như trên" in d.tables[-1].rows[0].cells[0].text
    d = docx.Document(str(reminder))
    late = (LETTER_DATE - catalog.deadline(2024)).days
    assert "Kính gửi: UBND huyện Yên Thế." in _body(d)
    assert f"UBND huyện Yên Thế: quá hạn {late} ngày" in _body(d)
    if shutil.which("soffice") or shutil.which("libreoffice"):
        pdfs = soffice_convert([letter, reminder], tmp_path / "pdf", "pdf")
        assert all(p.stat().st_size > 5000 for p in pdfs)


def test_reminder_names_the_agency_that_sent_nothing_with_its_days_overdue(cli, tmp_path, catalog):
    received = copy_samples(tmp_path)
    (received / "bgindex-2024-YENTHE.xlsx").unlink()
    res = cli(["status", str(received), "--year", "2024", "--letter", "--today", ON])
    late = (LETTER_DATE - catalog.deadline(2024)).days
    assert late > 0
    text = res.stdout
    assert text.startswith("Kính gửi: UBND huyện Yên Thế.")
    assert f"đã quá hạn {late} ngày" in text and f"UBND huyện Yên Thế: quá hạn {late} ngày" in text
    assert "biểu mẫu báo cáo (đính kèm công văn này)" in text and ".xlsx" not in text
    for ind in catalog.indicators_for("YENTHE", 2024):
        assert f"{ind.code} – {ind.name}" in text
    assert f"trước ngày {vn_date(working_days_after(LETTER_DATE, 5))}" in text
    assert vn_date(catalog.deadline(2024)) in text
    # only the agencies asked for; one that has sent is owed no reminder
    res = cli(["status", str(received), "--year", "2024", "--letter", "--today", ON, "--agency", "LUCNAM"])
    assert res.stdout == "" and "đã gửi báo cáo năm 2024: không lập công văn đôn đốc" in res.stderr
    everyone = cli(["status", str(SAMPLES / "2024"), "--year", "2024", "--letter", "--today", ON])
    assert everyone.code == 0 and everyone.stdout == ""
    assert "Tất cả cơ quan, đơn vị đã gửi báo cáo năm 2024" in everyone.stderr


def test_comparison_workbook_prints_and_shows_values_at_their_precision(tmp_path, catalog, results):
    result = diff([results[2022], results[2023]], catalog, report_date=LETTER_DATE)
    path = write_xlsx(result, tmp_path / "so-sanh.xlsx")
    ws = load_workbook(path)["So sánh"]
    assert [c.value for c in ws[3]][:5] == ["Mã chỉ số", "Tên chỉ số", "Đơn vị tính", "Năm 2022", "Năm 2023"]
    assert ws.page_setup.orientation == "landscape" and ws.page_setup.fitToWidth == 1
    assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.print_title_rows == "$3:$3"
    assert ws.freeze_panes == "A4" and ws.column_dimensions["B"].width > 40
    for row in ws.iter_rows(min_row=4, min_col=4, max_col=7):
        for cell in row:
            if isinstance(cell.value, float):
                assert re.fullmatch(r"#,##0\.0{1,4}", cell.number_format), (
                    cell.coordinate,
                    cell.number_format,
                )
    assert ws["A2"].value == f"Ngày {ON}"


def test_comparison_html_has_the_letterhead_the_charts_of_word_and_only_flagged_causes(
    catalog, results, tmp_path
):
    folder, _ = edited_2024(tmp_path, "LUCNAM", {"CS13": (5, None)})
    result = diff([results[2023], folder], catalog, report_date=LETTER_DATE)
    html = render_html(result, catalog)
    assert "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM" in html and long_date(LETTER_DATE) in html
    assert "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG" in html and "Nơi nhận:" in html  # the department on 05/03/2025
    from bgindex.outputs.charts import render_diff_charts

    pngs = html.count('<img src="data:image/png;base64,')
    assert pngs == len(render_diff_charts(result, catalog, "png")) > 0
    assert str(results[2023]) not in html and str(folder) not in html
    shown = explained(result)
    assert "13" in [d.code for d in shown]
    assert all(d.flags or d.assessment == "worsened" for d in shown)
    causes = html.split("Nguyên nhân tăng/giảm", 1)[1].split("Giải trình còn thiếu", 1)[0]
    assert re.findall(r"<h3>Chỉ số (\d+):", causes) == [d.code for d in shown]
