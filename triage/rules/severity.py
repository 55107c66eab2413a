"""SEV rules: severity by ANC (clinical-rules.md §2), and CT rules: the CTCAE v5.0 grade
reported for nurses."""

from __future__ import annotations

from triage.rules import parts
from triage.rules.declare import Part, Rule, ctcae, rule, severity
from triage.text import cells, count
from triage.thresholds import ANC_MODERATE, ANC_NEUTROPENIA, ANC_PROFOUND, ANC_SEVERE

# (rule id, level, condition on the ANC, plain-words band)
SEVERITY_BANDS = (
    ("SEV1", "normal", parts.anc_at_least(ANC_NEUTROPENIA), f"{ANC_NEUTROPENIA:,.0f} or more"),
    (
        "SEV2",
        "mild",
        parts.anc_between(ANC_MODERATE, ANC_NEUTROPENIA),
        parts.band(ANC_MODERATE, ANC_NEUTROPENIA),
    ),
    (
        "SEV3",
        "moderate",
        parts.anc_between(ANC_SEVERE, ANC_MODERATE),
        parts.band(ANC_SEVERE, ANC_MODERATE),
    ),
    (
        "SEV4",
        "severe",
        parts.anc_between(ANC_PROFOUND, ANC_SEVERE),
        parts.band(ANC_PROFOUND, ANC_SEVERE),
    ),
    ("SEV5", "profound", parts.anc_below(ANC_PROFOUND), f"below {ANC_PROFOUND:,.0f}"),
)


def _severity_rule(rule_id: str, level: str, condition: Part, band: str) -> Rule:
    return rule(
        rule_id,
        condition,
        then=severity(level),
        because=lambda anc: f"ANC {cells(anc)} is in the {level} band ({band})",
        source="ctcae5",
        when=f"ANC {band} cells/µL",
        doc=f"{rule_id}: ANC {band} cells/µL is {level} (clinical-rules §2; CTCAE v5.0).",
    )


RULES = (
    *(_severity_rule(*band) for band in SEVERITY_BANDS),
    rule(
        "SEV6",
        parts.anc_unknown(),
        then=severity("unknown"),
        because="no ANC was given or could be computed",
        source="ctcae5",
        when="no ANC given and none computable",
        doc="SEV6: without an ANC the severity is unknown (clinical-rules §2).",
    ),
    rule(
        "CT1",
        parts.below_lab_limit(ANC_NEUTROPENIA),
        then=ctcae(1),
        because=lambda anc, lln: (
            f"ANC {cells(anc)} is below the lab's lower limit {cells(lln)} and at least "
            f"{cells(ANC_NEUTROPENIA)}"
        ),
        source="ctcae5",
        doc="CT1: CTCAE v5.0 grade 1 is below the lab's normal limit down to 1,500.",
    ),
    rule(
        "CT2",
        parts.anc_between(ANC_MODERATE, ANC_NEUTROPENIA),
        then=ctcae(2),
        because=lambda anc: f"ANC {cells(anc)} is {parts.to_under(ANC_MODERATE, ANC_NEUTROPENIA)}",
        source="ctcae5",
        doc="CT2: CTCAE v5.0 grade 2 is ANC 1,000 to under 1,500.",
    ),
    rule(
        "CT3",
        parts.anc_between(ANC_SEVERE, ANC_MODERATE),
        then=ctcae(3),
        because=lambda anc: f"ANC {cells(anc)} is {parts.to_under(ANC_SEVERE, ANC_MODERATE)}",
        source="ctcae5",
        doc="CT3: CTCAE v5.0 grade 3 is ANC 500 to under 1,000.",
    ),
    rule(
        "CT4",
        parts.anc_below(ANC_SEVERE),
        then=ctcae(4),
        because=lambda anc: f"ANC {cells(anc)} is under {count(ANC_SEVERE)}",
        source="ctcae5",
        doc="CT4: CTCAE v5.0 grade 4 is ANC under 500.",
    ),
)
