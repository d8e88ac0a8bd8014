"""Text from a file made safe for where it goes: XML (workbooks, Word) and the terminal."""

from __future__ import annotations

import re

# Characters XML 1.0 cannot hold; a file name or an agency's cell may carry them.
XML_ILLEGAL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\ufffe\uffff]")
# What a terminal would act on instead of showing: C0 and C1 controls, DEL, and the bidi controls
# that reorder what is shown ("gpj.exe" shown as "exe.jpg").
_UNPRINTABLE = re.compile(r"[\x00-\x08\x0b-\x1f\x7f-\x9f\u200e\u200f\u202a-\u202e\u2066-\u2069]")


def _escape(match: re.Match[str]) -> str:
    code = ord(match.group())
    return f"\\x{code:02x}" if code < 0x100 else f"\\u{code:04x}"


def xml_text(text: str, visible: bool = True) -> str:
    """Text an XML part can hold: illegal characters shown as \\x01 (or dropped when not `visible`)."""
    return XML_ILLEGAL.sub(_escape if visible else "", text)


def printable(text: object) -> str:
    """Text a terminal shows as it is: control and bidi characters as visible escapes, as `ls` and
    git do; tabs and line breaks stay."""
    return _UNPRINTABLE.sub(_escape, str(text))


def json_printable(text: str) -> str:
    """JSON for the terminal: the characters `printable` escapes, written as JSON escapes (\\u0085)
    so the text stays valid JSON that a script can read."""
    return _UNPRINTABLE.sub(lambda m: f"\\u{ord(m.group()):04x}", text)
