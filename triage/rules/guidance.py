"""G rules: which guidance topics fit the case (clinical-rules.md §8). The texts are data
(``guidance.toml``); these rules only choose topic ids."""

from __future__ import annotations

from triage.rules import parts
from triage.rules.declare import guidance, rule
from triage.rules.urgent import OWN_MEDICINE_WORDS
from triage.thresholds import ANC_NEUTROPENIA, DUFFY_NULL_NORMAL_LOW

DUFFY_NULL_BAND = parts.band(DUFFY_NULL_NORMAL_LOW, ANC_NEUTROPENIA)
FEVER = parts.finding("fever", "fever")
NEUTROPENIC = parts.finding("neutropenic", "neutropenic")
SEVERE = parts.severity_in(("severe", "profound"), "severe or profound")

RULES = (
    rule(
        "G1",
        parts.triage_is("emergency"),
        then=guidance("get_care_now"),
        because="the triage is emergency",
        source="idsa2010",
        doc="G1: in an emergency, say you have neutropenia at check-in (IDSA 2010).",
    ),
    rule(
        "G2",
        parts.any_of(
            "fever (possible or borderline), neutropenic, or at risk",
            FEVER,
            parts.borderline(),
            NEUTROPENIC,
            parts.at_risk(),
        ),
        then=guidance("fever_precautions"),
        because="a fever, a low count, or a risk of serious infection",
        source="acs_nci_patient",
        doc="""G2: no fever reducers before checking the temperature and calling; no rectal
        temperatures (ACS/NCI); they hide the very sign that matters.""",
    ),
    rule(
        "G3",
        NEUTROPENIC,
        then=guidance("infection_precautions"),
        because="a low count",
        source="cdc_cancer",
        doc="G3: hand washing, food safety and the rest (CDC).",
    ),
    rule(
        "G4",
        parts.any_of(
            "fever, or a sign of infection",
            FEVER,
            parts.finding("infection_sign", "a sign of infection"),
        ),
        then=guidance("antibiotics"),
        because="a fever or a sign of infection",
        source="idsa2010",
        doc="G4: antibiotics treat bacterial infections, decided by the provider (IDSA 2010).",
    ),
    rule(
        "G5",
        SEVERE,
        then=guidance("g_csf"),
        because="a severe or profound count",
        source="gibson2014",
        doc="G5: G-CSF helps the marrow make neutrophils (Gibson 2014).",
    ),
    rule(
        "G6",
        parts.cause_is("medication", "a medication cause"),
        parts.no_triage_rule_of(
            OWN_MEDICINE_WORDS, "the medicine's own words (deferiprone, warning medicines)"
        ),
        then=guidance("medication_change"),
        because="a medicine that can lower the count",
        source="gibson2014",
        doc="""G6: changing a medicine may help, never stop one alone (Gibson & Berliner
        2014); not beside the label's own words of U7 and U8.""",
    ),
    rule(
        "G7",
        parts.finding("cause_search", "a cause is looked for"),
        parts.late_onset_drug("a medicine with late-onset neutropenia (rituximab)"),
        then=guidance("rituximab_late_onset"),
        because=lambda generic: f"{generic} can lower the count weeks later",
        source="gibson2014",
        when="a medicine with late-onset neutropenia (rituximab)",
        doc="G7: rituximab can lower the count weeks after the last dose (Gibson & Berliner 2014).",
    ),
    rule(
        "G8",
        parts.cause_is("immune_destruction", "an immune cause"),
        then=guidance("immune_suppression"),
        because="an immune cause",
        source="gibson2014",
        doc="G8: drugs that calm the immune system may be used (Gibson 2014).",
    ),
    rule(
        "G9",
        parts.cause_is("infection", "an infection cause"),
        then=guidance("treat_infection"),
        because="an infection that can lower the count",
        source="gibson2014",
        doc="G9: treating the infection may bring counts back (Gibson 2014).",
    ),
    rule(
        "G10",
        parts.cause_is("nutritional_deficiency", "a nutritional cause"),
        then=guidance("correct_deficiency"),
        because="a low vitamin or mineral",
        source="gibson2014",
        doc="G10: correcting B12, folate or copper can help (Gibson 2014).",
    ),
    rule(
        "G11",
        parts.condition_flagged(
            "transplant_may_help", "bone marrow failure, congenital neutropenia or leukaemia"
        ),
        SEVERE,
        then=guidance("stem_cell_transplant"),
        because="a severe count with a bone marrow condition",
        source="dale2017",
        when="bone marrow failure, congenital neutropenia or leukaemia, with a severe or "
        "profound count",
        doc="G11: a stem cell transplant helps some severe marrow types (Dale 2017).",
    ),
    rule(
        "G12",
        parts.severity_in(("mild",), "mild"),
        parts.no_finding("fever", "fever"),
        parts.no_finding("infection_sign", "sign of infection"),
        parts.no_finding("count_not_current", "old count"),
        parts.no_finding("at_risk", "risk of neutropenic sepsis"),
        then=guidance("mild_no_treatment"),
        because="a mildly low, current count with no fever or infection sign",
        source="gibson2014",
        when="mild, current count, no fever, no sign of infection, not at risk",
        doc="G12: mild cases may need no treatment (Gibson 2014).",
    ),
    rule(
        "G13",
        parts.finding("duffy_null_range", f"Duffy-null and ANC {DUFFY_NULL_BAND}"),
        parts.no_finding("count_not_current", "old count"),
        then=guidance("duffy_null_normal"),
        because=f"a Duffy-null person with ANC {DUFFY_NULL_BAND}",
        source="merz2023",
        doc="G13: 1,000–1,499 can be normal for a Duffy-null person (Merz 2023).",
    ),
    rule(
        "G14",
        parts.finding("cause_search", "a cause is looked for"),
        parts.no_cause(),
        then=guidance("cause_not_identified"),
        because="no likely cause was found in the answers",
        source="gibson2014",
        when="a cause was looked for and none was found",
        doc="G14: no cause found here: a provider can look for it (clinical-rules §5).",
    ),
)
