"""Time in the catalogue: agencies valid for a period, their successors, communes and grouping attributes."""

from __future__ import annotations

import copy
import tomllib
from datetime import date

import pytest

from bgindex.catalog import CatalogError, load_catalog, parse_catalog
from bgindex.catalog.model import KIND_LABELS, agency_active
from bgindex.reading.layout import indicator_key_code

# A small province across the 2025 reorganisation (the shape of Bắc Giang's, not its data):
# huyện Yên Dũng until 31/12/2024, merged into the city; two communes from 01/07/2025.
_TOML = """
schema_version = 1

[profile]
id = "thoi-gian"
name = "Hồ sơ thử thời gian"
index_version = "thử"
province = "Tỉnh Thử"
consolidator = "SMT"
deadline = { month = 2, day = 20 }

[report]
parent_body = "UBND TỈNH THỬ"
issuing_body = "SỞ MÔI TRƯỜNG"
place = "Thử"

[[agencies]]
code = "SMT"
name = "Sở Môi trường"
kind = "department"

[[agencies]]
code = "YD"
name = "UBND huyện Yên Dũng"
kind = "district"
valid_until = 2024-12-31
successors = [{ code = "TPBG", how = "merged" }]

[[agencies]]
code = "TPBG"
name = "UBND thành phố Bắc Giang"
kind = "district"
valid_until = 2025-06-30
predecessors = [{ code = "YD", how = "merged" }]

[[agencies]]
code = "XA-1"
name = "UBND phường Tiền Phong"
kind = "commune"
valid_from = 2025-07-01
predecessors = [{ code = "YD", how = "part" }]
groups = { former_district = "Yên Dũng", former_province = "Bắc Giang" }

[[agencies]]
code = "XA-2"
name = "UBND phường Bắc Giang"
kind = "commune"
valid_from = 2025-07-01
predecessors = [{ code = "TPBG", how = "part" }]
groups = { former_district = "TP Bắc Giang", former_province = "Bắc Giang" }

[[variables]]
code = "ho_dan"
label = "Số hộ dân"
unit = "hộ"
type = "integer"

[[variables]]
code = "ho_phan_loai"
label = "Số hộ phân loại rác"
unit = "hộ"
type = "integer"

[[indicators]]
code = "01"
name = "Tỷ lệ hộ phân loại rác"
unit = "%"
kind = "ratio"
numerator = ["ho_phan_loai"]
denominator = ["ho_dan"]
multiplier = 100
better = "higher"
definition = "our_reading"
agencies = ["@district", "@commune"]
combine = { rule = "sum" }

[[indicators]]
code = "1.2"
name = "Số hộ dân (chỉ số thử có mã chấm)"
unit = "hộ"
kind = "amount"
numerator = ["ho_dan"]
better = "higher"
definition = "our_reading"
agencies = ["SMT"]
"""


def _raw() -> dict:
    return tomllib.loads(_TOML)


def _codes(agencies) -> list[str]:
    return [a.code for a in agencies]


def test_a_year_is_reported_by_the_units_that_exist_at_its_deadline():
    cat = parse_catalog(_raw())
    assert _codes(cat.reporting_agencies(2023)) == ["SMT", "YD", "TPBG"]
    # YD ceased on 31/12/2024, before the deadline of 2024 (20/02/2025): TPBG reports its territory.
    assert _codes(cat.reporting_agencies(2024)) == ["SMT", "TPBG"]
    # On 20/02/2026 only the communes exist: they report the whole of 2025.
    assert _codes(cat.reporting_agencies(2025)) == ["SMT", "XA-1", "XA-2"]
    assert _codes(cat.reporting_agencies(2026)) == ["SMT", "XA-1", "XA-2"]
    assert cat.indicators_for("YD", 2024) == []
    assert [i.code for i in cat.indicators_for("YD", 2023)] == ["01"]
    assert cat.variables_for("YD", 2024) == []
    assert cat.reporters("ho_phan_loai", 2024) == ["TPBG"]


def test_agency_active_counts_any_day_of_the_year():
    cat = parse_catalog(_raw())
    yd, xa = cat.agency_by_code["YD"], cat.agency_by_code["XA-1"]
    assert agency_active(yd, 2024) and not agency_active(yd, 2025)
    assert not agency_active(xa, 2024) and agency_active(xa, 2025)
    assert agency_active(cat.agency_by_code["SMT"], 1990)  # no dates: always valid
    assert yd.valid_until == date(2024, 12, 31)  # a TOML date is a date


def test_commune_group_expands_like_district():
    cat = parse_catalog(_raw())
    ind = cat.indicator_by_code["01"]
    assert cat.indicator_agencies(ind) == ["YD", "TPBG", "XA-1", "XA-2"]  # every year
    assert cat.indicator_agencies(ind, 2026) == ["XA-1", "XA-2"]
    assert cat.reporters("ho_phan_loai", 2026) == ["XA-1", "XA-2"]
    assert KIND_LABELS["commune"] == "UBND cấp xã"


def test_links_and_groups_are_read():
    cat = parse_catalog(_raw())
    yd, xa = cat.agency_by_code["YD"], cat.agency_by_code["XA-1"]
    assert [(s.code, s.how) for s in yd.successors] == [("TPBG", "merged")]
    assert [(p.code, p.how) for p in xa.predecessors] == [("YD", "part")]
    assert xa.groups == {"former_district": "Yên Dũng", "former_province": "Bắc Giang"}
    assert hash(xa) == hash(cat.agency_by_code["XA-1"])  # a dict field does not make it unhashable


def test_a_successor_naming_an_unknown_agency_is_refused_with_its_key_path():
    raw = _raw()
    raw["agencies"][1]["successors"] = [{"code": "TPBG", "how": "merged"}, {"code": "NOPE", "how": "merged"}]
    with pytest.raises(CatalogError) as err:
        parse_catalog(raw, "thu.toml")
    assert "agencies[1] (YD).successors[1]" in err.value.message
    assert "mã cơ quan 'NOPE' không có trong danh mục" in err.value.message


def test_an_agency_cannot_succeed_itself():
    raw = _raw()
    raw["agencies"][2]["predecessors"] = [{"code": "TPBG", "how": "renamed"}]
    with pytest.raises(CatalogError) as err:
        parse_catalog(raw)
    assert "agencies[2] (TPBG).predecessors[0]" in err.value.message
    assert "chính nó" in err.value.message


@pytest.mark.parametrize(
    ("mutate", "key", "words"),
    [
        (
            lambda r: r["agencies"][1].update(valid_from=date(2025, 1, 1)),
            "agencies[1] (code=YD)",
            "valid_from 01/01/2025 sau valid_until 31/12/2024",
        ),
        (
            lambda r: r["agencies"][1]["successors"][0].update(how="swallowed"),
            "agencies[1] (code=YD).successors[0] (code=TPBG).how",
            "giá trị không hợp lệ",
        ),
        (
            lambda r: r["agencies"][1].update(valid_until="cuối năm"),
            "agencies[1] (code=YD).valid_until",
            "ngày",
        ),
        (lambda r: r["agencies"][3]["groups"].update({"Huyện cũ": "x"}), "agencies[3] (code=XA-1)", "groups"),
        (lambda r: r["agencies"][3]["groups"].update(former_district=" "), "agencies[3] (code=XA-1)", "rỗng"),
        (lambda r: r["agencies"][3].update(kind="hamlet"), "agencies[3] (code=XA-1).kind", "không hợp lệ"),
        (lambda r: r["indicators"][1].update(code="1 2"), "indicators[1]", "sai định dạng mã"),
        (lambda r: r["indicators"][1].update(code="123456789"), "indicators[1]", "sai định dạng mã"),
    ],
)
def test_broken_time_fields_are_refused_in_vietnamese(mutate, key, words):
    raw = _raw()
    mutate(raw)
    with pytest.raises(CatalogError) as err:
        parse_catalog(raw, "thu.toml")
    assert key in err.value.key
    assert words in err.value.message


def test_string_indicator_codes_are_accepted():
    cat = parse_catalog(_raw())
    assert cat.indicator_by_code["1.2"].key == "CS1.2"
    raw = _raw()
    raw["indicators"][1]["code"] = "A3"
    assert parse_catalog(raw).indicator_by_code["A3"].key == "CSA3"


def test_single_rule_allows_agencies_that_succeed_each_other():
    raw = _raw()
    raw["indicators"][0].update(agencies=["YD", "XA-1"], combine={"rule": "single"})
    cat = parse_catalog(raw)
    assert cat.indicator_agencies(cat.indicator_by_code["01"], 2023) == ["YD"]
    assert cat.indicator_agencies(cat.indicator_by_code["01"], 2025) == ["XA-1"]
    overlapping = copy.deepcopy(raw)
    overlapping["indicators"][0]["agencies"] = ["YD", "TPBG"]
    with pytest.raises(CatalogError) as err:
        parse_catalog(overlapping)
    assert "combine" in err.value.message


def test_dotted_indicator_codes_are_read_from_workbooks():
    assert indicator_key_code("CS01") == "01"
    assert indicator_key_code("cs 1") == "01"
    assert indicator_key_code(1.0) == "01"
    assert indicator_key_code("CS1.2") == "1.2"
    assert indicator_key_code("cs 01.02") == "1.2"
    assert indicator_key_code(1.2) is None
    assert indicator_key_code("1.2") is None  # without 'CS' a dotted number may be a figure
    assert indicator_key_code("CS1.") is None


def test_the_shipped_profile_dates_only_the_reorganised_units():
    cat = load_catalog()
    dated = {a.code for a in cat.agencies if a.valid_from or a.valid_until}
    assert dated == {"YENDUNG", "TXCHU"}
    assert all(not a.groups for a in cat.agencies)
    for year in (2021, 2024, 2025):
        assert cat.reporting_agencies(year) == [
            a for a in cat.agencies if cat.reports(a.code, year) and cat.variables_for(a.code, year)
        ]
