"""How intake puts sizes and exceptions into the Vietnamese messages it gives."""

from __future__ import annotations


def megabytes(n: int) -> str:
    """A byte count as Vietnamese writes it: '1,5 MB'."""
    return f"{n / 1024 / 1024:.1f} MB".replace(".", ",")


def brief(exc: BaseException, width: int = 120) -> str:
    """An exception's text on one line, cut to `width` characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) < width else text[: width - 3] + "…"
