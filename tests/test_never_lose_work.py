"""Ordinary mistakes never cost work: a filled template, last year's result, the received files."""

from __future__ import annotations

import hashlib
import shutil
from pathlib import Path

from helpers import run_bgindex

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"


_run = run_bgindex


def _sums(folder: Path) -> dict[str, str]:
    return {p.name: hashlib.sha256(p.read_bytes()).hexdigest() for p in sorted(folder.iterdir())}


def test_template_never_overwrites_a_workbook_without_force(tmp_path: Path) -> None:
    folder = tmp_path / "nhan-ve"
    shutil.copytree(SAMPLES / "2024", folder)  # filled reports, named as templates are
    before = _sums(folder)
    done = _run("template", "--year", "2024", "--out", str(folder))
    assert done.returncode == 2 and "--force" in done.stderr
    assert _sums(folder) == before
    forced = _run("template", "--year", "2024", "--out", str(folder), "--agency", "SXD", "--force")
    assert forced.returncode == 0, forced.stderr
    changed = {n for n, s in _sums(folder).items() if before[n] != s}
    assert changed == {"bgindex-2024-SXD.xlsx"}


def test_nothing_usable_keeps_the_results_already_there(tmp_path: Path) -> None:
    out = tmp_path / "kq"
    first = _run("consolidate", str(SAMPLES / "2024"), "--year", "2024", "--out", str(out), "--quiet")
    assert first.returncode == 0, first.stderr
    before = _sums(out)
    wrong_year = _run("consolidate", str(SAMPLES / "2023"), "--year", "2024", "--out", str(out), "--quiet")
    assert wrong_year.returncode == 3 and "năm 2023" in wrong_year.stderr
    empty = tmp_path / "trong"
    empty.mkdir()
    nothing = _run("consolidate", str(empty), "--year", "2024", "--out", str(out), "--quiet")
    assert nothing.returncode == 3 and "không có tệp" in nothing.stderr
    assert _sums(out) == before


def test_the_word_report_is_added_to_the_default_outputs(tmp_path: Path) -> None:
    out = tmp_path / "kq"
    done = _run("consolidate", str(SAMPLES / "2024"), "--year", "2024", "--out", str(out), "--format", "docx")
    assert done.returncode == 0, done.stderr
    assert {p.name for p in out.iterdir()} == {
        "ket-qua-2024.xlsx",
        "bao-cao-2024.html",
        "bao-cao-2024.md",
        "ket-qua-2024.json",
        "bao-cao-2024.docx",
    }
    only = tmp_path / "chi-md"
    assert (
        _run(
            "consolidate", str(SAMPLES / "2024"), "--year", "2024", "--out", str(only), "--format", "md"
        ).returncode
        == 0
    )
    assert {p.name for p in only.iterdir()} == {"bao-cao-2024.md"}


def test_results_and_received_files_never_share_a_folder(tmp_path: Path) -> None:
    folder = tmp_path / "nhan-ve"
    shutil.copytree(SAMPLES / "2024", folder)
    before = _sums(folder)
    for out in (folder, folder / "kq", tmp_path):
        done = _run("consolidate", str(folder), "--year", "2024", "--out", str(out), "--quiet")
        assert done.returncode == 2, (out, done.stderr)
    assert _sums(folder) == before
