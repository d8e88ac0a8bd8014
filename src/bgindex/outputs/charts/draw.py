"""Drawing charts with matplotlib: greyscale-and-hatch bar charts as inline SVG or print PNG."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from typing import Any, Literal

from bgindex.model.vn import DASH, decimals_for, vn_number

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
BAR_EDGE = {"edgecolor": "black", "linewidth": 0.6}
PROVINCE_LINE = {"color": "black", "linestyle": (0, (4, 2)), "linewidth": 0.9}


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

    def drawn(self, attr: str) -> float | None:
        """The value of one period ('old' or 'new') if it has a bar, else None."""
        if getattr(self, f"{attr}_na") or getattr(self, f"{attr}_missing"):
            return None
        return getattr(self, attr)

    def label_of(self, attr: str, unit: str) -> str:
        value = getattr(self, attr)
        return value_label(value, unit, getattr(self, f"{attr}_na"), getattr(self, f"{attr}_missing"))

    @property
    def empty(self) -> bool:
        """Neither year has a value to draw (e.g. a district where it does not arise)."""
        return (self.old is None or self.old_na) and (self.new is None or self.new_na or self.new_missing)


def value_label(value: float | None, unit: str, na: bool = False, missing: bool = False) -> str:
    """The same text as the report's tables show for the value (90,00; 0,0820; KPS; —)."""
    from bgindex.outputs.report_html import value_text

    if na:
        return KPS
    if missing or value is None:
        return DASH
    return value_text(value, unit)


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


@contextmanager
def style() -> Iterator[None]:
    """Matplotlib settings of every chart: the serif font, black text and hatches, text as paths."""
    import matplotlib

    family, _ = chart_font()
    with matplotlib.rc_context(
        {
            "font.family": [family],
            "font.size": FONT_SIZE,
            "axes.labelsize": FONT_SIZE,
            "xtick.labelsize": LABEL_SIZE,
            "ytick.labelsize": LABEL_SIZE,
            "legend.fontsize": LABEL_SIZE,
            "text.color": "black",
            "axes.linewidth": 0.6,
            "xtick.major.width": 0.6,
            "ytick.major.width": 0.6,
            "hatch.color": "black",
            "hatch.linewidth": 0.5,
            "svg.fonttype": "path",
            "svg.hashsalt": SVG_SALT,
            "axes.unicode_minus": True,
        }
    ):
        yield


def render(draw: Callable[[], Any], fmt: ChartFormat, key: str, title: str) -> str | bytes:
    """The figure `draw` makes, as PNG bytes or as an SVG string ready to inline in a page."""
    from matplotlib.figure import Figure  # noqa: F401  (imports the Agg canvas Figure uses)

    with style():
        fig = draw()
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


def _text_width_in(text: str, size: float) -> float:
    """Rough printed width of a label, enough to reserve a margin for it."""
    return 0.5 * size / 72 * len(text)


def _figure(width_in: float, height_in: float) -> Any:
    from matplotlib.figure import Figure

    return Figure(figsize=(width_in, height_in))


def _axes(fig: Any, box: tuple[float, float, float, float]) -> Any:
    """An Axes placed at `box` (left, bottom, width, height in inches), value gridlines behind."""
    w, h = fig.get_size_inches()
    x, y, bw, bh = box
    ax = fig.add_axes((x / w, y / h, bw / w, bh / h))
    ax.spines[["top", "right"]].set_visible(False)
    ax.set_axisbelow(True)
    return ax


def _value_axis(ax: Any, horizontal: bool, top: float, unit: str, integer: bool = False) -> None:
    """The value scale: from 0 with room for the labels past the bars, Vietnamese tick labels."""
    from matplotlib.ticker import FuncFormatter, MaxNLocator

    axis = ax.xaxis if horizontal else ax.yaxis
    (ax.set_xlim if horizontal else ax.set_ylim)(0, top * (1.22 if horizontal else 1.18))
    axis.set_major_locator(MaxNLocator(nbins=5, integer=integer))
    axis.set_major_formatter(FuncFormatter(lambda t, _: vn_number(t, decimals_for(unit, t))))
    ax.grid(axis="x" if horizontal else "y", color="#bbbbbb", linewidth=0.4)


def _categories(ax: Any, names: Sequence[str], horizontal: bool) -> None:
    n = len(names)
    if horizontal:
        ax.set_yticks(range(n), names)
        ax.set_ylim(n - 0.4, -0.6)  # the first category on top
        ax.tick_params(axis="y", length=0)
    else:
        ax.set_xticks(range(n), names)
        ax.set_xlim(-0.6, n - 0.4)
        ax.tick_params(axis="x", length=0)


def _note(ax: Any, c: float, text: str, horizontal: bool) -> None:
    """`text` at the value axis's zero of category `c`, where a bar would start."""
    xy, offset = ((0, c), (2, 0)) if horizontal else ((c, 0), (0, 2))
    ha, va = ("left", "center") if horizontal else ("center", "bottom")
    ax.annotate(text, xy, xytext=offset, textcoords="offset points", ha=ha, va=va, fontsize=VALUE_SIZE)


def _paired_bars(ax: Any, bars: Sequence[Bar], unit: str, horizontal: bool) -> None:
    """Two bars per label (previous, current), the value written at the end of each bar."""
    width = 0.38
    draw = ax.barh if horizontal else ax.bar
    for s, attr in enumerate(("old", "new")):
        face, hatch = SERIES_STYLE[s]
        values = [b.drawn(attr) for b in bars]
        bc = draw(
            [c + (s - 0.5) * width for c in range(len(bars))],
            [v or 0.0 for v in values],
            width * 0.95,
            color=face,
            hatch=hatch,
            **BAR_EDGE,
        )
        for patch, v in zip(bc.patches, values, strict=True):
            patch.set_visible(v is not None)
        labels = ["" if b.empty else b.label_of(attr, unit) for b in bars]
        ax.bar_label(bc, labels, padding=2, fontsize=VALUE_SIZE)
    for c, b in enumerate(bars):
        if b.empty:
            _note(ax, c, "không phát sinh (KPS)" if b.new_na else "chưa có số liệu", horizontal)
    _categories(ax, [b.label for b in bars], horizontal)


def _legend(fig: Any, labels: tuple[str, str], line: str | None = None) -> None:
    """A one-row legend centred at the top: the two series, and the province's line if labelled."""
    from matplotlib.lines import Line2D
    from matplotlib.patches import Patch

    handles: list[Any] = [
        Patch(label=label, facecolor=face, hatch=hatch, **BAR_EDGE)
        for label, (face, hatch) in zip(labels, SERIES_STYLE, strict=True)
    ]
    if line is not None:
        handles.append(Line2D([], [], label=line, **PROVINCE_LINE))
    fig.legend(
        handles=handles,
        loc="upper center",
        ncol=len(handles),
        frameon=False,
        borderaxespad=0.2,
        handlelength=2.2,
        columnspacing=1.6,
    )


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
        ax = _axes(fig, (x, bottom, width, height - top - bottom))
        _paired_bars(ax, bars, unit, horizontal=False)
        _value_axis(ax, False, _top(bars), unit)
        ax.set_ylabel(unit if len(unit) <= 32 else unit.replace("/", "/\n", 1))
        ax.set_xlabel("Mã chỉ số")
        x += width + gap
    _legend(fig, labels)
    return fig


def district_figure(
    bars: Sequence[Bar], unit: str, labels: tuple[str, str], province: float | None, province_label: str
) -> Any:
    """Previous vs current value per district, with the province's value as a dashed line."""
    left = max(_text_width_in(b.label, LABEL_SIZE) for b in bars) + 0.2
    height, top, bottom = 0.95 + 0.34 * len(bars), 0.35, 0.6
    fig = _figure(WIDTH_IN, height)
    ax = _axes(fig, (left, bottom, WIDTH_IN - left - 0.15, height - top - bottom))
    _paired_bars(ax, bars, unit, horizontal=True)
    _value_axis(ax, True, max(_top(bars), province or 0.0), unit)
    ax.set_xlabel(f"Đơn vị tính: {unit}")
    line = None
    if province is not None:
        ax.axvline(province, **PROVINCE_LINE)
        line = f"{province_label}: {value_label(province, unit)}"
    _legend(fig, labels, line)
    return fig


def status_figure(counts: Sequence[tuple[str, int]]) -> Any:
    """How many agencies are in each reporting state."""
    n = len(counts)
    left = max(_text_width_in(label, LABEL_SIZE) for label, _ in counts) + 0.2
    height, top, bottom = 0.75 + 0.32 * n, 0.12, 0.6
    fig = _figure(WIDTH_IN, height)
    total = max(sum(c for _, c in counts), 1)
    ax = _axes(fig, (left, bottom, WIDTH_IN - left - 0.15, height - top - bottom))
    styles = [STATUS_STYLE[c % len(STATUS_STYLE)] for c in range(n)]
    bc = ax.barh(
        range(n),
        [count for _, count in counts],
        0.65,
        color=[face for face, _ in styles],
        hatch=[hatch for _, hatch in styles],
        **BAR_EDGE,
    )
    for patch, (_, count) in zip(bc.patches, counts, strict=True):
        patch.set_visible(count > 0)
    ax.bar_label(
        bc,
        [f"{count} ({vn_number(100.0 * count / total, 1)} %)" for _, count in counts],
        padding=2,
        fontsize=VALUE_SIZE,
    )
    _categories(ax, [label for label, _ in counts], horizontal=True)
    _value_axis(ax, True, max([c for _, c in counts] + [1]), "", integer=True)
    ax.set_xlabel("Số cơ quan, đơn vị")
    return fig
