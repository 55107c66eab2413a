"""Evaluation of one record: what its ``expected_*`` columns say, and whether the
assessment agrees.

One job: read the expected answers (:func:`parse_expected`), compare them with an
assessment (:func:`match_fields`, :func:`error_matches`), and, for an under-triaged
record, say why (:func:`under_triage_detail`). Counting over a whole batch is
:mod:`triage.batch.summary`'s job.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping
from typing import Any, NamedTuple

from triage.batch.read import EXPECTED_PREFIX, is_blank
from triage.knowledge import CAUSE_CATEGORIES
from triage.levels import RISK_LEVELS, SEVERITY_LEVELS, TRIAGE_LEVELS, shown_order
from triage.models import CaseInput, FieldError

# Counts are shown in the order of the levels, "unknown" last.
SEVERITIES: tuple[str, ...] = shown_order(SEVERITY_LEVELS)
INFECTION_RISKS: tuple[str, ...] = shown_order(RISK_LEVELS)

NO_CAUSES = "none"  # expected_causes value meaning "no cause category is raised"
ANY_ERROR = "any"  # expected_error value meaning "rejected, whatever the field"
ID_LIST_SEPARATOR = ";"  # id lists (cause categories, guidance ids), as in the input


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
        if is_blank(raw):
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
    if not is_blank(raw_causes):
        causes = _parse_causes(raw_causes)
        if isinstance(causes, FieldError):
            errors.append(causes)
        else:
            values["causes"] = causes
    raw_error = carried.get("expected_error")
    if not is_blank(raw_error):
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


def match_fields(
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
