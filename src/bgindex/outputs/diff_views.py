"""Renderings of a year-over-year comparison for files: plain text, Markdown, HTML, xlsx."""

from __future__ import annotations

from pathlib import Path
from typing import Any

from bgindex.catalog.model import Catalog
from bgindex.core.diff import DiffResult
from bgindex.model.status import FLAG_VI

DIFF_FORMATS = ("table", "text", "json", "md", "html", "xlsx", "docx")


def owed_text(result: DiffResult, catalog: Catalog) -> str:
    """Plain text an officer can paste into a letter."""
    if result.agency:
        head = (
            f"Kính gửi: {_agency_name(result, catalog)}\n\n"
            f"Qua rà soát báo cáo kết quả thực hiện Bộ chỉ số năm {result.new_year}, đề nghị "
            "quý cơ quan bổ sung các nội dung sau:\n"
        )
    else:
        head = f"Các giải trình còn thiếu trong báo cáo năm {result.new_year}:\n"
    if result.threshold_note:
        head += f"\n{result.threshold_note}\n"
    if not result.owed:
        return head + "\n(Không có nội dung nào cần bổ sung.)\n"
    lines = [head]
    for n, o in enumerate(result.owed, start=1):
        who = "" if result.agency else f"{o.name} — "
        lines.append(f"{n}. {who}{o.text}")
    return "\n".join(lines) + "\n"


def render_markdown(result: DiffResult, catalog: Catalog, directory: Any = None) -> str:
    from bgindex.outputs.report_html import render_template

    return render_template(
        "so-sanh.md.j2", False, directory, d=result, agency_name=_agency_name(result, catalog)
    )


def render_html(result: DiffResult, catalog: Catalog, directory: Any = None) -> str:
    from bgindex.outputs.report_html import render_template

    return render_template(
        "so-sanh.html.j2", True, directory, d=result, agency_name=_agency_name(result, catalog)
    )


def _agency_name(result: DiffResult, catalog: Catalog) -> str:
    """The agency under its name for the year compared (Catalog.name_day)."""
    return catalog.agency_name_for_year(result.agency, result.new_year) if result.agency else ""


def write_xlsx(result: DiffResult, target: str | Path) -> Path:
    from openpyxl import Workbook

    from bgindex.outputs.xlsx_writing import put, save

    wb = Workbook()
    ws = wb.active
    ws.title = "So sánh"
    put(ws.cell(1, 1), f"SO SÁNH KẾT QUẢ NĂM {result.old_year} VÀ NĂM {result.new_year}", "title")
    if result.threshold_note:
        put(ws.cell(2, 1), result.threshold_note, "note")
    heads = [
        "Mã chỉ số",
        "Tên chỉ số",
        "Đơn vị tính",
        f"Năm {result.old_year}",
        f"Năm {result.new_year}",
        "Thay đổi",
        "Thay đổi (%)",
        "Đánh giá",
        "Lưu ý",
    ]
    for c, h in enumerate(heads, start=1):
        put(ws.cell(3, c), h, "head")
    for r, d in enumerate(result.comparison, start=4):
        for c, v in enumerate(
            [
                d.code,
                d.name,
                d.unit,
                d.old,
                d.new,
                d.change,
                d.change_pct,
                d.assessment_vi,
                "; ".join(FLAG_VI[f] for f in d.flags),
            ],
            start=1,
        ):
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
    if result.pro_forma is not None:
        _pro_forma_sheet(wb, result)
    return save(wb, target)


def _pro_forma_sheet(wb: Any, result: DiffResult) -> None:
    """The comparisons across a reorganisation, with what each side adds up (provenance)."""
    from bgindex.outputs.xlsx_writing import put

    pf = result.pro_forma
    assert pf is not None
    ws = wb.create_sheet("So sánh qua sắp xếp")
    put(ws.cell(1, 1), f"Bảng tương ứng: {pf.crosswalk_name} ({pf.status_vi}). Căn cứ: {pf.source}")
    for r, note in enumerate(result.notes, start=2):
        put(ws.cell(r, 1), f"Lưu ý: {note}")
    first = 3 + len(result.notes)
    heads = [
        "Cấp",
        "Mã chỉ số",
        f"Đơn vị năm {result.old_year}",
        f"Đơn vị năm {result.new_year}",
        f"Năm {result.old_year} (gộp)",
        f"Năm {result.new_year}",
        "Đánh giá",
        f"Cộng năm {result.old_year} từ",
        f"Cộng năm {result.new_year} từ",
    ]
    for c, h in enumerate(heads, start=1):
        put(ws.cell(first, c), h, "head")
    rows = [*pf.province, *pf.units]
    for r, row in enumerate(rows, start=first + 1):
        values = [
            "Tỉnh" if row.scope == "province" else "Đơn vị",
            row.indicator,
            " + ".join(row.old_names),
            " + ".join(row.new_names),
            row.old.value if row.comparable else None,
            row.new.value if row.comparable else None,
            row.shown_assessment,
            ", ".join([*row.old.units, *row.old.baselines]),
            ", ".join(row.new.units),
        ]
        for c, v in enumerate(values, start=1):
            put(ws.cell(r, c), v, "cell")
    for col, w in zip("ABCDEFGHI", (8, 10, 36, 36, 14, 14, 40, 40, 40), strict=True):
        ws.column_dimensions[col].width = w
