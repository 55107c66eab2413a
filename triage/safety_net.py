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
from triage.knowledge import EMERGENCY_GROUP, FEELING_UNWELL, FEELS_FEVERISH, load_knowledge
from triage.levels import TRIAGE_LEVELS, TRIAGE_RANK, highest
from triage.models import NormalisedCase
from triage.rules import rule_sort_key
from triage.text import COUNT_WORDS, count, degrees
from triage.thresholds import (
    ANC_SMALLEST_STEP,
    FEVER_C,
    SAFETY_NET_ANC_LIMITS,
)

# The findings after which a measured temperature below the fever line still deserves a
# fever entry (§9 names the first three; a Duffy-null count of 1,000–1,499 is watched
# too, as it would be for anyone else).
_FEVER_WATCH_FINDINGS = ("neutropenic", "recent_chemo", "neutropenia_prone", "duffy_null_range")
# The emergency symptom that stands for the whole E5 list in the "always" probe.
_EMERGENCY_EXAMPLE = "trouble_breathing"


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
    """One change to watch for: its words, when it is worth saying, and the change."""

    words: str
    applies: Callable[[NormalisedCase, frozenset[str]], bool]
    change: Callable[[NormalisedCase], NormalisedCase]


def _with_symptom(symptom_id: str) -> Callable[[NormalisedCase], NormalisedCase]:
    def change(case: NormalisedCase) -> NormalisedCase:
        return dataclasses.replace(case, symptoms=tuple(sorted({*case.symptoms, symptom_id})))

    return change


def _with_temperature(celsius: float) -> Callable[[NormalisedCase], NormalisedCase]:
    return lambda case: dataclasses.replace(case, temperature_c=celsius)


def _with_anc(anc: float) -> Callable[[NormalisedCase], NormalisedCase]:
    return lambda case: dataclasses.replace(case, anc=anc, anc_derivation="safety net")


def _unmeasured(case: NormalisedCase, _: frozenset[str]) -> bool:
    return case.temperature_c is None and FEELS_FEVERISH not in case.symptoms


def _measured_no_fever(case: NormalisedCase, findings: frozenset[str]) -> bool:
    # Our extension (docs/design.md): an unknown count is watched as a low one would be,
    # and a low temperature as a normal one.
    watched = case.anc is None or any(name in findings for name in _FEVER_WATCH_FINDINGS)
    return watched and "fever" not in findings and case.temperature_c is not None


def _anc_unknown(case: NormalisedCase, _: frozenset[str]) -> bool:
    return case.anc is None


def _no_emergency_symptom(case: NormalisedCase, _: frozenset[str]) -> bool:
    knowledge = load_knowledge()
    return not any(knowledge.symptom(s).group == EMERGENCY_GROUP for s in case.symptoms)


def _after_chemo_and_well(case: NormalisedCase, findings: frozenset[str]) -> bool:
    return "recent_chemo" in findings and FEELING_UNWELL not in case.symptoms


COUNT_PROBES: tuple[Probe, ...] = tuple(
    Probe(f"{COUNT_WORDS} {count(limit)}", _anc_unknown, _with_anc(limit - ANC_SMALLEST_STEP))
    for limit in sorted(SAFETY_NET_ANC_LIMITS, reverse=True)
)
PROBES: tuple[Probe, ...] = (
    Probe(
        f"if your temperature is {degrees(FEVER_C)} or higher, or you feel hot, sweaty or shivery",
        _unmeasured,
        _with_temperature(FEVER_C),
    ),
    Probe(
        f"if you get a temperature of {degrees(FEVER_C)} or more",
        _measured_no_fever,
        _with_temperature(FEVER_C),
    ),
    *COUNT_PROBES,
    Probe(
        "if you have trouble breathing, become confused, faint, or have shaking chills",
        _no_emergency_symptom,
        _with_symptom(_EMERGENCY_EXAMPLE),
    ),
    Probe("if you start to feel unwell", _after_chemo_and_well, _with_symptom(FEELING_UNWELL)),
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
    for probe in PROBES:
        if not probe.applies(case, findings):
            continue
        new_level, rules = level_of(probe.change(case), level)
        if TRIAGE_RANK[new_level] <= TRIAGE_RANK[level]:
            continue
        if probe.applies is _anc_unknown:  # the limits come highest first
            lowest = probe is COUNT_PROBES[-1]
            if new_level in reached_by_a_higher_limit and not lowest:
                continue
            reached_by_a_higher_limit.add(new_level)
        entries.append(SafetyNetEntry(probe.words, new_level, rules))
    # Most urgent first; equal levels keep the order of the probes (spec order).
    return sorted(entries, key=lambda entry: -TRIAGE_RANK[entry.level])
