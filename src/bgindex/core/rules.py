"""Rules across cells of one agency's report: part within whole, causes, evidence, self-results."""

from __future__ import annotations

import operator

from bgindex.catalog.model import Catalog
from bgindex.core.formula import evaluate_indicator
from bgindex.model.issues import Issue, make_issue
from bgindex.model.reports import AgencyReport
from bgindex.model.vn import vn_number

OPS = {"<=": operator.le, "<": operator.lt, ">=": operator.ge, ">": operator.gt, "==": operator.eq}
SELF_TOLERANCE = 0.05  # absolute, in the indicator's unit, after rounding to 2 decimals


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
                    left=vn_number(lv),
                    right=vn_number(rv),
                    other=getattr(right, cell_attr),
                )
            )
    documented = {d.indicator for d in report.documents if d.indicator}
    for ind in catalog.indicators_for(agency, year):
        entry = report.indicators.get(ind.code)
        mine = [values[c] for c in ind.variables if c in values]
        changed = any(v.value is not None and v.previous is not None and v.value != v.previous for v in mine)
        if entry is not None:
            if entry.self_value is not None and entry.self_previous is not None:
                changed = changed or entry.self_value != entry.self_previous
            if changed and not entry.cause:
                issues.append(
                    make_issue(
                        "W_CAUSE_MISSING",
                        label,
                        entry.sheet,
                        entry.cause_cell,
                        indicator=ind.code,
                        ind=ind.key,
                    )
                )
            own = evaluate_indicator(ind, {c: values[c].value for c in values})
            if (
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
                        computed=vn_number(own.value),
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
