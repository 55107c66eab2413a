"""Running a batch: open the input, read, score and write every record, and count.

One job: the wiring. :func:`run_batch` chooses the formats, refuses an output that
would overwrite the input, opens the input (a path, stdin or a stream) and the output
(written atomically), streams records from :mod:`~triage.batch.read` through
:mod:`~triage.batch.workers` to the output, adds each outcome to the
:class:`BatchSummary`, and reports progress.
"""

from __future__ import annotations

import contextlib
import csv
import io
import os
import stat
import sys
from collections.abc import Callable, Iterator
from pathlib import Path
from typing import IO, Any, BinaryIO

from triage.batch.read import BatchUsageError, RecordReader, input_format_for
from triage.batch.score import AssessorFactory, OutputFormat, csv_columns, default_assessor
from triage.batch.summary import BatchSummary
from triage.batch.workers import resolve_workers, score_records
from triage.files import NamedWriter, atomic_output, same_file_as_stdin
from triage.safetext import neutralise

ProgressCallback = Callable[[int, int, int | None], None]
"""Called as ``progress(records_done, bytes_read, total_bytes_or_None)``."""

PROGRESS_EVERY = 250  # records between progress callbacks

OUTPUT_SUFFIXES: dict[str, OutputFormat] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json-lines": "jsonl",
    ".jsonlines": "jsonl",
}


def output_format_for(path: str, given: str | None = None) -> OutputFormat:
    """The output format: ``given``, else by extension, else JSON Lines."""
    if given:
        if given not in ("csv", "jsonl"):
            raise BatchUsageError(f"unknown output format {given!r}: use jsonl or csv")
        return "csv" if given == "csv" else "jsonl"
    suffix = Path(path).suffix.lower() if path != "-" else ""
    return OUTPUT_SUFFIXES.get(suffix, "jsonl")


def check_output_path(output: str, *inputs: str) -> None:
    """Refuse an output that is one of the inputs (after resolving links) or that
    cannot be created."""
    if output == "-":
        return
    target = Path(output)
    for source in inputs:
        if source == "-":
            if same_file_as_stdin(target):
                raise BatchUsageError(
                    f"refusing to overwrite the input: stdin is the file {output}; "
                    "choose another output"
                )
            continue
        same = Path(source).resolve() == target.resolve()
        with contextlib.suppress(OSError):
            same = same or os.path.samefile(source, target)
        if same:
            raise BatchUsageError(
                f"refusing to overwrite the input {source}: choose another output"
            )
    if target.is_dir():
        raise BatchUsageError(f"the output {output} is a folder: give a file name")
    if not target.parent.is_dir():
        raise BatchUsageError(f"the folder for the output {output} does not exist")


@contextlib.contextmanager
def _open_output(output: str | BinaryIO) -> Iterator[NamedWriter]:
    if isinstance(output, str) and output != "-":
        with atomic_output(output) as handle:
            yield handle
        return
    binary = sys.stdout.buffer if output == "-" else output
    assert not isinstance(binary, str)
    where = "stdout" if output == "-" else str(getattr(output, "name", "the output stream"))
    wrapper = io.TextIOWrapper(binary, encoding="utf-8", newline="")
    try:
        writer = NamedWriter(wrapper, where)
        yield writer
        writer.flush()
    finally:
        with contextlib.suppress(OSError, ValueError):
            wrapper.detach()  # leave stdout (or the caller's stream) open


@contextlib.contextmanager
def _open_input(source: str | BinaryIO) -> Iterator[tuple[IO[bytes], int | None]]:
    if not isinstance(source, str):
        yield source, None
        return
    if source == "-":
        yield sys.stdin.buffer, None
        return
    try:
        handle = open(source, "rb")  # noqa: SIM115 (closed by the with below)
    except OSError as error:
        raise BatchUsageError(f"cannot read {source}: {error.strerror or error}") from None
    with handle:
        size = os.fstat(handle.fileno()).st_size
        yield handle, size if stat.S_ISREG(os.fstat(handle.fileno()).st_mode) else None


def _peek(stream: IO[bytes]) -> tuple[IO[bytes], bytes]:
    """The first bytes of a stream without losing them (for format sniffing)."""
    peek = getattr(stream, "peek", None)
    if peek is not None:
        return stream, peek(64)[:64]
    head = stream.read(64)
    return io.BufferedReader(_Prefixed(head, stream)), head


class _Prefixed(io.RawIOBase):
    """A byte stream that replays ``head`` and then reads on from ``rest``."""

    def __init__(self, head: bytes, rest: IO[bytes]) -> None:
        self._head, self._rest = head, rest

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        if self._head:
            size = min(len(buffer), len(self._head))
            buffer[:size] = self._head[:size]
            self._head = self._head[size:]
            return size
        data = self._rest.read(len(buffer))
        buffer[: len(data)] = data
        return len(data)


def run_batch(
    source: str | BinaryIO,
    output: str | BinaryIO = "-",
    *,
    input_format: str | None = None,
    output_format: str | None = None,
    workers: int | None = None,
    progress: ProgressCallback | None = None,
    assessor_factory: AssessorFactory = default_assessor,
    explain: bool = False,
) -> BatchSummary:
    """Score every record of ``source`` into ``output`` and return the summary.

    ``source``/``output`` are paths, ``"-"`` (stdin/stdout) or binary streams. A path
    output is written atomically. Raises :class:`BatchUsageError` when the batch
    cannot run (exit code 2); otherwise ``summary.exit_code`` is 0 or 1.
    """
    source_name = source if isinstance(source, str) else getattr(source, "name", "<stream>")
    output_name = output if isinstance(output, str) else getattr(output, "name", "<stream>")
    chosen_output = output_format_for(str(output_name), output_format)
    resolve_workers(workers)  # a bad count is a usage error before anything is opened
    if isinstance(output, str):
        check_output_path(output, str(source_name) if isinstance(source, str) else "-")
    with _open_input(source) as (raw_stream, size):
        workers = resolve_workers(workers, size)
        stream, head = _peek(raw_stream)
        chosen_input = input_format_for(str(source_name), input_format, head)
        reader = RecordReader(stream, chosen_input)
        summary = BatchSummary(
            input_name="stdin" if source_name == "-" else neutralise(source_name),
            output_name="stdout" if output_name == "-" else neutralise(output_name),
            input_format=chosen_input,
            output_format=chosen_output,
            workers=workers,
        )
        with _open_output(output) as sink:
            if chosen_output == "csv":
                csv.writer(sink, lineterminator="\r\n").writerow(csv_columns(explain))
            scored = score_records(
                reader, output_format=chosen_output, workers=workers,
                assessor_factory=assessor_factory, explain=explain,
            )  # fmt: skip
            # closing(): on any failure the worker pool ends now, not when collected.
            with contextlib.closing(scored):
                for item in scored:
                    sink.write(item.text)
                    summary.add(item.outcome)
                    if progress is not None and summary.records % PROGRESS_EVERY == 0:
                        progress(summary.records, reader.bytes_read, size)
        summary.warnings = list(reader.warnings)
    if progress is not None:
        progress(summary.records, reader.bytes_read, size)
    return summary
