"""What the entry point settles before any command: a frozen build's workers, UTF-8 streams, the version."""

from __future__ import annotations

import codecs
import multiprocessing
import sys
from collections.abc import Callable, Sequence
from typing import Any

# What a double-clicked executable shows when the desk it opens could not start (bgindex serve).
NEXT_STEPS = """Không mở được bàn làm việc trên trình duyệt; có thể dùng bgindex trong cửa sổ lệnh.

Cách làm:
  1. Mở thư mục chứa bgindex.exe trong File Explorer.
  2. Bấm vào thanh địa chỉ, gõ cmd rồi nhấn Enter: một cửa sổ lệnh mở ra tại thư mục này.
  3. Gõ một lệnh, ví dụ:
       bgindex catalog
       bgindex template --year 2024 --out bieu-mau
       bgindex validate nhan-ve --year 2024
       bgindex consolidate nhan-ve --year 2024 --out ket-qua
  4. Gõ bgindex --help để xem mọi lệnh, bgindex LỆNH --help để xem cách dùng một lệnh."""


def prepare_process() -> None:
    """First thing in the process: a worker started by a frozen executable runs its task and never
    the command line; stdout and stderr write UTF-8 whatever the console's code page."""
    multiprocessing.freeze_support()
    utf8_streams()


_ERRORS = "bgindex-replace"


def _name_bytes_or_replace(exc: UnicodeError) -> tuple[str | bytes, int]:
    """Encoding error handler: a file name that the POSIX C locale decoded into escaped bytes is
    written as its own bytes when they are UTF-8 (they are, on a UTF-8 file system); anything else
    that cannot be written becomes '?' (the 'replace' handler), never an exception."""
    if not isinstance(exc, UnicodeEncodeError):
        raise exc
    chunk = exc.object[exc.start : exc.end]
    if all(0xDC80 <= ord(c) <= 0xDCFF for c in chunk):
        raw = bytes(ord(c) - 0xDC00 for c in chunk)
        try:
            raw.decode("utf-8")
            return raw, exc.end
        except UnicodeDecodeError:
            pass
    return "?" * len(chunk), exc.end


codecs.register_error(_ERRORS, _name_bytes_or_replace)


def utf8_streams(streams: Sequence[Any] | None = None) -> None:
    """UTF-8 on every stream, a character it cannot write replaced rather than a crash. A Windows
    console redirected to a file or a pipe would otherwise encode with the ANSI code page (cp1258),
    and Vietnamese letters outside it raise UnicodeEncodeError after the work is done."""
    for stream in streams if streams is not None else (sys.stdout, sys.stderr):
        reconfigure = getattr(stream, "reconfigure", None)
        if reconfigure is None:  # replaced by a caller (a test runner, an IDE): leave it be
            continue
        try:
            reconfigure(encoding="utf-8", errors=_ERRORS)
        except (ValueError, OSError):  # already written to and unable to change, or closed
            pass


def version() -> str:
    """The installed package's version; a frozen build or a source tree without an installed
    distribution falls back on the version the package carries."""
    from importlib.metadata import PackageNotFoundError
    from importlib.metadata import version as dist_version

    try:
        return dist_version("bgindex")
    except PackageNotFoundError:
        from bgindex import __version__

        return __version__


def version_text() -> str:
    return f"bgindex phiên bản {version()}"


def _own_console() -> bool:
    """Windows: the console window belongs to this process alone, i.e. it was opened for a
    double-click (from a command prompt, cmd.exe shares it). False elsewhere: no way to tell."""
    if sys.platform != "win32":
        return False
    import ctypes

    processes = (ctypes.c_uint32 * 4)()
    count = ctypes.windll.kernel32.GetConsoleProcessList(processes, 4)
    return 0 < count <= 1


def double_clicked(
    argv: Sequence[str] | None = None,
    frozen: bool | None = None,
    own_console: Callable[[], bool] = _own_console,
) -> bool:
    """A built executable started without arguments in a console of its own: an officer's double-click."""
    argv = sys.argv if argv is None else argv
    frozen = bool(getattr(sys, "frozen", False)) if frozen is None else frozen
    return frozen and len(argv) <= 1 and own_console()


def explain_and_wait(echo: Callable[[str], None], ask: Callable[[str], str] = input) -> None:
    """What to do next, then wait for Enter so that the window does not close before it is read."""
    echo(NEXT_STEPS)
    try:
        ask("\nNhấn Enter để đóng cửa sổ này.")
    except (EOFError, OSError):
        pass
