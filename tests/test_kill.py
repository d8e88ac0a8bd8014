"""Killing `consolidate` while it writes leaves every output whole, and the next start restores one set:
the old one or the new one, never a mix."""

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
from bgindex.outputs.swap import BACKUP, LOCK, STAGING, recover

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
    assert {p.name for p in out.iterdir()} == FINAL - {"bao-cao-2024.docx", "tom-tat-2024.docx"}
    _complete(out)
    previous = _snapshot(out)
    # what a finished run with the new report date changes: the outputs that print the date
    other = tmp_path / "other"
    assert _consolidate(folder, other, "02/03/2025").wait(timeout=120) in (0, 1)
    dated = {name for name, data in _snapshot(other).items() if data != previous[name]}
    assert "ket-qua-2024.json" in dated
    replaced: set[str] = set()
    order = ["ket-qua-2024.xlsx", "bao-cao-2024.html", "bao-cao-2024.md", "ket-qua-2024.json"]
    rng = random.Random(5)
    caught_writing = 0
    for attempt in range(8):
        proc = _consolidate(folder, out, "02/03/2025")
        if attempt < 5:
            # kill the moment one output appears in the staging folder: mid-write
            name = order[attempt % 4]
            deadline = time.monotonic() + 60
            while proc.poll() is None and time.monotonic() < deadline:
                if any((p / name).exists() for p in out.glob(f"{STAGING}*")):
                    caught_writing += 1
                    break
                time.sleep(0.001)
        else:
            time.sleep(rng.uniform(0.5, 1.6) * duration)
        _kill(proc)
        _complete(out)  # each file: the old version, or a new one written in full
        for path in out.iterdir():
            if path.name not in FINAL:
                assert path.name == LOCK or path.name.startswith((STAGING, BACKUP)), path.name
        recover(out)  # what the next run does first
        assert {p.name for p in out.iterdir()} <= FINAL | {LOCK}
        _complete(out)
        now = _snapshot(out)
        assert now.keys() == previous.keys()
        changed = {name for name in now if now[name] != previous[name]}
        assert not changed or changed == dated, changed  # one set: the old one or the new one
        replaced |= changed
    assert caught_writing >= 2, "too few kills landed while outputs were being written"
    assert replaced, "no run got as far as replacing an output"
