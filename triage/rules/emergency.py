"""E rules: get care now (clinical-rules.md §4, emergency), and XE1, our extension where
the spec is silent about an unknown count (docs/design.md)."""

from __future__ import annotations

from triage.knowledge import EMERGENCY_GROUP, FEELING_UNWELL
from triage.rules import parts
from triage.rules.declare import rule, triage
from triage.text import cells, degrees
from triage.thresholds import ANC_MODERATE, LOW_TEMPERATURE_C

EMERGENCY = triage("emergency")

RULES = (
    rule(
        "E1",
        parts.fever(),
        parts.anc_below(ANC_MODERATE),
        then=EMERGENCY,
        because=lambda fever, anc: f"{fever} with ANC {cells(anc)}, below {cells(ANC_MODERATE)}",
        source="idsa2010",
        doc="E1: fever with ANC under 1,000 needs care now (IDSA 2010; ASCO/IDSA 2018).",
    ),
    rule(
        "E2",
        parts.fever(),
        parts.recent_chemo(),
        then=EMERGENCY,
        because=lambda fever: f"{fever} after recent chemotherapy, whatever the count",
        source="asco_idsa2018",
        when="fever (or possible fever) and recent chemotherapy, whatever the ANC",
        doc="""E2: fever after recent chemotherapy needs care now, whatever the count
        (ASCO/IDSA 2018; UKONS).""",
    ),
    rule(
        "E3",
        parts.fever(),
        parts.anc_unknown(),
        parts.prone_history(),
        then=EMERGENCY,
        because=lambda fever: f"{fever}, no ANC known, and a history that makes a low count likely",
        source="idsa2010",
        when="fever (or possible fever), ANC unknown, and a neutropenia-prone history",
        doc="E3: fever with an unknown count in someone prone to neutropenia (IDSA 2010).",
    ),
    rule(
        "E4",
        parts.low_temperature(LOW_TEMPERATURE_C),
        parts.either(parts.anc_below(ANC_MODERATE), parts.recent_chemo()),
        then=EMERGENCY,
        because=f"temperature below {degrees(LOW_TEMPERATURE_C)} with a low count or recent "
        "chemotherapy can be a sign of serious infection",
        source="esmo2016",
        when=f"low temperature and (ANC below {ANC_MODERATE:,.0f} or recent chemotherapy)",
        doc="""E4: a low temperature with a low count or recent chemotherapy can be sepsis
        (ESMO 2016; UKONS).""",
    ),
    rule(
        "E5",
        parts.symptom_of(EMERGENCY_GROUP, "emergency symptom"),
        then=EMERGENCY,
        because=lambda label: f"{label} needs care now",
        source="ukons",
        when="any emergency symptom: trouble breathing, confusion, fainting, shaking chills, "
        "stiff neck, no urine, mottled skin",
        doc="E5: an emergency symptom needs care now, whatever the count (UKONS; ACS/NCI).",
    ),
    rule(
        "E6",
        parts.symptom(FEELING_UNWELL),
        parts.recent_chemo(),
        then=EMERGENCY,
        because="feeling generally unwell after recent chemotherapy, whatever the temperature "
        "and the count",
        source="nice_cg151",
        when="feeling generally unwell after recent chemotherapy, whatever the temperature "
        "and the ANC",
        doc="""E6: anyone having anticancer treatment who becomes unwell may have neutropenic
        sepsis and needs care now, whatever the temperature and the count (NICE CG151 1.3;
        UKONS 2025).""",
    ),
    rule(
        "XE1",
        parts.low_temperature(LOW_TEMPERATURE_C),
        parts.anc_unknown(),
        parts.prone_history(),
        then=EMERGENCY,
        because=f"temperature below {degrees(LOW_TEMPERATURE_C)}, no ANC known, and a history "
        "that makes a low count likely",
        source="esmo2016",
        when="low temperature, ANC unknown, and a neutropenia-prone history",
        doc="""XE1: a low temperature with an unknown count in someone prone to neutropenia, as
        E3 does for a fever (our extension: the spec is silent; ESMO 2016).""",
    ),
)
