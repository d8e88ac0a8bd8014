"""Killing `consolidate` while it writes leaves every output whole: the old version or the new one."""

from __future__ import annotations

import json
import os
import random
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

from openpyxl import load_workbook

from bgindex.outputs.result_set import output_names

ROOT = Path(__file__).resolve().parents[1]
SAMPLES_2024 = ROOT / "data" / "samples" / "2024"
FINAL = set(output_names(2024).values())


def _consolidate(folder: Path, out: Path, report_date: str) -> subprocess.Popen:
    return subprocess.Popen(
        [
            sys.executable,
            "-m",
            "bgindex",
            "consolidate",
            str(folder),
            "--year",
            "2024",
            "--out",
            str(out),
            "--quiet",
            "--report-date",
            report_date,
            "--workers",
            "1",
        ],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
        start_new_session=True,
    )


def _kill(proc: subprocess.Popen) -> None:
    try:
        os.killpg(proc.pid, signal.SIGKILL)  # the run and the readers it forked
    except ProcessLookupError:
        pass
    proc.wait()


def _complete(out: Path) -> None:
    """Each default output is whole: it parses to the end."""
    json.loads((out / "ket-qua-2024.json").read_text(encoding="utf-8"))
    assert (out / "bao-cao-2024.html").read_text(encoding="utf-8").rstrip().endswith("</html>")
    assert (out / "bao-cao-2024.md").read_text(encoding="utf-8").strip()
    assert len(load_workbook(out / "ket-qua-2024.xlsx").sheetnames) > 2


def _snapshot(out: Path) -> dict[str, bytes]:
    return {p.name: p.read_bytes() for p in out.iterdir() if p.name in FINAL}


def test_killed_consolidate_leaves_previous_outputs_readable(tmp_path):
    folder = tmp_path / "in"
    folder.mkdir()
    for path in sorted(SAMPLES_2024.glob("*.xlsx"))[:3]:
        shutil.copy(path, folder / path.name)
    out = tmp_path / "out"
    started = time.monotonic()
    first = _consolidate(folder, out, "01/03/2025")
    assert first.wait(timeout=120) in (0, 1)
    duration = time.monotonic() - started
    assert {p.name for p in out.iterdir()} == FINAL - {"bao-cao-2024.docx"}
    _complete(out)
    previous = _snapshot(out)
    replaced: set[str] = set()
    order = ["ket-qua-2024.xlsx", "bao-cao-2024.html", "bao-cao-2024.md", "ket-qua-2024.json"]
    rng = random.Random(5)
    caught_writing = 0
    for attempt in range(8):
        proc = _consolidate(folder, out, "02/03/2025")
        if attempt < 5:
            # kill the moment the temporary file of one output appears: mid-write
            prefix = f".{order[attempt % 4]}."
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline:
                if any(p.name.startswith(prefix) for p in out.iterdir()):
                    caught_writing += 1
                    break
                time.sleep(0.001)
        else:
            time.sleep(rng.uniform(0.3, 1.2) * duration)
        _kill(proc)
        _complete(out)  # the old version, or a new one written in full
        now = _snapshot(out)
        assert now.keys() == previous.keys()
        replaced |= {name for name in now if now[name] != previous[name]}
        for path in out.iterdir():
            if path.name not in FINAL:
                assert path.name.startswith(".") and path.name.endswith(".tmp"), path.name
    assert caught_writing >= 2, "too few kills landed while outputs were being written"
    assert replaced, "no run got as far as replacing an output"
