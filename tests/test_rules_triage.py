"""Triage rules E1–E5, U1–U8, S1–S6 (clinical-rules.md §4), read from the spec only.

Each scenario gives the expected triage level (the highest any rule gives), the spec
rules that must be listed in the explanation, and rules that must not be.
ANCs are in cells/µL and temperatures in °C unless a unit is named (conftest).
"""

from __future__ import annotations

import pytest
from conftest import (
    EMERGENCY_SYMPTOMS,
    INFECTION_SIGNS,
    NEUTROPENIA_PRONE,
    SPEC_TRIAGE_RULES,
    assess,
    fired,
)


def scenario(id_: str, fields: dict, level: str, fires=(), not_fires=(), marks=()):
    return pytest.param(fields, level, set(fires), set(not_fires), id=id_, marks=marks)


EMERGENCY = [
    # E1 fever and ANC < 1,000.
    scenario("E1-fever-38.0-anc-999", {"anc": 999, "temperature": 38.0}, "emergency", ["E1"]),
    scenario("E1-fever-39-anc-0", {"anc": 0, "temperature": 39.0}, "emergency", ["E1", "U3"]),
    scenario(
        "E1-fever-100.4F-anc-800",
        {"anc": 800, "temperature": 100.4, "temperature_unit": "F"},
        "emergency",
        ["E1"],
    ),
    scenario(
        "E1-duffy-null-anc-999-fever",
        {"anc": 999, "temperature": 38.0, "duffy_null": True},
        "emergency",
        ["E1"],
    ),
    scenario("E1-not-at-anc-1000", {"anc": 1000, "temperature": 38.0}, "urgent", ["U1"], ["E1"]),
    scenario("E1-not-at-37.9", {"anc": 999, "temperature": 37.9}, "soon", ["S1"], ["E1", "S5"]),
    scenario(
        "E1-not-at-100.3F",
        {"anc": 800, "temperature": 100.3, "temperature_unit": "F"},
        "soon",
        ["S1"],
        ["E1"],
    ),
    # §1 possible fever: feels_feverish with no measured temperature counts as a fever
    # for E1–E3, U1, U2 and S5; a measured temperature below 38.0 °C overrides it.
    scenario(
        "E1-possible-fever-anc-999",
        {"anc": 999, "symptoms": ["feels_feverish"]},
        "emergency",
        ["E1", "S5"],
    ),
    scenario(
        "U1-possible-fever-anc-1000",
        {"anc": 1000, "symptoms": ["feels_feverish"]},
        "urgent",
        ["U1", "S5"],
        ["E1"],
    ),
    scenario(
        "S5-possible-fever-anc-1500",
        {"anc": 1500, "symptoms": ["feels_feverish"]},
        "soon",
        ["S5"],
        ["U1"],
    ),
    scenario("U2-possible-fever-anc-unknown", {"symptoms": ["feel hot"]}, "urgent", ["U2"]),
    scenario(
        "E2-possible-fever-days-42",
        {"anc": 5000, "symptoms": ["shivery"], "days_since_chemo": 42},
        "emergency",
        ["E2"],
    ),
    scenario(
        "E2-not-possible-fever-days-43",
        {"anc": 5000, "symptoms": ["shivery"], "days_since_chemo": 43},
        "soon",
        ["S5"],
        ["E2"],
    ),
    scenario(
        "E3-possible-fever-prone-anc-unknown",
        {"symptoms": ["feels_feverish"], "conditions": ["leukemia"]},
        "emergency",
        ["E3", "U2"],
    ),
    scenario(
        "possible-fever-overridden-by-37.9",
        {"anc": 999, "temperature": 37.9, "symptoms": ["feels_feverish"]},
        "soon",
        ["S1"],
        ["E1", "S5"],
    ),
    scenario(
        "possible-fever-measured-38.0-is-a-fever",
        {"anc": 999, "temperature": 38.0, "symptoms": ["feels_feverish"]},
        "emergency",
        ["E1"],
    ),
    # E6 feeling unwell and recent chemotherapy, whatever the temperature and the count.
    scenario(
        "E6-unwell-days-42-anc-normal-temp-normal",
        {"anc": 5000, "temperature": 37.0, "days_since_chemo": 42, "symptoms": ["feel unwell"]},
        "emergency",
        ["E6", "S6"],
    ),
    scenario(
        "E6-unwell-on-chemo-anc-unknown",
        {"symptoms": ["flu-like"], "conditions": ["chemotherapy"]},
        "emergency",
        ["E6", "U5"],
    ),
    scenario(
        "E6-not-at-days-43",
        {"anc": 5000, "days_since_chemo": 43, "symptoms": ["feeling_unwell"]},
        "routine",
        [],
        ["E6", "S6"],
    ),
    scenario(
        "E6-not-without-chemo-mild-count",
        {"anc": 1200, "symptoms": ["feeling_unwell"]},
        "soon",
        ["S2"],
        ["E6"],
    ),
    # E2 fever and recent chemotherapy, whatever the ANC (also unknown).
    scenario(
        "E2-fever-days-42-anc-normal",
        {"anc": 5000, "temperature": 38.0, "days_since_chemo": 42},
        "emergency",
        ["E2", "S5"],
        ["E1"],
    ),
    scenario(
        "E2-fever-days-0-anc-unknown",
        {"temperature": 38.5, "days_since_chemo": 0},
        "emergency",
        ["E2"],
    ),
    scenario(
        "E2-fever-chemotherapy-condition-anc-unknown",
        {"temperature": 38.0, "conditions": ["chemotherapy"]},
        "emergency",
        ["E2"],
    ),
    scenario(
        "E2-fever-chemotherapy-condition-anc-normal",
        {"anc": 3000, "temperature": 38.0, "conditions": ["chemotherapy"]},
        "emergency",
        ["E2"],
    ),
    scenario(
        "E2-not-days-43-anc-normal",
        {"anc": 5000, "temperature": 38.0, "days_since_chemo": 43},
        "soon",
        ["S5"],
        ["E2"],
    ),
    scenario(
        "E2-not-days-43-anc-unknown",
        {"temperature": 38.0, "days_since_chemo": 43},
        "urgent",
        ["U2"],
        ["E2"],
    ),
    scenario(
        "E2-not-without-fever",
        {"anc": 5000, "temperature": 37.9, "days_since_chemo": 10},
        "routine",
        [],
        ["E2"],
    ),
    # E3 fever, ANC unknown, neutropenia-prone history.
    *[
        scenario(
            f"E3-fever-anc-unknown-{condition}",
            {"temperature": 38.0, "conditions": [condition]},
            "emergency",
            ["E3", "U2"],
        )
        for condition in NEUTROPENIA_PRONE
    ],
    scenario("E3-not-without-history", {"temperature": 38.0}, "urgent", ["U2"], ["E3"]),
    scenario(
        "E3-not-other-condition-lupus",
        {"temperature": 38.0, "conditions": ["lupus"]},
        "urgent",
        ["U2"],
        ["E3"],
    ),
    scenario(
        "E3-not-anc-known-1200",
        {"anc": 1200, "temperature": 38.0, "conditions": ["leukemia"]},
        "urgent",
        ["U1"],
        ["E3"],
    ),
    scenario(
        "E3-not-without-fever",
        {"temperature": 37.9, "conditions": ["leukemia"]},
        "routine",
        [],
        ["E3"],
    ),
    # E4 low temperature and (ANC < 1,000 or recent chemotherapy).
    scenario("E4-35.9-anc-999", {"anc": 999, "temperature": 35.9}, "emergency", ["E4", "S1"]),
    scenario(
        "E4-96.6F-anc-800",
        {"anc": 800, "temperature": 96.6, "temperature_unit": "F"},
        "emergency",
        ["E4"],
    ),
    scenario(
        "E4-35.9-days-42-anc-unknown",
        {"temperature": 35.9, "days_since_chemo": 42},
        "emergency",
        ["E4"],
    ),
    scenario(
        "E4-35.5-chemotherapy-condition-anc-normal",
        {"anc": 4000, "temperature": 35.5, "conditions": ["chemotherapy"]},
        "emergency",
        ["E4"],
    ),
    scenario("E4-not-36.0-anc-999", {"anc": 999, "temperature": 36.0}, "soon", ["S1"], ["E4"]),
    scenario(
        "E4-not-96.9F-anc-800",
        {"anc": 800, "temperature": 96.9, "temperature_unit": "F"},
        "soon",
        ["S1"],
        ["E4"],
    ),
    scenario("E4-not-35.9-anc-1000", {"anc": 1000, "temperature": 35.9}, "routine", [], ["E4"]),
    scenario(
        "E4-not-35.9-days-43-anc-unknown-XU1-urgent",
        {"temperature": 35.9, "days_since_chemo": 43},
        "urgent",
        ["XU1"],
        ["E4"],
    ),
    # E5 any emergency symptom.
    *[
        scenario(
            f"E5-{symptom}-anc-normal", {"anc": 5000, "symptoms": [symptom]}, "emergency", ["E5"]
        )
        for symptom in EMERGENCY_SYMPTOMS
    ],
    scenario("E5-confusion-anc-unknown", {"symptoms": ["confusion"]}, "emergency", ["E5"]),
    scenario(
        "E5-not-infection-sign-only", {"anc": 5000, "symptoms": ["cough"]}, "routine", [], ["E5"]
    ),
]

URGENT = [
    # U1 fever and ANC 1,000–1,499.
    scenario("U1-fever-anc-1000", {"anc": 1000, "temperature": 38.0}, "urgent", ["U1", "S5"]),
    scenario("U1-fever-anc-1499", {"anc": 1499, "temperature": 38.0}, "urgent", ["U1"]),
    scenario(
        "U1-fever-duffy-null-anc-1200",
        {"anc": 1200, "temperature": 38.0, "duffy_null": True},
        "urgent",
        ["U1"],
    ),
    scenario("U1-not-fever-anc-1500", {"anc": 1500, "temperature": 38.0}, "soon", ["S5"], ["U1"]),
    scenario("U1-not-37.9-anc-1200", {"anc": 1200, "temperature": 37.9}, "routine", [], ["U1"]),
    # U2 fever and ANC unknown.
    scenario("U2-fever-anc-unknown", {"temperature": 38.0}, "urgent", ["U2", "S5"]),
    scenario(
        "U2-fever-wbc-without-differential", {"temperature": 38.2, "wbc": 3.0}, "urgent", ["U2"]
    ),
    scenario("U2-not-37.9-anc-unknown", {"temperature": 37.9}, "routine", [], ["U2"]),
    scenario("U2-not-anc-known", {"anc": 5000, "temperature": 38.0}, "soon", [], ["U2"]),
    # U3 ANC < 500.
    scenario("U3-anc-499", {"anc": 499}, "urgent", ["U3"], ["S1"]),
    scenario("U3-anc-100", {"anc": 100}, "urgent", ["U3"]),
    scenario("U3-anc-0", {"anc": 0}, "urgent", ["U3"]),
    scenario("U3-anc-0.499-giga", {"anc": 0.499, "anc_unit": "10^9/L"}, "urgent", ["U3"]),
    scenario("U3-not-anc-500", {"anc": 500}, "soon", ["S1"], ["U3"]),
    # U4 an infection sign and ANC < 1,000.
    *[
        scenario(f"U4-{sign}-anc-999", {"anc": 999, "symptoms": [sign]}, "urgent", ["U4"])
        for sign in INFECTION_SIGNS
    ],
    scenario("U4-not-cough-anc-1000", {"anc": 1000, "symptoms": ["cough"]}, "soon", ["S2"], ["U4"]),
    # U5 an infection sign, recent chemotherapy, ANC unknown or < 1,500.
    scenario(
        "U5-cough-days-42-anc-unknown",
        {"symptoms": ["cough"], "days_since_chemo": 42},
        "urgent",
        ["U5", "S6"],
    ),
    scenario(
        "U5-rash-chemotherapy-condition-anc-1499",
        {"anc": 1499, "symptoms": ["rash"], "conditions": ["chemotherapy"]},
        "urgent",
        ["U5", "S2", "S6"],
    ),
    scenario(
        "U5-not-anc-1500",
        {"anc": 1500, "symptoms": ["cough"], "days_since_chemo": 10},
        "soon",
        ["S6"],
        ["U5"],
    ),
    scenario(
        "U5-not-days-43-anc-unknown-XS1-soon",
        {"symptoms": ["cough"], "days_since_chemo": 43},
        "soon",
        ["XS1"],
        ["U5", "S6"],
    ),
    scenario(
        "U5-not-without-chemo-anc-unknown-XS1-soon",
        {"symptoms": ["cough"]},
        "soon",
        ["XS1"],
        ["U5"],
    ),
    # U6 clozapine and ANC < 1,000 (Duffy-null: < 500).
    scenario(
        "U6-clozapine-anc-999",
        {"anc": 999, "medications": ["clozapine"]},
        "urgent",
        ["U6", "S1", "S3"],
        ["S4"],
    ),
    scenario("U6-clozaril-anc-900", {"anc": 900, "medications": ["Clozaril"]}, "urgent", ["U6"]),
    scenario(
        "U6-not-clozapine-anc-1000",
        {"anc": 1000, "medications": ["clozapine"]},
        "soon",
        ["S4", "S3"],
        ["U6"],
    ),
    scenario(
        "U6-duffy-null-clozapine-anc-499",
        {"anc": 499, "medications": ["clozapine"], "duffy_null": True},
        "urgent",
        ["U6", "U3"],
    ),
    scenario(
        "U6-not-duffy-null-clozapine-anc-500",
        {"anc": 500, "medications": ["clozapine"], "duffy_null": True},
        "soon",
        ["S1"],
        ["U6", "S4"],
    ),
    scenario(
        "U6-not-duffy-null-clozapine-anc-999",
        {"anc": 999, "medications": ["clozapine"], "duffy_null": True},
        "soon",
        ["S1"],
        ["U6"],
    ),
    scenario(
        "U6-not-clozapine-anc-unknown",
        {"medications": ["clozapine"]},
        "routine",
        [],
        ["U6", "S3", "S4"],
    ),
    # U7 deferiprone and ANC < 1,500.
    scenario(
        "U7-deferiprone-anc-1499", {"anc": 1499, "medications": ["deferiprone"]}, "urgent", ["U7"]
    ),
    scenario(
        "U7-ferriprox-anc-1200", {"anc": 1200, "medications": ["Ferriprox"]}, "urgent", ["U7"]
    ),
    scenario(
        "U7-duffy-null-deferiprone-anc-1200",
        {"anc": 1200, "medications": ["deferiprone"], "duffy_null": True},
        "urgent",
        ["U7"],
        ["S3"],
    ),
    scenario(
        "U7-not-deferiprone-anc-1500",
        {"anc": 1500, "medications": ["deferiprone"]},
        "routine",
        [],
        ["U7"],
    ),
    scenario(
        "U7-not-deferiprone-anc-unknown", {"medications": ["deferiprone"]}, "routine", [], ["U7"]
    ),
    # U8 an antithyroid drug and sore_throat or mouth_ulcers, whatever the ANC.
    *[
        scenario(
            f"U8-{drug}-{symptom}-anc-{anc_label}",
            {"medications": [drug], "symptoms": [symptom], **anc_fields},
            "urgent",
            ["U8"],
        )
        for drug in ("methimazole", "carbimazole", "propylthiouracil", "Tapazole")
        for symptom in ("sore_throat", "mouth_ulcers")
        for anc_label, anc_fields in (("5000", {"anc": 5000}), ("unknown", {}))
    ],
    scenario(
        "U8-not-methimazole-cough",
        {"anc": 5000, "medications": ["methimazole"], "symptoms": ["cough"]},
        "routine",
        [],
        ["U8"],
    ),
    scenario(
        "U8-not-methimazole-no-symptom",
        {"anc": 5000, "medications": ["methimazole"]},
        "routine",
        [],
        ["U8"],
    ),
    scenario(
        "U8-not-carbamazepine-sore-throat",
        {"anc": 5000, "medications": ["carbamazepine"], "symptoms": ["sore_throat"]},
        "routine",
        [],
        ["U8"],
    ),
]

SOON = [
    # S1 ANC 500–999.
    scenario("S1-anc-500", {"anc": 500}, "soon", ["S1"]),
    scenario("S1-anc-999", {"anc": 999}, "soon", ["S1"]),
    scenario("S1-not-anc-1000", {"anc": 1000}, "routine", [], ["S1"]),
    # S2 an infection sign and ANC 1,000–1,499.
    scenario("S2-cough-anc-1000", {"anc": 1000, "symptoms": ["cough"]}, "soon", ["S2"]),
    scenario("S2-diarrhea-anc-1499", {"anc": 1499, "symptoms": ["diarrhea"]}, "soon", ["S2"]),
    scenario("S2-not-cough-anc-1500", {"anc": 1500, "symptoms": ["cough"]}, "routine", [], ["S2"]),
    scenario("S2-not-cough-anc-999", {"anc": 999, "symptoms": ["cough"]}, "urgent", ["U4"], ["S2"]),
    # S3 neutropenic and a medication cause.
    scenario(
        "S3-carbamazepine-anc-1200", {"anc": 1200, "medications": ["carbamazepine"]}, "soon", ["S3"]
    ),
    scenario(
        "S3-tegretol-anc-800",
        {"anc": 800, "medications": ["Tegretol 200 mg twice daily"]},
        "soon",
        ["S3", "S1"],
    ),
    scenario(
        "S3-not-carbamazepine-anc-1500",
        {"anc": 1500, "medications": ["carbamazepine"]},
        "routine",
        [],
        ["S3"],
    ),
    scenario(
        "S3-not-duffy-null-carbamazepine-anc-1200",
        {"anc": 1200, "medications": ["carbamazepine"], "duffy_null": True},
        "routine",
        [],
        ["S3"],
    ),
    scenario(
        "S3-not-carbamazepine-anc-unknown",
        {"medications": ["carbamazepine"]},
        "routine",
        [],
        ["S3"],
    ),
    scenario(
        "S3-not-chemotherapy-drug-anc-1200",
        {"anc": 1200, "medications": ["cyclophosphamide"]},
        "routine",
        [],
        ["S3"],
    ),
    # S4 clozapine, neutropenic, ANC ≥ 1,000.
    scenario("S4-clozapine-anc-1000", {"anc": 1000, "medications": ["clozapine"]}, "soon", ["S4"]),
    scenario(
        "S4-clozapine-anc-1499", {"anc": 1499, "medications": ["clozapine"]}, "soon", ["S4", "S3"]
    ),
    scenario(
        "S4-not-clozapine-anc-1500",
        {"anc": 1500, "medications": ["clozapine"]},
        "routine",
        [],
        ["S4", "S3"],
    ),
    scenario(
        "S4-not-duffy-null-clozapine-anc-1200",
        {"anc": 1200, "medications": ["clozapine"], "duffy_null": True},
        "routine",
        [],
        ["S4", "S3", "U6"],
    ),
    # S5 fever, whatever the ANC.
    scenario("S5-fever-anc-5000", {"anc": 5000, "temperature": 38.0}, "soon", ["S5"]),
    scenario("S5-fever-anc-1500", {"anc": 1500, "temperature": 38.0}, "soon", ["S5"]),
    scenario(
        "S5-fever-101F-anc-5000",
        {"anc": 5000, "temperature": 101, "temperature_unit": "F"},
        "soon",
        ["S5"],
    ),
    scenario("S5-not-37.9-anc-5000", {"anc": 5000, "temperature": 37.9}, "routine", [], ["S5"]),
    # S6 an infection sign and recent chemotherapy, whatever the ANC.
    scenario(
        "S6-cough-days-10-anc-5000",
        {"anc": 5000, "symptoms": ["cough"], "days_since_chemo": 10},
        "soon",
        ["S6"],
        ["U5"],
    ),
    scenario(
        "S6-rash-chemotherapy-condition-anc-5000",
        {"anc": 5000, "symptoms": ["rash"], "conditions": ["chemotherapy"]},
        "soon",
        ["S6"],
    ),
    scenario(
        "S6-cough-days-42-anc-1500",
        {"anc": 1500, "symptoms": ["cough"], "days_since_chemo": 42},
        "soon",
        ["S6"],
    ),
    scenario(
        "S6-not-days-43",
        {"anc": 5000, "symptoms": ["cough"], "days_since_chemo": 43},
        "routine",
        [],
        ["S6"],
    ),
    scenario("S6-not-without-chemo", {"anc": 5000, "symptoms": ["cough"]}, "routine", [], ["S6"]),
]

ROUTINE = [
    scenario("routine-anc-1500", {"anc": 1500}, "routine", []),
    scenario("routine-anc-1000-alone", {"anc": 1000}, "routine", []),
    scenario("routine-normal-temperature", {"temperature": 37.0}, "routine", []),
]

SPEC_RULES = set(SPEC_TRIAGE_RULES)


@pytest.mark.parametrize(("fields", "level", "fires", "not_fires"),
                         EMERGENCY + URGENT + SOON + ROUTINE)  # fmt: skip
def test_triage_rule(fields, level, fires, not_fires):
    assessment = assess(**fields)
    rules = fired(assessment)
    assert assessment.triage == level
    assert fires <= rules, f"missing {sorted(fires - rules)}; explanation {sorted(rules)}"
    assert not (not_fires & rules), f"should not fire: {sorted(not_fires & rules)}"


@pytest.mark.parametrize(("fields", "level", "fires", "not_fires"), ROUTINE)
def test_routine_cases_fire_no_spec_triage_rule(fields, level, fires, not_fires):
    assert not (fired(assess(**fields)) & SPEC_RULES)


def test_every_applicable_rule_is_listed_not_only_the_deciding_one():
    """The explanation lists each fired rule, including ones below the result."""
    assessment = assess(
        anc=800,
        temperature=38.4,
        days_since_chemo=10,
        symptoms=["cough"],
        medications=["clozapine"],
    )
    assert assessment.triage == "emergency"
    assert {"E1", "E2", "U4", "U5", "U6", "S1", "S3", "S5", "S6"} <= fired(assessment)


def test_explanation_gives_a_reason_for_each_rule():
    assessment = assess(anc=800, temperature=38.4, symptoms=["cough"])
    for item in assessment.explanation:
        assert item.rule and item.because.strip(), item
