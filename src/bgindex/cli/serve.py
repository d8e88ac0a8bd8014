"""`bgindex serve`: the desk in the browser, served by uvicorn in this process on the loopback address."""

from __future__ import annotations

import errno
import socket
import webbrowser
from pathlib import Path
from typing import Annotated

import typer

from bgindex.cli.click_vi import ViCommand
from bgindex.cli.terminal import echo
from bgindex.model.exits import ExitCode
from bgindex.model.safe_text import printable


def _bind(host: str, port: int) -> socket.socket:
    """The listening socket, bound before uvicorn starts so that port 0 gives the real port to print."""
    family = socket.AF_INET6 if ":" in host else socket.AF_INET
    sock = socket.socket(family, socket.SOCK_STREAM)
    try:
        sock.bind((host, port))
        sock.listen(128)
    except OSError:
        sock.close()
        raise
    sock.set_inheritable(True)
    return sock


def serve(
    workspace: Path | None = None,
    port: int = 0,
    host: str = "127.0.0.1",
    browser: bool = True,
) -> int:
    """Opens the workspace, binds, prints the address, opens the browser, serves until Ctrl+C."""
    import uvicorn

    from bgindex.desk.app import create_app
    from bgindex.desk.security import is_loopback
    from bgindex.workspace import WorkspaceError

    if workspace is not None and workspace.exists() and not workspace.is_dir():
        echo(f"Lỗi: '{printable(workspace)}' là một tệp, không phải thư mục làm việc.", err=True)
        return ExitCode.USAGE
    if not 0 <= port <= 65535:
        echo(f"Lỗi: cổng {port} không hợp lệ (0 đến 65535; 0 là chọn cổng còn trống).", err=True)
        return ExitCode.USAGE
    if not is_loopback(host):
        echo(
            f"CẢNH BÁO: bàn làm việc mở cho các máy khác qua địa chỉ {printable(host)}: ai vào được mạng "
            "này đều xem và gửi được tệp. Chỉ dùng trong mạng tin cậy.",
            err=True,
        )
    try:
        app = create_app(workspace, host)
    except WorkspaceError as exc:
        echo(f"Lỗi: {exc.message}", err=True)
        return ExitCode.USAGE if exc.usage else ExitCode.UNREADABLE
    try:
        sock = _bind(host, port)
    except OSError as exc:
        if exc.errno == errno.EADDRINUSE or getattr(exc, "winerror", None) == 10048:
            echo(f"Lỗi: cổng {port} đang được dùng bởi chương trình khác; hãy chọn cổng khác.", err=True)
        else:
            reason = printable(exc.strerror or exc)  # the system's words: a socket is no file
            echo(f"Lỗi: không mở được địa chỉ {printable(host)}:{port} trên máy này ({reason}).", err=True)
        return ExitCode.UNREADABLE
    shown = f"[{host}]" if ":" in host else host
    url = f"http://{shown}:{sock.getsockname()[1]}/"
    echo(f"Bàn làm việc: {url} — mở trong trình duyệt; Ctrl+C để dừng")
    if browser:
        webbrowser.open(url)
    config = uvicorn.Config(
        app, log_level="warning", access_log=False, workers=1, lifespan="off", server_header=False
    )
    server = uvicorn.Server(config)
    try:
        server.run(sockets=[sock])
    finally:
        sock.close()
        app.state.desk.workspace.close()
    return ExitCode.OK


def register(app: typer.Typer) -> None:
    @app.command("serve", cls=ViCommand)
    def serve_cmd(
        workspace: Annotated[
            Path | None,
            typer.Option(
                "--workspace",
                help="Thư mục làm việc (sổ nhận tệp, tệp đã nhận, kết quả); mặc định Documents/bgindex.",
                metavar="THƯ_MỤC",
            ),
        ] = None,
        port: Annotated[
            int, typer.Option("--port", help="Cổng; mặc định 0 là chọn một cổng còn trống.", metavar="SỐ")
        ] = 0,
        host: Annotated[
            str,
            typer.Option(
                "--host",
                help="Địa chỉ lắng nghe; mặc định 127.0.0.1 (chỉ máy này). Địa chỉ khác kèm cảnh báo.",
                metavar="ĐỊA_CHỈ",
            ),
        ] = "127.0.0.1",
        no_browser: Annotated[bool, typer.Option("--no-browser", help="Không tự mở trình duyệt.")] = False,
    ) -> None:
        """Bàn làm việc trên trình duyệt: nhận tệp, xem tình hình báo cáo, gửi bản chú thích, tổng hợp.

        Chỉ mở trên máy này (127.0.0.1) và tự mở trình duyệt. Mã thoát: 0 khi dừng bằng Ctrl+C;
        2 sai tùy chọn hoặc thư mục làm việc là một tệp; 3 không mở được thư mục làm việc hoặc cổng
        đang được dùng."""
        raise typer.Exit(serve(workspace, port, host, browser=not no_browser))
