"""The command line as a user meets it: help, exit codes, JSON parity, no tracebacks."""

from __future__ import annotations

import hashlib
import json
import shutil
from pathlib import Path

import pytest
from helpers import filled
from openpyxl import load_workbook

from bgindex.core.validate import validate
from bgindex.reading import layout as L

COMMANDS = ["catalog", "template", "validate", "consolidate", "status", "diff"]


def test_every_command_has_vietnamese_help(cli):
    top = cli(["--help"])
    assert top.code == 0 and "Cách dùng" in top.stdout
    for name in COMMANDS:
        out = cli([name, "--help"])
        assert out.code == 0, name
        assert "Cách dùng" in out.stdout and "Tùy chọn" in out.stdout
        first = out.stdout.split("\n\n")[1].strip()
        assert first and any(ch in first for ch in "ăâđêôơưáàảãạ"), (name, first)


def test_help_does_not_import_heavy_libraries():
    import subprocess
    import sys

    code = (
        "import sys; sys.argv=['bgindex','--help']\n"
        "from bgindex.cli import app as cli\n"
        "try:\n    cli.main()\nexcept SystemExit:\n    pass\n"
        "heavy = [m for m in ('pandas','openpyxl','python_calamine','jinja2','matplotlib',"
        "'docx') if m in sys.modules]\n"
        "print('HEAVY', heavy)"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert "HEAVY []" in out.stdout


@pytest.fixture(scope="module")
def good(tmp_path_factory, catalog) -> Path:
    return filled(tmp_path_factory.mktemp("g"), catalog, "SCT")


@pytest.fixture(scope="module")
def bad(tmp_path_factory, catalog) -> Path:
    path = filled(tmp_path_factory.mktemp("b"), catalog, "SGTVT")
    wb = load_workbook(path)
    ws = wb[L.SHEET_DATA]
    for row in ws.iter_rows(min_row=5):
        if row[0].value == "c07_phuong_tien":
            row[4].value = "nhiều"
    wb.save(path)
    return path


def test_validate_exit_codes(cli, good, bad, tmp_path):
    assert cli(["validate", str(good), "--year", "2024"]).code == 0
    out = cli(["validate", str(bad), "--year", "2024"])
    assert out.code == 1
    assert "E_NOT_NUMBER" in out.stdout and "Traceback" not in out.stdout + out.stderr
    junk = tmp_path / "notes.xlsx"
    junk.write_text("đây không phải bảng tính", encoding="utf-8")
    out = cli(["validate", str(junk)])
    assert out.code == 3 and "Traceback" not in out.stderr
    assert cli(["validate", str(tmp_path / "none.xlsx")]).code == 2
    assert cli(["validate", str(good), "--format", "xml"]).code == 2


def test_json_is_exactly_the_library_result(cli, good, bad, catalog):
    out = cli(["validate", str(good), str(bad), "--year", "2024", "--format", "json"])
    data = json.loads(out.stdout)
    lib = validate([good, bad], catalog, 2024)
    assert data == json.loads(lib.model_dump_json())
    cells = {(i["code"], i["cell"]) for f in data["files"] for i in f["issues"] if i["severity"] == "error"}
    assert cells == {("E_NOT_NUMBER", lib.files[1].report.values["c07_phuong_tien"].cell)}


def test_annotate_writes_copies_and_leaves_inputs_alone(cli, good, bad, tmp_path):
    inputs = tmp_path / "in"
    inputs.mkdir()
    for p in (good, bad):
        shutil.copy(p, inputs / p.name)
    before = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs.iterdir()}
    out = cli(["validate", str(inputs), "--year", "2024", "--annotate", str(tmp_path / "ann")])
    assert out.code == 1
    after = {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in inputs.iterdir()}
    assert before == after
    copies = sorted((tmp_path / "ann").iterdir())
    assert len(copies) == 1  # the clean file gets none
    out = cli(
        ["validate", str(inputs), "--year", "2024", "--annotate", str(tmp_path / "all"), "--annotate-all"]
    )
    assert len(list((tmp_path / "all").iterdir())) == 2
    annotated = load_workbook(next(c for c in copies if "SGTVT" in c.name))
    assert annotated.sheetnames[0] == "Kết quả kiểm tra"
    ws = annotated[L.SHEET_DATA]
    flagged = [c for row in ws.iter_rows() for c in row if c.comment and "[lỗi" in c.comment.text]
    assert len(flagged) == 1 and "E_NOT_NUMBER" in flagged[0].comment.text


def test_usage_errors_are_vietnamese(cli):
    out = cli(["template", "--year", "hai nghìn", "--out", "x"])
    assert out.code == 2 and "Lỗi cách dùng" in out.stderr and "Traceback" not in out.stderr
    out = cli(["khong-co-lenh"])
    assert out.code == 2 and "Traceback" not in out.stderr


def test_template_command(cli, tmp_path):
    out = cli(["template", "--year", "2024", "--out", str(tmp_path), "--agency", "SXD", "--agency", "CTK"])
    assert out.code == 0
    assert sorted(p.name for p in tmp_path.iterdir()) == ["bgindex-2024-CTK.xlsx", "bgindex-2024-SXD.xlsx"]
    out = cli(["template", "--year", "2024", "--out", str(tmp_path), "--agency", "NOPE"])
    assert out.code == 2 and "NOPE" in out.stderr


def test_library_api_names_stay_callable(catalog):
    """Importing the modules must not shadow the public functions of the package."""
    from conftest import SAMPLES

    import bgindex
    import bgindex.core.consolidate  # noqa: F401
    import bgindex.core.diff  # noqa: F401
    import bgindex.core.validate  # noqa: F401

    for name in ("validate", "consolidate", "diff", "status", "load_catalog", "make_templates"):
        assert callable(getattr(bgindex, name)), name
    first = bgindex.validate([SAMPLES / "2024" / "bgindex-2024-SNV.xlsx"], catalog, 2024)
    again = bgindex.validate([SAMPLES / "2024" / "bgindex-2024-SNV.xlsx"], catalog, 2024)
    assert first.exit_code == again.exit_code == 0


@pytest.mark.parametrize("argv", [["catalog"], ["--debug", "catalog"], ["catalog", "--debug"]])
def test_a_bug_is_one_line_and_exit_4_unless_debug_is_asked_for(argv, monkeypatch, capsys):
    """--debug works before or after the command name; without it no traceback reaches the user."""
    from bgindex.cli import app as cli
    from bgindex.cli import catalog_view

    def broken(*args, **kwargs):
        raise RuntimeError("hỏng thử")

    monkeypatch.setattr(catalog_view, "print_tables", broken)
    monkeypatch.setattr("sys.argv", ["bgindex", *argv])
    if "--debug" in argv:
        with pytest.raises(RuntimeError, match="hỏng thử"):
            cli.main()
        return
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 4
    err = capsys.readouterr().err
    assert "Traceback" not in err and "RuntimeError: hỏng thử" in err and "--debug" in err
