"""Charts of a consolidation or a comparison: greyscale-safe SVG for the HTML report, PNG for Word."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass, field
from html import escape
from typing import TYPE_CHECKING, Any, Literal

from bgindex.model.vn import DASH, decimals_for, vn_number

if TYPE_CHECKING:
    from bgindex.catalog.model import Catalog
    from bgindex.core.diff import DiffResult
    from bgindex.model.results import ConsolidationResult

ChartFormat = Literal["svg", "png"]

# Liberation Serif has Times New Roman's metrics (fonts-liberation2); DejaVu Serif ships with
# matplotlib, so there is always a serif font that has every Vietnamese letter.
FONT_PREFERENCE = ("Liberation Serif", "DejaVu Serif")
WIDTH_IN = 6.3  # 160 mm, the text width of an A4 page with 30/15 mm margins, so 1 pt prints as 1 pt
PNG_DPI = 180
FONT_SIZE, LABEL_SIZE, VALUE_SIZE = 10.5, 10.0, 9.0  # points as printed (the figure is 160 mm wide)
SVG_SALT = "bgindex"
# (face colour, hatch) per series: grey level AND hatch, so they stay apart in black-and-white print.
SERIES_STYLE = (("#d0d0d0", "////"), ("#505050", ""))
STATUS_STYLE = (("#505050", ""), ("#a0a0a0", "xx"), ("#ffffff", "...."), ("#d0d0d0", "////"), ("#ffffff", ""))
KPS = "KPS"


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
        return self.data if isinstance(self.data, str) else ""

    def __str__(self) -> str:
        return self.__html__()


@dataclass
class Bar:
    """One label's pair of values (previous period, current period)."""

    label: str
    old: float | None
    new: float | None
    old_na: bool = False
    new_na: bool = False
    old_missing: bool = False
    new_missing: bool = False


VIETNAMESE_LOWER = "aăâeêioôơuưy"
TONES = ("", "\u0300", "\u0301", "\u0309", "\u0303", "\u0323")


def vietnamese_letters() -> list[str]:
    """The 134 letters with diacritics of Vietnamese (67 lower case, 67 upper case), NFC."""
    import unicodedata

    lower = [unicodedata.normalize("NFC", v + t) for v in VIETNAMESE_LOWER for t in TONES]
    lower = [c for c in lower if not c.isascii()] + ["đ"]
    return lower + [c.upper() for c in lower]


@functools.lru_cache(maxsize=1)
def chart_font() -> tuple[str, str]:
    """(family, file) of the first preferred font that is installed."""
    from matplotlib import font_manager

    for family in FONT_PREFERENCE:
        try:
            path = font_manager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
        except ValueError:
            continue
        return family, str(path)
    raise RuntimeError("no font with Vietnamese letters found (matplotlib ships DejaVu Serif)")


def missing_glyphs(font_file: str, text: str) -> list[str]:
    """Characters of `text` that the font has no glyph for."""
    from fontTools.ttLib import TTFont

    with TTFont(font_file, lazy=True) as font:
        cmap = font.getBestCmap()
    return [c for c in dict.fromkeys(text) if not c.isspace() and ord(c) not in cmap]


def value_label(value: float | None, unit: str, na: bool = False, missing: bool = False) -> str:
    """The same text as the report's tables show for the value (90,00; 0,0820; KPS; —)."""
    from bgindex.outputs.report_html import value_text

    if na:
        return KPS
    if missing or value is None:
        return DASH
    return value_text(value, unit)


@contextmanager
def _style() -> Iterator[Any]:
    import matplotlib

    family, _ = chart_font()
    with matplotlib.rc_context(
        {
            "font.family": [family],
            "font.size": FONT_SIZE,
            "text.color": "black",
            "hatch.color": "black",
            "hatch.linewidth": 0.5,
            "svg.fonttype": "path",
            "svg.hashsalt": SVG_SALT,
            "axes.unicode_minus": True,
        }
    ):
        yield matplotlib


def _text_width_in(text: str, size: float) -> float:
    """Rough printed width of a label, enough to reserve a margin for it."""
    return 0.5 * size / 72 * len(text)


def _figure(width_in: float, height_in: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in))


def _export(fig: Any, fmt: ChartFormat, key: str, title: str) -> str | bytes:
    buf = io.BytesIO()
    if fmt == "png":
        fig.savefig(buf, format="png", dpi=PNG_DPI, facecolor="white", metadata={"Software": None})
        return buf.getvalue()
    fig.savefig(buf, format="svg", facecolor="white", metadata={"Date": None, "Creator": None})
    return inline_svg(buf.getvalue().decode("utf-8"), key, title)


def inline_svg(svg: str, key: str, title: str) -> str:
    """An SVG file made fit to sit inside an HTML page next to other SVGs of the same page.

    No XML declaration, DOCTYPE, comments or metadata; ids renamed short and unique to the chart
    (glyph ids such as 'DejaVuSerif-41' would repeat across charts); unreferenced group ids and
    line breaks dropped (a third of the size); width following the page.
    """
    svg = re.sub(r"<\?xml[^>]*\?>\s*|<!DOCTYPE[^>]*>\s*|<!--.*?-->\s*", "", svg, flags=re.S)
    svg = re.sub(r"\s*<metadata>.*?</metadata>", "", svg, flags=re.S)
    referenced = set(re.findall(r'(?:href="#|url\(#)([^")]+)', svg))
    prefix = re.sub(r"[^a-z0-9]", "", key.replace("overview", "o").replace("district", "d"))
    names: dict[str, str] = {}

    def short(old: str) -> str:
        return names.setdefault(old, f"{prefix}-{len(names):x}")

    svg = re.sub(
        r' id="([^"]+)"', lambda m: f' id="{short(m.group(1))}"' if m.group(1) in referenced else "", svg
    )
    svg = re.sub(r'(href="#|url\(#)([^")]+)', lambda m: m.group(1) + short(m.group(2)), svg)
    svg = re.sub(r"\s*\n\s*", " ", svg).replace("> <", "><")
    label = escape(title, quote=True)
    svg = re.sub(
        r'<svg ([^>]*?)width="([\d.]+)pt" height="([\d.]+)pt"',
        lambda m: (
            f'<svg {m.group(1)}width="100%" '
            f'style="max-width:{m.group(2)}pt;height:auto" '
            f'role="img" aria-label="{label}"'
        ),
        svg,
        count=1,
    )
    svg = re.sub(r"(<svg [^>]*>)", lambda m: f"{m.group(1)}<title>{label}</title>", svg, count=1)
    return svg.strip() + "\n"


class _Panel:
    """A plotting area of a figure, in inches, with categories along one side and a value scale.

    Charts are drawn with figure-level patches, lines and texts, not with Axes: an Axes with its
    ticks costs ~40 ms to build and draw, about half of a whole chart.
    """

    def __init__(
        self, fig: Any, box: tuple[float, float, float, float], n: int, top: float, horizontal: bool
    ) -> None:
        self.fig, self.n, self.horizontal = fig, n, horizontal
        self.left, self.bottom, self.width, self.height = box
        self.w_in, self.h_in = fig.get_size_inches()
        from matplotlib.ticker import MaxNLocator

        self.vmax = top * (1.22 if horizontal else 1.18)  # room for the value written past a bar
        self.ticks = [
            t for t in MaxNLocator(nbins=5).tick_values(0, self.vmax) if 0 <= t <= self.vmax * 1.0001
        ]

    def xy(self, c: float, v: float) -> tuple[float, float]:
        """Figure fraction of category position `c` (0 = first) and value `v`."""
        fc = (c + 0.6) / self.n if self.n else 0.5
        fv = v / self.vmax if self.vmax else 0.0
        if self.horizontal:
            x, y = self.left + fv * self.width, self.bottom + (1 - fc) * self.height
        else:
            x, y = self.left + fc * self.width, self.bottom + fv * self.height
        return x / self.w_in, y / self.h_in

    def bar(self, c: float, v: float, thickness: float, face: str, hatch: str) -> None:
        from matplotlib.patches import Rectangle

        (x0, y0), (x1, y1) = self.xy(c - thickness / 2, 0.0), self.xy(c + thickness / 2, v)
        self.fig.add_artist(
            Rectangle(
                (min(x0, x1), min(y0, y1)),
                abs(x1 - x0),
                abs(y1 - y0),
                facecolor=face,
                hatch=hatch,
                edgecolor="black",
                linewidth=0.6,
                transform=self.fig.transFigure,
            )
        )

    def line(self, a: tuple[float, float], b: tuple[float, float], **kw: Any) -> None:
        from matplotlib.lines import Line2D

        self.fig.add_artist(Line2D([a[0], b[0]], [a[1], b[1]], **kw))

    def text(
        self, c: float, v: float, s: str, pad_pt: float = 2.0, size: float = VALUE_SIZE, **kw: Any
    ) -> None:
        """`s` just past value `v` at category `c` (right of a bar, or above it)."""
        x, y = self.xy(c, v)
        if self.horizontal:
            self.fig.text(x + pad_pt / 72 / self.w_in, y, s, ha="left", va="center", fontsize=size, **kw)
        else:
            self.fig.text(x, y + pad_pt / 72 / self.h_in, s, ha="center", va="bottom", fontsize=size, **kw)

    def frame(self, unit: str) -> None:
        """Value gridlines with Vietnamese tick labels, the value axis and the base line."""
        grid = {"color": "#bbbbbb", "linewidth": 0.4}
        axis = {"color": "black", "linewidth": 0.6}
        for t in self.ticks:
            label = vn_number(t, decimals_for(unit, t))
            if self.horizontal:
                (x, y0), (_, y1) = self.xy(-0.6, t), self.xy(self.n - 0.4, t)
                if t:
                    self.line((x, y0), (x, y1), **grid)
                self.line((x, y1), (x, y1 - 3 / 72 / self.h_in), **axis)
                self.fig.text(x, y1 - 4 / 72 / self.h_in, label, ha="center", va="top", fontsize=LABEL_SIZE)
            else:
                (x0, y), (x1, _) = self.xy(-0.6, t), self.xy(self.n - 0.4, t)
                if t:
                    self.line((x0, y), (x1, y), **grid)
                self.line((x0, y), (x0 - 3 / 72 / self.w_in, y), **axis)
                self.fig.text(x0 - 4 / 72 / self.w_in, y, label, ha="right", va="center", fontsize=LABEL_SIZE)
        self.line(self.xy(-0.6, 0.0), self.xy(self.n - 0.4, 0.0), **axis)
        edge = self.n - 0.4 if self.horizontal else -0.6  # the value axis: bottom, or left
        self.line(self.xy(edge, 0.0), self.xy(edge, self.vmax), **axis)

    def categories(self, names: Sequence[str]) -> None:
        for c, name in enumerate(names):
            x, y = self.xy(c, 0.0)
            if self.horizontal:
                self.fig.text(x - 5 / 72 / self.w_in, y, name, ha="right", va="center", fontsize=LABEL_SIZE)
            else:
                self.fig.text(x, y - 4 / 72 / self.h_in, name, ha="center", va="top", fontsize=LABEL_SIZE)

    def value_label(self, text: str) -> None:
        """The value axis's title (the unit): under a horizontal chart, left of a vertical one."""
        if self.horizontal:
            x = (self.left + self.width / 2) / self.w_in
            self.fig.text(
                x, (self.bottom - 0.36) / self.h_in, text, ha="center", va="top", fontsize=FONT_SIZE
            )
        else:
            y = (self.bottom + self.height / 2) / self.h_in
            widest = max(_text_width_in(vn_number(t, decimals_for("", t)), LABEL_SIZE) for t in self.ticks)
            self.fig.text(
                (self.left - widest - 0.14) / self.w_in,
                y,
                text,
                ha="right",
                va="center",
                rotation=90,
                fontsize=FONT_SIZE,
            )

    def category_label(self, text: str) -> None:
        if not self.horizontal:
            x = (self.left + self.width / 2) / self.w_in
            self.fig.text(
                x, (self.bottom - 0.26) / self.h_in, text, ha="center", va="top", fontsize=FONT_SIZE
            )


def _legend(fig: Any, entries: Sequence[tuple[str, str, str, bool]]) -> None:
    """A one-row legend centred at the top: (label, face, hatch, is_line) per entry.

    Drawn as plain patches and texts: matplotlib's Legend costs ~10 ms per chart.
    """
    from matplotlib.lines import Line2D
    from matplotlib.patches import Rectangle

    w_in, h_in = fig.get_size_inches()
    key_w, gap, size = 0.3, 0.25, LABEL_SIZE
    widths = [key_w + 0.08 + _text_width_in(label, size) for label, *_ in entries]
    x = (w_in - sum(widths) - gap * (len(entries) - 1)) / 2
    y = h_in - 0.17
    for (label, face, hatch, is_line), width in zip(entries, widths, strict=True):
        if is_line:
            fig.add_artist(
                Line2D(
                    [x / w_in, (x + key_w) / w_in],
                    [y / h_in] * 2,
                    color="black",
                    linestyle=(0, (4, 2)),
                    linewidth=0.9,
                )
            )
        else:
            fig.add_artist(
                Rectangle(
                    (x / w_in, (y - 0.06) / h_in),
                    key_w / w_in,
                    0.12 / h_in,
                    facecolor=face,
                    hatch=hatch,
                    edgecolor="black",
                    linewidth=0.6,
                    transform=fig.transFigure,
                )
            )
        fig.text((x + key_w + 0.08) / w_in, y / h_in, label, ha="left", va="center", fontsize=size)
        x += width + gap


def _series_legend(labels: tuple[str, str]) -> list[tuple[str, str, str, bool]]:
    return [(label, face, hatch, False) for label, (face, hatch) in zip(labels, SERIES_STYLE, strict=True)]


def _paired_bars(panel: _Panel, bars: Sequence[Bar], unit: str) -> None:
    """Two bars per label (previous, current), the value written at the end of each bar."""
    width = 0.38
    for s, attr in enumerate(("old", "new")):
        face, hatch = SERIES_STYLE[s]
        for c, b in enumerate(bars):
            pos = c + (s - 0.5) * width
            na, missing, value = getattr(b, f"{attr}_na"), getattr(b, f"{attr}_missing"), getattr(b, attr)
            if value is not None and not na and not missing:
                panel.bar(pos, value, width * 0.95, face, hatch)
            if not _empty(b):
                v = value if value is not None and not na and not missing else 0.0
                panel.text(pos, v, value_label(value, unit, na, missing))
    for c, b in enumerate(bars):
        if _empty(b):
            panel.text(c, 0.0, "không phát sinh (KPS)" if b.new_na else "chưa có số liệu")
    panel.categories([b.label for b in bars])
    panel.frame(unit)


def _empty(b: Bar) -> bool:
    """Neither year has a value to draw (e.g. a district where it does not arise)."""
    return (b.old is None or b.old_na) and (b.new is None or b.new_na or b.new_missing)


def _top(bars: Sequence[Bar]) -> float:
    return max([abs(v) for b in bars for v in (b.old, b.new) if v is not None] or [1.0]) or 1.0


def by_unit(items: Sequence[tuple[Bar, str]]) -> dict[str, list[Bar]]:
    """A group's indicators split by unit: one panel, with its own scale, per unit."""
    out: dict[str, list[Bar]] = {}
    for bar, unit in items:
        out.setdefault(unit, []).append(bar)
    return out


def group_figure(items: Sequence[tuple[Bar, str]], labels: tuple[str, str]) -> Any:
    """Previous vs current value of a group's indicators; one panel (own scale) per unit."""
    panels = by_unit(items)
    height, left, right, gap, top, bottom = 2.8, 0.85, 0.1, 0.95, 0.4, 0.55
    fig = _figure(WIDTH_IN, height)
    weights = [len(b) + 0.8 for b in panels.values()]
    usable = WIDTH_IN - left - right - gap * (len(panels) - 1)
    # at most ~1 inch per indicator: one indicator alone does not get bars a page wide
    widths = [min(usable * w / sum(weights), w * 1.0) for w in weights]
    x = left + (usable - sum(widths)) / 2
    for (unit, bars), width in zip(panels.items(), widths, strict=True):
        panel = _Panel(
            fig, (x, bottom, width, height - top - bottom), len(bars), _top(bars), horizontal=False
        )
        _paired_bars(panel, bars, unit)
        panel.value_label(unit if len(unit) <= 32 else unit.replace("/", "/\n", 1))
        panel.category_label("Mã chỉ số")
        x += width + gap
    _legend(fig, _series_legend(labels))
    return fig


def district_figure(
    bars: Sequence[Bar], unit: str, labels: tuple[str, str], province: float | None, province_label: str
) -> Any:
    """Previous vs current value per district, with the province's value as a dashed line."""
    left = max(_text_width_in(b.label, LABEL_SIZE) for b in bars) + 0.2
    height, top, bottom = 0.95 + 0.34 * len(bars), 0.35, 0.6
    fig = _figure(WIDTH_IN, height)
    panel = _Panel(
        fig,
        (left, bottom, WIDTH_IN - left - 0.15, height - top - bottom),
        len(bars),
        max(_top(bars), province or 0.0),
        horizontal=True,
    )
    _paired_bars(panel, bars, unit)
    entries = _series_legend(labels)
    if province is not None:
        panel.line(
            panel.xy(-0.6, province),
            panel.xy(len(bars) - 0.4, province),
            color="black",
            linestyle=(0, (4, 2)),
            linewidth=0.9,
        )
        entries.append((f"{province_label}: {value_label(province, unit)}", "", "", True))
    panel.value_label(f"Đơn vị tính: {unit}")
    _legend(fig, entries)
    return fig


def status_figure(counts: Sequence[tuple[str, int]]) -> Any:
    """How many agencies are in each reporting state."""
    n = len(counts)
    left = max(_text_width_in(label, LABEL_SIZE) for label, _ in counts) + 0.2
    height, top, bottom = 0.75 + 0.32 * n, 0.12, 0.6
    fig = _figure(WIDTH_IN, height)
    total = max(sum(c for _, c in counts), 1)
    panel = _Panel(
        fig,
        (left, bottom, WIDTH_IN - left - 0.15, height - top - bottom),
        n,
        max([c for _, c in counts] + [1]),
        horizontal=True,
    )
    from matplotlib.ticker import MaxNLocator

    panel.ticks = [
        t for t in MaxNLocator(nbins=5, integer=True).tick_values(0, panel.vmax) if 0 <= t <= panel.vmax
    ]
    for c, (_, count) in enumerate(counts):
        face, hatch = STATUS_STYLE[c % len(STATUS_STYLE)]
        if count:
            panel.bar(c, count, 0.65, face, hatch)
        panel.text(c, count, f"{count} ({vn_number(100.0 * count / total, 1)} %)")
    panel.categories([label for label, _ in counts])
    panel.frame("")
    panel.value_label("Số cơ quan, đơn vị")
    return fig


def _render(fig_fn: Any, fmt: ChartFormat, key: str, title: str) -> str | bytes:
    with _style():
        fig = fig_fn()
        return _export(fig, fmt, key, title)


def _group_charts(
    groups: dict[str, list[tuple[Bar, str, str]]],
    labels: tuple[str, str],
    fmt: ChartFormat,
    start: int,
    wanted: KeyFilter = None,
) -> list[Chart]:
    """One chart per indicator group; each (bar, unit, name) also becomes a table row."""
    charts: list[Chart] = []
    for n, (group, entries) in enumerate(groups.items(), start=1):
        title = f"Nhóm chỉ số “{group}”: {labels[0].lower()} và {labels[1].lower()}"
        key = f"overview_{n}"
        if wanted is not None and not wanted(key):
            continue
        items = [(bar, unit) for bar, unit, _ in entries]
        data = _render(lambda items=items: group_figure(items, labels), fmt, key, title)
        rows = [
            [
                bar.label,
                name,
                unit,
                value_label(bar.old, unit, bar.old_na, bar.old_missing),
                value_label(bar.new, unit, bar.new_na, bar.new_missing),
            ]
            for bar, unit, name in entries
        ]
        charts.append(
            Chart(
                key=key,
                number=start + n - 1,
                title=title,
                fmt=fmt,
                data=data,
                columns=["Mã", "Tên chỉ số", "Đơn vị tính", labels[0], labels[1]],
                rows=rows,
            )
        )
    return charts


def status_counts(result: ConsolidationResult) -> list[tuple[str, int]]:
    c = result.counts
    return [
        ("Đúng hạn", c.on_time),
        ("Muộn", c.late),
        ("Không ghi ngày báo cáo", c.no_date),
        ("Tệp bị loại (lỗi, không đọc được)", c.invalid),
        ("Chưa gửi", c.missing),
    ]


KeyFilter = Callable[[str], bool] | None


def render_charts(
    result: ConsolidationResult, fmt: ChartFormat = "svg", wanted: KeyFilter = None
) -> dict[str, Chart]:
    """Every chart of a consolidation report, keyed 'overview_<n>', 'district_<code>', 'status'
    (or those `wanted` accepts: several processes can share the drawing).

    Numbered in the order the report shows them: groups, then districts, then reporting status.
    """
    labels = (f"Năm {result.year - 1}", f"Năm {result.year}")
    groups: dict[str, list[tuple[Bar, str, str]]] = {}
    for i in result.indicators:
        bar = Bar(
            i.code,
            i.previous,
            i.value,
            old_na=i.previous_status == "not_applicable",
            new_na=i.status == "not_applicable",
        )
        groups.setdefault(i.group or "Khác", []).append((bar, i.unit, i.name))
    charts = _group_charts(groups, labels, fmt, 1, wanted)
    number = len(groups) + 1
    for i in result.indicators:
        parts = [p for p in i.breakdown if p.kind == "district"]
        if not parts:
            continue
        bars = [
            Bar(
                p.name.removeprefix("UBND "),
                p.previous,
                p.value,
                new_na=p.status == "not_applicable",
                new_missing=p.status == "missing",
            )
            for p in parts
        ]
        key = f"district_{i.code}"
        if wanted is not None and not wanted(key):
            number += 1
            continue
        title = f"Chỉ số {i.code} theo địa phương, năm {result.year - 1} và năm {result.year} ({i.unit})"
        province = None if i.status == "not_applicable" else i.value
        data = _render(
            lambda bars=bars, i=i, province=province: district_figure(
                bars, i.unit, labels, province, f"Toàn tỉnh năm {result.year}"
            ),
            fmt,
            key,
            title,
        )
        rows = [
            [
                p.name,
                value_label(p.previous, i.unit, b.old_na),
                value_label(p.value, i.unit, b.new_na, b.new_missing),
            ]
            for p, b in zip(parts, bars, strict=True)
        ]
        charts.append(
            Chart(
                key=key,
                number=number,
                title=title,
                fmt=fmt,
                data=data,
                columns=["Địa phương", f"Năm {result.year - 1} ({i.unit})", f"Năm {result.year} ({i.unit})"],
                rows=rows,
            )
        )
        number += 1
    if wanted is not None and not wanted("status"):
        return {c.key: c for c in charts}
    counts = status_counts(result)
    title = f"Tình hình gửi báo cáo năm {result.year} của {result.counts.agencies} cơ quan, đơn vị"
    data = _render(lambda: status_figure(counts), fmt, "status", title)
    total = max(sum(n for _, n in counts), 1)
    charts.append(
        Chart(
            key="status",
            number=number,
            title=title,
            fmt=fmt,
            data=data,
            columns=["Tình trạng báo cáo", "Số cơ quan, đơn vị", "Tỷ lệ (%)"],
            rows=[[label, str(n), vn_number(100.0 * n / total, 1)] for label, n in counts],
        )
    )
    return {c.key: c for c in charts}


def render_diff_charts(result: DiffResult, catalog: Catalog, fmt: ChartFormat = "png") -> dict[str, Chart]:
    """One chart per indicator group: the older year against the newer one."""
    labels = (f"Năm {result.old_year}", f"Năm {result.new_year}")
    groups: dict[str, list[tuple[Bar, str, str]]] = {}
    for d in result.comparison:
        ind = catalog.indicator_by_code.get(d.code)
        group = (ind.group if ind is not None else "") or "Khác"
        bar = Bar(
            d.code,
            d.old,
            d.new,
            old_na=d.old_status == "not_applicable",
            new_na=d.new_status == "not_applicable",
        )
        groups.setdefault(group, []).append((bar, d.unit, d.name))
    return {c.key: c for c in _group_charts(groups, labels, fmt, 1)}


def _warm() -> None:
    """What the first chart costs before drawing: matplotlib's import and the font lookup."""
    import matplotlib

    matplotlib.use("Agg")
    from matplotlib.backends import backend_agg, backend_svg  # noqa: F401
    from matplotlib.figure import Figure  # noqa: F401

    chart_font()


def _chart_worker(conn: Any, formats: tuple[ChartFormat, ...]) -> None:
    try:
        _warm()
        result = conn.recv()
        if result is None:
            return
        # Matplotlib is imported now: a sibling forked from here shares the drawing for free.
        theirs = _draw_in_sibling(result, formats, _SHARES[1])
        drawn = {fmt: render_charts(result, fmt, _SHARES[0]) for fmt in formats}
        other = theirs()
        if other is None:
            raise RuntimeError("chart sibling failed")
        for fmt, charts in other.items():
            drawn[fmt].update(charts)
        conn.send(drawn)
    except (EOFError, OSError, KeyboardInterrupt):
        return
    except Exception:  # the parent falls back to drawing in-process; it reports real errors
        conn.send(None)


def _draw_in_sibling(
    result: ConsolidationResult, formats: tuple[ChartFormat, ...], wanted: KeyFilter
) -> Callable[[], dict[str, dict[str, Chart]] | None]:
    """Fork (this process has no threads), draw `wanted` charts there; return a collector."""
    import os
    import pickle

    read_fd, write_fd = os.pipe()
    pid = os.fork()
    if pid == 0:  # the sibling: draw, hand the pickle over, leave without any cleanup
        os.close(read_fd)
        try:
            data = pickle.dumps({fmt: render_charts(result, fmt, wanted) for fmt in formats})
        except BaseException:
            data = b""
        with os.fdopen(write_fd, "wb") as fh:
            fh.write(data)
        os._exit(0)
    os.close(write_fd)

    def collect() -> dict[str, dict[str, Chart]] | None:
        with os.fdopen(read_fd, "rb") as fh:
            data = fh.read()
        os.waitpid(pid, 0)
        return pickle.loads(data) if data else None

    return collect


# Two halves of similar cost: group and status charts, and the per-district charts.
_SHARES: tuple[KeyFilter, ...] = (
    lambda key: not key.startswith("district_"),
    lambda key: key.startswith("district_"),
)


class ChartWorker:
    """Draws the charts in a forked process that imports matplotlib while the workbooks are still
    being read (it shares the drawing with a sibling), so charts cost little wall time."""

    def __init__(self, formats: tuple[ChartFormat, ...] = ("svg",)) -> None:
        import multiprocessing as mp

        ctx = mp.get_context("fork")
        self.formats = formats
        self._conn, child = ctx.Pipe()
        self._proc = ctx.Process(target=_chart_worker, args=(child, formats), daemon=True)
        self._proc.start()
        child.close()
        self._drawn: dict[str, dict[str, Chart]] | None = None
        self._asked = False

    def submit(self, result: ConsolidationResult) -> None:
        try:
            self._conn.send(result)
            self._asked = True
        except (OSError, ValueError):
            pass

    def get(self, fmt: ChartFormat) -> dict[str, Chart] | None:
        """The charts in one format, or None (then the caller draws them itself)."""
        if self._drawn is None and self._asked:
            try:
                self._drawn = self._conn.recv() or {}
            except (EOFError, OSError):
                self._drawn = {}
        if not self._drawn or fmt not in self._drawn:
            return None
        return dict(sorted(self._drawn[fmt].items(), key=lambda kv: kv[1].number))

    def close(self) -> None:
        try:
            if not self._asked:
                self._conn.send(None)
        except (OSError, ValueError):
            pass
        self._proc.join(timeout=5)
        if self._proc.is_alive():
            self._proc.kill()
            self._proc.join()
        self._conn.close()
