"""Cell addresses as spreadsheets write them (A1, XFD1048576) and as bgindex counts (0-based)."""

from __future__ import annotations

import re
from functools import lru_cache

MAX_ROW = 1_048_575  # the last row and column a sheet can have, 0-based
MAX_COL = 16_383

_REF = re.compile(r"([A-Za-z]{1,3})([0-9]{1,7})")


def col_letter(index: int) -> str:
    """0-based column index to letters: 0 -> A, 26 -> AA."""
    out = ""
    n = index + 1
    while n:
        n, rem = divmod(n - 1, 26)
        out = chr(65 + rem) + out
    return out


@lru_cache(maxsize=4096)
def col_index(letters: str) -> int:
    """Column letters (any case) to a 0-based index: 'A' -> 0, 'xfd' -> 16383."""
    col = 0
    for ch in letters.upper():
        col = col * 26 + ord(ch) - 64
    return col - 1


def address(row: int, col: int) -> str:
    """0-based row and column to an A1 address, clamped to the largest sheet."""
    return f"{col_letter(min(col, MAX_COL))}{min(row, MAX_ROW) + 1}"


def split_address(ref: str) -> tuple[int, int] | None:
    """'B7' or 'b7' -> (6, 1); None when it is not an address (row 0 included)."""
    m = _REF.fullmatch(ref)
    if m is None or m.group(2).lstrip("0") == "":
        return None
    return int(m.group(2)) - 1, col_index(m.group(1))


def parse_address(ref: str) -> tuple[int, int]:
    """An A1 address ('$B$7' allowed) to 0-based (row, col); ValueError when it is not one."""
    found = split_address(ref.replace("$", ""))
    if found is None:
        raise ValueError(f"bad cell reference {ref!r}")
    return found
