"""`bgindex template`: the fill-in workbook for each agency, generated from the catalogue."""

from __future__ import annotations

import math
from dataclasses import dataclass, field
from datetime import date
from pathlib import Path

from openpyxl import Workbook
from openpyxl.comments import Comment
from openpyxl.styles import Protection
from openpyxl.worksheet.datavalidation import DataValidation
from openpyxl.worksheet.worksheet import Worksheet

from bgindex import __version__
from bgindex.catalog.model import Agency, Catalog, Indicator, Variable
from bgindex.catalog.validity import profile_notices, validity_warnings
from bgindex.model.a1 import col_letter
from bgindex.model.results import threshold_note
from bgindex.model.vn import vn_date
from bgindex.outputs.xlsx_writing import (
    fit_page,
    put,
    save,
)
from bgindex.reading import layout as L

UNLOCKED = Protection(locked=False)


@dataclass
class TemplateResult:
    """What `make_templates` wrote."""

    year: int
    files: list[Path] = field(default_factory=list)
    prefilled_from: str | None = None


class TemplateError(Exception):
    """A template request that cannot be met (unknown agency, nothing to report)."""


def _date_validation(title: str, after: str = "1") -> DataValidation:
    """A date cell's validation: any date after the serial `after`, with a Vietnamese prompt."""
    return DataValidation(
        type="date",
        operator="greaterThan",
        formula1=after,
        allow_blank=True,
        showErrorMessage=True,
        showInputMessage=True,
        errorTitle="Ngày không hợp lệ",
        error="Nhập ngày dạng dd/mm/yyyy.",
        promptTitle=title,
        prompt="Nhập ngày dạng dd/mm/yyyy.",
    )


def make_templates(
    catalog: Catalog,
    year: int,
    out_dir: str | Path,
    agencies: list[str] | None = None,
    previous: dict[str, dict[str, float]] | None = None,
    previous_source: str | None = None,
    generated: date | None = None,
    force: bool = False,
) -> TemplateResult:
    """Write one workbook per agency; `previous` maps agency -> variable -> last year's value.
    `generated` (default today) is recorded in the hidden metadata; fix it for reproducible files.
    A workbook already in `out_dir` (perhaps one an agency filled) is never replaced unless `force`:
    then nothing is written and TemplateError lists them."""
    expected = catalog.reporting_agencies(year)
    if agencies:
        known = {a.code for a in catalog.agencies}
        unknown = [a for a in agencies if a not in known]
        if unknown:
            raise TemplateError(f"Mã cơ quan không có trong danh mục: {', '.join(unknown)}")
        chosen = [a for a in expected if a.code in agencies]
        idle = [a for a in agencies if a not in {c.code for c in chosen}]
        if idle:
            raise TemplateError(f"Cơ quan không có chỉ số nào trong năm {year}: {', '.join(idle)}")
    else:
        chosen = expected
    out = Path(out_dir)
    present = [n for n in (L.agency_file_name(a.code, year) for a in chosen) if (out / n).exists()]
    if present and not force:
        shown = ", ".join(present[:5]) + (f" và {len(present) - 5} tệp khác" if len(present) > 5 else "")
        raise TemplateError(
            f"thư mục '{out.name}' đã có {len(present)} biểu mẫu cùng tên ({shown}); không ghi đè "
            "để không mất số liệu đã điền. Chọn thư mục khác, hoặc thêm --force nếu muốn thay"
        )
    result = TemplateResult(year=year, prefilled_from=previous_source)
    for agency in chosen:
        wb = build_workbook(
            catalog, agency, year, _previous_of(catalog, agency.code, year, previous), generated
        )
        result.files.append(save(wb, out / L.agency_file_name(agency.code, year)))
    return result


def _previous_of(
    catalog: Catalog, code: str, year: int, previous: dict[str, dict[str, float]] | None
) -> dict[str, float]:
    """Last year's figures for the territory an agency reports now: its own plus those of the units
    merged into it (Catalog.previous_units); none where a part of a territory moved."""
    units = catalog.previous_units(code, year) if previous else None
    if not units or previous is None:
        return {}
    out: dict[str, float] = {}
    for var in catalog.variables_for(code, year):
        got = [previous.get(u, {}).get(var) for u in units]
        if all(v is not None for v in got):
            out[var] = sum(v for v in got if v is not None)
    return out


def build_workbook(
    catalog: Catalog,
    agency: Agency,
    year: int,
    previous: dict[str, float] | None = None,
    generated: date | None = None,
) -> Workbook:
    # The unit under its name for the year (catalog.name_day): 'UBND huyện Việt Yên' in 2023.
    agency = agency.model_copy(update={"name": catalog.agency_name_for_year(agency.code, year)})
    wb = Workbook()
    guide = wb.active
    guide.title = L.SHEET_GUIDE
    info = wb.create_sheet(L.SHEET_INFO)
    data = wb.create_sheet(L.SHEET_DATA)
    docs = wb.create_sheet(L.SHEET_DOCS)
    meta = wb.create_sheet(L.SHEET_META)
    indicators = catalog.indicators_for(agency.code, year)
    _guide(guide, catalog, agency, year, indicators)
    _info(info, agency, year)
    _data(data, catalog, agency, year, indicators, previous or {})
    _docs(docs, indicators, meta)
    _meta(meta, catalog, agency, year, generated or date.today())
    wb.active = 1
    return wb


def _guide(ws: Worksheet, catalog: Catalog, agency: Agency, year: int, indicators: list[Indicator]) -> None:
    due = catalog.deadline(year)
    deadline = vn_date(due)
    receiver = catalog.consolidator_name(due)
    official = f" (mã đơn vị hành chính {agency.official_code})" if agency.official_code else ""
    lines: list[tuple[str, str]] = [
        (
            f"BIỂU MẪU BÁO CÁO KẾT QUẢ THỰC HIỆN BỘ CHỈ SỐ ĐÁNH GIÁ KẾT QUẢ BẢO VỆ MÔI TRƯỜNG NĂM {year}",
            "title",
        ),
        (f"Cơ quan báo cáo: {agency.name}{official}", "bold"),
        (
            f"Hạn gửi: trước ngày {deadline}, gửi {receiver} để tổng hợp.",
            "bold",
        ),
        *[(warning, "bold") for warning in validity_warnings(catalog, year)],
        *[(f"Lưu ý: {notice}", "wrap") for notice in profile_notices(catalog)],
        ("", "wrap"),
        ("Cách điền:", "bold"),
        (
            "1. Trang 'Thông tin': ghi người báo cáo, chức vụ, điện thoại, thư điện tử, ngày báo cáo "
            "(dd/mm/yyyy) và số công văn.",
            "wrap",
        ),
        (
            f"2. Trang 'Số liệu': mỗi dòng là một số liệu (cột 'Mã' đầu trang được ẩn, không sửa). Ghi "
            f"số liệu năm {year - 1} "
            f"và năm {year} theo đúng đơn vị tính ở cột 'Đơn vị tính'. Nhập số dưới dạng ô số, dấu "
            "phẩy là dấu thập phân (ví dụ 1234,5); không ghi kèm chữ hoặc đơn vị.",
            "wrap",
        ),
        (
            "3. Dòng chỉ số (nền xanh): ghi kết quả tự đánh giá của cơ quan nếu có; bắt buộc "
            "nêu nguyên nhân tăng/giảm so với năm trước và biện pháp đã thực hiện.",
            "wrap",
        ),
        ("4. Nếu số liệu không phát sinh, ghi 0 (không để trống).", "wrap"),
        (
            "5. Trang 'Tài liệu kiểm chứng': mỗi tài liệu một dòng — mã chỉ số (chọn trong danh sách), "
            "số văn bản, ngày ban hành, cơ quan ban hành, trích yếu, tên tệp đính kèm. Kết quả chỉ số "
            "không có tài liệu kiểm chứng chưa được chấp nhận.",
            "wrap",
        ),
        (
            "6. Có thể chèn thêm dòng, thêm cột ghi chú hoặc sắp xếp lại; không xóa trang, không xóa "
            "dòng của biểu mẫu và không sửa cột 'Mã' (cột ẩn).",
            "wrap",
        ),
        ("", "wrap"),
        ("Các chỉ số cơ quan chịu trách nhiệm:", "bold"),
    ]
    for ind in indicators:
        reading = " (công thức do cơ quan tổng hợp diễn giải)" if ind.definition == "our_reading" else ""
        lines.append((f"• {ind.key} — {ind.name} ({ind.unit}){reading}", "wrap"))
    if not indicators:
        lines.append(("• Cung cấp số liệu dân số phục vụ tính các chỉ số theo dân số.", "wrap"))
    waived = threshold_note([(i.code, catalog.threshold(i)) for i in indicators])
    if waived:  # the profile waives small changes: say so where the agency reads what it owes
        lines += [("", "wrap"), (f"Lưu ý: {waived}", "wrap")]
    lines.append(("", "wrap"))
    lines.append((_issued_by(catalog, receiver), "note"))
    for i, (text, font) in enumerate(lines, start=1):
        put(ws.cell(i, 1), text, font)
        # openpyxl cannot auto-fit: give wrapped lines their height so nothing overlaps in print
        ws.row_dimensions[i].height = 17 * max(1, math.ceil(len(text) / 100))
    ws.column_dimensions["A"].width = 105
    fit_page(ws, "portrait")
    ws.protection.sheet = True


def _issued_by(catalog: Catalog, receiver: str) -> str:
    """Who issued the form, under which plan, and which version of the catalogue it follows."""
    plan = f" kèm {catalog.profile.plan}" if catalog.profile.plan else ""
    since, until = catalog.profile.valid_from, catalog.profile.valid_until
    valid = (
        f" (áp dụng{' từ ngày ' + vn_date(since) if since else ''}"
        f"{' đến ngày ' + vn_date(until) if until else ''})"
        if since or until
        else ""
    )
    return f"Biểu mẫu do {receiver} gửi{plan}; danh mục chỉ số: {catalog.profile.name}{valid}."


def _info(ws: Worksheet, agency: Agency, year: int) -> None:
    put(ws.cell(1, 1), "THÔNG TIN CƠ QUAN BÁO CÁO", "title")
    prefilled = {"agency_name": agency.name, "agency_code": agency.code, "year": year}
    row = 3
    date_dv = _date_validation("Ngày báo cáo", after="36526")  # after 01/01/2000
    ws.add_data_validation(date_dv)
    for key, label in L.INFO_LABELS.items():
        put(ws.cell(row, 1), label, "label")
        cell = ws.cell(row, 2)
        if key in prefilled:
            put(cell, prefilled[key], "locked")
        else:
            put(cell, None, "input")
        if key == "report_date":
            cell.number_format = "DD/MM/YYYY"
            date_dv.add(cell)
        row += 1
    ws.column_dimensions["A"].width = 24
    ws.column_dimensions["B"].width = 60
    fit_page(ws, "portrait")
    ws.protection.sheet = True


def _number_validation(var_type: str, unit: str, percent: bool) -> DataValidation:
    if percent:
        dv = DataValidation(type="decimal", operator="between", formula1="0", formula2="100")
        prompt, error = "Tỷ lệ từ 0 đến 100 (%).", "Tỷ lệ phải từ 0 đến 100."
    elif var_type == "integer":
        dv = DataValidation(type="whole", operator="greaterThanOrEqual", formula1="0")
        prompt, error = f"Số nguyên không âm ({unit}).", "Phải là số nguyên không âm."
    else:
        dv = DataValidation(type="decimal", operator="greaterThanOrEqual", formula1="0")
        prompt, error = f"Số không âm ({unit}); dấu phẩy là dấu thập phân.", "Phải là số không âm."
    dv.allow_blank = True
    dv.showErrorMessage = True
    dv.showInputMessage = True
    dv.errorTitle = "Giá trị không hợp lệ"
    dv.error = error
    dv.promptTitle = "Nhập số liệu"
    dv.prompt = prompt
    return dv


def _data(
    ws: Worksheet,
    catalog: Catalog,
    agency: Agency,
    year: int,
    indicators: list[Indicator],
    previous: dict[str, float],
) -> None:
    headers = L.data_headers(year)
    put(ws.cell(1, 1), f"SỐ LIỆU CÁC CHỈ SỐ NĂM {year} — {agency.name.upper()}", "title")
    put(
        ws.cell(2, 1),
        f"So sánh với năm {year - 1}; số liệu theo đúng đơn vị tính. "
        "Dòng nền xanh là dòng chỉ số: nêu nguyên nhân tăng/giảm và biện pháp.",
        "note",
    )
    head_row = 4
    keys = list(headers)
    for c, key in enumerate(keys, start=1):
        put(ws.cell(head_row, c), headers[key], "head")
    col = {key: i + 1 for i, key in enumerate(keys)}
    validations: dict[tuple[str, str, bool], DataValidation] = {}

    def number_cells(row: int, var_type: str, unit: str, percent: bool) -> None:
        spec = (var_type, unit, percent)
        if spec not in validations:
            validations[spec] = _number_validation(var_type, unit, percent)
            ws.add_data_validation(validations[spec])
        for key in ("previous", "current"):
            cell = ws.cell(row, col[key])
            cell.number_format = "#,##0" if var_type == "integer" else "#,##0.00"
            validations[spec].add(cell)

    def variable_row(row: int, var: Variable) -> None:
        put(ws.cell(row, col["code"]), var.code, "cell")
        put(ws.cell(row, col["label"]), var.label, "cell")
        put(ws.cell(row, col["unit"]), var.unit, "center")
        put(ws.cell(row, col["previous"]), previous.get(var.code), "input")
        put(ws.cell(row, col["current"]), None, "input")
        number_cells(row, var.type, var.unit, False)
        for key in ("cause", "measures"):
            put(ws.cell(row, col[key]), None, "locked")
        put(ws.cell(row, col["note"]), None, "input")

    row = head_row + 1
    mine = catalog.variables_for(agency.code, year)
    placed: set[str] = set()
    for ind in indicators:
        put(ws.cell(row, col["code"]), ind.key, "ind_bold")
        put(ws.cell(row, col["label"]), f"{ind.name} — kết quả tự đánh giá", "ind_bold")
        put(ws.cell(row, col["unit"]), ind.unit, "ind_center")
        # The self-assessed result only where the agency has every input of the formula
        # (population denominators come from the statistics office, not from the agency).
        own = all(c in mine for c in [*ind.numerator, *ind.denominator])
        for key in ("previous", "current"):
            put(ws.cell(row, col[key]), None, "ind_input" if own else "locked")
        if own:
            number_cells(row, "decimal", ind.unit, ind.is_percent)
        else:
            put(
                ws.cell(row, col["note"]),
                "Không cần ghi kết quả: mẫu số do Cục Thống kê cung cấp",
                "ind_input",
            )
        for key in ("cause", "measures") if not own else ("cause", "measures", "note"):
            put(ws.cell(row, col[key]), None, "ind_input")
        ws.row_dimensions[row].height = 45
        row += 1
        for code in ind.variables:
            if code in mine and code not in placed:
                variable_row(row, catalog.variable_by_code[code])
                placed.add(code)
                row += 1
    rest = [c for c in mine if c not in placed]
    if rest:
        title = "Số liệu dân số và số liệu dùng chung" if not indicators else "Số liệu khác"
        put(ws.cell(row, col["label"]), title, "head")
        row += 1
        for code in rest:
            variable_row(row, catalog.variable_by_code[code])
            row += 1
    ws.cell(head_row, col["note"]).comment = Comment(
        "Có thể thêm cột, chèn dòng hoặc sắp xếp lại; số liệu được đọc theo mã ở cột 'Mã' (cột ẩn).",
        catalog.consolidator_name(catalog.deadline(year)),
    )
    widths = {
        "code": 17,
        "label": 52,
        "unit": 13,
        "previous": 14,
        "current": 14,
        "cause": 40,
        "measures": 40,
        "note": 14,
    }
    for key, width in widths.items():
        ws.column_dimensions[col_letter(col[key] - 1)].width = width
    # The variable codes are for the reader, not the clerk: their column stays, hidden.
    ws.column_dimensions[col_letter(col["code"] - 1)].hidden = True
    ws.freeze_panes = ws.cell(head_row + 1, col["previous"])
    fit_page(ws, "landscape")
    ws.print_title_rows = f"{head_row}:{head_row}"
    _protect(ws)


def _docs(ws: Worksheet, indicators: list[Indicator], meta: Worksheet) -> None:
    put(ws.cell(1, 1), "DANH MỤC TÀI LIỆU KIỂM CHỨNG", "title")
    put(ws.cell(2, 1), "Mỗi tài liệu một dòng; chọn mã chỉ số trong danh sách thả xuống.", "note")
    head_row = 4
    keys = list(L.DOC_HEADERS)
    for c, key in enumerate(keys, start=1):
        put(ws.cell(head_row, c), L.DOC_HEADERS[key], "head")
    codes = [ind.key for ind in indicators]
    if codes:
        listing = ",".join(codes)
        if len(listing) <= 250:
            formula = f'"{listing}"'
        else:  # Excel limits literal lists to 255 characters: point at a range instead
            for i, code in enumerate(codes, start=1):
                put(meta.cell(i, 4), code)
            formula = f"'{L.SHEET_META}'!$D$1:$D${len(codes)}"
        ind_dv = DataValidation(
            type="list",
            formula1=formula,
            allow_blank=True,
            showErrorMessage=True,
            showInputMessage=True,
            errorTitle="Mã chỉ số không hợp lệ",
            error="Chọn mã chỉ số trong danh sách.",
            promptTitle="Mã chỉ số",
            prompt="Chọn chỉ số mà tài liệu kiểm chứng.",
        )
        ws.add_data_validation(ind_dv)
    date_dv = _date_validation("Ngày ban hành")
    ws.add_data_validation(date_dv)
    for r in range(head_row + 1, head_row + 1 + L.DOC_ROWS):
        put(ws.cell(r, 1), r - head_row, "center")
        for c in range(2, len(keys) + 1):
            cell = put(ws.cell(r, c), None, "input")
            key = keys[c - 1]
            if key == "indicator" and codes:
                ind_dv.add(cell)
            elif key == "date":
                cell.number_format = "DD/MM/YYYY"
                date_dv.add(cell)
    for key, width in {
        "no": 6,
        "indicator": 12,
        "number": 20,
        "date": 14,
        "issuer": 30,
        "summary": 60,
        "filename": 30,
    }.items():
        ws.column_dimensions[col_letter(keys.index(key))].width = width
    ws.freeze_panes = ws.cell(head_row + 1, 1)
    fit_page(ws, "landscape")
    ws.print_title_rows = f"{head_row}:{head_row}"
    _protect(ws)


def _meta(ws: Worksheet, catalog: Catalog, agency: Agency, year: int, generated: date) -> None:
    rows = [
        (L.META_KIND, L.META_KIND_REPORT),
        ("template_version", L.TEMPLATE_VERSION),
        ("profile", catalog.profile.id),
        ("agency", agency.code),
        ("year", year),
        ("generated", generated.isoformat()),
        ("generator", f"bgindex {__version__}"),
    ]
    for r, (key, value) in enumerate(rows, start=1):
        put(ws.cell(r, 1), key)
        put(ws.cell(r, 2), value)
    ws.sheet_state = "hidden"
    ws.protection.sheet = True


def _protect(ws: Worksheet) -> None:
    """Labels locked, inputs unlocked; inserting rows, sorting and formatting stay allowed."""
    p = ws.protection
    p.sheet = True
    p.insertRows = False
    p.insertColumns = False
    p.deleteRows = False
    p.formatColumns = False
    p.formatRows = False
    p.formatCells = False
    p.sort = False
    p.autoFilter = False
