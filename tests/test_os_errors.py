"""A refusal by the machine (full disk, locked file, no right, a file in the way) is exit 3 with a
Vietnamese sentence that names the place and says what to do; never exit 4."""

from __future__ import annotations

import errno
import sys
from pathlib import Path

import pytest
from helpers import run_bgindex

from bgindex.cli.os_errors import file_problem_text

ROOT = Path(__file__).resolve().parents[1]


@pytest.mark.parametrize(
    ("exc", "words"),
    [
        (OSError(errno.ENOSPC, "No space left on device", "/kq/bao-cao-2024.docx"), "đầy"),
        (PermissionError(errno.EACCES, "Permission denied", "/kq"), "quyền"),
        (IsADirectoryError(errno.EISDIR, "Is a directory", "/kq/ket-qua-2024.xlsx"), "cản đường"),
        (OSError(errno.EBUSY, "Device or resource busy", "/kq/ket-qua-2024.xlsx"), "đang được mở"),
        (OSError(errno.ENAMETOOLONG, "File name too long", "/kq/" + "a" * 300), "quá dài"),
    ],
)
def test_each_refusal_names_the_place_and_what_to_do(exc: OSError, words: str) -> None:
    text = file_problem_text(exc)
    assert words in text and "'/kq" in text


def test_a_file_held_open_on_windows_is_named_as_such() -> None:
    exc = PermissionError(errno.EACCES, "The process cannot access the file", "bao-cao-2024.docx")
    exc.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION, as Windows sets it
    assert "đang được mở trong chương trình khác" in file_problem_text(exc)


_run = run_bgindex


def test_an_output_folder_that_is_a_file_is_exit_3(tmp_path: Path) -> None:
    blocker = tmp_path / "kq"
    blocker.write_text("not a folder")
    done = _run(
        "consolidate", str(ROOT / "data" / "samples" / "2024"), "--year", "2024", "--out", str(blocker)
    )
    assert done.returncode == 3, done.stderr
    assert "cản đường" in done.stderr and "Traceback" not in done.stderr
    assert "không lường trước" not in done.stderr
    assert blocker.read_text() == "not a folder"


def test_a_full_disk_is_exit_3(tmp_path: Path, monkeypatch: pytest.MonkeyPatch, capsys) -> None:
    from bgindex.cli import app as cli
    from bgindex.outputs import atomic

    def full(*args: object, **kwargs: object) -> None:
        raise OSError(errno.ENOSPC, "No space left on device", str(tmp_path / "ket-qua-2024.xlsx"))

    monkeypatch.setattr(atomic.os, "replace", full)
    monkeypatch.setattr(sys, "argv", ["bgindex", "template", "--year", "2024", "--out", str(tmp_path / "bm")])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 3
    assert "đầy" in capsys.readouterr().err


def _sharing_violation(dst: object) -> PermissionError:
    exc = PermissionError(errno.EACCES, "The process cannot access the file", str(dst))
    exc.winerror = 32  # type: ignore[attr-defined]  # ERROR_SHARING_VIOLATION
    return exc


def test_a_brief_sharing_violation_is_waited_out(tmp_path: Path, monkeypatch: pytest.MonkeyPatch) -> None:
    from bgindex.outputs import atomic

    real = atomic.os.replace
    calls: list[str] = []

    def busy_twice(src: object, dst: object) -> None:
        calls.append(str(dst))
        if len(calls) <= 2:  # an antivirus scanning the new file, Excel letting go of the old one
            raise _sharing_violation(dst)
        real(src, dst)

    monkeypatch.setattr(atomic.os, "replace", busy_twice)
    target = tmp_path / "thư mục" / "công văn.txt"
    atomic.write_text(target, "Kính gửi")
    assert target.read_text(encoding="utf-8") == "Kính gửi"
    assert len(calls) == 3
    assert [p.name for p in target.parent.iterdir()] == ["công văn.txt"]  # no temporary left


def test_a_file_held_open_for_good_is_exit_3_naming_it(tmp_path: Path, monkeypatch, capsys) -> None:
    from bgindex.cli import app as cli
    from bgindex.outputs import atomic

    calls: list[str] = []

    def always_held(src: object, dst: object) -> None:
        calls.append(str(dst))
        raise _sharing_violation(dst)

    monkeypatch.setattr(atomic.os, "replace", always_held)
    monkeypatch.setattr(atomic.time, "sleep", lambda s: None)
    out = tmp_path / "biểu mẫu"
    monkeypatch.setattr(sys, "argv", ["bgindex", "template", "--year", "2024", "--out", str(out)])
    with pytest.raises(SystemExit) as stop:
        cli.main()
    assert stop.value.code == 3
    err = capsys.readouterr().err
    first = Path(calls[0]).name
    assert len(calls) == atomic.REPLACE_TRIES  # tried again, then given up on the first file
    assert f"Đóng tệp '{first}' trong Excel" in err and "rồi chạy lại" in err
    assert "không lường trước" not in err
    assert list(out.iterdir()) == []  # nothing half-written: no template, no temporary
