"""Guidance topics (clinical-rules.md §8, December 2026 revision), from the spec: each
topic is shown exactly when its condition holds, and the disclaimer is always there."""

from __future__ import annotations

import pytest
from conftest import as_json, assess, guidance_ids, spec_expectation

TOPIC_CASES = [
    ("get_care_now", {"symptoms": ["confusion"]}, True, "emergency-symptom"),
    ("get_care_now", {"anc": 800, "temperature": 38.0}, True, "emergency-fever-anc-800"),
    ("get_care_now", {"anc": 400}, False, "urgent-anc-400"),
    ("get_care_now", {"anc": 1200, "temperature": 38.0}, False, "urgent-fever-anc-1200"),
    ("fever_precautions", {"anc": 5000, "temperature": 38.0}, True, "fever-anc-normal"),
    ("fever_precautions", {"anc": 1499}, True, "neutropenic-anc-1499"),
    ("fever_precautions", {"anc": 999, "duffy_null": True}, True, "duffy-null-anc-999"),
    ("fever_precautions", {"anc": 1500}, False, "anc-1500"),
    ("fever_precautions", {"anc": 1200, "duffy_null": True}, False, "duffy-null-anc-1200"),
    ("fever_precautions", {"anc": 1200, "duffy_null": True, "temperature": 38.0}, True,
     "duffy-null-anc-1200-fever"),
    ("fever_precautions", {"temperature": 37.0}, False, "anc-unknown-no-fever"),
    # rev. §8 G2: also a possible or borderline fever, and anyone at risk.
    ("fever_precautions", {"anc": 5000, "temperature": 37.5}, True, "borderline-37.5"),
    ("fever_precautions", {"anc": 5000, "temperature": 37.4}, False, "37.4-not-at-risk"),
    ("fever_precautions", {"symptoms": ["feels_feverish"]}, True, "possible-fever"),
    ("fever_precautions", {"anc": 5000, "conditions": ["leukemia"]}, True, "at-risk-leukemia"),
    ("fever_precautions", {"anc": 5000, "days_since_chemo": 20}, True, "at-risk-days-20"),
    ("fever_precautions", {"anc": 5000, "conditions": ["central_line"]}, True,
     "at-risk-central-line"),
    ("fever_precautions", {"anc": 5000, "steroids_long_term": True}, True,
     "at-risk-steroids-long-term"),
    ("fever_precautions", {"anc": 5000, "medications": ["tacrolimus"]}, True,
     "at-risk-tacrolimus"),
    ("fever_precautions", {"anc": 5000, "conditions": ["lupus"]}, False, "not-at-risk-lupus"),
    ("fever_precautions", {"anc": 5000, "medications": ["tamoxifen"]}, False,
     "not-at-risk-hormone-therapy"),
    ("fever_precautions", {"anc": 5000, "medications": ["prednisolone"]}, False,
     "not-at-risk-short-steroid-course"),
    ("infection_precautions", {"anc": 1499}, True, "anc-1499"),
    ("infection_precautions", {"anc": 999, "duffy_null": True}, True, "duffy-null-anc-999"),
    ("infection_precautions", {"anc": 1500, "temperature": 38.5}, False, "anc-1500-fever"),
    ("infection_precautions", {"anc": 1200, "duffy_null": True}, False, "duffy-null-anc-1200"),
    ("infection_precautions", {"temperature": 38.5}, False, "anc-unknown"),
    ("antibiotics", {"anc": 5000, "temperature": 38.0}, True, "fever"),
    ("antibiotics", {"anc": 5000, "symptoms": ["cough"]}, True, "infection-sign"),
    ("antibiotics", {"anc": 5000, "symptoms": ["abdominal_pain"]}, True, "abdominal-pain"),
    ("antibiotics", {"anc": 400}, False, "no-fever-no-sign"),
    ("antibiotics", {"anc": 5000, "temperature": 37.9}, False, "37.9"),
    ("antibiotics", {"anc": 5000, "symptoms": ["fast_heartbeat"]}, True, "fast-heartbeat"),
    ("antibiotics", {"anc": 5000, "temperature": 37.0, "symptoms": ["feels_feverish"]}, True,
     "feels-feverish-overridden-is-a-sign"),
    ("antibiotics", {"anc": 5000, "symptoms": ["confusion"]}, False, "emergency-symptom-only"),
    ("g_csf", {"anc": 499}, True, "severe-anc-499"),
    ("g_csf", {"anc": 99}, True, "profound-anc-99"),
    ("g_csf", {"anc": 500}, False, "moderate-anc-500"),
    # rev. §8 G5: severe or profound only, no longer for every bone_marrow_production.
    ("g_csf", {"anc": 1200, "conditions": ["radiation_therapy"]}, False,
     "bone-marrow-production-radiation"),
    ("g_csf", {"anc": 800, "days_since_chemo": 42}, False, "bone-marrow-production-chemo-day-42"),
    ("g_csf", {"anc": 800, "days_since_chemo": 43}, False, "chemo-day-43"),
    ("g_csf", {"conditions": ["leukemia"]}, False, "anc-unknown-leukemia"),
    ("g_csf", {"anc": 2000, "conditions": ["leukemia"]}, False, "anc-normal-leukemia"),
    ("g_csf", {"anc": 400, "days_since_chemo": 10}, True, "severe-after-chemo"),
    ("g_csf", {"anc": 400, "days_since_count": 5}, True, "severe-old-count"),
    ("medication_change", {"anc": 800, "medications": ["carbamazepine"]}, True, "carbamazepine"),
    ("medication_change", {"medications": ["carbamazepine"]}, True, "anc-unknown-carbamazepine"),
    ("medication_change", {"anc": 800, "medications": ["cyclophosphamide"]}, False,
     "chemotherapy-drug"),
    ("medication_change", {"anc": 2000, "medications": ["carbamazepine"]}, False, "anc-normal"),
    # rev. §8/§10 G6: not beside the U7/U8 words.
    ("medication_change", {"anc": 1200, "medications": ["deferiprone"]}, False, "deferiprone-U7"),
    ("medication_change", {"anc": 800, "medications": ["methimazole"], "symptoms": ["sore_throat"]},
     False, "methimazole-sore-throat-U8"),
    ("medication_change", {"anc": 800, "medications": ["methimazole"]}, True,
     "methimazole-without-U8-symptom"),
    ("medication_change", {"anc": 800, "medications": ["clozapine"]}, True, "clozapine-U6"),
    ("immune_suppression", {"anc": 800, "conditions": ["lupus"]}, True, "lupus"),
    ("immune_suppression", {"anc": 2000, "conditions": ["lupus"]}, False, "lupus-anc-normal"),
    ("treat_infection", {"anc": 800, "conditions": ["hiv"]}, True, "hiv"),
    ("treat_infection", {"anc": 1200, "duffy_null": True, "conditions": ["hiv"]}, False,
     "hiv-duffy-null-anc-1200"),
    ("correct_deficiency", {"anc": 800, "conditions": ["copper_deficiency"]}, True, "copper"),
    ("correct_deficiency", {"anc": 1600, "conditions": ["copper_deficiency"]}, False,
     "copper-anc-normal"),
    ("stem_cell_transplant", {"anc": 400, "conditions": ["bone_marrow_failure"]}, True,
     "bone-marrow-failure-severe"),
    ("stem_cell_transplant", {"anc": 50, "conditions": ["congenital_neutropenia"]}, True,
     "congenital-profound"),
    ("stem_cell_transplant", {"anc": 99, "conditions": ["leukemia"]}, True, "leukemia-profound"),
    ("stem_cell_transplant", {"anc": 500, "conditions": ["leukemia"]}, False, "leukemia-moderate"),
    ("stem_cell_transplant", {"conditions": ["leukemia"]}, False, "leukemia-anc-unknown"),
    ("stem_cell_transplant", {"anc": 400, "conditions": ["cyclic_neutropenia"]}, False,
     "cyclic-severe"),
    ("stem_cell_transplant", {"anc": 400}, False, "severe-no-condition"),
    ("stem_cell_transplant", {"anc": 400, "conditions": ["lymphoma"]}, False, "lymphoma-severe"),
    ("mild_no_treatment", {"anc": 1200}, True, "anc-1200"),
    ("mild_no_treatment", {"anc": 1000}, True, "anc-1000"),
    ("mild_no_treatment", {"anc": 1499, "temperature": 37.5}, True, "anc-1499-no-fever"),
    ("mild_no_treatment", {"anc": 1200, "duffy_null": True}, True, "duffy-null-anc-1200"),
    ("mild_no_treatment", {"anc": 999}, False, "moderate-anc-999"),
    ("mild_no_treatment", {"anc": 1500}, False, "normal-anc-1500"),
    ("mild_no_treatment", {"anc": 1200, "temperature": 38.0}, False, "fever"),
    ("mild_no_treatment", {"anc": 1200, "symptoms": ["cough"]}, False, "infection-sign"),
    # rev. §1: reassuring words are not shown for an old count.
    ("mild_no_treatment", {"anc": 1200, "days_since_count": 2}, True, "count-2-days-old"),
    ("mild_no_treatment", {"anc": 1200, "days_since_count": 3}, False, "count-3-days-old"),
    ("mild_no_treatment", {"anc": 1200, "days_since_count": 1, "days_since_chemo": 0}, False,
     "count-before-last-dose"),
    # rev. our reading of §10: reassuring words are never shown to a person at risk.
    ("mild_no_treatment", {"anc": 1200, "days_since_chemo": 20}, False, "at-risk-days-20"),
    ("mild_no_treatment", {"anc": 1200, "conditions": ["central_line"]}, False,
     "at-risk-central-line"),
    ("mild_no_treatment", {"anc": 1200, "temperature": 37.6}, True, "borderline-not-at-risk"),
    ("duffy_null_normal", {"anc": 1000, "duffy_null": True}, True, "anc-1000"),
    ("duffy_null_normal", {"anc": 1499, "duffy_null": True}, True, "anc-1499"),
    ("duffy_null_normal", {"anc": 999, "duffy_null": True}, False, "anc-999"),
    ("duffy_null_normal", {"anc": 1500, "duffy_null": True}, False, "anc-1500"),
    ("duffy_null_normal", {"anc": 1200}, False, "not-duffy-null"),
    ("duffy_null_normal", {"anc": 1200, "duffy_null": False}, False, "duffy-null-false"),
    # rev. §1: the Duffy-null "usual for you" is not shown for an old count.
    ("duffy_null_normal", {"anc": 1200, "duffy_null": True, "days_since_count": 3}, False,
     "count-3-days-old"),
    ("cause_not_identified", {"anc": 800}, True, "neutropenic-no-trigger"),
    ("cause_not_identified", {"anc": 1200}, True, "mild-no-trigger"),
    ("cause_not_identified", {"anc": 800, "conditions": ["lupus"]}, False, "cause-found"),
    ("cause_not_identified", {"anc": 2000}, False, "anc-normal"),
    ("cause_not_identified", {"anc": 1200, "duffy_null": True}, False, "duffy-null-anc-1200"),
    ("rituximab_late_onset", {"anc": 800, "medications": ["rituximab"]}, True, "rituximab"),
    ("rituximab_late_onset", {"anc": 800, "medications": ["Rituxan"]}, True, "rituxan"),
    ("rituximab_late_onset", {"anc": 800, "medications": ["carbamazepine"]}, False,
     "other-medicine"),
    ("rituximab_late_onset", {"anc": 800}, False, "no-medicine"),
]  # fmt: skip

TOPIC_PARAMS = [
    pytest.param(topic, fields, shown, id=f"{topic}-{'shown' if shown else 'not'}-{label}")
    for topic, fields, shown, label in TOPIC_CASES
]


@pytest.mark.parametrize(("topic", "fields", "shown"), TOPIC_PARAMS)
def test_topic_shown_exactly_when_its_condition_holds(topic, fields, shown):
    assert (topic in guidance_ids(assess(**fields))) is shown


@pytest.mark.parametrize(("topic", "fields", "shown"), TOPIC_PARAMS)
def test_guidance_is_exactly_the_spec_table(topic, fields, shown):
    expected = spec_expectation(fields)["guidance"]
    assert guidance_ids(assess(**fields)) - {"rituximab_late_onset"} == expected


@pytest.mark.parametrize(("topic", "fields", "shown"), TOPIC_PARAMS)
def test_guidance_has_plain_text_and_disclaimer(topic, fields, shown):
    output = as_json(assess(**fields))
    assert output["disclaimer"].strip()
    assert all(item["text"].strip() for item in output["guidance"])
    ids = [item["id"] for item in output["guidance"]]
    assert len(ids) == len(set(ids))


def test_cause_not_identified_when_anc_unknown_and_no_trigger():
    """§5 looks for causes when the ANC is unknown; none found → say so (my reading)."""
    assert "cause_not_identified" in guidance_ids(assess(temperature=38.5))
