"""Pro-forma comparison across a reorganisation: predecessors' numerators and denominators added
(never ratios averaged) and set against their successors', per cluster of corresponding units and
for the province."""

from __future__ import annotations

from collections.abc import Iterable
from typing import Literal

from pydantic import BaseModel

from bgindex.catalog.crosswalk import (
    COMPARABILITY_VI,
    STATUS_VI,
    Comparability,
    Crosswalk,
    CrosswalkStatus,
    IndicatorLink,
)
from bgindex.catalog.model import Catalog, Indicator
from bgindex.core.change import assess, change, owes_explanation
from bgindex.core.formula import evaluate_indicator
from bgindex.model.results import YearData
from bgindex.model.status import Assessment
from bgindex.reading.baseline_book import Baseline

NOT_COMPARABLE_VI = "không so sánh được"


class SideSum(BaseModel):
    """One side of a comparison: what was added, and the result of the sums."""

    units: list[str] = []  # reporting units whose figures were added
    baselines: list[str] = []  # outside units whose baseline figures were added ("BNCU (tệp)")
    figures: dict[str, float] = {}  # variable -> sum
    missing: list[str] = []  # "UNIT: variable" not available
    numerator: float | None = None
    denominator: float | None = None
    value: float | None = None
    not_applicable: bool = False


class ProFormaRow(BaseModel):
    scope: Literal["province", "cluster"]
    cluster: int | None = None
    old_units: list[str] = []
    new_units: list[str] = []
    old_names: list[str] = []
    new_names: list[str] = []
    indicator: str
    old_indicator: str | None = None
    name: str
    unit: str
    decimals: int  # the indicator's precision in documents (the newer catalogue's)
    better: Literal["higher", "lower"]
    comparability: Comparability | None = None
    comparable: bool = False
    reason: str = ""  # why not comparable, Vietnamese
    old: SideSum = SideSum()
    new: SideSum = SideSum()
    change: float | None = None
    change_pct: float | None = None
    assessment: Assessment = "unknown"
    beyond_threshold: bool = False

    @property
    def link_ok(self) -> bool:
        """Whether the crosswalk lets the indicator be compared at all."""
        return self.old_indicator is not None and self.comparability != "not_comparable"

    @property
    def shown_assessment(self) -> str:
        """'cải thiện', or 'không so sánh được: <why>'."""
        from bgindex.model.status import ASSESSMENT_VI

        if self.comparable:
            return ASSESSMENT_VI[self.assessment]
        return f"{NOT_COMPARABLE_VI}: {self.reason}" if self.reason else NOT_COMPARABLE_VI


class Cluster(BaseModel):
    id: int
    old: list[str]
    new: list[str]
    old_names: list[str]
    new_names: list[str]
    how: list[str]


class BaselineUsed(BaseModel):
    unit: str
    name: str
    year: int
    file: str


class ProForma(BaseModel):
    """What a comparison across a reorganisation rests on, and its rows."""

    crosswalk: str
    crosswalk_file: str
    crosswalk_name: str
    status: CrosswalkStatus
    status_vi: str
    source: str
    old_profile: str
    new_profile: str
    partial: bool = False  # province rows cover only the part that reported through bgindex
    note: str = ""
    baselines: list[BaselineUsed] = []
    clusters: list[Cluster] = []
    province: list[ProFormaRow] = []
    units: list[ProFormaRow] = []

    def unit_row(self, indicator: str, unit: str) -> ProFormaRow | None:
        """The unit-level comparison a new unit takes part in for an indicator."""
        return next((r for r in self.units if r.indicator == indicator and unit in r.new_units), None)


def _components(edges: Iterable[tuple[str, str]]) -> list[tuple[list[str], list[str]]]:
    """Connected components of the old-new graph, as (old units, new units) in first-seen order."""
    parent: dict[tuple[str, str], tuple[str, str]] = {}

    def find(x: tuple[str, str]) -> tuple[str, str]:
        parent.setdefault(x, x)
        while parent[x] != x:
            parent[x] = parent[parent[x]]
            x = parent[x]
        return x

    for a, b in edges:
        ra, rb = find(("o", a)), find(("n", b))
        if ra != rb:
            parent[rb] = ra
    groups: dict[tuple[str, str], tuple[list[str], list[str]]] = {}
    for node in list(parent):
        side, code = node
        olds, news = groups.setdefault(find(node), ([], []))
        (olds if side == "o" else news).append(code)
    return list(groups.values())


def _side(
    catalog: Catalog, data: YearData, ind: Indicator, units: list[str], baselines: list[Baseline]
) -> SideSum:
    """Each input variable summed over the units that count for it (the lead only, when the lead is
    among them), plus the baselines; then the indicator's formula on the sums."""
    out = SideSum()
    values: dict[str, float | None] = {}
    for code in ind.variables:
        reporters = [a for a in catalog.reporters(code, data.year) if a in units]
        if not catalog.variable_by_code[code].reported_by and ind.combine.rule == "lead":
            if ind.combine.lead in reporters:
                reporters = [ind.combine.lead]  # the others only cross-check the lead's total
        total: float | None = None
        for a in reporters:
            iv = data.inputs.get(a, {}).get(code)
            if iv is None or iv.value is None:
                out.missing.append(f"{a}: {code}")
                continue
            total = (total or 0.0) + iv.value
            if a not in out.units:
                out.units.append(a)
        for b in baselines:
            fig = b.figures.get(code)
            if fig is None:
                out.missing.append(f"{b.unit}: {code}")
                continue
            total = (total or 0.0) + fig.value
            label = f"{b.unit} ({b.file_name})"
            if label not in out.baselines:
                out.baselines.append(label)
        values[code] = total
        if total is not None:
            out.figures[code] = total
    ev = evaluate_indicator(ind, values)
    out.numerator, out.denominator, out.value = ev.numerator, ev.denominator, ev.value
    out.not_applicable = ev.outcome == "not_applicable"
    return out


def _reports(catalog: Catalog, data: YearData, ind: Indicator, units: list[str]) -> bool:
    return any(a in units for code in ind.variables for a in catalog.reporters(code, data.year))


def _compare(row: ProFormaRow, threshold: float) -> None:
    o, n = row.old, row.new
    if o.missing or n.missing:
        row.comparable = False
        row.reason = "thiếu số liệu: " + ", ".join([*o.missing, *n.missing])
        return
    if (o.value is None and not o.not_applicable) or (n.value is None and not n.not_applicable):
        row.comparable, row.reason = False, "thiếu số liệu để tính"
        return
    row.comparable = True
    row.change, row.change_pct = change(o.value, n.value)
    row.assessment = assess(row.better, o.value, n.value, o.not_applicable, n.not_applicable)
    row.beyond_threshold = owes_explanation(row.change_pct, row.change, threshold)


def pro_forma(
    crosswalk: Crosswalk,
    crosswalk_file: str,
    old_catalog: Catalog,
    old: YearData,
    new_catalog: Catalog,
    new: YearData,
    baselines: list[Baseline] | None = None,
) -> ProForma:
    """Province-level and cluster-level pro-forma comparisons of `new` against `old`."""
    baselines = baselines or []
    info = crosswalk.crosswalk
    by_unit = {b.unit: b for b in baselines}
    outside = {o.code: o.name for o in crosswalk.outside}
    lacking = [code for code in outside if code not in by_unit]
    result = ProForma(
        crosswalk=info.id,
        crosswalk_file=crosswalk_file,
        crosswalk_name=info.name,
        status=info.status,
        status_vi=STATUS_VI[info.status],
        source=info.source,
        old_profile=old_catalog.profile.id,
        new_profile=new_catalog.profile.id,
        partial=bool(lacking),
        baselines=[BaselineUsed(unit=b.unit, name=b.name, year=b.year, file=b.file_name) for b in baselines],
    )
    edges = crosswalk.edges(old_catalog, new_catalog)
    named = {(a, b) for a, b, link in edges if link is not None}
    old_names = {**{a.code: a.name for a in old_catalog.agencies}, **outside}
    new_names = {a.code: a.name for a in new_catalog.agencies}
    comps = _components((a, b) for a, b, _ in edges)
    for k, (olds, news) in enumerate(comps, start=1):
        hows: list[str] = sorted(
            {link.how for a, b, link in edges if link is not None and a in olds and b in news}
        )
        result.clusters.append(
            Cluster(
                id=k,
                old=olds,
                new=news,
                old_names=[old_names.get(c, c) for c in olds],
                new_names=[new_names.get(c, c) for c in news],
                how=hows,
            )
        )
    old_all = [a.code for a in old_catalog.active_agencies(old.year)]
    new_all = [a.code for a in new_catalog.active_agencies(new.year)]
    if lacking:
        complete = [c for c in result.clusters if not any(o in lacking for o in c.old)]
        old_part = [a for c in complete for a in c.old]
        new_part = [a for c in complete for a in c.new]
        names = ", ".join(outside[c] for c in lacking)
        result.note = (
            f"Không có số liệu nền của {names}: so sánh cấp tỉnh chỉ gồm phần địa bàn có số liệu năm "
            f"{old.year} (các đơn vị có đơn vị tương ứng), không phải số liệu của toàn tỉnh."
        )
    else:
        old_part, new_part = old_all, new_all
    across = old_catalog.profile.id != new_catalog.profile.id
    linked = {b for _, b, _ in edges}
    for ind in new_catalog.indicators:
        if not ind.active(new.year):
            continue
        link = crosswalk.indicator_link(ind.code, old_catalog, new_catalog)
        pair = _Pair(ind, link, old_catalog, old, new_catalog, new)
        prov = pair.row("province")
        if lacking and not new_part:
            prov.reason = f"không có số liệu nền của {', '.join(outside[c] for c in lacking)}"
        else:
            pair.fill(prov, old_part, new_part, [b for b in baselines if b.unit in outside])
            if lacking and not prov.comparable and prov.link_ok and not prov.new.units:
                # only units sharing the former province's territory report it
                prov.reason = f"không có số liệu nền của {', '.join(outside[c] for c in lacking)}"
        result.province.append(prov)
        for cluster in result.clusters:
            if not across and not any((a, b) in named for a in cluster.old for b in cluster.new):
                continue  # a unit that kept its code: compared as before, by its own columns
            if not pair.reported(cluster.old, cluster.new):
                continue
            r = pair.row("cluster", cluster)
            missing = [outside[o] for o in cluster.old if o in outside and o not in by_unit]
            if missing:
                r.reason = f"không có số liệu nền của {', '.join(missing)}"
            else:
                olds = [o for o in cluster.old if o not in outside]
                pair.fill(r, olds, cluster.new, [by_unit[o] for o in cluster.old if o in by_unit])
            result.units.append(r)
        for unit in new_all:
            if unit not in linked and _reports(new_catalog, new, ind, [unit]):
                r = pair.row("cluster")
                r.new_units, r.new_names = [unit], [new_names[unit]]
                r.reason = "không có đơn vị tương ứng năm trước"
                result.units.append(r)
    return result


class _Pair:
    """One new indicator and the old one it is compared with."""

    def __init__(
        self,
        ind: Indicator,
        link: IndicatorLink | None,
        old_catalog: Catalog,
        old: YearData,
        new_catalog: Catalog,
        new: YearData,
    ) -> None:
        self.ind, self.link = ind, link
        self.old_ind = old_catalog.indicator_by_code.get(link.old) if link else None
        self.old_catalog, self.old, self.new_catalog, self.new = old_catalog, old, new_catalog, new

    def row(self, scope: Literal["province", "cluster"], cluster: Cluster | None = None) -> ProFormaRow:
        ind = self.ind
        return ProFormaRow(
            scope=scope,
            cluster=cluster.id if cluster else None,
            old_units=cluster.old if cluster else [],
            new_units=cluster.new if cluster else [],
            old_names=cluster.old_names if cluster else [],
            new_names=cluster.new_names if cluster else [],
            indicator=ind.code,
            old_indicator=self.old_ind.code if self.old_ind else None,
            name=ind.name,
            unit=ind.unit,
            decimals=ind.decimals,
            better=ind.better,
            comparability=self.link.comparability if self.link else None,
        )

    def reported(self, olds: list[str], news: list[str]) -> bool:
        """Whether any unit on either side reports the indicator."""
        if _reports(self.new_catalog, self.new, self.ind, news):
            return True
        return self.old_ind is not None and _reports(self.old_catalog, self.old, self.old_ind, olds)

    def fill(self, r: ProFormaRow, olds: list[str], news: list[str], bases: list[Baseline]) -> None:
        if self.link is None or self.old_ind is None:
            r.reason = "không có chỉ số tương ứng năm trước"
            return
        if self.link.comparability == "not_comparable":
            r.reason = f"chỉ số {COMPARABILITY_VI['not_comparable']} theo bảng tương ứng"
            return
        r.old = _side(self.old_catalog, self.old, self.old_ind, olds, bases)
        r.new = _side(self.new_catalog, self.new, self.ind, news, [])
        _compare(r, self.new_catalog.threshold(self.ind))
