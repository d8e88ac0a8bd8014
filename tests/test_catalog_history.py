"""Bắc Giang's history in the profile: who reports a year, names by date, the report's header by date."""

from __future__ import annotations

import copy
import json
import tomllib
from datetime import date
from importlib import resources
from pathlib import Path

import pytest
from helpers import filled

import bgindex
from bgindex.catalog import CatalogError, load_catalog, parse_catalog
from bgindex.catalog.validity import validity_warnings
from bgindex.core.consolidate import status
from bgindex.model.results import ReportMeta


def _raw() -> dict:
    text = resources.files("bgindex.catalog.profiles").joinpath("bac-giang.toml").read_text("utf-8")
    return tomllib.loads(text)


def _codes(agencies) -> list[str]:
    return [a.code for a in agencies]


# ---- who reports a year ---------------------------------------------------------------------
def test_2024_is_reported_by_the_units_of_february_2025(catalog):
    codes = _codes(catalog.reporting_agencies(2024))
    assert "YENDUNG" not in codes and "TXCHU" in codes and "TPBACGIANG" in codes
    assert [i.code for i in catalog.indicators_for("TXCHU", 2024)] == [
        i.code for i in catalog.indicators_for("LUCNGAN", 2024)
    ]
    assert "YENDUNG" not in catalog.reporters("c12_ctr_xu_ly", 2024)
    assert "TXCHU" in catalog.indicator_agencies(catalog.indicator_by_code["26"], 2024)


def test_2023_still_has_yen_dung_and_no_chu(catalog):
    codes = _codes(catalog.reporting_agencies(2023))
    assert "YENDUNG" in codes and "TXCHU" not in codes
    assert catalog.indicators_for("TXCHU", 2023) == []


def test_the_reading_of_the_2024_territories_is_marked_as_ours(catalog):
    for code in ("TPBACGIANG", "TXCHU", "LUCNGAN"):
        (note,) = catalog.agency_notes(code, 2024)
        assert "cách hiểu tạm thời của cơ quan tổng hợp" in note
        assert catalog.agency_notes(code, 2023) == []


def test_last_years_figures_follow_the_territory(catalog):
    assert catalog.previous_units("TPBACGIANG", 2024) == ["TPBACGIANG", "YENDUNG"]
    assert catalog.previous_units("TPBACGIANG", 2023) == ["TPBACGIANG"]
    assert catalog.previous_units("TXCHU", 2024) is None  # the part's 2023 figures are not known
    assert catalog.previous_units("LUCNGAN", 2024) is None
    assert catalog.previous_units("LUCNGAN", 2025) == ["LUCNGAN"]


def test_catalog_command_for_2024_shows_chu_and_not_yen_dung(cli):
    table = cli(["catalog", "--year", "2024"])
    assert table.code == 0
    reporting = table.stdout.split("Cơ quan báo cáo năm 2024")[1].split("Không báo cáo năm 2024")[0]
    assert "UBND thị xã Chũ" in reporting and "Yên Dũng cũ" in reporting
    assert "UBND huyện Yên Dũng" not in reporting
    as_json = json.loads(cli(["catalog", "--year", "2024", "--format", "json"]).stdout)
    notes = {a["code"]: " ".join(a["notes"]) for a in as_json["agencies"]}
    assert "cách hiểu tạm thời của cơ quan tổng hợp" in notes["TXCHU"]  # our reading, said so
    assert "Không báo cáo năm 2024: YENDUNG" in table.stdout
    old = cli(["catalog", "--year", "2023"])
    assert "UBND huyện Yên Dũng" in old.stdout and "thị xã Chũ" not in old.stdout
    assert "UBND huyện Việt Yên" in old.stdout and "thị xã Việt Yên" not in old.stdout


# ---- names by date --------------------------------------------------------------------------
def test_viet_yen_is_a_huyen_until_february_2024(catalog):
    assert catalog.agency_name("TXVIETYEN", date(2024, 1, 31)) == "UBND huyện Việt Yên"
    assert catalog.agency_name("TXVIETYEN", date(2024, 2, 1)) == "UBND thị xã Việt Yên"
    assert catalog.agency_kind("TXVIETYEN", date(2023, 5, 1)) == "district"
    for year, word in ((2022, "huyện"), (2023, "huyện"), (2024, "thị xã")):
        assert catalog.agency_name_for_year("TXVIETYEN", year) == f"UBND {word} Việt Yên"
    assert catalog.agency_name("HIEPHOA", date(2010, 1, 1)) == "UBND huyện Hiệp Hòa"  # undated name


def test_templates_carry_the_name_of_their_year(catalog, tmp_path):
    from openpyxl import load_workbook

    from bgindex.reading import layout as L

    for year, word in ((2023, "huyện"), (2024, "thị xã")):
        path = bgindex.make_templates(catalog, year, tmp_path / str(year), ["TXVIETYEN"]).files[0]
        info = load_workbook(path)[L.SHEET_INFO]
        names = [r[1].value for r in info.iter_rows() if r[0].value == L.INFO_LABELS["agency_name"]]
        assert names == [f"UBND {word} Việt Yên"]


def test_status_names_and_reports_by_year(catalog, tmp_path):
    for year in (2023, 2024):
        filled(tmp_path / str(year), catalog, "TXVIETYEN", year)
    old, *_ = status(tmp_path / "2023", 2023, catalog)
    new, *_ = status(tmp_path / "2024", 2024, catalog)
    assert next(s.name for s in old if s.agency == "TXVIETYEN") == "UBND huyện Việt Yên"
    assert next(s.name for s in new if s.agency == "TXVIETYEN") == "UBND thị xã Việt Yên"
    assert "YENDUNG" in {s.agency for s in old} and "TXCHU" not in {s.agency for s in old}
    # 2024 does not chase Yên Dũng, which no longer exists when the reports are due; it chases Chũ.
    assert "YENDUNG" not in {s.agency for s in new}
    assert next(s for s in new if s.agency == "TXCHU").status == "missing"


def test_overlapping_names_are_refused_with_the_key_path():
    raw = _raw()
    viet_yen = next(a for a in raw["agencies"] if a["code"] == "TXVIETYEN")
    viet_yen["names"][1]["valid_from"] = date(2024, 1, 15)
    with pytest.raises(CatalogError) as err:
        parse_catalog(raw, "bg.toml")
    assert "(code=TXVIETYEN)" in err.value.key
    assert "chồng nhau" in err.value.message


def test_dated_assignment_gives_an_indicator_to_an_agency_from_a_year():
    raw = _raw()
    ind = next(i for i in raw["indicators"] if i["code"] == "07")
    dated = [{"agency": "SGTVT", "until_year": 2023}, {"agency": "SXD", "from_year": 2024}]
    ind.update(agencies=[], assignments=dated)
    cat = parse_catalog(raw)
    ind07 = cat.indicator_by_code["07"]
    assert cat.indicator_agencies(ind07, 2023) == ["SGTVT"]
    assert cat.indicator_agencies(ind07, 2024) == ["SXD"]
    assert "c07_phuong_tien" in cat.variables_for("SXD", 2024)
    assert _codes(cat.reporting_agencies(2024)).count("SGTVT") == 0  # nothing else to report
    nobody = copy.deepcopy(raw)
    next(i for i in nobody["indicators"] if i["code"] == "07").update(assignments=[])
    with pytest.raises(CatalogError):
        parse_catalog(nobody)


# ---- a file of a unit that does not report the year -------------------------------------------
def test_a_yen_dung_2024_file_is_refused_naming_its_successor(catalog, tmp_path):
    # A 2024 template made before the profile knew of the merger (an older bgindex).
    raw = _raw()
    yen_dung = next(a for a in raw["agencies"] if a["code"] == "YENDUNG")
    del yen_dung["valid_until"], yen_dung["successors"]
    next(a for a in raw["agencies"] if a["code"] == "TPBACGIANG").pop("predecessors")
    older = parse_catalog(raw)
    path = filled(tmp_path, older, "YENDUNG", 2024)
    (report,) = bgindex.validate([path], catalog, 2024).files
    (issue,) = [i for i in report.issues if i.severity == "error"]
    assert (issue.code, issue.sheet, issue.cell) == ("E_AGENCY_NOT_REPORTING", "_bgindex", None)
    assert "UBND huyện Yên Dũng không còn tồn tại từ ngày 01/01/2025" in issue.message
    assert "do UBND thành phố Bắc Giang báo cáo" in issue.message
    assert not report.usable
    # The same unit's 2023 file is fine.
    earlier = filled(tmp_path / "2023", catalog, "YENDUNG", 2023)
    assert bgindex.validate([earlier], catalog, 2023).files[0].usable


# ---- the report's header by date ----------------------------------------------------------------
def test_a_report_of_march_2025_is_issued_by_the_merged_department(catalog):
    before = ReportMeta.of(catalog, date(2025, 2, 20))
    assert before.issuing_body == "SỞ TÀI NGUYÊN VÀ MÔI TRƯỜNG"
    assert before.ministry == "Bộ Tài nguyên và Môi trường"
    assert "Bộ Tài nguyên và Môi trường (b/c)" in before.recipients
    after = ReportMeta.of(catalog, date(2025, 3, 5))
    assert (after.parent_body, after.issuing_body) == ("UBND TỈNH BẮC GIANG", "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG")
    assert after.issuer_name == "Sở Nông nghiệp và Môi trường"
    assert after.ministry == "Bộ Nông nghiệp và Môi trường"
    assert "Bộ Nông nghiệp và Môi trường (b/c)" in after.recipients
    assert before.warnings == after.warnings == []
    assert "cách hiểu tạm thời của cơ quan tổng hợp" in catalog.report_for(date(2025, 3, 5)).note


def test_the_single_report_table_is_still_accepted(mini_catalog_path):
    raw = tomllib.loads(Path(mini_catalog_path).read_text("utf-8"))
    assert isinstance(raw["report"], dict)
    cat = parse_catalog(raw)
    assert len(cat.report) == 1 and cat.report_for(date(1999, 1, 1)) is cat.report[0]


def test_overlapping_report_versions_are_refused():
    raw = _raw()
    raw["report"][1]["valid_from"] = date(2025, 2, 1)
    with pytest.raises(CatalogError) as err:
        parse_catalog(raw)
    assert "report" in err.value.message and "chồng nhau" in err.value.message


def test_a_report_after_the_province_ceased_warns_loudly(catalog):
    # One warning, not two: that no header version covers the date follows from the province's end.
    (ceased,) = validity_warnings(catalog, 2024, date(2025, 7, 15))
    assert ceased.startswith("CẢNH BÁO") and "30/06/2025" in ceased and "tỉnh Bắc Ninh" in ceased
    assert catalog.report_for(date(2025, 7, 15)) is None
    meta = ReportMeta.of(catalog, date(2025, 7, 15))
    assert meta.warnings == [ceased]
    # a province still there but a header the profile has no version for (a body renamed since)
    lasting = catalog.model_copy(update={"profile": {**catalog.profile.model_dump(), "valid_until": None}})
    (unknown,) = validity_warnings(lasting, 2024, date(2025, 7, 15))
    assert "không có thông tin cơ quan ban hành" in unknown
    assert meta.issuing_body == "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"  # the nearest version, said loudly
    assert validity_warnings(catalog, 2024) == []


def test_a_date_no_version_covers_warns_even_before_the_province_ceased():
    raw = _raw()
    raw["report"][1]["valid_until"] = date(2025, 4, 30)
    (warning,) = validity_warnings(parse_catalog(raw), 2024, date(2025, 5, 2))
    assert "02/05/2025" in warning and "đổi tên hoặc hợp nhất" in warning


def test_the_warning_reaches_the_first_page_and_the_terminal(cli, tmp_path):
    from conftest import SAMPLES

    out = tmp_path / "kq"
    args = ["--year", "2024", "--out", str(out), "--report-date", "15/07/2025"]
    res = cli(["consolidate", str(SAMPLES / "2024"), *args])
    assert "CẢNH BÁO" in res.stderr + res.stdout
    md = (out / "bao-cao-2024.md").read_text("utf-8")
    html = (out / "bao-cao-2024.html").read_text("utf-8")
    head = md[: md.index("TÓM TẮT")]  # before the summary, on the first page
    assert "CẢNH BÁO" in head and "30/06/2025" in head
    assert "CẢNH BÁO" in html[: html.index("TÓM TẮT")]


def test_deadline_of_a_report_version():
    raw = _raw()
    raw["report"][0]["deadline"] = {"month": 2, "day": 10}
    cat = parse_catalog(raw)
    assert cat.deadline(2023) == date(2024, 2, 10)
    assert load_catalog().deadline(2023) == date(2024, 2, 20)
