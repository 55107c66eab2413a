"""What the answers mean so far: :func:`build_case` turns the slots into a case-format
dict, using a slot only while its question still applies (:func:`active`), so going
back or changing an earlier answer never leaves a stale value in the case; the count,
temperature and conditions as read from the answers; and the conditions under which
the questions that depend on them apply.

The question table (:mod:`triage.interview.questions`) and this module read each
other: a slot counts only while its question applies, and those conditions read the
case so far. This module imports the table's module, not names from it (the package
imports the table first), and reads :data:`QUESTION_BY_KEY` when it is called.
"""

from __future__ import annotations

from collections.abc import Callable
from typing import TYPE_CHECKING, Any

from triage.assessment import Assessment, SafetyNetItem
from triage.interview import questions
from triage.interview.answers import (
    PERCENT,
    AgeInMonths,
    Reading,
    Slots,
    anc_unit_need,
    on_chemotherapy_condition,
    wbc_unit_need,
)
from triage.knowledge import FEELS_FEVERISH, load_knowledge
from triage.levels import TRIAGE_RANK
from triage.medications import match_medication_entry
from triage.models import CaseRejected, parse_case
from triage.rules import rule_sort_key
from triage.thresholds import CHILD_AGE_YEARS, FEVER_C, MONTHS_PER_YEAR
from triage.units import temperature_to_celsius
from triage.vocabulary import UnknownTerm, read_condition

if TYPE_CHECKING:
    from triage.engine import Assessor

PENDING = "pending"  # a count whose unit is still to be asked


def engine_condition(condition_id: str) -> bool:
    """A condition the engine knows (a cause category), or one said as history (kept as
    typed: the case records it as history); other known conditions are only noted,
    never put in a case."""
    knowledge = load_knowledge()
    if any(c.id == condition_id for c in knowledge.conditions):
        return True
    if any(c.id == condition_id for c in knowledge.other_conditions):
        return False
    try:
        return read_condition(condition_id).history
    except UnknownTerm:
        return False


MEDICINE_KEYS = ("immune_medicines", "medications")


def medicines(slots: Slots, keys: tuple[str, ...] = MEDICINE_KEYS) -> list[str]:
    """The medicines named so far, in the order given, each once."""
    named = [name for key in keys for name in active(slots, key) or []]
    return list(dict.fromkeys(named))


def _drugs(names: list[str]) -> list[tuple[Any, bool]]:
    """(drug, named with a local route word) of each recognised medicine."""
    found = []
    for name in names:
        for match in match_medication_entry(name):
            if match.drug is not None:
                found.append((match.drug, match.local_route))
    return found


def steroid_named(slots: Slots, keys: tuple[str, ...]) -> bool:
    """A steroid by mouth or injection among the medicines named under ``keys``."""
    return any(
        drug.steroid and not (local or drug.local_form)
        for drug, local in _drugs(medicines(slots, keys))
    )


def steroid_applies(slots: Slots) -> bool:
    """How long a steroid has been taken is asked once a steroid tablet is named."""
    return steroid_named(slots, ("immune_medicines",))


def steroid_later_applies(slots: Slots) -> bool:
    """... or when it is first named among the other medicines."""
    return not steroid_applies(slots) and steroid_named(slots, ("medications",))


def dual_use_drugs(slots: Slots) -> list[str]:
    return sorted({drug.generic for drug, local in _drugs(medicines(slots)) if drug.dual_use})


def purpose_applies(slots: Slots) -> bool:
    """What a dual-use medicine is for, when no condition answered says it."""
    said = [c for c in active(slots, "conditions") or [] if engine_condition(c)]
    return bool(dual_use_drugs(slots)) and not said and active(slots, "on_chemo") is not True


def is_child(slots: Slots) -> bool:
    """The age answered is under 16 (a baby's months included)."""
    age = active(slots, "age")
    if isinstance(age, AgeInMonths):
        return age.months < CHILD_AGE_YEARS * MONTHS_PER_YEAR
    return age is not None and age < CHILD_AGE_YEARS


def count_date_applies(slots: Slots) -> bool:
    """When the count was taken is asked once a count is known."""
    return current_anc(slots) is not None


def other_conditions(slots: Slots) -> list[str]:
    """The conditions answered that are not causes of a low count (noted only)."""
    return [c for c in active(slots, "conditions") or [] if not engine_condition(c)]


def active(slots: Slots, key: str) -> Any:
    """A slot's value while its question applies; otherwise unknown (None)."""
    if key not in slots or not questions.QUESTION_BY_KEY[key].applies(slots):
        return None
    return slots[key]


def anc_reading(slots: Slots) -> tuple[float, str] | str | None:
    """The ANC as (value, unit), :data:`PENDING` while its unit is being asked, or None."""
    reading: Reading | None = active(slots, "anc")
    if reading is None:
        return None
    if reading.unit is not None:
        return (reading.value, reading.unit)
    need = anc_unit_need(reading.value)
    if need == "none":
        return (reading.value, "cells/uL")
    if need == "confirm" and active(slots, "anc_confirm") is True:
        return (reading.value, "10^9/L")
    unit = active(slots, "anc_unit")
    if unit == PERCENT:
        return None
    if unit is not None:
        return (reading.value, unit)
    return PENDING


def wbc_reading(slots: Slots) -> tuple[float, str] | None:
    reading: Reading | None = active(slots, "wbc")
    if reading is None:
        return None
    if reading.unit is not None:
        return (reading.value, reading.unit)
    need = wbc_unit_need(reading.value)
    if need != "ask":
        return (reading.value, need)
    unit = active(slots, "wbc_unit")
    return None if unit is None else (reading.value, unit)


def count_fields(slots: Slots) -> dict[str, Any]:
    """The count part of the case: the ANC, or the white count and differential."""
    fields: dict[str, Any] = {}
    anc = anc_reading(slots)
    if isinstance(anc, tuple):
        fields["anc"], fields["anc_unit"] = anc
    wbc = wbc_reading(slots)
    if wbc is not None:
        fields["wbc"], fields["wbc_unit"] = wbc
        for name in ("neutrophil_pct", "band_pct"):
            if active(slots, name) is not None:
                fields[name] = active(slots, name)
    return fields


def current_anc(slots: Slots) -> float | None:
    """The ANC in cells/µL as the engine will see it (given or computed), if known."""
    fields = count_fields(slots)
    if not fields:
        return None
    try:
        return parse_case(fields).anc
    except CaseRejected:
        return None


def temperature_reading(slots: Slots) -> tuple[float, str] | None:
    reading: Reading | None = active(slots, "temperature")
    if reading is None:
        return None
    unit = reading.unit or active(slots, "temperature_unit")
    return None if unit is None else (reading.value, unit)


def build_case(slots: Slots) -> dict[str, Any]:
    """The case-format dict of the answers so far (field order as in case-format.md)."""
    case: dict[str, Any] = dict(count_fields(slots))
    days_low = active(slots, "neutropenia_days")
    if days_low is not None:
        case["neutropenia_days"] = days_low
    temperature = temperature_reading(slots)
    if temperature is not None:
        case["temperature"], case["temperature_unit"] = temperature
        hours = active(slots, "fever_hours")
        if hours is not None:
            case["fever_hours"] = hours
    taken = active(slots, "count_days")
    if taken is not None and (count_fields(slots) or "anc" in case):
        case["days_since_count"] = taken
    days = active(slots, "days_since_chemo")
    if days is not None:
        case["days_since_chemo"] = days
    named = medicines(slots)
    if named:
        case["medications"] = named
    for key in ("steroid_course", "steroid_course_later"):
        if active(slots, key) is not None:
            case["steroids_long_term"] = active(slots, key)
    symptoms = sorted({*(active(slots, "red_flags") or []), *(active(slots, "symptoms") or [])})
    if active(slots, "feverish") is True:
        symptoms = sorted({*symptoms, FEELS_FEVERISH})
    if symptoms:
        case["symptoms"] = symptoms
    said = [*(active(slots, "conditions") or []), *(active(slots, "purpose") or [])]
    conditions = {c for c in said if engine_condition(c)}
    if active(slots, "on_chemo") is True:
        conditions.add(on_chemotherapy_condition())
    if conditions:
        case["conditions"] = sorted(conditions)
    age = active(slots, "age")
    if isinstance(age, AgeInMonths):
        case["age_months"] = age.months
    elif age is not None:
        case["age"] = age
    if active(slots, "duffy_null") is not None:
        case["duffy_null"] = active(slots, "duffy_null")
    return case


# --- When the questions that depend on earlier answers apply ---------------------------


def anc_unit_applies(slots: Slots) -> bool:
    """The ANC's unit is asked: a number without one that could be either unit, or
    one whose reading as thousands the patient did not confirm."""
    reading: Reading | None = active(slots, "anc")
    if reading is None or reading.unit is not None:
        return False
    need = anc_unit_need(reading.value)
    return need == "ask" or (need == "confirm" and active(slots, "anc_confirm") is False)


def anc_confirm_applies(slots: Slots) -> bool:
    """A small ANC without a unit: its reading as thousands is confirmed."""
    reading: Reading | None = active(slots, "anc")
    return (
        reading is not None and reading.unit is None and anc_unit_need(reading.value) == "confirm"
    )


def wbc_applies(slots: Slots) -> bool:
    """The white cell count is asked when the ANC was answered but not known."""
    return "anc" in slots and anc_reading(slots) is None


def wbc_unit_applies(slots: Slots) -> bool:
    """The white cell count's unit is asked when the number could be either."""
    reading: Reading | None = active(slots, "wbc")
    return reading is not None and reading.unit is None and wbc_unit_need(reading.value) == "ask"


def fever_applies(slots: Slots) -> bool:
    """How long the fever lasted is asked for a reading at the fever line or above."""
    temperature = temperature_reading(slots)
    if temperature is None:
        return False
    celsius, _warning = temperature_to_celsius(*temperature)
    return celsius >= FEVER_C


def low_count(low: float | None, high: float) -> Callable[[Slots], bool]:
    """Asked for an ANC from ``low`` (or any) up to below ``high``."""

    def applies(slots: Slots) -> bool:
        anc = current_anc(slots)
        return anc is not None and (low is None or anc >= low) and anc < high

    return applies


# --- An answer the person was not sure of (clinical-rules §9) --------------------------

TREATMENT_UNSURE_WORDS = "if you have had cancer treatment in the last six weeks"


def with_unsure_entries(assessment: Assessment, slots: Slots, assessor: Assessor) -> Assessment:
    """The assessment with a safety-net entry for cancer treatment when the person was
    not sure about it: the level the same rules give with treatment now, when higher.
    The entry is worked out by the engine on the changed case, like every other."""
    if "on_chemo" not in slots or slots["on_chemo"] is not None:
        return assessment
    case = build_case(slots)
    case["conditions"] = sorted({*case.get("conditions", []), on_chemotherapy_condition()})
    try:
        treated = assessor.assess(case)
    except CaseRejected:
        return assessment
    if TRIAGE_RANK[treated.triage] <= TRIAGE_RANK[assessment.triage]:
        return assessment
    rules = sorted(
        {item.rule for item in treated.explanation if item.rule[0] in "EUS"}
        & {entry for entry in _level_rules(treated)},
        key=rule_sort_key,
    )
    entry = SafetyNetItem(condition=TREATMENT_UNSURE_WORDS, triage=treated.triage, rules=rules)
    net = sorted([*assessment.safety_net, entry], key=lambda item: -TRIAGE_RANK[item.triage])
    updated = assessment.model_copy(update={"safety_net": net})
    updated._run = assessment.run
    return updated


def _level_rules(assessment: Assessment) -> set[str]:
    """The rules that set the assessment's level."""
    from triage.facts import TriageLevel

    run = assessment.run
    if run is None:
        return set()
    return {
        fact["rule"]
        for fact in run.facts
        if isinstance(fact, TriageLevel) and fact["level"] == assessment.triage
    }
