"""Numbers, dates and numbering as Vietnamese readers expect them: 1.234,5, 20/02/2025, II."""

from __future__ import annotations

from collections.abc import Iterable
from datetime import date, datetime, timedelta

from babel.numbers import format_decimal

LOCALE = "vi_VN"
DASH = "—"


def vn_number(value: float | None, decimals: int = 2, trim: bool = True) -> str:
    """1234.5 -> '1.234,5' (trailing zeros trimmed unless trim=False)."""
    if value is None:
        return DASH
    pattern = "#,##0" + ("." + ("#" if trim else "0") * decimals if decimals else "")
    text = format_decimal(value, format=pattern, locale=LOCALE)
    return "0" if text in ("-0", "−0") else text


def vn_plain(value: float, decimals: int = 6) -> str:
    """A number without thousands separators, comma as decimal mark: 48841,2 (never ambiguous)."""
    return format_decimal(value, format="0." + "#" * decimals, locale=LOCALE)


def vn_percent(value: float | None, decimals: int = 1) -> str:
    return DASH if value is None else f"{vn_number(value, decimals)} %"


# A relative change (%) in every document, table and letter alike: 16,8 %.
RELATIVE_DECIMALS = 1
# An amount an agency typed, quoted back: every decimal it has (up to this many), none added.
AS_TYPED = 6


def indicator_number(value: float | None, decimals: int) -> str:
    """An indicator's figure at the precision its catalogue declares, never trimmed, so that a
    column lines up: 0,082 and 0,104 at 3 decimals, 90,00 at 2; a value rounding to zero is 0,000."""
    if value is None:
        return DASH
    return vn_number(0.0 if round(value, decimals) == 0 else value, decimals, trim=False)


def indicator_change(change: float | None, decimals: int) -> str:
    """A change at the indicator's precision with its sign: +0,022, −0,89, 0,00 (nothing moved at
    the precision shown)."""
    if change is None:
        return DASH
    text = indicator_number(abs(change), decimals)
    if round(change, decimals) == 0:
        return text
    return ("+" if change > 0 else "−") + text


def relative_change(change_pct: float | None) -> str:
    """A relative change with its sign and the percent sign: +16,8 %."""
    return DASH if change_pct is None else f"{indicator_change(change_pct, RELATIVE_DECIMALS)} %"


def amount_text(value: float | None) -> str:
    """A plain amount that belongs to no indicator (an input variable an agency typed): as typed,
    with Vietnamese separators: 1.234,5; 15,24; 1.697."""
    return vn_number(value, AS_TYPED)


def change_unit(unit: str) -> str:
    """The unit a change is counted in: a change of a rate (%) is in 'điểm phần trăm'."""
    return "điểm phần trăm" if unit.strip() == "%" else unit


def change_text(change: float | None, change_pct: float | None, unit: str, decimals: int) -> str:
    """A change as a table or a paragraph gives it: '+6,53 điểm phần trăm (+16,8 %)' for a rate,
    '+5,37 ha (+24,9 %)' for an amount."""
    if change is None:
        return DASH
    text = f"{indicator_change(change, decimals)} {change_unit(unit)}".rstrip()
    return text if change_pct is None else f"{text} ({relative_change(change_pct)})"


def vn_date(value: date | datetime | None) -> str:
    if value is None:
        return DASH
    return value.strftime("%d/%m/%Y")


def long_date(d: date | datetime) -> str:
    """'ngày 05 tháng 3 năm 2025': Nghị định 30/2020 pads days below 10 and months 1 and 2 only."""
    month = f"{d.month:02d}" if d.month < 3 else str(d.month)
    return f"ngày {d.day:02d} tháng {month} năm {d.year}"


def change_words(change: float | None, change_pct: float | None, unit: str, decimals: int | None) -> str:
    """A change as a sentence reads it: 'tăng 6,53 điểm phần trăm, tương ứng tăng 16,8 %' for a
    rate, 'giảm 5,37 ha, tương ứng giảm 20,0 %' for an amount, 'không đổi' when nothing moved at the
    precision shown. `decimals` None: an amount an agency typed, quoted as typed."""
    if change is None:
        return DASH
    if change == 0:
        return "không đổi"
    amount = amount_text(abs(change)) if decimals is None else _shown_size(abs(change), decimals)
    verb = "tăng" if change > 0 else "giảm"
    words = f"{verb} {amount} {change_unit(unit)}".rstrip()
    if change_pct is None:
        return words
    return f"{words}, tương ứng {verb} {_shown_size(abs(change_pct), RELATIVE_DECIMALS)} %"


def _shown_size(size: float, decimals: int) -> str:
    """A non-zero size at a precision, never written as zero: 'chưa đến 0,01' below the last digit
    shown, so that a change that owes a cause never reads as no change."""
    if round(size, decimals) == 0:
        return f"chưa đến {indicator_number(10.0**-decimals, decimals)}"
    return indicator_number(size, decimals)


def deadline_words(deadline: date, on: date) -> str:
    """'còn 3 ngày đến hạn', 'hôm nay là hạn cuối' or 'đã quá hạn 13 ngày', as seen on `on`."""
    left = (deadline - on).days
    if left > 0:
        return f"còn {left} ngày đến hạn"
    return "hôm nay là hạn cuối" if left == 0 else f"đã quá hạn {-left} ngày"


# Public holidays on a fixed solar date (Bộ luật Lao động 2019, Điều 112): Tết Dương lịch, Ngày
# Chiến thắng, Quốc tế Lao động, Quốc khánh. The lunar ones (Tết, Giỗ Tổ Hùng Vương) and the second
# day of Quốc khánh move every year: a profile lists them as `holidays`.
FIXED_HOLIDAYS = ((1, 1), (30, 4), (1, 5), (2, 9))


def working_days_after(start: date, days: int, holidays: Iterable[date] = ()) -> date:
    """The date `days` working days after `start`: Saturdays, Sundays and holidays do not count."""
    off = set(holidays)
    current, left = start, days
    while left > 0:
        current += timedelta(days=1)
        if (
            current.weekday() < 5
            and (current.day, current.month) not in FIXED_HOLIDAYS
            and current not in off
        ):
            left -= 1
    return current


# Section numbers of an administrative document (I., II., …), as report templates index them.
ROMAN = ("I", "II", "III", "IV", "V", "VI", "VII", "VIII", "IX", "X", "XI", "XII", "XIII", "XIV", "XV")


def vn_megabytes(n: int) -> str:
    """A size in bytes as '25,0 MB'."""
    return f"{vn_number(n / 1024 / 1024, 1, trim=False)} MB"


# The 12 Vietnamese vowel letters (lower case), and the tones as combining marks in the order of
# the legacy-encoding tables: none, sắc (acute), huyền (grave), hỏi (hook above), ngã (tilde),
# nặng (dot below).
VOWELS = "aăâeêioôơuưy"
TONE_MARKS = ("", "\u0301", "\u0300", "\u0309", "\u0303", "\u0323")


_DIGITS = ("không", "một", "hai", "ba", "bốn", "năm", "sáu", "bảy", "tám", "chín")
_SCALES = ("", "nghìn", "triệu", "tỷ")


def _three_digits(n: int, inner: bool) -> str:
    """0..999 in words; `inner` when a higher group precedes it (1.005: 'không trăm lẻ năm')."""
    hundreds, tens, units = n // 100, n // 10 % 10, n % 10
    words: list[str] = []
    if hundreds or inner:
        words += [_DIGITS[hundreds], "trăm"]
    if tens == 0:
        if units and words:
            words.append("lẻ")
    elif tens == 1:
        words.append("mười")
    else:
        words += [_DIGITS[tens], "mươi"]
    if units:
        if units == 1 and tens >= 2:
            words.append("mốt")
        elif units == 5 and tens >= 1:
            words.append("lăm")
        else:
            words.append(_DIGITS[units])
    return " ".join(words)


def vn_words(value: float, decimals: int = 6) -> str:
    """A number read out in Vietnamese, the decimals digit by digit as people say them:
    1697 -> 'một nghìn sáu trăm chín mươi bảy', 1.697 -> 'một phẩy sáu chín bảy'."""
    text = vn_plain(abs(value), decimals)
    whole, _, fraction = text.partition(",")
    n = int(whole)
    if n == 0:
        words = _DIGITS[0]
    else:
        groups: list[str] = []
        scale = 0
        while n:
            n, group = divmod(n, 1000)
            if group:
                spoken = _three_digits(group, inner=n > 0)
                groups.insert(0, f"{spoken} {_SCALES[scale % 4]}".strip() + (" tỷ" * (scale // 4)))
            scale += 1
        words = " ".join(groups)
    if fraction:
        words += " phẩy " + " ".join(_DIGITS[int(d)] for d in fraction)
    return ("âm " if value < 0 else "") + words
