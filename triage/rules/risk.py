"""R rules: infection risk by ANC and how long it has been low (clinical-rules.md §3)."""

from __future__ import annotations

from triage.rules import parts
from triage.rules.declare import risk, rule
from triage.text import cells
from triage.thresholds import ANC_MODERATE, ANC_PROFOUND, ANC_SEVERE, LONG_NEUTROPENIA_DAYS

RULES = (
    rule(
        "R0",
        parts.anc_unknown(),
        then=risk("unknown"),
        because="no ANC is known",
        source="gibson2014",
        when="no ANC known",
        doc="R0: without an ANC the infection risk cannot be rated (clinical-rules §3).",
    ),
    rule(
        "R1",
        parts.anc_at_least(ANC_MODERATE),
        then=risk("low"),
        because=lambda anc: f"ANC {cells(anc)} is at least {cells(ANC_MODERATE)}",
        source="bodey1966",
        doc="R1: infection risk is low while the ANC is 1,000 or more (Bodey 1966).",
    ),
    rule(
        "R2",
        parts.anc_between(ANC_SEVERE, ANC_MODERATE),
        then=risk("moderate"),
        because=lambda anc: f"ANC {cells(anc)} is {parts.to_under(ANC_SEVERE, ANC_MODERATE)}",
        source="bodey1966",
        doc="R2: infection risk is moderate at ANC 500–999 (Bodey 1966).",
    ),
    rule(
        "R3",
        parts.anc_between(ANC_PROFOUND, ANC_SEVERE),
        parts.not_low_for(LONG_NEUTROPENIA_DAYS),
        then=risk("high"),
        because=lambda anc: (
            f"ANC {cells(anc)} is {parts.to_under(ANC_PROFOUND, ANC_SEVERE)}, low for "
            f"{LONG_NEUTROPENIA_DAYS} days "
            "or less (or for an unknown time)"
        ),
        source="bodey1966",
        when=f"ANC {parts.band(ANC_PROFOUND, ANC_SEVERE)} for {LONG_NEUTROPENIA_DAYS} days "
        "or less (or duration unknown)",
        doc="R3: infection risk is high at ANC 100–499 for up to 7 days (Bodey 1966; IDSA 2010).",
    ),
    rule(
        "R4",
        parts.anc_below(ANC_PROFOUND),
        then=risk("very_high"),
        because=lambda anc: f"ANC {cells(anc)} is below {cells(ANC_PROFOUND)}",
        source="bodey1966",
        doc="R4: infection risk is very high below ANC 100 (Bodey 1966).",
    ),
    rule(
        "R5",
        parts.anc_below(ANC_SEVERE),
        parts.low_for(LONG_NEUTROPENIA_DAYS),
        then=risk("very_high"),
        because=lambda anc, days: (
            f"ANC {cells(anc)} has been low for {days} days, more than {LONG_NEUTROPENIA_DAYS}"
        ),
        source="idsa2010",
        when=f"ANC below {ANC_SEVERE:,.0f} for more than {LONG_NEUTROPENIA_DAYS} days",
        doc="R5: severe neutropenia lasting more than 7 days is very high risk (IDSA 2010; "
        "Bodey 1966).",
    ),
)
