"""The questions as data (:data:`QUESTIONS`, walked in order, each with an ``applies``
condition and a ``note`` that echoes the answer as understood) and what the answers
mean so far: :func:`build_case` turns the slots into a case-format dict, using a slot
only while its question still applies, so going back or changing an earlier answer
never leaves a stale value in the case.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any

from triage.catalogue import rules_by_id
from triage.facts import (
    Chemotherapy,
    Condition,
    Count,
    FeverDuration,
    Medication,
    NeutropeniaDuration,
    Person,
    Temperature,
)
from triage.interview.answers import (
    PERCENT,
    Reading,
    Slots,
    anc_unit_need,
    clean,
    infection_sign_options,
    labels,
    number_text,
    on_chemotherapy_condition,
    read_age,
    read_anc,
    read_anc_unit,
    read_bands,
    read_checklist,
    read_conditions,
    read_days,
    read_hours,
    read_medications,
    read_percent,
    read_temperature,
    read_temperature_unit,
    read_wbc,
    read_wbc_unit,
    read_yes_no,
    red_flag_options,
    wbc_unit_need,
)
from triage.knowledge import (
    EMERGENCY_GROUP,
    FEELING_UNWELL,
    FEELS_FEVERISH,
    INFECTION_SIGN_GROUP,
    Symptom,
    load_knowledge,
)
from triage.medications import match_medication
from triage.models import CaseRejected, parse_case
from triage.text import degrees, hanging, wrap_lines
from triage.thresholds import ANC_NEUTROPENIA, ANC_SEVERE, CELLS_PER_GIGA, FEVER_C
from triage.units import anc_to_cells, temperature_to_celsius

FEVER_WORDS = degrees(FEVER_C)


def _note_symptoms(value: list[str] | None, _: Slots) -> str | None:
    if value is None:
        return "Noted: you do not know."
    return f"Noted: {labels(value, 'symptom')}." if value else "Noted: none of these."


def engine_condition(condition_id: str) -> bool:
    """A condition the engine knows (a cause category); other known conditions are
    only noted, never put in a case."""
    return any(c.id == condition_id for c in load_knowledge().conditions)


def other_conditions(slots: Slots) -> list[str]:
    """The conditions answered that are not causes of a low count (noted only)."""
    return [c for c in active(slots, "conditions") or [] if not engine_condition(c)]


def other_label(condition_id: str) -> str:
    return load_knowledge().other_condition(condition_id).label


def _note_conditions(value: list[str] | None, _: Slots) -> str | None:
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


def _note_medications(value: list[str] | None, _: Slots) -> str | None:
    if value is None:
        return "Noted: you do not know which medicines."
    if not value:
        return "Noted: no medicines."
    known: list[str] = []
    unknown: list[str] = []
    for name in value:
        match = match_medication(name)
        if match.drug is None:
            unknown.append(name)
        elif match.how == "fuzzy":
            known.append(f"{name} (read as {match.drug.generic}: check the spelling)")
        elif match.drug.generic.lower() in clean(name):
            known.append(name)
        else:
            known.append(f"{name} ({match.drug.generic})")
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


def _note_temperature(value: Reading | None, _: Slots) -> str | None:
    if value is None:
        return "Noted: no temperature reading."
    if value.unit is None:
        return None
    celsius, _warning = temperature_to_celsius(value.value, value.unit)
    if value.unit == "F":
        return f"Noted: {number_text(value.value)} °F ({celsius:.1f} °C)."
    return f"Noted: {number_text(value.value)} °C."


def _note_anc(value: Reading | None, slots: Slots) -> str | None:
    if value is None:
        return "Noted: you do not know your neutrophil count."
    resolved = anc_reading(slots)
    if resolved is None or resolved == PENDING:
        return None
    cells, _warning = anc_to_cells(*resolved)
    return f"Noted: {cells:,.0f} cells per microlitre."


def _note_temperature_unit(value: str, slots: Slots) -> str | None:
    return _note_temperature(Reading(slots["temperature"].value, value), slots)


def _note_dont_know(value: Any, _: Slots) -> str | None:
    return "Noted: you do not know." if value is None else None


def _days_text(days: int) -> str:
    return "1 day" if days == 1 else f"{days} days"


def _note_fever_hours(value: float | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know how long."
    return f"Noted: {number_text(value)} {'hour' if value == 1 else 'hours'}."


def _wbc_words(value: float, unit: str) -> str:
    if unit == "10^9/L":
        return (
            f"{number_text(value)} ×10⁹/L (thousand per microlitre), which is "
            f"{value * CELLS_PER_GIGA:,.0f} cells per microlitre"
        )
    return f"{value:,.10g} cells per microlitre"


def _note_wbc(value: Reading | None, slots: Slots) -> str | None:
    if value is None:
        return "Noted: no full blood count."
    resolved = wbc_reading(slots)
    if resolved is None:
        return None  # its unit is asked next
    note = f"Noted: a white cell count of {_wbc_words(*resolved)}."
    if value.unit is None:
        note += " If your printout shows another unit, type back and add it (2,100 /uL)."
    return note


def _note_wbc_unit(value: str, slots: Slots) -> str | None:
    return _note_wbc(slots["wbc"], slots)


def _note_neutrophil_pct(value: float | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know the percentage, so I cannot work out your count."
    return f"Noted: neutrophils {number_text(value)} %."


def _note_bands(value: float | None, slots: Slots) -> str:
    note = (
        "Noted: no bands (counted as 0 %)." if value is None
        else f"Noted: bands {number_text(value)} %."
    )  # fmt: skip
    anc = current_anc(slots)
    if anc is not None:
        note += f" Your neutrophil count works out at {anc:,.0f} cells per microlitre."
    return note


def _note_on_chemo(value: bool | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know."
    return "Noted: you are having chemotherapy." if value else "Noted: no chemotherapy."


def _note_days_since_chemo(value: int | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know when."
    if value == 0:
        return "Noted: the last dose was today."
    if value == 1:
        return "Noted: the last dose was yesterday."
    return f"Noted: the last dose was {_days_text(value)} ago."


def _note_neutropenia_days(value: int | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know how long."
    return f"Noted: low for {_days_text(value)}."


def _note_duffy(value: bool | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know (counted as not Duffy-null)."
    return f"Noted: Duffy-null blood type: {'yes' if value else 'no'}."


def _note_age(value: int | None, _: Slots) -> str:
    return "Noted: age not given." if value is None else f"Noted: {value} years old."


def _note_feverish(value: bool | None, _: Slots) -> str:
    if value is None:
        return "Noted: you do not know."
    if value:
        return (
            "Noted: you feel feverish. With no reading, this counts as a possible fever. "
            "Take your temperature if you can."
        )
    return "Noted: you do not feel feverish."


# --- What the answers mean so far --------------------------------------------------------

PENDING = "pending"  # a count whose unit is still to be asked


def active(slots: Slots, key: str) -> Any:
    """A slot's value while its question applies; otherwise unknown (None)."""
    if key not in slots or not QUESTION_BY_KEY[key].applies(slots):
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


# --- The questions, as data ----------------------------------------------------------------

Text = str | Callable[[Slots], str]


def _always(_: Slots) -> bool:
    return True


@dataclass(frozen=True)
class Question:
    """One question: what to ask, how to read the answer, when it applies, and which
    rules use it (shown by ``why``)."""

    key: str
    group: str
    text: Text
    example: Text
    explain: str
    accepted: str
    rules: tuple[str, ...]
    parse: Callable[[str, Slots], Any]
    applies: Callable[[Slots], bool] = _always
    dont_know: bool = True
    note: Callable[[Any, Slots], str | None] | None = None
    options: Callable[[Slots], Options] | None = None
    hint: str = ""

    def render(self, text: Text, slots: Slots) -> str:
        return text(slots) if callable(text) else text


Options = tuple[tuple[str, str], ...]


def _checklist_options(checklist: Callable[[], tuple[Symptom, ...]]) -> Callable[[Slots], Options]:
    def options(_: Slots) -> Options:
        numbered = [(str(n), s.label) for n, s in enumerate(checklist(), start=1)]
        return (*numbered, ("0", "none of these"))

    return options


def _anc_confirm_text(slots: Slots) -> str:
    value = slots["anc"].value
    return (
        f"{number_text(value)} means {number_text(value)} ×10⁹/L, which is "
        f"{value * CELLS_PER_GIGA:,.0f} cells per microlitre.\nIs that right? (yes / no)"
    )


def _unit_text(key: str, what: str) -> Callable[[Slots], str]:
    def text(slots: Slots) -> str:
        number = number_text(slots[key].value)
        return (
            f"Is your {what} {number} cells per microlitre, or {number} thousand? "
            "Look at the unit next to the number on your printout."
        )

    return text


def _unit_options(key: str, allow_percent: bool) -> Callable[[Slots], Options]:
    def options(slots: Slots) -> Options:
        value = slots[key].value
        number = number_text(value)
        choices = [
            ("1", f"{number} cells per microlitre (cells/µL, /mm³)"),
            (
                "2",
                f"{number} thousand per microlitre ({number} ×10⁹/L, K/µL, 10^3/µL), "
                f"which is {value * CELLS_PER_GIGA:,.0f} cells per microlitre",
            ),
        ]
        if allow_percent:
            choices.append(("3", f"it is a percentage ({number} %), not a count"))
        return tuple(choices)

    return options


def _temperature_unit_text(slots: Slots) -> str:
    return (
        f"Is {number_text(slots['temperature'].value)} in °C (Celsius) or °F (Fahrenheit)? "
        "Type C or F."
    )


def _anc_applies_unit(slots: Slots) -> bool:
    reading: Reading | None = active(slots, "anc")
    if reading is None or reading.unit is not None:
        return False
    need = anc_unit_need(reading.value)
    return need == "ask" or (need == "confirm" and active(slots, "anc_confirm") is False)


def _anc_applies_confirm(slots: Slots) -> bool:
    reading: Reading | None = active(slots, "anc")
    return (
        reading is not None and reading.unit is None and anc_unit_need(reading.value) == "confirm"
    )


def _wbc_applies(slots: Slots) -> bool:
    return "anc" in slots and anc_reading(slots) is None


def _wbc_unit_applies(slots: Slots) -> bool:
    reading: Reading | None = active(slots, "wbc")
    return reading is not None and reading.unit is None and wbc_unit_need(reading.value) == "ask"


def _fever_applies(slots: Slots) -> bool:
    temperature = temperature_reading(slots)
    if temperature is None:
        return False
    celsius, _warning = temperature_to_celsius(*temperature)
    return celsius >= FEVER_C


def _low_count(low: float | None, high: float) -> Callable[[Slots], bool]:
    def applies(slots: Slots) -> bool:
        anc = current_anc(slots)
        return anc is not None and (low is None or anc >= low) and anc < high

    return applies


def _using(*kinds: type, **case: Any) -> tuple[str, ...]:
    """The rules that use an answer: those that read the facts it gives the engine,
    directly or through what they conclude (triage.rules.rules_reading). ``kinds`` are
    fact classes whose values the answer sets; ``case`` an example answer whose facts
    (a symptom with its group and flags) are built exactly as the engine builds them."""
    from triage.engine import input_fact_specs
    from triage.rules import rules_reading

    inputs: list[tuple[type, dict[str, object]]] = [(kind, {}) for kind in kinds]
    if case:
        specs = input_fact_specs(parse_case(case))
        inputs += [(kind, fields) for kind, fields in specs if kind not in _EVERY_CASE]
    return rules_reading(tuple(inputs))


# Facts every case declares (the person, and the count or its absence): an example
# answer's own facts are the others.
_EVERY_CASE = (Person, Count)
_EMERGENCY_IDS = [s.id for s in load_knowledge().symptoms if s.group == EMERGENCY_GROUP]
_INFECTION_SIGN_IDS = [s.id for s in load_knowledge().symptoms if s.group == INFECTION_SIGN_GROUP]
COUNT_RULES = _using(Count)
TEMPERATURE_RULES = _using(Temperature)

COUNT_EXPLAIN = (
    "Neutrophils are the white blood cells that fight bacteria. The lower the count, the "
    "higher the risk of a serious infection. A blood test printout can show the count in "
    "two ways: in thousands (0.8 ×10⁹/L, also written 0.8 K/µL or 0.8 10^3/µL) or as cells "
    "(800 cells/µL or 800 /mm³). Both mean the same."
)

QUESTIONS: tuple[Question, ...] = (
    Question(
        key="red_flags",
        group="symptoms",
        text="First, warning signs. Do you have any of these right now?",
        options=_checklist_options(red_flag_options),
        hint="Type the numbers of the ones you have, or 0 for none of these.",
        example="1,3 (or: 0)",
        explain=(
            "These signs can mean a serious infection (sepsis) or another emergency. If you "
            "have any of them, you need care now, whatever your blood count. Feeling "
            "generally unwell (not right, flu-like) needs care now after recent chemotherapy."
        ),
        accepted=(
            "the numbers from the list, separated by commas (1,3); or the signs in your "
            "own words (trouble breathing, fainting); or 0 or none for none of these."
        ),
        rules=_using(symptoms=[*_EMERGENCY_IDS, FEELING_UNWELL]),
        parse=read_checklist(red_flag_options),
        note=_note_symptoms,
    ),
    Question(
        key="temperature",
        group="temperature",
        text=(
            "Have you taken your temperature today? If yes, type the highest reading. "
            "If not, type no."
        ),
        example="38.4 (or: 101.1 F)",
        explain=(
            f"A fever is {FEVER_WORDS} or more. When the neutrophil count is low, a fever "
            "can be the first sign of a serious infection. A temperature that is too low can "
            "also be a warning sign."
        ),
        accepted=(
            "the number on your thermometer, with C or F if you like (38.4, 38.4 C, 101.1 F); "
            "or no if you have not taken your temperature."
        ),
        rules=TEMPERATURE_RULES,
        parse=read_temperature,
        note=_note_temperature,
    ),
    Question(
        key="temperature_unit",
        group="temperature",
        text=_temperature_unit_text,
        example="C",
        explain=(
            "A low reading can be normal or a warning sign, so I need to be sure of the "
            "unit. Most thermometers show °C (around 37 is normal) or °F (around 98.6 is "
            "normal)."
        ),
        accepted="C (Celsius) or F (Fahrenheit).",
        rules=TEMPERATURE_RULES,
        parse=read_temperature_unit,
        applies=lambda slots: (
            active(slots, "temperature") is not None and slots["temperature"].unit is None
        ),
        dont_know=False,
        note=_note_temperature_unit,
    ),
    Question(
        key="feverish",
        group="temperature",
        text=("Do you feel hot, sweaty or shivery, or think you have a temperature? (yes / no)"),
        example="yes (or: no)",
        explain=(
            "Without a thermometer, feeling hot, sweaty or shivery is the best sign of a "
            "fever. To be safe, it counts as a possible fever until you can measure it."
        ),
        accepted="yes, no, or don't know.",
        rules=_using(symptoms=[FEELS_FEVERISH]),
        parse=read_yes_no,
        applies=lambda slots: "temperature" in slots and slots["temperature"] is None,
        note=_note_feverish,
    ),
    Question(
        key="fever_hours",
        group="temperature",
        text=f"How many hours has your temperature been {FEVER_WORDS} or higher?",
        example="2 (or: 30 minutes)",
        explain=(
            "A fever that lasts an hour or more counts as a fever in the guidelines for "
            "people with a low neutrophil count, even if it is not very high."
        ),
        accepted="a number of hours (2), or minutes (30 minutes), or don't know.",
        rules=_using(FeverDuration),
        parse=read_hours,
        applies=_fever_applies,
        note=_note_fever_hours,
    ),
    Question(
        key="anc",
        group="count",
        text=(
            "What is your neutrophil count? On a blood test printout it may be called ANC, "
            "absolute neutrophils, NEUT# or neutrophils (absolute). Type the number as "
            "written. If you do not have it, type: don't know."
        ),
        example="800 (or: 0.8)",
        explain=COUNT_EXPLAIN,
        accepted=(
            "the number as written on the printout, with its unit if you like (800, 0.8, "
            "0.8 K/uL, 800 cells/uL); or don't know. Not the percentage (%)."
        ),
        rules=COUNT_RULES,
        parse=read_anc,
        note=_note_anc,
    ),
    Question(
        key="anc_confirm",
        group="count",
        text=_anc_confirm_text,
        example="yes",
        explain=COUNT_EXPLAIN,
        accepted="yes or no. If you say no, I will ask which unit your printout uses.",
        rules=COUNT_RULES,
        parse=read_yes_no,
        applies=_anc_applies_confirm,
        dont_know=False,
        note=lambda value, slots: _note_anc(slots["anc"], slots) if value else None,
    ),
    Question(
        key="anc_unit",
        group="count",
        text=_unit_text("anc", "count"),
        options=_unit_options("anc", allow_percent=True),
        example="1 or 2 (or the unit on your printout, like K/uL)",
        explain=COUNT_EXPLAIN,
        accepted="1, 2 or 3; or the unit as written on the printout (cells/uL, K/uL, 10^9/L).",
        rules=COUNT_RULES,
        parse=read_anc_unit,
        applies=_anc_applies_unit,
        dont_know=False,
        note=lambda value, slots: (
            "That is the neutrophil percentage, not the count. I will ask for the white "
            "cell count and the percentage instead."
            if value == PERCENT
            else _note_anc(slots["anc"], slots)
        ),
    ),
    Question(
        key="wbc",
        group="count",
        text=(
            "Do you have a full blood count (FBC, also called CBC) printout? If yes, type "
            "your white cell count (WBC). If not, type no."
        ),
        example="2.1",
        explain=(
            "If you do not know your neutrophil count, I can work it out from the white "
            "cell count (WBC) and the percentage of neutrophils on a full blood count."
        ),
        accepted="the white cell count as written (2.1, 2.1 K/uL, 2100 /uL); or no.",
        rules=COUNT_RULES,
        parse=read_wbc,
        applies=_wbc_applies,
        note=_note_wbc,
    ),
    Question(
        key="wbc_unit",
        group="count",
        text=_unit_text("wbc", "white cell count"),
        options=_unit_options("wbc", allow_percent=False),
        example="1 or 2 (or the unit on your printout, like K/uL)",
        explain=(
            "A printout can show the white cell count in two ways: in thousands (2.1 ×10⁹/L, "
            "also written 2.1 K/µL) or as cells (2,100 cells/µL). Both mean the same."
        ),
        accepted="1 or 2; or the unit as written on the printout.",
        rules=COUNT_RULES,
        parse=read_wbc_unit,
        applies=_wbc_unit_applies,
        dont_know=False,
        note=_note_wbc_unit,
    ),
    Question(
        key="neutrophil_pct",
        group="count",
        text=(
            "What percentage of your white cells are neutrophils? On the printout: "
            "Neutrophils %, NEUT %, segs or polys."
        ),
        example="45",
        explain=(
            "Your neutrophil count is the white cell count times this percentage. If the "
            "printout shows segs (segmented neutrophils), use that number."
        ),
        accepted="a percentage between 0 and 100 (45 or 45 %); or don't know.",
        rules=COUNT_RULES,
        parse=read_percent("the neutrophil percentage", "45", ("neutrophil_pct", "neutrophils")),
        applies=lambda slots: active(slots, "wbc") is not None,
        note=_note_neutrophil_pct,
    ),
    Question(
        key="band_pct",
        group="count",
        text=(
            "Does the printout also show bands (band neutrophils, or stabs) as a "
            "percentage? If yes, type it. If not, type no."
        ),
        example="5",
        explain=(
            "Bands are young neutrophils. They are added to the neutrophils to work out "
            "the count. Many printouts do not show them."
        ),
        accepted="a percentage between 0 and 100 (5); or no.",
        rules=COUNT_RULES,
        parse=read_bands,
        applies=lambda slots: active(slots, "neutrophil_pct") is not None,
        note=_note_bands,
    ),
    Question(
        key="on_chemo",
        group="treatment",
        text=(
            "Are you having chemotherapy (cancer medicine)? Answer yes if you had a dose in "
            "the last 6 weeks, or more doses are planned."
        ),
        example="yes (or: no)",
        explain=(
            "Chemotherapy lowers the neutrophil count for some days or weeks after each "
            "dose. After recent chemotherapy, a fever needs care straight away."
        ),
        accepted="yes, no, or don't know.",
        rules=_using(conditions=[on_chemotherapy_condition()]),
        parse=read_yes_no,
        note=_note_on_chemo,
    ),
    Question(
        key="days_since_chemo",
        group="treatment",
        text="How many days ago was your last chemotherapy dose?",
        example="10 (or: today, yesterday, 2 weeks)",
        explain=(
            "The count is usually lowest one to two weeks after a dose. Within about 6 "
            "weeks of a dose, chemotherapy counts as recent."
        ),
        accepted="a number of days (10), today, yesterday, weeks (2 weeks); or don't know.",
        rules=_using(Chemotherapy),
        parse=read_days,
        applies=lambda slots: active(slots, "on_chemo") is True,
        note=_note_days_since_chemo,
    ),
    Question(
        key="symptoms",
        group="symptoms",
        text="Do you have any of these?",
        options=_checklist_options(infection_sign_options),
        hint="Type the numbers, or describe other symptoms in your own words, or 0 for none.",
        example="2,8 (or: sore throat, cough)",
        explain=(
            "These can be the first signs of an infection. With a low neutrophil count, an "
            "infection can get serious quickly, so they change how soon you should be seen."
        ),
        accepted=(
            "the numbers from the list, separated by commas (2,8); or symptoms in your own "
            "words (mouth sores, cough); or 0 or none."
        ),
        rules=_using(symptoms=_INFECTION_SIGN_IDS),
        parse=read_checklist(infection_sign_options),
        note=_note_symptoms,
    ),
    Question(
        key="conditions",
        group="conditions",
        text=(
            "Do you have any health conditions that can lower the blood count? For example "
            "leukaemia, lupus, rheumatoid arthritis, HIV or low vitamin B12. Type them in "
            "your own words, separated by commas. If none, type: none."
        ),
        example="rheumatoid arthritis, low B12",
        explain=(
            "Some conditions make a low count more likely, or point to its cause. Type ? to "
            "see the full list I know."
        ),
        accepted="conditions in your own words, separated by commas; or none; or don't know.",
        rules=_using(Condition),
        parse=read_conditions,
        note=_note_conditions,
    ),
    Question(
        key="medications",
        group="medications",
        text=(
            "Which medicines do you take? Type their names, separated by commas. Doses "
            "are fine. If none, type: none."
        ),
        example="clozapine 200 mg, Tegretol",
        explain=(
            "Some medicines can lower the neutrophil count. For a few of them, a low count "
            "means you should call your doctor today."
        ),
        accepted=(
            "medicine names (brand or generic), separated by commas; or none; or don't know. "
            "Names I do not recognise are kept as you typed them."
        ),
        rules=_using(Medication),
        parse=read_medications,
        note=_note_medications,
    ),
    Question(
        key="neutropenia_days",
        group="duration",
        text="How many days has your count been this low?",
        example="10 (or: 2 weeks)",
        explain=(
            "A very low count that lasts more than a week raises the risk of infection further."
        ),
        accepted="a number of days (10) or weeks (2 weeks); or don't know.",
        rules=_using(NeutropeniaDuration),
        parse=read_days,
        applies=_low_count(None, ANC_SEVERE),
        note=_note_neutropenia_days,
    ),
    Question(
        key="duffy_null",
        group="duffy",
        text=(
            "Has a doctor told you that you have the Duffy-null blood type? (yes / no / don't know)"
        ),
        example="don't know",
        explain=(
            "Duffy-null is a common, harmless blood type, mostly in people with African or "
            "Middle Eastern family roots. People with it often have a lower neutrophil count "
            "that is normal for them: 1,000 to 1,499 cells per microlitre can be normal. If "
            "you have not been told, answer don't know."
        ),
        accepted="yes, no, or don't know.",
        rules=_using(Person),
        parse=read_yes_no,
        applies=_low_count(ANC_SEVERE, ANC_NEUTROPENIA),
        note=_note_duffy,
    ),
    Question(
        key="age",
        group="age",
        text="Last question: how old are you? If you prefer not to say, type: skip.",
        example="54",
        explain=(
            "Your age does not change the advice. A nurse may use it in a risk score (MASCC)."
        ),
        accepted="your age in whole years (54); or skip.",
        rules=(),
        parse=read_age,
        note=_note_age,
    ),
)
QUESTION_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}
CHECKLISTS = ("red_flags", "symptoms")  # symptom questions whose vague words are confirmed

# The summary: one numbered line per case field, and the question groups to re-ask
# when the patient wants to change it.
SUMMARY_FIELDS: tuple[tuple[str, str, str, tuple[str, ...]], ...] = (
    ("symptoms", "Warning signs and symptoms", "red_flags", ("symptoms",)),
    ("temperature", "Temperature", "temperature", ("temperature",)),
    ("fever_hours", "Fever for", "fever_hours", ("temperature",)),
    ("anc", "Neutrophil count (ANC)", "anc", ("count",)),
    ("wbc", "White cell count (WBC)", "wbc", ("count",)),
    ("neutrophil_pct", "Neutrophils", "neutrophil_pct", ("count",)),
    ("band_pct", "Bands", "band_pct", ("count",)),
    ("neutropenia_days", "Count low for", "neutropenia_days", ("duration",)),
    ("days_since_chemo", "Last chemotherapy", "days_since_chemo", ("treatment",)),
    ("conditions", "Health conditions", "conditions", ("treatment", "conditions")),
    ("medications", "Medicines", "medications", ("medications",)),
    ("duffy_null", "Duffy-null blood type", "duffy_null", ("duffy",)),
    ("age", "Age", "age", ("age",)),
)
UNIT_FIELDS = {"anc": "anc_unit", "wbc": "wbc_unit", "temperature": "temperature_unit"}


WHY_IN_FULL = 8  # longer lists show only the triage rules in full


def why_text(question: Question) -> str:
    """Which rules use a question's answer: the triage rules with their conditions in
    plain words, then the other rules by area and id."""
    if not question.rules:
        return wrap_lines("No triage rule uses this answer. " + question.explain)
    catalogue = rules_by_id()
    lines = ["Your answer is used by these rules:"]
    others: dict[str, list[str]] = {}
    in_full = len(question.rules) <= WHY_IN_FULL
    for rule_id in question.rules:
        meta = catalogue[rule_id]
        if in_full or meta.concludes.startswith("triage:"):
            lines.append(hanging(f"  {rule_id:<5}", f"{meta.concludes}, when: {meta.when}"))
        else:
            others.setdefault(meta.area, []).append(rule_id)
    if others:
        also = "; ".join(f"{area} ({', '.join(ids)})" for area, ids in others.items())
        lines.append(hanging("  Also: ", also))
    lines.append(
        wrap_lines(
            "To see every rule with its source, type the command triage rules in a "
            "terminal (not here)."
        )
    )
    return "\n".join(lines)


def help_text(question: Question) -> str:
    """What ``?`` shows: why the question is asked and the answers understood."""
    parts = [question.explain, "", f"Answers I understand: {question.accepted}"]
    if question.key == "conditions":
        known = "; ".join(c.label for c in load_knowledge().conditions)
        parts += ["", f"Conditions I know: {known}."]
    if question.key == "symptoms":
        known = "; ".join(s.label for s in load_knowledge().symptoms)
        parts += ["", f"Symptoms I know: {known}."]
    parts += [
        "",
        "You can also type: why (which rules use the answer), back (previous question), "
        "quit (stop).",
    ]
    return wrap_lines("\n".join(parts))


def field_value(name: str, case: Mapping[str, Any], slots: Slots) -> str:
    """One answer in plain words, as the summary shows it."""
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
        return _conditions_words(value or [], slots)
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
        return _wbc_words(value, case["wbc_unit"])
    if name in ("neutrophil_pct", "band_pct"):
        return f"{number_text(value)} %"
    if name == "fever_hours":
        return f"{number_text(value)} {'hour' if value == 1 else 'hours'}"
    if name == "neutropenia_days":
        return _days_text(value)
    if name == "days_since_chemo":
        return {0: "today", 1: "yesterday"}.get(value, f"{_days_text(value)} ago")
    if name == "age":
        return f"{value} years"
    return number_text(value)


def _conditions_words(ids: list[str], slots: Slots) -> str:
    words = labels(ids, "condition") if ids else "none that change the result"
    others = other_conditions(slots)
    if others:
        words += "; also noted: " + "; ".join(other_label(o) for o in others)
    return words
