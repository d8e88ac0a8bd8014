"""Nothing sent out names the software, a file path or an agency code: every document an office or
an agency receives, produced from the samples, scanned in one run that lists every finding."""

from __future__ import annotations

import re
import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES
from helpers import copy_samples, docx_text, edited_2024, html_text, run_bgindex, xlsx_visible_text

from bgindex.catalog.model import Catalog
from bgindex.core.validate import validate
from bgindex.outputs.agency_template import make_templates
from bgindex.outputs.annotated import annotate_files

ON = "05/03/2025"
# the relaxed ones too: a hostile file's copy is written whenever the file could be read
CORPUS_CASES = (
    "lien-ket-ngoai.xlsx",
    "o-gop-cot-ma.xlsx",
    "dong-an.xlsx",
    "trang-an.xlsx",
    "tcvn3.xlsx",
    "cong-thuc-dde.xlsx",
    "ngay-dang-chu.xlsx",
)
# Cells that are a code by intent: the information sheet's "Mã cơ quan" field, and the summary's
# "Giá trị" column, which quotes a cell's content as the agency typed it.
CODE_FIELDS = re.compile(r"^(?:Thông tin!B4|Kết quả kiểm tra!E\d+)$")

Texts = dict[str, list[tuple[str, str]]]  # document -> (where in it, text)


def _run(*args: str) -> str:
    done = run_bgindex(*args)
    assert done.returncode in (0, 1), (args, done.stderr)
    return done.stdout


@pytest.fixture(scope="module")
def sent(tmp_path_factory: pytest.TempPathFactory, catalog: Catalog) -> Texts:
    """Every kind of document that leaves the office, made from the samples as an officer makes it."""
    base = tmp_path_factory.mktemp("gui-di")
    texts: Texts = {}

    def docx_(path: Path) -> None:
        texts[path.name] = [("", docx_text(path))]

    out = base / "ket-qua"
    _run(
        "consolidate", str(SAMPLES / "2024"), "--year", "2024", "--out", str(out), "--quiet",
        "--format", "md", "--format", "html", "--format", "docx", "--brief", "--report-date", ON,
    )  # fmt: skip
    docx_(out / "bao-cao-2024.docx")
    docx_(out / "tom-tat-2024.docx")
    texts["bao-cao-2024.html"] = [("", html_text(out / "bao-cao-2024.html"))]
    markdown = (out / "bao-cao-2024.md").read_text(encoding="utf-8")
    texts["bao-cao-2024.md"] = [("", re.sub(r"\\([\\`*_{}\[\]()#+.!|<>-])", r"\1", markdown))]  # as shown

    old, new = str(SAMPLES / "2023"), str(SAMPLES / "2024")
    for fmt in ("docx", "html"):  # across the merger of Yên Dũng into TP Bắc Giang: a pro-forma table
        target = base / f"so-sanh.{fmt}"
        _run("diff", old, new, "--format", fmt, "--out", str(target), "--report-date", ON)
        texts[target.name] = [("", docx_text(target) if fmt == "docx" else html_text(target))]

    folder, _ = edited_2024(base / "giai-trinh", "LUCNAM", {"CS13": (5, None)})
    for agency in ("LUCNAM", "SYT"):
        path = folder / f"bgindex-2024-{agency}.xlsx"
        if agency == "SYT":  # a second agency owing a cause
            from openpyxl import load_workbook

            wb = load_workbook(path)
            for row in wb["Số liệu"].iter_rows(min_row=5):
                if row[0].value == "CS05":
                    row[5].value = None
            wb.save(path)
        common = ("diff", old, str(folder), "--agency", agency, "--report-date", ON)
        texts[f"giai-trinh-{agency}.txt"] = [("", _run(*common, "--format", "text"))]
        letter = base / f"giai-trinh-{agency}.docx"
        _run(*common, "--format", "docx", "--out", str(letter))
        docx_(letter)
        assert texts[f"giai-trinh-{agency}.txt"][0][1].startswith("Kính gửi:"), agency

    received = copy_samples(base / "don-doc")
    for agency in ("YENTHE", "SYT"):
        (received / f"bgindex-2024-{agency}.xlsx").unlink()
    common = ("status", str(received), "--year", "2024", "--letter", "--today", ON)
    done = run_bgindex(*common)
    assert done.returncode == 1 and done.stdout.startswith("Kính gửi:"), done.stderr
    texts["don-doc.txt"] = [("", done.stdout)]
    reminder = base / "don-doc.docx"
    assert run_bgindex(*common, "--format", "docx", "--out", str(reminder)).returncode == 1
    docx_(reminder)

    problems = base / "co-loi"
    shutil.copytree(SAMPLES / "invalid", problems, ignore=shutil.ignore_patterns("*.md", "*.json"))
    from corpus import CASES, build_corpus

    cases = [c for c in CASES if c.name in CORPUS_CASES]
    assert len(cases) == len(CORPUS_CASES)
    build_corpus(problems, cases)
    copies, missed = annotate_files(validate([problems], catalog, 2024), base / "chu-thich")
    assert not missed and len(copies) >= 12
    for copy in copies:
        texts[copy.name] = xlsx_visible_text(copy)

    forms = make_templates(catalog, 2024, base / "bieu-mau", ["SYT", "LUCNAM"])
    for form in forms.files:
        texts[form.name] = xlsx_visible_text(form)
    return texts


def _findings(texts: Texts, catalog: Catalog) -> list[str]:
    # document numbers like 12/BC-SYT or a file 1-BC-SYT.pdf carry the code: not running text
    codes = re.compile(r"(?<![-/\w])(?:" + "|".join(a.code for a in catalog.agencies) + r")(?![-/\w])")
    checks = {
        "tên chương trình": re.compile(r"bgindex", re.I),
        "đường dẫn": re.compile(r"(?<![\w/])/(?:[\w.~-]+/)+[\w.~-]+|\b[A-Za-z]:\\|\w\\\w+\\"),
        "tên tệp": re.compile(r"[\w-]\.(?:xlsx|xlsm|xls|ods|docx|doc|csv|toml|json)\b", re.I),
        "mã cơ quan": codes,
    }
    found = []
    for document, parts in texts.items():
        for where, text in parts:
            if CODE_FIELDS.match(where):
                continue
            for what, pattern in checks.items():
                for m in pattern.finditer(text):
                    excerpt = " ".join(text[max(0, m.start() - 50) : m.end() + 30].split())
                    found.append(f"{document} {where}: {what} “{m.group()}” — …{excerpt}…")
    return found


def test_nothing_sent_out_names_the_software_a_path_or_an_agency_code(sent: Texts, catalog: Catalog) -> None:
    assert len(sent) >= 25
    findings = _findings(sent, catalog)
    assert not findings, f"{len(findings)} chỗ:\n" + "\n".join(findings)


def test_the_scan_finds_what_it_looks_for(catalog: Catalog) -> None:
    planted = {
        "x.docx": [("", "Biểu mẫu do BGINDEX tạo")],
        "y.html": [("", r"xem C:\Users\so\ket-qua và /home/so/ket-qua/bao-cao.md")],
        "z.xlsx": [("Số liệu!A1", "gửi bgindex-2024-SYT.xlsx"), ("Số liệu!B2", "Sở Y tế (SYT)")],
    }
    kinds = [f.split(": ")[1].split(" “")[0] for f in _findings(planted, catalog)]
    assert {"tên chương trình", "đường dẫn", "tên tệp", "mã cơ quan"} <= set(kinds)
    fine = "Số 12/BC-SYT ngày 10/02/2025 (dd/mm/yyyy), tệp 1-BC-SYT.pdf, tăng/giảm, (b/c)"
    assert not _findings({"ok.docx": [("", fine)]}, catalog)
