"""The synthetic reporting year 2025 of the new Bắc Ninh: 115 files that validate and consolidate."""

from __future__ import annotations

import importlib
import random
import sys
from pathlib import Path

import pytest

from bgindex.catalog.registry import choose_catalog
from bgindex.model.results import ConsolidationResult

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT / "scripts"))
bac_ninh_2025 = importlib.import_module("bac_ninh_2025")


@pytest.fixture(scope="session")
def year_2025(tmp_path_factory: pytest.TempPathFactory) -> Path:
    """Generated once per session (about 115 workbooks), never committed."""
    folder = tmp_path_factory.mktemp("bac-ninh") / "nhan-ve-2025"
    bac_ninh_2025.generate_bac_ninh_2025(folder)
    return folder


@pytest.fixture(scope="session")
def consolidated(year_2025: Path) -> ConsolidationResult:
    from bgindex.core.consolidate import consolidate

    return consolidate(year_2025, 2025, choose_catalog(2025), workers=2)


def test_the_generator_writes_about_115_files_with_realistic_extras(year_2025: Path) -> None:
    names = sorted(p.name for p in year_2025.glob("*.xlsx"))
    assert len(names) == 115
    assert "bgindex-2025-XP07672.xlsx" not in names  # one commune has not reported
    for extra in (
        "bgindex-2025-XP07627-gui-lai.xlsx",
        "Fwd bgindex-2025-BQLKCN.xlsx",
        "bgindex-2025-TANYEN.xlsx",
    ):
        assert extra in names


def test_the_figures_are_deterministic_and_commune_scale() -> None:
    def values() -> dict:
        rng = random.Random(bac_ninh_2025.SEED)
        return bac_ninh_2025.make_values(rng, bac_ninh_2025.communes(rng))

    first = values()
    assert first == values()
    people = first["CTK"]["ds_toan_tinh"][1]
    assert 3_000_000 < people < 4_500_000  # "over 3,6 million people"
    waste = first["XP07627"]["c12_ctr_phat_sinh"][1]  # xã Đại Sơn, 12.153 people in the list
    assert 12_153 * 0.7 * 365 / 1000 < waste < 12_153 * 1.0 * 365 / 1000


def test_the_year_validates_and_consolidates(consolidated: ConsolidationResult) -> None:
    result = consolidated
    assert result.catalog == "bac-ninh-2025-pepi-2019" and result.catalog_warnings == []
    assert result.meta.issuing_body == "SỞ NÔNG NGHIỆP VÀ MÔI TRƯỜNG"
    assert len(result.indicators) == 22
    assert all(i.status in ("complete", "incomplete") for i in result.indicators), [
        (i.code, i.status) for i in result.indicators
    ]
    assert result.counts.agencies == 107
    missing = [s.agency for s in result.agencies if s.status == "missing"]
    assert missing == ["XP07672"]
    late = {s.agency for s in result.agencies if s.timeliness == "late"}
    assert late == {"XP07615", "XP09247", "SNV"}
    fates = {f.file.rsplit("/", 1)[-1]: f.fate for f in result.files}
    assert fates["bgindex-2025-TANYEN.xlsx"] == "rejected"
    assert fates["bgindex-2025-XP07627.xlsx"] == "superseded"
    assert fates["bgindex-2025-XP07627-gui-lai.xlsx"] == "used"
    assert fates["bgindex-2025-XP07615-lan-1.xlsx"] == "superseded"
    errors = {f.file.rsplit("/", 1)[-1] for f in result.files if f.errors}
    assert errors == {
        "bgindex-2025-TANYEN.xlsx",
        "bgindex-2025-XP07615-lan-1.xlsx",
        "bgindex-2025-XP09400.xlsx",
    }
    assert result.counts.discrepancies == 0  # the departments' lead figures agree with the communes'
    codes = {i.code for i in result.plausibility}
    assert "W_CHANGE_FACTOR" not in codes
    assert "không phải danh mục của Quyết định 383" in " ".join(result.catalog_notices)


def test_template_for_2025_writes_one_workbook_per_reporting_unit(cli, tmp_path: Path) -> None:
    res = cli(["template", "--year", "2025", "--out", str(tmp_path)])
    assert res.code == 0 and "CẢNH BÁO" not in res.stderr
    names = {p.name for p in tmp_path.glob("*.xlsx")}
    units = choose_catalog(2025).reporting_agencies(2025)
    assert len(names) == len(units) == 107
    assert {f"bgindex-2025-{a.code}.xlsx" for a in units} == names


def test_documents_group_the_communes_by_former_district(consolidated: ConsolidationResult) -> None:
    from bgindex.outputs.report_html import render_markdown

    text = render_markdown(consolidated)
    twelve = text[text.index("Chỉ số 12:") : text.index("Chỉ số 13:")]
    twelve = twelve.split("**Tài liệu kiểm chứng**")[0]  # the documents stay listed per unit
    rows = [line for line in twelve.splitlines() if "đơn vị có số liệu" in line]
    assert len(rows) == 18  # one row per former district, not 99
    assert any(r.startswith("| Huyện Sơn Động \\(7/8 đơn vị") for r in rows)  # xã Dương Hưu has not sent
    assert "UBND xã Đại Sơn |" not in twelve and "dự thảo" in twelve and "1658" in twelve
    status = text[text.index("TÌNH HÌNH BÁO CÁO") :]
    assert status.count("**Huyện cũ (dự thảo): ") == 18
    assert "| 107 |" in status  # every unit still numbered in the reporting table
    twelve_result = consolidated.indicator("12")
    sums = [g for g in twelve_result.groups if g.group == "Huyện Lục Ngạn"][0]
    members = [p for p in twelve_result.breakdown if p.group == "Huyện Lục Ngạn"]
    assert sums.numerator == pytest.approx(sum(p.numerator or 0 for p in members))
    assert sums.value == pytest.approx(100 * sums.numerator / sums.denominator)  # ratio of sums


def test_charts_show_groups_or_the_ends_never_99_bars(consolidated: ConsolidationResult) -> None:
    from bgindex.outputs.charts import render_charts

    charts = render_charts(consolidated, "svg")
    chart = charts["district_12"]
    assert len(chart.rows) == 18 and "theo huyện cũ (dự thảo)" in chart.title
    assert all(row[0].startswith(("Huyện", "Thị xã", "Thành phố")) for row in chart.rows)
    # Without a grouping attribute: the ten highest and the ten lowest units, named.
    plain = consolidated.model_copy(deep=True)
    for ind in plain.indicators:
        ind.groups = []
    chart = render_charts(plain, "svg")["district_12"]
    assert len(chart.rows) == 20 and "10 đơn vị cao nhất và 10 đơn vị thấp nhất" in chart.title
    values = [float(row[2].replace(".", "").replace(",", ".")) for row in chart.rows]
    assert values == sorted(values, reverse=True) and all(row[0].startswith("UBND ") for row in chart.rows)


def test_status_table_comes_in_sections_by_former_district(consolidated: ConsolidationResult) -> None:
    from rich.console import Console

    from bgindex.cli.consolidate_view import print_status_table

    assert next(s for s in consolidated.agencies if s.agency == "XP07627").group == "Huyện Sơn Động"
    console = Console(record=True, width=160)
    print_status_table(consolidated.agencies, "Tình hình báo cáo", console)
    text = console.export_text()
    assert "Huyện Sơn Động — đã gửi 7/8" in text and text.count("— đã gửi") == 18
    assert text.index("Thống kê tỉnh Bắc Ninh") < text.index("Huyện Gia Bình — đã gửi")
