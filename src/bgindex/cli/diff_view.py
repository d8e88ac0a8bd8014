"""Terminal view of a year-over-year comparison."""

from __future__ import annotations

from typing import Any

from bgindex.cli.consolidate_view import ASSESSMENT_STYLE, indicator_cols, print_doubts
from bgindex.cli.tables import Col, print_table
from bgindex.cli.terminal import say, shown
from bgindex.core.diff import DiffResult
from bgindex.model.vn import RELATIVE_DECIMALS, indicator_change, indicator_number


def _num(v: float | None, decimals: int, na: bool) -> str:
    return "KPS" if na else indicator_number(v, decimals)


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
            _num(d.old, d.decimals, d.old_status == "not_applicable"),
            _num(d.new, d.decimals, d.new_status == "not_applicable"),
            indicator_change(d.change, d.decimals),
            indicator_change(d.change_pct, RELATIVE_DECIMALS),
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
                *[_num(p.value, s.decimals, p.status == "not_applicable") for p in s.points],
                s.trend_vi,
            ]
            for s in result.series
        ]
        print_table(console, "Diễn biến qua các năm", series_cols, series_rows)
    if result.pro_forma is not None:
        print_pro_forma(result, console)
    for note in result.notes:
        say(console, f"[yellow]Lưu ý[/yellow]: {shown(note)}")
    print_doubts(result.doubts, console)
    for o in result.owed:
        say(console, f"[yellow]Cần giải trình[/yellow] — {shown(o.name)}: {shown(o.text)}")


def print_pro_forma(result: DiffResult, console: Any) -> None:
    """The basis of a comparison across a reorganisation, and the units' own comparisons."""
    pf = result.pro_forma
    assert pf is not None
    say(
        console,
        f"Bảng tương ứng: {shown(pf.crosswalk_name)} ({shown(pf.status_vi)}); "
        f"tệp {shown(pf.crosswalk_file)}.",
    )
    for b in pf.baselines:
        say(console, f"Số liệu nền năm {b.year}: {shown(b.name)} ({shown(b.unit)}), tệp {shown(b.file)}.")
    if not pf.units:
        return
    cols = [
        Col("Mã", "code", head=True),
        Col(f"Đơn vị năm {result.old_year}", head=True, wide=True),
        Col(f"Đơn vị năm {result.new_year}", wide=True),
        Col(f"Năm {result.old_year}", "number"),
        Col(f"Năm {result.new_year}", "number"),
        Col("Đánh giá"),
    ]
    rows = [
        [
            shown(r.indicator),
            shown(" + ".join(r.old_names)),
            shown(" + ".join(r.new_names)),
            _num(r.old.value, r.decimals, r.old.not_applicable) if r.comparable else "",
            _num(r.new.value, r.decimals, r.new.not_applicable) if r.comparable else "",
            shown(r.shown_assessment),
        ]
        for r in pf.units
    ]
    print_table(console, "So sánh theo đơn vị tương ứng (năm trước tính gộp)", cols, rows)
