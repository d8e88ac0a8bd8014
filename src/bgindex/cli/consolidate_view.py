"""Terminal views of a consolidation and of the reporting status."""

from __future__ import annotations

import datetime as dt
from typing import Any

from bgindex.cli.tables import Col, print_table
from bgindex.cli.terminal import say, shown
from bgindex.model.results import AgencyStatus, BaselineDoubt, Conflict, ConsolidationResult
from bgindex.model.status import FILE_STATUS_VI
from bgindex.model.vn import deadline_words, indicator_change, indicator_number, vn_date

# How the terminal marks a change: green when it is better, red when worse.
ASSESSMENT_STYLE = {"improved": "green", "worsened": "red"}


STATUS_COLS = [
    Col("Mã", "code", head=True),
    Col("Cơ quan, đơn vị", head=True, wide=True),
    Col("Tệp", "label", head=True),
    Col("Ngày báo cáo", "number"),
    Col("Thời hạn", "label"),
    Col("Lỗi", "number"),
    Col("Cảnh báo", "number"),
]


def _status_rows(statuses: list[AgencyStatus]) -> tuple[list[list[str]], list[str]]:
    rows, styles = [], []
    for s in statuses:
        styles.append(
            "red"
            if s.status in ("invalid", "unreadable", "conflict")
            else "yellow"
            if s.status == "missing" or s.timeliness == "late"
            else ""
        )
        rows.append(
            [
                shown(s.agency),
                shown(s.name),
                FILE_STATUS_VI[s.status],
                vn_date(s.report_date),
                s.timeliness_vi,
                str(s.errors),
                str(s.warnings),
            ]
        )
    return rows, styles


def print_status_table(statuses: list[AgencyStatus], title: str, console: Any) -> None:
    """One table; many local units (communes) in one table per group (a former district), each headed
    by how many of its units have sent, after the departments."""
    groups = sorted(dict.fromkeys(s.group for s in statuses if s.group))
    top = [s for s in statuses if not s.group]
    if not groups or top:
        print_table(console, title, STATUS_COLS, *_status_rows(top if groups else statuses))
    elif title:
        say(console, f"[bold]{title}[/bold]")
    for group in groups:
        units = [s for s in statuses if s.group == group]
        sent = sum(u.received for u in units)
        print_table(
            console, f"{shown(group)} — đã gửi {sent}/{len(units)}", STATUS_COLS, *_status_rows(units)
        )


def print_status(
    statuses: list[AgencyStatus],
    deadline: dt.date,
    today: dt.date,
    console: Any,
    other_files: list[Any] | None = None,
    conflicts: list[Conflict] | None = None,
    quiet: bool = False,
) -> None:
    when = deadline_words(deadline, today)
    if not quiet:
        print_status_table(statuses, f"Tình hình báo cáo — hạn {vn_date(deadline)} ({when})", console)
    received = sum(s.received for s in statuses)
    valid = sum(s.status == "valid" for s in statuses)
    say(
        console,
        f"Đã nhận {received}/{len(statuses)} cơ quan; {valid} tệp hợp lệ; "
        f"{len(statuses) - received} cơ quan chưa gửi.",
    )
    for f in other_files or []:
        say(console, f"[red]Tệp không xác định được cơ quan:[/red] {shown(f.file)} — {shown(f.reason)}")
    print_conflicts(conflicts or [], console)


def print_conflicts(conflicts: list[Conflict], console: Any) -> None:
    """Reports of one agency the officer must choose between: bgindex uses neither."""
    for c in conflicts:
        say(console, f"[red]Hai báo cáo cùng ngày của {shown(c.name)}:[/red] {shown(c.message)}")


def print_doubts(doubts: list[BaselineDoubt], console: Any) -> None:
    """Doubts about last year's result file, each with its place; notes in a milder colour."""
    for d in doubts:
        colour = "cyan" if d.is_note else "red"
        where = shown(f" ({d.file}, {d.place})" if d.place else f" ({d.file})")
        say(
            console, f"[{colour}]Số liệu năm trước — {shown(d.kind_vi)}{where}:[/{colour}] {shown(d.message)}"
        )


def print_result(result: ConsolidationResult, console: Any, quiet: bool = False) -> None:
    """The indicators, the reporting status and every note; `quiet` keeps the errors (files rejected,
    same-day reports) and the final line."""
    if not quiet:
        _print_result_tables(result, console)
    for f in result.files:
        if f.fate == "rejected":
            say(console, f"[red]Tệp bị loại:[/red] {shown(f.file)} — {shown(f.reason)}")
        elif f.fate == "used" and f.errors and not quiet:
            say(console, f"[yellow]Tệp có lỗi, vẫn sử dụng:[/yellow] {shown(f.file)} — {shown(f.reason)}")
    if not quiet:
        _print_faults(result, console)
    print_conflicts(result.conflicts, console)
    _print_counts(result, console)


def indicator_cols(old_year: int, new_year: int, *tail: Col) -> list[Col]:
    """The columns of a two-year indicator table: code and name open each block, numbers stay whole."""
    return [
        Col("Mã", "code", head=True),
        Col("Tên chỉ số", head=True, wide=True),
        Col("Đơn vị"),
        Col(f"Năm {old_year}", "number"),
        Col(f"Năm {new_year}", "number"),
        Col("Thay đổi", "number"),
        *tail,
    ]


def _print_result_tables(result: ConsolidationResult, console: Any) -> None:
    cols = indicator_cols(result.year - 1, result.year, Col("Đánh giá", "label"), Col("Trạng thái", "label"))
    rows = [
        [
            shown(i.code),
            shown(i.name),
            shown(i.unit),
            "KPS" if i.previous_status == "not_applicable" else indicator_number(i.previous, i.decimals),
            "KPS" if i.status == "not_applicable" else indicator_number(i.value, i.decimals),
            indicator_change(i.change, i.decimals),
            i.assessment_vi,
            i.status_vi,
        ]
        for i in result.indicators
    ]
    styles = [ASSESSMENT_STYLE.get(i.assessment, "") for i in result.indicators]
    print_table(
        console, f"Kết quả các chỉ số năm {result.year} — {shown(result.province)}", cols, rows, styles
    )
    print_status_table(result.agencies, f"Tình hình báo cáo — hạn {vn_date(result.deadline)}", console)
    for d in result.discrepancies:
        what = f" ({d.label})" if d.label else ""
        say(console, f"[yellow]Chênh lệch chỉ số {d.indicator}{shown(what)}:[/yellow] {shown(d.message)}")
    print_doubts(result.baseline_doubts, console)
    for doubt in result.plausibility:
        where = f" ({shown(doubt.place)})" if doubt.place else ""
        head = f"[yellow]Cảnh báo số liệu {doubt.code}:[/yellow]"
        say(console, f"{head} {shown(doubt.file)}{where} — {shown(doubt.message)}")
    for s in result.skipped:
        say(console, f"[yellow]Bỏ qua, không đọc:[/yellow] {shown(s.file)} — {shown(s.reason)}")


def _print_faults(result: ConsolidationResult, console: Any) -> None:
    year = {"current": result.year, "previous": result.year - 1}
    for i in result.indicators:
        if i.faults:
            cells = "; ".join(
                f"{x.place} của {x.agency_name} ({x.code}, năm {year[x.period]})" for x in i.faults
            )
            what = f"Chỉ số {i.code} {i.status_vi} do số liệu có lỗi:"
            say(console, f"[yellow]{shown(what)}[/yellow] {shown(cells)}")


def _counted(parts: list[tuple[int, str]]) -> str:
    """'20 cải thiện, 2 giảm sút': the counts that are not zero, as page 1 of the report says them."""
    return ", ".join(f"{n} {what}" for n, what in parts if n)


def _print_counts(result: ConsolidationResult, console: Any) -> None:
    c = result.counts
    indicators = _counted(
        [
            (c.improved, "cải thiện"),
            (c.worsened, "giảm sút"),
            (c.unchanged, "không đổi"),
            (c.not_applicable, "không phát sinh"),
            (c.not_computable, "chưa tính được"),
            (c.incomplete, "chưa đầy đủ"),
        ]
    )
    agencies = _counted(
        [
            (c.on_time, "đúng hạn"),
            (c.late, "muộn"),
            (c.missing, "chưa gửi"),
            (c.invalid, "bị loại"),
            (c.partly_used, "có lỗi nhưng vẫn dùng phần số liệu không lỗi"),
            (c.conflicts, "có hai báo cáo cùng ngày"),
        ]
    )
    line = f"{c.indicators} chỉ số" + (f": {indicators}" if indicators else "") + "."
    line += f" {c.agencies} cơ quan" + (f": {agencies}" if agencies else "") + "."
    say(console, line + (f" {c.discrepancies} chênh lệch." if c.discrepancies else ""))
