"""ket-qua-YYYY.xlsx as a printable document: page setup, labels, dates, precision, page count."""

from __future__ import annotations

import datetime as dt
import shutil
import subprocess

import pytest
from conftest import SAMPLES
from helpers import soffice_convert
from openpyxl import load_workbook

from bgindex.core.consolidate import consolidate
from bgindex.outputs.result_book import result_workbook
from bgindex.reading import layout as L

# Before the page setup, the sample workbook printed on 70 pages (the indicator sheet on 6).
PAGES_BEFORE = 70


@pytest.fixture(scope="module")
def book(catalog, tmp_path_factory):
    path = tmp_path_factory.mktemp("book") / "ket-qua-2024.xlsx"
    path.write_bytes(result_workbook(consolidate(SAMPLES / "2024", 2024, catalog), catalog))
    return path


def _row_of(ws, code):
    return next(r for r in range(4, ws.max_row + 1) if ws.cell(r, 1).value == code)


def test_every_sheet_prints_as_a_document(book):
    wb = load_workbook(book)
    for ws in wb.worksheets:
        if ws.sheet_state == "hidden":
            continue
        assert ws.page_setup.orientation == "landscape", ws.title
        assert str(ws.page_setup.paperSize) == ws.PAPERSIZE_A4
        assert ws.sheet_properties.pageSetUpPr.fitToPage and ws.page_setup.fitToWidth == 1
        assert ws.print_title_rows.replace("$", "") == "3:3", ws.title
        assert "&P" in ws.oddFooter.center.text and "&N" in ws.oddFooter.center.text
        assert ws.auto_filter.ref and ws.auto_filter.ref.startswith("A3:"), ws.title


def test_people_read_vietnamese_labels_the_reader_keeps_its_codes(book):
    wb = load_workbook(book)
    ws = wb[L.RESULT_SHEET_INDICATORS]
    heads = [c.value for c in ws[3]]
    code_col = heads.index("Mã trạng thái") + 1
    assert ws.column_dimensions[ws.cell(3, code_col).column_letter].hidden
    shown = {
        str(c.value)
        for s in wb.worksheets
        if s.sheet_state != "hidden"
        for row in s.iter_rows(min_row=4)
        for c in row
        if not s.column_dimensions[c.column_letter].hidden
    }
    assert not shown & {"valid", "ok", "complete", "invalid", "partial", "missing"}
    status = wb[L.RESULT_SHEET_STATUS]
    assert status.cell(4, [c.value for c in status[3]].index("Tình trạng tệp") + 1).value == "hợp lệ"


def test_dates_are_dates_shown_day_first(book):
    wb = load_workbook(book)
    for name, head in ((L.RESULT_SHEET_FILES, "Ngày báo cáo"), (L.RESULT_SHEET_STATUS, "Ngày báo cáo")):
        ws = wb[name]
        cell = ws.cell(4, [c.value for c in ws[3]].index(head) + 1)
        assert isinstance(cell.value, dt.datetime | dt.date), name
        assert cell.number_format == "DD/MM/YYYY"


def test_indicator_22_shows_its_three_declared_decimals(book):
    ws = load_workbook(book)[L.RESULT_SHEET_INDICATORS]
    r = _row_of(ws, "22")
    assert ws.cell(r, 4).number_format == "#,##0.000"
    assert ws.cell(r, 5).number_format == "#,##0.000"
    assert ws.cell(r, 6).number_format == "#,##0.000"  # the change too: one series
    assert round(ws.cell(r, 4).value, 3) == 0.082


def test_wrapped_names_get_taller_rows(book):
    ws = load_workbook(book)[L.RESULT_SHEET_INDICATORS]
    long = max(range(4, ws.max_row + 1), key=lambda r: len(str(ws.cell(r, 2).value)))
    assert ws.row_dimensions[long].height and ws.row_dimensions[long].height >= 32


@pytest.mark.skipif(not shutil.which("pdfinfo"), reason="needs poppler-utils")
def test_libreoffice_prints_it_on_few_pages_in_vietnamese(book, tmp_path):
    (pdf,) = soffice_convert([book], tmp_path, "pdf")
    info = subprocess.run(["pdfinfo", str(pdf)], capture_output=True, text=True, check=True).stdout
    pages = int(next(line.split()[-1] for line in info.splitlines() if line.startswith("Pages:")))
    assert pages <= PAGES_BEFORE // 2, pages
    text = subprocess.run(["pdftotext", str(pdf), "-"], capture_output=True, text=True, check=True).stdout
    words = set(text.split())
    assert not words & {"valid", "complete", "ok", "incomplete"}
    assert "0,082" in text or "0.082" in text  # the separators follow the machine locale
    assert "0,0820" not in text and "0.0820" not in text
