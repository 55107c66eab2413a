"""U rules: contact a provider today (clinical-rules.md §4, urgent), and XU1, our
extension where the spec is silent about an unknown count (docs/design.md). Which
medicine is which comes from the lexicon: rules match its class and monitoring
programme, never a drug name."""

from __future__ import annotations

from triage.knowledge import (
    ANTITHYROID_CLASS,
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
    CLOZAPINE_INTERRUPT_ANC,
    CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL,
    LOW_TEMPERATURE_C,
)

URGENT = triage("urgent")
INFECTION_SIGN = parts.symptom_finding(INFECTION_SIGN_GROUP, "sign of infection")

# Label rules speak to prescribers; a patient is told what to do (clinical-rules §10).
DO_NOT_STOP = "Do not stop it on your own."
PRESCRIBER_TODAY = f"contact the doctor who prescribes it today; they may pause it. {DO_NOT_STOP}"


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
        parts.anc_unknown(),
        then=URGENT,
        because=lambda fever: f"{fever} and the ANC is not known",
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
        parts.anc_unknown_or_below(ANC_NEUTROPENIA),
        then=URGENT,
        because="a sign of infection after recent chemotherapy, with a low or unknown count",
        source="ukons",
        when=f"a sign of infection, recent chemotherapy, and ANC unknown or below "
        f"{ANC_NEUTROPENIA:,.0f}",
        doc="""U5: a sign of infection after recent chemotherapy, with an unknown or low count
        (UKONS; ASCO/IDSA 2018).""",
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
        parts.drug_class(ANTITHYROID_CLASS, "antithyroid drug"),
        parts.agranulocytosis_symptom(),
        then=URGENT,
        because=lambda generic, label: (
            f"{label} while taking {generic}: the count should be checked today"
        ),
        source="andersohn2007",
        when="an antithyroid drug and a sore throat or mouth ulcers, whatever the ANC",
        doc="""U8: an antithyroid drug with a sore throat or mouth ulcers: check for
        agranulocytosis today, whatever the count (Andersohn 2007; drug labels).""",
    ),
    rule(
        "XU1",
        parts.low_temperature(LOW_TEMPERATURE_C),
        parts.anc_unknown(),
        then=URGENT,
        because=f"temperature below {degrees(LOW_TEMPERATURE_C)} and the ANC is not known",
        source="esmo2016",
        doc="""XU1: a low temperature when the count is not known, as U2 does for a fever (our
        extension: the spec is silent; ESMO 2016).""",
    ),
)
