"""What a safety-net probe may skip and remember, derived from the rule declarations.

A probe (:mod:`triage.safety_net`) needs only the triage level of a changed case and
the rules that set it, and only when that level is above the case's own. A
:class:`ProbePlan` says where its run may stop and which rules need not fire;
:func:`rules_needed_above` which rules can matter at all above a level; the memo keys
(:func:`memo_key`, :func:`memo_key_of`) under which an answer is remembered. Nothing
here names a rule: everything is read from the declarations (:mod:`triage.rules`).
:mod:`triage.engine` builds this rule base's plans and keys and runs the probes.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass
from typing import Any

from triage._experta import Fact
from triage.fact_list import SCALAR_TYPES
from triage.facts import TriageLevel
from triage.levels import TRIAGE_RANK
from triage.rules.cuts import Distinctions, Unsupported, distinctions
from triage.rules.declare import Rule as Declared

# The probe memo's key of a case's input facts (None: not remembered).
MemoKey = Callable[[list[tuple[type[Fact], dict[str, Any]]]], Any]


def fact_types(element: Any) -> Iterator[type]:
    """Every fact class a rule's conditions (with OR, AND, NOT nested) mention."""
    if isinstance(element, Fact):
        yield type(element)
    elif isinstance(element, tuple):  # Rule, OR, AND, NOT are tuples of conditions
        for part in element:
            yield from fact_types(part)


@dataclass(frozen=True)
class ProbePlan:
    """How a safety-net probe may shorten a run and still get the same triage level and
    the same rules at that level (derived from the declarations by :func:`probe_plan`).

    ``floor``: the lowest salience of a rule that concludes a triage level. experta
    fires the highest salience first, so once the next activation is below the floor
    every triage rule that will ever fire has fired, provided no rule below the floor
    concludes a kind that a rule at or above it reads (checked; else the floor is
    ``-inf`` and the run goes to its end).

    ``silent``: the bodies of rules that conclude no triage level and only kinds no
    rule reads (output-only: kept beside working memory, never declared). Not firing
    them changes no fact any rule sees, so the run goes on exactly the same.

    ``above``: a plan for a probe that matters only if it gives a level above this one
    (the safety net keeps nothing else). Then only the rules concluding a higher level
    and the rules whose conclusions they read (to the end of the chain) fire; every
    other rule is silent. The rules that fire see the same facts as in a whole run
    (what they read, NOT included, comes only from rules that fire), so the level and
    its rules are those of a whole run whenever that level is above ``above``; a level
    at or below it may read lower (routine, no rules) and is never kept."""

    floor: float
    silent: frozenset[Callable[..., Any]]
    above: str | None = None


def probe_plan(
    rules: Iterable[Declared], bodies: Mapping[str, Any], above: str | None = None
) -> ProbePlan:
    """The :class:`ProbePlan` of ``rules``; ``bodies`` maps a rule id to its experta
    rule body (what an activation's ``rule._wrapped`` is)."""
    rules = tuple(rules)
    if above is not None:
        return _plan_above(rules, bodies, above)

    related = _related
    concluded = {r.id: {then.kind for then in r.then} for r in rules}
    read = {r.id: {kind for pattern in r.patterns for kind in fact_types(pattern)} for r in rules}
    read_by_any = {kind for kinds in read.values() for kind in kinds}
    triage_saliences = [r.salience for r in rules if related(TriageLevel, concluded[r.id])]
    floor: float = min(triage_saliences) if triage_saliences else -math.inf
    read_at_or_above = {kind for r in rules if r.salience >= floor for kind in read[r.id]}
    if any(
        related(kind, read_at_or_above)
        for r in rules
        if r.salience < floor
        for kind in concluded[r.id]
    ):
        floor = -math.inf
    silent = frozenset(
        bodies[r.id]
        for r in rules
        if not any(
            related(kind, (TriageLevel,)) or related(kind, read_by_any) for kind in concluded[r.id]
        )
    )
    return ProbePlan(floor=floor, silent=silent)


def _plan_above(rules: tuple[Declared, ...], bodies: Mapping[str, Any], above: str) -> ProbePlan:
    """The plan of a probe that matters only above the level ``above`` (see ProbePlan)."""
    needed = rules_needed_above(rules, above)
    kept = [r for r in rules if r.id in needed]
    if not kept:
        return ProbePlan(floor=math.inf, silent=frozenset(), above=above)
    floor: float = min(r.salience for r in kept if _concludes_above(r, above))
    if any(r.salience < floor for r in kept):  # a needed rule after the highest levels
        floor = -math.inf
    silent = frozenset(bodies[r.id] for r in rules if r.id not in needed)
    return ProbePlan(floor=floor, silent=silent, above=above)


def _related(kind: type, kinds: Iterable[type]) -> bool:
    return any(issubclass(kind, other) or issubclass(other, kind) for other in kinds)


def _concludes_above(declared: Declared, above: str) -> bool:
    for then in declared.then:
        if _related(then.kind, (TriageLevel,)):
            level = then.fields.get("level")
            if not isinstance(level, str) or TRIAGE_RANK[level] > TRIAGE_RANK[above]:
                return True  # a computed level might be higher: keep it
    return False


def rules_needed_above(rules: Iterable[Declared], above: str) -> frozenset[str]:
    """The ids of the rules that conclude a triage level above ``above``, and of every
    rule whose conclusions they read, to the end of the chain (NOT included)."""
    rules = tuple(rules)
    read = {r.id: {kind for pattern in r.patterns for kind in fact_types(pattern)} for r in rules}
    needed = {r.id for r in rules if _concludes_above(r, above)}
    growing = True
    while growing:
        wanted = {kind for rule_id in needed for kind in read[rule_id]}
        more = {
            r.id
            for r in rules
            if r.id not in needed and any(_related(then.kind, wanted) for then in r.then)
        }
        needed |= more
        growing = bool(more)
    return frozenset(needed)


def memo_key(specs: list[tuple[type[Fact], dict[str, Any]]]) -> tuple[Any, ...] | None:
    """The exact input facts, in their order, as one flat hashable tuple: each fact's
    class and field count, then each field's name, value type and value. None (not
    remembered) when a value is not a plain scalar or is a zero float (equality hides
    the sign of -0.0)."""
    key: list[Any] = []
    for kind, fields in specs:
        key.append(kind)
        key.append(len(fields))
        for name, value in fields.items():
            value_type = type(value)
            if value_type not in SCALAR_TYPES or (value_type is float and value == 0.0):
                return None
            key.append(name)
            key.append(value_type)
            key.append(value)
    return tuple(key)


def distinctions_of(rules: Iterable[Declared]) -> Distinctions | None:
    """What ``rules`` can tell apart (:mod:`triage.rules.cuts`), or None if the analysis
    cannot read one of them (then every key stays exact)."""
    try:
        return distinctions(rules)
    except Unsupported:
        return None


def memo_key_of(rules: Iterable[Declared]) -> MemoKey:
    """A probe memo key: the input facts with each value reduced to what ``rules`` can
    tell apart, or exact (:func:`memo_key`) if the analysis cannot read a rule."""
    read = distinctions_of(rules)
    return memo_key if read is None else read.key
