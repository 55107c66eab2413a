"""Hypothesis properties (clinical-rules.md §1–§8, case-format.md; December 2026
revision): the engine agrees with a second reading of the spec (conftest.spec_expectation)
on generated cases; a worse finding never lowers triage or infection risk, nor does an old
count or being at risk; the disclaimer is always there; results are deterministic, also
across hash seeds."""

from __future__ import annotations

import json
import os
import subprocess
import sys
import textwrap
from pathlib import Path

import pytest
from conftest import (
    ALL_CONDITIONS,
    DUAL_USE,
    EMERGENCY_SYMPTOMS,
    FEELS_FEVERISH,
    INFECTION_SIGNS,
    ORACLE_MEDICINES,
    RISK_ORDER,
    TRIAGE_ORDER,
    assess,
    engine_view,
    spec_expectation,
    with_units,
)
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

from triage import Assessor

# PROP_EXAMPLES raises the count for a deeper one-off search (e.g. 4000).
SETTINGS = settings(
    max_examples=int(os.environ.get("PROP_EXAMPLES", "150")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
ALL_SYMPTOMS = (*EMERGENCY_SYMPTOMS, *INFECTION_SIGNS, FEELS_FEVERISH)

# Values cluster at the spec's thresholds so boundaries are hit often.
ANC_EDGES = [0, 99, 100, 499, 500, 999, 1000, 1499, 1500, 1799, 1800]
anc_values = st.one_of(
    st.sampled_from(ANC_EDGES),
    st.integers(0, 20000),
    # rev. §1: a fractional count below 100 cells/µL is refused (a unit or separator slip)
    st.floats(100, 2000, allow_nan=False).map(lambda anc: round(anc, 2)),
)
temperatures = st.one_of(
    st.sampled_from([35.5, 35.9, 36.0, 37.0, 37.4, 37.5, 37.9, 38.0, 38.2, 38.29, 38.3, 39.5]),
    st.integers(340, 415).map(lambda tenths: tenths / 10),
    st.floats(34.0, 41.5, allow_nan=False).map(lambda celsius: round(celsius, 3)),
)
fevers = st.one_of(st.sampled_from([38.0, 38.3, 40.0]), st.integers(380, 415).map(lambda t: t / 10))


# Ages in years or in months (rev.: children under 16, E10 under 3 months); a baby of
# 0 years whose months are not given is left out (the spec is silent).
AGES = [{}, {"age": 1}, {"age": 5}, {"age": 15}, {"age": 16}, {"age": 40}, {"age": 80},
        {"age_months": 0}, {"age_months": 2}, {"age_months": 3}, {"age_months": 30},
        {"age": 0, "age_months": 2}, {"age": 0, "age_months": 11}]  # fmt: skip


def optional(strategy):
    return st.one_of(st.none(), strategy)


def subset(items, max_size=3):
    return st.lists(st.sampled_from(sorted(items)), max_size=max_size, unique=True)


@st.composite
def cases(draw):
    """A case in cells/µL and °C, with medicines the oracle knows."""
    fields = {
        "anc": draw(optional(anc_values)),
        "anc_lln": draw(optional(st.sampled_from([1500, 1800, 2000, 2500]))),
        "temperature": draw(optional(temperatures)),
        "fever_hours": draw(optional(st.sampled_from([0, 0.5, 0.9, 1, 2, 24]))),
        "days_since_chemo": draw(optional(st.sampled_from([0, 7, 14, 15, 42, 43, 90]))),
        "days_since_count": draw(optional(st.sampled_from([0, 1, 2, 3, 8]))),
        "steroids_long_term": draw(optional(st.booleans())),
        "neutropenia_days": draw(optional(st.sampled_from([0, 3, 7, 8, 21]))),
        "anc_falling": draw(optional(st.booleans())),
        "duffy_null": draw(optional(st.booleans())),
        "symptoms": draw(subset(ALL_SYMPTOMS)),
        "conditions": draw(subset(ALL_CONDITIONS)),
        "medications": draw(subset(ORACLE_MEDICINES, max_size=2)),
        **draw(st.sampled_from(AGES)),
    }
    fields = {k: v for k, v in fields.items() if v is not None and v != []}
    says_something = {"anc", "temperature", "symptoms", "conditions", "medications"}
    assume(says_something & fields.keys())
    return fields


def rank(assessment):
    return TRIAGE_ORDER.index(assessment.triage), RISK_ORDER.index(assessment.infection_risk)


def not_lower(worse, base):
    worse_triage, worse_risk = rank(worse)
    base_triage, base_risk = rank(base)
    return worse_triage >= base_triage and worse_risk >= base_risk


@SETTINGS
@given(cases())
def test_engine_agrees_with_the_spec(fields):
    assert engine_view(assess(**fields)) == spec_expectation(fields)


@SETTINGS
@given(cases(), st.data())
def test_lower_anc_never_lowers_triage_or_risk(fields, data):
    assume("anc" in fields)
    lower = data.draw(
        st.one_of(
            st.integers(0, int(fields["anc"])),
            st.floats(100, fields["anc"]) if fields["anc"] >= 100 else st.just(0),
        ),
        label="lower anc",
    )
    assert not_lower(assess(**{**fields, "anc": lower}), assess(**fields))


@SETTINGS
@given(cases(), fevers)
def test_a_fever_never_lowers_triage_or_risk(fields, fever):
    # rev. U10: a low reading is itself a sign of sepsis (urgent with an infection sign
    # whatever the count), so a fever is compared with a reading that is not low.
    assume(36.0 <= fields.get("temperature", 37.0) < 38.0)
    assert not_lower(assess(**{**fields, "temperature": fever}), assess(**fields))


@SETTINGS
@given(cases(), st.sampled_from(ALL_SYMPTOMS))
def test_an_added_symptom_never_lowers_triage_or_risk(fields, symptom):
    symptoms = fields.get("symptoms", [])
    assume(symptom not in symptoms)
    assert not_lower(assess(**{**fields, "symptoms": [*symptoms, symptom]}), assess(**fields))


@SETTINGS
@given(cases(), st.integers(0, 60), st.integers(1, 60))
def test_longer_neutropenia_never_lowers_triage_or_risk(fields, days, extra):
    shorter = {**fields, "neutropenia_days": days}
    longer = {**fields, "neutropenia_days": days + extra}
    assert not_lower(assess(**longer), assess(**shorter))
    unknown = {k: v for k, v in fields.items() if k != "neutropenia_days"}
    assert not_lower(assess(**longer), assess(**unknown))


@SETTINGS
@given(cases(), st.one_of(st.integers(0, 42), st.just("condition")))
def test_recent_chemotherapy_never_lowers_triage_or_risk(fields, chemo):
    if chemo == "condition":
        conditions = fields.get("conditions", [])
        assume("chemotherapy" not in conditions)
        # rev. §6: beside anticancer treatment methotrexate is anticancer and loses the
        # agranulocytosis warning of its non-cancer use (U8), so a sore throat on
        # methotrexate for arthritis is urgent and after chemotherapy only soon (S6):
        # the spec's own reading, reported to the lead.
        assume("methotrexate" not in fields.get("medications", []))
        recent = {**fields, "conditions": [*conditions, "chemotherapy"]}
    else:
        assume("days_since_chemo" not in fields)
        recent = {**fields, "days_since_chemo": chemo}
    assert not_lower(assess(**recent), assess(**fields))


@SETTINGS
@given(cases(), st.integers(3, 60))
def test_an_old_count_never_lowers_triage_or_risk(fields, days):
    """rev. §1: a count taken days ago can raise the level but never lower it."""
    assume("anc" in fields)
    current = {k: v for k, v in fields.items() if k != "days_since_count"}
    assert not_lower(assess(**{**current, "days_since_count": days}), assess(**current))


@SETTINGS
@given(cases(), st.sampled_from(["steroids_long_term", "central_line", "organ_transplant"]))
def test_being_at_risk_never_lowers_triage_or_risk(fields, risk):
    """rev. §1: at risk (immunosuppressed, a central line) only adds rules (E3, E6, U9,
    U10). A new condition changes how a dual-use medicine is read (§6), so those are
    left out when a condition is added."""
    if risk == "steroids_long_term":
        assume(fields.get("steroids_long_term") is not True)
        at_risk = {**fields, "steroids_long_term": True}
    else:
        conditions = fields.get("conditions", [])
        assume(risk not in conditions)
        assume(not DUAL_USE & set(fields.get("medications", [])))
        at_risk = {**fields, "conditions": [*conditions, risk]}
    assert not_lower(assess(**at_risk), assess(**fields))


@SETTINGS
@given(cases())
def test_disclaimer_always_present(fields):
    assert assess(**fields).disclaimer.strip()


@SETTINGS
@given(cases())
def test_same_case_twice_gives_identical_json(fields):
    first = assess(**fields).model_dump_json()
    assert assess(**fields).model_dump_json() == first
    assert _FRESH_ASSESSOR.assess(with_units(fields)).model_dump_json() == first


_FRESH_ASSESSOR = Assessor()

# ~30 varied cases for the hash-seed test, chosen to fire many rules and list causes,
# guidance and warnings together (set iteration order would show up here).
SEED_CASES = [
    {"anc": 800, "anc_unit": "cells/uL", "temperature": 38.4, "days_since_chemo": 10,
     "symptoms": ["cough", "rash", "confusion"], "medications": ["clozapine", "Bactrim"],
     "conditions": ["lupus", "hiv", "leukemia", "malnutrition"]},
    {"anc": 0.4, "temperature": 101.5, "fever_hours": 3, "anc_falling": True},
    {"wbc": 2.0, "neutrophil_pct": 14.8, "band_pct": 5, "symptoms": "sore throat; mouth ulcers",
     "medications": "methimazole; zorblaxitol; carbamazepine 200 mg"},
    {"anc": 1200, "anc_unit": "cells/uL", "duffy_null": "yes", "medications": ["clozapine"]},
    {"temperature": 35.5, "conditions": ["chemotherapy", "radiation_therapy", "cmv"]},
    {"anc": 1600, "anc_unit": "cells/uL", "anc_lln": 1800, "symptoms": ["diarrhea"]},
    {"anc": 50, "anc_unit": "cells/uL", "neutropenia_days": 10,
     "conditions": ["congenital_neutropenia", "b12_deficiency", "folate_deficiency"]},
    {"symptoms": ["trouble_breathing", "fainting", "no_urine", "mottled_skin", "stiff_neck"]},
    {"anc": 999, "anc_unit": "cells/uL", "medications": ["deferiprone", "rituximab",
     "cyclophosphamide", "methotrexate"], "conditions": ["rheumatoid_arthritis", "felty_syndrome"]},
    {"anc": 450, "anc_unit": "cells/uL", "duffy_null": True, "medications": ["Clozaril"],
     "temperature": 38.1, "fever_hours": 2},
]  # fmt: skip
SEED_CASES += [
    {"anc": anc, "anc_unit": "cells/uL", "temperature": temp, "symptoms": symptoms,
     "conditions": conditions, "days_since_chemo": days}
    for anc, temp, symptoms, conditions, days in [
        (100, 38.0, ["abscess"], ["tuberculosis", "dengue"], 3),
        (499, 36.5, ["skin_redness", "catheter_site_redness"], ["ebv"], 20),
        (500, 39.0, ["burning_urination"], ["viral_hepatitis"], 43),
        (1000, 38.3, ["vomiting", "abdominal_pain"], ["copper_deficiency"], 14),
        (1499, 37.9, ["slow_healing_wound"], ["autoimmune_neutropenia"], 15),
        (1500, 38.0, ["shaking_chills"], ["crohns_disease"], 42),
        (3000, 35.9, [], ["stem_cell_transplant"], 0),
        (10, 40.1, ["cough", "rash", "diarrhea"], ["bone_marrow_failure", "viral_infection"], 1),
        (700, 37.0, ["sore_throat"], ["cyclic_neutropenia", "lupus"], None),
        (1100, 38.6, [], ["leukemia", "hiv", "malnutrition", "lupus"], 30),
    ]
]  # fmt: skip
SEED_CASES += [{"temperature": t} for t in (38.0, 100.4, 97.0)]
SEED_CASES += [{"anc": a} for a in (0, 1.2, 150, 29.9, 800, 50)]
SEED_CASES += [{"conditions": ["leukemia"], "temperature": 38.2, "medications": ["clozapene"]}]
# rev.: borderline and possible fevers, children and babies, old counts, long-term steroids,
# warning medicines, at-risk conditions.
SEED_CASES += [
    {"temperature": 37.6, "days_since_chemo": 3, "age": 9},
    {"temperature": 37.0, "symptoms": ["feels_feverish", "fast_heartbeat"],
     "conditions": ["organ_transplant", "central_line"], "steroids_long_term": True},
    {"anc": 5000, "anc_unit": "cells/uL", "days_since_count": 6, "temperature": 38.1,
     "age_months": 2, "medications": ["carbimazole", "capecitabine", "Fostair"]},
    {"anc": 300, "anc_unit": "cells/uL", "symptoms": ["cough", "rash", "catheter_site_redness"],
     "conditions": ["lymphoma", "rheumatoid_arthritis"], "medications": ["methotrexate"]},
]  # fmt: skip
SEED_CASES = [{k: v for k, v in case.items() if v is not None} for case in SEED_CASES]

SEED_SCRIPT = textwrap.dedent(
    """
    import json, sys
    from triage import Assessor, CaseRejected
    assessor = Assessor()
    for number, case in enumerate(json.load(sys.stdin), start=1):
        try:
            result = assessor.assess(case, default_id=str(number)).model_dump(mode="json")
        except CaseRejected as error:
            result = {"error": [[e.field, e.message] for e in error.errors]}
        print(json.dumps(result, sort_keys=False, ensure_ascii=False))
    """
)


def run_with_hash_seed(seed: str) -> str:
    environment = {**os.environ, "PYTHONHASHSEED": seed}
    completed = subprocess.run(
        [sys.executable, "-c", SEED_SCRIPT],
        input=json.dumps(SEED_CASES),
        capture_output=True,
        text=True,
        env=environment,
        cwd=Path(__file__).resolve().parent.parent,
        check=True,
    )
    return completed.stdout


@pytest.mark.slow
def test_output_is_identical_across_hash_seeds():
    assert len(SEED_CASES) >= 30
    first = run_with_hash_seed("1")
    lines = first.splitlines()
    assert len(lines) == len(SEED_CASES)
    assert sum('"error"' not in line[:10] for line in lines) >= 28  # mostly assessed
    assert run_with_hash_seed("2024") == first
