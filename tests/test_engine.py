"""The engine wrapper: one reused engine, equivalent rete bookkeeping, the catalogue."""

from __future__ import annotations

import random

from conftest import SPEC_TRIAGE_RULES

import triage
from triage.catalogue import rule_catalogue
from triage.engine import TriageEngine

SPEC_RULES = list(SPEC_TRIAGE_RULES)


def varied_cases(count: int, seed: int = 7) -> list[dict]:
    rng = random.Random(seed)
    cases = []
    for number in range(count):
        case: dict = {"case_id": f"c{number}"}
        if rng.random() < 0.8:
            case["anc"] = rng.choice([0, 50, 99, 100, 450, 500, 999, 1000, 1200, 1500, 3000])
            case["anc_unit"] = "cells/uL"
        if rng.random() < 0.6:
            case["temperature"] = rng.choice([35.5, 36.0, 37.2, 37.6, 37.9, 38.0, 38.3, 39.1])
        if rng.random() < 0.3:
            case["days_since_chemo"] = rng.choice([3, 14, 15, 42, 43])
        if rng.random() < 0.3:
            case["symptoms"] = rng.sample(
                ["cough", "rash", "sore_throat", "confusion", "feeling_unwell", "feels_feverish"], 2
            )
        if rng.random() < 0.3:
            case["medications"] = [rng.choice(["clozapine", "deferiprone", "methimazole"])]
        if rng.random() < 0.2:
            case["duffy_null"] = True
        if rng.random() < 0.2:
            case["conditions"] = [rng.choice(["leukemia", "lupus", "chemotherapy"])]
        if rng.random() < 0.3:  # children differ (E7, U11) and babies (E10)
            case["age"] = rng.choice([4, 40])
        elif rng.random() < 0.1:
            case["age_months"] = rng.choice([1, 2, 3])
        if len(case) == 1:
            case["anc"] = 2000
        cases.append(case)
    return cases


def test_one_engine_is_reused() -> None:
    assessor = triage.Assessor()
    engine = assessor.engine
    for case in varied_cases(5):
        assessor.assess(case)
    assert assessor.engine is engine
    assert isinstance(engine, TriageEngine)


def test_the_catalogue_holds_every_spec_rule_once_with_a_source() -> None:
    catalogue = rule_catalogue()
    ids = [meta.id for meta in catalogue]
    assert len(ids) == len(set(ids))
    assert set(SPEC_RULES) <= set(ids)
    sources = {source.id for source in triage.knowledge.load_knowledge().sources}
    for meta in catalogue:
        assert meta.source in sources, meta.id
        assert meta.doc.startswith(f"{meta.id}:"), meta.id
        assert meta.when, meta.id


def test_the_varied_cases_above_exercise_every_spec_rule() -> None:
    """Keeps the reuse test meaningful: its cases reach every spec rule."""
    fired = {item.rule for case in varied_cases(300) for item in triage.assess(case).explanation}
    assert set(SPEC_RULES) - fired == set()


def test_reused_engine_gives_the_same_output_as_a_fresh_one() -> None:
    """Resetting (with our cheaper rete bookkeeping) leaves nothing behind."""
    reused = triage.Assessor()
    for case in varied_cases(25):  # a fresh engine per case costs ~0.2 s to build
        assert reused.assess(case).to_json_dict() == triage.Assessor().assess(case).to_json_dict()


def test_only_conclusions_no_rule_reads_bypass_working_memory() -> None:
    engine = TriageEngine()
    assert {kind.__name__ for kind in engine._output_only} == {
        "CtcaeGrade",
        "FebrileNeutropenia",
        "Guidance",
        "InfectionRisk",
        "RedFlag",
    }
    # TriageLevel, Severity, Cause and Finding are read by other rules: they stay facts.
    assessment = triage.assess({"anc": 300, "anc_unit": "cells/uL", "temperature": 38.6})
    kinds = {type(fact).__name__ for fact in assessment.run.facts}
    assert {"TriageLevel", "Severity", "Finding", "Guidance", "RedFlag"} <= kinds
