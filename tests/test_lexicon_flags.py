"""The triage flags of the medication lexicon (clinical-rules.md §6, rev.): every drug §6
names is found by its generic name and by a brand, with its class and exactly the flags
the rules read (anticancer, immunosuppressant, dual use, steroid, local form, an
agranulocytosis warning and its advice); hormone therapy and bone agents carry none;
local forms of steroids carry only ``local_form``; and the flags hang together."""

from __future__ import annotations

import pytest

from triage.knowledge import Drug, load_knowledge
from triage.medications import match_medication

KNOWLEDGE = load_knowledge()

AC = frozenset({"anticancer"})
IS = frozenset({"immunosuppressant"})
DUAL = frozenset({"anticancer", "immunosuppressant", "dual_use"})
STEROID = frozenset({"steroid"})
LOCAL = frozenset({"local_form"})
WARNING = frozenset({"agranulocytosis_warning"})
NONE: frozenset[str] = frozenset()
FLAGS = ("anticancer", "immunosuppressant", "dual_use", "steroid", "local_form")
FLAGS_AND_WARNING = (*FLAGS, "agranulocytosis_warning")


def flags_of(drug: Drug) -> frozenset[str]:
    return frozenset(flag for flag in FLAGS_AND_WARNING if getattr(drug, flag))


def found(name: str) -> Drug:
    match = match_medication(name)
    assert match.drug is not None, f"{name!r} is not recognised"
    assert match.how in ("exact", "brand", "alias"), f"{name!r} was only guessed"
    return match.drug


# (generic, names that must find it: brands and aliases, class, flags, warning advice)
SPEC_FLAGGED = [
    # Chemotherapy, oral ones included.
    ("cyclophosphamide", ["Cytoxan", "Endoxan"], "chemotherapy", DUAL, None),
    ("doxorubicin", ["Adriamycin"], "chemotherapy", AC, None),
    ("paclitaxel", ["Taxol"], "chemotherapy", AC, None),
    ("docetaxel", ["Taxotere"], "chemotherapy", AC, None),
    ("carboplatin", ["Paraplatin"], "chemotherapy", AC, None),
    ("cisplatin", ["Platinol"], "chemotherapy", AC, None),
    ("etoposide", ["VePesid", "VP-16"], "chemotherapy", AC, None),
    ("gemcitabine", ["Gemzar"], "chemotherapy", AC, None),
    ("vinorelbine", ["Navelbine"], "chemotherapy", AC, None),
    ("fluorouracil", ["Adrucil", "5-FU"], "chemotherapy", AC, None),
    ("cytarabine", ["Cytosar-U", "Ara-C"], "chemotherapy", AC, None),
    ("methotrexate", ["Trexall", "Metoject", "MTX"], "chemotherapy", DUAL | WARNING,
     "ask_prescriber"),
    ("capecitabine", ["Xeloda"], "chemotherapy", AC, None),
    ("temozolomide", ["Temodal", "Temodar"], "chemotherapy", AC, None),
    ("thioguanine", ["Lanvis", "Tabloid", "tioguanine"], "chemotherapy", DUAL, None),
    ("trifluridine-tipiracil", ["Lonsurf", "trifluridine/tipiracil"], "chemotherapy", AC,
     None),
    ("chlorambucil", ["Leukeran"], "chemotherapy", AC, None),
    ("busulfan", ["Myleran", "Busulfex"], "chemotherapy", AC, None),
    ("azacitidine", ["Vidaza", "Onureg"], "chemotherapy", AC, None),
    ("hydroxycarbamide", ["Hydrea", "hydroxyurea"], "chemotherapy", DUAL | WARNING,
     "ask_prescriber"),
    # Immunotherapy.
    ("pembrolizumab", ["Keytruda"], "targeted_or_immunotherapy", AC, None),
    ("nivolumab", ["Opdivo"], "targeted_or_immunotherapy", AC, None),
    ("atezolizumab", ["Tecentriq"], "targeted_or_immunotherapy", AC, None),
    ("durvalumab", ["Imfinzi"], "targeted_or_immunotherapy", AC, None),
    ("ipilimumab", ["Yervoy"], "targeted_or_immunotherapy", AC, None),
    ("blinatumomab", ["Blincyto"], "targeted_or_immunotherapy", AC, None),
    # Targeted therapy.
    ("palbociclib", ["Ibrance"], "targeted_or_immunotherapy", AC, None),
    ("ribociclib", ["Kisqali"], "targeted_or_immunotherapy", AC, None),
    ("abemaciclib", ["Verzenio", "Verzenios"], "targeted_or_immunotherapy", AC, None),
    ("olaparib", ["Lynparza"], "targeted_or_immunotherapy", AC, None),
    ("niraparib", ["Zejula"], "targeted_or_immunotherapy", AC, None),
    ("lenalidomide", ["Revlimid"], "targeted_or_immunotherapy", AC, None),
    ("pomalidomide", ["Imnovid", "Pomalyst"], "targeted_or_immunotherapy", AC, None),
    ("ibrutinib", ["Imbruvica"], "targeted_or_immunotherapy", AC, None),
    ("venetoclax", ["Venclexta", "Venclyxto"], "targeted_or_immunotherapy", AC, None),
    ("imatinib", ["Glivec", "Gleevec"], "targeted_or_immunotherapy", AC, None),
    # Antibody-drug conjugates.
    ("trastuzumab deruxtecan", ["Enhertu"], "targeted_or_immunotherapy", AC, None),
    ("sacituzumab govitecan", ["Trodelvy"], "targeted_or_immunotherapy", AC, None),
    ("brentuximab vedotin", ["Adcetris"], "targeted_or_immunotherapy", AC, None),
    # Dual use beside chemotherapy.
    ("mercaptopurine", ["Purixan", "Purinethol", "6-MP"], "other", DUAL | WARNING,
     "ask_prescriber"),
    ("azathioprine", ["Imuran", "Azasan"], "other", DUAL | WARNING, "ask_prescriber"),
    ("rituximab", ["Rituxan", "MabThera", "Truxima"], "other", DUAL, None),
    # Immunosuppressants.
    ("mycophenolate", ["CellCept", "Myfortic", "mycophenolate mofetil", "mycophenolic acid"],
     "immunosuppressant", IS | WARNING, "ask_prescriber"),
    ("tacrolimus", ["Prograf", "Advagraf", "Envarsus"], "immunosuppressant", IS, None),
    ("ciclosporin", ["cyclosporine", "Neoral", "Sandimmune"], "immunosuppressant", IS, None),
    ("sirolimus", ["Rapamune"], "immunosuppressant", IS, None),
    ("everolimus", ["Afinitor", "Certican", "Zortress"], "targeted_or_immunotherapy", DUAL,
     None),
    ("leflunomide", ["Arava"], "immunosuppressant", IS | WARNING, "ask_prescriber"),
    ("teriflunomide", ["Aubagio"], "immunosuppressant", IS, None),
    ("infliximab", ["Remicade", "Inflectra"], "immunosuppressant", IS, None),
    ("adalimumab", ["Humira", "Amgevita"], "immunosuppressant", IS, None),
    ("etanercept", ["Enbrel", "Benepali"], "immunosuppressant", IS, None),
    ("certolizumab", ["Cimzia"], "immunosuppressant", IS, None),
    ("golimumab", ["Simponi"], "immunosuppressant", IS, None),
    ("tocilizumab", ["RoActemra", "Actemra"], "immunosuppressant", IS, None),
    ("abatacept", ["Orencia"], "immunosuppressant", IS, None),
    ("tofacitinib", ["Xeljanz"], "immunosuppressant", IS, None),
    ("baricitinib", ["Olumiant"], "immunosuppressant", IS, None),
    ("upadacitinib", ["Rinvoq"], "immunosuppressant", IS, None),
    ("ocrelizumab", ["Ocrevus"], "immunosuppressant", IS, None),
    ("ofatumumab", ["Kesimpta", "Arzerra"], "immunosuppressant", DUAL, None),
    ("natalizumab", ["Tysabri"], "immunosuppressant", IS, None),
    ("fingolimod", ["Gilenya"], "immunosuppressant", IS, None),
    ("siponimod", ["Mayzent"], "immunosuppressant", IS, None),
    ("cladribine", ["Mavenclad", "Litak"], "immunosuppressant", DUAL, None),
    ("alemtuzumab", ["Lemtrada", "Campath"], "immunosuppressant", DUAL, None),
    # Corticosteroids by mouth or injection.
    ("prednisolone", ["Deltacortril", "pred"], "corticosteroid", STEROID, None),
    ("prednisone", ["Deltasone", "Rayos"], "corticosteroid", STEROID, None),
    ("dexamethasone", ["Decadron"], "corticosteroid", STEROID, None),
    ("methylprednisolone", ["Medrol", "Solu-Medrol", "Depo-Medrone"], "corticosteroid",
     STEROID, None),
    ("hydrocortisone", ["Solu-Cortef", "Cortef"], "corticosteroid", STEROID, None),
    # Agranulocytosis warning (U8).
    ("clozapine", ["Clozaril", "Versacloz"], "psychiatric", WARNING, "clozapine"),
    ("deferiprone", ["Ferriprox"], "other", WARNING, "hold_next_dose"),
    ("methimazole", ["Tapazole", "thiamazole"], "antithyroid", WARNING, "hold_next_dose"),
    ("carbimazole", ["Neo-Mercazole"], "antithyroid", WARNING, "hold_next_dose"),
    ("propylthiouracil", ["PTU"], "antithyroid", WARNING, "hold_next_dose"),
    ("sulfasalazine", ["Salazopyrin", "Azulfidine"], "other", WARNING, "hold_next_dose"),
    ("metamizole", ["dipyrone", "Novalgin", "Metalgin"], "other", WARNING, "hold_next_dose"),
]  # fmt: skip


@pytest.mark.parametrize(
    ("generic", "names", "drug_class", "flags", "advice"),
    [pytest.param(*row, id=row[0]) for row in SPEC_FLAGGED],
)
def test_every_spec_drug_has_its_class_and_exactly_its_flags(
    generic, names, drug_class, flags, advice
):
    drug = found(generic)
    assert drug.generic == generic
    for name in names:
        assert found(name) == drug, name
    assert (drug.drug_class, flags_of(drug), drug.warning_advice) == (drug_class, flags, advice)


# Endocrine (hormone) therapy and bone agents: class endocrine_therapy, no flag
# (clinical-rules §6: they do not make anyone "recently treated").
ENDOCRINE = [
    ("tamoxifen", ["Nolvadex"]),
    ("anastrozole", ["Arimidex"]),
    ("letrozole", ["Femara"]),
    ("exemestane", ["Aromasin"]),
    ("fulvestrant", ["Faslodex"]),
    ("goserelin", ["Zoladex"]),
    ("leuprorelin", ["leuprolide", "Lupron", "Prostap"]),
    ("triptorelin", ["Decapeptyl"]),
    ("bicalutamide", ["Casodex"]),
    ("enzalutamide", ["Xtandi"]),
    ("apalutamide", ["Erleada"]),
    ("darolutamide", ["Nubeqa"]),
    ("abiraterone", ["Zytiga"]),
    ("zoledronic acid", ["Zometa"]),
    ("denosumab", ["Xgeva", "Prolia"]),
]


@pytest.mark.parametrize(("generic", "names"), [pytest.param(*row, id=row[0]) for row in ENDOCRINE])
def test_hormone_therapy_and_bone_agents_carry_no_flag(generic, names):
    drug = found(generic)
    assert drug.generic == generic
    for name in names:
        assert found(name) == drug, name
    assert (drug.drug_class, flags_of(drug), drug.warning_advice) == (
        "endocrine_therapy",
        NONE,
        None,
    )


# Names that are only ever a local form of a steroid (inhaled, nasal, skin, eye): flag
# local_form and nothing else (clinical-rules §6: "a brand that is such a form ... never
# counts").
LOCAL_FORMS = [
    "Fostair", "Symbicort", "Seretide", "Advair", "Clenil", "Qvar", "Flixotide", "Pulmicort",
    "Relvar", "Trimbow", "beclometasone", "beclomethasone", "fluticasone", "mometasone",
    "Nasonex", "Flonase", "Avamys", "Rhinocort", "Nasacort", "Betnovate", "Dermovate",
    "Eumovate", "Elocon", "clobetasol", "betamethasone valerate", "Daktacort", "Pred Forte",
    "prednisolone eye drops", "Maxidex", "FML", "budesonide inhaler", "budesonide/formoterol",
    "fluticasone/salmeterol",
]  # fmt: skip


@pytest.mark.parametrize("name", LOCAL_FORMS)
def test_local_forms_of_steroids_carry_only_local_form(name):
    drug = found(name)
    assert (drug.drug_class, flags_of(drug), drug.warning_advice) == (
        "corticosteroid",
        LOCAL,
        None,
    )


@pytest.mark.parametrize(
    ("text", "generic"),
    [
        pytest.param("Pred Forte", "prednisolone eye drops", id="pred-forte-not-pred"),
        pytest.param("prednisolone", "prednisolone", id="prednisolone-tablets"),
        pytest.param("budesonide", "budesonide", id="budesonide-capsules"),
        pytest.param("budesonide inhaler", "inhaled budesonide", id="budesonide-inhaler"),
        pytest.param("betamethasone", "betamethasone", id="betamethasone-tablets"),
        pytest.param(
            "betamethasone valerate cream", "betamethasone valerate", id="betamethasone-cream"
        ),
    ],
)
def test_a_steroid_and_its_local_forms_are_different_entries(text, generic):
    assert found(text).generic == generic


# clinical-rules §6: "many biologics do not suppress immunity (dupilumab, omalizumab,
# mepolizumab, denosumab)", and a class word is not a match.
@pytest.mark.parametrize(
    "text", ["dupilumab", "Dupixent", "omalizumab", "Xolair", "mepolizumab", "Nucala",
             "denosumab", "Prolia", "biologic", "biologics", "biologic injection"],
)  # fmt: skip
def test_biologics_that_do_not_suppress_immunity_and_class_words_carry_no_flag(text):
    drug = match_medication(text).drug
    assert drug is None or flags_of(drug) == NONE


# --------------------------------------------------------------------------------------
# The flags hang together, for every drug in the lexicon (including those beyond §6).

DRUGS = [pytest.param(drug, id=drug.generic) for drug in KNOWLEDGE.drugs]
ANTICANCER_CLASSES = ("chemotherapy", "targeted_or_immunotherapy")


@pytest.mark.parametrize("drug", DRUGS)
def test_flags_hang_together(drug):
    if drug.dual_use:
        assert drug.anticancer and drug.immunosuppressant
    elif drug.anticancer:
        assert drug.drug_class in ANTICANCER_CLASSES and not drug.immunosuppressant
    if drug.drug_class in ANTICANCER_CLASSES:
        assert drug.anticancer, "every chemotherapy and targeted drug is anticancer"
    if drug.drug_class == "immunosuppressant":
        assert drug.immunosuppressant
    if drug.steroid or drug.local_form:
        assert drug.drug_class == "corticosteroid"
        assert flags_of(drug) in (STEROID, LOCAL)
    if drug.drug_class == "corticosteroid":
        assert drug.steroid != drug.local_form, "a steroid is by mouth or local, not both"
    if drug.drug_class == "endocrine_therapy":
        assert flags_of(drug) == NONE
    assert (drug.warning_advice is not None) == drug.agranulocytosis_warning


@pytest.mark.parametrize("drug", DRUGS)
def test_flag_sources_exist_and_differ_from_the_class_source(drug):
    # The loader checks `source`; `flag_source` is checked here.
    source_ids = {source.id for source in KNOWLEDGE.sources}
    assert drug.source in source_ids
    if drug.flag_source is not None:
        assert drug.flag_source in source_ids
        assert drug.flag_source != drug.source


def test_dual_use_drugs_are_the_spec_list_and_the_ones_sold_for_both():
    dual = sorted(d.generic for d in KNOWLEDGE.drugs if d.dual_use)
    assert dual == sorted(
        [
            # clinical-rules §6.
            "methotrexate", "cyclophosphamide", "mercaptopurine", "thioguanine",
            "hydroxycarbamide", "azathioprine", "rituximab",
            # One generic sold both for cancer and for transplant or multiple sclerosis.
            "everolimus", "ofatumumab", "cladribine", "alemtuzumab",
        ]
    )  # fmt: skip


def test_agranulocytosis_warnings_are_exactly_the_spec_list():
    advice = {d.generic: d.warning_advice for d in KNOWLEDGE.drugs if d.agranulocytosis_warning}
    assert advice == {
        "clozapine": "clozapine",
        "deferiprone": "hold_next_dose",
        "methimazole": "hold_next_dose",
        "carbimazole": "hold_next_dose",
        "propylthiouracil": "hold_next_dose",
        "sulfasalazine": "hold_next_dose",
        "metamizole": "hold_next_dose",
        "methotrexate": "ask_prescriber",
        "azathioprine": "ask_prescriber",
        "mercaptopurine": "ask_prescriber",
        "leflunomide": "ask_prescriber",
        "mycophenolate": "ask_prescriber",
        "hydroxycarbamide": "ask_prescriber",
    }


def test_steroids_by_mouth_or_injection_are_named_one_by_one():
    steroids = sorted(d.generic for d in KNOWLEDGE.drugs if d.steroid)
    assert steroids == sorted(
        [
            # clinical-rules §6.
            "prednisolone", "prednisone", "dexamethasone", "methylprednisolone",
            "hydrocortisone",
            # Also tablets or injections (BNF 6.3).
            "betamethasone", "triamcinolone", "deflazacort", "budesonide",
        ]
    )  # fmt: skip
