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
from typing import Any

from triage.interview import questions
from triage.interview.answers import (
    PERCENT,
    Reading,
    Slots,
    anc_unit_need,
    on_chemotherapy_condition,
    wbc_unit_need,
)
from triage.knowledge import FEELS_FEVERISH, load_knowledge
from triage.models import CaseRejected, parse_case
from triage.thresholds import FEVER_C
from triage.units import temperature_to_celsius

PENDING = "pending"  # a count whose unit is still to be asked


def engine_condition(condition_id: str) -> bool:
    """A condition the engine knows (a cause category); other known conditions are
    only noted, never put in a case."""
    return any(c.id == condition_id for c in load_knowledge().conditions)


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
    days = active(slots, "days_since_chemo")
    if days is not None:
        case["days_since_chemo"] = days
    medications = active(slots, "medications")
    if medications:
        case["medications"] = list(medications)
    symptoms = sorted({*(active(slots, "red_flags") or []), *(active(slots, "symptoms") or [])})
    if active(slots, "feverish") is True:
        symptoms = sorted({*symptoms, FEELS_FEVERISH})
    if symptoms:
        case["symptoms"] = symptoms
    conditions = {c for c in active(slots, "conditions") or [] if engine_condition(c)}
    if active(slots, "on_chemo") is True:
        conditions.add(on_chemotherapy_condition())
    if conditions:
        case["conditions"] = sorted(conditions)
    for name in ("age", "duffy_null"):
        if active(slots, name) is not None:
            case[name] = active(slots, name)
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
