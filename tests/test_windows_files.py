"""Windows file-system realities: folders with diacritics, spaces and more than 260 characters, and
names that differ only by case (one file on Windows and macOS)."""

from __future__ import annotations

import shutil
from pathlib import Path

import pytest
from helpers import run_bgindex

from bgindex.catalog import load_catalog
from bgindex.model.exits import ExitCode
from bgindex.model.reports import FileReport
from bgindex.outputs.annotated import _target
from bgindex.outputs.result_set import output_names
from bgindex.reading.layout import agency_file_name

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples"
PROFILES = sorted((ROOT / "src" / "bgindex" / "catalog" / "profiles").glob("*.toml"))


def _deep_folder(base: Path) -> Path:
    """A folder as officers name them, nested until the path is past Windows' old 260-character limit."""
    folder = base
    while len(str(folder)) <= 300:
        folder = folder / "Báo cáo chỉ số môi trường năm 2024 (bản gửi Sở)"
    return folder


def test_folders_with_diacritics_spaces_and_long_paths(tmp_path: Path) -> None:
    received = _deep_folder(tmp_path) / "Nhận về từ các cơ quan"
    shutil.copytree(SAMPLES / "2024", received)
    out = received.parent / "Kết quả tổng hợp"
    assert len(str(out / "ket-qua-2024.xlsx")) > 260
    done = run_bgindex("consolidate", str(received), "--year", "2024", "--out", str(out), "-q")
    assert done.returncode == ExitCode.OK, done.stderr
    assert {p.name for p in out.iterdir()} == set(output_names(2024).values()) - {
        "bao-cao-2024.docx",
        "tom-tat-2024.docx",
    }
    notes = received.parent / "Chú thích lỗi"
    checked = run_bgindex(
        "validate", str(received), "--year", "2024", "--annotate", str(notes), "--annotate-all"
    )
    assert checked.returncode == ExitCode.OK, checked.stderr
    assert len(list(notes.iterdir())) == len(list(received.iterdir()))


@pytest.mark.parametrize("profile", PROFILES, ids=[p.stem for p in PROFILES])
def test_templates_of_one_year_never_differ_only_by_case(profile: Path) -> None:
    catalog = load_catalog(profile)
    codes = [a.code for a in catalog.agencies]
    assert len({c.casefold() for c in codes}) == len(codes), "agency codes that differ only by case"
    for year in (2022, 2024, 2025):
        names = [agency_file_name(c, year) for c in codes]
        assert len({n.casefold() for n in names}) == len(names)


def test_result_files_never_differ_only_by_case() -> None:
    names = list(output_names(2024).values())
    assert len({n.casefold() for n in names}) == len(names)


def test_annotated_copies_of_names_that_differ_by_case_are_kept_apart(tmp_path: Path) -> None:
    used: set[str] = set()
    files = ["a/SYT.xlsx", "b/syt.xlsx", "a/syt.xlsx", "c/Syt.xlsx"]
    targets = [_target(FileReport(file=f, status="valid"), tmp_path, used) for f in files]
    folded = [t.name.casefold() for t in targets]
    assert len(set(folded)) == len(files), folded
    assert targets[0].name == "SYT.chu-thich.xlsx"
