"""Charts: every Vietnamese letter in the font, greyscale-safe styles, inline SVG in the HTML report."""

from __future__ import annotations

import datetime as dt
import re
import struct

import pytest
from conftest import SAMPLES
from helpers import chart_figures, missing_glyphs, vietnamese_letters

from bgindex.core.consolidate import consolidate
from bgindex.outputs.charts import catalogue
from bgindex.outputs.charts import draw as C


@pytest.fixture(scope="module")
def result(catalog):
    return consolidate(SAMPLES / "2024", 2024, catalog, report_date=dt.date(2025, 3, 5))


@pytest.fixture(scope="module")
def svgs(result):
    return catalogue.render_charts(result, "svg")


def test_vietnamese_letters_are_the_134_with_diacritics():
    letters = vietnamese_letters()
    assert len(letters) == len(set(letters)) == 134
    assert {"ă", "Ặ", "đ", "Đ", "ữ", "Ỹ", "ơ", "Ư"} <= set(letters)
    assert not any(c.isascii() for c in letters)


def test_chart_font_has_every_vietnamese_letter():
    family, path = C.chart_font()
    assert family in C.FONT_PREFERENCE
    assert missing_glyphs(path, "".join(vietnamese_letters()) + "0123456789,.%/()—−") == []


def test_every_preferred_font_that_is_installed_has_every_letter():
    from matplotlib import font_manager

    checked = 0
    for family in C.FONT_PREFERENCE:
        try:
            path = font_manager.findfont(
                font_manager.FontProperties(family=family), fallback_to_default=False
            )
        except ValueError:
            continue
        checked += 1
        assert missing_glyphs(path, "".join(vietnamese_letters())) == [], family
    assert checked >= 1  # DejaVu Serif ships with matplotlib


def test_series_differ_in_grey_level_and_hatch():
    def grey(colour: str) -> float:
        r, g, b = (int(colour[i : i + 2], 16) for i in (1, 3, 5))
        return 0.299 * r + 0.587 * g + 0.114 * b

    (old_face, old_hatch), (new_face, new_hatch) = C.SERIES_STYLE
    assert abs(grey(old_face) - grey(new_face)) > 80 and old_hatch != new_hatch
    styles = set(C.STATUS_STYLE)
    assert len(styles) == len(C.STATUS_STYLE)


def test_charts_of_a_consolidation(result, svgs):
    # No official criterion groups in the profile: the overview is charted by unit, under no label of ours.
    overviews = [c for k, c in svgs.items() if k.startswith("overview_")]
    districts = [i.code for i in result.indicators if i.has_districts]
    assert list(svgs) == [f"overview_{n}" for n in range(1, len(overviews) + 1)] + [
        f"district_{c}" for c in districts
    ] + ["status"]
    assert [c.number for c in svgs.values()] == list(range(1, len(svgs) + 1))
    assert sorted(row[0] for c in overviews for row in c.rows) == sorted(i.code for i in result.indicators)
    for c in overviews:
        units = list(dict.fromkeys(row[2] for row in c.rows))
        assert c.title.startswith(f"Các chỉ số có đơn vị tính {', '.join(units)}:") and len(units) <= 3
    first = svgs["overview_1"]
    assert first.columns == ["Mã", "Tên chỉ số", "Đơn vị tính", "Năm 2023", "Năm 2024"]
    assert [row[0] for row in first.rows] == [i.code for i in result.indicators if i.unit == "%"]
    assert first.rows[0][2] == "%" and first.rows[0][4] == "45,37"
    d = svgs["district_01"]
    assert d.columns == ["Địa phương", "Năm 2023 (%)", "Năm 2024 (%)"]
    assert len(d.rows) == 10 and ["UBND huyện Lạng Giang", "—", "KPS"] in d.rows
    status = svgs["status"]
    assert status.rows[0] == ["Đúng hạn", "18", "90"] and status.rows[1][:2] == ["Muộn", "2"]
    assert status.caption.startswith(f"Biểu đồ {len(svgs)}. Tình hình gửi báo cáo năm 2024")


def test_a_group_never_mixes_units_on_one_axis(result):
    chart = ("21", "22", "25")
    items = [(C.Bar(i.code, i.previous, i.value, name=i.name), i.unit) for i in result.indicators]
    items = [(bar, unit) for bar, unit in items if bar.label in chart]
    units = [u for _, u in items]
    assert len(set(units)) == 3 and list(C.by_unit(items)) == units
    with C.style():
        fig = C.group_figure(items, ("Năm 2023", "Năm 2024"))
    scale_titles = [
        t.get_text().replace("/\n", "/")
        for t in fig.texts
        if t.get_rotation() == 90 and t.get_fontsize() == C.FONT_SIZE
    ]  # long units wrap
    assert scale_titles == units  # one panel, with its own scale titled by its unit, per unit
    texts = " ".join(t.get_text().replace("\n", " ") for t in fig.texts)
    assert "Mã chỉ số" not in texts  # one indicator per panel: its short name under it, not "code"
    assert "Sản lượng điện sản xuất từ năng lượng tái tạo" in texts


def test_svg_is_inline_ready_self_contained_and_deterministic(result, svgs):
    ids: list[str] = []
    for chart in svgs.values():
        svg = chart.data
        assert isinstance(svg, str) and svg.startswith("<svg ") and svg.rstrip().endswith("</svg>")
        assert "<?xml" not in svg and "<!DOCTYPE" not in svg and "<metadata" not in svg
        assert "<text" not in svg  # text drawn as paths: no font needed to view it
        assert "<image" not in svg and "<script" not in svg
        assert not re.search(r'(?:href|src)="(?!#)', svg)  # only references inside the SVG
        assert 'width="100%"' in svg and "viewBox=" in svg
        assert f"<title>{chart.title}</title>" in svg
        ids += re.findall(r' id="([^"]+)"', svg)
        for ref in re.findall(r'(?:href="#|url\(#)([^")]+)', svg):
            assert f' id="{ref}"' in svg
    assert len(ids) == len(set(ids))  # many SVGs in one page: no id clashes
    assert "<pattern" in svgs["overview_1"].data  # hatching of the previous year's bars
    counts = catalogue.status_counts(result)
    again = C.render(lambda: C.status_figure(counts), "svg", "status", svgs["status"].title)
    assert again == svgs["status"].data


def test_png_for_word_is_print_resolution(result):
    counts = catalogue.status_counts(result)
    png = C.render(lambda: C.status_figure(counts), "png", "status", "x")
    assert png[:8] == b"\x89PNG\r\n\x1a\n"
    width, _ = struct.unpack(">II", png[16:24])
    assert width == round(C.WIDTH_IN * C.PNG_DPI)


def test_html_report_has_png_charts_with_alt_text_and_nothing_external(result, catalog, tmp_path, svgs):
    from bgindex.outputs.result_set import write_outputs

    write_outputs(result, catalog, tmp_path, ("html",))
    html = (tmp_path / "bao-cao-2024.html").read_text(encoding="utf-8")
    # PNG in data URIs, not inline SVG: Word and LibreOffice's HTML import drop inline SVG
    assert "<svg" not in html
    imgs = re.findall(r'<img src="data:image/png;base64,[A-Za-z0-9+/=]+" alt="([^"]+)"', html)
    assert len(imgs) == html.count("<img") == len(svgs)
    assert all(alt.strip() for alt in imgs)
    for bad in ('src="http', "<link", "<script", "<iframe", "@import"):
        assert bad not in html
    for chart in svgs.values():
        assert chart.caption in html
    # each group chart is followed by its table, with units in the header or in a column
    first = html.index(svgs["overview_1"].caption)
    assert html.index("<th", first) < html.index(svgs["overview_2"].caption)
    assert "Đơn vị tính</th>" in html[first : html.index(svgs["overview_2"].caption)]
    ids = re.findall(r' id="([^"]+)"', html)
    assert len(ids) == len(set(ids))
    # print: rows do not split, tables keep inside the margins, signature before the annex
    assert "page-break-inside: avoid" in html and "table-layout: fixed" in html
    assert "@page { size: A4" in html
    assert html.index("Nơi nhận:") < html.index("PHỤ LỤC")


def _overlaps(fig) -> list[tuple[str, str]]:
    """Pairs of texts whose rendered boxes intersect, and texts crossed by a reference line."""
    renderer = fig.canvas.get_renderer()
    texts = [(t.get_text(), t.get_window_extent(renderer)) for t in fig.texts if t.get_text().strip()]
    bad = []
    for n, (a, box_a) in enumerate(texts):
        for b, box_b in texts[n + 1 :]:
            if box_a.overlaps(box_b):
                bad.append((a, b))
    for line in [*fig.lines, *fig.artists]:
        if line.get_gid() == "reference":
            box = line.get_window_extent(renderer)
            bad += [(a, "reference line") for a, box_a in texts if box_a.overlaps(box)]
    return bad


def test_no_chart_has_overlapping_labels(result, catalog, monkeypatch):
    from bgindex.core.diff import diff

    figs = chart_figures(monkeypatch, lambda: catalogue.render_charts(result, "png"))
    compared = diff([SAMPLES / "2023", SAMPLES / "2024"], catalog, report_date=dt.date(2025, 3, 5))
    diff_figs = chart_figures(monkeypatch, lambda: catalogue.render_diff_charts(compared, catalog, "png"))
    assert len(figs) > 10 and diff_figs
    bad = {
        f"{kind}:{k}": _overlaps(f)
        for kind, d in (("report", figs), ("diff", diff_figs))
        for k, f in d.items()
    }
    bad = {k: v for k, v in bad.items() if v}
    assert not bad, "\n".join(f"{k}: {v}" for k, v in bad.items())
