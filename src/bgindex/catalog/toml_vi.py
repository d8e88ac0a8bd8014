"""tomllib's syntax errors in Vietnamese, with the line and column it gives (catalogue and settings file)."""

from __future__ import annotations

import re

# tomllib's messages (Python 3.11–3.13 `tomllib/_parser.py`), in the order a reader meets them.
_MESSAGES: list[tuple[str, str]] = [
    (r"Expected '=' after a key in a key/value pair", "sau tên khóa phải có dấu '='"),
    (r"Expected '\]' at the end of a table declaration", "tên bảng phải kết thúc bằng ']'"),
    (r"Expected '\]\]' at the end of an array declaration", "tên mảng bảng phải kết thúc bằng ']]'"),
    (r"Expected (.+)", "thiếu {0}"),
    (r"Found invalid character (.+)", "ký tự không hợp lệ {0}"),
    (r"Cannot declare (.+) twice", "khóa {0} được khai báo hai lần"),
    (r"Cannot mutate immutable namespace (.+)", "không được sửa bảng {0} đã khai báo trọn"),
    (r"Cannot overwrite a value", "không được ghi đè một giá trị đã có"),
    (r"Cannot redefine namespace (.+)", "không được khai báo lại bảng {0}"),
    (r"Duplicate inline table key (.+)", "khóa {0} lặp lại trong bảng"),
    (r"Escaped character is not a Unicode scalar value", "ký tự thoát không phải ký tự Unicode hợp lệ"),
    (r"Illegal character (.+)", "ký tự không được phép {0}"),
    (r"Invalid date or datetime", "ngày hoặc giờ không hợp lệ"),
    (r"Invalid hex value", "giá trị hệ mười sáu không hợp lệ"),
    (r"Invalid initial character for a key part", "tên khóa bắt đầu bằng ký tự không hợp lệ"),
    (r"Invalid statement", "dòng không đúng cú pháp TOML"),
    (r"Invalid value", "giá trị không hợp lệ (chuỗi phải nằm trong dấu ngoặc kép)"),
    (r"Unclosed array", "mảng chưa đóng ']'"),
    (r"Unclosed inline table", "bảng trên một dòng chưa đóng '}'"),
    (r"Unescaped '\\\\' in a string", "dấu '\\' trong chuỗi phải viết thành '\\\\'"),
    (r"Unterminated string", "chuỗi chưa đóng dấu ngoặc kép"),
]
_WHERE = re.compile(r"\s*\(at (?:line (\d+), column (\d+)|end of document)\)\s*$")


def toml_error_vi(message: str) -> str:
    """'Expected '=' after a key … (at line 3, column 5)' → 'dòng 3, cột 5: sau tên khóa phải có dấu '=''."""
    where = _WHERE.search(message)
    text = message[: where.start()] if where else message
    place = ""
    if where:
        place = f"dòng {where.group(1)}, cột {where.group(2)}: " if where.group(1) else "cuối tệp: "
    for pattern, vi in _MESSAGES:
        m = re.fullmatch(pattern, text.strip())
        if m:
            return place + vi.format(*m.groups())
    return place + "cú pháp TOML không đúng"
