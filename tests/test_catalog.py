"""The catalogue is data: the shipped profile, validation on load, a second profile."""

from __future__ import annotations

import json
import tomllib
from pathlib import Path

import pytest

from bgindex.catalog import CatalogError, load_catalog, parse_catalog

PLAN_NAMES = {
    "01": "Tỷ lệ nước thải sinh hoạt đô thị loại IV trở lên được xử lý đạt quy chuẩn kỹ thuật môi trường",
    "07": "Số lượng phương tiện giao thông công cộng trên 10.000 dân đô thị",
    "20": "Diện tích rừng tự nhiên bị cháy, chặt phá",
    "26": "Tỷ lệ xử lý thông tin phản ánh, kiến nghị về ô nhiễm môi trường thông qua đường dây nóng",
}


def test_shipped_profile_has_the_plan(catalog):
    active = [i.code for i in catalog.active_indicators(2024)]
    assert len(active) == 22
    assert [i.code for i in catalog.retired_indicators(2024)] == ["06", "08", "10", "17"]
    assert len(catalog.active_indicators(2020)) == 26
    for code, name in PLAN_NAMES.items():
        assert catalog.indicator_by_code[code].name == name
    assert len(catalog.agencies) == 21  # the plan's 20 and thị xã Chũ (from 01/01/2025)
    assert sum(a.kind == "district" for a in catalog.agencies) == 11
    # The four figures the plan asks of Cục Thống kê; the rural population is derived from two of them.
    assert catalog.variables_for("CTK", 2024) == [
        "ds_do_thi",
        "ds_do_thi_loai4",
        "ho_nong_thon",
        "ds_toan_tinh",
    ]
    assert catalog.deadline(2024).isoformat() == "2025-02-20"
    assert catalog.indicator_by_code["20"].better == "lower"
    assert catalog.indicator_by_code["01"].combine.lead == "SXD"
    assert catalog.indicator_by_code["09"].combine.rule == "sum"


def test_every_agency_of_the_plan_reports_something(catalog):
    every = {a.code for a in catalog.agencies}
    # 2024 is reported in February 2025: Yên Dũng has merged into TP Bắc Giang, thị xã Chũ exists.
    assert {a.code for a in catalog.reporting_agencies(2024)} == every - {"YENDUNG"}
    assert {a.code for a in catalog.reporting_agencies(2023)} == every - {"TXCHU"}


def test_plan_assignments(catalog):
    def agencies(code: str) -> set[str]:
        return set(catalog.indicator_agencies(catalog.indicator_by_code[code]))

    districts = {a.code for a in catalog.agencies if a.kind == "district"}
    assert agencies("14") == {"STNMT", "SNNPTNT"} | districts
    assert agencies("09") == {"STNMT", "SYT"}
    assert agencies("26") == districts
    assert agencies("25") == {"SNV"}


def _raw() -> dict:
    from importlib import resources

    text = resources.files("bgindex.catalog.profiles").joinpath("bac-giang.toml").read_text("utf-8")
    return tomllib.loads(text)


@pytest.mark.parametrize(
    ("mutate", "key_part"),
    [
        (lambda r: r["indicators"][2].pop("unit"), "indicators[2] (code=03).unit"),
        (lambda r: r["indicators"][0].update(agencies=["SXD", "NOPE"]), "indicators"),
        (lambda r: r["variables"][0].update(type="text"), "variables[0] (code=ds_do_thi).type"),
        (lambda r: r["agencies"][0].update(code="sở tn"), "agencies[0]"),
        (lambda r: r["indicators"][0].update(numerator=["missing_var"]), "indicators"),
        (lambda r: r["profile"].update(deadline={"month": 13, "day": 1}), "profile.deadline.month"),
    ],
)
def test_broken_catalog_names_the_key(mutate, key_part):
    raw = _raw()
    mutate(raw)
    with pytest.raises(CatalogError) as err:
        parse_catalog(raw, "custom.toml")
    assert err.value.path == "custom.toml"
    assert key_part in err.value.key or key_part in err.value.message


def test_broken_file_is_a_clear_error(tmp_path: Path):
    bad = tmp_path / "bad.toml"
    bad.write_text("schema_version = 1\n[profile\n", encoding="utf-8")
    with pytest.raises(CatalogError) as err:
        load_catalog(bad)
    assert "TOML" in err.value.key
    with pytest.raises(CatalogError):
        load_catalog(tmp_path / "absent.toml")


def test_mini_profile_is_independent(mini_catalog):
    assert mini_catalog.profile.province == "Đảo Xanh"
    assert [a.code for a in mini_catalog.reporting_agencies(2030)] == ["MT", "DL", "XA-A", "XA-B"]
    assert mini_catalog.deadline(2030).isoformat() == "2031-03-31"


def test_catalog_command_json(cli):
    out = cli(["catalog", "--format", "json", "--year", "2024"])
    assert out.code == 0
    data = json.loads(out.stdout)
    assert len(data["indicators"]) == 22
    ind20 = next(i for i in data["indicators"] if i["code"] == "20")
    assert ind20["better"] == "lower" and "SNNPTNT" in ind20["agencies"]
    # The units that report 2024 (in February 2025): thị xã Chũ, not Yên Dũng, which is said apart.
    codes = [a["code"] for a in data["agencies"]]
    assert len(codes) == 20 and "TXCHU" in codes and "YENDUNG" not in codes
    assert [n["code"] for n in data["not_reporting"]] == ["YENDUNG"]


def test_catalog_command_with_custom_profile(cli, mini_catalog_path):
    out = cli(["catalog", "--catalog", str(mini_catalog_path)])
    assert out.code == 0
    assert "Đảo Xanh" in out.stdout and "Bắc Giang" not in out.stdout


def test_catalog_command_broken_profile(cli, tmp_path):
    bad = tmp_path / "bad.toml"
    bad.write_text('schema_version = 1\n[profile]\nid = "x"\n', encoding="utf-8")
    out = cli(["catalog", "--catalog", str(bad)])
    assert out.code == 2
    assert "bad.toml" in out.stderr and "Traceback" not in out.stderr


def test_catalogue_is_frozen_so_its_memoised_answers_cannot_go_stale():
    import pydantic

    cat = load_catalog()
    before = cat.indicators_for("SXD", 2024)
    with pytest.raises(pydantic.ValidationError):
        cat.indicators = cat.indicators[:1]  # type: ignore[misc]
    with pytest.raises(AttributeError):
        cat.indicators.append(cat.indicators[0])  # type: ignore[attr-defined]
    with pytest.raises(pydantic.ValidationError):
        cat.profile.change_threshold = 50  # type: ignore[misc]
    # A changed catalogue is a new object, with its own answers.
    fewer = cat.model_copy(update={"indicators": tuple(i for i in cat.indicators if i.code != "01")})
    assert [i.code for i in cat.indicators_for("SXD", 2024)] == [i.code for i in before]
    assert "01" not in [i.code for i in fewer.indicators_for("SXD", 2024)]
