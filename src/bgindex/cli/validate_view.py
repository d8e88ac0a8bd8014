"""Terminal rendering of a validation result: a table per file and a summary line."""

from __future__ import annotations

from typing import Any

from bgindex.cli.tables import Col, print_table
from bgindex.cli.terminal import say, shown
from bgindex.model.reports import ValidationResult


def summary_line(result: ValidationResult) -> str:
    s = result.summary
    return (
        f"Tổng cộng: {s.files} tệp — {s.valid} hợp lệ, {s.invalid} có lỗi, "
        f"{s.unreadable} không đọc được; {s.errors} lỗi, {s.warnings} cảnh báo."
    )


ISSUE_COLS = [
    Col("Mức", "label", head=True),
    Col("Mã lỗi", "code", head=True),
    Col("Trang", head=True),
    Col("Ô", "code", head=True),
    Col("Giá trị"),
    Col("Nội dung", wide=True),
    Col("Cách sửa", wide=True),
]


def print_validation(
    result: ValidationResult, console: Any, only_problems: bool = False, quiet: bool = False, hidden: int = 0
) -> None:
    """Files, each with its issues (those `result` still holds after filtering, `hidden` left out);
    `only_problems` leaves out files without issues, `quiet` prints only errors and the summary line."""
    clean: list[str] = []  # files without issues: one line each, printed together (fast for thousands)
    for f in result.files:
        issues = [i for i in f.issues if not quiet or i.severity == "error"]
        if not issues and (only_problems or quiet):
            continue
        who = f" — {f.agency} năm {f.year}" if f.agency else ""
        style = {"valid": "green", "invalid": "red", "unreadable": "bold red"}[f.status]
        line = (
            f"[bold]{shown(f.file)}[/bold]{shown(who)}: [{style}]{f.status_vi}[/{style}]"
            f" ({f.errors} lỗi, {f.warnings} cảnh báo)"
        )
        if not issues:
            clean.append(line)
            continue
        if clean:
            console.print("\n".join(clean), soft_wrap=True)  # no re-wrapping: ~4x faster
            clean = []
        console.print(line, soft_wrap=not console.is_terminal)
        rows = [
            [
                "lỗi" if i.severity == "error" else "cảnh báo",
                shown(i.code),
                shown(i.sheet or ""),
                shown(i.cell or ""),
                shown(i.value or ""),
                shown(i.message),
                shown(i.hint),
            ]
            for i in issues
        ]
        styles = ["red" if i.severity == "error" else "yellow" for i in issues]
        print_table(console, None, ISSUE_COLS, rows, styles)
    if clean:
        console.print("\n".join(clean), soft_wrap=True)
    if not quiet:
        for s in result.skipped:
            say(console, f"[yellow]Bỏ qua, không đọc:[/yellow] {shown(s.file)} — {shown(s.reason)}")
    note = f" {hidden} vấn đề không hiện theo --only/--skip (mã thoát vẫn tính mọi vấn đề)." if hidden else ""
    say(console, summary_line(result) + note)
