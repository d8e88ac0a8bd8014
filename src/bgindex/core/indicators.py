"""Where every indicator is computed: agencies' figures combined by the catalogue rule, then the
formula; with provenance, cross-checks and per-agency breakdowns."""

from __future__ import annotations

from collections.abc import Mapping, Sequence
from dataclasses import dataclass, field
from typing import Literal

from bgindex.catalog.model import Agency, Catalog, Indicator
from bgindex.core.formula import evaluate, evaluate_indicator, evaluate_secondary, formula_text
from bgindex.model.reports import AgencyReport
from bgindex.model.results import (
    AgencyPart,
    Discrepancy,
    Fault,
    Figure,
    GroupPart,
    IndicatorStatus,
    Secondary,
    Source,
)
from bgindex.model.vn import amount_text, indicator_number, vn_number

Period = Literal["current", "previous"]


@dataclass
class Computed:
    """One indicator for one period."""

    value: float | None
    numerator: float | None
    denominator: float | None
    status: IndicatorStatus
    reasons: list[str] = field(default_factory=list)
    figures: list[Figure] = field(default_factory=list)
    discrepancies: list[Discrepancy] = field(default_factory=list)
    secondary: float | None = None
    faults: list[Fault] = field(default_factory=list)


def _pick(report: AgencyReport, code: str, period: Period) -> float | None:
    entry = report.values.get(code)
    if entry is None:
        return None
    return entry.value if period == "current" else entry.previous


def _source(report: AgencyReport, code: str, period: Period, role: Literal["value", "cross_check"]) -> Source:
    entry = report.values[code]
    return Source(
        agency=report.agency or "",
        file=report.file,
        sheet=entry.sheet,
        cell=entry.cell if period == "current" else entry.previous_cell,
        variable=code,
        value=_pick(report, code, period),
        role=role,
    )


class Combiner:
    """Combines agencies' figures for one year's reports."""

    def __init__(
        self,
        catalog: Catalog,
        year: int,
        reports: dict[str, AgencyReport],
        absent: dict[str, str],
        faults: list[Fault] | None = None,
    ) -> None:
        self.catalog = catalog
        self.year = year
        self.reports = reports
        self.absent = absent  # agency -> why its figures are missing (no file, rejected, ...)
        # (agency, variable, period) -> the error that kept a figure of a used file out
        self.faults = {(f.agency, f.variable, f.period): f for f in faults or []}

    def _name(self, agency: str) -> str:
        return self.catalog.agency_name_for_year(agency, self.year)

    def _why(self, agencies: list[str], code: str, period: Period) -> str:
        return "; ".join(
            fault.reason
            if (fault := self.faults.get((a, code, period)))
            else f"{self._name(a)} ({self.absent.get(a, 'không có số liệu')})"
            for a in agencies
        )

    def figure(
        self, ind: Indicator, code: str, period: Period
    ) -> tuple[Figure, list[str], list[Discrepancy]]:
        """The province figure of one variable; reasons for anything missing; discrepancies."""
        var = self.catalog.variable_by_code[code]
        if var.derived:
            return self._derived(ind, code, period)
        fig = Figure(variable=code, label=var.label, unit=var.unit)
        reporters = self.catalog.reporters(code, self.year)
        have = [
            a for a in reporters if a in self.reports and _pick(self.reports[a], code, period) is not None
        ]
        lacking = [a for a in reporters if a not in have]
        reasons: list[str] = []
        found: list[Discrepancy] = []
        rule = "single" if var.reported_by else ind.combine.rule
        if rule == "lead" and ind.combine.lead in reporters:
            lead = ind.combine.lead
            assert lead is not None
            others = [a for a in reporters if a != lead]
            if lead in have:
                fig.value = _pick(self.reports[lead], code, period)
                fig.sources.append(_source(self.reports[lead], code, period, "value"))
            else:
                fig.missing.append(lead)
                why = self._why([lead], code, period)
                reasons.append(f"Thiếu số liệu '{var.label}' của cơ quan chủ trì: {why}")
            present = [a for a in others if a in have]
            for a in present:
                fig.sources.append(_source(self.reports[a], code, period, "cross_check"))
            if present:
                fig.cross_check = sum(_pick(self.reports[a], code, period) or 0 for a in present)
            gone = [a for a in others if a not in have]
            if gone:
                fig.missing += gone
                reasons.append(f"Chưa đủ số liệu đối chiếu '{var.label}': {self._why(gone, code, period)}")
            elif fig.value is not None and fig.cross_check is not None:
                d = self._cross_check(ind, code, period, lead, fig.value, others, fig.cross_check)
                if d:
                    found.append(d)
        else:
            for a in have:
                fig.sources.append(_source(self.reports[a], code, period, "value"))
            if have:
                fig.value = sum(_pick(self.reports[a], code, period) or 0 for a in have)
            if lacking:
                fig.missing += lacking
                what = "Thiếu số liệu" if not have else "Chưa đủ số liệu"
                reasons.append(f"{what} '{var.label}': {self._why(lacking, code, period)}")
        return fig, reasons, found

    def _derived(
        self, ind: Indicator, code: str, period: Period
    ) -> tuple[Figure, list[str], list[Discrepancy]]:
        """A figure computed from reported ones (rural = total − urban): their cells are its sources."""
        var = self.catalog.variable_by_code[code]
        fig = Figure(
            variable=code, label=var.label, unit=var.unit, derived=derivation_text(self.catalog, code)
        )
        reasons: list[str] = []
        found: list[Discrepancy] = []
        signed: list[float | None] = []
        for sign, term in var.terms:
            part, why, disc = self.figure(ind, term, period)
            fig.sources += part.sources
            fig.missing += [a for a in part.missing if a not in fig.missing]
            reasons += why
            found += disc
            signed.append(None if part.value is None else sign * part.value)
        total = None if None in signed else sum(v for v in signed if v is not None)
        if total is not None and total < 0:
            reasons.append(f"'{var.label}' tính ra bằng {amount_text(total)} {var.unit} (âm): {fig.derived}.")
            total = None
        fig.value = total
        return fig, reasons, found

    def _cross_check(
        self,
        ind: Indicator,
        code: str,
        period: Period,
        lead: str,
        lead_value: float,
        others: list[str],
        others_value: float,
    ) -> Discrepancy | None:
        diff = lead_value - others_value
        base = max(abs(lead_value), abs(others_value))
        rel = abs(diff) / base if base else 0.0
        if rel <= ind.combine.tolerance + 1e-12:
            return None
        var = self.catalog.variable_by_code[code]
        tol = f"{vn_number(ind.combine.tolerance * 100)} %"
        return Discrepancy(
            indicator=ind.code,
            kind="cross_check",
            period=period,
            variable=code,
            label=var.label,
            unit=var.unit,
            lead=lead,
            lead_value=lead_value,
            others=others,
            others_value=others_value,
            difference=diff,
            relative=rel * 100,
            tolerance=ind.combine.tolerance * 100,
            message=(
                f"{self._name(lead)} báo cáo {amount_text(lead_value)} {var.unit}, tổng của "
                f"{len(others)} cơ quan đối chiếu là {amount_text(others_value)} {var.unit} "
                f"(chênh {vn_number(rel * 100)} %, vượt ngưỡng {tol})."
            ),
        )

    def compute(self, ind: Indicator, period: Period) -> Computed:
        values: dict[str, float | None] = {}
        figures: list[Figure] = []
        reasons: list[str] = []
        found: list[Discrepancy] = []
        faults: list[Fault] = []
        incomplete = False
        for code in ind.variables:
            fig, why, disc = self.figure(ind, code, period)
            figures.append(fig)
            values[code] = fig.value
            reasons += why
            found += disc
            var = self.catalog.variable_by_code[code]
            sources = [term for _, term in var.terms] if var.derived else [code]  # a derived figure's own
            faults += [
                f
                for a in fig.missing
                for c in sources
                if (f := self.faults.get((a, c, period))) and f not in faults
            ]
            incomplete = incomplete or bool(fig.missing)
        ev = evaluate_indicator(ind, values)
        secondary = evaluate_secondary(ind.secondary, values).value if ind.secondary else None
        if ev.outcome == "missing":
            status: IndicatorStatus = "not_computable"
        elif ev.outcome == "not_applicable":
            status = "not_applicable"
            reasons.append("Mẫu số bằng 0: không phát sinh đối tượng để tính tỷ lệ.")
        else:
            status = "incomplete" if incomplete else "complete"
        if ev.value is not None and ind.is_percent and ev.value > 100 + 1e-9:
            found.append(
                Discrepancy(
                    indicator=ind.code,
                    kind="over_100",
                    period=period,
                    message=f"Kết quả {indicator_number(ev.value, ind.decimals)} % vượt 100 %: tử số "
                    f"{amount_text(ev.numerator)} lớn hơn mẫu số {amount_text(ev.denominator)}; "
                    "cần đối chiếu số liệu giữa các cơ quan.",
                )
            )
        return Computed(
            ev.value, ev.numerator, ev.denominator, status, reasons, figures, found, secondary, faults
        )

    def _group_of(self, agency: Agency) -> str:
        key = self.catalog.profile.group_by
        return agency.groups.get(key, "") if key else ""

    def breakdown(self, ind: Indicator) -> list[AgencyPart]:
        """Each agency's own figures and result (for per-district tables and sums)."""
        parts: list[AgencyPart] = []
        for agency in self.catalog.indicator_agencies(ind, self.year):
            a = self.catalog.agency_by_code[agency]
            part = AgencyPart(agency=agency, name=self._name(agency), kind=a.kind, group=self._group_of(a))
            report = self.reports.get(agency)
            own = [c for c in ind.variables if agency in self.catalog.reporters(c, self.year)]
            if report is None or not own:
                part.status = "missing"
                parts.append(part)
                continue
            cur = {c: _pick(report, c, "current") for c in own}
            prev = {c: _pick(report, c, "previous") for c in own}
            if not all(c in own for c in [*ind.numerator, *ind.denominator]):
                part.status = "partial"
                part.numerator = _sum_known(ind.numerator, cur)
                part.denominator = _sum_known(ind.denominator, cur)
                parts.append(part)
                continue
            ev = evaluate_indicator(ind, cur)
            part.numerator, part.denominator, part.value = ev.numerator, ev.denominator, ev.value
            part.previous = evaluate_indicator(ind, prev).value
            part.status = {"ok": "ok", "not_applicable": "not_applicable", "missing": "missing"}[ev.outcome]  # type: ignore[assignment]
            parts.append(part)
        return parts


def grouped_parts(
    catalog: Catalog, year: int, ind: Indicator, reports: Mapping[str, AgencyReport]
) -> list[GroupPart]:
    """The local units answering for `ind`, added up by the profile's group_by attribute (numerators
    and denominators summed, then the ratio: never an average of ratios); empty without group_by."""
    key = catalog.profile.group_by
    if not key:
        return []
    inputs = [*ind.numerator, *ind.denominator]
    out: dict[str, GroupPart] = {}
    sums: dict[str, tuple[dict[str, float], dict[str, float], list[bool]]] = {}
    for agency in catalog.indicator_agencies(ind, year):
        group = catalog.agency_by_code[agency].groups.get(key)
        if group is None:
            continue
        part = out.setdefault(group, GroupPart(group=group))
        cur, prev, prev_ok = sums.setdefault(
            group, ({c: 0.0 for c in inputs}, {c: 0.0 for c in inputs}, [True])
        )
        part.units += 1
        report = reports.get(agency)
        own = [c for c in inputs if agency in catalog.reporters(c, year)]
        if report is None or len(own) < len(inputs):
            continue
        now = {c: _pick(report, c, "current") for c in own}
        if any(v is None for v in now.values()):
            continue
        part.reported += 1
        for c in inputs:
            cur[c] += now[c]  # type: ignore[operator]
            before = _pick(report, c, "previous")
            if before is None:
                prev_ok[0] = False
            else:
                prev[c] += before
    for group, part in out.items():
        cur, prev, prev_ok = sums[group]
        if not part.reported:
            part.status = "missing"
            continue
        ev = evaluate_indicator(ind, cur)
        part.numerator, part.denominator, part.value = ev.numerator, ev.denominator, ev.value
        part.previous = evaluate_indicator(ind, prev).value if prev_ok[0] else None
        if ev.outcome == "not_applicable":
            part.status = "not_applicable"
        elif part.reported < part.units:
            part.status = "partial"
    return list(out.values())


def _sum_known(codes: Sequence[str], values: dict[str, float | None]) -> float | None:
    known = [values[c] for c in codes if values.get(c) is not None]
    return sum(known) if known else None  # type: ignore[arg-type]


def derivation_text(catalog: Catalog, code: str) -> str:
    """How a derived variable is computed, in words: 'Tổng dân số toàn tỉnh − Dân số khu vực đô thị'."""
    words = [
        ("+ " if sign > 0 else "− ") + catalog.variable_by_code[term].label
        for sign, term in catalog.variable_by_code[code].terms
    ]
    return " ".join(words).removeprefix("+ ")


def describe_formula(ind: Indicator, catalog: Catalog) -> str:
    labels = {
        v.code: f"{v.label} (= {derivation_text(catalog, v.code)})" if v.derived else v.label
        for v in catalog.variables
    }
    return formula_text(ind, labels)


def secondary_result(ind: Indicator, current: Computed, previous: Computed | None) -> Secondary | None:
    if ind.secondary is None:
        return None
    return Secondary(
        label=ind.secondary.label,
        unit=ind.secondary.unit,
        decimals=ind.secondary.decimals,
        value=current.secondary,
        previous=previous.secondary if previous else None,
    )


__all__ = ["Combiner", "Computed", "describe_formula", "evaluate", "grouped_parts", "secondary_result"]
