"""Clinician risk scores for febrile neutropenia: MASCC and CISNE.

Both scores are shown to clinicians beside the triage, never instead of it. They
estimate the risk of serious complications once febrile neutropenia is being
managed; they never lower the triage (febrile neutropenia is still an emergency
visit). See docs/scores.md for the components, classes, populations and sources.

The functions take the normalised case values: a mapping from the case-format field
names below to values already validated at the edge (pydantic). An absent key or a
``None`` value means "unknown". A component whose input is unknown gets no points
(``points is None``) and the total is then ``None``: a partial sum would look like a
real, lower-risk score when it is not one.
"""

from __future__ import annotations

import math
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from typing import Any, Literal

# Thresholds: named once in triage/thresholds.py (clinician scores section).
from triage.thresholds import (
    CISNE_ECOG_MIN,
    CISNE_HIGH_RISK_MIN,
    CISNE_MONOCYTES_LOW_PER_UL,
    CISNE_MUCOSITIS_GRADE_MIN,
    HYPOTENSION_SYSTOLIC_MMHG,
    MASCC_AGE_POINTS_BELOW,
    MASCC_LOW_RISK_MIN,
)

# --- Input vocabularies --------------------------------------------------------

IllnessBurden = Literal["none", "mild", "moderate", "severe"]
CancerType = Literal["solid", "haematological"]
ILLNESS_BURDENS: tuple[str, ...] = ("none", "mild", "moderate", "severe")
CANCER_TYPES: tuple[str, ...] = ("solid", "haematological")
ECOG_RANGE = (0, 4)
MUCOSITIS_GRADE_RANGE = (0, 4)

# Every case field that either score reads: lets a caller tell whether a case says
# anything about the scores at all.
SCORE_INPUT_FIELDS: frozenset[str] = frozenset(
    {
        "illness_burden",
        "systolic_bp_mmhg",
        "copd",
        "cancer_type",
        "prior_fungal_infection",
        "iv_fluids_needed",
        "outpatient_at_fever_onset",
        "age",
        "ecog",
        "stress_hyperglycemia",
        "chronic_cardiovascular_disease",
        "mucositis_grade",
        "monocytes_per_ul",
    }
)

MASCC_SOURCE = "mascc2000"
CISNE_SOURCE = "cisne2015"
MASCC_POPULATION = (
    "Adults with febrile neutropenia, scored at the onset of fever. Not for acute "
    "leukaemia induction chemotherapy or allogeneic stem cell transplant."
)
CISNE_POPULATION = (
    "Clinically stable adult outpatients with a solid tumour and febrile neutropenia "
    "on mild- or moderate-intensity chemotherapy (no organ failure, hypotension, "
    "sepsis or known severe infection)."
)
SCORE_NOTE = (
    "For clinicians. A score never lowers the triage: febrile neutropenia is still an "
    "emergency visit."
)


# --- Results -------------------------------------------------------------------


@dataclass(frozen=True)
class ScoreComponent:
    """One line of a score: what it checks, which input(s), and the points it gave.

    ``field`` names the case field; a component that reads two fields names both,
    separated by ", ". ``points`` is None when an input it needs is unknown.
    """

    name: str
    field: str
    points: int | None
    max_points: int

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form: ``{"name", "field", "points", "max_points"}``."""
        return {
            "name": self.name,
            "field": self.field,
            "points": self.points,
            "max_points": self.max_points,
        }


@dataclass(frozen=True)
class ScoreResult:
    """A whole score: total and class (None when any input is unknown) and its parts."""

    name: str
    total: int | None
    risk_class: str | None
    components: list[ScoreComponent]
    missing: list[str]
    source: str
    population: str
    note: str = SCORE_NOTE

    def to_dict(self) -> dict[str, Any]:
        """JSON-friendly form, the shape of one entry of the ``scores`` output."""
        return {
            "name": self.name,
            "total": self.total,
            "risk_class": self.risk_class,
            "components": [c.to_dict() for c in self.components],
            "missing": list(self.missing),
            "source": self.source,
            "population": self.population,
            "note": self.note,
        }


# --- Reading normalised values -------------------------------------------------
# The edge (pydantic) has already validated these; the checks below only make a
# programming mistake (a string "no" for a boolean, say) fail loudly instead of
# scoring silently.


def _read_bool(values: Mapping[str, Any], name: str) -> bool | None:
    value = values.get(name)
    if value is None or isinstance(value, bool):
        return value
    raise ValueError(f"{name} must be true or false, got {value!r}")


def _read_number(values: Mapping[str, Any], name: str) -> float | None:
    value = values.get(name)
    if value is None:
        return None
    if isinstance(value, bool) or not isinstance(value, int | float) or not math.isfinite(value):
        raise ValueError(f"{name} must be a number, got {value!r}")
    return float(value)


def _read_grade(values: Mapping[str, Any], name: str, bounds: tuple[int, int]) -> int | None:
    value = values.get(name)
    if value is None:
        return None
    low, high = bounds
    if isinstance(value, bool) or not isinstance(value, int) or not low <= value <= high:
        raise ValueError(f"{name} must be a whole number from {low} to {high}, got {value!r}")
    return value


def _read_choice(values: Mapping[str, Any], name: str, choices: tuple[str, ...]) -> str | None:
    value = values.get(name)
    if value is None:
        return None
    if value not in choices:
        raise ValueError(f"{name} must be one of {', '.join(choices)}, got {value!r}")
    return str(value)


# --- Components ----------------------------------------------------------------

# A component rule returns (points, missing field names); points is None exactly
# when something it needs is unknown.
_Outcome = tuple[int | None, tuple[str, ...]]


@dataclass(frozen=True)
class _Criterion:
    name: str
    field: str
    max_points: int
    rule: Callable[[Mapping[str, Any]], _Outcome]


def _known(points: int | None, name: str) -> _Outcome:
    return (points, ()) if points is not None else (None, (name,))


def _points_if(condition: bool | None, points: int, name: str) -> _Outcome:
    """``points`` when ``condition`` holds, 0 when it does not, None when unknown."""
    return _known(None if condition is None else (points if condition else 0), name)


def _mascc_burden(values: Mapping[str, Any]) -> _Outcome:
    burden = _read_choice(values, "illness_burden", ILLNESS_BURDENS)
    points = {"none": 5, "mild": 5, "moderate": 3, "severe": 0}
    return _known(None if burden is None else points[burden], "illness_burden")


def _mascc_no_hypotension(values: Mapping[str, Any]) -> _Outcome:
    systolic = _read_number(values, "systolic_bp_mmhg")
    normotensive = None if systolic is None else systolic >= HYPOTENSION_SYSTOLIC_MMHG
    return _points_if(normotensive, 5, "systolic_bp_mmhg")


def _mascc_no_copd(values: Mapping[str, Any]) -> _Outcome:
    copd = _read_bool(values, "copd")
    return _points_if(None if copd is None else not copd, 4, "copd")


def _mascc_cancer(values: Mapping[str, Any]) -> _Outcome:
    cancer = _read_choice(values, "cancer_type", CANCER_TYPES)
    prior_fungal = _read_bool(values, "prior_fungal_infection")
    if cancer == "solid":
        return 4, ()  # a solid tumour scores whatever the fungal history
    if cancer is None:
        # The fungal history may be needed once the cancer type is known: ask for both.
        unknown = ("cancer_type",) + (("prior_fungal_infection",) if prior_fungal is None else ())
        return None, unknown
    return _points_if(
        None if prior_fungal is None else not prior_fungal, 4, "prior_fungal_infection"
    )


def _mascc_no_iv_fluids(values: Mapping[str, Any]) -> _Outcome:
    needed = _read_bool(values, "iv_fluids_needed")
    return _points_if(None if needed is None else not needed, 3, "iv_fluids_needed")


def _mascc_outpatient(values: Mapping[str, Any]) -> _Outcome:
    return _points_if(
        _read_bool(values, "outpatient_at_fever_onset"), 3, "outpatient_at_fever_onset"
    )


def _mascc_young(values: Mapping[str, Any]) -> _Outcome:
    age = _read_number(values, "age")
    return _points_if(None if age is None else age < MASCC_AGE_POINTS_BELOW, 2, "age")


MASCC_CRITERIA: tuple[_Criterion, ...] = (
    _Criterion(
        "Burden of illness from febrile neutropenia (none or mild 5, moderate 3, severe 0)",
        "illness_burden",
        5,
        _mascc_burden,
    ),
    _Criterion(
        f"No hypotension (systolic ≥ {HYPOTENSION_SYSTOLIC_MMHG} mmHg)",
        "systolic_bp_mmhg",
        5,
        _mascc_no_hypotension,
    ),
    _Criterion("No chronic obstructive pulmonary disease (COPD)", "copd", 4, _mascc_no_copd),
    _Criterion(
        "Solid tumour, or haematological cancer with no previous fungal infection",
        "cancer_type, prior_fungal_infection",
        4,
        _mascc_cancer,
    ),
    _Criterion(
        "No dehydration needing intravenous fluids", "iv_fluids_needed", 3, _mascc_no_iv_fluids
    ),
    _Criterion(
        "Outpatient when the fever began", "outpatient_at_fever_onset", 3, _mascc_outpatient
    ),
    _Criterion(f"Age under {MASCC_AGE_POINTS_BELOW} years", "age", 2, _mascc_young),
)


def _cisne_ecog(values: Mapping[str, Any]) -> _Outcome:
    ecog = _read_grade(values, "ecog", ECOG_RANGE)
    return _points_if(None if ecog is None else ecog >= CISNE_ECOG_MIN, 2, "ecog")


def _cisne_flag(name: str, points: int) -> Callable[[Mapping[str, Any]], _Outcome]:
    def rule(values: Mapping[str, Any]) -> _Outcome:
        return _points_if(_read_bool(values, name), points, name)

    return rule


def _cisne_mucositis(values: Mapping[str, Any]) -> _Outcome:
    grade = _read_grade(values, "mucositis_grade", MUCOSITIS_GRADE_RANGE)
    high = None if grade is None else grade >= CISNE_MUCOSITIS_GRADE_MIN
    return _points_if(high, 1, "mucositis_grade")


def _cisne_monocytes(values: Mapping[str, Any]) -> _Outcome:
    monocytes = _read_number(values, "monocytes_per_ul")
    low = None if monocytes is None else monocytes < CISNE_MONOCYTES_LOW_PER_UL
    return _points_if(low, 1, "monocytes_per_ul")


CISNE_CRITERIA: tuple[_Criterion, ...] = (
    _Criterion(f"ECOG performance status {CISNE_ECOG_MIN} or more", "ecog", 2, _cisne_ecog),
    _Criterion(
        "Stress hyperglycaemia",
        "stress_hyperglycemia",
        2,
        _cisne_flag("stress_hyperglycemia", 2),
    ),
    _Criterion("Chronic obstructive pulmonary disease (COPD)", "copd", 1, _cisne_flag("copd", 1)),
    _Criterion(
        "Chronic cardiovascular disease",
        "chronic_cardiovascular_disease",
        1,
        _cisne_flag("chronic_cardiovascular_disease", 1),
    ),
    _Criterion(
        f"Mucositis, NCI grade {CISNE_MUCOSITIS_GRADE_MIN} or more",
        "mucositis_grade",
        1,
        _cisne_mucositis,
    ),
    _Criterion(
        f"Monocytes under {CISNE_MONOCYTES_LOW_PER_UL}/µL",
        "monocytes_per_ul",
        1,
        _cisne_monocytes,
    ),
)


# --- Scores --------------------------------------------------------------------


def _score(
    name: str,
    criteria: tuple[_Criterion, ...],
    classify: Callable[[int], str],
    values: Mapping[str, Any],
    source: str,
    population: str,
) -> ScoreResult:
    components: list[ScoreComponent] = []
    missing: set[str] = set()
    for criterion in criteria:
        points, unknown = criterion.rule(values)
        components.append(
            ScoreComponent(criterion.name, criterion.field, points, criterion.max_points)
        )
        missing.update(unknown)
    total = None if missing else sum(c.points or 0 for c in components)
    return ScoreResult(
        name=name,
        total=total,
        risk_class=None if total is None else classify(total),
        components=components,
        missing=sorted(missing),
        source=source,
        population=population,
    )


def mascc_risk_class(total: int) -> str:
    """MASCC class: "low" for a total of 21 or more, otherwise "high" (not low risk)."""
    return "low" if total >= MASCC_LOW_RISK_MIN else "high"


def cisne_risk_class(total: int) -> str:
    """CISNE class: 0 "low", 1–2 "intermediate", 3 or more "high"."""
    if total == 0:
        return "low"
    return "intermediate" if total < CISNE_HIGH_RISK_MIN else "high"


def mascc(values: Mapping[str, Any]) -> ScoreResult:
    """The MASCC risk index (Klastersky 2000) from normalised case values.

    Raises ValueError if a value is of the wrong kind (the edge should have caught it).
    """
    return _score("MASCC", MASCC_CRITERIA, mascc_risk_class, values, MASCC_SOURCE, MASCC_POPULATION)


def cisne(values: Mapping[str, Any]) -> ScoreResult:
    """The CISNE index (Carmona-Bayonas 2015) from normalised case values.

    Raises ValueError if a value is of the wrong kind (the edge should have caught it).
    """
    return _score("CISNE", CISNE_CRITERIA, cisne_risk_class, values, CISNE_SOURCE, CISNE_POPULATION)


def compute_scores(values: Mapping[str, Any]) -> list[ScoreResult]:
    """Both scores, MASCC then CISNE, from the normalised case values."""
    return [mascc(values), cisne(values)]
