"""A data-sheet header the officer edited is reported at its own cell."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from openpyxl import load_workbook

import bgindex

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "2024" / "bgindex-2024-HIEPHOA.xlsx"


@pytest.mark.parametrize("header", ["Năm 2023", "Năm 2024", "Nguyên nhân tăng/giảm"])
def test_an_edited_header_is_reported_where_it_stands(tmp_path: Path, header: str) -> None:
    path = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, path)
    wb = load_workbook(path)
    ws = wb["Số liệu"]
    where = next(c.coordinate for row in ws.iter_rows(max_row=10) for c in row if c.value == header)
    ws[where] = header + " (đã sửa)"
    wb.save(path)
    result = bgindex.validate([path], bgindex.load_catalog(), 2024)
    found = [(i.code, i.sheet, i.cell) for i in result.files[0].issues]
    assert found == [("E_HEADER_MISSING", "Số liệu", where)]
