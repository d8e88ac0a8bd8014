"""Reading a received workbook: found by code, Vietnamese numbers, one bad cell -> one error."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import code_rows, filled, issue_keys
from openpyxl import load_workbook

from bgindex.core.validate import validate_file
from bgindex.reading import layout as L


@pytest.fixture(scope="module")
def district_file(tmp_path_factory, catalog) -> Path:
    return filled(tmp_path_factory.mktemp("d"), catalog, "HIEPHOA")


@pytest.fixture(scope="module")
def ctk_file(tmp_path_factory, catalog) -> Path:
    return filled(tmp_path_factory.mktemp("c"), catalog, "CTK")


def _numeric_cells(path: Path) -> list[str]:
    wb = load_workbook(path)
    ws = wb[L.SHEET_DATA]
    cells = []
    for _code, row in code_rows(ws).items():
        for col in (4, 5):
            if isinstance(ws.cell(row, col).value, int | float):
                cells.append(f"{'DE'[col - 4]}{row}")
    return cells


def _with(path: Path, tmp: Path, cell: str, value) -> Path:
    out = tmp / f"edit-{cell}-{abs(hash(str(value)))}.xlsx"
    shutil.copy(path, out)
    wb = load_workbook(out)
    wb[L.SHEET_DATA][cell].value = value
    wb.save(out)
    return out


def test_filled_workbook_is_valid(district_file, ctk_file, catalog):
    for path in (district_file, ctk_file):
        report = validate_file(path, catalog, 2024)
        assert report.status == "valid", [(i.code, i.cell, i.message) for i in report.issues]
        assert report.warnings == 0


def test_values_are_read_by_code(district_file, catalog):
    report = validate_file(district_file, catalog, 2024).report
    assert report.agency == "HIEPHOA" and report.year == 2024
    assert set(report.values) == set(catalog.variables_for("HIEPHOA", 2024))
    assert set(report.indicators) == {i.code for i in catalog.indicators_for("HIEPHOA", 2024)}
    v = report.values["c12_ctr_phat_sinh"]
    wb = load_workbook(district_file)
    assert wb[L.SHEET_DATA][v.cell].value == v.value
    assert wb[L.SHEET_DATA][v.previous_cell].value == v.previous


@pytest.mark.parametrize("bad", ["abc", -5])
def test_any_numeric_input_bad_gives_exactly_one_error_at_that_cell(
    district_file, ctk_file, catalog, tmp_path, bad
):
    for path in (district_file, ctk_file):
        for cell in _numeric_cells(path):
            report = validate_file(_with(path, tmp_path, cell, bad), catalog, 2024)
            errors = [(i.code, i.cell) for i in report.issues if i.severity == "error"]
            expected = "E_NOT_NUMBER" if bad == "abc" else "E_NEGATIVE"
            assert errors == [(expected, cell)], (path.name, cell, errors)


def _transform(src: Path, dst: Path, how: str) -> Path:
    shutil.copy(src, dst)
    wb = load_workbook(dst)
    ws = wb[L.SHEET_DATA]
    if how == "insert_row":
        ws.insert_rows(3)
        ws.insert_rows(8)
    elif how == "sort":
        rows = [[c.value for c in r] for r in ws.iter_rows(min_row=5, max_row=ws.max_row)]
        rows.sort(key=lambda r: str(r[0] or ""), reverse=True)
        for r, values in enumerate(rows, start=5):
            for c, v in enumerate(values, start=1):
                ws.cell(r, c).value = v
    elif how == "notes_column":
        ws.insert_cols(3)
        ws.cell(4, 3).value = "Ghi chú của cơ quan"
        ws.cell(6, 3).value = "số liệu ước tính"
    wb.save(dst)
    return dst


@pytest.mark.parametrize("how", ["insert_row", "sort", "notes_column"])
def test_layout_changes_read_the_same(district_file, catalog, tmp_path, how):
    base = validate_file(district_file, catalog, 2024)
    moved = validate_file(_transform(district_file, tmp_path / f"{how}.xlsx", how), catalog, 2024)
    assert moved.status == "valid", [(i.code, i.cell) for i in moved.issues]
    assert {k: (v.value, v.previous) for k, v in moved.report.values.items()} == {
        k: (v.value, v.previous) for k, v in base.report.values.items()
    }
    assert {k: (v.cause, v.self_value) for k, v in moved.report.indicators.items()} == {
        k: (v.cause, v.self_value) for k, v in base.report.indicators.items()
    }


@pytest.mark.parametrize(
    ("text", "code", "value"),
    [
        ("1.234,5", "W_NUMBER_AS_TEXT", 1234.5),
        ("1 234,5", "W_NUMBER_AS_TEXT", 1234.5),
        ("12,5", "W_NUMBER_AS_TEXT", 12.5),
        ("1.234.567", "W_NUMBER_AS_TEXT", 1234567.0),
        ("12 ha", "E_NOT_NUMBER", None),  # the unit of this cell is tấn/năm, not ha
        ("1.234", "E_AMBIGUOUS_NUMBER", None),
        ("1,234", "E_AMBIGUOUS_NUMBER", None),
        ("mười", "E_NOT_NUMBER", None),
        ("1.234 tấn/năm", "E_AMBIGUOUS_NUMBER", None),
        ("1.234,5 tấn/năm", "W_NUMBER_AS_TEXT", 1234.5),
    ],
)
def test_vietnamese_numbers_as_text(district_file, catalog, tmp_path, text, code, value):
    report = validate_file(district_file, catalog, 2024).report
    cell = report.values["c12_ctr_phat_sinh"].cell
    out = validate_file(_with(district_file, tmp_path, cell, text), catalog, 2024)
    # Reading only: a value far from last year's figure also gets W_CHANGE_FACTOR (test_plausibility).
    found = [i for i in out.issues if i.cell == cell and i.code != "W_CHANGE_FACTOR"]
    assert [i.code for i in found] == [code]
    assert out.report is not None
    assert out.report.values["c12_ctr_phat_sinh"].value == value
    if code.startswith("W_"):
        assert found[0].value == text.strip()


def test_percent_with_sign_in_indicator_row(district_file, catalog, tmp_path):
    report = validate_file(district_file, catalog, 2024).report
    cell = report.indicators["12"].value_cell
    out = validate_file(_with(district_file, tmp_path, cell, "85 %"), catalog, 2024)
    assert out.report.indicators["12"].self_value == 85.0
    assert ("W_NUMBER_AS_TEXT", cell) in issue_keys(out, "warning")
    out = validate_file(_with(district_file, tmp_path, cell, 120), catalog, 2024)
    assert issue_keys(out) == {("E_PERCENT_RANGE", cell)}


def test_formula_without_cached_value(district_file, catalog, tmp_path):
    cell = validate_file(district_file, catalog, 2024).report.values["c26_tiep_nhan"].cell
    out = validate_file(_with(district_file, tmp_path, cell, "=40+2"), catalog, 2024)
    assert issue_keys(out) == {("E_FORMULA_NO_VALUE", cell)}


def test_nfd_text_and_spaces_are_normalised(district_file, catalog, tmp_path):
    import unicodedata

    report = validate_file(district_file, catalog, 2024).report
    cell = report.indicators["11"].cause_cell
    text = unicodedata.normalize("NFD", "  Tăng   do   phân loại   tại nguồn ")
    out = validate_file(_with(district_file, tmp_path, cell, text), catalog, 2024)
    assert out.report.indicators["11"].cause == "Tăng do phân loại tại nguồn"


def test_part_larger_than_whole(district_file, catalog, tmp_path):
    report = validate_file(district_file, catalog, 2024).report
    part, whole = report.values["c26_da_xu_ly"], report.values["c26_tiep_nhan"]
    out = validate_file(_with(district_file, tmp_path, part.cell, whole.value + 5), catalog, 2024)
    assert issue_keys(out) == {("E_PART_EXCEEDS_WHOLE", part.cell)}


def test_missing_cause_and_evidence_are_warnings(catalog, tmp_path):
    path = filled(tmp_path, catalog, "SNV", causes={"25": ""}, docs=False)
    out = validate_file(path, catalog, 2024)
    assert out.status == "valid"
    codes = {i.code for i in out.issues}
    assert {"W_CAUSE_MISSING", "W_NO_EVIDENCE"} <= codes


def test_wrong_year_and_unknown_codes(district_file, catalog, tmp_path):
    out = validate_file(district_file, catalog, 2023)
    assert "E_YEAR_MISMATCH" in {i.code for i in out.issues}
    edited = _with(district_file, tmp_path, "A35", "c25_can_bo_mt")
    wb = load_workbook(edited)
    wb[L.SHEET_DATA]["E35"].value = 5
    wb[L.SHEET_DATA]["A36"].value = "khong_co_ma_nay"
    wb[L.SHEET_DATA]["E36"].value = 5
    wb.save(edited)
    out = validate_file(edited, catalog, 2024)
    assert out.status == "valid"
    assert {("W_VARIABLE_UNASSIGNED", "A35"), ("W_UNKNOWN_CODE", "A36")} <= issue_keys(out, None)


def test_duplicated_code_is_one_error(district_file, catalog, tmp_path):
    edited = _with(district_file, tmp_path, "A40", "c26_tiep_nhan")
    wb = load_workbook(edited)
    wb[L.SHEET_DATA]["E40"].value = 3
    wb.save(edited)
    out = validate_file(edited, catalog, 2024)
    assert issue_keys(out) == {("E_DUPLICATE_CODE", "A40")}


SAMPLE_FILES = ["bgindex-2024-CTK.xlsx", "bgindex-2024-LUCNAM.xlsx", "bgindex-2024-SNNPTNT.xlsx"]


@pytest.mark.parametrize("name", SAMPLE_FILES)
def test_any_numeric_input_of_a_sample_bad_gives_one_error(catalog, tmp_path, name):
    from conftest import SAMPLES

    src = SAMPLES / "2024" / name
    base = validate_file(src, catalog, 2024).report
    cells = [v.cell for v in base.values.values()] + [v.previous_cell for v in base.values.values()]
    cells += [e.value_cell for e in base.indicators.values() if e.self_value is not None]
    for cell in cells:
        for bad, code in (("abc", "E_NOT_NUMBER"), (-5, "E_NEGATIVE")):
            out = validate_file(_with(src, tmp_path, cell, bad), catalog, 2024)
            errors = [(i.code, i.cell) for i in out.issues if i.severity == "error"]
            assert errors == [(code, cell)], (name, cell, bad, errors)


@pytest.mark.parametrize("how", ["insert_row", "sort"])
def test_layout_changes_on_a_sample_read_the_same(catalog, tmp_path, how):
    from conftest import SAMPLES

    src = SAMPLES / "2024" / "bgindex-2024-TPBACGIANG.xlsx"
    base = validate_file(src, catalog, 2024)
    moved = validate_file(_transform(src, tmp_path / f"{how}.xlsx", how), catalog, 2024)
    assert moved.errors == 0
    assert {k: (v.value, v.previous) for k, v in moved.report.values.items()} == {
        k: (v.value, v.previous) for k, v in base.report.values.items()
    }
