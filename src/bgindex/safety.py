"""Checks that run before any spreadsheet parser: size, format sniffing, zip directory, sheet XML."""

from __future__ import annotations

import io
import os
import re
import zipfile
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal

import defusedxml
import defusedxml.ElementTree as SafeET

from bgindex.layout import address, parse_address

# Limits. A bgindex template is ~15 KB (~200 KB of XML); these leave a wide margin for real files
# and refuse what would make a parser hang or eat memory.
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_TOTAL_UNCOMPRESSED = 60 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 40 * 1024 * 1024
MAX_RATIO = 150  # uncompressed / compressed, for members above RATIO_FLOOR bytes
RATIO_FLOOR = 2 * 1024 * 1024
MAX_SHEETS = 255
MAX_ROWS = 20_000  # rows a sheet we load may reach
MAX_COLS = 256

Format = Literal["xlsx", "xls", "ods"]
OLE_MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
ZIP_MAGIC = b"PK\x03\x04"
_ENCRYPTED_STREAM = "EncryptedPackage".encode("utf-16-le")


@dataclass
class SheetScan:
    """What a worksheet's XML holds, found without loading it into a grid."""

    name: str
    max_row: int = -1
    max_col: int = -1
    cells: int = 0
    formulas: set[str] = field(default_factory=set)
    formula_no_value: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    merged: list[str] = field(default_factory=list)
    far_cell: str | None = None  # first cell beyond MAX_ROWS/MAX_COLS

    @property
    def oversized(self) -> bool:
        return self.far_cell is not None


@dataclass
class Inspection:
    """The outcome of the pre-parse checks; `fatal` is an issue code with its parameters."""

    path: str
    format: Format | None = None
    fatal: tuple[str, dict[str, Any]] | None = None
    sheets: dict[str, SheetScan] = field(default_factory=dict)
    has_vba: bool = False
    has_external_links: bool = False


class Refused(Exception):
    def __init__(self, code: str, **params: Any) -> None:
        super().__init__(code)
        self.code = code
        self.params = params


def assert_defused() -> None:
    """XML from untrusted files must go through defusedxml with DTDs refused; prove it is so."""
    probe = '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;&a;</x>'
    try:
        SafeET.fromstring(probe, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        return
    raise RuntimeError("defusedxml is not protecting XML parsing")


def inspect_file(path: str | Path) -> Inspection:
    """Run every pre-parse check; never raises for a bad file (the result says why)."""
    result = Inspection(path=str(path))
    try:
        _inspect(Path(path), result)
    except Refused as exc:
        result.fatal = (exc.code, exc.params)
    return result


def _inspect(path: Path, result: Inspection) -> None:
    try:
        size = os.stat(path).st_size
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        raise Refused("E_FILE_NOT_FOUND") from None
    if size == 0:
        raise Refused("E_FILE_EMPTY")
    if size > MAX_FILE_BYTES:
        raise Refused("E_FILE_TOO_LARGE", size=_mb(size), limit=_mb(MAX_FILE_BYTES))
    ext = path.suffix.lower() or "(không có đuôi)"
    if head.startswith(ZIP_MAGIC):
        _inspect_zip(path, result)
    elif head.startswith(OLE_MAGIC):
        with open(path, "rb") as fh:
            data = fh.read()
        if _ENCRYPTED_STREAM in data:
            raise Refused("E_FILE_ENCRYPTED")
        result.format = "xls"
    else:
        kind = _sniff_text(head)
        if kind in ("trang HTML", "tệp văn bản CSV", "bảng tính XML 2003"):
            raise Refused("E_FILE_DISGUISED", ext=ext, detail=kind)
        raise Refused("E_FILE_NOT_SPREADSHEET", detail=kind)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


def _sniff_text(head: bytes) -> str:
    if head.startswith(b"%PDF"):
        return "tệp PDF"
    if head[:4] in (b"\x89PNG", b"\xff\xd8\xff\xe0", b"\xff\xd8\xff\xe1", b"GIF8"):
        return "tệp ảnh"
    for enc in ("utf-8-sig", "utf-16", "cp1258"):
        try:
            text = head.decode(enc)
            break
        except UnicodeDecodeError:
            continue
    else:
        return "tệp nhị phân không rõ loại"
    if "\x00" in text:
        return "tệp nhị phân không rõ loại"
    low = text.lstrip().lower()
    if "urn:schemas-microsoft-com:office:spreadsheet" in low:
        return "bảng tính XML 2003"
    if low.startswith("<") and re.search(r"<(html|table|!doctype html|body)\b", low):
        return "trang HTML"
    lines = [ln for ln in text.splitlines() if ln.strip()][:20]
    for sep in (",", ";", "\t"):
        if len(lines) >= 1 and sum(sep in ln for ln in lines) >= max(1, len(lines) * 0.8):
            return "tệp văn bản CSV"
    return "tệp văn bản"


def _inspect_zip(path: Path, result: Inspection) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError) as exc:
        raise Refused("E_FILE_CORRUPT", detail=f"tệp nén hỏng ({exc})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused("E_FILE_UNSAFE", detail=f"có {len(infos)} thành phần nén, vượt giới hạn "
                                                  f"{MAX_MEMBERS}")
        total = 0
        for info in infos:
            if info.flag_bits & 0x1:
                raise Refused("E_FILE_ENCRYPTED")
            total += info.file_size
            if info.file_size > MAX_MEMBER_UNCOMPRESSED:
                raise Refused("E_FILE_UNSAFE", detail=f"thành phần '{info.filename}' giải nén ra "
                                                      f"{_mb(info.file_size)}")
            if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(
                    info.compress_size, 1):
                raise Refused("E_FILE_UNSAFE", detail="tỷ lệ nén bất thường (bom nén), "
                                                      f"'{info.filename}' nén {info.compress_size} "
                                                      f"byte thành {_mb(info.file_size)}")
        if total > MAX_TOTAL_UNCOMPRESSED:
            raise Refused("E_FILE_UNSAFE", detail=f"tổng dung lượng giải nén {_mb(total)}")
        names = {i.filename for i in infos}
        if "[Content_Types].xml" in names and any(n.startswith("xl/") for n in names):
            result.format = "xlsx"
            result.has_vba = any(n.lower().endswith("vbaproject.bin") for n in names)
            result.has_external_links = any(n.startswith("xl/externalLinks/") for n in names)
            _scan_xlsx(zf, names, result)
        elif "mimetype" in names and _read(zf, "mimetype", 200).startswith(
                b"application/vnd.oasis.opendocument.spreadsheet"):
            result.format = "ods"
            _scan_ods(zf, names, result)
        elif any(n.startswith("word/") for n in names):
            raise Refused("E_FILE_NOT_SPREADSHEET", detail="tài liệu Word")
        elif "mimetype" in names:
            raise Refused("E_FILE_NOT_SPREADSHEET", detail="tài liệu OpenDocument không phải bảng tính")
        else:
            raise Refused("E_FILE_NOT_SPREADSHEET", detail="tệp nén ZIP")


class _Limited(io.RawIOBase):
    """A member stream that refuses to give more than `limit` bytes."""

    def __init__(self, stream: Any, limit: int, name: str) -> None:
        self._stream, self._left, self._name = stream, limit, name

    def readable(self) -> bool:
        return True

    def readinto(self, buf: Any) -> int:
        data = self._stream.read(min(len(buf), self._left + 1))
        if len(data) > self._left:
            raise Refused("E_FILE_UNSAFE", detail=f"thành phần '{self._name}' lớn hơn khai báo")
        self._left -= len(data)
        buf[: len(data)] = data
        return len(data)


def _open(zf: zipfile.ZipFile, name: str) -> io.BufferedReader:
    info = zf.getinfo(name)
    try:
        raw = zf.open(info)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError) as exc:
        raise Refused("E_FILE_CORRUPT", detail=f"không giải nén được '{name}' ({exc})") from None
    return io.BufferedReader(_Limited(raw, info.file_size, name), 65536)


def _read(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        with _open(zf, name) as fh:
            return fh.read(limit)
    except (zipfile.BadZipFile, OSError, EOFError, Exception) as exc:
        if isinstance(exc, Refused):
            raise
        raise Refused("E_FILE_CORRUPT", detail=f"không giải nén được '{name}'") from None


def _parse(zf: zipfile.ZipFile, name: str) -> Any:
    data = _read(zf, name, MAX_MEMBER_UNCOMPRESSED + 1)
    try:
        return SafeET.fromstring(data, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        raise Refused("E_FILE_UNSAFE", detail=f"XML có khai báo DTD/thực thể trong '{name}'") from None
    except SafeET.ParseError as exc:
        raise Refused("E_FILE_CORRUPT", detail=f"XML hỏng trong '{name}' ({exc})") from None


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attr(el: Any, name: str) -> str | None:
    for key, value in el.attrib.items():
        if _local(key) == name:
            return value
    return None


def _scan_xlsx(zf: zipfile.ZipFile, names: set[str], result: Inspection) -> None:
    if "xl/workbook.xml" not in names:
        raise Refused("E_FILE_CORRUPT", detail="thiếu xl/workbook.xml")
    book = _parse(zf, "xl/workbook.xml")
    rels: dict[str, str] = {}
    if "xl/_rels/workbook.xml.rels" in names:
        for rel in _parse(zf, "xl/_rels/workbook.xml.rels"):
            target = rel.get("Target", "")
            target = target.lstrip("/") if target.startswith("/") else "xl/" + target
            rels[rel.get("Id", "")] = os.path.normpath(target).replace(os.sep, "/")
    sheets = [el for el in book.iter() if _local(el.tag) == "sheet"]
    if len(sheets) > MAX_SHEETS:
        raise Refused("E_FILE_UNSAFE", detail=f"có {len(sheets)} trang tính, vượt giới hạn "
                                              f"{MAX_SHEETS}")
    # Every other XML part: no DTD anywhere (entity tricks hide in sharedStrings too).
    for name in names:
        if name.endswith((".xml", ".rels", ".vml")):
            head = _read(zf, name, 4096)
            if b"<!DOCTYPE" in head or b"<!ENTITY" in head:
                raise Refused("E_FILE_UNSAFE", detail=f"XML có khai báo DTD/thực thể trong '{name}'")
    for el in sheets:
        name = el.get("name", "")
        part = rels.get(_attr(el, "id") or "")
        if part and part in names:
            result.sheets[name] = _scan_sheet_xml(zf, part, name)


def _scan_sheet_xml(zf: zipfile.ZipFile, part: str, name: str) -> SheetScan:
    scan = SheetScan(name=name)
    row = -1
    col = -1
    ref: str | None = None
    has_f = has_v = False
    cell_type = None
    try:
        with _open(zf, part) as fh:
            for event, el in SafeET.iterparse(fh, events=("start", "end"), forbid_dtd=True):
                tag = _local(el.tag)
                if event == "start":
                    if tag == "row":
                        r = el.get("r")
                        row = int(r) - 1 if r and r.isdigit() else row + 1
                        col = -1
                        if el.get("hidden") in ("1", "true"):
                            scan.hidden_rows.add(row)
                    elif tag == "c":
                        ref = el.get("r")
                        if ref:
                            try:
                                row, col = parse_address(ref)
                            except ValueError:
                                raise Refused("E_FILE_CORRUPT",
                                              detail=f"địa chỉ ô sai '{ref[:20]}'") from None
                        else:
                            col += 1
                            ref = address(row, col)
                        cell_type = el.get("t")
                        has_f = has_v = False
                        scan.cells += 1
                        if row > scan.max_row:
                            scan.max_row = row
                        if col > scan.max_col:
                            scan.max_col = col
                        if scan.far_cell is None and (row >= MAX_ROWS or col >= MAX_COLS):
                            scan.far_cell = ref
                    continue
                if tag == "f":
                    has_f = True
                elif tag in ("v", "is"):
                    has_v = has_v or bool((el.text or "").strip()) or tag == "is"
                elif tag == "c":
                    if has_f:
                        scan.formulas.add(ref or "")
                        if not has_v:
                            scan.formula_no_value.add(ref or "")
                    if cell_type == "e":
                        scan.errors[ref or ""] = ""
                    el.clear()
                elif tag == "mergeCell":
                    if el.get("ref"):
                        scan.merged.append(el.get("ref"))
                elif tag == "row":
                    el.clear()
    except defusedxml.DefusedXmlException:
        raise Refused("E_FILE_UNSAFE", detail=f"XML có khai báo DTD/thực thể trong '{part}'") from None
    except SafeET.ParseError as exc:
        raise Refused("E_FILE_CORRUPT", detail=f"XML hỏng trong '{part}' ({exc})") from None
    except (zipfile.BadZipFile, EOFError, OSError) as exc:
        raise Refused("E_FILE_UNSAFE", detail=f"'{part}' không giải nén đúng ({exc})") from None
    return scan


_ODS = "urn:oasis:names:tc:opendocument:xmlns:"
_T = "{" + _ODS + "table:1.0}"
_O = "{" + _ODS + "office:1.0}"


def _scan_ods(zf: zipfile.ZipFile, names: set[str], result: Inspection) -> None:
    if "META-INF/manifest.xml" in names:
        manifest = _read(zf, "META-INF/manifest.xml", 1_000_000)
        if b"encryption-data" in manifest:
            raise Refused("E_FILE_ENCRYPTED")
    if "content.xml" not in names:
        raise Refused("E_FILE_CORRUPT", detail="thiếu content.xml")
    scan: SheetScan | None = None
    row = col = 0
    row_repeat = 1
    tables = 0
    try:
        with _open(zf, "content.xml") as fh:
            for event, el in SafeET.iterparse(fh, events=("start", "end"), forbid_dtd=True):
                tag = el.tag
                if event == "start":
                    if tag == _T + "table":
                        tables += 1
                        if tables > MAX_SHEETS:
                            raise Refused("E_FILE_UNSAFE", detail=f"có hơn {MAX_SHEETS} trang tính")
                        scan = SheetScan(name=el.get(_T + "name", ""))
                        result.sheets[scan.name] = scan
                        row = 0
                    elif tag == _T + "table-row" and scan is not None:
                        row_repeat = int(el.get(_T + "number-rows-repeated", "1") or 1)
                        col = 0
                    continue
                if scan is None:
                    continue
                if tag in (_T + "table-cell", _T + "covered-table-cell"):
                    repeat = int(el.get(_T + "number-columns-repeated", "1") or 1)
                    filled = el.get(_O + "value-type") is not None or len(el) > 0
                    if filled:
                        last_row, last_col = row + row_repeat - 1, col + repeat - 1
                        scan.cells += repeat * row_repeat
                        scan.max_row = max(scan.max_row, last_row)
                        scan.max_col = max(scan.max_col, last_col)
                        if scan.far_cell is None and (last_row >= MAX_ROWS or last_col >= MAX_COLS):
                            scan.far_cell = address(min(last_row, 1_048_575), min(last_col, 16_383))
                    col += repeat
                    el.clear()
                elif tag == _T + "table-row":
                    row += row_repeat
                    el.clear()
    except defusedxml.DefusedXmlException:
        raise Refused("E_FILE_UNSAFE", detail="XML có khai báo DTD/thực thể trong content.xml") from None
    except SafeET.ParseError as exc:
        raise Refused("E_FILE_CORRUPT", detail=f"XML hỏng trong content.xml ({exc})") from None
    except (zipfile.BadZipFile, EOFError, OSError, ValueError) as exc:
        raise Refused("E_FILE_CORRUPT", detail=f"content.xml không đọc được ({exc})") from None
