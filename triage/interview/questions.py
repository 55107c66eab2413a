"""The questions as data (:data:`QUESTIONS`, walked in order, each with an ``applies``
condition, a ``note`` that echoes the answer as understood, and the ``rules`` that use
it), and the checklists.

The interview's other jobs have their own modules, and their names stay importable
from here: :mod:`triage.interview.case` (what the answers mean so far:
:func:`build_case`, :func:`active`, the conditions under which a question applies),
:mod:`triage.interview.notes` (the answers in plain words: the "Noted:" lines, the
summary's :data:`SUMMARY_FIELDS` and :func:`field_value`) and
:mod:`triage.interview.help` (what ``why`` and ``?`` show).
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from triage.facts import (
    Age,
    Chemotherapy,
    Condition,
    Count,
    CountAge,
    FeverDuration,
    LongTermSteroids,
    Medication,
    NeutropeniaDuration,
    Person,
    Temperature,
)
from triage.interview.answers import (
    PERCENT,
    Slots,
    infection_sign_options,
    number_text,
    on_chemotherapy_condition,
    read_age,
    read_anc,
    read_anc_unit,
    read_bands,
    read_checklist,
    read_conditions,
    read_days,
    read_days_ago,
    read_hours,
    read_medications,
    read_named_medicines,
    read_percent,
    read_purpose,
    read_temperature,
    read_temperature_unit,
    read_wbc,
    read_wbc_unit,
    read_yes_no,
    red_flag_options,
)
from triage.interview.case import (
    PENDING,
    active,
    anc_confirm_applies,
    anc_reading,
    anc_unit_applies,
    build_case,
    count_date_applies,
    count_fields,
    current_anc,
    dual_use_drugs,
    engine_condition,
    fever_applies,
    is_child,
    low_count,
    other_conditions,
    purpose_applies,
    steroid_applies,
    steroid_later_applies,
    temperature_reading,
    wbc_applies,
    wbc_reading,
    wbc_unit_applies,
)
from triage.interview.help import WHY_IN_FULL, help_text, rules_using, why_text
from triage.interview.notes import (
    SUMMARY_FIELDS,
    UNIT_FIELDS,
    field_value,
    note_age,
    note_anc,
    note_bands,
    note_conditions,
    note_count_days,
    note_days_since_chemo,
    note_duffy,
    note_fever_hours,
    note_feverish,
    note_immune_medicines,
    note_medications,
    note_neutropenia_days,
    note_neutrophil_pct,
    note_on_chemo,
    note_purpose,
    note_steroid_course,
    note_symptoms,
    note_temperature,
    note_temperature_unit,
    note_wbc,
    note_wbc_unit,
    other_label,
)
from triage.knowledge import (
    EMERGENCY_GROUP,
    FEELING_UNWELL,
    FEELS_FEVERISH,
    INFECTION_SIGN_GROUP,
    Symptom,
    load_knowledge,
)
from triage.text import degrees
from triage.thresholds import (
    ANC_NEUTROPENIA,
    ANC_SEVERE,
    BORDERLINE_C,
    CELLS_PER_GIGA,
    FEVER_C,
    LONG_TERM_STEROID_DAYS,
)

__all__ = [  # the names defined here, and those that moved out (still importable here)
    "CHECKLISTS",
    "COUNT_EXPLAIN",
    "COUNT_RULES",
    "FEVER_WORDS",
    "PENDING",
    "QUESTIONS",
    "QUESTION_BY_KEY",
    "SUMMARY_FIELDS",
    "TEMPERATURE_RULES",
    "UNIT_FIELDS",
    "WHY_IN_FULL",
    "Options",
    "Question",
    "Text",
    "active",
    "anc_reading",
    "build_case",
    "count_fields",
    "current_anc",
    "engine_condition",
    "field_value",
    "help_text",
    "other_conditions",
    "other_label",
    "temperature_reading",
    "wbc_reading",
    "why_text",
]

FEVER_WORDS = degrees(FEVER_C)


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
    child_text: str = ""  # the question for a parent, once the age is under 16

    def render(self, text: Text, slots: Slots) -> str:
        return text(slots) if callable(text) else text

    def text_for(self, slots: Slots) -> Text:
        """The question as a parent reads it when the person is a child (clinical-rules
        §10), otherwise as it is."""
        return self.child_text if self.child_text and is_child(slots) else self.text


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


STEROID_EXPLAIN = (
    f"Steroid tablets taken every day for more than {LONG_TERM_STEROID_DAYS // 7} weeks "
    "weaken the body's defences against infection and can hide a fever. A short course "
    "(a few days) does not."
)


def _steroid_text(slots: Slots) -> str:
    return (
        f"Have you taken steroid tablets or injections every day for more than "
        f"{LONG_TERM_STEROID_DAYS // 7} weeks? (yes / no)"
    )


def _steroid_question(key: str, applies: Callable[[Slots], bool]) -> Question:
    """How long a steroid has been taken: asked once, where the steroid is first named
    (among the immune-weakening medicines, or the others)."""
    return Question(
        key=key,
        group="medications",
        text=_steroid_text,
        example="yes (or: no)",
        explain=STEROID_EXPLAIN,
        accepted="yes, no, or don't know.",
        rules=rules_using(LongTermSteroids),
        parse=read_yes_no,
        applies=applies,
        note=note_steroid_course,
    )


def _purpose_text(slots: Slots) -> str:
    names = " and ".join(dual_use_drugs(slots))
    return f"What do you take {names} for? For example: cancer, rheumatoid arthritis, psoriasis."


def _temperature_unit_text(slots: Slots) -> str:
    return (
        f"Is {number_text(slots['temperature'].value)} in °C (Celsius) or °F (Fahrenheit)? "
        "Type C or F."
    )


_EMERGENCY_IDS = [s.id for s in load_knowledge().symptoms if s.group == EMERGENCY_GROUP]
_INFECTION_SIGN_IDS = [s.id for s in load_knowledge().symptoms if s.group == INFECTION_SIGN_GROUP]
COUNT_RULES = rules_using(Count)
TEMPERATURE_RULES = rules_using(Temperature)

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
        rules=rules_using(symptoms=[*_EMERGENCY_IDS, FEELING_UNWELL]),
        parse=read_checklist(red_flag_options),
        note=note_symptoms,
    ),
    Question(
        key="temperature",
        group="temperature",
        child_text=(
            "Have you taken your child's temperature today? If yes, type the highest reading."
            " If not, type no."
        ),
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
        note=note_temperature,
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
        note=note_temperature_unit,
    ),
    Question(
        key="feverish",
        group="temperature",
        child_text=(
            "Does your child feel hot, sweaty or shivery, or do you think they have a "
            "temperature? (yes / no)"
        ),
        text=("Do you feel hot, sweaty or shivery, or think you have a temperature? (yes / no)"),
        example="yes (or: no)",
        explain=(
            "Without a thermometer, feeling hot, sweaty or shivery is the best sign of a "
            "fever. To be safe, it counts as a possible fever until you can measure it."
        ),
        accepted="yes, no, or don't know.",
        rules=rules_using(symptoms=[FEELS_FEVERISH]),
        parse=read_yes_no,
        # Not asked again when the first checklist already said it ("shivery").
        applies=lambda slots: (
            "temperature" in slots
            and slots["temperature"] is None
            and FEELS_FEVERISH not in (active(slots, "red_flags") or [])
        ),
        note=note_feverish,
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
        rules=rules_using(FeverDuration),
        parse=read_hours,
        applies=fever_applies,
        note=note_fever_hours,
    ),
    Question(
        key="anc",
        group="count",
        child_text=(
            "What is your child's neutrophil count? On a blood test printout it may be called"
            " ANC, absolute neutrophils, NEUT# or neutrophils (absolute). Type the number as "
            "written. If you do not have it, type: don't know."
        ),
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
        note=note_anc,
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
        applies=anc_confirm_applies,
        dont_know=False,
        note=lambda value, slots: note_anc(slots["anc"], slots) if value else None,
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
        applies=anc_unit_applies,
        dont_know=False,
        note=lambda value, slots: (
            "That is the neutrophil percentage, not the count. I will ask for the white "
            "cell count and the percentage instead."
            if value == PERCENT
            else note_anc(slots["anc"], slots)
        ),
    ),
    Question(
        key="wbc",
        group="count",
        child_text=(
            "Do you have your child's full blood count (FBC, also called CBC) printout? If "
            "yes, type the white cell count (WBC). If not, type no."
        ),
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
        applies=wbc_applies,
        note=note_wbc,
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
        applies=wbc_unit_applies,
        dont_know=False,
        note=note_wbc_unit,
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
        note=note_neutrophil_pct,
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
        note=note_bands,
    ),
    Question(
        key="count_days",
        group="count",
        text="When was this blood test taken? (today, yesterday, 3 days ago)",
        example="today (or: 3 days ago)",
        explain=(
            "A count can fall within days, especially one to two weeks after cancer "
            "treatment. An older count is still used, but it cannot show that all is well now."
        ),
        accepted="today, yesterday, a number of days (3) or weeks (1 week); or don't know.",
        rules=rules_using(CountAge),
        parse=read_days_ago,
        applies=count_date_applies,
        note=note_count_days,
    ),
    Question(
        key="on_chemo",
        group="treatment",
        text=(
            "Have you had any cancer treatment in the last 6 weeks, or is more planned? "
            "This means chemotherapy, immunotherapy, targeted therapy, tablets for cancer "
            "(not hormone tablets) or radiotherapy. (yes / no / not sure)"
        ),
        example="yes (or: no, not sure)",
        explain=(
            "Cancer treatment lowers the body's defences against infection for some days "
            "or weeks after each dose. After recent treatment, a temperature of "
            f"{degrees(BORDERLINE_C)} or more, or feeling unwell, needs care straight away."
        ),
        accepted="yes, no, or not sure.",
        rules=rules_using(conditions=[on_chemotherapy_condition()]),
        parse=read_yes_no,
        note=note_on_chemo,
    ),
    Question(
        key="days_since_chemo",
        group="treatment",
        text="How many days ago was your last cancer treatment (a dose or a radiotherapy session)?",
        example="10 (or: today, yesterday, 2 weeks)",
        explain=(
            "The count is usually lowest one to two weeks after a dose. Within about 6 "
            "weeks of a dose, treatment counts as recent."
        ),
        accepted="a number of days (10), today, yesterday, weeks (2 weeks); or don't know.",
        rules=rules_using(Chemotherapy),
        parse=read_days,
        applies=lambda slots: active(slots, "on_chemo") is True,
        note=note_days_since_chemo,
    ),
    Question(
        key="immune_medicines",
        group="medications",
        text=(
            "Do you take any medicine that weakens the immune system? For example steroid "
            "tablets (prednisolone), medicines after a transplant (tacrolimus), or "
            "methotrexate, azathioprine or a biologic for arthritis, Crohn's or MS. Type "
            "their names, or no."
        ),
        example="prednisolone 10 mg (or: no)",
        explain=(
            "These medicines lower the body's defences, and steroids can hide a fever. "
            "Someone who takes them and becomes unwell needs care straight away."
        ),
        accepted="medicine names, separated by commas; or no; or don't know.",
        rules=rules_using(Medication),
        parse=read_named_medicines,
        note=note_immune_medicines,
    ),
    _steroid_question("steroid_course", steroid_applies),
    Question(
        key="symptoms",
        group="symptoms",
        child_text="Does your child have any of these?",
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
        rules=rules_using(symptoms=_INFECTION_SIGN_IDS),
        parse=read_checklist(infection_sign_options),
        note=note_symptoms,
    ),
    Question(
        key="conditions",
        group="conditions",
        child_text=(
            "Does your child have any health conditions that can lower the blood count? For "
            "example leukaemia, lupus, rheumatoid arthritis, HIV or low vitamin B12. Type "
            "them in your own words, separated by commas. If none, type: none."
        ),
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
        rules=rules_using(Condition),
        parse=read_conditions,
        note=note_conditions,
    ),
    Question(
        key="medications",
        group="medications",
        child_text=(
            "Which other medicines does your child take? Type their names, separated by "
            "commas. Doses are fine. If none, type: none."
        ),
        text=(
            "Which other medicines do you take? Type their names, separated by commas. "
            "Doses are fine. If none, type: none."
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
        rules=rules_using(Medication),
        parse=read_medications,
        note=note_medications,
    ),
    _steroid_question("steroid_course_later", steroid_later_applies),
    Question(
        key="purpose",
        group="medications",
        text=_purpose_text,
        example="rheumatoid arthritis (or: cancer)",
        explain=(
            "Some medicines are used both for cancer and, at lower doses, for other "
            "conditions. After cancer treatment the advice is different, so until you say, "
            "the medicine counts as cancer treatment, to be safe."
        ),
        accepted="what it is for in your own words (cancer, rheumatoid arthritis, psoriasis).",
        rules=rules_using(Medication),
        parse=read_purpose,
        applies=purpose_applies,
        note=note_purpose,
    ),
    Question(
        key="neutropenia_days",
        group="duration",
        child_text="How many days has your child's count been this low?",
        text="How many days has your count been this low?",
        example="10 (or: 2 weeks)",
        explain=(
            "A very low count that lasts more than a week raises the risk of infection further."
        ),
        accepted="a number of days (10) or weeks (2 weeks); or don't know.",
        rules=rules_using(NeutropeniaDuration),
        parse=read_days,
        applies=low_count(None, ANC_SEVERE),
        note=note_neutropenia_days,
    ),
    Question(
        key="duffy_null",
        group="duffy",
        child_text=(
            "Has a doctor told you that your child has the Duffy-null blood type? (yes / no /"
            " don't know)"
        ),
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
        rules=rules_using(Person),
        parse=read_yes_no,
        applies=low_count(ANC_SEVERE, ANC_NEUTROPENIA),
        note=note_duffy,
    ),
    Question(
        key="age",
        group="age",
        text=(
            "How old is the person who is unwell? Type the age in years, or in months for "
            "a baby (5 months). If you prefer not to say, type: skip."
        ),
        example="54 (or: 5 months)",
        explain=(
            "For a child under 16 or a baby under 3 months the advice is different (a "
            "temperature of 37.5 °C after treatment, a fever in a young baby). A nurse may also "
            "use it in a risk score (MASCC)."
        ),
        accepted="the age in whole years (54), or months for a baby (5 months); or skip.",
        rules=rules_using(Age),
        parse=read_age,
        note=note_age,
    ),
)
# The order they are asked: what changes the level most first (warning signs, cancer
# treatment and immune-weakening medicines, age, temperature), then the counts.
ORDER = (
    "red_flags", "on_chemo", "days_since_chemo", "immune_medicines", "steroid_course", "age",
    "temperature", "temperature_unit", "feverish", "fever_hours",
    "anc", "anc_confirm", "anc_unit", "wbc", "wbc_unit", "neutrophil_pct", "band_pct",
    "count_days", "symptoms", "conditions", "medications", "steroid_course_later", "purpose",
    "neutropenia_days", "duffy_null",
)  # fmt: skip
QUESTIONS = tuple(sorted(QUESTIONS, key=lambda question: ORDER.index(question.key)))
QUESTION_BY_KEY: dict[str, Question] = {q.key: q for q in QUESTIONS}
CHECKLISTS = ("red_flags", "symptoms")  # symptom questions whose vague words are confirmed
