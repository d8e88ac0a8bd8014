"""`-` where a workbook is expected: standard input spooled to a private temporary file of bounded
size, then read through the same hostile-file intake as any file."""

from __future__ import annotations

import contextlib
import sys
import tempfile
from collections.abc import Iterator
from pathlib import Path

from bgindex.intake.limits import MAX_FILE_BYTES

STDIN = Path("-")
STDIN_LABEL = "(đầu vào chuẩn)"


class StdinTooLarge(ValueError):
    """Standard input holds more than a workbook may (or there is none)."""


def _suffix(head: bytes) -> str:
    """A name the intake expects for the bytes: it still checks the content, the suffix only names it."""
    if head.startswith(b"\xd0\xcf\x11\xe0"):
        return ".xls"
    if head.startswith(b"PK") and b"application/vnd.oasis.opendocument.spreadsheet" in head[:200]:
        return ".ods"
    return ".xlsx"


@contextlib.contextmanager
def spooled_stdin() -> Iterator[Path]:
    """The bytes of standard input in a temporary file, removed on leaving (also on Ctrl-C)."""
    if sys.stdin is None:  # a program started without standard input (a Windows service, pythonw)
        raise StdinTooLarge("không có đầu vào chuẩn để đọc")
    data = sys.stdin.buffer.read(MAX_FILE_BYTES + 1)
    if len(data) > MAX_FILE_BYTES:
        raise StdinTooLarge(
            f"đầu vào chuẩn lớn hơn {MAX_FILE_BYTES // (1024 * 1024)} MB, không phải biểu mẫu"
        )
    with tempfile.TemporaryDirectory(prefix="bgindex-") as folder:
        path = Path(folder) / f"dau-vao-chuan{_suffix(data[:256])}"
        path.write_bytes(data)
        yield path
