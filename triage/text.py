"""Text shared by every screen: the width, wrapping, number formats, and the words a
patient reads about what to do (the action block and the safety net).

Every command and page builds its patient text from here, so `assess`, `interview`,
`batch` text output and the reports say the same thing in the same words
(clinical-rules.md §9, §10). Numbers come from :mod:`triage.thresholds`.
"""

from __future__ import annotations

import re
import textwrap
from collections.abc import Mapping
from dataclasses import dataclass
from typing import TYPE_CHECKING, Any

from triage.knowledge import ActionAudience, load_knowledge
from triage.thresholds import FAHRENHEIT_AS_TAUGHT, REMEASURE_WORDS

if TYPE_CHECKING:  # the assessment module imports this one
    from triage.assessment import Assessment

WIDTH = 78  # fits an 80-column terminal with a margin: the widest text ever wrapped
MIN_WIDTH = 30  # the narrowest: below this a terminal is too narrow to read anything


def width_for(columns: int) -> int:
    """The width to wrap to on a terminal of ``columns`` columns: the same 2-column
    margin as :data:`WIDTH` on 80 columns, never wider than :data:`WIDTH` nor narrower
    than :data:`MIN_WIDTH`. The library never asks the terminal: a command line finds
    its columns (``shutil.get_terminal_size``) and passes the width down."""
    return max(MIN_WIDTH, min(WIDTH, columns - 2))


# Units stay on the line of their number when text is wrapped ("38.4 °C", "10 days").
KEEP_TOGETHER = ("°C", "°F", "cells/µL", "×10⁹/L", "%", "days", "hours")
_NUMBER_AND_UNIT = re.compile(
    r"(?<=\d) (?=(?:" + "|".join(re.escape(unit) for unit in KEEP_TOGETHER) + r")(?![\w/]))"
)
_NO_BREAK = "\u00a0"


def wrap(text: str, indent: str = "", first: str | None = None, width: int = WIDTH) -> list[str]:
    """``text`` wrapped at words to ``width``; ``first`` is the first line's indent
    (a bullet such as ``"  - "``), ``indent`` every other line's. A line break (of a
    TOML text, with the spaces around it) reads as one space, a number keeps its unit
    and a `command` stays on one line.

    The one wrapping helper of the package: every screen and page wraps through it."""
    # Leading spaces stay (an indented list line); line breaks inside read as spaces.
    text = re.sub(r"\s*\n\s*", " ", text.strip("\n")).rstrip()
    text = re.sub(r"`[^`]+`", lambda code: code[0].replace(" ", _NO_BREAK), text)
    text = _NUMBER_AND_UNIT.sub(_NO_BREAK, text)
    lines = textwrap.wrap(
        text,
        width=width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
        break_long_words=True,
    ) or [(first if first is not None else indent).rstrip()]
    return [line.replace(_NO_BREAK, " ") for line in lines]


def fill(text: str, indent: str = "", first: str | None = None, width: int = WIDTH) -> str:
    """:func:`wrap` joined into one string (for ``click.echo``)."""
    return "\n".join(wrap(text, indent, first, width))


def wrap_lines(text: str, indent: str = "", width: int = WIDTH) -> str:
    """Each line of ``text`` wrapped with :func:`wrap` (empty lines kept): for a
    message of several lines, such as a paragraph and a list."""
    return "\n".join(
        "\n".join(wrap(line, indent, width=width)) if line else "" for line in text.split("\n")
    )


def hanging(label: str, text: str, width: int = WIDTH) -> str:
    """``text`` wrapped after ``label`` ("  2. "), later lines indented under the text."""
    return "\n".join(wrap(text, " " * len(label), label, width))


def bullets(
    items: list[str], indent: str = "    ", first: str = "  - ", width: int = WIDTH
) -> list[str]:
    """One wrapped bullet line (or more) per item."""
    return [line for item in items for line in wrap(item, indent, first, width)]


def cells(anc: float) -> str:
    """An ANC in cells/µL as people read it: 800 cells/µL, 1,250 cells/µL."""
    return f"{anc:,.0f} cells/µL" if float(anc).is_integer() else f"{anc:,.1f} cells/µL"


def count(anc: float) -> str:
    """A threshold as a bare number: 1,000."""
    return f"{anc:,.0f}"


def degrees(celsius: float) -> str:
    """A temperature in °C and °F; thresholds in the °F figures patients are taught."""
    fahrenheit = FAHRENHEIT_AS_TAUGHT.get(celsius, celsius * 9 / 5 + 32)
    return f"{celsius:.1f} °C ({fahrenheit:.1f} °F)"


def join_words(items: list[str], last: str = "or") -> str:
    """a, b or c."""
    if len(items) <= 1:
        return "".join(items)
    return ", ".join(items[:-1]) + f" {last} " + items[-1]


# --- Rejections in plain words -----------------------------------------------------------


def _limit(value: object) -> str:
    number = float(value)  # type: ignore[arg-type]
    return f"{number:,.0f}" if number.is_integer() else f"{number:g}"


# pydantic's error types, as a nurse would say them; {…} are the error's context.
_VALIDATION_WORDS = {
    "greater_than_equal": "must be {ge} or more",
    "greater_than": "must be more than {gt}",
    "less_than_equal": "must be {le} or less",
    "less_than": "must be less than {lt}",
    "int_from_float": "must be a whole number",
    "int_parsing": "must be a whole number",
    "int_type": "must be a whole number",
    "float_parsing": "must be a number, like 1200, 1,200 or 0.8",
    "float_type": "must be a number, like 1200, 1,200 or 0.8",
    "finite_number": "must be a number, like 1200, 1,200 or 0.8",
    "bool_parsing": "must be yes or no (true/false, 1/0)",
    "bool_type": "must be yes or no (true/false, 1/0)",
    "literal_error": "must be {expected}",
    "string_too_long": "is too long: at most {max_length} characters",
    "string_type": "must be text",
    "list_type": "must be a list (or one text with items separated by ;)",
}


def plain_validation_message(item: Mapping[str, Any]) -> str:
    """One pydantic error (an item of ``ValidationError.errors()``) in plain words:
    "must be 0 or more", not "Input should be greater than or equal to 0"."""
    template = _VALIDATION_WORDS.get(str(item.get("type")))
    if template is None:
        return str(item.get("msg", "")).removeprefix("Value error, ")
    context = dict(item.get("ctx") or {})
    for key in ("ge", "gt", "le", "lt"):
        if key in context:
            context[key] = _limit(context[key])
    if "expected" in context:
        context["expected"] = str(context["expected"]).replace("'", "")
    try:
        return template.format(**context)
    except (KeyError, IndexError):
        return str(item.get("msg", ""))


# --- What to do: the action block (clinical-rules §9, §10) ------------------------------

EMERGENCY_SERVICES_NOTE = (
    "For trouble breathing, confusion or fainting, call emergency services (such as "
    "911, 999 or 112)."
)
POSSIBLE_FEVER_NOTE = (
    "You feel hot, sweaty or shivery, so this counts as a possible fever. Take your "
    "temperature if you can, but do not wait for it to get care."
)
POSSIBLE_FEVER_WITH_READING_NOTE = (
    "You feel hot, sweaty or shivery, so this counts as a possible fever whatever the "
    "reading. Take your temperature again now, but do not wait for it to get care."
)
POSSIBLE_FEVER_NOTE_LATER = (
    "You feel hot, sweaty or shivery, so this counts as a possible fever. Take your "
    "temperature now if you can."
)
# What to tell emergency staff, only when it is true or may be (never for a normal count).
TELL_LOW_COUNT = "Tell them your neutrophil count is low."
TELL_MAYBE_LOW_COUNT = "Tell them you may have a low neutrophil count."
TELL_LOW_COUNT_CHILD = "Tell them your child's neutrophil count is low."
TELL_MAYBE_LOW_COUNT_CHILD = "Tell them your child may have a low neutrophil count."
CHECK_TEMPERATURE = "take your temperature"
# For someone at risk, "if you feel unwell" is a reason to get care now, not to measure
# (clinical-rules §10: one action per sign): they measure again at a set time.
CHECK_TEMPERATURE_AGAIN_AT_RISK = f"take your temperature again in {REMEASURE_WORDS}"
CHECK_TEMPERATURE_AGAIN = "take your temperature again if you feel unwell"
CHECK_COUNT = "ask your care team for your latest neutrophil count (ANC)"
WATCH_SIGNS = "watch for the signs below"
COUNT_WORDS = "if your count is below"  # the safety net's count probes (safety_net.py)
CHILD_COUNT_WORDS = "if your child's count is below"
OLD_COUNT_WORDS = "ask for a new count: if it is below"  # the count given is not current
ALL_COUNT_WORDS = (COUNT_WORDS, CHILD_COUNT_WORDS, OLD_COUNT_WORDS)


def audience(assessment: Assessment) -> ActionAudience:
    """Whose wording of the action fits this person (clinical-rules §10): emergency
    services first for breathing trouble, confusion or fainting; the cancer team's line
    for someone who has had chemotherapy (a date of the last dose, or being treated now)
    or has a cancer condition; otherwise everyone's. A chemotherapy drug listed without a
    date (rule N15, also methotrexate for arthritis) raises the level but is no sign of
    a cancer team."""
    run = assessment.run
    if run is None:
        return "everyone"
    knowledge = load_knowledge()
    if assessment.triage == "emergency" and any(
        knowledge.symptom(s).emergency_services_first for s in run.case.symptoms
    ):
        return "emergency_services"
    from triage.facts import Finding  # here: wrapping text must not load the engine

    findings = {fact["name"] for fact in run.facts if isinstance(fact, Finding)}
    conditions = [knowledge.condition(c) for c in run.case.conditions]
    if "recent_chemo" in findings or any(c.cancer_care for c in conditions):
        return "cancer_team"
    if any(c.transplant_team for c in conditions):
        return "transplant_team"
    return "everyone"


def possible_fever(assessment: Assessment) -> bool:
    """A fever finding without a measured fever: the person feels feverish (with no
    reading, or at risk, or beside a borderline reading)."""
    from triage.facts import Finding

    run = assessment.run
    return (
        assessment.fever is not True
        and run is not None
        and any(isinstance(fact, Finding) and fact["name"] == "fever" for fact in run.facts)
    )


@dataclass(frozen=True)
class NetLevel:
    """One level of the safety net: its heading ("Get care now if") and its changes."""

    level: str
    heading: str
    conditions: tuple[str, ...]
    note: str | None = None  # the emergency-services note under the emergency level


@dataclass(frozen=True)
class ActionParts:
    """The action block as unwrapped parts, for a screen that lays them out itself (a
    web page); :func:`action_block` is the same parts as wrapped text lines."""

    level: str
    headline: str
    text: str
    notes: tuple[str, ...]
    check_now: str | None  # the "Check now: …." sentence (with a safety net)
    net: tuple[NetLevel, ...]


def action_parts(assessment: Assessment) -> ActionParts:
    """The action (its headline and text for this person), the notes under it, and the
    safety net: what to check now and each level's changes."""
    action = load_knowledge().action(assessment.triage, audience(assessment))
    child = assessment.run is not None and assessment.run.case.child
    text = action.child_text if child and action.child_text else action.text
    notes: tuple[str, ...] = _medicine_notes(assessment)
    if possible_fever(assessment):
        soon_enough = assessment.triage in ("urgent", "emergency")
        if assessment.fever is False:
            notes += (POSSIBLE_FEVER_WITH_READING_NOTE,)
        else:
            notes += (POSSIBLE_FEVER_NOTE if soon_enough else POSSIBLE_FEVER_NOTE_LATER,)
    if assessment.triage == "emergency":
        notes += _what_to_tell(assessment)
    check_now, net = _safety_net_parts(assessment)
    return ActionParts(assessment.triage, action.headline, text, notes, check_now, net)


# What a patient does about a medicine with an agranulocytosis warning (clinical-rules
# §10), by the lexicon's advice; the rule's own words, named for the medicine.
def _medicine_notes(assessment: Assessment) -> tuple[str, ...]:
    from triage.rules.urgent import WARNING_ADVICE

    run = assessment.run
    if run is None or not any(item.rule == "U8" for item in assessment.explanation):
        return ()
    notes = []
    for match, use in zip(run.case.medications, run.case.medicine_uses, strict=True):
        if match.drug is not None and use is not None and use.warning_advice:
            advice = WARNING_ADVICE[use.warning_advice]
            sentence = f"{advice[0].upper()}{advice[1:]}".rstrip(".")
            notes.append(f"Because you take {match.drug.generic}: {sentence}.")
    return tuple(dict.fromkeys(notes))


def _what_to_tell(assessment: Assessment) -> tuple[str, ...]:
    """What to tell emergency staff about the count: that it is low when it is, that it
    may be when it is unknown after chemotherapy or with a neutropenia-prone history."""
    from triage.facts import Finding  # here: wrapping text must not load the engine

    run = assessment.run
    findings = {fact["name"] for fact in run.facts if isinstance(fact, Finding)} if run else set()
    child = run is not None and run.case.child
    if "neutropenic" in findings:
        return (TELL_LOW_COUNT_CHILD if child else TELL_LOW_COUNT,)
    if assessment.anc_cells_per_ul is None and findings & {"recent_chemo", "neutropenia_prone"}:
        return (TELL_MAYBE_LOW_COUNT_CHILD if child else TELL_MAYBE_LOW_COUNT,)
    return ()


def _has_finding(assessment: Assessment, name: str) -> bool:
    from triage.facts import Finding

    run = assessment.run
    return run is not None and any(
        isinstance(fact, Finding) and fact["name"] == name for fact in run.facts
    )


def _safety_net_parts(assessment: Assessment) -> tuple[str | None, tuple[NetLevel, ...]]:
    if not assessment.safety_net:
        return None, ()
    knowledge = load_knowledge()
    checks = []
    if assessment.fever is None:  # not measured, whether or not the person feels feverish
        checks.append(CHECK_TEMPERATURE)
    elif assessment.fever is False:
        at_risk = any(
            entry.condition.startswith(("if you start to feel unwell", "if your child starts"))
            for entry in assessment.safety_net
        ) or _has_finding(assessment, "at_risk")
        checks.append(CHECK_TEMPERATURE_AGAIN_AT_RISK if at_risk else CHECK_TEMPERATURE_AGAIN)
    if assessment.anc_cells_per_ul is None:
        checks.append(CHECK_COUNT)
    checks.append(WATCH_SIGNS)
    levels = []
    for level in ("emergency", "urgent", "soon"):
        entries = [entry for entry in assessment.safety_net if entry.triage == level]
        if not entries:
            continue
        # "below 1,000" says all that "below 500" says at the same level: one line.
        counts = [
            e
            for e in entries
            if e.condition.startswith((COUNT_WORDS, CHILD_COUNT_WORDS, OLD_COUNT_WORDS))
        ]
        entries = [entry for entry in entries if entry not in counts[1:]]
        levels.append(
            NetLevel(
                level,
                knowledge.action(level).if_heading,
                tuple(entry.condition.removeprefix("if ") for entry in entries),
                EMERGENCY_SERVICES_NOTE if level == "emergency" else None,
            )
        )
    check_now = f"Check now: {join_words(checks, 'and')}."
    if assessment.run is not None and assessment.run.case.child:
        check_now = check_now.replace("your temperature", "your child's temperature").replace(
            "your latest", "your child's latest"
        )
    return check_now, tuple(levels)


def action_block(assessment: Assessment, width: int = WIDTH) -> list[str]:
    """The action first (an emergency unmissable), then the safety net right under it:
    what to check now and when to get care sooner. Every screen shows this block."""
    parts = action_parts(assessment)
    notes = [line for note in parts.notes for line in wrap(note, width=width)]
    text = wrap(parts.text, width=width)
    if parts.level == "emergency":
        bar = "!" * width
        headline = f"!!  {parts.headline}  !!".center(width).rstrip()
        lines = [bar, headline, *text, *notes, bar]
    else:
        lines = [f">> {parts.headline}", *text, *notes]
    return lines + safety_net_lines(assessment, parts, width)


def action_line(assessment: Assessment, width: int = WIDTH) -> list[str]:
    """The action again in one sentence, marked as at the top ("!!" for an emergency,
    ">>" otherwise): ">> Contact a provider today: call your doctor or care team
    today." A long result ends with it, so the action is still on the screen when the
    top has scrolled away."""
    parts = action_parts(assessment)
    sentence = re.split(r"(?<=\.)\s", parts.text.strip(), maxsplit=1)[0]
    marker = "!!" if parts.level == "emergency" else ">>"
    text = f"{marker} {parts.headline}: {sentence[:1].lower()}{sentence[1:]}"
    return wrap(text, "   ", "", width)


def safety_net_lines(
    assessment: Assessment, parts: ActionParts | None = None, width: int = WIDTH
) -> list[str]:
    """The safety net for a patient: what to check now, then each level's changes."""
    parts = parts or action_parts(assessment)
    if parts.check_now is None:
        return []
    lines = ["", *wrap(parts.check_now, width=width)]
    for level in parts.net:
        lines += wrap(f"{level.heading}:", width=width)
        lines += bullets(list(level.conditions), width=width)
        if level.note:
            lines += wrap(level.note, "  ", "  ", width)
    return lines
