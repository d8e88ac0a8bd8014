"""An empty baseline workbook: province-level figures of a predecessor that never passed through bgindex."""

from __future__ import annotations

from pathlib import Path

from bgindex.catalog.model import Catalog
from bgindex.reading import layout as L
from bgindex.reading.baseline_book import (
    BASELINE_HEADERS,
    BASELINE_LABELS,
    META_KIND_BASELINE,
    SHEET_BASELINE,
)


def baseline_variables(catalog: Catalog, year: int) -> list[str]:
    """The input variables of the indicators assessed in `year`, in catalogue order."""
    out: list[str] = []
    for ind in catalog.active_indicators(year):
        out += [v for v in ind.variables if v not in out]
    return out


def write_baseline_template(catalog: Catalog, year: int, unit: str, name: str, target: str | Path) -> Path:
    """Write the form: a header naming the unit, year and catalogue, then one row per input variable."""
    from openpyxl import Workbook

    from bgindex.outputs.xlsx_writing import put, save

    wb = Workbook()
    ws = wb.active
    ws.title = SHEET_BASELINE
    put(ws.cell(1, 1), f"SỐ LIỆU NỀN CẤP TỈNH NĂM {year}", "title")
    put(
        ws.cell(2, 1),
        "Số liệu của cả tỉnh (cũ) dùng để so sánh sau sắp xếp đơn vị hành chính. Ghi số liệu và văn bản "
        "nguồn ở từng dòng; để trống dòng không có số liệu.",
    )
    head = {"name": name, "unit": unit, "year": year, "profile": catalog.profile.id}
    for r, (key, label) in enumerate(BASELINE_LABELS.items(), start=4):
        put(ws.cell(r, 1), label, "head")
        put(ws.cell(r, 2), head[key], "cell")
    first = 4 + len(BASELINE_LABELS) + 1
    for c, text in enumerate(BASELINE_HEADERS.values(), start=1):
        put(ws.cell(first, c), text, "head")
    for r, code in enumerate(baseline_variables(catalog, year), start=first + 1):
        var = catalog.variable_by_code[code]
        put(ws.cell(r, 1), code, "cell")
        put(ws.cell(r, 2), var.label, "cell")
        put(ws.cell(r, 3), var.unit, "cell")
        put(ws.cell(r, 4), None, "input")
        put(ws.cell(r, 5), None, "input")
    for col, width in zip("ABCDE", (22, 70, 16, 16, 50), strict=True):
        ws.column_dimensions[col].width = width
    meta = wb.create_sheet(L.SHEET_META)
    for r, (k, v) in enumerate(
        ((L.META_KIND, META_KIND_BASELINE), ("year", year), ("profile", catalog.profile.id), ("unit", unit)),
        start=1,
    ):
        meta.cell(r, 1, k)
        meta.cell(r, 2, v)
    meta.sheet_state = "hidden"
    return save(wb, target)
