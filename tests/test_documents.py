"""Verification documents: one row may prove several indicators of the agency."""

from __future__ import annotations

import shutil
from pathlib import Path

from openpyxl import load_workbook

import bgindex

ROOT = Path(__file__).resolve().parents[1]
SAMPLE = ROOT / "data" / "samples" / "2024" / "bgindex-2024-HIEPHOA.xlsx"
SHEET = "Tài liệu kiểm chứng"


def _edited(tmp_path: Path, codes: dict[str, str | None]) -> Path:
    """A copy whose document rows for the given indicator keys get another indicator cell."""
    out = tmp_path / SAMPLE.name
    shutil.copy(SAMPLE, out)
    wb = load_workbook(out)
    ws = wb[SHEET]
    for row in ws.iter_rows(min_row=5):
        if row[1].value in codes:
            new = codes[row[1].value]
            if new is None:
                for cell in row:
                    cell.value = None
            else:
                row[1].value = new
    wb.save(out)
    return out


def _issues(path: Path) -> list[tuple[str, str | None, str | None]]:
    result = bgindex.validate([path], bgindex.load_catalog(), 2024)
    return [(i.code, i.sheet, i.cell) for i in result.files[0].issues]


def test_a_row_for_two_of_the_agencys_indicators_documents_both(tmp_path: Path) -> None:
    path = _edited(tmp_path, {"CS12": "CS12, CS13", "CS13": None})
    issues = _issues(path)
    assert not [i for i in issues if i[0] in ("W_DOC_UNKNOWN_INDICATOR", "W_NO_EVIDENCE")], issues


def test_without_the_row_the_indicator_has_no_evidence(tmp_path: Path) -> None:
    """The control: removing the CS13 row does leave 13 without a document."""
    path = _edited(tmp_path, {"CS13": None})
    assert any(code == "W_NO_EVIDENCE" for code, _, _ in _issues(path))


def test_a_row_naming_an_indicator_not_the_agencys_is_flagged_at_its_cell(tmp_path: Path) -> None:
    rows = sum(r[1].value == "CS12" for r in load_workbook(SAMPLE)[SHEET].iter_rows(min_row=5))
    path = _edited(tmp_path, {"CS12": "CS12; CS09"})
    issues = _issues(path)
    flagged = [i for i in issues if i[0] == "W_DOC_UNKNOWN_INDICATOR"]
    assert rows >= 1 and len(flagged) == rows  # one per edited row
    assert all(f[1] == SHEET and f[2].startswith("B") for f in flagged)
    assert not [i for i in issues if i[0] == "W_NO_EVIDENCE"]  # CS12 still documented
