"""U rules: contact a provider today (clinical-rules.md §4, urgent; December 2026
revision). Which medicine is which comes from the lexicon: rules match its flags and
monitoring programme, never a drug name."""

from __future__ import annotations

from triage.knowledge import (
    CLOZAPINE_MONITORING,
    DEFERIPRONE_MONITORING,
    INFECTION_SIGN_GROUP,
)
from triage.rules import parts
from triage.rules.declare import rule, triage
from triage.text import cells, degrees
from triage.thresholds import (
    ANC_MODERATE,
    ANC_NEUTROPENIA,
    ANC_SEVERE,
    BORDERLINE_C,
    CLOZAPINE_INTERRUPT_ANC,
    CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL,
    FEVER_C,
    LOW_TEMPERATURE_C,
    REMEASURE_WORDS,
)

URGENT = triage("urgent")
INFECTION_SIGN = parts.symptom_finding(INFECTION_SIGN_GROUP, "sign of infection")

# Label rules speak to prescribers; a patient is told what to do (clinical-rules §10).
DO_NOT_STOP = "Do not stop it on your own."
PRESCRIBER_TODAY = f"contact the doctor who prescribes it today; they may pause it. {DO_NOT_STOP}"
# What a patient does under U8, by the medicine's warning (clinical-rules §10; labels).
WARNING_ADVICE = {
    "hold_next_dose": "do not take your next dose until a doctor has checked your blood "
    "count today",
    "clozapine": PRESCRIBER_TODAY,
    "ask_prescriber": "contact the doctor who prescribes it today; they may ask you to wait "
    "with the next dose until your blood count is checked",
}
# The rules whose own medicine words replace the general "do not stop a medicine on your
# own" guidance (clinical-rules §8, §10).
OWN_MEDICINE_WORDS = ("U7", "U8")
BORDERLINE_WORDS = f"{degrees(BORDERLINE_C)} to under {degrees(FEVER_C)}"


def clozapine_interrupt_limit(duffy_null: bool) -> float:
    """The clozapine label's interrupt threshold: lower for Duffy-null (BEN) patients."""
    return CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL if duffy_null else CLOZAPINE_INTERRUPT_ANC


RULES = (
    rule(
        "U1",
        parts.fever(),
        parts.anc_between(ANC_MODERATE, ANC_NEUTROPENIA),
        then=URGENT,
        because=lambda fever, anc: f"{fever} with a mildly low ANC of {cells(anc)}",
        source="idsa2010",
        doc="U1: fever with a mildly low count: contact a provider today (IDSA 2010).",
    ),
    rule(
        "U2",
        parts.fever(),
        parts.anc_unknown_or_old(),
        then=URGENT,
        because=lambda fever: f"{fever} and no current ANC is known",
        source="acs_nci_patient",
        doc="U2: fever when the count is not known: contact a provider today (ACS/NCI).",
    ),
    rule(
        "U3",
        parts.anc_below(ANC_SEVERE),
        then=URGENT,
        because=lambda anc: f"ANC {cells(anc)} is below {cells(ANC_SEVERE)}",
        source="idsa2010",
        doc="U3: a severe count (under 500) needs a provider today (IDSA 2010).",
    ),
    rule(
        "U4",
        INFECTION_SIGN,
        parts.anc_below(ANC_MODERATE),
        then=URGENT,
        because=lambda anc: (
            f"a sign of infection with ANC {cells(anc)}, below {cells(ANC_MODERATE)}"
        ),
        source="idsa2010",
        when=f"a sign of infection and ANC below {ANC_MODERATE:,.0f}",
        doc="U4: a sign of infection with ANC under 1,000 needs a provider today (IDSA 2010).",
    ),
    rule(
        "U5",
        INFECTION_SIGN,
        parts.recent_chemo(),
        parts.anc_unknown_old_or_below(ANC_NEUTROPENIA),
        then=URGENT,
        because="a sign of infection after recent anticancer treatment, with a low, old or "
        "unknown count",
        source="ukons",
        when=f"a sign of infection, recent anticancer treatment, and ANC unknown, not current "
        f"or below {ANC_NEUTROPENIA:,.0f}",
        doc="""U5: a sign of infection after recent anticancer treatment, with an unknown, old
        or low count (UKONS 2025; ASCO/IDSA 2018).""",
    ),
    rule(
        "U6",
        parts.monitored(CLOZAPINE_MONITORING),
        parts.anc_below_limit(
            f"ANC below {CLOZAPINE_INTERRUPT_ANC:,.0f} "
            f"(Duffy-null: below {CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL:,.0f})",
            clozapine_interrupt_limit,
            lambda duffy_null: " (the Duffy-null limit)" if duffy_null else "",
        ),
        then=URGENT,
        because=lambda generic, anc, duffy_null: (
            f"{generic} with ANC {cells(anc)}, below "
            f"{cells(clozapine_interrupt_limit(duffy_null))}: {PRESCRIBER_TODAY}"
        ),
        source="clozapine_label",
        doc="""U6: the clozapine label says interrupt and consult haematology below ANC 1,000
        (Duffy-null: below 500).""",
    ),
    rule(
        "U7",
        parts.monitored(DEFERIPRONE_MONITORING),
        parts.anc_below(ANC_NEUTROPENIA),
        then=URGENT,
        because=lambda generic, anc: (
            f"{generic} with ANC {cells(anc)}, below {cells(ANC_NEUTROPENIA)}: {PRESCRIBER_TODAY}"
        ),
        source="deferiprone_label",
        doc="U7: the deferiprone label says interrupt below ANC 1,500 (boxed warning).",
    ),
    rule(
        "U8",
        parts.warning_medicine(),
        parts.warning_symptom(),
        then=URGENT,
        because=lambda generic, advice, fever="", label="": (
            f"{fever or label} while taking {generic}: {WARNING_ADVICE[advice]}"
        ),
        source="antithyroid_warning",
        when="a medicine with an agranulocytosis warning and a fever or possible fever, a sore "
        "throat, mouth ulcers or a flu-like illness, whatever the ANC",
        doc="""U8: a medicine with an agranulocytosis warning (clozapine, deferiprone,
        antithyroid drugs, sulfasalazine, metamizole, blood-monitored immunosuppressants) and
        a fever, sore throat, mouth ulcers or flu-like illness: a blood count today, whatever
        the last count (labels and leaflets; Ferriprox PI 5.1; MHRA; DMARD shared care).""",
    ),
    rule(
        "U9",
        parts.borderline(),
        parts.at_risk(),
        then=URGENT,
        because=f"a temperature of {BORDERLINE_WORDS} in someone at risk of neutropenic sepsis",
        source="alert_cards",
        doc="""U9: a borderline temperature in someone at risk (NHS alert cards; UKONS 2025);
        after recent anticancer treatment E7 is higher.""",
    ),
    rule(
        "U10",
        parts.low_temperature(LOW_TEMPERATURE_C),
        parts.any_of(
            "immunosuppressed, or a sign of infection",
            parts.immunosuppressed(),
            INFECTION_SIGN,
        ),
        then=URGENT,
        because=f"a temperature below {degrees(LOW_TEMPERATURE_C)} with a weakened immune "
        f"system or a sign of infection: measure again in {REMEASURE_WORDS} with another "
        "thermometer",
        source="nice_ng51",
        when="low temperature and (immunosuppressed, or a sign of infection), whatever the ANC",
        doc="""U10: sepsis may come without a high temperature; below 36 °C is a risk
        criterion (NICE NG51 1.1.2).""",
    ),
    rule(
        "U11",
        parts.child(),
        parts.recent_chemo(),
        parts.borderline(),
        parts.no_symptom(),
        then=URGENT,
        because=f"a child after recent anticancer treatment with a borderline temperature "
        f"alone: measure again in {REMEASURE_WORDS}; if it is {degrees(BORDERLINE_C)} or "
        "more again, or anything else is wrong, call now",
        source="cclg",
        doc="""U11: a well child with a borderline reading after treatment: measure again in an
        hour; call if it stays up or anything else is wrong (CCLG).""",
    ),
)
