"""The desk refuses what another site, another program or a hostile upload could send it (real server)."""

from __future__ import annotations

import http.client
import signal
import socket
import subprocess
from pathlib import Path

import pytest
from tests.desk_server import ROOT, Server, command, multipart, request, start, token

from bgindex.desk.app import content_disposition
from bgindex.desk.security import MAX_REQUEST_BYTES

SAMPLES = ROOT / "data" / "samples" / "2024"


@pytest.fixture(scope="module")
def server(tmp_path_factory: pytest.TempPathFactory):
    running = start(tmp_path_factory.mktemp("ban-lam-viec"))
    yield running
    running.stop()


def test_a_foreign_host_header_is_refused(server: Server) -> None:
    """DNS rebinding: a page of evil.example resolved to 127.0.0.1 sends its own name as Host."""
    answer = request(server, "GET", "/", headers={"Host": f"evil.example:{server.port}"})
    assert answer.status == 400
    assert request(server, "GET", "/").status == 200
    assert request(server, "GET", "/", headers={"Host": f"localhost:{server.port}"}).status == 200


def test_every_page_carries_the_security_headers(server: Server) -> None:
    for path in ("/", "/nam/2024/nhan-tep", "/static/desk.css", "/khong-co"):
        headers = request(server, "GET", path).headers
        csp = headers["content-security-policy"]
        assert "script-src 'self'" in csp and "frame-ancestors 'none'" in csp and "unsafe-inline" not in csp
        assert headers["x-content-type-options"] == "nosniff"
        assert headers["referrer-policy"] == "same-origin"
    assert request(server, "GET", "/nam/2024/nhan-tep").headers["cache-control"] == "no-store"


def test_no_inline_script_in_the_pages(server: Server) -> None:
    page = request(server, "GET", "/nam/2024/nhan-tep").text
    assert "<script>" not in page and " on" + "click=" not in page
    assert '<script src="/static/htmx.min.js"' in page


def test_a_post_from_another_origin_is_refused(server: Server) -> None:
    good = token(server)
    for origin in ("http://evil.example", f"http://127.0.0.1:{server.port + 1}", "null"):
        answer = request(
            server, "POST", "/nam/2024/tong-hop", headers={"Origin": origin, "X-CSRF-Token": good}
        )
        assert answer.status == 403, origin
    # neither Origin nor Referer: refused as well
    assert request(server, "POST", "/nam/2024/tong-hop", headers={"X-CSRF-Token": good}).status == 403


def test_a_post_without_the_token_is_refused(server: Server) -> None:
    own = {"Origin": server.origin}
    assert request(server, "POST", "/nam/2024/tong-hop", headers=own).status == 403
    wrong = {**own, "X-CSRF-Token": "x" * 43}
    assert request(server, "POST", "/nam/2024/tong-hop", headers=wrong).status == 403
    # the right token through the header, or the plain form's field: the request reaches the page
    right = request(server, "POST", "/nam/2024/tong-hop", headers={**own, "X-CSRF-Token": token(server)})
    assert right.status == 409 and "refusal" in right.text  # reached: nothing to consolidate yet
    field = request(server, "POST", f"/nam/2024/tong-hop?csrf_token={token(server)}", headers=own)
    assert field.status == 409


def test_an_oversized_upload_is_refused_before_it_is_read(server: Server) -> None:
    """The Content-Length alone refuses it: the answer comes before a byte of the body is sent."""
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        head = (
            f"POST /nam/2024/nhan-tep/luong HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n"
            f"Origin: {server.origin}\r\nX-CSRF-Token: {token(server)}\r\n"
            "Content-Type: multipart/form-data; boundary=x\r\n"
            f"Content-Length: {MAX_REQUEST_BYTES + 1}\r\n\r\n"
        )
        sock.sendall(head.encode())
        answer = sock.recv(4096).decode("utf-8", "replace")
    assert answer.startswith("HTTP/1.1 413")


def test_a_body_that_grows_past_the_bound_is_cut(server: Server) -> None:
    """A chunked body has no length: counted as it streams, refused when it passes the bound."""
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=60)
    chunk = b"\0" * (1024 * 1024)
    headers = {
        "Host": f"127.0.0.1:{server.port}",
        "Origin": server.origin,
        "X-CSRF-Token": token(server),
        "Content-Type": "multipart/form-data; boundary=x",
    }
    try:
        conn.request(
            "POST",
            "/nam/2024/nhan-tep/luong",
            body=iter([chunk] * (MAX_REQUEST_BYTES // len(chunk) + 4)),
            headers=headers,
            encode_chunked=True,
        )
        status = conn.getresponse().status
    except (BrokenPipeError, ConnectionResetError):
        status = 413  # the server answered and closed while the client was still sending
    finally:
        conn.close()
    assert status in (400, 413)


def test_no_directory_listing_and_no_path_outside_the_package(server: Server) -> None:
    assert request(server, "GET", "/static/").status == 404
    assert request(server, "GET", "/static/..%2f__init__.py").status == 404
    assert request(server, "GET", "/static/%2e%2e/app.py").status == 404


def test_download_names_are_sanitised_for_the_header() -> None:
    header = content_disposition('ban-chu-thich-2024-Sở Tài "nguyên".xlsx')
    assert header.startswith('attachment; filename="ban-chu-thich-2024-S__T_i__nguy_n_.xlsx"')
    assert "filename*=UTF-8''ban-chu-thich-2024-S%E1%BB%9F%20T%C3%A0i%20%22nguy%C3%AAn%22.xlsx" in header
    assert "\r" not in header and "\n" not in header


def test_a_port_in_use_is_exit_3(tmp_path: Path, server: Server) -> None:
    cmd, env = command(tmp_path, server.port)
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=60, env=env)
    assert done.returncode == 3
    assert "đang được dùng" in done.stderr


def test_a_workspace_that_is_a_file_is_exit_2(tmp_path: Path) -> None:
    (tmp_path / "tep").write_text("x")
    cmd, env = command(tmp_path / "tep")
    done = subprocess.run(cmd, capture_output=True, text=True, encoding="utf-8", timeout=60, env=env)
    assert done.returncode == 2
    assert "không phải thư mục làm việc" in done.stderr


def test_a_kill_during_an_upload_leaves_the_workspace_consistent(tmp_path: Path) -> None:
    """SIGKILL while the server stores and validates a drop: on restart the register and the files
    agree (Workspace.check repairs or flags) and the same drop is received whole."""
    from bgindex.workspace import Workspace

    files = [(p.name, p.read_bytes()) for p in sorted(SAMPLES.glob("*.xlsx"))]
    body, kind = multipart(files)
    first = start(tmp_path)
    try:
        headers = {"Origin": first.origin, "X-CSRF-Token": token(first), "Content-Type": kind}
        conn = http.client.HTTPConnection("127.0.0.1", first.port, timeout=60)
        conn.request(
            "POST",
            "/nam/2024/nhan-tep/luong",
            body=body,
            headers={"Host": f"127.0.0.1:{first.port}", **headers},
        )
        response = conn.getresponse()
        response.fp.readline()  # the first file's row: the drop is stored and being validated
        assert first.process is not None
        first.process.send_signal(signal.SIGKILL)
        first.process.wait(10)
        conn.close()
    finally:
        first.stop()
    workspace = Workspace.open(tmp_path)
    try:
        # files stored but not validated when the server died are flagged, then validated when the year opens
        receipts = workspace.year(2024).receipts()
        assert workspace.check() == []
        assert all(r.outcome != "pending" and r.stored.is_file() for r in receipts)
    finally:
        workspace.close()
    again = start(tmp_path)
    try:
        headers = {"Origin": again.origin, "X-CSRF-Token": token(again), "Content-Type": kind}
        assert request(again, "POST", "/nam/2024/nhan-tep/luong", body=body, headers=headers).status == 200
        board = request(again, "GET", "/nam/2024/tinh-hinh").text
        assert "Đã nhận 20/20 đơn vị" in board
    finally:
        again.stop()
