"""Symptom and condition words (clinical-rules.md §7), the rejection of unknown words
with suggestions, the listing for `triage vocab`, and the reading level of every text
shown to patients."""

from __future__ import annotations

import json

import pytest
import textstat

from triage.knowledge import load_knowledge
from triage.vocabulary import (
    UnknownTerm,
    normalise_term,
    read_up_reading,
    read_up_warning,
    resolve_condition,
    resolve_symptom,
    suggest,
    vocabulary_listing,
)

KNOWLEDGE = load_knowledge()
EMERGENCY_IDS = [s.id for s in KNOWLEDGE.symptoms if s.group == "emergency"]
MAX_READING_GRADE = 8  # Flesch-Kincaid: a 12-year-old can follow it


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("mouth sores", "mouth_ulcers", id="spec-mouth-sores"),
        pytest.param("shortness of breath", "trouble_breathing", id="spec-shortness-of-breath"),
        pytest.param("trouble_breathing", "trouble_breathing", id="id"),
        pytest.param("trouble breathing", "trouble_breathing", id="id-with-spaces"),
        pytest.param("Trouble-Breathing", "trouble_breathing", id="id-with-hyphen-and-case"),
        pytest.param("  SHORT OF BREATH  ", "trouble_breathing", id="case-and-spaces"),
        pytest.param("can't breathe", "trouble_breathing", id="apostrophe"),
        pytest.param("can’t breathe", "trouble_breathing", id="curly-apostrophe"),
        pytest.param("cant breathe", "trouble_breathing", id="no-apostrophe"),
        pytest.param("a sore throat", "sore_throat", id="label"),
        pytest.param("sore throat", "sore_throat", id="label-without-article"),
        pytest.param("chills", "feels_feverish", id="chills-possible-fever"),
        pytest.param("rigors", "shaking_chills", id="rigors"),
        pytest.param("lightheaded", "fainting", id="lightheaded-maps-up"),
        pytest.param("blue lips", "mottled_skin", id="blue-lips"),
        pytest.param("haven't peed", "no_urine", id="havent-peed"),
        pytest.param("diarrhoea", "diarrhea", id="uk-spelling"),
        pytest.param("throwing up", "vomiting", id="throwing-up"),
        pytest.param("red port site", "catheter_site_redness", id="port"),
        pytest.param("tummy ache", "abdominal_pain", id="tummy-ache"),
        pytest.param("tired", "fatigue", id="other-group"),
    ],
)
def test_symptom_words_resolve(text, expected):
    assert resolve_symptom(text) == expected


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("SLE", "lupus", id="spec-SLE"),
        pytest.param("Epstein-Barr", "ebv", id="spec-Epstein-Barr"),
        pytest.param("Crohn's", "crohns_disease", id="spec-Crohns"),
        pytest.param("Crohn’s", "crohns_disease", id="curly-apostrophe"),
        pytest.param("crohns", "crohns_disease", id="no-apostrophe"),
        pytest.param("crohns_disease", "crohns_disease", id="id"),
        pytest.param("chemo", "chemotherapy", id="chemo"),
        pytest.param("leukaemia", "leukemia", id="uk-spelling"),
        pytest.param("aplastic anaemia", "bone_marrow_failure", id="aplastic-anaemia"),
        pytest.param("bone marrow transplant", "stem_cell_transplant", id="bmt"),
        pytest.param("glandular fever", "ebv", id="glandular-fever"),
        pytest.param("influenza", "viral_infection", id="influenza"),
        pytest.param("low B12", "b12_deficiency", id="low-b12"),
        pytest.param("TB", "tuberculosis", id="tb"),
    ],
)
def test_condition_words_resolve(text, expected):
    assert resolve_condition(text) == expected


@pytest.mark.parametrize("symptom_id", EMERGENCY_IDS)
def test_every_emergency_symptom_has_at_least_five_everyday_words_that_resolve(symptom_id):
    symptom = KNOWLEDGE.symptom(symptom_id)
    assert len(symptom.synonyms) >= 5
    assert {resolve_symptom(word) for word in symptom.synonyms} == {symptom_id}


def test_every_id_label_and_synonym_resolves_to_its_own_entry():
    for symptom in KNOWLEDGE.symptoms:
        for word in (symptom.id, symptom.label, *symptom.synonyms):
            assert resolve_symptom(word) == symptom.id, word
    for condition in KNOWLEDGE.conditions:
        for word in (condition.id, condition.label, *condition.synonyms):
            assert resolve_condition(word) == condition.id, word


def test_symptom_words_are_not_conditions_and_back():
    with pytest.raises(UnknownTerm):
        resolve_condition("mouth sores")
    with pytest.raises(UnknownTerm):
        resolve_symptom("lupus")


@pytest.mark.parametrize(
    ("text", "kind", "suggested"),
    [
        pytest.param("cant breth", "symptom", "trouble_breathing", id="misspelt-breathing"),
        pytest.param("mouth ulser", "symptom", "mouth_ulcers", id="misspelt-ulcer"),
        pytest.param("diarea", "symptom", "diarrhea", id="misspelt-diarrhea"),
        pytest.param("dizzy", "symptom", "fainting", id="vague-dizzy"),
        pytest.param("chest pain", "symptom", "trouble_breathing", id="chest-pain"),
        pytest.param("lupas", "condition", "lupus", id="misspelt-lupus"),
        pytest.param("transplant", "condition", "organ_transplant", id="vague-transplant"),
        pytest.param("cancer", "condition", "chemotherapy", id="vague-cancer"),
    ],
)
def test_unknown_word_is_rejected_with_the_closest_id_first(text, kind, suggested):
    resolve = resolve_symptom if kind == "symptom" else resolve_condition
    with pytest.raises(UnknownTerm) as raised:
        resolve(text)
    unknown = raised.value
    assert (unknown.term, unknown.kind) == (text, kind)
    assert unknown.suggestions[0] == suggested
    assert len(unknown.suggestions) <= 3
    assert isinstance(unknown, ValueError)
    assert str(unknown).startswith(f'unknown {kind} "{text}": did you mean {suggested}')
    assert str(unknown).endswith("(see `triage vocab`)")


def test_unknown_word_message_names_all_suggestions():
    with pytest.raises(UnknownTerm) as raised:
        resolve_symptom("cant breth")
    suggestions = raised.value.suggestions
    assert suggestions[0] == "trouble_breathing"
    assert str(raised.value) == (
        f'unknown symptom "cant breth": did you mean {", ".join(suggestions)}? (see `triage vocab`)'
    )


def test_word_with_nothing_close_is_rejected_without_suggestions():
    with pytest.raises(UnknownTerm) as raised:
        resolve_symptom("hiccups")
    assert raised.value.suggestions == []
    assert str(raised.value) == 'unknown symptom "hiccups" (see `triage vocab`)'


def test_abbreviations_are_not_suggested_as_parts_of_longer_words():
    # "transplant" contains "ra" (rheumatoid arthritis): that is no reason to suggest it.
    assert "rheumatoid_arthritis" not in suggest("transplant", "condition")


@pytest.mark.parametrize(
    "text",
    [
        "fever", "Feverish", "temperature", "hot", "high temp", "feel hot", "shivery",
        "sweaty", "I think I have a temperature", "burning up",
    ],
)  # fmt: skip
def test_fever_words_are_a_possible_fever(text):
    # §1: feeling feverish with nothing measured counts as a possible fever.
    assert resolve_symptom(text) == "feels_feverish"


@pytest.mark.parametrize(
    "text", ["feel unwell", "not right", "flu-like", "feel awful", "generally unwell"]
)
def test_unwell_words_are_feeling_unwell(text):
    assert resolve_symptom(text) == "feeling_unwell"


@pytest.mark.parametrize("text", ["cold", "low temperature", "hypothermia"])
def test_low_temperature_words_point_to_the_temperature_reading(text):
    with pytest.raises(UnknownTerm) as raised:
        resolve_symptom(text)
    assert "give the temperature reading instead" in str(raised.value)
    assert raised.value.hint
    assert raised.value.kind == "symptom"


@pytest.mark.parametrize(
    ("word", "symptom_id"),
    [
        pytest.param("lightheaded", "fainting", id="lightheaded"),
        pytest.param("wheezy", "trouble_breathing", id="wheezy"),
        pytest.param("very sleepy", "confusion", id="very-sleepy"),
        pytest.param("drowsy", "confusion", id="drowsy"),
    ],
)
def test_vague_words_are_read_up_with_a_warning_naming_them(word, symptom_id):
    # §10: read as the emergency symptom they could mean, and say so.
    assert resolve_symptom(word) == symptom_id
    assert read_up_reading(word) == symptom_id
    warning = read_up_warning(word)
    assert f'"{word}"' in warning and "emergency sign" in warning


def test_exact_emergency_words_are_not_vague():
    assert read_up_reading("shortness of breath") is None
    assert read_up_reading("fainted") is None


@pytest.mark.parametrize(
    ("a", "b"),
    [
        ("trouble_breathing", " Trouble-Breathing "),
        ("Crohn's", "crohns"),
        ("can’t breathe", "cant breathe"),
        ("a stiff neck", "stiff neck"),
        ("no_urine.", "no urine"),
    ],
)
def test_normalisation_treats_these_as_equal(a, b):
    assert normalise_term(a) == normalise_term(b)


def test_listing_is_json_safe_and_complete():
    listing = vocabulary_listing()
    assert json.loads(json.dumps(listing)) == listing
    assert [s["id"] for s in listing["symptoms"]] == [s.id for s in KNOWLEDGE.symptoms]
    assert [c["id"] for c in listing["conditions"]] == [c.id for c in KNOWLEDGE.conditions]
    breathing = listing["symptoms"][0]
    assert breathing["id"] == "trouble_breathing"
    assert breathing["group"] == "emergency"
    assert "shortness of breath" in breathing["synonyms"]
    leukemia = next(c for c in listing["conditions"] if c["id"] == "leukemia")
    assert leukemia["category"] == "bone_marrow_production"
    flags = ["neutropenia_prone", "cancer", "cancer_care", "transplant_may_help"]
    assert leukemia["flags"] == flags
    classes = {entry["class"]: entry["drugs"] for entry in listing["medication_classes"]}
    assert sorted(classes) == sorted({d.drug_class for d in KNOWLEDGE.drugs})
    assert sum(len(drugs) for drugs in classes.values()) == len(KNOWLEDGE.drugs)
    carbamazepine = next(d for d in classes["epilepsy"] if d["generic"] == "carbamazepine")
    assert "Tegretol" in carbamazepine["brands"]


# Reading level ----------------------------------------------------------------------------


@pytest.fixture(scope="module")
def reading_grade():
    """Flesch-Kincaid grade from textstat, counting syllables with its pyphen fallback.

    Recent textstat versions look words up in NLTK's CMU dictionary and try to download it
    on first use; tests run offline, so the lookup is switched off and the (slightly
    stricter) hyphenation count is used everywhere, the same on every machine.
    """
    patch = pytest.MonkeyPatch()
    try:
        from textstat.backend.counts import _count_syllables
    except ImportError:  # older textstat counts with pyphen already
        pass
    else:
        patch.setattr(_count_syllables, "get_cmudict", lambda lang: None)
        _count_syllables.count_syllables.cache_clear()
    yield textstat.flesch_kincaid_grade
    patch.undo()


PATIENT_TEXTS = [
    *((f"topic-{t.id}", t.text) for t in KNOWLEDGE.topics),
    *((f"action-{a.level}", a.text) for a in KNOWLEDGE.actions),
    ("disclaimer", KNOWLEDGE.disclaimer),
]


@pytest.mark.parametrize(("name", "text"), [pytest.param(*row, id=row[0]) for row in PATIENT_TEXTS])
def test_patient_text_reads_at_grade_eight_or_below(reading_grade, name, text):
    assert reading_grade(text) <= MAX_READING_GRADE, text


def test_reading_grade_check_can_fail(reading_grade):
    hard = (
        "Granulocyte colony-stimulating factor administration accelerates neutrophil "
        "recovery following myelosuppressive chemotherapy, consequently diminishing "
        "infection-related hospitalisation."
    )
    assert reading_grade(hard) > MAX_READING_GRADE
