"""Old and other formats: .xls and .ods copies made by LibreOffice validate exactly like the .xlsx."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import filled, soffice_convert

from bgindex.core.validate import validate_file

SAMPLES_2024 = Path(__file__).resolve().parents[1] / "data" / "samples" / "2024"


@pytest.fixture(scope="module")
def originals(tmp_path_factory, catalog) -> list[Path]:
    """The shipped 2024 samples (every agency), or freshly filled workbooks if they are absent."""
    files = sorted(SAMPLES_2024.glob("bgindex-2024-*.xlsx"))
    if len(files) == len(catalog.reporting_agencies(2024)):
        return files
    folder = tmp_path_factory.mktemp("filled")
    return [filled(folder, catalog, a.code) for a in catalog.reporting_agencies(2024)]


@pytest.fixture(scope="module")
def copies(originals, tmp_path_factory) -> dict[str, list[Path]]:
    """One LibreOffice call per format (start-up dominates)."""
    out = tmp_path_factory.mktemp("lo")
    return {fmt: soffice_convert(originals, out / fmt, fmt) for fmt in ("xls", "ods")}


def _issues(report) -> list[tuple[str, str | None, str | None]]:
    return sorted((i.code, i.sheet, i.cell) for i in report.issues)


def _content(report) -> dict:
    r = report.report
    return {
        "agency": (r.agency, r.year),
        "values": {k: (v.value, v.previous, v.cell, v.previous_cell, v.note) for k, v in r.values.items()},
        "indicators": {
            k: (v.self_value, v.self_previous, v.cause, v.measures, v.value_cell, v.cause_cell)
            for k, v in r.indicators.items()
        },
        "info": r.info.model_dump(),
        "documents": [d.model_dump() for d in r.documents],
    }


@pytest.mark.parametrize("fmt", ["xls", "ods"])
def test_copies_validate_exactly_like_the_xlsx(originals, copies, catalog, fmt):
    assert len(copies[fmt]) == len(originals) >= 20
    for original, copy in zip(originals, copies[fmt], strict=True):
        a, b = validate_file(original, catalog, 2024), validate_file(copy, catalog, 2024)
        assert b.format == fmt
        assert (b.status, _issues(b)) == (a.status, _issues(a)), copy.name
        assert _content(b) == _content(a), copy.name
