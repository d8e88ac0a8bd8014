"""Raw access to a checked workbook through python-calamine, with true A1 addresses kept."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any

import python_calamine as pc

from bgindex.layout import address
from bgindex.safety import Inspection, SheetScan


class ReadFailed(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


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
        return bool(self.scan) and address(row, col) in self.scan.formula_no_value

    def error_at(self, row: int, col: int) -> bool:
        return bool(self.scan) and address(row, col) in self.scan.errors

    def row_hidden(self, row: int) -> bool:
        return bool(self.scan) and row in self.scan.hidden_rows


class Book:
    """A workbook opened for reading; sheets are loaded on demand and cached."""

    def __init__(self, path: str, inspection: Inspection) -> None:
        self.path = path
        self.inspection = inspection
        try:
            self._wb = pc.CalamineWorkbook.from_path(path)
            meta = self._wb.sheets_metadata
        except pc.PasswordError:
            raise ReadFailed("E_FILE_ENCRYPTED") from None
        except (pc.CalamineError, ValueError, OSError) as exc:
            raise ReadFailed("E_FILE_CORRUPT", detail=_short(exc)) from None
        self.sheet_names = [m.name for m in meta]
        self.hidden = {m.name for m in meta if m.visible != pc.SheetVisibleEnum.Visible}
        self.kinds = {m.name: m.typ for m in meta}
        self._cache: dict[str, Sheet] = {}

    def loadable(self, name: str) -> bool:
        scan = self.inspection.sheets.get(name)
        return not (scan and scan.oversized) and self.kinds.get(name) == pc.SheetTypeEnum.WorkSheet

    def sheet(self, name: str) -> Sheet:
        if name in self._cache:
            return self._cache[name]
        scan = self.inspection.sheets.get(name)
        if scan and scan.oversized:
            raise ReadFailed("E_SHEET_TOO_LARGE", detail=f"{scan.far_cell} (trang '{name}')")
        try:
            raw = self._wb.get_sheet_by_name(name)
            rows = raw.to_python(skip_empty_area=False)
            merged = raw.merged_cell_ranges or []
        except pc.PasswordError:
            raise ReadFailed("E_FILE_ENCRYPTED") from None
        except (pc.CalamineError, ValueError, OSError) as exc:
            raise ReadFailed("E_FILE_CORRUPT", detail=_short(exc)) from None
        sheet = Sheet(name=name, rows=rows, hidden=name in self.hidden, scan=scan,
                      merged=[tuple(map(tuple, m)) for m in merged])
        self._cache[name] = sheet
        return sheet

    def close(self) -> None:
        try:
            self._wb.close()
        except pc.CalamineError:
            pass


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) < 160 else text[:157] + "…"
