"""A real `bgindex serve` in a subprocess for the desk's tests, and the requests they send it."""

from __future__ import annotations

import http.client
import os
import re
import subprocess
import sys
import uuid
from dataclasses import dataclass
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]


@dataclass
class Server:
    process: subprocess.Popen[str] | None  # None: a server in a thread of the test
    port: int

    @property
    def origin(self) -> str:
        return f"http://127.0.0.1:{self.port}"

    def stop(self) -> None:
        if self.process is not None and self.process.poll() is None:
            self.process.terminate()
            try:
                self.process.wait(10)
            except subprocess.TimeoutExpired:
                self.process.kill()
                self.process.wait(10)


def command(workspace: Path, port: int = 0, windows: bool = False) -> tuple[list[str], dict[str, str]]:
    """`bgindex serve` from this source tree, and its environment; `windows`: under the imitation of
    Windows' process model (tests/windows_model: spawn only, no fork, no resource, no /proc)."""
    paths = [str(ROOT / "tests" / "windows_model")] if windows else []
    env = {**os.environ, "PYTHONPATH": os.pathsep.join([*paths, str(ROOT / "src")]), "PYTHONUNBUFFERED": "1"}
    cmd = [sys.executable, "-m", "bgindex", "serve", "--no-browser", "--port", str(port)]
    return [*cmd, "--workspace", str(workspace)], env


def start(workspace: Path, windows: bool = False) -> Server:
    cmd, env = command(workspace, windows=windows)
    process = subprocess.Popen(
        cmd, stdout=subprocess.PIPE, stderr=subprocess.PIPE, text=True, encoding="utf-8", env=env
    )
    assert process.stdout is not None
    line = process.stdout.readline()
    found = re.search(r"http://127\.0\.0\.1:(\d+)/", line)
    if not found:
        process.kill()
        raise AssertionError(
            f"no address printed: {line!r} {process.stderr.read() if process.stderr else ''}"
        )
    return Server(process, int(found.group(1)))


@dataclass
class Answer:
    status: int
    headers: dict[str, str]
    body: bytes

    @property
    def text(self) -> str:
        return self.body.decode("utf-8", "replace")


def request(
    server: Server,
    method: str,
    path: str,
    body: bytes | None = None,
    headers: dict[str, str] | None = None,
    timeout: float = 60,
) -> Answer:
    conn = http.client.HTTPConnection("127.0.0.1", server.port, timeout=timeout)
    try:
        conn.request(method, path, body=body, headers={"Host": f"127.0.0.1:{server.port}", **(headers or {})})
        response = conn.getresponse()
        return Answer(response.status, {k.lower(): v for k, v in response.getheaders()}, response.read())
    finally:
        conn.close()


def token(server: Server) -> str:
    page = request(server, "GET", "/nam/2024/nhan-tep").text
    found = re.search(r'data-token="([^"]+)"', page)
    assert found, page[:500]
    return found.group(1)


def multipart(files: list[tuple[str, bytes]]) -> tuple[bytes, str]:
    """A multipart/form-data body of `files` under the field name the intake form uses."""
    boundary = uuid.uuid4().hex
    parts = []
    for name, data in files:
        head = (
            f'--{boundary}\r\nContent-Disposition: form-data; name="files"; filename="{name}"\r\n'
            "Content-Type: application/octet-stream\r\n\r\n"
        )
        parts.append(head.encode() + data + b"\r\n")
    return b"".join(parts) + f"--{boundary}--\r\n".encode(), f"multipart/form-data; boundary={boundary}"
