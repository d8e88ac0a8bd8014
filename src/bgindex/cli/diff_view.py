"""Terminal view of a year-over-year comparison."""

from __future__ import annotations

from typing import Any

from bgindex.cli.consolidate_view import ASSESSMENT_STYLE, indicator_cols, print_doubts
from bgindex.cli.tables import Col, print_table
from bgindex.cli.terminal import say, shown
from bgindex.core.diff import DiffResult
from bgindex.model.vn import decimals_for, vn_number, vn_signed


def _num(v: float | None, na: bool) -> str:
    return "KPS" if na else vn_number(v, decimals_for(v))


def print_diff(result: DiffResult, console: Any, quiet: bool = False) -> None:
    if not quiet:
        _print_tables(result, console)
    say(console, f"{len(result.owed)} giải trình còn thiếu.")


def _print_tables(result: DiffResult, console: Any) -> None:
    tail = (Col("%", "number"), Col("Đánh giá", "label"), Col("Lưu ý"))
    cols = indicator_cols(result.old_year, result.new_year, *tail)
    rows = [
        [
            shown(d.code),
            shown(d.name),
            shown(d.unit),
            _num(d.old, d.old_status == "not_applicable"),
            _num(d.new, d.new_status == "not_applicable"),
            vn_signed(d.change, decimals_for(d.change)),
            vn_signed(d.change_pct, 1),
            d.assessment_vi,
            "; ".join(d.flags_vi),
        ]
        for d in result.comparison
    ]
    styles = [ASSESSMENT_STYLE.get(d.assessment, "") for d in result.comparison]
    print_table(console, f"So sánh năm {result.old_year} và năm {result.new_year}", cols, rows, styles)
    if len(result.years) > 2:
        series_cols = [
            Col("Mã", "code", head=True),
            Col("Tên chỉ số", head=True, wide=True),
            *[Col(str(y), "number") for y in result.years],
            Col("Xu hướng", "label"),
        ]
        series_rows = [
            [
                shown(s.code),
                shown(s.name),
                *[_num(p.value, p.status == "not_applicable") for p in s.points],
                s.trend_vi,
            ]
            for s in result.series
        ]
        print_table(console, "Diễn biến qua các năm", series_cols, series_rows)
    print_doubts(result.doubts, console)
    for o in result.owed:
        say(console, f"[yellow]Cần giải trình[/yellow] — {shown(o.name)}: {shown(o.text)}")
