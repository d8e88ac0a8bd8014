"""Small openpyxl helpers shared by every workbook bgindex writes."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from openpyxl.cell.cell import Cell
from openpyxl.styles import Alignment, Border, Font, PatternFill, Side
from openpyxl.workbook import Workbook

from bgindex.atomic import atomic_path

FONT_NAME = "Times New Roman"
FONT = Font(name=FONT_NAME, size=12)
BOLD = Font(name=FONT_NAME, size=12, bold=True)
TITLE = Font(name=FONT_NAME, size=14, bold=True)
ITALIC = Font(name=FONT_NAME, size=11, italic=True)
THIN = Side(style="thin", color="808080")
BOX = Border(left=THIN, right=THIN, top=THIN, bottom=THIN)
HEAD_FILL = PatternFill("solid", fgColor="D9E1F2")
INDICATOR_FILL = PatternFill("solid", fgColor="E2EFDA")
LOCKED_FILL = PatternFill("solid", fgColor="F2F2F2")
PROBLEM_FILL = PatternFill("solid", fgColor="FFC7CE")
WARNING_FILL = PatternFill("solid", fgColor="FFEB9C")
WRAP = Alignment(wrap_text=True, vertical="top")
CENTER = Alignment(horizontal="center", vertical="center", wrap_text=True)


def put(cell: Cell, value: Any, font: Font = FONT, **style: Any) -> Cell:
    """Write a value; strings always stay text, so untrusted '=...' never becomes a formula."""
    cell.value = value
    if isinstance(value, str):
        cell.data_type = "s"
    cell.font = font
    for name, val in style.items():
        setattr(cell, name, val)
    return cell


def save(wb: Workbook, target: str | Path) -> Path:
    """Save atomically."""
    with atomic_path(target) as tmp:
        wb.save(tmp)
    return Path(target)
