"""Last year's result checked before it is trusted: against its own inputs and this year's agencies."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

from pydantic import BaseModel

from bgindex.catalog.model import Catalog
from bgindex.core.indicators import Combiner
from bgindex.model.reports import AgencyReport, VariableValue
from bgindex.model.results import BaselineDoubt, YearData
from bgindex.model.status import INDICATOR_STATUS_VI
from bgindex.model.vn import amount_text, indicator_number
from bgindex.reading import layout as L

ADJUST_EPSILON = 1e-6  # relative: a previous-year figure that differs by more was changed


class Adjustment(BaseModel):
    """An agency's previous-year figure this year that differs from what was consolidated last year."""

    agency: str
    name: str
    variable: str
    label: str
    unit: str
    indicators: list[str]
    consolidated: float
    reported_now: float
    file: str = ""
    cell: str = ""


def _differs(value: float, reference: float) -> bool:
    return abs(value - reference) > ADJUST_EPSILON * max(1.0, abs(reference))


def previous_adjustments(ind_code: str, catalog: Catalog, old: YearData, new: YearData) -> list[Adjustment]:
    """Inputs of one indicator whose previous-year figure in `new` is not last year's value in `old`
    for the same territory: the agency's own plus the units merged into it since (TP Bắc Giang 2024
    against TP Bắc Giang + Yên Dũng 2023); none where part of a territory moved (previous_units)."""
    if new.year != old.year + 1:
        return []
    ind = catalog.indicator_by_code[ind_code]
    out: list[Adjustment] = []
    for agency in catalog.indicator_agencies(ind, new.year):
        units = catalog.previous_units(agency, new.year)
        if units is None:
            continue
        for code in ind.variables:
            now = new.inputs.get(agency, {}).get(code)
            before = [old.inputs.get(u, {}).get(code) for u in units]
            if now is None or now.previous is None or any(b is None or b.value is None for b in before):
                continue
            then_value = sum(b.value for b in before if b is not None and b.value is not None)
            if _differs(now.previous, then_value):
                var = catalog.variable_by_code[code]
                out.append(
                    Adjustment(
                        agency=agency,
                        name=catalog.agency_name_for_year(agency, new.year),
                        variable=code,
                        label=var.label,
                        unit=var.unit,
                        indicators=[i.code for i in catalog.indicators if code in i.variables],
                        consolidated=then_value,
                        reported_now=now.previous,
                        file=now.file,
                        cell=now.previous_cell,
                    )
                )
    return out


def _both(stored: float | None, got: float | None, decimals: int) -> tuple[str, str]:
    """Two values of an indicator at its precision; where that shows no difference, as many
    decimals as it takes to see one (the file may have been edited by a rounding's width)."""

    def text(value: float | None, number: Callable[[float], str]) -> str:
        return "không có số liệu" if value is None else number(value)

    a, b = (text(v, lambda x: indicator_number(x, decimals)) for v in (stored, got))
    if a == b:
        a, b = (text(v, amount_text) for v in (stored, got))
    return a, b


def recomputed_doubts(prior: YearData, catalog: Catalog) -> list[BaselineDoubt]:
    """Each indicator of a result recomputed from the result's own inputs sheet; a disagreement is a doubt."""
    reports: dict[str, AgencyReport] = {}
    for agency, values in prior.inputs.items():
        if agency not in catalog.agency_by_code:
            continue
        reports[agency] = AgencyReport(
            file=next((iv.file for iv in values.values() if iv.file), ""),
            agency=agency,
            year=prior.year,
            values={
                code: VariableValue(
                    code=code, sheet="", cell=iv.cell, previous_cell=iv.previous_cell, value=iv.value
                )
                for code, iv in values.items()
                if code in catalog.variable_by_code
            },
        )
    combiner = Combiner(catalog, prior.year, reports, {})
    out: list[BaselineDoubt] = []
    for code, stored in sorted(prior.indicators.items()):
        ind = catalog.indicator_by_code.get(code)
        if ind is None or not ind.active(prior.year):
            continue
        got = combiner.compute(ind, "current")
        same_value = (got.value is None) == (stored.value is None) and (
            got.value is None or stored.value is None or not _differs(stored.value, got.value)
        )
        if same_value and got.status == stored.status:
            continue
        written, recomputed = _both(stored.value, got.value, ind.decimals)
        out.append(
            BaselineDoubt(
                kind="value_vs_inputs",
                file=prior.file_name,
                sheet=L.RESULT_SHEET_INDICATORS,
                cell=stored.at,
                indicator=code,
                message=(
                    f"Chỉ số {code}: tệp ghi năm {prior.year} là {written} "
                    f"({INDICATOR_STATUS_VI[stored.status]}), nhưng tính lại từ số liệu đầu vào của chính "
                    f"tệp (trang '{L.RESULT_SHEET_INPUTS}') được {recomputed} "
                    f"({INDICATOR_STATUS_VI[got.status]})."
                ),
            )
        )
    return out


def baseline_doubts(prior: YearData, catalog: Catalog) -> list[BaselineDoubt]:
    """Everything that makes a result read back doubtful: what reading found, then the recomputation."""
    return [*prior.doubts, *recomputed_doubts(prior, catalog)]


def adjustment_doubts(prior: YearData, now: YearData, catalog: Catalog) -> list[BaselineDoubt]:
    """This year's previous-year columns against last year's consolidated inputs, once per agency/variable."""
    seen: set[tuple[str, str]] = set()
    out: list[BaselineDoubt] = []
    for ind in catalog.active_indicators(now.year):
        for adj in previous_adjustments(ind.code, catalog, prior, now):
            if (adj.agency, adj.variable) in seen:
                continue
            seen.add((adj.agency, adj.variable))
            out.append(
                BaselineDoubt(
                    kind="previous_adjusted",
                    file=Path(adj.file).name,
                    cell=adj.cell,
                    indicator=ind.code,
                    agency=adj.agency,
                    variable=adj.variable,
                    message=(
                        f"{adj.name} báo cáo '{adj.label}' năm {prior.year} là "
                        f"{amount_text(adj.reported_now)} {adj.unit} (ô {adj.cell}), khác số đã tổng hợp "
                        f"trong {prior.file_name} là {amount_text(adj.consolidated)} {adj.unit}; kết quả "
                        f"năm {prior.year} lấy theo tệp tổng hợp."
                    ),
                )
            )
    return out
