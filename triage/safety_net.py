"""The safety net (clinical-rules.md §9): the changes a person can watch for or measure
that would raise the level of their result.

Each probe names one change in plain words and makes it to the normalised case; the
level of an entry is what the same engine concludes on the changed case, never a
hand-kept table. Only entries above the current level are kept, most urgent first.
"""

from __future__ import annotations

import dataclasses
from collections.abc import Callable
from dataclasses import dataclass

from triage.facts import Finding, TriageLevel
from triage.knowledge import (
    EMERGENCY_GROUP,
    FAST_HEARTBEAT,
    FEELING_UNWELL,
    FEELS_FEVERISH,
    SORE_THROAT,
    load_knowledge,
)
from triage.levels import TRIAGE_LEVELS, TRIAGE_RANK, highest
from triage.models import NormalisedCase
from triage.rules import rule_sort_key
from triage.text import CHILD_COUNT_WORDS, COUNT_WORDS, OLD_COUNT_WORDS, count, degrees
from triage.thresholds import (
    ANC_SMALLEST_STEP,
    BORDERLINE_C,
    FEVER_C,
    LOW_TEMPERATURE_C,
    SAFETY_NET_ANC_LIMITS,
    TEMPERATURE_SMALLEST_STEP,
)

# The findings after which a measured temperature below the fever line still deserves a
# fever entry (§9: neutropenic or at risk; a Duffy-null count of 1,000–1,499 and an
# unknown count are watched too, as they would be for anyone else).
_FEVER_WATCH_FINDINGS = ("neutropenic", "at_risk", "duffy_null_range")
# The emergency symptom that stands for the whole E5 list in the "always" probe.
_EMERGENCY_EXAMPLE = "trouble_breathing"
WARNING_WORDS = "if you get a fever, a sore throat, mouth ulcers or flu-like symptoms"
WARNING_WORDS_NO_FEVER = "if you get a sore throat, mouth ulcers or flu-like symptoms"
# The U8 symptom that stands for the warning-medicine entry.
_WARNING_EXAMPLE = SORE_THROAT


# The triage level the engine gives a (changed) case, and the rules at that level; the
# second argument is the level the answer matters above (below it, it may read lower).
LevelOf = Callable[[NormalisedCase, str], tuple[str, tuple[str, ...]]]


@dataclass(frozen=True)
class SafetyNetEntry:
    words: str  # "if …", plain words for a patient
    level: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Probe:
    """One change to watch for: its words (``child_words`` for a parent, when they
    differ), when it is worth saying, and the change."""

    words: str
    applies: Callable[[NormalisedCase, frozenset[str]], bool]
    change: Callable[[NormalisedCase], NormalisedCase]
    child_words: str = ""

    def words_for(self, case: NormalisedCase) -> str:
        return self.child_words if case.child and self.child_words else self.words


def _with_symptom(symptom_id: str) -> Callable[[NormalisedCase], NormalisedCase]:
    def change(case: NormalisedCase) -> NormalisedCase:
        return dataclasses.replace(case, symptoms=tuple(sorted({*case.symptoms, symptom_id})))

    return change


def _with_temperature(celsius: float) -> Callable[[NormalisedCase], NormalisedCase]:
    return lambda case: dataclasses.replace(case, temperature_c=celsius)


def _with_anc(anc: float) -> Callable[[NormalisedCase], NormalisedCase]:
    # A new count: current, and the value probed.
    return lambda case: dataclasses.replace(
        case, anc=anc, anc_derivation="safety net", days_since_count=None
    )


def _with_long_term_steroids(case: NormalisedCase) -> NormalisedCase:
    return dataclasses.replace(case, steroids_long_term=True)


def _unmeasured(case: NormalisedCase, _: frozenset[str]) -> bool:
    return case.temperature_c is None and FEELS_FEVERISH not in case.symptoms


def _measured_below_borderline(case: NormalisedCase, findings: frozenset[str]) -> bool:
    # Our extension (docs/design.md): an unknown count is watched as a low one would be,
    # and a low temperature as a normal one.
    watched = case.anc is None or any(name in findings for name in _FEVER_WATCH_FINDINGS)
    return (
        watched
        and "fever" not in findings
        and case.temperature_c is not None
        and case.temperature_c < BORDERLINE_C
    )


def _measured_no_fever(case: NormalisedCase, findings: frozenset[str]) -> bool:
    return _measured_below_borderline(case, findings) or (
        "borderline_temperature" in findings and "fever" not in findings
    )


def _at_risk_not_low(case: NormalisedCase, findings: frozenset[str]) -> bool:
    return "at_risk" in findings and "low_temperature" not in findings


def _count_unknown_or_old(case: NormalisedCase, findings: frozenset[str]) -> bool:
    return case.anc is None or "count_not_current" in findings


def _steroid_not_long_term(case: NormalisedCase, _: frozenset[str]) -> bool:
    return not case.steroids_long_term and any(
        use is not None and use.steroid for use in case.medicine_uses
    )


def _warning_medicine_no_sign(case: NormalisedCase, findings: frozenset[str]) -> bool:
    knowledge = load_knowledge()
    return (
        any(use is not None and use.warning_advice for use in case.medicine_uses)
        and "fever" not in findings
        and not any(knowledge.symptom(s).agranulocytosis_sign for s in case.symptoms)
    )


def _no_emergency_symptom(case: NormalisedCase, _: frozenset[str]) -> bool:
    knowledge = load_knowledge()
    return not any(knowledge.symptom(s).group == EMERGENCY_GROUP for s in case.symptoms)


def _at_risk_and_well(case: NormalisedCase, findings: frozenset[str]) -> bool:
    return (
        "at_risk" in findings
        and FEELING_UNWELL not in case.symptoms
        and FAST_HEARTBEAT not in case.symptoms
    )


COUNT_PROBES: tuple[Probe, ...] = tuple(
    Probe(
        f"{COUNT_WORDS} {count(limit)}",
        _count_unknown_or_old,
        _with_anc(limit - ANC_SMALLEST_STEP),
        child_words=f"{CHILD_COUNT_WORDS} {count(limit)}",
    )
    for limit in sorted(SAFETY_NET_ANC_LIMITS, reverse=True)
)
FEVER_PROBE = Probe(
    f"if you get a temperature of {degrees(FEVER_C)} or more",
    _measured_no_fever,
    _with_temperature(FEVER_C),
    child_words=f"if your child gets a temperature of {degrees(FEVER_C)} or more",
)
BORDERLINE_PROBE = Probe(
    f"if your temperature is {degrees(BORDERLINE_C)} or higher",
    _measured_below_borderline,
    _with_temperature(BORDERLINE_C),
    child_words=f"if your child's temperature is {degrees(BORDERLINE_C)} or higher",
)
UNMEASURED_BORDERLINE_PROBE = Probe(
    f"if your temperature is {degrees(BORDERLINE_C)} or higher, or you feel hot, sweaty or shivery",
    _unmeasured,
    _with_temperature(BORDERLINE_C),
    child_words=f"if your child's temperature is {degrees(BORDERLINE_C)} or higher, or they "
    "feel hot, sweaty or shivery",
)
UNMEASURED_FEVER_PROBE = Probe(
    f"if your temperature is {degrees(FEVER_C)} or higher, or you feel hot, sweaty or shivery",
    _unmeasured,
    _with_temperature(FEVER_C),
    child_words=f"if your child's temperature is {degrees(FEVER_C)} or higher, or they "
    "feel hot, sweaty or shivery",
)
# A fever probe says nothing its borderline probe (just before it) has not said at the
# same level: "37.5 °C or higher" takes in 38.0 °C.
SAID_BY_BORDERLINE = {
    UNMEASURED_FEVER_PROBE: UNMEASURED_BORDERLINE_PROBE,
    FEVER_PROBE: BORDERLINE_PROBE,
}
PROBES: tuple[Probe, ...] = (
    UNMEASURED_BORDERLINE_PROBE,
    UNMEASURED_FEVER_PROBE,
    BORDERLINE_PROBE,
    FEVER_PROBE,
    Probe(
        f"if your temperature is below {degrees(LOW_TEMPERATURE_C)}",
        _at_risk_not_low,
        _with_temperature(LOW_TEMPERATURE_C - TEMPERATURE_SMALLEST_STEP),
        child_words=f"if your child's temperature is below {degrees(LOW_TEMPERATURE_C)}",
    ),
    Probe(
        "if you have taken steroid tablets every day for more than two weeks",
        _steroid_not_long_term,
        _with_long_term_steroids,
    ),
    *COUNT_PROBES,
    Probe(
        WARNING_WORDS,
        _warning_medicine_no_sign,
        _with_symptom(_WARNING_EXAMPLE),
    ),
    Probe(
        "if you have trouble breathing, become confused, faint, or have shaking chills",
        _no_emergency_symptom,
        _with_symptom(_EMERGENCY_EXAMPLE),
        child_words="if your child has trouble breathing, becomes confused or floppy, faints, "
        "or has shaking chills",
    ),
    Probe(
        "if you start to feel unwell or your heart is racing",
        _at_risk_and_well,
        _with_symptom(FEELING_UNWELL),
        child_words="if your child starts to seem unwell or their heart is racing",
    ),
)


def level_and_rules(facts: list[object]) -> tuple[str, tuple[str, ...]]:
    """The triage level that facts give, and the rules that gave it (not the default)."""
    levels = [fact for fact in facts if isinstance(fact, TriageLevel)]
    level = highest([fact["level"] for fact in levels], TRIAGE_LEVELS, TRIAGE_LEVELS[0])
    rules = {fact["rule"] for fact in levels if fact["level"] == level}
    return level, tuple(sorted(rules, key=rule_sort_key))


def safety_net(
    case: NormalisedCase, facts: list[object], level_of: LevelOf
) -> list[SafetyNetEntry]:
    """The entries above the level ``facts`` give for ``case``; ``level_of`` runs the
    engine on a changed case (:func:`level_and_rules` of its facts; the engine may take
    shortcuts that give the same answer, see ``Assessor.probe``). An unknown count is
    probed below 1,500, 1,000 and 500: "below 500" is said whenever it raises the level
    (§9), and a higher limit when it is the highest one to reach its level, so that no
    count that already raises the level reads as safe (a fever with a count of 800 is an
    emergency, not only one below 500)."""
    level, _ = level_and_rules(facts)
    if level == TRIAGE_LEVELS[-1]:
        return []  # nothing is above the highest level: no probe needs a run
    findings = frozenset(fact["name"] for fact in facts if isinstance(fact, Finding))
    entries: list[SafetyNetEntry] = []
    reached_by_a_higher_limit: set[str] = set()
    raised: dict[Probe, str] = {}
    for probe in PROBES:
        if not probe.applies(case, findings):
            continue
        new_level, rules = level_of(probe.change(case), level)
        if TRIAGE_RANK[new_level] <= TRIAGE_RANK[level]:
            continue
        raised[probe] = new_level
        said_by = SAID_BY_BORDERLINE.get(probe)
        if said_by is not None and raised.get(said_by) == new_level:
            continue  # "37.5 °C or higher" already says it, at the same level
        if probe.applies is _count_unknown_or_old:  # the limits come highest first
            lowest = probe is COUNT_PROBES[-1]
            if new_level in reached_by_a_higher_limit and not lowest:
                continue
            reached_by_a_higher_limit.add(new_level)
        words = probe.words_for(case)
        if probe.applies is _count_unknown_or_old and case.anc is not None:
            words = words.replace(COUNT_WORDS, OLD_COUNT_WORDS)
        entries.append(SafetyNetEntry(words, new_level, rules))
    entries = _one_line_per_sign(entries, raised, case)
    # Most urgent first; equal levels keep the order of the probes (spec order).
    return sorted(entries, key=lambda entry: -TRIAGE_RANK[entry.level])


def _one_line_per_sign(
    entries: list[SafetyNetEntry], raised: dict[Probe, str], case: NormalisedCase
) -> list[SafetyNetEntry]:
    """A sign is named at one level only (clinical-rules §10: no two actions for one
    sign): feeling hot or shivery stays with the fever line when the borderline line
    reads a lower level, and a fever is left out of the warning-medicine line when the
    fever line says it already."""
    fever_level = raised.get(UNMEASURED_FEVER_PROBE) or raised.get(FEVER_PROBE)
    kept = []
    for entry in entries:
        words = entry.words
        unmeasured = UNMEASURED_BORDERLINE_PROBE.words_for(case)
        if words == unmeasured and fever_level and fever_level != entry.level:
            words = BORDERLINE_PROBE.words_for(case)
        if words == WARNING_WORDS and fever_level:
            words = WARNING_WORDS_NO_FEVER
        kept.append(dataclasses.replace(entry, words=words))
    return kept
