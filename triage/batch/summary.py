"""The summary of a batch: counters and short lists, never the records themselves.

One job: count each :class:`Outcome` (assessed, rejected, by level), keep the
evaluation (agreement per field, the triage confusion matrix, the disagreements with
every under-triaged case in full and the other lists up to :data:`LIST_LIMIT`), and
say why the exit status is 1 (:meth:`BatchSummary.exit_reasons`).
"""

from __future__ import annotations

from collections import Counter
from dataclasses import dataclass, field
from typing import Any, NamedTuple

from triage.batch.evaluate import (
    INFECTION_RISKS,
    SEVERITIES,
    UnderTriageDetail,
    causes_text,
    error_matches,
)
from triage.batch.read import EVALUATED
from triage.batch.score import Outcome
from triage.levels import TRIAGE_LEVELS, TRIAGE_RANK
from triage.models import FieldError

LIST_LIMIT = 1000  # disagreements and rejections kept for the summary (under-triage: all)


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
