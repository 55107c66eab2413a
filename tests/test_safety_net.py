"""The safety net (clinical-rules.md §9; triage/safety_net.py): each change a person can
watch for, the level the same engine gives the changed case, only above the result,
most urgent first. Scenario ids name the §9 case they check."""

from __future__ import annotations

from typing import Any

import pytest
from conftest import ALL_CONDITIONS, EMERGENCY_SYMPTOMS, INFECTION_SIGNS, TRIAGE_ORDER, assess
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

TEMPERATURE_UNMEASURED = (
    "if your temperature is 38.0 °C (100.4 °F) or higher, or you feel hot, sweaty or shivery"
)
TEMPERATURE_NORMAL = "if you get a temperature of 38.0 °C (100.4 °F) or more"
COUNT_500 = "if your count is below 500"
COUNT_1000 = "if your count is below 1,000"
COUNT_1500 = "if your count is below 1,500"
EMERGENCY_SIGNS = "if you have trouble breathing, become confused, faint, or have shaking chills"
UNWELL = "if you start to feel unwell or your heart is racing"
# rev. (clinical-rules §9): borderline and low temperatures, long-term steroids, a new
# count when the one given is old, and the warning-medicine symptoms.
BORDERLINE = "if your temperature is 37.5 °C (99.5 °F) or higher"
TEMPERATURE_UNMEASURED_BORDERLINE = f"{BORDERLINE}, or you feel hot, sweaty or shivery"
LOW_TEMPERATURE = "if your temperature is below 36.0 °C (96.8 °F)"
STEROIDS = "if you have taken steroid tablets every day for more than two weeks"
WARNING_SIGNS = "if you get a fever, a sore throat, mouth ulcers or flu-like symptoms"


def net(**fields: Any) -> list[tuple[str, str, list[str]]]:
    return [(item.condition, item.triage, item.rules) for item in assess(**fields).safety_net]


SCENARIOS = [
    pytest.param(
        {"days_since_chemo": 5},
        [
            # rev. §9: after anticancer treatment 37.5 °C says it at the same level (E7).
            (TEMPERATURE_UNMEASURED_BORDERLINE, "emergency", ["E7"]),
            (LOW_TEMPERATURE, "emergency", ["E4"]),
            (EMERGENCY_SIGNS, "emergency", ["E5"]),
            (UNWELL, "emergency", ["E6"]),
            (COUNT_500, "urgent", ["U3"]),
            (COUNT_1000, "soon", ["S1"]),
        ],
        id="temperature-unknown-after-chemo-E2-emergency",
    ),
    pytest.param(
        {"anc": 2000, "anc_unit": "cells/uL"},
        [(EMERGENCY_SIGNS, "emergency", ["E5"]), (TEMPERATURE_UNMEASURED, "soon", ["S5"])],
        id="temperature-unknown-normal-count-S5",
    ),
    pytest.param(
        {"anc": 800, "anc_unit": "cells/uL", "temperature": 37.0},
        [(TEMPERATURE_NORMAL, "emergency", ["E1"]), (EMERGENCY_SIGNS, "emergency", ["E5"])],
        id="temperature-normal-neutropenic-E1",
    ),
    pytest.param(
        {"anc": 2000, "anc_unit": "cells/uL", "temperature": 37.0},
        [(EMERGENCY_SIGNS, "emergency", ["E5"])],
        id="temperature-normal-count-normal-no-fever-entry",
    ),
    pytest.param(
        {"anc": 1200, "anc_unit": "cells/uL", "temperature": 35.5},
        [(EMERGENCY_SIGNS, "emergency", ["E5"]), (TEMPERATURE_NORMAL, "urgent", ["U1"])],
        id="temperature-low-neutropenic-fever-entry-too",
    ),
    pytest.param(
        {"anc": 1200, "anc_unit": "cells/uL", "temperature": 37.0, "duffy_null": True},
        [(EMERGENCY_SIGNS, "emergency", ["E5"]), (TEMPERATURE_NORMAL, "urgent", ["U1"])],
        id="temperature-normal-duffy-null-range-fever-entry",
    ),
    pytest.param(
        {"medications": ["deferiprone"], "temperature": 37.0},
        [
            (EMERGENCY_SIGNS, "emergency", ["E5"]),
            (TEMPERATURE_NORMAL, "urgent", ["U2", "U8"]),
            (COUNT_1500, "urgent", ["U7"]),
            (COUNT_500, "urgent", ["U3", "U7"]),
            # rev. U8: every warning medicine (the fever is said once, on its own line)
            ("if you get a sore throat, mouth ulcers or flu-like symptoms", "urgent", ["U8"]),
        ],
        id="anc-unknown-deferiprone-below-1500",
    ),
    pytest.param(
        {"anc": 2000, "anc_unit": "cells/uL", "temperature": 37.0, "conditions": ["leukemia"]},
        [
            # rev. E3, E4, E6, U9: leukaemia puts the person at risk, whatever the count.
            (TEMPERATURE_NORMAL, "emergency", ["E3"]),
            (LOW_TEMPERATURE, "emergency", ["E4"]),
            (EMERGENCY_SIGNS, "emergency", ["E5"]),
            (UNWELL, "emergency", ["E6"]),
            (BORDERLINE, "urgent", ["U9"]),
        ],
        id="temperature-normal-prone-history",
    ),
    pytest.param(
        {"temperature": 37.0},
        [
            (EMERGENCY_SIGNS, "emergency", ["E5"]),
            (TEMPERATURE_NORMAL, "urgent", ["U2"]),
            (COUNT_500, "urgent", ["U3"]),
            (COUNT_1000, "soon", ["S1"]),
        ],
        id="anc-unknown-below-500-and-1000-differ",
    ),
    pytest.param(
        {"temperature": 38.2},
        [
            (COUNT_1000, "emergency", ["E1"]),
            (COUNT_500, "emergency", ["E1"]),
            (EMERGENCY_SIGNS, "emergency", ["E5"]),
        ],
        id="anc-unknown-fever-below-1000-already-emergency-said-too",
    ),
    pytest.param(
        {"symptoms": ["cough"]},
        [
            (COUNT_500, "emergency", ["E9"]),  # rev. E9: a sign of infection below 500
            (EMERGENCY_SIGNS, "emergency", ["E5"]),
            (TEMPERATURE_UNMEASURED, "urgent", ["U2"]),
            (COUNT_1000, "urgent", ["U4"]),
        ],
        id="anc-unknown-below-1000-raises-as-much-as-below-500",
    ),
    pytest.param(
        {"symptoms": ["feel hot"], "anc": 1200, "anc_unit": "cells/uL"},
        [(EMERGENCY_SIGNS, "emergency", ["E5"])],
        id="possible-fever-no-temperature-entry",
    ),
    pytest.param(
        {"temperature": 38.5, "anc": 400, "anc_unit": "cells/uL"}, [], id="already-emergency-empty"
    ),
    pytest.param(
        {"symptoms": ["feeling_unwell"], "conditions": ["chemotherapy"]},
        [],
        id="unwell-after-chemo-already-emergency-empty",
    ),
]


@pytest.mark.parametrize(("fields", "expected"), SCENARIOS)
def test_safety_net_entries(fields, expected):
    assert net(**fields) == expected


def test_safety_net_is_in_the_json_output_with_if_triage_rules():
    output = assess(days_since_chemo=5).to_json_dict()
    assert output["safety_net"][0] == {
        "if": TEMPERATURE_UNMEASURED_BORDERLINE,
        "triage": "emergency",
        "rules": ["E7"],
    }


# --- Properties: an entry is above the result, and the change really gives its level ---

# How each entry's change is made on the input (the test's own reading of §9).
CHANGES = {
    TEMPERATURE_UNMEASURED: {"temperature": 38.0, "temperature_unit": "C"},
    TEMPERATURE_NORMAL: {"temperature": 38.0, "temperature_unit": "C"},
    COUNT_500: {"anc": 499, "anc_unit": "cells/uL"},
    COUNT_1000: {"anc": 999, "anc_unit": "cells/uL"},
    COUNT_1500: {"anc": 1499, "anc_unit": "cells/uL"},
    BORDERLINE: {"temperature": 37.5, "temperature_unit": "C"},
    TEMPERATURE_UNMEASURED_BORDERLINE: {"temperature": 37.5, "temperature_unit": "C"},
    LOW_TEMPERATURE: {"temperature": 35.9, "temperature_unit": "C"},
    STEROIDS: {"steroids_long_term": True},
    **{
        f"ask for a new count: if it is below {limit}": {
            "anc": anc,
            "anc_unit": "cells/uL",
            "days_since_count": None,
        }
        for limit, anc in (("500", 499), ("1,000", 999), ("1,500", 1499))
    },
}
ADDED_SYMPTOM = {
    EMERGENCY_SIGNS: "trouble_breathing",
    UNWELL: "feeling_unwell",
    WARNING_SIGNS: "sore_throat",
}

NET_SETTINGS = settings(
    max_examples=60, deadline=None, suppress_health_check=[HealthCheck.too_slow]
)


@st.composite
def cases(draw) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if draw(st.booleans()):
        fields["anc"] = draw(st.sampled_from([0, 99, 100, 499, 500, 999, 1000, 1499, 1500, 4000]))
        fields["anc_unit"] = "cells/uL"
    if draw(st.booleans()):
        fields["temperature"] = draw(st.sampled_from([35.9, 36.0, 37.0, 37.9, 38.0, 38.3]))
        fields["temperature_unit"] = "C"
    if draw(st.booleans()):
        fields["days_since_chemo"] = draw(st.sampled_from([0, 14, 42, 43, 90]))
    symptoms = draw(
        st.lists(st.sampled_from([*EMERGENCY_SYMPTOMS, *INFECTION_SIGNS, "feels_feverish"]),
                 max_size=2, unique=True)
    )  # fmt: skip
    conditions = draw(st.lists(st.sampled_from(ALL_CONDITIONS), max_size=2, unique=True))
    if symptoms:
        fields["symptoms"] = symptoms
    if conditions:
        fields["conditions"] = conditions
    if draw(st.booleans()):
        fields["duffy_null"] = True
    if not fields:
        fields["anc"], fields["anc_unit"] = 2000, "cells/uL"
    return fields


@NET_SETTINGS
@given(cases())
def test_every_entry_is_above_the_result_most_urgent_first(fields):
    result = assess(**fields)
    ranks = [TRIAGE_ORDER.index(item.triage) for item in result.safety_net]
    assert all(rank > TRIAGE_ORDER.index(result.triage) for rank in ranks)
    assert ranks == sorted(ranks, reverse=True)
    assert all(item.rules for item in result.safety_net)
    if result.triage != "emergency":
        assert any(item.triage == "emergency" for item in result.safety_net)


@NET_SETTINGS
@given(cases())
def test_making_the_change_gives_at_least_the_entry_level(fields):
    for item in assess(**fields).safety_net:
        changed = dict(fields)
        if item.condition in ADDED_SYMPTOM:
            changed["symptoms"] = [*fields.get("symptoms", []), ADDED_SYMPTOM[item.condition]]
        else:
            changed.update(CHANGES[item.condition])
        got = assess(**changed)
        assert TRIAGE_ORDER.index(got.triage) >= TRIAGE_ORDER.index(item.triage), item
        assert set(item.rules) <= {entry.rule for entry in got.explanation}, item
