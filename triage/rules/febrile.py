"""FN rules: febrile neutropenia, the IDSA definition, a flag for nurses (clinical-rules.md
§4): a high fever once, or a fever sustained for an hour, with a count below 500, or below
1,000 and expected to fall."""

from __future__ import annotations

from triage.rules import parts
from triage.rules.declare import febrile_neutropenia, rule
from triage.text import cells
from triage.thresholds import ANC_MODERATE, ANC_SEVERE, FEVER_C, HIGH_FEVER_C

RULES = (
    rule(
        "FN1",
        parts.idsa_fever(),
        parts.anc_below(ANC_SEVERE),
        then=febrile_neutropenia(),
        because=lambda anc: (
            f"fever meets the IDSA definition and ANC {cells(anc)} is below {cells(ANC_SEVERE)}"
        ),
        source="idsa2010",
        when=f"IDSA fever (≥ {HIGH_FEVER_C} °C once, or ≥ {FEVER_C} °C for an hour) "
        f"and ANC below {ANC_SEVERE:,.0f}",
        doc="FN1: febrile neutropenia, IDSA definition, ANC below 500 (IDSA 2010; CTCAE v5.0).",
    ),
    rule(
        "FN2",
        parts.idsa_fever(),
        parts.anc_below(ANC_MODERATE),
        parts.finding("count_expected_to_fall", "expected to fall"),
        then=febrile_neutropenia(),
        because=lambda anc: (
            f"fever meets the IDSA definition and ANC {cells(anc)} is below "
            f"{cells(ANC_MODERATE)} and expected to fall"
        ),
        source="idsa2010",
        doc="""FN2: febrile neutropenia, IDSA definition, ANC below 1,000 and expected to fall
        below 500 (IDSA 2010).""",
    ),
)
