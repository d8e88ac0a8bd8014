"""The Word reports: page setup, fonts, header blocks, tables, images, and how LibreOffice prints them."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
import zipfile
from pathlib import Path

import docx
import pytest
from conftest import SAMPLES
from docx.oxml.ns import qn
from docx.shared import Mm
from helpers import soffice_convert

from bgindex.core.consolidate import consolidate
from bgindex.model.vn import long_date
from bgindex.outputs.report_docx import render_docx, template_path
from bgindex.outputs.report_html import ReportTemplateError

FONT = "Times New Roman"
EVIL = "<script>alert(1)</script> & Cie"
# A report dated 05/03/2025 is issued by the department formed on 01/03/2025 (our reading).
TOP = ("CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "BÁO CÁO")


@pytest.fixture(scope="module")
def result(catalog):
    res = consolidate(SAMPLES / "2024", 2024, catalog, report_date=dt.date(2025, 3, 5))
    res.indicators[0].causes[0].cause = EVIL
    return res


@pytest.fixture(scope="module")
def written(result, catalog, tmp_path_factory):
    from bgindex.outputs.result_set import write_outputs

    out = tmp_path_factory.mktemp("out")
    paths = write_outputs(result, catalog, out, ("html", "md", "docx"))
    return out, paths


@pytest.fixture(scope="module")
def report(written):
    return docx.Document(str(written[0] / "bao-cao-2024.docx"))


@pytest.fixture(scope="module")
def diff_docx(cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("diff") / "so-sanh.docx"
    res = cli(["diff", str(SAMPLES / "2023"), str(SAMPLES / "2024"), "--format", "docx", "--out", str(out)])
    assert res.code == 0, res.stderr
    return out


@pytest.fixture(scope="module")
def pdfs(written, diff_docx, tmp_path_factory):
    """Both Word reports printed by LibreOffice in one call (its start-up dominates)."""
    out = tmp_path_factory.mktemp("pdf")
    return soffice_convert([written[0] / "bao-cao-2024.docx", diff_docx], out, "pdf")


def _pdftotext(pdf: Path, page: int) -> str:
    return subprocess.run(
        ["pdftotext", "-layout", "-f", str(page), "-l", str(page), str(pdf), "-"],
        check=True,
        capture_output=True,
        text=True,
    ).stdout


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], check=True, capture_output=True, text=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))


def _all_text(d: docx.document.Document) -> str:
    parts = [p.text for p in d.paragraphs]
    for t in d.tables:
        for row in t.rows:
            parts += [c.text for c in row.cells]
    return "\n".join(parts)


def _check_page(d: docx.document.Document) -> None:
    s = d.sections[0]
    assert abs(s.page_width - Mm(210)) < Mm(0.5) and abs(s.page_height - Mm(297)) < Mm(0.5)
    for margin, mm in ((s.top_margin, 20), (s.bottom_margin, 20), (s.left_margin, 30), (s.right_margin, 15)):
        assert abs(margin - Mm(mm)) < Mm(0.5)
    # page number at the top centre from page 2; nothing on page 1
    assert s.different_first_page_header_footer
    assert s.first_page_header.paragraphs[0].text.strip() == ""
    header = s.header._element.xml
    assert "PAGE" in header and 'w:fldCharType="begin"' in header
    assert s.header.paragraphs[0].alignment == 1  # centre


def _check_fonts(path: Path) -> None:
    """Times New Roman for every script on the defaults, every style and every run; no theme fonts."""
    d = docx.Document(str(path))
    styles = d.styles.element
    default = styles.find(qn("w:docDefaults")).find(qn("w:rPrDefault")).find(qn("w:rPr"))
    checked = [default.find(qn("w:rFonts"))]
    for st in styles.findall(qn("w:style")):
        if st.get(qn("w:type")) == "numbering":
            continue
        rfonts = st.find(qn("w:rPr") + "/" + qn("w:rFonts"))
        assert rfonts is not None, st.get(qn("w:styleId"))
        checked.append(rfonts)
    for rfonts in checked:
        for attr in ("ascii", "hAnsi", "eastAsia", "cs"):
            assert rfonts.get(qn(f"w:{attr}")) == FONT
    with zipfile.ZipFile(path) as z:
        for name in ("word/document.xml", "word/styles.xml"):
            themed = re.findall(r'\w+[tT]heme="\w+"', z.read(name).decode("utf-8"))
            assert not [t for t in themed if "Color" not in t and "Fill" not in t], name
    used = {p.style.name for p in d.paragraphs}
    for t in d.tables:
        for row in t.rows:
            for c in row.cells:
                used |= {p.style.name for p in c.paragraphs}
                for p in c.paragraphs:
                    assert all(r.font.name in (None, FONT) for r in p.runs)
    assert all(r.font.name in (None, FONT) for p in d.paragraphs for r in p.runs)
    for name in used:
        assert d.styles[name].font.name == FONT, name


def _check_header_blocks(d: docx.document.Document, date_text: str) -> None:
    head = d.tables[0]
    left, right = head.rows[0].cells
    assert [p.text for p in left.paragraphs if p.text] == [
        "UBND TỈNH BẮC GIANG",
        "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG",  # both documents are dated after 01/03/2025
    ]
    assert [p.text for p in right.paragraphs if p.text] == [
        "CỘNG HÒA XÃ HỘI CHỦ NGHĨA VIỆT NAM",
        "Độc lập - Tự do - Hạnh phúc",
    ]
    assert all(r.bold for p in right.paragraphs for r in p.runs if r.text)
    assert left.paragraphs[1].runs[0].bold and not left.paragraphs[0].runs[0].bold
    number, date = head.rows[1].cells
    assert re.fullmatch(r"Số:\s+/BC-SNNMT", number.text.strip())
    assert date.text.strip() == f"Bắc Giang, {date_text}" and date.paragraphs[0].runs[0].italic
    assert "w:tblBorders" in head._tbl.xml and 'w:val="nil"' in head._tbl.xml  # borderless
    titles = [p.text for p in d.paragraphs[:3]]
    assert titles[0] == "BÁO CÁO" and d.paragraphs[0].runs[0].bold is not False


def _check_tables(d: docx.document.Document) -> None:
    """Fixed column widths on the grid and on every cell; data tables repeat their header row."""
    for t in d.tables:
        grid = [int(g.get(qn("w:w"))) for g in t._tbl.tblGrid.findall(qn("w:gridCol"))]
        assert abs(sum(grid) - Mm(165).twips) < 30
        assert t._tbl.tblPr.find(qn("w:tblLayout")).get(qn("w:type")) == "fixed"
        for row in t.rows:
            assert [c.width.twips for c in row.cells] == grid
        bordered = t.style is not None and t.style.name == "Table Grid"
        if bordered:
            first = t.rows[0]._tr.trPr
            assert first is not None and first.find(qn("w:tblHeader")) is not None
            for row in t.rows[1:]:
                assert row._tr.trPr is None or row._tr.trPr.find(qn("w:tblHeader")) is None


def test_template_files_are_small_word_documents():
    for name in ("bao-cao.docx", "so-sanh.docx"):
        path = template_path(name)
        assert path.stat().st_size < 80_000
        d = docx.Document(str(path))
        _check_page(d)
        assert "{%tr for" in _all_text(d), name


def test_long_date():
    assert long_date(dt.date(2025, 3, 5)) == "ngày 05 tháng 3 năm 2025"
    assert long_date(dt.date(2025, 2, 20)) == "ngày 20 tháng 02 năm 2025"
    assert long_date(dt.date(2025, 12, 1)) == "ngày 01 tháng 12 năm 2025"


def test_consolidate_writes_docx_atomically(written):
    out, paths = written
    assert out / "bao-cao-2024.docx" in paths
    assert sorted(p.name for p in out.iterdir()) == [
        "bao-cao-2024.docx",
        "bao-cao-2024.html",
        "bao-cao-2024.md",
    ]


def test_docx_page_fonts_and_header_blocks(written, report):
    _check_page(report)
    _check_fonts(written[0] / "bao-cao-2024.docx")
    _check_header_blocks(report, "ngày 05 tháng 3 năm 2025")
    assert report.paragraphs[1].text == (
        "Kết quả thực hiện Bộ chỉ số đánh giá kết quả bảo vệ môi trường năm 2024"
    )


def test_docx_sections_tables_and_images(result, report):
    headings = [p.text for p in report.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "I. TÓM TẮT",
        "II. KẾT QUẢ CÁC CHỈ SỐ THÀNH PHẦN",
        "III. KẾT QUẢ CHI TIẾT TỪNG CHỈ SỐ",
        "IV. TÌNH HÌNH BÁO CÁO CỦA CÁC CƠ QUAN, ĐƠN VỊ",
        "V. CHÊNH LỆCH SỐ LIỆU GIỮA CÁC CƠ QUAN",
        "VI. TỆP BÁO CÁO BỊ LOẠI",
        "VII. ĐÁNH GIÁ CHUNG",
        "VIII. TỒN TẠI, HẠN CHẾ VÀ ĐỀ XUẤT, KIẾN NGHỊ",
        "PHỤ LỤC",
    ]
    details = [p.text for p in report.paragraphs if p.style.name == "Heading 2"]
    assert details[0] == f"1. Chỉ số 01: {result.indicators[0].name}" and len(details) == 22 + 2
    assert details[-2:] == ["1. Tồn tại, hạn chế", "2. Đề xuất, kiến nghị"]
    groups = 3  # overview charts by unit (no official groups): %; then two charts of up to three units
    districts = sum(i.has_districts for i in result.indicators)
    evidence = sum(bool(i.evidence) for i in result.indicators)
    # head, summary, indicators, group tables, per indicator: figures (+ districts, evidence), status
    # counts, agencies, discrepancies, signature, formulas appendix
    assert len(report.tables) == 3 + groups + 22 + districts + evidence + 2 + 1 + 1 + 1
    main = report.tables[2]
    assert [c.text for c in main.rows[0].cells][2:7] == [
        "Tên chỉ số",
        "Đơn vị tính",
        "Năm 2023",
        "Năm 2024",
        "Thay đổi (đơn vị tính)",
    ]
    assert len(main.rows) == 23 and main.rows[1].cells[3].text == "%"
    assert main.rows[1].cells[5].text == "45,37"
    _check_tables(report)
    assert len(report.inline_shapes) == groups + districts + 1
    for shape in report.inline_shapes:
        assert abs(shape.width - Mm(160)) < Mm(1)
    captions = [p.text for p in report.paragraphs if p.style.name == "Caption"]
    assert captions[0].startswith("Biểu đồ 1. Các chỉ số có đơn vị tính %")  # no group label of ours
    sign = report.tables[-2]
    assert sign.rows[0].cells[0].paragraphs[0].text == "Nơi nhận:"
    assert "- Lưu: VT, MT." in sign.rows[0].cells[0].text
    assert sign.rows[0].cells[1].paragraphs[0].text == "GIÁM ĐỐC"
    appendix = report.tables[-1]
    assert [r.cells[0].text for r in appendix.rows[1:]] == [i.code for i in result.indicators]


def test_agency_text_is_text_in_html_markdown_and_word(written, report):
    out, _ = written
    html = (out / "bao-cao-2024.html").read_text(encoding="utf-8")
    # (booleans first: pytest would spend minutes explaining a failed 'in' on a 1 MB string)
    escaped = "&lt;script&gt;alert(1)&lt;/script&gt; &amp; Cie"
    html = (out / "bao-cao-2024.html").read_text(encoding="utf-8")
    ok = "<script>alert" not in html and escaped in html
    assert ok
    md = (out / "bao-cao-2024.md").read_text(encoding="utf-8")
    ok = "<script>" not in md and r"&lt;script&gt;alert\(1\)&lt;/script&gt;" in md
    assert ok
    ok = EVIL in _all_text(report)
    assert ok
    with zipfile.ZipFile(out / "bao-cao-2024.docx") as z:
        xml = z.read("word/document.xml").decode("utf-8")
    ok = escaped in xml and "<script>" not in xml
    assert ok


def test_control_characters_from_a_cell_do_not_break_the_document(result, catalog):
    res = result.model_copy(deep=True)
    res.indicators[1].causes[0].cause = "Tăng\x0bdo\x00 đầu tư\nmới"
    d = docx.Document(__import__("io").BytesIO(render_docx(res, charts={})))
    ok = "Tăngdo đầu tư mới" in _all_text(d)
    assert ok
    assert len(d.inline_shapes) == 0  # no charts given: the figures are left out, nothing breaks


def test_a_broken_officer_template_is_a_clear_error(result, catalog, tmp_path):
    d = docx.Document(str(template_path("bao-cao.docx")))
    d.add_paragraph("{{ r.khong_co }}")
    d.save(str(tmp_path / "bao-cao.docx"))
    with pytest.raises(ReportTemplateError, match="bao-cao.docx"):
        render_docx(result, tmp_path, charts={})
    (tmp_path / "bao-cao.docx").write_bytes(b"not a zip")
    with pytest.raises(ReportTemplateError, match="không mở được"):
        render_docx(result, tmp_path, charts={})
    # a templates folder without a Word template falls back to the shipped one
    empty = tmp_path / "chi-co-html"
    empty.mkdir()
    assert render_docx(result, empty, charts={})[:2] == b"PK"


def test_diff_docx(diff_docx):
    _check_fonts(diff_docx)
    d = docx.Document(str(diff_docx))
    _check_page(d)
    _check_header_blocks(d, long_date(dt.date.today()))
    assert d.paragraphs[1].text.startswith(
        "So sánh kết quả Bộ chỉ số đánh giá kết quả bảo vệ môi trường năm 2023 và năm 2024"
    )
    headings = [p.text for p in d.paragraphs if p.style.name == "Heading 1"]
    assert headings == [
        "I. KẾT QUẢ SO SÁNH CÁC CHỈ SỐ",
        "II. NGUYÊN NHÂN TĂNG/GIẢM CỦA CÁC CHỈ SỐ CÓ LƯU Ý HOẶC GIẢM SÚT",
        "III. GIẢI TRÌNH CÒN THIẾU",
    ]
    _check_tables(d)
    comparison = d.tables[1]
    assert comparison.rows[0].cells[3].text == "Năm 2023" and len(comparison.rows) == 23
    # the pro-forma table of the Yên Dũng merger, then the overview charts' tables by unit
    assert len(d.inline_shapes) == 3 and len(d.tables) == 2 + 1 + 3 + 1
    assert "Nơi nhận:" in d.tables[-1].rows[0].cells[0].text


@pytest.mark.skipif(shutil.which("pdftotext") is None, reason="poppler-utils not installed")
def test_libreoffice_prints_the_word_reports(pdfs):
    report, comparison = pdfs
    assert 25 <= _pages(report) <= 80
    assert 5 <= _pages(comparison) <= 40
    for pdf in (report, comparison):
        first = _pdftotext(pdf, 1)
        # The issuing body may wrap inside its header column: read the left column's lines as one.
        left = " ".join(" ".join(line[:45].split()) for line in first.splitlines()[:6])
        for text in TOP:
            assert text in first or text in left, (pdf.name, text)
        assert "Độc lập - Tự do - Hạnh phúc" in first
        # page 1 has no number; page 2 starts with its number, at the top
        assert first.strip().splitlines()[0].split()[0] != "1"
        assert _pdftotext(pdf, 2).strip().splitlines()[0].strip() == "2"
    ok = "Nơi nhận:" in "".join(_pdftotext(report, n) for n in range(1, _pages(report) + 1))
    assert ok


@pytest.mark.skipif(shutil.which("pdffonts") is None, reason="poppler-utils not installed")
def test_libreoffice_uses_times_new_roman_metrics_for_every_letter(pdfs):
    """Times New Roman maps to Liberation Serif (fonts-liberation2); no letter falls back."""
    for pdf in pdfs:
        fonts = subprocess.run(
            ["pdffonts", str(pdf)], check=True, capture_output=True, text=True
        ).stdout.splitlines()[2:]
        names = {line.split()[0].split("+")[-1] for line in fonts if line.strip()}
        assert names and all(n.startswith(("LiberationSerif", "TimesNewRoman")) for n in names), names


def _alt_texts(document) -> list[str]:
    from docx.oxml.ns import qn

    return [s._inline.docPr.get("descr", "") for s in document.inline_shapes] + [
        el.get("descr", "") for el in document.element.body.iter(qn("pic:cNvPr"))
    ]


def test_every_image_in_word_has_alt_text(report, diff_docx):
    compared = docx.Document(str(diff_docx))
    for document in (report, compared):
        assert document.inline_shapes
        assert all(alt.strip() for alt in _alt_texts(document))
    assert len(report.inline_shapes) >= 10
    titles = {s._inline.docPr.get("descr") for s in report.inline_shapes}
    assert "Biểu đồ" not in "".join(titles) and any(t.startswith("Chỉ số 20") for t in titles)
