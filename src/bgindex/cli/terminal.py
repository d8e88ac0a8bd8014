"""What the command line prints: text from files shown, never obeyed, by the terminal."""

from __future__ import annotations

import os
import sys
from typing import Any

import typer

from bgindex.model.safe_text import json_printable, printable


def shown(text: object) -> str:
    """Text from a file for a rich markup string: control and bidi characters escaped, then the
    markup characters, so a file name can neither move the cursor nor fake a colour."""
    from rich.markup import escape

    return escape(printable(text))


def echo(text: object, err: bool = False) -> None:
    """A line on standard output (or error) with file-borne control characters made visible."""
    typer.echo(printable(text), err=err)


def echo_json(text: str) -> None:
    """JSON on standard output, still valid, with the same characters made harmless."""
    typer.echo(json_printable(text))


def width(stream: Any) -> int:
    """The real terminal's width, else COLUMNS, else 80: piped output follows what the user set."""
    try:
        if stream.isatty():
            return os.get_terminal_size(stream.fileno()).columns
    except (OSError, ValueError, AttributeError):
        pass
    columns = os.environ.get("COLUMNS", "")
    return int(columns) if columns.isdigit() and int(columns) > 0 else 80


def console(stderr: bool = False) -> Any:
    """The rich console every command prints through, as wide as `width` says."""
    from rich.console import Console

    stream = sys.stderr if stderr else sys.stdout
    return Console(stderr=stderr, highlight=False, soft_wrap=False, width=width(stream))


def say(con: Any, text: str, style: str | None = None) -> None:
    """A sentence: wrapped between words on a terminal, one line when piped (a script or a file
    gets whole sentences, never a phrase cut by the width)."""
    con.print(text, soft_wrap=not con.is_terminal, style=style)
