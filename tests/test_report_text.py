"""The consolidated report reads as an official text: page 1 tells the story (worsened indicators
with both values, late agencies with their days, open discrepancies), the seeded sections are
editable blocks, nothing sent out carries the software's name, a file path or an agency code, the
brief version fits four pages, and the Markdown is valid CommonMark."""

from __future__ import annotations

import datetime as dt
import re
import shutil
import subprocess
from pathlib import Path

import docx
import pytest
from helpers import copy_samples, docx_text, html_text, run_bgindex, soffice_convert

from bgindex.catalog.model import Catalog
from bgindex.core.consolidate import consolidate
from bgindex.core.summary import report_facts
from bgindex.model.results import ConsolidationResult, FileEntry
from bgindex.outputs.report_html import render_markdown

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
REJECTED = "so-xay-dung-gui-nham.xlsx"  # last year's file of Sở Xây dựng, sent again by mistake
SIGNER = ("KT. GIÁM ĐỐC", "PHÓ GIÁM ĐỐC", "Nguyễn Văn Bình")
ZERO_COUNT = re.compile(r"(?<![\d,.])0 (?:chỉ số|đơn vị|cơ quan|chênh lệch|tệp)")


def _flat(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def result(catalog: Catalog) -> ConsolidationResult:
    return consolidate(SAMPLES / "2024", 2024, catalog, report_date=dt.date(2025, 3, 5))


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """The samples plus one rejected file, consolidated from the command line with the Word report,
    the brief version and a signer signing on the director's behalf."""
    base = tmp_path_factory.mktemp("sent")
    folder = copy_samples(base)
    shutil.copy(SAMPLES / "2023" / "bgindex-2023-SXD.xlsx", folder / REJECTED)
    out = base / "ket-qua"
    done = run_bgindex(
        "consolidate", str(folder), "--year", "2024", "--out", str(out), "--quiet",
        "--format", "docx", "--brief", "--report-date", "05/03/2025",
        "--signer-for", SIGNER[0], "--signer-title", SIGNER[1], "--signer-name", SIGNER[2],
    )  # fmt: skip
    assert done.returncode in (0, 1), done.stderr
    return folder, out


@pytest.fixture(scope="module")
def pdfs(sent: tuple[Path, Path], tmp_path_factory: pytest.TempPathFactory) -> dict[str, Path]:
    _, out = sent
    report, brief = out / "bao-cao-2024.docx", out / "tom-tat-2024.docx"
    converted = soffice_convert([report, brief], tmp_path_factory.mktemp("pdf"), "pdf")
    return dict(zip(("report", "brief"), converted, strict=True))


def _pdftext(pdf: Path, first: int | None = None, last: int | None = None) -> str:
    pages = [*(["-f", str(first)] if first else []), *(["-l", str(last)] if last else [])]
    done = subprocess.run(["pdftotext", *pages, str(pdf), "-"], capture_output=True, text=True, check=True)
    return _flat(done.stdout)


def _pages(pdf: Path) -> int:
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    return int(re.search(r"^Pages:\s+(\d+)", info, re.M).group(1))  # type: ignore[union-attr]


# ---- the facts, in the library ---------------------------------------------------------------


def test_facts_name_the_worsened_indicators_late_agencies_and_the_discrepancy(result) -> None:
    facts = report_facts(result)
    worse = {m.code: m.values for m in facts.worsened}
    assert worse == {"19": "5,82 → 4,93 %", "20": "21,54 → 26,91 ha"}
    late = {(a.name, a.days) for a in facts.late}
    assert late == {("Sở Giao thông vận tải", 4), ("UBND huyện Yên Thế", 11)}
    assert [g.code for g in facts.gaps] == ["20"]
    assert "Sở Nông nghiệp và Phát triển nông thôn" in facts.gaps[0].lead
    assert 4 <= len(facts.summary) <= 6
    assert all(row.count for row in facts.rows)
    assert not any(ZERO_COUNT.search(s) for s in [*facts.summary, facts.opening])
    c = result.counts
    # the opening is true: on-time and late counts, never "all before the deadline" with late ones
    assert f"{c.on_time} đơn vị gửi đúng hạn" in facts.opening
    assert f"{c.late} đơn vị gửi muộn" in facts.opening
    assert facts.opening.startswith("Thực hiện Quyết định số 2782/QĐ-BTNMT ngày 31/10/2019")
    assert "Kế hoạch số …/KH-UBND ngày … của UBND tỉnh Bắc Giang" in facts.opening
    # every worsened indicator goes to the agencies the plan assigns, by full name, in a proposal
    proposals = " ".join(facts.proposals)
    assert "Giao Sở Nông nghiệp và Phát triển nông thôn rà soát nguyên nhân" in proposals
    assert "Sở Giao thông vận tải và UBND huyện Yên Thế chấp hành đúng thời hạn" in proposals
    assert "thống nhất số liệu chỉ số 20" in proposals


def test_facts_name_missing_agencies_and_rejected_files_without_folders(result) -> None:
    res = result.model_copy(deep=True)
    gone = next(a for a in res.agencies if a.agency == "SYT")
    gone.received, gone.status, gone.timeliness, gone.days_late = False, "missing", "missing", None
    res.files.append(
        FileEntry(
            file="/home/can-bo/nhan-ve/con/Báo cáo SYT.xlsx",
            agency="SYT",
            status="invalid",
            fate="rejected",
            reason="tệp là báo cáo năm 2023",
        )  # fmt: skip
    )
    res.counts = res.counts.model_copy(update={"missing": 1, "on_time": res.counts.on_time - 1})
    facts = report_facts(res)
    assert facts.missing == ["Sở Y tế"]
    assert [(r.agency, r.file) for r in facts.rejected] == [("Sở Y tế", "Báo cáo SYT.xlsx")]
    text = " ".join([facts.opening, *facts.summary, *facts.shortcomings, *facts.proposals])
    assert "1 đơn vị chưa gửi báo cáo" in facts.opening and "chưa gửi báo cáo: Sở Y tế" in text
    assert "tệp Báo cáo SYT.xlsx của Sở Y tế" in text and "/home" not in text and "nhan-ve" not in text
    assert "Yêu cầu Sở Y tế gửi báo cáo năm 2024" in text
    assert {r.label for r in facts.rows} >= {"Cơ quan, đơn vị chưa gửi báo cáo", "Tệp báo cáo bị loại"}


# ---- the documents sent out --------------------------------------------------------------------


def test_page_1_of_the_word_report_tells_the_story(pdfs) -> None:
    page1 = _pdftext(pdfs["report"], 1, 1)
    for needed in (
        "chỉ số 19",
        "5,82 % xuống 4,93 %",
        "chỉ số 20",
        "21,54 ha lên 26,91 ha",
        "Sở Giao thông vận tải (4 ngày)",
        "UBND huyện Yên Thế (11 ngày)",
        "chênh lệch",
        REJECTED,
    ):
        assert needed in page1, needed
    assert re.search(r"chỉ số 20 \(Diện tích rừng tự nhiên bị cháy, chặt phá\) giữa", page1)
    assert not ZERO_COUNT.search(page1), ZERO_COUNT.search(page1)


def test_the_brief_version_fits_four_pages_and_ends_with_the_signature(pdfs, sent) -> None:
    assert _pages(pdfs["brief"]) <= 4
    text = _pdftext(pdfs["brief"])
    assert "TÓM TẮT" in text and "ĐỀ XUẤT, KIẾN NGHỊ" in text and "5,82 % xuống 4,93 %" in text
    assert text.index("ĐỀ XUẤT, KIẾN NGHỊ") < text.index(SIGNER[2])
    brief = docx.Document(str(sent[1] / "tom-tat-2024.docx"))
    indicators = brief.tables[2]
    assert len(indicators.rows) == 1 + 22


def test_nothing_sent_out_names_the_software_a_path_or_an_agency_code(sent, pdfs, catalog) -> None:
    folder, out = sent
    texts = {
        "bao-cao-2024.docx": docx_text(out / "bao-cao-2024.docx"),
        "tom-tat-2024.docx": docx_text(out / "tom-tat-2024.docx"),
        "bao-cao-2024.html": html_text(out / "bao-cao-2024.html"),
        "bao-cao-2024.md": (out / "bao-cao-2024.md").read_text(encoding="utf-8"),
        "trang 1": _pdftext(pdfs["report"], 1, 1),
    }
    # document numbers like 333/BC-SXD or a letter's file 333-BC-SXD.pdf carry the code: not running text
    codes = re.compile(r"(?<![-/\w])(?:" + "|".join(a.code for a in catalog.agencies) + r")(?![-/\w])")
    path = re.compile(r"[\w.~-]+[/\\][^\s/\\]+\.(?:xlsx|xls|ods|xlsm)\b|(?<!\w)/(?:home|tmp|work|root)/")
    for name, text in texts.items():
        assert "bgindex" not in text.lower(), name
        assert str(folder) not in text and folder.name not in text, name
        assert not path.search(text), (name, path.search(text))
        assert not codes.search(text), (name, codes.search(text))
        assert "c01_nt_phat_sinh" not in text and "vai trò" not in text, name
        assert "ĐOẠN SỬA ĐƯỢC" not in text and "{%" not in text and "{{" not in text, name
    assert texts["bao-cao-2024.docx"].count(REJECTED) >= 1


def test_the_signature_has_the_kt_line_the_title_and_the_name(sent) -> None:
    _, out = sent
    sign = docx.Document(str(out / "bao-cao-2024.docx")).tables[-2].rows[0].cells[1]
    lines = [p.text for p in sign.paragraphs if p.text]
    assert lines == list(SIGNER)
    html = _flat(html_text(out / "bao-cao-2024.html"))
    assert " ".join(SIGNER) in html
    md = (out / "bao-cao-2024.md").read_text(encoding="utf-8")
    assert f"**{SIGNER[0]}**  \n**{SIGNER[1]}**" in md and f"**{SIGNER[2]}**" in md


def test_the_brief_version_is_part_of_the_result_set(sent) -> None:
    _, out = sent
    assert sorted(p.name for p in out.iterdir()) == [
        "bao-cao-2024.docx",
        "bao-cao-2024.html",
        "bao-cao-2024.md",
        "ket-qua-2024.json",
        "ket-qua-2024.xlsx",
        "tom-tat-2024.docx",
    ]


# ---- Markdown and editable blocks --------------------------------------------------------------


def test_markdown_is_commonmark_and_evidence_headings_stand_apart(sent) -> None:
    from markdown_it import MarkdownIt

    md = (sent[1] / "bao-cao-2024.md").read_text(encoding="utf-8")
    tokens = MarkdownIt("commonmark").enable("table").parse(md)
    depth, evidence, in_list = 0, 0, 0
    for tok in tokens:
        depth += tok.nesting if tok.type.startswith("list_item") else 0
        if tok.type == "inline" and tok.content == "**Tài liệu kiểm chứng**":
            evidence += 1
            in_list += depth > 0
    assert evidence == 22 and in_list == 0
    assert sum(t.type == "table_open" for t in tokens) >= 3  # summary, indicators, formulas…
    headings = [tokens[n + 1].content for n, t in enumerate(tokens) if t.type == "heading_open"]
    assert "I. TÓM TẮT" in headings and "VII. ĐÁNH GIÁ CHUNG" in headings


def test_an_officer_replaces_one_seeded_block_and_keeps_the_rest(result, tmp_path: Path) -> None:
    folder = tmp_path / "mau"
    folder.mkdir()
    (folder / "bao-cao.md.j2").write_text(
        '{% extends "goc/bao-cao.md.j2" %}{% block de_xuat %}Đề xuất riêng của Sở.\n\n{% endblock %}',
        encoding="utf-8",
    )
    md = render_markdown(result, folder)
    assert "Đề xuất riêng của Sở." in md and "I. TÓM TẮT" in md and "ĐÁNH GIÁ CHUNG" in md
    assert "rà soát nguyên nhân, triển khai giải pháp" not in md  # the seeded proposals went
    assert "Sở Giao thông vận tải \\(4 ngày\\)" in md  # the summary stayed


def test_an_officer_rewrites_a_marked_passage_of_the_word_template(result, tmp_path: Path) -> None:
    from bgindex.outputs.report_docx import render_brief_docx

    template = docx.Document(str(ROOT / "templates" / "tom-tat.docx"))
    paras = template.paragraphs
    start = next(n for n, p in enumerate(paras) if "ĐOẠN SỬA ĐƯỢC: đề xuất" in p.text)
    end = next(n for n, p in enumerate(paras) if "KẾT THÚC ĐOẠN SỬA ĐƯỢC: đề xuất" in p.text)
    assert paras[start].text.startswith("{#p") and end - start > 1  # a loop between the markers
    for p in paras[start + 1 : end]:
        p._p.getparent().remove(p._p)
    paras[end].insert_paragraph_before("Đề xuất riêng của Sở: bố trí kinh phí trồng rừng năm 2025.")
    folder = tmp_path / "mau"
    folder.mkdir()
    template.save(str(folder / "tom-tat.docx"))
    text = docx_text(render_brief_docx(result, folder))
    assert "Đề xuất riêng của Sở: bố trí kinh phí trồng rừng năm 2025." in text
    assert "rà soát nguyên nhân, triển khai giải pháp" not in text  # the seeded proposals went
    assert "ĐOẠN SỬA ĐƯỢC" not in text and "Sở Giao thông vận tải (4 ngày)" in text


def test_the_statistics_office_is_named_where_it_supplies_the_figures(result: ConsolidationResult, sent):
    """Indicators whose denominator is a population figure name Cục Thống kê beside the agency that
    answers for them, in the JSON and in every document; an indicator without such figures does not."""
    _, out = sent
    supplied = {
        i.code: [(s.agency, s.figures) for s in i.suppliers] for i in result.indicators if i.suppliers
    }
    assert {"07", "15", "16", "22", "25"} <= set(supplied)
    assert supplied["07"] == [("CTK", ["Dân số khu vực đô thị"])]
    assert supplied["16"] == [("CTK", ["Tổng dân số toàn tỉnh", "Dân số khu vực đô thị"])]
    assert "01" not in supplied and all(
        agency != "SGTVT" for pairs in supplied.values() for agency, _ in pairs
    )
    sentence = (
        "Cơ quan báo cáo: Sở Giao thông vận tải. "
        "Số liệu dân số khu vực đô thị do Cục Thống kê tỉnh Bắc Giang cung cấp."
    )
    md = (out / "bao-cao-2024.md").read_text(encoding="utf-8")
    for text in (md, html_text(out / "bao-cao-2024.html"), docx_text(out / "bao-cao-2024.docx")):
        assert sentence in _flat(text)
        assert text.count("do Cục Thống kê tỉnh Bắc Giang cung cấp") == len(supplied)
