"""The fast engine path (triage/rete.py) against plain experta: whole outputs equal on
varied generated cases (thresholds ± the smallest step, every unit spelling, symptom,
condition and medicine, the December 2026 revision's inputs; benchmarks/equivalence.py),
the reference path still reachable, and a negative control: a deliberately incomplete
alpha-cache key is caught by the same comparison."""

from __future__ import annotations

import collections
import contextlib
import dataclasses
import os
import sys
from pathlib import Path
from typing import Any

import pytest

import triage
import triage.catalogue
from triage import batch
from triage.engine import (
    ENGINE_VARIABLE,
    Assessor,
    FastTriageEngine,
    TriageEngine,
    input_fact_specs,
)
from triage.equivalence import whole_output
from triage.facts import Count, Finding, Medication
from triage.knowledge import load_knowledge
from triage.models import parse_case
from triage.rete import FastReteMatcher
from triage.rules import all_rules
from triage.rules.cuts import distinctions
from triage.thresholds import (
    ANC_SEVERE,
    BORDERLINE_C,
    CHILD_AGE_YEARS,
    CURRENT_COUNT_DAYS,
    YOUNG_INFANT_MONTHS,
)
from triage.vocabulary import read_condition

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from equivalence import compare, generate_cases  # benchmarks/equivalence.py

# Sizes: a few seconds in all (benchmarks/equivalence.py runs ≥ 100,000 cases).
CASES_OUTPUT_ONLY = 600  # every medicine, symptom and condition at least once
CASES_EXPLAINED = 60
SEED = 12  # its 600 cases fire every rule (test_every_rule_fires_in_the_generated_cases)


@pytest.fixture(scope="module")
def reference() -> Assessor:
    return Assessor("reference")


@pytest.fixture(scope="module")
def reference_outputs(reference: Assessor) -> list[str]:
    """Plain experta's whole outputs (without explanations) of the generated cases."""
    return [
        whole_output(reference, case, explained=False)
        for case in generate_cases(CASES_OUTPUT_ONLY, seed=SEED)
    ]


def _differing(assessor: Assessor, expected: list[str]) -> list[str]:
    cases = generate_cases(CASES_OUTPUT_ONLY, seed=SEED)
    return [
        case["case_id"]
        for case, output in zip(cases, expected, strict=True)
        if whole_output(assessor, case, explained=False) != output
    ]


def test_the_generated_cases_cover_the_vocabulary_units_and_thresholds() -> None:
    """Keeps the equivalence test meaningful."""
    knowledge = load_knowledge()
    cases = list(generate_cases(CASES_OUTPUT_ONLY, seed=SEED))
    used = collections.defaultdict(set)
    for case in cases:
        for field in ("symptoms", "conditions", "medications"):
            used[field] |= set(case.get(field, ()))
        used["anc_unit"].add(case.get("anc_unit"))
        used["temperature_unit"].add(case.get("temperature_unit"))
        used["anc"].add(case.get("anc"))
        used["temperature"].add(case.get("temperature"))
    assert {s.id for s in knowledge.symptoms} <= used["symptoms"]
    assert {c.id for c in knowledge.conditions} <= used["conditions"]
    assert {d.generic for d in knowledge.drugs} <= used["medications"]
    assert {"cells/uL", "10^9/L", "K/uL", None} <= used["anc_unit"]
    assert {"C", "F", None} <= used["temperature_unit"]
    assert {499.0, 500.0, 501.0, 999.0, 1000.0, 1001.0, 1499.0, 1500.0} <= used["anc"]
    assert {37.9, 38.0, 38.1, 37.99, 38.01, 35.99, 36.0, 36.01} <= used["temperature"]
    assert {round(BORDERLINE_C + step, 2) for step in (-0.01, 0, 0.01)} <= used["temperature"]


def test_the_generated_cases_cover_the_revision_inputs() -> None:
    """The December 2026 revision: the count's age, long-term steroids, children and
    babies, medicines written with route words, conditions said as history."""
    cases = list(generate_cases(CASES_OUTPUT_ONLY, seed=SEED))
    used = collections.defaultdict(set)
    for case in cases:
        for field in ("days_since_count", "steroids_long_term", "age", "age_months"):
            used[field].add(case.get(field))
    limit = CURRENT_COUNT_DAYS
    assert {None, limit - 1, limit, limit + 1} <= used["days_since_count"]
    assert {None, True, False} <= used["steroids_long_term"]
    assert {None, 0, CHILD_AGE_YEARS - 1, CHILD_AGE_YEARS} <= used["age"]
    assert {None, YOUNG_INFANT_MONTHS - 1, YOUNG_INFANT_MONTHS} <= used["age_months"]
    said = [term for case in cases for term in case.get("conditions", ())]
    history = [term for term in said if read_condition(term).history]
    assert len({read_condition(term).id for term in history}) >= 5
    medicines = [m for case in cases for m in case.get("medications", ())]
    local = {m for m in medicines if m.split()[-1] in ("cream", "ointment", "gel", "inhaler")}
    assert len(local) >= 5


def test_fast_path_gives_whole_outputs_identical_to_plain_experta(
    reference_outputs: list[str],
) -> None:
    assert _differing(Assessor("fast"), reference_outputs) == []


def test_fast_path_gives_identical_explanations(reference: Assessor) -> None:
    assert compare(CASES_EXPLAINED, seed=12, reference=reference) == []


def test_every_rule_fires_in_the_generated_cases() -> None:
    fast = Assessor("fast")
    fired = set()
    for case in generate_cases(CASES_OUTPUT_ONLY, seed=SEED):
        with contextlib.suppress(triage.CaseRejected):
            fired |= {item.rule for item in fast.assess(case).explanation}
    catalogue = {meta.id for meta in triage.catalogue.rule_catalogue()}
    assert catalogue - fired == set()


class _ForgetfulMatcher(FastReteMatcher):
    """Negative control: the exact alpha-cache key leaves out one field a check reads
    (input facts take the exact-content cache: no reducers)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        kind = next(k for k in self.fields_read if k.__name__ == "Count")
        fields = self.fields_read[kind]
        assert fields is not None and "anc" in fields
        self.fields_read[kind] = tuple(f for f in fields if f != "anc")


class _ForgetfulEngine(FastTriageEngine):
    __matcher__ = _ForgetfulMatcher

    def __init__(self) -> None:
        super().__init__()
        self.matcher.reducers = {}


def test_negative_control_a_key_missing_a_field_is_caught(reference_outputs: list[str]) -> None:
    broken = Assessor("fast")
    broken.engine = _ForgetfulEngine()
    assert len(_differing(broken, reference_outputs)) > CASES_OUTPUT_ONLY // 10


def test_input_facts_share_alpha_traces_by_what_the_patterns_tell_apart() -> None:
    engine = FastTriageEngine()
    assert Count in engine.matcher.reducers and Finding not in engine.matcher.reducers
    assessor = Assessor("fast")
    assessor.engine = engine
    distinct: set[Any] = set()
    for data in generate_cases(200, seed=SEED):
        with contextlib.suppress(triage.CaseRejected):
            case = parse_case(data)
            assessor.run(case)
            distinct |= {(kind, tuple(f.items())) for kind, f in input_fact_specs(case)}
    # Facts whose values differ only where no pattern looks share one trace; a medicine
    # keeps its own (the rules name it), and the revision's cases name hundreds.
    shared = [key for key in engine.matcher.reduced_cache if key[0] is not Medication]
    assert 0 < len(shared) < len({d for d in distinct if d[0] is not Medication}) // 2


def test_negative_control_an_alpha_reduction_missing_a_limit_is_caught(
    reference_outputs: list[str],
) -> None:
    read = distinctions(all_rules())
    cuts = dict(read.cuts)
    cuts[(Count, "anc")] = tuple(x for x in cuts[(Count, "anc")] if x != ANC_SEVERE)
    forgetful = dataclasses.replace(read, cuts=cuts)
    broken = Assessor("fast")
    matcher = broken.engine.matcher
    matcher.reducers = {
        kind: forgetful.alpha_key(kind, matcher.fields_read[kind] or ())
        for kind in matcher.reducers
    }
    assert len(_differing(broken, reference_outputs)) > CASES_OUTPUT_ONLY // 20


def test_fast_is_the_default_and_the_reference_stays_reachable(monkeypatch) -> None:
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    assert type(Assessor().engine) is FastTriageEngine
    assert type(Assessor("reference").engine) is TriageEngine
    monkeypatch.setenv(ENGINE_VARIABLE, "reference")
    assert type(Assessor().engine) is TriageEngine
    assert type(triage.Assessor().engine) is TriageEngine
    monkeypatch.setenv(ENGINE_VARIABLE, "nonsense")
    with pytest.raises(ValueError, match="unknown engine"):
        Assessor()


def test_a_restored_reset_equals_a_full_reset() -> None:
    engine = FastTriageEngine()
    engine.reset()
    fresh_facts = dict(engine.facts)
    fresh_agenda = [(a.rule, a.facts, a.context) for a in engine.agenda.activations]
    fresh_memories = {id(n): _state(n) for n in engine.matcher.nodes}
    assessor = Assessor("fast")
    assessor.engine = engine
    for case in generate_cases(50, seed=13):
        with contextlib.suppress(triage.CaseRejected):
            assessor.assess(case)
        engine.reset()
        assert dict(engine.facts) == fresh_facts
        assert [(a.rule, a.facts, a.context) for a in engine.agenda.activations] == fresh_agenda
        assert {id(n): _state(n) for n in engine.matcher.nodes} == fresh_memories


def _state(node: Any) -> Any:
    return {
        name: getattr(node, name).copy()
        for name in ("left", "right", "memory", "added", "removed")
        if hasattr(node, name)
    }


def test_identical_whole_output_from_a_case_seen_before() -> None:
    """The alpha cache and the snapshot leave nothing behind between cases."""
    fast = Assessor("fast")
    cases = list(generate_cases(60, seed=14))
    first = [whole_output(fast, case, explained=False) for case in cases]
    again = [whole_output(fast, case, explained=False) for case in reversed(cases)]
    assert first == list(reversed(again))


def test_without_workers_a_large_file_uses_every_core() -> None:
    cores = batch.resolve_workers(0)
    assert batch.resolve_workers(None, batch.AUTO_WORKERS_MIN_BYTES) == cores
    assert batch.resolve_workers(None, batch.AUTO_WORKERS_MIN_BYTES - 1) == 1
    assert batch.resolve_workers(None, None) == 1  # stdin: size unknown
    assert batch.resolve_workers(3, batch.AUTO_WORKERS_MIN_BYTES) == 3
    assert os.cpu_count() is None or cores <= os.cpu_count()
