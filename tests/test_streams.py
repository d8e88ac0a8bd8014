"""Output in UTF-8 whatever the code page, redirected to a file or through a pipe; the start-up of
the entry point (version, a double-clicked build, the frozen workers)."""

from __future__ import annotations

import io
import tomllib
from pathlib import Path

import pytest
from helpers import run_bgindex

from bgindex.cli import startup
from bgindex.model.exits import ExitCode

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples" / "2024"

# Commands an officer redirects, and a Vietnamese word each prints that cp1258 cannot encode whole.
COMMANDS = {
    "status": (["status", str(SAMPLES), "--year", "2024"], "Tình hình báo cáo"),
    "validate": (["validate", str(SAMPLES), "--year", "2024"], "hợp lệ"),
    "catalog": (["catalog"], "Tỷ lệ"),
}
# A Windows console redirected to a file uses the ANSI code page; an old-fashioned POSIX locale.
ENCODINGS = {
    "cp1258": {"PYTHONIOENCODING": "cp1258"},
    "C-locale": {"PYTHONIOENCODING": None, "LANG": "C", "LC_ALL": "C", "PYTHONUTF8": "0"},
}


@pytest.mark.parametrize("encoding", ENCODINGS)
@pytest.mark.parametrize("name", COMMANDS)
@pytest.mark.parametrize("into", ["file", "pipe"])
def test_vietnamese_output_is_utf8_whatever_the_code_page(name, encoding, into, tmp_path):
    args, word = COMMANDS[name]
    if into == "file":
        target = tmp_path / "ds.txt"
        with open(target, "wb") as fh:
            proc = run_bgindex(*args, env=ENCODINGS[encoding], stdout=fh)
        text = target.read_bytes().decode("utf-8")  # strict: a wrong byte fails here
    else:
        proc = run_bgindex(*args, env=ENCODINGS[encoding])  # the helper reads its pipe as strict UTF-8
        text = proc.stdout
    assert proc.returncode == ExitCode.OK, proc.stderr
    assert word in text
    assert "Traceback" not in proc.stderr


@pytest.mark.parametrize("encoding", ENCODINGS)
def test_consolidate_summary_and_errors_are_utf8(encoding, tmp_path):
    target = tmp_path / "tong-hop.txt"
    with open(target, "wb") as fh:
        args = ["consolidate", str(SAMPLES), "--year", "2024", "--out", str(tmp_path / "kết quả")]
        proc = run_bgindex(*args, "--report-date", "01/03/2025", env=ENCODINGS[encoding], stdout=fh)
    assert proc.returncode == ExitCode.OK, proc.stderr
    text = target.read_bytes().decode("utf-8")
    assert "22 chỉ số:" in text and "kết quả" in text + proc.stderr  # the folder: "Đã ghi …"
    wrong = run_bgindex("validate", str(tmp_path / "không-có"), "--year", "2024", env=ENCODINGS[encoding])
    assert wrong.returncode == ExitCode.USAGE
    assert "không-có" in wrong.stderr  # stderr too: UTF-8, read strictly by the helper


def test_streams_are_reconfigured_to_utf8_with_replacement():
    raw = io.BytesIO()
    stream = io.TextIOWrapper(raw, encoding="cp1258")
    startup.utf8_streams([stream, object()])  # an object without reconfigure is left alone
    name = "kết quả".encode().decode("ascii", "surrogateescape")  # argv under the C locale
    stream.write(f"Đường ống xử lý nước thải ✓ {name} \udcff \ud800")  # lone surrogates: replaced
    stream.flush()
    assert raw.getvalue().decode("utf-8") == "Đường ống xử lý nước thải ✓ kết quả ? ?"


def test_version_names_the_package_version():
    declared = tomllib.loads((ROOT / "pyproject.toml").read_text(encoding="utf-8"))["project"]["version"]
    import bgindex

    assert bgindex.__version__ == declared  # the fallback of a frozen build says the same
    proc = run_bgindex("--version")
    assert (proc.returncode, proc.stdout.strip()) == (0, f"bgindex phiên bản {declared}")


def test_no_arguments_from_a_terminal_shows_the_help_as_before():
    proc = run_bgindex()
    assert proc.returncode == ExitCode.USAGE
    assert "catalog" in proc.stdout and "Nhấn Enter" not in proc.stdout


@pytest.mark.parametrize(
    ("argv", "frozen", "own_console", "expected"),
    [
        (["bgindex.exe"], True, True, True),  # double-clicked build
        (["bgindex.exe"], True, False, False),  # the build typed in a command prompt
        (["bgindex.exe", "catalog"], True, True, False),
        (["bgindex"], False, True, False),  # python -m bgindex, the console script
    ],
)
def test_a_double_click_is_a_frozen_build_without_arguments_in_its_own_console(
    argv, frozen, own_console, expected
):
    assert startup.double_clicked(argv, frozen, lambda: own_console) is expected


def test_own_console_is_known_only_on_windows():
    if startup.sys.platform != "win32":
        assert startup._own_console() is False


def test_a_double_click_explains_what_to_do_and_waits_for_enter():
    shown: list[str] = []
    asked: list[str] = []
    startup.explain_and_wait(shown.append, lambda prompt: asked.append(prompt) or "")
    assert "cửa sổ lệnh" in shown[0] and "bgindex consolidate" in shown[0]
    assert asked == ["\nNhấn Enter để đóng cửa sổ này."]

    def closed(prompt: str) -> str:
        raise EOFError

    startup.explain_and_wait(shown.append, closed)  # no console to read from: it just ends


def test_the_console_script_behaves_as_python_m_bgindex():
    import os
    import sys

    script = Path(sys.executable).parent / ("bgindex.exe" if os.name == "nt" else "bgindex")
    if not script.exists():
        message = "the console script is not installed (pip install -e '.[test]' installs it; .ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    for args in (["--version"], [], ["catalog", "--format", "json"]):
        by_script, by_module = run_bgindex(*args, command=[str(script)]), run_bgindex(*args)
        assert (by_script.returncode, by_script.stdout) == (by_module.returncode, by_module.stdout)
