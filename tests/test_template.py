"""`bgindex template`: one workbook per agency, with what an officer and Excel need."""

from __future__ import annotations

from pathlib import Path

import pytest
from helpers import code_rows
from openpyxl import load_workbook

from bgindex.core.validate import validate_file
from bgindex.outputs.agency_template import TemplateError, make_templates
from bgindex.reading import layout as L


@pytest.fixture(scope="module")
def templates(tmp_path_factory, catalog) -> list[Path]:
    return make_templates(catalog, 2024, tmp_path_factory.mktemp("t")).files


def test_one_workbook_per_agency(templates, catalog):
    assert len(templates) == 20
    assert sorted(p.name for p in templates) == sorted(
        f"bgindex-2024-{a.code}.xlsx" for a in catalog.agencies if a.code != "YENDUNG"
    )


def test_workbook_structure(templates, catalog):
    path = next(p for p in templates if p.name.endswith("-SXD.xlsx"))
    wb = load_workbook(path)
    assert wb.sheetnames == [L.SHEET_GUIDE, L.SHEET_INFO, L.SHEET_DATA, L.SHEET_DOCS, L.SHEET_META]
    assert wb[L.SHEET_META].sheet_state == "hidden"
    meta = {r[0].value: r[1].value for r in wb[L.SHEET_META].iter_rows()}
    assert meta["agency"] == "SXD" and meta["year"] == 2024 and meta["template_version"] == "1"
    assert meta["profile"] == catalog.profile.id
    ws = wb[L.SHEET_DATA]
    rows = code_rows(ws)
    assert {"CS01", "CS15", "c01_nt_phat_sinh", "c01_nt_xu_ly_dat", "c15_dan_duoc_cap"} <= set(rows)
    headers = [ws.cell(4, c).value for c in range(1, 9)]
    assert headers == list(L.data_headers(2024).values())
    # input cells unlocked, labels locked, sheet protected
    assert ws.protection.sheet
    r = rows["c01_nt_phat_sinh"]
    assert ws.cell(r, 5).protection.locked is False
    assert ws.cell(r, 2).protection.locked is True
    # validations with Vietnamese prompts
    dvs = ws.data_validations.dataValidation
    assert any(dv.type == "decimal" and dv.prompt for dv in dvs)
    percent = [
        dv
        for dv in dvs
        if (dv.type, dv.operator, dv.formula1, dv.formula2) == ("decimal", "between", "0", "100")
    ]
    # CS01 is a percentage the agency computes itself: both its value cells accept only 0–100.
    assert [str(dv.sqref) for dv in percent] == [f"D{rows['CS01']} E{rows['CS01']}"]
    docs = wb[L.SHEET_DOCS]
    lists = [dv for dv in docs.data_validations.dataValidation if dv.type == "list"]
    assert lists and lists[0].formula1 == '"CS01,CS15"'
    guide = "\n".join(str(c.value) for c in wb[L.SHEET_GUIDE]["A"] if c.value)
    assert "20/02/2025" in guide and "Tài liệu kiểm chứng" in guide


def test_integer_variables_get_whole_number_validation(templates):
    path = next(p for p in templates if p.name.endswith("-SNV.xlsx"))
    ws = load_workbook(path)[L.SHEET_DATA]
    r = code_rows(ws)["c25_can_bo_mt"]
    whole = [dv for dv in ws.data_validations.dataValidation if dv.type == "whole"]
    assert whole and any(f"E{r}" in str(dv.sqref) for dv in whole)


def test_renamed_template_is_still_recognised(templates, catalog, tmp_path):
    path = next(p for p in templates if p.name.endswith("-SYT.xlsx"))
    renamed = tmp_path / "bao cao y te (final) v2.xlsx"
    renamed.write_bytes(path.read_bytes())
    report = validate_file(renamed, catalog, 2024)
    assert report.agency == "SYT" and report.year == 2024


def test_agency_filter_and_errors(catalog, tmp_path):
    result = make_templates(catalog, 2024, tmp_path, ["SXD", "CTK"])
    assert sorted(p.name for p in result.files) == ["bgindex-2024-CTK.xlsx", "bgindex-2024-SXD.xlsx"]
    with pytest.raises(TemplateError):
        make_templates(catalog, 2024, tmp_path, ["KHONGCO"])


def test_retired_indicators_only_before_2021(catalog, tmp_path):
    ws = load_workbook(make_templates(catalog, 2020, tmp_path, ["STNMT"]).files[0])[L.SHEET_DATA]
    assert {"CS06", "CS08", "CS10"} <= set(code_rows(ws))
    ws = load_workbook(make_templates(catalog, 2024, tmp_path, ["STNMT"]).files[0])[L.SHEET_DATA]
    assert not {"CS06", "CS08", "CS10"} & set(code_rows(ws))


def test_mini_profile_templates(mini_catalog, tmp_path):
    files = make_templates(mini_catalog, 2030, tmp_path).files
    assert len(files) == 4
    ws = load_workbook(files[0])[L.SHEET_DATA]
    assert "Bắc Giang" not in str([c.value for row in ws.iter_rows() for c in row])


# Strings openpyxl would store as live formulas (it treats any str starting with "=" as one).
FORMULA_LIKE = ['=HYPERLINK("http://x")', "=1+1", "=SUM(A1:A3)", '=cmd|" /C calc"!A0', "= 2"]


def test_untrusted_text_never_becomes_a_formula(tmp_path):
    from openpyxl import Workbook

    from bgindex.outputs.xlsx_writing import put

    wb = Workbook()
    for r, text in enumerate(FORMULA_LIKE, start=1):
        put(wb.active.cell(r, 1), text)
    wb.save(tmp_path / "x.xlsx")
    again = load_workbook(tmp_path / "x.xlsx")
    for r, text in enumerate(FORMULA_LIKE, start=1):
        cell = again.active.cell(r, 1)
        assert (cell.data_type, cell.value) == ("s", text), r


def test_plain_openpyxl_would_write_these_as_formulas(tmp_path):
    """The control for the test above: without put() these strings become formulas."""
    from openpyxl import Workbook

    wb = Workbook()
    for r, text in enumerate(FORMULA_LIKE, start=1):
        wb.active.cell(r, 1).value = text
    wb.save(tmp_path / "x.xlsx")
    again = load_workbook(tmp_path / "x.xlsx")
    assert all(again.active.cell(r, 1).data_type == "f" for r in range(1, len(FORMULA_LIKE) + 1))


def test_previous_column_prefilled_from_last_years_result(cli, catalog, tmp_path):
    from conftest import SAMPLES

    from bgindex.core.consolidate import consolidate
    from bgindex.outputs.result_set import write_outputs

    result = consolidate(SAMPLES / "2023", 2023, catalog)
    kq = write_outputs(result, catalog, tmp_path, ("xlsx",))[0]
    out = tmp_path / "bieu-mau"
    res = cli(["template", "--year", "2024", "--out", str(out), "--previous", str(kq)])
    assert res.code == 0 and "điền sẵn" in res.stderr
    reported: dict[tuple[str, str], float] = {}
    for r in result.inputs:  # Yên Dũng (merged into TP Bắc Giang on 01/01/2025) counts for the city
        if r.value is not None and r.agency != "LUCNGAN":  # part of Lục Ngạn is now thị xã Chũ
            key = ("TPBACGIANG" if r.agency == "YENDUNG" else r.agency, r.variable)
            reported[key] = reported.get(key, 0) + r.value
    assert ("TPBACGIANG", "c12_ctr_phat_sinh") in reported
    checked = 0
    for path in out.iterdir():
        ws = load_workbook(path)[L.SHEET_DATA]
        agency = path.stem.split("-")[-1]
        for code, row in code_rows(ws).items():
            if (agency, code) in reported:
                assert ws.cell(row, 4).value == pytest.approx(reported[(agency, code)])
                checked += 1
    assert checked == len(reported)
    for agency in ("LUCNGAN", "TXCHU"):  # the figures of the part that moved are not known
        ws = load_workbook(out / f"bgindex-2024-{agency}.xlsx")[L.SHEET_DATA]
        assert all(ws.cell(row, 4).value is None for row in code_rows(ws).values())
    # The same profile for another year (2025 alone would pick the Bắc Ninh profile by year).
    argv = ["template", "--year", "2025", "--profile", "bac-giang", "--out", str(out), "--previous", str(kq)]
    wrong = cli(argv)
    assert wrong.code == 2
