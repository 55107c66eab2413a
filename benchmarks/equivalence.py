"""The large equivalence check: the fast engine path against plain experta, whole
outputs, on ≥ 100,000 generated cases (thresholds ± the smallest step, every unit
spelling, symptom, condition and medicine, the December 2026 revision's inputs).

    .venv/bin/python benchmarks/equivalence.py                  # 100,000 cases
    .venv/bin/python benchmarks/equivalence.py --cases 20000 --explain-every 1

Exit code 1 (and the differing case ids) when any output differs.

:func:`generate_cases` is also the generator of tests/test_fast_engine.py and
benchmarks/same_outputs.py, tests/test_cuts.py and tests/test_probe_shortcuts.py: the one
case generator. It covers every threshold at, just below and just above, every unit
spelling, symptom, condition and medicine, unknown values and score inputs, and the
revision of the clinical rules: ``days_since_count``, ``steroids_long_term``,
``age_months`` and children, the borderline temperature, every lexicon medicine by its
generic name (also with route words: "hydrocortisone cream") and conditions said as
history ("leukaemia in remission"). Symptoms, conditions and medicines are read from
the vocabulary and the lexicon, thresholds from :mod:`triage.thresholds`; every fourth
case is steered towards a combination that random draws seldom give (a child with a
borderline reading after chemotherapy, a warning medicine with a sore throat, ...), so
that every rule fires in a few hundred cases whatever the seed. Cases depend only on
the seed and their number: a smaller count gives a prefix of a larger one.
"""

from __future__ import annotations

import argparse
import itertools
import json
import random
import sys
import time
from collections.abc import Callable, Iterator
from functools import cache
from pathlib import Path
from typing import Any

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from triage import thresholds
from triage.engine import Assessor
from triage.equivalence import (
    ANC_STEP_CELLS,
    ANC_STEP_GIGA,
    COUNT_UNITS_CELLS,
    COUNT_UNITS_GIGA,
    DAYS_STEP,
    HOURS_STEP,
    TEMPERATURE_FINE_STEP_C,
    TEMPERATURE_STEP_C,
    whole_output,
)
from triage.knowledge import (
    CLOZAPINE_MONITORING,
    DEFERIPRONE_MONITORING,
    FAST_HEARTBEAT,
    FEELING_UNWELL,
    FEELS_FEVERISH,
    INFECTION_SIGN_GROUP,
    Condition,
    Drug,
    Knowledge,
    load_knowledge,
)

DEFAULT_CASES = 100_000
DEFAULT_EXPLAIN_EVERY = 10  # the nurse's explanation is compared on every 10th case
DEFAULT_SEED = 2026
SHOWN_DIFFERENCES = 20

# Chances of each optional part of a generated case.
P_UNKNOWN_ANC = 0.2
P_WBC_INSTEAD = 0.05
P_TEMPERATURE = 0.75
P_FAHRENHEIT = 0.25
P_NO_UNIT = 0.1
P_FIELD = 0.35
P_LLN = 0.1
P_SCORES = 0.1
P_DUFFY = 0.1
P_THRESHOLD_VALUE = 0.7
P_SYMPTOMS = 0.8
P_CONDITIONS = 0.6
P_MEDICINES = 0.7  # each case with medicines names the next generic: all of them in 600
P_HISTORY = 0.25  # a condition that can be history is said as history
P_SPELLING = 0.3  # a medicine written with a dose, a form or a route word
P_LOCAL = 0.15  # a steroid or immunosuppressant written with a route word ("... cream")
P_STEROIDS_ANSWER = 0.25
P_CHILD = 0.3
P_MONTHS = 0.15
MAX_EXTRA_TERMS = 3
STEER_EVERY = 4  # every 4th case is steered towards a rare combination

# How people write a medicine: doses and schedules, forms taken by mouth or injected,
# and the route words of a local form (clinical-rules §6), which never count.
DOSE_SPELLINGS = ("{} 10 mg twice daily", "{} 200mg", "{} 5 mg once a day")
SYSTEMIC_SPELLINGS = ("{} tablets", "{} 5 mg tablets", "{} injection", "{} by mouth")
LOCAL_SPELLINGS = (
    "{} cream",
    "{} ointment",
    "{} gel",
    "{} inhaler",
    "{} eye drops",
    "{} nasal spray",
    "{} joint injection",
)
# How people say a condition that is over (clinical-rules §1, §7): a blood or solid
# cancer, past anticancer treatment, a transplant long ago, a central line taken out.
HISTORY_SPELLINGS = {
    "cancer": (
        "{} in remission",
        "{} in remission, treated 10 years ago",
        "history of {}, treated 5 years ago",
        "had {} as a child",
    ),
    "treatment": ("{} 10 years ago", "previous {}, finished 8 years ago"),
    "line": ("{} removed",),
    "transplant": ("{} 5 years ago", "had a {} as a child"),
}


def condition_words(condition: Condition) -> str:
    return condition.id.replace("_", " ")


def history_kind(condition: Condition) -> str | None:
    """Which history spellings fit ``condition``, or None when it cannot be said as
    history (bone marrow failure, congenital and cyclic neutropenia always count, and so
    does an organ transplant)."""
    if condition.on_chemotherapy:
        return "treatment"
    if condition.vascular_access:
        return "line"
    if condition.cancer:
        return "cancer"
    if condition.neutropenia_prone and not _lasting(condition):
        return "transplant"
    return None


def _lasting(condition: Condition) -> bool:
    from triage.vocabulary import LASTING_CONDITIONS

    return condition.id in LASTING_CONDITIONS or condition.immunosuppressing


def history_spelling(rng: random.Random, condition: Condition) -> str | None:
    """``condition`` said as history ("leukemia in remission"), or None."""
    kind = history_kind(condition)
    if kind is None:
        return None
    return rng.choice(HISTORY_SPELLINGS[kind]).format(condition_words(condition))


def may_be_local(drug: Drug) -> bool:
    """A medicine that also comes as a cream, inhaler, drops or joint injection: the
    steroids and the non-cancer immunosuppressants (tacrolimus ointment, ciclosporin eye
    drops)."""
    return not drug.local_form and (drug.steroid or (drug.immunosuppressant and not drug.dual_use))


def medicine_spelling(rng: random.Random, drug: Drug, name: str) -> tuple[str, bool]:
    """``name`` (a name of ``drug``) as a person might write it, and whether the words
    name a local form (a route word; the lexicon's own local forms are ``local_form``)."""
    roll = rng.random()
    if roll >= P_SPELLING:
        return name, False
    if may_be_local(drug) and name == drug.generic and roll < P_SPELLING / 2:
        return rng.choice(LOCAL_SPELLINGS).format(name), True
    if drug.steroid and name == drug.generic and roll < P_SPELLING * 3 / 4:
        return rng.choice(SYSTEMIC_SPELLINGS).format(name), False
    return rng.choice(DOSE_SPELLINGS).format(name), False


@cache
def _vocabulary() -> dict[str, Any]:
    """The ids, names and points the generator draws from (read once)."""
    knowledge = load_knowledge()
    generics = sorted(d.generic for d in knowledge.drugs)
    names = {d.generic: d for d in knowledge.drugs}
    names |= {b: d for d in knowledge.drugs for b in d.brands}
    return {
        "knowledge": knowledge,
        "symptoms": sorted(s.id for s in knowledge.symptoms),
        "conditions": sorted(c.id for c in knowledge.conditions),
        "generics": generics,
        "names": names,
        "name_list": sorted(names),
        "local": sorted(d.generic for d in knowledge.drugs if may_be_local(d)),
        "anc": [v for t in _anc_thresholds() for v in _around(t, ANC_STEP_CELLS) if v >= 0],
        "temperature": [
            v
            for t in _temperature_thresholds()
            for step in (TEMPERATURE_STEP_C, TEMPERATURE_FINE_STEP_C)
            for v in _around(t, step)
        ],
        "days": [v for t in _days_thresholds() for v in _around(t, DAYS_STEP) if v >= 0],
        "count_days": [
            v for v in [*_around(thresholds.CURRENT_COUNT_DAYS, DAYS_STEP), 0, 5, 10] if v >= 0
        ],
        "hours": [*_around(thresholds.SUSTAINED_FEVER_HOURS, HOURS_STEP), 0.0, 6.0],
    }


def _anc_thresholds() -> list[float]:
    names = [n for n in vars(thresholds) if n.startswith(("ANC_", "DUFFY_", "CLOZAPINE_"))]
    values = {float(getattr(thresholds, n)) for n in names}
    values |= {0.0, 1.0}
    return sorted(v for v in values if v <= thresholds.ANC_MAX_CELLS)


def _temperature_thresholds() -> list[float]:
    return sorted(
        {
            thresholds.FEVER_C,
            thresholds.HIGH_FEVER_C,
            thresholds.LOW_TEMPERATURE_C,
            thresholds.BORDERLINE_C,
            37.0,
        }
    )


def _days_thresholds() -> list[int]:
    return sorted(
        {
            thresholds.RECENT_CHEMO_DAYS,
            thresholds.NADIR_CHEMO_DAYS,
            thresholds.LONG_NEUTROPENIA_DAYS,
            thresholds.LONG_TERM_STEROID_DAYS,
            0,
        }
    )


def _around(value: float, step: float) -> list[float]:
    return [round(value - step, 2), value, round(value + step, 2)]


def generate_cases(count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """``count`` varied case mappings (the case format's field names)."""
    rng = random.Random(seed)
    vocabulary = _vocabulary()
    knowledge: Knowledge = vocabulary["knowledge"]
    # Every symptom, condition and generic name in turn (a case that has the field takes
    # the next one), plus random extras.
    next_symptom = itertools.cycle(vocabulary["symptoms"])
    next_condition = itertools.cycle(vocabulary["conditions"])
    next_generic = itertools.cycle(vocabulary["generics"])
    steers = itertools.cycle(STEERS)
    for number in range(count):
        case: dict[str, Any] = {"case_id": f"r{seed}-{number}"}
        _terms(rng, case, vocabulary, next_symptom, next_condition, next_generic)
        _count(rng, case, vocabulary)
        _temperature(rng, case, vocabulary)
        _other_fields(rng, case, vocabulary)
        if number % STEER_EVERY == STEER_EVERY - 1:
            next(steers)(rng, case, knowledge)
        yield case


def _terms(
    rng: random.Random,
    case: dict[str, Any],
    vocabulary: dict[str, Any],
    next_symptom: Iterator[str],
    next_condition: Iterator[str],
    next_generic: Iterator[str],
) -> None:
    knowledge: Knowledge = vocabulary["knowledge"]
    symptoms, conditions = vocabulary["symptoms"], vocabulary["conditions"]
    case["symptoms"] = (
        sorted({next(next_symptom)} | set(rng.sample(symptoms, rng.randint(0, MAX_EXTRA_TERMS))))
        if rng.random() < P_SYMPTOMS
        else []
    )
    said: list[str] = []
    if rng.random() < P_CONDITIONS:
        ids = sorted(
            {next(next_condition)}
            | set(rng.sample(conditions, rng.randint(0, MAX_EXTRA_TERMS - 1)))
        )
        for condition_id in ids:
            history = None
            if rng.random() < P_HISTORY:
                history = history_spelling(rng, knowledge.condition(condition_id))
            said.append(history or condition_id)
    case["conditions"] = said
    medicines: list[str] = []
    if rng.random() < P_MEDICINES:
        medicines.append(next(next_generic))  # as written in the lexicon: coverage
        for name in rng.sample(vocabulary["name_list"], rng.randint(0, MAX_EXTRA_TERMS - 1)):
            medicines.append(medicine_spelling(rng, vocabulary["names"][name], name)[0])
        if rng.random() < P_LOCAL:
            medicines.append(rng.choice(LOCAL_SPELLINGS).format(rng.choice(vocabulary["local"])))
    case["medications"] = medicines


def _count(rng: random.Random, case: dict[str, Any], vocabulary: dict[str, Any]) -> None:
    roll = rng.random()
    if roll < P_UNKNOWN_ANC:
        return
    if roll < P_UNKNOWN_ANC + P_WBC_INSTEAD:
        case["wbc"] = round(rng.uniform(0.2, 12.0), 2)
        case["neutrophil_pct"] = rng.randint(0, 90)
        if rng.random() < 0.5:
            case["band_pct"] = rng.randint(0, 10)
        return
    cells = (
        rng.choice(vocabulary["anc"])
        if rng.random() < P_THRESHOLD_VALUE
        else float(rng.randint(0, 9000))
    )
    set_count(rng, case, cells)
    if rng.random() < P_LLN:
        case["anc_lln"] = max(1.0, cells + rng.choice([-1, 0, 1]) * ANC_STEP_CELLS)


def set_count(rng: random.Random, case: dict[str, Any], cells: float) -> None:
    """An ANC of ``cells`` cells/µL in one of its spellings."""
    case.pop("wbc", None)
    unit_roll = rng.random()
    if unit_roll < 0.45:
        case["anc"], case["anc_unit"] = cells, rng.choice(COUNT_UNITS_CELLS)
    elif unit_roll < 0.9:
        case["anc"] = round(cells / 1000, 3)
        case["anc_unit"] = rng.choice(COUNT_UNITS_GIGA)
        if rng.random() < 0.2:  # the smallest step in this unit
            case["anc"] = max(round(case["anc"] + rng.choice([-1, 1]) * ANC_STEP_GIGA, 3), 0.0)
    elif cells >= thresholds.ANC_NO_UNIT_CELLS_MIN:
        case["anc"] = cells  # a bare number of cells
        case.pop("anc_unit", None)
    else:
        case["anc"] = str(cells)  # ambiguous or small: may be rejected
        case.pop("anc_unit", None)


def _temperature(rng: random.Random, case: dict[str, Any], vocabulary: dict[str, Any]) -> None:
    if rng.random() >= P_TEMPERATURE:
        return
    celsius = (
        rng.choice(vocabulary["temperature"])
        if rng.random() < P_THRESHOLD_VALUE
        else round(rng.uniform(34.0, 41.0), 1)
    )
    set_temperature(rng, case, celsius)
    if rng.random() < P_FIELD:
        case["fever_hours"] = rng.choice(vocabulary["hours"])


def set_temperature(rng: random.Random, case: dict[str, Any], celsius: float) -> None:
    """A temperature of ``celsius`` °C in one of its spellings."""
    celsius = round(celsius, 2)
    unit_roll = rng.random()
    case.pop("temperature_unit", None)
    if unit_roll < P_FAHRENHEIT:
        case["temperature"] = round(celsius * 9 / 5 + 32, 2)
        case["temperature_unit"] = rng.choice(["F", "°F", "f"])
    elif unit_roll < P_FAHRENHEIT + P_NO_UNIT:
        case["temperature"] = celsius
    else:
        case["temperature"] = celsius
        case["temperature_unit"] = rng.choice(["C", "°C", "c"])


def _other_fields(rng: random.Random, case: dict[str, Any], vocabulary: dict[str, Any]) -> None:
    days = vocabulary["days"]
    if rng.random() < P_FIELD:
        case["days_since_chemo"] = rng.choice(days)
    if rng.random() < P_FIELD and ("anc" in case or "wbc" in case or rng.random() < 0.1):
        if "days_since_chemo" in case and rng.random() < 0.3:  # before or after the dose
            case["days_since_count"] = max(0, case["days_since_chemo"] + rng.choice([-1, 0, 1]))
        else:
            case["days_since_count"] = rng.choice(vocabulary["count_days"])
    if rng.random() < P_FIELD:
        case["neutropenia_days"] = rng.choice(days)
    if rng.random() < P_FIELD / 2:
        case["anc_falling"] = rng.choice([True, False])
    if rng.random() < P_DUFFY:
        case["duffy_null"] = rng.choice([True, False])
    if rng.random() < P_STEROIDS_ANSWER:
        case["steroids_long_term"] = rng.choice([True, False])
    if rng.random() < P_FIELD + P_CHILD:
        case["age"] = (
            rng.randint(0, thresholds.CHILD_AGE_YEARS)
            if rng.random() < P_CHILD
            else rng.randint(1, 95)
        )
    if rng.random() < P_MONTHS:
        set_months(rng, case, rng.randint(0, 30))
    if rng.random() < P_SCORES:
        case["illness_burden"] = rng.choice(["none", "mild", "moderate", "severe"])
        case["systolic_bp_mmhg"] = rng.choice([80, 90, 89, 120])
        case["cancer_type"] = rng.choice(["solid", "haematological"])
        case["ecog"] = rng.randint(0, 4)
        case["copd"] = rng.choice([True, False])


def set_months(rng: random.Random, case: dict[str, Any], months: int) -> None:
    """A small child's age in months, with the age in years beside it or not."""
    case["age_months"] = months
    if rng.random() < 0.5:
        case["age"] = months // thresholds.MONTHS_PER_YEAR
    else:
        case.pop("age", None)


# --- Steering: combinations that random draws seldom give -----------------------------


def _drugs(knowledge: Knowledge, test: Callable[[Drug], bool]) -> list[Drug]:
    return [d for d in knowledge.drugs if test(d)]


def _conditions(knowledge: Knowledge, test: Callable[[Condition], bool]) -> list[str]:
    return [c.id for c in knowledge.conditions if test(c)]


def _steer_child_borderline(rng: random.Random, case: dict[str, Any], knowledge: Knowledge) -> None:
    """E7, U11: a child after anticancer treatment with a borderline reading."""
    case["age"] = rng.randint(1, thresholds.CHILD_AGE_YEARS - 1)
    case.pop("age_months", None)
    case["days_since_chemo"] = rng.randint(0, thresholds.RECENT_CHEMO_DAYS)
    set_temperature(rng, case, rng.choice([thresholds.BORDERLINE_C, 37.6, 37.9, 37.51]))
    case["symptoms"] = case["symptoms"][:1] if rng.random() < 0.5 else []


def _steer_infant_fever(rng: random.Random, case: dict[str, Any], knowledge: Knowledge) -> None:
    """E10: a fever, measured or felt, under 3 months (or under a year, months unknown)."""
    if rng.random() < 0.7:
        set_months(rng, case, rng.randint(0, thresholds.YOUNG_INFANT_MONTHS))
    else:
        case["age"] = 0
        case.pop("age_months", None)
    if rng.random() < 0.5:
        set_temperature(rng, case, rng.choice([thresholds.FEVER_C, 38.5, 39.2]))
    else:
        case.pop("temperature", None)
        case["symptoms"] = sorted({*case["symptoms"], FEELS_FEVERISH})


def _steer_warning_medicine(rng: random.Random, case: dict[str, Any], knowledge: Knowledge) -> None:
    """U8: a medicine with an agranulocytosis warning and one of its symptoms, without a
    cancer (a dual-use medicine is then read as an immunosuppressant)."""
    drug = rng.choice(_drugs(knowledge, lambda d: d.agranulocytosis_warning))
    case["medications"] = [*case["medications"], rng.choice((drug.generic, *drug.brands))]
    case["conditions"] = rng.sample(
        _conditions(knowledge, lambda c: c.category == "immune_destruction"), 1
    )
    signs = [s.id for s in knowledge.symptoms if s.agranulocytosis_sign]
    case["symptoms"] = sorted({*case["symptoms"][:1], rng.choice(signs)})


def _steer_monitored(monitoring: str) -> Callable[[random.Random, dict[str, Any], Knowledge], None]:
    """U6, U7, S4: a medicine of a monitoring programme (clozapine, deferiprone) with a
    count around its limits."""

    def steer(rng: random.Random, case: dict[str, Any], knowledge: Knowledge) -> None:
        drug = rng.choice(_drugs(knowledge, lambda d: d.monitoring == monitoring))
        case["medications"] = [*case["medications"], rng.choice((drug.generic, *drug.brands))]
        set_count(rng, case, float(rng.choice([499, 500, 999, 1000, 1200, 1499])))
        case["duffy_null"] = rng.random() < 0.2

    return steer


def _steer_old_count(rng: random.Random, case: dict[str, Any], knowledge: Knowledge) -> None:
    """U2, U5, S7: a count taken days ago, or before the last anticancer dose."""
    if "anc" not in case:
        set_count(rng, case, float(rng.choice([300, 800, 1200, 2500, 4000])))
    if rng.random() < 0.5:
        case["days_since_count"] = rng.randint(thresholds.CURRENT_COUNT_DAYS + 1, 10)
    else:
        case["days_since_chemo"] = rng.randint(0, thresholds.CURRENT_COUNT_DAYS - 1)
        case["days_since_count"] = case["days_since_chemo"] + 1


def _steer_low_temperature(rng: random.Random, case: dict[str, Any], knowledge: Knowledge) -> None:
    """E4, U10: a low reading in someone immunosuppressed, or with a sign."""
    set_temperature(rng, case, rng.choice([35.0, 35.5, 35.99]))
    roll = rng.random()
    if roll < 0.3:
        case["steroids_long_term"] = True
    elif roll < 0.6:
        case["conditions"] = [
            *case["conditions"],
            rng.choice(_conditions(knowledge, lambda c: c.immunosuppressing)),
        ]
    else:
        drug = rng.choice(_drugs(knowledge, lambda d: d.immunosuppressant and not d.dual_use))
        case["medications"] = [*case["medications"], drug.generic]


def _steer_systemic_signs(rng: random.Random, case: dict[str, Any], knowledge: Knowledge) -> None:
    """E8: two or more infection signs after systemic anticancer treatment."""
    case["conditions"] = [rng.choice(_conditions(knowledge, lambda c: c.systemic))]
    signs = [s.id for s in knowledge.symptoms if s.group == INFECTION_SIGN_GROUP]
    case["symptoms"] = sorted(rng.sample(signs, rng.randint(2, 3)))
    case.pop("temperature", None)


def _steer_at_risk(rng: random.Random, case: dict[str, Any], knowledge: Knowledge) -> None:
    """E3, E6, U9, N18: at risk by a central line, a blood cancer or a transplant, with a
    borderline or normal reading, feeling feverish or unwell."""
    at_risk = _conditions(
        knowledge, lambda c: c.vascular_access or c.neutropenia_prone or c.immunosuppressing
    )
    case["conditions"] = [rng.choice(at_risk)]
    case.pop("days_since_chemo", None)
    set_temperature(rng, case, rng.choice([36.8, 37.49, thresholds.BORDERLINE_C, 37.8]))
    case["symptoms"] = rng.choice([[], [FEELS_FEVERISH], [FEELING_UNWELL], [FAST_HEARTBEAT]])


def _steer_late_onset(rng: random.Random, case: dict[str, Any], knowledge: Knowledge) -> None:
    """G7: a late-onset medicine (rituximab) with a low or unknown count."""
    drug = rng.choice(_drugs(knowledge, lambda d: d.late_onset))
    case["medications"] = [*case["medications"], drug.generic]
    if rng.random() < 0.5:
        for field in ("anc", "anc_unit", "wbc", "neutrophil_pct", "band_pct"):
            case.pop(field, None)
    else:
        set_count(rng, case, float(rng.randint(100, 1499)))


def _steer_mild_count(rng: random.Random, case: dict[str, Any], knowledge: Knowledge) -> None:
    """G12, G13, N14: a mildly low, current count (Duffy-null or not) and nothing else."""
    set_count(rng, case, float(rng.choice([1000, 1001, 1250, 1499])))
    case["duffy_null"] = rng.random() < 0.5
    case.pop("days_since_count", None)
    case["symptoms"] = rng.choice([[], ["fatigue"]])
    case["conditions"] = []
    case.pop("days_since_chemo", None)
    case.pop("steroids_long_term", None)
    set_temperature(rng, case, rng.choice([36.5, 37.0, 37.49]))


STEERS: tuple[Callable[[random.Random, dict[str, Any], Knowledge], None], ...] = (
    _steer_child_borderline,
    _steer_infant_fever,
    _steer_warning_medicine,
    _steer_monitored(CLOZAPINE_MONITORING),
    _steer_monitored(DEFERIPRONE_MONITORING),
    _steer_old_count,
    _steer_low_temperature,
    _steer_systemic_signs,
    _steer_at_risk,
    _steer_late_onset,
    _steer_mild_count,
)


def compare(
    count: int, seed: int = 1, fast: Any = None, reference: Any = None, explained: bool = True
) -> list[str]:
    """Case ids whose whole outputs differ between the two assessors (empty: equal)."""
    fast = fast or Assessor("fast")
    reference = reference or Assessor("reference")
    return [
        case["case_id"]
        for case in generate_cases(count, seed)
        if whole_output(fast, case, explained) != whole_output(reference, case, explained)
    ]


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--explain-every", type=int, default=DEFAULT_EXPLAIN_EVERY)
    options = parser.parse_args()
    fast, reference = Assessor("fast"), Assessor("reference")
    started = time.perf_counter()
    differing: list[str] = []
    rejected = 0
    for number, case in enumerate(generate_cases(options.cases, options.seed)):
        explained = number % options.explain_every == 0
        expected = whole_output(reference, case, explained)
        if expected.startswith('{"rejected"'):
            rejected += 1
        if whole_output(fast, case, explained) != expected:
            differing.append(case["case_id"])
    print(
        json.dumps(
            {
                "cases": options.cases,
                "seed": options.seed,
                "rejected_alike": rejected,
                "explained": -(-options.cases // options.explain_every),
                "differing": len(differing),
                "first_differing": differing[:SHOWN_DIFFERENCES],
                "seconds": round(time.perf_counter() - started),
            }
        )
    )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
