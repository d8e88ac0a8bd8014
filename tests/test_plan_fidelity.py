"""Fidelity to the provincial plan: every change owes a cause unless the profile says otherwise (and
then the documents say so), indicator 16's rural population derived, 22's unit, no invented groups,
retired indicator 10's name."""

from __future__ import annotations

import tomllib
from importlib import resources

import pytest
from conftest import SAMPLES
from helpers import copy_samples, docx_text, edited_2024
from openpyxl import load_workbook

from bgindex.catalog import CatalogError, parse_catalog
from bgindex.catalog.model import Catalog
from bgindex.core.change import change, figure_owes, owes_explanation, same_figure
from bgindex.core.consolidate import consolidate
from bgindex.core.diff import diff
from bgindex.core.validate import validate
from bgindex.outputs import diff_views
from bgindex.outputs.agency_template import make_templates
from bgindex.outputs.report_docx import render_diff_docx, render_docx
from bgindex.outputs.report_html import render_html, render_markdown
from bgindex.outputs.result_set import write_outputs
from bgindex.reading import layout as L

# The sentence of model.results.threshold_note, in part: what every document must carry.
WAIVED = "chỉ được đề nghị giải trình khi kết quả thay đổi trên 5 % so với năm trước"
NOT_THE_PLAN = "không phải quy định của Kế hoạch"
OLD_GROUPS = (
    "Xử lý nước thải",
    "Nước sạch",
    "Chất thải",
    "Giao thông",
    "Năng lượng và quan trắc",
    "Nguồn lực",
)


def with_threshold(catalog: Catalog, threshold: float) -> Catalog:
    return catalog.model_copy(
        update={"profile": catalog.profile.model_copy(update={"change_threshold": threshold})}
    )


def cause_missing(folder, catalog: Catalog, agency: str) -> list[str | None]:
    report = next(f for f in validate([folder], catalog, 2024).files if f.agency == agency)
    return [i.indicator for i in report.issues if i.code == "W_CAUSE_MISSING"]


# ---- 1. every change owes a cause by default -------------------------------------------------------
def test_by_default_any_change_owes_a_cause_and_the_same_figure_none(catalog):
    assert catalog.profile.change_threshold == 0
    assert all(catalog.threshold(i) == 0 for i in catalog.indicators)
    assert figure_owes(1000.0, 1001.0, 0)  # 0,1 %
    assert figure_owes(0.0, 0.5, 0)  # from zero
    assert not figure_owes(1000.0, 1000.0, 0)
    assert not figure_owes(0.3, 0.1 + 0.2, 0)  # float noise is no change
    assert change(0.3, 0.1 + 0.2) == (0.0, 0.0) and same_figure(92.5, 92.4999999)
    assert not owes_explanation(0.1, 1.0, 5.0) and owes_explanation(5.1, 1.0, 5.0)


def test_validation_asks_a_cause_for_a_tenth_of_a_percent(tmp_path, catalog):
    """STC reports both inputs of indicator 24; its self-results and cause are cleared, so its own
    figures alone decide whether a cause is owed."""
    folder = copy_samples(tmp_path)
    path = folder / "bgindex-2024-STC.xlsx"

    def figures(rows: dict[str, tuple[object, object]]) -> None:
        wb = load_workbook(path)
        for row in wb[L.SHEET_DATA].iter_rows(min_row=5):
            if row[0].value in rows:
                row[3].value, row[4].value = rows[row[0].value]
            if row[0].value == "CS24":
                row[5].value = None
        wb.save(path)

    # last year 0,3; this year 0.1 + 0.2 as a float (0.30000000000000004): the same figure
    figures(
        {"CS24": (None, None), "c24_chi_su_nghiep_mt": (0.3, 0.1 + 0.2), "c24_tong_chi": (1000.0, 1000.0)}
    )
    assert cause_missing(folder, catalog, "STC") == []
    figures({"c24_tong_chi": (1000.0, 1001.0)})  # 0,1 %
    assert cause_missing(folder, catalog, "STC") == ["24"]
    assert cause_missing(folder, with_threshold(catalog, 5.0), "STC") == []  # waived by the profile


def test_diff_owes_a_small_unexplained_change(tmp_path, catalog):
    folder, _ = edited_2024(tmp_path, "SNV", {"CS25": (5, None), "c25_can_bo_mt": (4, lambda v: v + 1)})
    new = consolidate(folder, 2024, catalog)
    d25 = new.indicator("25")
    assert d25.change_pct is not None and 0 < abs(d25.change_pct) < 5
    old = write_outputs(consolidate(SAMPLES / "2023", 2023, catalog), catalog, tmp_path / "kq", ("xlsx",))[0]
    owed = [(o.agency, o.indicator) for o in diff([old, folder], catalog).owed]
    assert ("SNV", "25") in owed
    waived = [(o.agency, o.indicator) for o in diff([old, folder], with_threshold(catalog, 5.0)).owed]
    assert ("SNV", "25") not in waived


# ---- 1. a profile's threshold is stated in every document -----------------------------------------
@pytest.fixture(scope="module")
def waived(catalog, tmp_path_factory):
    """The 2023 and 2024 samples under a profile that waives changes up to 5 %."""
    five = with_threshold(catalog, 5.0)
    out = tmp_path_factory.mktemp("kq")
    old = write_outputs(consolidate(SAMPLES / "2023", 2023, five), five, out, ("xlsx",))[0]
    return (
        five,
        consolidate(SAMPLES / "2024", 2024, five),
        diff([old, SAMPLES / "2024"], five, agency="HIEPHOA"),
    )


def _book_text(path) -> str:
    """Every non-empty cell of a workbook, one a line."""
    book = load_workbook(path)
    return "\n".join(
        str(c) for ws in book.worksheets for row in ws.iter_rows(values_only=True) for c in row if c
    )


def test_a_profile_threshold_is_stated_in_every_document(waived, tmp_path):
    five, result, compared = waived
    assert WAIVED in result.threshold_note and NOT_THE_PLAN in result.threshold_note
    assert result.threshold_note == compared.threshold_note
    documents = {
        "md": render_markdown(result),
        "html": render_html(result, charts={}),
        "docx": docx_text(render_docx(result, charts={})),
        "diff md": diff_views.render_markdown(compared, five),
        "diff html": diff_views.render_html(compared, five),
        "diff docx": docx_text(render_diff_docx(compared, five)),
        # the explanation letter states it in its opening (outputs/letters.py); here Hiệp Hòa owes
        # nothing, so no letter is written (the samples explain every change)
        "diff xlsx": _book_text(diff_views.write_xlsx(compared, tmp_path / "so-sanh.xlsx")),
    }
    for name, text in documents.items():
        assert text.count(WAIVED) == 1 and NOT_THE_PLAN in text, name


def test_a_profile_threshold_is_stated_in_the_agency_template(tmp_path, catalog):
    def guide(cat: Catalog) -> str:
        folder = tmp_path / str(cat.profile.change_threshold)
        book = load_workbook(make_templates(cat, 2024, folder, ["HIEPHOA"]).files[0])
        return "\n".join(str(r[0]) for r in book[L.SHEET_GUIDE].iter_rows(values_only=True) if r[0])

    assert WAIVED in guide(with_threshold(catalog, 5.0)) and NOT_THE_PLAN not in guide(catalog)


def test_without_a_threshold_no_document_mentions_one(catalog):
    result = consolidate(SAMPLES / "2024", 2024, catalog)
    assert result.threshold_note == ""
    assert NOT_THE_PLAN not in render_markdown(result) and NOT_THE_PLAN not in render_html(result, charts={})


# ---- 2. indicator 16: rural population derived ------------------------------------------------------
def test_rural_population_is_derived_and_asked_of_no_one(tmp_path, catalog):
    var = catalog.variable_by_code["ds_nong_thon"]
    assert var.terms == ((1, "ds_toan_tinh"), (-1, "ds_do_thi")) and not var.reported_by
    assert all("ds_nong_thon" not in catalog.variables_for(a.code, 2024) for a in catalog.agencies)
    books = make_templates(catalog, 2024, tmp_path, ["CTK", "SNNPTNT"]).files
    for path in books:
        codes = [r[0].value for r in load_workbook(path)[L.SHEET_DATA].iter_rows()]
        assert "ds_nong_thon" not in codes


def test_rural_population_is_shown_as_derived_with_its_source_cells(tmp_path, catalog):
    result = consolidate(SAMPLES / "2024", 2024, catalog)
    i16 = result.indicator("16")
    rural = next(f for f in i16.figures if f.variable == "ds_nong_thon")
    by = {s.variable: s for s in rural.sources}
    assert set(by) == {"ds_toan_tinh", "ds_do_thi"} and {s.agency for s in rural.sources} == {"CTK"}
    assert rural.value == by["ds_toan_tinh"].value - by["ds_do_thi"].value  # type: ignore[operator]
    assert rural.derived == "Tổng dân số toàn tỉnh − Dân số khu vực đô thị"
    assert i16.value == pytest.approx(100 * i16.numerator / rural.value)  # type: ignore[operator]
    assert "(= Tổng dân số toàn tỉnh − Dân số khu vực đô thị)" in i16.formula
    assert "(tính ra: Tổng dân số toàn tỉnh − Dân số khu vực đô thị)" in render_markdown(result)
    book = write_outputs(result, catalog, tmp_path, ("xlsx",))[0]
    rows = list(load_workbook(book)[L.RESULT_SHEET_DERIVED].iter_rows(min_row=4, values_only=True))
    assert [(r[0], r[1], r[4]) for r in rows] == [("16", "ds_nong_thon", rural.value)]
    assert f"ô {by['ds_toan_tinh'].cell}" in rows[0][6] and f"ô {by['ds_do_thi'].cell}" in rows[0][6]


def _raw() -> dict:
    text = resources.files("bgindex.catalog").joinpath("profiles/bac-giang.toml").read_text(encoding="utf-8")
    return tomllib.loads(text)


@pytest.mark.parametrize(
    ("derived", "said"),
    [
        ("ds_toan_tinh * ds_do_thi", "dấu + hoặc -"),
        ("__import__('os')", "dấu + hoặc -"),
        ("ds_toan_tinh - khong_co", "khong_co"),
        ("ds_toan_tinh - ds_nong_thon", "không phải biến tính ra"),
    ],
)
def test_a_derivation_is_parsed_never_evaluated(derived, said):
    raw = _raw()
    rural = next(v for v in raw["variables"] if v["code"] == "ds_nong_thon")
    rural["derived"] = derived
    with pytest.raises(CatalogError) as err:
        parse_catalog(raw, "custom.toml")
    where = f"{err.value.key} {err.value.message}"  # the key path: in the key, or in the message
    assert "variables" in where and "ds_nong_thon" in where and said in err.value.message


# ---- 3. indicator 22: unit and denominator agree ------------------------------------------------------
def test_indicator_22_unit_names_its_denominator(catalog):
    i22 = catalog.indicator_by_code["22"]
    assert i22.denominator == ("ds_do_thi_loai4",)
    assert i22.unit == "trạm/10.000 dân đô thị loại IV trở lên"
    assert catalog.variable_by_code["ds_do_thi_loai4"].label.endswith("đô thị loại IV trở lên")


# ---- 4. no group label of ours -----------------------------------------------------------------------
def test_no_invented_group_label_anywhere(catalog, tmp_path):
    assert all(i.group == "" for i in catalog.indicators)
    result = consolidate(SAMPLES / "2024", 2024, catalog)
    from bgindex.outputs.charts import render_charts

    charts = render_charts(result, "svg")
    texts = [render_markdown(result), render_html(result, charts=charts)]
    texts += [c.title for c in charts.values()]
    texts += _book_text(write_outputs(result, catalog, tmp_path, ("xlsx",))[0]).splitlines()
    for text in texts:
        assert "Nhóm chỉ số" not in text and "Khác" not in text
        assert not any(f"“{g}”" in text or f'"{g}"' in text for g in OLD_GROUPS)


def test_a_profile_group_is_shown_and_an_empty_one_is_not(catalog):
    from bgindex.outputs.charts.catalogue import _chart_sets
    from bgindex.outputs.charts.draw import Bar

    entries = {
        "Nhóm I": [(Bar("01", 1.0, 2.0), "%", "a")],
        "": [(Bar("02", 1.0, 2.0), "%", "b"), (Bar("07", 1.0, 2.0), "xe", "c")],
    }
    assert [h for h, _ in _chart_sets(entries)] == ["Nhóm chỉ số “Nhóm I”", "Các chỉ số có đơn vị tính %, xe"]


# ---- 5. retired indicator 10 -------------------------------------------------------------------------
def test_indicator_10_full_name_marked_as_our_wording(catalog):
    i10 = catalog.indicator_by_code["10"]
    assert i10.name == "Tỷ lệ cơ quan, đơn vị, siêu thị, khu du lịch có cam kết, kế hoạch chống rác thải nhựa"
    assert "chưa phải tên chính thức" in i10.note and not i10.active(2024) and i10.active(2020)
