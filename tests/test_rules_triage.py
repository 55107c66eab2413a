"""Triage rules E1–E10, U1–U11, S1–S7 (clinical-rules.md §4, December 2026 revision),
read from the spec only.

Each scenario gives the expected triage level (the highest any rule gives), the spec
rules that must be listed in the explanation, and rules that must not be.
ANCs are in cells/µL and temperatures in °C unless a unit is named (conftest).
"at risk" is §1's at risk of neutropenic sepsis: recent anticancer treatment, a
neutropenia-prone history, immunosuppressed, or a central line.
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
    # §1 possible fever: feels_feverish counts as a fever for E1–E3, E10, U1, U2, U8 and
    # S5 when (a) nothing was measured, (rev.) (b) the person is at risk, whatever the
    # reading, or (rev.) (c) the reading is borderline; otherwise a reading below 38.0 °C
    # overrides it and the feeling is an infection sign.
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
    # rev. §1 possible fever (c): feeling feverish with a borderline reading.
    scenario(
        "possible-fever-borderline-37.9-anc-999",
        {"anc": 999, "temperature": 37.9, "symptoms": ["feels_feverish"]},
        "emergency",
        ["E1", "S1", "S5"],
    ),
    # §4: the feeling is an infection sign only when a reading overrides it, so a
    # possible fever is not also a sign (S7).
    scenario(
        "possible-fever-borderline-37.5-anc-unknown",
        {"temperature": 37.5, "symptoms": ["feels_feverish"]},
        "urgent",
        ["U2", "S5"],
        ["S7"],
    ),
    # rev. §1 possible fever (b): at risk, whatever the reading.
    scenario(
        "possible-fever-at-risk-36.9-leukemia-anc-normal",
        {
            "anc": 5000,
            "temperature": 36.9,
            "symptoms": ["feels_feverish"],
            "conditions": ["leukemia"],
        },
        "emergency",
        ["E3", "S5"],
    ),
    scenario(
        "possible-fever-at-risk-37.0-central-line",
        {
            "anc": 5000,
            "temperature": 37.0,
            "symptoms": ["feels_feverish"],
            "conditions": ["central_line"],
        },
        "emergency",
        ["E3", "S5"],
    ),
    # §1: not at risk and below 37.5 °C, the reading overrides the feeling, which is then
    # an infection sign (§4): S7 with no count, U10 with a low reading.
    scenario(
        "possible-fever-overridden-by-37.4-anc-999",
        {"anc": 999, "temperature": 37.4, "symptoms": ["feels_feverish"]},
        "urgent",
        ["U4", "S1"],
        ["E1", "S5"],
    ),
    scenario(
        "possible-fever-overridden-by-37.2-anc-normal",
        {"anc": 5000, "temperature": 37.2, "symptoms": ["feels_feverish"]},
        "routine",
        [],
        ["S5"],
    ),
    scenario(
        "possible-fever-overridden-by-37.0-anc-unknown-S7",
        {"temperature": 37.0, "symptoms": ["feels_feverish"]},
        "soon",
        ["S7"],
        ["U2", "S5"],
    ),
    scenario(
        "possible-fever-measured-38.0-is-a-fever",
        {"anc": 999, "temperature": 38.0, "symptoms": ["feels_feverish"]},
        "emergency",
        ["E1"],
    ),
    # E6 rev.: feeling unwell or a fast heartbeat, and at risk, whatever the temperature
    # and the count.
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
        "E6-not-without-risk-mild-count",
        {"anc": 1200, "symptoms": ["feeling_unwell"]},
        "soon",
        ["S2"],
        ["E6"],
    ),
    *[
        scenario(
            f"E6-{symptom}-at-risk-{label}-anc-normal",
            {"anc": 5000, "temperature": 37.0, "symptoms": [symptom], **risk},
            "emergency",
            ["E6"],
        )
        for symptom in ("feeling_unwell", "fast_heartbeat")
        for label, risk in (
            ("days-42", {"days_since_chemo": 42}),
            ("immunotherapy", {"conditions": ["immunotherapy"]}),
            ("radiotherapy", {"conditions": ["radiation_therapy"]}),
            ("capecitabine", {"medications": ["capecitabine"]}),
            ("lymphoma", {"conditions": ["lymphoma"]}),
            ("organ-transplant", {"conditions": ["organ_transplant"]}),
            ("tacrolimus", {"medications": ["tacrolimus"]}),
            ("steroids-long-term", {"steroids_long_term": True}),
            ("central-line", {"conditions": ["central_line"]}),
        )
    ],
    scenario(
        "E6-not-fast-heartbeat-without-risk",
        {"anc": 5000, "symptoms": ["fast_heartbeat"]},
        "routine",
        [],
        ["E6"],
    ),
    scenario(
        "E6-not-leukemia-in-remission-treated-years-ago",
        {
            "anc": 5000,
            "symptoms": ["feeling_unwell"],
            "conditions": ["leukaemia in remission, treated 10 years ago"],
        },
        "routine",
        [],
        ["E6"],
    ),
    scenario(
        "E6-not-short-steroid-course",
        {"anc": 5000, "symptoms": ["feeling_unwell"], "medications": ["prednisolone"]},
        "routine",
        [],
        ["E6"],
    ),
    scenario(
        "E6-not-hormone-therapy",
        {"anc": 5000, "symptoms": ["feeling_unwell"], "medications": ["tamoxifen"]},
        "routine",
        [],
        ["E6"],
    ),
    # E2 fever and recent chemotherapy, whatever the ANC (also unknown); rev. §1: recent
    # anticancer treatment, radiotherapy included.
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
    *[
        scenario(
            f"E2-fever-{condition}-anc-normal",
            {"anc": 5000, "temperature": 38.0, "conditions": [condition]},
            "emergency",
            ["E2"],
            ["E3"],  # E3 is for the other ways of being at risk (E2 says this one)
        )
        for condition in ("immunotherapy", "targeted_therapy", "radiation_therapy")
    ],
    # rev. §1: an anticancer medicine counts as current treatment, also beside an older
    # days_since_chemo.
    scenario(
        "E2-fever-capecitabine-beside-days-90",
        {"anc": 5000, "temperature": 38.0, "medications": ["capecitabine"], "days_since_chemo": 90},
        "emergency",
        ["E2"],
    ),
    scenario(
        "E2-not-hormone-therapy-tamoxifen",
        {"anc": 5000, "temperature": 38.0, "medications": ["tamoxifen"]},
        "soon",
        ["S5"],
        ["E2", "E3"],
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
        {"anc": 5000, "temperature": 37.4, "days_since_chemo": 10},
        "routine",
        [],
        ["E2"],
    ),
    # rev. E7: a borderline 37.9 °C after recent chemotherapy is an emergency (not E2).
    scenario(
        "E2-not-borderline-37.9-is-E7",
        {"anc": 5000, "temperature": 37.9, "days_since_chemo": 10},
        "emergency",
        ["E7"],
        ["E2"],
    ),
    # E3 rev.: fever and at risk, whatever the ANC (was: ANC unknown and a
    # neutropenia-prone history only).
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
    # rev. E3: fever and at risk, whatever the ANC.
    scenario(
        "E3-fever-leukemia-anc-known-1200",
        {"anc": 1200, "temperature": 38.0, "conditions": ["leukemia"]},
        "emergency",
        ["E3", "U1"],
    ),
    *[
        scenario(
            f"E3-fever-at-risk-{label}-anc-normal",
            {"anc": 5000, "temperature": 38.0, **risk},
            "emergency",
            ["E3", "S5"],
            ["E2"],
        )
        for label, risk in (
            ("myeloma", {"conditions": ["myeloma"]}),
            ("organ-transplant", {"conditions": ["organ_transplant"]}),
            ("central-line", {"conditions": ["central_line"]}),
            ("steroids-long-term", {"steroids_long_term": True}),
            (
                "prednisolone-long-term",
                {"medications": ["prednisolone"], "steroids_long_term": True},
            ),
            ("tacrolimus", {"medications": ["tacrolimus"]}),
            (
                "methotrexate-for-arthritis",
                {"medications": ["methotrexate"], "conditions": ["rheumatoid_arthritis"]},
            ),
        )
    ],
    # rev. §1: a steroid named without steroids_long_term does not count by itself.
    scenario(
        "E3-not-prednisolone-without-long-term",
        {"anc": 5000, "temperature": 38.0, "medications": ["prednisolone"]},
        "soon",
        ["S5"],
        ["E3"],
    ),
    # rev. U9: a borderline temperature and at risk.
    scenario(
        "E3-not-without-fever-borderline-is-U9",
        {"temperature": 37.9, "conditions": ["leukemia"]},
        "urgent",
        ["U9"],
        ["E3", "E7"],
    ),
    scenario(
        "E3-not-without-fever-37.4",
        {"temperature": 37.4, "conditions": ["leukemia"]},
        "routine",
        [],
        ["E3"],
    ),
    # E4 rev.: low temperature and (ANC < 1,000, recent chemotherapy or a
    # neutropenia-prone history); it covers the retired extension XE1.
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
    *[
        scenario(
            f"E4-35.9-{condition}-anc-{label}",
            {"temperature": 35.9, "conditions": [condition], **anc},
            "emergency",
            ["E4"],
        )
        for condition in NEUTROPENIA_PRONE
        for label, anc in (("unknown", {}), ("normal", {"anc": 5000}))
    ],
    # rev.: XU1 retired: a single low reading with nothing else, not at risk, is a
    # re-measure (the safety net), not urgent.
    scenario(
        "E4-not-35.9-days-43-anc-unknown-routine",
        {"temperature": 35.9, "days_since_chemo": 43},
        "routine",
        [],
        ["E4", "U10"],
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
    # E7 rev.: borderline temperature (37.5 to under 38.0 °C, after exact conversion) and
    # recent chemotherapy; a child under 16 also needs a symptom or feels_feverish (U11).
    scenario(
        "E7-37.5-days-10-anc-normal",
        {"anc": 5000, "temperature": 37.5, "days_since_chemo": 10},
        "emergency",
        ["E7", "U9"],
        ["E2", "S5"],
    ),
    scenario(
        "E7-37.9-on-chemotherapy-anc-unknown",
        {"temperature": 37.9, "conditions": ["chemotherapy"]},
        "emergency",
        ["E7"],
        ["E2", "U2"],
    ),
    scenario(
        "E7-99.5F-radiotherapy",
        {
            "anc": 5000,
            "temperature": 99.5,
            "temperature_unit": "F",
            "conditions": ["radiation_therapy"],
        },
        "emergency",
        ["E7"],
    ),
    scenario(
        "E7-37.6-capecitabine",
        {"anc": 5000, "temperature": 37.6, "medications": ["capecitabine"]},
        "emergency",
        ["E7"],
    ),
    scenario(
        "E7-adult-age-16-37.6-alone",
        {"anc": 5000, "temperature": 37.6, "days_since_chemo": 3, "age": 16},
        "emergency",
        ["E7"],
        ["U11"],
    ),
    scenario(
        "E7-child-37.6-cough",
        {"anc": 5000, "temperature": 37.6, "days_since_chemo": 3, "age": 10, "symptoms": ["cough"]},
        "emergency",
        ["E7", "S6"],
        ["U11"],
    ),
    scenario(
        "E7-child-37.6-feels-feverish",
        {
            "anc": 5000,
            "temperature": 37.6,
            "days_since_chemo": 3,
            "age": 10,
            "symptoms": ["feels_feverish"],
        },
        "emergency",
        ["E7", "E2"],
        ["U11"],
    ),
    scenario(
        "E7-not-37.4-days-10",
        {"anc": 5000, "temperature": 37.4, "days_since_chemo": 10},
        "routine",
        [],
        ["E7", "U9"],
    ),
    scenario(
        "E7-not-99.4F-days-10",
        {"anc": 5000, "temperature": 99.4, "temperature_unit": "F", "days_since_chemo": 10},
        "routine",
        [],
        ["E7"],
    ),
    scenario(
        "E7-not-37.9-days-43",
        {"anc": 5000, "temperature": 37.9, "days_since_chemo": 43},
        "routine",
        [],
        ["E7", "U9"],
    ),
    scenario(
        "E7-not-child-37.6-alone-is-U11",
        {"anc": 5000, "temperature": 37.6, "days_since_chemo": 3, "age": 10},
        "urgent",
        ["U11", "U9"],
        ["E7"],
    ),
    # E8 rev.: recent systemic anticancer treatment and two or more different infection
    # signs (feeling_unwell and fast_heartbeat not counted; a red line site is red skin).
    scenario(
        "E8-cough-rash-days-10-anc-normal",
        {"anc": 5000, "symptoms": ["cough", "rash"], "days_since_chemo": 10},
        "emergency",
        ["E8", "S6"],
    ),
    scenario(
        "E8-diarrhea-vomiting-immunotherapy",
        {"anc": 5000, "symptoms": ["diarrhea", "vomiting"], "conditions": ["immunotherapy"]},
        "emergency",
        ["E8"],
    ),
    scenario(
        "E8-cough-sore-throat-capecitabine",
        {"anc": 5000, "symptoms": ["cough", "sore_throat"], "medications": ["capecitabine"]},
        "emergency",
        ["E8"],
    ),
    scenario(
        "E8-not-radiotherapy-is-not-systemic",
        {"anc": 5000, "symptoms": ["cough", "rash"], "conditions": ["radiation_therapy"]},
        "soon",
        ["S6"],
        ["E8"],
    ),
    scenario(
        "E8-not-catheter-site-and-skin-redness-are-one-sign",
        {
            "anc": 5000,
            "symptoms": ["skin_redness", "catheter_site_redness"],
            "conditions": ["chemotherapy"],
        },
        "soon",
        ["S6"],
        ["E8"],
    ),
    scenario(
        "E8-not-feeling-unwell-counted-E6-instead",
        {"anc": 5000, "symptoms": ["cough", "feeling_unwell"], "days_since_chemo": 10},
        "emergency",
        ["E6"],
        ["E8"],
    ),
    scenario(
        "E8-not-fast-heartbeat-counted-E6-instead",
        {"anc": 5000, "symptoms": ["rash", "fast_heartbeat"], "days_since_chemo": 10},
        "emergency",
        ["E6"],
        ["E8"],
    ),
    scenario(
        "E8-not-days-43",
        {"anc": 5000, "symptoms": ["cough", "rash"], "days_since_chemo": 43},
        "routine",
        [],
        ["E8"],
    ),
    scenario(
        "E8-not-lupus-not-anticancer-treatment",
        {"anc": 5000, "symptoms": ["cough", "rash"], "conditions": ["lupus"]},
        "routine",
        [],
        ["E8"],
    ),
    # E9 rev.: an infection sign and ANC < 500, without a fever.
    *[
        scenario(
            f"E9-{sign}-anc-499", {"anc": 499, "symptoms": [sign]}, "emergency", ["E9", "U3", "U4"]
        )
        for sign in INFECTION_SIGNS
    ],
    scenario("E9-cough-anc-0", {"anc": 0, "symptoms": ["cough"]}, "emergency", ["E9"]),
    scenario(
        "E9-cough-old-count-400",
        {"anc": 400, "symptoms": ["cough"], "days_since_count": 6},
        "emergency",
        ["E9"],
    ),
    scenario("E9-not-cough-anc-500", {"anc": 500, "symptoms": ["cough"]}, "urgent", ["U4"], ["E9"]),
    scenario("E9-not-without-sign-anc-499", {"anc": 499}, "urgent", ["U3"], ["E9"]),
    # E10 rev.: fever and an age under 3 months.
    scenario(
        "E10-fever-age-months-2-anc-normal",
        {"anc": 5000, "temperature": 38.0, "age_months": 2},
        "emergency",
        ["E10", "S5"],
    ),
    scenario(
        "E10-possible-fever-age-months-0",
        {"symptoms": ["feels_feverish"], "age_months": 0},
        "emergency",
        ["E10", "U2"],
    ),
    scenario(
        "E10-not-age-months-3",
        {"anc": 5000, "temperature": 38.0, "age_months": 3},
        "soon",
        ["S5"],
        ["E10"],
    ),
    scenario(
        "E10-not-without-fever",
        {"anc": 5000, "temperature": 37.0, "age_months": 1},
        "routine",
        [],
        ["E10"],
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
    # rev. §1: every rule that reads an unknown ANC fires for a count that is not current
    # (more than 2 days old, or taken before the last anticancer dose).
    scenario(
        "U2-fever-count-3-days-old-5000",
        {"anc": 5000, "temperature": 38.0, "days_since_count": 3},
        "urgent",
        ["U2", "S5"],
    ),
    scenario(
        "U2-not-fever-count-2-days-old-5000",
        {"anc": 5000, "temperature": 38.0, "days_since_count": 2},
        "soon",
        ["S5"],
        ["U2"],
    ),
    # U3 ANC < 500.
    scenario("U3-anc-499", {"anc": 499}, "urgent", ["U3"], ["S1"]),
    scenario("U3-anc-100", {"anc": 100}, "urgent", ["U3"]),
    scenario("U3-anc-0", {"anc": 0}, "urgent", ["U3"]),
    scenario("U3-anc-0.499-giga", {"anc": 0.499, "anc_unit": "10^9/L"}, "urgent", ["U3"]),
    scenario("U3-not-anc-500", {"anc": 500}, "soon", ["S1"], ["U3"]),
    # rev. §1: an old count can raise the level but never lower it.
    scenario(
        "U3-anc-400-count-10-days-old", {"anc": 400, "days_since_count": 10}, "urgent", ["U3"]
    ),
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
    # rev. S7 (was the extension XS1): an infection sign and ANC unknown.
    scenario(
        "U5-not-days-43-anc-unknown-S7-soon",
        {"symptoms": ["cough"], "days_since_chemo": 43},
        "soon",
        ["S7"],
        ["U5", "S6"],
    ),
    scenario(
        "U5-not-without-chemo-anc-unknown-S7-soon",
        {"symptoms": ["cough"]},
        "soon",
        ["S7"],
        ["U5"],
    ),
    # rev. §1: the "unknown" arm of U5 fires for a count that is not current.
    scenario(
        "U5-cough-days-10-count-5-days-old",
        {"anc": 5000, "symptoms": ["cough"], "days_since_chemo": 10, "days_since_count": 5},
        "urgent",
        ["U5", "S6", "S7"],
    ),
    scenario(
        "U5-cough-count-taken-before-the-last-dose",
        {"anc": 5000, "symptoms": ["cough"], "days_since_chemo": 1, "days_since_count": 2},
        "urgent",
        ["U5", "S7"],
    ),
    scenario(
        "U5-not-cough-days-10-count-2-days-old",
        {"anc": 5000, "symptoms": ["cough"], "days_since_chemo": 10, "days_since_count": 2},
        "soon",
        ["S6"],
        ["U5", "S7"],
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
    # U8 rev.: a medicine with an agranulocytosis warning and a fever or possible fever,
    # sore_throat, mouth_ulcers or a flu-like illness, whatever the ANC (was: antithyroid
    # drugs with a sore throat or mouth ulcers only).
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
    *[
        scenario(
            f"U8-{drug}-{label}-anc-5000",
            {"anc": 5000, "medications": [drug], **fields},
            "urgent",
            ["U8"],
        )
        for drug in ("sulfasalazine", "metamizole", "clozapine", "deferiprone", "carbimazole")
        for label, fields in (
            ("fever", {"temperature": 38.0}),
            ("sore_throat", {"symptoms": ["sore_throat"]}),
            ("flu-like", {"symptoms": ["feeling_unwell"]}),
        )
    ],
    scenario(
        "U8-methimazole-possible-fever-not-measured",
        {"anc": 5000, "medications": ["methimazole"], "symptoms": ["feels_feverish"]},
        "urgent",
        ["U8", "S5"],
    ),
    # rev. §6: the blood-monitored immunosuppressants, methotrexate in its non-cancer use.
    scenario(
        "U8-leflunomide-mouth-ulcers-anc-5000",
        {"anc": 5000, "medications": ["leflunomide"], "symptoms": ["mouth_ulcers"]},
        "urgent",
        ["U8"],
    ),
    scenario(
        "U8-methotrexate-for-arthritis-sore-throat-anc-5000",
        {
            "anc": 5000,
            "medications": ["methotrexate"],
            "symptoms": ["sore_throat"],
            "conditions": ["rheumatoid_arthritis"],
        },
        "urgent",
        ["U8"],
    ),
    scenario(
        "U8-not-tacrolimus-no-warning-sore-throat",
        {"anc": 5000, "medications": ["tacrolimus"], "symptoms": ["sore_throat"]},
        "routine",
        [],
        ["U8"],
    ),
    # §1: not at risk and a reading below 37.5 °C: the feeling is an infection sign, not a
    # possible fever, and U8 lists a fever or possible fever, not every infection sign.
    scenario(
        "U8-not-carbimazole-feels-feverish-overridden-by-37.0",
        {
            "anc": 5000,
            "temperature": 37.0,
            "medications": ["carbimazole"],
            "symptoms": ["feels_feverish"],
        },
        "routine",
        [],
        ["U8"],
    ),
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

URGENT += [
    # U9 rev.: a borderline temperature and at risk (E7 is higher after recent chemo).
    *[
        scenario(
            f"U9-{temperature}-at-risk-{label}-anc-normal",
            {"anc": 5000, "temperature": temperature, **risk},
            "urgent",
            ["U9"],
            ["E7", "U1", "S5"],
        )
        for temperature in (37.5, 37.9)
        for label, risk in (
            ("leukemia", {"conditions": ["leukemia"]}),
            ("myelodysplastic-syndrome", {"conditions": ["myelodysplastic_syndrome"]}),
            ("organ-transplant", {"conditions": ["organ_transplant"]}),
            ("central-line", {"conditions": ["central_line"]}),
            ("steroids-long-term", {"steroids_long_term": True}),
        )
    ],
    scenario(
        "U9-not-37.9-not-at-risk",
        {"anc": 5000, "temperature": 37.9, "conditions": ["lupus"]},
        "routine",
        [],
        ["U9"],
    ),
    scenario(
        "U9-not-37.4-leukemia",
        {"anc": 5000, "temperature": 37.4, "conditions": ["leukemia"]},
        "routine",
        [],
        ["U9"],
    ),
    # U10 rev.: low temperature and (immunosuppressed, or an infection sign), whatever
    # the count.
    scenario(
        "U10-35.9-organ-transplant-anc-normal",
        {"anc": 5000, "temperature": 35.9, "conditions": ["organ_transplant"]},
        "urgent",
        ["U10"],
        ["E4"],
    ),
    scenario(
        "U10-35.5-steroids-long-term-anc-unknown",
        {"temperature": 35.5, "steroids_long_term": True},
        "urgent",
        ["U10"],
    ),
    scenario(
        "U10-35.9-tacrolimus-anc-normal",
        {"anc": 5000, "temperature": 35.9, "medications": ["tacrolimus"]},
        "urgent",
        ["U10"],
    ),
    scenario(
        "U10-35.9-cough-anc-normal",
        {"anc": 5000, "temperature": 35.9, "symptoms": ["cough"]},
        "urgent",
        ["U10"],
        ["E4"],
    ),
    scenario(
        "U10-96.6F-diarrhea-anc-unknown",
        {"temperature": 96.6, "temperature_unit": "F", "symptoms": ["diarrhea"]},
        "urgent",
        ["U10", "S7"],
    ),
    scenario(
        "U10-35.9-feels-feverish-overridden-is-a-sign",
        {"anc": 5000, "temperature": 35.9, "symptoms": ["feels_feverish"]},
        "urgent",
        ["U10"],
        ["S5"],
    ),
    scenario(
        "U10-not-36.0-organ-transplant",
        {"anc": 5000, "temperature": 36.0, "conditions": ["organ_transplant"]},
        "routine",
        [],
        ["U10"],
    ),
    scenario(
        "U10-not-35.9-prednisolone-short-course",
        {"anc": 5000, "temperature": 35.9, "medications": ["prednisolone"]},
        "routine",
        [],
        ["U10"],
    ),
    # U11 rev.: a child under 16 with recent chemotherapy and a borderline temperature
    # alone: measure again in one hour.
    scenario(
        "U11-child-age-10-37.6-days-3",
        {"anc": 5000, "temperature": 37.6, "days_since_chemo": 3, "age": 10},
        "urgent",
        ["U11", "U9"],
        ["E7"],
    ),
    scenario(
        "U11-child-age-15-37.9-on-chemotherapy-anc-unknown",
        {"temperature": 37.9, "conditions": ["chemotherapy"], "age": 15},
        "urgent",
        ["U11"],
        ["E7"],
    ),
    scenario(
        "U11-toddler-age-months-30-37.5",
        {"temperature": 37.5, "days_since_chemo": 7, "age_months": 30},
        "urgent",
        ["U11"],
        ["E7"],
    ),
    scenario(
        "U11-not-child-37.6-leukemia-without-treatment-is-U9",
        {"anc": 5000, "temperature": 37.6, "conditions": ["leukemia"], "age": 10},
        "urgent",
        ["U9"],
        ["U11", "E7"],
    ),
    scenario(
        "U11-not-child-37.4",
        {"anc": 5000, "temperature": 37.4, "days_since_chemo": 3, "age": 10},
        "routine",
        [],
        ["U11"],
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
    # S7 rev. (adopted from the extension XS1): an infection sign and ANC unknown; rev.
    # §1: or not current.
    *[
        scenario(f"S7-{sign}-anc-unknown", {"symptoms": [sign]}, "soon", ["S7"])
        for sign in ("cough", "rash", "diarrhea", "abdominal_pain")
    ],
    scenario(
        "S7-cough-count-3-days-old-5000",
        {"anc": 5000, "symptoms": ["cough"], "days_since_count": 3},
        "soon",
        ["S7"],
    ),
    scenario(
        "S7-not-cough-count-2-days-old-5000",
        {"anc": 5000, "symptoms": ["cough"], "days_since_count": 2},
        "routine",
        [],
        ["S7"],
    ),
    scenario("S7-not-without-sign", {"temperature": 37.0}, "routine", [], ["S7"]),
]

ROUTINE = [
    scenario("routine-anc-1500", {"anc": 1500}, "routine", []),
    scenario("routine-anc-1000-alone", {"anc": 1000}, "routine", []),
    scenario("routine-normal-temperature", {"temperature": 37.0}, "routine", []),
    scenario(
        "routine-anc-5000-count-10-days-old", {"anc": 5000, "days_since_count": 10}, "routine", []
    ),
    scenario(
        "routine-37.4-on-chemotherapy",
        {"temperature": 37.4, "conditions": ["chemotherapy"]},
        "routine",
        [],
    ),
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
