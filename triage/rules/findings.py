"""N rules: what the case says, as named findings the other rules read (fever, recent
chemotherapy, neutropenic …), and RF rules: the warning signs a patient reported.

Clinical-rules.md §1 (fever, possible fever, low temperature, recent chemotherapy,
neutropenia-prone history, neutropenic with the Duffy-null exception) and §4 (infection
signs and emergency symptoms).
"""

from __future__ import annotations

from triage.knowledge import (
    CHEMOTHERAPY_CLASS,
    EMERGENCY_GROUP,
    FEELS_FEVERISH,
    INFECTION_SIGN_GROUP,
    symptom_labels,
)
from triage.rules import parts
from triage.rules.declare import finding, red_flag, rule
from triage.text import cells, degrees
from triage.thresholds import (
    ANC_NEUTROPENIA,
    DUFFY_NULL_NORMAL_LOW,
    FEVER_C,
    HIGH_FEVER_C,
    LOW_TEMPERATURE_C,
    NADIR_CHEMO_DAYS,
    RECENT_CHEMO_DAYS,
    SUSTAINED_FEVER_HOURS,
)

# How the becauses of the fever rules name the fever (the finding's ``words``).
MEASURED_FEVER_WORDS = "fever"
POSSIBLE_FEVER_WORDS = "possible fever (feeling hot, sweaty or shivery, not measured)"

RULES = (
    # --- Temperature ------------------------------------------------------------------
    rule(
        "N1",
        parts.temperature_at_least(FEVER_C),
        then=finding("fever", words=MEASURED_FEVER_WORDS),
        because=lambda celsius: f"temperature {degrees(celsius)} is at or above {degrees(FEVER_C)}",
        source="idsa2010",
        doc="N1: a temperature of 38.0 °C (100.4 °F) or more is a fever (IDSA 2010; CDC).",
    ),
    rule(
        "N16",
        parts.symptom(FEELS_FEVERISH),
        parts.no_temperature(),
        then=finding("fever", "fever (possible)", words=POSSIBLE_FEVER_WORDS),
        because="feeling hot, sweaty or shivery with no temperature measured counts as a "
        "possible fever",
        source="nice_cg151",
        when="feeling hot, sweaty or shivery, and no temperature was measured",
        doc="""N16: someone who feels feverish and has not measured it is triaged as if the
        fever were real (spec §1; NICE CG151). A measured temperature overrides it.""",
    ),
    rule(
        "N2",
        parts.temperature_at_least(HIGH_FEVER_C),
        then=finding("high_fever"),
        because=lambda celsius: (
            f"temperature {degrees(celsius)} is at or above {degrees(HIGH_FEVER_C)}"
        ),
        source="idsa2010",
        doc="N2: a single reading of 38.3 °C (101 °F) or more is a high fever (IDSA 2010).",
    ),
    rule(
        "N3",
        parts.temperature_below(LOW_TEMPERATURE_C),
        then=finding("low_temperature"),
        because=lambda celsius: (
            f"temperature {degrees(celsius)} is below {degrees(LOW_TEMPERATURE_C)}"
        ),
        source="esmo2016",
        doc="N3: below 36.0 °C is a low temperature, a sign of sepsis when neutropenic "
        "(ESMO 2016).",
    ),
    rule(
        "N4",
        parts.fever_lasting(SUSTAINED_FEVER_HOURS),
        then=finding("sustained_fever"),
        because=lambda hours: (
            f"the fever has lasted {hours:g} hours (at least {SUSTAINED_FEVER_HOURS:g})"
        ),
        source="idsa2010",
        doc="N4: 38.0 °C sustained over an hour meets the IDSA fever definition (IDSA 2010).",
    ),
    # --- Chemotherapy and history -----------------------------------------------------
    rule(
        "N5",
        parts.chemo_within(
            RECENT_CHEMO_DAYS, f"last chemotherapy dose {RECENT_CHEMO_DAYS} days ago or less"
        ),
        then=finding("recent_chemo", "recent chemotherapy"),
        because=lambda days: (
            f"the last chemotherapy was {days} days ago ({RECENT_CHEMO_DAYS} or less)"
        ),
        source="asco_idsa2018",
        doc="N5: chemotherapy within six weeks counts as recent (ASCO/IDSA 2018; UKONS).",
    ),
    rule(
        "N6",
        parts.condition_flagged("on_chemotherapy", "being treated with chemotherapy now"),
        then=finding("recent_chemo", "recent chemotherapy"),
        because=lambda label: f"reported: {label}",
        source="asco_idsa2018",
        doc="N6: someone being treated with chemotherapy now counts as recent (ASCO/IDSA 2018).",
    ),
    rule(
        "N15",
        parts.drug_class(CHEMOTHERAPY_CLASS, "chemotherapy drug"),
        parts.no_chemo_date(),
        then=finding("recent_chemo", "recent chemotherapy"),
        because=lambda generic: (
            f"{generic} is chemotherapy and the date of the last dose is not known: "
            "counted as recent, to be safe"
        ),
        source="asco_idsa2018",
        when="a chemotherapy drug is listed and the date of the last dose is not known",
        doc="""N15: a listed chemotherapy drug with no date counts as recent, to be safe (our
        extension of spec §1: when in doubt, triage up; ASCO/IDSA 2018).""",
    ),
    rule(
        "N7",
        parts.count_falling(),
        then=finding("count_expected_to_fall", "count expected to fall"),
        because="the count is expected to fall",
        source="idsa2010",
        doc="N7: the count is expected to fall (nurse's judgement; IDSA 2010 definition).",
    ),
    rule(
        "N8",
        parts.chemo_within(
            NADIR_CHEMO_DAYS, f"last chemotherapy dose {NADIR_CHEMO_DAYS} days ago or less"
        ),
        then=finding("count_expected_to_fall", "count expected to fall"),
        because=lambda days: (
            f"chemotherapy {days} days ago: the count may still be falling "
            f"(within {NADIR_CHEMO_DAYS} days)"
        ),
        source="idsa2010",
        doc="N8: within two weeks of chemotherapy the count is usually still falling (IDSA 2010).",
    ),
    rule(
        "N9",
        parts.condition_flagged(
            "neutropenia_prone",
            "leukaemia, bone marrow failure, congenital or cyclic neutropenia, or a stem "
            "cell transplant",
        ),
        then=finding("neutropenia_prone", "neutropenia-prone history"),
        because=lambda label: f"{label} makes a low count likely",
        source="idsa2010",
        doc="N9: conditions that make a low count likely (IDSA 2010; seed page).",
    ),
    # --- Symptoms ---------------------------------------------------------------------
    rule(
        "N10",
        parts.symptom_of(
            INFECTION_SIGN_GROUP,
            f"any sign of infection: {symptom_labels(INFECTION_SIGN_GROUP)}",
        ),
        then=finding("infection_sign", "sign of infection"),
        because=lambda label: f"{label} can be a sign of infection",
        source="idsa2010",
        doc="N10: symptoms that can be the first sign of an infection (IDSA 2010; CDC).",
    ),
    rule(
        "N11",
        parts.symptom_of(
            EMERGENCY_GROUP, f"any emergency symptom: {symptom_labels(EMERGENCY_GROUP)}"
        ),
        then=(finding("emergency_symptom"), red_flag(lambda label: label, "emergency symptom")),
        because=lambda label: f"{label} is an emergency symptom",
        source="ukons",
        concludes="finding: emergency symptom and red flag",
        doc="N11: symptoms that can mean sepsis or another emergency (UKONS; ACS/NCI).",
    ),
    # --- Neutropenic, with the Duffy-null exception -----------------------------------
    rule(
        "N12",
        parts.anc_below(ANC_NEUTROPENIA),
        parts.duffy_null(False),
        then=finding("neutropenic"),
        because=lambda anc: f"ANC {cells(anc)} is below {cells(ANC_NEUTROPENIA)}",
        source="seed",
        when=f"ANC below {ANC_NEUTROPENIA:,.0f}",
        doc="N12: an ANC below 1,500 is neutropenia (seed page; CTCAE v5.0).",
    ),
    rule(
        "N13",
        parts.anc_below(DUFFY_NULL_NORMAL_LOW),
        parts.duffy_null(True),
        then=finding("neutropenic"),
        because=lambda anc: (
            f"ANC {cells(anc)} is below {cells(DUFFY_NULL_NORMAL_LOW)}, low even for a "
            "Duffy-null person"
        ),
        source="merz2023",
        when=f"Duffy-null and ANC below {DUFFY_NULL_NORMAL_LOW:,.0f}",
        doc="N13: for a Duffy-null person, neutropenia starts below 1,000 (Merz 2023).",
    ),
    rule(
        "N14",
        parts.anc_between(DUFFY_NULL_NORMAL_LOW, ANC_NEUTROPENIA),
        parts.duffy_null(True),
        then=finding("duffy_null_range", "within the Duffy-null range (not called neutropenic)"),
        because=lambda anc: (
            f"ANC {cells(anc)} is within the usual range for a Duffy-null person, "
            "so it is not called neutropenic"
        ),
        source="merz2023",
        when=f"Duffy-null and ANC {parts.band(DUFFY_NULL_NORMAL_LOW, ANC_NEUTROPENIA)}",
        doc="N14: 1,000–1,499 is within the normal range of a Duffy-null person (Merz 2023).",
    ),
)
