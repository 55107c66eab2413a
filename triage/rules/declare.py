"""How a rule is written: once, as one inspectable declaration.

A :class:`Rule` holds its stable id, its conditions as named :class:`Part` objects, what
it concludes (:class:`Then`), a plain-words ``because``, its source and a docstring.
Each part carries the experta pattern the engine matches, the plain words the catalogue
shows and the check that explanations and near misses run on a case, side by side, so
nothing re-codes a rule's conditions elsewhere (after venmo/business-rules and
durable_rules, where a condition is one object rather than code).

The engine (:mod:`triage.engine`) turns every declaration into an experta rule; the
catalogue, ``--explain`` and the safety net read the same declarations.
"""

from __future__ import annotations

import inspect
import re
from collections.abc import Callable, Mapping
from dataclasses import dataclass, field
from functools import cached_property, lru_cache
from typing import TYPE_CHECKING, Any

from triage.facts import (
    Cause,
    Conclusion,
    CtcaeGrade,
    FebrileNeutropenia,
    Finding,
    Guidance,
    InfectionRisk,
    RedFlag,
    Severity,
    TriageLevel,
)

if TYPE_CHECKING:  # the case view is built from an engine run
    from triage.rules.parts.view import CaseView

# Phases, by salience: higher fires first. A phase only reads conclusions of the phases
# above it, so negations (NOT) are safe and firing order inside a phase never matters
# (outputs are sorted by stable keys anyway). The phase follows from what a rule
# concludes (PHASE_OF); a rule that reads a conclusion of its own phase says so.
FINDINGS = 50
AFTER_FINDINGS = FINDINGS - 1  # a finding that reads another finding (C0, at risk)
AT_RISK_READERS = FINDINGS - 2  # a finding that reads "at risk" (a possible fever)
FEVER_READERS = FINDINGS - 3  # a finding that reads whether there is a (possible) fever
CLASSIFY = 30
TRIAGE = 20
ROUTINE_DEFAULT = TRIAGE - 10  # after every triage rule has had its chance (T0)
GUIDANCE = 0
PHASE_OF: Mapping[type[Conclusion], int] = {
    Finding: FINDINGS,
    Severity: CLASSIFY,
    CtcaeGrade: CLASSIFY,
    InfectionRisk: CLASSIFY,
    FebrileNeutropenia: CLASSIFY,
    Cause: CLASSIFY,
    TriageLevel: TRIAGE,
    RedFlag: TRIAGE,
    Guidance: GUIDANCE,
}

# Parameter names remembered, one entry per function of the declarations (a few hundred).
PARAMETER_NAMES_CACHED = 4096

Check = Callable[["CaseView"], tuple[bool, str]]
# A value worked out from the names a rule's patterns bind (``anc``, ``label`` …).
FromBound = Callable[..., Any]


@dataclass(frozen=True)
class Part:
    """One condition of a rule: ``patterns`` for the engine (experta conditional
    elements, which may bind names such as ``anc``), ``words`` for people, and ``check``,
    which says whether a case meets it and how, for explanations and near misses."""

    words: str
    patterns: tuple[Any, ...]
    check: Check

    def on(self, view: CaseView) -> tuple[bool, str]:
        return self.check(view)


def _call(function: FromBound, bound: Mapping[str, Any]) -> Any:
    """Call with the bound names the function asks for (experta passes every binding).
    A name that only one branch of an OR binds is a parameter with a default."""
    return function(**{name: bound[name] for name in _parameter_names(function) if name in bound})


@lru_cache(maxsize=PARAMETER_NAMES_CACHED)
def _parameter_names(function: FromBound) -> tuple[str, ...]:
    """The names ``function`` takes, read once per function (``inspect.signature`` was
    ~15 % of an engine run when read on every firing)."""
    return tuple(inspect.signature(function).parameters)


@dataclass(frozen=True)
class Then:
    """One conclusion: the kind of fact and its fields; a field may be worked out from
    the bound names (``evidence=lambda label: label``). ``text`` is the catalogue's
    "concludes" ("triage: emergency")."""

    kind: type[Conclusion]
    text: str
    fields: Mapping[str, Any] = field(default_factory=dict)

    def fact_fields(self, bound: Mapping[str, Any]) -> dict[str, Any]:
        return {
            name: _call(value, bound) if callable(value) else value
            for name, value in self.fields.items()
        }


RULE_ID = re.compile(r"^(?P<family>[A-Z]+)(?P<number>\d+)$")


@dataclass(frozen=True)
class Rule:
    """A rule, written once. ``when`` is the catalogue's plain-words condition; by
    default the parts' words joined by "and". ``because`` is a plain-words string or a
    function of the bound names."""

    id: str
    parts: tuple[Part, ...]
    then: tuple[Then, ...]
    because: str | FromBound
    source: str
    doc: str
    when: str = ""
    phase: int | None = None
    concludes_words: str = ""  # the catalogue's "concludes", when one phrase reads better

    def __post_init__(self) -> None:
        if not RULE_ID.match(self.id):
            raise ValueError(f"rule id {self.id!r} is not a family prefix and a number")
        if not self.then:
            raise ValueError(f"rule {self.id} concludes nothing")

    @property
    def family(self) -> str:
        """``E1`` -> ``E``; the family names the module the rule lives in."""
        match = RULE_ID.match(self.id)
        assert match is not None  # checked in __post_init__
        return match["family"]

    @property
    def salience(self) -> int:
        if self.phase is not None:
            return self.phase
        # The earliest phase of what it concludes: a finding must exist before its readers.
        return max(PHASE_OF[then.kind] for then in self.then)

    @property
    def condition_words(self) -> str:
        return self.when or " and ".join(part.words for part in self.parts)

    @property
    def concludes(self) -> str:
        return self.concludes_words or "; ".join(then.text for then in self.then)

    @cached_property
    def patterns(self) -> tuple[Any, ...]:
        return tuple(pattern for part in self.parts for pattern in part.patterns)

    def because_text(self, bound: Mapping[str, Any]) -> str:
        return self.because if isinstance(self.because, str) else _call(self.because, bound)

    def conclusions(self, bound: Mapping[str, Any]) -> list[tuple[type[Conclusion], dict]]:
        """(kind, fields) of each fact this rule concludes, given the bound names."""
        because = self.because_text(bound)
        return [
            (then.kind, {"rule": self.id, "because": because, **then.fact_fields(bound)})
            for then in self.then
        ]

    def check(self, view: CaseView) -> tuple[tuple[bool, str], ...]:
        """Each part checked on a case: (met, detail)."""
        return tuple(part.on(view) for part in self.parts)


def rule(
    rule_id: str,
    *parts: Part,
    then: Then | tuple[Then, ...],
    because: str | FromBound,
    source: str,
    doc: str,
    when: str = "",
    phase: int | None = None,
    concludes: str = "",
) -> Rule:
    """Declare a rule (see :class:`Rule`)."""
    return Rule(
        id=rule_id,
        parts=parts,
        then=then if isinstance(then, tuple) else (then,),
        because=because,
        source=source,
        doc=" ".join(doc.split()),
        when=when,
        phase=phase,
        concludes_words=concludes,
    )


# What rules conclude, by kind.
def triage(level: str) -> Then:
    return Then(TriageLevel, f"triage: {level}", {"level": level})


def finding(name: str, text: str = "", **fields: Any) -> Then:
    return Then(Finding, f"finding: {text or name.replace('_', ' ')}", {"name": name, **fields})


def severity(level: str) -> Then:
    return Then(Severity, f"severity: {level}", {"level": level})


def ctcae(grade: int) -> Then:
    return Then(CtcaeGrade, f"CTCAE grade {grade}", {"grade": grade})


def risk(level: str) -> Then:
    return Then(InfectionRisk, f"infection risk: {level.replace('_', ' ')}", {"level": level})


def febrile_neutropenia() -> Then:
    return Then(FebrileNeutropenia, "febrile neutropenia")


def cause(category: str | FromBound, evidence: FromBound, text: str) -> Then:
    return Then(Cause, f"cause: {text}", {"category": category, "evidence": evidence})


def guidance(topic: str) -> Then:
    return Then(Guidance, f"guidance: {topic}", {"topic": topic})


def red_flag(text: FromBound, name: str) -> Then:
    return Then(RedFlag, f"red flag: {name}", {"text": text})
