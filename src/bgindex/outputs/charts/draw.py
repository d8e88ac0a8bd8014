"""Drawing charts on a bare matplotlib Figure: greyscale-and-hatch bars as inline SVG or print PNG."""

from __future__ import annotations

import functools
import io
import re
from collections.abc import Callable, Iterator, Sequence
from contextlib import contextmanager
from dataclasses import dataclass
from html import escape
from typing import Any, Literal

from bgindex.model.vn import DASH, amount_text, indicator_number, vn_number

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
# the current year's bar of an indicator that got worse: white with dense cross-hatch
WORSE_STYLE = ("#ffffff", "xxxx")
WORSE_WORD = "giảm sút"
BETTER_WORDS = {"higher": "cao hơn là tốt hơn", "lower": "thấp hơn là tốt hơn"}


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
    worse: bool = False  # the current value is worse than the previous one
    name: str = ""  # the indicator's short name, written beside its code on a horizontal chart
    better: Literal["higher", "lower"] = "higher"
    decimals: int | None = None  # the indicator's precision; None: an amount, written as it is

    def drawn(self, attr: str) -> float | None:
        """The value of one period ('old' or 'new') if it has a bar, else None."""
        if getattr(self, f"{attr}_na") or getattr(self, f"{attr}_missing"):
            return None
        return getattr(self, attr)

    def label_of(self, attr: str) -> str:
        value = getattr(self, attr)
        return value_label(
            value, self.decimals, getattr(self, f"{attr}_na"), getattr(self, f"{attr}_missing")
        )

    @property
    def empty(self) -> bool:
        """Neither year has a value to draw (e.g. a district where it does not arise)."""
        return (self.old is None or self.old_na) and (self.new is None or self.new_na or self.new_missing)


def value_label(value: float | None, decimals: int | None, na: bool = False, missing: bool = False) -> str:
    """The same text as the report's tables show for the value (90,00; 0,082; KPS; —)."""
    if na:
        return KPS
    if missing or value is None:
        return DASH
    return amount_text(value) if decimals is None else indicator_number(value, decimals)


def tick_decimals(ticks: Sequence[float]) -> int:
    """The decimals every label of a value axis is written with: as many as its step needs, the
    same for all (0 20 40; 0,00 0,02 0,04), never an indicator's precision on a round number."""
    for d in range(7):
        if all(abs(t * 10**d - round(t * 10**d)) < 1e-6 for t in ticks):
            return d
    return 6


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
            "text.color": "black",
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


class _Panel:
    """A plotting area of a figure, in inches, with categories along one side and a value scale.

    Charts are drawn with figure-level patches, lines and texts, not with Axes: an Axes with its
    ticks costs ~40 ms to build and draw, about half of a whole chart.
    """

    def __init__(
        self,
        fig: Any,
        box: tuple[float, float, float, float],
        n: int,
        top: float,
        horizontal: bool,
        headroom_in: float = 0.0,
    ) -> None:
        self.fig, self.n, self.horizontal = fig, n, horizontal
        self.left, self.bottom, self.width, self.height = box
        self.w_in, self.h_in = fig.get_size_inches()
        from matplotlib.ticker import MaxNLocator

        # room for the value written past the longest bar: `headroom_in` inches of the value side
        length = self.width if horizontal else self.height
        room = min(max(headroom_in / length, 0.15), 0.6) if length else 0.15
        self.vmax = top / (1 - room)
        self.ticks = [
            t for t in MaxNLocator(nbins=5).tick_values(0, self.vmax) if 0 <= t <= self.vmax * 1.0001
        ]
        self.tick_decimals = tick_decimals(self.ticks)

    def tick_label(self, t: float) -> str:
        return indicator_number(t, self.tick_decimals)

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
        self,
        c: float,
        v: float,
        s: str,
        pad_pt: float = 2.0,
        size: float = VALUE_SIZE,
        avoid: float | None = None,
        **kw: Any,
    ) -> None:
        """`s` just past value `v` at category `c` (right of a bar, or above it); on a horizontal
        chart moved past the reference value `avoid` when it would run across its line."""
        x, y = self.xy(c, v)
        if self.horizontal and avoid is not None:
            line_x, _ = self.xy(c, avoid)
            start, end = x, x + (pad_pt / 72 + _text_width_in(s, size) + 0.04) / self.w_in
            if start - 2 / 72 / self.w_in <= line_x <= end:
                x = line_x
        if self.horizontal:
            self.fig.text(x + pad_pt / 72 / self.w_in, y, s, ha="left", va="center", fontsize=size, **kw)
        else:  # upright along the bar: side by side, horizontal values of two bars would collide
            kw.setdefault("rotation", 90)
            self.fig.text(x, y + pad_pt / 72 / self.h_in, s, ha="center", va="bottom", fontsize=size, **kw)

    def frame(self) -> None:
        """Value gridlines with Vietnamese tick labels, the value axis and the base line."""
        grid = {"color": "#bbbbbb", "linewidth": 0.4}
        axis = {"color": "black", "linewidth": 0.6}
        for t in self.ticks:
            label = self.tick_label(t)
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
            widest = max(_text_width_in(self.tick_label(t), LABEL_SIZE) for t in self.ticks)
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
                x,
                (self.bottom - 0.26) / self.h_in,
                text,
                ha="center",
                va="top",
                fontsize=FONT_SIZE,
                multialignment="center",
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


def _series_legend(labels: tuple[str, str], worse: bool = False) -> list[tuple[str, str, str, bool]]:
    entries = [(label, face, hatch, False) for label, (face, hatch) in zip(labels, SERIES_STYLE, strict=True)]
    if worse:
        entries.append((f"{labels[1]} ({WORSE_WORD})", *WORSE_STYLE, False))
    return entries


def _paired_bars(
    panel: _Panel,
    bars: Sequence[Bar],
    reference: float | None = None,
    names: Sequence[str] | None = None,
) -> None:
    """Two bars per label (previous, current), the value written at the end of each bar (past the
    reference line, if the line would cross it)."""
    width = 0.38
    for s, attr in enumerate(("old", "new")):
        face, hatch = SERIES_STYLE[s]
        for c, b in enumerate(bars):
            pos = c + (s - 0.5) * width
            value = b.drawn(attr)
            if value is not None:
                look = WORSE_STYLE if attr == "new" and b.worse else (face, hatch)
                panel.bar(pos, value, width * 0.95, *look)
            if not b.empty:
                panel.text(pos, value or 0.0, b.label_of(attr), avoid=reference)
    for c, b in enumerate(bars):
        if b.empty:
            panel.text(c, 0.0, "không phát sinh (KPS)" if b.new_na else "chưa có số liệu")
    panel.categories(list(names) if names is not None else [b.label for b in bars])
    panel.frame()


def _headroom(bars: Sequence[Bar]) -> float:
    """Inches the longest value label needs past the end of its bar."""
    labels = [b.label_of(attr) for b in bars for attr in ("old", "new") if not b.empty]
    return max([_text_width_in(t, VALUE_SIZE) for t in labels] or [0.0]) + 0.08


def _top(bars: Sequence[Bar]) -> float:
    return max([abs(v) for b in bars for v in (b.old, b.new) if v is not None] or [1.0]) or 1.0


def by_unit(items: Sequence[tuple[Bar, str]]) -> dict[str, list[Bar]]:
    """A group's indicators split by unit: one panel, with its own scale, per unit."""
    out: dict[str, list[Bar]] = {}
    for bar, unit in items:
        out.setdefault(unit, []).append(bar)
    return out


SMALL = 0.1  # an indicator under a tenth of its unit's largest gets a panel (a scale) of its own


def panels_of(items: Sequence[tuple[Bar, str]]) -> list[tuple[str, list[Bar]]]:
    """One panel per unit; within a unit, indicators far smaller than the largest (1,4 % beside
    97 %) on a second panel with its own scale, so that they are readable."""
    out: list[tuple[str, list[Bar]]] = []
    for unit, bars in by_unit(items).items():
        top = _top(bars)
        small = [b for b in bars if _top([b]) < SMALL * top and not b.empty]
        large = [b for b in bars if b not in small]
        out += [(unit, some) for some in (large, small) if some]
    return out


def direction_mark(bar: Bar) -> str:
    """The code with an arrow to the better side: '20 ↓' (lower is better)."""
    return f"{bar.label} {'↑' if bar.better == 'higher' else '↓'}"


MAX_UPRIGHT = 6  # more indicators on one scale than this: bars lie down, names beside them
NAME_CHARS = 44


def short_name(name: str, limit: int = NAME_CHARS) -> str:
    """An indicator's name cut for an axis: 'Tỷ lệ'/'Số lượng' dropped, at most `limit` letters."""
    for prefix in ("Tỷ lệ ", "Số lượng ", "Số "):
        if name.startswith(prefix):
            name = name.removeprefix(prefix)
            break
    name = name[:1].upper() + name[1:]
    if len(name) <= limit:
        return name
    cut = name[: limit - 1].rsplit(" ", 1)[0].rstrip(",;")
    return cut + "…"


def _category_name(bar: Bar) -> str:
    return f"{direction_mark(bar)} {short_name(bar.name)}" if bar.name else direction_mark(bar)


def _lying_group_figure(panels: list[tuple[str, list[Bar]]], labels: tuple[str, str]) -> Any:
    """The group chart with bars lying down: one panel (own scale) under another, each indicator's
    code, direction and short name at the left."""
    row, panel_gap, top, foot = 0.34, 0.7, 0.35, 0.3
    names = [_category_name(b) for _, bars in panels for b in bars]
    left = max(_text_width_in(n, LABEL_SIZE) for n in names) + 0.2
    height = top + foot + sum(row * len(bars) + 0.15 for _, bars in panels) + panel_gap * len(panels)
    fig = _figure(WIDTH_IN, height)
    y = height - top
    for unit, bars in panels:
        h = row * len(bars) + 0.15
        y -= h
        panel = _Panel(
            fig,
            (left, y, WIDTH_IN - left - 0.15, h),
            len(bars),
            _top(bars),
            horizontal=True,
            headroom_in=_headroom(bars),
        )
        _paired_bars(panel, bars, names=[_category_name(b) for b in bars])
        panel.value_label(f"Đơn vị tính: {unit}")
        y -= panel_gap
    return fig


def _panel_title(bars: Sequence[Bar], width_in: float) -> str:
    """Under an upright panel: the indicator's short name if it is alone there, else 'Mã chỉ số'."""
    import textwrap

    if len(bars) != 1 or not bars[0].name:
        return "Mã chỉ số"
    chars = max(int((width_in + 0.7) / (0.5 * FONT_SIZE / 72)), 12)
    lines = textwrap.wrap(short_name(bars[0].name, 3 * chars), chars)
    if len(lines) > 2:
        lines = [lines[0], textwrap.shorten(" ".join(lines[1:]), chars, placeholder="…")]
    return "\n".join(lines)


def _direction_note(fig: Any, y_in: float) -> None:
    """What the arrows after the codes mean, at the foot of the chart."""
    fig.text(
        0.5,
        y_in / fig.get_size_inches()[1],
        f"↑ {BETTER_WORDS['higher']}; ↓ {BETTER_WORDS['lower']}",
        ha="center",
        va="bottom",
        fontsize=LABEL_SIZE,
    )


def group_figure(items: Sequence[tuple[Bar, str]], labels: tuple[str, str]) -> Any:
    """Previous vs current value of a group's indicators; one panel (own scale) per unit, and per
    order of magnitude within a unit."""
    panels = panels_of(items)
    bars_all = [b for _, bars in panels for b in bars]
    if max(len(bars) for _, bars in panels) > MAX_UPRIGHT:
        fig = _lying_group_figure(panels, labels)
        _direction_note(fig, 0.06)
        _legend(fig, _series_legend(labels, any(b.worse for b in bars_all)))
        return fig
    height, left, right, gap, top, bottom = 3.2, 0.85, 0.1, 0.95, 0.4, 0.95
    fig = _figure(WIDTH_IN, height)
    weights = [len(b) + 0.8 for _, b in panels]
    usable = WIDTH_IN - left - right - gap * (len(panels) - 1)
    # at most ~1 inch per indicator: one indicator alone does not get bars a page wide
    widths = [min(usable * w / sum(weights), w * 1.0) for w in weights]
    x = left + (usable - sum(widths)) / 2
    for (unit, bars), width in zip(panels, widths, strict=True):
        panel = _Panel(
            fig,
            (x, bottom, width, height - top - bottom),
            len(bars),
            _top(bars),
            horizontal=False,
            headroom_in=_headroom(bars),
        )
        _paired_bars(panel, bars, names=[direction_mark(b) for b in bars])
        panel.value_label(unit if len(unit) <= 32 else unit.replace("/", "/\n", 1))
        panel.category_label(_panel_title(bars, width))
        x += width + gap
    _direction_note(fig, 0.06)
    _legend(fig, _series_legend(labels, any(b.worse for b in bars_all)))
    return fig


def district_figure(
    bars: Sequence[Bar],
    unit: str,
    labels: tuple[str, str],
    province: float | None,
    province_label: str,
    better: Literal["higher", "lower"] = "higher",
) -> Any:
    """Previous vs current value per district, with the province's value as a dashed line (none
    for amounts: the province's total is their sum, not a level to compare a district with)."""
    left = max(_text_width_in(b.label, LABEL_SIZE) for b in bars) + 0.2
    height, top, bottom = 0.95 + 0.34 * len(bars), 0.35, 0.6
    fig = _figure(WIDTH_IN, height)
    panel = _Panel(
        fig,
        (left, bottom, WIDTH_IN - left - 0.15, height - top - bottom),
        len(bars),
        max(_top(bars), province or 0.0),
        horizontal=True,
        headroom_in=_headroom(bars),
    )
    _paired_bars(panel, bars, province)
    entries = _series_legend(labels, any(b.worse for b in bars))
    if province is not None:
        panel.line(
            panel.xy(-0.6, province),
            panel.xy(len(bars) - 0.4, province),
            color="black",
            linestyle=(0, (4, 2)),
            linewidth=0.9,
            gid="reference",
        )
        entries.append((f"{province_label}: {value_label(province, bars[0].decimals)}", "", "", True))
    panel.value_label(f"Đơn vị tính: {unit} ({BETTER_WORDS[better]})")
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
    panel.frame()
    panel.value_label("Số cơ quan, đơn vị")
    return fig
