"""XML from untrusted files through defusedxml only (no DTD, no entities), and its failures as refusals."""

from __future__ import annotations

import io
import zipfile
import zlib
from collections.abc import Callable, Iterator
from contextlib import contextmanager
from functools import cache
from typing import Any
from xml.parsers import expat

import defusedxml
import defusedxml.ElementTree as SafeET

from bgindex.intake.limits import MAX_XML_ELEMENTS
from bgindex.intake.wording import brief
from bgindex.intake.zip_container import CheckedZip
from bgindex.model.errors import FileProblem
from bgindex.model.vn import vn_number

_DTD_MARKS = [m.encode(enc) for m in ("<!DOCTYPE", "<!ENTITY") for enc in ("ascii", "utf-16-le", "utf-16-be")]


def assert_defused() -> None:
    """XML from untrusted files must go through defusedxml with DTDs refused; prove it is so."""
    probe = '<!DOCTYPE x [<!ENTITY a "aaaa">]><x>&a;&a;</x>'
    try:
        SafeET.fromstring(probe, forbid_dtd=True)
    except defusedxml.DefusedXmlException:
        pass
    else:
        raise RuntimeError("defusedxml is not protecting XML parsing")
    try:
        for _ in SafeET.iterparse(io.BytesIO(probe.encode()), forbid_dtd=True):
            pass
    except defusedxml.DefusedXmlException:
        return
    raise RuntimeError("defusedxml is not protecting streamed XML parsing")


@cache
def defused_once() -> bool:
    """assert_defused, run once per process (the answer cannot change while it runs)."""
    assert_defused()
    return True


@contextmanager
def xml_errors(name: str) -> Iterator[None]:
    """What can go wrong reading one XML part, as the refusal an officer sees."""
    try:
        yield
    except defusedxml.DefusedXmlException:
        raise FileProblem("E_FILE_UNSAFE", detail=f"XML có khai báo DTD/thực thể trong '{name}'") from None
    except (SafeET.ParseError, expat.ExpatError) as exc:
        raise FileProblem("E_FILE_CORRUPT", detail=f"XML hỏng trong '{name}' ({brief(exc)})") from None
    except (zipfile.BadZipFile, EOFError, OSError, zlib.error) as exc:
        raise FileProblem("E_FILE_UNSAFE", detail=f"'{name}' không giải nén đúng ({brief(exc)})") from None


def too_many_elements(what: str) -> FileProblem:
    """The refusal for XML with more elements than the scan may walk through."""
    return FileProblem(
        "E_FILE_UNSAFE",
        detail=f"{what} có hơn {vn_number(MAX_XML_ELEMENTS, 0)} phần tử XML, quá lớn để kiểm tra",
    )


def xml_events(zf: CheckedZip, name: str, events: tuple[str, ...] = ("end",)) -> Iterator[Any]:
    """Stream a member through defusedxml's iterparse; FileProblem on any trick or damage."""
    with xml_errors(name), zf.open(name) as fh:
        yield from SafeET.iterparse(
            fh, events=events, forbid_dtd=True, forbid_entities=True, forbid_external=True
        )


def parse(zf: CheckedZip, name: str) -> Any:
    """A member as an element tree (for small structure parts only)."""
    root = None
    for _, el in xml_events(zf, name):
        root = el
    return root


class Expat:
    """defusedxml's expat parser (DTDs, entities and external references refused) driven with plain
    callbacks: start(tag, attrs) gets tag as 'uri}local' and attrs as a dict, end(tag) the tag.
    No tree is built: a large sheet scans ~10x faster than with iterparse."""

    def __init__(self) -> None:
        self._owner = SafeET.DefusedXMLParser(forbid_dtd=True, forbid_entities=True, forbid_external=True)
        raw = self.raw = self._owner.parser
        raw.ordered_attributes = False
        raw.StartElementHandler = raw.EndElementHandler = None
        raw.CharacterDataHandler = raw.DefaultHandlerExpand = None
        raw.CommentHandler = raw.ProcessingInstructionHandler = None

    def run(
        self,
        zf: CheckedZip,
        name: str,
        start: Callable[[str, dict[str, str]], None] | None = None,
        end: Callable[[str], None] | None = None,
    ) -> None:
        raw = self.raw
        raw.StartElementHandler, raw.EndElementHandler = start, end
        with xml_errors(name), zf.open(name) as fh:
            while chunk := fh.read(1 << 16):
                raw.Parse(chunk, False)
            raw.Parse(b"", True)


def check_well_formed(zf: CheckedZip, name: str) -> None:
    """Parse a member only to prove it is well-formed XML without DTD or entities."""
    Expat().run(zf, name)


def check_no_dtd(zf: CheckedZip, name: str) -> None:
    """Parts no spreadsheet reader parses as data (drawings, VML, themes): only look for a DTD."""
    if zf.cannot_hold_dtd(name):
        return
    try:
        check_well_formed(zf, name)
    except FileProblem as exc:
        if exc.code == "E_FILE_UNSAFE":
            raise
        # Not well-formed (Excel's VML often is not): search the raw bytes instead.
        tail = b""
        with zf.open(name) as fh:
            while chunk := fh.read(65536):
                window = tail + chunk
                if any(mark in window.upper() for mark in _DTD_MARKS):
                    raise FileProblem(
                        "E_FILE_UNSAFE", detail=f"XML có khai báo DTD/thực thể trong '{name}'"
                    ) from None
                tail = window[-32:]
