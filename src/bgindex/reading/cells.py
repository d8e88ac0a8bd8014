"""Parse one cell against its declared type: Vietnamese numbers, dates and text, never guessed."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from bgindex.model.issues import IssueCode
from bgindex.model.vn import vn_date, vn_plain, vn_words
from bgindex.reading.legacy import detect_legacy, detect_mojibake


@dataclass
class Parsed:
    """A parsed cell: the value taken, or the issue code that stops it (with message params)."""

    value: Any = None
    code: IssueCode | None = None
    params: dict[str, Any] = field(default_factory=dict)
    notes: tuple[Parsed, ...] = ()  # warnings met on the way (invisible characters removed)

    @property
    def ok(self) -> bool:
        return self.code is None or self.code.startswith("W_")


EMPTY = Parsed()
ERROR_LITERALS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f]")
_ZERO_WIDTH = "ký tự khoảng trắng độ rộng 0"
_BIDI = "ký tự điều khiển hướng chữ"
# Characters that show nothing but make '2' not a number and 'HIEPHOA' not a code.
INVISIBLE: dict[str, str] = {
    "\u200b": _ZERO_WIDTH,
    "\u200c": "ký tự ngắt nối độ rộng 0",
    "\u200d": "ký tự nối độ rộng 0",
    "\u2060": "ký tự nối từ độ rộng 0",
    "\ufeff": "dấu thứ tự byte (BOM)",
    "\u200e": _BIDI,
    "\u200f": _BIDI,
    **{chr(c): _BIDI for c in range(0x202A, 0x202F)},
    **{chr(c): _BIDI for c in range(0x2066, 0x206A)},
}
_INVISIBLE_TABLE = dict.fromkeys(map(ord, INVISIBLE))
# What offices write where a number is asked and nothing happened: not a number, but not a typo.
_NIL_WORDS = frozenset(
    {"-", "–", "—", "x", "kps", "k.p.s", "không phát sinh", "không", "không có", "ko", "0 phát sinh"}
)
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_NUM_SPACES = re.compile(r"[\s\u00a0\u2007\u202f']+")
_PLAIN = re.compile(r"^[+-]?\d+$")
_DEC_ONE = re.compile(r"^[+-]?\d+[.,]\d+$")
_GROUPED = {
    ".": re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$"),
    ",": re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"),
}
_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
# 'ngày 15 tháng 02 năm 2025', '15 tháng 2 năm 2025', 'Hiệp Hòa, ngày 15 tháng 02 năm 2025' (casefolded).
_DATE_WORDS = re.compile(r"^(?:[^,\d]*,\s*)?(?:ngày\s*)?(\d{1,2})\s*tháng\s*(\d{1,2})\s*,?\s*năm\s*(\d{4})$")
# 'tháng 01/2025', '01/2025', 'tháng 1 năm 2025' (casefolded).
_MONTH_TEXT = re.compile(r"^(?:tháng\s*)?(\d{1,2})\s*(?:[/.-]|năm)\s*(\d{4})$")
_SERIAL_TEXT = re.compile(r"^\d{5}$")
_EXCEL_EPOCH = date(1899, 12, 30)
_SERIAL_MIN, _SERIAL_MAX = 10_000, 80_000  # 1927 to 2119: dates a report can hold
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and not raw.strip()


def strip_invisible(text: str) -> tuple[str, Parsed | None]:
    """`text` without zero-width and direction characters, and the warning naming them."""
    found = dict.fromkeys(c for c in text if c in INVISIBLE)
    if not found:
        return text, None
    cleaned = text.translate(_INVISIBLE_TABLE)
    names = ", ".join(f"{INVISIBLE[c]} (U+{ord(c):04X})" for c in found)
    return cleaned, Parsed(code="W_INVISIBLE_CHARS", params={"chars": names, "taken": cleaned.strip()})


def _with_note(parsed: Parsed, note: Parsed | None) -> Parsed:
    if note is None:
        return parsed
    return Parsed(parsed.value, parsed.code, parsed.params, (note, *parsed.notes))


def parse_number(raw: Any, unit: str = "", integer: bool = False) -> Parsed:
    """A number cell. Text like '1.234,5', '85%' or '12 ha' is taken with a warning that shows the
    value; an ambiguous text like '1.234' is an error, never a guess, except in a count (`integer`)
    where '455.363' can only mean thousands."""
    if isinstance(raw, str):
        text, note = strip_invisible(raw)
        return _with_note(_parse_number(text, unit, integer), note)
    return _parse_number(raw, unit, integer)


def _parse_number(raw: Any, unit: str, integer: bool) -> Parsed:
    if is_blank(raw):
        return EMPTY
    if isinstance(raw, bool) or isinstance(raw, date | datetime | time | timedelta):
        return Parsed(code="E_NOT_NUMBER")
    if isinstance(raw, int | float):
        if math.isinf(raw):
            return Parsed(code="E_NOT_NUMBER")
        return Parsed(value=float(raw))
    text = unicodedata.normalize("NFC", str(raw)).strip()
    if text.upper() in ERROR_LITERALS:
        return Parsed(code="E_FORMULA_ERROR")
    body = _strip_unit(text, unit)
    body = _NUM_SPACES.sub("", body)
    value = _parse_text_number(body)
    if isinstance(value, tuple):
        a, b = value
        if integer and "." in body:
            value = a  # '455.363' people: a count has no decimals, the dot groups thousands
        else:
            # Both readings spelled out: the clerk who typed it knows which one was meant.
            params = {"a": vn_plain(a), "b": vn_plain(b), "a_words": vn_words(a), "b_words": vn_words(b)}
            return Parsed(code="E_AMBIGUOUS_NUMBER", params=params)
    if value is None:
        if " ".join(text.casefold().split()).rstrip(".") in _NIL_WORDS or text.strip() == ".":
            return Parsed(code="E_NIL_AS_TEXT")
        return Parsed(code="E_NOT_NUMBER")
    return Parsed(value=value, code="W_NUMBER_AS_TEXT", params={"taken": vn_plain(value)})


def _strip_unit(text: str, unit: str) -> str:
    """'85 %' in a percentage cell, '12 ha' in a hectare cell: the declared unit only."""
    suffix = unit.strip().casefold()
    if suffix and text.casefold().endswith(suffix):
        return text[: len(text) - len(suffix)].strip()
    return text


def _parse_text_number(s: str) -> float | tuple[float, float] | None:
    if not s:
        return None
    if _PLAIN.match(s):
        return float(s)
    has_dot, has_comma = "." in s, "," in s
    if has_dot and has_comma:
        # Both separators: the last one is the decimal mark, the other groups thousands.
        mark = "," if s.rfind(",") > s.rfind(".") else "."
        group = "." if mark == "," else ","
        if _GROUPED[group].match(s):
            return float(s.replace(group, "").replace(mark, "."))
        return None
    sep = "." if has_dot else ","
    if _GROUPED[sep].match(s):
        if s.count(sep) == 1:
            # '1.234' or '1,234': thousands or decimals? Refuse to guess.
            grouped = float(s.replace(sep, ""))
            decimal = float(s.replace(sep, "."))
            return (grouped, decimal)
        return float(s.replace(sep, ""))
    if _DEC_ONE.match(s):
        return float(s.replace(",", "."))
    return None


def parse_date(raw: Any, year: int | None = None, month_only: bool = False) -> Parsed:
    """A date cell. Text 'dd/mm/yyyy', 'ngày 15 tháng 02 năm 2025' and (with `month_only`, for a
    document) 'tháng 01/2025' are taken with a warning that shows the date; a bare day serial
    (45703) is taken with a warning when it falls near the report `year`, else asked about."""
    if isinstance(raw, str):
        text, note = strip_invisible(raw)
        return _with_note(_parse_date(text, year, month_only), note)
    return _parse_date(raw, year, month_only)


def _parse_date(raw: Any, year: int | None, month_only: bool) -> Parsed:
    if is_blank(raw):
        return EMPTY
    if isinstance(raw, datetime):
        return Parsed(value=raw.date())
    if isinstance(raw, date):
        return Parsed(value=raw)
    if isinstance(raw, bool):
        return Parsed(code="E_NOT_DATE")
    if isinstance(raw, int | float):
        return _serial(raw, year)
    if not isinstance(raw, str):
        return Parsed(code="E_NOT_DATE")
    text = " ".join(unicodedata.normalize("NFC", raw).split())
    if _SERIAL_TEXT.match(text):
        return _serial(int(text), year)
    words = text.casefold().rstrip(".")
    note = ""
    try:
        if m := _DATE_TEXT.match(text) or _DATE_WORDS.match(words):
            value = date(int(m.group(3)), int(m.group(2)), int(m.group(1)))
        elif m2 := _ISO_DATE.match(text):
            value = date(int(m2.group(1)), int(m2.group(2)), int(m2.group(3)))
        elif month_only and (m3 := _MONTH_TEXT.match(words)):
            value = date(int(m3.group(2)), int(m3.group(1)), 1)
            note = " (chỉ ghi tháng, lấy ngày đầu tháng)"
        else:
            return Parsed(code="E_NOT_DATE")
    except ValueError:
        return Parsed(code="E_NOT_DATE")
    return Parsed(value=value, code="W_DATE_AS_TEXT", params={"taken": vn_date(value) + note})


def _serial(number: float, year: int | None) -> Parsed:
    """A day number as Excel counts them (1 = 01/01/1900) where a date is asked."""
    if not float(number).is_integer() or not _SERIAL_MIN <= number <= _SERIAL_MAX:
        return Parsed(code="E_NOT_DATE")
    value = _EXCEL_EPOCH + timedelta(days=int(number))
    params = {"taken": vn_date(value)}
    if year is not None and year - 10 <= value.year <= year + 1:
        return Parsed(value=value, code="W_DATE_SERIAL", params=params)
    return Parsed(code="E_DATE_SERIAL", params=params)


def clean_text(raw: Any) -> tuple[str, list[Parsed]]:
    """Free text: NFC, control characters removed, spaces folded; legacy fonts flagged."""
    if is_blank(raw):
        return "", []
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime | date):
        return vn_date(raw), []
    text = str(raw)
    mojibake = detect_mojibake(text)  # before NFC and space folding: they change the bytes
    text, invisible = strip_invisible(unicodedata.normalize("NFC", text))
    notes: list[Parsed] = [invisible] if invisible else []
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
        if not mojibake:  # C1 codes are part of the mangled letters ('Ý' shows as 'Ã\x9d')
            notes.append(Parsed(code="W_CONTROL_CHARS"))
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines()).strip()
    if mojibake:
        notes.append(Parsed(code="W_MOJIBAKE", params={"encoding": mojibake[0], "taken": mojibake[1]}))
    elif legacy := detect_legacy(text):
        notes.append(Parsed(code="W_LEGACY_ENCODING", params={"encoding": legacy[0], "taken": legacy[1]}))
    return text, notes


def plain_text(raw: Any) -> str:
    """A short label or code, compared after NFC and whitespace folding (no warnings)."""
    if is_blank(raw):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return " ".join(unicodedata.normalize("NFC", str(raw)).translate(_INVISIBLE_TABLE).split())
