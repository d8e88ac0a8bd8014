"""The checks that run before any spreadsheet parser: size, what the file is, its scan, the memory budget."""

from __future__ import annotations

import os
import stat
import struct
import zipfile
import zlib
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

from bgindex.intake import sniff
from bgindex.intake.cfb import MAGIC as OLE_MAGIC
from bgindex.intake.limits import MAX_CELLS, MAX_FILE_BYTES
from bgindex.intake.scan_ods import scan_ods
from bgindex.intake.scan_xls import scan_biff, workbook_stream
from bgindex.intake.scan_xlsx import scan_xlsx
from bgindex.intake.sheet_scan import SheetScan
from bgindex.intake.wording import brief
from bgindex.intake.xml_guard import defused_once
from bgindex.intake.zip_container import ZIP_MAGIC, CheckedZip
from bgindex.model.a1 import address
from bgindex.model.errors import FileProblem
from bgindex.model.issues import IssueCode
from bgindex.model.vn import vn_megabytes as megabytes

__all__ = ["Format", "Inspection", "SheetScan", "inspect_file", "read_untrusted"]

Format = Literal["xlsx", "xls", "ods"]


@dataclass
class Inspection:
    """The outcome of the pre-parse checks; `fatal` is an issue code with its parameters."""

    path: str
    format: Format | None = None
    fatal: tuple[IssueCode, dict[str, Any]] | None = None
    sheets: dict[str, SheetScan] = field(default_factory=dict)
    has_vba: bool = False
    has_external_links: bool = False
    # The file's bytes as read once (empty when it could not be read): the hash, the scan and the
    # parser all use these, so they see one version of a file even if it is replaced meanwhile.
    data: bytes = field(default=b"", repr=False)

    @property
    def eager(self) -> bool:
        """True when the parser reads every sheet on opening (.xls, .ods), not one at a time."""
        return self.format in ("xls", "ods")


def read_untrusted(path: str | Path) -> bytes:
    """The whole file, read once, after its size is checked (a huge or endless file is never read)."""
    try:
        info = os.stat(path)
    except PermissionError:
        raise FileProblem("E_FILE_NO_ACCESS") from None
    except (OSError, ValueError):
        raise FileProblem("E_FILE_NOT_FOUND") from None
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
        raise FileProblem("E_FILE_NOT_SPREADSHEET", detail="không phải tệp thông thường")
    _check_size(info.st_size)
    try:
        with open(path, "rb") as fh:
            data = fh.read(MAX_FILE_BYTES + 1)  # bounded: the file may have grown since stat
    except PermissionError:
        raise FileProblem("E_FILE_NO_ACCESS") from None
    except OSError:
        raise FileProblem("E_FILE_NOT_FOUND") from None
    _check_size(len(data))
    return data


def _check_size(size: int) -> None:
    if size == 0:
        raise FileProblem("E_FILE_EMPTY")
    if size > MAX_FILE_BYTES:
        raise FileProblem("E_FILE_TOO_LARGE", size=megabytes(size), limit=megabytes(MAX_FILE_BYTES))


def inspect_file(path: str | Path) -> Inspection:
    """Read the file once (`Inspection.data`) and run every pre-parse check on those bytes; never
    raises for a bad file (the result says why)."""
    defused_once()  # every XML read below goes through defusedxml; proven once per process
    result = Inspection(path=str(path))
    try:
        result.data = read_untrusted(path)
        _inspect(result.data, Path(path).suffix.lower(), result)
        _budget(result)
    except FileProblem as exc:
        result.fatal = (exc.code, exc.params)
    except (
        OSError,
        ValueError,
        struct.error,
        zlib.error,
        zipfile.BadZipFile,
        EOFError,
        RecursionError,
        UnicodeError,
        NotImplementedError,
        OverflowError,
    ) as exc:
        result.fatal = ("E_FILE_CORRUPT", {"detail": brief(exc)})
    return result


def _inspect(data: bytes, suffix: str, result: Inspection) -> None:
    """The scanner the first bytes call for (never the one the suffix suggests)."""
    head = data[:8192]
    if head.startswith(ZIP_MAGIC):
        with CheckedZip(data) as zf:
            _inspect_zip(zf, result)
    elif head.startswith(OLE_MAGIC):
        stream, result.has_vba = workbook_stream(data)
        result.format = "xls"
        result.sheets, macro_sheet = scan_biff(stream)
        result.has_vba = result.has_vba or macro_sheet
    else:
        sniff.refuse(head, suffix)


def _inspect_zip(zf: CheckedZip, result: Inspection) -> None:
    """Which spreadsheet (or other document) a checked zip holds, and its scan."""
    lower = zf.names
    if "xl/workbook.bin" in lower:
        raise FileProblem("E_FILE_UNSUPPORTED", detail="bảng tính nhị phân Excel (.xlsb)")
    is_xlsx = "xl/workbook.xml" in lower
    is_ods = "mimetype" in lower and zf.read(lower["mimetype"], 200).startswith(
        b"application/vnd.oasis.opendocument.spreadsheet"
    )
    if is_xlsx and (is_ods or "content.xml" in lower):
        raise FileProblem("E_FILE_UNSAFE", detail="tệp vừa là bảng tính Excel vừa là bảng tính OpenDocument")
    if is_xlsx:
        result.format = "xlsx"
        result.has_vba = any(n.endswith("vbaproject.bin") for n in lower)
        result.has_external_links = any(n.startswith("xl/externallinks/") for n in lower)
        result.sheets = scan_xlsx(zf)
    elif is_ods:
        result.format = "ods"
        result.has_vba = any(
            n.startswith("basic/") and n.endswith(".xml") and "script-lb" not in n and "script-lc" not in n
            for n in lower
        )
        result.sheets = scan_ods(zf)
    elif any(n.startswith("word/") for n in lower):
        raise FileProblem("E_FILE_NOT_SPREADSHEET", detail="tài liệu Word")
    elif any(n.startswith("ppt/") for n in lower):
        raise FileProblem("E_FILE_NOT_SPREADSHEET", detail="bản trình chiếu PowerPoint")
    elif "mimetype" in lower:
        raise FileProblem("E_FILE_NOT_SPREADSHEET", detail="tài liệu OpenDocument không phải bảng tính")
    elif any(n.startswith("xl/") for n in lower) or "[content_types].xml" in lower:
        raise FileProblem("E_FILE_CORRUPT", detail="thiếu xl/workbook.xml")
    else:
        raise FileProblem("E_FILE_NOT_SPREADSHEET", detail=f"tệp nén ZIP ({len(lower)} tệp bên trong)")


def _budget(result: Inspection) -> None:
    """Keep what a parser may hold within MAX_CELLS. .xls/.ods are read whole on opening, so one
    oversized sheet refuses the file; .xlsx sheets load one by one, so an oversized sheet is only
    marked (never loaded) and the file is refused only if a sheet bgindex needs is that sheet."""
    scans = list(result.sheets.values())
    if result.eager:
        far = next((s for s in scans if s.oversized), None)
        if far is None and sum(s.area for s in scans) > MAX_CELLS:
            far = max(scans, key=lambda s: s.area)
        if far is not None:
            cell = far.far_cell or address(max(far.max_row, 0), max(far.max_col, 0))
            raise FileProblem("E_SHEET_TOO_LARGE", detail=f"{cell} (trang '{far.name}')")
        return
    total = 0
    for scan in sorted((s for s in scans if not s.oversized), key=lambda s: s.area):
        if total + scan.area > MAX_CELLS:
            scan.far_cell = address(scan.max_row, scan.max_col)
        else:
            total += scan.area
