"""Terminal rendering of a validation result: a table per file and a summary line."""

from __future__ import annotations

from typing import Any

from bgindex.cli.terminal import shown
from bgindex.model.reports import ValidationResult


def summary_line(result: ValidationResult) -> str:
    s = result.summary
    return (
        f"Tổng cộng: {s.files} tệp — {s.valid} hợp lệ, {s.invalid} có lỗi, "
        f"{s.unreadable} không đọc được; {s.errors} lỗi, {s.warnings} cảnh báo."
    )


def print_validation(result: ValidationResult, console: Any) -> None:
    from rich.table import Table

    clean: list[str] = []  # files without issues: one line each, printed together (fast for thousands)
    for f in result.files:
        who = f" — {f.agency} năm {f.year}" if f.agency else ""
        style = {"valid": "green", "invalid": "red", "unreadable": "bold red"}[f.status]
        line = (
            f"[bold]{shown(f.file)}[/bold]{shown(who)}: [{style}]{f.status_vi}[/{style}]"
            f" ({f.errors} lỗi, {f.warnings} cảnh báo)"
        )
        if not f.issues:
            clean.append(line)
            continue
        if clean:
            console.print("\n".join(clean), soft_wrap=True)  # no re-wrapping: ~4x faster
            clean = []
        console.print(line)
        table = Table(show_header=True, header_style="bold", pad_edge=False)
        for col in ("Mức", "Mã lỗi", "Trang", "Ô", "Giá trị", "Nội dung", "Cách sửa"):
            table.add_column(col, overflow="fold")
        for i in f.issues:
            table.add_row(
                "lỗi" if i.severity == "error" else "cảnh báo",
                i.code,
                shown(i.sheet or ""),
                i.cell or "",
                shown(i.value or ""),
                shown(i.message),
                shown(i.hint),
                style="red" if i.severity == "error" else "yellow",
            )
        console.print(table)
    if clean:
        console.print("\n".join(clean), soft_wrap=True)
    for s in result.skipped:
        console.print(f"[yellow]Bỏ qua, không đọc:[/yellow] {shown(s.file)} — {shown(s.reason)}")
    console.print(summary_line(result))
