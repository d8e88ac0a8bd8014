"""What keeps another site, another program or a hostile upload from using the officer's desk.

The desk listens on the loopback address only, yet any page open in the officer's browser can send
requests to it. The layers, outermost first:

* Host: Starlette's TrustedHostMiddleware refuses a Host header that is not the bound address
  (a DNS-rebinding page reaches 127.0.0.1 under its own name, and is refused).
* Size: a request body larger than the drop may be is refused from its Content-Length, or as soon as
  its stream passes the bound; it is never read whole into memory.
* Origin and token: every state-changing request must come from the desk's own origin (Origin, else
  Referer) and carry the server's synchroniser token, sent by htmx as the X-CSRF-Token header
  (hx-headers on <body>) or, for a plain form, as the csrf_token query field of its action.
  The token is checked here, before any handler reads the body, so that no handler can forget it;
  starlette-csrf was not taken: it is a double-submit cookie, which needs a cookie and a second
  copy the page must read, where one secret per server process (the desk has one user) is enough.
* Headers: a Content-Security-Policy with no inline script, nosniff, no framing, no-store on pages.
"""

from __future__ import annotations

import hmac
import secrets
from collections.abc import Sequence
from urllib.parse import parse_qs, urlsplit

from starlette.datastructures import Headers, MutableHeaders
from starlette.middleware import Middleware
from starlette.middleware.trustedhost import TrustedHostMiddleware
from starlette.responses import PlainTextResponse
from starlette.types import ASGIApp, Message, Receive, Scope, Send

from bgindex.intake.limits import MAX_FILE_BYTES, MAX_MEMBERS

# A drop holds at most as many files as a .zip of attachments may (the hostile-file bound), each
# bounded as any untrusted file is; the whole request is bounded again so that the spool on disk is.
MAX_UPLOAD_FILES = MAX_MEMBERS
MAX_UPLOAD_FILE_BYTES = MAX_FILE_BYTES
MAX_REQUEST_BYTES = 4 * MAX_FILE_BYTES

CSRF_HEADER = "x-csrf-token"
CSRF_FIELD = "csrf_token"
LOOPBACK_NAMES = ("127.0.0.1", "localhost", "::1")
UNSAFE_METHODS = {"POST", "PUT", "PATCH", "DELETE"}

CSP = (
    "default-src 'self'; script-src 'self'; style-src 'self'; img-src 'self' data:; "
    "frame-ancestors 'none'; base-uri 'none'; form-action 'self'"
)
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "referrer-policy": "same-origin",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
}


def new_token() -> str:
    """The synchroniser token of one server process."""
    return secrets.token_urlsafe(32)


def is_loopback(host: str) -> bool:
    return host in LOOPBACK_NAMES or host.startswith("127.")


def allowed_hosts(host: str) -> list[str]:
    """Host names a request may name: the loopback names, and the address asked for with --host."""
    names = ["127.0.0.1", "localhost", "[::1]"]
    if host in ("0.0.0.0", "::"):  # every interface: the machine's names are not known here
        return ["*"]
    if host not in names:
        names.append(host)
    return names


def _refuse(status: int, text: str) -> PlainTextResponse:
    return PlainTextResponse(text, status_code=status, headers=SECURITY_HEADERS)


class _TooLarge(Exception):
    pass


class BodyLimit:
    """Refuses a request body larger than `limit` bytes without reading it whole."""

    def __init__(self, app: ASGIApp, limit: int = MAX_REQUEST_BYTES) -> None:
        self.app = app
        self.limit = limit

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        refusal = _refuse(
            413,
            f"Dữ liệu gửi lên quá lớn (tối đa {self.limit // (1024 * 1024)} MB một lần); "
            "hãy gửi ít tệp hơn mỗi lần.",
        )
        length = Headers(scope=scope).get("content-length")
        if length is not None and (not length.isdigit() or int(length) > self.limit):
            await refusal(scope, receive, send)
            return
        seen = 0
        started = False

        async def counted() -> Message:
            nonlocal seen
            message = await receive()
            if message["type"] == "http.request":
                seen += len(message.get("body", b""))
                if seen > self.limit:
                    raise _TooLarge
            return message

        async def watched(message: Message) -> None:
            nonlocal started
            started = started or message["type"] == "http.response.start"
            await send(message)

        try:
            await self.app(scope, counted, watched)
        except _TooLarge:
            if not started:
                await refusal(scope, receive, send)


def _same_origin(headers: Headers) -> bool:
    """Origin (else Referer) names this very server: scheme, host and port as the Host header says."""
    host = headers.get("host", "")
    own = f"http://{host}"
    origin = headers.get("origin")
    if origin is not None:
        return origin == own
    referer = headers.get("referer")
    if referer is None:
        return False
    parts = urlsplit(referer)
    return f"{parts.scheme}://{parts.netloc}" == own


def _token_of(scope: Scope, headers: Headers) -> str:
    sent = headers.get(CSRF_HEADER)
    if sent:
        return sent
    query = parse_qs(scope.get("query_string", b"").decode("latin-1"))
    return (query.get(CSRF_FIELD) or [""])[0]


class OriginAndToken:
    """Every state-changing request from the desk's own origin with the server's token."""

    def __init__(self, app: ASGIApp, token: str) -> None:
        self.app = app
        self.token = token

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] == "http" and scope["method"] in UNSAFE_METHODS:
            headers = Headers(scope=scope)
            if not _same_origin(headers):
                refusal = _refuse(403, "Yêu cầu không đến từ trang của bàn làm việc: đã từ chối.")
                await refusal(scope, receive, send)
                return
            if not hmac.compare_digest(_token_of(scope, headers).encode(), self.token.encode()):
                refusal = _refuse(
                    403, "Phiên làm việc đã hết hoặc không hợp lệ: hãy tải lại trang rồi làm lại."
                )
                await refusal(scope, receive, send)
                return
        await self.app(scope, receive, send)


class SecurityHeaders:
    """The security headers on every response; no-store on everything but the package's static files."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        static = scope["path"].startswith("/static/")

        async def with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                headers = MutableHeaders(scope=message)
                for name, value in SECURITY_HEADERS.items():
                    headers[name] = value
                if not static:
                    headers["cache-control"] = "no-store"
            await send(message)

        await self.app(scope, receive, with_headers)


def middleware(host: str, token: str) -> Sequence[Middleware]:
    """The stack, outermost first: headers on every answer, even a refusal of the layers below."""
    return [
        Middleware(SecurityHeaders),
        Middleware(TrustedHostMiddleware, allowed_hosts=allowed_hosts(host), www_redirect=False),
        Middleware(BodyLimit),
        Middleware(OriginAndToken, token=token),
    ]
