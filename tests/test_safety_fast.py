"""The pre-scan's fast path gives exactly what the full expat scan gives, wherever it applies."""

from __future__ import annotations

import zipfile
from pathlib import Path

import pytest
from conftest import SAMPLES
from corpus import build_corpus

from bgindex.intake import inspect as safety


def _both(path: Path) -> list[tuple[str, object, object]]:
    """(sheet part, fast scan or None, full scan) for every worksheet of an xlsx."""
    out = []
    with zipfile.ZipFile(path) as zf:
        infos = zf.infolist()
        safety._INFLATED[zf] = safety._check_sizes(path, infos)
        for info in infos:
            name = info.filename
            if name.startswith("xl/worksheets/") and name.endswith(".xml"):
                try:
                    fast = safety._scan_sheet_fast(zf, name, name, safety.MAX_XML_ELEMENTS)
                except safety.Refused as exc:
                    fast = ("refused", exc.code)
                try:
                    full = safety._scan_sheet_full(zf, name, name, safety.MAX_XML_ELEMENTS)
                except safety.Refused as exc:
                    full = ("refused", exc.code)
                out.append((name, fast, full))
    return out


def _same(fast, full) -> bool:
    if isinstance(fast, tuple) or isinstance(full, tuple):
        return fast == full
    keep = (
        "max_row",
        "max_col",
        "cells",
        "formulas",
        "formula_no_value",
        "errors",
        "hidden_rows",
        "merged",
        "far_cell",
    )
    return all(getattr(fast, k) == getattr(full, k) for k in keep)


@pytest.fixture(scope="module")
def xlsx_files(tmp_path_factory) -> list[Path]:
    corpus = build_corpus(tmp_path_factory.mktemp("corpus"))
    files = [p for p in corpus.values() if p.read_bytes()[:4] == b"PK\x03\x04"]
    files += sorted((SAMPLES / "2024").glob("*.xlsx")) + sorted((SAMPLES / "invalid").glob("*.xlsx"))
    return files


def test_fast_scan_matches_the_full_scan(xlsx_files):
    applied = 0
    for path in xlsx_files:
        try:
            pairs = _both(path)
        except (safety.Refused, zipfile.BadZipFile):
            continue  # refused before any sheet scan (sizes, encryption, a broken zip, ...)
        for part, fast, full in pairs:
            if fast is None:
                continue
            applied += 1
            assert _same(fast, full), (path.name, part, fast, full)
    assert applied > 50  # the samples and most of the corpus take the fast path


def test_fast_path_declines_what_it_cannot_prove(tmp_path):
    plain = (
        b'<?xml version="1.0" encoding="UTF-8"?><worksheet><sheetData>'
        b'<row r="1"><c r="A1" t="n"><v>1</v></c></row></sheetData></worksheet>'
    )
    variants = {
        "comment": plain.replace(b"<sheetData>", b"<!-- x --><sheetData>"),
        "no address": plain.replace(b' r="A1"', b""),
        "single quotes": plain.replace(b'r="A1"', b"r='A1'"),
        "formula": plain.replace(b"<v>1</v>", b"<f>1+1</f><v>2</v>"),
        "prefixed": plain.replace(b"<c ", b"<x:c ").replace(b"</c>", b"</x:c>"),
        "utf-16": plain.decode().replace("UTF-8", "UTF-16").encode("utf-16"),
        "merge": plain.replace(
            b"</sheetData>", b'</sheetData><mergeCells><mergeCell ref="A1:B2"/></mergeCells>'
        ),
        "hidden row": plain.replace(b'<row r="1"', b'<row r="1" hidden="1"'),
    }
    for label, data in {"plain": plain, **variants}.items():
        path = tmp_path / f"{label}.zip"
        with zipfile.ZipFile(path, "w", zipfile.ZIP_DEFLATED) as zf:
            zf.writestr("xl/worksheets/sheet1.xml", data)
        ((_, fast, full),) = _both(path)
        if label == "plain":
            assert fast is not None and _same(fast, full)
        else:
            assert fast is None, label
