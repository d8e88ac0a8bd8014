"""Terminal view of a year-over-year comparison."""

from __future__ import annotations

from typing import Any

from bgindex.cli.consolidate_view import ASSESSMENT_STYLE, print_doubts
from bgindex.cli.terminal import shown
from bgindex.core.diff import DiffResult
from bgindex.model.vn import decimals_for, vn_number, vn_signed


def _num(v: float | None, na: bool) -> str:
    return "KPS" if na else vn_number(v, decimals_for(v))


def print_diff(result: DiffResult, console: Any) -> None:
    from rich.table import Table

    title = f"So sánh năm {result.old_year} và năm {result.new_year}"
    table = Table(title=title)
    table.add_column("Mã", no_wrap=True)
    table.add_column("Tên chỉ số", no_wrap=True, overflow="ellipsis", max_width=40)
    table.add_column("Đơn vị", max_width=12, overflow="fold")
    for col in (f"Năm {result.old_year}", f"Năm {result.new_year}", "Thay đổi", "%"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("Đánh giá", no_wrap=True)
    table.add_column("Lưu ý", overflow="fold", max_width=36)
    for d in result.comparison:
        style = ASSESSMENT_STYLE.get(d.assessment, "")
        table.add_row(
            d.code,
            d.name,
            d.unit,
            _num(d.old, d.old_status == "not_applicable"),
            _num(d.new, d.new_status == "not_applicable"),
            vn_signed(d.change, decimals_for(d.change)),
            vn_signed(d.change_pct, 1),
            d.assessment_vi,
            "; ".join(d.flags_vi),
            style=style,
        )
    console.print(table)
    if len(result.years) > 2:
        series = Table(title="Diễn biến qua các năm")
        series.add_column("Mã")
        series.add_column("Tên chỉ số", no_wrap=True, overflow="ellipsis", max_width=40)
        for y in result.years:
            series.add_column(str(y), justify="right")
        series.add_column("Xu hướng")
        for s in result.series:
            series.add_row(
                s.code,
                s.name,
                *[_num(p.value, p.status == "not_applicable") for p in s.points],
                s.trend_vi,
            )
        console.print(series)
    if result.pro_forma is not None:
        print_pro_forma(result, console)
    for note in result.notes:
        console.print(f"[yellow]Lưu ý[/yellow]: {shown(note)}", soft_wrap=True)
    print_doubts(result.doubts, console)
    for o in result.owed:
        console.print(f"[yellow]Cần giải trình[/yellow] — {shown(o.name)}: {shown(o.text)}")
    console.print(f"{len(result.owed)} giải trình còn thiếu.")


def print_pro_forma(result: DiffResult, console: Any) -> None:
    """The basis of a comparison across a reorganisation, and the units' own comparisons."""
    from rich.table import Table

    pf = result.pro_forma
    assert pf is not None
    console.print(
        f"Bảng tương ứng: {shown(pf.crosswalk_name)} ({shown(pf.status_vi)}); tệp {shown(pf.crosswalk_file)}."
    )
    for b in pf.baselines:
        console.print(f"Số liệu nền năm {b.year}: {shown(b.name)} ({shown(b.unit)}), tệp {shown(b.file)}.")
    if not pf.units:
        return
    table = Table(title="So sánh theo đơn vị tương ứng (năm trước tính gộp)")
    table.add_column("Mã", no_wrap=True)
    table.add_column(f"Đơn vị năm {result.old_year}", overflow="fold", max_width=30)
    table.add_column(f"Đơn vị năm {result.new_year}", overflow="fold", max_width=30)
    for col in (f"Năm {result.old_year}", f"Năm {result.new_year}"):
        table.add_column(col, justify="right", no_wrap=True)
    table.add_column("Đánh giá", overflow="fold", max_width=40)
    for r in pf.units:
        table.add_row(
            r.indicator,
            shown(" + ".join(r.old_names)),
            shown(" + ".join(r.new_names)),
            _num(r.old.value, r.old.not_applicable) if r.comparable else "",
            _num(r.new.value, r.new.not_applicable) if r.comparable else "",
            shown(r.shown_assessment),
        )
    console.print(table)
