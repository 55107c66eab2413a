"""The words of the December 2026 revision (clinical-rules.md §1, §4, §7, §10): new
symptom and condition words, their flags, conditions said as history, and "transplant"."""

from __future__ import annotations

import dataclasses
from datetime import date

import pytest

from triage.knowledge import Knowledge, load_knowledge
from triage.vocabulary import (
    LASTING_CONDITIONS,
    ConditionReading,
    UnknownTerm,
    normalise_term,
    read_condition,
    read_up_reading,
    read_up_warning,
    resolve_condition,
    resolve_other_condition,
    resolve_symptom,
    suggest,
)

KNOWLEDGE = load_knowledge()
TODAY = date(2026, 12, 15)  # dates "treated in 2015"


# Symptoms -------------------------------------------------------------------------------

# §7: every word people use that must be understood, with the id it means.
SPEC_SYMPTOM_WORDS = [
    ("shivery", "feels_feverish"),
    ("shivering", "feels_feverish"),
    ("chills", "feels_feverish"),
    ("cold and shivery", "feels_feverish"),
    ("hot and cold", "feels_feverish"),
    ("burning up", "feels_feverish"),
    ("rigors", "shaking_chills"),
    ("shaking I can't stop", "shaking_chills"),
    ("teeth chattering", "shaking_chills"),
    ("just not right", "feeling_unwell"),
    ("a bit off", "feeling_unwell"),
    ("flu", "feeling_unwell"),
    ("flu-like", "feeling_unwell"),
    ("achy", "feeling_unwell"),
    ("aching all over", "feeling_unwell"),
    ("racing heart", "fast_heartbeat"),
    ("fast heartbeat", "fast_heartbeat"),
    ("palpitations", "fast_heartbeat"),
    ("drowsy", "confusion"),
    ("floppy", "confusion"),
    ("lethargic", "confusion"),
    ("hard to wake", "confusion"),
]

# More ways of saying them: first person, other spellings.
MORE_SYMPTOM_WORDS = [
    ("I'm shivering", "feels_feverish"),
    ("the chills", "feels_feverish"),
    ("fever and chills", "feels_feverish"),
    ("shaking I cannot stop", "shaking_chills"),
    ("can't stop shaking", "shaking_chills"),
    ("I feel a bit off", "feeling_unwell"),
    ("the flu", "feeling_unwell"),
    ("heart racing", "fast_heartbeat"),
    ("my heart is racing", "fast_heartbeat"),
    ("fast heart rate", "fast_heartbeat"),
    ("rapid heartbeat", "fast_heartbeat"),
    ("pounding heart", "fast_heartbeat"),
    ("heart pounding", "fast_heartbeat"),
    ("tachycardia", "fast_heartbeat"),
]


@pytest.mark.parametrize(
    ("word", "symptom_id"),
    [pytest.param(word, symptom_id, id=f"spec-{word}") for word, symptom_id in SPEC_SYMPTOM_WORDS]
    + [pytest.param(word, symptom_id, id=word) for word, symptom_id in MORE_SYMPTOM_WORDS],
)
def test_revision_symptom_word_is_understood(word, symptom_id):
    assert resolve_symptom(word) == symptom_id


@pytest.mark.parametrize(
    "word",
    [
        pytest.param("shivering", id="shivering"),
        pytest.param("chills", id="chills"),
        pytest.param("shivery", id="shivery"),
    ],
)
def test_shivering_is_a_possible_fever_not_a_read_up_of_shaking_chills(word):
    # §10, rev.: "shivering" now reads as a possible fever; no emergency warning is given.
    assert resolve_symptom(word) != "shaking_chills"
    assert read_up_reading(word) is None


@pytest.mark.parametrize(
    ("word", "symptom_id", "emergency"),
    [
        pytest.param("achy", "feeling_unwell", False, id="achy"),
        pytest.param("aching all over", "feeling_unwell", False, id="aching-all-over"),
        pytest.param("drowsy", "confusion", True, id="drowsy"),
        pytest.param("floppy", "confusion", True, id="floppy"),
        pytest.param("lethargic", "confusion", True, id="lethargic"),
        pytest.param("hard to wake", "confusion", True, id="hard-to-wake"),
    ],
)
def test_vague_word_is_read_up_with_a_warning_naming_it(word, symptom_id, emergency):
    assert read_up_reading(word) == symptom_id
    warning = read_up_warning(word)
    assert f'"{word}" was read as {KNOWLEDGE.symptom(symptom_id).label}' in warning
    # Aches are not an emergency sign by themselves: the warning does not call them one.
    assert ("emergency sign" in warning) is emergency


def test_rigors_are_exact_words_not_read_up():
    assert read_up_reading("rigors") is None
    assert read_up_reading("teeth chattering") is None


def test_fast_heartbeat_is_an_infection_sign_from_the_alert_cards():
    symptom = KNOWLEDGE.symptom("fast_heartbeat")
    assert (symptom.group, symptom.source) == ("infection_sign", "alert_cards")
    assert "racing" in symptom.label and "heartbeat" in symptom.label


def test_agranulocytosis_signs_are_exactly_those_of_rule_u8():
    # U8: fever or possible fever, sore throat, mouth ulcers, flu-like illness. The
    # feverish feeling reaches U8 only as a possible fever (clinical-rules §1): a reading
    # below 37.5 °C in someone not at risk overrides it.
    signs = {s.id for s in KNOWLEDGE.symptoms if s.agranulocytosis_sign}
    assert signs == {"sore_throat", "mouth_ulcers", "feeling_unwell"}


def test_a_line_site_redness_is_the_same_sign_as_red_skin():
    assert KNOWLEDGE.symptom("catheter_site_redness").same_sign_as == "skin_redness"
    same = {s.id: s.same_sign_as for s in KNOWLEDGE.symptoms if s.same_sign_as}
    assert same == {"catheter_site_redness": "skin_redness"}


def test_flu_is_feeling_unwell_and_as_a_condition_is_asked():
    # §7: "flu" is feeling_unwell; as a condition it could be a recent viral infection.
    assert resolve_symptom("the flu") == "feeling_unwell"
    with pytest.raises(UnknownTerm) as raised:
        resolve_condition("flu")
    assert raised.value.suggestions[0] == "viral_infection"


def test_no_word_is_both_a_symptom_and_a_condition():
    def words(entries):
        return {
            normalise_term(word)
            for entry in entries
            for word in (entry.id, entry.label, *entry.synonyms, *getattr(entry, "read_up", ()))
        }

    assert words(KNOWLEDGE.symptoms) & words(KNOWLEDGE.conditions) == set()
    assert words(KNOWLEDGE.conditions) & words(KNOWLEDGE.other_conditions) == set()


def test_every_read_up_word_belongs_to_one_symptom_and_resolves_to_it():
    owners: dict[str, str] = {}
    for symptom in KNOWLEDGE.symptoms:
        for word in symptom.read_up:
            assert owners.setdefault(normalise_term(word), symptom.id) == symptom.id, word
            assert resolve_symptom(word) == symptom.id, word


def test_read_up_is_refused_on_a_symptom_that_is_not_an_emergency_nor_feeling_unwell():
    data = KNOWLEDGE.model_dump()
    for symptom in data["symptoms"]:
        if symptom["id"] == "cough":
            symptom["read_up"] = ("hacking",)
    with pytest.raises(ValueError, match="read_up is only for emergency symptoms"):
        Knowledge.model_validate(data)


def test_read_up_on_feeling_unwell_is_accepted():
    assert KNOWLEDGE.symptom("feeling_unwell").group == "infection_sign"
    assert Knowledge.model_validate(KNOWLEDGE.model_dump()).symptom("feeling_unwell").read_up


# Conditions -----------------------------------------------------------------------------

SPEC_CONDITION_WORDS = [
    ("immunotherapy", "immunotherapy"),
    ("targeted therapy", "targeted_therapy"),
    ("radiotherapy", "radiation_therapy"),
    ("kidney transplant", "organ_transplant"),
    ("liver transplant", "organ_transplant"),
    ("heart transplant", "organ_transplant"),
    ("lung transplant", "organ_transplant"),
    ("lymphoma", "lymphoma"),
    ("myeloma", "myeloma"),
    ("multiple myeloma", "myeloma"),
    ("MDS", "myelodysplastic_syndrome"),
    ("myelodysplasia", "myelodysplastic_syndrome"),
    ("PICC", "central_line"),
    ("PICC line", "central_line"),
    ("port", "central_line"),
    ("portacath", "central_line"),
    ("Hickman line", "central_line"),
    ("central line", "central_line"),
    ("CVC", "central_line"),
    ("breast cancer", "solid_cancer"),
    ("bowel cancer", "solid_cancer"),
    ("lung cancer", "solid_cancer"),
    ("prostate cancer", "solid_cancer"),
    ("bone marrow transplant", "stem_cell_transplant"),
    ("non-Hodgkin lymphoma", "lymphoma"),
    ("I'm on immunotherapy", "immunotherapy"),
]


@pytest.mark.parametrize(
    ("word", "condition_id"),
    [pytest.param(word, cid, id=word) for word, cid in SPEC_CONDITION_WORDS],
)
def test_revision_condition_word_is_understood(word, condition_id):
    assert resolve_condition(word) == condition_id


FLAG_NAMES = (
    "category",
    "neutropenia_prone",
    "on_chemotherapy",
    "systemic",
    "cancer",
    "cancer_care",
    "immunosuppressing",
    "vascular_access",
    "transplant_team",
)
BMP = "bone_marrow_production"
# clinical-rules §1 (rev.), §5, §6 and §10: the flags each condition carries, in the order
# of FLAG_NAMES.
EXPECTED_FLAGS = {
    "chemotherapy": (BMP, False, True, True, False, True, False, False, False),
    "radiation_therapy": (BMP, False, True, False, False, True, False, False, False),
    "immunotherapy": (BMP, False, True, True, False, True, False, False, False),
    "targeted_therapy": (BMP, False, True, True, False, True, False, False, False),
    "organ_transplant": (None, False, False, False, False, False, True, False, True),
    "central_line": (None, False, False, False, False, False, False, True, False),
    "leukemia": (BMP, True, False, False, True, True, False, False, False),
    "lymphoma": (BMP, True, False, False, True, True, False, False, False),
    "myeloma": (BMP, True, False, False, True, True, False, False, False),
    "myelodysplastic_syndrome": (BMP, True, False, False, True, True, False, False, False),
    "solid_cancer": (None, False, False, False, True, False, False, False, False),
}


@pytest.mark.parametrize(
    ("condition_id", "flags"),
    [pytest.param(cid, flags, id=cid) for cid, flags in EXPECTED_FLAGS.items()],
)
def test_condition_has_its_flags(condition_id, flags):
    condition = KNOWLEDGE.condition(condition_id)
    assert dict(zip(FLAG_NAMES, (getattr(condition, n) for n in FLAG_NAMES), strict=True)) == (
        dict(zip(FLAG_NAMES, flags, strict=True))
    )
    assert condition.synonyms, "every new condition has everyday words"


def test_only_treatments_are_systemic_and_only_conditions_on_treatment_are():
    systemic = {c.id for c in KNOWLEDGE.conditions if c.systemic}
    assert systemic == {"chemotherapy", "immunotherapy", "targeted_therapy"}
    assert all(c.on_chemotherapy for c in KNOWLEDGE.conditions if c.systemic)


def test_every_cancer_and_only_a_cancer_is_flagged_cancer():
    cancers = {c.id for c in KNOWLEDGE.conditions if c.cancer}
    blood = {"leukemia", "lymphoma", "myeloma", "myelodysplastic_syndrome"}
    assert cancers == {*blood, "solid_cancer"}


def test_solid_cancer_is_a_condition_now_not_an_other_condition():
    assert resolve_condition("breast cancer") == "solid_cancer"
    assert resolve_other_condition("breast cancer") is None
    assert "solid_cancer" not in {c.id for c in KNOWLEDGE.other_conditions}


def test_mds_is_its_own_condition_not_bone_marrow_failure():
    assert not {"mds", "myelodysplasia"} & {
        normalise_term(w) for w in KNOWLEDGE.condition("bone_marrow_failure").synonyms
    }


# "transplant" ---------------------------------------------------------------------------


@pytest.mark.parametrize(
    "word",
    [
        pytest.param("transplant", id="transplant"),
        pytest.param("a transplant", id="a-transplant"),
        pytest.param("transplant patient", id="transplant-patient"),
        pytest.param("transplant recipient", id="transplant-recipient"),
    ],
)
def test_transplant_alone_is_refused_suggesting_both_kinds(word):
    with pytest.raises(UnknownTerm) as raised:
        resolve_condition(word)
    assert set(raised.value.suggestions[:2]) == {"organ_transplant", "stem_cell_transplant"}


@pytest.mark.parametrize(
    ("word", "condition_id"),
    [
        pytest.param("bone marrow transplant", "stem_cell_transplant", id="bone-marrow"),
        pytest.param("stem cell transplant", "stem_cell_transplant", id="stem-cell"),
        pytest.param("allo transplant", "stem_cell_transplant", id="allo"),
        pytest.param("kidney transplant", "organ_transplant", id="kidney"),
        pytest.param("renal transplant", "organ_transplant", id="renal"),
        pytest.param("liver transplant", "organ_transplant", id="liver"),
    ],
)
def test_a_named_transplant_is_resolved(word, condition_id):
    assert resolve_condition(word) == condition_id


def test_every_transplant_word_is_a_stem_cell_or_organ_transplant():
    transplant_words = [
        (word, c.id)
        for c in KNOWLEDGE.conditions
        for word in (c.id, c.label, *c.synonyms)
        if "transplant" in normalise_term(word)
    ]
    assert {cid for _, cid in transplant_words} == {"stem_cell_transplant", "organ_transplant"}
    assert "transplant" not in {normalise_term(word) for word, _ in transplant_words}


def test_cancer_alone_is_refused_suggesting_a_blood_or_solid_cancer_or_treatment():
    # A blood cancer is neutropenia-prone and a solid one is not: asked, never guessed.
    with pytest.raises(UnknownTerm) as raised:
        resolve_condition("cancer")
    assert set(raised.value.suggestions) == {"chemotherapy", "leukemia", "solid_cancer"}


def test_a_line_alone_is_refused_suggesting_a_central_line():
    # "Line" could be many things; a central line puts a person at risk: suggested.
    assert suggest("line", "condition")[0] == "central_line"
    with pytest.raises(UnknownTerm):
        resolve_condition("line")


# Conditions said as history (§1 neutropenia-prone history, §7) ----------------------------


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        pytest.param("leukaemia in remission, treated 10 years ago",
                     ("leukemia", True, "in remission, treated 10 years ago"), id="spec-example"),
        pytest.param("leukaemia", ("leukemia", False, ""), id="plain"),
        pytest.param("history of breast cancer", ("solid_cancer", True, "history of"),
                     id="history-of"),
        pytest.param("leukaemia in remission", ("leukemia", True, "in remission"),
                     id="in-remission"),
        pytest.param("my leukaemia is in remission", ("leukemia", True, "in remission"),
                     id="is-in-remission"),
        pytest.param("lymphoma, treated years ago", ("lymphoma", True, "treated years ago"),
                     id="treated-years-ago"),
        pytest.param("past lymphoma", ("lymphoma", True, "past"), id="past"),
        pytest.param("previous myeloma", ("myeloma", True, "previous"), id="previous"),
        pytest.param("had leukaemia as a child", ("leukemia", True, "as a child"),
                     id="as-a-child"),
        pytest.param("AML years ago", ("leukemia", True, "years ago"), id="years-ago"),
        pytest.param("Hodgkin's lymphoma, cured", ("lymphoma", True, "cured"), id="cured"),
        pytest.param("MDS treated in 2015", ("myelodysplastic_syndrome", True, "treated in 2015"),
                     id="treated-in-a-year"),
        pytest.param("bowel cancer 5 years ago", ("solid_cancer", True, "5 years ago"),
                     id="n-years-ago"),
        pytest.param("stem cell transplant 3 years ago",
                     ("stem_cell_transplant", True, "3 years ago"), id="transplant-past-24-months"),
        pytest.param("chemo 3 months ago", ("chemotherapy", True, "3 months ago"),
                     id="chemo-past-six-weeks"),
        pytest.param("PICC line removed", ("central_line", True, "removed"), id="line-removed"),
    ],
)  # fmt: skip
def test_condition_said_as_history(text, expected):
    assert read_condition(text, today=TODAY) == ConditionReading(*expected)


@pytest.mark.parametrize(
    ("text", "expected"),
    [
        # §1: treated within 12 months (a blood cancer) or 24 months (a stem cell
        # transplant) still counts; so does a time that may fall inside that window.
        pytest.param("leukaemia in remission, treated 6 months ago",
                     ("leukemia", False, "in remission, treated 6 months ago"),
                     id="remission-within-12-months"),
        pytest.param("lymphoma, treated a year ago",
                     ("lymphoma", False, "treated a year ago"), id="one-year-is-inside"),
        pytest.param("leukaemia, finished treatment last year",
                     ("leukemia", False, "finished treatment last year"), id="last-year"),
        pytest.param("myeloma treated less than 2 years ago",
                     ("myeloma", False, "treated less than 2 years ago"), id="less-than"),
        pytest.param("stem cell transplant 2 years ago",
                     ("stem_cell_transplant", False, "2 years ago"),
                     id="transplant-within-24-months"),
        pytest.param("chemo 2 weeks ago", ("chemotherapy", False, "2 weeks ago"),
                     id="chemo-within-six-weeks"),
        # A time of diagnosis is when it began, not when it ended.
        pytest.param("diagnosed with leukaemia 10 years ago",
                     ("leukemia", False, "diagnosed with, 10 years ago"), id="diagnosed-long-ago"),
        pytest.param("CLL diagnosed 10 years ago",
                     ("leukemia", False, "diagnosed 10 years ago"), id="diagnosed-ago"),
        # Words that say it is active now win over words of the past.
        pytest.param("AML, not in remission", ("leukemia", False, "not in remission"),
                     id="not-in-remission"),
        pytest.param("lymphoma in partial remission", ("lymphoma", False, "in partial remission"),
                     id="partial-remission"),
        pytest.param("leukaemia, relapsed", ("leukemia", False, "relapsed"), id="relapsed"),
        pytest.param("myeloma since 2015", ("myeloma", False, "since 2015"), id="since"),
        pytest.param("previous leukaemia, now relapsed",
                     ("leukemia", False, "previous, now, relapsed"), id="past-then-relapsed"),
        # Anticancer treatment "previously", with no time: when it ended decides; unknown
        # counts (§1).
        pytest.param("previous chemo", ("chemotherapy", False, "previous"),
                     id="treatment-without-a-time"),
        # Lasting conditions count whatever is said of the past (§1 "always"; a transplanted
        # organ and its immunosuppression stay).
        pytest.param("kidney transplant 10 years ago",
                     ("organ_transplant", False, "10 years ago"), id="organ-transplant"),
        pytest.param("congenital neutropenia, as a child",
                     ("congenital_neutropenia", False, "as a child"), id="congenital"),
        pytest.param("past cyclic neutropenia", ("cyclic_neutropenia", False, "past"),
                     id="cyclic"),
        # "Removed" is history for a line only: a cancer removed may still be treated.
        pytest.param("bowel cancer removed", ("solid_cancer", False, "removed"),
                     id="cancer-removed"),
        # Filler words alone are not a qualifier.
        pytest.param("had leukaemia", ("leukemia", False, ""), id="had"),
    ],
)  # fmt: skip
def test_condition_that_still_counts(text, expected):
    assert read_condition(text, today=TODAY) == ConditionReading(*expected)


def test_a_year_said_is_dated_from_today():
    # Treated in 2026: within 12 months of any day of 2026 or 2027.
    assert read_condition("lymphoma treated in 2026", today=TODAY).history is False
    assert read_condition("lymphoma treated in 2026", today=date(2027, 12, 31)).history is False
    assert read_condition("lymphoma treated in 2026", today=date(2028, 1, 2)).history is True


def test_resolve_condition_gives_the_id_of_a_history_term():
    assert resolve_condition("leukaemia in remission, treated 10 years ago") == "leukemia"
    assert resolve_condition("history of breast cancer") == "solid_cancer"


@pytest.mark.parametrize(
    ("text", "suggested"),
    [
        pytest.param("lukemia in remission", "leukemia", id="misspelt-with-qualifier"),
        pytest.param("transplant 10 years ago", "organ_transplant", id="vague-with-qualifier"),
    ],
)
def test_unknown_condition_with_a_qualifier_is_refused_with_suggestions(text, suggested):
    with pytest.raises(UnknownTerm) as raised:
        read_condition(text)
    assert raised.value.term == text
    assert raised.value.kind == "condition"
    assert suggested in raised.value.suggestions


@pytest.mark.parametrize(
    "text",
    [
        pytest.param("in remission", id="qualifier-alone"),
        pytest.param("no leukaemia", id="negation-out-of-scope"),
        pytest.param("treated 10 years ago, and leukaemia", id="qualifier-of-another-item"),
    ],
)
def test_words_that_name_no_condition_are_refused(text):
    with pytest.raises(UnknownTerm) as raised:
        read_condition(text)
    assert raised.value.term == text


def test_unknown_words_without_qualifiers_are_refused_as_before():
    with pytest.raises(UnknownTerm) as raised:
        read_condition("lupas")
    assert str(raised.value) == (
        'unknown condition "lupas": did you mean lupus? (see `triage vocab`)'
    )


# Spellings that say "now" themselves ("active TB"): with a time long past they still count.
SAID_NOW = ("now", "currently", "being treated", "active")


def test_qualifier_words_never_eat_a_condition_word():
    # Each spelling still resolves to its own condition, and as history when said with a
    # time long past (lasting conditions, and spellings that say "now", excepted).
    for condition in KNOWLEDGE.conditions:
        for word in (condition.id, condition.label, *condition.synonyms):
            assert read_condition(word) == ConditionReading(condition.id, False, ""), word
            reading = read_condition(f"{word}, treated 10 years ago", today=TODAY)
            assert reading.id == condition.id, word
            said_now = any(now in normalise_term(word) for now in SAID_NOW)
            expected = condition.id not in LASTING_CONDITIONS and not said_now
            assert reading.history is expected, word


def test_lasting_conditions_exist():
    assert {c.id for c in KNOWLEDGE.conditions} >= LASTING_CONDITIONS
    assert {c.id for c in KNOWLEDGE.conditions if c.immunosuppressing} <= LASTING_CONDITIONS


def test_a_reading_is_frozen():
    reading = read_condition("leukaemia")
    with pytest.raises(dataclasses.FrozenInstanceError):
        reading.history = True  # type: ignore[misc]
