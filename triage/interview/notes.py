"""The answers in plain words: the "Noted:" line that echoes each answer as understood
(``note_*``, a question's ``note``), and the summary: its lines
(:data:`SUMMARY_FIELDS`) and each case field as it shows it (:func:`field_value`).
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage.interview.answers import (
    AgeInMonths,
    Reading,
    Slots,
    clean,
    labels,
    number_text,
    on_chemotherapy_condition,
    unique,
)
from triage.interview.case import (
    PENDING,
    anc_reading,
    current_anc,
    engine_condition,
    other_conditions,
    wbc_reading,
)
from triage.knowledge import load_knowledge
from triage.medications import match_medications
from triage.thresholds import CELLS_PER_GIGA, CURRENT_COUNT_DAYS
from triage.units import anc_to_cells, temperature_to_celsius


def note_symptoms(value: list[str] | None, _: Slots) -> str | None:
    if value is None:
        return "Noted: you do not know."
    return f"Noted: {labels(value, 'symptom')}." if value else "Noted: none of these."


def other_label(condition_id: str) -> str:
    return load_knowledge().other_condition(condition_id).label


def note_conditions(value: list[str] | None, _: Slots) -> str | None:
    if value is None:
        return "Noted: you do not know."
    if not value:
        return "Noted: none."
    lines = [f"Noted: {labels(value, 'condition')}."]
    for item in value:
        if not engine_condition(item):
            other = load_knowledge().other_condition(item)
            lines.append(f"{other.label[0].upper()}{other.label[1:]} itself does not change "
                         f"this; {other.note}.")  # fmt: skip
    return " ".join(lines)


def note_immune_medicines(value: list[str] | None, slots: Slots) -> str | None:
    if value == []:
        return "Noted: none that weaken the immune system."
    return note_medications(value, slots)


def note_medications(value: list[str] | None, _: Slots) -> str | None:
    if value is None:
        return "Noted: you do not know which medicines."
    if not value:
        return "Noted: no medicines."
    known: list[str] = []
    unknown: list[str] = []
    # Each medicine of an entry on its own, as the engine reads it ("Tegretol and
    # lisinopril" is two medicines: only Tegretol is carbamazepine).
    for match in match_medications(value):
        name = match.text
        if match.drug is None:
            unknown.append(name)
        elif match.how == "fuzzy":
            known.append(f"{name} (read as {match.drug.generic}: check the spelling)")
        elif match.drug.generic.lower() in clean(name):
            known.append(name)
        else:
            known.append(f"{name} ({match.drug.generic})")
    known, unknown = unique(known), unique(unknown)
    lines = []
    if known:
        lines.append("I recognised: " + ", ".join(known) + ".")
    if unknown:
        lines.append(
            "Not on my list of medicines that can lower the count: "
            + ", ".join(unknown)
            + (
                ". I keep it as you typed it."
                if len(unknown) == 1
                else ". I keep them as you typed them."
            )
            + " If a name is misspelt, type back to change it."
        )
    return "\n".join(lines)


def note_temperature(value: Reading | None, _: Slots) -> str | None:
    if value is None:
        return "Noted: no temperature reading."
    if value.unit is None:
        return None
    celsius, _warning = temperature_to_celsius(value.value, value.unit)
    if value.unit == "F":
        return f"Noted: {number_text(value.value)} °F ({celsius:.1f} °C)."
    return f"Noted: {number_text(value.value)} °C."


def note_anc(value: Reading | None, slots: Slots) -> str | None:
    if value is None:
        return "Noted: you do not know your neutrophil count."
    resolved = anc_reading(slots)
    if resolved is None or resolved == PENDING:
        return None
    cells, _warning = anc_to_cells(*resolved)
    return f"Noted: {cells:,.0f} cells per microlitre."


def note_temperature_unit(value: str, slots: Slots) -> str | None:
    return note_temperature(Reading(slots["temperature"].value, value), slots)


def note_dont_know(value: Any, _: Slots) -> str | None:
    return "Noted: you do not know." if value is None else None


def days_text(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def note_fever_hours(value: float | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know how long."
    return f"Noted: {number_text(value)} {'hour' if value == 1 else 'hours'}."


def wbc_words(value: float, unit: str) -> str:
    if unit == "10^9/L":
        return (
            f"{number_text(value)} ×10⁹/L (thousand per microlitre), which is "
            f"{value * CELLS_PER_GIGA:,.0f} cells per microlitre"
        )
    return f"{value:,.10g} cells per microlitre"


def note_wbc(value: Reading | None, slots: Slots) -> str | None:
    if value is None:
        return "Noted: no full blood count."
    resolved = wbc_reading(slots)
    if resolved is None:
        return None  # its unit is asked next
    note = f"Noted: a white cell count of {wbc_words(*resolved)}."
    if value.unit is None:
        note += " If your printout shows another unit, type back and add it (2,100 /uL)."
    return note


def note_wbc_unit(value: str, slots: Slots) -> str | None:
    return note_wbc(slots["wbc"], slots)


def note_neutrophil_pct(value: float | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know the percentage, so I cannot work out your count."
    return f"Noted: neutrophils {number_text(value)} %."


def note_bands(value: float | None, slots: Slots) -> str:
    note = (
        "Noted: no bands (counted as 0 %)." if value is None
        else f"Noted: bands {number_text(value)} %."
    )  # fmt: skip
    anc = current_anc(slots)
    if anc is not None:
        note += f" Your neutrophil count works out at {anc:,.0f} cells per microlitre."
    return note


def note_on_chemo(value: bool | None, _: Slots) -> str:
    if value is None:
        return "Noted: you are not sure about cancer treatment in the last 6 weeks."
    if value:
        return "Noted: you have had cancer treatment in the last 6 weeks."
    return "Noted: no cancer treatment in the last 6 weeks."


def note_count_days(value: int | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know when the test was taken."
    if value <= CURRENT_COUNT_DAYS:
        when = {0: "today", 1: "yesterday"}.get(value, f"{days_text(value)} ago")
        return f"Noted: the test was taken {when}."
    return (
        f"Noted: the test was taken {days_text(value)} ago. The count may have changed "
        "since: it is still used, but a new count is worth asking for."
    )


def note_steroid_course(value: bool | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know how long."
    if value:
        return "Noted: steroids every day for more than 2 weeks."
    return "Noted: not every day for more than 2 weeks."


def note_purpose(value: list[str] | None, slots: Slots) -> str:
    if not value:
        return (
            "Noted. I do not know that condition, so to be safe the medicine still counts "
            "as cancer treatment; tell your care team what it is for."
        )
    return f"Noted: {labels(value, 'condition')}."


def note_days_since_chemo(value: int | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know when."
    if value == 0:
        return "Noted: the last dose was today."
    if value == 1:
        return "Noted: the last dose was yesterday."
    return f"Noted: the last dose was {days_text(value)} ago."


def note_neutropenia_days(value: int | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know how long."
    return f"Noted: low for {days_text(value)}."


def note_duffy(value: bool | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know (counted as not Duffy-null)."
    return f"Noted: Duffy-null blood type: {'yes' if value else 'no'}."


def note_age(value: int | AgeInMonths | None, _: Slots) -> str:
    if value is None:
        return "Noted: age not given."
    if isinstance(value, AgeInMonths):
        return f"Noted: {value.months} months old."
    return f"Noted: {value} years old."


def note_feverish(value: bool | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know."
    if value:
        return (
            "Noted: you feel feverish. With no reading, this counts as a possible fever. "
            "Take your temperature if you can."
        )
    return "Noted: you do not feel feverish."


# The summary: one numbered line per case field, and the question groups to re-ask
# when the patient wants to change it.
SUMMARY_FIELDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    # In the order the questions are asked.
    ("symptoms", "Warning signs and symptoms", "red_flags", ("symptoms",)),
    ("cancer_treatment", "Cancer treatment in the last 6 weeks", "on_chemo", ("treatment",)),
    ("days_since_chemo", "Last cancer treatment", "days_since_chemo", ("treatment",)),
    ("steroids_long_term", "Steroids every day for 2+ weeks", "steroid_course", ("medications",)),
    ("age", "Age", "age", ("age",)),
    ("temperature", "Temperature", "temperature", ("temperature",)),
    ("fever_hours", "Fever for", "fever_hours", ("temperature",)),
    ("anc", "Neutrophil count (ANC)", "anc", ("count",)),
    ("wbc", "White cell count (WBC)", "wbc", ("count",)),
    ("neutrophil_pct", "Neutrophils", "neutrophil_pct", ("count",)),
    ("band_pct", "Bands", "band_pct", ("count",)),
    ("days_since_count", "Blood test taken", "count_days", ("count",)),
    ("neutropenia_days", "Count low for", "neutropenia_days", ("duration",)),
    ("conditions", "Health conditions", "conditions", ("treatment", "conditions")),
    ("medications", "Medicines", "medications", ("medications",)),
    ("duffy_null", "Duffy-null blood type", "duffy_null", ("duffy",)),
)
UNIT_FIELDS = {"anc": "anc_unit", "wbc": "wbc_unit", "temperature": "temperature_unit"}
_FIELD_WORDS = {name: words for name, words, _, _ in SUMMARY_FIELDS}
_FIELD_WORDS |= {unit: _FIELD_WORDS[name] for name, unit in UNIT_FIELDS.items()}
_FIELD_WORDS["age_months"] = "Age"


def field_words(name: str) -> str:
    """A case field as the summary names it ("Last cancer treatment", never
    ``days_since_chemo``): what a refusal of the answers is said about."""
    return _FIELD_WORDS.get(name, "Your answers")


def field_value(name: str, case: Mapping[str, Any], slots: Slots) -> str:
    """One answer in plain words, as the summary shows it."""
    if name == "cancer_treatment":
        answer = slots.get("on_chemo", "unasked")
        return {True: "yes", False: "no", None: "not sure"}.get(answer, "not asked")
    value = case.get(name)
    if name == "anc" and value is None:
        computed = current_anc(slots)
        if computed is not None:
            return f"{computed:,.0f} cells per microlitre, worked out from your blood count"
    if name == "medications" and not value:
        return "not known" if "medications" in slots and slots["medications"] is None else "none"
    if name == "symptoms" and not value:
        return "none reported"
    if name == "conditions":
        # The treatment answer has its own line: its condition is not said twice.
        typed = set(slots.get("conditions") or [])
        shown = [c for c in value or [] if c != on_chemotherapy_condition() or c in typed]
        return conditions_words(shown, slots)
    if name == "age" and value is None and case.get("age_months") is not None:
        return f"{case['age_months']} months"
    if value is None:
        return "not known"
    if name == "symptoms":
        return labels(value, "symptom")
    if name == "medications":
        return ", ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    if name == "temperature":
        unit = case["temperature_unit"]
        if unit == "F":
            celsius = temperature_to_celsius(value, unit)[0]
            return f"{number_text(value)} °F ({celsius:.1f} °C)"
        return f"{number_text(value)} °C"
    if name == "anc":
        cells_value = anc_to_cells(value, case["anc_unit"])[0]
        if case["anc_unit"] == "10^9/L":
            return f"{number_text(value)} ×10⁹/L, which is {cells_value:,.0f} cells per microlitre"
        return f"{cells_value:,.0f} cells per microlitre"
    if name == "wbc":
        return wbc_words(value, case["wbc_unit"])
    if name in ("neutrophil_pct", "band_pct"):
        return f"{number_text(value)} %"
    if name == "fever_hours":
        return f"{number_text(value)} {'hour' if value == 1 else 'hours'}"
    if name == "neutropenia_days":
        return days_text(value)
    if name == "days_since_chemo":
        return {0: "today", 1: "yesterday"}.get(value, f"{days_text(value)} ago")
    if name == "age":
        return f"{value} years"
    if name == "days_since_count":
        return {0: "today", 1: "yesterday"}.get(value, f"{days_text(value)} ago")
    return number_text(value)


def conditions_words(ids: list[str], slots: Slots) -> str:
    words = labels(ids, "condition") if ids else "none that change the result"
    others = other_conditions(slots)
    if others:
        words += "; also noted: " + "; ".join(other_label(o) for o in others)
    return words
