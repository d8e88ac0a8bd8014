"""No wrong figure without a word: the unit cell, figures many times last year's, fractions for
percentages, and year columns not moved on or swapped against last year's consolidated result."""

from __future__ import annotations

import json
import shutil
import unicodedata
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from helpers import code_rows
from openpyxl import load_workbook

import bgindex
from bgindex.core.consolidate import consolidate
from bgindex.outputs.result_book import result_workbook
from bgindex.reading import layout as L

Place = tuple[str, str | None, str | None]
DATA = L.SHEET_DATA


def _sample(agency: str, year: int = 2024) -> Path:
    return SAMPLES / str(year) / f"bgindex-{year}-{agency}.xlsx"


def _codes(ws: Any) -> dict[str, int]:
    """Code -> row of the variable and indicator rows (code_rows also lists the title rows)."""
    return {c: r for c, r in code_rows(ws).items() if " " not in c}


def _edit(source: Path, out: Path, change: Callable[[Any, dict[str, int]], None]) -> Path:
    """A copy of a sample with its data sheet changed by openpyxl (rows found by code)."""
    out.parent.mkdir(parents=True, exist_ok=True)
    shutil.copy(source, out)
    wb = load_workbook(out)
    ws = wb[DATA]
    change(ws, _codes(ws))
    wb.save(out)
    return out


def _found(path: Path) -> tuple[Any, set[Place]]:
    [report] = bgindex.validate([path], year=2024).files
    return report, {(i.code, i.sheet, i.cell) for i in report.issues}


# ---------------------------------------------------------------------------- the unit cell
def _kilograms(ws: Any, rows: dict[str, int]) -> None:
    """STNMT relabels hazardous waste generated from tấn to kg and types kilograms."""
    r = rows["c09_ctnh_phat_sinh"]
    assert ws.cell(r, 3).value == "tấn"
    ws.cell(r, 3).value = "kg"
    ws.cell(r, 5).value = ws.cell(r, 5).value * 1000


def test_unit_relabelled_to_kg_is_an_error_at_the_unit_cell(tmp_path):
    path = _edit(_sample("STNMT"), tmp_path / "bgindex-2024-STNMT.xlsx", _kilograms)
    report, found = _found(path)
    assert report.status == "invalid"
    assert ("E_UNIT_MISMATCH", DATA, "C6") in found
    assert ("W_CHANGE_FACTOR", DATA, "E6") in found  # 50 526 400 against 46 049,3
    [unit] = [i for i in report.issues if i.code == "E_UNIT_MISMATCH"]
    assert unit.variable == "c09_ctnh_phat_sinh" and unit.value == "kg"
    assert {c for c, _, _ in found} <= {"E_UNIT_MISMATCH", "W_CHANGE_FACTOR", "W_SELF_RESULT_MISMATCH"}


def test_a_wrong_unit_leaves_out_that_figure_and_says_where(tmp_path, catalog):
    """An error costs only what it touches: the relabelled row's figures are not used (both years,
    never converted), indicator 09 is incomplete naming the cell, the rest of the file is used."""
    folder = tmp_path / "nhan-ve"
    shutil.copytree(SAMPLES / "2024", folder)
    target = folder / "bgindex-2024-STNMT.xlsx"
    _edit(_sample("STNMT"), target, _kilograms)
    result = consolidate(folder, 2024, catalog)
    [entry] = [f for f in result.files if f.file == str(target)]
    assert entry.fate == "used"
    assert [(i.code, i.sheet, i.cell) for i in entry.issues if i.severity == "error"] == [
        ("E_UNIT_MISMATCH", DATA, "C6")
    ]
    waste = result.indicator("09")
    assert waste.status == "incomplete"
    assert {(x.agency, x.variable, x.code) for x in waste.faults} == {
        ("STNMT", "c09_ctnh_phat_sinh", "E_UNIT_MISMATCH")
    }
    used = {(s.agency, s.variable) for f in waste.figures for s in f.sources}
    assert ("STNMT", "c09_ctnh_phat_sinh") not in used


@pytest.mark.parametrize(
    ("agency", "code", "text"),
    [
        ("STNMT", "c09_ctnh_phat_sinh", "Tấn"),
        ("STNMT", "c09_ctnh_phat_sinh", "tấn "),
        ("STNMT", "c09_ctnh_phat_sinh", " TẤN"),
        ("STNMT", "c09_ctnh_phat_sinh", unicodedata.normalize("NFD", "tấn")),
        ("STNMT", "c09_ctnh_phat_sinh", None),  # cleared: the template's unit stands
        ("SXD", "c01_nt_phat_sinh", "m3/ngày đêm"),  # a synonym listed in the catalogue
        ("STC", "c24_tong_chi", "Triệu  đồng"),
    ],
)
def test_same_unit_spelt_otherwise_passes(tmp_path, agency, code, text):
    def change(ws: Any, rows: dict[str, int]) -> None:
        ws.cell(rows[code], 3).value = text

    _, found = _found(_edit(_sample(agency), tmp_path / f"bgindex-2024-{agency}.xlsx", change))
    assert found == set()


def test_another_unit_of_a_synonym_row_is_an_error(tmp_path):
    def change(ws: Any, rows: dict[str, int]) -> None:
        ws.cell(rows["c01_nt_phat_sinh"], 3).value = "lít/ngày đêm"

    _, found = _found(_edit(_sample("SXD"), tmp_path / "bgindex-2024-SXD.xlsx", change))
    assert found == {("E_UNIT_MISMATCH", DATA, "C6")}


# ---------------------------------------------------------------------------- within one file
@pytest.mark.parametrize(("times", "warned"), [(1000, True), (1 / 20, True), (9.9, False)])
def test_figure_many_times_its_previous_year(tmp_path, times, warned):
    def change(ws: Any, rows: dict[str, int]) -> None:
        r = rows["c09_ctnh_phat_sinh"]
        ws.cell(r, 5).value = ws.cell(r, 4).value * times

    _, found = _found(_edit(_sample("STNMT"), tmp_path / "bgindex-2024-STNMT.xlsx", change))
    assert (("W_CHANGE_FACTOR", DATA, "E6") in found) is warned
    assert {c for c, _, _ in found} <= {"W_CHANGE_FACTOR", "W_SELF_RESULT_MISMATCH", "E_PART_EXCEEDS_WHOLE"}


def test_percent_self_result_written_as_a_fraction(tmp_path):
    def change(ws: Any, rows: dict[str, int]) -> None:
        r = rows["CS24"]
        assert ws.cell(r, 5).value == 1.42
        ws.cell(r, 5).value = 0.0142

    _, found = _found(_edit(_sample("STC"), tmp_path / "bgindex-2024-STC.xlsx", change))
    assert found == {("W_PERCENT_AS_FRACTION", DATA, "E5")}


def test_a_small_true_percentage_is_not_taken_for_a_fraction(tmp_path):
    def change(ws: Any, rows: dict[str, int]) -> None:
        ws.cell(rows["CS24"], 5).value = 0.9  # a wrong result, but a percentage: 0,9 % not 90 %

    _, found = _found(_edit(_sample("STC"), tmp_path / "bgindex-2024-STC.xlsx", change))
    assert found == {("W_SELF_RESULT_MISMATCH", DATA, "E5")}


# ---------------------------------------------------------------------------- against last year
@pytest.fixture(scope="module")
def last_year(tmp_path_factory, catalog) -> Path:
    """ket-qua-2023.xlsx, consolidated from the 2023 samples."""
    path = tmp_path_factory.mktemp("2023") / "ket-qua-2023.xlsx"
    path.write_bytes(result_workbook(consolidate(SAMPLES / "2023", 2023, catalog), catalog))
    return path


def _swap_columns(ws: Any, rows: dict[str, int]) -> None:
    for r in rows.values():
        prev, cur = ws.cell(r, 4).value, ws.cell(r, 5).value
        ws.cell(r, 4).value, ws.cell(r, 5).value = cur, prev


def _last_years_columns(ws: Any, rows: dict[str, int]) -> None:
    old = load_workbook(_sample("SYT", 2023))[DATA]
    for code, r in _codes(old).items():
        ws.cell(rows[code], 4).value = old.cell(r, 4).value
        ws.cell(rows[code], 5).value = old.cell(r, 5).value


def _both_columns_thousandfold(ws: Any, rows: dict[str, int]) -> None:
    r = rows["c12_ctr_phat_sinh"]
    for c in (4, 5):
        ws.cell(r, c).value = ws.cell(r, c).value * 1000


def _current_thousandfold(ws: Any, rows: dict[str, int]) -> None:
    r = rows["c12_ctr_phat_sinh"]
    ws.cell(r, 5).value = ws.cell(r, 5).value * 1000


def _cell(agency: str, code: str = "c12_ctr_phat_sinh") -> str:
    return f"E{_codes(load_workbook(_sample(agency))[DATA])[code]}"


def test_unedited_samples_raise_no_doubt_against_last_year(last_year, catalog):
    result = consolidate(SAMPLES / "2024", 2024, catalog, previous=last_year)
    assert result.plausibility == []


def test_doubts_against_last_years_result(tmp_path, last_year, catalog, cli):
    folder = tmp_path / "nhan-ve"
    shutil.copytree(SAMPLES / "2024", folder)
    edits = {
        "STNMT": _swap_columns,
        "SYT": _last_years_columns,
        "HIEPHOA": _both_columns_thousandfold,
        "LUCNGAN": _current_thousandfold,
    }
    for agency, change in edits.items():
        _edit(_sample(agency), folder / f"bgindex-2024-{agency}.xlsx", change)
    expected = {
        # the column warnings stand at the first figure of the file (row 6, after the CS row)
        ("W_COLUMNS_SWAPPED", str(folder / "bgindex-2024-STNMT.xlsx"), DATA, "E6"),
        ("W_COLUMNS_NOT_MOVED", str(folder / "bgindex-2024-SYT.xlsx"), DATA, "E6"),
        ("W_PRIOR_CHANGE_FACTOR", str(folder / "bgindex-2024-HIEPHOA.xlsx"), DATA, _cell("HIEPHOA")),
        ("W_CHANGE_FACTOR", str(folder / "bgindex-2024-LUCNGAN.xlsx"), DATA, _cell("LUCNGAN")),
    }
    result = consolidate(folder, 2024, catalog, previous=last_year)
    assert {(i.code, i.file, i.sheet, i.cell) for i in result.plausibility} == expected
    assert all(f.fate == "used" for f in result.files)

    out = tmp_path / "ket-qua"
    res = cli(["consolidate", str(folder), "--year", "2024", "--out", str(out), "--previous", str(last_year)])
    for code, _, _, _ in expected:
        assert code in res.stdout, res.stdout + res.stderr
    data = json.loads((out / "ket-qua-2024.json").read_text(encoding="utf-8"))
    assert {(i["code"], i["file"], i["sheet"], i["cell"]) for i in data["plausibility"]} == expected
    ws = load_workbook(out / "ket-qua-2024.xlsx")[L.RESULT_SHEET_PLAUSIBILITY]
    rows = {(r[0], r[2], r[3], r[4]) for r in ws.iter_rows(min_row=4, values_only=True)}
    assert rows == expected
