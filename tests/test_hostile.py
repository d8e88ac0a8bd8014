"""Hostile and messy files through the real CLI: the documented code and exit, no traceback, inputs
untouched; consolidate and status over the whole corpus; defusedxml in force; --debug."""

from __future__ import annotations

import datetime as dt
import hashlib
import json
import os
import shutil
import subprocess
import sys
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path

import pytest
from corpus import AGENCY, BY_NAME, CASES, REPORT_DATE, UNICODE_CAUSE, Case, render_doc

from bgindex.model.issues import TYPES

ROOT = Path(__file__).resolve().parents[1]
SAMPLES_2024 = ROOT / "data" / "samples" / "2024"


def _sha(path: Path) -> str:
    return hashlib.sha256(path.read_bytes()).hexdigest()


def _run(args: list[str], timeout: float = 120) -> tuple[int, str, str]:
    env = {**os.environ, "COLUMNS": "200", "PYTHONIOENCODING": "utf-8"}
    proc = subprocess.run(
        [sys.executable, "-m", "bgindex", *args],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=timeout,
    )
    return proc.returncode, proc.stdout, proc.stderr


@pytest.fixture(scope="session")
def checksums(corpus) -> dict[str, str]:
    return {name: _sha(path) for name, path in corpus.items()}


@pytest.fixture(scope="session")
def runs(corpus, checksums) -> dict[str, tuple[int, str, str]]:
    """Every case alone through `validate FILE --year 2024 --format json` (three at a time)."""

    def one(name: str) -> tuple[int, str, str]:
        return _run(["validate", str(corpus[name]), "--year", "2024", "--format", "json"])

    with ThreadPoolExecutor(max_workers=3) as pool:
        return dict(zip(corpus, pool.map(one, corpus), strict=True))


@pytest.fixture(scope="session")
def table_run(corpus, checksums) -> tuple[int, dict[str, str], str]:
    """The whole corpus in one `validate` run with the table output, split into one block per file."""
    code, out, err = _run(["validate", *map(str, corpus.values()), "--year", "2024"])
    blocks: dict[str, str] = {}
    current = None
    for line in out.splitlines():
        head = next((n for n, p in corpus.items() if line.startswith((f"{p} —", f"{p}:"))), None)
        if head is not None:
            current = head
            blocks[current] = ""
        if current is not None:
            blocks[current] += line + "\n"
    return code, blocks, err


def _issues(result: tuple[int, str, str]) -> list[dict]:
    data = json.loads(result[1])
    assert len(data["files"]) == 1
    return data["files"][0]["issues"]


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_gives_its_documented_answer(case: Case, runs):
    code, out, err = runs[case.name]
    assert "Traceback" not in out + err and "panicked" not in err, err
    assert code == case.exit, (code, err[-500:])
    issues = _issues(runs[case.name])
    found = {(i["code"], i["sheet"], i["cell"]) for i in issues}
    assert all(i["code"] in TYPES for i in issues)
    if case.code is None:
        assert not issues, found
    else:
        assert case.code in {c for c, _, _ in found}, found
    for place in case.where:
        sheet, cell = place.split("!")
        assert (case.code, sheet, cell) in found, (place, found)
    assert not {c for c, _, _ in found} & set(case.absent), found
    assert any(TYPES[i["code"]].fatal for i in issues) == (case.exit == 3)


STATUS_VI = {0: ("hợp lệ",), 1: ("có lỗi",), 3: ("không đọc được",)}


@pytest.mark.parametrize("case", CASES, ids=[c.name for c in CASES])
def test_case_table_output(case: Case, table_run):
    code, blocks, err = table_run
    assert code == 3 and "Traceback" not in "".join(blocks.values()) + err, err
    block = blocks[case.name]
    assert any(f": {word}" in block.splitlines()[0] for word in STATUS_VI[case.exit]), block[:300]
    if case.code:
        assert case.code in block
    for place in case.where:
        assert place.split("!")[1] in block


@pytest.mark.parametrize("stem", ["o-gop", "dong-an", "loi-chia-0"])
def test_messy_files_read_alike_in_every_format(stem, corpus, catalog):
    from bgindex.core.validate import validate_file

    keys = {
        ext: sorted(
            (i.code, i.sheet, i.cell) for i in validate_file(corpus[f"{stem}.{ext}"], catalog, 2024).issues
        )
        for ext in ("xlsx", "xls", "ods")
    }
    assert keys["xls"] == keys["xlsx"] == keys["ods"], keys


def test_formula_error_is_named_as_excel_names_it_in_every_format(corpus, catalog):
    from bgindex.core.validate import validate_file

    for ext in ("xlsx", "xls", "ods"):
        found = validate_file(corpus[f"loi-chia-0.{ext}"], catalog, 2024).issues
        assert [i.value for i in found if i.code == "E_FORMULA_ERROR"] == ["#DIV/0!"], ext


@pytest.mark.parametrize(
    "name",
    [
        "dong-an.xlsx",
        "dong-an.xls",
        "dong-an.ods",
        "trang-an.xlsx",
        "doi-ten-trang.xlsx",
        "nfd.xlsx",
        "o-32767-ky-tu.xlsx",
        "xlsx-doi-ten.xls",
        "hop-le.xls",
        "hop-le.ods",
    ],
)
def test_messy_but_readable_files_keep_their_values(name, runs, corpus, catalog):
    from bgindex.core.validate import validate_file

    base = validate_file(corpus["doi-ten-trang.xlsx"], catalog, 2024).report
    report = json.loads(runs[name][1])["files"][0]["report"]
    assert {k: v["value"] for k, v in report["values"].items()} == {
        k: v.value for k, v in base.values.items()
    }
    assert report["values"]["c01_nt_phat_sinh"]["value"] == 3012.5
    if name == "o-32767-ky-tu.xlsx":
        assert len(report["indicators"]["01"]["cause"]) > 32_000


def test_legacy_warning_shows_the_unicode_text(runs):
    for name in ("tcvn3.xlsx", "vni.xlsx"):
        issue = next(i for i in _issues(runs[name]) if i["code"] == "W_LEGACY_ENCODING")
        assert UNICODE_CAUSE in issue["message"], issue["message"]


def test_messages_tell_what_to_do_in_vietnamese(runs):
    for case in CASES:
        for issue in _issues(runs[case.name]):
            assert issue["message"] and issue["hint"], issue
            assert any(ch in issue["message"] + issue["hint"] for ch in "ăâđêôơưạảấầẩẫậắằẳẵặ"), issue


def test_doc_lists_every_case():
    assert (ROOT / "docs" / "hostile-files.md").read_text(encoding="utf-8") == render_doc(), (
        "docs/hostile-files.md is stale: python tests/corpus.py --doc > docs/hostile-files.md"
    )


@pytest.fixture(scope="session")
def mixed_folder(corpus, tmp_path_factory) -> Path:
    """The whole corpus plus the valid 2024 samples of every agency but one (YENTHE), in one folder."""
    folder = tmp_path_factory.mktemp("mixed")
    for path in corpus.values():
        shutil.copy(path, folder / path.name)
    for path in sorted(SAMPLES_2024.glob("*.xlsx")):
        if "YENTHE" not in path.name:
            shutil.copy(path, folder / path.name)
    # The corpus holds many reports of HIEPHOA dated 10/02/2025; its sample report, dated later,
    # is the one the status must find valid (the latest report of an agency wins).
    from openpyxl import load_workbook

    from bgindex.reading import layout as L

    sample = folder / f"bgindex-2024-{AGENCY}.xlsx"
    wb = load_workbook(sample)
    wb[L.SHEET_INFO][REPORT_DATE].value = dt.datetime(2025, 2, 18)
    wb.save(sample)
    return folder


@pytest.fixture(scope="session")
def folder_runs(mixed_folder, tmp_path_factory) -> dict[str, tuple[int, str, str]]:
    before = {p.name: _sha(p) for p in mixed_folder.iterdir()}
    out = tmp_path_factory.mktemp("out")
    with ThreadPoolExecutor(max_workers=2) as pool:
        consolidated = pool.submit(
            _run,
            [
                "consolidate",
                str(mixed_folder),
                "--year",
                "2024",
                "--out",
                str(out),
                "--quiet",
                "--report-date",
                "01/03/2025",
            ],
        )
        status = pool.submit(
            _run, ["status", str(mixed_folder), "--year", "2024", "--today", "01/03/2025", "--format", "json"]
        )
        results = {"consolidate": consolidated.result(), "status": status.result()}
    results["unchanged"] = (0, json.dumps(before == {p.name: _sha(p) for p in mixed_folder.iterdir()}), "")
    results["out"] = (0, str(out), "")
    return results


def test_consolidate_over_the_corpus(folder_runs):
    code, out, err = folder_runs["consolidate"]
    assert "Traceback" not in out + err, err
    assert code == 1  # done, with rejected files and an agency missing
    outputs = Path(folder_runs["out"][1])
    assert {p.name for p in outputs.iterdir()} >= {
        "ket-qua-2024.xlsx",
        "bao-cao-2024.html",
        "bao-cao-2024.md",
        "ket-qua-2024.json",
    }
    result = json.loads((outputs / "ket-qua-2024.json").read_text(encoding="utf-8"))
    fates = {Path(f["file"]).name: f["fate"] for f in result["files"]}
    for case in CASES:
        if case.exit == 3:
            assert fates[case.name] == "rejected", case.name
    assert all(fates[p.name] != "rejected" for p in SAMPLES_2024.glob("*.xlsx") if p.name in fates)


def test_status_over_the_corpus(folder_runs):
    code, out, err = folder_runs["status"]
    assert "Traceback" not in out + err, err
    assert code == 3  # unreadable files no agency can claim are listed, and make it exit 3
    data = json.loads(out)
    agencies = {a["agency"]: a for a in data["agencies"]}
    assert agencies.pop("YENTHE")["status"] == "missing"
    assert len(agencies) == 19 and all(a["status"] == "valid" for a in agencies.values())
    assert any(f["status"] == "unreadable" for f in data["other_files"])


def test_inputs_keep_their_checksums(corpus, checksums, runs, folder_runs):
    assert json.loads(folder_runs["unchanged"][1]) is True
    assert {name: _sha(path) for name, path in corpus.items()} == checksums


def test_annotated_copies_keep_text_as_text(corpus, tmp_path):
    from openpyxl import load_workbook

    names = [
        "chu-giong-cong-thuc.xlsx",
        "o-gop.ods",
        "loi-chia-0.xls",
        "o-cuoi-trang-thua.xlsx",
        "ky-tu-dieu-khien.xlsx",
    ]
    folder = tmp_path / "in"
    folder.mkdir()
    for name in names:
        shutil.copy(corpus[name], folder / name)
    before = {p.name: _sha(p) for p in folder.iterdir()}
    code, out, err = _run(
        ["validate", str(folder), "--year", "2024", "--annotate", str(tmp_path / "ann"), "--annotate-all"]
    )
    assert code == 1 and "Traceback" not in out + err
    assert before == {p.name: _sha(p) for p in folder.iterdir()}
    copies = sorted((tmp_path / "ann").iterdir())
    assert len(copies) == len(names)
    for copy in copies:
        wb = load_workbook(copy)
        assert wb.sheetnames[0] == "Kết quả kiểm tra"
        formulas = [c.coordinate for ws in wb for row in ws.iter_rows() for c in row if c.data_type == "f"]
        assert formulas == [], (copy.name, formulas)
    wb = load_workbook(tmp_path / "ann" / "chu-giong-cong-thuc.chu-thich.xlsx")
    assert wb["Số liệu"]["F5"].value.startswith("=HYPERLINK(")


def test_untrusted_text_stays_text_in_every_output(corpus, tmp_path):
    from openpyxl import load_workbook

    folder = tmp_path / "in"
    folder.mkdir()
    shutil.copy(corpus["chu-giong-cong-thuc.xlsx"], folder / "bgindex-2024-HIEPHOA.xlsx")
    code, out, err = _run(
        ["consolidate", str(folder), "--year", "2024", "--out", str(tmp_path / "out"), "--quiet"]
    )
    assert code in (0, 1) and "Traceback" not in out + err, err
    wb = load_workbook(tmp_path / "out" / "ket-qua-2024.xlsx")
    cells = [c for ws in wb for row in ws.iter_rows() for c in row]
    assert [c.coordinate for c in cells if c.data_type == "f"] == []
    texts = [c.value for c in cells if isinstance(c.value, str)]
    assert any(t.startswith("=HYPERLINK(") for t in texts)
    html = (tmp_path / "out" / "bao-cao-2024.html").read_text(encoding="utf-8")
    assert "<script>alert" not in html and "&lt;script&gt;" in html
    assert html.rstrip().endswith("</html>")


# ---- defusedxml, pre-parse refusal, --debug ------------------------------------------------------------


def test_defusedxml_is_in_force(monkeypatch):
    import defusedxml.ElementTree as SafeET

    from bgindex.intake import xml_guard as safety

    safety.assert_defused()

    class Unsafe:
        """What a parser without defusedxml would do: expand the entity."""

        @staticmethod
        def fromstring(text, **_):
            import xml.etree.ElementTree as ET

            return ET.fromstring(text)

    monkeypatch.setattr(safety, "SafeET", Unsafe)
    with pytest.raises(RuntimeError):
        safety.assert_defused()
    monkeypatch.setattr(safety, "SafeET", SafeET)
    import openpyxl.xml

    assert openpyxl.xml.DEFUSEDXML


@pytest.mark.parametrize(
    "name",
    [
        "billion-laughs-chuoi.xlsx",
        "billion-laughs-trang.xlsx",
        "dtd-sau-chu-thich.xlsx",
        "dtd-utf16.xlsx",
        "xxe-passwd.xlsx",
        "bom-nen.xlsx",
        "khai-thieu-bom.xlsx",
        "hang-nghin-trang.xlsx",
    ],
)
def test_refused_before_any_parser(name, corpus, catalog, monkeypatch):
    import openpyxl
    import python_calamine

    from bgindex.core.validate import validate_file

    def forbidden(*args, **kwargs):
        raise AssertionError("a spreadsheet parser was called")

    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_filelike", forbidden)
    monkeypatch.setattr(python_calamine.CalamineWorkbook, "from_path", forbidden)
    monkeypatch.setattr(openpyxl, "load_workbook", forbidden)
    report = validate_file(corpus[name], catalog, 2024)
    assert report.status == "unreadable"
    assert [i.code for i in report.issues] == [BY_NAME[name].code]


@pytest.mark.parametrize("failure", ["abort", "memory", "hang"])
def test_a_reader_that_dies_or_hangs_costs_only_its_file(failure, corpus, catalog, monkeypatch):
    """What a native reader does on a hostile file (abort, runaway allocation, endless loop),
    played in the isolated worker: that file is unsafe, the others are read, nothing raises."""
    import time

    from bgindex.core import validate as V

    real = V.validate_file

    def reader(path, *args, **kwargs):
        if Path(path).name == "hop-le.ods":
            if failure == "abort":
                os._exit(134)
            if failure == "memory":
                return bytearray(4 * 1024**3)  # beyond the worker's address-space limit
            time.sleep(30)
        return real(path, *args, **kwargs)

    monkeypatch.setattr(V, "validate_file", reader)
    monkeypatch.setattr(V, "TIMEOUT_S", 2.0)
    result = V.validate([corpus["hop-le.ods"], corpus["tcvn3.xlsx"]], catalog, 2024, workers=1)
    bad, good = result.files
    assert bad.status == "unreadable" and [i.code for i in bad.issues] == ["E_FILE_UNSAFE"]
    assert good.status == "valid" and result.exit_code == 3


def test_a_named_pipe_is_refused_not_waited_on(tmp_path):
    pipe = tmp_path / "ong-dan.xlsx"
    os.mkfifo(pipe)
    code, out, err = _run(["validate", str(pipe), "--year", "2024", "--format", "json"], timeout=60)
    assert code == 3 and "Traceback" not in out + err
    assert json.loads(out)["files"][0]["issues"][0]["code"] == "E_FILE_NOT_SPREADSHEET"


def test_debug_shows_no_traceback_for_hostile_files(corpus):
    files = [
        str(corpus[n])
        for n in (
            "bom-nen.xlsx",
            "xls-bang-chuoi-gia.xls",
            "ods-khoang-trang.ods",
            "mat-khau.xlsx",
            "rong.xlsx",
        )
    ]
    code, out, err = _run(["validate", *files, "--year", "2024", "--debug"])
    assert code == 3 and "Traceback" not in out + err


def _main(args: list[str], monkeypatch) -> int:
    from bgindex.cli import app as cli

    monkeypatch.setattr(sys, "argv", ["bgindex", *args])
    with pytest.raises(SystemExit) as exit_info:
        cli.main()
    return exit_info.value.code


def test_debug_shows_a_traceback_for_an_internal_error(corpus, monkeypatch, capsys):
    from bgindex.core import validate as validate_module

    def broken(*args, **kwargs):
        raise RuntimeError("bug in bgindex")

    # The workers are forked from this process, so they run the broken function too.
    monkeypatch.setattr(validate_module, "validate_file", broken)
    path = str(corpus["hop-le.ods"])
    assert _main(["validate", path, "--year", "2024", "--format", "json"], monkeypatch) == 3
    captured = capsys.readouterr()
    assert "Traceback" not in captured.out + captured.err
    assert json.loads(captured.out)["files"][0]["issues"][0]["code"] == "E_READ_INTERNAL"
    assert _main(["validate", path, "--year", "2024", "--debug"], monkeypatch) == 3
    captured = capsys.readouterr()
    assert "Traceback" in captured.err and "bug in bgindex" in captured.err


def test_internal_error_in_the_main_process(corpus, monkeypatch, capsys):
    from bgindex.cli import validate_view as render_validate

    def broken(*args, **kwargs):
        raise RuntimeError("rendering bug")

    monkeypatch.setattr(render_validate, "print_validation", broken)
    path = str(corpus["hop-le.xls"])
    assert _main(["validate", path, "--year", "2024"], monkeypatch) == 4
    captured = capsys.readouterr()
    assert "Traceback" not in captured.err and "--debug" in captured.err
    monkeypatch.setattr(sys, "argv", ["bgindex", "validate", path, "--year", "2024", "--debug"])
    from bgindex.cli import app as cli

    with pytest.raises(RuntimeError, match="rendering bug"):
        cli.main()
