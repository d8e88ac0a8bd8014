"""The command line's conventions: quiet, filters, stdin, examples, completion values, usage errors in
Vietnamese with the command's help, and the same exit code for the same situation in every command."""

from __future__ import annotations

import re
from pathlib import Path

import pytest
from helpers import run_bgindex

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
INVALID = SAMPLES / "invalid"
COMMANDS = ["catalog", "template", "validate", "consolidate", "status", "diff"]

# English that click, typer, pydantic or tomllib would print if a message escaped translation.
ENGLISH = [
    "Usage:",
    "Options",
    "Arguments",
    "Commands",
    "[OPTIONS]",
    "COMMAND [ARGS]",
    "Did you mean",
    "No such",
    "Missing",
    "Invalid value",
    "Try '",
    "for help",
    "Error:",
    "is not a valid",
    "Input should be",
    "not found in search path",
    "Expected",
    "at line",
    "Field required",
    "validation error",
    "<int>",
    "<str>",
    "<list",
    "<path",
    "[x>=",
    "required]",
    "default:",
    "Traceback",
]
_VI_LETTERS = re.compile(r"[^\x00-\x7f]")  # any letter beyond ASCII: Vietnamese here


def assert_vietnamese(text: str) -> None:
    """No known English fragment, and no sentence of three or more words that is only ASCII letters."""
    leaks = [frag for frag in ENGLISH if frag in text]
    assert not leaks, (leaks, text)
    for line in text.splitlines():
        prose = re.sub(
            r"bgindex\b.*$|'[^']*'|\S*[-_/.=|\\]\S*|\b[A-Z0-9_]{2,}\b", " ", line
        )  # names, paths, codes
        words = re.findall(r"[A-Za-z]+", prose)
        if len(words) >= 3 and not _VI_LETTERS.search(prose):
            raise AssertionError(f"English-looking sentence: {line!r}")


@pytest.fixture(scope="module")
def bad_toml(tmp_path_factory) -> Path:
    path = tmp_path_factory.mktemp("toml") / "danh-muc.toml"
    path.write_text('[profile]\nid = "x"\nname\n', encoding="utf-8")
    return path


@pytest.fixture(scope="module")
def bad_templates(tmp_path_factory) -> list[Path]:
    folders = []
    for i, text in enumerate(["{{ r.year ", '{% include "khong-co.j2" %}', "{{ r.khong_co.x }}"]):
        folder = tmp_path_factory.mktemp(f"mau-{i}")
        (folder / "bao-cao.md.j2").write_text(text, encoding="utf-8")
        folders.append(folder)
    return folders


def usage_cases(bad_toml: Path, bad_templates: list[Path], out: Path) -> list[tuple[list[str], int]]:
    report = ["consolidate", str(SAMPLES / "2024"), "--year", "2024", "--out", str(out), "-q", "--templates"]
    return [
        *[([*report, str(folder)], 2) for folder in bad_templates],  # template loader
        (["validatee"], 2),  # unknown command
        (["validate", "x.xlsx", "--yaer", "2024"], 2),  # unknown option
        (["validate"], 2),  # missing argument
        (["consolidate", str(SAMPLES / "2024")], 2),  # missing option
        (["catalog", "--year", "hai"], 2),  # bad year
        (["validate", str(INVALID), "--workers", "0"], 2),  # out of range
        (["catalog", "--format", "xml"], 2),  # bad --format
        (["diff", "a", "b", "--format", "pdf"], 2),
        (["validate", "khong-co.xlsx"], 2),  # missing path
        (["catalog", "--catalog", "khong-co.toml"], 2),  # unreadable catalogue
        (["catalog", "--catalog", str(bad_toml)], 2),  # bad catalogue TOML
        (["template", "--year", "2024", "--out", "x", "--agency", "KHONGCO"], 2),  # unknown agency
        (["validate", str(INVALID), "--only", "#khong"], 2),  # unknown tag
        (["status", str(SAMPLES / "2024"), "--year", "2024", "--today", "31/02/2025"], 2),  # bad date
        (["validate", "x.xlsx", "--year"], 2),  # option without its value
    ]


def test_every_usage_error_is_vietnamese_and_points_to_the_commands_help(bad_toml, bad_templates, tmp_path):
    for args, code in usage_cases(bad_toml, bad_templates, tmp_path / "ket-qua"):
        run = run_bgindex(*args, cwd=tmp_path)
        assert run.returncode == code, (args, run.stderr)
        assert_vietnamese(run.stdout + run.stderr)
        command = args[0] if args[0] in COMMANDS else None
        expected = f"bgindex {command} --help" if command else "bgindex --help"
        assert f"Xem: {expected}" in run.stderr, (args, run.stderr)


def test_suggestions_and_valid_agency_codes_are_listed(tmp_path):
    run = run_bgindex("validat")
    assert "có phải ý bạn là validate" in run.stderr
    run = run_bgindex("validate", "x.xlsx", "--yaer", "2024")
    assert "có phải ý bạn là --year" in run.stderr
    run = run_bgindex("diff", str(SAMPLES / "2023"), str(SAMPLES / "2024"), "--agency", "KHONGCO")
    assert run.returncode == 2 and "HIEPHOA" in run.stderr and "SCT" in run.stderr


def test_help_is_vietnamese_with_examples_and_choices():
    for args in ([], *[[c] for c in COMMANDS]):
        run = run_bgindex(*args, "--help", columns=80)
        assert run.returncode == 0
        assert_vietnamese(run.stdout)
        if args:
            assert "Ví dụ:" in run.stdout and f"  bgindex {args[0]} " in run.stdout
    top = run_bgindex("--help").stdout
    assert "Cách dùng: bgindex [TÙY_CHỌN] LỆNH [THAM_SỐ]…" in top
    assert "--format table|json" in run_bgindex("validate", "--help").stdout


def test_missing_path_is_2_in_every_command(tmp_path):
    gone = str(tmp_path / "khong-co")
    cases = {
        "catalog": ["catalog", "--catalog", gone],
        "template": ["template", "--year", "2024", "--out", str(tmp_path / "o"), "--previous", gone],
        "validate": ["validate", gone],
        "consolidate": ["consolidate", gone, "--year", "2024", "--out", str(tmp_path / "k")],
        "status": ["status", gone, "--year", "2024"],
        "diff": ["diff", gone, str(SAMPLES / "2024")],
    }
    assert set(cases) == set(COMMANDS)
    for name, args in cases.items():
        run = run_bgindex(*args)
        assert run.returncode == 2, (name, run.stderr)
        assert "không tìm thấy" in run.stderr, name


def test_quiet_prints_only_errors_and_the_final_line(tmp_path):
    runs = {
        "catalog": run_bgindex("catalog", "-q"),
        "validate": run_bgindex("validate", str(INVALID), "-q"),
        "status": run_bgindex("status", str(SAMPLES / "2024"), "--year", "2024", "-q"),
        "consolidate": run_bgindex(
            "consolidate", str(SAMPLES / "2024"), "--year", "2024", "--out", str(tmp_path), "-q"
        ),
        "diff": run_bgindex("diff", str(SAMPLES / "2023"), str(SAMPLES / "2024"), "-q"),
        "template": run_bgindex("template", "--year", "2024", "--out", str(tmp_path / "t"), "-q"),
    }
    assert set(runs) == set(COMMANDS)
    for name, run in runs.items():
        lines = run.stdout.splitlines()
        assert "│" not in run.stdout and "cảnh báo W_" not in run.stdout, name
        if name == "validate":
            assert lines[-1].startswith("Tổng cộng: 11 tệp") and "lỗi E_NOT_NUMBER" in run.stdout
        elif name == "template":
            assert not lines and run.stderr.startswith("Đã tạo 20 biểu mẫu")
        else:
            assert len(lines) == 1, (name, lines)


def test_only_problems_and_filters_change_what_is_shown_not_the_exit_code():
    everything = run_bgindex("validate", str(INVALID))
    problems = run_bgindex("validate", str(INVALID), "--chi-loi")
    assert problems.returncode == everything.returncode == 1
    assert "hợp lệ (0 lỗi, 0 cảnh báo)" in everything.stdout
    assert "hợp lệ (0 lỗi, 0 cảnh báo)" not in problems.stdout
    only = run_bgindex("validate", str(INVALID), "--only", "E_NEGATIVE", "--only-problems")
    assert only.returncode == 1 and "E_NEGATIVE" in only.stdout and "E_NOT_NUMBER" not in only.stdout
    skip = run_bgindex("validate", str(INVALID), "--skip", "#cell,#structure", "--chi-loi")
    assert skip.returncode == 1 and "E_NEGATIVE" not in skip.stdout and "E_NOT_TEMPLATE" in skip.stdout
    assert "không hiện theo --only/--skip" in skip.stdout
    import json

    data = json.loads(run_bgindex("validate", str(INVALID), "--only", "#cell", "--format", "json").stdout)
    codes = {i["code"] for f in data["files"] for i in f["issues"]}
    assert codes and "E_NOT_TEMPLATE" not in codes and data["exit_code"] == 1


def test_a_workbook_from_standard_input():
    data = (INVALID / "loi-02-so-am.xlsx").read_bytes()
    run = run_bgindex("validate", "-", "--year", "2024", stdin=data)
    assert run.returncode == 1 and "(đầu vào chuẩn)" in run.stdout and "E_NEGATIVE" in run.stdout
    junk = run_bgindex("validate", "-", stdin=b"day khong phai bang tinh")
    assert junk.returncode == 3 and "(đầu vào chuẩn)" in junk.stdout
    empty = run_bgindex("validate", "-", stdin=b"")
    assert empty.returncode == 3 and "E_FILE_EMPTY" in empty.stdout


def test_format_values_complete_in_the_shell():
    import os
    import subprocess
    import sys

    env = {
        **os.environ,
        "PYTHONPATH": str(ROOT / "src"),
        "_BGINDEX_COMPLETE": "complete_bash",
        "COMP_WORDS": "bgindex diff a b --format ",
        "COMP_CWORD": "5",
    }
    run = subprocess.run([sys.executable, "-m", "bgindex"], env=env, capture_output=True, text=True)
    assert {"table", "text", "json", "docx"} <= set(run.stdout.split()), run.stdout + run.stderr


def test_toml_errors_are_vietnamese_with_line_and_column():
    import tomllib

    from bgindex.catalog.toml_vi import toml_error_vi

    for text in ("a = 1\nb\n", "[x\n", "a = 'x\n", "a = [1,\n", "a = nope\n", "a = 1\na = 2\n", "[[x]\n"):
        try:
            tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            vi = toml_error_vi(str(exc))
            assert_vietnamese(vi)
            assert "cú pháp TOML không đúng" not in vi, (text, str(exc))
            assert re.match(r"(dòng \d+, cột \d+|cuối tệp): ", vi), vi
        else:
            raise AssertionError(text)


def test_validate_progress_bar_only_on_a_terminal_for_long_runs(monkeypatch, catalog):
    import sys

    from bgindex.cli import app

    asked: list[bool] = []
    real = app._progress
    monkeypatch.setattr(app, "_progress", lambda enabled: asked.append(enabled) or real(enabled))
    one = [INVALID / "loi-02-so-am.xlsx"]
    for tty, paths, quiet in (
        (True, [SAMPLES / "2024"], False),
        (True, one, False),
        (True, [SAMPLES / "2024"], True),
    ):
        monkeypatch.setattr(sys.stderr, "isatty", lambda tty=tty: tty)
        result = app._validate_with_progress(paths, catalog, 2024, 1, False, False, {}, quiet)
        assert result.summary.files == len(paths) if paths == one else 20
    monkeypatch.setattr(sys.stderr, "isatty", lambda: False)
    app._validate_with_progress([SAMPLES / "2024"], catalog, 2024, 1, False, False, {}, False)
    assert asked == [True, False, False, False]
