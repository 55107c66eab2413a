"""S rules: see a provider within a few days (clinical-rules.md §4, soon)."""

from __future__ import annotations

from triage.knowledge import CLOZAPINE_MONITORING, INFECTION_SIGN_GROUP
from triage.rules import parts
from triage.rules.declare import rule, triage
from triage.rules.urgent import DO_NOT_STOP
from triage.text import cells
from triage.thresholds import ANC_MODERATE, ANC_NEUTROPENIA, ANC_SEVERE, CLOZAPINE_INTERRUPT_ANC

SOON = triage("soon")
INFECTION_SIGN = parts.symptom_finding(INFECTION_SIGN_GROUP, "sign of infection")

RULES = (
    rule(
        "S1",
        parts.anc_between(ANC_SEVERE, ANC_MODERATE),
        then=SOON,
        because=lambda anc: (
            f"ANC {cells(anc)} is moderately low ({parts.to_under(ANC_SEVERE, ANC_MODERATE)})"
        ),
        source="gibson2014",
        doc="S1: a moderately low count deserves a visit within days (Gibson 2014; Bodey 1966).",
    ),
    rule(
        "S2",
        INFECTION_SIGN,
        parts.anc_between(ANC_MODERATE, ANC_NEUTROPENIA),
        then=SOON,
        because=lambda anc: f"a sign of infection with a mildly low ANC of {cells(anc)}",
        source="gibson2014",
        when=f"a sign of infection and ANC {ANC_MODERATE:,.0f}–{ANC_NEUTROPENIA - 1:,.0f}",
        doc="S2: a sign of infection with a mildly low count (Gibson 2014).",
    ),
    rule(
        "S3",
        parts.neutropenic(),
        parts.medication_cause(),
        then=SOON,
        because="a low count while taking a medicine that can lower it",
        source="gibson2014",
        when="neutropenic and a medicine that can lower the count",
        doc="""S3: a low count with a medicine known to lower it deserves a visit within days
        (Gibson & Berliner 2014).""",
    ),
    rule(
        "S4",
        parts.monitored(CLOZAPINE_MONITORING),
        parts.neutropenic(),
        parts.anc_at_least(CLOZAPINE_INTERRUPT_ANC),
        then=SOON,
        because=lambda generic, anc: (
            f"{generic} with a mildly low ANC of {cells(anc)}: tell the doctor who prescribes "
            f"it; they will want blood tests more often (three times a week). {DO_NOT_STOP}"
        ),
        source="clozapine_label",
        when=f"clozapine, neutropenic, and ANC {CLOZAPINE_INTERRUPT_ANC:,.0f} or more",
        doc="S4: clozapine with mild neutropenia: the label asks for counts three times a week.",
    ),
    rule(
        "S5",
        parts.fever(),
        then=SOON,
        because=lambda fever: f"a {fever}, whatever the count",
        source="acs_nci_patient",
        when="fever (or possible fever), whatever the ANC",
        doc="S5: any fever deserves a visit if it lasts, even with a normal count (ACS/NCI).",
    ),
    rule(
        "S6",
        INFECTION_SIGN,
        parts.recent_chemo(),
        then=SOON,
        because="a sign of infection after recent anticancer treatment",
        source="ukons",
        when="a sign of infection and recent chemotherapy, whatever the ANC",
        doc="S6: a sign of infection after recent chemotherapy, whatever the count (UKONS).",
    ),
    rule(
        "S7",
        INFECTION_SIGN,
        parts.anc_unknown_or_old(),
        then=SOON,
        because="a sign of infection and no current ANC is known",
        source="idsa2010",
        when="a sign of infection and ANC unknown or not current",
        doc="""S7: a sign of infection when the count is not known deserves a visit within
        days (IDSA 2010).""",
    ),
)
