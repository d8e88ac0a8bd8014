"""ket-qua-YYYY.xlsx: the consolidated result workbook, written for people and read back next year."""

from __future__ import annotations

from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

from bgindex import layout as L
from bgindex.catalog import Catalog
from bgindex.result_model import STATUS_VI, ConsolidationResult, IndicatorStatus

SHEET_INDICATORS = "Chỉ số"
SHEET_INPUTS = "Đầu vào theo cơ quan"
SHEET_BREAKDOWN = "Theo cơ quan"
SHEET_STATUS = "Tình hình báo cáo"
SHEET_DISCREPANCIES = "Chênh lệch"
SHEET_FILES = "Tệp đã đọc"
SHEET_CAUSES = "Nguyên nhân"

IND_HEADERS = {"code": "Mã chỉ số", "status_code": "Mã trạng thái", "current": "Năm {year}"}
INPUT_HEADERS = {"agency": "Mã cơ quan", "variable": "Mã biến", "current": "Năm {year}",
                 "previous": "Năm {prev}", "file": "Tệp", "cell": "Ô năm báo cáo",
                 "previous_cell": "Ô năm trước"}
PART_HEADERS = {"code": "Mã chỉ số", "agency": "Mã cơ quan", "current": "Kết quả năm {year}",
                "previous": "Kết quả năm {prev}", "status": "Tình trạng"}
CAUSE_HEADERS = {"code": "Mã chỉ số", "agency": "Mã cơ quan", "cause": "Nguyên nhân tăng/giảm",
                 "measures": "Biện pháp đã thực hiện"}
STATUS_HEADERS = {"agency": "Mã cơ quan", "status": "Tình trạng tệp"}


class ResultReadError(Exception):
    """A consolidated result that cannot be read back; the message is Vietnamese."""


@dataclass
class PriorIndicator:
    value: float | None
    status: IndicatorStatus


@dataclass
class InputValue:
    value: float | None
    previous: float | None
    file: str = ""
    cell: str = ""
    previous_cell: str = ""


@dataclass
class PartValue:
    value: float | None
    previous: float | None
    status: str


@dataclass
class YearData:
    """One year's consolidated result, as next year's templates and `diff` need it."""

    path: str
    year: int
    profile: str
    indicators: dict[str, PriorIndicator] = field(default_factory=dict)
    inputs: dict[str, dict[str, InputValue]] = field(default_factory=dict)
    parts: dict[str, dict[str, PartValue]] = field(default_factory=dict)
    causes: dict[str, dict[str, tuple[str, str]]] = field(default_factory=dict)
    used: set[str] = field(default_factory=set)  # agencies whose file was used

    def inputs_by_agency(self) -> dict[str, dict[str, float]]:
        """agency -> variable -> reported value of this year (next year's previous column)."""
        return {a: {v: iv.value for v, iv in vs.items() if iv.value is not None}
                for a, vs in self.inputs.items()}

    @classmethod
    def from_result(cls, result: ConsolidationResult, path: str = "") -> YearData:
        data = cls(path=path or result.folder, year=result.year, profile=result.catalog)
        for i in result.indicators:
            data.indicators[i.code] = PriorIndicator(i.value, i.status)
            data.parts[i.code] = {p.agency: PartValue(p.value, p.previous, p.status)
                                  for p in i.breakdown}
            data.causes[i.code] = {c.agency: (c.cause, c.measures) for c in i.causes}
        for row in result.inputs:
            data.inputs.setdefault(row.agency, {})[row.variable] = InputValue(
                row.value, row.previous, row.file, row.cell, row.previous_cell)
        data.used = {s.agency for s in result.agencies if s.status == "valid"}
        return data


PriorResult = YearData


# ---------------------------------------------------------------------------- writing
def write_result(result: ConsolidationResult, catalog: Catalog, target: str | Path) -> Path:
    from bgindex.atomic import write_bytes

    return write_bytes(target, result_workbook(result, catalog))


def result_workbook(result: ConsolidationResult, catalog: Catalog) -> bytes:
    """The consolidated result workbook, as the bytes of an .xlsx file."""
    import io

    from openpyxl import Workbook

    from bgindex.xlsx_util import put

    y = result.year
    wb = Workbook()

    def table(ws: Any, title: str, headers: list[str], rows: list[list[Any]],
              widths: list[int], formats: dict[int, str] | None = None) -> None:
        put(ws.cell(1, 1), title, "title")
        for c, h in enumerate(headers, start=1):
            put(ws.cell(3, c), h, "head")
        for r, row in enumerate(rows, start=4):
            for c, v in enumerate(row, start=1):
                cell = put(ws.cell(r, c), v, "cell")
                if formats and c in formats and isinstance(v, int | float):
                    cell.number_format = formats[c]
        for c, w in enumerate(widths, start=1):
            ws.column_dimensions[L.col_letter(c - 1)].width = w
        ws.freeze_panes = ws.cell(4, 1)

    ws = wb.active
    ws.title = SHEET_INDICATORS
    table(ws, f"KẾT QUẢ CÁC CHỈ SỐ NĂM {y} — {result.province.upper()}",
          ["Mã chỉ số", "Tên chỉ số", "Đơn vị tính", f"Năm {y - 1}", f"Năm {y}", "Thay đổi",
           "Thay đổi (%)", "Đánh giá", "Trạng thái", "Mã trạng thái", "Cơ quan",
           "Nguồn số liệu năm trước", "Ghi chú"],
          [[i.code, i.name, i.unit, i.previous, i.value, i.change, i.change_pct, i.assessment_vi,
            i.status_vi, i.status, ", ".join(i.agencies), i.previous_source,
            "\n".join(i.reasons)] for i in result.indicators],
          [10, 60, 16, 14, 14, 12, 12, 14, 16, 14, 30, 30, 50],
          {4: "#,##0.00", 5: "#,##0.00", 6: "#,##0.00", 7: "0.0"})
    labels = {v.code: v for v in catalog.variables}
    ws = wb.create_sheet(SHEET_INPUTS)
    table(ws, f"SỐ LIỆU ĐẦU VÀO THEO CƠ QUAN NĂM {y}",
          ["Mã cơ quan", "Cơ quan", "Mã biến", "Nội dung", "Đơn vị tính", f"Năm {y - 1}",
           f"Năm {y}", "Tệp", "Trang", "Ô năm trước", "Ô năm báo cáo"],
          [[row.agency, catalog.agency_by_code[row.agency].name, row.variable,
            labels[row.variable].label, labels[row.variable].unit, row.previous, row.value,
            row.file, row.sheet, row.previous_cell, row.cell] for row in result.inputs],
          [12, 34, 22, 60, 14, 14, 14, 40, 12, 10, 10], {6: "#,##0.##", 7: "#,##0.##"})
    ws = wb.create_sheet(SHEET_BREAKDOWN)
    table(ws, "KẾT QUẢ THEO TỪNG CƠ QUAN, ĐỊA PHƯƠNG",
          ["Mã chỉ số", "Mã cơ quan", "Cơ quan", "Tử số", "Mẫu số", f"Kết quả năm {y - 1}",
           f"Kết quả năm {y}", "Tình trạng"],
          [[i.code, p.agency, p.name, p.numerator, p.denominator, p.previous, p.value, p.status]
           for i in result.indicators for p in i.breakdown],
          [10, 14, 34, 14, 14, 14, 14, 14], {4: "#,##0.##", 5: "#,##0.##", 6: "#,##0.00",
                                              7: "#,##0.00"})
    ws = wb.create_sheet(SHEET_STATUS)
    table(ws, f"TÌNH HÌNH BÁO CÁO (hạn {result.deadline.strftime('%d/%m/%Y')})",
          ["Mã cơ quan", "Cơ quan", "Đã nhận", "Tình trạng tệp", "Ngày báo cáo", "Thời hạn",
           "Số ngày muộn", "Tệp sử dụng", "Số lỗi", "Số cảnh báo"],
          [[s.agency, s.name, "có" if s.received else "chưa", s.status, s.report_date,
            s.timeliness_vi, s.days_late, s.used_file or "", s.errors, s.warnings]
           for s in result.agencies],
          [14, 36, 10, 14, 14, 18, 12, 40, 8, 10])
    for row in ws.iter_rows(min_row=4, min_col=5, max_col=5):
        for cell in row:
            cell.number_format = "DD/MM/YYYY"
    ws = wb.create_sheet(SHEET_DISCREPANCIES)
    table(ws, "CHÊNH LỆCH SỐ LIỆU CẦN ĐỐI CHIẾU",
          ["Mã chỉ số", "Loại", "Năm", "Mã biến", "Cơ quan chủ trì", "Số của cơ quan chủ trì",
           "Tổng của cơ quan đối chiếu", "Chênh lệch (%)", "Nội dung"],
          [[d.indicator, "đối chiếu giữa cơ quan" if d.kind == "cross_check" else "vượt 100 %",
            y if d.period == "current" else y - 1, d.variable or "", d.lead or "", d.lead_value,
            d.others_value, d.relative, d.message] for d in result.discrepancies],
          [10, 20, 8, 22, 14, 16, 16, 12, 70], {6: "#,##0.##", 7: "#,##0.##", 8: "0.0"})
    ws = wb.create_sheet(SHEET_FILES)
    fate_vi = {"used": "sử dụng", "superseded": "thay bằng tệp mới hơn", "rejected": "bị loại"}
    table(ws, "CÁC TỆP ĐÃ ĐỌC",
          ["Tệp", "Cơ quan", "Tình trạng", "Xử lý", "Ngày báo cáo", "Số lỗi", "Số cảnh báo",
           "Lý do"],
          [[f.file, f.agency or "", f.status, fate_vi[f.fate], f.report_date, f.errors,
            f.warnings, f.reason] for f in result.files],
          [44, 14, 14, 22, 14, 8, 10, 70])
    ws = wb.create_sheet(SHEET_CAUSES)
    table(ws, "NGUYÊN NHÂN TĂNG/GIẢM VÀ BIỆN PHÁP THEO BÁO CÁO CỦA CÁC CƠ QUAN",
          ["Mã chỉ số", "Mã cơ quan", "Cơ quan", "Nguyên nhân tăng/giảm",
           "Biện pháp đã thực hiện", "Tệp", "Ô"],
          [[i.code, c.agency, c.agency_name, c.cause, c.measures, c.file, c.cell]
           for i in result.indicators for c in i.causes],
          [10, 14, 30, 70, 60, 40, 8])
    meta = wb.create_sheet(L.SHEET_META)
    for r, (k, v) in enumerate([(L.META_KIND, L.META_KIND_RESULT),
                                ("result_version", L.RESULT_VERSION),
                                ("profile", result.catalog), ("year", y),
                                ("report_date", result.report_date.isoformat())], start=1):
        put(meta.cell(r, 1), k)
        put(meta.cell(r, 2), v)
    meta.sheet_state = "hidden"
    buf = io.BytesIO()
    wb.save(buf)
    return buf.getvalue()


# ---------------------------------------------------------------------------- reading
def _header(rows: list[list[Any]], wanted: dict[str, str]) -> tuple[int, dict[str, int]] | None:
    targets = {L.norm(v): k for k, v in wanted.items()}
    for r, row in enumerate(rows[:30]):
        cols: dict[str, int] = {}
        for c, raw in enumerate(row):
            if isinstance(raw, str) and L.norm(raw) in targets:
                cols.setdefault(targets[L.norm(raw)], c)
        if len(cols) == len(wanted):
            return r, cols
    return None


def _num(raw: Any) -> float | None:
    if isinstance(raw, bool) or raw in ("", None):
        return None
    if isinstance(raw, int | float):
        return float(raw)
    return None


def _read_job(path: str) -> YearData | str:
    """Runs in an isolated worker: returns the result, or a Vietnamese error text."""
    from bgindex.safety import inspect_file
    from bgindex.workbook import Book, ReadFailed

    inspection = inspect_file(path)
    if inspection.fatal:
        from bgindex.issues import make_issue

        code, params = inspection.fatal
        return make_issue(code, path, **params).message
    try:
        book = Book(path, inspection)
        names = {L.norm(n): n for n in book.sheet_names}
        if L.norm(L.SHEET_META) not in names:
            return "không phải tệp kết quả tổng hợp của bgindex (thiếu trang ẩn '_bgindex')"
        meta = {str(r[0]): r[1] for r in book.sheet(names[L.norm(L.SHEET_META)]).rows if len(r) > 1}
        if meta.get(L.META_KIND) != L.META_KIND_RESULT:
            return "không phải tệp kết quả tổng hợp của bgindex"
        year = int(float(meta.get("year", 0)))
        prior = YearData(path=path, year=year, profile=str(meta.get("profile", "")))
        for sheet_name, wanted in ((SHEET_INDICATORS, IND_HEADERS), (SHEET_INPUTS, INPUT_HEADERS),
                                   (SHEET_BREAKDOWN, PART_HEADERS), (SHEET_CAUSES, CAUSE_HEADERS),
                                   (SHEET_STATUS, STATUS_HEADERS)):
            if L.norm(sheet_name) not in names:
                if sheet_name in (SHEET_INDICATORS, SHEET_INPUTS):
                    return f"thiếu trang '{sheet_name}'"
                continue
            rows = book.sheet(names[L.norm(sheet_name)]).rows
            found = _header(rows, {k: v.format(year=year, prev=year - 1)
                                   for k, v in wanted.items()})
            if found is None:
                return f"trang '{sheet_name}' thiếu dòng tiêu đề"
            head, cols = found
            for row in rows[head + 1:]:
                _take(prior, sheet_name, {k: row[c] if c < len(row) else None
                                          for k, c in cols.items()})
        book.close()
        return prior
    except ReadFailed as exc:
        from bgindex.issues import make_issue

        return make_issue(exc.code, path, **exc.params).message
    except (ValueError, TypeError) as exc:
        return f"nội dung không đúng cấu trúc ({exc})"


def _text(raw: Any) -> str:
    return "" if raw is None else str(raw).strip()


def _take(data: YearData, sheet: str, row: dict[str, Any]) -> None:
    if sheet == SHEET_INDICATORS:
        code = L.indicator_key_code(row["code"])
        status = _text(row["status_code"])
        if code and status in STATUS_VI:
            data.indicators[code] = PriorIndicator(_num(row["current"]), status)  # type: ignore
    elif sheet == SHEET_INPUTS:
        agency, variable = _text(row["agency"]), _text(row["variable"])
        if agency and variable:
            data.inputs.setdefault(agency, {})[variable] = InputValue(
                _num(row["current"]), _num(row["previous"]), _text(row["file"]),
                _text(row["cell"]), _text(row["previous_cell"]))
    elif sheet == SHEET_BREAKDOWN:
        code, agency = L.indicator_key_code(row["code"]), _text(row["agency"])
        if code and agency:
            data.parts.setdefault(code, {})[agency] = PartValue(
                _num(row["current"]), _num(row["previous"]), _text(row["status"]))
    elif sheet == SHEET_CAUSES:
        code, agency = L.indicator_key_code(row["code"]), _text(row["agency"])
        if code and agency:
            data.causes.setdefault(code, {})[agency] = (_text(row["cause"]),
                                                        _text(row["measures"]))
    elif sheet == SHEET_STATUS and _text(row["status"]) == "valid":
        data.used.add(_text(row["agency"]))


def read_result(path: str | Path, catalog: Catalog) -> YearData:
    """Read a consolidated result (ket-qua-YYYY.xlsx) back, in an isolated worker."""
    from bgindex.pool import run_isolated

    path = str(path)
    if not Path(path).is_file():
        raise ResultReadError(f"không tìm thấy tệp kết quả '{path}'")
    outcome = next(iter(run_isolated(_read_job, [path], workers=1, memory_mb=600, timeout=60)))
    if outcome.kind != "ok":
        raise ResultReadError(f"không đọc được tệp kết quả '{path}' (tệp không an toàn)")
    value = outcome.value
    if isinstance(value, str):
        raise ResultReadError(f"tệp kết quả '{path}': {value}")
    if value.profile != catalog.profile.id:
        raise ResultReadError(f"tệp kết quả '{path}' thuộc danh mục '{value.profile}', không phải "
                              f"'{catalog.profile.id}'")
    return value


__all__ = ["PriorResult", "ResultReadError", "YearData", "read_result", "result_workbook",
           "write_result"]
