"""What a worksheet holds, found by a format scanner without loading the sheet into a grid."""

from __future__ import annotations

import re
from dataclasses import dataclass, field

from bgindex.intake.limits import MAX_COLS, MAX_MERGES, MAX_NOTED, MAX_ROWS
from bgindex.model.a1 import address
from bgindex.model.errors import FileProblem
from bgindex.model.vn import vn_number

FORMULA_KEPT = 200  # characters of a formula's text remembered for messages
FORMULA_READ = 8192  # characters of a formula read to judge it (Excel's longest formula)

_STRING = re.compile(r'"(?:[^"]|"")*"')
# Functions that fetch data from outside the file or run code; an optional _xlfn./COM.MICROSOFT. prefix.
_REACHING_OUT = re.compile(
    r"(?<![\w.])(?:_xlfn\.|COM\.MICROSOFT\.)?(DDEAUTO|DDE|WEBSERVICE|FILTERXML|CALL|REGISTER\.ID|REGISTER)\s*\(",
    re.I,
)
_HYPERLINK = re.compile(r"(?<![\w.])HYPERLINK\s*\(", re.I)
# Another workbook: xlsx's [1]Sheet!A1, a path in quotes ('C:\…'!, 'file:///…'#$Sheet.A1) or [book.xlsx].
_EXTERNAL = re.compile(r"\[\d+\]|'(?:[a-z]:[\\/]|\\\\|file:|https?:)|\[[^\]]*\.(?:xl|od)\w*\]", re.I)


def formula_risk(text: str) -> str | None:
    """What a formula reaches outside the file for, named as the officer sees it ('WEBSERVICE', 'DDE',
    'HYPERLINK', 'liên kết tới tệp khác'); None for a formula that only computes. Text inside string
    literals does not count (="a|b!" is text, not DDE)."""
    code = _STRING.sub('""', text[:FORMULA_READ])
    found = _REACHING_OUT.search(code)
    if found:
        return found.group(1).upper().replace("DDEAUTO", "DDE")
    if "|" in code:  # cmd|' /C calc'!A0: the only use of | outside a string is a DDE link
        return "DDE"
    if _EXTERNAL.search(code):
        return "liên kết tới tệp khác"
    if _HYPERLINK.search(code):
        return "HYPERLINK"
    return None


@dataclass
class SheetScan:
    """What a worksheet holds, found without loading it into a grid."""

    name: str
    max_row: int = -1
    max_col: int = -1
    cells: int = 0
    claimed: int = 0  # cells a parser reserves up front on the file's word (xls DIMENSIONS)
    elements: int = 0  # XML elements the scan went through
    formula_count: int = 0
    formulas: set[str] = field(default_factory=set)
    formula_no_value: set[str] = field(default_factory=set)
    formula_text: dict[str, str] = field(default_factory=dict)  # first FORMULA_KEPT characters
    # False for .xls: BIFF stores a formula as compiled tokens, so its text (and its risk) is unknown.
    formula_text_kept: bool = True
    formula_risks: dict[str, str] = field(default_factory=dict)  # what formula_risk names
    errors: dict[str, str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    far_cell: str | None = None  # why the sheet is too large to load: its farthest cell

    @property
    def oversized(self) -> bool:
        return self.far_cell is not None

    @property
    def area(self) -> int:
        """Cells of the grid from A1 to the last used cell, as a reader materialises it."""
        used = (self.max_row + 1) * (self.max_col + 1) if self.cells else 0
        return max(used, self.claimed)

    def see(self, row: int, col: int) -> None:
        self.cells += 1
        self.max_row = max(self.max_row, row)
        self.max_col = max(self.max_col, col)
        if self.far_cell is None and (row >= MAX_ROWS or col >= MAX_COLS):
            self.far_cell = address(row, col)

    def note_formula(self, ref: str, has_value: bool, text: str = "") -> None:
        """A formula cell; its text when the format stores one (.xls stores parsed tokens: none)."""
        self.formula_count += 1
        if len(self.formulas) < MAX_NOTED:
            self.formulas.add(ref)
            if not has_value:
                self.formula_no_value.add(ref)
            if text:
                self.formula_text[ref] = text[:FORMULA_KEPT]
                risk = formula_risk(text)
                if risk:
                    self.formula_risks[ref] = risk

    def note_error(self, ref: str, text: str = "") -> None:
        if len(self.errors) < MAX_NOTED:
            self.errors[ref] = text

    def merge(self, first: tuple[int, int], last: tuple[int, int]) -> None:
        if len(self.merged) >= MAX_MERGES:
            raise FileProblem(
                "E_FILE_UNSAFE", detail=f"trang '{self.name}' có hơn {vn_number(MAX_MERGES, 0)} vùng gộp ô"
            )
        self.merged.append((first, last))
