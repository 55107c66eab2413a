"""N rules: what the case says, as named findings the other rules read (fever, recent
chemotherapy, neutropenic …), and RF rules: the warning signs a patient reported.

Clinical-rules.md §1 (fever, possible fever, low temperature, recent chemotherapy,
neutropenia-prone history, neutropenic with the Duffy-null exception) and §4 (infection
signs and emergency symptoms).
"""

from __future__ import annotations

from triage.knowledge import (
    EMERGENCY_GROUP,
    FEELS_FEVERISH,
    INFECTION_SIGN_GROUP,
    symptom_labels,
)
from triage.rules import parts
from triage.rules.declare import (
    AFTER_FINDINGS,
    AT_RISK_READERS,
    FEVER_READERS,
    finding,
    red_flag,
    rule,
)
from triage.text import cells, degrees
from triage.thresholds import (
    ANC_NEUTROPENIA,
    BORDERLINE_C,
    CHILD_AGE_YEARS,
    CURRENT_COUNT_DAYS,
    DUFFY_NULL_NORMAL_LOW,
    FEVER_C,
    HIGH_FEVER_C,
    LOW_TEMPERATURE_C,
    NADIR_CHEMO_DAYS,
    RECENT_CHEMO_DAYS,
    SUSTAINED_FEVER_HOURS,
    YOUNG_INFANT_MONTHS,
)

# How the becauses of the fever rules name the fever (the finding's ``words``).
MEASURED_FEVER_WORDS = "fever"
POSSIBLE_FEVER_WORDS = "possible fever (feeling hot, sweaty or shivery, not measured)"
POSSIBLE_FEVER_AT_RISK_WORDS = "possible fever (feeling hot, sweaty or shivery)"

RULES = (
    # --- Temperature ------------------------------------------------------------------
    rule(
        "N1",
        parts.temperature_at_least(FEVER_C),
        then=(
            finding("fever", words=MEASURED_FEVER_WORDS),
            finding("measured_fever", "measured fever"),
        ),
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
        fever were real (NICE CG151; Cancer Research UK). A reading overrides it, unless the
        person is at risk or the reading is borderline (N18, N19).""",
    ),
    rule(
        "N18",
        parts.symptom(FEELS_FEVERISH),
        parts.measured_temperature(),
        parts.at_risk(),
        then=finding("fever", "fever (possible)", words=POSSIBLE_FEVER_AT_RISK_WORDS),
        because=lambda celsius: (
            f"you feel feverish (your reading was {degrees(celsius)}) and are at risk: "
            "treated as a possible fever; measure again now"
        ),
        source="alert_cards",
        phase=AT_RISK_READERS,
        when="feeling hot, sweaty or shivery, and at risk, whatever the reading",
        doc="""N18: someone at risk who feels feverish or shivery has a possible fever,
        whatever the reading (NHS acute-oncology alert cards list shivering beside the
        temperature; Cancer Research UK).""",
    ),
    rule(
        "N19",
        parts.symptom(FEELS_FEVERISH),
        parts.temperature_between(BORDERLINE_C, FEVER_C),
        then=finding("fever", "fever (possible)", words=POSSIBLE_FEVER_AT_RISK_WORDS),
        because=lambda celsius: (
            f"you feel feverish and your reading was {degrees(celsius)}, borderline: treated "
            "as a possible fever; measure again now"
        ),
        source="alert_cards",
        when=f"feeling hot, sweaty or shivery with a borderline temperature "
        f"({degrees(BORDERLINE_C)} to under {degrees(FEVER_C)})",
        doc="""N19: feeling feverish with a borderline reading is a possible fever (NHS
        acute-oncology alert cards; UKONS 2025).""",
    ),
    rule(
        "N29",
        parts.temperature_between(BORDERLINE_C, FEVER_C),
        then=finding("borderline_temperature", "borderline temperature"),
        because=lambda celsius: (
            f"temperature {degrees(celsius)} is borderline ({degrees(BORDERLINE_C)} to under "
            f"{degrees(FEVER_C)})"
        ),
        source="alert_cards",
        doc="""N29: 37.5 °C up to 38.0 °C is a borderline temperature: not a fever, but a red
        flag after anticancer treatment (UKONS 2025; NHS acute-oncology alert cards).""",
    ),
    rule(
        "N30",
        parts.symptom(FEELS_FEVERISH),
        parts.temperature_below(FEVER_C),
        parts.no_finding("fever", "possible fever"),
        then=finding("infection_sign", "sign of infection"),
        because=lambda celsius: (
            f"feeling hot, sweaty or shivery (reading {degrees(celsius)}) can be a sign of "
            "infection"
        ),
        source="nice_cg151",
        phase=FEVER_READERS,
        when=f"feeling hot, sweaty or shivery with a reading below {degrees(FEVER_C)}, not "
        "counted as a possible fever",
        doc="""N30: a feverish feeling that a reading does not confirm is still a sign of
        infection, never ignored (NICE CG151).""",
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
            RECENT_CHEMO_DAYS,
            f"last anticancer treatment or radiotherapy {RECENT_CHEMO_DAYS} days ago or less",
        ),
        then=(
            finding("recent_chemo", "recent anticancer treatment"),
            finding("recent_systemic", "recent systemic anticancer treatment"),
        ),
        because=lambda days: (
            f"the last anticancer treatment was {days} days ago ({RECENT_CHEMO_DAYS} or less)"
        ),
        source="ukons",
        concludes="finding: recent anticancer treatment (counted as systemic)",
        doc="""N5: anticancer treatment within six weeks counts as recent (UKONS 2025;
        ASCO/IDSA 2018). The date is counted as systemic treatment: the field cannot tell
        radiotherapy apart, and the safer reading is taken.""",
    ),
    rule(
        "N6",
        parts.condition_flagged("on_chemotherapy", "being treated for cancer now"),
        then=finding("recent_chemo", "recent anticancer treatment"),
        because=lambda label: f"reported: {label}",
        source="ukons",
        doc="""N6: someone being treated now with chemotherapy, immunotherapy, targeted therapy
        or radiotherapy counts as recently treated (UKONS 2025; NICE NG253 1.1.9).""",
    ),
    rule(
        "N17",
        parts.condition_flagged("systemic", "being treated with systemic anticancer treatment now"),
        then=finding("recent_systemic", "recent systemic anticancer treatment"),
        because=lambda label: f"reported: {label} (systemic treatment)",
        source="ukons",
        doc="""N17: chemotherapy, immunotherapy or targeted therapy now is systemic anticancer
        treatment (UKONS 2025; NICE NG253 1.1.9).""",
    ),
    rule(
        "N15",
        parts.medicine_flagged("anticancer", "an anticancer medicine"),
        then=(
            finding("recent_chemo", "recent anticancer treatment"),
            finding("recent_systemic", "recent systemic anticancer treatment"),
        ),
        because=lambda generic: (
            f"{generic} is anticancer treatment, counted as current (say when you stopped it)"
        ),
        source="nci_drug_dictionary",
        when="an anticancer medicine is listed (counted as current treatment)",
        concludes="finding: recent systemic anticancer treatment",
        doc="""N15: a listed anticancer medicine counts as current treatment, whatever the
        date given: people list what they take now (NCI Drug Dictionary; UKONS 2025).""",
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
            "a blood cancer (leukaemia, lymphoma, myeloma, MDS), bone marrow failure, "
            "congenital or cyclic neutropenia, or a stem cell transplant (not one said to be "
            "in remission or past)",
        ),
        then=finding("neutropenia_prone", "neutropenia-prone history"),
        because=lambda label: f"{label} makes a low count likely",
        source="idsa2010",
        doc="""N9: conditions that make a low count likely; a blood cancer said to be in
        remission or treated long ago is history and does not count (IDSA 2010; Rubin 2013;
        Gibson 2014).""",
    ),
    # --- Immunosuppressed and at risk (clinical-rules §1, rev.) ------------------------
    rule(
        "N20",
        parts.condition_flagged("immunosuppressing", "an organ transplant"),
        then=finding("immunosuppressed"),
        because=lambda label: f"{label}: transplant medicines weaken the immune system",
        source="rubin2013",
        doc="N20: an organ transplant means immunosuppressant treatment (Rubin 2013; NICE NG51).",
    ),
    rule(
        "N21",
        parts.medicine_flagged("immunosuppressant", "a medicine that weakens the immune system"),
        then=finding("immunosuppressed"),
        because=lambda generic: f"{generic} weakens the immune system",
        source="nice_ng253",
        doc="""N21: immunosuppressant treatment for reasons unrelated to cancer (NICE NG253
        1.1.9; Rubin 2013).""",
    ),
    rule(
        "N22",
        parts.long_term_steroids(),
        then=finding("immunosuppressed"),
        because="steroid tablets or injections taken long term weaken the immune system and "
        "can hide a fever",
        source="nice_ng51",
        doc="""N22: long-term steroids by mouth or injection (20 mg prednisolone a day for
        14 days or more, or any dose for 4 weeks) (NICE NG51 1.1.2; Rubin 2013).""",
    ),
    rule(
        "N23",
        parts.any_of(
            "recent anticancer treatment, a neutropenia-prone history, immunosuppressed, or "
            "a central line",
            parts.recent_chemo(),
            parts.prone_history(),
            parts.immunosuppressed(),
            parts.condition_flagged("vascular_access", "a central line"),
        ),
        then=finding("at_risk", "at risk of neutropenic sepsis"),
        because="recent anticancer treatment, a blood cancer or marrow condition, "
        "immunosuppression or a central line puts you at risk of a serious infection",
        source="nice_ng253",
        phase=AFTER_FINDINGS,
        doc="""N23: who is at risk of neutropenic sepsis: recent anticancer treatment, a
        neutropenia-prone history, immunosuppression, or a central line (NICE NG253 1.1.9;
        UKONS 2025; NHS acute-oncology alert cards).""",
    ),
    # --- The count's age, and age (clinical-rules §1, §4, rev.) ------------------------
    rule(
        "N24",
        parts.count_older_than(CURRENT_COUNT_DAYS),
        then=finding("count_not_current", "count not current"),
        because=lambda count_days: (
            f"the count was taken {count_days} days ago: it may have fallen since"
        ),
        source="asco_idsa2018",
        doc="""N24: a count more than 2 days old is not current: it can fall from normal to
        below 500 within days (ASCO/IDSA 2018: a count expected to decline).""",
    ),
    rule(
        "N25",
        parts.count_before_last_dose(),
        then=finding("count_not_current", "count not current"),
        because=lambda count_days, days: (
            f"the count ({count_days} days ago) was taken before the last anticancer dose "
            f"({days} days ago)"
        ),
        source="asco_idsa2018",
        doc="N25: a count taken before the last anticancer dose is not current (ASCO/IDSA 2018).",
    ),
    rule(
        "N26",
        parts.age_below(CHILD_AGE_YEARS),
        then=finding("child", "a child (under 16)"),
        because=lambda age: f"age {age}, under {CHILD_AGE_YEARS}",
        source="nice_ng253",
        doc="N26: under 16 the text speaks to a parent and E7 differs (NICE NG254; CCLG).",
    ),
    rule(
        "N27",
        parts.months_below(YOUNG_INFANT_MONTHS),
        then=finding("young_infant", "a baby under 3 months"),
        because=lambda months: f"{months} months old, under {YOUNG_INFANT_MONTHS}",
        source="nice_ng143",
        doc="N27: a baby under 3 months (NICE NG143).",
    ),
    rule(
        "N28",
        parts.under_one_months_unknown(),
        then=finding("young_infant", "a baby under 3 months"),
        because="under 1 year and the age in months is not given: counted as under 3 months, "
        "to be safe",
        source="nice_ng143",
        doc="""N28: a baby under 1 year whose age in months is not given is counted as under 3
        months (our reading: when in doubt, triage up; NICE NG143).""",
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
        source="ctcae5",
        when=f"ANC below {ANC_NEUTROPENIA:,.0f}",
        doc="N12: an ANC below 1,500 is neutropenia (CTCAE v5.0).",
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
