"""Annotated copies for the agency's clerk: only files with issues, a linked summary, a legend."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from conftest import SAMPLES
from helpers import code_rows, filled
from openpyxl import load_workbook

from bgindex.core.validate import validate
from bgindex.model.vn import vn_words
from bgindex.outputs.annotated import SUMMARY_HEAD_ROW, SUMMARY_SHEET, annotate_files
from bgindex.outputs.xlsx_writing import PROBLEM_FILL
from bgindex.reading import layout as L


@pytest.fixture(scope="module")
def copies(tmp_path_factory, catalog) -> tuple[Path, list[Path], dict[str, int], Path]:
    folder = tmp_path_factory.mktemp("in")
    clean = filled(folder, catalog, "SCT")
    bad = filled(folder, catalog, "HIEPHOA")
    wb = load_workbook(bad)
    ws = wb[L.SHEET_DATA]
    rows = code_rows(ws)
    ws[f"E{rows['c12_ctr_xu_ly']}"] = ws[f"E{rows['c12_ctr_phat_sinh']}"].value + 100
    ws[f"D{rows['c12_ctr_phat_sinh']}"] = "1.697"
    wb.save(bad)
    out = tmp_path_factory.mktemp("ann")
    written, missed = annotate_files(validate([folder], catalog, 2024), out)
    assert not missed
    return clean, written, rows, out


def test_only_files_with_issues_get_a_copy_unless_asked(copies, catalog, tmp_path):
    clean, written, _, _ = copies
    assert [p.name for p in written] == ["bgindex-2024-HIEPHOA.chu-thich.xlsx"]
    every, _ = annotate_files(validate([clean.parent], catalog, 2024), tmp_path, every_file=True)
    assert len(every) == 2


def test_summary_links_each_row_to_its_cell_wraps_and_has_a_legend(copies):
    _, (copy,), _, _ = copies
    wb = load_workbook(copy)
    ws = wb[SUMMARY_SHEET]
    assert wb.sheetnames[0] == SUMMARY_SHEET
    legend = [ws.cell(r, 1).fill.fgColor.rgb for r in range(3, SUMMARY_HEAD_ROW)]
    assert PROBLEM_FILL.fgColor.rgb in legend
    rows = [r for r in range(SUMMARY_HEAD_ROW + 1, ws.max_row + 1) if ws.cell(r, 2).value]
    assert rows
    for r in rows:
        sheet, cell = ws.cell(r, 3).value, ws.cell(r, 4).value
        link = ws.cell(r, 4).hyperlink
        assert link is not None and link.location == f"'{sheet}'!{cell}"
        assert ws.cell(r, 6).alignment.wrap_text


def test_both_cells_of_a_part_above_its_whole_are_marked(copies):
    _, (copy,), rows, _ = copies
    ws = load_workbook(copy)[L.SHEET_DATA]
    for code in ("c12_ctr_xu_ly", "c12_ctr_phat_sinh"):
        cell = ws[f"E{rows[code]}"]
        assert cell.fill.fgColor.rgb == PROBLEM_FILL.fgColor.rgb, code
        assert cell.comment is not None and "E_PART_EXCEEDS_WHOLE" in cell.comment.text


def test_the_ambiguity_is_spelled_out(copies, catalog):
    clean, _, _, _ = copies
    result = validate([clean.parent], catalog, 2024)
    (issue,) = [i for f in result.files for i in f.issues if i.code == "E_AMBIGUOUS_NUMBER"]
    assert "'1.697' là một nghìn sáu trăm chín mươi bảy (1697) hay một phẩy sáu chín bảy (1,697)?" in (
        issue.message
    )


@pytest.mark.parametrize(
    ("value", "words"),
    [
        (1697, "một nghìn sáu trăm chín mươi bảy"),
        (105, "một trăm lẻ năm"),
        (1005, "một nghìn không trăm lẻ năm"),
        (21, "hai mươi mốt"),
        (15, "mười lăm"),
        (0.9388, "không phẩy chín ba tám tám"),
        (2_000_000, "hai triệu"),
    ],
)
def test_numbers_in_words(value, words):
    assert vn_words(value) == words


def test_messages_write_decimals_the_vietnamese_way():
    from bgindex.model.issues import make_issue

    issue = make_issue("E_NEGATIVE", "a.xlsx", "Số liệu", "E6", -5.5)
    assert "−5,5" in issue.message or "-5,5" in issue.message
    issue = make_issue("E_OUT_OF_RANGE", "a.xlsx", "Số liệu", "E6", 0.9388, low=1.5, high=100.0)
    assert "0,9388" in issue.message and "1,5" in issue.message and "0.9388" not in issue.message


def test_a_problem_in_the_hidden_code_column_is_shown(catalog, tmp_path):
    folder = tmp_path / "trung-ma"
    folder.mkdir()
    shutil.copy(SAMPLES / "invalid" / "loi-07-trung-ma.xlsx", folder)
    assert load_workbook(folder / "loi-07-trung-ma.xlsx")[L.SHEET_DATA].column_dimensions["A"].hidden
    (copy,), _ = annotate_files(validate([folder], catalog, 2024), tmp_path / "ra")
    ws = load_workbook(copy)[L.SHEET_DATA]
    marked = [c for row in ws.iter_rows(max_col=1) for c in row if c.comment is not None]
    assert marked and not ws.column_dimensions["A"].hidden
