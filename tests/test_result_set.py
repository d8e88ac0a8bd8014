"""consolidate replaces its outputs as one set: a locked or read-only output, a full disk, a failure
between the moves or a SIGTERM leave the complete old set, and the next run leaves nothing behind."""

from __future__ import annotations

import errno
import hashlib
import os
import shutil
import signal
import stat
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest

from bgindex.outputs import swap
from bgindex.outputs.result_set import output_names
from bgindex.outputs.swap import BACKUP, LOCK, STAGING, ResultSetError, recover, replace_set

ROOT = Path(__file__).resolve().parents[1]
SAMPLES_2024 = ROOT / "data" / "samples" / "2024"
SET = set(output_names(2024).values()) - {"bao-cao-2024.docx", "tom-tat-2024.docx"}


def _args(folder: Path, out: Path, *extra: str) -> list[str]:
    return [
        "consolidate",
        str(folder),
        "--year",
        "2024",
        "--out",
        str(out),
        "--quiet",
        "--workers",
        "1",
        "--report-date",
        "02/03/2025",
        *extra,
    ]


def _main(monkeypatch: pytest.MonkeyPatch, *args: str) -> int:
    from bgindex.cli import app as cli

    monkeypatch.setattr(sys, "argv", ["bgindex", *args])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    return int(stop.value.code or 0)


def _sums(out: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in out.iterdir() if p.name in SET}


def _leftovers(out: Path) -> list[str]:
    return sorted(p.name for p in out.iterdir() if p.name not in SET)


@pytest.fixture(scope="module")
def made(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Path]:
    """Three agencies' files and the old result set made from them with another report date."""
    base = tmp_path_factory.mktemp("set")
    folder = base / "in"
    folder.mkdir()
    for path in sorted(SAMPLES_2024.glob("*.xlsx"))[:3]:
        shutil.copy(path, folder / path.name)
    old = base / "old"
    args = _args(folder, old)
    args[args.index("02/03/2025")] = "01/03/2025"
    done = subprocess.run([sys.executable, "-m", "bgindex", *args], capture_output=True, timeout=300)
    assert done.returncode in (0, 1), done.stderr
    assert {p.name for p in old.iterdir()} == SET
    return folder, old


@pytest.fixture
def out(made: tuple[Path, Path], tmp_path: Path) -> Path:
    target = tmp_path / "kq"
    shutil.copytree(made[1], target)
    return target


@pytest.mark.parametrize("lock", ["~$ket-qua-2024.xlsx", ".~lock.bao-cao-2024.html#", "~$o-cao-2024.md"])
def test_an_output_open_in_another_program_changes_nothing(made, out, lock, monkeypatch, capsys) -> None:
    (out / lock).write_text("owner")
    before = _sums(out)
    assert _main(monkeypatch, *_args(made[0], out)) == 3
    err = capsys.readouterr().err
    assert "đang được mở" in err and "đóng tệp" in err
    assert _sums(out) == before


def test_an_output_held_open_for_good_keeps_the_old_set_and_names_it(made, out, monkeypatch, capsys) -> None:
    """Windows refuses the rename onto a file Excel holds open (a sharing violation), however often
    it is tried; the files moved before it are put back, the held one was never moved."""
    before = _sums(out)
    real = os.replace
    held = out / "bao-cao-2024.html"
    attempts: list[Path] = []

    def excel_holds_the_report(src: Any, dst: Any) -> None:
        if Path(dst) == held:
            attempts.append(Path(dst))
            raise PermissionError(errno.EACCES, "The process cannot access the file", str(dst))
        real(src, dst)

    monkeypatch.setattr(os, "replace", excel_holds_the_report)
    monkeypatch.setattr(time, "sleep", lambda s: None)
    assert _main(monkeypatch, *_args(made[0], out)) == 3
    err = capsys.readouterr().err
    assert "Đóng tệp 'bao-cao-2024.html' trong Excel" in err and "giữ nguyên" in err
    assert len(attempts) >= 2  # tried again before giving up
    assert _sums(out) == before
    assert _leftovers(out) == []


@pytest.mark.skipif(os.name == "nt", reason="POSIX permission bits")
def test_a_read_only_output_needs_force_and_permissions_are_kept(made, out, monkeypatch, capsys) -> None:
    (out / "ket-qua-2024.json").chmod(0o444)
    (out / "bao-cao-2024.md").chmod(0o600)
    before = _sums(out)
    assert _main(monkeypatch, *_args(made[0], out)) == 3
    err = capsys.readouterr().err
    assert "ket-qua-2024.json" in err and "--force" in err
    assert _sums(out) == before
    assert _main(monkeypatch, *_args(made[0], out, "--force")) in (0, 1)
    after = _sums(out)
    assert after["ket-qua-2024.json"] != before["ket-qua-2024.json"]
    assert stat.S_IMODE((out / "ket-qua-2024.json").stat().st_mode) == 0o444
    assert stat.S_IMODE((out / "bao-cao-2024.md").stat().st_mode) == 0o600
    assert _leftovers(out) == []


def test_a_full_disk_on_the_third_file_leaves_the_old_set(made, out, monkeypatch, capsys) -> None:
    before = _sums(out)
    calls: list[Path] = []
    real = swap._write_file

    def third_fills_the_disk(path: Path, data: bytes) -> None:
        calls.append(path)
        if len(calls) == 3:
            raise OSError(errno.ENOSPC, "No space left on device", str(path))
        real(path, data)

    monkeypatch.setattr(swap, "_write_file", third_fills_the_disk)
    assert _main(monkeypatch, *_args(made[0], out)) == 3
    err = capsys.readouterr().err
    assert "đầy" in err and "giữ nguyên" in err and STAGING not in err
    assert len(calls) == 3
    assert _sums(out) == before
    assert _leftovers(out) == []


def _new_set() -> dict[str, bytes]:
    return {name: f"mới {name}".encode() for name in sorted(SET)}


def test_a_failure_between_the_moves_puts_the_old_set_back(out, monkeypatch) -> None:
    before = _sums(out)
    moves: list[Path] = []
    real = swap._replace

    def third_move_fails(src: Path, dst: Path) -> None:
        moves.append(dst)
        if len(moves) == 3:
            raise PermissionError(errno.EACCES, "Permission denied", str(dst))
        real(src, dst)

    monkeypatch.setattr(swap, "_replace", third_move_fails)
    with pytest.raises(PermissionError):
        replace_set(out, _new_set())
    assert _sums(out) == before
    assert _leftovers(out) == []


def test_a_swap_that_cannot_be_undone_says_so_and_the_next_start_restores(out, monkeypatch) -> None:
    before = _sums(out)
    moves: list[Path] = []
    real = swap._replace

    def cut(src: Path, dst: Path) -> None:
        moves.append(dst)
        if len(moves) == 3:
            raise OSError(errno.EIO, "Input/output error", str(dst))
        real(src, dst)

    def no_restore(*args: Any) -> None:
        raise OSError(errno.EIO, "Input/output error")

    monkeypatch.setattr(swap, "_replace", cut)
    monkeypatch.setattr(swap, "_restore", no_restore)
    with pytest.raises(ResultSetError, match="khôi phục"):
        replace_set(out, _new_set())
    assert _sums(out) != before  # a mix, until the next start
    monkeypatch.undo()
    assert sorted(recover(out)) == sorted(SET)
    assert _sums(out) == before
    assert _leftovers(out) == []


def test_a_stale_lock_is_taken_over_and_a_live_one_refused(out) -> None:
    (out / LOCK).write_text("999999999")
    replace_set(out, _new_set())
    assert _leftovers(out) == []
    (out / LOCK).write_text(str(os.getpid()))
    with pytest.raises(ResultSetError, match="lần tổng hợp khác"):
        replace_set(out, {name: b"x" for name in SET})
    assert (out / "ket-qua-2024.json").read_bytes() == "mới ket-qua-2024.json".encode()


@pytest.mark.skipif(os.name == "nt", reason="SIGTERM is POSIX")
def test_sigterm_in_the_write_phase_leaves_the_old_set(made, out) -> None:
    before = _sums(out)
    proc = subprocess.Popen(
        [sys.executable, "-m", "bgindex", *_args(made[0], out)],
        cwd=ROOT,
        stdout=subprocess.DEVNULL,
        stderr=subprocess.DEVNULL,
    )
    deadline = time.monotonic() + 120
    while proc.poll() is None and time.monotonic() < deadline:
        if any(out.glob(f"{STAGING}*")):
            proc.send_signal(signal.SIGTERM)
            break
        time.sleep(0.0005)
    code = proc.wait(timeout=60)
    assert code in (-signal.SIGTERM, 128 + signal.SIGTERM), code
    recover(out)  # what the next run does first
    assert _sums(out) == before
    done = subprocess.run([sys.executable, "-m", "bgindex", *_args(made[0], out)], cwd=ROOT, timeout=300)
    assert done.returncode in (0, 1)
    assert _leftovers(out) == []
    assert not any(p.name.startswith((STAGING, BACKUP)) or p.name.endswith(".tmp") for p in out.iterdir())
