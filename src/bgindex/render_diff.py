"""Renderings of a year-over-year comparison: terminal, plain text, Markdown, HTML, xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bgindex.catalog import Catalog
from bgindex.comparison import FLAG_VI, DiffResult
from bgindex.fmt import decimals_for, vn_number, vn_signed

DIFF_FORMATS = ("table", "text", "json", "md", "html", "xlsx", "docx")


def _num(v: float | None, unit: str, na: bool) -> str:
    return "KPS" if na else vn_number(v, decimals_for(unit, v))


def print_diff(result: DiffResult, console: Any) -> None:
    from rich.markup import escape
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
        style = {"improved": "green", "worsened": "red"}.get(d.assessment, "")
        table.add_row(d.code, d.name, d.unit, _num(d.old, d.unit, d.old_status == "not_applicable"),
                      _num(d.new, d.unit, d.new_status == "not_applicable"),
                      vn_signed(d.change, decimals_for(d.unit, d.change)),
                      vn_signed(d.change_pct, 1), d.assessment_vi, "; ".join(d.flags_vi),
                      style=style)
    console.print(table)
    if len(result.years) > 2:
        series = Table(title="Diễn biến qua các năm")
        series.add_column("Mã")
        series.add_column("Tên chỉ số", no_wrap=True, overflow="ellipsis", max_width=40)
        for y in result.years:
            series.add_column(str(y), justify="right")
        series.add_column("Xu hướng")
        for s in result.series:
            series.add_row(s.code, s.name, *[_num(p.value, s.unit, p.status == "not_applicable")
                                             for p in s.points], s.trend_vi)
        console.print(series)
    for o in result.owed:
        console.print(f"[yellow]Cần giải trình[/yellow] — {escape(o.name)}: {escape(o.text)}")
    console.print(f"{len(result.owed)} giải trình còn thiếu.")


def owed_text(result: DiffResult, catalog: Catalog) -> str:
    """Plain text an officer can paste into a letter."""
    if result.agency:
        head = (f"Kính gửi: {catalog.agency_by_code[result.agency].name}\n\n"
                f"Qua rà soát báo cáo kết quả thực hiện Bộ chỉ số năm {result.new_year}, đề nghị "
                "quý cơ quan bổ sung các nội dung sau:\n")
    else:
        head = f"Các giải trình còn thiếu trong báo cáo năm {result.new_year}:\n"
    if not result.owed:
        return head + "\n(Không có nội dung nào cần bổ sung.)\n"
    lines = [head]
    for n, o in enumerate(result.owed, start=1):
        who = "" if result.agency else f"{o.name} — "
        lines.append(f"{n}. {who}{o.text}")
    return "\n".join(lines) + "\n"


def render_markdown(result: DiffResult, catalog: Catalog, directory: Any = None) -> str:
    from bgindex.report import render_template

    return render_template("so-sanh.md.j2", False, directory, d=result,
                           agency_name=_agency_name(result, catalog))


def render_html(result: DiffResult, catalog: Catalog, directory: Any = None) -> str:
    from bgindex.report import render_template

    return render_template("so-sanh.html.j2", True, directory, d=result,
                           agency_name=_agency_name(result, catalog))


def _agency_name(result: DiffResult, catalog: Catalog) -> str:
    return catalog.agency_by_code[result.agency].name if result.agency else ""


def write_xlsx(result: DiffResult, target: str | Path) -> Path:
    from openpyxl import Workbook

    from bgindex.xlsx_util import put, save

    wb = Workbook()
    ws = wb.active
    ws.title = "So sánh"
    put(ws.cell(1, 1), f"SO SÁNH KẾT QUẢ NĂM {result.old_year} VÀ NĂM {result.new_year}", "title")
    heads = ["Mã chỉ số", "Tên chỉ số", "Đơn vị tính", f"Năm {result.old_year}",
             f"Năm {result.new_year}", "Thay đổi", "Thay đổi (%)", "Đánh giá", "Lưu ý"]
    for c, h in enumerate(heads, start=1):
        put(ws.cell(3, c), h, "head")
    for r, d in enumerate(result.comparison, start=4):
        for c, v in enumerate([d.code, d.name, d.unit, d.old, d.new, d.change, d.change_pct,
                               d.assessment_vi, "; ".join(FLAG_VI[f] for f in d.flags)], start=1):
            put(ws.cell(r, c), v, "cell")
    for col, w in zip("ABCDEFGHI", (10, 60, 16, 14, 14, 12, 12, 14, 40), strict=True):
        ws.column_dimensions[col].width = w
    ws2 = wb.create_sheet("Giải trình còn thiếu")
    for c, h in enumerate(["Mã cơ quan", "Cơ quan", "Mã chỉ số", "Loại", "Nội dung"], start=1):
        put(ws2.cell(1, c), h, "head")
    for r, o in enumerate(result.owed, start=2):
        kind = "nguyên nhân tăng/giảm" if o.kind == "cause" else "điều chỉnh số liệu năm trước"
        for c, v in enumerate([o.agency, o.name, o.indicator, kind, o.text], start=1):
            put(ws2.cell(r, c), v, "cell")
    for col, w in zip("ABCDE", (14, 34, 10, 26, 100), strict=True):
        ws2.column_dimensions[col].width = w
    if len(result.years) > 2:
        ws3 = wb.create_sheet("Diễn biến")
        heads = ["Mã chỉ số", "Tên chỉ số", "Đơn vị tính", *map(str, result.years), "Xu hướng"]
        for c, h in enumerate(heads, start=1):
            put(ws3.cell(1, c), h, "head")
        for r, s in enumerate(result.series, start=2):
            row = [s.code, s.name, s.unit, *[p.value for p in s.points], s.trend_vi]
            for c, v in enumerate(row, start=1):
                put(ws3.cell(r, c), v, "cell")
    return save(wb, target)
