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
from functools import cache
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
FAMILY_BY_PREFIX: Mapping[str, Family] = MappingProxyType({f.prefix: f for f in FAMILIES})
MODULES: tuple[str, ...] = tuple(dict.fromkeys(family.module for family in FAMILIES))
SECTIONS: tuple[str, ...] = tuple(dict.fromkeys(family.section for family in FAMILIES))
OTHER_SECTION = "Other rules"


def family_of(rule_id: str) -> Family | None:
    match = RULE_ID.match(rule_id)
    return FAMILY_BY_PREFIX.get(match["family"]) if match else None


def rule_sort_key(rule_id: str) -> tuple[int, str, int]:
    """Stable, human order of rule ids: by family (the order of :data:`FAMILIES`: facts
    first, then what follows from them), then by number (N1 < N2 < N10)."""
    match = RULE_ID.match(rule_id)
    if match is None:
        return (len(FAMILIES), rule_id, 0)
    family = FAMILY_BY_PREFIX.get(match["family"])
    position = FAMILIES.index(family) if family else len(FAMILIES)
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
