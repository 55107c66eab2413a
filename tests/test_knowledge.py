"""The knowledge data files: they load, every entry cites a known source, and they hold
everything clinical-rules.md names (§4, §5, §6, §7, §8) with the right class, group,
category and flags."""

from __future__ import annotations

import pytest

from triage.knowledge import Knowledge, load_knowledge
from triage.medications import name_key
from triage.vocabulary import normalise_term

KNOWLEDGE = load_knowledge()

# clinical-rules.md §6, written out: (generic or the name the spec gives, class, brands).
SPEC_DRUGS = [
    ("trimethoprim-sulfamethoxazole", "antibiotic", ["Bactrim", "Septra"]),
    ("dapsone", "antibiotic", []),
    ("chloramphenicol", "antibiotic", []),
    ("vancomycin", "antibiotic", ["Vancocin"]),
    ("penicillin G", "antibiotic", []),
    ("amoxicillin", "antibiotic", []),
    ("ampicillin", "antibiotic", []),
    ("cephalexin", "antibiotic", ["Keflex"]),
    ("ceftriaxone", "antibiotic", []),
    ("procainamide", "blood_pressure_or_heart", []),
    ("flecainide", "blood_pressure_or_heart", []),
    ("captopril", "blood_pressure_or_heart", ["Capoten"]),
    ("enalapril", "blood_pressure_or_heart", []),
    ("propranolol", "blood_pressure_or_heart", ["Inderal"]),
    ("digoxin", "blood_pressure_or_heart", ["Lanoxin"]),
    ("ticlopidine", "blood_pressure_or_heart", ["Ticlid"]),
    ("furosemide", "blood_pressure_or_heart", ["Lasix"]),
    ("spironolactone", "blood_pressure_or_heart", ["Aldactone"]),
    ("acetazolamide", "blood_pressure_or_heart", ["Diamox"]),
    ("clozapine", "psychiatric", ["Clozaril", "Versacloz"]),
    ("chlorpromazine", "psychiatric", ["Thorazine"]),
    ("amitriptyline", "psychiatric", ["Elavil"]),
    ("carbamazepine", "epilepsy", ["Tegretol"]),
    ("phenytoin", "epilepsy", ["Dilantin"]),
    ("valproate", "epilepsy", ["Depakote"]),
    ("ethosuximide", "epilepsy", ["Zarontin"]),
    ("lamotrigine", "epilepsy", []),
    ("methimazole", "antithyroid", ["Tapazole"]),
    ("carbimazole", "antithyroid", []),
    ("propylthiouracil", "antithyroid", []),
    ("sulfasalazine", "other", ["Azulfidine"]),
    ("deferiprone", "other", ["Ferriprox"]),
    ("metamizole", "other", []),
    ("dipyrone", "other", []),
    ("rituximab", "other", ["Rituxan"]),
    ("azathioprine", "other", ["Imuran", "Azasan"]),
    ("levamisole", "other", []),
    ("cyclophosphamide", "chemotherapy", []),
    ("doxorubicin", "chemotherapy", []),
    ("paclitaxel", "chemotherapy", []),
    ("docetaxel", "chemotherapy", []),
    ("carboplatin", "chemotherapy", []),
    ("cisplatin", "chemotherapy", []),
    ("etoposide", "chemotherapy", []),
    ("gemcitabine", "chemotherapy", []),
    ("vinorelbine", "chemotherapy", []),
    ("fluorouracil", "chemotherapy", []),
    ("cytarabine", "chemotherapy", []),
    ("methotrexate", "chemotherapy", []),
]

# Spec §6 names a few classes of drugs, not drugs: at least one member of each is listed.
SPEC_DRUG_GROUPS = [
    ("macrolide", "antibiotic", ["erythromycin", "azithromycin", "clarithromycin"]),
    ("thiazide", "blood_pressure_or_heart", ["hydrochlorothiazide", "chlorthalidone"]),
    ("other phenothiazine", "psychiatric", ["prochlorperazine", "thioridazine"]),
    ("tricyclic", "psychiatric", ["imipramine", "clomipramine", "nortriptyline"]),
]

# clinical-rules.md §4 and §7: symptom id -> group, agranulocytosis sign (rule U8).
# feels_feverish is in the `other` group: a possible fever (§1), or an infection sign only
# when a reading overrides it; rule U8 reads a fever or possible fever, not the feeling.
SPEC_SYMPTOMS = {
    "trouble_breathing": ("emergency", False),
    "confusion": ("emergency", False),
    "fainting": ("emergency", False),
    "shaking_chills": ("emergency", False),
    "stiff_neck": ("emergency", False),
    "no_urine": ("emergency", False),
    "mottled_skin": ("emergency", False),
    "feels_feverish": ("other", False),
    "feeling_unwell": ("infection_sign", True),  # rev. U8: a flu-like illness
    "mouth_ulcers": ("infection_sign", True),
    "abscess": ("infection_sign", False),
    "rash": ("infection_sign", False),
    "slow_healing_wound": ("infection_sign", False),
    "skin_redness": ("infection_sign", False),
    "catheter_site_redness": ("infection_sign", False),
    "sore_throat": ("infection_sign", True),
    "cough": ("infection_sign", False),
    "burning_urination": ("infection_sign", False),
    "diarrhea": ("infection_sign", False),
    "vomiting": ("infection_sign", False),
    "abdominal_pain": ("infection_sign", False),
    "fast_heartbeat": ("infection_sign", False),  # rev. §4: a sepsis sign
}

# clinical-rules.md §1 and §5 (and §8 for transplant_may_help): condition id ->
# (category, neutropenia_prone, on_chemotherapy, transplant_may_help).
# rev. §1: on_chemotherapy is "being treated now" with any anticancer treatment,
# radiotherapy included; lymphoma, myeloma and MDS are neutropenia-prone. §5's table
# predates the new conditions; our reading: anticancer treatments and blood cancers are
# bone_marrow_production, and a transplant, a central line or a solid cancer no category.
SPEC_CONDITIONS = {
    "chemotherapy": ("bone_marrow_production", False, True, False),
    "immunotherapy": ("bone_marrow_production", False, True, False),
    "targeted_therapy": ("bone_marrow_production", False, True, False),
    "radiation_therapy": ("bone_marrow_production", False, True, False),
    "leukemia": ("bone_marrow_production", True, False, True),
    "lymphoma": ("bone_marrow_production", True, False, False),
    "myeloma": ("bone_marrow_production", True, False, False),
    "myelodysplastic_syndrome": ("bone_marrow_production", True, False, False),
    "bone_marrow_failure": ("bone_marrow_production", True, False, True),
    "congenital_neutropenia": ("bone_marrow_production", True, False, True),
    "cyclic_neutropenia": ("bone_marrow_production", True, False, False),
    "stem_cell_transplant": ("bone_marrow_production", True, False, False),
    "organ_transplant": (None, False, False, False),
    "central_line": (None, False, False, False),
    "solid_cancer": (None, False, False, False),
    "rheumatoid_arthritis": ("immune_destruction", False, False, False),
    "lupus": ("immune_destruction", False, False, False),
    "crohns_disease": ("immune_destruction", False, False, False),
    "felty_syndrome": ("immune_destruction", False, False, False),
    "autoimmune_neutropenia": ("immune_destruction", False, False, False),
    "tuberculosis": ("infection", False, False, False),
    "dengue": ("infection", False, False, False),
    "ebv": ("infection", False, False, False),
    "cmv": ("infection", False, False, False),
    "hiv": ("infection", False, False, False),
    "viral_hepatitis": ("infection", False, False, False),
    "viral_infection": ("infection", False, False, False),
    "b12_deficiency": ("nutritional_deficiency", False, False, False),
    "folate_deficiency": ("nutritional_deficiency", False, False, False),
    "copper_deficiency": ("nutritional_deficiency", False, False, False),
    "malnutrition": ("nutritional_deficiency", False, False, False),
}

# clinical-rules.md §8, as the ids the guidance rules use.
SPEC_TOPICS = [
    "get_care_now",
    "fever_precautions",
    "infection_precautions",
    "antibiotics",
    "g_csf",
    "medication_change",
    "rituximab_late_onset",
    "immune_suppression",
    "treat_infection",
    "correct_deficiency",
    "stem_cell_transplant",
    "mild_no_treatment",
    "duffy_null_normal",
    "cause_not_identified",
]


def drug_named(name: str):
    """The lexicon drug that has this generic name, brand or alias."""
    key = name_key(name)
    for drug in KNOWLEDGE.drugs:
        if key in {name_key(n) for n in (drug.generic, *drug.brands, *drug.aliases)}:
            return drug
    raise AssertionError(f"{name} is not in the lexicon")


def test_data_files_load_and_validate():
    assert isinstance(KNOWLEDGE, Knowledge)
    assert len(KNOWLEDGE.drugs) >= len(SPEC_DRUGS)


def test_every_entry_cites_a_known_source():
    source_ids = {s.id for s in KNOWLEDGE.sources}
    cited = [
        *(d.source for d in KNOWLEDGE.drugs),
        *(s.source for s in KNOWLEDGE.symptoms),
        *(c.source for c in KNOWLEDGE.conditions),
        *(t.source for t in KNOWLEDGE.topics),
        *(a.source for a in KNOWLEDGE.actions),
    ]
    assert set(cited) <= source_ids


def test_every_source_has_a_lowercase_id_and_a_citation():
    for source in KNOWLEDGE.sources:
        assert source.id == source.id.lower()
        assert source.short.strip()
        assert len(source.citation) > 20


def test_a_broken_source_reference_fails_loudly():
    data = KNOWLEDGE.model_dump()
    data["drugs"][0]["source"] = "no_such_source"
    with pytest.raises(ValueError, match="cites unknown source 'no_such_source'"):
        Knowledge.model_validate(data)


@pytest.mark.parametrize(
    ("name", "drug_class", "brands"),
    [pytest.param(*row, id=row[0]) for row in SPEC_DRUGS],
)
def test_every_spec_drug_is_listed_with_its_class_and_brands(name, drug_class, brands):
    drug = drug_named(name)
    assert drug.drug_class == drug_class
    for brand in brands:
        assert drug_named(brand) == drug


@pytest.mark.parametrize(
    ("group", "drug_class", "members"),
    [pytest.param(*row, id=row[0]) for row in SPEC_DRUG_GROUPS],
)
def test_every_spec_drug_group_has_members_in_the_right_class(group, drug_class, members):
    assert [drug_named(name).drug_class for name in members] == [drug_class] * len(members)


def test_combination_product_is_one_entry_under_every_spelling():
    bactrim = drug_named("trimethoprim-sulfamethoxazole")
    for spelling in ["trimethoprim/sulfamethoxazole", "TMP-SMX", "TMP/SMX", "co-trimoxazole",
                     "cotrimoxazole", "Bactrim", "Bactrim DS", "Septra"]:  # fmt: skip
        assert drug_named(spelling) == bactrim


def test_monitoring_and_late_onset_flags_sit_on_the_right_drugs():
    flagged = {d.generic: d.monitoring for d in KNOWLEDGE.drugs if d.monitoring}
    assert flagged == {"clozapine": "clozapine_anc", "deferiprone": "deferiprone_interrupt"}
    assert [d.generic for d in KNOWLEDGE.drugs if d.late_onset] == ["rituximab"]


def test_antithyroid_class_is_exactly_the_three_spec_drugs():
    antithyroid = sorted(d.generic for d in KNOWLEDGE.drugs if d.drug_class == "antithyroid")
    assert antithyroid == ["carbimazole", "methimazole", "propylthiouracil"]


def test_no_name_belongs_to_two_drugs():
    owner: dict[str, str] = {}
    clashes = []
    for drug in KNOWLEDGE.drugs:
        for name in {name_key(n) for n in (drug.generic, *drug.brands, *drug.aliases)}:
            if owner.setdefault(name, drug.generic) != drug.generic:
                clashes.append(f"{name}: {owner[name]} and {drug.generic}")
    assert clashes == []


def test_no_drug_name_is_empty_once_dose_words_are_ignored():
    for drug in KNOWLEDGE.drugs:
        for name in (drug.generic, *drug.brands, *drug.aliases):
            assert name_key(name), name


@pytest.mark.parametrize(
    ("symptom_id", "group", "agranulocytosis_sign"),
    [pytest.param(key, *value, id=key) for key, value in SPEC_SYMPTOMS.items()],
)
def test_every_spec_symptom_has_its_group(symptom_id, group, agranulocytosis_sign):
    symptom = KNOWLEDGE.symptom(symptom_id)
    assert (symptom.group, symptom.agranulocytosis_sign) == (group, agranulocytosis_sign)


def test_symptoms_beyond_the_spec_are_only_in_the_other_group():
    extra = [s for s in KNOWLEDGE.symptoms if s.id not in SPEC_SYMPTOMS]
    assert {s.group for s in extra} <= {"other"}
    assert not any(s.agranulocytosis_sign for s in extra)


@pytest.mark.parametrize(
    ("condition_id", "category", "prone", "on_chemo", "transplant"),
    [pytest.param(key, *value, id=key) for key, value in SPEC_CONDITIONS.items()],
)
def test_every_spec_condition_has_its_category_and_flags(
    condition_id, category, prone, on_chemo, transplant
):
    condition = KNOWLEDGE.condition(condition_id)
    assert (
        condition.category,
        condition.neutropenia_prone,
        condition.on_chemotherapy,
        condition.transplant_may_help,
    ) == (category, prone, on_chemo, transplant)


def test_conditions_are_exactly_the_spec_list():
    assert sorted(c.id for c in KNOWLEDGE.conditions) == sorted(SPEC_CONDITIONS)


# rev. clinical-rules.md §1, §6, §10: which conditions carry each flag the rules read.
BLOOD_CANCERS = {"leukemia", "lymphoma", "myeloma", "myelodysplastic_syndrome"}
TREATED_NOW = {"chemotherapy", "immunotherapy", "targeted_therapy", "radiation_therapy"}
SPEC_CONDITION_FLAGS = {
    # §1: systemic anticancer treatment is anticancer treatment without radiotherapy (E8).
    "systemic": {"chemotherapy", "immunotherapy", "targeted_therapy"},
    # §6 dual use: "a blood cancer or a solid cancer condition".
    "cancer": {*BLOOD_CANCERS, "solid_cancer"},
    # §1 immunosuppressed: the condition organ_transplant.
    "immunosuppressing": {"organ_transplant"},
    # §1 at risk: the condition central_line.
    "vascular_access": {"central_line"},
    # §10: "your cancer team's 24-hour line" only with recent anticancer treatment, a blood
    # cancer or stem_cell_transplant; "your transplant team" for organ_transplant.
    "cancer_care": {*TREATED_NOW, *BLOOD_CANCERS, "stem_cell_transplant"},
    "transplant_team": {"organ_transplant"},
}


@pytest.mark.parametrize(("flag", "expected"), SPEC_CONDITION_FLAGS.items(),
                         ids=list(SPEC_CONDITION_FLAGS))  # fmt: skip
def test_condition_flags_sit_on_the_spec_conditions(flag, expected):
    assert {c.id for c in KNOWLEDGE.conditions if getattr(c, flag)} == expected


def test_a_red_line_site_is_the_same_infection_sign_as_red_skin():
    """rev. E8: `catheter_site_redness` with `skin_redness` is one sign."""
    same = {s.id: s.same_sign_as for s in KNOWLEDGE.symptoms if s.same_sign_as}
    assert same == {"catheter_site_redness": "skin_redness"}


def test_agranulocytosis_warning_sits_on_exactly_the_spec_medicines():
    """rev. §6 (U8): clozapine, deferiprone, the antithyroid drugs, sulfasalazine,
    metamizole and the blood-monitored immunosuppressants (hydroxycarbamide: a blood-count
    warning medicine, §6 dual use)."""
    warned = {d.generic for d in KNOWLEDGE.drugs if d.agranulocytosis_warning}
    assert warned == {
        "clozapine", "deferiprone", "methimazole", "carbimazole", "propylthiouracil",
        "sulfasalazine", "metamizole", "methotrexate", "azathioprine", "mercaptopurine",
        "leflunomide", "mycophenolate", "hydroxycarbamide",
    }  # fmt: skip


def test_every_spec_guidance_topic_and_triage_action_is_present():
    assert sorted(t.id for t in KNOWLEDGE.topics) == sorted(SPEC_TOPICS)
    everyone = sorted(a.level for a in KNOWLEDGE.actions if a.audience == "everyone")
    assert everyone == ["emergency", "routine", "soon", "urgent"]
    emergency = {a.audience for a in KNOWLEDGE.actions if a.level == "emergency"}
    # rev. §10: "your transplant team" for organ_transplant.
    assert emergency == {"everyone", "cancer_team", "transplant_team", "emergency_services"}


def test_disclaimer_sends_the_reader_to_a_provider():
    text = KNOWLEDGE.disclaimer.lower()
    assert "does not diagnose" in text
    assert any(word in text for word in ("doctor", "nurse", "provider", "care team"))


def _word_owners(entries) -> tuple[dict[str, str], list[str]]:
    owner: dict[str, str] = {}
    clashes = []
    for entry in entries:
        for word in (entry.id, entry.label, *entry.synonyms):
            key = normalise_term(word)
            if owner.setdefault(key, entry.id) != entry.id:
                clashes.append(f"{word!r}: {owner[key]} and {entry.id}")
    return owner, clashes


def test_no_word_maps_to_two_ids_or_to_both_a_symptom_and_a_condition():
    symptom_words, symptom_clashes = _word_owners(KNOWLEDGE.symptoms)
    condition_words, condition_clashes = _word_owners(KNOWLEDGE.conditions)
    assert symptom_clashes == []
    assert condition_clashes == []
    assert set(symptom_words) & set(condition_words) == set()


def test_suggestion_words_are_never_also_synonyms():
    for entries in (KNOWLEDGE.symptoms, KNOWLEDGE.conditions):
        mapped = {normalise_term(w) for e in entries for w in (e.id, e.label, *e.synonyms)}
        vague = {normalise_term(w) for e in entries for w in e.suggested_for}
        assert mapped & vague == set()
