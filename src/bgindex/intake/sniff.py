"""What a file that is not a spreadsheet container really is, and the refusal that says so."""

from __future__ import annotations

import codecs
import re
from typing import NoReturn

from bgindex.model.errors import FileProblem

# Kinds a file is commonly given a spreadsheet's name for (a web export saved as .xls): with a suffix
# not their own they are disguised, which the officer is told.
_OWN_SUFFIXES = {
    "trang HTML": {".htm", ".html"},
    "tệp văn bản CSV": {".csv", ".txt"},
    "bảng tính XML 2003": {".xml"},
}


def refuse(head: bytes, suffix: str) -> NoReturn:
    """Refuse a file whose first bytes are no spreadsheet container; `suffix` is its lower-cased one."""
    kind = what_it_is(head)
    if kind in _OWN_SUFFIXES and suffix not in _OWN_SUFFIXES[kind]:
        raise FileProblem("E_FILE_DISGUISED", ext=suffix or "(không có đuôi)", detail=kind)
    raise FileProblem("E_FILE_NOT_SPREADSHEET", detail=kind)


def what_it_is(head: bytes) -> str:
    """What a file that is neither a zip nor an OLE compound file really is, from its first bytes,
    in the words an officer reads ('tệp PDF', 'trang HTML', ...)."""
    if head.startswith(b"%PDF"):
        return "tệp PDF"
    if head[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"GIF8"):
        return "tệp ảnh"
    if head.startswith((b"Rar!", b"7z\xbc\xaf", b"\x1f\x8b")):
        return "tệp nén"
    text: str | None = None
    if head.startswith((b"\xff\xfe", b"\xfe\xff")):
        try:
            text = head[: len(head) // 2 * 2].decode("utf-16")
        except UnicodeDecodeError:
            text = None
    else:
        for enc in ("utf-8-sig", "cp1258"):
            try:
                # incremental: a character cut at the end of the 8 KB head is not an error
                text = codecs.getincrementaldecoder(enc)().decode(head, final=False)
                break
            except UnicodeDecodeError:
                continue
    if text is None or any(ch in text for ch in "\x00\x01\x02\x03\x04\x05\x06\x07\x08\x0e\x0f"):
        return "tệp nhị phân không rõ loại"
    low = text.lstrip().lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in low:
        return "bảng tính XML 2003"
    if low.startswith("<") and re.search(r"<(html|table|!doctype html|body)\b", low):
        return "trang HTML"
    lines = [ln for ln in text.splitlines() if ln.strip()][:20]
    for sep in (",", ";", "\t"):
        if lines and sum(sep in ln for ln in lines) >= max(1, len(lines) * 0.8):
            return "tệp văn bản CSV"
    return "tệp văn bản"
