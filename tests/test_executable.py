"""The one-folder executable (scripts/build_exe.py, PyInstaller), built once per session, runs the
main job on the samples as `python -m bgindex` does: same exit codes, same answers."""

from __future__ import annotations

import importlib.util
import json
import os
import subprocess
import sys
from pathlib import Path
from typing import Any

import pytest
from helpers import run_bgindex

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


@pytest.fixture(scope="session")
def exe(tmp_path_factory: pytest.TempPathFactory) -> list[str]:
    if importlib.util.find_spec("PyInstaller") is None:
        message = "PyInstaller is not installed: pip install '.[build]' (.ci/run does)"
        if os.environ.get("CI"):
            pytest.fail(message)
        pytest.skip(message)
    base = tmp_path_factory.mktemp("exe")
    script = ROOT / "scripts" / "build_exe.py"
    args = ["--dist", str(base / "dist"), "--work", str(base / "work")]
    build = subprocess.run([sys.executable, str(script), *args], capture_output=True, text=True, timeout=1200)
    assert build.returncode == 0, build.stderr[-3000:]
    path = base / "dist" / "bgindex" / ("bgindex.exe" if os.name == "nt" else "bgindex")
    assert path.is_file()
    return [str(path)]


def _both(exe: list[str], *args: str, cwd: Path | None = None) -> tuple[Any, Any]:
    return run_bgindex(*args, command=exe, cwd=cwd), run_bgindex(*args, cwd=cwd)


def test_version_and_help(exe):
    frozen, source = _both(exe, "--version")
    assert (frozen.returncode, frozen.stdout) == (source.returncode, source.stdout)
    frozen, source = _both(exe)  # no arguments in a terminal: the help, as before
    usage = source.stdout.replace("python -m bgindex", "bgindex", 1)  # click names the program so
    assert (frozen.returncode, frozen.stdout) == (source.returncode, usage)


@pytest.mark.parametrize(
    "args",
    [
        ["catalog", "--format", "json"],
        ["validate", str(SAMPLES / "2024"), "--year", "2024", "--format", "json"],
        ["validate", str(SAMPLES / "invalid"), "--year", "2024", "--format", "json"],
        ["diff", str(SAMPLES / "2023"), str(SAMPLES / "2024"), "--format", "json"],
    ],
    ids=["catalog", "validate", "validate-invalid", "diff"],
)
def test_the_executable_answers_as_python_does(exe, args):
    frozen, source = _both(exe, *args)
    assert frozen.returncode == source.returncode, frozen.stderr
    assert json.loads(frozen.stdout) == json.loads(source.stdout)


def test_the_executable_consolidates_with_its_own_templates_and_fonts(exe, tmp_path):
    answers = {}
    for name, command in (("frozen", exe), ("source", None)):
        out = tmp_path / name
        args = ["consolidate", str(SAMPLES / "2024"), "--year", "2024", "--out", str(out), "-q"]
        done = run_bgindex(*args, "--report-date", "01/03/2025", "--format", "docx", command=command)
        report = (out / "bao-cao-2024.md").read_text(encoding="utf-8")
        answers[name] = (done.returncode, sorted(p.name for p in out.iterdir()), report, done.stdout)
    assert answers["frozen"][0] == 0, answers
    assert answers["frozen"] == answers["source"]
    report = (tmp_path / "frozen" / "bao-cao-2024.html").read_text(encoding="utf-8")
    assert "data:image/png;base64," in report  # the charts


def test_the_executable_serves_the_desk_with_its_own_pages_and_scripts(exe, tmp_path):
    """What a double-click starts: the desk, with the templates, htmx and styles packed inside."""
    import http.client
    import re

    process = subprocess.Popen(
        [*exe, "serve", "--no-browser", "--port", "0", "--workspace", str(tmp_path / "ban-lam-viec")],
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
        encoding="utf-8",
        env={**os.environ, "PYTHONIOENCODING": "utf-8"},
    )
    try:
        assert process.stdout is not None
        found = re.search(r"http://127\.0\.0\.1:(\d+)/", process.stdout.readline())
        assert found, process.stderr.read() if process.stderr else ""
        port = int(found.group(1))

        def get(path: str) -> tuple[int, str]:
            conn = http.client.HTTPConnection("127.0.0.1", port, timeout=60)
            try:
                conn.request("GET", path, headers={"Host": f"127.0.0.1:{port}"})
                answer = conn.getresponse()
                return answer.status, answer.read().decode("utf-8", "replace")
            finally:
                conn.close()

        status, page = get("/")
        assert status == 200 and "Năm báo cáo" in page
        assets = re.findall(r'(?:src|href)="(/static/[^"]+)"', page)
        assert len(assets) >= 3  # the styles, htmx and the desk's own script
        for asset in assets:
            assert get(asset)[0] == 200, asset
        assert get("/so-sanh")[0] == 200
    finally:
        process.terminate()
        process.wait(30)
