"""Figures implausible next to last year's: changes by a large factor, year columns not moved or swapped."""

from __future__ import annotations

import math
from collections.abc import Mapping
from typing import TYPE_CHECKING

from bgindex.catalog.model import Catalog
from bgindex.model.issues import Issue, IssueCode, make_issue
from bgindex.model.reports import AgencyReport, FileReport, VariableValue
from bgindex.model.vn import amount_text, vn_number

if TYPE_CHECKING:  # a worker validating files never needs the results model (0.1 s to import)
    from bgindex.model.results import InputValue, YearData

# Warnings of a used file that doubt a figure of the result: carried into the consolidation.
FIGURE_DOUBTS: tuple[IssueCode, ...] = ("W_CHANGE_FACTOR", "W_PERCENT_AS_FRACTION")


def factor(a: float | None, b: float | None) -> float | None:
    """How many times the larger of two non-zero figures is the smaller (None when one is 0 or absent)."""
    if a is None or b is None or a == 0 or b == 0:
        return None
    ratio = abs(a / b)
    return max(ratio, 1 / ratio)


def _same(a: float | None, b: float | None) -> bool:
    return a is not None and b is not None and math.isclose(a, b, rel_tol=1e-9, abs_tol=1e-9)


def carried_doubts(used: Mapping[str, FileReport]) -> list[Issue]:
    """The figure-doubt warnings of the files used, in agency order."""
    return [i for _, f in sorted(used.items()) for i in f.issues if i.code in FIGURE_DOUBTS]


def against_last_year(
    reports: Mapping[str, AgencyReport], prior: YearData, catalog: Catalog, year: int
) -> list[Issue]:
    """Each used report against last year's consolidated inputs of the same agency."""
    out: list[Issue] = []
    for agency, rep in sorted(reports.items()):
        last = prior.inputs.get(agency, {})
        out += _changed_figures(rep, last, catalog, year)
        columns = _columns(rep, last, year)
        if columns is not None:
            out.append(columns)
    return out


def _changed_figures(
    rep: AgencyReport, last: Mapping[str, InputValue], catalog: Catalog, year: int
) -> list[Issue]:
    """A figure many times last year's consolidated one; skipped when the file's own previous
    column already shows the jump (validation warned at that cell)."""
    limit = catalog.profile.magnitude_factor
    out: list[Issue] = []
    for code, v in rep.values.items():
        before = last.get(code)
        times = factor(v.value, before.value if before else None)
        if times is None or times < limit or (factor(v.value, v.previous) or 0) >= limit:
            continue
        assert before is not None
        out.append(
            make_issue(
                "W_PRIOR_CHANGE_FACTOR",
                rep.file,
                v.sheet,
                v.cell,
                v.value,
                variable=code,
                year=year,
                previous_year=year - 1,
                current=amount_text(v.value),
                previous=amount_text(before.value),
                factor=vn_number(times, 0 if times >= 100 else 1),
            )
        )
    return out


def _columns(rep: AgencyReport, last: Mapping[str, InputValue], year: int) -> Issue | None:
    """Both year columns repeating last year's two columns, or the two year columns exchanged.
    Decided over every figure the file and last year's result both hold; a figure that did not
    change tells nothing, so at least one must differ from the year before."""
    pairs: list[tuple[VariableValue, InputValue]] = [
        (v, last[c])
        for c, v in rep.values.items()
        if c in last and v.value is not None and v.previous is not None and last[c].value is not None
    ]
    if not pairs:
        return None
    cur_is_last = all(_same(v.value, p.value) for v, p in pairs)
    prev_is_last = all(_same(v.previous, p.value) for v, p in pairs)
    prev_is_older = all(_same(v.previous, p.previous) for v, p in pairs)
    cur_is_older = all(_same(v.value, p.previous) for v, p in pairs)
    moved = any(not _same(p.value, p.previous) for _, p in pairs)
    code: IssueCode | None = None
    detail = ""
    if cur_is_last and prev_is_older and moved:
        code = "W_COLUMNS_NOT_MOVED"
    elif cur_is_last and not prev_is_last and not prev_is_older:
        code = "W_COLUMNS_SWAPPED"
        detail = (
            f"cột năm {year} ghi đúng số liệu năm {year - 1} trong kết quả tổng hợp năm trước, "
            f"còn cột năm {year - 1} ghi số liệu khác"
        )
    elif cur_is_older and prev_is_last and moved:
        code = "W_COLUMNS_SWAPPED"
        detail = (
            f"hai cột ghi lại số liệu năm {year - 2} và năm {year - 1} của kết quả tổng hợp năm trước "
            f"theo thứ tự ngược (cột năm {year} ghi số liệu năm {year - 2})"
        )
    if code is None:
        return None
    first = pairs[0][0]
    return make_issue(
        code,
        rep.file,
        first.sheet,
        first.cell,
        first.value,
        year=year,
        previous_year=year - 1,
        older_year=year - 2,
        count=len(pairs),
        detail=detail,
    )
