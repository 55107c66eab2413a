"""Worker processes: score records in input order, in this process or in a pool.

One job: parallelism. Each worker builds one assessor and one :class:`RecordScorer`
(the pool initializer), ignores Ctrl-C (the parent handles it), ends with its parent,
and scores chunks of records; at most a few chunks per worker are pending at a time,
so memory stays flat however long the input is.
"""

from __future__ import annotations

import contextlib
import multiprocessing
import os
import signal
from collections import deque
from collections.abc import Generator, Iterable, Iterator
from typing import Any

from triage.batch.read import BatchUsageError, RawRecord
from triage.batch.score import (
    AssessorFactory,
    OutputFormat,
    RecordScorer,
    Scored,
    default_assessor,
)

CHUNK_SIZE = 200  # records per task sent to a worker process
CHUNKS_IN_FLIGHT_PER_WORKER = 3  # bounds memory: at most workers × 3 chunks are pending

_worker_scorer: RecordScorer | None = None
_PR_SET_PDEATHSIG = 1  # linux/prctl.h


def _init_worker(
    factory: AssessorFactory, output_format: OutputFormat, explain: bool, parent: int = 0
) -> None:
    global _worker_scorer
    # Ctrl-C reaches the whole process group: the parent alone handles it (and ends
    # the pool), so the workers do not each print a traceback.
    signal.signal(signal.SIGINT, signal.SIG_IGN)
    # SIGTERM (from Pool.terminate, or sent to the group) ends a worker quietly: the
    # parent's handler, inherited by fork, would raise and print a traceback.
    signal.signal(signal.SIGTERM, signal.SIG_DFL)
    _end_with_parent(parent or os.getppid())
    _worker_scorer = RecordScorer(factory(), output_format, explain)


def _end_with_parent(parent: int) -> None:
    """Make a worker end when its parent dies, even by SIGKILL (Linux), instead of
    living on as an orphan that prints a traceback when its results cannot be sent."""
    with contextlib.suppress(OSError, AttributeError):
        import ctypes

        libc = ctypes.CDLL(None, use_errno=True)
        libc.prctl(_PR_SET_PDEATHSIG, signal.SIGTERM)
    if os.getppid() != parent:  # the parent died before prctl: end now
        os._exit(1)


def _score_chunk(chunk: list[RawRecord]) -> list[Scored]:
    assert _worker_scorer is not None, "worker initializer did not run"
    return [_worker_scorer.score(raw) for raw in chunk]


def _chunks(records: Iterable[RawRecord], size: int) -> Iterator[list[RawRecord]]:
    chunk: list[RawRecord] = []
    for record in records:
        chunk.append(record)
        if len(chunk) == size:
            yield chunk
            chunk = []
    if chunk:
        yield chunk


# With no --workers, a file at least this large is scored on every core: about 2,000
# records, where the pool's start-up (~0.3 s: fork, one engine per worker) is repaid.
AUTO_WORKERS_MIN_BYTES = 200_000


def resolve_workers(workers: int | None, input_bytes: int | None = None) -> int:
    """``0`` means every core this process may use; ``None`` (the default) means every
    core for a file of :data:`AUTO_WORKERS_MIN_BYTES` or more, else one process
    (stdin, whose size is unknown, is scored in one process)."""
    if workers is None:
        large = input_bytes is not None and input_bytes >= AUTO_WORKERS_MIN_BYTES
        workers = 0 if large else 1
    if workers < 0:
        raise BatchUsageError("--workers must be 0 (all cores) or more")
    if workers == 0:
        try:
            return max(1, len(os.sched_getaffinity(0)))
        except AttributeError:  # not on Linux
            return max(1, os.cpu_count() or 1)
    return workers


def score_records(
    records: Iterable[RawRecord],
    *,
    output_format: OutputFormat = "jsonl",
    workers: int = 1,
    assessor_factory: AssessorFactory = default_assessor,
    explain: bool = False,
) -> Generator[Scored, None, None]:
    """Score records in input order, in this process or in ``workers`` processes.

    Each worker builds one assessor (the pool initializer) and scores chunks of
    :data:`CHUNK_SIZE` records. Chunks are submitted with ``apply_async`` and collected
    in submission order, with at most ``workers × CHUNKS_IN_FLIGHT_PER_WORKER`` pending,
    because ``Pool.imap`` would read the whole input ahead into memory.
    """
    workers = resolve_workers(workers)
    if workers == 1:
        scorer = RecordScorer(assessor_factory(), output_format, explain)
        for raw in records:
            yield scorer.score(raw)
        return
    context = multiprocessing.get_context()
    initargs = (assessor_factory, output_format, explain, os.getpid())
    with context.Pool(workers, _init_worker, initargs) as pool:
        pending: deque[Any] = deque()
        limit = workers * CHUNKS_IN_FLIGHT_PER_WORKER
        for chunk in _chunks(records, CHUNK_SIZE):
            pending.append(pool.apply_async(_score_chunk, (chunk,)))
            if len(pending) >= limit:
                yield from pending.popleft().get()
        while pending:
            yield from pending.popleft().get()
