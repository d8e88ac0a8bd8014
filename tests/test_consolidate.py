"""`bgindex consolidate` on the shipped samples: values, provenance, status, outputs, real programs."""

from __future__ import annotations

import json
import shutil
import subprocess
import tempfile

import pytest
from conftest import SAMPLES
from helpers import copy_samples, fill_workbook, soffice_convert
from openpyxl import load_workbook

from bgindex.core.consolidate import consolidate
from bgindex.core.formula import evaluate
from bgindex.outputs.agency_template import make_templates

REPORT_DATE = "14/03/2025"


@pytest.fixture(scope="module")
def run2024(cli, tmp_path_factory):
    out = tmp_path_factory.mktemp("out")
    res = cli(
        [
            "consolidate",
            str(SAMPLES / "2024"),
            "--year",
            "2024",
            "--out",
            str(out),
            "--report-date",
            REPORT_DATE,
        ]
    )
    return res, out


@pytest.fixture(scope="module")
def result2024(catalog):
    return consolidate(SAMPLES / "2024", 2024, catalog)


def test_samples_consolidate_cleanly(run2024):
    res, out = run2024
    assert res.code == 0, res.stdout + res.stderr
    names = sorted(p.name for p in out.iterdir())
    assert names == ["bao-cao-2024.html", "bao-cao-2024.md", "ket-qua-2024.json", "ket-qua-2024.xlsx"]
    data = json.loads((out / "ket-qua-2024.json").read_text(encoding="utf-8"))
    assert len(data["indicators"]) == 22
    assert all(i["status"] == "complete" and i["value"] is not None for i in data["indicators"])
    assert data["counts"]["late"] == 2 and data["counts"]["on_time"] == 18


def test_json_values_follow_the_formula_and_sources_hold_the_values(run2024, catalog):
    _, out = run2024
    data = json.loads((out / "ket-qua-2024.json").read_text(encoding="utf-8"))
    books: dict[str, object] = {}
    for ind in data["indicators"]:
        spec = catalog.indicator_by_code[ind["code"]]
        figures = {f["variable"]: f["value"] for f in ind["figures"]}
        expected = evaluate(spec.numerator, spec.denominator, spec.multiplier, figures).value
        assert ind["value"] == pytest.approx(expected, rel=1e-12), ind["code"]
        for fig in ind["figures"]:
            used = [s for s in fig["sources"] if s["role"] == "value"]
            # a derived figure (rural = total − urban) is its terms' values with their signs
            sign = {term: k for k, term in catalog.variable_by_code[fig["variable"]].terms}
            assert sum(sign.get(s["variable"], 1) * s["value"] for s in used) == pytest.approx(fig["value"])
            for src in fig["sources"]:
                if src["file"] not in books:
                    books[src["file"]] = load_workbook(src["file"], read_only=False)
                cell = books[src["file"]][src["sheet"]][src["cell"]].value
                if isinstance(cell, str):  # the one sample number typed as text, Vietnamese way
                    cell = float(cell.replace(".", "").replace(",", "."))
                assert cell == pytest.approx(src["value"]), (ind["code"], src)


def test_lower_is_better_and_lead_cross_check(result2024):
    forest = result2024.indicator("20")
    assert forest.better == "lower" and forest.change > 0 and forest.assessment == "worsened"
    disc = [d for d in result2024.discrepancies if d.indicator == "20"]
    assert disc and all(d.lead == "SNNPTNT" and d.relative > 5 for d in disc)
    assert forest.value == pytest.approx(sum(f.value for f in forest.figures))


def test_per_district_table(result2024, catalog):
    ind = result2024.indicator("12")
    districts = [p for p in ind.breakdown if p.kind == "district"]
    assert len(districts) == 10 and all(p.value is not None for p in districts)
    total_num = sum(p.numerator for p in districts)
    total_den = sum(p.denominator for p in districts)
    assert ind.value == pytest.approx(total_num / total_den * 100)


def test_previous_year_from_the_agencies_column(result2024, catalog):
    earlier = consolidate(SAMPLES / "2023", 2023, catalog)
    for ind in result2024.indicators:
        prev = earlier.indicator(ind.code)
        assert ind.previous == pytest.approx(prev.value), ind.code
        assert "cột năm 2023" in ind.previous_source


def test_previous_year_from_last_years_result(cli, tmp_path, catalog):
    out23 = tmp_path / "2023"
    assert (
        cli(["consolidate", str(SAMPLES / "2023"), "--year", "2023", "--out", str(out23), "--quiet"]).code
        == 0
    )
    result = consolidate(SAMPLES / "2024", 2024, catalog, previous=out23 / "ket-qua-2023.xlsx")
    earlier = json.loads((out23 / "ket-qua-2023.json").read_text(encoding="utf-8"))
    for ind in earlier["indicators"]:
        now = result.indicator(ind["code"])
        assert now.previous == pytest.approx(ind["value"])
        assert "ket-qua-2023.xlsx" in now.previous_source
    wrong = cli(
        [
            "consolidate",
            str(SAMPLES / "2024"),
            "--year",
            "2025",
            "--profile",  # 2025 alone would pick the Bắc Ninh profile by year
            "bac-giang",
            "--out",
            str(tmp_path / "x"),
            "--previous",
            str(out23 / "ket-qua-2023.xlsx"),
        ]
    )
    assert wrong.code == 3 and "năm 2024" in wrong.stderr


def test_missing_district_marks_only_its_indicators_incomplete(tmp_path, catalog, result2024):
    folder = copy_samples(tmp_path)
    (folder / "bgindex-2024-SONDONG.xlsx").unlink()
    result = consolidate(folder, 2024, catalog)
    status = {s.agency: s for s in result.agencies}
    assert status["SONDONG"].status == "missing" and not status["SONDONG"].received
    fed = {i.code for i in catalog.indicators_for("SONDONG", 2024)}
    for ind in result.indicators:
        before = result2024.indicator(ind.code)
        if ind.code in fed:
            assert ind.status == "incomplete", ind.code
            assert any("Sơn Động" in r for r in ind.reasons)
        else:
            assert ind.status == before.status and ind.value == before.value, ind.code
    assert result.exit_code == 1


def test_corrupted_file_is_rejected_and_the_run_completes(cli, tmp_path):
    folder = copy_samples(tmp_path)
    (folder / "bgindex-2024-STC.xlsx").write_bytes(b"PK\x03\x04 this is not a workbook")
    out = tmp_path / "out"
    res = cli(["consolidate", str(folder), "--year", "2024", "--out", str(out), "--format", "json"])
    assert res.code == 1
    data = json.loads(res.stdout)
    rejected = [f for f in data["files"] if f["fate"] == "rejected"]
    assert [f["file"].endswith("bgindex-2024-STC.xlsx") for f in rejected] == [True]
    assert rejected[0]["reason"]
    stc = next(s for s in data["agencies"] if s["agency"] == "STC")
    assert stc["received"] and stc["status"] == "unreadable"
    ind24 = next(i for i in data["indicators"] if i["code"] == "24")
    assert ind24["status"] == "not_computable" and ind24["reasons"]
    assert (out / "ket-qua-2024.json").exists() and not (out / "ket-qua-2024.xlsx").exists()


def test_missing_statistics_office(tmp_path, catalog):
    folder = copy_samples(tmp_path)
    (folder / "bgindex-2024-CTK.xlsx").unlink()
    result = consolidate(folder, 2024, catalog)
    for code in ("07", "15", "16", "22", "25"):
        ind = result.indicator(code)
        assert ind.status == "not_computable" and ind.value is None
        assert any("Cục Thống kê" in r for r in ind.reasons)
    assert result.indicator("12").status == "complete"


def test_zero_denominator_is_not_applicable(tmp_path, catalog):
    folder = copy_samples(tmp_path)
    path = folder / "bgindex-2024-CTK.xlsx"
    wb = load_workbook(path)
    ws = wb["Số liệu"]
    for row in ws.iter_rows(min_row=5):
        if row[0].value == "ds_do_thi_loai4":
            row[4].value = 0
    wb.save(path)
    ind = consolidate(folder, 2024, catalog).indicator("22")
    assert ind.status == "not_applicable" and ind.value is None
    assert ind.assessment == "not_applicable"


def test_two_files_from_one_agency_later_report_wins(tmp_path, catalog):
    folder = copy_samples(tmp_path)
    newer = folder / "SNV-ban-sua-lai.xlsx"
    shutil.copy(folder / "bgindex-2024-SNV.xlsx", newer)
    wb = load_workbook(newer)
    info = wb["Thông tin"]
    for row in info.iter_rows():
        if row[0].value == "Ngày báo cáo":
            row[1].value = row[1].value.replace(day=19)
    for row in wb["Số liệu"].iter_rows(min_row=5):
        if row[0].value == "c25_can_bo_mt":
            row[4].value = row[4].value + 10
    wb.save(newer)
    result = consolidate(folder, 2024, catalog)
    snv = [f for f in result.files if f.agency == "SNV"]
    assert sorted(f.fate for f in snv) == ["superseded", "used"]
    assert next(f for f in snv if f.fate == "used").file.endswith("SNV-ban-sua-lai.xlsx")
    fig = result.indicator("25").figures
    assert any(s.file.endswith("SNV-ban-sua-lai.xlsx") for f in fig for s in f.sources)


def test_untrusted_text_is_escaped_in_reports(tmp_path, catalog):
    folder = tmp_path / "in"
    for agency in ("SNV", "CTK"):
        path = make_templates(catalog, 2024, folder, [agency]).files[0]
        fill_workbook(path, catalog, causes={"25": "<script>alert('x')</script> & =cmd|' /C calc'!A0"})
    result = consolidate(folder, 2024, catalog)
    from bgindex.outputs.result_set import write_outputs

    write_outputs(result, catalog, tmp_path / "out")
    html = (tmp_path / "out" / "bao-cao-2024.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;alert" in html
    md = (tmp_path / "out" / "bao-cao-2024.md").read_text(encoding="utf-8")
    assert "<script>" not in md
    wb = load_workbook(tmp_path / "out" / "ket-qua-2024.xlsx")
    cells = [c for row in wb["Nguyên nhân"].iter_rows() for c in row if c.value and "calc" in str(c.value)]
    assert cells and all(c.data_type == "s" for c in cells)


def test_markdown_links_and_images_in_agency_text_stay_text(tmp_path, catalog):
    from bgindex.outputs.report_html import render_markdown

    folder = tmp_path / "in"
    cause = "[bấm vào đây](javascript:alert(1)) ![x](http://vi-du.invalid/a_b.png) **đậm** `mã`"
    path = make_templates(catalog, 2024, folder, ["SNV"]).files[0]
    fill_workbook(path, catalog, causes={"25": cause})
    md = render_markdown(consolidate(folder, 2024, catalog))
    assert r"\[bấm vào đây\]\(javascript:alert\(1\)\)" in md
    assert r"\!\[x\]\(http://vi-du.invalid/a\_b.png\)" in md and r"\*\*đậm\*\* \`mã\`" in md
    assert "](" not in md.replace("\\](", "") and "javascript:alert(1)" not in md


def test_status_command(cli):
    res = cli(["status", str(SAMPLES / "2024"), "--year", "2024", "--today", "10/02/2025"])
    assert res.code == 0
    assert "còn 10 ngày" in res.stdout and "muộn 4 ngày" in res.stdout
    res = cli(
        ["status", str(SAMPLES / "2024"), "--year", "2024", "--format", "json", "--today", "10/02/2025"]
    )
    data = json.loads(res.stdout)
    assert data["days_left"] == 10 and len(data["agencies"]) == 20


def _chromium() -> str:
    exe = shutil.which("chromium") or shutil.which("chromium-browser")
    if exe is None:
        raise RuntimeError("chromium is not installed; .ci/run installs it")
    return exe


def test_html_report_renders_in_chromium(run2024, tmp_path):
    from PIL import Image

    _, out = run2024
    shot = tmp_path / "report.png"
    with tempfile.TemporaryDirectory() as profile:
        subprocess.run(
            [
                _chromium(),
                "--headless",
                "--no-sandbox",
                "--disable-gpu",
                "--no-first-run",
                "--disable-background-networking",
                "--disable-component-update",
                "--disable-sync",
                f"--user-data-dir={profile}",
                f"--screenshot={shot}",
                "--window-size=1000,1400",
                (out / "bao-cao-2024.html").as_uri(),
            ],
            check=True,
            capture_output=True,
            timeout=120,
        )
    img = Image.open(shot).convert("L")
    colours = img.getcolors(maxcolors=1 << 20)
    dark = sum(n for n, c in colours if c < 128)
    assert dark > 0.01 * img.width * img.height  # text and table lines, not a blank page


def test_html_report_converts_to_docx_with_headings_and_tables(run2024, tmp_path):
    import docx

    _, out = run2024
    converted = soffice_convert(
        [out / "bao-cao-2024.html"], tmp_path, "docx:MS Word 2007 XML", infilter="HTML (StarWriter)"
    )[0]
    doc = docx.Document(str(converted))
    headings = [p.text for p in doc.paragraphs if p.style.name.startswith("Heading")]
    assert any(h.startswith("I. TÓM TẮT") for h in headings)
    assert sum(h.startswith("Chỉ số") or ". Chỉ số" in h for h in headings) >= 22
    assert len(doc.tables) >= 25
    first = doc.tables[2]  # after the header blocks and the summary table
    assert "Tên chỉ số" in first.rows[0].cells[2].text and len(first.rows) == 23
