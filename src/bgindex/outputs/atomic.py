"""Outputs are written whole or not at all: a temporary file beside the target, then a rename."""

from __future__ import annotations

import os
import time
from collections.abc import Callable, Iterator
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


# A sharing violation (Excel, an antivirus or the search indexer has the file open for a moment) is
# often over within a second: the rename is tried again, waiting 0.05 s, 0.1 s, … (1.55 s in all).
REPLACE_TRIES = 6
REPLACE_WAIT_S = 0.05


class TargetHeld(PermissionError):
    """The rename onto an output was refused every time: another program holds the file open
    (Windows), or the file or its folder cannot be written."""


def replace(
    src: str | Path,
    dst: str | Path,
    tries: int = REPLACE_TRIES,
    wait: float = REPLACE_WAIT_S,
    sleep: Callable[[float], None] = time.sleep,
) -> None:
    """`os.replace`, tried again briefly while the target is refused (PermissionError)."""
    for attempt in range(tries):
        try:
            os.replace(src, dst)
            return
        except PermissionError as exc:
            if attempt == tries - 1:
                raise TargetHeld(exc.errno, exc.strerror, str(dst)) from exc
            sleep(wait * 2**attempt)


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
        replace(tmp, target)
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
