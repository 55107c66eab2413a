"""Reading what a patient types: numbers with or without a unit, yes or no, durations,
checklists and everyday words for symptoms and conditions.

Every reader takes the answer and the slots so far (``(text, slots)``) and returns the
value to keep, or raises :class:`InvalidAnswer` with the reason in plain words. Unit
rules come from :mod:`triage.units` (the same rules as ``triage assess``), and numbers
are read with :func:`triage.units.read_number`.
"""

from __future__ import annotations

import re
from collections.abc import Callable, Iterable
from dataclasses import dataclass
from typing import Any, Literal

from triage.knowledge import (
    EMERGENCY_GROUP,
    FAST_HEARTBEAT,
    FEELING_UNWELL,
    INFECTION_SIGN_GROUP,
    Symptom,
    load_knowledge,
)
from triage.thresholds import WBC_MAX_GIGA
from triage.units import (
    NotANumber,
    UnitError,
    anc_to_cells,
    anc_unit_without_unit,
    bare_temperature_units,
    parse_count_unit,
    parse_temperature_unit,
    printout_label,
    read_number,
    temperature_to_celsius,
    wbc_to_giga,
)
from triage.vocabulary import (
    UnknownTerm,
    condition_reading,
    read_condition,
    resolve_condition,
    resolve_other_condition,
    resolve_symptom,
    suggest,
    symptom_reading,
)

Slots = dict[str, Any]

# Words a patient types, after clean().
COMMANDS_HELP = ("?", "help")
COMMANDS_WHY = ("why",)
COMMANDS_BACK = ("back",)
COMMANDS_QUIT = ("quit", "exit")
DONT_KNOW = {
    "don't know", "dont know", "do not know", "not sure", "unsure", "unknown", "skip",
    "idk", "no idea", "dunno", "i don't know", "i dont know", "maybe", "not certain",
    "possibly", "i'm not sure", "im not sure", "can't remember", "cant remember",
}  # fmt: skip
YES = {"y", "yes", "yeah", "yep", "yup", "yes please", "right", "correct", "true", "ok", "okay"}
NO = {"n", "no", "nope", "false", "no thanks"}
NONE_OF_THESE = {"0", "none", "none of these", "none of them", "no", "n", "nothing", "nope"}


class InvalidAnswer(ValueError):
    """An answer that cannot be used; the message says why, in plain words."""


def clean(text: str) -> str:
    """Lower case, straight apostrophes, single spaces: how answers are compared."""
    text = text.replace("\u2019", "'").replace("\u2018", "'").strip().lower()
    return re.sub(r"\s+", " ", text)


def number_text(value: float) -> str:
    """A number as a patient would write it: 800, 0.8, 38.4 (no trailing .0)."""
    return f"{value:,.10g}" if value >= 10_000 else f"{value:.10g}"


def as_json_number(value: float) -> int | float:
    return int(value) if float(value).is_integer() else value


# --- Reading numbers ------------------------------------------------------------------


LABEL_WORDS = {
    "anc": "the neutrophil count (ANC)",
    "wbc": "the white cell count (WBC)",
    "neutrophils": "the neutrophils",
    "neutrophil_pct": "the neutrophil percentage",
    "band_pct": "the bands",
    "temperature": "a temperature",
}


def _check_label(text: str, allowed: tuple[str, ...], wanted: str) -> None:
    """A printout's label before the number must name what the question asks for:
    "WBC 2.1" is not a neutrophil count (reading it as one could triage down)."""
    label = printout_label(text)
    if label is not None and label not in allowed:
        raise InvalidAnswer(
            f'"{text.strip()}" is {LABEL_WORDS[label]}. Here I need {wanted}: type that '
            "number, or don't know"
        )


def _read_number(text: str, what: str, example: str) -> tuple[float, str]:
    """The number at the start of an answer, and the rest (usually a unit)."""
    try:
        return read_number(text)
    except NotANumber as problem:
        if problem.negative:
            raise InvalidAnswer(f"{what} cannot be below zero. Example: {example}") from None
        raise InvalidAnswer(f"I need {what} as a number, like {example}") from None


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


def read_hours(text: str, _: Slots) -> float:
    value, rest = _read_number(text, "the number of hours", "3")
    factor = _DURATION_UNITS_HOURS.get(clean(rest).removesuffix(" ago"))
    if factor is None:
        raise InvalidAnswer(f'I do not understand "{rest}". Give the number of hours, like: 3')
    hours = round(value * factor, 2)
    if hours > 24 * 365:
        raise InvalidAnswer("that is more than a year. Give the number of hours, like: 3")
    return as_json_number(hours)


# Words for a number of days or weeks ("a week ago", "a couple of days").
NUMBER_WORDS = {"a": 1, "an": 1, "one": 1, "two": 2, "couple": 2, "three": 3, "few": 3,
                "four": 4, "five": 5, "six": 6, "seven": 7}  # fmt: skip


def read_days(text: str, _: Slots) -> int:
    cleaned = clean(text)
    for lead in ("about ", "around ", "roughly ", "maybe ", "yes ", "it was ", "last one was "):
        cleaned = cleaned.removeprefix(lead)
    cleaned = cleaned.removesuffix(" ago").replace(" of ", " ").strip()
    if cleaned in ("today", "this morning", "earlier today"):
        return 0
    if cleaned in ("yesterday", "last night"):
        return 1
    if cleaned in ("last week",):
        return 7
    if cleaned.startswith(("a couple ", "a few ")):
        cleaned = cleaned[2:]
    first, _space, rest = cleaned.partition(" ")
    text = f"{NUMBER_WORDS[first]} {rest}" if first in NUMBER_WORDS and rest else cleaned
    value, rest = _read_number(text, "the number of days", "10")
    factor = _DURATION_UNITS_DAYS.get(clean(rest))
    if factor is None:
        raise InvalidAnswer(f'I do not understand "{rest}". Give the number of days, like: 10')
    days = value * factor
    if not float(days).is_integer():
        raise InvalidAnswer("I need a whole number of days, like 10")
    if days > 36_500:
        raise InvalidAnswer("that is more than 100 years. Give the number of days, like: 10")
    return int(days)


def read_days_ago(text: str, slots: Slots) -> int:
    """Days ago: as :func:`read_days` ("3 days ago", "a week ago", "yesterday")."""
    return read_days(text, slots)


# A sentence that holds the answer ("yes last one was a week ago", "dont have a
# thermometer"): its first words say yes or no, the rest may answer the next question.
YES_LEADS = (
    ("yes",), ("yeah",), ("yep",), ("y",), ("i", "am"), ("i", "do"), ("i", "have"),
    ("he", "is"), ("she", "is"), ("he", "does"), ("she", "does"), ("of", "course"),
    ("i", "think", "so"), ("correct",), ("right",),
)  # fmt: skip
NO_LEADS = (
    ("no",), ("nope",), ("n",), ("not",), ("never",), ("i", "am", "not"), ("i", "do", "not"),
    ("i", "have", "not"), ("he", "is", "not"), ("she", "is", "not"), ("do", "not", "have"),
    ("have", "not", "got"), ("not", "that", "i", "know"), ("none",),
)  # fmt: skip
_WORDS = re.compile(r"[a-z0-9.]+")


def _sentence_words(text: str) -> list[str]:
    from triage.understand.tokens import words  # a sentence's words, contractions read

    return [w.text for w in words(text)]


def yes_no_and_rest(text: str) -> tuple[bool, str] | None:
    """(yes or no, the rest of the sentence) when a sentence leads with its answer."""
    said = _sentence_words(text)
    for leads, answer in ((NO_LEADS, False), (YES_LEADS, True)):
        for lead in sorted(leads, key=len, reverse=True):
            if tuple(said[: len(lead)]) == lead:
                rest = " ".join(said[len(lead) :])
                return answer, rest
    return None


def read_yes_no(text: str, _: Slots) -> bool:
    cleaned = clean(text)
    if cleaned in YES:
        return True
    if cleaned in NO:
        return False
    sentence = yes_no_and_rest(text)
    if sentence is not None:
        return sentence[0]
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
    cleaned = clean(text)
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
    unit = anc_unit_without_unit(value)
    if unit == "cells/uL":
        return "none"
    return "ask" if unit is None else "confirm"


WBC_OBVIOUS_GIGA_BELOW = 30.0  # a bare white count below this is ×10⁹/L


def wbc_unit_need(value: float) -> Literal["10^9/L", "cells/uL", "ask"]:
    """A bare white count: below 30 is ×10⁹/L, above 500 is cells/µL, else ask."""
    if value < WBC_OBVIOUS_GIGA_BELOW:
        return "10^9/L"
    if value > WBC_MAX_GIGA:
        return "cells/uL"
    return "ask"


def _count_reading(text: str, what: str, example: str, labels: tuple[str, ...]) -> Reading | None:
    cleaned = clean(text)
    if cleaned in NO:
        return None
    _check_label(text, labels, what)
    value, rest = _read_number(text, what, example)
    unit = _count_unit(rest) if rest else None
    if unit == PERCENT:
        raise InvalidAnswer(
            "that looks like a percentage (%). Here I need the count itself: the number "
            "without %. If your printout only shows percentages, type: don't know"
        )
    return Reading(as_json_number(value), unit)


def read_anc(text: str, _: Slots) -> Reading | None:
    reading = _count_reading(text, "your neutrophil count", "800 or 0.8", ("anc", "neutrophils"))
    if reading is not None:
        unit = reading.unit or ("cells/uL" if anc_unit_need(reading.value) == "none" else None)
        if unit is not None:
            try:
                anc_to_cells(reading.value, unit)
            except UnitError as problem:
                raise InvalidAnswer(_plain_unit_error(problem)) from None
    return reading


def read_wbc(text: str, _: Slots) -> Reading | None:
    reading = _count_reading(text, "your white cell count", "2.1", ("wbc",))
    if reading is not None and reading.unit is not None:
        try:
            wbc_to_giga(reading.value, reading.unit)
        except UnitError as problem:
            raise InvalidAnswer(_plain_unit_error(problem)) from None
    return reading


def _plain_unit_error(problem: UnitError) -> str:
    return str(problem).replace("give wbc_unit = cells/uL", "type the number with its unit")


def _unit_choice(text: str, allow_percent: bool) -> str:
    cleaned = clean(text)
    choices = {"1": "cells/uL", "2": "10^9/L"}
    if allow_percent:
        choices["3"] = PERCENT
    unit = choices.get(cleaned) or _count_unit(cleaned)
    if unit == PERCENT and not allow_percent:
        raise InvalidAnswer("type 1 or 2")
    return unit


def read_anc_unit(text: str, slots: Slots) -> str:
    return _unit_choice(text, allow_percent=True)


def read_wbc_unit(text: str, slots: Slots) -> str:
    unit = _unit_choice(text, allow_percent=False)
    reading = slots["wbc"]
    try:
        wbc_to_giga(reading.value, unit)
    except UnitError as problem:
        raise InvalidAnswer(
            f"{_plain_unit_error(problem)}. Type back to change the number"
        ) from None
    return unit


def read_temperature(text: str, _: Slots) -> Reading | None:
    cleaned = clean(text)
    if cleaned in NO:
        return None
    sentence = yes_no_and_rest(text)
    if sentence is not None and not any(c.isdigit() for c in text):
        if sentence[0] is False:
            return None  # "dont have a thermometer", "no not yet"
        raise InvalidAnswer("what was the reading? Type the number, like 38.4")
    if sentence is not None:  # "yes 38.4", "yes it was 38.4 C"
        text = re.sub(r"^[^0-9]*", "", text)
    _check_label(text, ("temperature",), "your temperature")
    value, rest = _read_number(text, "your temperature", "38.4")
    if clean(rest).strip("°º").replace("degrees", "").strip() == "":
        rest = ""  # "101°" or "38.4 degrees" says nothing about the scale
    if rest:
        try:
            unit = parse_temperature_unit(rest)
            temperature_to_celsius(value, unit)
        except UnitError as problem:
            raise InvalidAnswer(str(problem)) from None
        return Reading(as_json_number(value), unit)
    # The unit is asked only when the reading is a body temperature in both (never,
    # with today's ranges); otherwise the one it can be is used and echoed.
    units = bare_temperature_units(value)
    if len(units) == 1:
        return Reading(as_json_number(value), units[0])
    if units:
        return Reading(as_json_number(value))
    raise InvalidAnswer(
        f"{number_text(value)} is not a body temperature. In °C it is usually between 35 "
        "and 42; in °F between 95 and 108. Example: 38.4 or 101.1 F"
    )


def read_temperature_unit(text: str, slots: Slots) -> str:
    cleaned = clean(text)
    try:
        unit = parse_temperature_unit(cleaned)
    except UnitError:
        raise InvalidAnswer("type C for Celsius or F for Fahrenheit") from None
    value = slots["temperature"].value
    try:
        temperature_to_celsius(value, unit)
    except UnitError:
        raise InvalidAnswer(
            f"{number_text(value)} °{unit} is not a body temperature. Type the other unit, "
            "or type back to change the number"
        ) from None
    return unit


def read_percent(what: str, example: str, labels: tuple[str, ...]) -> Callable[[str, Slots], float]:
    def parse(text: str, _: Slots) -> float:
        _check_label(text, labels, what)
        value, rest = _read_number(text, what, example)
        if clean(rest) not in ("", "%", "percent", "per cent", "pct"):
            raise InvalidAnswer(f"I need {what} as a number, like {example}")
        if value > 100:
            raise InvalidAnswer(f"a percentage is between 0 and 100. Example: {example}")
        return as_json_number(value)

    return parse


def read_bands(text: str, slots: Slots) -> float | None:
    if clean(text) in NO:
        return None
    bands = read_percent("the bands percentage", "5", ("band_pct",))(text, slots)
    segs = slots.get("neutrophil_pct") or 0
    if segs + bands > 100:
        raise InvalidAnswer(
            f"neutrophils ({number_text(segs)} %) plus bands ({number_text(bands)} %) add up "
            "to more than 100 %. Check the printout, or type back to change the neutrophils"
        )
    return bands


@dataclass(frozen=True)
class AgeInMonths:
    """An age given in months (a baby or toddler): ``age_months`` in the case."""

    months: int


_MONTH_WORDS = ("m", "mo", "mos", "month", "months", "months old", "month old")


def read_age(text: str, _: Slots) -> int | AgeInMonths:
    value, rest = _read_number(text, "the age in years (or months for a baby)", "54")
    if clean(rest) in _MONTH_WORDS:
        if not float(value).is_integer() or value > 120 * 12:
            raise InvalidAnswer("I need the age in whole months, like 5 months")
        return AgeInMonths(int(value))
    if clean(rest) not in ("", "y", "yr", "yrs", "year", "years", "years old", "yo", "y.o."):
        raise InvalidAnswer("I need the age in years, like 54, or in months for a baby")
    if not float(value).is_integer() or value > 120:
        raise InvalidAnswer("I need your age in whole years (0 to 120), like 54")
    return int(value)


# --- Symptoms, conditions, medicines ------------------------------------------------------


def _symptoms_of(group: str) -> tuple[Symptom, ...]:
    return tuple(s for s in load_knowledge().symptoms if s.group == group)


# Asked in the first checklist: for anyone at risk, an emergency on their own (E6).
EARLY_SIGNS = (FEELING_UNWELL, FAST_HEARTBEAT)


def red_flag_options() -> tuple[Symptom, ...]:
    """The first checklist: the emergency symptoms, and feeling generally unwell or a
    racing heart, which for anyone at risk are an emergency on their own (E6), so they
    are asked early."""
    knowledge = load_knowledge()
    return (*_symptoms_of(EMERGENCY_GROUP), *(knowledge.symptom(s) for s in EARLY_SIGNS))


def infection_sign_options() -> tuple[Symptom, ...]:
    """The second checklist: the other signs of infection."""
    return tuple(s for s in _symptoms_of(INFECTION_SIGN_GROUP) if s.id not in EARLY_SIGNS)


def on_chemotherapy_condition() -> str:
    """The vocabulary's condition for "being treated with chemotherapy now"."""
    return next(c.id for c in load_knowledge().conditions if c.on_chemotherapy)


def unique(items: Iterable[str]) -> list[str]:
    """In the order given, each once (the case file sorts them later)."""
    return list(dict.fromkeys(items))


def split_items(text: str) -> list[str]:
    return [part.strip() for part in re.split(r"[,;\n]", text) if part.strip()]


class UnknownWords(InvalidAnswer):
    """Words the vocabulary does not know, with the ids it suggests instead, and the ids
    the rest of the answer said (``understood``: kept, only the unknown part is asked
    again)."""

    def __init__(
        self,
        message: str,
        term: str,
        kind: str,
        suggestions: list[str],
        understood: list[str] | None = None,
    ) -> None:
        super().__init__(message)
        self.term = term
        self.kind = kind
        self.suggestions = suggestions
        self.understood = understood or []


class TemperatureWord(InvalidAnswer):
    """A temperature word typed as a symptom ("cold"): the temperature question asks."""


def _unknown_message(term: str, unknown: UnknownTerm, kind: str) -> InvalidAnswer:
    if unknown.hint:  # a fever typed as a symptom: the temperature question covers it
        return TemperatureWord(
            f'"{term}" is not a {kind} here: a fever or a low temperature is worked out '
            "from your temperature reading. Leave it out here; you can change the "
            "temperature in the summary at the end"
        )
    return UnknownWords(f'I do not know the {kind} "{term}".', term, kind, unknown.suggestions)


def _resolve_words(part: str, resolve: Callable[[str], str], kind: str) -> list[str]:
    """One comma-separated part; "a and b" is tried whole first, then as two terms; a
    symptom sentence is read by :mod:`triage.understand` (negation aware)."""
    try:
        return [resolve(part)]
    except UnknownTerm as unknown:
        if kind == "symptom" and not unknown.hint:
            return _understood_symptoms(part, unknown)
        pieces = [p.strip() for p in re.split(r"\band\b|&|\+", part) if p.strip()]
        if len(pieces) < 2:
            raise _unknown_message(part, unknown, kind) from None
    found: list[str] = []
    for piece in pieces:
        try:
            found.append(resolve(piece))
        except UnknownTerm as unknown:
            raise _unknown_message(piece, unknown, kind) from None
    return found


def _understood_symptoms(part: str, refused: UnknownTerm) -> list[str]:
    """The symptoms a sentence says; its unknown part refused with suggestions, the
    understood ids carried with the refusal."""
    reading = symptom_reading(part)
    if not reading.found and not reading.unknown:
        raise _unknown_message(part, refused, "symptom") from None
    if reading.unknown:
        term = reading.unknown[0]
        suggestions = suggest(term, "symptom")
        raise UnknownWords(
            f'I do not know the symptom "{term}".',
            term,
            "symptom",
            suggestions,
            list(reading.asserted),
        )
    return list(reading.asserted)


def _read_terms(
    text: str, resolve: Callable[[str], str], kind: str, options: tuple[Symptom, ...] = ()
) -> list[str]:
    """Comma-separated words; for symptoms, an answer not read part by part is read
    whole as a sentence (:mod:`triage.understand`: "clammy, cold, mottled skin")."""
    try:
        return _read_parts(text, resolve, kind, options)
    except (UnknownWords, TemperatureWord) as refused:
        if kind == "condition":
            return _understood_conditions(text, refused)
        if kind != "symptom" or len(split_items(text)) < 2:
            raise
        numbers = [p for p in split_items(text) if p.strip().isdigit()]
        words = ", ".join(p for p in split_items(text) if not p.strip().isdigit())
        chosen = [_numbered(int(n), options) for n in numbers] if options else []
        try:
            found = _understood_symptoms(words, UnknownTerm(words, "symptom", []))
        except UnknownWords as unknown:
            unknown.understood = unique([*chosen, *unknown.understood])
            if not unknown.understood:
                raise refused from None
            raise
        except InvalidAnswer:
            raise refused from None
        return unique([*chosen, *found])


def _understood_conditions(text: str, refused: InvalidAnswer) -> list[str]:
    """Conditions said in a sentence ("he's on treatment for leukaemia"); the refusal
    stands when a part is not understood (a condition is never guessed)."""
    reading = condition_reading(text)
    if not reading.asserted or reading.unknown:
        raise refused
    return list(reading.asserted)


def _read_parts(
    text: str, resolve: Callable[[str], str], kind: str, options: tuple[Symptom, ...] = ()
) -> list[str]:
    """Comma-separated everyday words (and numbers from ``options``), or none.

    A label may itself hold a comma ("red, warm or swollen skin"), so the longest run
    of parts that the vocabulary knows is taken first.
    """
    if clean(text) in NONE_OF_THESE:
        return []
    parts: list[str] = []
    for part in split_items(text):
        tokens = [t for t in re.split(r"[\s&+]+", part) if t and clean(t) != "and"]
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
        if clean(part) in NONE_OF_THESE:
            raise InvalidAnswer('"none" cannot go with other answers')
        for end in range(len(parts), start + 1, -1):
            try:
                chosen.append(resolve(", ".join(parts[start:end])))
            except UnknownTerm:
                continue
            start = end
            break
        else:
            try:
                chosen.extend(_resolve_words(part, resolve, kind))
            except UnknownWords as unknown:
                unknown.understood = unique([*chosen, *unknown.understood])
                raise
            start += 1
    return unique(chosen)


def _numbered(number: int, options: tuple[Symptom, ...]) -> str:
    if number == 0:
        raise InvalidAnswer("0 means none of these, so it cannot go with other answers")
    if number > len(options):
        raise InvalidAnswer(
            f"there is no number {number} in the list. Use 1 to {len(options)}, "
            "or 0 for none of these"
        )
    return options[number - 1].id


def read_checklist(options: Callable[[], tuple[Symptom, ...]]) -> Callable[[str, Slots], list[str]]:
    """Numbers from the list ("1,3", "1 3", "1 and 3"), everyday words, or 0 / none."""

    def parse(text: str, _: Slots) -> list[str]:
        return _read_terms(text, resolve_symptom, "symptom", options())

    return parse


def _condition_or_other(text: str) -> str:
    """A condition id, or the id of a known condition that is not a cause (noted, kept
    out of the case); a condition said as history ("leukaemia in remission") stays as
    typed, so the case keeps it as history; otherwise :class:`UnknownTerm`."""
    try:
        if read_condition(text).history:
            return text.strip()
        return resolve_condition(text)
    except UnknownTerm:
        other = resolve_other_condition(text)
        if other is None:
            raise
        return other


def read_conditions(text: str, _: Slots) -> list[str]:
    return _read_terms(text, _condition_or_other, "condition")


# The rest of a "no ..." sentence that names no medicine ("no I don't take any").
NO_MEDICINE_WORDS = frozenset(
    ("any", "anything", "none", "medicine", "medicines", "meds", "tablets", "pills", "have",
     "take", "taking", "i", "do", "not", "on", "at", "all", "nothing", "regular")
)  # fmt: skip


def read_medications(text: str, _: Slots) -> list[str]:
    if clean(text) in NONE_OF_THESE:
        return []
    sentence = yes_no_and_rest(text)
    if sentence is not None and not sentence[0] and set(sentence[1].split()) <= NO_MEDICINE_WORDS:
        return []
    return _no_bare_numbers(unique(split_items(text)))


def read_named_medicines(text: str, slots: Slots) -> list[str]:
    """Medicine names, or no; a bare yes asks for the names."""
    if clean(text) in YES:
        raise InvalidAnswer("which ones? Type their names, separated by commas")
    return read_medications(text, slots)


def _no_bare_numbers(names: list[str]) -> list[str]:
    """A medicine answer that is only a number was meant for another question."""
    numbers = [name for name in names if re.fullmatch(r"[\d.,\s]+", name)]
    if numbers:
        raise InvalidAnswer(
            f'"{numbers[0]}" is a number, not a medicine name. Type the names of the '
            "medicines, or no"
        )
    return names


SOLID_CANCER = "solid_cancer"  # the condition a dual-use medicine "for cancer" reads
# Words that say a medicine is for cancer (the dual-use question).
FOR_CANCER = {"cancer", "for cancer", "my cancer", "chemo", "chemotherapy", "tumour", "tumor"}


def read_purpose(text: str, slots: Slots) -> list[str]:
    """What a dual-use medicine is for: conditions in the person's words ("cancer" is a
    cancer), or an empty list when it is for something this tool does not know."""
    if clean(text) in FOR_CANCER:
        return [SOLID_CANCER]
    try:
        return read_conditions(text, slots)
    except InvalidAnswer:
        return []


def label(item: str, kind: Literal["symptom", "condition"]) -> str:
    """The plain-words label of a symptom or condition id (or of another condition)."""
    knowledge = load_knowledge()
    if kind == "symptom":
        return knowledge.symptom(item).label
    if any(c.id == item for c in knowledge.conditions):
        return knowledge.condition(item).label
    if any(c.id == item for c in knowledge.other_conditions):
        return knowledge.other_condition(item).label
    return f"{item} (kept as history)"  # a condition said as history, as typed


def labels(ids: Iterable[str], kind: Literal["symptom", "condition"]) -> str:
    return "; ".join(label(item, kind) for item in ids)
