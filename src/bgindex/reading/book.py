"""Raw access to a checked workbook through python-calamine, with true A1 addresses kept."""

from __future__ import annotations

import io
from dataclasses import dataclass
from typing import Any

import python_calamine as pc

from bgindex.intake.inspect import Inspection, SheetScan
from bgindex.intake.wording import brief
from bgindex.model.a1 import address
from bgindex.model.errors import FileProblem


@dataclass
class Sheet:
    """One sheet as a grid of raw values; rows[r][c] is the cell at address(r, c)."""

    name: str
    rows: list[list[Any]]
    hidden: bool
    scan: SheetScan | None
    merged: list[tuple[tuple[int, int], tuple[int, int]]]

    def get(self, row: int, col: int) -> Any:
        if 0 <= row < len(self.rows) and 0 <= col < len(self.rows[row]):
            return self.rows[row][col]
        return None

    @property
    def height(self) -> int:
        return len(self.rows)

    def formula_without_value(self, row: int, col: int) -> bool:
        return self.scan is not None and address(row, col) in self.scan.formula_no_value

    def error_at(self, row: int, col: int) -> bool:
        return self.scan is not None and address(row, col) in self.scan.errors

    def error_name(self, row: int, col: int) -> str:
        """The error a formula cell shows ('#DIV/0!'), as the file stores it; '' when unknown."""
        return self.scan.errors.get(address(row, col), "") if self.scan is not None else ""

    def formula_risk(self, row: int, col: int) -> tuple[str, str] | None:
        """What a formula cell reaches outside the file for, and the formula's start; None if nothing
        (.xls keeps no formula text: its formulas are never judged)."""
        if self.scan is None:
            return None
        ref = address(row, col)
        risk = self.scan.formula_risks.get(ref)
        return (risk, self.scan.formula_text.get(ref, "")) if risk else None

    def formula_unjudged(self, row: int, col: int) -> bool:
        """A formula whose text the file does not keep (.xls), so whether it reaches outside is unknown."""
        return (
            self.scan is not None
            and not self.scan.formula_text_kept
            and address(row, col) in self.scan.formulas
        )

    def row_hidden(self, row: int) -> bool:
        return self.scan is not None and row in self.scan.hidden_rows


def _reader_failure(exc: BaseException) -> FileProblem:
    """What a reader exception means for the file. Rust panics inside calamine arrive as
    pyo3's PanicException, a BaseException: a malformed file, not a bug of ours."""
    if isinstance(exc, pc.PasswordError):
        return FileProblem("E_FILE_ENCRYPTED")
    if isinstance(exc, MemoryError):
        return FileProblem("E_FILE_UNSAFE", detail="trình đọc không đủ bộ nhớ cho tệp này")
    return FileProblem("E_FILE_CORRUPT", detail=f"trình đọc báo cấu trúc hỏng: {brief(exc, 160)}")


def _is_reader_error(exc: BaseException) -> bool:
    return isinstance(exc, Exception) or type(exc).__name__ == "PanicException"


class Book:
    """A workbook opened for reading; sheets are loaded on demand and cached."""

    def __init__(self, path: str, inspection: Inspection) -> None:
        self.path = path
        self.inspection = inspection
        try:
            # By content rather than by extension (an .xlsx saved as .xls opens), and from the bytes
            # the inspection read and checked: the file on disk is never opened again.
            self._wb = pc.CalamineWorkbook.from_filelike(io.BytesIO(inspection.data))
            meta = self._wb.sheets_metadata
        except BaseException as exc:
            if not _is_reader_error(exc):
                raise
            raise _reader_failure(exc) from None
        self.sheet_names = [m.name for m in meta]
        self.hidden = {m.name for m in meta if m.visible != pc.SheetVisibleEnum.Visible}
        self.kinds = {m.name: m.typ for m in meta}
        self._cache: dict[str, Sheet] = {}

    def _too_large(self, name: str) -> SheetScan | None:
        scan = self.inspection.sheets.get(name)
        return scan if scan is not None and scan.oversized else None

    def _checked(self, name: str) -> bool:
        """An .xlsx sheet is loaded only if the pre-parse scan saw its XML; .xls/.ods are read
        whole when opened, after the scan bounded every sheet together."""
        return self.inspection.eager or name in self.inspection.sheets

    def loadable(self, name: str) -> bool:
        return (
            self._too_large(name) is None
            and self._checked(name)
            and self.kinds.get(name) == pc.SheetTypeEnum.WorkSheet
        )

    def sheet(self, name: str) -> Sheet:
        if name in self._cache:
            return self._cache[name]
        scan = self._too_large(name)
        if scan is not None:
            raise FileProblem("E_SHEET_TOO_LARGE", detail=f"{scan.far_cell} (trang '{name}')")
        if not self._checked(name):
            raise FileProblem("E_FILE_CORRUPT", detail=f"không tìm thấy dữ liệu của trang '{name}'")
        scan = self.inspection.sheets.get(name)
        try:
            raw = self._wb.get_sheet_by_name(name)
            rows = raw.to_python(skip_empty_area=False)
            if scan is not None:
                merged = list(scan.merged)
            else:
                merged = [((a, b), (c, d)) for (a, b), (c, d) in raw.merged_cell_ranges or []]
        except BaseException as exc:
            if not _is_reader_error(exc):
                raise
            raise _reader_failure(exc) from None
        sheet = Sheet(name=name, rows=rows, hidden=name in self.hidden, scan=scan, merged=merged)
        self._cache[name] = sheet
        return sheet

    def close(self) -> None:
        try:
            self._wb.close()
        except Exception:  # closing a reader that failed half-way must not mask the real outcome
            pass
