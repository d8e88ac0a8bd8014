"""The workbook contract shared by the template writer and the reader: sheets, headers, keys."""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Callable, Iterable, Sequence
from typing import Any

TEMPLATE_VERSION = "1"
RESULT_VERSION = "1"

SHEET_GUIDE = "Hướng dẫn"
SHEET_INFO = "Thông tin"
SHEET_DATA = "Số liệu"
SHEET_DOCS = "Tài liệu kiểm chứng"
SHEET_META = "_bgindex"

META_KIND = "kind"
META_KIND_REPORT = "agency-report"
META_KIND_RESULT = "consolidated-result"
META_FINGERPRINT = "fingerprint"  # of a result's figures: model.results.figures_fingerprint

# Data sheet columns: key -> header text. The reader finds columns by header, not by position.
DATA_HEADERS = {
    "code": "Mã",
    "label": "Nội dung",
    "unit": "Đơn vị tính",
    "previous": "Năm {previous}",
    "current": "Năm {year}",
    "cause": "Nguyên nhân tăng/giảm",
    "measures": "Biện pháp đã thực hiện",
    "note": "Ghi chú",
}
DATA_REQUIRED = ("code", "previous", "current", "cause")

# Verification documents sheet.
DOC_HEADERS = {
    "no": "STT",
    "indicator": "Mã chỉ số",
    "number": "Số văn bản",
    "date": "Ngày ban hành",
    "issuer": "Cơ quan ban hành",
    "summary": "Trích yếu nội dung",
    "filename": "Tên tệp đính kèm",
}
DOC_REQUIRED = ("indicator", "number", "date")
DOC_ROWS = 40

# Information sheet: key -> label in column A (value in column B).
INFO_LABELS = {
    "agency_name": "Cơ quan báo cáo",
    "agency_code": "Mã cơ quan",
    "year": "Năm báo cáo",
    "reporter": "Người báo cáo",
    "position": "Chức vụ",
    "phone": "Điện thoại",
    "email": "Thư điện tử",
    "report_date": "Ngày báo cáo",
    "letter_no": "Số công văn",
}

_SPACE = re.compile(r"\s+")


def norm(text: object) -> str:
    """Text for comparison: NFC, whitespace folded, case folded."""
    s = unicodedata.normalize("NFC", str(text))
    return _SPACE.sub(" ", s).strip().casefold()


HEADER_SCAN_ROWS = 60  # a header row is looked for in the first rows of a sheet


def find_header(
    rows: Sequence[Sequence[Any]],
    labels: dict[str, str],
    required: Iterable[str],
    accept: Callable[[Sequence[Any], dict[str, int]], bool] | None = None,
) -> tuple[int, dict[str, int]] | None:
    """The first row (of the first HEADER_SCAN_ROWS) holding every required label, as (row index,
    key -> column of the label's first occurrence). Labels match after `norm`; `accept` may look
    further at a candidate row (and add columns) before it is taken."""
    targets = {norm(v): k for k, v in labels.items()}
    needed = tuple(required)
    for r, row in enumerate(rows[:HEADER_SCAN_ROWS]):
        cols: dict[str, int] = {}
        for c, raw in enumerate(row):
            key = targets.get(norm(raw)) if isinstance(raw, str) else None
            if key is not None and key not in cols:
                cols[key] = c
        if all(k in cols for k in needed) and (accept is None or accept(row, cols)):
            return r, cols
    return None


def data_headers(year: int) -> dict[str, str]:
    return {k: v.format(year=year, previous=year - 1) for k, v in DATA_HEADERS.items()}


def indicator_key_code(value: object) -> str | None:
    """An indicator code as typed in a workbook ('CS01', 'cs 1', '01', 1.0) -> '01'; a dotted code
    ('CS1.2', 'cs 01.2') -> '1.2' as written (a number cell 1.2 stays unread: it is no code)."""
    if isinstance(value, bool) or value is None:
        return None
    if isinstance(value, int | float):
        if float(value).is_integer() and 0 <= value < 100:
            return f"{int(value):02d}"
        return None
    text = norm(value)
    m = re.fullmatch(r"(?:cs|chỉ số|chi so)?\s*0*([0-9]{1,2})", text)
    if m:
        return f"{int(m.group(1)):02d}"
    m = re.fullmatch(r"(?:cs|chỉ số|chi so)\s*([0-9]{1,3}(?:\.[0-9]{1,3})+)", text)
    return ".".join(str(int(p)) for p in m.group(1).split(".")) if m and len(m.group(1)) <= 8 else None


def agency_file_name(agency: str, year: int) -> str:
    return f"bgindex-{year}-{agency}.xlsx"


_AGENCY_FILE_STEM = re.compile(r"bgindex-\d{4}-([A-Za-z0-9_]+)", re.IGNORECASE)


def agency_in_file_name(path: str) -> str | None:
    """The agency code a file's name carries when it is named like agency_file_name, else None."""
    stem = path.replace("\\", "/").rsplit("/", 1)[-1].rsplit(".", 1)[0]
    m = _AGENCY_FILE_STEM.fullmatch(stem)
    return m.group(1).upper() if m else None


# ---- the consolidated result workbook (ket-qua-YYYY.xlsx), written by outputs and read back next year
RESULT_SHEET_INDICATORS = "Chỉ số"
RESULT_SHEET_INPUTS = "Đầu vào theo cơ quan"
RESULT_SHEET_BREAKDOWN = "Theo cơ quan"
RESULT_SHEET_STATUS = "Tình hình báo cáo"
RESULT_SHEET_DISCREPANCIES = "Chênh lệch"
RESULT_SHEET_PLAUSIBILITY = "Cảnh báo số liệu"
RESULT_SHEET_FILES = "Tệp đã đọc"
RESULT_SHEET_CAUSES = "Nguyên nhân"
RESULT_SHEET_DERIVED = "Số liệu tính ra"  # figures computed from reported ones, with their cells
RESULT_SHEET_BASELINE = "Số liệu năm trước"  # doubts about the --previous file, when there are any

IND_HEADERS = {"code": "Mã chỉ số", "status_code": "Mã trạng thái", "current": "Năm {year}"}
INPUT_HEADERS = {
    "agency": "Mã cơ quan",
    "variable": "Mã biến",
    "current": "Năm {year}",
    "previous": "Năm {prev}",
    "file": "Tệp",
    "cell": "Ô năm báo cáo",
    "previous_cell": "Ô năm trước",
}
PART_HEADERS = {
    "code": "Mã chỉ số",
    "agency": "Mã cơ quan",
    "current": "Kết quả năm {year}",
    "previous": "Kết quả năm {prev}",
    "status": "Tình trạng",
}
CAUSE_HEADERS = {
    "code": "Mã chỉ số",
    "agency": "Mã cơ quan",
    "cause": "Nguyên nhân tăng/giảm",
    "measures": "Biện pháp đã thực hiện",
}
STATUS_HEADERS = {"agency": "Mã cơ quan", "status": "Tình trạng tệp", "used_file": "Tệp sử dụng"}
