"""An error costs only what it touches: a usable file with errors is consolidated without the
figures its errors touch, each named by its cell; errors that cost the file leave it out whole."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from conftest import SAMPLES
from helpers import code_rows, copy_samples
from openpyxl import load_workbook

from bgindex.core.consolidate import consolidate
from bgindex.model.exits import ExitCode
from bgindex.model.results import ConsolidationResult
from bgindex.reading import layout as L


@pytest.fixture(scope="module")
def baseline(catalog) -> ConsolidationResult:
    return consolidate(SAMPLES / "2024", 2024, catalog)


def _edit(tmp: Path, agency: str, change: Callable[[Any], str | None]) -> tuple[Path, str | None]:
    """A copy of the 2024 samples with one agency's workbook changed; `change` returns a cell."""
    folder = copy_samples(tmp)
    path = folder / f"bgindex-2024-{agency}.xlsx"
    wb = load_workbook(path)
    cell = change(wb)
    wb.save(path)
    return folder, cell


def _set_value(code: str, value: Any, column: str = "E") -> Callable[[Any], str]:
    def change(wb: Any) -> str:
        ws = wb[L.SHEET_DATA]
        cell = f"{column}{code_rows(ws)[code]}"
        ws[cell] = value
        return cell

    return change


def _same(result: ConsolidationResult, baseline: ConsolidationResult, code: str) -> None:
    got, want = result.indicator(code), baseline.indicator(code)
    assert (got.status, got.value, got.previous) == (want.status, want.value, want.previous), code
    assert got.faults == [], code


def _figures(result: ConsolidationResult) -> list[tuple[Any, ...]]:
    return [(r.agency, r.variable, r.value, r.previous, r.sheet, r.cell) for r in result.inputs]


def _file(result: ConsolidationResult, agency: str) -> Any:
    return next(f for f in result.files if f.agency == agency)


def _agency(result: ConsolidationResult, agency: str) -> Any:
    return next(s for s in result.agencies if s.agency == agency)


@pytest.mark.parametrize(
    ("agency", "variable", "touched", "status"),
    [
        ("CTK", "ds_do_thi", {"07", "15", "16"}, "not_computable"),  # 16: rural = total − urban
        ("HIEPHOA", "c12_ctr_xu_ly", {"12"}, "incomplete"),  # one district of a province sum
    ],
)
def test_a_bad_number_costs_only_the_indicators_using_it(
    tmp_path, catalog, baseline, agency, variable, touched, status
):
    folder, cell = _edit(tmp_path, agency, _set_value(variable, "khoảng 12 nghìn"))
    result = consolidate(folder, 2024, catalog)
    entry = _file(result, agency)
    assert (entry.status, entry.fate) == ("invalid", "used")
    assert [(i.code, i.cell) for i in entry.issues if i.severity == "error"] == [("E_NOT_NUMBER", cell)]
    st = _agency(result, agency)
    assert st.status == "invalid" and st.used_file == entry.file
    for ind in result.indicators:
        if ind.code not in touched:
            _same(result, baseline, ind.code)
            continue
        assert ind.status == status, ind.code
        assert [(f.agency, f.variable, f.period, f.code, f.cell) for f in ind.faults] == [
            (agency, variable, "current", "E_NOT_NUMBER", cell)
        ]
        assert any(f"ô {cell}" in r for r in ind.reasons), ind.reasons
        assert (ind.previous, ind.previous_status) == (
            baseline.indicator(ind.code).previous,
            baseline.indicator(ind.code).previous_status,
        )
    row = next(r for r in result.inputs if r.agency == agency and r.variable == variable)
    assert row.value is None  # never used
    assert result.counts.partly_used == 1 and result.counts.invalid == 0 and result.counts.rejected == 0
    assert result.exit_code == ExitCode.DATA


def test_a_part_above_its_whole_drops_both_figures(tmp_path, catalog, baseline):
    rows: dict[str, int] = {}

    def change(wb: Any) -> str:
        ws = wb[L.SHEET_DATA]
        rows.update(code_rows(ws))
        whole = ws[f"E{rows['c12_ctr_phat_sinh']}"].value
        ws[f"E{rows['c12_ctr_xu_ly']}"] = whole + 100
        return f"E{rows['c12_ctr_xu_ly']}"

    folder, cell = _edit(tmp_path, "HIEPHOA", change)
    whole_cell = f"E{rows['c12_ctr_phat_sinh']}"
    result = consolidate(folder, 2024, catalog)
    entry = _file(result, "HIEPHOA")
    errors = [(i.code, i.cell) for i in entry.issues if i.severity == "error"]
    assert errors == [("E_PART_EXCEEDS_WHOLE", cell)]
    assert entry.fate == "used"
    ind = result.indicator("12")
    assert ind.status == "incomplete"
    assert sorted((f.variable, f.period, f.code, f.cell) for f in ind.faults) == [
        ("c12_ctr_phat_sinh", "current", "E_PART_EXCEEDS_WHOLE", whole_cell),
        ("c12_ctr_xu_ly", "current", "E_PART_EXCEEDS_WHOLE", cell),
    ]
    rows = {r.variable: r for r in result.inputs if r.agency == "HIEPHOA"}
    assert rows["c12_ctr_phat_sinh"].value is None and rows["c12_ctr_xu_ly"].value is None
    assert rows["c12_ctr_phat_sinh"].previous is not None  # last year's pair was consistent
    for other in result.indicators:
        if other.code != "12":
            _same(result, baseline, other.code)


def _bad_document_date(wb: Any) -> str:
    wb[L.SHEET_DOCS]["D5"] = "đầu năm"
    return "D5"


def _bad_self_result(wb: Any) -> str:
    ws = wb[L.SHEET_DATA]
    cell = f"E{code_rows(ws)['CS12']}"
    ws[cell] = "chưa tính"
    return cell


@pytest.mark.parametrize(
    ("change", "code", "sheet"),
    [(_bad_document_date, "E_NOT_DATE", L.SHEET_DOCS), (_bad_self_result, "E_NOT_NUMBER", L.SHEET_DATA)],
)
def test_an_error_off_the_figures_loses_no_figure(tmp_path, catalog, baseline, change, code, sheet):
    folder, cell = _edit(tmp_path, "HIEPHOA", change)
    result = consolidate(folder, 2024, catalog)
    entry = _file(result, "HIEPHOA")
    assert (entry.status, entry.fate) == ("invalid", "used")
    assert [(i.code, i.sheet, i.cell) for i in entry.issues if i.severity == "error"] == [(code, sheet, cell)]
    for ind in result.indicators:
        _same(result, baseline, ind.code)
    assert _figures(result) == _figures(baseline)
    assert result.exit_code == ExitCode.DATA  # the officer must still have it fixed


def test_a_wrong_year_file_is_left_out_whole(tmp_path, catalog, baseline):
    def change(wb: Any) -> None:
        ws = wb[L.SHEET_META]
        row = next(r for r in ws.iter_rows() if r[0].value == "year")
        row[1].value = "2023"

    folder, _ = _edit(tmp_path, "HIEPHOA", change)
    result = consolidate(folder, 2024, catalog)
    entry = _file(result, "HIEPHOA")
    assert entry.fate == "rejected" and entry.reason.startswith("E_YEAR_MISMATCH")
    assert _agency(result, "HIEPHOA").used_file is None
    assert not any(r.agency == "HIEPHOA" for r in result.inputs)
    assert all(ind.faults == [] for ind in result.indicators)
    mine = {i.code for i in catalog.indicators_for("HIEPHOA", 2024)}
    for ind in result.indicators:
        if ind.code in mine:
            assert ind.status != "complete", ind.code
        else:
            _same(result, baseline, ind.code)
    assert result.counts.invalid == 1 and result.counts.partly_used == 0


def test_reports_and_terminal_name_the_cells_left_out(tmp_path, cli):
    folder, cell = _edit(tmp_path, "HIEPHOA", _set_value("c12_ctr_xu_ly", "khoảng 12 nghìn"))
    out = tmp_path / "out"
    res = cli(["consolidate", str(folder), "--year", "2024", "--out", str(out), "--format", "md"])
    assert res.code == ExitCode.DATA, res.stdout + res.stderr
    faulted = [line for line in res.stdout.splitlines() if "E_NOT_NUMBER" in line]
    assert len(faulted) == 1 and f"ô {cell}" in faulted[0]
    md = (out / "bao-cao-2024.md").read_text(encoding="utf-8")
    section = md.split("Chỉ số 12:")[1].split("### ")[0]
    # the report names the cell and the year; the issue code stays in the terminal and the JSON
    assert f"| {cell} | 2024 | " in section and "E_NOT_NUMBER" not in md
    assert f"| {cell} | 2024 | " not in md.split("Chỉ số 12:")[0]  # no other indicator lists it
