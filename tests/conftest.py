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
    "fast_heartbeat",  # rev. §4: "racing heart", palpitations: a sepsis sign
)
FEELS_FEVERISH = "feels_feverish"
# rev. §1: a blood cancer counts while active, on treatment or treated in the last year.
NEUTROPENIA_PRONE = (
    "leukemia",
    "lymphoma",
    "myeloma",
    "myelodysplastic_syndrome",
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
# ORACLE_MEDICINES only, ages in years or in months (not a baby of 0 years whose months
# are not given: the spec is silent there).

SPEC_TRIAGE_RULES = (
    *(f"E{i}" for i in range(1, 11)),  # rev. E7–E10
    *(f"U{i}" for i in range(1, 12)),  # rev. U9–U11
    *(f"S{i}" for i in range(1, 8)),  # rev. S7 (was the extension XS1)
)
RULE_LEVEL = {rule: {"E": "emergency", "U": "urgent", "S": "soon"}[rule[0]]
              for rule in SPEC_TRIAGE_RULES}  # fmt: skip
# §1 rev.: being treated now counts as recent anticancer treatment; radiotherapy is not
# systemic (E8).
SYSTEMIC_CONDITIONS = {"chemotherapy", "immunotherapy", "targeted_therapy"}
TREATMENT_CONDITIONS = {*SYSTEMIC_CONDITIONS, "radiation_therapy"}
# §6 rev. dual use: "a blood cancer or a solid cancer condition".
CANCER_CONDITIONS = {"leukemia", "lymphoma", "myeloma", "myelodysplastic_syndrome",
                     "solid_cancer"}  # fmt: skip
CAUSE_CONDITIONS = {
    # §5's table predates the revision; our reading: the revision's new treatment
    # conditions and blood cancers raise bone_marrow_production like chemotherapy and
    # leukaemia do (§6: targeted and immunotherapy drugs do, when neutropenic).
    "bone_marrow_production": {*TREATMENT_CONDITIONS, *NEUTROPENIA_PRONE},
    "immune_destruction": {"rheumatoid_arthritis", "lupus", "crohns_disease", "felty_syndrome",
                           "autoimmune_neutropenia"},
    "infection": {"tuberculosis", "dengue", "ebv", "cmv", "hiv", "viral_hepatitis",
                  "viral_infection"},
    "nutritional_deficiency": {"b12_deficiency", "folate_deficiency", "copper_deficiency",
                               "malnutrition"},
}  # fmt: skip
# rev. conditions that raise no cause category (§5): a transplant and a central line put
# a person at risk (§1); a solid cancer decides how a dual-use medicine is read (§6).
RISK_CONDITIONS = {"organ_transplant", "central_line", "solid_cancer"}
ALL_CONDITIONS = tuple(sorted(set().union(*CAUSE_CONDITIONS.values(), RISK_CONDITIONS)))
ORACLE_MEDICINES = {
    "clozapine": "psychiatric",
    "deferiprone": "other",
    "methimazole": "antithyroid",
    "carbimazole": "antithyroid",
    "sulfasalazine": "other",
    "carbamazepine": "epilepsy",
    "rituximab": "other",
    "Rituxan": "other",
    "Bactrim": "antibiotic",
    "cyclophosphamide": "chemotherapy",
    "methotrexate": "chemotherapy",
    "capecitabine": "chemotherapy",
    "leflunomide": "immunosuppressant",
    "tacrolimus": "immunosuppressant",
    # rev. §1/§6: a steroid counts only with steroids_long_term; hormone therapy is not
    # anticancer treatment. Neither class is chemotherapy (§5: a `medication` cause).
    "prednisolone": "corticosteroid",
    "tamoxifen": "endocrine_therapy",
}
# rev. §6: the flags the triage rules read. Dual-use medicines are anticancer beside a
# cancer or systemic anticancer treatment, or with no condition given at all; otherwise
# immunosuppressants.
DUAL_USE = {"rituximab", "Rituxan", "cyclophosphamide", "methotrexate"}
ANTICANCER = {"capecitabine"}
IMMUNOSUPPRESSANT = {"leflunomide", "tacrolimus"}
# rev. §6 agranulocytosis_warning (U8); "(non-cancer use)" for methotrexate.
WARNING = {"clozapine", "deferiprone", "methimazole", "carbimazole", "sulfasalazine",
           "leflunomide"}  # fmt: skip
WARNING_NON_CANCER_USE = {"methotrexate"}
STEM_CELL_CONDITIONS = {"bone_marrow_failure", "congenital_neutropenia", "leukemia"}
# rev. §4 U8: a fever or possible fever, or one of these.
U8_SYMPTOMS = {"sore_throat", "mouth_ulcers", "feeling_unwell"}
# rev. §4 E8: signs with rules of their own are not counted, and a red line site is the
# same sign as red skin.
NOT_COUNTED_FOR_E8 = {"feeling_unwell", "fast_heartbeat"}
SAME_SIGN = {"catheter_site_redness": "skin_redness"}


def spec_neutropenic(anc: float | None, duffy_null: bool) -> bool:
    """§1: ANC < 1,500, except 1,000–1,499 for a Duffy-null person."""
    if anc is None or anc >= 1500:
        return False
    return not (duffy_null and anc >= 1000)


def spec_medicine_reading(names: list[str], conditions: set[str]) -> dict[str, set[str]]:
    """rev. §6: which medicines count as anticancer, immunosuppressant or carrying an
    agranulocytosis warning for this person."""
    cancer_use = bool(conditions & (CANCER_CONDITIONS | SYSTEMIC_CONDITIONS)) or not conditions
    reading: dict[str, set[str]] = {"anticancer": set(), "immunosuppressant": set(),
                                    "warning": set()}  # fmt: skip
    for name in names:
        if name in ANTICANCER or (name in DUAL_USE and cancer_use):
            reading["anticancer"].add(name)
        if name in IMMUNOSUPPRESSANT or (name in DUAL_USE and not cancer_use):
            reading["immunosuppressant"].add(name)
        if name in WARNING or (name in WARNING_NON_CANCER_USE and not cancer_use):
            reading["warning"].add(name)
    return reading


def spec_expectation(fields: Mapping[str, Any]) -> dict[str, Any]:
    """What clinical-rules.md (December 2026 revision) says the output is for a case."""
    anc = fields.get("anc")
    temp = fields.get("temperature")
    hours = fields.get("fever_hours")
    days = fields.get("days_since_chemo")
    count_days = fields.get("days_since_count")
    duration = fields.get("neutropenia_days")
    falling = fields.get("anc_falling") is True
    duffy = fields.get("duffy_null") is True
    lln = fields.get("anc_lln")
    long_steroids = fields.get("steroids_long_term") is True
    age, months = fields.get("age"), fields.get("age_months")
    symptoms = set(fields.get("symptoms") or [])
    conditions = set(fields.get("conditions") or [])
    names = list(fields.get("medications") or [])
    classes = {name: ORACLE_MEDICINES[name] for name in names}
    reading = spec_medicine_reading(names, conditions)

    known = anc is not None
    # rev. §1 current count: 0–2 days old and not taken before the last anticancer dose;
    # absent = current. An old count feeds the rules that rise as the count falls, and
    # every rule that reads an unknown ANC fires too.
    current = count_days is None or (count_days <= 2 and (days is None or count_days <= days))
    unknown_or_old = not known or not current
    # rev. §4 children; E10 reads age_months.
    years = age if age is not None else None if months is None else months // 12
    child = years is not None and years < 16
    young_infant = months is not None and months < 3

    # rev. §1: recent (and systemic) anticancer treatment, immunosuppressed, at risk.
    recent_date = days is not None and days <= 42
    recent_chemo = (
        recent_date or bool(conditions & TREATMENT_CONDITIONS) or bool(reading["anticancer"])
    )
    systemic = recent_date or bool(conditions & SYSTEMIC_CONDITIONS) or bool(reading["anticancer"])
    prone = bool(conditions & set(NEUTROPENIA_PRONE))
    immunosuppressed = (
        "organ_transplant" in conditions or bool(reading["immunosuppressant"]) or long_steroids
    )
    at_risk = recent_chemo or prone or immunosuppressed or "central_line" in conditions

    # §1 temperatures. `fever` is the measured answer; a possible fever (rev.: nothing
    # measured, at risk whatever the reading, or a borderline reading) counts as a fever
    # for the rules and guidance.
    fever = None if temp is None else temp >= 38.0
    high_fever = temp is not None and temp >= 38.3
    low_temp = temp is not None and temp < 36.0
    borderline = temp is not None and 37.5 <= temp < 38.0
    feels = FEELS_FEVERISH in symptoms
    possible_fever = feels and (temp is None or at_risk or borderline)
    feverish = bool(fever) or possible_fever
    # §4: feels_feverish is an infection sign when a measured reading overrides it (not
    # at risk, below 37.5 °C).
    overridden_feeling = feels and temp is not None and temp < 37.5 and not at_risk
    signs = symptoms & set(INFECTION_SIGNS)
    sign = bool(signs) or overridden_feeling
    distinct_signs = {SAME_SIGN.get(s, s) for s in signs - NOT_COUNTED_FOR_E8}

    neutropenic = spec_neutropenic(anc, duffy)
    clozapine = "clozapine" in classes
    # §5: a medicine in the lexicon whose class is not chemotherapy.
    # §5, with our reading (docs/design.md): a chemotherapy-class medicine taken for
    # another reason (methotrexate for arthritis) is a medication cause too (triage up: S3).
    non_chemo = any(c != "chemotherapy" for c in classes.values()) or any(
        classes.get(name) == "chemotherapy" for name in reading["immunosuppressant"]
    )

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
        # Our reading (docs/design.md): after recent treatment E2 says it in its own words.
        "E3": feverish and at_risk and not recent_chemo,
        "E4": low_temp and (below(1000) or recent_chemo or prone),
        "E5": bool(symptoms & set(EMERGENCY_SYMPTOMS)),
        "E6": bool(symptoms & {"feeling_unwell", "fast_heartbeat"}) and at_risk,
        "E7": borderline and recent_chemo and (not child or bool(symptoms)),
        "E8": systemic and len(distinct_signs) >= 2,
        # "without a fever": it needs none (with a fever E1 gives the same level).
        "E9": sign and below(500),
        "E10": feverish and young_infant,
        "U1": feverish and between(1000, 1500),
        "U2": feverish and unknown_or_old,
        "U3": below(500),
        "U4": sign and below(1000),
        "U5": sign and recent_chemo and (unknown_or_old or below(1500)),
        "U6": clozapine and below(500 if duffy else 1000),
        "U7": "deferiprone" in classes and below(1500),
        "U8": bool(reading["warning"]) and (feverish or bool(symptoms & U8_SYMPTOMS)),
        "U9": borderline and at_risk,
        "U10": low_temp and (immunosuppressed or sign),
        "U11": child and recent_chemo and borderline and not symptoms,
        "S1": between(500, 1000),
        "S2": sign and between(1000, 1500),
        "S3": neutropenic and non_chemo,
        "S4": clozapine and neutropenic and known and anc >= 1000,
        "S5": feverish,
        "S6": sign and recent_chemo,
        "S7": sign and unknown_or_old,
    }
    fired_rules = {rule for rule, holds in rules.items() if holds}
    levels = [RULE_LEVEL[r] for r in fired_rules]
    level = max(levels, key=TRIAGE_ORDER.index, default="routine")

    causes: set[str] = set()
    if neutropenic or not known:
        causes = {c for c, ids in CAUSE_CONDITIONS.items() if conditions & ids}
        if recent_date or "chemotherapy" in classes.values():
            causes.add("bone_marrow_production")
        if non_chemo:
            causes.add("medication")

    febrile_neutropenia = (high_fever or (bool(fever) and hours is not None and hours >= 1)) and (
        below(500) or (below(1000) and (falling or (days is not None and days <= 14)))
    )
    serious = severity in ("severe", "profound")
    topics = {
        "get_care_now": level == "emergency",
        # rev. §8: also a borderline reading, and anyone at risk.
        "fever_precautions": feverish or borderline or neutropenic or at_risk,
        "infection_precautions": neutropenic,
        "antibiotics": feverish or sign,
        # rev. §8: G-CSF only for a severe or profound count.
        "g_csf": serious,
        # rev. §8/§10: not beside the U7/U8 words.
        "medication_change": "medication" in causes and not (rules["U7"] or rules["U8"]),
        "immune_suppression": "immune_destruction" in causes,
        "treat_infection": "infection" in causes,
        "correct_deficiency": "nutritional_deficiency" in causes,
        "stem_cell_transplant": bool(conditions & STEM_CELL_CONDITIONS) and serious,
        # rev. §1: not for an old count; our reading of §10: reassuring words are never
        # shown to a person at risk.
        "mild_no_treatment": severity == "mild"
        and not feverish
        and not sign
        and current
        and not at_risk,
        # rev. §1: not for an old count.
        "duffy_null_normal": duffy and between(1000, 1500) and current,
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
    "DUAL_USE",
    "EMERGENCY_SYMPTOMS",
    "FEELS_FEVERISH",
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
