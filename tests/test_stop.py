"""A stopped command (SIGTERM, SIGKILL, Ctrl-C) leaves no worker behind and no temporary file."""

from __future__ import annotations

import os
import shutil
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
SAMPLES_2024 = ROOT / "data" / "samples" / "2024"


@pytest.fixture(scope="module")
def many(tmp_path_factory) -> Path:
    """60 agency files: enough work that the two workers are busy when the signal comes."""
    folder = tmp_path_factory.mktemp("many")
    for copy in range(3):
        for path in sorted(SAMPLES_2024.glob("*.xlsx")):
            shutil.copy(path, folder / f"c{copy}-{path.name}")
    assert len(list(folder.iterdir())) == 60
    return folder


def _processes() -> list[tuple[int, int, int]]:
    """(pid, ppid, pgid) of every live process (zombies left out: they are dead)."""
    listing = subprocess.run(["ps", "-eo", "pid,ppid,pgid,stat"], capture_output=True, text=True, check=True)
    rows = [line.split() for line in listing.stdout.splitlines()[1:]]
    return [(int(r[0]), int(r[1]), int(r[2])) for r in rows if len(r) >= 4 and not r[3].startswith("Z")]


def _start(folder: Path, out: Path, tmp_path: Path) -> subprocess.Popen:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-m", "bgindex", "validate", str(folder), "--year", "2024"]
        + ["--annotate", str(out), "--workers", "2"],
        cwd=tmp_path,
        env=env,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.PIPE,
        start_new_session=True,  # its own group, as at a terminal: the group Ctrl-C reaches
    )


def _workers_seen(proc: subprocess.Popen, out: Path, phase: str) -> set[int]:
    """Watch the run until it is in `phase`; return every worker it has had meanwhile."""
    seen: set[int] = set()
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        assert proc.poll() is None, "the run ended before the signal"
        seen |= {pid for pid, ppid, _ in _processes() if ppid == proc.pid}
        if len(seen) >= 2 and (phase == "reading" or any(out.glob("*.xlsx"))):
            return seen
        time.sleep(0.05)
    raise AssertionError(f"the run never got to {phase}")


def _left_over(proc: subprocess.Popen, workers: set[int]) -> list[tuple[int, int, int]]:
    groups = {proc.pid, *workers}  # the run's group, and the workers' own groups
    return [p for p in _processes() if p[0] in workers or p[2] in groups]


@pytest.mark.parametrize("phase", ["reading", "annotating"])
@pytest.mark.parametrize("how", ["SIGTERM", "SIGKILL", "Ctrl-C"])
def test_no_worker_outlives_a_stopped_run(how, phase, many, tmp_path):
    out = tmp_path / "chu-thich"
    proc = _start(many, out, tmp_path)
    workers = _workers_seen(proc, out, phase)
    if how == "Ctrl-C":
        os.killpg(proc.pid, signal.SIGINT)  # what the terminal does: the whole foreground group
    else:
        os.kill(proc.pid, getattr(signal, how))  # `kill PID`, or the system killing the command
    _, err = proc.communicate(timeout=30)  # returns only once nothing holds the stderr pipe
    time.sleep(2)
    assert _left_over(proc, workers) == []
    expected = {"SIGTERM": 143, "SIGKILL": -signal.SIGKILL, "Ctrl-C": 130}[how]
    assert proc.returncode == expected
    if how != "SIGKILL":
        assert err.decode("utf-8") == "Đã dừng.\n"
        assert not out.exists() or [p.name for p in out.iterdir() if p.name.endswith(".tmp")] == []


def test_an_internal_error_reading_last_years_result_is_a_bug_not_an_unsafe_file(
    tmp_path, monkeypatch, capsys
):
    from bgindex.cli import app as cli
    from bgindex.reading import last_result

    def broken(path):
        raise ZeroDivisionError("lỗi thử")

    # The worker is forked from this process, so it runs the broken job.
    monkeypatch.setattr(last_result, "_read_job", broken)
    previous = tmp_path / "ket-qua-2024.xlsx"
    previous.write_bytes(b"any file: the job fails before reading it")
    argv = ["bgindex", "template", "--year", "2025", "--out", str(tmp_path / "mau"), "--previous"]
    monkeypatch.setattr(sys, "argv", [*argv, str(previous)])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 4
    err = capsys.readouterr().err
    assert "Lỗi không lường trước" in err and "ZeroDivisionError: lỗi thử" in err and "--debug" in err
    assert "không an toàn" not in err and "Traceback" not in err
    monkeypatch.setattr(sys, "argv", [*argv, str(previous), "--debug"])
    with pytest.raises(last_result.ResultReadBug) as bug:
        cli.main()
    assert "Traceback" in "".join(bug.value.__notes__)  # the worker's traceback, shown by --debug


_ORPHAN = """
import sys, time
from bgindex.intake import pool
if sys.argv[1] == "watcher-only":
    pool._die_with_parent = lambda parent_pid: None  # as where no parent-death signal exists
for _ in pool.run_isolated(time.sleep, [60, 60], workers=2, timeout=120):
    pass
"""


@pytest.mark.parametrize("protection", ["all", "watcher-only"])
def test_workers_of_a_killed_parent_end(protection, tmp_path):
    """SIGKILL gives the parent no chance to clean up: the workers end by themselves (Linux: the
    parent-death signal; elsewhere, and as a fallback: each worker watches its parent)."""
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    proc = subprocess.Popen(
        [sys.executable, "-c", _ORPHAN, protection], cwd=tmp_path, env=env, start_new_session=True
    )
    deadline = time.monotonic() + 30
    workers: set[int] = set()
    while len(workers) < 2 and time.monotonic() < deadline:
        workers = {pid for pid, ppid, _ in _processes() if ppid == proc.pid}
        time.sleep(0.05)
    assert len(workers) == 2
    time.sleep(0.5)  # the workers are inside the job
    proc.kill()
    proc.wait()
    time.sleep(2)
    assert _left_over(proc, workers) == []


def test_the_pool_runs_with_the_spawn_start_method(monkeypatch):
    """Nothing the workers do on start needs state inherited by fork (the Windows start method)."""
    import multiprocessing as mp

    from bgindex.intake import pool

    real = mp.get_context
    monkeypatch.setattr(pool.mp, "get_context", lambda method=None: real("spawn"))
    outcomes = sorted((o.index, o.kind, o.value) for o in pool.run_isolated(abs, [-1, -2, 3], workers=2))
    assert outcomes == [(0, "ok", 1), (1, "ok", 2), (2, "ok", 3)]
    assert [o.kind for o in pool.run_isolated(int, ["x"], workers=1)] == ["error"]
