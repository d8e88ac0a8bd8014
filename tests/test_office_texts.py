"""What offices really send: pasted text, invisible characters, non-answers, words for dates."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import code_rows
from openpyxl import load_workbook

from bgindex.core.validate import validate_file
from bgindex.reading import layout as L

SAMPLES = Path(__file__).resolve().parents[1] / "data" / "samples" / "2024"
DATA, INFO, DOCS = L.SHEET_DATA, L.SHEET_INFO, L.SHEET_DOCS
CAUSE_COL, CURRENT_COL = "F", "E"


def _edited(tmp: Path, agency: str, change: Callable[[Any], None]) -> Path:
    """A copy of the 2024 sample of `agency`, changed with openpyxl."""
    out = tmp / f"{agency}-{len(list(tmp.iterdir()))}.xlsx"
    shutil.copy(SAMPLES / f"bgindex-2024-{agency}.xlsx", out)
    wb = load_workbook(out)
    change(wb)
    wb.save(out)
    return out


def _row(wb: Any, code: str) -> int:
    return code_rows(wb[DATA])[code]


def _info_cell(wb: Any, key: str) -> str:
    ws = wb[INFO]
    for r in range(1, 40):
        if ws.cell(r, 1).value == L.INFO_LABELS[key]:
            return f"B{r}"
    raise AssertionError(key)


def _issues(path: Path, catalog: Any) -> Any:
    return validate_file(path, catalog, 2024)


def _at(out: Any, sheet: str, cell: str) -> list[str]:
    return [i.code for i in out.issues if i.sheet == sheet and i.cell == cell]


def _mangled(text: str, codepage: str) -> str:
    """`text` as UTF-8 shown by a program that reads its bytes as `codepage`."""
    return "".join(bytes([b]).decode(codepage, errors="ignore") or chr(b) for b in text.encode("utf-8"))


# ---- 1. UTF-8 read as Windows-1252 / -1258 ---------------------------------------------------
@pytest.mark.parametrize("codepage", ["cp1252", "cp1258"])
def test_mojibake_cause_is_flagged_with_the_probable_text(catalog, tmp_path, codepage):
    cause = "Tăng so với năm 2023 do đầu tư thêm hệ thống XỬ LÝ nước thải."
    pasted = _mangled(cause, codepage)
    assert pasted.startswith("TÄƒng")

    def change(wb: Any) -> None:
        wb[DATA][f"{CAUSE_COL}{_row(wb, 'CS01')}"].value = pasted

    path = _edited(tmp_path, "HIEPHOA", change)
    cell = f"{CAUSE_COL}{_row(load_workbook(path), 'CS01')}"
    out = _issues(path, catalog)
    assert _at(out, DATA, cell) == ["W_MOJIBAKE"]
    (issue,) = [i for i in out.issues if i.cell == cell]
    assert cause in issue.message


# ---- 2. invisible characters -----------------------------------------------------------------
def test_invisible_characters_are_removed_and_the_value_read(catalog, tmp_path):
    def change(wb: Any) -> None:
        ws = wb[DATA]
        ws[f"{CURRENT_COL}{_row(wb, 'c02_co_so_tong')}"].value = "2\u200b4"
        ws[f"A{_row(wb, 'c02_co_so_dat')}"].value = "\u200bc02_co_so_dat\u200e"
        ws[f"{CAUSE_COL}{_row(wb, 'CS02')}"].value = "\u202bTăng do\u2060 thêm cơ sở\ufeff."

    wb = load_workbook(SAMPLES / "bgindex-2024-HIEPHOA.xlsx")
    path = _edited(tmp_path, "HIEPHOA", change)
    number = f"{CURRENT_COL}{_row(wb, 'c02_co_so_tong')}"
    code = f"A{_row(wb, 'c02_co_so_dat')}"
    cause = f"{CAUSE_COL}{_row(wb, 'CS02')}"
    out = _issues(path, catalog)
    assert out.report.values["c02_co_so_tong"].value == 24.0
    assert _at(out, DATA, number) == ["W_INVISIBLE_CHARS", "W_NUMBER_AS_TEXT"]
    assert "U+200B" in [i for i in out.issues if i.cell == number][0].message
    assert _at(out, DATA, code) == ["W_INVISIBLE_CHARS"]
    assert "c02_co_so_dat" in out.report.values
    assert _at(out, DATA, cause) == ["W_INVISIBLE_CHARS"]
    assert out.report.indicators["02"].cause == "Tăng do thêm cơ sở."


# ---- 3. the agency code retyped --------------------------------------------------------------
@pytest.mark.parametrize(("typed", "mismatch"), [("hiephoa ", False), ("HiepHoa", False), ("LUCNAM", True)])
def test_agency_code_is_compared_without_case_and_spaces(catalog, tmp_path, typed, mismatch):
    def change(wb: Any) -> None:
        wb[INFO][_info_cell(wb, "agency_code")].value = typed

    path = _edited(tmp_path, "HIEPHOA", change)
    cell = _info_cell(load_workbook(path), "agency_code")
    out = _issues(path, catalog)
    assert ("E_AGENCY_MISMATCH" in _at(out, INFO, cell)) is mismatch


# ---- 4. non-answers in the cause column -------------------------------------------------------
@pytest.mark.parametrize(
    ("cause", "missing"),
    [
        (".", True),
        ("x", True),
        (" - ", True),
        ("Không.", True),
        ("như năm trước", True),
        ("KPS", True),
        ("Tăng do thêm cơ sở mới đi vào hoạt động.", False),
    ],
)
def test_non_answer_is_a_missing_cause(catalog, tmp_path, cause, missing):
    def change(wb: Any) -> None:
        wb[DATA][f"{CAUSE_COL}{_row(wb, 'CS01')}"].value = cause

    path = _edited(tmp_path, "HIEPHOA", change)
    cell = f"{CAUSE_COL}{_row(load_workbook(path), 'CS01')}"
    out = _issues(path, catalog)
    assert ("W_CAUSE_MISSING" in _at(out, DATA, cell)) is missing


def test_non_answers_come_from_the_profile(catalog):
    from bgindex.core.rules import gives_no_cause

    assert "như năm trước" in catalog.profile.non_answers
    assert gives_no_cause("Như năm trước.", catalog.profile.non_answers)
    assert not gives_no_cause("Như năm trước.", ())
    assert gives_no_cause(" . ", ())


# ---- 5. numbers -------------------------------------------------------------------------------
def test_dot_grouped_count_is_thousands(catalog, tmp_path):
    wb = load_workbook(SAMPLES / "bgindex-2024-CTK.xlsx")
    before = wb[DATA][f"{CURRENT_COL}{_row(wb, 'ds_toan_tinh')}"].value
    assert before >= 1_000_000
    grouped = f"{int(before):,}".replace(",", ".")

    def change(wb: Any) -> None:
        wb[DATA][f"{CURRENT_COL}{_row(wb, 'ds_toan_tinh')}"].value = grouped
        wb[DATA][f"{CURRENT_COL}{_row(wb, 'ds_do_thi_loai4')}"].value = "455.363"

    path = _edited(tmp_path, "CTK", change)
    wb = load_workbook(path)
    out = _issues(path, catalog)
    for code, value in (("ds_toan_tinh", float(before)), ("ds_do_thi_loai4", 455_363.0)):
        cell = f"{CURRENT_COL}{_row(wb, code)}"
        assert "W_NUMBER_AS_TEXT" in _at(out, DATA, cell) and "E_AMBIGUOUS_NUMBER" not in _at(out, DATA, cell)
        assert out.report.values[code].value == value


def test_dot_in_a_decimal_stays_ambiguous(catalog, tmp_path):
    def change(wb: Any) -> None:
        wb[DATA][f"{CURRENT_COL}{_row(wb, 'c12_ctr_phat_sinh')}"].value = "1.697"

    path = _edited(tmp_path, "HIEPHOA", change)
    cell = f"{CURRENT_COL}{_row(load_workbook(path), 'c12_ctr_phat_sinh')}"
    assert _at(_issues(path, catalog), DATA, cell) == ["E_AMBIGUOUS_NUMBER"]


@pytest.mark.parametrize(
    ("text", "code"),
    [
        ("KPS", "E_NIL_AS_TEXT"),
        ("-", "E_NIL_AS_TEXT"),
        ("x", "E_NIL_AS_TEXT"),
        ("Không phát sinh", "E_NIL_AS_TEXT"),
        ("chưa thống kê", "E_NOT_NUMBER"),
    ],
)
def test_nil_words_where_a_number_is_asked(catalog, tmp_path, text, code):
    def change(wb: Any) -> None:
        wb[DATA][f"{CURRENT_COL}{_row(wb, 'c13_bcl_tong')}"].value = text

    path = _edited(tmp_path, "HIEPHOA", change)
    cell = f"{CURRENT_COL}{_row(load_workbook(path), 'c13_bcl_tong')}"
    out = _issues(path, catalog)
    assert _at(out, DATA, cell) == [code]
    assert out.report.values["c13_bcl_tong"].value is None


# ---- 6. dates -----------------------------------------------------------------------------------
@pytest.mark.parametrize(
    ("typed", "code", "taken"),
    [
        ("ngày 15 tháng 02 năm 2025", "W_DATE_AS_TEXT", dt.date(2025, 2, 15)),
        ("15 tháng 2 năm 2025", "W_DATE_AS_TEXT", dt.date(2025, 2, 15)),
        ("Hiệp Hòa, ngày 15 tháng 02 năm 2025", "W_DATE_AS_TEXT", dt.date(2025, 2, 15)),
        (45703, "W_DATE_SERIAL", dt.date(2025, 2, 15)),
        ("45703", "W_DATE_SERIAL", dt.date(2025, 2, 15)),
        (20000, "E_DATE_SERIAL", None),
        ("tháng 01/2025", "E_NOT_DATE", None),  # a report date is a day
    ],
)
def test_report_date_in_words_or_as_a_serial(catalog, tmp_path, typed, code, taken):
    def change(wb: Any) -> None:
        cell = wb[INFO][_info_cell(wb, "report_date")]
        cell.value = typed
        cell.number_format = "General"

    path = _edited(tmp_path, "HIEPHOA", change)
    cell = _info_cell(load_workbook(path), "report_date")
    out = _issues(path, catalog)
    assert _at(out, INFO, cell) == [code]
    assert out.report.info.report_date == taken
    if code.endswith("_SERIAL"):
        assert "15/02/2025" in out.issues[[i.cell for i in out.issues].index(cell)].message or taken is None


@pytest.mark.parametrize(
    ("typed", "taken"),
    [
        ("tháng 01/2025", dt.date(2025, 1, 1)),
        ("01/2025", dt.date(2025, 1, 1)),
        ("tháng 12 năm 2024", dt.date(2024, 12, 1)),
    ],
)
def test_month_only_document_date_is_the_first_of_the_month(catalog, tmp_path, typed, taken):
    def change(wb: Any) -> None:
        wb[DOCS]["D5"].value = typed

    out = _issues(_edited(tmp_path, "HIEPHOA", change), catalog)
    assert _at(out, DOCS, "D5") == ["W_DATE_AS_TEXT"]
    (doc,) = [d for d in out.report.documents if d.row == 5]
    assert doc.date == taken
    assert "ngày đầu tháng" in [i for i in out.issues if i.cell == "D5"][0].message


# ---- 7. formula errors by their Excel name ------------------------------------------------------
@pytest.mark.parametrize("name", ["#DIV/0!", "#REF!", "#VALUE!", "#N/A", "#NAME?", "#NUM!", "#NULL!"])
def test_formula_error_is_named(catalog, tmp_path, name):
    def change(wb: Any) -> None:
        wb[DATA][f"{CURRENT_COL}{_row(wb, 'c13_bcl_tong')}"].value = name  # openpyxl writes t="e"

    path = _edited(tmp_path, "HIEPHOA", change)
    cell = f"{CURRENT_COL}{_row(load_workbook(path), 'c13_bcl_tong')}"
    out = _issues(path, catalog)
    assert _at(out, DATA, cell) == ["E_FORMULA_ERROR"]
    (issue,) = [i for i in out.issues if i.cell == cell]
    assert issue.value == name and "#lỗi" not in issue.message
