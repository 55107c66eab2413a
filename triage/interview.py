"""Guided interview for patients (``triage interview``): one plain question at a time,
only the questions that matter given the answers so far, and in the end the same
assessment as ``triage assess``.

The flow is data (:data:`QUESTIONS`, walked in order, each with an ``applies``
condition) and :class:`Interview` is the small state machine that walks it. It talks
through two functions only, ``ask(prompt) -> str`` and ``say(text)``, so the command
line, scripts and tests drive the same code and no click is needed here. ``ask`` raises
``EOFError`` at the end of input and ``KeyboardInterrupt`` on Ctrl-C; both end the
interview cleanly (see :class:`Outcome` for the exit codes).

Every answer is kept in a *slot* named after its question; :func:`build_case` turns the
slots into a case-format dict, using a slot only while its question still applies, so
going back or changing an earlier answer never leaves a stale value in the case.
"""

from __future__ import annotations

import contextlib
import copy
import json
import os
import re
import textwrap
from collections.abc import Callable, Iterable, Mapping
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any, Literal, TextIO

from triage.assessment import Assessment
from triage.catalogue import rules_by_id
from triage.engine import Assessor
from triage.files import atomic_output
from triage.knowledge import (
    EMERGENCY_GROUP,
    FEELING_UNWELL,
    FEELS_FEVERISH,
    INFECTION_SIGN_GROUP,
    Symptom,
    load_knowledge,
)
from triage.levels import TRIAGE_RANK
from triage.medications import match_medication
from triage.models import CaseRejected, parse_case
from triage.render import reasons, render_text
from triage.safetext import neutralise
from triage.text import action_block, degrees
from triage.thresholds import (
    ANC_NEUTROPENIA,
    ANC_NO_UNIT_CELLS_MIN,
    ANC_NO_UNIT_GIGA_MAX,
    ANC_SEVERE,
    CELLS_PER_GIGA,
    FEVER_C,
    WBC_MAX_GIGA,
)
from triage.units import (
    UnitError,
    anc_to_cells,
    parse_count_unit,
    parse_temperature_unit,
    temperature_to_celsius,
    wbc_to_giga,
)
from triage.vocabulary import (
    UnknownTerm,
    read_up_reading,
    resolve_condition,
    resolve_symptom,
)

Ask = Callable[[str], str]
Say = Callable[[str], None]
Slots = dict[str, Any]

WIDTH = 78
PROMPT = "> "

# A bare temperature in these ranges is obviously °C or °F; any other body
# temperature (a low reading) gets its unit confirmed, because a low temperature
# changes the triage (rule E4).
OBVIOUS_CELSIUS = (37.0, 45.0)
OBVIOUS_FAHRENHEIT = (98.0, 113.0)
CONFIRM_CELSIUS = (30.0, 37.0)
CONFIRM_FAHRENHEIT = (86.0, 98.0)

FEVER_WORDS = degrees(FEVER_C)

# Words a patient types, after _clean().
COMMANDS_HELP = ("?", "help")
COMMANDS_WHY = ("why",)
COMMANDS_BACK = ("back",)
COMMANDS_QUIT = ("quit", "exit")
DONT_KNOW = {
    "don't know", "dont know", "do not know", "not sure", "unsure", "unknown", "skip",
    "idk", "no idea", "dunno", "i don't know", "i dont know",
}  # fmt: skip
YES = {"y", "yes", "yeah", "yep", "yup", "yes please", "right", "correct", "true", "ok", "okay"}
NO = {"n", "no", "nope", "false", "no thanks"}
NONE_OF_THESE = {"0", "none", "none of these", "none of them", "no", "n", "nothing", "nope"}


class InvalidAnswer(ValueError):
    """An answer that cannot be used; the message says why, in plain words."""


def _clean(text: str) -> str:
    """Lower case, straight apostrophes, single spaces: how answers are compared."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").strip().lower()
    return re.sub(r"\s+", " ", text)


_LIST_ITEM = re.compile(r"^(\s*(?:\d+\.\s+|-\s+)?)")


def _wrap(text: str, indent: str = "") -> str:
    """Wrap each line to :data:`WIDTH`; a list item ("  2. ...") keeps a hanging indent."""
    wrapped = []
    for line in text.split("\n"):
        if not line:
            wrapped.append("")
            continue
        lead = _LIST_ITEM.match(line)
        prefix = lead.group(1) if lead else ""
        wrapped.append(
            textwrap.fill(
                line[len(prefix) :],
                width=WIDTH,
                initial_indent=indent + prefix,
                subsequent_indent=indent + " " * len(prefix),
                break_on_hyphens=False,
            )
        )
    return "\n".join(wrapped)


def _number_text(value: float) -> str:
    """A number as a patient would write it: 800, 0.8, 38.4 (no trailing .0)."""
    return f"{value:,.10g}" if value >= 10_000 else f"{value:.10g}"


def _as_json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# --- Reading numbers ------------------------------------------------------------------

_NUMBER = re.compile(
    r"^(?:about|around|approx\.?|approximately|~)?\s*"
    r"(?P<number>\d{1,3}(?:,\d{3})+(?:\.\d+)?|\d+(?:[.,]\d+)?|[.,]\d+)\s*(?P<rest>.*)$",
    re.IGNORECASE,
)


def _read_number(text: str, what: str, example: str) -> tuple[float, str]:
    """The number at the start of an answer, and the rest (usually a unit).

    "1,200" is twelve hundred (lab printouts group thousands); "38,4" and "0,8" use a
    decimal comma.
    """
    cleaned = re.sub(r"\s+", " ", text.strip())
    if cleaned.startswith("-"):
        raise InvalidAnswer(f"{what} cannot be below zero. Example: {example}")
    found = _NUMBER.match(cleaned)
    if found is None:
        raise InvalidAnswer(f"I need {what} as a number, like {example}")
    digits = found["number"]
    if re.fullmatch(r"\d{1,3}(?:,\d{3})+(?:\.\d+)?", digits):
        digits = digits.replace(",", "")
    else:
        digits = digits.replace(",", ".")
    return float(digits), found["rest"].strip()


_DURATION_UNITS_HOURS = {
    **dict.fromkeys(["", "h", "hr", "hrs", "hour", "hours"], 1.0),
    **dict.fromkeys(["m", "min", "mins", "minute", "minutes"], 1 / 60),
    **dict.fromkeys(["d", "day", "days"], 24.0),
    **dict.fromkeys(["w", "wk", "wks", "week", "weeks"], 24.0 * 7),
}
_DURATION_UNITS_DAYS = {
    **dict.fromkeys(["", "d", "day", "days", "day ago", "days ago"], 1.0),
    **dict.fromkeys(["w", "wk", "wks", "week", "weeks", "week ago", "weeks ago"], 7.0),
}


def _hours(text: str, _: Slots) -> float:
    value, rest = _read_number(text, "the number of hours", "3")
    factor = _DURATION_UNITS_HOURS.get(_clean(rest).removesuffix(" ago"))
    if factor is None:
        raise InvalidAnswer(f'I do not understand "{rest}". Give the number of hours, like: 3')
    hours = round(value * factor, 2)
    if hours > 24 * 365:
        raise InvalidAnswer("that is more than a year. Give the number of hours, like: 3")
    return _as_json_number(hours)


def _days(text: str, _: Slots) -> int:
    cleaned = _clean(text)
    if cleaned == "today":
        return 0
    if cleaned == "yesterday":
        return 1
    value, rest = _read_number(text, "the number of days", "10")
    factor = _DURATION_UNITS_DAYS.get(_clean(rest))
    if factor is None:
        raise InvalidAnswer(f'I do not understand "{rest}". Give the number of days, like: 10')
    days = value * factor
    if not float(days).is_integer():
        raise InvalidAnswer("I need a whole number of days, like 10")
    if days > 36_500:
        raise InvalidAnswer("that is more than 100 years. Give the number of days, like: 10")
    return int(days)


def _yes_no(text: str, _: Slots) -> bool:
    cleaned = _clean(text)
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    raise InvalidAnswer("I need yes or no here")


# --- Counts and temperatures ------------------------------------------------------------

PERCENT = "percent"
_UNIT_WORDS: dict[str, str] = {
    **dict.fromkeys(
        ["cells", "cell", "cells per microlitre", "cells per microliter", "per microlitre",
         "per microliter", "cells/microlitre", "cells/microliter", "cells/µl", "/µl"],
        "cells/uL",
    ),
    **dict.fromkeys(
        ["thousand", "thousands", "k", "thousand per microlitre", "thousand per microliter",
         "thousands per microlitre", "thousands per microliter", "x 10^9", "x10^9", "10^9",
         "×10⁹/l", "×10⁹", "giga"],
        "10^9/L",
    ),
    **dict.fromkeys(["%", "percent", "per cent", "pct", "percentage"], PERCENT),
}  # fmt: skip


def _count_unit(text: str) -> str:
    """``cells/uL``, ``10^9/L`` or ``percent`` from everyday words or a printout's unit."""
    cleaned = _clean(text)
    if cleaned in _UNIT_WORDS:
        return _UNIT_WORDS[cleaned]
    try:
        return parse_count_unit(cleaned)
    except UnitError:
        raise InvalidAnswer(
            f'I do not know the unit "{text.strip()}". Use the unit on your printout, '
            "such as cells/µL, /mm3, K/µL, 10^9/L or G/L"
        ) from None


@dataclass(frozen=True)
class Reading:
    """A number as the patient gave it, with its unit when they gave one."""

    value: float
    unit: str | None = None


def anc_unit_need(value: float) -> Literal["none", "confirm", "ask"]:
    """What a bare ANC needs (clinical-rules.md §1): nothing (0, or ≥ 100 = cells/µL),
    a confirmation (a decimal below 30 = ×10⁹/L), or the unit ("50", "2")."""
    if value == 0 or value >= ANC_NO_UNIT_CELLS_MIN:
        return "none"
    if value < ANC_NO_UNIT_GIGA_MAX and not float(value).is_integer():
        return "confirm"
    return "ask"


WBC_OBVIOUS_GIGA_BELOW = 30.0  # a bare white count below this is ×10⁹/L


def wbc_unit_need(value: float) -> Literal["10^9/L", "cells/uL", "ask"]:
    """A bare white count: below 30 is ×10⁹/L, above 500 is cells/µL, else ask."""
    if value < WBC_OBVIOUS_GIGA_BELOW:
        return "10^9/L"
    if value > WBC_MAX_GIGA:
        return "cells/uL"
    return "ask"


def _count_reading(text: str, what: str, example: str) -> Reading | None:
    cleaned = _clean(text)
    if cleaned in NO:
        return None
    value, rest = _read_number(text, what, example)
    unit = _count_unit(rest) if rest else None
    if unit == PERCENT:
        raise InvalidAnswer(
            "that looks like a percentage (%). Here I need the count itself: the number "
            "without %. If your printout only shows percentages, type: don't know"
        )
    return Reading(_as_json_number(value), unit)


def _anc_answer(text: str, _: Slots) -> Reading | None:
    reading = _count_reading(text, "your neutrophil count", "800 or 0.8")
    if reading is not None:
        unit = reading.unit or ("cells/uL" if anc_unit_need(reading.value) == "none" else None)
        if unit is not None:
            try:
                anc_to_cells(reading.value, unit)
            except UnitError as problem:
                raise InvalidAnswer(_plain_unit_error(problem)) from None
    return reading


def _wbc_answer(text: str, _: Slots) -> Reading | None:
    reading = _count_reading(text, "your white cell count", "2.1")
    if reading is not None and reading.unit is not None:
        try:
            wbc_to_giga(reading.value, reading.unit)
        except UnitError as problem:
            raise InvalidAnswer(_plain_unit_error(problem)) from None
    return reading


def _plain_unit_error(problem: UnitError) -> str:
    return str(problem).replace("give wbc_unit = cells/uL", "type the number with its unit")


def _unit_choice(text: str, allow_percent: bool) -> str:
    cleaned = _clean(text)
    choices = {"1": "cells/uL", "2": "10^9/L"}
    if allow_percent:
        choices["3"] = PERCENT
    unit = choices.get(cleaned) or _count_unit(cleaned)
    if unit == PERCENT and not allow_percent:
        raise InvalidAnswer("type 1 or 2")
    return unit


def _anc_unit_answer(text: str, slots: Slots) -> str:
    return _unit_choice(text, allow_percent=True)


def _wbc_unit_answer(text: str, slots: Slots) -> str:
    unit = _unit_choice(text, allow_percent=False)
    reading = slots["wbc"]
    try:
        wbc_to_giga(reading.value, unit)
    except UnitError as problem:
        raise InvalidAnswer(
            f"{_plain_unit_error(problem)}. Type back to change the number"
        ) from None
    return unit


def _temperature_answer(text: str, _: Slots) -> Reading | None:
    cleaned = _clean(text)
    if cleaned in NO:
        return None
    value, rest = _read_number(text, "your temperature", "38.4")
    if _clean(rest).strip("°º").replace("degrees", "").strip() == "":
        rest = ""  # "101°" or "38.4 degrees" says nothing about the scale
    if rest:
        try:
            unit = parse_temperature_unit(rest)
            temperature_to_celsius(value, unit)
        except UnitError as problem:
            raise InvalidAnswer(str(problem)) from None
        return Reading(_as_json_number(value), unit)
    if OBVIOUS_CELSIUS[0] <= value <= OBVIOUS_CELSIUS[1]:
        return Reading(_as_json_number(value), "C")
    if OBVIOUS_FAHRENHEIT[0] <= value <= OBVIOUS_FAHRENHEIT[1]:
        return Reading(_as_json_number(value), "F")
    if CONFIRM_CELSIUS[0] <= value < CONFIRM_CELSIUS[1]:
        return Reading(_as_json_number(value))
    if CONFIRM_FAHRENHEIT[0] <= value < CONFIRM_FAHRENHEIT[1]:
        return Reading(_as_json_number(value))
    raise InvalidAnswer(
        f"{_number_text(value)} is not a body temperature. In °C it is usually between 35 "
        "and 42; in °F between 95 and 108. Example: 38.4 or 101.1 F"
    )


def _temperature_unit_answer(text: str, slots: Slots) -> str:
    cleaned = _clean(text)
    try:
        unit = parse_temperature_unit(cleaned)
    except UnitError:
        raise InvalidAnswer("type C for Celsius or F for Fahrenheit") from None
    value = slots["temperature"].value
    try:
        temperature_to_celsius(value, unit)
    except UnitError:
        raise InvalidAnswer(
            f"{_number_text(value)} °{unit} is not a body temperature. Type the other unit, "
            "or type back to change the number"
        ) from None
    return unit


def _percent(what: str, example: str) -> Callable[[str, Slots], float]:
    def parse(text: str, _: Slots) -> float:
        value, rest = _read_number(text, what, example)
        if _clean(rest) not in ("", "%", "percent", "per cent", "pct"):
            raise InvalidAnswer(f"I need {what} as a number, like {example}")
        if value > 100:
            raise InvalidAnswer(f"a percentage is between 0 and 100. Example: {example}")
        return _as_json_number(value)

    return parse


def _bands_answer(text: str, slots: Slots) -> float | None:
    if _clean(text) in NO:
        return None
    bands = _percent("the bands percentage", "5")(text, slots)
    segs = slots.get("neutrophil_pct") or 0
    if segs + bands > 100:
        raise InvalidAnswer(
            f"neutrophils ({_number_text(segs)} %) plus bands ({_number_text(bands)} %) add up "
            "to more than 100 %. Check the printout, or type back to change the neutrophils"
        )
    return bands


def _age_answer(text: str, _: Slots) -> int:
    value, rest = _read_number(text, "your age in years", "54")
    if _clean(rest) not in ("", "y", "yr", "yrs", "year", "years", "years old", "yo", "y.o."):
        raise InvalidAnswer("I need your age in years, like 54")
    if not float(value).is_integer() or value > 120:
        raise InvalidAnswer("I need your age in whole years (0 to 120), like 54")
    return int(value)


# --- Symptoms, conditions, medicines ------------------------------------------------------


def _symptoms_of(group: str) -> tuple[Symptom, ...]:
    return tuple(s for s in load_knowledge().symptoms if s.group == group)


def _red_flag_options() -> tuple[Symptom, ...]:
    """The first checklist: the emergency symptoms, and feeling generally unwell, which
    after recent chemotherapy is an emergency on its own (E6), so it is asked early."""
    return (*_symptoms_of(EMERGENCY_GROUP), load_knowledge().symptom(FEELING_UNWELL))


def _infection_sign_options() -> tuple[Symptom, ...]:
    """The second checklist: the other signs of infection."""
    return tuple(s for s in _symptoms_of(INFECTION_SIGN_GROUP) if s.id != FEELING_UNWELL)


def _on_chemotherapy_condition() -> str:
    """The vocabulary's condition for "being treated with chemotherapy now"."""
    return next(c.id for c in load_knowledge().conditions if c.on_chemotherapy)


def _unique(items: Iterable[str]) -> list[str]:
    """In the order given, each once (the case file sorts them later)."""
    return list(dict.fromkeys(items))


def _split_items(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


def _unknown_message(term: str, unknown: UnknownTerm, kind: str) -> str:
    if unknown.hint:  # a fever typed as a symptom: the temperature question covers it
        return (
            f'"{term}" is not a {kind} here: a fever or a low temperature is worked out '
            "from your temperature reading. Leave it out here; you can change the "
            "temperature in the summary at the end"
        )
    knowledge = load_knowledge()
    lookup = knowledge.symptom if kind == "symptom" else knowledge.condition
    suggestions = [lookup(term_id).label for term_id in unknown.suggestions]
    message = f'I do not know the {kind} "{term}".'
    if suggestions:
        message += " Did you mean: " + "; ".join(suggestions) + "?"
    return message


def _resolve_words(part: str, resolve: Callable[[str], str], kind: str) -> list[str]:
    """One comma-separated part; "a and b" is tried whole first, then as two terms."""
    try:
        return [resolve(part)]
    except UnknownTerm as unknown:
        pieces = [p.strip() for p in re.split(r"\band\b|&|\+", part) if p.strip()]
        if len(pieces) < 2:
            raise InvalidAnswer(_unknown_message(part, unknown, kind)) from None
    found: list[str] = []
    for piece in pieces:
        try:
            found.append(resolve(piece))
        except UnknownTerm as unknown:
            raise InvalidAnswer(_unknown_message(piece, unknown, kind)) from None
    return found


def _read_terms(
    text: str, resolve: Callable[[str], str], kind: str, options: tuple[Symptom, ...] = ()
) -> list[str]:
    """Comma-separated everyday words (and numbers from ``options``), or none.

    A label may itself hold a comma ("red, warm or swollen skin"), so the longest run
    of parts that the vocabulary knows is taken first.
    """
    if _clean(text) in NONE_OF_THESE:
        return []
    parts: list[str] = []
    for part in _split_items(text):
        tokens = [t for t in re.split(r"[\s&+]+", part) if t and _clean(t) != "and"]
        numbers = options and tokens and all(t.isdigit() for t in tokens)
        parts.extend(tokens if numbers else [part])
    chosen: list[str] = []
    start = 0
    while start < len(parts):
        part = parts[start]
        if options and part.isdigit():
            chosen.append(_numbered(int(part), options))
            start += 1
            continue
        if _clean(part) in NONE_OF_THESE:
            raise InvalidAnswer('"none" cannot go with other answers')
        for end in range(len(parts), start + 1, -1):
            try:
                chosen.append(resolve(", ".join(parts[start:end])))
            except UnknownTerm:
                continue
            start = end
            break
        else:
            chosen.extend(_resolve_words(part, resolve, kind))
            start += 1
    return _unique(chosen)


def _numbered(number: int, options: tuple[Symptom, ...]) -> str:
    if number == 0:
        raise InvalidAnswer("0 means none of these, so it cannot go with other answers")
    if number > len(options):
        raise InvalidAnswer(
            f"there is no number {number} in the list. Use 1 to {len(options)}, "
            "or 0 for none of these"
        )
    return options[number - 1].id


def _checklist(options: Callable[[], tuple[Symptom, ...]]) -> Callable[[str, Slots], list[str]]:
    """Numbers from the list ("1,3", "1 3", "1 and 3"), everyday words, or 0 / none."""

    def parse(text: str, _: Slots) -> list[str]:
        return _read_terms(text, resolve_symptom, "symptom", options())

    return parse


def _conditions_answer(text: str, _: Slots) -> list[str]:
    return _read_terms(text, resolve_condition, "condition")


def _medications_answer(text: str, _: Slots) -> list[str]:
    if _clean(text) in NONE_OF_THESE:
        return []
    return _unique(_split_items(text))


def _labels(ids: Iterable[str], kind: Literal["symptom", "condition"]) -> str:
    knowledge = load_knowledge()
    lookup = knowledge.symptom if kind == "symptom" else knowledge.condition
    return "; ".join(lookup(item).label for item in ids)


def _note_symptoms(value: list[str] | None, _: Slots) -> str | None:
    return f"Noted: {_labels(value, 'symptom')}." if value else "Noted: none of these."


def _note_conditions(value: list[str] | None, _: Slots) -> str | None:
    return f"Noted: {_labels(value, 'condition')}." if value else "Noted: none."


def _note_medications(value: list[str] | None, _: Slots) -> str | None:
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
        elif match.drug.generic.lower() in _clean(name):
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
        return f"Noted: {_number_text(value.value)} °F ({celsius:.1f} °C)."
    return f"Noted: {_number_text(value.value)} °C."


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
    conditions = set(active(slots, "conditions") or [])
    if active(slots, "on_chemo") is True:
        conditions.add(_on_chemotherapy_condition())
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

    def render(self, text: Text, slots: Slots) -> str:
        return text(slots) if callable(text) else text


def _checklist_text(
    checklist: Callable[[], tuple[Symptom, ...]], lead: str, tail: str
) -> Callable[[Slots], str]:
    def text(_: Slots) -> str:
        options = checklist()
        width = len(str(len(options)))
        lines = [lead]
        lines += [f"  {n:>{width}}. {s.label}" for n, s in enumerate(options, start=1)]
        lines += [f"  {0:>{width}}. none of these", tail]
        return "\n".join(lines)

    return text


def _anc_confirm_text(slots: Slots) -> str:
    value = slots["anc"].value
    return (
        f"{_number_text(value)} means {_number_text(value)} ×10⁹/L, which is "
        f"{value * CELLS_PER_GIGA:,.0f} cells per microlitre.\nIs that right? (yes / no)"
    )


def _unit_text(key: str, what: str, allow_percent: bool) -> Callable[[Slots], str]:
    def text(slots: Slots) -> str:
        value = slots[key].value
        number = _number_text(value)
        lines = [
            f"Is your {what} {number} cells per microlitre, or {number} thousand? "
            "Look at the unit next to the number on your printout.",
            f"  1. {number} cells per microlitre (cells/µL, /mm³)",
            f"  2. {number} thousand per microlitre ({number} ×10⁹/L, K/µL, 10^3/µL), "
            f"which is {value * CELLS_PER_GIGA:,.0f} cells per microlitre",
        ]
        if allow_percent:
            lines.append(f"  3. it is a percentage ({number} %), not a count")
        return "\n".join(lines)

    return text


def _temperature_unit_text(slots: Slots) -> str:
    return (
        f"Is {_number_text(slots['temperature'].value)} in °C (Celsius) or °F (Fahrenheit)? "
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


COUNT_RULES = (
    "E1", "E3", "E4", "U1", "U2", "U3", "U4", "U5", "U6", "U7", "S1", "S2", "S3", "S4",
    "SEV1", "SEV2", "SEV3", "SEV4", "SEV5", "SEV6", "R0", "R1", "R2", "R3", "R4", "R5",
    "FN1", "FN2", "N12", "C0",
)  # fmt: skip
TEMPERATURE_RULES = (
    "E1", "E2", "E3", "E4", "U1", "U2", "S5", "N1", "N2", "N3", "N16", "FN1", "FN2", "RF1", "RF2",
)  # fmt: skip

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
        text=_checklist_text(
            _red_flag_options,
            "First, warning signs. Do you have any of these right now?",
            "Type the numbers of the ones you have, or 0 for none of these.",
        ),
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
        rules=("E5", "E6", "N11", "N10"),
        parse=_checklist(_red_flag_options),
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
        parse=_temperature_answer,
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
        parse=_temperature_unit_answer,
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
        rules=("N16", "E1", "E2", "E3", "U1", "U2", "S5"),
        parse=_yes_no,
        applies=lambda slots: "temperature" in slots and slots["temperature"] is None,
        note=lambda value, _: (
            "Noted: you feel feverish. With no reading, this counts as a possible fever. "
            "Take your temperature if you can."
            if value
            else "Noted: you do not feel feverish."
        ),
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
        rules=("N4", "FN1", "FN2"),
        parse=_hours,
        applies=_fever_applies,
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
        parse=_anc_answer,
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
        parse=_yes_no,
        applies=_anc_applies_confirm,
        dont_know=False,
        note=lambda value, slots: _note_anc(slots["anc"], slots) if value else None,
    ),
    Question(
        key="anc_unit",
        group="count",
        text=_unit_text("anc", "count", allow_percent=True),
        example="1 or 2 (or the unit on your printout, like K/uL)",
        explain=COUNT_EXPLAIN,
        accepted="1, 2 or 3; or the unit as written on the printout (cells/uL, K/uL, 10^9/L).",
        rules=COUNT_RULES,
        parse=_anc_unit_answer,
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
        parse=_wbc_answer,
        applies=_wbc_applies,
    ),
    Question(
        key="wbc_unit",
        group="count",
        text=_unit_text("wbc", "white cell count", allow_percent=False),
        example="1 or 2 (or the unit on your printout, like K/uL)",
        explain=(
            "A printout can show the white cell count in two ways: in thousands (2.1 ×10⁹/L, "
            "also written 2.1 K/µL) or as cells (2,100 cells/µL). Both mean the same."
        ),
        accepted="1 or 2; or the unit as written on the printout.",
        rules=COUNT_RULES,
        parse=_wbc_unit_answer,
        applies=_wbc_unit_applies,
        dont_know=False,
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
        parse=_percent("the neutrophil percentage", "45"),
        applies=lambda slots: active(slots, "wbc") is not None,
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
        parse=_bands_answer,
        applies=lambda slots: active(slots, "neutrophil_pct") is not None,
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
        rules=("N6", "E2", "E4", "U5", "S6", "C2"),
        parse=_yes_no,
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
        rules=("N5", "N8", "E2", "E4", "U5", "S6", "FN2", "C3"),
        parse=_days,
        applies=lambda slots: active(slots, "on_chemo") is True,
    ),
    Question(
        key="symptoms",
        group="symptoms",
        text=_checklist_text(
            _infection_sign_options,
            "Do you have any of these?",
            "Type the numbers, or describe other symptoms in your own words, or 0 for none.",
        ),
        example="2,8 (or: sore throat, cough)",
        explain=(
            "These can be the first signs of an infection. With a low neutrophil count, an "
            "infection can get serious quickly, so they change how soon you should be seen."
        ),
        accepted=(
            "the numbers from the list, separated by commas (2,8); or symptoms in your own "
            "words (mouth sores, cough); or 0 or none."
        ),
        rules=("N10", "U4", "U5", "U8", "S2", "S6", "E5"),
        parse=_checklist(_infection_sign_options),
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
        rules=("N9", "E3", "C2", "G11"),
        parse=_conditions_answer,
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
        rules=("U6", "U7", "U8", "S3", "S4", "C1", "C4", "G6", "G7"),
        parse=_medications_answer,
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
        rules=("R3", "R5"),
        parse=_days,
        applies=_low_count(None, ANC_SEVERE),
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
        rules=("N12", "N13", "N14", "U6", "S4", "G13"),
        parse=_yes_no,
        applies=_low_count(ANC_SEVERE, ANC_NEUTROPENIA),
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
        parse=_age_answer,
    ),
)
QUESTION_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}
CHECKLISTS = ("red_flags", "symptoms")  # symptom questions whose vague words are confirmed

# The summary: one numbered line per case field, and the question groups to re-ask
# when the patient wants to change it.
SUMMARY_FIELDS: tuple[tuple[str, str, tuple[str, ...]], ...] = (
    ("symptoms", "red_flags", ("symptoms",)),
    ("temperature", "temperature", ("temperature",)),
    ("fever_hours", "fever_hours", ("temperature",)),
    ("anc", "anc", ("count",)),
    ("wbc", "wbc", ("count",)),
    ("neutrophil_pct", "neutrophil_pct", ("count",)),
    ("band_pct", "band_pct", ("count",)),
    ("neutropenia_days", "neutropenia_days", ("duration",)),
    ("days_since_chemo", "days_since_chemo", ("treatment",)),
    ("conditions", "conditions", ("treatment", "conditions")),
    ("medications", "medications", ("medications",)),
    ("duffy_null", "duffy_null", ("duffy",)),
    ("age", "age", ("age",)),
)
UNIT_FIELDS = {"anc": "anc_unit", "wbc": "wbc_unit", "temperature": "temperature_unit"}


# --- The state machine -------------------------------------------------------------------


class _Quit(Exception):
    """The patient typed quit."""


class _Back(Exception):
    """The patient typed back."""


class _StopEarly(Exception):
    """After an emergency, the patient chose to see the result so far."""


@dataclass
class State:
    """Everything ``back`` restores: the answers and whether an emergency was announced."""

    slots: Slots = field(default_factory=dict)
    emergency_told: bool = False


Status = Literal["result", "quit", "end_of_input", "interrupted", "error"]
EXIT_CODES: dict[Status, int] = {
    "result": 0,
    "quit": 0,
    "end_of_input": 1,
    "interrupted": 1,
    "error": 3,
}


@dataclass
class Outcome:
    """How the interview ended. ``exit_code``: 0 a result was shown or the patient typed
    quit; 1 the input ended or Ctrl-C was pressed before a result; 3 an internal error
    (a bug, reported in plain words)."""

    status: Status
    case: dict[str, Any]
    assessment: Assessment | None = None

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]


INTRO = """\
Neutropenia triage: a few questions, one at a time.
Have your blood test printout and your thermometer ready if you have them.
At any question you can type:
  ?     to learn more about the question and the answers I understand
  why   to see which rules use your answer
  back  to go back to the previous question
  quit  to stop
If you feel very unwell now, do not wait for the questions: get help now.
This tool gives general education only. It does not diagnose or prescribe."""


WHY_IN_FULL = 8  # longer lists show only the triage rules in full


def _hanging(label: str, text: str) -> str:
    return textwrap.fill(
        text,
        width=WIDTH,
        initial_indent=label,
        subsequent_indent=" " * len(label),
        break_on_hyphens=False,
    )


def why_text(question: Question) -> str:
    """Which rules use a question's answer: the triage rules with their conditions in
    plain words, then the other rules by area and id."""
    if not question.rules:
        return _wrap("No triage rule uses this answer. " + question.explain)
    catalogue = rules_by_id()
    lines = ["Your answer is used by these rules:"]
    others: dict[str, list[str]] = {}
    in_full = len(question.rules) <= WHY_IN_FULL
    for rule_id in question.rules:
        meta = catalogue[rule_id]
        if in_full or meta.concludes.startswith("triage:"):
            lines.append(_hanging(f"  {rule_id:<5}", f"{meta.concludes}, when: {meta.when}"))
        else:
            others.setdefault(meta.area, []).append(rule_id)
    if others:
        also = "; ".join(f"{area} ({', '.join(ids)})" for area, ids in others.items())
        lines.append(_hanging("  Also: ", also))
    lines.append("Every rule is listed by: triage rules")
    return "\n".join(lines)


def help_text(question: Question) -> str:
    """What ``?`` shows: why the question is asked and the answers understood."""
    parts = [question.explain, "", f"Answers I understand: {question.accepted}"]
    if question.key == "conditions":
        labels = "; ".join(c.label for c in load_knowledge().conditions)
        parts += ["", f"Conditions I know: {labels}."]
    if question.key == "symptoms":
        labels = "; ".join(s.label for s in load_knowledge().symptoms)
        parts += ["", f"Symptoms I know: {labels}."]
    parts += [
        "",
        "You can also type: why (which rules use the answer), back (previous question), "
        "quit (stop).",
    ]
    return _wrap("\n".join(parts))


class Interview:
    """Walk :data:`QUESTIONS` with one patient; see the module docstring.

    ``ask(prompt)`` returns one answer (raises ``EOFError`` at the end of input);
    ``say(text)`` shows text. ``explain`` passes through to the renderer.
    """

    def __init__(
        self,
        ask: Ask,
        say: Say,
        *,
        explain: bool = False,
        assessor: Assessor | None = None,
    ) -> None:
        self._ask = ask
        self._say = say
        self.explain = explain
        self.assessor = assessor or Assessor()
        self.state = State()
        # (question position, state before its answer), newest last: what back restores.
        self.history: list[tuple[int, State]] = []
        # What the patient last typed at each question, shown when it is asked again.
        self.last_replies: dict[str, str] = {}

    @property
    def case(self) -> dict[str, Any]:
        """The case-format dict of the answers so far."""
        return build_case(self.state.slots)

    def run(self) -> Outcome:
        """Ask, summarise, assess. Never raises for anything the patient types, nor for
        the end of input or Ctrl-C."""
        self._say(INTRO)
        try:
            assessment = self._converse()
        except _StopEarly:
            so_far = self._assess_quietly()
            if so_far is None:  # not reachable: an emergency was just assessed
                return Outcome("quit", self.case)
            assessment = so_far
        except _Quit:
            self._say("\nYou stopped the questions. Nothing was saved.")
            self._show_level_so_far()
            return Outcome("quit", self.case)
        except EOFError:
            self._say("\nNo more answers: stopped before the questions were finished.")
            self._show_level_so_far()
            return Outcome("end_of_input", self.case)
        except KeyboardInterrupt:
            self._say("\nStopped. Nothing was saved.")
            self._show_level_so_far()
            return Outcome("interrupted", self.case)
        except Exception as error:  # a bug in the tool: say so plainly, no traceback
            self._say(
                _wrap(
                    "\nSorry, something went wrong inside this tool, so it cannot give a "
                    "result. This is not caused by your answers. If you feel unwell, call "
                    "your care team now.\n"
                    f"(For the developers: {type(error).__name__}: {error})"
                )
            )
            return Outcome("error", self.case)
        self._say("\nYour result:\n")
        self._say(render_text(assessment, explain=self.explain).rstrip("\n"))
        return Outcome("result", self.case, assessment)

    # -- the conversation --------------------------------------------------------------

    def _next(self, after: int, groups: tuple[str, ...] | None) -> int | None:
        """The next question that applies. When changing answers (``groups``): the next
        one in those groups, or one that the change made relevant and that was never
        answered (a new count can make the Duffy-null question matter)."""
        slots = self.state.slots
        for position in range(after + 1, len(QUESTIONS)):
            question = QUESTIONS[position]
            wanted = groups is None or question.group in groups or question.key not in slots
            if wanted and question.applies(slots):
                return position
        return None

    def _converse(self) -> Assessment:
        """The state machine: a question position, or None for the summary. ``groups``
        is set while the patient changes one answer from the summary; ``back`` before
        the first question of such a change returns to the summary."""
        position = self._next(-1, None)
        groups: tuple[str, ...] | None = None
        floor = 0
        while True:
            if position is None:
                groups = None
                choice = self._summary()
                if choice == "yes":
                    assessment = self._assess_or_explain()
                    if assessment is not None:
                        return assessment
                elif choice == "back":
                    position, self.state = self.history.pop()
                else:
                    groups, floor = tuple(choice), len(self.history)
                    position = self._next(-1, groups)
                continue
            try:
                value = self._ask_question(QUESTIONS[position])
            except _Back:
                if groups is not None and len(self.history) <= floor:
                    position = None
                elif not self.history:
                    self._say("This is the first question.")
                else:
                    position, self.state = self.history.pop()
                continue
            try:
                self._answer(position, value)
            except _Back:  # from the emergency prompt: undo the answer, ask again
                position, self.state = self.history.pop()
                continue
            position = self._next(position, groups)

    def _answer(self, position: int, value: Any) -> None:
        question = QUESTIONS[position]
        self.history.append((position, copy.deepcopy(self.state)))
        self.state.slots[question.key] = value
        if question.note is not None:
            note = question.note(value, self.state.slots)
            if note:
                self._say(_wrap(note))
        self._check_emergency()

    def _ask_question(self, question: Question) -> Any:
        """Ask until the answer is usable; commands are handled here."""
        slots = self.state.slots
        self._say("")
        self._say(_wrap(question.render(question.text, slots)))
        self._say(f"Example: {question.render(question.example, slots)}")
        if question.key in self.last_replies:
            self._say(f"Your last answer was: {self.last_replies[question.key]}")
        while True:
            reply = self._ask(PROMPT)
            cleaned = _clean(reply)
            if cleaned in COMMANDS_HELP:
                self._say(help_text(question))
            elif cleaned in COMMANDS_WHY:
                self._say(why_text(question))
            elif cleaned in COMMANDS_BACK:
                raise _Back
            elif cleaned in COMMANDS_QUIT:
                raise _Quit
            elif not cleaned:
                self._say(_reask("I did not get an answer"))
            elif cleaned in DONT_KNOW and not question.dont_know:
                self._say(_reask("I need an answer to this one"))
            elif cleaned in DONT_KNOW:
                self.last_replies[question.key] = reply.strip()
                return None
            else:
                try:
                    value = question.parse(reply, slots)
                    if question.key in CHECKLISTS:
                        value = self._confirm_vague_words(question, reply, value)
                    self._check_in_context(question, value)
                except InvalidAnswer as problem:
                    self._say(_reask(str(problem)))
                    continue
                self.last_replies[question.key] = reply.strip()
                return value

    def _confirm_vague_words(self, question: Question, reply: str, value: list[str]) -> list[str]:
        """A word vaguer than the emergency symptom it could mean ("lightheaded") is
        confirmed with one yes/no question before it counts (clinical-rules §10)."""
        parts = _split_items(reply)
        declined: list[str] = []
        for part in parts:
            symptom_id = read_up_reading(part)
            if symptom_id is None:
                continue
            label = load_knowledge().symptom(symptom_id).label
            if self._yes_or_no(f'You wrote "{part}". Do you mean {label}? (yes / no)'):
                self._say(_wrap(f'Noted: "{part}" counts as {label}, an emergency sign.'))
            else:
                declined.append(part)
                self._say(
                    _wrap(f'Noted: "{part}" is not counted as {label}. Tell your provider how '
                          "you feel.")
                )  # fmt: skip
        if not declined:
            return value
        kept = [part for part in parts if part not in declined]
        return question.parse(", ".join(kept), self.state.slots) if kept else []

    def _yes_or_no(self, text: str) -> bool:
        self._say(_wrap(text))
        while True:
            cleaned = _clean(self._ask(PROMPT))
            if cleaned in YES:
                return True
            if cleaned in NO:
                return False
            if cleaned in COMMANDS_QUIT:
                raise _Quit
            self._say("Please answer yes or no.")

    def _check_in_context(self, question: Question, value: Any) -> None:
        """The case with this answer must still be valid (a safety net behind the
        per-question checks)."""
        case = build_case({**self.state.slots, question.key: value})
        if not case:
            return
        try:
            parse_case(case)
        except CaseRejected as rejected:
            problems = [e.message for e in rejected.errors if e.field != "case"]
            if problems:
                raise InvalidAnswer("; ".join(problems)) from None

    # -- emergencies ---------------------------------------------------------------------

    def _assess_quietly(self) -> Assessment | None:
        case = self.case
        if not case:
            return None
        try:
            result: Assessment = self.assessor.assess(case)
        except CaseRejected:
            return None
        return result

    def _check_emergency(self) -> None:
        """Run the rules on the answers so far; announce an emergency at once (again
        only if the answers stopped meaning an emergency in between)."""
        assessment = self._assess_quietly()
        if assessment is None or assessment.triage != "emergency":
            self.state.emergency_told = False
            return
        if self.state.emergency_told:
            return
        self.state.emergency_told = True
        self._say(emergency_text(assessment))
        self._offer_to_continue()

    def _offer_to_continue(self) -> None:
        self._say(
            _wrap(
                "You can answer the other questions so that the result is complete, or "
                "stop now and see the result so far. Do not let the questions delay "
                "getting care."
            )
        )
        while True:
            self._say("Continue answering? (yes / no)")
            cleaned = _clean(self._ask(PROMPT))
            if cleaned in YES:
                return
            if cleaned in NO:
                raise _StopEarly
            if cleaned in COMMANDS_QUIT:
                raise _Quit
            if cleaned in COMMANDS_BACK:
                raise _Back
            if cleaned in COMMANDS_HELP or cleaned in COMMANDS_WHY:
                self._say(
                    _wrap(
                        "Your answers so far mean you should get care now. Type yes to "
                        "answer the other questions first, no to see the result now, or "
                        "back to change your last answer."
                    )
                )
            else:
                self._say("Please answer yes or no.")

    def _show_level_so_far(self) -> None:
        """On every early way out: when the answers so far already mean urgent or
        emergency, say so with the action, its safety net and the disclaimer (a
        level this urgent must not be lost because the questions were not finished)."""
        try:
            assessment = self._assess_quietly()
        except Exception:  # a bug must not hide the way out; the words below still hold
            assessment = None
        if assessment is None or TRIAGE_RANK[assessment.triage] < TRIAGE_RANK["urgent"]:
            self._say("No result: the answers so far are not enough to give one.")
            return
        self._say(_wrap("Your answers so far already mean this:"))
        self._say(emergency_text(assessment).strip("\n"))
        self._say(_wrap(assessment.disclaimer))

    # -- the summary -----------------------------------------------------------------------

    def summary_lines(self) -> list[tuple[str, tuple[str, ...]]]:
        """(line, question groups to re-ask) for each field asked about or given."""
        slots = self.state.slots
        case = self.case
        lines: list[tuple[str, tuple[str, ...]]] = []
        for name, key, groups in SUMMARY_FIELDS:
            asked = key in slots and QUESTION_BY_KEY[key].applies(slots)
            if name in case or asked:
                lines.append((f"{name}: {_field_value(name, case)}", groups))
        return lines

    def _summary(self) -> str | tuple[str, ...]:
        """Show the answers; return "yes", "back", or the groups of a line to change."""
        lines = self.summary_lines()
        width = len(str(len(lines)))
        self._say("\nHere are your answers, as they would be saved in a case file:")
        for number, (line, _groups) in enumerate(lines, start=1):
            self._say(_hanging(f"  {number:>{width}}. ", line))
        self._say(
            _wrap(
                "Are these right? Type yes to see your result, or the number of a line to "
                "change it."
            )
        )
        while True:
            cleaned = _clean(self._ask(PROMPT))
            if cleaned in YES:
                return "yes"
            if cleaned in COMMANDS_QUIT:
                raise _Quit
            if cleaned in COMMANDS_BACK and self.history:
                return "back"
            if cleaned.isdigit() and 1 <= int(cleaned) <= len(lines):
                return lines[int(cleaned) - 1][1]
            if cleaned in COMMANDS_HELP or cleaned in COMMANDS_WHY:
                self._say(
                    _wrap(
                        "These are your answers, with the names used in case files. Type yes "
                        f"if they are right. To change one, type its number (1 to "
                        f"{len(lines)}) and I will ask that question again."
                    )
                )
            else:
                self._say(f"Please type yes, or a number from 1 to {len(lines)}.")

    def _assess_or_explain(self) -> Assessment | None:
        case = self.case
        if not case:
            self._say(
                _wrap(
                    "You have not told me anything I can assess yet. Type the number of a "
                    "line to add an answer, or quit to stop."
                )
            )
            return None
        try:
            result: Assessment = self.assessor.assess(case)
        except CaseRejected as rejected:
            self._say("I cannot give a result with these answers:")
            for error in rejected.errors:
                self._say(_wrap(f"{error.field}: {error.message}", "  "))
            return None
        return result


def _reask(reason: str) -> str:
    reason = reason[0].upper() + reason[1:]
    if not reason.endswith((".", "?", "!")):
        reason += "."
    return _wrap(f"{reason} Please try again, or type ? for help.")


def emergency_text(assessment: Assessment) -> str:
    """What to do now and why: the one action block (:mod:`triage.text`) and the
    reasons of the rules that set the level, as ``assess`` shows them."""
    lines = ["", *action_block(assessment)]
    why = reasons(assessment)
    if why:
        lines.append(_wrap("Why: " + "; ".join(why) + "."))
    return "\n".join(lines)


def _field_value(name: str, case: Mapping[str, Any]) -> str:
    value = case.get(name)
    if name in ("symptoms", "conditions", "medications") and not value:
        return "none reported"
    if value is None:
        return "not given"
    if name in ("symptoms", "conditions"):
        kind: Literal["symptom", "condition"] = "symptom" if name == "symptoms" else "condition"
        return ", ".join(f"{item} [{_labels([item], kind)}]" for item in value)
    if name == "medications":
        return ", ".join(value)
    if isinstance(value, bool):
        return "yes" if value else "no"
    text = _number_text(value)
    unit_field = UNIT_FIELDS.get(name)
    if unit_field and unit_field in case:
        unit = case[unit_field]
        text += f", {unit_field}: {unit}"
        if unit == "10^9/L":
            text += f" [{value * CELLS_PER_GIGA:,.0f} cells per microlitre]"
        elif unit == "F":
            text += f" [{temperature_to_celsius(value, unit)[0]:.1f} °C]"
    return text


# --- Input, output, saving ------------------------------------------------------------------


def line_reader(stream: TextIO, echo: Say) -> Ask:
    """Answers from a non-interactive stream (a pipe, a file), one per line. The prompt
    and the answer are echoed, so the output reads like the conversation."""

    def ask(prompt: str) -> str:
        line = stream.readline()
        if not line:
            raise EOFError
        answer = line.rstrip("\r\n")
        echo(prompt + answer)
        return answer

    return ask


def terminal_reader() -> Ask:
    """Answers typed at a terminal, with line editing where the platform has it."""
    with contextlib.suppress(ImportError):  # Windows has no readline
        import readline  # noqa: F401  (importing it gives input() line editing)
    return input


def reader_for(stream: TextIO, echo: Say) -> Ask:
    """:func:`terminal_reader` at a terminal, :func:`line_reader` otherwise."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return terminal_reader() if interactive else line_reader(stream, echo)


def save_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot be saved to, checked before the questions start; or None."""
    text = str(path)
    shown = neutralise(text)
    if not text.strip():
        return "--save needs a file name, such as --save my-case.json"
    if text == "-":
        return "--save needs a file name: the answers cannot be saved to '-' (stdout)"
    if text.endswith(("/", os.sep)) or Path(text).is_dir():
        return f"cannot save to {shown}: that is a folder; give a file name inside it"
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        return f"cannot save to {shown}: the folder {neutralise(folder)} does not exist"
    if not os.access(folder, os.W_OK):
        return f"cannot save to {shown}: the folder {neutralise(folder)} is not writable"
    return None


def save_case(case: Mapping[str, Any], path: str | Path) -> None:
    """Write the answers as a case file that ``triage assess --case`` reads, atomically:
    an existing file is replaced only by a complete one (and keeps its mode).
    Raises :class:`triage.files.WriteFailed` when it cannot be written."""
    text = json.dumps(dict(case), ensure_ascii=False, indent=2) + "\n"
    with atomic_output(path) as handle:
        handle.write(text)
