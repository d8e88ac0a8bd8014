"""The desk's security layer alone, in front of a one-route app on a real uvicorn in a thread."""

from __future__ import annotations

import socket
import threading
import time
from collections.abc import Iterator

import pytest
import uvicorn
from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import PlainTextResponse
from starlette.routing import Route
from tests.desk_server import Server, request

from bgindex.desk import security

TOKEN = security.new_token()


async def _echo(request: Request) -> PlainTextResponse:
    body = await request.body()
    return PlainTextResponse(f"{request.method} {len(body)}")


@pytest.fixture(scope="module")
def server() -> Iterator[Server]:
    app = Starlette(
        routes=[Route("/", _echo, methods=["GET", "POST"])],
        middleware=security.middleware("127.0.0.1", TOKEN),
    )
    sock = socket.socket()
    sock.bind(("127.0.0.1", 0))
    sock.listen(16)
    config = uvicorn.Config(app, log_level="warning", lifespan="off")
    running = uvicorn.Server(config)
    thread = threading.Thread(target=running.run, kwargs={"sockets": [sock]}, daemon=True)
    thread.start()
    while not running.started:
        time.sleep(0.02)
    yield Server(process=None, port=sock.getsockname()[1])
    running.should_exit = True
    thread.join(10)
    sock.close()


def test_host_origin_and_token(server: Server) -> None:
    own = {"Origin": server.origin, "X-CSRF-Token": TOKEN}
    assert request(server, "GET", "/").text == "GET 0"
    assert request(server, "GET", "/", headers={"Host": "rebound.example"}).status == 400
    assert request(server, "POST", "/", b"x", headers=own).text == "POST 1"
    assert request(server, "POST", "/", headers={**own, "Origin": "http://evil.example"}).status == 403
    assert request(server, "POST", "/", headers={"Origin": server.origin}).status == 403
    referer = {"Referer": server.origin + "/nam/2024/tong-hop", "X-CSRF-Token": TOKEN}
    assert request(server, "POST", "/", headers=referer).status == 200
    field = request(server, "POST", f"/?{security.CSRF_FIELD}={TOKEN}", headers={"Origin": server.origin})
    assert field.status == 200


def test_headers_on_answers_and_refusals(server: Server) -> None:
    for answer in (request(server, "GET", "/"), request(server, "POST", "/")):
        assert answer.headers["content-security-policy"] == security.CSP
        assert answer.headers["x-content-type-options"] == "nosniff"
        assert answer.headers["cache-control"] == "no-store"


def test_a_body_past_the_bound_is_refused(server: Server) -> None:
    own = {"Origin": server.origin, "X-CSRF-Token": TOKEN}
    big = {**own, "Content-Length": str(security.MAX_REQUEST_BYTES + 1)}
    with socket.create_connection(("127.0.0.1", server.port), timeout=10) as sock:
        head = f"POST / HTTP/1.1\r\nHost: 127.0.0.1:{server.port}\r\n" + "".join(
            f"{k}: {v}\r\n" for k, v in big.items()
        )
        sock.sendall((head + "\r\n").encode())
        assert sock.recv(4096).startswith(b"HTTP/1.1 413")


def test_the_upload_bounds_are_the_hostile_file_bounds() -> None:
    from bgindex.intake import limits

    assert security.MAX_UPLOAD_FILE_BYTES == limits.MAX_FILE_BYTES
    assert security.MAX_UPLOAD_FILES == limits.MAX_MEMBERS
    assert security.MAX_REQUEST_BYTES >= security.MAX_UPLOAD_FILE_BYTES


def test_only_loopback_is_quiet() -> None:
    assert security.is_loopback("127.0.0.1") and security.is_loopback("localhost")
    assert not security.is_loopback("192.168.1.5")
    assert security.allowed_hosts("192.168.1.5")[-1] == "192.168.1.5"
