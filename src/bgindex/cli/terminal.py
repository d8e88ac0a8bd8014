"""What the command line prints: text from files shown, never obeyed, by the terminal."""

from __future__ import annotations

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
