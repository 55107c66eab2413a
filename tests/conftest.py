"""Shared helpers for the spec-conformance tests (tests/test_rules_*.py, test_units.py,
test_models.py, test_properties.py).

The tests are written from /work/shared/spec (clinical-rules.md, case-format.md), not
from the rule code, so that they are a second, independent reading of the spec.

Import the helpers directly: ``from conftest import assess, fired``.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

import pytest

import triage
from triage import Assessment, Assessor, CaseRejected

# One reused engine for the whole test session (the library's recommended use).
ASSESSOR = Assessor()

EMERGENCY_SYMPTOMS = (
    "trouble_breathing",
    "confusion",
    "fainting",
    "shaking_chills",
    "stiff_neck",
    "no_urine",
    "mottled_skin",
)
INFECTION_SIGNS = (
    "feeling_unwell",
    "mouth_ulcers",
    "abscess",
    "rash",
    "slow_healing_wound",
    "skin_redness",
    "catheter_site_redness",
    "sore_throat",
    "cough",
    "burning_urination",
    "diarrhea",
    "vomiting",
    "abdominal_pain",
)
NEUTROPENIA_PRONE = (
    "leukemia",
    "bone_marrow_failure",
    "congenital_neutropenia",
    "cyclic_neutropenia",
    "stem_cell_transplant",
)
TRIAGE_ORDER = ("routine", "soon", "urgent", "emergency")
RISK_ORDER = ("unknown", "low", "moderate", "high", "very_high")


def with_units(fields: Mapping[str, Any]) -> dict[str, Any]:
    """Give an ANC in cells/µL and a temperature in °C unless the test names a unit,
    so that rule tests are not about unit inference (test_units.py covers that)."""
    case = dict(fields)
    if case.get("anc") is not None:
        case.setdefault("anc_unit", "cells/uL")
    if case.get("temperature") is not None:
        case.setdefault("temperature_unit", "C")
    return case


def assess(**fields: Any) -> Assessment:
    """Assess a case given as keyword fields (units defaulted, see ``with_units``)."""
    return ASSESSOR.assess(with_units(fields))


def assess_raw(fields: Mapping[str, Any]) -> Assessment:
    """Assess exactly these fields, nothing defaulted."""
    return ASSESSOR.assess(dict(fields))


def rejection(fields: Mapping[str, Any]) -> CaseRejected:
    """The CaseRejected raised for exactly these fields (fails if none is raised)."""
    with pytest.raises(CaseRejected) as caught:
        ASSESSOR.assess(dict(fields))
    return caught.value


def rejected_fields(fields: Mapping[str, Any]) -> set[str]:
    """The field names of every error for a case that must be rejected."""
    return {error.field for error in rejection(fields).errors}


def fired(assessment: Assessment) -> set[str]:
    """Rule ids listed in the explanation (each fired rule with its `because`)."""
    return {item.rule for item in assessment.explanation}


def guidance_ids(assessment: Assessment) -> set[str]:
    return {item.id for item in assessment.guidance}


def categories(assessment: Assessment) -> list[str]:
    return [cause.category for cause in assessment.cause_categories]


def as_json(assessment: Assessment) -> dict[str, Any]:
    return assessment.model_dump(mode="json")


# --- A second reading of clinical-rules.md, written from the spec alone -------------
# Used by test_rules_guidance.py and test_properties.py to compare the engine with the
# spec on many cases. Inputs: ANC in cells/µL, temperature in °C, medicines from
# ORACLE_MEDICINES only.

CHEMOTHERAPY_CONDITION = "chemotherapy"
SPEC_TRIAGE_RULES = (
    *(f"E{i}" for i in range(1, 7)),
    *(f"U{i}" for i in range(1, 9)),
    *(f"S{i}" for i in range(1, 7)),
)
RULE_LEVEL = {rule: {"E": "emergency", "U": "urgent", "S": "soon"}[rule[0]]
              for rule in SPEC_TRIAGE_RULES}  # fmt: skip
CAUSE_CONDITIONS = {
    "bone_marrow_production": {"chemotherapy", "radiation_therapy", *NEUTROPENIA_PRONE},
    "immune_destruction": {"rheumatoid_arthritis", "lupus", "crohns_disease", "felty_syndrome",
                           "autoimmune_neutropenia"},
    "infection": {"tuberculosis", "dengue", "ebv", "cmv", "hiv", "viral_hepatitis",
                  "viral_infection"},
    "nutritional_deficiency": {"b12_deficiency", "folate_deficiency", "copper_deficiency",
                               "malnutrition"},
}  # fmt: skip
ALL_CONDITIONS = tuple(sorted(set().union(*CAUSE_CONDITIONS.values())))
ORACLE_MEDICINES = {
    "clozapine": "psychiatric",
    "deferiprone": "other",
    "methimazole": "antithyroid",
    "carbimazole": "antithyroid",
    "carbamazepine": "epilepsy",
    "rituximab": "other",
    "Rituxan": "other",
    "Bactrim": "antibiotic",
    "cyclophosphamide": "chemotherapy",
    "methotrexate": "chemotherapy",
}
STEM_CELL_CONDITIONS = {"bone_marrow_failure", "congenital_neutropenia", "leukemia"}


def spec_neutropenic(anc: float | None, duffy_null: bool) -> bool:
    """§1: ANC < 1,500, except 1,000–1,499 for a Duffy-null person."""
    if anc is None or anc >= 1500:
        return False
    return not (duffy_null and anc >= 1000)


def spec_expectation(fields: Mapping[str, Any]) -> dict[str, Any]:
    """What clinical-rules.md says the output is for a case (see the note above)."""
    anc = fields.get("anc")
    temp = fields.get("temperature")
    hours = fields.get("fever_hours")
    days = fields.get("days_since_chemo")
    duration = fields.get("neutropenia_days")
    falling = fields.get("anc_falling") is True
    duffy = fields.get("duffy_null") is True
    lln = fields.get("anc_lln")
    symptoms = set(fields.get("symptoms") or [])
    conditions = set(fields.get("conditions") or [])
    classes = {name: ORACLE_MEDICINES[name] for name in fields.get("medications") or []}

    known = anc is not None
    fever = None if temp is None else temp >= 38.0
    # §1 possible fever: feeling feverish with nothing measured counts as a fever for
    # E1–E3, U1, U2, S5 (and, our reading of §8, for guidance); `fever` stays null.
    feverish = bool(fever) or (temp is None and "feels_feverish" in symptoms)
    high_fever = temp is not None and temp >= 38.3
    low_temp = temp is not None and temp < 36.0
    # Spec §1, plus our documented extension N15: a listed chemotherapy drug with no date
    # counts as recent (docs/design.md, "when in doubt, triage up").
    recent_chemo = (
        (days is not None and days <= 42)
        or CHEMOTHERAPY_CONDITION in conditions
        or (days is None and "chemotherapy" in classes.values())
    )
    prone = bool(conditions & set(NEUTROPENIA_PRONE))
    neutropenic = spec_neutropenic(anc, duffy)
    sign = bool(symptoms & set(INFECTION_SIGNS))
    clozapine = "clozapine" in classes
    non_chemo = any(c != "chemotherapy" for c in classes.values())

    def below(limit: float) -> bool:
        return known and anc < limit

    def between(low: float, high: float) -> bool:
        return known and low <= anc < high

    if not known:
        severity, grade, risk = "unknown", None, "unknown"
    else:
        severity = ("normal" if anc >= 1500 else "mild" if anc >= 1000 else "moderate"
                    if anc >= 500 else "severe" if anc >= 100 else "profound")  # fmt: skip
        grade = (2 if 1000 <= anc < 1500 else 3 if 500 <= anc < 1000 else 4 if anc < 500
                 else 1 if lln is not None and lln > anc >= 1500 else None)  # fmt: skip
        if anc < 100 or (anc < 500 and duration is not None and duration > 7):
            risk = "very_high"
        else:
            risk = "high" if anc < 500 else "moderate" if anc < 1000 else "low"

    rules = {
        "E1": feverish and below(1000),
        "E2": feverish and recent_chemo,
        "E3": feverish and not known and prone,
        "E4": low_temp and (below(1000) or recent_chemo),
        "E5": bool(symptoms & set(EMERGENCY_SYMPTOMS)),
        "E6": "feeling_unwell" in symptoms and recent_chemo,
        "U1": feverish and between(1000, 1500),
        "U2": feverish and not known,
        "U3": below(500),
        "U4": sign and below(1000),
        "U5": sign and recent_chemo and (not known or anc < 1500),
        "U6": clozapine and below(500 if duffy else 1000),
        "U7": "deferiprone" in classes and below(1500),
        "U8": "antithyroid" in classes.values()
        and bool(symptoms & {"sore_throat", "mouth_ulcers"}),
        "S1": between(500, 1000),
        "S2": sign and between(1000, 1500),
        "S3": neutropenic and non_chemo,
        "S4": clozapine and neutropenic and known and anc >= 1000,
        "S5": feverish,
        "S6": sign and recent_chemo,
    }
    fired_rules = {rule for rule, holds in rules.items() if holds}
    # Our documented extensions where the spec is silent about an unknown ANC
    # (docs/design.md): they only ever raise the level.
    extensions = {
        "emergency": low_temp and not known and prone,  # XE1
        "urgent": low_temp and not known,  # XU1
        "soon": sign and not known,  # XS1
    }
    levels = [RULE_LEVEL[r] for r in fired_rules]
    levels += [level for level, holds in extensions.items() if holds]
    level = max(levels, key=TRIAGE_ORDER.index, default="routine")

    causes: set[str] = set()
    if neutropenic or not known:
        causes = {c for c, names in CAUSE_CONDITIONS.items() if conditions & names}
        if (days is not None and days <= 42) or "chemotherapy" in classes.values():
            causes.add("bone_marrow_production")
        if non_chemo:
            causes.add("medication")

    febrile_neutropenia = (high_fever or (bool(fever) and hours is not None and hours >= 1)) and (
        below(500) or (below(1000) and (falling or (days is not None and days <= 14)))
    )
    serious = severity in ("severe", "profound")
    topics = {
        "get_care_now": level == "emergency",
        "fever_precautions": feverish or neutropenic,
        "infection_precautions": neutropenic,
        "antibiotics": feverish or sign,
        "g_csf": serious or "bone_marrow_production" in causes,
        "medication_change": "medication" in causes,
        "immune_suppression": "immune_destruction" in causes,
        "treat_infection": "infection" in causes,
        "correct_deficiency": "nutritional_deficiency" in causes,
        "stem_cell_transplant": bool(conditions & STEM_CELL_CONDITIONS) and serious,
        "mild_no_treatment": severity == "mild" and not feverish and not sign,
        "duffy_null_normal": duffy and between(1000, 1500),
        "cause_not_identified": (neutropenic or not known) and not causes,
    }
    return {
        "severity": severity,
        "ctcae_grade": grade,
        "infection_risk": risk,
        "fever": fever,
        "febrile_neutropenia": febrile_neutropenia,
        "triage": level,
        "rules": fired_rules,
        "causes": sorted(causes),
        "guidance": {topic for topic, shown in topics.items() if shown},
    }


def engine_view(assessment: Assessment) -> dict[str, Any]:
    """The same keys as ``spec_expectation``, read from an assessment. Guidance leaves
    out rituximab_late_onset, which the §8 table does not list."""
    return {
        "severity": assessment.severity,
        "ctcae_grade": assessment.ctcae.grade,
        "infection_risk": assessment.infection_risk,
        "fever": assessment.fever,
        "febrile_neutropenia": assessment.febrile_neutropenia,
        "triage": assessment.triage,
        "rules": fired(assessment) & set(SPEC_TRIAGE_RULES),
        "causes": categories(assessment),
        "guidance": guidance_ids(assessment) - {"rituximab_late_onset"},
    }


__all__ = [
    "ALL_CONDITIONS",
    "ASSESSOR",
    "EMERGENCY_SYMPTOMS",
    "INFECTION_SIGNS",
    "NEUTROPENIA_PRONE",
    "ORACLE_MEDICINES",
    "RISK_ORDER",
    "RULE_LEVEL",
    "SPEC_TRIAGE_RULES",
    "TRIAGE_ORDER",
    "as_json",
    "assess",
    "assess_raw",
    "categories",
    "engine_view",
    "fired",
    "guidance_ids",
    "rejected_fields",
    "rejection",
    "spec_expectation",
    "spec_neutropenic",
    "triage",
]
