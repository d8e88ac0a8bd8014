"""validate --annotate names every file that got no annotated copy and why, and then exits 3."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
SAMPLES_2024 = ROOT / "data" / "samples" / "2024"


def _validate(folder: Path, annotate: Path) -> subprocess.CompletedProcess[str]:
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    return subprocess.run(
        [
            sys.executable,
            "-m",
            "bgindex",
            "validate",
            str(folder),
            "--year",
            "2024",
            "--annotate",
            str(annotate),
            "--annotate-all",  # the files are clean: without it none would get a copy
        ],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )


def _two_files(tmp_path: Path) -> tuple[Path, str]:
    folder = tmp_path / "in"
    folder.mkdir()
    first, second = sorted(SAMPLES_2024.glob("*.xlsx"))[:2]
    shutil.copy(first, folder / first.name)
    long_name = "b" * 240 + ".xlsx"  # fits as a name; its copy's name (".chu-thich.xlsx") does not
    shutil.copy(second, folder / long_name)
    return folder, long_name


def test_a_copy_whose_name_is_too_long_is_named_and_exit_3(tmp_path: Path) -> None:
    folder, long_name = _two_files(tmp_path)
    done = _validate(folder, tmp_path / "chu-thich")
    assert done.returncode == 3, done.stderr
    assert f"Không ghi được bản chú thích của '{folder / long_name}'" in done.stderr
    assert "quá dài" in done.stderr
    assert "Đã ghi 1 bản chú thích" in done.stderr and "Không ghi được 1 bản chú thích" in done.stderr
    assert len(list((tmp_path / "chu-thich").iterdir())) == 1


def test_a_folder_that_cannot_be_made_lists_every_file(tmp_path: Path) -> None:
    folder, _ = _two_files(tmp_path)
    blocker = tmp_path / "tep"
    blocker.write_text("not a folder")
    done = _validate(folder, blocker / "chu-thich")
    assert done.returncode == 3, done.stderr
    assert done.stderr.count("Không ghi được bản chú thích của") == 2
    assert "Đã ghi 0 bản chú thích" in done.stderr and "Traceback" not in done.stderr
    assert blocker.read_text() == "not a folder"
