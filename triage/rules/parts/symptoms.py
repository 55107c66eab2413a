"""What the person reports: symptoms (one, of a group, any, none, distinct infection
signs, agranulocytosis and warning symptoms) and conditions (by flag, by cause)."""

from __future__ import annotations

from functools import cache

from triage._experta import MATCH, NOT, OR, TEST
from triage.facts import Condition, Finding, Symptom
from triage.knowledge import (
    EMERGENCY_GROUP,
    INFECTION_SIGN_GROUP,
    SymptomGroup,
    distinct_sign,
    load_knowledge,
)
from triage.rules.cuts import mark_test_cuts
from triage.rules.declare import Part
from triage.rules.parts.view import CaseView, names, part


def symptom(symptom_id: str) -> Part:
    label = load_knowledge().symptom(symptom_id).label

    def check(view: CaseView) -> tuple[bool, str]:
        if symptom_id in view.case.symptoms:
            return True, f"{label} reported"
        return False, f"{label} was not reported"

    return part(label, Symptom(id=symptom_id), check=check)


def symptom_of(group: SymptomGroup, words: str) -> Part:
    """A reported symptom of a vocabulary group (binds ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms if s.group == group]
        if found:
            return True, f"{names(found)} reported"
        return False, f"no {words} was reported"

    return part(words, Symptom(group=group, label=MATCH.label), check=check)


SYMPTOM_FINDINGS: dict[str, str] = {
    EMERGENCY_GROUP: "emergency_symptom",
    INFECTION_SIGN_GROUP: "infection_sign",
}


def symptom_finding(group: SymptomGroup, words: str) -> Part:
    """The finding that a symptom of ``group`` was reported (N10, N11)."""
    finding_name = SYMPTOM_FINDINGS[group]

    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms if s.group == group]
        if view.has(finding_name):
            return True, f"{names(found)} reported" if found else view.findings[finding_name]
        return False, f"no {words} was reported"

    return part(words, Finding(name=finding_name), check=check)


def any_symptom() -> Part:
    """Any reported symptom at all (binds ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms]
        return (True, f"{names(found)} reported") if found else (False, "no symptom reported")

    return part("any symptom", Symptom(label=MATCH.label), check=check)


def no_symptom() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms]
        return (False, f"{names(found)} reported") if found else (True, "no symptom reported")

    return part("no other symptom", NOT(Symptom()), check=check)


def distinct_signs(minimum: int) -> Part:
    """Two different infection signs, each counted once (E8; binds nothing)."""
    assert minimum == 2, "the pattern below pairs two signs"

    def check(view: CaseView) -> tuple[bool, str]:
        signs = sorted({s for s in map(distinct_sign, view.symptoms) if s})
        labels = [s.label for s in view.symptoms if distinct_sign(s)]
        if len(signs) >= minimum:
            return True, f"{names(labels)} reported"
        return False, (
            f"{len(signs)} different sign(s) of infection counted (feeling unwell, a fast "
            "heartbeat and feeling feverish have rules of their own)"
        )

    return part(
        f"{minimum} or more different signs of infection",
        Symptom(sign=MATCH.first_sign),
        Symptom(sign=MATCH.second_sign),
        # Each sign's exact id matters (mark_test_cuts without limits), nothing else.
        mark_test_cuts(TEST(lambda first_sign, second_sign: first_sign < second_sign)),
        check=check,
    )


def agranulocytosis_symptom() -> Part:
    """A symptom flagged as a sign of agranulocytosis (binds ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms if s.agranulocytosis_sign]
        if found:
            return True, f"{names(found)} reported"
        return False, f"neither {' nor '.join(agranulocytosis_names())} was reported"

    return part(
        names(agranulocytosis_names()),
        Symptom(agranulocytosis_sign=True, label=MATCH.label),
        check=check,
    )


@cache
def agranulocytosis_names() -> tuple[str, ...]:
    return tuple(s.label for s in load_knowledge().symptoms if s.agranulocytosis_sign)


def warning_symptom() -> Part:
    """A fever or possible fever (binds ``fever``), or a symptom flagged as a sign of
    agranulocytosis (binds ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms if s.agranulocytosis_sign]
        if view.has("fever"):
            found.insert(0, view.findings["fever"])
        if found:
            return True, names(found)
        return False, "no fever, sore throat, mouth ulcers or flu-like illness"

    return part(
        "a fever or possible fever, a sore throat, mouth ulcers or a flu-like illness",
        OR(
            Finding(name="fever", words=MATCH.fever),
            Symptom(agranulocytosis_sign=True, label=MATCH.label),
        ),
        check=check,
    )


def condition_flagged(flag: str, words: str) -> Part:
    """A reported condition with a vocabulary flag (binds ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [c.label for c in view.conditions if getattr(c, flag)]
        if found:
            return True, f"{names(found)} reported"
        return False, f"no {words} was reported"

    return part(words, Condition(label=MATCH.label, **{flag: True}), check=check)


def condition_with_category() -> Part:
    """A condition linked to a cause category (binds ``category`` and ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [c.label for c in view.conditions if c.category]
        if found:
            return True, f"{names(found)} reported"
        return False, "no condition linked to a cause was reported"

    return part(
        "a condition linked to a cause category (bone marrow, immune, infection, nutrition)",
        Condition(category=MATCH.category, label=MATCH.label),
        check=check,
    )
