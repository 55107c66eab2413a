"""Every clinical threshold of the rule base, named once (clinical-rules.md §1–§4).

Rules compare against these names, never against literals, so a threshold change is
one edit here plus the tests that pin its boundary.
"""

from __future__ import annotations

from typing import Final

# ANC bands, cells/µL (§2 severity, §3 infection risk, §4 triage).
ANC_NEUTROPENIA: Final = 1500.0  # below this: neutropenic (mild starts here)
ANC_MODERATE: Final = 1000.0  # below this: moderate
ANC_SEVERE: Final = 500.0  # below this: severe
ANC_PROFOUND: Final = 100.0  # below this: profound
DUFFY_NULL_NORMAL_LOW: Final = 1000.0  # Duffy-null: 1,000–1,499 is within their normal range
CLOZAPINE_INTERRUPT_ANC: Final = 1000.0  # U6, general population
CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL: Final = 500.0  # U6, Duffy-null (clozapine label BEN table)

# Duration (§3).
LONG_NEUTROPENIA_DAYS: Final = 7  # more than this many days below 500: very high risk

# Temperature, °C (§1).
FEVER_C: Final = 38.0
HIGH_FEVER_C: Final = 38.3
LOW_TEMPERATURE_C: Final = 36.0  # below this: a sign of sepsis when neutropenic
# 37.5 °C up to the fever line: borderline, a red flag after anticancer treatment (UKONS
# 2025; NHS acute-oncology alert cards).
BORDERLINE_C: Final = 37.5
# The °F figures patients are told (38.3 °C is 100.9 °F; the guidelines round to 101).
FAHRENHEIT_AS_TAUGHT: Final = {
    FEVER_C: 100.4,
    HIGH_FEVER_C: 101.0,
    LOW_TEMPERATURE_C: 96.8,
    BORDERLINE_C: 99.5,
}
REMEASURE_HOURS: Final = 1  # "measure again in one hour" (CCLG; U10, U11)
REMEASURE_WORDS: Final = "one hour"  # REMEASURE_HOURS as a patient reads it

# Age (§4, children): under this many years the text speaks to a parent and E7 differs.
CHILD_AGE_YEARS: Final = 16
MONTHS_PER_YEAR: Final = 12
YOUNG_INFANT_MONTHS: Final = 3  # a fever under 3 months is red (NICE NG143; E10)

# How old a count may be and still be current (§1, current count), in days.
CURRENT_COUNT_DAYS: Final = 2

# E8: this many different infection signs after systemic anticancer treatment (UKONS
# 2025: "multiple amber" is red).
DISTINCT_SIGNS_FOR_E8: Final = 2
SUSTAINED_FEVER_HOURS: Final = 1.0  # IDSA: ≥ 38.0 °C sustained over an hour

# Chemotherapy timing, days since the last dose.
RECENT_CHEMO_DAYS: Final = 42  # six weeks: "recent chemotherapy"
NADIR_CHEMO_DAYS: Final = 14  # count expected to fall (febrile neutropenia definition)

# Long-term steroids (§1, immunosuppressed; ACIP/IDSA 2013): daily for this many days at
# 20 mg prednisolone or more, or for 4 weeks at any dose (the interview's question).
LONG_TERM_STEROID_DAYS: Final = 14
LONG_TERM_STEROID_MG: Final = 20
LONG_TERM_STEROID_ANY_DOSE_WEEKS: Final = 4

# Unit inference and plausible ranges (§1).
ANC_NO_UNIT_CELLS_MIN: Final = 100.0  # a bare number ≥ 100 is cells/µL
ANC_NO_UNIT_GIGA_MAX: Final = 30.0  # a bare non-integer below 30 is ×10⁹/L
ANC_MAX_CELLS: Final = 100_000.0
WBC_MAX_GIGA: Final = 500.0  # ×10⁹/L; above this the unit is almost surely cells/µL
# A white count without a unit from here up is ambiguous: 100 ×10⁹/L is extreme
# leukocytosis, 100 cells/µL a very low count; read the wrong way, a very low count
# would look normal (triage down), so the unit is asked for, as for a bare ANC.
WBC_NO_UNIT_AMBIGUOUS_MIN: Final = 100.0
TEMP_NO_UNIT_C: Final = (30.0, 45.0)
TEMP_NO_UNIT_F: Final = (86.0, 113.0)
TEMP_PLAUSIBLE_C: Final = (25.0, 45.0)  # with an explicit unit (deep hypothermia to hyperpyrexia)
CELLS_PER_GIGA: Final = 1000.0  # 1 ×10⁹/L = 1,000 cells/µL

# Safety net (§9): an unknown count is probed just below each of these limits, by the
# smallest step a count is reported in (500 as §9 says; 1,000 and 1,500 where a count
# that low already raises the level).
SAFETY_NET_ANC_LIMITS: Final = (ANC_NEUTROPENIA, ANC_MODERATE, ANC_SEVERE)
ANC_SMALLEST_STEP: Final = 1.0  # cells/µL
TEMPERATURE_SMALLEST_STEP: Final = 0.1  # °C: a low-temperature probe reads 35.9 °C

# Clinician scores (docs/scores.md): MASCC (Klastersky 2000) and CISNE (Carmona-Bayonas
# 2015). They inform nurses and never change the triage.
MASCC_LOW_RISK_MIN: Final = 21  # total >= 21 is low risk
MASCC_MAX_POINTS: Final = 26
MASCC_AGE_POINTS_BELOW: Final = 60  # age < 60 years scores 2
HYPOTENSION_SYSTOLIC_MMHG: Final = 90  # hypotension is systolic < 90 mmHg
CISNE_ECOG_MIN: Final = 2  # ECOG performance status >= 2 scores 2
CISNE_MUCOSITIS_GRADE_MIN: Final = 2  # NCI mucositis grade >= 2 scores 1
CISNE_MONOCYTES_LOW_PER_UL: Final = 200  # monocytes < 200 cells/µL scores 1
CISNE_HIGH_RISK_MIN: Final = 3  # 0 low, 1-2 intermediate, >= 3 high
CISNE_MAX_POINTS: Final = 8
