"""`validate` and `consolidate` with --workspace give the answers of the folder commands (issue 16)."""

from __future__ import annotations

import json
import sqlite3
from pathlib import Path
from typing import Any

import pytest
from helpers import run_bgindex

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples" / "2024"
INVALID = ROOT / "data" / "samples" / "invalid"


def _files(folder: Path) -> list[str]:
    return [str(p) for p in sorted(folder.glob("*.xlsx"))]


def _by_file(result: dict[str, Any]) -> dict[str, tuple]:
    """Per file name: its outcome and every issue by code and cell."""
    return {
        Path(f["file"]).name: (
            f["status"],
            f["errors"],
            f["warnings"],
            sorted((i["code"], i["severity"], i["sheet"] or "", i["cell"] or "") for i in f["issues"]),
        )
        for f in result["files"]
    }


def _values(result: dict[str, Any]) -> dict[str, tuple]:
    return {i["code"]: (i["value"], i["previous"], i["status"]) for i in result["indicators"]}


@pytest.fixture(scope="module")
def folder_validation(tmp_path_factory: pytest.TempPathFactory) -> Any:
    return run_bgindex(
        "validate", str(SAMPLES), "--year", "2024", "--format", "json", cwd=tmp_path_factory.mktemp("cwd")
    )


@pytest.fixture(scope="module")
def workspace(tmp_path_factory: pytest.TempPathFactory) -> tuple[Path, Any]:
    """A workspace that received the 20 samples of 2024 through `validate --workspace`."""
    root = tmp_path_factory.mktemp("ws")
    proc = run_bgindex(
        "validate",
        *_files(SAMPLES),
        "--workspace",
        str(root),
        "--year",
        "2024",
        "--format",
        "json",
        cwd=root.parent,
    )
    return root, proc


def test_receiving_answers_as_validate(folder_validation: Any, workspace: tuple[Path, Any]) -> None:
    root, proc = workspace
    assert proc.returncode == folder_validation.returncode == 0, proc.stderr
    mine, theirs = json.loads(proc.stdout), json.loads(folder_validation.stdout)
    assert len(mine["files"]) == 20
    assert _by_file(mine) == _by_file(theirs)
    assert mine["summary"] == theirs["summary"]
    assert "trùng" not in proc.stderr
    assert len(list((root / "2024" / "tep-nhan").iterdir())) == 20


def test_second_receipt_is_a_duplicate_without_a_second_copy(workspace: tuple[Path, Any]) -> None:
    root, first = workspace
    again = run_bgindex(
        "validate", *_files(SAMPLES), "--workspace", str(root), "--year", "2024", "-q", cwd=root.parent
    )
    assert again.returncode == 0, again.stderr
    assert again.stderr.count("trùng với tệp đã nhận số") == 20
    assert "không lưu thêm bản nào" in again.stderr
    stored = list((root / "2024" / "tep-nhan").iterdir())
    assert len(stored) == 20  # one stored copy per content
    with sqlite3.connect(root / "so-nhan-tep.sqlite") as db:
        rows = db.execute("SELECT duplicate_of FROM receipts WHERE year=2024").fetchall()
    assert len(rows) == 40 and sum(r[0] is not None for r in rows) == 20


def test_without_files_the_current_files(folder_validation: Any, workspace: tuple[Path, Any]) -> None:
    root, _ = workspace
    proc = run_bgindex(
        "validate", "--workspace", str(root), "--year", "2024", "--format", "json", cwd=root.parent
    )
    assert proc.returncode == 0, proc.stderr
    assert _by_file(json.loads(proc.stdout)) == _by_file(json.loads(folder_validation.stdout))


def test_consolidation_gives_the_folders_values(workspace: tuple[Path, Any], tmp_path: Path) -> None:
    root, _ = workspace
    folder = run_bgindex(
        "consolidate",
        str(SAMPLES),
        "--year",
        "2024",
        "--out",
        str(tmp_path / "out"),
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert folder.returncode == 0, folder.stderr
    proc = run_bgindex(
        "consolidate", "--workspace", str(root), "--year", "2024", "--format", "json", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    mine, theirs = json.loads(proc.stdout), json.loads(folder.stdout)
    assert len(_values(mine)) == 22
    assert _values(mine) == _values(theirs)
    results = root / "2024" / "ket-qua"
    for name in ("ket-qua-2024.xlsx", "bao-cao-2024.docx", "tom-tat-2024.docx"):
        assert (results / name).is_file()
        assert f"Đã ghi {results / name}" in proc.stderr


def test_empty_year_is_refused_and_nothing_written(tmp_path: Path) -> None:
    root = tmp_path / "ws"
    proc = run_bgindex("consolidate", "--workspace", str(root), "--year", "2024", cwd=tmp_path)
    assert proc.returncode == 3
    assert "chưa có tệp báo cáo nào dùng được của năm 2024" in proc.stderr
    assert "không ghi đè kết quả đã có" in proc.stderr
    assert not (root / "2024").exists()


def test_invalid_files_same_codes_and_exit(tmp_path: Path) -> None:
    folder = run_bgindex("validate", str(INVALID), "--year", "2024", "--format", "json", cwd=tmp_path)
    proc = run_bgindex(
        "validate",
        str(INVALID),
        "--workspace",
        str(tmp_path / "ws"),
        "--year",
        "2024",
        "--format",
        "json",
        cwd=tmp_path,
    )
    assert proc.returncode == folder.returncode == 1, proc.stderr
    assert _by_file(json.loads(proc.stdout)) == _by_file(json.loads(folder.stdout))


@pytest.mark.parametrize(
    ("args", "said"),
    [
        (
            ["consolidate", str(SAMPLES), "--workspace", "{ws}", "--year", "2024"],
            "cần đúng một trong THƯ_MỤC và --workspace",
        ),
        (["consolidate", "--year", "2024"], "cần đúng một trong THƯ_MỤC và --workspace"),
        (
            ["consolidate", "--workspace", "{ws}", "--year", "2024", "--out", "{ws}/ra"],
            "--out không dùng cùng --workspace",
        ),
        (
            ["consolidate", "--workspace", "{ws}", "--year", "2024", "--format", "xlsx"],
            "với --workspace, --format chỉ nhận json",
        ),
        (["validate", "--workspace", "{ws}"], "--workspace cần --year NĂM"),
        (
            ["validate", str(SAMPLES), "--workspace", "{ws}", "--year", "2024", "--annotate", "{ws}/ct"],
            "--annotate không dùng cùng --workspace",
        ),
        (["validate"], "thiếu ĐƯỜNG_DẪN"),
    ],
)
def test_usage_errors(args: list[str], said: str, tmp_path: Path) -> None:
    ws = tmp_path / "ws"
    proc = run_bgindex(*[a.replace("{ws}", str(ws)) for a in args], cwd=tmp_path)
    assert proc.returncode == 2, proc.stderr
    assert f"Lỗi: {said}" in proc.stderr
    assert not (ws / "2024").exists()


def test_settings_file_folders_are_not_taken_with_workspace(
    workspace: tuple[Path, Any], tmp_path: Path
) -> None:
    """bgindex.toml's received and results folders belong to the folder commands: with --workspace
    they are neither received nor written to; its signer signs as in `consolidate`."""
    root, _ = workspace
    (tmp_path / "bgindex.toml").write_text(
        f'year = 2024\n[folders]\nreceived = "{SAMPLES.as_posix()}"\nresults = "ket-qua/{{year}}"\n'
        '[signer]\nname = "Nguyễn Văn An"\ntitle = "GIÁM ĐỐC"\n',
        encoding="utf-8",
    )
    shown = run_bgindex(
        "validate", "--workspace", str(root), "--format", "json", "--year", "2024", cwd=tmp_path
    )
    assert shown.returncode == 0, shown.stderr
    assert "trùng" not in shown.stderr and len(json.loads(shown.stdout)["files"]) == 20
    status = run_bgindex(
        "status", "--workspace", str(root), "--year", "2024", "--format", "json", cwd=tmp_path
    )
    assert status.returncode in (0, 1), status.stderr
    assert len(json.loads(status.stdout)["agencies"]) == 20
    proc = run_bgindex(
        "consolidate", "--workspace", str(root), "--year", "2024", "--format", "json", cwd=tmp_path
    )
    assert proc.returncode == 0, proc.stderr
    meta = json.loads(proc.stdout)["meta"]
    assert (meta["signer_name"], meta["signer_title"]) == ("Nguyễn Văn An", "GIÁM ĐỐC")
    assert not (tmp_path / "ket-qua").exists()
