"""`bgindex diff`: changes, direction, explanations owed, adjusted previous figures, series."""

from __future__ import annotations

import json

import pytest
from conftest import SAMPLES
from helpers import edited_2024

from bgindex.core.consolidate import consolidate
from bgindex.core.diff import diff
from bgindex.outputs.result_set import write_outputs


@pytest.fixture(scope="module")
def results(tmp_path_factory, catalog):
    """ket-qua-2022/2023/2024.xlsx made from the samples."""
    out = tmp_path_factory.mktemp("kq")
    paths = {}
    for year in (2022, 2023, 2024):
        res = consolidate(SAMPLES / str(year), year, catalog)
        paths[year] = write_outputs(res, catalog, out, ("xlsx",))[0]
    return paths


def test_readme_comparison_shows_every_indicator(cli, results):
    res = cli(["diff", str(results[2023]), str(results[2024]), "--format", "json"])
    assert res.code == 0
    data = json.loads(res.stdout)
    assert len(data["comparison"]) == 22
    for d in data["comparison"]:
        assert d["change"] == pytest.approx(d["new"] - d["old"], abs=1e-12), d["code"]
    forest = next(d for d in data["comparison"] if d["code"] == "20")
    assert forest["better"] == "lower" and forest["new"] > forest["old"]
    assert forest["assessment"] == "worsened"
    assert data["owed"] == []
    table = cli(["diff", str(results[2023]), str(results[2024])])
    assert table.code == 0 and "giảm sút" in table.stdout


def test_folders_are_consolidated_on_the_fly(catalog, results):
    from_files = diff([results[2023], results[2024]], catalog)
    from_folders = diff([SAMPLES / "2023", SAMPLES / "2024"], catalog)
    assert [(d.code, d.assessment) for d in from_files.comparison] == [
        (d.code, d.assessment) for d in from_folders.comparison
    ]
    for a, b in zip(from_files.comparison, from_folders.comparison, strict=True):
        assert a.old == pytest.approx(b.old, rel=1e-12) and a.new == pytest.approx(b.new, rel=1e-12)


@pytest.mark.parametrize("non_answer", [".", "x", "như năm trước"])
def test_a_non_answer_as_cause_still_owes_the_explanation(tmp_path, catalog, results, non_answer):
    folder, _ = edited_2024(tmp_path, "LUCNAM", {"CS13": (5, non_answer)})
    result = diff([results[2023], folder], catalog)
    assert [(o.agency, o.indicator, o.kind) for o in result.owed] == [("LUCNAM", "13", "cause")]


def test_an_agency_whose_file_was_used_with_errors_still_owes_its_explanations(tmp_path, catalog, results):
    """A bad number elsewhere in the file costs that figure only; the agency has still reported."""
    folder, _ = edited_2024(tmp_path, "LUCNAM", {"CS13": (5, None), "c12_ctr_xu_ly": (4, "khoảng 12 nghìn")})
    result = diff([results[2023], folder], catalog)
    assert ("LUCNAM", "13", "cause") in [(o.agency, o.indicator, o.kind) for o in result.owed]


def test_removing_a_cause_owes_exactly_that_explanation(tmp_path, catalog, results):
    folder, _ = edited_2024(tmp_path, "LUCNAM", {"CS13": (5, None)})
    result = diff([results[2023], folder], catalog)
    owed = [(o.agency, o.indicator, o.kind) for o in result.owed]
    assert owed == [("LUCNAM", "13", "cause")]
    d13 = next(d for d in result.comparison if d.code == "13")
    assert "needs_explanation" in d13.flags
    assert [a.agency for a in d13.agencies if a.owes] == ["LUCNAM"]
    assert all("needs_explanation" not in d.flags for d in result.comparison if d.code != "13")


def test_changed_previous_figure_is_flagged_as_adjusted(tmp_path, catalog, results):
    folder, cells = edited_2024(tmp_path, "STC", {"c24_chi_su_nghiep_mt": (3, lambda v: v + 1000)})
    result = diff([results[2023], folder], catalog)
    adjusted = [(a.agency, a.variable, a.cell) for d in result.comparison for a in d.adjustments]
    assert adjusted == [("STC", "c24_chi_su_nghiep_mt", cells["c24_chi_su_nghiep_mt"])]
    assert [o.kind for o in result.owed] == ["adjustment"]
    d24 = next(d for d in result.comparison if d.code == "24")
    assert "previous_adjusted" in d24.flags


def test_three_years_give_a_series_with_trends(cli, results):
    res = cli(["diff", str(results[2022]), str(results[2023]), str(results[2024]), "--format", "json"])
    data = json.loads(res.stdout)
    assert data["years"] == [2022, 2023, 2024]
    assert len(data["series"]) == 22
    by_code = {s["code"]: s for s in data["series"]}
    assert by_code["15"]["trend"] == "improving"
    assert by_code["20"]["trend"] == "mixed"  # 30.58 -> 21.54 (better) -> 26.91 (worse)
    assert all(len(s["points"]) == 3 for s in data["series"])


def test_agency_letter_and_strict(cli, tmp_path, results):
    folder, _ = edited_2024(tmp_path, "LUCNAM", {"CS13": (5, ""), "CS14": (5, "")})
    res = cli(["diff", str(results[2023]), str(folder), "--agency", "LUCNAM", "--format", "text"])
    assert res.code == 0
    assert res.stdout.startswith("Kính gửi: UBND huyện Lục Nam")
    assert "Chỉ số 13" in res.stdout and "Chỉ số 14" in res.stdout and "1. " in res.stdout
    strict = cli(["diff", str(results[2023]), str(folder), "--strict", "--format", "md"])
    assert strict.code == 1 and "cần giải trình" in strict.stdout
    assert cli(["diff", str(results[2023]), str(results[2024]), "--strict"]).code == 0


def test_output_formats(cli, tmp_path, results):
    for fmt in ("md", "html", "xlsx", "json"):
        target = tmp_path / f"so-sanh.{fmt}"
        res = cli(["diff", str(results[2023]), str(results[2024]), "--format", fmt, "--out", str(target)])
        assert res.code == 0 and target.exists() and target.stat().st_size > 1000
    assert cli(["diff", str(results[2023]), "--format", "md"]).code == 2
    assert cli(["diff", str(results[2024]), str(results[2024])]).code == 3
