"""Every table the command line prints, laid out by one set of rules: numbers and codes whole, text wraps,
and one block per row when the terminal is too narrow for the columns."""

from __future__ import annotations

from dataclasses import dataclass
from typing import Any, Literal

# Below this many columns a table with several text columns reads better as one block per row.
WIDE = 100
# The narrowest a wrapping text column may become before the table is laid out as blocks.
TEXT_MIN = 10

Kind = Literal["code", "number", "label", "text"]


@dataclass(frozen=True)
class Col:
    """One column: `code` and `number` are never cut or wrapped, `label` is a short word kept on one
    line, `text` wraps (names, messages). `head` columns open each block of the stacked layout; a
    `wide` text column takes three shares of the table's spare width, other text columns one."""

    title: str
    kind: Kind = "text"
    head: bool = False
    wide: bool = False


def _plain(markup: str) -> str:
    from rich.text import Text

    return Text.from_markup(markup).plain


def _whole(col: Col) -> bool:
    return col.kind in ("code", "number", "label")


def _fits(cols: list[Col], rows: list[list[str]], width: int) -> bool:
    """Whether a bordered table can show every code, number and label whole at this width."""
    need = 3 * len(cols) + 1  # borders and padding
    for i, col in enumerate(cols):
        longest = max([len(_plain(r[i])) for r in rows] + [len(col.title)])
        need += longest if _whole(col) else min(longest, TEXT_MIN)
    return need <= width


def print_table(
    console: Any,
    title: str | None,
    cols: list[Col],
    rows: list[list[str]],
    styles: list[str] | None = None,
) -> None:
    """Rows of rich markup (file-borne text already passed through `shown`) as a table, or as blocks
    below `WIDE` columns or when the table cannot fit."""
    styles = styles or [""] * len(rows)
    text_cols = sum(c.kind == "text" for c in cols)
    if (console.width >= WIDE or text_cols <= 1) and _fits(cols, rows, console.width):
        _as_table(console, title, cols, rows, styles)
    else:
        _as_blocks(console, title, cols, rows, styles)


def _as_table(
    console: Any, title: str | None, cols: list[Col], rows: list[list[str]], styles: list[str]
) -> None:
    from rich.table import Table

    table = Table(title=title, expand=any(c.kind == "text" for c in cols))
    for i, col in enumerate(cols):
        if _whole(col):
            longest = max([len(_plain(r[i])) for r in rows] + [len(col.title)])
            justify: Any = "right" if col.kind == "number" else "left"
            table.add_column(col.title, no_wrap=True, min_width=longest, justify=justify)
        else:
            table.add_column(col.title, overflow="fold", ratio=3 if col.wide else 1)
    for row, style in zip(rows, styles, strict=True):
        table.add_row(*row, style=style)
    console.print(table)


def _as_blocks(
    console: Any, title: str | None, cols: list[Col], rows: list[list[str]], styles: list[str]
) -> None:
    """One block per row: the head columns on the first line, then 'title: value' pairs that wrap only
    between pairs' words, never inside a number or a code (they hold no spaces)."""
    if title:
        console.print(f"[bold]{title}[/bold]", soft_wrap=not console.is_terminal)
    for row, style in zip(rows, styles, strict=True):
        heads = [v for c, v in zip(cols, row, strict=True) if c.head and v]
        head = " ".join(heads[:2]) + (" — " + ", ".join(heads[2:]) if heads[2:] else "")
        rest = [f"{c.title}: {v}" for c, v in zip(cols, row, strict=True) if not c.head and v]
        first = f"[bold]{head}[/bold]"
        console.print(f"[{style}]{first}[/{style}]" if style else first)
        if rest:
            from rich.text import Text

            text = Text.from_markup(" · ".join(rest), style=style)
            for line in text.wrap(console, max(console.width - 2, 20)):
                line.rstrip()
                console.print(Text("  ") + line, soft_wrap=True)
