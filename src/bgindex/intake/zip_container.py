"""A zip container (.xlsx, .xlsm, .ods) whose directory and every member are proven sound before use.

Other readers trust a member's declared size; here each member is inflated, bounded, to prove it gives
exactly that size (and, for the parts kept, its CRC). The parts the checks read again are kept from
that inflation, so nothing is decompressed twice by bgindex.
"""

from __future__ import annotations

import codecs
import io
import re
import struct
import zipfile
import zlib
from types import TracebackType
from typing import Any

from bgindex.intake.limits import (
    MAX_MEDIA_UNCOMPRESSED,
    MAX_MEMBER_UNCOMPRESSED,
    MAX_MEMBERS,
    MAX_RATIO,
    MAX_TOTAL_UNCOMPRESSED,
    RATIO_FLOOR,
)
from bgindex.intake.wording import brief
from bgindex.model.errors import FileProblem
from bgindex.model.vn import vn_megabytes as megabytes
from bgindex.model.vn import vn_number

ZIP_MAGIC = b"PK\x03\x04"

# Parts read again by the checks: inflated once while proving sizes, then served from memory
# (bounded by MAX_TOTAL_UNCOMPRESSED) instead of being decompressed a second time.
_KEPT_SUFFIXES = (".xml", ".rels", ".vml", ".rdf", "mimetype")
_MEDIA_PREFIXES = ("xl/media/", "pictures/")  # pictures: never parsed, never kept
_XML_ENCODING = re.compile(rb"""<\?xml[^>]*?encoding\s*=\s*["']([A-Za-z0-9._-]+)""")
_ASCII_SUPERSETS = {b"utf-8", b"utf8", b"us-ascii", b"ascii"}


class CheckedZip:
    """An open zip whose directory passed the checks and whose members were all inflated exactly;
    `names` maps each member's lower-cased name to its name (no two members differ only in case)."""

    def __init__(self, data: bytes) -> None:
        """`data` is the whole file, read once: nothing here opens the file again."""
        try:
            self._zf = zipfile.ZipFile(io.BytesIO(data))
        except (zipfile.BadZipFile, OSError, ValueError, EOFError, NotImplementedError) as exc:
            raise FileProblem("E_FILE_CORRUPT", detail=f"tệp nén hỏng ({brief(exc)})") from None
        try:
            infos = self._zf.infolist()
            self.names = _check_directory(infos)
            self._kept = _check_members(data, infos)
        except BaseException:
            self._zf.close()
            raise

    def __enter__(self) -> CheckedZip:
        return self

    def __exit__(
        self, kind: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        self.close()

    def close(self) -> None:
        self._zf.close()

    def size(self, name: str) -> int:
        """The member's uncompressed size (proven true by the inflation)."""
        return self._zf.getinfo(name).file_size

    def open(self, name: str) -> io.BufferedIOBase:
        """A stream of the member, from memory if it was kept, else bounded to its declared size."""
        kept = self._kept.get(name)
        if kept is not None:
            return io.BytesIO(kept)
        info = self._zf.getinfo(name)
        try:
            raw = self._zf.open(info)
        except (zipfile.BadZipFile, NotImplementedError, RuntimeError, ValueError) as exc:
            raise FileProblem("E_FILE_CORRUPT", detail=f"không giải nén được '{name}' ({exc})") from None
        return io.BufferedReader(_Limited(raw, info.file_size, name), 65536)

    def read(self, name: str, limit: int) -> bytes:
        """At most `limit` bytes from the start of the member."""
        try:
            with self.open(name) as fh:
                return fh.read(limit)
        except FileProblem:
            raise
        except (zipfile.BadZipFile, OSError, EOFError, ValueError, zlib.error):
            raise FileProblem("E_FILE_CORRUPT", detail=f"không giải nén được '{name}'") from None

    def cannot_hold_dtd(self, name: str) -> bool:
        """True when a part provably has no DTD and no entity declaration, without parsing it: it is
        UTF-8 (or ASCII) text and holds no '<!' at all, which every markup declaration starts with."""
        data = self._kept.get(name)
        if data is None:
            return False
        head = data[3:203] if data.startswith(codecs.BOM_UTF8) else data[:200]
        if not head.startswith(b"<") or b"\x00" in head:
            return False
        m = _XML_ENCODING.match(head)
        if m is not None and m.group(1).lower() not in _ASCII_SUPERSETS:
            return False
        return b"<!" not in data


def _check_directory(infos: list[zipfile.ZipInfo]) -> dict[str, str]:
    """Member count within limits and no two members whose names differ only in case."""
    if len(infos) > MAX_MEMBERS:
        raise FileProblem(
            "E_FILE_UNSAFE",
            detail=f"có {vn_number(len(infos), 0)} thành phần nén, vượt giới hạn {vn_number(MAX_MEMBERS, 0)}",
        )
    lower: dict[str, str] = {}
    for info in infos:
        key = info.filename.lower()
        if key in lower:
            # Readers disagree on which of two same-named members they open.
            raise FileProblem("E_FILE_UNSAFE", detail=f"có hai thành phần nén cùng tên '{info.filename}'")
        lower[key] = info.filename
    return lower


def is_media(name: str) -> bool:
    """A picture member: never parsed and never kept, so held to MAX_MEDIA_UNCOMPRESSED instead."""
    low = name.lower()
    return low.startswith(_MEDIA_PREFIXES) and not low.endswith(_KEPT_SUFFIXES)


def _check_members(data: bytes, infos: list[zipfile.ZipInfo]) -> dict[str, bytes]:
    """Declared sizes and ratios within limits, and true: every member is inflated (bounded) to
    prove it gives exactly the size its directory entry declares, as other readers ignore it.
    Returns the kept parts (see _KEPT_SUFFIXES) by member name."""
    total = media = 0
    for info in infos:
        if info.flag_bits & 0x1:
            raise FileProblem("E_FILE_ENCRYPTED")
        if is_media(info.filename):
            media += info.file_size
        else:
            total += info.file_size
        if info.file_size > MAX_MEMBER_UNCOMPRESSED and not is_media(info.filename):
            raise FileProblem(
                "E_FILE_UNSAFE",
                detail=f"thành phần '{info.filename}' giải nén ra {megabytes(info.file_size)}",
            )
        if info.file_size > RATIO_FLOOR and info.file_size > MAX_RATIO * max(info.compress_size, 1):
            raise FileProblem(
                "E_FILE_UNSAFE",
                detail="tỷ lệ nén bất thường (bom nén), "
                f"'{info.filename}' nén {info.compress_size} "
                f"byte thành {megabytes(info.file_size)}",
            )
        if info.compress_type not in (zipfile.ZIP_STORED, zipfile.ZIP_DEFLATED):
            raise FileProblem(
                "E_FILE_UNSAFE",
                detail=f"thành phần '{info.filename}' dùng kiểu nén lạ ({info.compress_type})",
            )
    if total > MAX_TOTAL_UNCOMPRESSED:
        raise FileProblem("E_FILE_UNSAFE", detail=f"tổng dung lượng giải nén {megabytes(total)}")
    if media > MAX_MEDIA_UNCOMPRESSED:
        raise FileProblem("E_FILE_UNSAFE", detail=f"tổng dung lượng hình ảnh giải nén {megabytes(media)}")
    kept: dict[str, bytes] = {}
    with io.BytesIO(data) as fh:
        for info in infos:
            fh.seek(info.header_offset)
            local = fh.read(30)
            if len(local) < 30 or not local.startswith(ZIP_MAGIC):
                raise FileProblem("E_FILE_CORRUPT", detail=f"thành phần '{info.filename}' hỏng")
            name_len, extra_len = struct.unpack_from("<HH", local, 26)
            fh.seek(info.header_offset + 30 + name_len + extra_len)
            keep = info.filename.lower().endswith(_KEPT_SUFFIXES)
            if info.compress_type == zipfile.ZIP_STORED:
                if info.compress_size != info.file_size:
                    raise FileProblem(
                        "E_FILE_UNSAFE", detail=f"thành phần '{info.filename}' khai báo sai kích thước"
                    )
                if keep:
                    kept[info.filename] = fh.read(info.file_size)
                    if zlib.crc32(kept[info.filename]) != info.CRC:
                        raise FileProblem(
                            "E_FILE_CORRUPT", detail=f"thành phần '{info.filename}' sai mã kiểm tra (CRC)"
                        )
                continue
            data = _inflate_exactly(fh, info, keep)
            if keep:
                kept[info.filename] = data
    return kept


def _inflate_exactly(fh: Any, info: zipfile.ZipInfo, keep: bool = False) -> bytes:
    inflater = zlib.decompressobj(-15)
    parts: list[bytes] = []
    left, out, want = info.compress_size, 0, info.file_size
    over = FileProblem(
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
        raise FileProblem("E_FILE_CORRUPT", detail=f"không giải nén được '{info.filename}'") from None
    if out != want or not inflater.eof:
        raise FileProblem(
            "E_FILE_CORRUPT", detail=f"thành phần '{info.filename}' không khớp kích thước khai báo"
        )
    if keep and zlib.crc32(b"".join(parts)) != info.CRC:
        raise FileProblem("E_FILE_CORRUPT", detail=f"thành phần '{info.filename}' sai mã kiểm tra (CRC)")
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
            raise FileProblem("E_FILE_UNSAFE", detail=f"thành phần '{self._name}' lớn hơn khai báo")
        self._left -= len(data)
        buf[: len(data)] = data
        return len(data)
