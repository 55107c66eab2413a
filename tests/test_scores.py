"""MASCC and CISNE: every component on and off, the class boundaries, unknown inputs,
the output shape, and properties that hold for any input.

Point values are checked against the published weights:
- MASCC: Klastersky J et al. J Clin Oncol 2000;18:3038 (abstract: burden none/mild 5,
  moderate 3; no hypotension 5; no COPD 4; solid tumour or no previous fungal infection
  in haematological malignancy 4; outpatient 3; no dehydration 3; age < 60 years 2;
  a score >= 21 identifies low-risk patients).
- CISNE: Carmona-Bayonas A et al. J Clin Oncol 2015;33:465 (abstract: ECOG >= 2 2 points,
  COPD 1, chronic cardiovascular disease 1, mucositis grade >= 2 1, monocytes < 200/µL 1,
  stress-induced hyperglycaemia 2; score 0-8; low 0, intermediate 1-2, high >= 3).
No published patient-level worked example with every input was found (docs/scores.md);
the cases below are built from those definitions.
"""

from __future__ import annotations

import json
import math
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage.knowledge import load_knowledge
from triage.scores import (
    SCORE_INPUT_FIELDS,
    ScoreResult,
    cisne,
    cisne_risk_class,
    compute_scores,
    mascc,
    mascc_risk_class,
)
from triage.thresholds import CISNE_MAX_POINTS, MASCC_MAX_POINTS

# A case that earns every MASCC point (26) and no CISNE point (0).
FAVOURABLE: dict[str, Any] = {
    "illness_burden": "none",
    "systolic_bp_mmhg": 120,
    "copd": False,
    "cancer_type": "solid",
    "prior_fungal_infection": False,
    "iv_fluids_needed": False,
    "outpatient_at_fever_onset": True,
    "age": 45,
    "ecog": 0,
    "stress_hyperglycemia": False,
    "chronic_cardiovascular_disease": False,
    "mucositis_grade": 0,
    "monocytes_per_ul": 500,
}

MASCC_FIELDS = [
    "age",
    "cancer_type",
    "copd",
    "illness_burden",
    "iv_fluids_needed",
    "outpatient_at_fever_onset",
    "prior_fungal_infection",
    "systolic_bp_mmhg",
]
CISNE_FIELDS = [
    "chronic_cardiovascular_disease",
    "copd",
    "ecog",
    "monocytes_per_ul",
    "mucositis_grade",
    "stress_hyperglycemia",
]


def case(**changes: Any) -> dict[str, Any]:
    return {**FAVOURABLE, **changes}


def points_of(result: ScoreResult, field: str) -> int | None:
    (component,) = [c for c in result.components if c.field == field]
    return component.points


# --- MASCC -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "points", "total"),
    [
        pytest.param({}, "illness_burden", 5, 26, id="burden-none-5"),
        pytest.param({"illness_burden": "mild"}, "illness_burden", 5, 26, id="burden-mild-5"),
        pytest.param(
            {"illness_burden": "moderate"}, "illness_burden", 3, 24, id="burden-moderate-3"
        ),
        pytest.param({"illness_burden": "severe"}, "illness_burden", 0, 21, id="burden-severe-0"),
        pytest.param({"systolic_bp_mmhg": 120}, "systolic_bp_mmhg", 5, 26, id="systolic-120-5"),
        pytest.param({"systolic_bp_mmhg": 90}, "systolic_bp_mmhg", 5, 26, id="systolic-90-5"),
        pytest.param({"systolic_bp_mmhg": 89}, "systolic_bp_mmhg", 0, 21, id="systolic-89-0"),
        pytest.param({"systolic_bp_mmhg": 89.5}, "systolic_bp_mmhg", 0, 21, id="systolic-89.5-0"),
        pytest.param({"copd": False}, "copd", 4, 26, id="no-copd-4"),
        pytest.param({"copd": True}, "copd", 0, 22, id="copd-0"),
        pytest.param({"iv_fluids_needed": False}, "iv_fluids_needed", 3, 26, id="no-iv-fluids-3"),
        pytest.param({"iv_fluids_needed": True}, "iv_fluids_needed", 0, 23, id="iv-fluids-0"),
        pytest.param(
            {"outpatient_at_fever_onset": True},
            "outpatient_at_fever_onset",
            3,
            26,
            id="outpatient-3",
        ),
        pytest.param(
            {"outpatient_at_fever_onset": False},
            "outpatient_at_fever_onset",
            0,
            23,
            id="inpatient-0",
        ),
        pytest.param({"age": 59}, "age", 2, 26, id="age-59-2"),
        pytest.param({"age": 60}, "age", 0, 24, id="age-60-0"),
        pytest.param({"age": 18}, "age", 2, 26, id="age-18-2"),
        pytest.param({"age": 85}, "age", 0, 24, id="age-85-0"),
    ],
)
def test_mascc_component(changes: dict[str, Any], field: str, points: int, total: int) -> None:
    result = mascc(case(**changes))
    assert points_of(result, field) == points
    assert result.total == total
    assert result.missing == []


CANCER = "cancer_type, prior_fungal_infection"


@pytest.mark.parametrize(
    ("cancer_type", "prior_fungal", "points", "missing"),
    [
        pytest.param("solid", False, 4, [], id="solid-no-fungal-4"),
        pytest.param("solid", True, 4, [], id="solid-with-fungal-still-4"),
        pytest.param("solid", None, 4, [], id="solid-fungal-unknown-not-needed-4"),
        pytest.param("haematological", False, 4, [], id="haem-no-fungal-4"),
        pytest.param("haematological", True, 0, [], id="haem-prior-fungal-0"),
        pytest.param(
            "haematological", None, None, ["prior_fungal_infection"], id="haem-fungal-unknown"
        ),
        pytest.param(None, False, None, ["cancer_type"], id="type-unknown-fungal-known"),
        pytest.param(
            None,
            None,
            None,
            ["cancer_type", "prior_fungal_infection"],
            id="type-and-fungal-unknown",
        ),
    ],
)
def test_mascc_cancer_type_and_fungal_history(
    cancer_type: str | None, prior_fungal: bool | None, points: int | None, missing: list[str]
) -> None:
    result = mascc(case(cancer_type=cancer_type, prior_fungal_infection=prior_fungal))
    assert points_of(result, CANCER) == points
    assert result.missing == missing
    assert result.total == (None if missing else 22 + (points or 0))


@pytest.mark.parametrize(
    ("changes", "total", "risk_class"),
    [
        pytest.param({}, 26, "low", id="all-favourable-26-low"),
        pytest.param({"illness_burden": "severe"}, 21, "low", id="severe-burden-21-low"),
        pytest.param(
            {"iv_fluids_needed": True, "age": 60}, 21, "low", id="iv-fluids-and-age-60-21-low"
        ),
        pytest.param(
            {"iv_fluids_needed": True, "outpatient_at_fever_onset": False},
            20,
            "high",
            id="iv-fluids-and-inpatient-20-high",
        ),
        pytest.param(
            {"illness_burden": "moderate", "copd": True}, 20, "high", id="moderate-and-copd-20-high"
        ),
        pytest.param(
            {
                "illness_burden": "severe",
                "systolic_bp_mmhg": 80,
                "copd": True,
                "cancer_type": "haematological",
                "prior_fungal_infection": True,
                "iv_fluids_needed": True,
                "outpatient_at_fever_onset": False,
                "age": 70,
            },
            0,
            "high",
            id="all-unfavourable-0-high",
        ),
    ],
)
def test_mascc_total_and_class(changes: dict[str, Any], total: int, risk_class: str) -> None:
    result = mascc(case(**changes))
    assert (result.total, result.risk_class) == (total, risk_class)


@pytest.mark.parametrize(
    ("total", "risk_class"),
    [
        pytest.param(0, "high", id="0-high"),
        pytest.param(20, "high", id="20-high"),
        pytest.param(21, "low", id="21-low"),
        pytest.param(26, "low", id="26-low"),
    ],
)
def test_mascc_class_boundary(total: int, risk_class: str) -> None:
    assert mascc_risk_class(total) == risk_class


# --- CISNE -----------------------------------------------------------------------


@pytest.mark.parametrize(
    ("changes", "field", "points", "total", "risk_class"),
    [
        pytest.param({}, "ecog", 0, 0, "low", id="nothing-0-low"),
        pytest.param({"ecog": 1}, "ecog", 0, 0, "low", id="ecog-1-0"),
        pytest.param({"ecog": 2}, "ecog", 2, 2, "intermediate", id="ecog-2-2"),
        pytest.param({"ecog": 4}, "ecog", 2, 2, "intermediate", id="ecog-4-2"),
        pytest.param(
            {"stress_hyperglycemia": True},
            "stress_hyperglycemia",
            2,
            2,
            "intermediate",
            id="hyperglycaemia-2",
        ),
        pytest.param({"copd": True}, "copd", 1, 1, "intermediate", id="copd-1"),
        pytest.param(
            {"chronic_cardiovascular_disease": True},
            "chronic_cardiovascular_disease",
            1,
            1,
            "intermediate",
            id="cardiovascular-1",
        ),
        pytest.param({"mucositis_grade": 1}, "mucositis_grade", 0, 0, "low", id="mucositis-1-0"),
        pytest.param(
            {"mucositis_grade": 2}, "mucositis_grade", 1, 1, "intermediate", id="mucositis-2-1"
        ),
        pytest.param(
            {"mucositis_grade": 4}, "mucositis_grade", 1, 1, "intermediate", id="mucositis-4-1"
        ),
        pytest.param(
            {"monocytes_per_ul": 200}, "monocytes_per_ul", 0, 0, "low", id="monocytes-200-0"
        ),
        pytest.param(
            {"monocytes_per_ul": 199},
            "monocytes_per_ul",
            1,
            1,
            "intermediate",
            id="monocytes-199-1",
        ),
        pytest.param(
            {"monocytes_per_ul": 0}, "monocytes_per_ul", 1, 1, "intermediate", id="monocytes-0-1"
        ),
    ],
)
def test_cisne_component(
    changes: dict[str, Any], field: str, points: int, total: int, risk_class: str
) -> None:
    result = cisne(case(**changes))
    assert points_of(result, field) == points
    assert (result.total, result.risk_class) == (total, risk_class)
    assert result.missing == []


@pytest.mark.parametrize(
    ("changes", "total", "risk_class"),
    [
        pytest.param({"ecog": 2, "copd": True}, 3, "high", id="ecog-and-copd-3-high"),
        pytest.param(
            {"stress_hyperglycemia": True, "monocytes_per_ul": 150},
            3,
            "high",
            id="hyperglycaemia-and-monocytes-3-high",
        ),
        pytest.param(
            {"copd": True, "chronic_cardiovascular_disease": True},
            2,
            "intermediate",
            id="copd-and-cardiovascular-2-intermediate",
        ),
        pytest.param(
            {
                "ecog": 3,
                "stress_hyperglycemia": True,
                "copd": True,
                "chronic_cardiovascular_disease": True,
                "mucositis_grade": 3,
                "monocytes_per_ul": 50,
            },
            8,
            "high",
            id="everything-8-high",
        ),
    ],
)
def test_cisne_total_and_class(changes: dict[str, Any], total: int, risk_class: str) -> None:
    result = cisne(case(**changes))
    assert (result.total, result.risk_class) == (total, risk_class)


@pytest.mark.parametrize(
    ("total", "risk_class"),
    [
        pytest.param(0, "low", id="0-low"),
        pytest.param(1, "intermediate", id="1-intermediate"),
        pytest.param(2, "intermediate", id="2-intermediate"),
        pytest.param(3, "high", id="3-high"),
        pytest.param(8, "high", id="8-high"),
    ],
)
def test_cisne_class_boundary(total: int, risk_class: str) -> None:
    assert cisne_risk_class(total) == risk_class


def test_copd_counts_in_both_scores() -> None:
    mascc_result, cisne_result = compute_scores(case(copd=True))
    assert (mascc_result.total, cisne_result.total) == (22, 1)


# --- Unknown inputs --------------------------------------------------------------


def test_empty_case_scores_nothing_and_lists_every_input() -> None:
    mascc_result, cisne_result = compute_scores({})
    assert mascc_result.total is None and mascc_result.risk_class is None
    assert cisne_result.total is None and cisne_result.risk_class is None
    assert mascc_result.missing == MASCC_FIELDS
    assert cisne_result.missing == CISNE_FIELDS
    assert all(c.points is None for c in mascc_result.components + cisne_result.components)


@pytest.mark.parametrize(
    ("field", "mascc_missing", "cisne_missing"),
    [
        pytest.param("illness_burden", ["illness_burden"], [], id="illness_burden"),
        pytest.param("systolic_bp_mmhg", ["systolic_bp_mmhg"], [], id="systolic_bp_mmhg"),
        pytest.param("copd", ["copd"], ["copd"], id="copd-both-scores"),
        pytest.param("iv_fluids_needed", ["iv_fluids_needed"], [], id="iv_fluids_needed"),
        pytest.param(
            "outpatient_at_fever_onset",
            ["outpatient_at_fever_onset"],
            [],
            id="outpatient_at_fever_onset",
        ),
        pytest.param("age", ["age"], [], id="age"),
        pytest.param("ecog", [], ["ecog"], id="ecog"),
        pytest.param("stress_hyperglycemia", [], ["stress_hyperglycemia"], id="hyperglycaemia"),
        pytest.param(
            "chronic_cardiovascular_disease",
            [],
            ["chronic_cardiovascular_disease"],
            id="cardiovascular",
        ),
        pytest.param("mucositis_grade", [], ["mucositis_grade"], id="mucositis_grade"),
        pytest.param("monocytes_per_ul", [], ["monocytes_per_ul"], id="monocytes_per_ul"),
    ],
)
@pytest.mark.parametrize("how", ["absent", "none"])
def test_one_unknown_input_withholds_only_its_score(
    field: str, mascc_missing: list[str], cisne_missing: list[str], how: str
) -> None:
    values = case()
    if how == "absent":
        del values[field]
    else:
        values[field] = None
    mascc_result, cisne_result = compute_scores(values)
    assert mascc_result.missing == mascc_missing
    assert cisne_result.missing == cisne_missing
    assert (mascc_result.total is None) == bool(mascc_missing)
    assert (cisne_result.total is None) == bool(cisne_missing)
    assert (mascc_result.total, cisne_result.total) == (
        None if mascc_missing else 26,
        None if cisne_missing else 0,
    )
    # The other components still show their points.
    for result in (mascc_result, cisne_result):
        unknown = [c for c in result.components if c.points is None]
        assert [c.field for c in unknown] == ([field] if field in result.missing else [])


def test_missing_is_sorted_and_has_no_duplicates() -> None:
    result = mascc({"illness_burden": "mild", "copd": False})
    assert result.missing == [
        "age",
        "cancer_type",
        "iv_fluids_needed",
        "outpatient_at_fever_onset",
        "prior_fungal_infection",
        "systolic_bp_mmhg",
    ]


# --- Inputs of the wrong kind fail loudly ----------------------------------------


@pytest.mark.parametrize(
    ("changes", "field"),
    [
        pytest.param({"copd": "no"}, "copd", id="boolean-as-text"),
        pytest.param({"copd": 0}, "copd", id="boolean-as-number"),
        pytest.param({"illness_burden": "moribund"}, "illness_burden", id="unknown-burden"),
        pytest.param({"cancer_type": "hematologic"}, "cancer_type", id="unknown-cancer-type"),
        pytest.param({"ecog": 5}, "ecog", id="ecog-above-4"),
        pytest.param({"ecog": 2.0}, "ecog", id="ecog-not-whole"),
        pytest.param({"mucositis_grade": -1}, "mucositis_grade", id="mucositis-below-0"),
        pytest.param({"systolic_bp_mmhg": True}, "systolic_bp_mmhg", id="systolic-boolean"),
        pytest.param({"systolic_bp_mmhg": "120"}, "systolic_bp_mmhg", id="systolic-text"),
        pytest.param({"monocytes_per_ul": math.nan}, "monocytes_per_ul", id="monocytes-nan"),
    ],
)
def test_wrong_kind_of_value_is_an_error_naming_the_field(
    changes: dict[str, Any], field: str
) -> None:
    with pytest.raises(ValueError, match=field):
        compute_scores(case(**changes))


# --- Output shape and provenance -------------------------------------------------


def test_to_dict_shape() -> None:
    result = mascc(case(age=60, cancer_type="haematological", prior_fungal_infection=None))
    data = result.to_dict()
    assert json.loads(json.dumps(data)) == data
    assert list(data) == [
        "name",
        "total",
        "risk_class",
        "components",
        "missing",
        "source",
        "population",
        "note",
    ]
    assert data["name"] == "MASCC"
    assert data["total"] is None
    assert data["risk_class"] is None
    assert data["missing"] == ["prior_fungal_infection"]
    assert data["source"] == "mascc2000"
    assert data["components"][3] == {
        "name": "Solid tumour, or haematological cancer with no previous fungal infection",
        "field": "cancer_type, prior_fungal_infection",
        "points": None,
        "max_points": 4,
    }
    assert data["components"][6] == {
        "name": "Age under 60 years",
        "field": "age",
        "points": 0,
        "max_points": 2,
    }


def test_cisne_to_dict_components() -> None:
    data = cisne(case(monocytes_per_ul=120)).to_dict()
    assert [(c["field"], c["points"], c["max_points"]) for c in data["components"]] == [
        ("ecog", 0, 2),
        ("stress_hyperglycemia", 0, 2),
        ("copd", 0, 1),
        ("chronic_cardiovascular_disease", 0, 1),
        ("mucositis_grade", 0, 1),
        ("monocytes_per_ul", 1, 1),
    ]
    assert (data["total"], data["risk_class"], data["source"]) == (1, "intermediate", "cisne2015")


def test_scores_come_in_a_stable_order() -> None:
    assert [r.name for r in compute_scores(FAVOURABLE)] == ["MASCC", "CISNE"]


def test_sources_exist_in_the_knowledge_base() -> None:
    known = {s.id for s in load_knowledge().sources}
    assert {r.source for r in compute_scores({})} <= known


def test_every_score_says_it_never_lowers_the_triage_and_whom_it_is_for() -> None:
    mascc_result, cisne_result = compute_scores(FAVOURABLE)
    for result in (mascc_result, cisne_result):
        assert "never lowers the triage" in result.note
        assert "emergency" in result.note
    assert "leukaemia induction" in mascc_result.population
    assert "allogeneic" in mascc_result.population
    assert "solid tumour" in cisne_result.population
    assert "stable" in cisne_result.population


def test_published_weights() -> None:
    """Maximum points per component as published (see the module docstring)."""
    mascc_weights = {c.field: c.max_points for c in mascc({}).components}
    assert mascc_weights == {
        "illness_burden": 5,
        "systolic_bp_mmhg": 5,
        "copd": 4,
        "cancer_type, prior_fungal_infection": 4,
        "iv_fluids_needed": 3,
        "outpatient_at_fever_onset": 3,
        "age": 2,
    }
    cisne_weights = {c.field: c.max_points for c in cisne({}).components}
    assert cisne_weights == {
        "ecog": 2,
        "stress_hyperglycemia": 2,
        "copd": 1,
        "chronic_cardiovascular_disease": 1,
        "mucositis_grade": 1,
        "monocytes_per_ul": 1,
    }
    assert sum(mascc_weights.values()) == MASCC_MAX_POINTS == 26
    assert sum(cisne_weights.values()) == CISNE_MAX_POINTS == 8


def test_score_input_fields_names_every_field_a_component_reads() -> None:
    named = {
        name
        for result in compute_scores({})
        for component in result.components
        for name in component.field.split(", ")
    }
    assert named == SCORE_INPUT_FIELDS


# --- Properties ------------------------------------------------------------------


def maybe(strategy: st.SearchStrategy[Any]) -> st.SearchStrategy[Any]:
    return st.one_of(st.none(), strategy)


any_case = st.fixed_dictionaries(
    {},
    optional={
        "illness_burden": maybe(st.sampled_from(["none", "mild", "moderate", "severe"])),
        "systolic_bp_mmhg": maybe(st.floats(min_value=40, max_value=250)),
        "copd": maybe(st.booleans()),
        "cancer_type": maybe(st.sampled_from(["solid", "haematological"])),
        "prior_fungal_infection": maybe(st.booleans()),
        "iv_fluids_needed": maybe(st.booleans()),
        "outpatient_at_fever_onset": maybe(st.booleans()),
        "age": maybe(st.integers(min_value=0, max_value=120)),
        "ecog": maybe(st.integers(min_value=0, max_value=4)),
        "stress_hyperglycemia": maybe(st.booleans()),
        "chronic_cardiovascular_disease": maybe(st.booleans()),
        "mucositis_grade": maybe(st.integers(min_value=0, max_value=4)),
        "monocytes_per_ul": maybe(st.floats(min_value=0, max_value=20_000)),
    },
)


@given(any_case)
def test_totals_stay_in_range_and_are_the_sum_of_their_points(values: dict[str, Any]) -> None:
    for result, maximum in zip(compute_scores(values), (26, 8), strict=True):
        points = [c.points for c in result.components]
        assert all(c.points is None or 0 <= c.points <= c.max_points for c in result.components)
        assert result.missing == sorted(set(result.missing))
        if result.missing:
            assert result.total is None and result.risk_class is None
            assert None in points
        else:
            assert None not in points
            assert result.total == sum(p for p in points if p is not None)
            assert result.total is not None and 0 <= result.total <= maximum
            assert result.risk_class is not None


@given(any_case)
def test_classes_follow_the_published_cut_offs(values: dict[str, Any]) -> None:
    mascc_result, cisne_result = compute_scores(values)
    if mascc_result.total is not None:
        assert (mascc_result.risk_class == "low") == (mascc_result.total >= 21)
    if cisne_result.total is not None:
        expected = {0: "low", 1: "intermediate", 2: "intermediate"}.get(cisne_result.total, "high")
        assert cisne_result.risk_class == expected
