"""Checks that run before any spreadsheet parser: size, format sniffing, containers, sheet extents."""

from __future__ import annotations

import codecs
import io
import os
import re
import stat
import struct
import weakref
import zipfile
import zlib
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field
from functools import cache
from pathlib import Path
from typing import Any, Literal
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as SafeET

from bgindex.intake.cfb import MAGIC as OLE_MAGIC
from bgindex.intake.cfb import Cfb, CfbError, records
from bgindex.model.a1 import address, parse_address, split_address

# Limits. A bgindex template is ~17 KB (~75 KB of XML, ~300 cells); these leave a wide margin for real
# files and refuse what would make a parser hang or eat memory (see docs/hostile-files.md).
MAX_FILE_BYTES = 25 * 1024 * 1024
MAX_MEMBERS = 1000
MAX_TOTAL_UNCOMPRESSED = 40 * 1024 * 1024
MAX_MEMBER_UNCOMPRESSED = 20 * 1024 * 1024
MAX_RATIO = 150  # uncompressed / compressed, for members above RATIO_FLOOR bytes
RATIO_FLOOR = 2 * 1024 * 1024
MAX_SHEETS = 255
MAX_ROWS = 20_000  # rows a sheet we load may reach
MAX_COLS = 256
# Cells (rows x columns from A1 to the last used cell) of all the sheets a parser may hold at once:
# calamine keeps a dense grid per sheet, so this bounds its memory (~100 bytes a cell in all).
MAX_CELLS = 1_500_000
MAX_MERGES = 10_000
MAX_STRUCTURE_BYTES = 2 * 1024 * 1024  # workbook.xml and its relationships
MAX_NOTED = 50_000  # formula/error cells remembered per sheet (for messages); counting goes on
MAX_TEXT_REPEAT = 32_767  # characters one cell may hold
# Work the pre-parse scan does element by element in Python (~1-3 us each): this bounds its time.
MAX_XML_ELEMENTS = 800_000  # XML elements of all sheets (.xlsx) or of content.xml (.ods)
MAX_RECORDS = 800_000  # BIFF records looked at in an .xls

Format = Literal["xlsx", "xls", "ods"]
ZIP_MAGIC = b"PK\x03\x04"


@dataclass
class SheetScan:
    """What a worksheet holds, found without loading it into a grid."""

    name: str
    max_row: int = -1
    max_col: int = -1
    cells: int = 0
    claimed: int = 0  # cells a parser reserves up front on the file's word (xls DIMENSIONS)
    elements: int = 0  # XML elements the scan went through
    formula_count: int = 0
    formulas: set[str] = field(default_factory=set)
    formula_no_value: set[str] = field(default_factory=set)
    errors: dict[str, str] = field(default_factory=dict)
    hidden_rows: set[int] = field(default_factory=set)
    merged: list[tuple[tuple[int, int], tuple[int, int]]] = field(default_factory=list)
    far_cell: str | None = None  # why the sheet is too large to load: its farthest cell

    @property
    def oversized(self) -> bool:
        return self.far_cell is not None

    @property
    def area(self) -> int:
        """Cells of the grid from A1 to the last used cell, as a reader materialises it."""
        used = (self.max_row + 1) * (self.max_col + 1) if self.cells else 0
        return max(used, self.claimed)

    def see(self, row: int, col: int) -> None:
        self.cells += 1
        self.max_row = max(self.max_row, row)
        self.max_col = max(self.max_col, col)
        if self.far_cell is None and (row >= MAX_ROWS or col >= MAX_COLS):
            self.far_cell = address(row, col)

    def note_formula(self, ref: str, has_value: bool) -> None:
        self.formula_count += 1
        if len(self.formulas) < MAX_NOTED:
            self.formulas.add(ref)
            if not has_value:
                self.formula_no_value.add(ref)

    def note_error(self, ref: str, text: str = "") -> None:
        if len(self.errors) < MAX_NOTED:
            self.errors[ref] = text

    def merge(self, first: tuple[int, int], last: tuple[int, int]) -> None:
        if len(self.merged) >= MAX_MERGES:
            raise Refused("E_FILE_UNSAFE", detail=f"trang '{self.name}' có hơn {MAX_MERGES} vùng gộp ô")
        self.merged.append((first, last))


@dataclass
class Inspection:
    """The outcome of the pre-parse checks; `fatal` is an issue code with its parameters."""

    path: str
    format: Format | None = None
    fatal: tuple[str, dict[str, Any]] | None = None
    sheets: dict[str, SheetScan] = field(default_factory=dict)
    has_vba: bool = False
    has_external_links: bool = False

    @property
    def eager(self) -> bool:
        """True when the parser reads every sheet on opening (.xls, .ods), not one at a time."""
        return self.format in ("xls", "ods")


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
        pass
    else:
        raise RuntimeError("defusedxml is not protecting XML parsing")
    try:
        for _ in SafeET.iterparse(io.BytesIO(probe.encode()), forbid_dtd=True):
            pass
    except defusedxml.DefusedXmlException:
        return
    raise RuntimeError("defusedxml is not protecting streamed XML parsing")


@cache
def _defused_once() -> bool:
    assert_defused()
    return True


def inspect_file(path: str | Path) -> Inspection:
    """Run every pre-parse check; never raises for a bad file (the result says why)."""
    _defused_once()  # every XML read below goes through defusedxml; proven once per process
    result = Inspection(path=str(path))
    try:
        _inspect(Path(path), result)
        _budget(result)
    except Refused as exc:
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
        result.fatal = ("E_FILE_CORRUPT", {"detail": _short(exc)})
    return result


def _short(exc: BaseException) -> str:
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) < 120 else text[:117] + "…"


def _inspect(path: Path, result: Inspection) -> None:
    try:
        info = os.stat(path)
    except OSError:
        raise Refused("E_FILE_NOT_FOUND") from None
    if not stat.S_ISREG(info.st_mode):  # a pipe or a device would block or never end
        raise Refused("E_FILE_NOT_SPREADSHEET", detail="không phải tệp thông thường")
    size = info.st_size
    if size == 0:
        raise Refused("E_FILE_EMPTY")
    if size > MAX_FILE_BYTES:
        raise Refused("E_FILE_TOO_LARGE", size=_mb(size), limit=_mb(MAX_FILE_BYTES))
    try:
        with open(path, "rb") as fh:
            head = fh.read(8192)
    except OSError:
        raise Refused("E_FILE_NOT_FOUND") from None
    ext = path.suffix.lower()
    if head.startswith(ZIP_MAGIC):
        _inspect_zip(path, result)
    elif head.startswith(OLE_MAGIC):
        _inspect_ole(path, result)
    else:
        kind = _sniff_text(head)
        disguisable = {
            "trang HTML": {".htm", ".html"},
            "tệp văn bản CSV": {".csv", ".txt"},
            "bảng tính XML 2003": {".xml"},
        }
        if kind in disguisable and ext not in disguisable[kind]:
            raise Refused("E_FILE_DISGUISED", ext=ext or "(không có đuôi)", detail=kind)
        raise Refused("E_FILE_NOT_SPREADSHEET", detail=kind)


def _mb(n: int) -> str:
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


def _sniff_text(head: bytes) -> str:
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


# ---- zip containers (.xlsx, .xlsm, .ods) ---------------------------------------------------------


def _inspect_zip(path: Path, result: Inspection) -> None:
    try:
        zf = zipfile.ZipFile(path)
    except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
        raise Refused("E_FILE_CORRUPT", detail=f"tệp nén hỏng ({_short(exc)})") from None
    with zf:
        infos = zf.infolist()
        if len(infos) > MAX_MEMBERS:
            raise Refused(
                "E_FILE_UNSAFE", detail=f"có {len(infos)} thành phần nén, vượt giới hạn {MAX_MEMBERS}"
            )
        lower: dict[str, str] = {}
        for info in infos:
            key = info.filename.lower()
            if key in lower:
                # Readers disagree on which of two same-named members they open.
                raise Refused("E_FILE_UNSAFE", detail=f"có hai thành phần nén cùng tên '{info.filename}'")
            lower[key] = info.filename
        _INFLATED[zf] = _check_sizes(path, infos)
        names = set(lower.values())
        if "xl/workbook.bin" in lower:
            raise Refused("E_FILE_UNSUPPORTED", detail="bảng tính nhị phân Excel (.xlsb)")
        is_xlsx = "xl/workbook.xml" in lower
        is_ods = "mimetype" in lower and _read(zf, lower["mimetype"], 200).startswith(
            b"application/vnd.oasis.opendocument.spreadsheet"
        )
        if is_xlsx and (is_ods or "content.xml" in lower):
            raise Refused("E_FILE_UNSAFE", detail="tệp vừa là bảng tính Excel vừa là bảng tính OpenDocument")
        if is_xlsx:
            result.format = "xlsx"
            result.has_vba = any(n.endswith("vbaproject.bin") for n in lower)
            result.has_external_links = any(n.startswith("xl/externallinks/") for n in lower)
            _scan_xlsx(zf, lower, result)
        elif is_ods:
            result.format = "ods"
            result.has_vba = any(
                n.startswith("basic/")
                and n.endswith(".xml")
                and "script-lb" not in n
                and "script-lc" not in n
                for n in lower
            )
            _scan_ods(zf, lower, result)
        elif any(n.startswith("word/") for n in lower):
            raise Refused("E_FILE_NOT_SPREADSHEET", detail="tài liệu Word")
        elif any(n.startswith("ppt/") for n in lower):
            raise Refused("E_FILE_NOT_SPREADSHEET", detail="bản trình chiếu PowerPoint")
        elif "mimetype" in lower:
            raise Refused("E_FILE_NOT_SPREADSHEET", detail="tài liệu OpenDocument không phải bảng tính")
        elif any(n.startswith("xl/") for n in lower) or "[content_types].xml" in lower:
            raise Refused("E_FILE_CORRUPT", detail="thiếu xl/workbook.xml")
        else:
            raise Refused("E_FILE_NOT_SPREADSHEET", detail=f"tệp nén ZIP ({len(names)} tệp bên trong)")


def _check_sizes(path: Path, infos: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    """Declared sizes and ratios within limits, and true: every member is inflated (bounded) to
    prove it gives exactly the size its directory entry declares, as other readers ignore it."""
    total = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise Refused("E_FILE_ENCRYPTED")
        total += info.file_size
        if info.file_size > MAX_MEMBER_UNCOMPRESSED:
            raise Refused(
                "E_FILE_UNSAFE", detail=f"thành phần '{info.filename}' giải nén ra {_mb(info.file_size)}"
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise Refused(
                "E_FILE_UNSAFE",
                detail="tỷ lệ nén bất thường (bom nén), "
                f"'{info.filename}' nén {info.compress_size} "
                f"byte thành {_mb(info.file_size)}",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise Refused(
                "E_FILE_UNSAFE",
                detail=f"thành phần '{info.filename}' dùng kiểu nén lạ ({info.compress_type})",
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise Refused("E_FILE_UNSAFE", detail=f"tổng dung lượng giải nén {_mb(total)}")
    kept: dict[str, bytes] = {}
    with open(path, "rb") as fh:
        for info in infos:
            fh.seek(info.header_offset)
            local = fh.read(30)
            if len(local) < 30 or not local.startswith(ZIP_MAGIC):
                raise Refused("E_FILE_CORRUPT", detail=f"thành phần '{info.filename}' hỏng")
            name_len, extra_len = struct.unpack_from("<HH", local, 26)
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            keep = info.filename.lower().endswith(_KEPT_SUFFIXES)
            if info.compress_type == zipfile.ZIP_STORED:
                if info.compress_size != info.file_size:
                    raise Refused(
                        "E_FILE_UNSAFE", detail=f"thành phần '{info.filename}' khai báo sai kích thước"
                    )
                if keep:
                    kept[info.filename] = fh.read(info.file_size)
                continue
            data = _inflate_exactly(fh, info, keep)
            if keep:
                kept[info.filename] = data
    return kept


# Parts read again by the checks below: inflated once while proving sizes, then served from memory
# (bounded by MAX_TOTAL_UNCOMPRESSED) instead of being decompressed a second time.
_KEPT_SUFFIXES = (".xml", ".rels", ".vml", ".rdf", "mimetype")
_INFLATED: weakref.WeakKeyDictionary[zipfile.ZipFile, dict[str, bytes]] = weakref.WeakKeyDictionary()


def _inflate_exactly(fh: Any, info: zipfile.ZipInfo, keep: bool = False) -> bytes:
    inflater = zlib.decompressobj(-15)
    parts: list[bytes] = []
    left, out, want = info.compress_size, 0, info.file_size
    over = Refused(
        "E_FILE_UNSAFE", detail=f"thành phần '{info.filename}' giải nén ra nhiều hơn kích thước khai báo"
    )
    try:
        while left > 0 and not inflater.eof:
            chunk = fh.read(min(65536, left))
            if not chunk:
                break
            left -= len(chunk)
            piece = inflater.decompress(chunk, want - out + 1)
            out += len(piece)
            if keep:
                parts.append(piece)
            while inflater.unconsumed_tail and out <= want:
                piece = inflater.decompress(inflater.unconsumed_tail, want - out + 1)
                out += len(piece)
                if keep:
                    parts.append(piece)
            if out > want:
                raise over
    except zlib.error:
        raise Refused("E_FILE_CORRUPT", detail=f"không giải nén được '{info.filename}'") from None
    if out != want or not inflater.eof:
        raise Refused("E_FILE_CORRUPT", detail=f"thành phần '{info.filename}' không khớp kích thước khai báo")
    if keep and zlib.crc32(b"".join(parts)) != info.CRC:
        raise Refused("E_FILE_CORRUPT", detail=f"thành phần '{info.filename}' sai mã kiểm tra (CRC)")
    return b"".join(parts)


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


def _open(zf: zipfile.ZipFile, name: str) -> io.BufferedIOBase:
    kept = _INFLATED.get(zf, {}).get(name)
    if kept is not None:
        return io.BytesIO(kept)
    info = zf.getinfo(name)
    try:
        raw = zf.open(info)
    except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError) as exc:
        raise Refused("E_FILE_CORRUPT", detail=f"không giải nén được '{name}' ({exc})") from None
    return io.BufferedReader(_Limited(raw, info.file_size, name), 65536)


def _read(zf: zipfile.ZipFile, name: str, limit: int) -> bytes:
    try:
        with _open(zf, name) as fh:
            return fh.read(limit)
    except Refused:
        raise
    except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
        raise Refused("E_FILE_CORRUPT", detail=f"không giải nén được '{name}'") from None


def _xml_events(zf: zipfile.ZipFile, name: str, events: tuple[str, ...] = ("end",)) -> Any:
    """Stream a member through defusedxml (no DTD, no entities); Refused on any trick or damage."""
    with _xml_errors(name), _open(zf, name) as fh:
        yield from SafeET.iterparse(
            fh, events=events, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )


@contextmanager
def _xml_errors(name: str) -> Iterator[None]:
    """What can go wrong reading one XML part, as the refusal an officer sees."""
    try:
        yield
    except defusedxml.DefusedXmlException:
        raise Refused("E_FILE_UNSAFE", detail=f"XML có khai báo DTD/thực thể trong '{name}'") from None
    except (SafeET.ParseError, expat.ExpatError) as exc:
        raise Refused("E_FILE_CORRUPT", detail=f"XML hỏng trong '{name}' ({_short(exc)})") from None
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise Refused("E_FILE_UNSAFE", detail=f"'{name}' không giải nén đúng ({_short(exc)})") from None


class _Expat:
    """defusedxml's expat parser (DTDs, entities and external references refused) driven with plain
    callbacks: start(tag, attrs) gets tag as 'uri}local' and attrs as a dict, end(tag) the tag.
    No tree is built: a large sheet scans ~10x faster than with iterparse."""

    def __init__(self) -> None:
        self._owner = SafeET.DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
        raw = self.raw = self._owner.parser
        raw.ordered_attributes = False
        raw.StartElementHandler = raw.EndElementHandler = None
        raw.CharacterDataHandler = raw.DefaultHandlerExpand = None
        raw.CommentHandler = raw.ProcessingInstructionHandler = None

    def run(self, zf: zipfile.ZipFile, name: str, start: Any = None, end: Any = None) -> None:
        raw = self.raw
        raw.StartElementHandler, raw.EndElementHandler = start, end
        with _xml_errors(name), _open(zf, name) as fh:
            while chunk := fh.read(1 << 16):
                raw.Parse(chunk, False)
            raw.Parse(b"", True)


def _expat(zf: zipfile.ZipFile, name: str) -> None:
    """Parse a member only to prove it is well-formed XML without DTD or entities."""
    _Expat().run(zf, name)


def _parse(zf: zipfile.ZipFile, name: str) -> Any:
    root = None
    for _, el in _xml_events(zf, name):
        root = el
    return root


_DTD_MARKS = [m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be")]


_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_ASCII_SUPERSETS = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}


def _cannot_hold_dtd(zf: zipfile.ZipFile, name: str) -> bool:
    """True when a part provably has no DTD and no entity declaration, without parsing it: it is
    UTF-8 (or ASCII) text and holds no '<!' at all, which every markup declaration starts with."""
    data = _INFLATED.get(zf, {}).get(name)
    if data is None:
        return False
    head = data[3:203] if data.startswith(codecs.BOM_UTF8) else data[:200]
    if not head.startswith(b"<") or b"\x00" in head:
        return False
    m = _XML_ENCODING.match(head)
    if m is not None and m.group(1).lower() not in _ASCII_SUPERSETS:
        return False
    return b"<!" not in data


def _check_no_dtd(zf: zipfile.ZipFile, name: str) -> None:
    """Parts no spreadsheet reader parses as data (drawings, VML, themes): only look for a DTD."""
    if _cannot_hold_dtd(zf, name):
        return
    try:
        _expat(zf, name)
    except Refused as exc:
        if exc.code == "E_FILE_UNSAFE":
            raise
        # Not well-formed (Excel's VML often is not): search the raw bytes instead.
        tail = b""
        with _open(zf, name) as fh:
            while chunk := fh.read(65536):
                window = tail + chunk
                if any(mark in window.upper() for mark in _DTD_MARKS):
                    raise Refused(
                        "E_FILE_UNSAFE", detail=f"XML có khai báo DTD/thực thể trong '{name}'"
                    ) from None
                tail = window[-32:]


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attrs(el: Any, name: str) -> list[str]:
    """Values of every attribute with this local name, whatever its namespace prefix."""
    return [v for k, v in el.attrib.items() if _local(k) == name]


def _scan_xlsx(zf: zipfile.ZipFile, lower: dict[str, str], result: Inspection) -> None:
    def find(path: str) -> str | None:  # calamine looks parts up ignoring ASCII case
        return lower.get(path.lower())

    rels_part = find("xl/_rels/workbook.xml.rels")
    if rels_part is None:
        raise Refused("E_FILE_CORRUPT", detail="thiếu xl/_rels/workbook.xml.rels")
    for part in (rels_part, lower["xl/workbook.xml"]):
        if zf.getinfo(part).file_size > MAX_STRUCTURE_BYTES:
            raise Refused("E_FILE_UNSAFE", detail=f"'{part}' lớn bất thường")
    rels: dict[str, str] = {}
    for _, rel in _xml_events(zf, rels_part):
        if _local(rel.tag) == "Relationship":
            rels[rel.get("Id", "")] = rel.get("Target", "")
    book = _parse(zf, lower["xl/workbook.xml"])
    sheets = [el for el in book.iter() if _local(el.tag) == "sheet"]
    if len(sheets) > MAX_SHEETS:
        raise Refused("E_FILE_UNSAFE", detail=f"có {len(sheets)} trang tính, vượt giới hạn {MAX_SHEETS}")
    parts: dict[str, str] = {}
    seen: set[str] = set()
    for el in sheets:
        name = el.get("name", "")
        if name.casefold() in seen:
            raise Refused("E_FILE_UNSAFE", detail=f"có hai trang tính cùng tên '{name}'")
        seen.add(name.casefold())
        ids = _attrs(el, "id")
        if len(ids) != 1 or ids[0] not in rels:
            raise Refused("E_FILE_CORRUPT", detail=f"không tìm thấy dữ liệu của trang '{name}'")
        target = rels[ids[0]]
        # The same resolution as calamine: "/xl/…" and "xl/…" as given, anything else under xl/.
        path = (
            target[1:]
            if target.startswith("/xl/")
            else target
            if target.startswith("xl/")
            else "xl/" + target
        )
        part = find(path)
        if part is not None:
            parts[name] = part
    read_as_data = {lower[k] for k in ("xl/sharedstrings.xml", "xl/styles.xml") if k in lower}
    for name in sorted(lower.values()):
        low = name.lower()
        if low in ("xl/workbook.xml", rels_part.lower()) or name in parts.values():
            continue
        if name in read_as_data:
            if not _cannot_hold_dtd(zf, name):  # calamine parses these; no DTD may reach it
                _expat(zf, name)
        elif low.endswith((".xml", ".rels", ".vml")):
            _check_no_dtd(zf, name)
    allowance = MAX_XML_ELEMENTS
    for name, part in parts.items():
        scan = result.sheets[name] = _scan_sheet_xml(zf, part, name, allowance)
        allowance -= scan.elements


def _row_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise Refused("E_FILE_CORRUPT", detail=f"số dòng sai '{text[:20]}'")
    return int(text) - 1


def _cell_ref(ref: str) -> tuple[int, int]:
    """'XFD1048576' -> (1048575, 16383), as calamine reads an r attribute (letters in any case)."""
    found = split_address(ref)
    if found is None:
        raise Refused("E_FILE_CORRUPT", detail=f"địa chỉ ô sai '{ref[:20]}'")
    return found


_C, _V, _IS, _F, _ROW, _MERGE, _OTHER = range(7)
_SHEET_TAGS = {"c": _C, "v": _V, "is": _IS, "f": _F, "row": _ROW, "mergeCell": _MERGE}


def _too_many_elements(what: str) -> Refused:
    return Refused(
        "E_FILE_UNSAFE",
        detail=f"{what} có hơn {MAX_XML_ELEMENTS:,} phần tử XML, quá lớn để kiểm tra".replace(",", "."),
    )


def _scan_sheet_xml(zf: zipfile.ZipFile, part: str, name: str, allowance: int) -> SheetScan:
    """Every cell position exactly as calamine computes it: elements by local name, a cell without
    an address takes the current <row> index (not the last cell's) and the next column.
    Written for speed: one callback per element, nothing allocated per cell."""
    scan = SheetScan(name=name)
    hidden = scan.hidden_rows
    kinds: dict[str, int] = {}
    row_index = col_index = 0
    max_row = max_col = -1
    cells = 0
    far: tuple[int, int] | None = None
    row = col = 0
    cell_type: str | None = None
    has_f = has_v = False
    text: list[str] = []
    elements = 0

    def kind_of(tag: str) -> int:
        kind = kinds[tag] = _SHEET_TAGS.get(tag[tag.rfind("}") + 1 :], _OTHER)
        return kind

    def on_text(data: str) -> None:
        text.append(data)

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal row_index, col_index, max_row, max_col, cells, far, row, col, cell_type, has_f, has_v
        nonlocal elements
        elements += 1
        if elements > allowance:
            raise _too_many_elements("các trang tính")
        kind = kinds.get(tag)
        if kind is None:
            kind = kind_of(tag)
        if kind == _C:
            r = attrs.get("r")
            if r:
                row, col = _cell_ref(r)
            else:
                row, col = row_index, col_index
            col_index = col + 1
            cells += 1
            if row > max_row:
                max_row = row
            if col > max_col:
                max_col = col
            if far is None and (row >= MAX_ROWS or col >= MAX_COLS):
                far = (row, col)
            cell_type = attrs.get("t")
            has_f = has_v = False
        elif kind == _V:
            if has_f:  # only a formula's cached value needs its text looked at
                text.clear()
                raw.CharacterDataHandler = on_text
            else:
                has_v = True
        elif kind == _IS:
            has_v = True
        elif kind == _F:
            has_f = True
        elif kind == _ROW:
            r = attrs.get("r")
            if r is not None:
                row_index = _row_number(r)
            if attrs.get("hidden") in ("1", "true") and len(hidden) < MAX_ROWS:
                hidden.add(row_index)
        elif kind == _MERGE and attrs.get("ref"):
            scan.merge(*_range(attrs["ref"]))

    def end(tag: str) -> None:
        nonlocal row_index, col_index, has_v
        kind = kinds.get(tag)
        if kind == _C:
            if has_f or cell_type == "e":
                ref = address(row, col)
                if has_f:
                    scan.note_formula(ref, has_v)
                if cell_type == "e":
                    scan.note_error(ref)
        elif kind == _V and has_f:
            raw.CharacterDataHandler = None
            has_v = has_v or bool("".join(text).strip())
        elif kind == _ROW:
            row_index += 1
            col_index = 0

    parser = _Expat()
    raw = parser.raw
    parser.run(zf, part, start, end)
    scan.cells, scan.max_row, scan.max_col = cells, max_row, max_col
    scan.elements = elements
    if far is not None:
        scan.far_cell = address(far[0], far[1])
    return scan


def _range(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    try:
        first, _, last = ref.partition(":")
        a, b = parse_address(first), parse_address(last or first)
    except ValueError:
        raise Refused("E_FILE_CORRUPT", detail=f"vùng gộp ô sai '{ref[:20]}'") from None
    return (min(a[0], b[0]), min(a[1], b[1])), (max(a[0], b[0]), max(a[1], b[1]))


# ---- OpenDocument (.ods) ---------------------------------------------------------------------------

_VALUE_ATTRS = {"value", "string-value", "date-value", "time-value", "boolean-value"}


def _count(attrs: dict[str, str], name: str) -> int:
    """A repeat/span count; calamine takes the first such attribute, so allow for the largest."""
    values = [v for k, v in attrs.items() if k[k.rfind("}") + 1 :] == name]
    try:
        counts = [int(v) for v in values]
    except ValueError:
        raise Refused("E_FILE_CORRUPT", detail=f"thuộc tính {name} sai") from None
    if any(c < 0 for c in counts):
        raise Refused("E_FILE_CORRUPT", detail=f"thuộc tính {name} âm")
    return max(counts, default=1)


def _scan_ods(zf: zipfile.ZipFile, lower: dict[str, str], result: Inspection) -> None:
    if "meta-inf/manifest.xml" in lower:
        manifest = _read(zf, lower["meta-inf/manifest.xml"], 1_000_000)
        if b"encryption-data" in manifest:
            raise Refused("E_FILE_ENCRYPTED")
    if "content.xml" not in lower:
        raise Refused("E_FILE_CORRUPT", detail="thiếu content.xml")
    for name in sorted(lower.values()):
        if name.lower() != "content.xml" and name.lower().endswith((".xml", ".rdf")):
            _check_no_dtd(zf, name)
    # Elements and attributes are matched by local name alone: calamine matches the literal
    # "table:" prefix, so a file binding that prefix to another namespace must not hide cells here.
    scan: SheetScan | None = None
    row = col = 0
    row_repeat = 1
    elements = 0
    cells: list[list[Any]] = []  # open cells: [attrs, has children, spaces]

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal scan, row, col, row_repeat, elements
        elements += 1
        if elements > MAX_XML_ELEMENTS:
            raise _too_many_elements("content.xml")
        local = tag[tag.rfind("}") + 1 :]
        if cells:
            cells[-1][1] = True
        if local in ("table-cell", "covered-table-cell"):
            cells.append([attrs, False, 0, local])
        elif local == "s" and cells:
            cells[-1][2] += _count(attrs, "c")
            if cells[-1][2] > MAX_TEXT_REPEAT:
                raise Refused("E_FILE_UNSAFE", detail=f"ô có hơn {MAX_TEXT_REPEAT} khoảng trắng lặp lại")
        elif local == "table-row" and scan is not None:
            row_repeat = _count(attrs, "number-rows-repeated")
            col = 0
            if any(
                k[k.rfind("}") + 1 :] == "visibility" and v in ("collapse", "filter")
                for k, v in attrs.items()
            ):
                scan.hidden_rows.update(range(row, min(row + row_repeat, MAX_ROWS)))
        elif local == "table":
            if len(result.sheets) >= MAX_SHEETS:
                raise Refused("E_FILE_UNSAFE", detail=f"có hơn {MAX_SHEETS} trang tính")
            name = next((v for k, v in attrs.items() if k[k.rfind("}") + 1 :] == "name"), "")
            if name.casefold() in {n.casefold() for n in result.sheets}:
                raise Refused("E_FILE_UNSAFE", detail=f"có hai trang tính cùng tên '{name}'")
            scan = result.sheets[name] = SheetScan(name=name)
            row = col = 0

    def end(tag: str) -> None:
        nonlocal row, col
        local = tag[tag.rfind("}") + 1 :]
        if local in ("table-cell", "covered-table-cell") and cells:
            attrs, children, _, kind = cells.pop()
            if scan is None:
                return
            repeat = _count(attrs, "number-columns-repeated")
            keys = {k[k.rfind("}") + 1 :]: v for k, v in attrs.items()}
            if children or keys.keys() & (_VALUE_ATTRS | {"value-type", "formula"}):
                scan.see(row + row_repeat - 1, col + repeat - 1)
                scan.cells += repeat * row_repeat - 1
                ref = address(row, col)
                if "formula" in keys:
                    scan.note_formula(ref, bool(keys.keys() & _VALUE_ATTRS))
                if any(k[k.rfind("}") + 1 :] == "value-type" and v == "error" for k, v in attrs.items()):
                    scan.note_error(ref)
            if kind == "table-cell":
                rows_spanned = _count(attrs, "number-rows-spanned")
                cols_spanned = _count(attrs, "number-columns-spanned")
                if rows_spanned > 1 or cols_spanned > 1:
                    scan.merge((row, col), (row + rows_spanned - 1, col + cols_spanned - 1))
            col += repeat
        elif local == "table-row" and scan is not None:
            row += row_repeat

    _Expat().run(zf, lower["content.xml"], start, end)


# ---- OLE compound files (.xls, encrypted .xlsx) -----------------------------------------------------


def _inspect_ole(path: Path, result: Inspection) -> None:
    data = path.read_bytes()
    try:
        cfb = Cfb(data)
        names = cfb.names()
        low = [n.lower() for n in names]
        if {"encryptedpackage", "encryptioninfo"} & set(low):
            raise Refused("E_FILE_ENCRYPTED")
        if low.count("workbook") > 1 or low.count("book") > 1:
            raise Refused("E_FILE_UNSAFE", detail="có hai luồng dữ liệu bảng tính cùng tên")
        stream = cfb.stream("Workbook")
        if stream is None:
            stream = cfb.stream("Book")
    except CfbError as exc:
        raise Refused("E_FILE_CORRUPT", detail=f"cấu trúc tệp Excel 97–2003 hỏng ({exc})") from None
    if stream is None:
        if "worddocument" in low:
            raise Refused("E_FILE_NOT_SPREADSHEET", detail="tài liệu Word 97–2003 (.doc)")
        if "powerpoint document" in low:
            raise Refused("E_FILE_NOT_SPREADSHEET", detail="bản trình chiếu PowerPoint 97–2003")
        raise Refused("E_FILE_NOT_SPREADSHEET", detail="tệp OLE không chứa bảng tính")
    result.format = "xls"
    result.has_vba = "_vba_project_cur" in low
    try:
        _scan_biff(stream, result)
    except CfbError as exc:
        raise Refused("E_FILE_CORRUPT", detail=f"bản ghi BIFF hỏng ({exc})") from None


_CELL_RECORDS = {0x0203, 0x0204, 0x0205, 0x027E, 0x00FD, 0x0006}  # the ones calamine keeps


def _u16(data: bytes, at: int) -> int:
    return struct.unpack_from("<H", data, at)[0] if len(data) >= at + 2 else 0


def _scan_biff(stream: bytes, result: Inspection) -> None:
    """The workbook globals (sheets, encryption, string table), then each sheet from the offset its
    BoundSheet record gives (as calamine reads them), counting the cells calamine would keep."""
    bound: list[tuple[int, str, int]] = []
    biff8, codepage = True, "latin-1"
    seen = 0
    for _, kind, data in records(stream):
        seen += 1
        if kind == 0x0809 and len(data) >= 2:
            biff8 = _u16(data, 0) in (0x0600, 0)
        elif kind == 0x002F and _u16(data, 0) != 0:
            raise Refused("E_FILE_ENCRYPTED")
        elif kind == 0x0042 and len(data) >= 2:
            codepage = {1258: "cp1258", 1252: "cp1252", 1200: "latin-1"}.get(_u16(data, 0), "latin-1")
        elif kind == 0x0085:
            if len(data) < 8 or data[4] & 0x3F > 2 or data[5] not in (0, 1, 2, 6):
                raise Refused("E_FILE_CORRUPT", detail="khai báo trang tính hỏng")
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
                result.has_vba = True  # an Excel 4.0 macro sheet
            if len(bound) > MAX_SHEETS:
                raise Refused("E_FILE_UNSAFE", detail=f"có hơn {MAX_SHEETS} trang tính")
        elif kind == 0x00FC and len(data) >= 8:
            strings = struct.unpack_from("<i", data, 4)[0]
            if strings < 0 or strings > MAX_CELLS or strings * 3 > len(stream):
                raise Refused("E_FILE_UNSAFE", detail=f"bảng chuỗi khai báo {strings} chuỗi, bất thường")
        elif kind == 0x000A:
            break
    names = [n.casefold() for _, n, _ in bound]
    if len(set(names)) != len(names):
        raise Refused("E_FILE_UNSAFE", detail="có hai trang tính cùng tên")
    for offset, name, _ in bound:
        if offset >= len(stream):
            raise Refused("E_FILE_CORRUPT", detail=f"vị trí trang '{name}' nằm ngoài tệp")
        scan = SheetScan(name=name)
        result.sheets[name] = scan
        formula_at = (0, 0)
        for _, kind, data in records(stream, offset):
            seen += 1
            if seen > MAX_RECORDS:
                raise Refused("E_FILE_UNSAFE", detail=f"có hơn {MAX_RECORDS} bản ghi")
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
                        scan.note_error(ref)
                elif kind == 0x0205 and len(data) >= 8 and data[7] == 1:
                    scan.note_error(ref)
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
                    raise Refused("E_FILE_CORRUPT", detail="bản ghi gộp ô hỏng")
                for i in range(count):
                    r1, r2, c1, c2 = struct.unpack_from("<4H", data, 2 + 8 * i)
                    scan.merge((min(r1, r2), min(c1, c2)), (max(r1, r2), max(c1, c2)))
            elif kind == 0x0208 and len(data) >= 14 and _u16(data, 12) & 0x20:
                if len(scan.hidden_rows) < MAX_ROWS:
                    scan.hidden_rows.add(_u16(data, 0))


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
        raise Refused("E_FILE_UNSAFE", detail=f"kích thước trang '{scan.name}' khai báo sai")
    scan.claimed = max(scan.claimed, rows * cols)
    if scan.far_cell is None and (last_row > MAX_ROWS or last_col > MAX_COLS):
        scan.far_cell = address(last_row - 1, last_col - 1)


# ---- memory budget -----------------------------------------------------------------------------------


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
            raise Refused("E_SHEET_TOO_LARGE", detail=f"{cell} (trang '{far.name}')")
        return
    total = 0
    for scan in sorted((s for s in scans if not s.oversized), key=lambda s: s.area):
        if total + scan.area > MAX_CELLS:
            scan.far_cell = address(scan.max_row, scan.max_col)
        else:
            total += scan.area
