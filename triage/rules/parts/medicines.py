"""Medicines: a recognised medicine by class, monitoring programme or flag, late-onset
medicines, an agranulocytosis warning, and the medication cause."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from triage._experta import MATCH, OR, P
from triage.facts import Cause, Medication
from triage.knowledge import MARROW_CLASSES, load_knowledge
from triage.rules.declare import Part
from triage.rules.parts.view import CaseView, names, part


def taking(words: str, matches: Callable[[Any], bool], **pattern: Any) -> Part:
    """A recognised medicine (binds ``generic`` and whatever ``pattern`` binds)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = sorted({drug.generic for drug in view.drugs if matches(drug)})
        if found:
            return True, f"taking {names(found)}"
        return False, f"no {words} among the medicines"

    return part(words, Medication(generic=MATCH.generic, **pattern), check=check)


def monitored(monitoring: str) -> Part:
    """Taking a medicine of a monitoring programme; its name comes from the lexicon."""
    drug_names = sorted(d.generic for d in load_knowledge().drugs if d.monitoring == monitoring)
    return taking(
        " or ".join(drug_names),
        lambda drug: getattr(drug, "monitoring", None) == monitoring,
        monitoring=monitoring,
    )


def drug_class(drug_class: str, words: str) -> Part:
    return taking(
        words, lambda drug: getattr(drug, "drug_class", None) == drug_class, drug_class=drug_class
    )


def _systemic(view: CaseView) -> list[tuple[Any, Any]]:
    """(drug, use) of each recognised medicine not taken in a local form (an inhaler, a
    cream, eye drops): a local form lowers no blood count."""
    return [
        (match.drug, use)
        for match, use in zip(view.case.medications, view.case.medicine_uses, strict=True)
        if match.drug is not None
        and use is not None
        and not (match.drug.local_form or match.local_route)
    ]


def _found(words: str, found: list[str]) -> tuple[bool, str]:
    return (True, f"taking {names(sorted(set(found)))}") if found else (False, f"no {words}")


def drug_class_other_than(excluded: tuple[str, ...], words: str) -> Part:
    """A medicine, not in a local form, of any class but the ``excluded`` ones (binds
    ``generic`` and ``drug_class``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        return _found(
            words, [d.generic for d, _ in _systemic(view) if d.drug_class not in excluded]
        )

    return part(
        words,
        Medication(
            generic=MATCH.generic,
            drug_class=MATCH.drug_class & P(lambda c: c not in excluded),
            local=False,
        ),
        check=check,
    )


def drug_class_in(classes: tuple[str, ...], words: str) -> Part:
    """A medicine, not in a local form, of one of ``classes`` (binds ``generic``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        return _found(words, [d.generic for d, _ in _systemic(view) if d.drug_class in classes])

    patterns = [Medication(generic=MATCH.generic, drug_class=c, local=False) for c in classes]
    return part(words, patterns[0] if len(patterns) == 1 else OR(*patterns), check=check)


def late_onset_drug(words: str) -> Part:
    return taking(words, lambda drug: getattr(drug, "late_onset", False), late_onset=True)


def medicine_flagged(flag: str, words: str) -> Part:
    """A medicine that counts as ``flag`` for this person (binds ``generic``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = sorted(
            match.drug.generic
            for match, use in zip(view.case.medications, view.case.medicine_uses, strict=True)
            if match.drug is not None and use is not None and getattr(use, flag)
        )
        return (True, f"taking {names(found)}") if found else (False, f"no {words}")

    return part(words, Medication(generic=MATCH.generic, **{flag: True}), check=check)


def medicine_not_anticancer(words: str) -> Part:
    """A recognised medicine, not in a local form, not taken as anticancer treatment
    (binds ``generic`` and ``drug_class``): a possible medication cause (§5)."""

    def check(view: CaseView) -> tuple[bool, str]:
        return _found(words, [d.generic for d, use in _systemic(view) if not use.anticancer])

    return part(
        words,
        Medication(
            generic=MATCH.generic, drug_class=MATCH.drug_class, anticancer=False, local=False
        ),
        check=check,
    )


def warning_medicine() -> Part:
    """A medicine with an agranulocytosis warning (binds ``generic`` and ``advice``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = sorted(
            match.drug.generic
            for match, use in zip(view.case.medications, view.case.medicine_uses, strict=True)
            if match.drug is not None and use is not None and use.warning_advice
        )
        if found:
            return True, f"taking {names(found)}"
        return False, "no medicine with an agranulocytosis warning"

    return part(
        "a medicine with an agranulocytosis warning",
        Medication(generic=MATCH.generic, warning=MATCH.advice),
        check=check,
    )


def medication_cause() -> Part:
    """The cause category "medication" was raised: a medicine that can lower the count,
    not anticancer (or taken for another reason), not in a local form, is taken (and the
    count is low or unknown)."""
    words = "medicine that can lower the count (not anticancer, or taken for another reason)"

    def check(view: CaseView) -> tuple[bool, str]:
        return _found(
            words,
            [
                d.generic
                for d, use in _systemic(view)
                if d.drug_class not in MARROW_CLASSES or not use.anticancer
            ],
        )

    return part(words, Cause(category="medication"), check=check)
