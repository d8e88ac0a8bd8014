"""The registry of shipped profiles chosen by year, validity warnings, and the Bắc Ninh profile."""

from __future__ import annotations

import csv
import json
from datetime import date
from pathlib import Path

import pytest
from helpers import run_bgindex
from openpyxl import load_workbook

from bgindex.catalog import CatalogError
from bgindex.catalog.model import Catalog
from bgindex.catalog.registry import choose_catalog, shipped_by_name, shipped_profiles
from bgindex.catalog.validity import profile_notices, validity_warnings

ROOT = Path(__file__).resolve().parents[1]
PROFILES = ROOT / "src" / "bgindex" / "catalog" / "profiles"
COMMUNES_CSV = ROOT / "data" / "reference" / "bac-ninh-2025-xa-phuong.csv"


@pytest.fixture(scope="module")
def bac_ninh() -> Catalog:
    return choose_catalog(2025)


def test_registry_lists_each_shipped_profile_with_its_years() -> None:
    by_name = {p.name: p for p in shipped_profiles()}
    assert set(by_name) == {"bac-giang", "bac-ninh"}
    bg, bn = by_name["bac-giang"].info, by_name["bac-ninh"].info
    assert (bg.years.from_year, bg.years.until_year, bg.status) == (2020, 2024, "official")
    assert (bn.years.from_year, bn.years.until_year, bn.status) == (2025, 2025, "our_reading")
    assert str(bn.valid_from) == "2025-07-01" and str(bg.valid_until) == "2025-06-30"


@pytest.mark.parametrize(
    ("year", "profile_id"),
    [(2021, "bac-giang-pepi-2019"), (2024, "bac-giang-pepi-2019"), (2025, "bac-ninh-2025-pepi-2019")],
)
def test_the_year_picks_the_profile_that_covers_it(year: int, profile_id: str) -> None:
    cat = choose_catalog(year)
    assert cat.profile.id == profile_id
    assert validity_warnings(cat, year) == []


def test_catalog_file_and_profile_name_override_the_year() -> None:
    assert choose_catalog(2025, catalog=PROFILES / "bac-giang.toml").profile.id == "bac-giang-pepi-2019"
    assert choose_catalog(2025, profile="bac-giang").profile.id == "bac-giang-pepi-2019"
    assert choose_catalog(2024, profile="bac-ninh-2025-pepi-2019").profile.province == "Bắc Ninh"
    assert choose_catalog(None).profile.id == "bac-giang-pepi-2019"  # no year: as before
    with pytest.raises(CatalogError, match="bac-giang, bac-ninh"):
        shipped_by_name("ha-noi")
    with pytest.raises(CatalogError, match="--catalog và --profile"):
        choose_catalog(2024, catalog=PROFILES / "bac-giang.toml", profile="bac-ninh")


def test_a_year_outside_the_profile_warns_and_names_the_one_that_covers_it() -> None:
    bg = choose_catalog(2024)
    (late,) = validity_warnings(bg, 2025)
    assert late.startswith("CẢNH BÁO") and "2025" in late and "2020–2024" in late and "tỉnh Bắc Ninh" in late
    (none,) = validity_warnings(bg, 2026)
    assert "Chưa có danh mục nào áp dụng cho năm 2026" in none
    # A year no profile covers still gets a catalogue, with the warning, never silently.
    early = choose_catalog(2019)
    assert early.profile.id == "bac-giang-pepi-2019" and validity_warnings(early, 2019)
    assert choose_catalog(2030).profile.id == "bac-ninh-2025-pepi-2019"
    assert validity_warnings(choose_catalog(2030), 2030)


def test_bac_ninh_profile_has_the_99_communes_of_the_csv(bac_ninh: Catalog) -> None:
    with COMMUNES_CSV.open(encoding="utf-8", newline="") as fh:
        rows = list(csv.DictReader(fh))
    communes = [a for a in bac_ninh.agencies if a.kind == "commune"]
    assert len(communes) == 99 == len(rows)
    assert sum(a.name.startswith("UBND phường ") for a in communes) == 33
    assert sum(a.name.startswith("UBND xã ") for a in communes) == 66
    assert len({a.code for a in communes}) == 99
    assert [a.official_code for a in communes] == [r["ma_dvhc"] for r in rows]
    assert all(a.code == "XP" + a.official_code for a in communes)
    dai_son = bac_ninh.agency_by_code["XP07627"]
    assert dai_son.name == "UBND xã Đại Sơn"
    assert dai_son.groups == {"former_district": "Huyện Sơn Động", "former_province": "Bắc Giang"}
    assert "dự thảo" in bac_ninh.profile.group_note and "1658" in bac_ninh.profile.group_note


def test_bac_ninh_departments_assignments_and_report(bac_ninh: Catalog) -> None:
    codes = {a.code for a in bac_ninh.agencies if a.kind != "commune"}
    assert codes == {"SNNMT", "SXD", "STC", "SCT", "SYT", "SNV", "BQLKCN", "CTK"}
    assert bac_ninh.profile.consolidator == "SNNMT"
    assert bac_ninh.agency_by_code["SNNMT"].name == "Sở Nông nghiệp và Môi trường"
    assert bac_ninh.agency_by_code["CTK"].name == "Thống kê tỉnh Bắc Ninh"
    assert "cách hiểu" in bac_ninh.agency_by_code["CTK"].note
    active = bac_ninh.active_indicators(2025)
    assert len(active) == 22 and not bac_ninh.retired_indicators(2025)
    by_code = {i.code: i for i in active}
    assert bac_ninh.indicator_agencies(by_code["12"], 2025) == [
        a.code for a in bac_ninh.agencies if a.kind == "commune"
    ]
    assert by_code["07"].agencies == ("SXD",)  # the former transport department's
    assert by_code["14"].agencies == ("SNNMT", "@commune") and by_code["14"].combine.lead == "SNNMT"
    assert all("cách hiểu" in i.note for i in active)
    assert len(bac_ninh.reporting_agencies(2025)) == 107
    r = bac_ninh.report_on(date(2026, 3, 5))
    assert (r.issuing_body, r.parent_body) == ("SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG", "UBND TỈNH BẮC NINH")
    assert "Bộ Nông nghiệp và Môi trường (b/c)" in r.recipients
    deadline = bac_ninh.profile.ministry_deadline
    assert deadline is not None and (deadline.day, deadline.month) == (10, 3)
    notices = " ".join(profile_notices(bac_ninh))
    assert "2782" in notices and "không phải danh mục của Quyết định 383" in notices


def test_bac_ninh_profile_is_what_its_script_writes() -> None:
    import importlib.util

    spec = importlib.util.spec_from_file_location(
        "make_bac_ninh_profile", ROOT / "scripts" / "make_bac_ninh_profile.py"
    )
    assert spec and spec.loader
    module = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(module)
    assert module.build() == (PROFILES / "bac-ninh.toml").read_text(encoding="utf-8"), (
        "bac-ninh.toml is stale: run python3 scripts/make_bac_ninh_profile.py"
    )


def test_catalog_list_shows_the_registry(cli) -> None:
    res = cli(["catalog", "--list"])
    assert res.code == 0
    for text in ("bac-giang", "bac-ninh-2025-pepi-2019", "2020–2024", "chính thức", "cách hiểu"):
        assert text in res.stdout
    rows = json.loads(cli(["catalog", "--list", "--format", "json"]).stdout)
    assert [r["name"] for r in rows] == ["bac-giang", "bac-ninh"]


def test_catalog_list_keeps_its_codes_whole_at_80_columns() -> None:
    """The registry is laid out like every other table: at 80 columns names and ids stay whole."""
    done = run_bgindex("catalog", "--list", columns=80)
    assert done.returncode == 0, done.stderr
    for row in json.loads(run_bgindex("catalog", "--list", "--format", "json").stdout):
        assert row["name"] in done.stdout and row["id"] in done.stdout
        assert row["years_label"] in done.stdout


def test_catalog_year_2025_lists_the_new_province(cli) -> None:
    res = cli(["catalog", "--year", "2025", "--format", "json"])
    assert res.code == 0 and res.stderr == ""
    data = json.loads(res.stdout)
    assert data["profile"]["consolidator"] == "SNNMT" and data["catalog_warnings"] == []
    communes = [a for a in data["agencies"] if a["kind"] == "commune"]
    assert (
        len(communes) == 99 and {"code": "XP07627", "official_code": "07627"}.items() <= communes[0].items()
    )
    table = cli(["catalog", "--year", "2025"]).stdout
    assert "Sở Nông nghiệp và Môi trường" in table and "07627" in table and "Quyết định 383" in table
    assert "33 phường, 66 xã" in table and "dự thảo" in table


def test_template_outside_the_profile_years_warns_everywhere(cli, tmp_path: Path) -> None:
    out = tmp_path / "mau"
    res = cli(
        [
            "template",
            "--year",
            "2026",
            "--catalog",
            str(PROFILES / "bac-giang.toml"),
            "--out",
            str(out),
            "--agency",
            "SXD",
        ]
    )
    assert res.code == 0
    assert "CẢNH BÁO: năm báo cáo 2026 nằm ngoài thời gian áp dụng" in res.stderr
    guide = load_workbook(out / "bgindex-2026-SXD.xlsx").worksheets[0]
    texts = [c.value for c in guide["A"] if isinstance(c.value, str)]
    assert any(t.startswith("CẢNH BÁO: năm báo cáo 2026") for t in texts[:6])


def test_status_json_carries_the_warning(cli, tmp_path: Path) -> None:
    res = cli(["status", str(tmp_path), "--year", "2019", "--format", "json"])
    assert "CẢNH BÁO" in res.stderr
    (warning,) = json.loads(res.stdout)["catalog_warnings"]
    assert "2019" in warning


def test_documents_carry_the_warning_on_their_first_page(catalog: Catalog, tmp_path: Path) -> None:
    from bgindex.core.consolidate import consolidate
    from bgindex.outputs.report_html import render_html, render_markdown

    narrow = catalog.model_copy(
        update={"profile": {**catalog.profile.model_dump(), "years": {"from_year": 2020, "until_year": 2023}}}
    )
    result = consolidate(ROOT / "data" / "samples" / "2024", 2024, narrow, report_date=date(2025, 3, 5))
    (warning,) = result.catalog_warnings
    for text in (render_markdown(result), render_html(result)):
        first = text[: text.index("TÓM TẮT")]
        assert "CẢNH BÁO: năm báo cáo 2024 nằm ngoài thời gian áp dụng" in first
    assert json.loads(result.model_dump_json())["catalog_warnings"] == [warning]
    import io
    import zipfile

    from bgindex.outputs.report_docx import render_docx

    with zipfile.ZipFile(io.BytesIO(render_docx(result, None, charts={}))) as docx:
        body = docx.read("word/document.xml").decode("utf-8")
    assert body.index("CẢNH BÁO: năm báo cáo 2024") < body.index("TÓM TẮT")
