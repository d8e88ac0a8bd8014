"""Our workbooks in the real program: LibreOffice opens and re-saves them, and they read the same."""

from __future__ import annotations

import pytest
from helpers import fill_workbook, soffice_convert

from bgindex.core.validate import validate_file
from bgindex.outputs.agency_template import make_templates


def _keys(report):
    return sorted((i.code, i.sheet, i.cell) for i in report.issues)


@pytest.fixture(scope="module")
def resaved(tmp_path_factory, catalog):
    """All 20 templates (empty) plus three filled ones, re-saved as .xlsx by LibreOffice."""
    src = tmp_path_factory.mktemp("src")
    files = make_templates(catalog, 2024, src).files
    filled_dir = tmp_path_factory.mktemp("filled")
    filled = [
        fill_workbook(p, catalog)
        for p in make_templates(catalog, 2024, filled_dir, ["CTK", "LUCNAM", "SNNPTNT"]).files
    ]
    out = tmp_path_factory.mktemp("lo")
    converted = soffice_convert(files, out / "empty", "xlsx")
    converted_filled = soffice_convert(filled, out / "filled", "xlsx")
    return list(zip(files + filled, converted + converted_filled, strict=True))


def test_libreoffice_resaves_every_template_and_it_validates_the_same(resaved, catalog):
    assert len(resaved) == 23
    for original, again in resaved:
        a, b = validate_file(original, catalog, 2024), validate_file(again, catalog, 2024)
        assert b.status != "unreadable", b.issues
        assert _keys(a) == _keys(b), original.name


def test_filled_files_keep_their_values_through_libreoffice(resaved, catalog):
    for original, again in resaved[-3:]:
        a, b = validate_file(original, catalog, 2024), validate_file(again, catalog, 2024)
        assert a.status == b.status == "valid"
        assert {k: (v.value, v.previous) for k, v in a.report.values.items()} == {
            k: (v.value, v.previous) for k, v in b.report.values.items()
        }
        assert a.report.info.report_date == b.report.info.report_date
        assert len(a.report.documents) == len(b.report.documents)


def _pictures(odt) -> list[str]:
    import zipfile

    with zipfile.ZipFile(odt) as z:
        return [n for n in z.namelist() if n.startswith("Pictures/") and not n.endswith("/")]


def test_html_reports_keep_every_chart_as_an_image_in_libreoffice(catalog, tmp_path):
    """Opened as Word or LibreOffice open HTML (the StarWriter filter), each chart is a picture."""
    import datetime as dt

    from conftest import SAMPLES

    from bgindex.core.consolidate import consolidate
    from bgindex.core.diff import diff
    from bgindex.outputs import diff_views
    from bgindex.outputs.charts import render_charts, render_diff_charts
    from bgindex.outputs.result_set import write_outputs

    result = consolidate(SAMPLES / "2024", 2024, catalog, report_date=dt.date(2025, 3, 5))
    report = write_outputs(result, catalog, tmp_path / "report", ("html",))[0]
    compared = diff([SAMPLES / "2023", SAMPLES / "2024"], catalog, report_date=dt.date(2025, 3, 5))
    diff_html = tmp_path / "so-sanh.html"
    diff_html.write_text(diff_views.render_html(compared, catalog), encoding="utf-8")
    odt_report, odt_diff = soffice_convert([report, diff_html], tmp_path / "odt", "odt", "HTML (StarWriter)")
    assert len(_pictures(odt_report)) == len(render_charts(result, "png")) > 10
    assert len(_pictures(odt_diff)) == len(render_diff_charts(compared, catalog, "png")) > 0
