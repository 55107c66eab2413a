"""Reading medicine names as people write them (clinical-rules.md §6): exact names,
brands, dose and schedule text, small typos, combination products, and look-alike
names that must NOT be read as a lexicon drug."""

from __future__ import annotations

import dataclasses

import pytest

from triage.medications import (
    LOOKALIKES_NOT_IN_LEXICON,
    MedicationMatch,
    allowed_typos,
    match_medication,
    match_medications,
    name_index,
    name_key,
)

# (what was typed, generic found, how, lexicon spelling that matched)
RECOGNISED = [
    ("clozapine", "clozapine", "exact", "clozapine"),
    ("CLOZAPINE", "clozapine", "exact", "clozapine"),
    ("  Clozapine  ", "clozapine", "exact", "clozapine"),
    ("Tegretol", "carbamazepine", "brand", "Tegretol"),
    ("Tegretol 200 mg twice daily", "carbamazepine", "brand", "Tegretol"),
    ("Tegretol-XR 400mg", "carbamazepine", "brand", "Tegretol"),
    ("clozapine 100mg nightly", "clozapine", "exact", "clozapine"),
    ("Clozaril 300 mg at night", "clozapine", "brand", "Clozaril"),
    ("methotrexate 15 mg weekly", "methotrexate", "exact", "methotrexate"),
    ("MTX 20mg weekly", "methotrexate", "alias", "MTX"),
    ("amoxicillin 500 mg tablets tds", "amoxicillin", "exact", "amoxicillin"),
    ("Tapazole 10 mg daily", "methimazole", "brand", "Tapazole"),
    ("thiamazole", "methimazole", "alias", "thiamazole"),
    ("propylthiouracil 100mg", "propylthiouracil", "exact", "propylthiouracil"),
    ("PTU", "propylthiouracil", "alias", "PTU"),
    ("Ferriprox 1000 mg tds", "deferiprone", "brand", "Ferriprox"),
    ("Rituxan 375mg/m2", "rituximab", "brand", "Rituxan"),
    ("Depakote ER 500", "valproate", "brand", "Depakote"),
    ("valproic acid", "valproate", "alias", "valproic acid"),
    ("dipyrone", "metamizole", "alias", "dipyrone"),
    ("Keflex 500mg qid", "cephalexin", "brand", "Keflex"),
    ("cefazolin 1 g iv", "cefazolin", "exact", "cefazolin"),
    ("hydrochlorothiazide 25 mg", "hydrochlorothiazide", "exact", "hydrochlorothiazide"),
    ("HCTZ", "hydrochlorothiazide", "alias", "HCTZ"),
    ("penicillin", "penicillin G", "alias", "penicillin"),
    ("penicillin VK 250mg", "penicillin V", "alias", "penicillin VK"),
    ("6-MP", "mercaptopurine", "alias", "6-MP"),
    ("5-FU", "fluorouracil", "alias", "5-FU"),
    ("5FU", "fluorouracil", "alias", "5-FU"),
    ("Ara-C", "cytarabine", "alias", "Ara-C"),
    ("Tegretol (carbamazepine)", "carbamazepine", "brand", "Tegretol"),
    ("métamizole", "metamizole", "exact", "metamizole"),
]

# Combination products: one entry, every common spelling.
COMBINATIONS = [
    ("trimethoprim-sulfamethoxazole", "exact"),
    ("Trimethoprim/Sulfamethoxazole", "exact"),
    ("sulfamethoxazole-trimethoprim 800/160 bd", "alias"),
    ("TMP-SMX", "alias"),
    ("TMP/SMX", "alias"),
    ("tmp smx", "alias"),
    ("co-trimoxazole", "alias"),
    ("cotrimoxazole 960 mg", "alias"),
    ("Bactrim", "brand"),
    ("Bactrim DS", "brand"),
    ("Septra DS twice daily", "brand"),
]

# (typed with typos, generic it is read as)
TYPOS = [
    ("clozapene", "clozapine"),
    ("clozapin", "clozapine"),
    ("clozpaine", "clozapine"),  # two neighbours swapped count as one typo
    ("carbamazapine", "carbamazepine"),
    ("carbamezapine", "carbamazepine"),
    ("Tegretal 200 mg", "carbamazepine"),
    ("methimazol", "methimazole"),
    ("propylthiouricil", "propylthiouracil"),
    ("cyclophosphamid", "cyclophosphamide"),
    ("methotrexat 10 mg weekly", "methotrexate"),
    ("azathioprin", "azathioprine"),
    ("amoxicilin", "amoxicillin"),
    ("penicilin", "penicillin G"),
    ("cotrimoxazol", "trimethoprim-sulfamethoxazole"),
    ("trimethoprim sulfamethoxazol", "trimethoprim-sulfamethoxazole"),
    ("deferipron", "deferiprone"),
    ("Ferriprocks", None),  # three edits from Ferriprox: too far to guess
]

# Look-alike pairs: the first name is a different medicine and must not be read as the
# second. Where the first is in the lexicon it must be found as itself.
LOOKALIKE_PAIRS = [
    ("clonazepam", "clozapine"),
    ("olanzapine", "clozapine"),
    ("quetiapine", "quinine"),
    ("methadone", "methimazole"),
    ("metformin", "methimazole"),
    ("metolazone", "methimazole"),
    ("carbidopa", "carbimazole"),
    ("carbidopa/levodopa", "carbimazole"),
    ("oxcarbazepine", "carbamazepine"),
    ("lamivudine", "lamotrigine"),
    ("dapagliflozin", "dapsone"),
    ("doxepin", "digoxin"),
    ("digoxin", "doxepin"),
    ("hydroxyzine", "hydrochlorothiazide"),
    ("hydralazine", "hydrochlorothiazide"),
    ("prednisone", "procainamide"),
    ("prednisolone", "procainamide"),
    ("quinidine", "quinine"),
    ("sulfadiazine", "sulfasalazine"),
    ("chlorpropamide", "chlorpromazine"),
    ("clomiphene", "clomipramine"),
    ("cyclosporine", "cyclophosphamide"),
    ("daunorubicin", "doxorubicin"),
    ("vinblastine", "vincristine"),
    ("imipenem", "imipramine"),
    ("valacyclovir", "valganciclovir"),
    ("procarbazine", "dacarbazine"),
    ("penicillamine", "penicillin G"),
    ("azacitidine", "azathioprine"),
    ("trimipramine", "imipramine"),
    ("protriptyline", "nortriptyline"),
    ("ceftaroline", "cefazolin"),
    ("Lamisil", "lamotrigine"),
    ("mesalamine", "melphalan"),
]

# Common medicines that are not in the lexicon: never recognised, never guessed.
NOT_IN_LEXICON = [
    "atorvastatin", "levothyroxine", "metformin", "amlodipine", "metoprolol", "albuterol",
    "omeprazole", "losartan", "gabapentin", "sertraline", "simvastatin", "montelukast",
    "escitalopram", "rosuvastatin", "bupropion", "pantoprazole", "trazodone", "fluoxetine",
    "carvedilol", "duloxetine", "meloxicam", "clopidogrel", "tramadol", "venlafaxine",
    "alprazolam", "zolpidem", "warfarin", "apixaban", "atenolol", "glipizide", "allopurinol",
    "oxycodone", "lorazepam", "ondansetron", "loratadine", "cetirizine", "famotidine",
    "diazepam", "topiramate", "aripiprazole", "risperidone", "paroxetine", "valsartan",
    "diltiazem", "verapamil", "nifedipine", "doxycycline", "ciprofloxacin", "levofloxacin",
    "nitrofurantoin", "metronidazole", "clindamycin", "fluconazole", "acyclovir",
    "dexamethasone", "hydroxychloroquine", "leflunomide", "mycophenolate", "tacrolimus",
    "filgrastim", "pegfilgrastim", "enoxaparin", "aspirin", "acetaminophen", "paracetamol",
    "naproxen", "morphine", "levetiracetam", "haloperidol", "lithium", "promethazine",
    "metoclopramide", "loperamide", "esomeprazole", "amiodarone", "terbinafine",
    "meropenem", "gentamicin", "tenofovir", "isoniazid", "rifampicin", "hydroxyurea",
    "vitamin D", "insulin glargine", "St John's wort", "multivitamin",
]  # fmt: skip


def generic(match: MedicationMatch) -> str | None:
    return match.drug.generic if match.drug else None


@pytest.mark.parametrize(
    ("text", "expected", "how", "spelling"),
    [pytest.param(*row, id=row[0].strip()) for row in RECOGNISED],
)
def test_names_brands_and_dose_text_are_recognised(text, expected, how, spelling):
    match = match_medication(text)
    assert (generic(match), match.how, match.matched_name, match.score) == (
        expected,
        how,
        spelling,
        100.0,
    )
    assert match.text == text


@pytest.mark.parametrize(("text", "how"), [pytest.param(*row, id=row[0]) for row in COMBINATIONS])
def test_combination_products_are_one_drug(text, how):
    match = match_medication(text)
    assert (generic(match), match.how) == ("trimethoprim-sulfamethoxazole", how)
    assert match.drug is not None
    assert match.drug.drug_class == "antibiotic"


@pytest.mark.parametrize(("text", "expected"), [pytest.param(*row, id=row[0]) for row in TYPOS])
def test_small_typos_are_read_as_the_drug_and_flagged_fuzzy(text, expected):
    match = match_medication(text)
    assert generic(match) == expected
    if expected is None:
        assert (match.how, match.matched_name, match.score) == ("none", None, 0.0)
    else:
        assert match.how == "fuzzy"
        assert 75.0 <= match.score < 100.0


@pytest.mark.parametrize(
    ("text", "not_this"),
    [pytest.param(*row, id=f"{row[0]}-is-not-{row[1]}") for row in LOOKALIKE_PAIRS],
)
def test_lookalike_names_are_not_confused(text, not_this):
    match = match_medication(text)
    assert generic(match) != not_this
    if match.drug is not None:  # a look-alike that is itself in the lexicon
        assert match.how == "exact"
        assert name_key(match.drug.generic) == name_key(text)


@pytest.mark.parametrize("text", NOT_IN_LEXICON)
def test_common_medicines_outside_the_lexicon_are_unrecognised_not_guessed(text):
    match = match_medication(text)
    assert (match.drug, match.how, match.matched_name, match.score) == (None, "none", None, 0.0)
    assert match.text == text


@pytest.mark.parametrize(
    ("text", "reason"),
    [
        pytest.param("ampxicillin", "1 typo from amoxicillin and ampicillin", id="two-in-reach"),
        pytest.param("penicilin v", "near penicillin G and penicillin V", id="two-penicillins"),
        pytest.param("PTX", "short names are never guessed", id="short-name"),
        pytest.param("Lasiks", "Lasix is short: one typo only", id="short-brand-two-typos"),
        pytest.param("lozapine", "the first letter must match", id="first-letter-differs"),
        pytest.param("200 mg twice daily", "dose text alone names no drug", id="dose-only"),
        pytest.param("tablets", "form words are never guessed as names", id="form-word"),
        pytest.param("", "empty text", id="empty"),
    ],
)  # fmt: skip
def test_no_guess_when_in_doubt(text, reason):
    assert match_medication(text).drug is None, reason


def test_typo_guess_is_refused_when_a_lookalike_outside_the_lexicon_is_as_close():
    # "chlorpromamide" is two typos from chlorpromazine (in reach) but one from
    # chlorpropamide, a diabetes medicine that is not in the lexicon.
    assert match_medication("chlorpromamide").drug is None
    assert generic(match_medication("chlorpromazin")) == "chlorpromazine"


def test_match_medications_keeps_every_name_in_order_including_unrecognised():
    texts = ["Tegretol 200 mg", "vitamin D", "clozapene", "olanzapine"]
    matches = match_medications(texts)
    assert [m.text for m in matches] == texts
    assert [generic(m) for m in matches] == ["carbamazepine", None, "clozapine", None]
    assert [m.how for m in matches] == ["brand", "none", "fuzzy", "none"]


def test_match_is_frozen():
    match = match_medication("clozapine")
    with pytest.raises(dataclasses.FrozenInstanceError):
        match.how = "none"  # type: ignore[misc]


def test_longest_name_wins_over_a_shorter_one_inside_it():
    assert generic(match_medication("amoxicillin-clavulanate 625 mg")) == "amoxicillin-clavulanate"
    assert generic(match_medication("amoxicillin 625 mg")) == "amoxicillin"
    assert match_medication("Bactrim DS").matched_name == "Bactrim DS"


@pytest.mark.parametrize(
    ("spelling", "typos"),
    [("PTU", 0), ("Lasix", 1), ("Keflex", 1), ("digoxin", 1), ("Tegretol", 2), ("clozapine", 2)],
)
def test_typo_allowance_grows_with_name_length(spelling, typos):
    assert allowed_typos(name_key(spelling)) == typos


def test_lookalike_guard_names_are_not_in_the_lexicon():
    assert [n for n in LOOKALIKES_NOT_IN_LEXICON if name_key(n) in name_index()] == []


ENTRIES_NAMING_SEVERAL = [
    pytest.param("Bactrim and clozapine", ["trimethoprim-sulfamethoxazole", "clozapine"], id="and"),
    pytest.param("clozapine, lithium", ["clozapine", None], id="comma-keeps-unrecognised"),
    pytest.param("methotrexate + folic acid", ["methotrexate", None], id="plus"),
    pytest.param(
        "amoxicillin and clavulanate", ["amoxicillin-clavulanate"], id="and-inside-a-name"
    ),
    pytest.param(
        "amoxicillin and clavulanate 625 mg with clozapine",
        ["amoxicillin-clavulanate", "clozapine"],
        id="combination-name-then-another",
    ),
    pytest.param("Tegretol 200 mg twice daily", ["carbamazepine"], id="one-name-with-dose"),
]


@pytest.mark.parametrize(("entry", "generics"), ENTRIES_NAMING_SEVERAL)
def test_an_entry_naming_several_medicines_loses_none(entry, generics):
    from triage.medications import match_medication_entry

    found = [m.drug.generic if m.drug else None for m in match_medication_entry(entry)]
    assert found == generics


def test_a_second_medicine_in_one_entry_still_triggers_its_rule():
    import triage

    result = triage.assess(
        {"anc": 800, "anc_unit": "cells/uL", "medications": ["Bactrim and clozapine"]}
    )
    assert result.triage == "urgent"
    assert "U6" in {item.rule for item in result.explanation}
