"""The data sheet of a received workbook as a grid for the page, with the cells that have issues marked."""

from __future__ import annotations

import re
from dataclasses import dataclass
from datetime import date, datetime
from pathlib import Path
from typing import Any

from bgindex.intake.inspect import inspect_file
from bgindex.model import vn
from bgindex.model.a1 import address, col_letter
from bgindex.model.errors import FileProblem
from bgindex.model.issues import Issue
from bgindex.reading.book import Book
from bgindex.reading.layout import SHEET_DATA

MAX_ROWS = 80  # the data sheet of a template is ~40 rows; a longer one is cut, the issues list is whole
MAX_COLS = 12
MAX_TEXT = 200


@dataclass(frozen=True)
class Cell:
    text: str
    mark: str  # "" | "hit" (an error) | "warnhit" (a warning)
    note: str


@dataclass(frozen=True)
class Row:
    number: int
    cells: tuple[Cell, ...]


@dataclass(frozen=True)
class Grid:
    sheet: str
    columns: tuple[str, ...]
    rows: tuple[Row, ...]


def _text(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "TRUE" if value else "FALSE"
    if isinstance(value, int | float):
        return vn.amount_text(float(value))  # what the agency typed, Vietnamese separators
    if isinstance(value, datetime | date):
        return vn.vn_date(value)
    text = str(value)
    return text if len(text) <= MAX_TEXT else text[:MAX_TEXT] + "…"


def data_sheet(path: Path, issues: list[Issue]) -> Grid | None:
    """The data sheet (else the sheet most issues name) read through the hostile-file checks and the
    project's reader; None when the file cannot be shown (unreadable, unsafe, no such sheet)."""
    try:
        book = Book(str(path), inspect_file(path))
    except (FileProblem, OSError):
        return None
    named = [i.sheet for i in issues if i.sheet]
    name = SHEET_DATA if SHEET_DATA in book.sheet_names else max(set(named), key=named.count, default=None)
    if name is None or not book.loadable(name):
        return None
    try:
        sheet = book.sheet(name)
    except FileProblem:
        return None
    marks: dict[str, tuple[str, str]] = {}
    for i in issues:
        if i.sheet == name and i.cell and re.fullmatch(r"[A-Z]{1,3}[0-9]{1,7}", i.cell):
            if marks.get(i.cell, ("", ""))[0] != "hit":
                marks[i.cell] = ("hit" if i.severity == "error" else "warnhit", i.message)
    width = min(MAX_COLS, max((len(r) for r in sheet.rows[:MAX_ROWS]), default=0))
    rows = []
    for r in range(min(sheet.height, MAX_ROWS)):
        cells = []
        for c in range(width):
            mark, note = marks.get(address(r, c), ("", ""))
            cells.append(Cell(_text(sheet.get(r, c)), mark, note))
        rows.append(Row(r + 1, tuple(cells)))
    columns = tuple(col_letter(c) for c in range(width))
    return Grid(name, columns, tuple(rows))
