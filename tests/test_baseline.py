"""Last year's result read back as a baseline: fingerprint, doubts with their places, exit codes."""

from __future__ import annotations

import json
import shutil
from collections.abc import Callable

import pytest
from conftest import SAMPLES
from openpyxl import load_workbook

from bgindex.core.baseline import baseline_doubts
from bgindex.core.consolidate import consolidate
from bgindex.model.exits import ExitCode
from bgindex.model.results import YearData, figures_fingerprint
from bgindex.outputs.result_set import write_outputs
from bgindex.reading import layout as L
from bgindex.reading.last_result import read_result


@pytest.fixture(scope="module")
def result2023(tmp_path_factory, catalog):
    out = tmp_path_factory.mktemp("kq23")
    res = consolidate(SAMPLES / "2023", 2023, catalog)
    path = write_outputs(res, catalog, out, ("xlsx",))[0]
    return res, path


def _row_of(ws, key: str) -> int:
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == key)


def _edited(tmp_path, source, edit: Callable) -> tuple:
    """A copy of ket-qua-2023.xlsx with one edit; returns (path, (sheet, cell) the edit names)."""
    path = tmp_path / "ket-qua-2023.xlsx"
    shutil.copy(source, path)
    wb = load_workbook(path)
    place = edit(wb)
    wb.save(path)
    return path, place


def _value_99(wb):
    ws = wb[L.RESULT_SHEET_INDICATORS]
    cell = ws.cell(_row_of(ws, "01"), 5)
    assert cell.value == pytest.approx(38.84, abs=0.005)
    cell.value = 99.99
    return L.RESULT_SHEET_INDICATORS, cell.coordinate


def _value_as_text(wb):
    ws = wb[L.RESULT_SHEET_INDICATORS]
    cell = ws.cell(_row_of(ws, "02"), 5)
    cell.value = str(cell.value).replace(".", ",")
    return L.RESULT_SHEET_INDICATORS, cell.coordinate


def _status_edited(wb):
    ws = wb[L.RESULT_SHEET_INDICATORS]
    row = _row_of(ws, "03")
    ws.cell(row, 10).value = "not_applicable"
    return L.RESULT_SHEET_INDICATORS, ws.cell(row, 5).coordinate  # recomputation names the value cell


def _unknown_status(wb):
    ws = wb[L.RESULT_SHEET_INDICATORS]
    cell = ws.cell(_row_of(ws, "04"), 10)
    cell.value = "tốt"
    return L.RESULT_SHEET_INDICATORS, cell.coordinate


def _duplicated_input(wb):
    ws = wb[L.RESULT_SHEET_INPUTS]
    ws.append([c.value for c in ws[4]])
    ws.cell(ws.max_row, 7).value = 12345.0  # the copy claims another value
    return L.RESULT_SHEET_INPUTS, f"A{ws.max_row}"


EDITS = {
    "value_vs_inputs": _value_99,
    "text_value": _value_as_text,
    "status": _status_edited,
    "unknown_status": _unknown_status,
    "duplicate_row": _duplicated_input,
}


def test_unedited_result_round_trips_its_fingerprint(result2023, catalog):
    res, path = result2023
    prior = read_result(path, catalog)
    assert prior.fingerprint == figures_fingerprint(YearData.from_result(res))
    assert figures_fingerprint(prior) == prior.fingerprint
    assert baseline_doubts(prior, catalog) == []


@pytest.mark.parametrize("edit", EDITS, ids=list(EDITS))
def test_an_edited_result_gives_its_doubt_and_exit_1(edit, tmp_path, result2023, catalog):
    path, (sheet, cell) = _edited(tmp_path, result2023[1], EDITS[edit])
    result = consolidate(SAMPLES / "2024", 2024, catalog, previous=path)
    kinds = [d.kind for d in result.baseline_doubts]
    # a duplicated row is skipped, so the figures used still match the fingerprint
    assert (kinds[0] == "fingerprint_mismatch") == (edit != "duplicate_row")
    kind = "value_vs_inputs" if edit == "status" else edit
    assert (kind, sheet, cell) in [(d.kind, d.sheet, d.cell) for d in result.baseline_doubts]
    assert result.exit_code == ExitCode.DATA
    assert "ket-qua-2023.xlsx" in result.previous_source and str(tmp_path) not in result.previous_source
    out = write_outputs(result, catalog, tmp_path / "out", ("md", "json", "xlsx"))
    report = next(p for p in out if p.suffix == ".md").read_text(encoding="utf-8")
    assert f"ô {cell}" in report
    data = json.loads(next(p for p in out if p.suffix == ".json").read_text(encoding="utf-8"))
    assert (kind, cell) in [(d["kind"], d["cell"]) for d in data["baseline_doubts"]]
    book = load_workbook(next(p for p in out if p.suffix == ".xlsx"), read_only=True)
    assert [r[3] or "" for r in book[L.RESULT_SHEET_BASELINE].iter_rows(min_row=4, values_only=True)] == [
        d.cell for d in result.baseline_doubts
    ]


def test_the_edited_value_is_kept_but_never_silently(tmp_path, result2023, catalog):
    path, _ = _edited(tmp_path, result2023[1], _value_99)
    result = consolidate(SAMPLES / "2024", 2024, catalog, previous=path)
    assert result.indicator("01").previous == pytest.approx(99.99)
    doubt = next(d for d in result.baseline_doubts if d.kind == "value_vs_inputs")
    assert doubt.indicator == "01"


def test_an_older_result_without_fingerprint_gives_only_a_note(tmp_path, result2023, catalog):
    def drop_fingerprint(wb):
        ws = wb[L.SHEET_META]
        row = next(r for r in range(1, ws.max_row + 1) if ws.cell(r, 1).value == L.META_FINGERPRINT)
        ws.delete_rows(row)
        return "", ""

    path, _ = _edited(tmp_path, result2023[1], drop_fingerprint)
    result = consolidate(SAMPLES / "2024", 2024, catalog, previous=path)
    assert [d.kind for d in result.baseline_doubts] == ["no_fingerprint"]
    assert all(d.is_note for d in result.baseline_doubts)
    assert result.exit_code == ExitCode.OK


def test_a_changed_previous_column_is_a_doubt_of_consolidate(tmp_path, result2023, catalog):
    folder = tmp_path / "2024"
    shutil.copytree(SAMPLES / "2024", folder)
    wb = load_workbook(folder / "bgindex-2024-STC.xlsx")
    cell = next(r[3] for r in wb[L.SHEET_DATA].iter_rows(min_row=5) if r[0].value == "c24_chi_su_nghiep_mt")
    cell.value += 1000
    wb.save(folder / "bgindex-2024-STC.xlsx")
    result = consolidate(folder, 2024, catalog, previous=result2023[1])
    found = [(d.kind, d.agency, d.variable, d.cell) for d in result.baseline_doubts]
    assert found == [("previous_adjusted", "STC", "c24_chi_su_nghiep_mt", cell.coordinate)]
    assert result.exit_code == ExitCode.DATA


def test_cli_consolidate_and_diff_exit_1_on_an_edited_baseline(cli, tmp_path, result2023):
    path, (_, cell) = _edited(tmp_path, result2023[1], _value_99)
    res = cli(
        [
            "consolidate",
            str(SAMPLES / "2024"),
            "--year",
            "2024",
            "--previous",
            str(path),
            "--out",
            str(tmp_path / "o"),
        ]
    )
    assert res.code == ExitCode.DATA and cell in res.stdout
    new = tmp_path / "o" / "ket-qua-2024.xlsx"
    table = cli(["diff", str(path), str(new)])
    assert table.code == ExitCode.DATA and cell in table.stdout
    data = cli(["diff", str(path), str(new), "--format", "json"])
    assert data.code == ExitCode.DATA
    assert "value_vs_inputs" in [d["kind"] for d in json.loads(data.stdout)["doubts"]]
    clean = cli(["diff", str(result2023[1]), str(new)])
    assert clean.code == ExitCode.OK
