"""The workspace and its intake register: receiving, the board, repairs after a crash, two writers."""

from __future__ import annotations

import datetime as dt
import os
import signal
import sqlite3
import subprocess
import sys
import time
from pathlib import Path

import pytest
from helpers import zip_bytes

from bgindex.core.consolidate import status
from bgindex.workspace import VN_TZ, Workspace

ROOT = Path(__file__).resolve().parents[1]
SAMPLES = ROOT / "data" / "samples" / "2024"
INVALID = ROOT / "data" / "samples" / "invalid"


def _samples() -> list[tuple[str, bytes]]:
    return [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.xlsx"))]


@pytest.fixture(scope="module")
def received(tmp_path_factory: pytest.TempPathFactory) -> tuple[Workspace, list]:
    """The 20 samples of 2024, each arriving on the date typed in it."""
    ws = Workspace.open(tmp_path_factory.mktemp("ws"))
    desk = ws.year(2024)
    from bgindex.core.validate import validate_file

    receipts = []
    for name, data in _samples():
        typed = validate_file(SAMPLES / name, desk.catalog, 2024).report_date
        assert typed is not None
        when = dt.datetime.combine(typed, dt.time(9, 0), VN_TZ)
        receipts += desk.receive([(name, data)], arrived=when)
    return ws, receipts


def test_open_creates_the_layout(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "new")
    assert (tmp_path / "new" / "so-nhan-tep.sqlite").is_file()
    assert ws.check() == [] and ws.years() == []
    ws.year(2024)
    assert ws.years() == [2024]
    with sqlite3.connect(tmp_path / "new" / "so-nhan-tep.sqlite") as db:
        assert db.execute("PRAGMA journal_mode").fetchone()[0] == "wal"
    Workspace.open(tmp_path / "new")  # a second opening beside the first


def test_board_agrees_with_status(received: tuple[Workspace, list]) -> None:
    ws, receipts = received
    desk = ws.year(2024)
    assert len(receipts) == 20 and all(r.outcome in ("valid", "warnings") for r in receipts)
    assert all(r.stored.is_file() and r.stored.name == f"{r.sha256}.xlsx" for r in receipts)
    statuses, _, _, _ = status(SAMPLES, 2024, desk.catalog)
    board = {row.agency: row for row in desk.board(dt.date(2025, 6, 1))}
    assert set(board) == {s.agency for s in statuses}
    for s in statuses:
        row = board[s.agency]
        assert row.timeliness == s.timeliness, s.agency
        assert row.days == (s.days_late or 0), s.agency
        assert row.current is not None and not row.date_disagrees and not row.conflict
        assert row.problems == s.errors + s.warnings


def test_resent_bytes_are_a_duplicate(received: tuple[Workspace, list]) -> None:
    ws, receipts = received
    desk = ws.year(2024)
    before = [(r.agency, r.current and r.current.id, r.timeliness) for r in desk.board(dt.date(2025, 6, 1))]
    (again,) = desk.receive([("gui-lai.xlsx", receipts[0].stored.read_bytes())])
    assert again.duplicate_of == receipts[0].id and again.stored == receipts[0].stored
    assert again.outcome == receipts[0].outcome and again.agency == receipts[0].agency
    assert desk.file_report(again.id).file == "gui-lai.xlsx"
    after = [(r.agency, r.current and r.current.id, r.timeliness) for r in desk.board(dt.date(2025, 6, 1))]
    assert after == before
    assert len(list(receipts[0].stored.parent.iterdir())) == 20


def test_a_corrected_file_supersedes(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    ws = Workspace.open(tmp_path / "ws")
    desk = ws.year(2024)
    src = SAMPLES / "bgindex-2024-SXD.xlsx"
    late = dt.datetime.combine(desk.deadline + dt.timedelta(days=5), dt.time(8), VN_TZ)
    (first,) = desk.receive([(src.name, src.read_bytes())], arrived=late - dt.timedelta(days=10))
    book = load_workbook(src)
    book.properties.title = "sửa lại"  # other bytes, same report
    book.save(tmp_path / "sua.xlsx")
    (second,) = desk.receive([("SXD sửa.xlsx", tmp_path / "sua.xlsx")], arrived=late)
    assert desk.receipt(first.id).superseded_by == second.id  # type: ignore[union-attr]
    row = next(r for r in desk.board(dt.date(2025, 6, 1)) if r.agency == "SXD")
    assert row.current == desk.receipt(second.id)
    assert [r.id for r in row.receipts] == [second.id, first.id]
    assert row.conflict  # the replacing file types the same report date: which one is final is asked
    assert row.timeliness == "late" and row.days == 5
    overdue = next(r for r in desk.board(dt.date(2025, 6, 1)) if r.agency == "SYT")
    assert overdue.timeliness == "overdue" and overdue.current is None
    assert overdue.days == (dt.date(2025, 6, 1) - desk.deadline).days
    not_due = next(r for r in desk.board(desk.deadline - dt.timedelta(days=3)) if r.agency == "SYT")
    assert (not_due.timeliness, not_due.days) == ("not_due", 3)


def test_invalid_files_keep_the_library_codes(tmp_path: Path) -> None:
    desk = Workspace.open(tmp_path / "ws").year(2024)
    sent = [
        ("loi-01.xlsx", (INVALID / "loi-01-khong-phai-so.xlsx").read_bytes()),
        ("bao-cao.xls", b"<html><body><table><tr><td>1</td></tr></table></body></html>"),
        ("trong.xlsx", b"PK\x03\x04 not really a zip"),
    ]
    a, b, c = desk.receive(sent)
    assert a.outcome == "errors" and "E_NOT_NUMBER" in {i.code for i in desk.file_report(a.id).issues}
    assert b.outcome == "unreadable" and b.stored.suffix == ".xls"
    assert [i.code for i in desk.file_report(b.id).issues] == ["E_FILE_DISGUISED"]
    assert c.outcome == "unreadable" and desk.file_report(c.id).issues[0].code == "E_FILE_CORRUPT"


def test_check_finds_a_lost_file_and_a_stray_temporary(tmp_path: Path) -> None:
    ws = Workspace.open(tmp_path / "ws")
    desk = ws.year(2024)
    (r,) = desk.receive([_samples()[0]])
    stray = r.stored.parent / f".{'0' * 64}.1.abcd.tmp"
    stray.write_bytes(b"half")
    assert ws.check() == []  # young: possibly an upload in progress
    r.stored.unlink()
    findings = ws.check(stale_after=0)
    assert len(findings) == 2 and "bị mất" in findings[0] and stray.name in findings[1]
    assert not stray.exists()
    assert desk.receipt(r.id).fault and desk.current_reports() == {}  # type: ignore[union-attr]
    assert next(b for b in desk.board() if b.agency == r.agency).current is None


_CHILD = """
import sys, os, signal
from pathlib import Path
import bgindex.workspace as w
ws = w.Workspace.open(Path(sys.argv[1]))
desk = ws.year(2024)
files = [(p.name, p.read_bytes()) for p in sorted(Path(sys.argv[2]).glob("*.xlsx"))]
if sys.argv[3] == "kill":
    desk.receive(files[:2])
    def stop(tmp):
        print("STORED", flush=True)
        os.kill(os.getpid(), signal.SIGKILL)
    w._before_replace = stop
    desk.receive(files[2:3])
else:
    for f in files[int(sys.argv[3])::2]:
        desk.receive([f])
print("DONE", flush=True)
"""


def _child(*args: str) -> subprocess.Popen[str]:
    env = {**os.environ, "PYTHONPATH": str(ROOT / "src")}
    return subprocess.Popen(
        [sys.executable, "-c", _CHILD, *args],
        env=env,
        stdout=subprocess.PIPE,
        stderr=subprocess.PIPE,
        text=True,
    )


@pytest.mark.skipif(not hasattr(signal, "SIGKILL"), reason="SIGKILL is POSIX")
def test_register_survives_a_kill_during_an_upload(tmp_path: Path) -> None:
    proc = _child(str(tmp_path / "ws"), str(SAMPLES), "kill")
    out, err = proc.communicate(timeout=300)
    assert proc.returncode == -signal.SIGKILL and "STORED" in out, err
    folder = tmp_path / "ws" / "2024" / "tep-nhan"
    assert len([p for p in folder.iterdir() if p.name.endswith(".tmp")]) == 1
    old = time.time() - 3600
    for p in folder.iterdir():
        os.utime(p, (old, old))
    ws = Workspace.open(tmp_path / "ws")
    assert len(ws.findings) == 1 and "tệp tạm" in ws.findings[0]  # the half-received file, an hour old
    assert not [p for p in folder.iterdir() if p.name.endswith(".tmp")]
    with sqlite3.connect(tmp_path / "ws" / "so-nhan-tep.sqlite") as db:
        assert db.execute("PRAGMA integrity_check").fetchone()[0] == "ok"
    desk = ws.year(2024)
    assert len(desk.receipts()) == 2 and all(r.outcome == "valid" for r in desk.receipts())
    assert sum(b.current is not None for b in desk.board()) == 2
    assert ws.check() == []


def test_two_processes_receive_at_once(tmp_path: Path) -> None:
    Workspace.open(tmp_path / "ws").year(2024)
    procs = [_child(str(tmp_path / "ws"), str(SAMPLES), str(k)) for k in (0, 1)]
    for p in procs:
        out, err = p.communicate(timeout=600)
        assert p.returncode == 0 and "DONE" in out, err
        assert "locked" not in err
    desk = Workspace.open(tmp_path / "ws").year(2024)
    assert len(desk.receipts()) == 20 and {r.outcome for r in desk.receipts()} <= {"valid", "warnings"}
    assert all(b.current is not None for b in desk.board())


def test_consolidate_writes_the_set(received: tuple[Workspace, list]) -> None:
    from openpyxl import load_workbook

    ws, _ = received
    desk = ws.year(2024)
    outcome = desk.consolidate(report_date=dt.date(2025, 3, 1))
    assert set(outcome.written) == {"xlsx", "docx", "brief"} == set(desk.results())
    assert outcome.result.counts.missing == 0 and outcome.result.counts.files == 20
    assert {f.file for f in outcome.result.files} == {p.name for p in SAMPLES.glob("*.xlsx")}
    load_workbook(desk.results()["xlsx"]).close()


def test_a_result_is_not_replaced_by_one_with_nothing_usable(tmp_path: Path) -> None:
    from bgindex.workspace import WorkspaceError

    desk = Workspace.open(tmp_path / "ws").year(2024)
    with pytest.raises(WorkspaceError, match="chưa có tệp"):
        desk.consolidate()
    name = "bgindex-2024-SXD.xlsx"
    desk.receive([(name, (SAMPLES / name).read_bytes())])
    desk.consolidate(report_date=dt.date(2025, 3, 1))
    before = {k: p.read_bytes() for k, p in desk.results().items()}
    (broken,) = desk.receive([(name, b"PK\x03\x04 not a zip")])  # the agency's new file, unreadable
    assert broken.agency == "SXD" and broken.outcome == "unreadable"
    with pytest.raises(WorkspaceError, match="không ghi đè"):
        desk.consolidate()
    assert {k: p.read_bytes() for k, p in desk.results().items()} == before


def _zip(parts: dict[str, bytes]) -> bytes:
    return zip_bytes(parts, deflate=True)


def test_a_zip_of_attachments_gives_a_receipt_per_file(tmp_path: Path) -> None:
    desk = Workspace.open(tmp_path / "ws").year(2024)
    five = dict(_samples()[:5])
    sent = _zip({f"thu-muc/{n}": d for n, d in five.items()} | {"__MACOSX/._x": b"junk"})
    got = desk.receive([("đính kèm.zip", sent)])
    assert [r.original_name for r in got] == [f"đính kèm.zip › {n}" for n in five]
    assert all(r.outcome in ("valid", "warnings") and r.stored.suffix == ".xlsx" for r in got)


def test_a_zip_bomb_and_a_nested_zip_are_refused(tmp_path: Path) -> None:
    desk = Workspace.open(tmp_path / "ws").year(2024)
    bomb = _zip({"a.xlsx": b"\0" * (60 * 1024 * 1024)})
    nested = _zip({"trong.zip": _zip(dict(_samples()[:1]))})
    a, b = desk.receive([("bom.zip", bomb), ("long-nhau.zip", nested)])
    assert (a.original_name, a.outcome, b.original_name, b.outcome) == (
        "bom.zip",
        "unreadable",
        "long-nhau.zip",
        "unreadable",
    )
    assert desk.file_report(a.id).issues[0].code == "E_FILE_UNSAFE"
    assert desk.file_report(b.id).issues[0].code == "E_FILE_NOT_SPREADSHEET"
    assert len(desk.receipts()) == 2


def test_annotated_copies_and_the_reminder(tmp_path: Path) -> None:
    from openpyxl import load_workbook

    desk = Workspace.open(tmp_path / "ws").year(2024)
    bad, good = desk.receive(
        [("loi.xlsx", (INVALID / "loi-01-khong-phai-so.xlsx").read_bytes()), _samples()[0]]
    )
    assert (desk.annotated_copy(good.id) is None) == (not desk.file_report(good.id).issues)
    copy = desk.annotated_copy(bad.id)
    assert copy is not None and copy.parent == tmp_path / "ws" / "2024" / "ban-chu-thich"
    assert desk.annotated_copy(bad.id) == copy  # cached
    load_workbook(copy).close()
    bundle = desk.annotated_zip()
    import zipfile

    with zipfile.ZipFile(bundle) as zf:
        assert zf.namelist() == [f"{bad.agency}-tep-{bad.id}.chu-thich.xlsx"]
    text = desk.reminder_letter(dt.date(2025, 3, 1), "text")
    assert isinstance(text, str) and desk.catalog.agency_name_for_year("SYT", 2024) in text
    assert good.agency is not None and desk.catalog.agency_name_for_year(good.agency, 2024) not in text
    word = desk.reminder_letter(dt.date(2025, 3, 1), "docx")
    assert isinstance(word, Path) and word.is_file()


def test_compare_two_years_and_explanation_letters(received: tuple[Workspace, list]) -> None:
    ws, _ = received
    desk = ws.year(2024)
    earlier = ws.year(2023)
    earlier.receive([(p.name, p.read_bytes()) for p in sorted((SAMPLES.parent / "2023").glob("*.xlsx"))])
    earlier.consolidate(report_date=dt.date(2024, 3, 1))
    outcome = desk.consolidate(report_date=dt.date(2025, 3, 1))
    assert "kết quả tổng hợp năm 2023" in outcome.result.previous_source
    result = desk.compare(2023)
    assert [y for y in result.years] == [2023, 2024]
    letters = desk.explanation_letters("text")
    assert set(letters) <= {a.code for a in desk.catalog.reporting_agencies(2024)}
    assert all(isinstance(t, str) and t for t in letters.values())


_MAIN_FLOW = """
import datetime as dt, io, sys, zipfile
from pathlib import Path
from bgindex.workspace import Workspace
import os
assert not hasattr(os, "fork")  # the imitation of Windows is in force
samples = sorted(Path(sys.argv[2]).glob("*.xlsx"))
buf = io.BytesIO()
with zipfile.ZipFile(buf, "w") as zf:
    for p in samples[3:5]:
        zf.write(p, p.name)
desk = Workspace.open(Path(sys.argv[1])).year(2024)
got = desk.receive([(p.name, p.read_bytes()) for p in samples[:3]] + [("kem.zip", buf.getvalue())])
board = desk.board(dt.date(2025, 6, 1))
outcome = desk.consolidate(report_date=dt.date(2025, 3, 1))
print(len(got), sum(r.current is not None for r in board), sorted(outcome.written))
"""


def test_main_flow_under_the_windows_model(tmp_path: Path) -> None:
    env = {
        **os.environ,
        "PYTHONPATH": os.pathsep.join([str(ROOT / "tests" / "windows_model"), str(ROOT / "src")]),
    }
    proc = subprocess.run(
        [sys.executable, "-c", _MAIN_FLOW, str(tmp_path / "ws"), str(SAMPLES)],
        env=env,
        capture_output=True,
        text=True,
        timeout=600,
    )
    assert proc.returncode == 0, proc.stderr
    assert proc.stdout.split("\n")[0] == "5 5 ['brief', 'docx', 'xlsx']"
