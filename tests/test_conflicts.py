"""Never choose silently: a second data sheet, two reports of one date, copies, misnamed files."""

from __future__ import annotations

import datetime as dt
import shutil
from collections.abc import Callable
from pathlib import Path
from typing import Any

import pytest
from helpers import copy_samples
from openpyxl import load_workbook

from bgindex.catalog.model import Catalog
from bgindex.core.consolidate import CONFLICT_REASON, consolidate
from bgindex.core.validate import read_workbook
from bgindex.model.exits import ExitCode
from bgindex.model.results import ConsolidationResult
from bgindex.reading import layout as L

AGENCY = "SYT"  # feeds indicators 05 and 09
OWN = f"bgindex-2024-{AGENCY}.xlsx"
REVISED = f"{AGENCY}-ban-sua-lai.xlsx"


def _edit(path: Path, change: Callable[[Any], None]) -> Path:
    wb = load_workbook(path)
    change(wb)
    wb.save(path)
    return path


def _set_date(day: int | None) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        for row in wb[L.SHEET_INFO].iter_rows():
            if row[0].value == L.INFO_LABELS["report_date"]:
                row[1].value = None if day is None else row[1].value.replace(day=day)

    return change


def _raise_first_value(wb: Any) -> None:
    for row in wb[L.SHEET_DATA].iter_rows(min_row=5):
        if isinstance(row[0].value, str) and row[0].value.startswith("c05_") and row[4].value is not None:
            row[4].value = row[4].value + 7
            return
    raise AssertionError("no c05 row")


def _report_date(path: Path) -> dt.date:
    wb = load_workbook(path)
    for row in wb[L.SHEET_INFO].iter_rows():
        if row[0].value == L.INFO_LABELS["report_date"]:
            return row[1].value.date()
    raise AssertionError("no report date")


def _no_figure_from(result: ConsolidationResult, agency: str) -> None:
    """The agency contributes nothing: no source, input, cause or document of it anywhere."""
    assert not [s for i in result.indicators for f in i.figures for s in f.sources if s.agency == agency]
    assert not [r for r in result.inputs if r.agency == agency]
    assert not [c for i in result.indicators for c in i.causes if c.agency == agency]
    assert not [e for i in result.indicators for e in i.evidence if e.agency == agency]


# ---------------------------------------------------------------------------- one data sheet
def _copy_sheet(title: str, hidden: bool = False, of: str = L.SHEET_DATA) -> Callable[[Any], None]:
    def change(wb: Any) -> None:
        ws = wb.copy_worksheet(wb[of])
        ws.title = title
        if hidden:
            ws.sheet_state = "hidden"

    return change


def _old_and_new(wb: Any) -> None:
    wb[L.SHEET_DATA].title = "Số liệu cũ"
    wb.copy_worksheet(wb["Số liệu cũ"]).title = "Số liệu mới"


@pytest.mark.parametrize(
    ("change", "sheets"),
    [
        (_copy_sheet("Số liệu (2)"), ["Số liệu", "Số liệu (2)"]),
        (_copy_sheet("Bản cũ", hidden=True), ["Số liệu", "Bản cũ"]),
        (_old_and_new, ["Số liệu cũ", "Số liệu mới"]),
        (_copy_sheet("Tài liệu (2)", of=L.SHEET_DOCS), ["Tài liệu kiểm chứng", "Tài liệu (2)"]),
    ],
    ids=["copy", "hidden-copy", "old-and-new", "documents"],
)
def test_second_data_sheet_is_an_error_naming_them_all(
    tmp_path: Path, catalog: Catalog, change: Callable[[Any], None], sheets: list[str]
) -> None:
    path = shutil.copy(copy_samples(tmp_path) / OWN, tmp_path / OWN)
    report = read_workbook(_edit(Path(path), change), catalog, 2024)
    dup = [i for i in report.issues if i.code == "E_SHEET_DUPLICATE"]
    assert len(dup) == 1 and dup[0].sheet == sheets[1]
    assert all(f"'{name}'" in dup[0].message for name in sheets)
    assert report.status == "invalid"
    assert "E_SHEET_MISSING" not in {i.code for i in report.issues}


def test_one_data_sheet_under_another_name_is_still_read(tmp_path: Path, catalog: Catalog) -> None:
    path = Path(shutil.copy(copy_samples(tmp_path) / OWN, tmp_path / OWN))
    report = read_workbook(_edit(path, lambda wb: setattr(wb[L.SHEET_DATA], "title", "SL")), catalog, 2024)
    assert report.status == "valid", [i.code for i in report.issues]


# ---------------------------------------------------------------------------- two reports of one agency
@pytest.mark.parametrize("day", [8, None], ids=["same-date", "both-undated"])
def test_two_reports_of_one_date_are_a_conflict_and_neither_is_used(
    tmp_path: Path, catalog: Catalog, day: int | None
) -> None:
    folder = copy_samples(tmp_path)
    own = _edit(folder / OWN, _set_date(day))
    revised = _edit(Path(shutil.copy(own, folder / REVISED)), _raise_first_value)
    result = consolidate(folder, 2024, catalog)
    assert [(c.agency, sorted(c.files)) for c in result.conflicts] == [
        (AGENCY, sorted([str(own), str(revised)]))
    ]
    assert result.exit_code == ExitCode.DATA and result.counts.conflicts == 1
    fates = {f.file: f.fate for f in result.files if f.agency == AGENCY}
    assert fates == {str(own): "conflict", str(revised): "conflict"}
    status = next(s for s in result.agencies if s.agency == AGENCY)
    assert status.status == "conflict" and status.used_file is None
    for code in ("05", "09"):
        ind = result.indicator(code)
        assert ind.status in ("incomplete", "not_computable"), code
        assert any(CONFLICT_REASON in r for r in ind.reasons), ind.reasons
    _no_figure_from(result, AGENCY)


def test_conflict_is_shown_by_consolidate_and_status_with_exit_1(tmp_path: Path, cli: Any) -> None:
    folder = copy_samples(tmp_path)
    shutil.copy(folder / OWN, folder / REVISED)
    _edit(folder / REVISED, _raise_first_value)
    out = tmp_path / "ra"
    res = cli(["consolidate", str(folder), "--year", "2024", "--out", str(out), "-q"])
    assert res.code == ExitCode.DATA, res.stderr
    assert REVISED in res.stdout and OWN in res.stdout
    files = load_workbook(out / "ket-qua-2024.xlsx")[L.RESULT_SHEET_FILES]
    conflicted = [r for r in files.iter_rows(values_only=True) if r[0] and AGENCY in str(r[0])]
    assert len(conflicted) == 2 and all(CONFLICT_REASON in str(r[7]) for r in conflicted)
    for report in ("bao-cao-2024.html", "bao-cao-2024.md"):
        assert REVISED in (out / report).read_text(encoding="utf-8"), report
    res = cli(["status", str(folder), "--year", "2024"])
    assert res.code == ExitCode.DATA and REVISED in res.stdout


def test_later_report_is_used_and_the_reason_names_both_dates(tmp_path: Path, catalog: Catalog) -> None:
    folder = copy_samples(tmp_path)
    earlier = _report_date(folder / OWN)
    revised = _edit(Path(shutil.copy(folder / OWN, folder / REVISED)), _raise_first_value)
    _edit(revised, _set_date(earlier.day + 11))
    result = consolidate(folder, 2024, catalog)
    assert not result.conflicts
    entries = {f.fate: f for f in result.files if f.agency == AGENCY}
    assert set(entries) == {"used", "superseded"} and entries["used"].file == str(revised)
    reason = entries["superseded"].reason
    later = earlier.replace(day=earlier.day + 11)
    assert earlier.strftime("%d/%m/%Y") in reason and later.strftime("%d/%m/%Y") in reason
    assert revised.name in reason and str(revised.parent) not in reason  # a name, not a path
    sources = {s.file for f in result.indicator("05").figures for s in f.sources if s.agency == AGENCY}
    assert sources == {str(revised)}


def test_identical_copy_is_counted_once(tmp_path: Path, catalog: Catalog) -> None:
    folder = copy_samples(tmp_path)
    before = consolidate(folder, 2024, catalog)
    copy = Path(shutil.copy(folder / OWN, folder / f"{AGENCY} (1).xlsx"))
    result = consolidate(folder, 2024, catalog)
    assert not result.conflicts and result.exit_code == before.exit_code
    fates = {f.file: f.fate for f in result.files if f.agency == AGENCY}
    assert fates == {str(folder / OWN): "used", str(copy): "duplicate"}
    assert [(i.code, i.value, i.status) for i in result.indicators] == [
        (i.code, i.value, i.status) for i in before.indicators
    ]


def test_file_named_for_another_agency_gets_a_warning(tmp_path: Path, catalog: Catalog) -> None:
    folder = copy_samples(tmp_path)
    misnamed = folder / "bgindex-2024-SXD.xlsx"
    (folder / OWN).replace(misnamed)  # SYT's report under SXD's name; SXD's own file is gone
    report = read_workbook(misnamed, catalog, 2024)
    assert [(i.code, i.file) for i in report.issues if i.code == "W_FILE_NAME_AGENCY"] == [
        ("W_FILE_NAME_AGENCY", str(misnamed))
    ]
    assert report.status == "valid" and report.agency == AGENCY
    result = consolidate(folder, 2024, catalog)
    status = {s.agency: s for s in result.agencies}
    assert status[AGENCY].used_file == str(misnamed) and status["SXD"].status == "missing"
    own = read_workbook(copy_samples(tmp_path / "b") / OWN, catalog, 2024)
    assert "W_FILE_NAME_AGENCY" not in {i.code for i in own.issues}
