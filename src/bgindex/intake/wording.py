"""How intake puts an exception into the Vietnamese message it gives: one line, cut short."""

from __future__ import annotations


def brief(exc: BaseException, width: int = 120) -> str:
    """An exception's text on one line, cut to `width` characters."""
    text = " ".join(str(exc).split()) or type(exc).__name__
    return text if len(text) < width else text[: width - 3] + "…"
