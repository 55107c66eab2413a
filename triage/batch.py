"""Batch scoring: read CSV or JSON Lines, assess every record, write one output record
per input record, and (with ``expected_*`` columns) evaluate the assessments.

Everything streams: records are read, scored and written one chunk at a time, and the
summary keeps counters plus short lists (the under-triaged cases in full, the other
disagreements and rejections up to :data:`LIST_LIMIT`). Memory stays flat however long
the input is.

This module is library code (no click); ``cli.py`` adds the options, the progress bar
and the exit codes. See docs/batch.md for the formats and every choice made here.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import multiprocessing
import os
import re
import signal
import stat
import sys
from collections import Counter, deque
from collections.abc import Callable, Generator, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO, Any, BinaryIO, Literal, NamedTuple, Protocol

from triage.files import NamedWriter, atomic_output, same_file_as_stdin
from triage.knowledge import CAUSE_CATEGORIES
from triage.levels import RISK_LEVELS, SEVERITY_LEVELS, TRIAGE_LEVELS, TRIAGE_RANK, shown_order
from triage.limits import (
    ECHO_MAX_CHARS,
    ECHO_MAX_MESSAGE_CHARS,
    MAX_CARRIED_CHARS,
    MAX_LINES_PER_RECORD,
    MAX_RECORD_BYTES,
    READ_BLOCK_BYTES,
)
from triage.models import CaseInput, CaseRejected, FieldError
from triage.safetext import has_surrogate, neutralise, valid_unicode

InputFormat = Literal["csv", "jsonl"]
OutputFormat = Literal["jsonl", "csv"]

# Counts are shown in the order of the levels, "unknown" last.
SEVERITIES: tuple[str, ...] = shown_order(SEVERITY_LEVELS)
INFECTION_RISKS: tuple[str, ...] = shown_order(RISK_LEVELS)

# What an evaluation compares, in this order everywhere (columns, summary, report).
EVALUATED: tuple[str, ...] = ("triage", "severity", "infection_risk", "causes", "error")
EXPECTED_COLUMNS: tuple[str, ...] = tuple(f"expected_{name}" for name in EVALUATED)
MATCH_COLUMNS: tuple[str, ...] = tuple(f"match_{name}" for name in EVALUATED)
NOTE_COLUMN = "note"
EXPECTED_PREFIX = "expected_"
NO_CAUSES = "none"  # expected_causes value meaning "no cause category is raised"
ANY_ERROR = "any"  # expected_error value meaning "rejected, whatever the field"

INPUT_SUFFIXES: dict[str, InputFormat] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json-lines": "jsonl",
    ".jsonlines": "jsonl",
}
OUTPUT_SUFFIXES: dict[str, OutputFormat] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json-lines": "jsonl",
    ".jsonlines": "jsonl",
}

# CSV output: one fixed, documented column set (docs/batch.md), whatever the input.
EXPLAIN_COLUMN = "explain"  # added with --explain: the nurse's explanation
CSV_COLUMNS: tuple[str, ...] = (
    "case_id",
    "record",
    "triage",
    "severity",
    "anc_cells_per_ul",
    "ctcae_grade",
    "ctcae_version",
    "infection_risk",
    "fever",
    "febrile_neutropenia",
    "cause_categories",
    "red_flags",
    "safety_net",
    "guidance",
    "explanation",
    "scores",
    "warnings",
    "disclaimer",
    "ruleset_version",
    "error",
    NOTE_COLUMN,
    *EXPECTED_COLUMNS,
    *MATCH_COLUMNS,
)
TEXT_LIST_SEPARATOR = " | "  # free text lists (explanation, warnings, red flags, errors)
ID_LIST_SEPARATOR = ";"  # id lists (cause categories, guidance ids), as in the input
SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

CHUNK_SIZE = 200  # records per task sent to a worker process
CHUNKS_IN_FLIGHT_PER_WORKER = 3  # bounds memory: at most workers × 3 chunks are pending
LIST_LIMIT = 1000  # disagreements and rejections kept for the summary (under-triage: all)
PROGRESS_EVERY = 250  # records between progress callbacks

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes kept by errors="surrogateescape"
_LINE_PREFIX = re.compile(r"lines? \d")
_LINE_END = re.compile(rb"\r\n|\r|\n")  # universal line ends: CR LF, LF, or CR alone
_NUL_SHARE_OF_TEXT = 4  # a head with more than 1 NUL byte in this many is not UTF-8 text


class BatchUsageError(Exception):
    """The batch cannot start or go on: unreadable input, a bad option, a header that
    cannot be read, or an output that would overwrite the input (exit code 2)."""


class Assessing(Protocol):
    """What the batch needs from :class:`triage.Assessor`."""

    def assess(self, case: Mapping[str, Any]) -> Any: ...


AssessorFactory = Callable[[], Assessing]
ProgressCallback = Callable[[int, int, int | None], None]
"""Called as ``progress(records_done, bytes_read, total_bytes_or_None)``."""


def default_assessor() -> Assessing:
    """One :class:`triage.Assessor` (the factory used unless a test passes another)."""
    import triage

    assessor: Assessing = triage.Assessor()
    return assessor


# --------------------------------------------------------------------------- reading


class RawRecord(NamedTuple):
    """One input record as read: case fields (blank values already dropped), the
    carried-through ``note``/``expected_*`` values, and any problem found in reading."""

    number: int  # 1-based record number (the CSV header and blank lines do not count)
    line: int  # physical line where the record starts
    fields: dict[str, Any]
    carried: dict[str, Any]
    problems: tuple[FieldError, ...]


class _RunawayRecord(Exception):
    """A CSV record has run over :data:`MAX_LINES_PER_RECORD` lines or
    :data:`MAX_RECORD_BYTES` bytes (an unclosed quote)."""


class _LineTooLong(Exception):
    """A physical line is longer than :data:`MAX_RECORD_BYTES`; it has been skipped."""


def _looks_like_utf16_or_binary(head: bytes) -> bool:
    """UTF-16 without a byte-order mark (or a binary file): NUL bytes in the first bytes.
    UTF-8 text never needs NUL; UTF-16 has one in every other byte of plain text."""
    return bool(head) and head.count(0) * _NUL_SHARE_OF_TEXT > len(head)


class _LineSource:
    """Decoded, numbered physical lines of a byte stream, with a bounded rewind so that
    a CSV record broken by an unclosed quote can be re-read from its second line.

    Lines end at LF, CR LF or a lone CR. A line longer than :data:`MAX_RECORD_BYTES` is
    skipped (read on to its end without keeping it) and raises :class:`_LineTooLong`,
    so memory stays bounded whatever the input.
    """

    def __init__(self, stream: IO[bytes]) -> None:
        self._stream = stream
        self._buffer = b""
        self._position = 0
        self._eof = False
        self._pending: deque[tuple[str | None, bool]] = deque()
        self._record: list[tuple[str | None, bool]] = []
        self._record_bytes = 0
        self._at_start = True
        self.line_no = 0
        self.bytes_read = 0

    def __iter__(self) -> _LineSource:
        return self

    def _read_block(self) -> bytes:
        try:
            block = self._stream.read(READ_BLOCK_BYTES)
        except OSError as error:
            raise BatchUsageError(
                f"cannot read the input after line {self.line_no}: {error.strerror or error}"
            ) from None
        self.bytes_read += len(block)
        if self._at_start and block:
            self._at_start = False
            if block.startswith(_UTF16_BOMS) or _looks_like_utf16_or_binary(block[:64]):
                raise BatchUsageError(
                    "the input is UTF-16 text (or not text at all: it holds NUL bytes): "
                    "save it as UTF-8 (CSV UTF-8 in spreadsheets)"
                )
            block = block.removeprefix(_UTF8_BOM)
        return block

    def _raw_line(self) -> bytes | None:
        """The next physical line with its line end; ``None`` for a line too long."""
        skipping = False
        scan_from = self._position
        while True:
            found = _LINE_END.search(self._buffer, scan_from)
            # A CR at the end of the buffer may be the first half of CR LF: read on.
            if found and not (found.end() == len(self._buffer) and found.group() == b"\r"
                              and not self._eof):  # fmt: skip
                line = self._buffer[self._position : found.end()]
                self._position = found.end()
                return None if skipping or len(line) > MAX_RECORD_BYTES else line
            if self._eof:
                if self._position < len(self._buffer):
                    line = self._buffer[self._position :]
                    self._position = len(self._buffer)
                    return None if skipping or len(line) > MAX_RECORD_BYTES else line
                raise StopIteration
            if skipping or len(self._buffer) - self._position > MAX_RECORD_BYTES:
                skipping = True  # forget the line read so far (keep a last CR)
                self._buffer = b"\r" if self._buffer.endswith(b"\r") else b""
                self._position = 0
            block = self._read_block()
            if not block:
                self._eof = True
            # Search only the new bytes (and a CR left at the end of the old ones).
            scan_from = max(len(self._buffer) - self._position - 1, 0)
            self._buffer = self._buffer[self._position :] + block
            self._position = 0

    def __next__(self) -> str:
        if self._pending:
            text, undecodable = self._pending.popleft()
        else:
            raw = self._raw_line()
            if raw is None:
                text, undecodable = None, False
            else:
                try:
                    text, undecodable = raw.decode("utf-8"), False
                except UnicodeDecodeError:
                    text, undecodable = raw.decode("utf-8", "surrogateescape"), True
        self.line_no += 1
        self._record.append((text, undecodable))
        self._record_bytes += 0 if text is None else len(text)
        if text is None:
            raise _LineTooLong
        if len(self._record) > MAX_LINES_PER_RECORD or self._record_bytes > MAX_RECORD_BYTES:
            raise _RunawayRecord
        return text

    def begin_record(self) -> int:
        """Forget the previous record's lines; return the next record's first line."""
        self._record.clear()
        self._record_bytes = 0
        return self.line_no + 1

    def record_lines(self) -> int:
        return len(self._record)

    def continuation_lines(self) -> list[str]:
        """The lines of the current record after its first."""
        return [text for text, _ in self._record[1:] if text is not None]

    def record_undecodable(self) -> bool:
        return any(undecodable for _, undecodable in self._record)

    def rewind_after_first_line(self) -> None:
        """Give back every line of the current record but its first."""
        rest = self._record[1:]
        self._pending.extendleft(reversed(rest))
        self.line_no -= len(rest)
        self._record.clear()
        self._record_bytes = 0


class RecordReader:
    """Iterate over the :class:`RawRecord` of a CSV or JSON Lines byte stream.

    Never raises for a broken record: it becomes a record with ``problems``. Raises
    :class:`BatchUsageError` only when the file as a whole cannot be read (UTF-16, a
    CSV header that cannot be parsed or names a column twice).
    """

    def __init__(self, stream: IO[bytes], input_format: InputFormat) -> None:
        self.input_format = input_format
        self.warnings: list[str] = []  # file-level notes for the summary (header checks)
        self._lines = _LineSource(stream)

    @property
    def bytes_read(self) -> int:
        return self._lines.bytes_read

    def __iter__(self) -> Iterator[RawRecord]:
        if self.input_format == "csv":
            return self._csv_records()
        return self._jsonl_records()

    # CSV ------------------------------------------------------------------------------

    def _csv_records(self) -> Iterator[RawRecord]:
        lines = self._lines
        reader = csv.reader(lines, strict=True)
        columns = self._csv_header(reader)
        if columns is None:
            return
        number = 0
        while True:
            start = lines.begin_record()
            problem: FieldError | None = None
            try:
                row = next(reader)
            except StopIteration:
                return
            except (_RunawayRecord, _LineTooLong, csv.Error) as error:
                problem = self._csv_problem(start, error)
            else:
                if all(not cell.strip() for cell in row):
                    continue  # blank lines and rows of empty cells are not records
                if len(row) != len(columns):
                    problem = self._cell_count_problem(start, row, columns)
                elif self._swallows_rows(len(columns)):
                    problem = FieldError(
                        "record",
                        f"line {start}: a quoted cell opened on this line runs over lines "
                        "that are rows of their own: taken as not closed "
                        '(a " starts a cell that never ends)',
                    )
            number += 1
            if problem is None:
                yield _split_fields(
                    number,
                    start,
                    zip(columns, row, strict=True),
                    undecodable=lines.record_undecodable(),
                )
                continue
            if lines.record_lines() > 1:
                # A record over several lines that is broken: the error is its first
                # line's; read again from the second line, so that every line is
                # accounted for and no record the broken one swallowed is lost.
                lines.rewind_after_first_line()
            reader = csv.reader(lines, strict=True)
            yield RawRecord(number, start, {}, {}, (problem,))

    def _csv_problem(self, start: int, error: Exception) -> FieldError:
        if isinstance(error, _LineTooLong) and self._lines.record_lines() == 1:
            message = (
                f"line {start}: longer than {MAX_RECORD_BYTES:,} bytes, the most a record "
                "may hold: skipped"
            )
        elif isinstance(error, _RunawayRecord | _LineTooLong) or (
            "unexpected end of data" in str(error)
        ):
            message = (
                f"line {start}: a quoted cell opened on this line is not closed "
                '(a " starts a cell that never ends)'
            )
        elif self._lines.record_lines() > 1:
            message = (
                f"line {start}: a quoted cell opened on this line is not closed where it "
                f"should be (read with the lines after it: {error})"
            )
        else:
            message = f"line {start}: this CSV row cannot be read ({error})"
        return FieldError("record", message)

    def _swallows_rows(self, width: int) -> bool:
        """Whether a record read over several lines has a later line that is a whole row
        by itself (as many cells as the header): then an unclosed quote was closed by a
        stray quote further down (an inch mark, ``5"``), and the lines between are
        records of their own."""
        if width < 2:
            return False
        for text in self._lines.continuation_lines():
            try:
                cells = next(csv.reader([text]), [])
            except csv.Error:
                continue
            if len(cells) == width:
                return True
        return False

    def _cell_count_problem(self, start: int, row: list[str], columns: list[str]) -> FieldError:
        spanned = self._lines.record_lines()
        hint = (
            " (read as one row with the lines after it: a quoted cell opened on this line "
            "may not be closed)"
            if spanned > 1
            else ""
        )
        fix = (
            "quote cells that contain a comma"
            if len(row) > len(columns)
            else "leave a cell empty (,,) for an unknown value"
        )
        return FieldError(
            "record",
            f"line {start}{hint}: {len(row)} cells but the header names {len(columns)} "
            f"columns; {fix}",
        )

    def _csv_header(self, reader: Iterator[list[str]]) -> list[str] | None:
        lines = self._lines
        while True:
            start = lines.begin_record()
            try:
                header = next(reader)
            except StopIteration:
                self.warnings.append("the input is empty: no header row and no records")
                return None
            except (_RunawayRecord, _LineTooLong, csv.Error) as problem:
                detail = problem or "a quoted cell is not closed, or the row is too long"
                raise BatchUsageError(
                    f"line {start}: the CSV header row cannot be read ({detail})"
                ) from None
            if any(cell.strip() for cell in header):
                break
        if lines.record_undecodable():
            raise BatchUsageError(f"line {start}: the header row is not UTF-8 text: save as UTF-8")
        columns = [name.strip() for name in header]
        seen: set[str] = set()
        for position, name in enumerate(columns, start=1):
            if not name:
                columns[position - 1] = f"column_{position}"
            elif name in seen:
                raise BatchUsageError(f"line {start}: the header names the column {name!r} twice")
            seen.add(name)
        self.warnings.extend(
            neutralise(note, ECHO_MAX_MESSAGE_CHARS) for note in header_warnings(columns)
        )
        return columns

    # JSON Lines -----------------------------------------------------------------------

    def _jsonl_records(self) -> Iterator[RawRecord]:
        lines = self._lines
        number = 0
        while True:
            start = lines.begin_record()
            try:
                text = next(lines)
            except StopIteration:
                return
            except _LineTooLong:
                number += 1
                message = (
                    f"line {start}: longer than {MAX_RECORD_BYTES:,} bytes, the most a record "
                    "may hold: skipped"
                )
                yield RawRecord(number, start, {}, {}, (FieldError("record", message),))
                continue
            if not text.strip():
                continue  # blank lines are not records
            number += 1
            undecodable = lines.record_undecodable()
            try:
                value = json.loads(text.strip(), object_pairs_hook=_object_without_duplicates)
            except _DuplicateKey as duplicate:
                problem = FieldError(duplicate.key, f"line {start}: this field is given twice")
                yield RawRecord(number, start, {}, {}, (problem,))
                continue
            except (ValueError, RecursionError) as error:
                if isinstance(error, json.JSONDecodeError):
                    detail = f"{error.msg} at column {error.colno}"
                elif isinstance(error, RecursionError):
                    detail = "nested too deeply"
                else:  # a number with thousands of digits
                    detail = neutralise(error, ECHO_MAX_CHARS)
                if undecodable:
                    detail += "; the line also has bytes that are not UTF-8 text"
                message = f"line {start}: not valid JSON ({detail})"
                yield RawRecord(number, start, {}, {}, (FieldError("record", message),))
                continue
            if not isinstance(value, dict):
                message = (
                    f"line {start}: a record must be a JSON object ({{...}}), "
                    f"not {_json_kind(value)}"
                )
                yield RawRecord(number, start, {}, {}, (FieldError("record", message),))
                continue
            yield _split_fields(number, start, value.items(), undecodable=undecodable)


class _DuplicateKey(ValueError):
    def __init__(self, key: str) -> None:
        super().__init__(key)
        self.key = key


def _object_without_duplicates(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    result = dict(pairs)
    if len(result) != len(pairs):
        seen: set[str] = set()
        for key, _ in pairs:
            if key in seen:
                raise _DuplicateKey(key)
            seen.add(key)
    return result


def _json_kind(value: Any) -> str:
    if isinstance(value, list):
        return "an array"
    if isinstance(value, str):
        return "a string"
    if isinstance(value, bool):
        return "true/false"
    if value is None:
        return "null"
    return "a number"


def _is_blank(value: Any) -> bool:
    return value is None or (isinstance(value, str) and not value.strip())


def _is_carried(name: str) -> bool:
    return name == NOTE_COLUMN or name.startswith(EXPECTED_PREFIX)


def _split_fields(
    number: int, line: int, items: Iterable[tuple[str, Any]], *, undecodable: bool
) -> RawRecord:
    """Separate case fields (blank = unknown, dropped) from carried-through columns.

    A field whose name or value is not text (undecodable bytes, a lone surrogate, a NUL
    character) or a carried value over :data:`MAX_CARRIED_CHARS` is a problem of the
    record, named by its field."""
    fields: dict[str, Any] = {}
    carried: dict[str, Any] = {}
    problems: list[FieldError] = []
    for name, value in items:
        problem = _text_problem(name, value, undecodable)
        if problem is None and _is_carried(name) and _carried_length(value) > MAX_CARRIED_CHARS:
            problem = f"longer than {MAX_CARRIED_CHARS:,} characters, the most it may hold"
        if problem is not None:
            problems.append(FieldError(valid_unicode(_printable(name)) or "record",
                                       f"line {line}: {problem}"))  # fmt: skip
            continue
        if _is_carried(name):
            carried[name] = None if _is_blank(value) else value
        elif not _is_blank(value):
            fields[name] = value
    if undecodable and not problems:
        problems.append(FieldError("record", f"line {line}: bytes that are not UTF-8 text"))
    return RawRecord(number, line, fields, carried, tuple(problems))


def _texts(value: Any) -> Iterator[str]:
    """Every string in a value (keys and items of JSON arrays and objects too)."""
    if isinstance(value, str):
        yield value
    elif isinstance(value, list):
        for item in value:
            yield from _texts(item)
    elif isinstance(value, dict):
        for key, item in value.items():
            yield key
            yield from _texts(item)


def _text_problem(name: str, value: Any, undecodable: bool) -> str | None:
    """Why a field's name or value is not text that can be read and written, or None."""
    texts = [name, *_texts(value)]
    if undecodable and any(_UNDECODED.search(text) for text in texts):
        return "bytes that are not UTF-8 text; save the file as UTF-8"
    if any(has_surrogate(text) for text in texts):
        return r"a lone surrogate (such as \ud800) is not text; remove it"
    if any("\x00" in text for text in texts):
        return "a NUL character: binary data, or UTF-16 text; save the file as UTF-8"
    return None


def _carried_length(value: Any) -> int:
    if isinstance(value, str):
        return len(value)
    if isinstance(value, list | dict):
        return len(json.dumps(value, ensure_ascii=False))
    return 0


def _printable(text: str) -> str:
    """Text safe to write as UTF-8 (undecodable bytes and lone surrogates become U+FFFD)."""
    return valid_unicode(text)


def header_warnings(columns: Iterable[str]) -> list[str]:
    """File-level notes about CSV columns: unknown case fields (every record with a
    value in them is rejected) and ``expected_*`` columns that are not evaluated."""
    from rapidfuzz import process

    known = set(CaseInput.model_fields)
    notes: list[str] = []
    for name in columns:
        if name == NOTE_COLUMN or name in known or name in EXPECTED_COLUMNS:
            continue
        if name.startswith(EXPECTED_PREFIX):
            notes.append(
                f"column {name!r} is carried through but not evaluated "
                f"(evaluated: {', '.join(EXPECTED_COLUMNS)})"
            )
            continue
        closest = process.extractOne(name, sorted(known), score_cutoff=70)
        suggestion = f" (did you mean {closest[0]!r}?)" if closest else ""
        notes.append(
            f"column {name!r} is not a case field{suggestion}: every record with a value "
            "in it is rejected"
        )
    return notes


# ------------------------------------------------------------------------ evaluation


class Expected(NamedTuple):
    """The expected answers of one record (``None``: not evaluated for that field)."""

    triage: str | None = None
    severity: str | None = None
    infection_risk: str | None = None
    causes: tuple[str, ...] | None = None  # sorted categories; () means "none"
    error: str | None = None  # a field name, or "any"


_ALLOWED_EXPECTED: dict[str, tuple[str, ...]] = {
    "triage": TRIAGE_LEVELS,
    "severity": SEVERITIES,
    "infection_risk": INFECTION_RISKS,
}


def _error_field_names() -> frozenset[str]:
    return frozenset(CaseInput.model_fields) | {"case", "record", ANY_ERROR}


def parse_expected(carried: Mapping[str, Any]) -> tuple[Expected, list[FieldError]]:
    """Read the ``expected_*`` values of one record; a bad value is a field error."""
    values: dict[str, Any] = {}
    errors: list[FieldError] = []
    for name in ("triage", "severity", "infection_risk"):
        column = EXPECTED_PREFIX + name
        raw = carried.get(column)
        if _is_blank(raw):
            continue
        text = str(raw).strip().lower()
        allowed = _ALLOWED_EXPECTED[name]
        if text in allowed:
            values[name] = text
        else:
            errors.append(
                FieldError(column, f"unknown value {str(raw)!r}: use one of {', '.join(allowed)}")
            )
    raw_causes = carried.get("expected_causes")
    if not _is_blank(raw_causes):
        causes = _parse_causes(raw_causes)
        if isinstance(causes, FieldError):
            errors.append(causes)
        else:
            values["causes"] = causes
    raw_error = carried.get("expected_error")
    if not _is_blank(raw_error):
        text = str(raw_error).strip()
        if text.lower() == ANY_ERROR:
            values["error"] = ANY_ERROR
        elif text in _error_field_names():
            values["error"] = text
        else:
            errors.append(
                FieldError(
                    "expected_error",
                    f"{text!r} is not a field name: give the field expected to be rejected, "
                    f"or {ANY_ERROR!r}",
                )
            )
    return Expected(**values), errors


def _parse_causes(raw: Any) -> tuple[str, ...] | FieldError:
    items = raw if isinstance(raw, list) else str(raw).split(ID_LIST_SEPARATOR)
    names = {str(item).strip().lower() for item in items} - {""}
    if names == {NO_CAUSES}:
        return ()
    unknown = sorted(names - set(CAUSE_CATEGORIES))
    if unknown:
        return FieldError(
            "expected_causes",
            f"unknown cause categor{'y' if len(unknown) == 1 else 'ies'} "
            f"{', '.join(repr(n) for n in unknown)}: use {NO_CAUSES!r} or "
            f"{', '.join(CAUSE_CATEGORIES)} separated by ';'",
        )
    return tuple(sorted(names))


def causes_text(causes: tuple[str, ...]) -> str:
    """Cause categories as written in ``expected_causes``: ``a;b``, or ``none``."""
    return ID_LIST_SEPARATOR.join(causes) if causes else NO_CAUSES


def error_matches(expected_error: str, errors: Iterable[FieldError]) -> bool:
    """Whether a rejection is the one ``expected_error`` announced. A record rejected
    for a bad ``expected_*`` value never is: that is a mistake in the test set."""
    names = {error.field for error in errors}
    if not names or any(name.startswith(EXPECTED_PREFIX) for name in names):
        return False
    return expected_error == ANY_ERROR or expected_error in names


# --------------------------------------------------------------------------- scoring


class UnderTriageDetail(NamedTuple):
    """Why an under-triaged record got its level, and what the expected level needed
    (from :mod:`triage.explain`; kept for under-triaged records only)."""

    set_by: tuple[tuple[str, str], ...]  # (rule, because) of the rules that set the level
    needed: tuple[tuple[str, str, str], ...]  # (rule, needs, missing) at the expected level
    more: int = 0  # rules of the expected level not listed in ``needed``


UNDER_TRIAGE_RULES_KEPT = 3  # near misses kept per under-triaged record, nearest first


def under_triage_detail(assessed: Any, expected_level: str) -> UnderTriageDetail:
    """The rules that set ``assessed``'s level and the nearest rules of the expected
    level, each with the part of its conditions this case is missing."""
    from triage.explain import explain

    explanation = explain(assessed)
    misses = explanation.near_misses_at(expected_level)
    return UnderTriageDetail(
        set_by=tuple(dict.fromkeys((r.rule, r.because) for r in explanation.decided_by)),
        needed=tuple(
            (miss.rule, miss.when, "; ".join(check.detail for check in miss.missing))
            for miss in misses[:UNDER_TRIAGE_RULES_KEPT]
        ),
        more=max(0, len(misses) - UNDER_TRIAGE_RULES_KEPT),
    )


class Outcome(NamedTuple):
    """What the summary needs to know about one scored record (small, picklable)."""

    record: int
    case_id: str
    triage: str | None  # None when the record was rejected
    severity: str | None
    infection_risk: str | None
    causes: tuple[str, ...] | None
    errors: tuple[FieldError, ...]
    expected: Expected | None  # None when the record carries no expected_* column
    matches: tuple[bool | None, ...] | None  # in EVALUATED order
    # The most urgent safety-net entry ("none": nothing would raise the level).
    safety_net: str | None = None
    under_triage: UnderTriageDetail | None = None  # only for under-triaged records

    @property
    def rejected(self) -> bool:
        return bool(self.errors)


class Scored(NamedTuple):
    """One output record, already serialised (one line), and its outcome."""

    text: str
    outcome: Outcome


class RecordScorer:
    """Turn :class:`RawRecord` into output text and an :class:`Outcome` with one
    reused assessor (one per process)."""

    def __init__(
        self, assessor: Assessing, output_format: OutputFormat, explain: bool = False
    ) -> None:
        self.assessor = assessor
        self.output_format = output_format
        self.explain = explain
        self._buffer = io.StringIO()
        self._csv = csv.writer(self._buffer, lineterminator="\r\n")

    def score(self, raw: RawRecord) -> Scored:
        evaluating = any(name.startswith(EXPECTED_PREFIX) for name in raw.carried)
        expected, errors = parse_expected(raw.carried) if evaluating else (None, [])
        assessment: dict[str, Any] | None = None
        under_triage: UnderTriageDetail | None = None
        if raw.problems:
            errors = [*raw.problems, *errors]
        else:
            fields = dict(raw.fields)
            fields.setdefault("case_id", str(raw.number))
            try:
                assessed = self.assessor.assess(fields)
                assessment = assessed.model_dump(mode="json")
                if self.explain:
                    assessment[EXPLAIN_COLUMN] = self._explanation(assessed)
                wanted = expected.triage if expected is not None else None
                if wanted is not None and TRIAGE_RANK[assessed.triage] < TRIAGE_RANK[wanted]:
                    with contextlib.suppress(Exception):  # the report's detail, never the result
                        under_triage = under_triage_detail(assessed, wanted)
            except CaseRejected as rejection:
                errors = [*rejection.errors, *errors]
            except Exception as bug:  # one faulty record must not end a long batch
                message = (
                    f"internal error while assessing ({type(bug).__name__}: "
                    f"{neutralise(bug, ECHO_MAX_CHARS)}); please report it"
                )
                errors = [FieldError("case", message), *errors]
        errors = [_on_line(error, raw.line) for error in errors]
        case_id = _case_id(raw, assessment)
        if errors:
            assessment = None
        matches = _matches(expected, assessment, errors) if expected is not None else None
        output = self._output(raw, case_id, assessment, errors, matches)
        causes = (
            tuple(sorted(item["category"] for item in assessment["cause_categories"]))
            if assessment is not None
            else None
        )
        outcome = Outcome(
            record=raw.number,
            case_id=neutralise(case_id, ECHO_MAX_CHARS),  # shown in the summary
            triage=assessment["triage"] if assessment else None,
            severity=assessment["severity"] if assessment else None,
            infection_risk=assessment["infection_risk"] if assessment else None,
            causes=causes,
            errors=tuple(errors),
            expected=expected,
            matches=matches,
            safety_net=(
                (assessment["safety_net"][0]["triage"] if assessment["safety_net"] else "none")
                if assessment
                else None
            ),
            under_triage=under_triage if assessment else None,
        )
        return Scored(self._serialise(output, raw.number), outcome)

    def _output(
        self,
        raw: RawRecord,
        case_id: str,
        assessment: dict[str, Any] | None,
        errors: list[FieldError],
        matches: tuple[bool | None, ...] | None,
    ) -> dict[str, Any]:
        if assessment is not None:
            output = dict(assessment)
        else:
            output = {
                "case_id": case_id,
                "record": raw.number,
                "error": [{"field": e.field, "message": e.message} for e in errors],
            }
        for name in _carried_order(raw.carried):
            value = raw.carried[name]
            output[name] = _printable(value) if isinstance(value, str) else value
        if matches is not None:
            output.update(zip(MATCH_COLUMNS, matches, strict=True))
        return output

    def _explanation(self, assessed: Any) -> Any:
        """The nurse's explanation (facts, rules, near misses): structured in JSON Lines,
        as text in a CSV cell."""
        from triage.explain import explain, render_explanation

        explanation = explain(assessed)
        if self.output_format == "jsonl":
            return explanation.to_dict()
        return render_explanation(explanation)

    def _serialise(self, output: dict[str, Any], record: int) -> str:
        # valid_unicode: no value (however it got in) can make the write itself fail.
        if self.output_format == "jsonl":
            text = json.dumps(output, ensure_ascii=False, separators=(",", ":"))
            return valid_unicode(text) + "\n"
        buffer = self._buffer
        buffer.seek(0)
        buffer.truncate()
        self._csv.writerow(csv_row(output, record, explain=self.explain))
        return valid_unicode(buffer.getvalue())


def _on_line(error: FieldError, line: int) -> FieldError:
    """The error as written out: with the record's line in its message (``line 4: …``,
    as the reader's own messages have it), and any user text it quotes neutralised and
    bounded."""
    message = error.message
    if not _LINE_PREFIX.match(message):
        message = f"line {line}: {message}"
    return FieldError(
        neutralise(error.field, ECHO_MAX_CHARS), neutralise(message, ECHO_MAX_MESSAGE_CHARS)
    )


def _case_id(raw: RawRecord, assessment: dict[str, Any] | None) -> str:
    if assessment is not None:
        return str(assessment["case_id"])
    given = raw.fields.get("case_id")
    if isinstance(given, str | int | float) and not isinstance(given, bool):
        return _printable(str(given).strip())[:200] or str(raw.number)
    return str(raw.number)


def _carried_order(carried: Mapping[str, Any]) -> list[str]:
    known = [name for name in EXPECTED_COLUMNS if name in carried]
    others = sorted(
        name for name in carried if name not in EXPECTED_COLUMNS and name != NOTE_COLUMN
    )
    note = [NOTE_COLUMN] if NOTE_COLUMN in carried else []
    return [*known, *others, *note]


def _matches(
    expected: Expected, assessment: dict[str, Any] | None, errors: list[FieldError]
) -> tuple[bool | None, ...]:
    """``match_*`` values in :data:`EVALUATED` order; ``None`` when not evaluated."""
    error_match = None if expected.error is None else error_matches(expected.error, errors)
    if assessment is None:
        return (None, None, None, None, error_match)
    causes = tuple(sorted(item["category"] for item in assessment["cause_categories"]))
    return (
        None if expected.triage is None else assessment["triage"] == expected.triage,
        None if expected.severity is None else assessment["severity"] == expected.severity,
        None
        if expected.infection_risk is None
        else assessment["infection_risk"] == expected.infection_risk,
        None if expected.causes is None else causes == expected.causes,
        error_match,
    )


def csv_row(
    output: Mapping[str, Any], record: int | None = None, explain: bool = False
) -> list[str]:
    """One output record flattened to :data:`CSV_COLUMNS` cells, spreadsheet-safe
    (``record``: the 1-based record number, filled on every CSV row)."""
    ctcae = output.get("ctcae") or {}
    flat: dict[str, Any] = {
        **output,
        "record": output.get("record", record),
        "ctcae_grade": ctcae.get("grade"),
        "ctcae_version": ctcae.get("version") if ctcae else None,
        "cause_categories": _join_ids(
            item["category"] for item in output.get("cause_categories", [])
        ),
        "guidance": _join_ids(item["id"] for item in output.get("guidance", [])),
        "explanation": TEXT_LIST_SEPARATOR.join(
            f"{item['rule']}: {item['because']}" for item in output.get("explanation", [])
        ),
        "red_flags": TEXT_LIST_SEPARATOR.join(output.get("red_flags", [])),
        "safety_net": TEXT_LIST_SEPARATOR.join(
            f"{item['triage']} {item['if']} ({', '.join(item['rules'])})"
            for item in output.get("safety_net", [])
        ),
        "warnings": TEXT_LIST_SEPARATOR.join(output.get("warnings", [])),
        "scores": TEXT_LIST_SEPARATOR.join(_score_text(item) for item in output.get("scores", [])),
        "error": TEXT_LIST_SEPARATOR.join(
            f"{item['field']}: {item['message']}" for item in output.get("error", [])
        ),
    }
    if "error" in output:
        flat["cause_categories"] = flat["guidance"] = None
    causes = output.get("expected_causes")
    if isinstance(causes, list):
        flat["expected_causes"] = ID_LIST_SEPARATOR.join(str(item) for item in causes)
    return [spreadsheet_safe(_cell(flat.get(column))) for column in csv_columns(explain)]


def csv_columns(explain: bool = False) -> tuple[str, ...]:
    """The CSV header: :data:`CSV_COLUMNS`, plus ``explain`` with ``--explain``."""
    return (*CSV_COLUMNS, EXPLAIN_COLUMN) if explain else CSV_COLUMNS


def _score_text(score: Mapping[str, Any]) -> str:
    """``MASCC: 21 (low risk)``, or ``MASCC: incomplete`` when inputs are missing."""
    total = score.get("total")
    text = f"{score.get('name')}: {'incomplete' if total is None else _cell(total)}"
    risk_class = score.get("risk_class")
    return f"{text} ({risk_class})" if risk_class else text


def _join_ids(ids: Iterable[str]) -> str:
    return ID_LIST_SEPARATOR.join(ids)


def _cell(value: Any) -> str:
    if value is None:
        return ""
    if isinstance(value, bool):
        return "true" if value else "false"
    if isinstance(value, float) and value.is_integer():
        return str(int(value))
    if isinstance(value, list | dict):
        return json.dumps(value, ensure_ascii=False)
    return str(value)


def spreadsheet_safe(text: str) -> str:
    """Neutralise a cell a spreadsheet would run as a formula (CSV injection) by
    prefixing ``'``. Negative numbers are prefixed too: the batch never writes one in a
    numeric column, so only carried text (ids, notes) can start with ``-``."""
    return "'" + text if text.startswith(SPREADSHEET_TRIGGERS) else text


# ---------------------------------------------------------------------- parallelism

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


# ------------------------------------------------------------------------- summary


class Disagreement(NamedTuple):
    """One evaluated field of one record that did not agree."""

    record: int
    case_id: str
    field: str  # one of EVALUATED
    expected: str
    got: str
    detail: UnderTriageDetail | None = None  # under-triaged records: why, what was needed


class Rejection(NamedTuple):
    record: int
    case_id: str
    errors: tuple[FieldError, ...]
    expected: bool  # rejected as its expected_error said
    announced: bool = False  # the record had an expected_error


@dataclass
class Agreement:
    agreed: int = 0
    evaluated: int = 0

    @property
    def percent(self) -> float | None:
        return 100.0 * self.agreed / self.evaluated if self.evaluated else None


@dataclass
class BoundedList:
    """A list that keeps its first ``limit`` items and counts the rest."""

    limit: int | None = LIST_LIMIT
    items: list[Any] = field(default_factory=list)
    omitted: int = 0

    def add(self, item: Any) -> None:
        if self.limit is None or len(self.items) < self.limit:
            self.items.append(item)
        else:
            self.omitted += 1

    @property
    def total(self) -> int:
        return len(self.items) + self.omitted


@dataclass
class EvaluationSummary:
    """Agreement per field, the triage confusion matrix and the disagreements."""

    agreement: dict[str, Agreement] = field(
        default_factory=lambda: {name: Agreement() for name in EVALUATED}
    )
    # confusion[expected][assessed] = number of records
    confusion: dict[str, dict[str, int]] = field(
        default_factory=lambda: {e: dict.fromkeys(TRIAGE_LEVELS, 0) for e in TRIAGE_LEVELS}
    )
    under_triaged: BoundedList = field(default_factory=lambda: BoundedList(limit=None))
    over_triaged: BoundedList = field(default_factory=BoundedList)
    other: BoundedList = field(default_factory=BoundedList)  # severity, risk, causes
    error_mismatches: BoundedList = field(default_factory=BoundedList)
    records: int = 0  # records with at least one expected_* column
    rejected_unexpectedly: int = 0  # of those, rejected without a matching expected_error

    def add(self, outcome: Outcome) -> None:
        expected, matches = outcome.expected, outcome.matches
        assert expected is not None and matches is not None
        self.records += 1
        for name, match in zip(EVALUATED, matches, strict=True):
            if match is None:
                continue
            tally = self.agreement[name]
            tally.evaluated += 1
            tally.agreed += match
        if expected.error is not None:
            if not matches[-1]:
                what_happened = (
                    "rejected: " + ", ".join(sorted({e.field for e in outcome.errors}))
                    if outcome.rejected
                    else f"assessed ({outcome.triage})"
                )
                self.error_mismatches.add(
                    Disagreement(
                        outcome.record, outcome.case_id, "error", expected.error, what_happened
                    )
                )
        elif outcome.rejected and any(value is not None for value in expected):
            self.rejected_unexpectedly += 1
        if outcome.rejected:
            return
        if expected.triage is not None and outcome.triage is not None:
            self.confusion[expected.triage][outcome.triage] += 1
            gap = TRIAGE_RANK[outcome.triage] - TRIAGE_RANK[expected.triage]
            item = Disagreement(
                outcome.record, outcome.case_id, "triage", expected.triage, outcome.triage,
                outcome.under_triage if gap < 0 else None,
            )  # fmt: skip
            if gap < 0:
                self.under_triaged.add(item)
            elif gap > 0:
                self.over_triaged.add(item)
        got: dict[str, str | None] = {
            "severity": outcome.severity,
            "infection_risk": outcome.infection_risk,
            "causes": None if outcome.causes is None else causes_text(outcome.causes),
        }
        wanted: dict[str, str | None] = {
            "severity": expected.severity,
            "infection_risk": expected.infection_risk,
            "causes": None if expected.causes is None else causes_text(expected.causes),
        }
        for position, name in enumerate(EVALUATED):
            if name in got and matches[position] is False:
                self.other.add(
                    Disagreement(
                        outcome.record, outcome.case_id, name, str(wanted[name]), str(got[name])
                    )
                )


@dataclass
class BatchSummary:
    """Counters and short lists for one batch; never the records themselves."""

    input_name: str = ""
    output_name: str = ""
    input_format: str = ""
    output_format: str = ""
    workers: int = 1
    records: int = 0
    assessed: int = 0
    rejected: int = 0
    rejected_as_expected: int = 0
    rejected_unannounced: int = 0  # rejected, and no expected_error said it would be
    triage: dict[str, int] = field(default_factory=lambda: dict.fromkeys(TRIAGE_LEVELS, 0))
    severity: dict[str, int] = field(default_factory=lambda: dict.fromkeys(SEVERITIES, 0))
    infection_risk: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(INFECTION_RISKS, 0)
    )
    # How many results a single change could raise, by the most urgent such change.
    safety_net: dict[str, int] = field(
        default_factory=lambda: dict.fromkeys(("none", *TRIAGE_LEVELS[1:]), 0)
    )
    rejected_fields: Counter[str] = field(default_factory=Counter)
    rejections: BoundedList = field(default_factory=BoundedList)
    warnings: list[str] = field(default_factory=list)
    evaluation: EvaluationSummary | None = None

    def add(self, outcome: Outcome) -> None:
        """Count one scored record."""
        self.records += 1
        if outcome.rejected:
            self.rejected += 1
            as_expected = (
                outcome.expected is not None
                and outcome.expected.error is not None
                and error_matches(outcome.expected.error, outcome.errors)
            )
            self.rejected_as_expected += as_expected
            self.rejected_unannounced += outcome.expected is None or outcome.expected.error is None
            for name in {error.field for error in outcome.errors}:
                if name in self.rejected_fields or len(self.rejected_fields) < 100:
                    self.rejected_fields[name] += 1
            announced = outcome.expected is not None and outcome.expected.error is not None
            self.rejections.add(
                Rejection(outcome.record, outcome.case_id, outcome.errors, as_expected, announced)
            )
        else:
            self.assessed += 1
            self.triage[str(outcome.triage)] += 1
            self.severity[str(outcome.severity)] += 1
            self.infection_risk[str(outcome.infection_risk)] += 1
            if outcome.safety_net is not None:
                self.safety_net[outcome.safety_net] += 1
        if outcome.expected is not None:
            if self.evaluation is None:
                self.evaluation = EvaluationSummary()
            self.evaluation.add(outcome)

    def exit_reasons(self) -> list[str]:
        """Why the exit code is 1, in plain words (empty: exit code 0)."""
        reasons: list[str] = []
        evaluation = self.evaluation
        if evaluation is not None and evaluation.under_triaged.total:
            reasons.append(f"{_count(evaluation.under_triaged.total, 'case')} under-triaged")
        if evaluation is not None and evaluation.error_mismatches.total:
            reasons.append(
                f"{_count(evaluation.error_mismatches.total, 'record')} not rejected as "
                "expected_error said"
            )
        if self.rejected_unannounced:
            reasons.append(f"{_count(self.rejected_unannounced, 'record')} rejected")
        return reasons

    @property
    def exit_code(self) -> int:
        """0: every record assessed (or rejected as expected) and none under-triaged;
        1: otherwise. Usage errors (2) are raised as :class:`BatchUsageError`."""
        return 1 if self.exit_reasons() else 0


def _count(n: int, noun: str) -> str:
    return f"{n:,} {noun}{'' if n == 1 else 's'}"


# ---------------------------------------------------------------------- files, run


def input_format_for(path: str, given: str | None = None, head: bytes = b"") -> InputFormat:
    """The input format: ``given``, else by extension, else sniffed from the first
    bytes (``{`` → JSON Lines, otherwise CSV)."""
    if given:
        if given not in ("csv", "jsonl"):
            raise BatchUsageError(f"unknown input format {given!r}: use csv or jsonl")
        return "jsonl" if given == "jsonl" else "csv"
    suffix = Path(path).suffix.lower() if path != "-" else ""
    if suffix in INPUT_SUFFIXES:
        return INPUT_SUFFIXES[suffix]
    start = head.removeprefix(_UTF8_BOM).lstrip()
    if start.startswith(b"["):
        raise BatchUsageError(
            "the input looks like a JSON array; batch reads JSON Lines (one object per line) or CSV"
        )
    return "jsonl" if start.startswith(b"{") else "csv"


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
