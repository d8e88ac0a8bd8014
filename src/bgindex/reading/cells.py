"""Parse one cell against its declared type: Vietnamese numbers, dates and text, never guessed."""

from __future__ import annotations

import math
import re
import unicodedata
from dataclasses import dataclass, field
from datetime import date, datetime, time, timedelta
from typing import Any

from bgindex.model.issues import IssueCode
from bgindex.model.vn import vn_date, vn_number, vn_plain
from bgindex.reading.legacy import detect_legacy


@dataclass
class Parsed:
    """A parsed cell: the value taken, or the issue code that stops it (with message params)."""

    value: Any = None
    code: IssueCode | None = None
    params: dict[str, Any] = field(default_factory=dict)

    @property
    def ok(self) -> bool:
        return self.code is None or self.code.startswith("W_")


EMPTY = Parsed()
ERROR_LITERALS = {"#DIV/0!", "#N/A", "#NAME?", "#NULL!", "#NUM!", "#REF!", "#VALUE!", "#GETTING_DATA"}
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b\ufeff]")
_SPACES = re.compile(r"[ \t\u00a0\u2007\u202f]+")
_NUM_SPACES = re.compile(r"[\s\u00a0\u2007\u202f']+")
_PLAIN = re.compile(r"^[+-]?\d+$")
_DEC_ONE = re.compile(r"^[+-]?\d+[.,]\d+$")
_GROUPED = {
    ".": re.compile(r"^[+-]?\d{1,3}(?:\.\d{3})+(?:,\d+)?$"),
    ",": re.compile(r"^[+-]?\d{1,3}(?:,\d{3})+(?:\.\d+)?$"),
}
_DATE_TEXT = re.compile(r"^(\d{1,2})\s*[/.-]\s*(\d{1,2})\s*[/.-]\s*(\d{4})$")
_ISO_DATE = re.compile(r"^(\d{4})-(\d{2})-(\d{2})(?:[ T]\d{2}:\d{2}(?::\d{2})?)?$")


def is_blank(raw: Any) -> bool:
    if raw is None:
        return True
    if isinstance(raw, float) and math.isnan(raw):
        return True
    return isinstance(raw, str) and not raw.strip()


def parse_number(raw: Any, unit: str = "") -> Parsed:
    """A number cell. Text like '1.234,5', '85%' or '12 ha' is taken with a warning that shows the
    value; an ambiguous text like '1.234' is an error, never a guess."""
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
        return Parsed(code="E_AMBIGUOUS_NUMBER", params={"a": vn_number(a, 6), "b": vn_number(b, 6)})
    if value is None:
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


def parse_date(raw: Any) -> Parsed:
    """A date cell; text 'dd/mm/yyyy' is taken with a warning."""
    if is_blank(raw):
        return EMPTY
    if isinstance(raw, datetime):
        return Parsed(value=raw.date())
    if isinstance(raw, date):
        return Parsed(value=raw)
    if isinstance(raw, bool) or not isinstance(raw, str):
        return Parsed(code="E_NOT_DATE")
    text = unicodedata.normalize("NFC", raw).strip()
    m = _DATE_TEXT.match(text)
    try:
        if m:
            day, month, year = int(m.group(1)), int(m.group(2)), int(m.group(3))
            value = date(year, month, day)
        elif m2 := _ISO_DATE.match(text):
            value = date(int(m2.group(1)), int(m2.group(2)), int(m2.group(3)))
        else:
            return Parsed(code="E_NOT_DATE")
    except ValueError:
        return Parsed(code="E_NOT_DATE")
    return Parsed(value=value, code="W_DATE_AS_TEXT", params={"taken": vn_date(value)})


def clean_text(raw: Any) -> tuple[str, list[Parsed]]:
    """Free text: NFC, control characters removed, spaces folded; legacy fonts flagged."""
    if is_blank(raw):
        return "", []
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    if isinstance(raw, datetime | date):
        return vn_date(raw), []
    text = unicodedata.normalize("NFC", str(raw))
    notes: list[Parsed] = []
    if _CONTROL.search(text):
        text = _CONTROL.sub("", text)
        notes.append(Parsed(code="W_CONTROL_CHARS"))
    text = "\n".join(_SPACES.sub(" ", line).strip() for line in text.splitlines()).strip()
    legacy = detect_legacy(text)
    if legacy:
        notes.append(Parsed(code="W_LEGACY_ENCODING", params={"encoding": legacy[0], "taken": legacy[1]}))
    return text, notes


def plain_text(raw: Any) -> str:
    """A short label or code, compared after NFC and whitespace folding (no warnings)."""
    if is_blank(raw):
        return ""
    if isinstance(raw, float) and raw.is_integer():
        raw = int(raw)
    return " ".join(unicodedata.normalize("NFC", str(raw)).split())
