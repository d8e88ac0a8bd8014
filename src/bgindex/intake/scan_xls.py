"""The .xls scanner: the OLE compound file's workbook stream, then its BIFF records sheet by sheet."""

from __future__ import annotations

import struct

from bgindex.intake.cfb import Cfb, CfbError, records
from bgindex.intake.limits import MAX_CELLS, MAX_COLS, MAX_RECORDS, MAX_ROWS, MAX_SHEETS
from bgindex.intake.sheet_scan import SheetScan
from bgindex.model.a1 import address
from bgindex.model.errors import FileProblem
from bgindex.model.vn import vn_number


def workbook_stream(data: bytes) -> tuple[bytes, bool]:
    """The Workbook (or BIFF5 Book) stream of an OLE compound file, and whether the file has a VBA
    project; refused when it is encrypted, ambiguous, damaged or not a workbook."""
    try:
        cfb = Cfb(data)
        names = cfb.names()
        low = [n.lower() for n in names]
        if {"encryptedpackage", "encryptioninfo"} & set(low):
            raise FileProblem("E_FILE_ENCRYPTED")
        if low.count("workbook") > 1 or low.count("book") > 1:
            raise FileProblem("E_FILE_UNSAFE", detail="có hai luồng dữ liệu bảng tính cùng tên")
        stream = cfb.stream("Workbook")
        if stream is None:
            stream = cfb.stream("Book")
    except CfbError as exc:
        raise FileProblem("E_FILE_CORRUPT", detail=f"cấu trúc tệp Excel 97–2003 hỏng ({exc})") from None
    if stream is None:
        if "worddocument" in low:
            raise FileProblem("E_FILE_NOT_SPREADSHEET", detail="tài liệu Word 97–2003 (.doc)")
        if "powerpoint document" in low:
            raise FileProblem("E_FILE_NOT_SPREADSHEET", detail="bản trình chiếu PowerPoint 97–2003")
        raise FileProblem("E_FILE_NOT_SPREADSHEET", detail="tệp OLE không chứa bảng tính")
    return stream, "_vba_project_cur" in low


def scan_biff(stream: bytes) -> tuple[dict[str, SheetScan], bool]:
    """The sheets of a Workbook stream by name, and whether it has an Excel 4.0 macro sheet."""
    try:
        return _scan_biff(stream)
    except CfbError as exc:
        raise FileProblem("E_FILE_CORRUPT", detail=f"bản ghi BIFF hỏng ({exc})") from None


_CELL_RECORDS = {0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006}  # the ones calamine keeps


# BIFF error codes, named as Excel shows them.
BIFF_ERRORS = {
    0x00: "#NULL!",
    0x07: "#DIV/0!",
    0x0F: "#VALUE!",
    0x17: "#REF!",
    0x1D: "#NAME?",
    0x24: "#NUM!",
    0x2A: "#N/A",
}


def _u16(data: bytes, at: int) -> int:
    return struct.unpack_from("<H", data, at)[0] if len(data) >= at + 2 else 0


def _scan_biff(stream: bytes) -> tuple[dict[str, SheetScan], bool]:
    """The workbook globals (sheets, encryption, string table), then each sheet from the offset its
    BoundSheet record gives (as calamine reads them), counting the cells calamine would keep."""
    sheets: dict[str, SheetScan] = {}
    macro_sheet = False
    bound: list[tuple[int, str, int]] = []
    biff8, codepage = True, "latin-1"
    seen = 0
    for _, kind, data in records(stream):
        seen += 1
        if kind == 0x0809 and len(data) >= 2:
            biff8 = _u16(data, 0) in (0x0600, 0)
        elif kind == 0x002F and _u16(data, 0) != 0:
            raise FileProblem("E_FILE_ENCRYPTED")
        elif kind == 0x0042 and len(data) >= 2:
            codepage = {1258: "cp1258", 1252: "cp1252", 1200: "latin-1"}.get(_u16(data, 0), "latin-1")
        elif kind == 0x0085:
            if len(data) < 8 or data[4] & 0x3F > 2 or data[5] not in (0, 1, 2, 6):
                raise FileProblem("E_FILE_CORRUPT", detail="khai báo trang tính hỏng")
            offset = struct.unpack_from("<I", data, 0)[0]
            cch = data[6]
            if biff8:
                wide = data[7] & 1
                raw = data[8 : 8 + cch * (2 if wide else 1)]
                name = raw.decode("utf-16-le", "replace") if wide else raw.decode("latin-1")
            else:
                name = data[7 : 7 + cch].decode(codepage, "replace")
            bound.append((offset, name.replace("\x00", ""), data[5]))
            if data[5] == 1:
                macro_sheet = True  # an Excel 4.0 macro sheet
            if len(bound) > MAX_SHEETS:
                raise FileProblem("E_FILE_UNSAFE", detail=f"có hơn {MAX_SHEETS} trang tính")
        elif kind == 0x00FC and len(data) >= 8:
            strings = struct.unpack_from("<i", data, 4)[0]
            if strings < 0 or strings > MAX_CELLS or strings * 3 > len(stream):
                raise FileProblem(
                    "E_FILE_UNSAFE", detail=f"bảng chuỗi khai báo {vn_number(strings, 0)} chuỗi, bất thường"
                )
        elif kind == 0x000A:
            break
    names = [n.casefold() for _, n, _ in bound]
    if len(set(names)) != len(names):
        raise FileProblem("E_FILE_UNSAFE", detail="có hai trang tính cùng tên")
    for offset, name, _ in bound:
        if offset >= len(stream):
            raise FileProblem("E_FILE_CORRUPT", detail=f"vị trí trang '{name}' nằm ngoài tệp")
        scan = SheetScan(name=name, formula_text_kept=False)
        sheets[name] = scan
        formula_at = (0, 0)
        for _, kind, data in records(stream, offset):
            seen += 1
            if seen > MAX_RECORDS:
                raise FileProblem("E_FILE_UNSAFE", detail=f"có hơn {vn_number(MAX_RECORDS, 0)} bản ghi")
            if kind == 0x000A:
                break
            if kind in _CELL_RECORDS and len(data) >= 4:
                row, col = _u16(data, 0), _u16(data, 2)
                scan.see(row, col)
                ref = address(row, col)
                if kind == 0x0006:
                    formula_at = (row, col)
                    scan.note_formula(ref, True)
                    if len(data) >= 14 and data[12:14] == b"\xff\xff" and data[6] == 2:
                        scan.note_error(ref, BIFF_ERRORS.get(data[8], ""))
                elif kind == 0x0205 and len(data) >= 8 and data[7] == 1:
                    scan.note_error(ref, BIFF_ERRORS.get(data[6], ""))
            elif kind == 0x0207:
                scan.see(*formula_at)
            elif kind == 0x00BD and len(data) >= 6:  # MulRk: row, first column ... last column
                row, first, last = _u16(data, 0), _u16(data, 2), _u16(data, len(data) - 2)
                scan.see(row, max(first, last))
            elif kind == 0x0200:
                _dimensions(data, scan)
            elif kind == 0x00E5 and len(data) >= 2:
                count = _u16(data, 0)
                if len(data) < 2 + 8 * count:
                    raise FileProblem("E_FILE_CORRUPT", detail="bản ghi gộp ô hỏng")
                for i in range(count):
                    r1, r2, c1, c2 = struct.unpack_from("<4H", data, 2 + 8 * i)
                    scan.merge((min(r1, r2), min(c1, c2)), (max(r1, r2), max(c1, c2)))
            elif kind == 0x0208 and len(data) >= 14 and _u16(data, 12) & 0x20:
                if len(scan.hidden_rows) < MAX_ROWS:
                    scan.hidden_rows.add(_u16(data, 0))
    return sheets, macro_sheet


def _dimensions(data: bytes, scan: SheetScan) -> None:
    """calamine reserves rows x columns cells on this record's word, before reading any cell."""
    if len(data) == 14:
        first_row, last_row, first_col, last_col = struct.unpack_from("<IIHH", data, 0)
    elif len(data) == 10:
        first_row, last_row, first_col, last_col = struct.unpack_from("<HHHH", data, 0)
    else:
        return
    if last_row < 1 or last_col < 1:
        return
    rows, cols = last_row - first_row, last_col - first_col
    if rows < 0 or cols < 0:
        raise FileProblem("E_FILE_UNSAFE", detail=f"kích thước trang '{scan.name}' khai báo sai")
    scan.claimed = max(scan.claimed, rows * cols)
    if scan.far_cell is None and (last_row > MAX_ROWS or last_col > MAX_COLS):
        scan.far_cell = address(last_row - 1, last_col - 1)
