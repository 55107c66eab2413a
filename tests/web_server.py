"""A live server for the browser tests and the load benchmark: uvicorn in a thread of
this process, on a free loopback port, stopped when done; and the scripted interviews
that both web test files walk (:data:`INTERVIEWS`)."""

from __future__ import annotations

import contextlib
import socket
import threading
import time
from collections.abc import Iterator

import uvicorn

from triage.web import create_app

# Interviews the web tests walk besides the scripts of the golden transcripts
# (tests/test_interview_transcripts.py): the new questions of the revision, each with
# what it shows. The pages must end where the terminal's Session ends for the same
# answers (tests/test_web.py checks that).
INTERVIEWS: dict[str, list[str]] = {
    # A child of 4, 10 days after chemotherapy, 37.6 °C alone: urgent (measure again in
    # an hour), worded for a parent.
    "child-after-chemo": ["0", "yes", "10", "no", "4", "37.6", "don't know", "no", "0",
                          "none", "none", "yes"],
    # A baby of 2 months with a fever: the emergency at the temperature; no: the result.
    "baby-fever": ["0", "no", "no", "2 months", "38.1", "no"],
    # Long-term steroids named at the immune-medicines question, a count from yesterday.
    "steroids-long-term": ["0", "no", "prednisolone 10 mg", "yes", "70", "37.2", "1800",
                           "yesterday", "0", "none", "none", "yes"],
}  # fmt: skip


def free_port() -> int:
    with socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port: int = probe.getsockname()[1]
        return port


@contextlib.contextmanager
def live_server(**config: object) -> Iterator[str]:
    """The base address of a running server, e.g. ``http://127.0.0.1:41234``."""
    port = free_port()
    server = uvicorn.Server(
        uvicorn.Config(create_app(), host="127.0.0.1", port=port, access_log=False,
                       log_level="warning", **config)  # type: ignore[arg-type]
    )  # fmt: skip
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.monotonic() + 20
    while not server.started:
        if time.monotonic() > deadline or not thread.is_alive():
            raise RuntimeError("the test server did not start")
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(timeout=10)
