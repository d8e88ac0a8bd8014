"""The .xlsx/.xlsm scanner: structure parts, DTD checks and each sheet's extent, on a checked zip."""

from __future__ import annotations

from typing import Any

from bgindex.intake.limits import (
    MAX_COLS,
    MAX_NOTED,
    MAX_ROWS,
    MAX_SHEETS,
    MAX_STRUCTURE_BYTES,
    MAX_XML_ELEMENTS,
)
from bgindex.intake.sheet_scan import FORMULA_READ, SheetScan
from bgindex.intake.xml_guard import (
    Expat,
    check_no_dtd,
    check_well_formed,
    parse,
    too_many_elements,
    xml_events,
)
from bgindex.intake.zip_container import CheckedZip
from bgindex.model.a1 import address, parse_address, split_address
from bgindex.model.errors import FileProblem


def _local(tag: str) -> str:
    return tag.rsplit("}", 1)[-1]


def _attrs(el: Any, name: str) -> list[str]:
    """Values of every attribute with this local name, whatever its namespace prefix."""
    return [v for k, v in el.attrib.items() if _local(k) == name]


def scan_xlsx(zf: CheckedZip) -> dict[str, SheetScan]:
    """The workbook's structure parts, a DTD check of every other XML part, and each sheet's extent
    as calamine will compute it; the scans of the sheets the workbook names, by sheet name."""
    lower = zf.names

    def find(name: str) -> str | None:  # calamine looks parts up ignoring ASCII case
        return lower.get(name.lower())

    rels_part = find("xl/_rels/workbook.xml.rels")
    if rels_part is None:
        raise FileProblem("E_FILE_CORRUPT", detail="thiếu xl/_rels/workbook.xml.rels")
    for part in (rels_part, lower["xl/workbook.xml"]):
        if zf.size(part) > MAX_STRUCTURE_BYTES:
            raise FileProblem("E_FILE_UNSAFE", detail=f"'{part}' lớn bất thường")
    rels: dict[str, str] = {}
    for _, rel in xml_events(zf, rels_part):
        if _local(rel.tag) == "Relationship":
            rels[rel.get("Id", "")] = rel.get("Target", "")
    book = parse(zf, lower["xl/workbook.xml"])
    sheets = [el for el in book.iter() if _local(el.tag) == "sheet"]
    if len(sheets) > MAX_SHEETS:
        raise FileProblem("E_FILE_UNSAFE", detail=f"có {len(sheets)} trang tính, vượt giới hạn {MAX_SHEETS}")
    parts: dict[str, str] = {}
    seen: set[str] = set()
    for el in sheets:
        name = el.get("name", "")
        if name.casefold() in seen:
            raise FileProblem("E_FILE_UNSAFE", detail=f"có hai trang tính cùng tên '{name}'")
        seen.add(name.casefold())
        ids = _attrs(el, "id")
        if len(ids) != 1 or ids[0] not in rels:
            raise FileProblem("E_FILE_CORRUPT", detail=f"không tìm thấy dữ liệu của trang '{name}'")
        target = rels[ids[0]]
        # The same resolution as calamine: "/xl/…" and "xl/…" as given, anything else under xl/.
        path = (
            target[1:]
            if target.startswith("/xl/")
            else target
            if target.startswith("xl/")
            else "xl/" + target
        )
        found = find(path)
        if found is not None:
            parts[name] = found
    read_as_data = {lower[k] for k in ("xl/sharedstrings.xml", "xl/styles.xml") if k in lower}
    for name in sorted(lower.values()):
        low = name.lower()
        if low in ("xl/workbook.xml", rels_part.lower()) or name in parts.values():
            continue
        if name in read_as_data:
            if not zf.cannot_hold_dtd(name):  # calamine parses these; no DTD may reach it
                check_well_formed(zf, name)
        elif low.endswith((".xml", ".rels", ".vml")):
            check_no_dtd(zf, name)
    scans: dict[str, SheetScan] = {}
    allowance = MAX_XML_ELEMENTS
    for name, part in parts.items():
        scan = scans[name] = _scan_sheet(zf, part, name, allowance)
        allowance -= scan.elements
    return scans


def _row_number(text: str) -> int:
    if not text.isdigit() or int(text) < 1:
        raise FileProblem("E_FILE_CORRUPT", detail=f"số dòng sai '{text[:20]}'")
    return int(text) - 1


def _cell_ref(ref: str) -> tuple[int, int]:
    """'XFD1048576' -> (1048575, 16383), as calamine reads an r attribute (letters in any case)."""
    found = split_address(ref)
    if found is None:
        raise FileProblem("E_FILE_CORRUPT", detail=f"địa chỉ ô sai '{ref[:20]}'")
    return found


_C, _V, _IS, _F, _ROW, _MERGE, _OTHER = range(7)
_SHEET_TAGS = {"c": _C, "v": _V, "is": _IS, "f": _F, "row": _ROW, "mergeCell": _MERGE}


def _scan_sheet(zf: CheckedZip, part: str, name: str, allowance: int) -> SheetScan:
    """Every cell position exactly as calamine computes it: elements by local name, a cell without
    an address takes the current <row> index (not the last cell's) and the next column.
    Written for speed: one callback per element, nothing allocated per cell."""
    scan = SheetScan(name=name)
    hidden = scan.hidden_rows
    kinds: dict[str, int] = {}
    row_index = col_index = 0
    max_row = max_col = -1
    cells = 0
    far: tuple[int, int] | None = None
    row = col = 0
    cell_type: str | None = None
    has_f = has_v = False
    text: list[str] = []
    formula: list[str] = []  # the <f> text, up to FORMULA_READ characters
    formula_len = 0
    shared: dict[str, str] = {}  # a shared formula's text by its si: the cells after the first hold none
    shared_si: str | None = None
    elements = 0

    def kind_of(tag: str) -> int:
        kind = kinds[tag] = _SHEET_TAGS.get(tag[tag.rfind("}") + 1 :], _OTHER)
        return kind

    def on_text(data: str) -> None:
        text.append(data)

    def on_formula(data: str) -> None:
        nonlocal formula_len
        if formula_len < FORMULA_READ:
            formula.append(data)
            formula_len += len(data)

    def start(tag: str, attrs: dict[str, str]) -> None:
        nonlocal row_index, col_index, max_row, max_col, cells, far, row, col, cell_type, has_f, has_v
        nonlocal elements, formula_len, shared_si
        elements += 1
        if elements > allowance:
            raise too_many_elements("các trang tính")
        kind = kinds.get(tag)
        if kind is None:
            kind = kind_of(tag)
        if kind == _C:
            r = attrs.get("r")
            if r:
                row, col = _cell_ref(r)
            else:
                row, col = row_index, col_index
            col_index = col + 1
            cells += 1
            if row > max_row:
                max_row = row
            if col > max_col:
                max_col = col
            if far is None and (row >= MAX_ROWS or col >= MAX_COLS):
                far = (row, col)
            cell_type = attrs.get("t")
            has_f = has_v = False
            if text:
                text.clear()
            if formula:
                formula.clear()
        elif kind == _V:
            if has_f or cell_type == "e":  # only a formula's or error's value needs its text
                text.clear()
                raw.CharacterDataHandler = on_text
            else:
                has_v = True
        elif kind == _IS:
            has_v = True
        elif kind == _F:
            has_f = True
            formula_len = 0
            shared_si = attrs.get("si") if attrs.get("t") == "shared" else None
            raw.CharacterDataHandler = on_formula
        elif kind == _ROW:
            r = attrs.get("r")
            if r is not None:
                row_index = _row_number(r)
            if attrs.get("hidden") in ("1", "true") and len(hidden) < MAX_ROWS:
                hidden.add(row_index)
        elif kind == _MERGE and attrs.get("ref"):
            scan.merge(*_range(attrs["ref"]))

    def end(tag: str) -> None:
        nonlocal row_index, col_index, has_v
        kind = kinds.get(tag)
        if kind == _C:
            if has_f or cell_type == "e":
                ref = address(row, col)
                if has_f:
                    written = "".join(formula)
                    if shared_si is not None:
                        if written and len(shared) < MAX_NOTED:
                            shared[shared_si] = written[:FORMULA_READ]
                        written = written or shared.get(shared_si, "")
                    scan.note_formula(ref, has_v, written)
                if cell_type == "e":
                    scan.note_error(ref, "".join(text).strip()[:20])
                    text.clear()
        elif kind == _F:
            raw.CharacterDataHandler = None
        elif kind == _V and (has_f or cell_type == "e"):
            raw.CharacterDataHandler = None
            has_v = has_v or bool("".join(text).strip())
        elif kind == _ROW:
            row_index += 1
            col_index = 0

    parser = Expat()
    raw = parser.raw
    parser.run(zf, part, start, end)
    scan.cells, scan.max_row, scan.max_col = cells, max_row, max_col
    scan.elements = elements
    if far is not None:
        scan.far_cell = address(far[0], far[1])
    return scan


def _range(ref: str) -> tuple[tuple[int, int], tuple[int, int]]:
    try:
        first, _, last = ref.partition(":")
        a, b = parse_address(first), parse_address(last or first)
    except ValueError:
        raise FileProblem("E_FILE_CORRUPT", detail=f"vùng gộp ô sai '{ref[:20]}'") from None
    return (min(a[0], b[0]), min(a[1], b[1])), (max(a[0], b[0]), max(a[1], b[1]))
