"""Renderings of a year-over-year comparison for files: plain text, Markdown, HTML, xlsx."""

from __future__ import annotations

from collections.abc import Sequence
from pathlib import Path
from typing import Any

from bgindex.catalog.model import Catalog
from bgindex.core.diff import DiffResult, IndicatorDiff
from bgindex.model.status import FLAG_VI

DIFF_FORMATS = ("table", "text", "json", "md", "html", "xlsx", "docx")


def owed_text(result: DiffResult, catalog: Catalog) -> str:
    """Plain text an officer can paste into a letter: with an agency, the letter's body (empty
    when it owes nothing, see letters.nothing_owed); without, every explanation still owed."""
    if result.agency:
        from bgindex.outputs.letters import explanation_letter

        letter = explanation_letter(result, catalog)
        return letter.text() if letter is not None else ""
    if not result.owed:
        return f"Không có giải trình nào còn thiếu trong báo cáo năm {result.new_year}.\n"
    lines = [f"Các giải trình còn thiếu trong báo cáo năm {result.new_year} (so với năm {result.old_year}):"]
    if result.threshold_note:
        lines.append(result.threshold_note)
    lines += [f"{n}. {o.name} — {o.text}" for n, o in enumerate(result.owed, start=1)]
    return "\n".join(lines) + "\n"


def explained(result: DiffResult) -> list[IndicatorDiff]:
    """The indicators whose causes a comparison prints: those flagged or worsened, each with only
    the agencies whose own figures moved beyond the threshold or who still owe a cause."""
    out: list[IndicatorDiff] = []
    for d in result.comparison:
        if not d.flags and d.assessment != "worsened":
            continue
        agencies = [a for a in d.agencies if a.owes or any(f.beyond_threshold for f in a.own)]
        if agencies or d.adjustments:
            out.append(d.model_copy(update={"agencies": agencies}))
    return out


def render_markdown(result: DiffResult, catalog: Catalog, directory: Any = None) -> str:
    from bgindex.outputs.report_html import render_template

    return render_template(
        "so-sanh.md.j2",
        False,
        directory,
        d=result,
        agency_name=_agency_name(result, catalog),
        explained=explained(result),
    )


def render_html(result: DiffResult, catalog: Catalog, directory: Any = None) -> str:
    from bgindex.outputs.charts import render_diff_charts
    from bgindex.outputs.letters import document_meta
    from bgindex.outputs.report_html import render_template

    return render_template(
        "so-sanh.html.j2",
        True,
        directory,
        d=result,
        m=document_meta(catalog, result.report_date),
        report_date=result.report_date,
        agency_name=_agency_name(result, catalog),
        explained=explained(result),
        charts=render_diff_charts(result, catalog, "png"),
    )


def _agency_name(result: DiffResult, catalog: Catalog) -> str:
    """The agency under its name for the year compared (Catalog.name_day)."""
    return catalog.agency_name_for_year(result.agency, result.new_year) if result.agency else ""


def _number(ws: Any, row: int, col: int, value: float | None, decimals: int, na: bool = False) -> None:
    """A value at its indicator's precision, as every document shows it; 'KPS' where there is
    nothing to count."""
    from bgindex.outputs.xlsx_writing import number_format, put

    if na:
        put(ws.cell(row, col), "KPS", "center")
        return
    put(ws.cell(row, col), value, "number", number_format=number_format(decimals))


def _sheet(wb: Any, title: str, heads: Sequence[str], widths: Sequence[float], head_row: int) -> Any:
    from openpyxl.utils import get_column_letter

    from bgindex.outputs.xlsx_writing import fit_page, put

    ws = wb.create_sheet(title)
    for c, (h, w) in enumerate(zip(heads, widths, strict=True), start=1):
        put(ws.cell(head_row, c), h, "head")
        ws.column_dimensions[get_column_letter(c)].width = w
    ws.freeze_panes = ws.cell(head_row + 1, 1)
    fit_page(ws, "landscape", f"{head_row}:{head_row}")
    return ws


def _filter(ws: Any, head_row: int) -> None:
    if ws.max_row > head_row:
        ws.auto_filter.ref = f"A{head_row}:{ws.cell(ws.max_row, ws.max_column).column_letter}{ws.max_row}"


def write_xlsx(result: DiffResult, target: str | Path) -> Path:
    """The comparison as a workbook that prints: landscape, fitted to the width, header repeated."""
    from openpyxl import Workbook

    from bgindex.model.vn import RELATIVE_DECIMALS, vn_date
    from bgindex.outputs.xlsx_writing import put, save

    wb = Workbook()
    wb.remove(wb.active)
    heads = [
        "Mã chỉ số",
        "Tên chỉ số",
        "Đơn vị tính",
        f"Năm {result.old_year}",
        f"Năm {result.new_year}",
        "Thay đổi (đơn vị tính)",
        "Thay đổi (%)",
        "Đánh giá",
        "Lưu ý",
    ]
    ws = _sheet(wb, "So sánh", heads, [9, 58, 16, 14, 14, 14, 12, 14, 36], 3)
    put(ws.cell(1, 1), f"SO SÁNH KẾT QUẢ NĂM {result.old_year} VÀ NĂM {result.new_year}", "title")
    note = f". {result.threshold_note}" if result.threshold_note else ""
    put(ws.cell(2, 1), f"Ngày {vn_date(result.report_date)}{note}", "note")
    for r, d in enumerate(result.comparison, start=4):
        put(ws.cell(r, 1), d.code, "center")
        put(ws.cell(r, 2), d.name, "cell")
        put(ws.cell(r, 3), d.unit, "center")
        _number(ws, r, 4, d.old, d.decimals, d.old_status == "not_applicable")
        _number(ws, r, 5, d.new, d.decimals, d.new_status == "not_applicable")
        _number(ws, r, 6, d.change, d.decimals)
        _number(ws, r, 7, d.change_pct, RELATIVE_DECIMALS)
        put(ws.cell(r, 8), d.assessment_vi, "center")
        put(ws.cell(r, 9), "; ".join(FLAG_VI[f] for f in d.flags), "cell")
    _filter(ws, 3)
    ws2 = _sheet(
        wb, "Giải trình còn thiếu", ["Cơ quan", "Mã chỉ số", "Loại", "Nội dung"], [34, 10, 22, 100], 1
    )
    for r, o in enumerate(result.owed, start=2):
        kind = "nguyên nhân tăng/giảm" if o.kind == "cause" else "điều chỉnh số liệu năm trước"
        for c, v in enumerate([o.name, o.indicator, kind, o.text], start=1):
            put(ws2.cell(r, c), v, "center" if c == 2 else "cell")
    _filter(ws2, 1)
    if len(result.years) > 2:
        heads = ["Mã chỉ số", "Tên chỉ số", "Đơn vị tính", *map(str, result.years), "Xu hướng"]
        widths = [9, 58, 16, *[13] * len(result.years), 14]
        ws3 = _sheet(wb, "Diễn biến", heads, widths, 1)
        for r, s in enumerate(result.series, start=2):
            put(ws3.cell(r, 1), s.code, "center")
            put(ws3.cell(r, 2), s.name, "cell")
            put(ws3.cell(r, 3), s.unit, "center")
            for c, p in enumerate(s.points, start=4):
                _number(ws3, r, c, p.value, s.decimals, p.status == "not_applicable")
            put(ws3.cell(r, 4 + len(s.points)), s.trend_vi, "center")
        _filter(ws3, 1)
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
            if isinstance(v, float):
                _number(ws, r, c, v, row.decimals)
            else:
                put(ws.cell(r, c), v, "cell")
    for col, w in zip("ABCDEFGHI", (8, 10, 36, 36, 14, 14, 40, 40, 40), strict=True):
        ws.column_dimensions[col].width = w
