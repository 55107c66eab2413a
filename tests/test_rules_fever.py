"""Fever, possible and borderline fever, high fever, low temperature and the
febrile_neutropenia flag (clinical-rules.md §1 and §4, IDSA definition; December 2026
revision), from the spec."""

from __future__ import annotations

import pytest
from conftest import assess, fired

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
    # rev. §1: not at risk and a reading below 37.5 °C: not a possible fever, but the
    # feeling is an infection sign (§4), never ignored; the warning says so and when to
    # measure again.
    result = assess(anc=2000, temperature=37.2, symptoms=["feels_feverish"])
    assert (result.fever, result.triage) == (False, "routine")
    assert "N16" not in fired(result)
    assert not fired(result) & {"S5", "E1", "U1"}
    assert "antibiotics" in {item.id for item in result.guidance}  # a fever or a sign
    warning = next(w for w in result.warnings if "37.2 °C" in w)
    assert "still counts" in warning and "one hour" in warning, warning


@pytest.mark.parametrize(
    ("fields", "why"),
    [
        pytest.param({"temperature": 36.9, "conditions": ["leukemia"]}, "at risk",
                     id="at-risk-leukemia-36.9"),
        pytest.param({"temperature": 36.9, "days_since_chemo": 5}, "at risk",
                     id="at-risk-days-5-36.9"),
        pytest.param({"temperature": 36.9, "steroids_long_term": True}, "at risk",
                     id="at-risk-steroids-long-term-36.9"),
        pytest.param({"temperature": 37.5}, "borderline", id="borderline-37.5"),
        pytest.param({"temperature": 99.9, "temperature_unit": "F"}, "borderline",
                     id="borderline-99.9F"),
    ],
)  # fmt: skip
def test_possible_fever_beside_a_reading_keeps_fever_false(fields, why):
    """rev. §1: feeling feverish is a possible fever when at risk, whatever the reading,
    or with a borderline reading; the output `fever` stays the measured answer (false
    below 38.0) and febrile neutropenia needs a measured fever."""
    result = assess(anc=50, symptoms=["feels_feverish"], **fields)
    assert (result.fever, result.febrile_neutropenia) == (False, False), why
    assert result.triage == "emergency"  # E1: a possible fever and ANC below 1,000
    assert {"E1", "S5"} <= fired(result)


def test_possible_fever_at_risk_is_explained_and_not_called_a_fever():
    """rev. §1: "you feel feverish (your reading was 36.9 °C): treated as a possible fever;
    measure again now"; §10: no sentence contradicts another, so a reading of 36.9 °C is
    never listed as a fever."""
    result = assess(anc=5000, temperature=36.9, symptoms=["feels_feverish"],
                    conditions=["organ_transplant"])  # fmt: skip
    assert result.triage == "emergency"
    assert "E3" in fired(result)
    assert result.fever is False
    because = " ".join(item.because for item in result.explanation)
    assert "your reading was 36.9 °C" in because
    assert "treated as a possible fever; measure again now" in because
    assert not any(flag.startswith("fever") for flag in result.red_flags), result.red_flags


BORDERLINE = [
    # rev. §1: 37.5 °C ≤ T < 38.0 °C (99.5 °F ≤ T < 100.4 °F), after exact conversion.
    pytest.param({"temperature": 37.5}, True, id="37.5C-borderline"),
    pytest.param({"temperature": 37.999}, True, id="37.999C-borderline"),
    pytest.param({"temperature": 37.499}, False, id="37.499C-normal"),
    pytest.param({"temperature": 38.0}, False, id="38.0C-fever-not-borderline"),
    pytest.param({"temperature": 99.5, "temperature_unit": "F"}, True, id="99.5F-borderline"),
    pytest.param({"temperature": 99.49, "temperature_unit": "F"}, False, id="99.49F-normal"),
    pytest.param({"temperature": 100.399, "temperature_unit": "F"}, True,
                 id="100.399F-borderline"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "borderline"), BORDERLINE)
def test_borderline_temperature_after_chemotherapy_is_e7(fields, borderline):
    result = assess(anc=5000, days_since_chemo=10, **fields)
    assert ("E7" in fired(result)) is borderline
    if borderline:  # not a fever: `fever` is false and E2 does not fire
        assert result.fever is False
        assert "E2" not in fired(result)


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
    # E4 rev.: low temperature and (ANC < 1,000, recent chemotherapy or a
    # neutropenia-prone history).
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
