"""Outputs are written whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

# The temporary files this process has open now: what `remove_temporaries` removes when a signal
# stops the command between the write and the rename.
_PENDING: set[Path] = set()


def remove_temporaries() -> None:
    """Remove the temporary files still pending in this process (its workers remove their own)."""
    for tmp in list(_PENDING):
        try:
            tmp.unlink(missing_ok=True)
        except OSError:
            pass
        _PENDING.discard(tmp)


@contextmanager
def atomic_path(target: str | Path) -> Iterator[Path]:
    """Yield a temporary path to write; on success it replaces `target` in one rename."""
    target = Path(target)
    target.parent.mkdir(parents=True, exist_ok=True)
    tmp = target.with_name(f".{target.name}.{os.getpid()}.tmp")
    _PENDING.add(tmp)
    try:
        yield tmp
        with open(tmp, "rb+") as fh:
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    finally:
        if tmp.exists():
            tmp.unlink()
        _PENDING.discard(tmp)


def write_text(target: str | Path, text: str) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_text(text, encoding="utf-8")
    return Path(target)


def write_bytes(target: str | Path, data: bytes) -> Path:
    with atomic_path(target) as tmp:
        tmp.write_bytes(data)
    return Path(target)
