"""Likely cause categories (clinical-rules.md §5), from the spec."""

from __future__ import annotations

import pytest
from conftest import assess, categories, guidance_ids

CONDITION_TRIGGERS = {
    "bone_marrow_production": [
        "chemotherapy",
        "radiation_therapy",
        "leukemia",
        "bone_marrow_failure",
        "congenital_neutropenia",
        "cyclic_neutropenia",
        "stem_cell_transplant",
        # rev.: §5's table predates the revision's new conditions; our reading: the other
        # anticancer treatments and blood cancers (§1, §7) slow the marrow like those above.
        "immunotherapy",
        "targeted_therapy",
        "lymphoma",
        "myeloma",
        "myelodysplastic_syndrome",
    ],
    "immune_destruction": [
        "rheumatoid_arthritis",
        "lupus",
        "crohns_disease",
        "felty_syndrome",
        "autoimmune_neutropenia",
    ],
    "infection": ["tuberculosis", "dengue", "ebv", "cmv", "hiv", "viral_hepatitis",
                  "viral_infection"],
    "nutritional_deficiency": ["b12_deficiency", "folate_deficiency", "copper_deficiency",
                               "malnutrition"],
}  # fmt: skip

TRIGGERS = [
    *[
        pytest.param({"conditions": [condition]}, category, id=f"{category}-{condition}")
        for category, conditions in CONDITION_TRIGGERS.items()
        for condition in conditions
    ],
    pytest.param({"days_since_chemo": 42}, "bone_marrow_production",
                 id="bone_marrow_production-days-since-chemo-42"),
    pytest.param({"days_since_chemo": 0}, "bone_marrow_production",
                 id="bone_marrow_production-days-since-chemo-0"),
    pytest.param({"medications": ["cyclophosphamide"]}, "bone_marrow_production",
                 id="bone_marrow_production-chemotherapy-drug"),
    pytest.param({"medications": ["carbamazepine"]}, "medication", id="medication-carbamazepine"),
    pytest.param({"medications": ["Bactrim"]}, "medication", id="medication-bactrim-brand"),
    pytest.param({"medications": ["rituximab"]}, "medication", id="medication-rituximab"),
    # §5: any class but chemotherapy; rev. §6: immunosuppressants are such a class.
    pytest.param({"medications": ["tacrolimus"]}, "medication", id="medication-tacrolimus"),
    pytest.param({"medications": ["capecitabine"]}, "bone_marrow_production",
                 id="bone_marrow_production-oral-chemotherapy-capecitabine"),
]  # fmt: skip


def cause(assessment, category):
    return next(c for c in assessment.cause_categories if c.category == category)


@pytest.mark.parametrize(("fields", "category"), TRIGGERS)
def test_cause_raised_when_neutropenic(fields, category):
    assessment = assess(anc=800, **fields)
    assert category in categories(assessment)
    evidence = cause(assessment, category).evidence
    assert evidence and all(item.strip() for item in evidence)
    assert "cause_not_identified" not in guidance_ids(assessment)


@pytest.mark.parametrize(("fields", "category"), TRIGGERS)
def test_cause_raised_when_anc_unknown(fields, category):
    assert category in categories(assess(**fields))


@pytest.mark.parametrize(("fields", "category"), TRIGGERS)
def test_cause_raised_for_duffy_null_below_1000(fields, category):
    assert category in categories(assess(anc=999, duffy_null=True, **fields))


@pytest.mark.parametrize("anc", [1500, 4000, 100000])
@pytest.mark.parametrize(("fields", "category"), TRIGGERS)
def test_no_cause_for_normal_anc(fields, category, anc):
    assessment = assess(anc=anc, **fields)
    assert assessment.cause_categories == []
    assert "cause_not_identified" not in guidance_ids(assessment)


@pytest.mark.parametrize("anc", [1000, 1499])
@pytest.mark.parametrize(("fields", "category"), TRIGGERS)
def test_no_cause_for_duffy_null_1000_to_1499(fields, category, anc):
    assessment = assess(anc=anc, duffy_null=True, **fields)
    assert assessment.cause_categories == []
    assert "cause_not_identified" not in guidance_ids(assessment)


@pytest.mark.parametrize("anc", [1000, 1499])
def test_cause_raised_at_mild_anc_without_duffy_null(anc):
    assert categories(assess(anc=anc, conditions=["lupus"])) == ["immune_destruction"]


CHEMOTHERAPY_DRUGS = ["cyclophosphamide", "doxorubicin", "paclitaxel", "docetaxel",
                      "carboplatin", "cisplatin", "etoposide", "gemcitabine", "vinorelbine",
                      "fluorouracil", "cytarabine", "methotrexate"]  # fmt: skip


@pytest.mark.parametrize("drug", CHEMOTHERAPY_DRUGS)
def test_chemotherapy_drug_is_bone_marrow_production_never_medication(drug):
    assert categories(assess(anc=800, medications=[drug])) == ["bone_marrow_production"]


def test_days_since_chemo_43_is_not_a_cause():
    assessment = assess(anc=800, days_since_chemo=43)
    assert assessment.cause_categories == []
    assert "cause_not_identified" in guidance_ids(assessment)


def test_no_trigger_says_cause_not_identified():
    assessment = assess(anc=800)
    assert assessment.cause_categories == []
    assert "cause_not_identified" in guidance_ids(assessment)


def test_unrecognised_medicine_is_not_a_cause_and_is_reported():
    assessment = assess(anc=800, medications=["zorblaxitol"])
    assert assessment.cause_categories == []
    # rev. §6: "we did not recognise X: tell your care team you take it".
    assert any("zorblaxitol" in w.lower() and "did not recognise" in w.lower()
               for w in assessment.warnings), assessment.warnings  # fmt: skip


@pytest.mark.parametrize(
    "drug", ["pembrolizumab", "Keytruda", "palbociclib", "olaparib", "trastuzumab deruxtecan"]
)
def test_targeted_and_immunotherapy_drugs_are_bone_marrow_production_never_medication(drug):
    """rev. §6: targeted_or_immunotherapy raises no cause category unless neutropenic,
    then bone_marrow_production."""
    assert categories(assess(anc=800, medications=[drug])) == ["bone_marrow_production"]
    assert categories(assess(anc=5000, medications=[drug])) == []


@pytest.mark.parametrize("condition", ["organ_transplant", "central_line", "solid_cancer"])
def test_conditions_outside_the_cause_table_raise_no_category(condition):
    """§5 lists no category for the revision's transplant, line and solid-cancer
    conditions: no cause is identified from them."""
    assessment = assess(anc=800, conditions=[condition])
    assert assessment.cause_categories == []
    assert "cause_not_identified" in guidance_ids(assessment)


def test_categories_sorted_by_category():
    assessment = assess(
        anc=800,
        conditions=["viral_infection", "lupus", "malnutrition", "leukemia"],
        medications=["carbamazepine"],
    )
    assert categories(assessment) == [
        "bone_marrow_production",
        "immune_destruction",
        "infection",
        "medication",
        "nutritional_deficiency",
    ]


def test_each_trigger_is_listed_as_evidence():
    assessment = assess(anc=800, conditions=["leukemia", "radiation_therapy"], days_since_chemo=10)
    assert len(cause(assessment, "bone_marrow_production").evidence) >= 3


def test_medication_evidence_names_the_medicine():
    assessment = assess(anc=800, medications=["Tegretol 200 mg twice daily"])
    evidence = " ".join(cause(assessment, "medication").evidence).lower()
    assert "carbamazepine" in evidence or "tegretol" in evidence


def test_each_category_appears_once():
    assessment = assess(anc=800, conditions=["lupus", "rheumatoid_arthritis", "felty_syndrome"])
    assert categories(assessment) == ["immune_destruction"]
    assert len(cause(assessment, "immune_destruction").evidence) >= 3
