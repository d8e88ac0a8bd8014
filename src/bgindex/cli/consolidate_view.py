"""Terminal views of a consolidation and of the reporting status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bgindex.cli.terminal import shown
from bgindex.model.results import AgencyStatus, BaselineDoubt, Conflict, ConsolidationResult
from bgindex.model.status import FILE_STATUS_VI
from bgindex.model.vn import deadline_words, decimals_for, vn_date, vn_number, vn_signed

# How the terminal marks a change: green when it is better, red when worse.
ASSESSMENT_STYLE = {"improved": "green", "worsened": "red"}


def status_table(statuses: list[AgencyStatus], title: str) -> Any:
    from rich.table import Table

    table = Table(title=title)
    for col in ("Mã", "Cơ quan, đơn vị", "Tệp", "Ngày báo cáo", "Thời hạn", "Lỗi", "Cảnh báo"):
        table.add_column(col)
    # Many local units (communes) come in sections by their group (a former district), each headed
    # by how many of its units have sent; the departments keep their place at the top.
    ordered = sorted(statuses, key=lambda s: s.group) if any(s.group for s in statuses) else statuses
    heads = {g: [s for s in statuses if s.group == g] for g in dict.fromkeys(s.group for s in ordered) if g}
    current = ""
    for s in ordered:
        if s.group and s.group != current:
            current = s.group
            units = heads[current]
            table.add_section()
            sent = sum(u.received for u in units)
            table.add_row("", f"[bold]{shown(current)}[/bold] — đã gửi {sent}/{len(units)}", *[""] * 5)
        style = (
            "red"
            if s.status in ("invalid", "unreadable", "conflict")
            else "yellow"
            if s.status == "missing" or s.timeliness == "late"
            else ""
        )
        table.add_row(
            shown(s.agency),
            shown(s.name),
            FILE_STATUS_VI[s.status],
            vn_date(s.report_date),
            s.timeliness_vi,
            str(s.errors),
            str(s.warnings),
            style=style,
        )
    return table


def print_status(
    statuses: list[AgencyStatus],
    deadline: dt.date,
    today: dt.date,
    console: Any,
    other_files: list[Any] | None = None,
    conflicts: list[Conflict] | None = None,
) -> None:
    when = deadline_words(deadline, today)
    console.print(status_table(statuses, f"Tình hình báo cáo — hạn {vn_date(deadline)} ({when})"))
    received = sum(s.received for s in statuses)
    valid = sum(s.status == "valid" for s in statuses)
    console.print(
        f"Đã nhận {received}/{len(statuses)} cơ quan; {valid} tệp hợp lệ; "
        f"{len(statuses) - received} cơ quan chưa gửi."
    )
    for f in other_files or []:
        console.print(f"[red]Tệp không xác định được cơ quan:[/red] {shown(f.file)} — {shown(f.reason)}")
    print_conflicts(conflicts or [], console)


def print_conflicts(conflicts: list[Conflict], console: Any) -> None:
    """Reports of one agency the officer must choose between: bgindex uses neither."""
    for c in conflicts:
        console.print(f"[red]Hai báo cáo cùng ngày của {shown(c.name)}:[/red] {shown(c.message)}")


def print_doubts(doubts: list[BaselineDoubt], console: Any) -> None:
    """Doubts about last year's result file, each with its place; notes in a milder colour."""
    for d in doubts:
        colour = "cyan" if d.is_note else "red"
        where = shown(f" ({d.file}, {d.place})" if d.place else f" ({d.file})")
        console.print(
            f"[{colour}]Số liệu năm trước — {shown(d.kind_vi)}{where}:[/{colour}] {shown(d.message)}"
        )


def print_result(result: ConsolidationResult, console: Any) -> None:
    from rich.table import Table

    table = Table(title=f"Kết quả các chỉ số năm {result.year} — {result.province}")
    table.add_column("Mã", no_wrap=True, min_width=2)
    table.add_column("Tên chỉ số", no_wrap=True, overflow="ellipsis", max_width=40)
    table.add_column("Đơn vị", overflow="fold", max_width=12)
    for col in (f"Năm {result.year - 1}", f"Năm {result.year}", "Thay đổi"):
        table.add_column(col, no_wrap=True, justify="right", min_width=8)
    table.add_column("Đánh giá", no_wrap=True, min_width=10)
    table.add_column("Trạng thái", no_wrap=True, min_width=13)
    for i in result.indicators:
        style = ASSESSMENT_STYLE.get(i.assessment, "")
        table.add_row(
            i.code,
            i.name,
            i.unit,
            "KPS"
            if i.previous_status == "not_applicable"
            else vn_number(i.previous, decimals_for(i.previous)),
            "KPS" if i.status == "not_applicable" else vn_number(i.value, decimals_for(i.value)),
            vn_signed(i.change, decimals_for(i.change)),
            i.assessment_vi,
            i.status_vi,
            style=style,
        )
    console.print(table)
    console.print(status_table(result.agencies, f"Tình hình báo cáo — hạn {vn_date(result.deadline)}"))
    for d in result.discrepancies:
        what = f" ({d.label})" if d.label else ""
        console.print(f"[yellow]Chênh lệch chỉ số {d.indicator}{shown(what)}:[/yellow] {shown(d.message)}")
    print_doubts(result.baseline_doubts, console)
    for doubt in result.plausibility:
        where = f" ({shown(doubt.place)})" if doubt.place else ""
        head = f"[yellow]Cảnh báo số liệu {doubt.code}:[/yellow]"
        console.print(f"{head} {shown(doubt.file)}{where} — {shown(doubt.message)}")
    for s in result.skipped:
        console.print(f"[yellow]Bỏ qua, không đọc:[/yellow] {shown(s.file)} — {shown(s.reason)}")
    for f in result.files:
        if f.fate == "rejected":
            console.print(f"[red]Tệp bị loại:[/red] {shown(f.file)} — {shown(f.reason)}")
        elif f.fate == "used" and f.errors:
            console.print(f"[yellow]Tệp có lỗi, vẫn sử dụng:[/yellow] {shown(f.file)} — {shown(f.reason)}")
    year = {"current": result.year, "previous": result.year - 1}
    for i in result.indicators:
        if i.faults:
            cells = "; ".join(
                f"{x.place} của {x.agency_name} ({x.code}, năm {year[x.period]})" for x in i.faults
            )
            what = f"Chỉ số {i.code} {i.status_vi} do số liệu có lỗi:"
            console.print(f"[yellow]{shown(what)}[/yellow] {shown(cells)}")
    print_conflicts(result.conflicts, console)
    c = result.counts
    console.print(
        f"{c.indicators} chỉ số: {c.improved} cải thiện, {c.worsened} giảm sút, "
        f"{c.unchanged} không đổi, {c.not_applicable} không phát sinh, "
        f"{c.not_computable} chưa tính được, {c.incomplete} chưa đầy đủ. "
        f"{c.agencies} cơ quan: {c.on_time} đúng hạn, {c.late} muộn, {c.missing} chưa "
        f"gửi, {c.invalid} bị loại"
        + (f", {c.partly_used} có lỗi nhưng vẫn dùng phần số liệu không lỗi" if c.partly_used else "")
        + (f", {c.conflicts} có hai báo cáo cùng ngày" if c.conflicts else "")
        + f". {c.discrepancies} chênh lệch."
    )
