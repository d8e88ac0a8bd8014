"""Read streams and BIFF records out of OLE compound files (old .xls, encrypted .xlsx), trusting nothing."""

from __future__ import annotations

import struct
from collections.abc import Iterator
from dataclasses import dataclass

MAGIC = b"\xd0\xcf\x11\xe0\xa1\xb1\x1a\xe1"
_END_OF_CHAIN = 0xFFFFFFFE
_MINI_SECTOR = 64
_MINI_CUTOFF = 4096
_STREAM, _ROOT = 2, 5


class CfbError(Exception):
    """The container is malformed; the message says where (English, for developers)."""


@dataclass
class Entry:
    name: str
    kind: int
    start: int
    size: int


class Cfb:
    """The directory and streams of a compound file held in memory; every chain is bounds-checked."""

    def __init__(self, data: bytes) -> None:
        if len(data) < 512 or not data.startswith(MAGIC):
            raise CfbError("not a compound file")
        major, byte_order, sector_shift, mini_shift = struct.unpack_from("<HHHH", data, 0x1A)
        if byte_order != 0xFFFE or (major, sector_shift) not in ((3, 9), (4, 12)) or mini_shift != 6:
            raise CfbError("bad header")
        (n_fat, first_dir, _, cutoff, first_mini, n_mini, first_difat, n_difat) = struct.unpack_from(
            "<8I", data, 0x2C
        )
        if cutoff != _MINI_CUTOFF:
            raise CfbError("bad mini stream cutoff")
        self._data = data
        self._size = 1 << sector_shift
        self._count = len(data) // self._size - 1
        if n_fat > self._count or n_difat > self._count:
            raise CfbError("bad sector counts")
        fat_sectors = list(struct.unpack_from("<109I", data, 0x4C))
        sector, seen = first_difat, set[int]()
        for _ in range(n_difat):
            self._check(sector, seen)
            entries = struct.unpack_from(f"<{self._size // 4}I", data, self._offset(sector))
            fat_sectors += entries[:-1]
            sector = entries[-1]
        fat_sectors = fat_sectors[:n_fat]
        if len(fat_sectors) < n_fat:
            raise CfbError("short DIFAT")
        fat: list[int] = []
        seen = set()
        for sector in fat_sectors:
            self._check(sector, seen)
            fat += struct.unpack_from(f"<{self._size // 4}I", data, self._offset(sector))
        self._fat = fat
        directory = self._read_chain(first_dir, self._fat, self._size, None)
        self.entries: list[Entry] = []
        for pos in range(0, len(directory) - 127, 128):
            raw = directory[pos : pos + 128]
            kind = raw[66]
            if kind == 0:
                continue
            name_len = min(struct.unpack_from("<H", raw, 64)[0], 64)
            name = raw[: max(name_len - 2, 0)].decode("utf-16-le", "replace")
            start, size = struct.unpack_from("<IQ", raw, 116)
            if major == 3:
                size &= 0xFFFFFFFF
            self.entries.append(Entry(name, kind, start, size))
        root = next((e for e in self.entries if e.kind == _ROOT), None)
        if root is None:
            raise CfbError("no root entry")
        self._mini_fat: list[int] = []
        self._mini_stream = b""
        if n_mini and first_mini < _END_OF_CHAIN:
            table = self._read_chain(first_mini, self._fat, self._size, n_mini * self._size)
            self._mini_fat = list(struct.unpack(f"<{len(table) // 4}I", table))
            self._mini_stream = self._read_chain(root.start, self._fat, self._size, root.size)

    def _offset(self, sector: int) -> int:
        return (sector + 1) * self._size

    def _check(self, sector: int, seen: set[int]) -> None:
        if sector >= self._count or sector in seen:
            raise CfbError("sector out of range or in a loop")
        seen.add(sector)

    def _read_chain(self, start: int, fat: list[int], size: int, length: int | None) -> bytes:
        """Follow a sector chain from `start`: `length` bytes, or the whole chain when None."""
        mini = size == _MINI_SECTOR
        source = self._mini_stream if mini else self._data
        limit = len(source) // size if mini else self._count
        parts: list[bytes] = []
        got = 0
        sector, seen = start, set()
        while sector != _END_OF_CHAIN and (length is None or got < length):
            if sector >= limit or sector >= len(fat) or sector in seen:
                raise CfbError("broken sector chain")
            seen.add(sector)
            offset = sector * size if mini else self._offset(sector)
            parts.append(source[offset : offset + size])
            got += size
            sector = fat[sector]
        if length is not None and got < length:
            raise CfbError("stream shorter than declared")
        return b"".join(parts)[:length]

    def names(self) -> list[str]:
        return [e.name for e in self.entries]

    def stream(self, name: str) -> bytes | None:
        """The stream with exactly this name (as calamine looks it up), or None."""
        entry = next((e for e in self.entries if e.kind == _STREAM and e.name == name), None)
        if entry is None:
            return None
        if entry.size > len(self._data):
            raise CfbError("stream larger than the file")
        if entry.size < _MINI_CUTOFF:
            return self._read_chain(entry.start, self._mini_fat, _MINI_SECTOR, entry.size)
        return self._read_chain(entry.start, self._fat, self._size, entry.size)


def records(stream: bytes, start: int = 0) -> Iterator[tuple[int, int, bytes]]:
    """BIFF records (offset, type, data) from `start` to the end of the stream; CfbError if cut."""
    pos, end = start, len(stream)
    while pos < end:
        if end - pos < 4:
            raise CfbError("truncated record header")
        kind, length = struct.unpack_from("<HH", stream, pos)
        if pos + 4 + length > end:
            raise CfbError("truncated record")
        yield pos, kind, stream[pos + 4 : pos + 4 + length]
        pos += 4 + length
