"""Reading: turn the bytes of a CSV or JSON Lines input into :class:`RawRecord`.

One job: find the input's format, read it line by line in bounded memory, and split
each record into case fields and carried-through columns (``note``, ``expected_*``).
A record that cannot be read becomes a record with ``problems``; only an input that
cannot be read at all raises :class:`BatchUsageError`. Nothing here assesses.
"""

from __future__ import annotations

import csv
import json
import re
from collections import deque
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import IO, Any, Literal, NamedTuple

from triage.limits import (
    ECHO_MAX_CHARS,
    ECHO_MAX_MESSAGE_CHARS,
    MAX_CARRIED_CHARS,
    MAX_LINES_PER_RECORD,
    MAX_RECORD_BYTES,
    READ_BLOCK_BYTES,
)
from triage.models import CaseInput, FieldError
from triage.safetext import has_surrogate, neutralise, valid_unicode

InputFormat = Literal["csv", "jsonl"]

# What an evaluation compares, in this order everywhere (columns, summary, report).
EVALUATED: tuple[str, ...] = ("triage", "severity", "infection_risk", "causes", "error")
EXPECTED_COLUMNS: tuple[str, ...] = tuple(f"expected_{name}" for name in EVALUATED)
NOTE_COLUMN = "note"
EXPECTED_PREFIX = "expected_"

INPUT_SUFFIXES: dict[str, InputFormat] = {
    ".csv": "csv",
    ".jsonl": "jsonl",
    ".ndjson": "jsonl",
    ".json-lines": "jsonl",
    ".jsonlines": "jsonl",
}

_UTF8_BOM = b"\xef\xbb\xbf"
_UTF16_BOMS = (b"\xff\xfe", b"\xfe\xff")
_UNDECODED = re.compile("[\udc80-\udcff]")  # bytes kept by errors="surrogateescape"
_LINE_END = re.compile(rb"\r\n|\r|\n")  # universal line ends: CR LF, LF, or CR alone
_NUL_SHARE_OF_TEXT = 4  # a head with more than 1 NUL byte in this many is not UTF-8 text


class BatchUsageError(Exception):
    """The batch cannot start or go on: unreadable input, a bad option, a header that
    cannot be read, or an output that would overwrite the input (exit code 2)."""


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


def is_blank(value: Any) -> bool:
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
            problems.append(FieldError(valid_unicode(printable(name)) or "record",
                                       f"line {line}: {problem}"))  # fmt: skip
            continue
        if _is_carried(name):
            carried[name] = None if is_blank(value) else value
        elif not is_blank(value):
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
    if (
        type(value) is str
        and name.isascii()
        and value.isascii()
        and "\x00" not in name
        and "\x00" not in value
    ):
        return None  # the usual cell: ASCII holds no surrogate and no undecoded byte
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


def printable(text: str) -> str:
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
