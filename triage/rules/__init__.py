"""The rule base: every rule declared once (:mod:`triage.rules.declare`), one module per
family of rule ids, so a rule's id names its file.

| ids | module | section of the catalogue |
|---|---|---|
| N1… | ``findings`` | Findings |
| SEV1…, CT1… | ``severity`` | Severity and CTCAE grade |
| R0… | ``risk`` | Infection risk |
| FN1… | ``febrile`` | Febrile neutropenia |
| C0… | ``causes`` | Possible causes |
| E1…, XE1… | ``emergency`` | Triage: emergency |
| U1…, XU1… | ``urgent`` | Triage: urgent |
| S1…, XS1… | ``soon`` | Triage: soon |
| T0 | ``routine`` | Triage: routine |
| RF1… | ``red_flags`` | Red flags |
| G1… | ``guidance`` | Guidance |

``X`` ids are our own safety extensions where the spec is silent (docs/design.md).
:data:`FAMILIES` is that table: the one order of sections, of rules in explanations and
of modules. The engine, the catalogue, ``--explain`` and the safety net all read
:func:`all_rules`.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from dataclasses import dataclass
from functools import cache, lru_cache
from types import MappingProxyType

from triage.rules.declare import RULE_ID, Rule


@dataclass(frozen=True)
class Family:
    """Rule ids with one prefix: the module that declares them and their section."""

    prefix: str
    module: str
    section: str


FAMILIES: tuple[Family, ...] = (
    Family("N", "findings", "Findings"),
    Family("SEV", "severity", "Severity and CTCAE grade"),
    Family("CT", "severity", "Severity and CTCAE grade"),
    Family("R", "risk", "Infection risk"),
    Family("FN", "febrile", "Febrile neutropenia"),
    Family("C", "causes", "Possible causes"),
    Family("E", "emergency", "Triage: emergency"),
    Family("XE", "emergency", "Triage: emergency"),
    Family("U", "urgent", "Triage: urgent"),
    Family("XU", "urgent", "Triage: urgent"),
    Family("S", "soon", "Triage: soon"),
    Family("XS", "soon", "Triage: soon"),
    Family("T", "routine", "Triage: routine"),
    Family("RF", "red_flags", "Red flags"),
    Family("G", "guidance", "Guidance"),
)
# Rule ids whose sort key is remembered (the rule base has about a hundred).
RULE_SORT_KEYS_CACHED = 1024
FAMILY_BY_PREFIX: Mapping[str, Family] = MappingProxyType({f.prefix: f for f in FAMILIES})
MODULES: tuple[str, ...] = tuple(dict.fromkeys(family.module for family in FAMILIES))
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(family.section for family in FAMILIES))
OTHER_SECTION = "Other rules"


def family_of(rule_id: str) -> Family | None:
    match = RULE_ID.match(rule_id)
    return FAMILY_BY_PREFIX.get(match["family"]) if match else None


_FAMILY_POSITION: Mapping[str, int] = MappingProxyType(
    {family.prefix: position for position, family in enumerate(FAMILIES)}
)


@lru_cache(maxsize=RULE_SORT_KEYS_CACHED)
def rule_sort_key(rule_id: str) -> tuple[int, str, int]:
    """Stable, human order of rule ids: by family (the order of :data:`FAMILIES`: facts
    first, then what follows from them), then by number (N1 < N2 < N10). Remembered per
    id: sorting explanations asks for it thousands of times a second."""
    match = RULE_ID.match(rule_id)
    if match is None:
        return (len(FAMILIES), rule_id, 0)
    position = _FAMILY_POSITION.get(match["family"], len(FAMILIES))
    return (position, match["family"], int(match["number"]))


def section_of(rule_id: str) -> str:
    family = family_of(rule_id)
    return family.section if family else OTHER_SECTION


@cache
def all_rules() -> tuple[Rule, ...]:
    """Every rule of every module, in the stable order of :func:`rule_sort_key`. A rule
    whose prefix belongs to another module, or an id declared twice, is an error."""
    rules: list[Rule] = []
    for module_name in MODULES:
        module = importlib.import_module(f"triage.rules.{module_name}")
        for declared in module.RULES:
            family = family_of(declared.id)
            if family is None or family.module != module_name:
                raise ValueError(f"rule {declared.id} does not belong in rules/{module_name}.py")
            rules.append(declared)
    ids = [declared.id for declared in rules]
    duplicates = sorted({rule_id for rule_id in ids if ids.count(rule_id) > 1})
    if duplicates:
        raise ValueError(f"rule ids declared twice: {', '.join(duplicates)}")
    return tuple(sorted(rules, key=lambda declared: rule_sort_key(declared.id)))


@cache
def rules_by_id() -> Mapping[str, Rule]:
    return MappingProxyType({declared.id: declared for declared in all_rules()})


# What reads what: which rules use an answer (the interview's `why`), found from the
# declarations' patterns rather than listed by hand.
InputFact = tuple[type, dict[str, object]]  # a fact class and any field values known


def _fact_patterns(element: object) -> list[object]:
    """Every fact pattern in a rule's conditional elements (OR, AND, NOT nested)."""
    from triage._experta import Fact

    if isinstance(element, Fact):
        return [element]
    if isinstance(element, tuple):
        return [found for part in element for found in _fact_patterns(part)]
    return []


def _could_match(pattern: object, kind: type, known: dict[str, object]) -> bool:
    """A pattern of ``kind`` whose literal field values do not contradict ``known``."""
    if type(pattern) is not kind:
        return False
    literals = {
        name: value
        for name, value in pattern.items()  # type: ignore[attr-defined]
        if isinstance(value, str | bool | int | float)
    }
    return all(literals[name] == value for name, value in known.items() if name in literals)


def _known_fields(fields: Mapping[str, object], bound: Mapping[str, object]) -> dict:
    """A conclusion's fields as far as they are known: plain values, and values worked
    out from bound names when every name they need is bound (C2's category)."""
    import inspect

    known: dict[str, object] = {}
    for name, value in fields.items():
        if not callable(value):
            known[name] = value
            continue
        needs = inspect.signature(value).parameters
        if all(need in bound for need in needs):
            known[name] = value(**{need: bound[need] for need in needs})
    return known


def rules_reading(inputs: tuple[InputFact, ...]) -> tuple[str, ...]:
    """The ids of the rules that read these input facts, directly or through what other
    such rules conclude (a temperature -> N1 fever -> E1, U2 …), in the stable order.
    A triage level is where an answer's use ends: the rules that read levels (the
    routine default, guidance for an emergency) are not counted."""
    from triage.facts import TriageLevel

    reading: set[str] = set()
    frontier = list(inputs)
    while frontier:
        kind, known = frontier.pop()
        for declared in all_rules():
            if declared.id in reading:
                continue
            matched = [p for p in _fact_patterns(declared.patterns) if _could_match(p, kind, known)]
            if matched:
                reading.add(declared.id)
                bound = {
                    value.__bind__: known[name]
                    for pattern in matched
                    for name, value in pattern.items()  # type: ignore[attr-defined]
                    if getattr(value, "__bind__", None) and name in known
                }
                frontier += [
                    (then.kind, _known_fields(then.fields, bound))
                    for then in declared.then
                    if then.kind is not TriageLevel
                ]
    return tuple(sorted(reading, key=rule_sort_key))
