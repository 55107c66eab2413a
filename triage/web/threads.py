"""The engine for the web server's requests: one :class:`~triage.engine.Assessor` per
thread (:func:`assessor`), and running a handler in the pool's threads, off the event
loop (:func:`in_thread`).
"""

from __future__ import annotations

import threading
from collections.abc import Callable
from typing import Any

from triage.engine import Assessor

_local = threading.local()


def assessor() -> Assessor:
    """This thread's engine. An :class:`Assessor` is not thread-safe; request handlers
    run in a pool of threads, so each thread builds its own once and reuses it."""
    engine: Assessor | None = getattr(_local, "assessor", None)
    if engine is None:
        engine = _local.assessor = Assessor()
    return engine


async def in_thread(function: Callable[..., Any], *args: Any) -> Any:
    """Run the engine off the event loop, in the pool's thread (one engine each)."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args)
