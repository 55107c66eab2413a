"""Equivalence of the fast engine path with plain experta: varied generated cases and
a whole-output comparison. Used by tests/test_fast_engine.py (a few thousand cases)
and benchmarks/equivalence.py (≥ 100,000).

The cases are built from the rule base's own data, so new thresholds, vocabulary and
medicines are covered without editing this file: every numeric constant of
:mod:`triage.thresholds` at, just below and just above (the smallest step of the input:
1 cell/µL, 0.1 °C, 0.01 °C after a °F conversion, 1 day, 0.1 hour), in every unit
spelling, every symptom, condition and lexicon medicine (by generic and brand name),
unknown values, and score inputs.
"""

from __future__ import annotations

import dataclasses
import itertools
import json
import random
from collections.abc import Iterator
from typing import Any

from triage import thresholds
from triage.knowledge import load_knowledge
from triage.models import CaseRejected

# Smallest steps of each input, in its own unit.
ANC_STEP_CELLS = 1.0
ANC_STEP_GIGA = 0.001
TEMPERATURE_STEP_C = 0.1
TEMPERATURE_FINE_STEP_C = 0.01
HOURS_STEP = 0.1
DAYS_STEP = 1

COUNT_UNITS_CELLS = ("cells/uL", "/uL", "cells/mm3", "cells/µL")
COUNT_UNITS_GIGA = ("10^9/L", "K/uL", "G/L", "x10^9/L", "10³/µL")
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
MAX_EXTRA_TERMS = 3


def _anc_thresholds() -> list[float]:
    names = [n for n in vars(thresholds) if n.startswith(("ANC_", "DUFFY_", "CLOZAPINE_"))]
    values = {float(getattr(thresholds, n)) for n in names}
    values |= {0.0, 1.0}
    return sorted(v for v in values if v <= thresholds.ANC_MAX_CELLS)


def _temperature_thresholds() -> list[float]:
    return sorted({thresholds.FEVER_C, thresholds.HIGH_FEVER_C, thresholds.LOW_TEMPERATURE_C, 37.0})


def _days_thresholds() -> list[int]:
    return sorted(
        {
            thresholds.RECENT_CHEMO_DAYS,
            thresholds.NADIR_CHEMO_DAYS,
            thresholds.LONG_NEUTROPENIA_DAYS,
            0,
        }
    )


def _around(value: float, step: float) -> list[float]:
    return [value - step, value, value + step]


def generate_cases(count: int, seed: int = 1) -> Iterator[dict[str, Any]]:
    """``count`` varied case mappings (the case format's field names)."""
    rng = random.Random(seed)
    knowledge = load_knowledge()
    symptoms = sorted(s.id for s in knowledge.symptoms)
    conditions = sorted(c.id for c in knowledge.conditions)
    medicines = sorted(
        {d.generic for d in knowledge.drugs} | {b for d in knowledge.drugs for b in d.brands}
    )
    anc_points = [v for t in _anc_thresholds() for v in _around(t, ANC_STEP_CELLS) if v >= 0]
    temperature_points = [
        v
        for t in _temperature_thresholds()
        for step in (TEMPERATURE_STEP_C, TEMPERATURE_FINE_STEP_C)
        for v in _around(t, step)
    ]
    day_points = [v for t in _days_thresholds() for v in _around(t, DAYS_STEP) if v >= 0]
    hour_points = [*_around(thresholds.SUSTAINED_FEVER_HOURS, HOURS_STEP), 0.0, 6.0]
    # Every symptom, condition and medicine in turn (a case that has the field takes
    # the next one), plus random extras.
    next_symptom, next_condition, next_medicine = (
        itertools.cycle(symptoms),
        itertools.cycle(conditions),
        itertools.cycle(medicines),
    )
    for number in range(count):
        case: dict[str, Any] = {"case_id": f"g{seed}-{number}"}
        case["symptoms"] = sorted(
            {next(next_symptom)} | set(rng.sample(symptoms, rng.randint(0, MAX_EXTRA_TERMS)))
        ) if rng.random() < 0.8 else []  # fmt: skip
        case["conditions"] = sorted(
            {next(next_condition)}
            | set(rng.sample(conditions, rng.randint(0, MAX_EXTRA_TERMS - 1)))
        ) if rng.random() < 0.6 else []  # fmt: skip
        case["medications"] = (
            [next(next_medicine), *rng.sample(medicines, rng.randint(0, MAX_EXTRA_TERMS - 1))]
            if rng.random() < 0.6
            else []
        )
        roll = rng.random()
        if roll < P_UNKNOWN_ANC:
            pass
        elif roll < P_UNKNOWN_ANC + P_WBC_INSTEAD:
            case["wbc"] = round(rng.uniform(0.2, 12.0), 2)
            case["neutrophil_pct"] = rng.randint(0, 90)
            if rng.random() < 0.5:
                case["band_pct"] = rng.randint(0, 10)
        else:
            cells = (
                rng.choice(anc_points)
                if rng.random() < P_THRESHOLD_VALUE
                else float(rng.randint(0, 9000))
            )
            unit_roll = rng.random()
            if unit_roll < 0.45:
                case["anc"], case["anc_unit"] = cells, rng.choice(COUNT_UNITS_CELLS)
            elif unit_roll < 0.9:
                case["anc"] = round(cells / 1000, 3)
                case["anc_unit"] = rng.choice(COUNT_UNITS_GIGA)
                if rng.random() < 0.2:  # the smallest step in this unit
                    case["anc"] = round(case["anc"] + rng.choice([-1, 1]) * ANC_STEP_GIGA, 3)
                    case["anc"] = max(case["anc"], 0.0)
            elif cells >= thresholds.ANC_NO_UNIT_CELLS_MIN:
                case["anc"] = cells  # a bare number of cells
            else:
                case["anc"] = str(cells)  # ambiguous or small: may be rejected
            if rng.random() < P_LLN:
                case["anc_lln"] = max(1.0, cells + rng.choice([-1, 0, 1]) * ANC_STEP_CELLS)
        if rng.random() < P_TEMPERATURE:
            celsius = (
                rng.choice(temperature_points)
                if rng.random() < P_THRESHOLD_VALUE
                else round(rng.uniform(34.0, 41.0), 1)
            )
            celsius = round(celsius, 2)
            unit_roll = rng.random()
            if unit_roll < P_FAHRENHEIT:
                case["temperature"] = round(celsius * 9 / 5 + 32, 2)
                case["temperature_unit"] = rng.choice(["F", "°F", "f"])
            elif unit_roll < P_FAHRENHEIT + P_NO_UNIT:
                case["temperature"] = celsius
            else:
                case["temperature"] = celsius
                case["temperature_unit"] = rng.choice(["C", "°C", "c"])
            if rng.random() < P_FIELD:
                case["fever_hours"] = rng.choice(hour_points)
        if rng.random() < P_FIELD:
            case["days_since_chemo"] = rng.choice(day_points)
        if rng.random() < P_FIELD:
            case["neutropenia_days"] = rng.choice(day_points)
        if rng.random() < P_FIELD / 2:
            case["anc_falling"] = rng.choice([True, False])
        if rng.random() < P_DUFFY:
            case["duffy_null"] = rng.choice([True, False])
        if rng.random() < P_FIELD:
            case["age"] = rng.randint(1, 95)
        if rng.random() < P_SCORES:
            case["illness_burden"] = rng.choice(["none", "mild", "moderate", "severe"])
            case["systolic_bp_mmhg"] = rng.choice([80, 90, 89, 120])
            case["cancer_type"] = rng.choice(["solid", "haematological"])
            case["ecog"] = rng.randint(0, 4)
            case["copd"] = rng.choice([True, False])
        yield case


def whole_output(assessor: Any, case: dict[str, Any], explained: bool = True) -> str:
    """Everything a user can get for one case, as one JSON text: the output object
    (every field, in order), the nurse's explanation, or the rejection with every
    field error."""
    from triage.explain import explain

    try:
        assessment = assessor.assess(case)
    except CaseRejected as rejected:
        return json.dumps({"rejected": [dataclasses.asdict(e) for e in rejected.errors]})
    whole: dict[str, Any] = {"output": assessment.model_dump(mode="json")}
    if explained:
        whole["explain"] = dataclasses.asdict(explain(assessment))
    return json.dumps(whole, ensure_ascii=False, default=repr)


def compare(
    count: int,
    seed: int = 1,
    fast: Any = None,
    reference: Any = None,
    explained: bool = True,
) -> list[str]:
    """Case ids whose whole outputs differ between the two assessors (empty: equal)."""
    from triage.engine import Assessor

    fast = fast or Assessor("fast")
    reference = reference or Assessor("reference")
    differing = []
    for case in generate_cases(count, seed):
        if whole_output(fast, case, explained) != whole_output(reference, case, explained):
            differing.append(case["case_id"])
    return differing
