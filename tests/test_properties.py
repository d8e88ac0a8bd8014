"""Property-based: whatever is done to a valid workbook, validate returns a structured result."""

from __future__ import annotations

import datetime as dt
import io
import math
import tempfile
from functools import cache
from pathlib import Path
from typing import Any

from helpers import filled
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st
from openpyxl import load_workbook
from openpyxl.utils.exceptions import IllegalCharacterError

from bgindex.catalog import load_catalog
from bgindex.core.validate import validate, validate_file
from bgindex.model.issues import TYPES
from bgindex.model.reports import FileReport

SETTINGS = {
    "derandomize": True,
    "deadline": None,
    "suppress_health_check": [HealthCheck.too_slow, HealthCheck.data_too_large],
}


@cache
def base() -> tuple[bytes, Any]:
    """A valid filled workbook (bytes) and the catalogue, made once per session."""
    catalog = load_catalog()
    folder = Path(tempfile.mkdtemp(prefix="bgindex-prop-"))
    return filled(folder, catalog, "SNNPTNT").read_bytes(), catalog


# ---- values a cell may be given ------------------------------------------------------------------------

# Control characters are left out: openpyxl cannot write them (the corpus covers them, by surgery).
texts = st.text(st.characters(codec="utf-8", exclude_categories=("Cs", "Cc")), max_size=40)
values = st.one_of(
    st.none(),
    st.integers(min_value=-(10**20), max_value=10**20),
    st.floats(allow_nan=True, allow_infinity=True),
    st.booleans(),
    st.dates(min_value=dt.date(1900, 3, 1), max_value=dt.date(9999, 12, 31)),
    st.datetimes(min_value=dt.datetime(1900, 3, 1), max_value=dt.datetime(9999, 12, 31)),
    texts,
    st.sampled_from(
        [
            "1.234,5",
            "1.234",
            "85 %",
            "12 ha",
            "NaN",
            "nan",
            "inf",
            "-0",
            "1e308",
            "#DIV/0!",
            "#N/A",
            "=1/0",
            "=A1+B2",
            "=SUM(D5:D9)",
            '=HYPERLINK("x")',
            "+1",
            "-1",
            "@A1",
            "CS01",
            "cs 1",
            "c01_nt_phat_sinh",
            "Năm 2024",
            "Mã",
            "agency-report",
            "10/02/2025",
            "31/02/2025",
            "2025-02-10",
            "T¨ng do",
            "Taêng do",
            "  ",
            "\u200b",
            "x" * 5000,
            "Tăng " * 6553,
        ]
    ),
)
sheet_index = st.integers(min_value=0, max_value=6)
rows = st.integers(min_value=1, max_value=60)
cols = st.integers(min_value=1, max_value=12)

mutations = st.one_of(
    st.tuples(st.just("set"), sheet_index, rows, cols, values),
    st.tuples(st.just("data"), st.integers(5, 18), st.integers(4, 6), values),
    st.tuples(st.just("data"), st.integers(4, 20), st.integers(1, 8), values),
    st.tuples(st.just("insert_rows"), sheet_index, rows, st.integers(1, 5)),
    st.tuples(st.just("delete_rows"), sheet_index, rows, st.integers(1, 5)),
    st.tuples(st.just("insert_cols"), sheet_index, cols, st.integers(1, 3)),
    st.tuples(st.just("delete_cols"), sheet_index, cols, st.integers(1, 3)),
    st.tuples(st.just("rename"), sheet_index, texts),
    st.tuples(st.just("remove"), sheet_index),
    st.tuples(st.just("hide"), sheet_index, st.sampled_from(["hidden", "veryHidden", "visible"])),
    st.tuples(st.just("add"), texts, st.lists(values, max_size=5)),
    st.tuples(st.just("merge"), sheet_index, rows, cols, st.integers(0, 3), st.integers(0, 3)),
    st.tuples(st.just("hide_row"), sheet_index, rows),
    st.tuples(st.just("meta"), st.integers(1, 7), values),
)


def _sheet(wb: Any, index: int) -> Any:
    return wb.worksheets[index % len(wb.worksheets)]


def apply(wb: Any, mutation: tuple) -> None:
    kind, *args = mutation
    if kind == "set":
        index, row, col, value = args
        cell = _sheet(wb, index).cell(row, col)
        if cell.__class__.__name__ == "MergedCell":
            return
        cell.value = value
    elif kind == "data" and "Số liệu" in wb.sheetnames:
        row, col, value = args
        cell = wb["Số liệu"].cell(row, col)
        if cell.__class__.__name__ != "MergedCell":
            cell.value = value
    elif kind in ("insert_rows", "delete_rows", "insert_cols", "delete_cols"):
        index, at, amount = args
        getattr(_sheet(wb, index), kind)(at, amount)
    elif kind == "rename":
        index, title = args
        _sheet(wb, index).title = title[:31] or "x"
    elif kind == "remove" and len(wb.worksheets) > 1:
        wb.remove(_sheet(wb, args[0]))
    elif kind == "hide":
        index, state = args
        _sheet(wb, index).sheet_state = state
    elif kind == "add":
        title, row = args
        ws = wb.create_sheet((title[:31] or "Trang") if title[:31] not in wb.sheetnames else None)
        ws.append(row)
    elif kind == "merge":
        index, row, col, down, right = args
        _sheet(wb, index).merge_cells(
            start_row=row, start_column=col, end_row=row + down, end_column=col + right
        )
    elif kind == "hide_row":
        index, row = args
        _sheet(wb, index).row_dimensions[row].hidden = True
    elif kind == "meta" and "_bgindex" in wb.sheetnames:
        row, value = args
        wb["_bgindex"].cell(row, 2).value = value


def mutated(changes: list[tuple]) -> bytes | None:
    """The base workbook with the changes applied; None when openpyxl itself refuses them."""
    data, _ = base()
    wb = load_workbook(io.BytesIO(data))
    for change in changes:
        try:
            apply(wb, change)
        except (ValueError, IllegalCharacterError, TypeError, KeyError, IndexError):
            continue  # openpyxl refuses (bad title, illegal character...): not our input
    if not any(ws.sheet_state == "visible" for ws in wb.worksheets):
        wb.worksheets[0].sheet_state = "visible"
    wb.active = next(i for i, ws in enumerate(wb.worksheets) if ws.sheet_state == "visible")
    out = io.BytesIO()
    try:
        wb.save(out)
    except (ValueError, IllegalCharacterError, TypeError, OverflowError):
        return None
    return out.getvalue()


def check(report: FileReport) -> None:
    assert isinstance(report, FileReport)
    assert report.status in ("valid", "invalid", "unreadable")
    for issue in report.issues:
        assert issue.code in TYPES, issue.code
        assert issue.severity == TYPES[issue.code].severity
        assert issue.message and issue.hint
    assert report.errors == sum(i.severity == "error" for i in report.issues)
    assert report.warnings == sum(i.severity == "warning" for i in report.issues)
    if report.status == "valid":
        assert report.errors == 0 and report.report is not None
    if report.status == "unreadable":
        assert any(i.fatal for i in report.issues)
    if report.report is not None:
        for v in report.report.values.values():
            assert v.value is None or math.isfinite(v.value)


@settings(max_examples=150, **SETTINGS)
@given(st.lists(mutations, min_size=1, max_size=8))
def test_mutated_workbooks_always_get_a_structured_answer(tmp_path_factory, changes):
    data = mutated(changes)
    if data is None:
        return
    _, catalog = base()
    path = tmp_path_factory.mktemp("m") / "bgindex-2024-SNNPTNT.xlsx"
    path.write_bytes(data)
    check(validate_file(path, catalog, 2024))


@settings(max_examples=12, **SETTINGS)
@given(st.lists(mutations, min_size=1, max_size=6))
def test_mutated_workbooks_through_the_isolated_workers(tmp_path_factory, changes):
    data = mutated(changes)
    if data is None:
        return
    _, catalog = base()
    path = tmp_path_factory.mktemp("p") / "bao-cao.xlsx"
    path.write_bytes(data)
    result = validate([path], catalog, 2024, workers=1)
    assert len(result.files) == 1
    check(result.files[0])
    assert result.exit_code in (0, 1, 3)


@settings(max_examples=30, **SETTINGS)
@given(
    st.lists(st.tuples(st.integers(min_value=0), st.binary(min_size=1, max_size=8)), min_size=1, max_size=4),
    st.integers(min_value=0),
)
def test_damaged_bytes_always_get_a_structured_answer(tmp_path_factory, patches, cut):
    """Bytes overwritten anywhere in the file, and the file cut anywhere: through the workers,
    since damage may reach the native reader."""
    data = bytearray(base()[0])
    for offset, chunk in patches:
        at = offset % len(data)
        data[at : at + len(chunk)] = chunk
    data = data[: max(1, len(data) - cut % 64)]
    path = tmp_path_factory.mktemp("b") / "hong.xlsx"
    path.write_bytes(bytes(data))
    result = validate([path], base()[1], 2024, workers=1)
    check(result.files[0])
