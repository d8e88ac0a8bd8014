"""ket-qua-YYYY.xlsx: the consolidated result workbook, written for people and read back next year."""

from __future__ import annotations

from typing import Any

from bgindex.catalog.model import Catalog
from bgindex.model.a1 import col_letter
from bgindex.model.results import ConsolidationResult, YearData, figures_fingerprint
from bgindex.model.status import FILE_FATE_VI, FILE_STATUS_VI, PART_STATUS_VI
from bgindex.model.vn import RELATIVE_DECIMALS, amount_text
from bgindex.reading import layout as L


def amount_format(value: float) -> str:
    """The number format of an amount an agency reported (not an indicator's figure, which has its
    catalogue's precision): as many decimals as the amount has, as typed."""
    from bgindex.outputs.xlsx_writing import number_format

    return number_format(len(amount_text(value).partition(",")[2]))


def at_precision(ws: Any, rows: list[tuple[int, tuple[int, ...]]]) -> None:
    """Indicator figures written from row 4 on, each row's `columns` at its indicator's decimals."""
    from bgindex.outputs.xlsx_writing import number_format, put

    for r, (decimals, columns) in enumerate(rows, start=4):
        for c in columns:
            value = ws.cell(r, c).value
            if isinstance(value, int | float) and not isinstance(value, bool):
                put(ws.cell(r, c), value, "number", number_format=number_format(decimals))


def result_workbook(result: ConsolidationResult, catalog: Catalog) -> bytes:
    """The consolidated result workbook, as the bytes of an .xlsx file."""
    import io

    from openpyxl import Workbook

    from bgindex.outputs.xlsx_writing import fit_page, number_format, page_numbers, put, wrapped_height

    y = result.year
    wb = Workbook()

    def table(
        ws: Any,
        title: str,
        headers: list[str],
        rows: list[list[Any]],
        widths: list[int],
        formats: dict[int, str] | None = None,
        hidden: tuple[int, ...] = (),
    ) -> None:
        """One printable table: title, header row 3 repeated on every page, autofilter, numbers at
        their precision, rows as tall as their wrapped text; `hidden` columns carry machine codes."""
        put(ws.cell(1, 1), title, "title")
        for c, h in enumerate(headers, start=1):
            put(ws.cell(3, c), h, "head")
        for r, row in enumerate(rows, start=4):
            for c, v in enumerate(row, start=1):
                fmt = (formats or {}).get(c)
                if isinstance(v, int | float) and not isinstance(v, bool) and fmt is not None:
                    put(ws.cell(r, c), v, "number", number_format=fmt if fmt != "value" else amount_format(v))
                else:
                    put(ws.cell(r, c), v, "cell")
            height = wrapped_height(
                [(str(v), widths[c]) for c, v in enumerate(row) if isinstance(v, str) and c + 1 not in hidden]
            )
            if height:
                ws.row_dimensions[r].height = height
        head_height = wrapped_height([(h, widths[c]) for c, h in enumerate(headers)])
        if head_height:
            ws.row_dimensions[3].height = head_height
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[col_letter(c - 1)].width = w
            ws.column_dimensions[col_letter(c - 1)].hidden = c in hidden
        ws.freeze_panes = ws.cell(4, 1)
        ws.auto_filter.ref = f"A3:{col_letter(len(headers) - 1)}{max(3 + len(rows), 4)}"
        fit_page(ws, "landscape", "3:3")
        page_numbers(ws, title)

    ws = wb.active
    ws.title = L.RESULT_SHEET_INDICATORS
    table(
        ws,
        f"KẾT QUẢ CÁC CHỈ SỐ NĂM {y} — {result.province.upper()}",
        [
            "Mã chỉ số",
            "Tên chỉ số",
            "Đơn vị tính",
            f"Năm {y - 1}",
            f"Năm {y}",
            "Thay đổi",
            "Thay đổi (%)",
            "Đánh giá",
            "Trạng thái",
            "Mã trạng thái",
            "Cơ quan",
            "Nguồn số liệu năm trước",
            "Ghi chú",
        ],
        [
            [
                i.code,
                i.name,
                i.unit,
                i.previous,
                i.value,
                i.change,
                i.change_pct,
                i.assessment_vi,
                i.status_vi,
                i.status,
                ", ".join(i.agencies),
                i.previous_source,
                "\n".join(i.reasons),
            ]
            for i in result.indicators
        ],
        [8, 40, 12, 12, 12, 11, 10, 13, 14, 14, 24, 24, 40],
        {7: number_format(RELATIVE_DECIMALS)},
        hidden=(10,),
    )
    # Each indicator's row at its catalogue's precision: 0,082 → 0,104 (change +0,022), one series.
    at_precision(ws, [(i.decimals, (4, 5, 6)) for i in result.indicators])
    labels = {v.code: v for v in catalog.variables}
    ws = wb.create_sheet(L.RESULT_SHEET_INPUTS)
    table(
        ws,
        f"SỐ LIỆU ĐẦU VÀO THEO CƠ QUAN NĂM {y}",
        [
            "Mã cơ quan",
            "Cơ quan",
            "Mã biến",
            "Nội dung",
            "Đơn vị tính",
            f"Năm {y - 1}",
            f"Năm {y}",
            "Tệp",
            "Trang",
            "Ô năm trước",
            "Ô năm báo cáo",
        ],
        [
            [
                row.agency,
                catalog.agency_by_code[row.agency].name,
                row.variable,
                labels[row.variable].label,
                labels[row.variable].unit,
                row.previous,
                row.value,
                row.file,
                row.sheet,
                row.previous_cell,
                row.cell,
            ]
            for row in result.inputs
        ],
        [12, 34, 22, 60, 14, 14, 14, 40, 12, 10, 10],
        {6: "value", 7: "value"},
    )
    derived = [(i, f) for i in result.indicators for f in i.figures if f.derived]
    if derived:
        ws = wb.create_sheet(L.RESULT_SHEET_DERIVED)
        table(
            ws,
            f"SỐ LIỆU TÍNH RA TỪ SỐ LIỆU CỦA CÁC CƠ QUAN NĂM {y} (KHÔNG ĐỀ NGHỊ CƠ QUAN NÀO BÁO CÁO)",
            ["Mã chỉ số", "Mã biến", "Nội dung", "Đơn vị tính", f"Năm {y}", "Cách tính", "Lấy từ"],
            [
                [
                    i.code,
                    f.variable,
                    f.label,
                    f.unit,
                    f.value,
                    f.derived,
                    "; ".join(
                        f"{s.variable}: {s.agency}, {s.file}, trang {s.sheet}, ô {s.cell}" for s in f.sources
                    ),
                ]
                for i, f in derived
            ],
            [10, 22, 40, 12, 14, 50, 90],
            {5: "value"},
        )
    ws = wb.create_sheet(L.RESULT_SHEET_BREAKDOWN)
    table(
        ws,
        "KẾT QUẢ THEO TỪNG CƠ QUAN, ĐỊA PHƯƠNG",
        [
            "Mã chỉ số",
            "Mã cơ quan",
            "Cơ quan",
            "Tử số",
            "Mẫu số",
            f"Kết quả năm {y - 1}",
            f"Kết quả năm {y}",
            "Tình trạng",
        ],
        [
            [
                i.code,
                p.agency,
                p.name,
                p.numerator,
                p.denominator,
                p.previous,
                p.value,
                PART_STATUS_VI.get(p.status, p.status),
            ]
            for i in result.indicators
            for p in i.breakdown
        ],
        [10, 14, 34, 14, 14, 14, 14, 14],
        {4: "value", 5: "value"},
    )
    at_precision(ws, [(i.decimals, (6, 7)) for i in result.indicators for _ in i.breakdown])
    ws = wb.create_sheet(L.RESULT_SHEET_STATUS)
    table(
        ws,
        f"TÌNH HÌNH BÁO CÁO (hạn {result.deadline.strftime('%d/%m/%Y')})",
        [
            "Mã cơ quan",
            "Cơ quan",
            "Đã nhận",
            "Tình trạng tệp",
            "Ngày báo cáo",
            "Thời hạn",
            "Số ngày muộn",
            "Tệp sử dụng",
            "Số lỗi",
            "Số cảnh báo",
        ],
        [
            [
                s.agency,
                s.name,
                "có" if s.received else "chưa",
                FILE_STATUS_VI.get(s.status, s.status),
                s.report_date,
                s.timeliness_vi,
                s.days_late,
                s.used_file or "",
                s.errors,
                s.warnings,
            ]
            for s in result.agencies
        ],
        [14, 36, 10, 14, 14, 18, 12, 40, 8, 10],
    )
    ws = wb.create_sheet(L.RESULT_SHEET_DISCREPANCIES)
    table(
        ws,
        "CHÊNH LỆCH SỐ LIỆU CẦN ĐỐI CHIẾU",
        [
            "Mã chỉ số",
            "Loại",
            "Năm",
            "Mã biến",
            "Cơ quan chủ trì",
            "Số của cơ quan chủ trì",
            "Tổng của cơ quan đối chiếu",
            "Chênh lệch (%)",
            "Nội dung",
        ],
        [
            [
                d.indicator,
                "đối chiếu giữa cơ quan" if d.kind == "cross_check" else "vượt 100 %",
                y if d.period == "current" else y - 1,
                d.variable or "",
                d.lead or "",
                d.lead_value,
                d.others_value,
                d.relative,
                d.message,
            ]
            for d in result.discrepancies
        ],
        [10, 20, 8, 22, 14, 16, 16, 12, 70],
        {6: "value", 7: "value", 8: number_format(1)},
    )
    ws = wb.create_sheet(L.RESULT_SHEET_PLAUSIBILITY)
    agency_of = {f.file: f.agency or "" for f in result.files}
    table(
        ws,
        "CẢNH BÁO VỀ SỐ LIỆU CẦN KIỂM TRA LẠI",
        ["Mã cảnh báo", "Mã cơ quan", "Tệp", "Trang", "Ô", "Giá trị", "Nội dung", "Gợi ý"],
        [
            [i.code, agency_of.get(i.file, ""), i.file, i.sheet, i.cell, i.value, i.message, i.hint]
            for i in result.plausibility
        ],
        [24, 14, 40, 12, 8, 14, 80, 50],
    )
    ws = wb.create_sheet(L.RESULT_SHEET_FILES)
    table(
        ws,
        "CÁC TỆP ĐÃ ĐỌC",
        ["Tệp", "Cơ quan", "Tình trạng", "Xử lý", "Ngày báo cáo", "Số lỗi", "Số cảnh báo", "Lý do"],
        [
            [
                f.file,
                f.agency or "",
                FILE_STATUS_VI[f.status],
                FILE_FATE_VI[f.fate],
                f.report_date,
                f.errors,
                f.warnings,
                f.reason,
            ]
            for f in result.files
        ],
        [44, 14, 14, 22, 14, 8, 10, 70],
    )
    ws = wb.create_sheet(L.RESULT_SHEET_CAUSES)
    table(
        ws,
        "NGUYÊN NHÂN TĂNG/GIẢM VÀ BIỆN PHÁP THEO BÁO CÁO CỦA CÁC CƠ QUAN",
        ["Mã chỉ số", "Mã cơ quan", "Cơ quan", "Nguyên nhân tăng/giảm", "Biện pháp đã thực hiện", "Tệp", "Ô"],
        [
            [i.code, c.agency, c.agency_name, c.cause, c.measures, c.file, c.cell]
            for i in result.indicators
            for c in i.causes
        ],
        [10, 14, 30, 70, 60, 40, 8],
    )
    if result.baseline_doubts:
        ws = wb.create_sheet(L.RESULT_SHEET_BASELINE)
        table(
            ws,
            f"KIỂM TRA SỐ LIỆU NĂM {y - 1} LẤY TỪ KẾT QUẢ TỔNG HỢP NĂM TRƯỚC",
            ["Loại", "Tệp", "Trang", "Ô", "Mã chỉ số", "Mã cơ quan", "Mã biến", "Nội dung"],
            [
                [
                    d.kind_vi,
                    d.file,
                    d.sheet,
                    d.cell,
                    d.indicator or "",
                    d.agency or "",
                    d.variable or "",
                    d.message,
                ]
                for d in result.baseline_doubts
            ],
            [22, 24, 22, 8, 10, 12, 22, 90],
        )
    meta = wb.create_sheet(L.SHEET_META)
    for r, (k, v) in enumerate(
        [
            (L.META_KIND, L.META_KIND_RESULT),
            ("result_version", L.RESULT_VERSION),
            ("profile", result.catalog),
            ("year", y),
            ("report_date", result.report_date.isoformat()),
            (L.META_FINGERPRINT, figures_fingerprint(YearData.from_result(result))),
        ],
        start=1,
    ):
        put(meta.cell(r, 1), k)
        put(meta.cell(r, 2), v)
    meta.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()
