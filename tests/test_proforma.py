"""Pro-forma comparison across a reorganisation: TP Bắc Giang 2024 (with Yên Dũng) against TP Bắc
Giang 2023 plus Yên Dũng 2023, numerators and denominators added, never ratios averaged."""

from __future__ import annotations

import json
import shutil
from pathlib import Path

import pytest
from conftest import ROOT, SAMPLES
from openpyxl import load_workbook

from bgindex.catalog import load_catalog
from bgindex.catalog.model import Catalog
from bgindex.core.diff import diff
from bgindex.reading import layout as L

PROFILE = ROOT / "src/bgindex/catalog/profiles/bac-giang.toml"


def _columns(ws, year: int) -> tuple[int, int]:
    """1-based columns of the previous and current year in a data sheet."""
    for row in ws.iter_rows(min_row=1, max_row=10):
        labels = {c.value: c.column for c in row if isinstance(c.value, str)}
        if "Mã" in labels:
            return labels[f"Năm {year - 1}"], labels[f"Năm {year}"]
    raise AssertionError("no header")


def sheet_values(path: Path, year: int) -> dict[str, float | None]:
    """Variable code -> current-year value, straight from a workbook (independent of bgindex's reader)."""
    ws = load_workbook(path, data_only=True)[L.SHEET_DATA]
    _, cur = _columns(ws, year)
    out: dict[str, float | None] = {}
    for row in ws.iter_rows(min_row=1):
        code = row[0].value
        if isinstance(code, str) and code[:1].islower():
            value = row[cur - 1].value
            out[code] = float(value) if isinstance(value, int | float) else None
    return out


@pytest.fixture(scope="module")
def merged(tmp_path_factory) -> dict:
    """The shipped samples as they are: TP Bắc Giang's 2024 report covers the former Yên Dũng (merged
    on 01/01/2025), which sent no 2024 report; thị xã Chũ reports part of the former Lục Ngạn."""
    tmp = tmp_path_factory.mktemp("sap-xep")
    y2023 = tmp / "2023"
    y2024 = tmp / "2024"
    shutil.copytree(SAMPLES / "2023", y2023)
    shutil.copytree(SAMPLES / "2024", y2024)
    assert not (y2024 / "bgindex-2024-YENDUNG.xlsx").exists()
    return {"profile": PROFILE, "catalog": load_catalog(PROFILE), "old": y2023, "new": y2024}


def _expected(catalog: Catalog, code: str, parts: list[dict[str, float | None]]) -> float | None:
    """By hand: (Σ numerators) / (Σ denominators) × multiplier over the units' own figures."""
    ind = catalog.indicator_by_code[code]
    num = sum(p[v] or 0.0 for p in parts for v in ind.numerator if v in p)
    if not ind.denominator:
        return num
    den = sum(p[v] or 0.0 for p in parts for v in ind.denominator if v in p)
    return None if den == 0 else num / den * ind.multiplier


def test_tp_bac_giang_2024_against_tp_bac_giang_plus_yen_dung_2023(merged):
    cat = merged["catalog"]
    result = diff([merged["old"], merged["new"]], cat)
    pf = result.pro_forma
    assert pf is not None and pf.crosswalk == "bac-giang-2023-2024" and pf.status == "official"
    old_tp = sheet_values(SAMPLES / "2023/bgindex-2023-TPBACGIANG.xlsx", 2023)
    old_yd = sheet_values(SAMPLES / "2023/bgindex-2023-YENDUNG.xlsx", 2023)
    new_tp = sheet_values(merged["new"] / "bgindex-2024-TPBACGIANG.xlsx", 2024)
    rows = [r for r in pf.units if "TPBACGIANG" in r.new_units]
    assert {r.indicator for r in rows} == {i.code for i in cat.indicators_for("TPBACGIANG", 2024)}
    checked = 0
    for row in rows:
        assert row.old_units == ["TPBACGIANG", "YENDUNG"] or set(row.old_units) == {"TPBACGIANG", "YENDUNG"}
        assert row.new_units == ["TPBACGIANG"]
        assert set(row.old.units) <= {"TPBACGIANG", "YENDUNG"}
        want_old = _expected(cat, row.indicator, [old_tp, old_yd])
        want_new = _expected(cat, row.indicator, [new_tp])
        if want_old is None:  # nothing to count in either unit: không phát sinh
            assert row.old.not_applicable
            continue
        assert row.comparable, (row.indicator, row.reason)
        assert row.old.value == pytest.approx(want_old, rel=1e-12), row.indicator
        assert row.new.value == pytest.approx(want_new, rel=1e-12), row.indicator
        # never the average of the two ratios (which differs whenever the denominators do)
        checked += 1
    assert checked >= 5
    # a worked figure: indicator 12 (treated / generated household solid waste) by hand
    r12 = next(r for r in rows if r.indicator == "12")
    ind = cat.indicator_by_code["12"]
    (num,), (den,) = ind.numerator, ind.denominator
    by_hand = (old_tp[num] + old_yd[num]) / (old_tp[den] + old_yd[den]) * 100  # type: ignore[operator]
    assert r12.old.value == pytest.approx(by_hand)
    mean = ((old_tp[num] / old_tp[den]) + (old_yd[num] / old_yd[den])) / 2 * 100  # type: ignore[operator]
    assert abs(r12.old.value - mean) > 1e-6
    assert r12.old.numerator == pytest.approx(old_tp[num] + old_yd[num])


def test_agency_comparison_is_pro_forma_and_province_unchanged(merged):
    cat = merged["catalog"]
    result = diff([merged["old"], merged["new"]], cat)
    d12 = next(d for d in result.comparison if d.code == "12")
    assert "pro_forma" in d12.flags
    tp = next(a for a in d12.agencies if a.agency == "TPBACGIANG")
    row = result.pro_forma.unit_row("12", "TPBACGIANG")
    assert tp.own_previous == pytest.approx(row.old.value)
    assert "Huyện Yên Dũng" in tp.pro_forma or "Yên Dũng" in tp.pro_forma
    assert all(a.agency != "YENDUNG" for a in d12.agencies)  # no longer a reporting unit in 2024
    prov = next(r for r in result.pro_forma.province if r.indicator == "12")
    assert prov.comparable and prov.old.value == pytest.approx(d12.old)


def test_json_carries_the_basis(merged, cli):
    res = cli(
        [
            "diff",
            str(merged["old"]),
            str(merged["new"]),
            "--catalog",
            str(merged["profile"]),
            "--format",
            "json",
        ]
    )
    assert res.code in (0, 1), res.stderr
    data = json.loads(res.stdout)
    pf = data["pro_forma"]
    assert pf["crosswalk_file"].endswith("bac-giang-2023-2024.toml")
    row = next(r for r in pf["units"] if r["indicator"] == "12" and r["new_units"] == ["TPBACGIANG"])
    assert sorted(row["old"]["units"]) == ["TPBACGIANG", "YENDUNG"]
    assert row["old"]["figures"] and row["new"]["units"] == ["TPBACGIANG"]


def _html_tables(html: str) -> list[list[list[str]]]:
    """Every table of an HTML page as rows of cell texts."""
    from html.parser import HTMLParser

    tables: list[list[list[str]]] = []

    class Cells(HTMLParser):
        cell: list[str] | None = None

        def handle_starttag(self, tag: str, attrs: object) -> None:
            if tag == "table":
                tables.append([])
            elif tag == "tr" and tables:
                tables[-1].append([])
            elif tag in ("td", "th"):
                self.cell = []

        def handle_endtag(self, tag: str) -> None:
            if tag in ("td", "th") and self.cell is not None and tables and tables[-1]:
                tables[-1][-1].append(" ".join("".join(self.cell).split()))
                self.cell = None

        def handle_data(self, data: str) -> None:
            if self.cell is not None:
                self.cell.append(data)

    Cells().feed(html)
    return tables


def test_the_word_comparison_has_the_same_pro_forma_table_as_the_html(merged):
    import io

    import docx

    from bgindex.outputs.diff_views import render_html
    from bgindex.outputs.report_docx import render_diff_docx

    cat = merged["catalog"]
    result = diff([merged["old"], merged["new"]], cat)
    assert result.pro_forma is not None and result.pro_forma.units
    head = ["Mã", "Đơn vị năm 2023", "Đơn vị năm 2024", "Năm 2023 (gộp)", "Năm 2024", "Đánh giá"]
    (html_table,) = [t for t in _html_tables(render_html(result, cat)) if t and t[0] == head]
    document = docx.Document(io.BytesIO(render_diff_docx(result, cat)))
    (word_table,) = [
        [[c.text.strip() for c in row.cells] for row in t.rows]
        for t in document.tables
        if [c.text.strip() for c in t.rows[0].cells] == head
    ]
    assert word_table == html_table
    assert len(word_table) == 1 + len(result.pro_forma.units)
    text = "\n".join(p.text for p in document.paragraphs)
    assert "So sánh qua sắp xếp đơn vị hành chính" in text
    assert f"Bảng tương ứng: {result.pro_forma.crosswalk_name}" in text
