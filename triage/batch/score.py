"""Scoring: turn one :class:`RawRecord` into its output line and an :class:`Outcome`.

One job: assess the record's case fields (a rejection is an error record, never an
exception), shape the output record (the assessment or the errors, the carried
columns, the ``match_*`` values), and serialise it as one JSON Lines line or one
spreadsheet-safe CSV row. The :class:`Outcome` is what the summary counts.
"""

from __future__ import annotations

import contextlib
import csv
import io
import json
import math
import re
from collections.abc import Callable, Iterable, Mapping
from typing import Any, Literal, NamedTuple, Protocol

from triage.batch.evaluate import (
    ID_LIST_SEPARATOR,
    Expected,
    UnderTriageDetail,
    match_fields,
    parse_expected,
    under_triage_detail,
)
from triage.batch.read import (
    EVALUATED,
    EXPECTED_COLUMNS,
    EXPECTED_PREFIX,
    NOTE_COLUMN,
    RawRecord,
    printable,
)
from triage.levels import TRIAGE_RANK
from triage.limits import ECHO_MAX_CHARS, ECHO_MAX_MESSAGE_CHARS
from triage.models import CaseRejected, FieldError
from triage.safetext import neutralise, valid_unicode

OutputFormat = Literal["jsonl", "csv"]

MATCH_COLUMNS: tuple[str, ...] = tuple(f"match_{name}" for name in EVALUATED)

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
    "at_least",
    NOTE_COLUMN,
    *EXPECTED_COLUMNS,
    *MATCH_COLUMNS,
)
TEXT_LIST_SEPARATOR = " | "  # free text lists (explanation, warnings, red flags, errors)
SPREADSHEET_TRIGGERS = ("=", "+", "-", "@", "\t", "\r")

_LINE_PREFIX = re.compile(r"lines? \d")


class Assessing(Protocol):
    """What the batch needs from :class:`triage.Assessor`."""

    def assess(self, case: Mapping[str, Any]) -> Any: ...


AssessorFactory = Callable[[], Assessing]


def default_assessor() -> Assessing:
    """One :class:`triage.Assessor` (the factory used unless a test passes another)."""
    import triage

    assessor: Assessing = triage.Assessor()
    return assessor


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
    # A rejected record: the level the rest of it gives (clinical-rules §1), or None.
    at_least: str | None = None

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
        fields = dict(raw.fields)
        fields.setdefault("case_id", str(raw.number))
        refused: list[FieldError] | None = None  # the case's own refusals, if any
        if raw.problems:
            refused = list(raw.problems)
            errors = [*raw.problems, *errors]
        else:
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
                refused = list(rejection.errors)
                errors = [*rejection.errors, *errors]
            except Exception as bug:  # one faulty record must not end a long batch
                message = (
                    f"internal error while assessing ({type(bug).__name__}: "
                    f"{neutralise(bug, ECHO_MAX_CHARS)}); please report it"
                )
                refused = [FieldError("case", message)]
                errors = [FieldError("case", message), *errors]
        at_least = self._at_least(fields, assessment, refused) if errors else None
        errors = [_on_line(error, raw.line) for error in errors]
        case_id = _case_id(raw, assessment)
        if errors:
            assessment = None
        matches = match_fields(expected, assessment, errors) if expected is not None else None
        output = self._output(raw, case_id, assessment, errors, matches, at_least)
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
            at_least=at_least,
        )
        return Scored(self._serialise(output, raw.number), outcome)

    def _output(
        self,
        raw: RawRecord,
        case_id: str,
        assessment: dict[str, Any] | None,
        errors: list[FieldError],
        matches: tuple[bool | None, ...] | None,
        at_least: str | None = None,
    ) -> dict[str, Any]:
        if assessment is not None:
            output = dict(assessment)
        else:
            output = {
                "case_id": case_id,
                "record": raw.number,
                "error": [{"field": e.field, "message": e.message} for e in errors],
                "at_least": at_least,
            }
        for name in _carried_order(raw.carried):
            value = raw.carried[name]
            output[name] = printable(value) if isinstance(value, str) else finite(value)
        if matches is not None:
            output.update(zip(MATCH_COLUMNS, matches, strict=True))
        return output

    def _at_least(
        self,
        fields: dict[str, Any],
        assessment: dict[str, Any] | None,
        refused: list[FieldError] | None,
    ) -> str | None:
        """An error record's ``at_least`` (case-format.md): the level the rest of the
        case gives. A case assessed in full but refused for its ``expected_*`` columns
        gives its own level."""
        if assessment is not None:
            return str(assessment["triage"])
        if refused is None:
            return None
        from triage.at_least import at_least_level

        return at_least_level(fields, self.assessor, refused)

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


def finite(value: Any) -> Any:
    """A carried value with every NaN or infinite number (JSON Lines input may hold
    ``NaN`` or ``Infinity``; JSON output cannot) as the string ``"NaN"``,
    ``"Infinity"`` or ``"-Infinity"``, at any depth. Iterative: a deeply nested value
    cannot exhaust the stack."""
    holder = [value]
    stack: list[tuple[Any, Any]] = [(holder, 0)]
    while stack:
        container, key = stack.pop()
        item = container[key]
        if isinstance(item, float) and not math.isfinite(item):
            sign = "-" if item < 0 else ""
            container[key] = "NaN" if math.isnan(item) else f"{sign}Infinity"
        elif isinstance(item, list):
            container[key] = items = list(item)
            stack.extend((items, index) for index in range(len(items)))
        elif isinstance(item, dict):
            container[key] = fields = dict(item)
            stack.extend((fields, name) for name in fields)
    return holder[0]


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
        return printable(str(given).strip())[:200] or str(raw.number)
    return str(raw.number)


def _carried_order(carried: Mapping[str, Any]) -> list[str]:
    known = [name for name in EXPECTED_COLUMNS if name in carried]
    others = sorted(
        name for name in carried if name not in EXPECTED_COLUMNS and name != NOTE_COLUMN
    )
    note = [NOTE_COLUMN] if NOTE_COLUMN in carried else []
    return [*known, *others, *note]


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
