"""E rules: get care now (clinical-rules.md §4, emergency; December 2026 revision)."""

from __future__ import annotations

from triage.knowledge import EMERGENCY_GROUP, FAST_HEARTBEAT, FEELING_UNWELL, INFECTION_SIGN_GROUP
from triage.rules import parts
from triage.rules.declare import rule, triage
from triage.text import cells, degrees
from triage.thresholds import (
    ANC_MODERATE,
    ANC_SEVERE,
    BORDERLINE_C,
    DISTINCT_SIGNS_FOR_E8,
    FEVER_C,
    LOW_TEMPERATURE_C,
)

EMERGENCY = triage("emergency")
INFECTION_SIGN = parts.symptom_finding(INFECTION_SIGN_GROUP, "sign of infection")
BORDERLINE = f"{degrees(BORDERLINE_C)} to under {degrees(FEVER_C)}"

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
        because=lambda fever: f"{fever} after recent anticancer treatment, whatever the count",
        source="asco_idsa2018",
        when="fever (or possible fever) and recent anticancer treatment, whatever the ANC",
        doc="""E2: fever after recent anticancer treatment needs care now, whatever the count
        (ASCO/IDSA 2018; UKONS 2025).""",
    ),
    rule(
        "E3",
        parts.fever(),
        parts.at_risk(),
        parts.no_finding("recent_chemo", "recent anticancer treatment (E2 says that)"),
        then=EMERGENCY,
        because=lambda fever: (
            f"{fever} in someone at risk of neutropenic sepsis, whatever the count"
        ),
        source="nice_ng253",
        when="fever (or possible fever) and at risk for another reason than recent anticancer "
        "treatment (E2), whatever the ANC",
        doc="""E3: a fever in anyone at risk of neutropenic sepsis needs care now, whatever the
        count (NICE NG253/NG254 1.1.9; CCLG: a child on treatment at 38 °C once, even if they
        appear well).""",
    ),
    rule(
        "E4",
        parts.low_temperature(LOW_TEMPERATURE_C),
        parts.any_of(
            f"ANC below {ANC_MODERATE:,.0f}, recent anticancer treatment or a "
            "neutropenia-prone history",
            parts.anc_below(ANC_MODERATE),
            parts.recent_chemo(),
            parts.prone_history(),
        ),
        then=EMERGENCY,
        because=f"a temperature below {degrees(LOW_TEMPERATURE_C)} with a low count, recent "
        "anticancer treatment or a blood or marrow condition can be a sign of serious infection",
        source="alert_cards",
        when=f"low temperature and (ANC below {ANC_MODERATE:,.0f}, recent anticancer treatment "
        "or a neutropenia-prone history)",
        doc="""E4: a low temperature with a low count, recent anticancer treatment or a
        neutropenia-prone history can be sepsis (NHS alert cards: "less than 36.0 °C"; ESMO
        2016; UKONS 2025).""",
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
        parts.any_of(
            "feeling generally unwell or a fast heartbeat",
            parts.symptom(FEELING_UNWELL),
            parts.symptom(FAST_HEARTBEAT),
        ),
        parts.at_risk(),
        then=EMERGENCY,
        because="feeling unwell or a racing heart in someone at risk of neutropenic sepsis, "
        "whatever the temperature and the count",
        source="nice_ng253",
        when="feeling generally unwell or a fast heartbeat, and at risk, whatever the "
        "temperature and the ANC",
        doc="""E6: anyone at risk of neutropenic sepsis who becomes unwell, or has a fast
        heartbeat, needs care now, whatever the temperature and the count (NICE CG151 1.3;
        NICE NG253 1.1.9; CCLG; UKONS 2025).""",
    ),
    rule(
        "E7",
        parts.borderline(),
        parts.recent_chemo(),
        parts.either(parts.not_a_child(), parts.any_symptom()),
        then=EMERGENCY,
        because=f"a temperature of {BORDERLINE} after recent anticancer treatment",
        source="alert_cards",
        when=f"borderline temperature ({BORDERLINE}) and recent anticancer treatment; for a "
        "child under 16, with any symptom or feeling feverish",
        doc="""E7: after anticancer treatment a temperature of 37.5 °C or more means call now
        (UKONS 2025; NHS alert cards); a child with a borderline reading needs another symptom
        too (CCLG), else U11.""",
    ),
    rule(
        "E8",
        parts.systemic_treatment(),
        parts.distinct_signs(DISTINCT_SIGNS_FOR_E8),
        then=EMERGENCY,
        because="two or more different signs of infection after recent systemic anticancer "
        "treatment",
        source="ukons",
        doc="""E8: several signs of infection after systemic anticancer treatment: "red or
        multiple amber" means face-to-face assessment now (UKONS 2025).""",
    ),
    rule(
        "E9",
        INFECTION_SIGN,
        parts.anc_below(ANC_SEVERE),
        then=EMERGENCY,
        because=lambda anc: (
            f"a sign of infection with ANC {cells(anc)}, below {cells(ANC_SEVERE)}, even "
            "without a fever"
        ),
        source="idsa2010",
        when=f"a sign of infection and ANC below {ANC_SEVERE:,.0f}, with or without a fever",
        doc="""E9: a sign of infection with a count below 500 is treated as high risk even
        without a fever (IDSA 2010; NICE CG151).""",
    ),
    rule(
        "E10",
        parts.fever(),
        parts.finding("young_infant", "a baby under 3 months", "not known to be under 3 months"),
        then=EMERGENCY,
        because=lambda fever: f"{fever} in a baby under 3 months",
        source="nice_ng143",
        when="fever (or possible fever) and under 3 months old",
        doc="E10: a fever under 3 months is red in the traffic-light table (NICE NG143).",
    ),
)
