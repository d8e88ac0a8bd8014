"""Text from files reaches workbooks, Word and the terminal as text, never as control sequences."""

from __future__ import annotations

import os
import shutil
import subprocess
import sys
from pathlib import Path

from openpyxl import load_workbook

from bgindex.model.safe_text import printable, xml_text

ROOT = Path(__file__).resolve().parents[1]


def test_control_and_bidi_characters_are_shown_escaped() -> None:
    assert printable("a\x1b[2Jb") == "a\\x1b[2Jb"
    assert printable("gpj\u202eexe.xlsx") == "gpj\\u202eexe.xlsx"
    assert printable("dòng 1\ndòng 2\tcột") == "dòng 1\ndòng 2\tcột"
    assert xml_text("bao\x01cao") == "bao\\x01cao" and xml_text("bao\x01cao", visible=False) == "baocao"


def test_a_control_character_in_a_file_name_does_not_stop_the_consolidation(tmp_path: Path) -> None:
    folder = tmp_path / "nhan-ve"
    shutil.copytree(ROOT / "data" / "samples" / "2024", folder)
    (folder / "dinh-kem\x01.xlsx").write_bytes(b"not a workbook")
    out = tmp_path / "kq"
    env = {**os.environ, "PYTHONIOENCODING": "utf-8"}
    done = subprocess.run(
        [sys.executable, "-m", "bgindex", "consolidate", str(folder), "--year", "2024", "--out", str(out)],
        capture_output=True,
        text=True,
        env=env,
        timeout=300,
    )
    assert done.returncode == 1, done.stderr  # completed, one file refused
    assert "Traceback" not in done.stderr
    wb = load_workbook(out / "ket-qua-2024.xlsx", read_only=True)
    names = [str(c) for ws in wb.worksheets for row in ws.iter_rows(values_only=True) for c in row if c]
    assert any("dinh-kem\\x01.xlsx" in n for n in names)
    assert (out / "bao-cao-2024.html").is_file()


def test_a_file_name_with_escape_sequences_cannot_fake_the_screen(tmp_path: Path) -> None:
    folder = tmp_path / "nhan-ve"
    folder.mkdir()
    fake = "\x1b[2J\x1b[H\x1b[32m20 tệp — 20 hợp lệ, 0 lỗi\x1b[0m\u202egpj.xlsx"
    shutil.copy(ROOT / "data" / "samples" / "invalid" / "loi-01-khong-phai-so.xlsx", folder / fake)
    env = {**os.environ, "PYTHONIOENCODING": "utf-8", "COLUMNS": "200"}
    for command in (["validate", str(folder), "--year", "2024"], ["status", str(folder), "--year", "2024"]):
        done = subprocess.run(
            [sys.executable, "-m", "bgindex", *command], capture_output=True, env=env, timeout=300
        )
        out = done.stdout + done.stderr
        assert b"\x1b" not in out and "\u202e".encode() not in out, out[:400]
        if command[0] == "validate":
            assert b"\\x1b[2J" in out  # the name is still shown, as visible escapes


def test_json_for_the_terminal_stays_valid_json() -> None:
    import json

    from bgindex.model.safe_text import json_printable

    raw = json.dumps({"tệp": "a\x85b\u202ec\x1b"}, ensure_ascii=False)
    shown = json_printable(raw)
    assert "\x85" not in shown and "\u202e" not in shown
    assert json.loads(shown) == {"tệp": "a\x85b\u202ec\x1b"}
