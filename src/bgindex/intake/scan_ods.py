"""The .ods scanner: encryption, DTD checks and each table's extent in content.xml, on a checked zip."""

from __future__ import annotations

from typing import Any

from bgindex.intake.limits import MAX_ROWS, MAX_SHEETS, MAX_TEXT_REPEAT, MAX_XML_ELEMENTS
from bgindex.intake.sheet_scan import SheetScan
from bgindex.intake.xml_guard import Expat, check_no_dtd, too_many_elements
from bgindex.intake.zip_container import CheckedZip
from bgindex.model.a1 import address
from bgindex.model.errors import FileProblem

_VALUE_ATTRS = {"value", "string-value", "date-value", "time-value", "boolean-value"}


def _count(attrs: dict[str, str], name: str) -> int:
    """A repeat/span count; calamine takes the first such attribute, so allow for the largest."""
    values = [v for k, v in attrs.items() if k[k.rfind("}") + 1 :] == name]
    try:
        counts = [int(v) for v in values]
    except ValueError:
        raise FileProblem("E_FILE_CORRUPT", detail=f"thuộc tính {name} sai") from None
    if any(c < 0 for c in counts):
        raise FileProblem("E_FILE_CORRUPT", detail=f"thuộc tính {name} âm")
    return max(counts, default=1)


def scan_ods(zf: CheckedZip) -> dict[str, SheetScan]:
    """Encryption, a DTD check of every other XML part, and each table's extent in content.xml as
    calamine will compute it; the scans by sheet name."""
    lower = zf.names
    sheets: dict[str, SheetScan] = {}
    if "meta-inf/manifest.xml" in lower:
        manifest = zf.read(lower["meta-inf/manifest.xml"], 1_000_000)
        if b"encryption-data" in manifest:
            raise FileProblem("E_FILE_ENCRYPTED")
    if "content.xml" not in lower:
        raise FileProblem("E_FILE_CORRUPT", detail="thiếu content.xml")
    for name in sorted(lower.values()):
        if name.lower() != "content.xml" and name.lower().endswith((".xml", ".rdf")):
            check_no_dtd(zf, name)
    # Elements and attributes are matched by local name alone: calamine matches the literal
    # "table:" prefix, so a file binding that prefix to another namespace must not hide cells here.
    scan: SheetScan | None = None
    row = col = 0
    row_repeat = 1
    elements = 0
    cells: list[list[Any]] = []  # open cells: [attrs, has children, spaces]
    shown: list[str] = []  # the text an error cell shows ('#DIV/0!')
    parser = Expat()

    def on_text(data: str) -> None:
        if len(shown) < 20:
            shown.append(data)

    def is_error(attrs: dict[str, str]) -> bool:
        return any(k[k.rfind("}") + 1 :] == "value-type" and v == "error" for k, v in attrs.items())

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal scan, row, col, row_repeat, elements
        elements += 1
        if elements > MAX_XML_ELEMENTS:
            raise too_many_elements("content.xml")
        local = tag[tag.rfind("}") + 1 :]
        if cells:
            cells[-1][1] = True
        if local in ("table-cell", "covered-table-cell"):
            cells.append([attrs, False, 0, local])
        elif local == "p" and cells and is_error(cells[-1][0]):
            shown.clear()
            parser.raw.CharacterDataHandler = on_text
        elif local == "s" and cells:
            cells[-1][2] += _count(attrs, "c")
            if cells[-1][2] > MAX_TEXT_REPEAT:
                raise FileProblem("E_FILE_UNSAFE", detail=f"ô có hơn {MAX_TEXT_REPEAT} khoảng trắng lặp lại")
        elif local == "table-row" and scan is not None:
            row_repeat = _count(attrs, "number-rows-repeated")
            col = 0
            if any(
                k[k.rfind("}") + 1 :] == "visibility" and v in ("collapse", "filter")
                for k, v in attrs.items()
            ):
                scan.hidden_rows.update(range(row, min(row + row_repeat, MAX_ROWS)))
        elif local == "table":
            if len(sheets) >= MAX_SHEETS:
                raise FileProblem("E_FILE_UNSAFE", detail=f"có hơn {MAX_SHEETS} trang tính")
            name = next((v for k, v in attrs.items() if k[k.rfind("}") + 1 :] == "name"), "")
            if name.casefold() in {n.casefold() for n in sheets}:
                raise FileProblem("E_FILE_UNSAFE", detail=f"có hai trang tính cùng tên '{name}'")
            scan = sheets[name] = SheetScan(name=name)
            row = col = 0

    def end(tag: str) -> None:
        nonlocal row, col
        local = tag[tag.rfind("}") + 1 :]
        if local in ("table-cell", "covered-table-cell") and cells:
            attrs, children, _, kind = cells.pop()
            if scan is None:
                return
            repeat = _count(attrs, "number-columns-repeated")
            keys = {k[k.rfind("}") + 1 :]: v for k, v in attrs.items()}
            if children or keys.keys() & (_VALUE_ATTRS | {"value-type", "formula"}):
                scan.see(row + row_repeat - 1, col + repeat - 1)
                scan.cells += repeat * row_repeat - 1
                ref = address(row, col)
                if "formula" in keys:
                    scan.note_formula(ref, bool(keys.keys() & _VALUE_ATTRS), keys["formula"])
                if is_error(attrs):
                    scan.note_error(ref, "".join(shown).strip()[:20])
                    shown.clear()
            if kind == "table-cell":
                rows_spanned = _count(attrs, "number-rows-spanned")
                cols_spanned = _count(attrs, "number-columns-spanned")
                if rows_spanned > 1 or cols_spanned > 1:
                    scan.merge((row, col), (row + rows_spanned - 1, col + cols_spanned - 1))
            col += repeat
        elif local == "table-row" and scan is not None:
            row += row_repeat
        elif local == "p":
            parser.raw.CharacterDataHandler = None

    parser.run(zf, lower["content.xml"], start, end)
    return sheets
