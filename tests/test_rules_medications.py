"""The medication lexicon and medication rules (clinical-rules.md §6, U6–U8, S3–S4),
from the spec: every listed generic and brand is recognised, non-chemotherapy classes
raise the `medication` cause and chemotherapy raises `bone_marrow_production`."""

from __future__ import annotations

import pytest
from conftest import assess, categories, fired

NON_CHEMOTHERAPY = {
    "antibiotic": ["trimethoprim-sulfamethoxazole", "Bactrim", "Septra", "dapsone",
                   "chloramphenicol", "vancomycin", "Vancocin", "penicillin G", "amoxicillin",
                   "ampicillin", "cephalexin", "Keflex", "ceftriaxone"],
    "blood_pressure_or_heart": ["procainamide", "flecainide", "captopril", "Capoten",
                                "enalapril", "propranolol", "Inderal", "digoxin", "Lanoxin",
                                "ticlopidine", "Ticlid", "furosemide", "Lasix",
                                "spironolactone", "Aldactone", "acetazolamide", "Diamox"],
    "psychiatric": ["clozapine", "Clozaril", "Versacloz", "chlorpromazine", "Thorazine",
                    "amitriptyline", "Elavil"],
    "epilepsy": ["carbamazepine", "Tegretol", "phenytoin", "Dilantin", "valproate", "Depakote",
                 "ethosuximide", "Zarontin", "lamotrigine"],
    "antithyroid": ["methimazole", "Tapazole", "carbimazole", "propylthiouracil"],
    "other": ["sulfasalazine", "Azulfidine", "deferiprone", "Ferriprox", "metamizole",
              "dipyrone", "rituximab", "Rituxan", "azathioprine", "Imuran", "Azasan",
              "levamisole"],
}  # fmt: skip

# Spec lists drug *groups* (macrolides, thiazides, other phenothiazines, tricyclics);
# my reading: the common members of each group are in the lexicon too.
GROUP_MEMBERS = {
    "antibiotic": ["erythromycin", "azithromycin", "clarithromycin"],
    "blood_pressure_or_heart": ["hydrochlorothiazide"],
    "psychiatric": ["prochlorperazine", "nortriptyline"],
}

CHEMOTHERAPY = ["cyclophosphamide", "doxorubicin", "paclitaxel", "docetaxel", "carboplatin",
                "cisplatin", "etoposide", "gemcitabine", "vinorelbine", "fluorouracil",
                "cytarabine", "methotrexate"]  # fmt: skip


def lexicon_params(table):
    return [
        pytest.param(name, drug_class, id=f"{drug_class}-{name}")
        for drug_class, names in table.items()
        for name in names
    ]


def not_recognised_warnings(assessment):
    # rev. §6: to a patient it reads "we did not recognise X: tell your care team you take
    # it", not "kept, not used by the rules".
    return [w for w in assessment.warnings if "did not recognise" in w.lower()]


@pytest.mark.parametrize(("name", "drug_class"), lexicon_params(NON_CHEMOTHERAPY))
def test_listed_medicine_is_a_medication_cause(name, drug_class):
    assessment = assess(anc=800, medications=[name])
    assert categories(assessment) == ["medication"]
    assert not not_recognised_warnings(assessment)


@pytest.mark.parametrize(("name", "drug_class"), lexicon_params(GROUP_MEMBERS))
def test_member_of_a_listed_group_is_a_medication_cause(name, drug_class):
    assert categories(assess(anc=800, medications=[name])) == ["medication"]


@pytest.mark.parametrize("name", CHEMOTHERAPY)
def test_chemotherapy_drug_is_bone_marrow_production(name):
    assessment = assess(anc=800, medications=[name])
    assert categories(assessment) == ["bone_marrow_production"]
    assert not not_recognised_warnings(assessment)


@pytest.mark.parametrize(
    "written",
    [
        pytest.param("clozapine", id="lower"),
        pytest.param("CLOZAPINE", id="upper"),
        pytest.param("Clozapine 100 mg at night", id="dose-and-schedule"),
        pytest.param("clozapine 12.5mg bd", id="dose-without-space"),
        pytest.param("clozapene", id="misspelt-clozapene"),
        pytest.param("  Clozaril  ", id="brand-padded"),
        pytest.param("versacloz 50 mg/mL suspension", id="brand-with-strength"),
    ],
)
def test_clozapine_is_recognised_however_written(written):
    assessment = assess(anc=800, medications=[written])
    assert "U6" in fired(assessment)
    assert assessment.triage == "urgent"
    assert not not_recognised_warnings(assessment)


@pytest.mark.parametrize(
    "written",
    [
        pytest.param("Tegretol 200 mg twice daily", id="spec-example"),
        pytest.param("tegretol", id="brand-lower"),
        pytest.param("CARBAMAZEPINE 400MG", id="generic-upper-dose"),
    ],
)
def test_carbamazepine_is_recognised_however_written(written):
    assessment = assess(anc=1200, medications=[written])
    assert categories(assessment) == ["medication"]
    assert "S3" in fired(assessment)


def test_unrecognised_name_is_kept_and_reported():
    assessment = assess(anc=800, medications=["zorblaxitol 5 mg", "clozapine"])
    warnings = not_recognised_warnings(assessment)
    assert len(warnings) == 1
    assert "zorblaxitol" in warnings[0].lower()
    assert warnings[0].lower().startswith("we did not recognise")
    assert warnings[0].endswith(": tell your care team you take it")
    assert not any("not used by the rules" in w for w in assessment.warnings)
    assert "U6" in fired(assessment)


def test_unrecognised_name_is_reported_even_with_a_normal_count():
    assessment = assess(anc=5000, medications=["zorblaxitol"])
    assert any("zorblaxitol" in w.lower() for w in not_recognised_warnings(assessment))


@pytest.mark.parametrize(
    ("fields", "rule"),
    [
        pytest.param({"anc": 999, "medications": ["Versacloz"]}, "U6", id="U6-versacloz-999"),
        # rev. U8: every medicine with an agranulocytosis warning, by brand and dose.
        pytest.param({"anc": 5000, "medications": ["Azulfidine 500 mg"],
                      "symptoms": ["sore_throat"]}, "U8", id="U8-azulfidine-dose-sore-throat"),
        pytest.param({"anc": 5000, "medications": ["Ferriprox"], "temperature": 38.2},
                     "U8", id="U8-ferriprox-fever"),
        pytest.param({"anc": 5000, "medications": ["dipyrone"], "symptoms": ["mouth_ulcers"]},
                     "U8", id="U8-dipyrone-mouth-ulcers"),
        pytest.param({"anc": 1499, "medications": ["Ferriprox 500 mg"]}, "U7",
                     id="U7-ferriprox-dose-1499"),
        pytest.param({"anc": 5000, "medications": ["Tapazole 10mg"], "symptoms": ["sore_throat"]},
                     "U8", id="U8-tapazole-dose-sore-throat"),
        pytest.param({"medications": ["propylthiouracil 50 mg"], "symptoms": ["mouth_ulcers"]},
                     "U8", id="U8-propylthiouracil-dose-mouth-ulcers-anc-unknown"),
    ],
)  # fmt: skip
def test_medication_rules_fire_for_brands_and_doses(fields, rule):
    assessment = assess(**fields)
    assert rule in fired(assessment)
    assert assessment.triage == "urgent"


def test_medications_accept_a_semicolon_separated_string():
    assessment = assess(anc=800, medications="clozapine; Tegretol 200 mg")
    assert "U6" in fired(assessment)
    assert categories(assessment) == ["medication"]
