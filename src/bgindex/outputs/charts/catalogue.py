"""Which charts a consolidation or a comparison gets, with the table printed beside each."""

from __future__ import annotations

from dataclasses import dataclass, field
from functools import partial
from typing import TYPE_CHECKING

from bgindex.model.results import LOCAL_KINDS, MANY_UNITS
from bgindex.model.vn import vn_number
from bgindex.outputs.charts.draw import (
    WIDTH_IN,
    Bar,
    ChartFormat,
    district_figure,
    group_figure,
    render,
    status_figure,
)

if TYPE_CHECKING:
    from bgindex.catalog.model import Catalog
    from bgindex.core.diff import DiffResult
    from bgindex.model.results import AgencyPart, ConsolidationResult, IndicatorResult


Entry = tuple[Bar, str, str]  # one indicator on an overview chart: bar, unit, name


@dataclass
class Chart:
    """One chart: the image, its caption and the rows of the table printed beside it."""

    key: str
    number: int
    title: str
    fmt: ChartFormat
    data: str | bytes
    columns: list[str] = field(default_factory=list)
    rows: list[list[str]] = field(default_factory=list)

    @property
    def caption(self) -> str:
        return f"Biểu đồ {self.number}. {self.title}"

    def __html__(self) -> str:
        """Inline SVG as is; a PNG as an <img> with a data URI and the title as alt text.

        Word and LibreOffice's HTML import drop inline SVG but keep a data-URI PNG, so the HTML
        reports use PNG: a chart must survive "open in Word".
        """
        if isinstance(self.data, str):
            return self.data
        import base64
        from html import escape

        b64 = base64.b64encode(self.data).decode("ascii")
        alt = escape(self.title, quote=True)
        width_px = round(WIDTH_IN * 96)
        return (
            f'<img src="data:image/png;base64,{b64}" alt="{alt}" title="{alt}" width="{width_px}" '
            f'style="width:100%;max-width:{WIDTH_IN}in;height:auto">'
        )

    def __str__(self) -> str:
        return self.__html__()


# Indicators without a group are charted by unit: at most MAX_PANELS units (one panel each) per
# chart, and a unit of more than MAX_SHARED indicators gets a chart to itself.
MAX_PANELS, MAX_SHARED = 3, 6


def _chart_sets(groups: dict[str, list[Entry]]) -> list[tuple[str, list[Entry]]]:
    """(heading, entries) of each overview chart: one per labelled group; indicators without a
    group (the profile knows no official one) by unit, never under a label of ours."""
    out: list[tuple[str, list[Entry]]] = []
    for group, entries in groups.items():
        if group:
            out.append((f"Nhóm chỉ số “{group}”", entries))
            continue
        units: dict[str, list[Entry]] = {}
        for entry in entries:
            units.setdefault(entry[1], []).append(entry)
        chunks: list[list[str]] = []
        crowded = False  # the last chart holds a unit of many indicators
        for unit, some in units.items():
            if not chunks or len(chunks[-1]) == MAX_PANELS or len(some) > MAX_SHARED or crowded:
                chunks.append([])
            chunks[-1].append(unit)
            crowded = len(some) > MAX_SHARED
        for chunk in chunks:
            out.append(
                (f"Các chỉ số có đơn vị tính {', '.join(chunk)}", [e for u in chunk for e in units[u]])
            )
    return out


def _group_charts(groups: dict[str, list[Entry]], labels: tuple[str, str], fmt: ChartFormat) -> list[Chart]:
    """The overview charts, numbered from 1; each (bar, unit, name) also becomes a table row."""
    charts: list[Chart] = []
    for n, (heading, entries) in enumerate(_chart_sets(groups), start=1):
        title = f"{heading}: {labels[0].lower()} và {labels[1].lower()}"
        key = f"overview_{n}"
        items = [(bar, unit) for bar, unit, _ in entries]
        charts.append(
            Chart(
                key=key,
                number=n,
                title=title,
                fmt=fmt,
                data=render(partial(group_figure, items, labels), fmt, key, title),
                columns=["Mã", "Tên chỉ số", "Đơn vị tính", labels[0], labels[1]],
                rows=[
                    [bar.label, name, unit, bar.label_of("old"), bar.label_of("new")]
                    for bar, unit, name in entries
                ],
            )
        )
    return charts


def _worse(old: float | None, new: float | None, better: str) -> bool:
    """A district's own value moved the wrong way."""
    if old is None or new is None or old == new:
        return False
    return new < old if better == "higher" else new > old


TOP_BOTTOM = 10  # units shown at each end when there are too many for a bar each and no groups


def local_parts(indicator: IndicatorResult, group_label: str) -> tuple[list[AgencyPart], str]:
    """The bars of an indicator's chart by local unit, and the words saying what they are: one per
    district or commune; with many units, one per group (a former district), or else the units with
    the highest and the lowest results, labelled. Never a hundred unlabelled bars."""
    parts = [p for p in indicator.breakdown if p.kind in LOCAL_KINDS]
    if len(parts) <= MANY_UNITS:
        return parts, "theo địa phương"
    if indicator.many_units:
        return [p for p in indicator.unit_rows if p.kind == "group"], f"theo {group_label.lower()}"
    ranked = sorted((p for p in parts if p.value is not None), key=lambda p: p.value or 0.0, reverse=True)
    if len(ranked) <= 2 * TOP_BOTTOM:
        return ranked, "theo địa phương có số liệu"
    ends = [*ranked[:TOP_BOTTOM], *ranked[-TOP_BOTTOM:]]
    return ends, f"của {TOP_BOTTOM} đơn vị cao nhất và {TOP_BOTTOM} đơn vị thấp nhất"


def status_counts(result: ConsolidationResult) -> list[tuple[str, int]]:
    """How many agencies are in each reporting state, in the order the chart shows them."""
    c = result.counts
    return [
        ("Đúng hạn", c.on_time),
        ("Muộn", c.late),
        ("Không ghi ngày báo cáo", c.no_date),
        ("Tệp bị loại (lỗi, không đọc được)", c.invalid),
        ("Chưa gửi", c.missing),
    ]


def render_charts(result: ConsolidationResult, fmt: ChartFormat = "svg") -> dict[str, Chart]:
    """Every chart of a consolidation report, keyed 'overview_<n>', 'district_<code>', 'status'.

    Numbered in the order the report shows them: groups, then districts, then reporting status.
    """
    year = result.year
    labels = (f"Năm {year - 1}", f"Năm {year}")
    groups: dict[str, list[Entry]] = {}
    for i in result.indicators:
        bar = Bar(
            i.code,
            i.previous,
            i.value,
            old_na=i.previous_status == "not_applicable",
            new_na=i.status == "not_applicable",
            worse=i.assessment == "worsened",
            better=i.better,
            name=i.name,
            decimals=i.decimals,
        )
        groups.setdefault(i.group, []).append((bar, i.unit, i.name))
    charts = _group_charts(groups, labels, fmt)
    for i in result.indicators:
        parts, scope = local_parts(i, result.unit_group_label)
        if not parts:
            continue
        bars = [
            Bar(
                p.name.removeprefix("UBND "),
                p.previous,
                p.value,
                new_na=p.status == "not_applicable",
                new_missing=p.status == "missing",
                worse=_worse(p.previous, p.value, i.better),
                better=i.better,
                decimals=i.decimals,
            )
            for p in parts
        ]
        key = f"district_{i.code}"
        title = f"Chỉ số {i.code} {scope}, năm {year - 1} và năm {year} ({i.unit})"
        # a province total beside per-district amounts (hectares) compares a sum with its parts
        province = None if i.status == "not_applicable" or i.kind == "amount" else i.value
        draw = partial(district_figure, bars, i.unit, labels, province, f"Toàn tỉnh năm {year}", i.better)
        data = render(draw, fmt, key, title)
        charts.append(
            Chart(
                key=key,
                number=len(charts) + 1,
                title=title,
                fmt=fmt,
                data=data,
                columns=[
                    result.unit_group_label if i.many_units else "Địa phương",
                    f"Năm {year - 1} ({i.unit})",
                    f"Năm {year} ({i.unit})",
                ],
                rows=[
                    [p.name, b.label_of("old"), b.label_of("new")] for p, b in zip(parts, bars, strict=True)
                ],
            )
        )
    counts = status_counts(result)
    title = f"Tình hình gửi báo cáo năm {year} của {result.counts.agencies} cơ quan, đơn vị"
    total = max(sum(n for _, n in counts), 1)
    charts.append(
        Chart(
            key="status",
            number=len(charts) + 1,
            title=title,
            fmt=fmt,
            data=render(lambda: status_figure(counts), fmt, "status", title),
            columns=["Tình trạng báo cáo", "Số cơ quan, đơn vị", "Tỷ lệ (%)"],
            rows=[[label, str(n), vn_number(100.0 * n / total, 1)] for label, n in counts],
        )
    )
    return {c.key: c for c in charts}


def render_diff_charts(result: DiffResult, catalog: Catalog, fmt: ChartFormat = "png") -> dict[str, Chart]:
    """The overview charts (by group, else by unit): the older year against the newer one."""
    labels = (f"Năm {result.old_year}", f"Năm {result.new_year}")
    groups: dict[str, list[Entry]] = {}
    for d in result.comparison:
        ind = catalog.indicator_by_code.get(d.code)
        group = ind.group if ind is not None else ""
        bar = Bar(
            d.code,
            d.old,
            d.new,
            old_na=d.old_status == "not_applicable",
            new_na=d.new_status == "not_applicable",
            worse=d.assessment == "worsened",
            better=ind.better if ind is not None else "higher",
            name=d.name,
            decimals=d.decimals,
        )
        groups.setdefault(group, []).append((bar, d.unit, d.name))
    return {c.key: c for c in _group_charts(groups, labels, fmt)}
