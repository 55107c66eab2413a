"""Run the web application with uvicorn: no access log, a warning off loopback, and
settings that keep one slow or hostile client from taking the server (docs/web.md):
at most :data:`MAX_CONNECTIONS` connections at once (503 past it), a request's headers
within :data:`HEADER_TIMEOUT_S` (the body's time limit is the application's own,
:data:`~triage.web.security.BODY_TIMEOUT_S`), idle connections closed after
:data:`KEEP_ALIVE_S`, and a log that is never flooded (:class:`QuietLog`).
"""

from __future__ import annotations

import asyncio
import errno
import logging
import time
from collections.abc import Callable
from typing import Any

import h11
import uvicorn
from uvicorn.protocols.http.h11_impl import H11Protocol

from triage.web.app import create_app, is_loopback

OFF_LOOPBACK_WARNING = (
    "Warning: {host} is not a loopback address, so other machines on the network can "
    "reach this server. Results are health data: serve it only on a network you trust, "
    "and never on the internet (there is no HTTPS and no login)."
)
# Connections open at once; past it uvicorn answers 503 and closes. Kept well under the
# process's open-file limit, so that the listening socket can always accept.
MAX_CONNECTIONS = 100
# Longer than the 5 s idle limit of common pooled clients (httpx, requests), so that a
# client never reuses a connection the server is closing at that very moment.
KEEP_ALIVE_S = 10
# A request's headers must have arrived within this many seconds of the connection (or
# of the previous response): half-sent requests cannot hold connections for ever.
HEADER_TIMEOUT_S = 10.0
# The same log message at most once in this many seconds (then a count of the rest).
LOG_REPEAT_S = 60.0
QUIET_LOGGERS = ("uvicorn", "uvicorn.error", "asyncio", "triage.web")


def allowed_hosts(host: str) -> list[str] | None:
    """The Host headers accepted: on loopback, only this machine's names (a page on
    another site cannot reach the server through DNS rebinding); elsewhere any."""
    if not is_loopback(host):
        return None
    return ["localhost", "127.0.0.1", "::1", "[::1]", host.strip("[]")]


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


class BoundedH11Protocol(H11Protocol):
    """uvicorn's HTTP/1.1 protocol, with a time limit on a request's headers (uvicorn
    has none: a client that sends half a request line holds its connection for ever).
    The timer starts with the connection and again after each response; when it fires
    and the request's headers are still incomplete, the connection is closed."""

    header_timeout = HEADER_TIMEOUT_S
    _header_timer: asyncio.TimerHandle | None = None

    def connection_made(self, transport: Any) -> None:
        super().connection_made(transport)
        self._arm_header_timer()

    def on_response_complete(self) -> None:
        super().on_response_complete()
        self._arm_header_timer()

    def connection_lost(self, exc: Exception | None) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        super().connection_lost(exc)

    def _arm_header_timer(self) -> None:
        if self._header_timer is not None:
            self._header_timer.cancel()
        self._header_timer = self.loop.call_later(self.header_timeout, self._headers_late)

    def _headers_late(self) -> None:
        self._header_timer = None
        if self.conn.their_state is h11.IDLE and not self.transport.is_closing():
            self.transport.close()


class QuietLog(logging.Filter):
    """Never a traceback (it could quote what was typed), and the same message at most
    once every :data:`LOG_REPEAT_S` seconds, with the count of those left out: a flood
    of failed connections (``Too many open files``) is one line a minute."""

    def __init__(self, repeat_s: float = LOG_REPEAT_S) -> None:
        super().__init__()
        self.repeat_s = repeat_s
        self.last: dict[tuple[str, str], float] = {}
        self.left_out: dict[tuple[str, str], int] = {}

    def filter(self, record: logging.LogRecord) -> bool:
        lines = record.getMessage().strip().splitlines()
        first_line = lines[0] if lines else ""
        key = (record.name, first_line)
        if record.exc_info and record.exc_info[1] is not None:
            error = record.exc_info[1]
            code = errno.errorcode.get(getattr(error, "errno", None) or -1)
            kind = type(error).__name__ + (f" {code}" if code else "")
            record.msg = f"{first_line} ({kind}; details not logged)"
            record.args = None
            record.exc_info = None
            record.exc_text = None
        now = time.monotonic()
        last = self.last.get(key)
        if last is not None and now - last < self.repeat_s:
            self.left_out[key] = self.left_out.get(key, 0) + 1
            return False
        if len(self.last) > 1_000:
            self.last.clear()
            self.left_out.clear()
        self.last[key] = now
        left_out = self.left_out.pop(key, 0)
        if left_out:
            record.msg = f"{record.getMessage()} ({left_out:,} more like this not logged)"
            record.args = None
        return True


def quiet_logs() -> QuietLog:
    """Put one :class:`QuietLog` on the server's loggers (once)."""
    for name in QUIET_LOGGERS:
        for existing in logging.getLogger(name).filters:
            if isinstance(existing, QuietLog):
                return existing
    quiet = QuietLog()
    for name in QUIET_LOGGERS:
        logging.getLogger(name).addFilter(quiet)
    return quiet


def max_connections() -> int:
    """:data:`MAX_CONNECTIONS`, or fewer when the open-file limit is low (half of what
    is left of it after 64 files for the server itself)."""
    try:
        import resource

        soft, _ = resource.getrlimit(resource.RLIMIT_NOFILE)
    except (ImportError, OSError, ValueError):  # no resource module (Windows)
        return MAX_CONNECTIONS
    if soft == resource.RLIM_INFINITY:
        return MAX_CONNECTIONS
    return max(4, min(MAX_CONNECTIONS, (soft - 64) // 2))


def server_config(app: Any, host: str, port: int) -> uvicorn.Config:
    """The uvicorn settings of ``triage serve``."""
    config = uvicorn.Config(
        app, host=host.strip("[]"), port=port, access_log=False, log_level="warning",
        server_header=False, date_header=False, proxy_headers=False,
        http=BoundedH11Protocol, limit_concurrency=max_connections(),
        timeout_keep_alive=KEEP_ALIVE_S,
    )  # fmt: skip
    quiet_logs()
    return config


def run_server(host: str, port: int, say: Callable[[str], None] = print) -> None:
    """Serve until Ctrl-C. The address is printed; the access log is off, so no answer
    or address of a page is written anywhere."""
    app = create_app(allowed_hosts(host))
    if not is_loopback(host):
        say(OFF_LOOPBACK_WARNING.format(host=host))
    server = uvicorn.Server(server_config(app, host, port))
    say(f"Neutropenia triage is being served at {address(host, port)}")
    say("Open that address in a browser. Press Ctrl-C to stop.")
    server.run()
