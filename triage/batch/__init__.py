"""Batch scoring: read CSV or JSON Lines, assess every record, write one output record
per input record, and (with ``expected_*`` columns) evaluate the assessments.

Everything streams: records are read, scored and written one chunk at a time, and the
summary keeps counters plus short lists (the under-triaged cases in full, the other
disagreements and rejections up to :data:`LIST_LIMIT`). Memory stays flat however long
the input is.

One module per job, each importing only those above it::

    read.py      bytes → RawRecord: formats, lines, CSV and JSON Lines records
    evaluate.py  a record's expected_* answers, and whether the assessment agrees
    score.py     RawRecord → output line + Outcome: assess, shape, serialise
    workers.py   score in input order, in this process or in a process pool
    summary.py   counters and short lists over the outcomes; the exit reasons
    run.py       run_batch: input → scoring → output file, summary and progress

This package is library code (no click, no rich); ``cli.py`` adds the options, the
progress bar, the console view and the exit codes. See docs/batch.md for the formats
and every choice made here. The names below are the package's public interface.
"""

from __future__ import annotations

from triage.batch.evaluate import (
    ANY_ERROR,
    ID_LIST_SEPARATOR,
    INFECTION_RISKS,
    NO_CAUSES,
    SEVERITIES,
    UNDER_TRIAGE_RULES_KEPT,
    Expected,
    UnderTriageDetail,
    causes_text,
    error_matches,
    match_fields,
    parse_expected,
    under_triage_detail,
)
from triage.batch.read import (
    EVALUATED,
    EXPECTED_COLUMNS,
    EXPECTED_PREFIX,
    INPUT_SUFFIXES,
    NOTE_COLUMN,
    BatchUsageError,
    InputFormat,
    RawRecord,
    RecordReader,
    header_warnings,
    input_format_for,
)
from triage.batch.run import (
    OUTPUT_SUFFIXES,
    PROGRESS_EVERY,
    ProgressCallback,
    check_output_path,
    output_format_for,
    run_batch,
)
from triage.batch.score import (
    CSV_COLUMNS,
    EXPLAIN_COLUMN,
    MATCH_COLUMNS,
    SPREADSHEET_TRIGGERS,
    TEXT_LIST_SEPARATOR,
    Assessing,
    AssessorFactory,
    Outcome,
    OutputFormat,
    RecordScorer,
    Scored,
    csv_columns,
    csv_row,
    default_assessor,
    spreadsheet_safe,
)
from triage.batch.summary import (
    LIST_LIMIT,
    Agreement,
    BatchSummary,
    BoundedList,
    Disagreement,
    EvaluationSummary,
    Rejection,
)
from triage.batch.workers import (
    AUTO_WORKERS_MIN_BYTES,
    CHUNK_SIZE,
    CHUNKS_IN_FLIGHT_PER_WORKER,
    resolve_workers,
    score_records,
)
from triage.levels import TRIAGE_LEVELS  # imported from here by callers before the split

__all__ = [
    "ANY_ERROR",
    "AUTO_WORKERS_MIN_BYTES",
    "CHUNKS_IN_FLIGHT_PER_WORKER",
    "CHUNK_SIZE",
    "CSV_COLUMNS",
    "EVALUATED",
    "EXPECTED_COLUMNS",
    "EXPECTED_PREFIX",
    "EXPLAIN_COLUMN",
    "ID_LIST_SEPARATOR",
    "INFECTION_RISKS",
    "INPUT_SUFFIXES",
    "LIST_LIMIT",
    "MATCH_COLUMNS",
    "NOTE_COLUMN",
    "NO_CAUSES",
    "OUTPUT_SUFFIXES",
    "PROGRESS_EVERY",
    "SEVERITIES",
    "SPREADSHEET_TRIGGERS",
    "TEXT_LIST_SEPARATOR",
    "TRIAGE_LEVELS",
    "UNDER_TRIAGE_RULES_KEPT",
    "Agreement",
    "Assessing",
    "AssessorFactory",
    "BatchSummary",
    "BatchUsageError",
    "BoundedList",
    "Disagreement",
    "EvaluationSummary",
    "Expected",
    "InputFormat",
    "Outcome",
    "OutputFormat",
    "ProgressCallback",
    "RawRecord",
    "RecordReader",
    "RecordScorer",
    "Rejection",
    "Scored",
    "UnderTriageDetail",
    "causes_text",
    "check_output_path",
    "csv_columns",
    "csv_row",
    "default_assessor",
    "error_matches",
    "header_warnings",
    "input_format_for",
    "match_fields",
    "output_format_for",
    "parse_expected",
    "resolve_workers",
    "run_batch",
    "score_records",
    "spreadsheet_safe",
    "under_triage_detail",
]
