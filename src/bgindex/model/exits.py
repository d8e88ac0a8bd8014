"""Exit codes of every bgindex command: part of the interface, documented in the README."""

from __future__ import annotations

from enum import IntEnum


class ExitCode(IntEnum):
    OK = 0  # no errors: every file valid, every indicator complete
    DATA = 1  # data errors, or completed with problems (a file left out, an indicator incomplete)
    USAGE = 2  # the command was used wrongly (option, path, catalogue)
    UNREADABLE = 3  # a file could not be read or is unsafe; for consolidate: nothing usable
    INTERNAL = 4  # a bug in bgindex: report it with the output of --debug
    INTERRUPTED = 130  # stopped by the user (Ctrl+C)
    TERMINATED = 143  # stopped by SIGTERM (a service manager, `kill`): 128 + the signal, as shells report it
