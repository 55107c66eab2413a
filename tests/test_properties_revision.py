"""Hypothesis properties for the December 2026 revision (clinical-rules.md *rev.* items).

(a) A person at risk (§1) who feels feverish, feels unwell, has a racing heart or a
    temperature of 38.0 °C gets `emergency` (E3/E2, E6); an adult (age ≥ 16) with a
    borderline temperature after recent anticancer treatment gets `emergency` (E7).
(b) An old count (days_since_count ≥ 3) never gives a lower level than the same case
    with no count, nor than the same count taken today (§1, current count).
(c) A refused value never hides the level of the rest (§1; case-format.md `at_least`).

Cases come from a small realistic space; ANCs in cells/µL and temperatures in °C
(conftest.with_units). Level order: routine < soon < urgent < emergency.
"""

from __future__ import annotations

import os

import pytest
from conftest import ASSESSOR, TRIAGE_ORDER, assess, fired, with_units
from hypothesis import HealthCheck, assume, given, settings
from hypothesis import strategies as st

import triage
from triage import CaseRejected

SETTINGS = settings(
    max_examples=int(os.environ.get("PROP_EXAMPLES", "120")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)

SYMPTOMS = (
    "feeling_unwell",
    "fast_heartbeat",
    "feels_feverish",
    "cough",
    "sore_throat",
    "mouth_ulcers",
    "diarrhea",
    "rash",
    "skin_redness",
    "catheter_site_redness",
    "burning_urination",
    "confusion",
    "trouble_breathing",
)
CONDITIONS = (
    "lupus",
    "rheumatoid_arthritis",
    "hiv",
    "b12_deficiency",
    "leukemia",
    "lymphoma",
    "organ_transplant",
    "central_line",
    "chemotherapy",
    "radiation_therapy",
    "solid_cancer",
)
MEDICATIONS = (
    "clozapine",
    "carbimazole",
    "letrozole",
    "Keytruda",
    "tacrolimus",
    "prednisolone",
    "Fostair inhaler",
)

# One way each of being at risk of neutropenic sepsis (§1): a change to the case.
AT_RISK = (
    ("days_since_chemo", 0),
    ("days_since_chemo", 14),
    ("days_since_chemo", 42),
    ("conditions", "chemotherapy"),
    ("conditions", "immunotherapy"),
    ("conditions", "leukemia"),
    ("conditions", "lymphoma"),
    ("conditions", "organ_transplant"),
    ("conditions", "central_line"),
    ("medications", "Keytruda"),
    ("medications", "tacrolimus"),
    ("steroids_long_term", True),
)


def optional(strategy):
    return st.one_of(st.none(), strategy)


def subset(items, max_size=3):
    return st.lists(st.sampled_from(items), max_size=max_size, unique=True)


@st.composite
def cases(draw, counts=True):
    """A realistic case: ANC 0–3,000 cells/µL, 35–40 °C, days 0–60, age 1–90."""
    fields = {
        "anc": draw(optional(st.integers(0, 3000))) if counts else None,
        "days_since_count": draw(optional(st.integers(0, 10))) if counts else None,
        "temperature": draw(optional(st.integers(350, 400).map(lambda tenths: tenths / 10))),
        "days_since_chemo": draw(optional(st.integers(0, 60))),
        "symptoms": draw(subset(SYMPTOMS)),
        "conditions": draw(subset(CONDITIONS)),
        "medications": draw(subset(MEDICATIONS, max_size=2)),
        "duffy_null": draw(optional(st.booleans())),
        "age": draw(st.integers(1, 90)),
    }
    if "prednisolone" in fields["medications"]:
        fields["steroids_long_term"] = draw(optional(st.booleans()))
    return {k: v for k, v in fields.items() if v is not None and v != []}


def make_at_risk(fields, how):
    key, value = how
    case = dict(fields)
    if key in ("conditions", "medications"):
        case[key] = sorted({*case.get(key, []), value})
    elif key == "steroids_long_term":
        case["medications"] = sorted({*case.get("medications", []), "prednisolone"})
        case["steroids_long_term"] = True
    else:
        case[key] = value
    return case


def level(fields):
    return TRIAGE_ORDER.index(assess(**fields).triage)


def with_symptom(fields, symptom):
    return {**fields, "symptoms": sorted({*fields.get("symptoms", []), symptom})}


# --- (a) at risk ----------------------------------------------------------------


@pytest.mark.parametrize(
    "change",
    ["feels_feverish", "feeling_unwell", "fast_heartbeat", "temperature 38.0"],
)
@SETTINGS
@given(fields=cases(), how=st.sampled_from(AT_RISK))
def test_at_risk_and_a_red_flag_is_an_emergency(change, fields, how):
    """E2/E3 (a fever or possible fever: at risk, whatever the reading) and E6."""
    case = make_at_risk(fields, how)
    if change == "temperature 38.0":
        case["temperature"] = 38.0
    else:
        case = with_symptom(case, change)
    assessment = assess(**case)
    assert assessment.triage == "emergency", (case, sorted(fired(assessment)))


@SETTINGS
@given(
    fields=cases(),
    days=st.integers(0, 42),
    tenths=st.integers(375, 379),
    age=st.integers(16, 90),
)
def test_borderline_temperature_after_recent_chemotherapy_adult_is_an_emergency(
    fields, days, tenths, age
):
    """E7: 37.5 °C ≤ T < 38.0 °C and recent anticancer treatment, age 16 or more."""
    case = {**fields, "days_since_chemo": days, "temperature": tenths / 10, "age": age}
    assessment = assess(**case)
    assert assessment.triage == "emergency", (case, sorted(fired(assessment)))
    assert "E7" in fired(assessment)


# --- (b) old counts ---------------------------------------------------------------


@SETTINGS
@given(fields=cases(), anc=st.integers(0, 3000), age_of_count=st.integers(3, 30))
def test_an_old_count_never_lowers_the_level(fields, anc, age_of_count):
    """§1: a count taken days ago can raise the level but never lower it."""
    old = {**fields, "anc": anc, "days_since_count": age_of_count}
    no_count = {k: v for k, v in fields.items() if k not in ("anc", "days_since_count")}
    current = {k: v for k, v in old.items() if k != "days_since_count"}  # absent = current
    assume(no_count.keys() - {"age", "duffy_null"})  # the case says something besides
    assert level(old) >= level(no_count), (old, no_count)
    assert level(old) >= level(current), (old, current)


# --- (c) at_least on a refused value ----------------------------------------------


@SETTINGS
@given(fields=cases(counts=False), ambiguous=st.sampled_from([2, 5, 15, 50, 75, 99]))
def test_a_refused_count_keeps_the_level_of_the_rest(fields, ambiguous):
    """§1 *rev.*: an error record carries `at_least`, the level of the rest of the case.

    The API does not exist yet: `triage.at_least_level(case_dict)` is the name the brief
    gives (a level string, or None when nothing else could be read). If it is missing,
    this test fails (AttributeError), it is not skipped.
    """
    rest = with_units(fields)
    assume(rest.keys() & {"temperature", "symptoms", "conditions", "days_since_chemo"})
    refused = {**rest, "anc": ambiguous}  # a bare number below 100: ambiguous, no unit
    assert "anc_unit" not in refused
    with pytest.raises(CaseRejected):
        ASSESSOR.assess(refused)
    at_least_level = triage.at_least_level  # not written yet (see the docstring)
    assert at_least_level(refused) == ASSESSOR.assess(rest).triage
