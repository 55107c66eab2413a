"""Reading medicine names as people write them (clinical-rules.md §6): exact names,
brands, dose and schedule text, medicines as a pharmacy prints them, small typos,
combination products, route words of local forms, and look-alike names that must NOT be
read as a lexicon drug. The flags each drug carries are checked in
tests/test_lexicon_flags.py."""

from __future__ import annotations

import dataclasses

import pytest

from triage.medications import (
    DOSE_FORM_SCHEDULE_WORDS,
    LOCAL_ROUTE_WORDS,
    LOOKALIKES_NOT_IN_LEXICON,
    MedicationMatch,
    allowed_typos,
    local_route,
    match_medication,
    match_medication_entry,
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
    # Added in the clinical revision (clinical-rules §6, rev.).
    ("dexamethasone 8 mg daily", "dexamethasone", "exact", "dexamethasone"),
    ("leflunomide 20mg", "leflunomide", "exact", "leflunomide"),
    ("mycophenolate mofetil 1 g bd", "mycophenolate", "alias", "mycophenolate mofetil"),
    ("tacrolimus 2 mg bd", "tacrolimus", "exact", "tacrolimus"),
    ("hydroxyurea 500 mg", "hydroxycarbamide", "alias", "hydroxyurea"),
    ("cyclosporine", "ciclosporin", "alias", "cyclosporine"),
    ("Xeloda 1500mg bd days 1-14", "capecitabine", "brand", "Xeloda"),
    ("Keytruda every 3 weeks", "pembrolizumab", "brand", "Keytruda"),
    ("Verzenios 150 mg", "abemaciclib", "brand", "Verzenios"),
    ("trastuzumab deruxtecan", "trastuzumab deruxtecan", "exact", "trastuzumab deruxtecan"),
    ("trastuzumab", "trastuzumab", "exact", "trastuzumab"),
    ("Solu-Medrol 1 g iv", "methylprednisolone", "brand", "Solu-Medrol"),
    ("pred 40mg", "prednisolone", "alias", "pred"),
    ("Pred Forte 1% eye drops", "prednisolone eye drops", "brand", "Pred Forte"),
    ("betamethasone valerate 0.1% cream", "betamethasone valerate", "exact",
     "betamethasone valerate"),
    ("Zoladex 3.6 mg implant", "goserelin", "brand", "Zoladex"),
    ("leuprolide", "leuprorelin", "alias", "leuprolide"),
]  # fmt: skip

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
    # Names added in the clinical revision and their look-alikes.
    ("prednisone", "prednisolone"),
    ("prednisolone", "prednisone"),
    ("clobetasol", "clobetasone"),
    ("clobetasone", "clobetasol"),
    ("voclosporin", "ciclosporin"),
    ("temsirolimus", "sirolimus"),
    ("omalizumab", "ocrelizumab"),
    ("dupilumab", "durvalumab"),
    ("mepolizumab", "natalizumab"),
    ("ruxolitinib", "ribociclib"),
    ("thalidomide", "lenalidomide"),
    ("hydroxychloroquine", "hydroxycarbamide"),
    ("fludrocortisone", "hydrocortisone"),
    ("fluticasone", "fluconazole"),
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
    "hydroxychloroquine", "filgrastim", "pegfilgrastim", "enoxaparin", "aspirin",
    "acetaminophen", "paracetamol",
    "naproxen", "morphine", "levetiracetam", "haloperidol", "lithium", "promethazine",
    "metoclopramide", "loperamide", "esomeprazole", "amiodarone", "terbinafine",
    "meropenem", "gentamicin", "tenofovir", "isoniazid", "rifampicin",
    "dupilumab", "omalizumab", "mepolizumab", "ustekinumab", "vedolizumab", "pimecrolimus",
    "voclosporin", "ruxolitinib", "salmeterol", "formoterol", "tiotropium", "fludrocortisone",
    "medroxyprogesterone", "megestrol", "vitamin D", "insulin glargine", "St John's wort",
    "multivitamin",
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
        assert match.how in ("exact", "brand", "alias")
        assert match.matched_name is not None
        assert name_key(match.matched_name) == name_key(text)


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


# --------------------------------------------------------------------------------------
# Medicines as a pharmacy prints them (clinical-rules §6: "ignoring dose and schedule
# text"): doses and form words between the parts of one medicine, and form words after
# a comma, still make one medicine.

# (entry as printed, the generics it names, in order)
PHARMACY_PRINTS = [
    pytest.param(
        "sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet",
        ["trimethoprim-sulfamethoxazole"],
        id="rxnorm-co-trimoxazole-one-medicine",
    ),
    pytest.param(
        "trimethoprim 160 MG / sulfamethoxazole 800 MG Oral Tablet [Bactrim DS]",
        ["trimethoprim-sulfamethoxazole"],
        id="rxnorm-co-trimoxazole-with-brand",
    ),
    pytest.param("Myleran 2mg tablet, film coated", ["busulfan"], id="myleran-film-coated"),
    pytest.param(
        "Myleran 2 mg film-coated tablets, once daily", ["busulfan"], id="myleran-once-daily"
    ),
    pytest.param("Tegretol 200 mg twice daily", ["carbamazepine"], id="tegretol-dose-text"),
    pytest.param(
        "amoxicillin 500 MG / clavulanate 125 MG Oral Tablet",
        ["amoxicillin-clavulanate"],
        id="combination-wins-over-its-first-part",
    ),
    pytest.param(
        "budesonide 160 MCG / formoterol 4.5 MCG/ACTUAT Metered Dose Inhaler",
        ["budesonide-formoterol"],
        id="combination-inhaler",
    ),
    pytest.param(
        "trifluridine 15 MG / tipiracil 6.14 MG Oral Tablet [Lonsurf]",
        ["trifluridine-tipiracil"],
        id="lonsurf-printed",
    ),
    pytest.param(
        "24 HR tacrolimus 4 MG Extended Release Oral Tablet [Envarsus]",
        ["tacrolimus"],
        id="extended-release-with-brand",
    ),
    pytest.param(
        "capecitabine 500 MG Oral Tablet, film coated", ["capecitabine"], id="capecitabine"
    ),
    pytest.param(
        "methotrexate 2.5 mg tablets, gastro-resistant", ["methotrexate"], id="gastro-resistant"
    ),
    pytest.param("imatinib mesylate 400 MG Oral Tablet", ["imatinib"], id="salt-name-is-dose-text"),
    pytest.param(
        "clozapine 100 mg and amoxicillin 500 MG / clavulanate 125 MG",
        ["clozapine", "amoxicillin-clavulanate"],
        id="another-medicine-first-keeps-order",
    ),
    pytest.param(
        "sulfamethoxazole 800 MG / trimethoprim 160 MG, clozapine 25 mg",
        ["trimethoprim-sulfamethoxazole", "clozapine"],
        id="printed-combination-then-another",
    ),
    pytest.param(
        "clozapine 100 mg / lithium 400 mg",
        ["clozapine", None],
        id="two-medicines-with-a-slash-stay-two",
    ),
]


@pytest.mark.parametrize(("entry", "generics"), PHARMACY_PRINTS)
def test_medicines_as_a_pharmacy_prints_them_are_found(entry, generics):
    found = [m.drug.generic if m.drug else None for m in match_medication_entry(entry)]
    assert found == generics


def test_a_printed_combination_keeps_the_words_that_name_it_as_its_text():
    (first, second) = match_medication_entry(
        "sulfamethoxazole 800 MG / trimethoprim 160 MG, clozapine 25 mg"
    )
    assert first.text == "sulfamethoxazole 800 MG / trimethoprim 160 MG"
    assert second.text == "clozapine 25 mg"


def test_the_pharmacy_reading_never_beats_a_longer_name_as_written():
    # "Bactrim DS" is a name of two words as written; without the dose word "DS" it would
    # be "Bactrim": the name as written is kept.
    assert match_medication("Bactrim DS 800/160").matched_name == "Bactrim DS"
    assert match_medication("penicillin G 1.2 g").matched_name == "penicillin G"


# --------------------------------------------------------------------------------------
# Route words (clinical-rules §6): a steroid named with a route word of a local form
# (cream, inhaler, eye drops, joint injection ...) never counts as a steroid tablet.

# (text, local_route)
ROUTES = [
    ("prednisolone eye drops", True),
    ("hydrocortisone cream 1%", True),
    ("prednisolone 5 mg tablets", False),
    ("prednisolone 40 mg", False),
    ("hydrocortisone 1% ointment twice daily", True),
    ("betamethasone gel", True),
    ("hydrocortisone lotion", True),
    ("beclometasone inhaler 2 puffs bd", True),
    ("budesonide 200 micrograms 2 puffs", True),
    ("Pulmicort nebules", True),
    ("budesonide via nebuliser", True),
    ("fluticasone nasal spray", True),
    ("dexamethasone ear drops", True),
    ("hydrocortisone rectal foam", True),
    ("prednisolone enema", True),
    ("hydrocortisone joint injection", True),
    ("Kenalog injection into the knee", True),
    ("methylprednisolone injection into the shoulder joint", True),
    ("triamcinolone intra-articular", True),
    ("fluticasone for oral inhalation", True),
    ("Pred Forte 1% ophthalmic suspension", True),
    # A form by mouth or an injection elsewhere beside the route word: it counts.
    ("prednisolone oral drops", False),
    ("Kenalog 40 mg IM injection", False),
    ("Kenalog injection in the shoulder", False),
    ("Depo-Medrone 120 mg injection", False),
    ("prednisolone soluble tablets as a mouthwash", False),
    ("dexamethasone 4 mg tablets or eye drops", False),
    # Words that name a place, not a route.
    ("prednisolone for nasal polyps", False),
    ("prednisolone for thyroid eye disease", False),
    ("prednisolone for pain in my knee", False),
    ("dexamethasone 8mg iv", False),
    ("fentanyl patch", False),
]


@pytest.mark.parametrize(("text", "local"), [pytest.param(*row, id=row[0]) for row in ROUTES])
def test_route_words_of_a_local_form_are_read(text, local):
    match = match_medication(text)
    assert match.local_route is local
    assert local_route(text) is local


def test_route_words_are_read_whatever_was_matched():
    assert match_medication("vitamin D cream").local_route is True
    assert match_medication("vitamin D cream").drug is None
    assert match_medication("clozapine").local_route is False


def test_each_medicine_of_an_entry_has_its_own_route():
    found = match_medication_entry("hydrocortisone cream and prednisolone 5 mg tablets")
    assert [(m.drug.generic if m.drug else None, m.local_route) for m in found] == [
        ("hydrocortisone", True),
        ("prednisolone", False),
    ]


@pytest.mark.parametrize("word", sorted(LOCAL_ROUTE_WORDS))
def test_route_words_are_never_guessed_as_a_drug(word):
    assert word in DOSE_FORM_SCHEDULE_WORDS
    for text in (word, word.capitalize(), f"{word} twice daily"):
        match = match_medication(text)
        assert (match.drug, match.how) == (None, "none"), text


@pytest.mark.parametrize(
    "text",
    [
        "nebulizer", "nebulisers", "intra-articular", "eye drops", "ear drops", "nasal spray",
        "rectal foam", "film coated", "gastro-resistant", "prefilled syringe",
        "Metered Dose Inhaler", "scalp application",
    ],
)  # fmt: skip
def test_form_and_route_phrases_alone_name_no_drug(text):
    assert match_medication(text).drug is None
    assert match_medication_entry(text) == [match_medication(text)]


# --------------------------------------------------------------------------------------
# Class words are not names (clinical-rules §6: "a class word ('biologic') is not a
# match"): they are kept as not recognised.
@pytest.mark.parametrize(
    "text",
    ["biologic", "biologics", "a biologic injection", "steroids", "steroid cream", "chemo",
     "immunotherapy", "hormone therapy", "immunosuppressant", "DMARD"],
)  # fmt: skip
def test_class_words_are_not_read_as_a_medicine(text):
    match = match_medication(text)
    assert (match.drug, match.how) == (None, "none")
