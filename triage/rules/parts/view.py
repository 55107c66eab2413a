"""What every part is built on: the case view its check reads, :func:`part`, the pattern
helpers that compare a field with a named threshold, the words for bands and lists, and
the parts that combine others or read a finding."""

from __future__ import annotations

from collections.abc import Iterable
from typing import TYPE_CHECKING, Any

from triage._experta import NOT, OR, P
from triage.facts import Cause, Finding, Severity, TriageLevel
from triage.knowledge import load_knowledge
from triage.rules.cuts import mark_cuts
from triage.rules.declare import Check, Part
from triage.text import count, join_words

if TYPE_CHECKING:  # the case and the facts of one engine run, never the run itself
    from triage._experta import Fact
    from triage.models import NormalisedCase


class CaseView:
    """The normalised case plus the engine's conclusions (the facts of one run), read by
    the checks."""

    def __init__(self, case: NormalisedCase, facts: Iterable[Fact]):
        facts = list(facts)
        self.case = case
        self.findings = {
            fact["name"]: fact["because"] for fact in facts if isinstance(fact, Finding)
        }
        self.severities = {fact["level"] for fact in facts if isinstance(fact, Severity)}
        self.causes = {fact["category"] for fact in facts if isinstance(fact, Cause)}
        self.triage_levels = {fact["level"] for fact in facts if isinstance(fact, TriageLevel)}
        self.triage_rules = {fact["rule"] for fact in facts if isinstance(fact, TriageLevel)}
        knowledge = load_knowledge()
        self.symptoms = [knowledge.symptom(s) for s in self.case.symptoms]
        self.conditions = [knowledge.condition(c) for c in self.case.conditions]
        self.drugs = [m.drug for m in self.case.medications if m.drug is not None]

    def has(self, finding: str) -> bool:
        return finding in self.findings

    @property
    def anc(self) -> float | None:
        return self.case.anc


def part(words: str, *patterns: Any, check: Check) -> Part:
    return Part(words, patterns, check)


# Pattern helpers: thresholds come in as names, never as literals in lambdas. Each
# records the limits it compares with (triage.rules.cuts: what the rules tell apart).
def below(limit: float) -> Any:
    return mark_cuts(P(lambda value: value < limit), limit)


def at_least(limit: float) -> Any:
    return mark_cuts(P(lambda value: value >= limit), limit)


def at_most(limit: float) -> Any:
    return mark_cuts(P(lambda value: value <= limit), limit)


def above(limit: float) -> Any:
    return mark_cuts(P(lambda value: value > limit), limit)


def in_range(low: float, high: float) -> Any:
    """``low <= value < high``."""
    return mark_cuts(P(lambda value: low <= value < high), low, high)


def to_under(low: float, high: float) -> str:
    """500 to under 1,000."""
    return f"{count(low)} to under {count(high)}"


def band(low: float, high: float) -> str:
    """1,000–1,499: a band of whole counts, from ``low`` to under ``high``."""
    return f"{count(low)}–{count(high - 1)}"


def names(items: Iterable[str]) -> str:
    return join_words(list(items))


def finding(name: str, words: str, missing: str = "") -> Part:
    """A finding concluded earlier; its because is the detail."""

    def check(view: CaseView) -> tuple[bool, str]:
        if view.has(name):
            return True, view.findings[name]
        return False, missing or f"not {words}"

    return part(words, Finding(name=name), check=check)


def no_finding(name: str, words: str) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.has(name):
            return False, view.findings[name]
        return True, f"no {words}"

    return part(f"no {words}", NOT(Finding(name=name)), check=check)


def either(first: Part, second: Part) -> Part:
    """One of two parts (experta OR of their single patterns)."""

    def check(view: CaseView) -> tuple[bool, str]:
        (one, one_detail), (two, two_detail) = first.on(view), second.on(view)
        if one or two:
            return True, "; ".join(d for met, d in ((one, one_detail), (two, two_detail)) if met)
        return False, f"{one_detail}, and {two_detail}"

    (left,), (right,) = first.patterns, second.patterns
    return part(f"{first.words} or {second.words}", OR(left, right), check=check)


def any_of(words: str, *alternatives: Part) -> Part:
    """One of several single-pattern parts (experta OR)."""

    def check(view: CaseView) -> tuple[bool, str]:
        results = [alternative.on(view) for alternative in alternatives]
        met = [detail for ok, detail in results if ok]
        return (True, "; ".join(met)) if met else (False, "; ".join(d for _, d in results))

    return part(words, OR(*(p for a in alternatives for p in a.patterns)), check=check)
