"""Two tabs uploading at once and an upload during a consolidation, through a real `bgindex serve`:
nothing lost, nothing counted twice, the register and the files on disk agree afterwards."""

from __future__ import annotations

import threading
from pathlib import Path
from typing import Any

from tests.desk_server import ROOT, Answer, Server, multipart, request, start, token

SAMPLES = sorted((ROOT / "data" / "samples" / "2024").glob("*.xlsx"))


def _post_files(server: Server, secret: str, paths: list[Path]) -> Answer:
    body, kind = multipart([(p.name, p.read_bytes()) for p in paths])
    headers = {"Origin": server.origin, "X-CSRF-Token": secret, "Content-Type": kind}
    return request(server, "POST", "/nam/2024/nhan-tep/luong", body=body, headers=headers, timeout=300)


def _consolidate(server: Server, secret: str) -> Answer:
    headers = {"Origin": server.origin, "X-CSRF-Token": secret}
    return request(server, "POST", "/nam/2024/tong-hop", headers=headers, timeout=300)


def _all_at_once(*calls: Any) -> list[Answer]:
    """Run the calls in threads released together; their answers in the order given."""
    answers: list[Answer | None] = [None] * len(calls)
    errors: list[BaseException] = []
    gate = threading.Barrier(len(calls))

    def run(i: int, call: Any) -> None:
        try:
            gate.wait()
            answers[i] = call()
        except BaseException as exc:  # re-raised in the test's thread below
            errors.append(exc)

    threads = [threading.Thread(target=run, args=(i, c)) for i, c in enumerate(calls)]
    for t in threads:
        t.start()
    for t in threads:
        t.join(300)
    assert not errors, errors
    assert all(a is not None for a in answers)
    return [a for a in answers if a is not None]


def _consistent(root: Path) -> list[Any]:
    """The register as reopened after the server stopped: checked against the disk, every receipt."""
    from bgindex.workspace import Workspace

    workspace = Workspace.open(root)
    try:
        assert workspace.check() == []
        return workspace.year(2024).receipts()
    finally:
        workspace.close()


def test_two_tabs_uploading_at_once_lose_nothing_and_count_nothing_twice(tmp_path: Path) -> None:
    first, second = SAMPLES[:10], SAMPLES[10:]
    server = start(tmp_path)
    try:
        secret = token(server)
        answers = _all_at_once(
            lambda: _post_files(server, secret, first),
            lambda: _post_files(server, secret, second),
            lambda: _post_files(server, secret, first),  # the same attachments sent again from a third tab
        )
        assert [a.status for a in answers] == [200, 200, 200]
        assert [a.text.count("<tr") for a in answers] == [10, 10, 10]
        board = request(server, "GET", "/nam/2024/tinh-hinh").text
        assert "Đã nhận 20/20 đơn vị" in board
    finally:
        server.stop()
    receipts = _consistent(tmp_path)
    assert len(receipts) == 30
    assert sum(r.duplicate_of is not None for r in receipts) == 10  # recognised, not counted again
    stored = {r.stored for r in receipts}
    assert len(stored) == 20 and all(p.is_file() for p in stored)
    assert len(list(stored.pop().parent.iterdir())) == 20  # each content stored once, no temporary left


def test_an_upload_during_a_consolidation_waits_and_is_kept(tmp_path: Path) -> None:
    early, late = SAMPLES[:-1], SAMPLES[-1:]
    server = start(tmp_path)
    try:
        secret = token(server)
        assert _post_files(server, secret, early).status == 200
        consolidated, received = _all_at_once(
            lambda: _consolidate(server, secret), lambda: _post_files(server, secret, late)
        )
        assert consolidated.status == 200 and "ket-qua/xlsx" in consolidated.text, consolidated.text[:300]
        assert received.status == 200 and received.text.count("<tr") == 1
        assert "Đã nhận 20/20 đơn vị" in request(server, "GET", "/nam/2024/tinh-hinh").text
        again = _consolidate(server, secret)  # the late file is counted from now on
        assert again.status == 200 and "ket-qua/xlsx" in again.text
    finally:
        server.stop()
    receipts = _consistent(tmp_path)
    assert len(receipts) == 20 and all(r.outcome != "pending" for r in receipts)
