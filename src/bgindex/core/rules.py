"""Rules across cells of one agency's report: part within whole, causes, evidence, self-results, jumps."""

from __future__ import annotations

import operator
import re
import unicodedata

from bgindex.catalog.model import Catalog, Indicator
from bgindex.core.change import figure_owes
from bgindex.core.formula import evaluate_indicator
from bgindex.core.plausibility import factor
from bgindex.model.issues import Issue, make_issue
from bgindex.model.reports import AgencyReport
from bgindex.model.vn import amount_text, indicator_number, vn_number

OPS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq}
SELF_TOLERANCE = 0.05  # absolute, in the indicator's unit, after rounding to 2 decimals
_EDGES = re.compile(r"^[\W_]+|[\W_]+$")


def _bare(text: str) -> str:
    """'  Không. ' -> 'không', '.' -> '': how a cause is compared with the non-answers."""
    return _EDGES.sub("", " ".join(unicodedata.normalize("NFC", text).casefold().split()))


def gives_no_cause(cause: str, non_answers: tuple[str, ...]) -> bool:
    """Is the cause column empty, or filled with a placeholder ('.', 'x', 'như năm trước')?"""
    bare = _bare(cause)
    return not bare or bare in {_bare(n) for n in non_answers}


def check_report(report: AgencyReport, catalog: Catalog, label: str) -> list[Issue]:
    """Every cross-cell rule; cells that failed parsing are absent and never checked again."""
    if report.agency is None or report.year is None:
        return []
    issues: list[Issue] = []
    agency, year = report.agency, report.year
    values = report.values
    for check in catalog.checks_for(agency, year):
        left, right = values.get(check.left), values.get(check.right)
        if left is None or right is None:
            continue
        for attr, cell_attr in (("value", "cell"), ("previous", "previous_cell")):
            lv, rv = getattr(left, attr), getattr(right, attr)
            if lv is None or rv is None or OPS[check.op](lv, rv):
                continue
            issues.append(
                make_issue(
                    "E_PART_EXCEEDS_WHOLE",
                    label,
                    left.sheet,
                    getattr(left, cell_attr),
                    lv,
                    variable=check.left,
                    indicator=check.indicator,
                    related=check.right,
                    message=check.message,
                    left=amount_text(lv),
                    right=amount_text(rv),
                    other=getattr(right, cell_attr),
                )
            )
    issues += _changes_by_factor(report, catalog, label)
    documented = {d.indicator for d in report.documents if d.indicator}
    for ind in catalog.indicators_for(agency, year):
        entry = report.indicators.get(ind.code)
        mine = [values[c] for c in ind.variables if c in values]
        # Any change owes a cause unless the profile waives small ones (the documents then say so).
        limit = catalog.threshold(ind)
        changed = any(figure_owes(v.previous, v.value, limit) for v in mine)
        if entry is not None:
            changed = changed or figure_owes(entry.self_previous, entry.self_value, limit)
            if changed and gives_no_cause(entry.cause, catalog.profile.non_answers):
                issues.append(
                    make_issue(
                        "W_CAUSE_MISSING",
                        label,
                        entry.sheet,
                        entry.cause_cell,
                        entry.cause,
                        indicator=ind.code,
                        ind=ind.key,
                    )
                )
            own = evaluate_indicator(ind, {c: values[c].value for c in values})
            fraction = _fraction(ind, entry.self_value, own.value, entry.self_previous)
            if fraction is not None:
                issues.append(
                    make_issue(
                        "W_PERCENT_AS_FRACTION",
                        label,
                        entry.sheet,
                        entry.value_cell,
                        entry.self_value,
                        indicator=ind.code,
                        written=vn_number(entry.self_value, 6),
                        percent=vn_number(100 * (entry.self_value or 0), 4),
                        reference=fraction,
                    )
                )
            elif (
                entry.self_value is not None
                and own.value is not None
                and abs(round(entry.self_value, 2) - round(own.value, 2)) > SELF_TOLERANCE
            ):
                issues.append(
                    make_issue(
                        "W_SELF_RESULT_MISMATCH",
                        label,
                        entry.sheet,
                        entry.value_cell,
                        entry.self_value,
                        indicator=ind.code,
                        computed=indicator_number(own.value, ind.decimals),
                    )
                )
        has_values = any(v.value is not None for v in mine)
        if has_values and ind.code not in documented:
            place = entry or next(iter(mine), None)
            issues.append(
                make_issue(
                    "W_NO_EVIDENCE",
                    label,
                    place.sheet if place else None,
                    place.cell if place else None,
                    indicator=ind.code,
                    ind=ind.key,
                )
            )
    return issues


def _changes_by_factor(report: AgencyReport, catalog: Catalog, label: str) -> list[Issue]:
    """A figure many times larger or smaller than the agency's own figure of the year before."""
    year = report.year or 0
    out: list[Issue] = []
    for v in report.values.values():
        times = factor(v.value, v.previous)
        if times is None or times < catalog.profile.magnitude_factor:
            continue
        out.append(
            make_issue(
                "W_CHANGE_FACTOR",
                label,
                v.sheet,
                v.cell,
                v.value,
                variable=v.code,
                year=year,
                previous_year=year - 1,
                current=amount_text(v.value),
                previous=amount_text(v.previous),
                factor=vn_number(times, 0 if times >= 100 else 1),
            )
        )
    return out


def _fraction(ind: Indicator, value: float | None, own: float | None, previous: float | None) -> str | None:
    """Why a percentage self-result between 0 and 1 looks like a fraction (0,9388 for 93,88 %), or
    None. The reference is the result of the agency's own inputs, else its self-result of the year
    before; the value is suspect when, taken ×100, it is nearer the reference than as written."""
    if not ind.is_percent or value is None or not 0 < value <= 1:
        return None
    if own is not None:
        reference, why = (
            own,
            f"số liệu đầu vào của cơ quan cho kết quả {indicator_number(own, ind.decimals)} %",
        )
    elif previous is not None:
        reference, why = previous, f"kết quả năm trước cơ quan ghi là {amount_text(previous)} %"
    else:
        return None
    if reference > 1 and abs(100 * value - reference) < abs(value - reference):
        return why
    return None
