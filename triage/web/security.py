"""Security for the local web server (docs/web.md): the strict Content-Security-Policy
and the other headers on every response, ``Cache-Control: no-store`` on everything that
is not a static file, the refusal of state-changing requests from another site, the
bound and the time limit on every request body, and a 500 page for any failure with one
line in the log (:class:`Guard`, an ASGI middleware); and whether a host is this
machine only (:func:`is_loopback`, for the warning off loopback and the Host guard).
"""

from __future__ import annotations

import asyncio
import ipaddress
import logging
import traceback
from collections.abc import Awaitable, Callable, MutableMapping
from pathlib import PurePath
from typing import Any
from urllib.parse import urlsplit

from triage.limits import MAX_UPLOAD_BYTES, MAX_WEB_BODY_BYTES
from triage.safetext import neutralise

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# A strict policy: nothing from another host, no inline script or style, no framing.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The batch report is one self-contained page (triage/report.py) with its own <style>.
REPORT_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# Pages hold answers and results (health data): never written to any cache, the
# browser's own disk cache included (issue 21). Static files hold none: revalidated.
PAGE_CACHE = "no-store"
STATIC_CACHE = "no-cache"
UPLOAD_PATHS = ("/nurse/batch",)
# Multipart framing and the form's other fields, on top of the file itself.
UPLOAD_OVERHEAD_BYTES = 65_536
# A request body must have arrived in full within this many seconds (a body trickled in
# slowly would hold a connection and a task for as long as the sender likes).
BODY_TIMEOUT_S = 15.0
SAFE_METHODS = ("GET", "HEAD", "OPTIONS")
log = logging.getLogger("triage.web")
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address to bind) is this machine only."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


# ----------------------------------------------------------------- middleware


def body_limit(path: str) -> int:
    """The largest request body accepted on ``path``, in bytes."""
    return MAX_UPLOAD_BYTES + UPLOAD_OVERHEAD_BYTES if path in UPLOAD_PATHS else MAX_WEB_BODY_BYTES


def cross_site(method: str, headers: dict[bytes, bytes]) -> bool:
    """Whether a request that changes something (not GET, HEAD or OPTIONS) comes from a
    page of another origin: ``Sec-Fetch-Site`` (sent by every current browser) says
    anything but ``same-origin`` or ``none``, or ``Origin`` names another server.

    ``Origin: null`` decides nothing: with ``Referrer-Policy: no-referrer`` a browser
    sends it for this site's own forms too. A request with neither header (curl, a
    script) is not refused: it is not a page of another site acting through a browser.
    """
    if method in SAFE_METHODS:
        return False
    site = headers.get(b"sec-fetch-site")
    if site is not None and site.strip().lower() not in (b"same-origin", b"none"):
        return True
    origin = headers.get(b"origin", b"").decode("latin-1").strip().lower()
    if not origin or origin == "null":
        return False
    given = urlsplit(origin)
    host = headers.get(b"host", b"").decode("latin-1").strip().lower()
    return given.scheme not in ("http", "https") or _without_default_port(
        given.netloc, given.scheme
    ) != _without_default_port(host, given.scheme)


def _without_default_port(netloc: str, scheme: str) -> str:
    default = ":443" if scheme == "https" else ":80"
    return netloc.removesuffix(default)


class Guard:
    """Around the whole application: security headers and ``Cache-Control`` on every
    response; HEAD answered as GET without the body; state-changing requests from
    another site refused (403); every request body bounded (413, before the application
    reads anything) and read within ``body_timeout`` seconds (408); any failure of the
    application a 500 page and one line in the log, never a traceback (it could quote
    what was typed)."""

    def __init__(self, app: ASGIApp, body_timeout: float = BODY_TIMEOUT_S) -> None:
        self.app = app
        self.body_timeout = body_timeout

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        head = scope["method"] == "HEAD"
        if head:
            scope = {**scope, "method": "GET"}
        started = False

        async def send_with_headers(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                message["headers"] = _with_security_headers(path, message.get("headers", []))
            elif head and message["type"] == "http.response.body":
                message = {**message, "body": b""}
            await send(message)

        headers = dict(scope.get("headers") or [])
        if cross_site(scope["method"], headers):
            await refusal(path, 403)(scope, receive, send_with_headers)
            return
        limit = body_limit(path)
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await refusal(path, 413)(scope, receive, send_with_headers)
            return
        body = bytearray()
        try:
            async with asyncio.timeout(self.body_timeout):
                more = scope["method"] not in SAFE_METHODS
                while more:
                    message = await receive()
                    if message["type"] == "http.disconnect":
                        return
                    body += message.get("body", b"")
                    more = message.get("more_body", False)
                    if len(body) > limit:
                        await refusal(path, 413)(scope, receive, send_with_headers)
                        return
        except TimeoutError:
            await refusal(path, 408)(scope, receive, send_with_headers)
            return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        try:
            await self.app(scope, replay, send_with_headers)
        except Exception as error:  # the 500 page, and one line in the log
            log_failure(scope, error)
            if not started:
                await refusal(path, 500)(scope, receive, send_with_headers)


def _with_security_headers(path: str, headers: list[tuple[bytes, bytes]]) -> list[Any]:
    given = {name.lower() for name, _ in headers}
    extra = [
        (name.encode(), value.encode())
        for name, value in SECURITY_HEADERS.items()
        if name.encode() not in given
    ]
    if b"cache-control" not in given:
        cache = STATIC_CACHE if path.startswith("/static/") else PAGE_CACHE
        extra.append((b"cache-control", cache.encode()))
    return [*headers, *extra]


def log_failure(scope: Scope, error: BaseException) -> None:
    """One line: the request's method and address, the error's type and where it was
    raised. Never the error's message or a traceback: they can quote what was typed."""
    frames = traceback.extract_tb(error.__traceback__)
    where = f" at {PurePath(frames[-1].filename).name}:{frames[-1].lineno}" if frames else ""
    log.error(
        "%s %s failed: %s%s (no details logged: they could hold answers)",
        scope.get("method", "?"),
        neutralise(scope.get("path", ""), 100),
        type(error).__name__,
        where,
    )


def refusal(path: str, status: int) -> Any:
    """The response for a request the server refuses or could not serve: the API's
    error record under ``/api/``, the batch page for an upload, else an error page."""
    from triage.web.api import error_record
    from triage.web.views import ERROR_TITLES, batch_page, error_page

    close = {"connection": "close"} if status in (408, 413) else {}
    message = {
        403: "A page of another site sent this request, so it was refused. Use this "
        "site's own pages (the address of this server) to answer or to send a case.",
        408: "The request did not arrive in time. Try again.",
        413: f"The request is too large: at most {body_limit(path):,} bytes are accepted.",
        500: "Something went wrong inside this tool, so it cannot give a result. This is "
        "not caused by your answers. If you feel unwell, call your care team now.",
    }[status]
    if path.startswith("/api/"):
        return error_record([("request", message)], status=status, headers=close)
    if status == 413 and path in UPLOAD_PATHS:
        return batch_page(413, upload_too_large(), headers=close)
    title = ERROR_TITLES.get(status, "Something went wrong")
    return error_page(status, title, message, headers=close)


def upload_too_large() -> str:
    """What the batch page says of a file over the bound (its form says the same)."""
    return (
        f"The file is larger than {MAX_UPLOAD_BYTES:,} bytes ({MAX_UPLOAD_BYTES // 1_048_576}"
        " MiB): split it, or use `triage batch`."
    )
