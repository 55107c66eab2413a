"""Fever, high fever, low temperature and the febrile_neutropenia flag
(clinical-rules.md §1 and §4, IDSA definition), from the spec."""

from __future__ import annotations

import pytest
from conftest import assess

FEVER = [
    pytest.param({}, None, id="no-temperature-null"),
    pytest.param({"temperature": 37.9}, False, id="37.9C-no-fever"),
    pytest.param({"temperature": 38.0}, True, id="38.0C-fever"),
    pytest.param({"temperature": 38.29}, True, id="38.29C-fever"),
    pytest.param({"temperature": 35.9}, False, id="35.9C-low-not-fever"),
    pytest.param({"temperature": 100.3, "temperature_unit": "F"}, False, id="100.3F-no-fever"),
    pytest.param({"temperature": 100.4, "temperature_unit": "F"}, True, id="100.4F-fever"),
    pytest.param({"temperature": 101, "temperature_unit": "F"}, True, id="101F-fever"),
    pytest.param({"temperature": 38.0, "temperature_unit": "C"}, True, id="38.0-unit-C"),
    pytest.param(
        {"temperature": 100.4, "temperature_unit": None}, True, id="100.4-no-unit-read-as-F"
    ),
    pytest.param({"temperature": 37.9, "temperature_unit": None}, False, id="37.9-no-unit-C"),
]


@pytest.mark.parametrize(("fields", "fever"), FEVER)
def test_fever_flag(fields, fever):
    assert assess(anc=2000, **fields).fever is fever


def test_fever_null_without_temperature_even_with_fever_hours():
    assert assess(anc=2000, fever_hours=5).fever is None


def test_possible_fever_leaves_fever_null_and_is_never_febrile_neutropenia():
    # §1: nothing was measured, so `fever` stays null and FN needs a measurement.
    result = assess(anc=50, symptoms=["feels_feverish"])
    assert (result.fever, result.febrile_neutropenia, result.triage) == (None, False, "emergency")
    assert "N16" in {item.rule for item in result.explanation}
    assert any("counted as a possible fever" in warning for warning in result.warnings)


def test_measured_normal_temperature_overrides_feeling_feverish_with_a_warning():
    result = assess(anc=2000, temperature=37.2, symptoms=["feels_feverish"])
    assert (result.fever, result.triage) == (False, "routine")
    assert "N16" not in {item.rule for item in result.explanation}
    assert any("not counted as a fever" in warning for warning in result.warnings)


FEBRILE_NEUTROPENIA = [
    # Temperature branch: ≥ 38.3, or ≥ 38.0 lasting ≥ 1 hour.
    pytest.param({"temperature": 38.3, "anc": 400}, True, id="38.3-anc-400"),
    pytest.param(
        {"temperature": 101, "temperature_unit": "F", "anc": 400}, True, id="101F-anc-400"
    ),
    pytest.param({"temperature": 38.29, "anc": 400}, False, id="38.29-hours-unknown-anc-400"),
    pytest.param(
        {"temperature": 38.29, "fever_hours": 1, "anc": 400}, True, id="38.29-hours-1-anc-400"
    ),
    pytest.param(
        {"temperature": 38.0, "fever_hours": 1, "anc": 400}, True, id="38.0-hours-1-anc-400"
    ),
    pytest.param(
        {"temperature": 100.4, "temperature_unit": "F", "fever_hours": 2, "anc": 400},
        True,
        id="100.4F-hours-2-anc-400",
    ),
    pytest.param(
        {"temperature": 38.0, "fever_hours": 0.9, "anc": 400}, False, id="38.0-hours-0.9-anc-400"
    ),
    pytest.param({"temperature": 38.0, "anc": 400}, False, id="38.0-hours-unknown-anc-400"),
    pytest.param(
        {"temperature": 37.9, "fever_hours": 5, "anc": 400}, False, id="37.9-hours-5-anc-400"
    ),
    # Count branch: ANC < 500, or < 1,000 and expected to fall.
    pytest.param({"temperature": 38.3, "anc": 499}, True, id="38.3-anc-499"),
    pytest.param({"temperature": 38.3, "anc": 0}, True, id="38.3-anc-0"),
    pytest.param({"temperature": 38.3, "anc": 500}, False, id="38.3-anc-500-not-falling"),
    pytest.param(
        {"temperature": 38.3, "anc": 500, "anc_falling": True}, True, id="38.3-anc-500-falling"
    ),
    pytest.param(
        {"temperature": 38.3, "anc": 999, "anc_falling": True}, True, id="38.3-anc-999-falling"
    ),
    pytest.param(
        {"temperature": 38.3, "anc": 999, "anc_falling": False},
        False,
        id="38.3-anc-999-not-falling",
    ),
    pytest.param(
        {"temperature": 38.3, "anc": 999, "days_since_chemo": 14},
        True,
        id="38.3-anc-999-chemo-day-14",
    ),
    pytest.param(
        {"temperature": 38.3, "anc": 999, "days_since_chemo": 0},
        True,
        id="38.3-anc-999-chemo-day-0",
    ),
    pytest.param(
        {"temperature": 38.3, "anc": 999, "days_since_chemo": 15},
        False,
        id="38.3-anc-999-chemo-day-15",
    ),
    pytest.param(
        {"temperature": 38.3, "anc": 999, "conditions": ["chemotherapy"]},
        False,
        id="38.3-anc-999-chemotherapy-condition-not-falling",
    ),
    pytest.param(
        {"temperature": 38.3, "anc": 1000, "anc_falling": True}, False, id="38.3-anc-1000-falling"
    ),
    pytest.param(
        {"temperature": 38.3, "anc": 1000, "days_since_chemo": 3},
        False,
        id="38.3-anc-1000-chemo-day-3",
    ),
    pytest.param(
        {"temperature": 38.3, "anc_falling": True, "days_since_chemo": 3},
        False,
        id="38.3-anc-unknown",
    ),
    pytest.param(
        {"temperature": 38.0, "fever_hours": 0.9, "anc": 900, "anc_falling": True},
        False,
        id="38.0-hours-0.9-anc-900-falling",
    ),
    pytest.param(
        {"temperature": 38.0, "fever_hours": 1, "anc": 900, "days_since_chemo": 14},
        True,
        id="38.0-hours-1-anc-900-chemo-day-14",
    ),
    pytest.param({"anc": 50}, False, id="no-temperature-anc-50"),
]


@pytest.mark.parametrize(("fields", "flag"), FEBRILE_NEUTROPENIA)
def test_febrile_neutropenia_flag(fields, flag):
    assert assess(**fields).febrile_neutropenia is flag


def test_febrile_neutropenia_is_independent_of_duffy_null():
    assert assess(temperature=38.5, anc=300, duffy_null=True).febrile_neutropenia is True


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"temperature": 35.999}, id="E4-35.999C-anc-800"),
        pytest.param({"temperature": 96.799, "temperature_unit": "F"}, id="E4-96.799F-anc-800"),
    ],
)
def test_just_below_36_is_a_low_temperature(fields):
    assessment = assess(anc=800, **fields)
    assert "E4" in {item.rule for item in assessment.explanation}
    assert assessment.triage == "emergency"


@pytest.mark.parametrize(
    "fields",
    [
        pytest.param({"temperature": 37.999}, id="37.999C"),
        pytest.param({"temperature": 100.399, "temperature_unit": "F"}, id="100.399F"),
    ],
)
def test_just_below_38_is_not_a_fever(fields):
    assert assess(anc=2000, **fields).fever is False


def test_just_below_38_3_is_not_a_high_fever():
    assert assess(temperature=38.295, anc=400).febrile_neutropenia is False
