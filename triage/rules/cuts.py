"""What the rules can tell apart in a case, read from the declared patterns.

A rule compares a number only through the pattern helpers of :mod:`triage.rules.parts`
(``below``, ``at_least`` …), which record the limits they compare with
(:func:`mark_cuts`), and compares a word or a flag only with a literal (``group="…"``,
``neutropenia_prone=True``). Two values of a field that fall on the same side of every
limit (or on the same limit), or that equal the same literal (or none), meet exactly
the same conditions: the engine fires the same rules for both, and only the words
quoted in a "because" differ. :class:`Distinctions` turns a case's input facts into a
key that keeps only that much of each value, so the safety net's probes, which read the
triage level and the rules that set it and never a "because", are remembered across
cases that differ only where no rule looks (``Assessor.probe``).

The analysis fails closed: a field keeps its exact value when a predicate without
recorded limits tests it, when it joins two patterns, when a TEST reads it without
limits, or when it flows into a conclusion field that some pattern names; numbers of the
case compared with each other (``anc < lln``) keep the whole key exact whenever all of
them are present. A pattern it cannot read at all raises :class:`Unsupported`, and the
engine keeps exact keys (tests/test_cuts.py checks that the rules as written are read,
and that a missing limit is caught by the same comparison as the probe shortcuts).
"""

from __future__ import annotations

import inspect
from bisect import bisect_left
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from functools import cached_property
from typing import Any

from triage._experta import AND, NOT, OR, TEST, Fact

# isort: split
from experta.conditionalelement import ConditionalElement
from experta.fieldconstraint import ANDFC, NOTFC, ORFC, L, P, W

from triage.facts import Conclusion
from triage.rules.declare import Rule

# Value types whose equality (with the type) means identical behaviour in a pattern.
_SCALARS = frozenset({str, int, float, bool, type(None)})
_NUMBERS = frozenset({int, float})
_OTHER = "…"  # stands for every value that equals none of a field's literals
_MISSING = object()  # a field the fact does not have …
_ABSENT = ("absent",)  # … as it reads in a key
_EXACT, _BANDED, _COMPARED, _UNREAD = 0, 1, 2, 3
_EXACT_MODE, _UNREAD_MODE = (_EXACT, None), (_UNREAD, None)
_INVALID = object()  # a value no key can hold

Field = tuple[type, str]
Specs = Iterable[tuple[type, Mapping[str, Any]]]


class Unsupported(Exception):
    """A pattern the analysis cannot read."""


def mark_cuts(constraint: Any, *limits: float) -> Any:
    """Record on a predicate (``P``) the limits it compares a number with: its outcome
    must be the same for any two numbers on the same side of (or on) each limit."""
    constraint.cuts = tuple(limits)
    return constraint


def mark_test_cuts(test: Any, **limits: Iterable[float]) -> Any:
    """Record on a ``TEST`` the limits it compares each named number with (every limit
    it can use: a limit chosen by another bound name lists all its choices)."""
    test.cuts = {name: tuple(values) for name, values in limits.items()}
    return test


@dataclass(frozen=True)
class Distinctions:
    """``cuts``: numeric fields and the limits that split them; ``literals``: fields
    compared only for equality, and the values they are compared with; ``exact``: fields
    read in a way that needs their exact value; ``exact_when``: sets of fact kinds whose
    numbers are compared with each other (a case with all of them gets an exact key).
    A field in none of these is read by no rule: any value is the same to the rules;
    a fact of a kind outside ``kinds`` is seen by no rule at all. How many facts of a
    kind share one reduced form matters only for a kind in ``counted``: a rule that
    names a kind once fires for one such fact as for several, with the same conclusion
    kinds and fields but for the words."""

    cuts: Mapping[Field, tuple[float, ...]]
    literals: Mapping[Field, frozenset[Any]]
    exact: frozenset[Field] = frozenset()
    exact_when: tuple[frozenset[type], ...] = ()
    kinds: frozenset[type] | None = None  # the kinds some pattern names (None: all)
    counted: frozenset[type] | None = None  # kinds a rule names twice (None: all)

    def alpha_key(self, kind: type, names: Iterable[str]) -> Callable[[dict[str, Any]], Any]:
        """A key of one fact of ``kind`` made of the fields ``names`` only (all the rete
        network's alpha tests read of that kind), each value reduced as in :meth:`key`:
        facts with equal keys pass the same alpha tests. None: not a plain scalar, NaN
        or a zero float."""
        modes = self._modes(kind)
        # A field the analysis did not see read stays exact (it cannot be, but fail closed).
        plan = [(name, *modes.get(name, _EXACT_MODE)) for name in names]

        def key(fact: dict[str, Any]) -> Any:
            out: list[Any] = [kind]
            for name, how, arg in plan:
                value = dict.get(fact, name, _MISSING)  # as experta: no default
                if value is _MISSING:
                    out.append(_ABSENT)
                    continue
                reduced = _reduced(how, arg, value)
                if reduced is _INVALID:
                    return None
                out.append(reduced)
            return tuple(out)

        return key

    def key(self, specs: Specs) -> frozenset[Any] | None:
        """The input facts (each once, as experta keeps them, in any order) as one
        hashable value, each value reduced to what the rules can tell apart. None
        when a value is not a plain scalar, is NaN, or is a zero float (equality hides
        the sign of -0.0)."""
        kinds, counted = self.kinds, self.counted
        kept = [(kind, fields) for kind, fields in specs if kinds is None or kind in kinds]
        exact = False
        if self.exact_when:
            present = {kind for kind, _ in kept}
            exact = any(group <= present for group in self.exact_when)
        single: set[tuple[Any, ...]] = set()
        repeated: dict[Any, tuple[Any, ...]] = {}
        for kind, fields in kept:
            reduced = self._fact_key(kind, fields, exact)
            if reduced is None:
                return None
            if exact or counted is None or kind in counted:
                # experta keeps one of identical facts; the rest count one by one
                repeated[(kind, tuple(fields.items()))] = reduced
            else:
                single.add(reduced)
        # The facts as a set (a multiset for counted kinds): their order changes the
        # firing order only, and no conclusion depends on that (a phase reads only
        # earlier phases' conclusions).
        return frozenset([(fact, 1) for fact in single] + list(Counter(repeated.values()).items()))

    def _fact_key(
        self, kind: type, fields: Mapping[str, Any], exact: bool
    ) -> tuple[Any, ...] | None:
        """One fact: its kind, field count, and each field's name and reduced value (a
        field no rule reads is the same whatever its value)."""
        modes = {} if exact else self._modes(kind)
        unread = _EXACT_MODE if exact else _UNREAD_MODE
        key: list[Any] = [kind, len(fields)]
        for name, value in fields.items():
            how, arg = modes.get(name, unread)
            reduced = _reduced(how, arg, value)
            if reduced is _INVALID:
                return None
            key.append(name)
            key.append(reduced)
        return tuple(key)

    def _modes(self, kind: type) -> dict[str, tuple[int, Any]]:
        """How each field of ``kind`` is reduced, worked out once per kind."""
        found = self._modes_of.get(kind)
        if found is None:
            found = {
                name: (_BANDED, limits) for (k, name), limits in self.cuts.items() if k is kind
            }
            found.update(
                {
                    name: (_COMPARED, values)
                    for (k, name), values in self.literals.items()
                    if k is kind
                }
            )
            found.update({name: _EXACT_MODE for k, name in self.exact if k is kind})
            self._modes_of[kind] = found
        return found

    @cached_property
    def _modes_of(self) -> dict[type, dict[str, tuple[int, Any]]]:
        return {}


def _reduced(how: int, arg: Any, value: Any) -> Any:
    """One value as the rules see it, or _INVALID (not a plain scalar, NaN, zero float)."""
    value_type = type(value)
    if value_type not in _SCALARS or (value_type is float and (value == 0.0 or value != value)):
        return _INVALID
    if how == _BANDED and value_type in _NUMBERS:
        return _band(value, arg)
    if how == _COMPARED:
        # experta compares with ==, so 1 and True meet the same literals.
        return ("is", value) if value in arg else _OTHER
    if how == _UNREAD:
        return _OTHER  # no rule reads this field
    return (value_type, value)  # exact, or a limit applied to something else than a number


def _band(value: float, limits: tuple[float, ...]) -> tuple[str, int]:
    """("on", i) for a value equal to the i-th limit, ("under", i) for one between the
    (i-1)-th and the i-th (i = len(limits): above them all)."""
    index = bisect_left(limits, value)
    if index < len(limits) and limits[index] == value:
        return ("on", index)
    return ("under", index)


@dataclass
class _Reading:
    """How the patterns use one field."""

    limits: set[float] = field(default_factory=set)
    literals: set[Any] = field(default_factory=set)
    opaque: bool = False


def distinctions(rules: Iterable[Rule]) -> Distinctions:
    """What ``rules`` can tell apart in each field of their input facts."""
    rules = list(rules)
    readings: dict[Field, _Reading] = {}
    exact_when: set[frozenset[type]] = set()
    pattern_kinds: set[type] = set()  # every kind a pattern names, with fields or not
    counted: set[type] = set()
    sources_of: dict[str, dict[str, list[Field]]] = {}

    def reading(where: Field) -> _Reading:
        return readings.setdefault(where, _Reading())

    for declared in rules:
        sources: dict[str, list[Field]] = {}
        tests: list[Any] = []
        named_here: set[type] = set()
        for pattern in _patterns(declared.patterns):
            if isinstance(pattern, TEST):
                tests.append(pattern)
                continue
            if type(pattern) in named_here:
                counted.add(type(pattern))  # two patterns on one kind: numbers count
            named_here.add(type(pattern))
            pattern_kinds.add(type(pattern))
            for name, constraint in pattern.items():
                if not isinstance(name, str):
                    raise Unsupported(f"{declared.id}: a positional field")
                if name.startswith("__"):
                    if name == "__bind__" and constraint:
                        raise Unsupported(f"{declared.id}: a whole fact is bound")
                    continue
                where = (type(pattern), name)
                _read_constraint(constraint, reading(where), sources.setdefault, where)
        for places in sources.values():
            if len(places) > 1:  # joined across patterns: equality of two values matters
                for place in places:
                    reading(place).opaque = True
        for test in tests:
            names = tuple(inspect.signature(test[0]).parameters)
            places = [place for name in names for place in sources.get(name, [])]
            if len(places) != len(names):
                raise Unsupported(f"{declared.id}: a TEST reads a name no pattern binds once")
            if any(issubclass(kind, Conclusion) for kind, _ in places):
                raise Unsupported(f"{declared.id}: a TEST reads a conclusion")
            limits_of = getattr(test, "cuts", None)
            if limits_of is None:
                # Numbers of the case compared with each other (anc < lln): the TEST runs
                # only when all its facts are present, and then every value stays exact.
                exact_when.add(frozenset(kind for kind, _ in places))
                continue
            for name, place in zip(names, places, strict=True):
                if name in limits_of:
                    reading(place).limits.update(limits_of[name])
                else:
                    reading(place).opaque = True  # read without saying how
        sources_of[declared.id] = sources

    # A value that flows into a conclusion field some pattern names would decide that
    # pattern by its exact value: keep it exact.
    for declared in rules:
        sources = sources_of[declared.id]
        for then in declared.then:
            produced = {**then.fields, "because": declared.because}
            for field_name, value in produced.items():
                if not callable(value) or not _named(then.kind, field_name, readings):
                    continue
                for name in inspect.signature(value).parameters:
                    for place in sources.get(name, []):
                        reading(place).opaque = True

    cuts: dict[Field, tuple[float, ...]] = {}
    literals: dict[Field, frozenset[Any]] = {}
    exact: set[Field] = set()
    for where, read in readings.items():
        if issubclass(where[0], Conclusion):
            continue
        if read.opaque or (read.limits and read.literals):  # compared both ways: exact
            exact.add(where)
        elif read.limits:
            cuts[where] = tuple(sorted(read.limits))
        else:
            literals[where] = frozenset(read.literals)
    order = sorted(exact_when, key=lambda group: sorted(kind.__name__ for kind in group))
    named = frozenset(kind for kind, _ in readings) | frozenset(
        kind for kind in pattern_kinds if not issubclass(kind, Conclusion)
    )
    return Distinctions(cuts, literals, frozenset(exact), tuple(order), named, frozenset(counted))


def _named(kind: type, field_name: str, readings: Mapping[Field, _Reading]) -> bool:
    """Whether some pattern names ``field_name`` of ``kind`` or of a related kind."""
    return any(
        name == field_name and (issubclass(kind, other) or issubclass(other, kind))
        for other, name in readings
    )


def _patterns(elements: Iterable[Any]) -> Iterator[Any]:
    """Every fact pattern and TEST inside conditional elements (NOT, OR, AND)."""
    for element in elements:
        if isinstance(element, Fact | TEST):
            yield element
        elif isinstance(element, NOT | OR | AND):
            yield from _patterns(element)
        elif isinstance(element, ConditionalElement):
            raise Unsupported(f"a conditional element {type(element).__name__}")
        else:
            raise Unsupported(f"a pattern {element!r}")


def _read_constraint(constraint: Any, read: _Reading, bind: Any, where: Field) -> None:
    """Add what ``constraint`` tests of a field to ``read``; ``bind(name, [])`` records
    the names it binds, with ``where`` they come from."""
    if type(constraint) in _SCALARS:
        _literal(constraint, read)
    elif isinstance(constraint, L):
        _literal(constraint.value, read)
        _binds(constraint, bind, where)
    elif isinstance(constraint, W):
        _binds(constraint, bind, where)
    elif isinstance(constraint, P):
        limits = getattr(constraint, "cuts", None)
        if limits is None:
            read.opaque = True
        else:
            read.limits.update(limits)
        _binds(constraint, bind, where)
    elif isinstance(constraint, ANDFC | ORFC | NOTFC):
        for part in constraint:
            if isinstance(constraint, NOTFC) and getattr(part, "__bind__", None):
                raise Unsupported("a negated constraint binds a name")
            _read_constraint(part, read, bind, where)
    else:
        raise Unsupported(f"a field constraint {constraint!r}")


def _literal(value: Any, read: _Reading) -> None:
    """A number compared for equality is one limit; any other literal is a literal."""
    if type(value) in _NUMBERS:
        read.limits.add(value)
    elif type(value) in _SCALARS:
        read.literals.add(value)
    else:
        read.opaque = True


def _binds(constraint: Any, bind: Any, where: Field) -> None:
    name = getattr(constraint, "__bind__", None)
    if name:
        bind(name, []).append(where)
