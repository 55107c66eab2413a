"""Run the web application with uvicorn: no access log, a warning off loopback."""

from __future__ import annotations

from collections.abc import Callable

import uvicorn

from triage.web.app import create_app, is_loopback

OFF_LOOPBACK_WARNING = (
    "Warning: {host} is not a loopback address, so other machines on the network can "
    "reach this server. Results are health data: serve it only on a network you trust, "
    "and never on the internet (there is no HTTPS and no login)."
)


def allowed_hosts(host: str) -> list[str] | None:
    """The Host headers accepted: on loopback, only this machine's names (a page on
    another site cannot reach the server through DNS rebinding); elsewhere any."""
    if not is_loopback(host):
        return None
    return ["localhost", "127.0.0.1", "::1", "[::1]", host.strip("[]")]


def address(host: str, port: int) -> str:
    shown = f"[{host}]" if ":" in host and not host.startswith("[") else host
    return f"http://{shown}:{port}/"


def run_server(host: str, port: int, say: Callable[[str], None] = print) -> None:
    """Serve until Ctrl-C. The address is printed; the access log is off, so no answer
    or address of a page is written anywhere."""
    app = create_app(allowed_hosts(host))
    if not is_loopback(host):
        say(OFF_LOOPBACK_WARNING.format(host=host))
    config = uvicorn.Config(
        app, host=host.strip("[]"), port=port, access_log=False, log_level="warning",
        server_header=False, date_header=False, proxy_headers=False,
    )  # fmt: skip
    server = uvicorn.Server(config)
    say(f"Neutropenia triage is being served at {address(host, port)}")
    say("Open that address in a browser. Press Ctrl-C to stop.")
    server.run()
