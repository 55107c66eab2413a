"""Triage rules driven by symptoms and the count (E5, E6, U3–U5, S1, S2, S6), red flags,
and the routine default (clinical-rules.md §4). Fever rules live in ``fever.py``;
medicine rules in ``medications.py``."""

from __future__ import annotations

from triage._experta import MATCH, NOT, OR
from triage.facts import Count, Finding, RedFlag, Symptom, Temperature, TriageLevel
from triage.knowledge import EMERGENCY_GROUP, FEELING_UNWELL
from triage.rules.base import TRIAGE, Concluding, below, cells, degrees, in_range, rule
from triage.thresholds import ANC_MODERATE, ANC_NEUTROPENIA, ANC_SEVERE

ROUTINE_DEFAULT = TRIAGE - 10  # after every triage rule has had its chance


class TriageRules(Concluding):
    AREA = "triage"

    @rule(
        "E5",
        Symptom(group=EMERGENCY_GROUP, label=MATCH.label),
        concludes="triage: emergency",
        when="any emergency symptom: trouble breathing, confusion, fainting, shaking chills, "
        "stiff neck, no urine, mottled skin",
        source="ukons",
        salience=TRIAGE,
    )
    def e5_emergency_symptom(self, label: str) -> None:
        """E5: an emergency symptom needs care now, whatever the count (UKONS; ACS/NCI)."""
        self.conclude(TriageLevel, "E5", f"{label} needs care now", level="emergency")

    @rule(
        "E6",
        Symptom(id=FEELING_UNWELL),
        Finding(name="recent_chemo"),
        concludes="triage: emergency",
        when="feeling generally unwell after recent chemotherapy, whatever the temperature "
        "and the ANC",
        source="nice_cg151",
        salience=TRIAGE,
    )
    def e6_unwell_after_chemo(self) -> None:
        """E6: anyone having anticancer treatment who becomes unwell may have neutropenic
        sepsis and needs care now, whatever the temperature and the count (NICE CG151 1.3;
        UKONS 2025)."""
        self.conclude(
            TriageLevel, "E6",
            "feeling generally unwell after recent chemotherapy, whatever the temperature "
            "and the count",
            level="emergency",
        )  # fmt: skip

    @rule(
        "U3",
        Count(anc=MATCH.anc & below(ANC_SEVERE)),
        concludes="triage: urgent",
        when=f"ANC below {ANC_SEVERE:,.0f}",
        source="idsa2010",
        salience=TRIAGE,
    )
    def u3_severe_count(self, anc: float) -> None:
        """U3: a severe count (under 500) needs a provider today (IDSA 2010)."""
        self.conclude(
            TriageLevel, "U3", f"ANC {cells(anc)} is below {cells(ANC_SEVERE)}", level="urgent"
        )

    @rule(
        "U4",
        Finding(name="infection_sign"),
        Count(anc=MATCH.anc & below(ANC_MODERATE)),
        concludes="triage: urgent",
        when=f"a sign of infection and ANC below {ANC_MODERATE:,.0f}",
        source="idsa2010",
        salience=TRIAGE,
    )
    def u4_infection_sign_low_count(self, anc: float) -> None:
        """U4: a sign of infection with ANC under 1,000 needs a provider today (IDSA 2010)."""
        self.conclude(
            TriageLevel, "U4",
            f"a sign of infection with ANC {cells(anc)}, below {cells(ANC_MODERATE)}",
            level="urgent",
        )  # fmt: skip

    @rule(
        "U5",
        Finding(name="infection_sign"),
        Finding(name="recent_chemo"),
        OR(Count(unknown=True), Count(anc=below(ANC_NEUTROPENIA))),
        concludes="triage: urgent",
        when=f"a sign of infection, recent chemotherapy, and ANC unknown or below "
        f"{ANC_NEUTROPENIA:,.0f}",
        source="ukons",
        salience=TRIAGE,
    )
    def u5_infection_sign_after_chemo(self) -> None:
        """U5: a sign of infection after recent chemotherapy, with an unknown or low count
        (UKONS; ASCO/IDSA 2018)."""
        self.conclude(
            TriageLevel, "U5",
            "a sign of infection after recent chemotherapy, with a low or unknown count",
            level="urgent",
        )  # fmt: skip

    @rule(
        "S1",
        Count(anc=MATCH.anc & in_range(ANC_SEVERE, ANC_MODERATE)),
        concludes="triage: soon",
        when=f"ANC {ANC_SEVERE:,.0f}–{ANC_MODERATE - 1:,.0f}",
        source="seed",
        salience=TRIAGE,
    )
    def s1_moderate_count(self, anc: float) -> None:
        """S1: a moderately low count deserves a visit within days (seed page; Bodey 1966)."""
        self.conclude(
            TriageLevel, "S1", f"ANC {cells(anc)} is moderately low (500 to under 1,000)",
            level="soon",
        )  # fmt: skip

    @rule(
        "S2",
        Finding(name="infection_sign"),
        Count(anc=MATCH.anc & in_range(ANC_MODERATE, ANC_NEUTROPENIA)),
        concludes="triage: soon",
        when=f"a sign of infection and ANC {ANC_MODERATE:,.0f}–{ANC_NEUTROPENIA - 1:,.0f}",
        source="seed",
        salience=TRIAGE,
    )
    def s2_infection_sign_mild_count(self, anc: float) -> None:
        """S2: a sign of infection with a mildly low count (seed page)."""
        self.conclude(
            TriageLevel, "S2", f"a sign of infection with a mildly low ANC of {cells(anc)}",
            level="soon",
        )  # fmt: skip

    @rule(
        "S6",
        Finding(name="infection_sign"),
        Finding(name="recent_chemo"),
        concludes="triage: soon",
        when="a sign of infection and recent chemotherapy, whatever the ANC",
        source="ukons",
        salience=TRIAGE,
    )
    def s6_infection_sign_chemo(self) -> None:
        """S6: a sign of infection after recent chemotherapy, whatever the count (UKONS)."""
        self.conclude(
            TriageLevel, "S6", "a sign of infection after recent chemotherapy", level="soon"
        )

    @rule(
        "XS1",
        Finding(name="infection_sign"),
        Count(unknown=True),
        concludes="triage: soon",
        when="a sign of infection and ANC unknown",
        source="idsa2010",
        salience=TRIAGE,
    )
    def xs1_infection_sign_unknown_count(self) -> None:
        """XS1: a sign of infection when the count is not known deserves a visit within days
        (our extension: the spec is silent; IDSA 2010)."""
        self.conclude(
            TriageLevel, "XS1", "a sign of infection and the ANC is not known", level="soon"
        )

    @rule(
        "T0",
        NOT(TriageLevel()),
        concludes="triage: routine",
        when="no other triage rule applies",
        source="seed",
        salience=ROUTINE_DEFAULT,
    )
    def t0_routine(self) -> None:
        """T0: with no rule asking for sooner care, discuss at the next visit (spec §4)."""
        self.conclude(TriageLevel, "T0", "no rule asked for sooner care", level="routine")

    @rule(
        "RF1",
        Finding(name="fever"),
        Temperature(celsius=MATCH.celsius),
        concludes="red flag: fever",
        when="fever",
        source="acs_nci_patient",
        salience=TRIAGE,
    )
    def rf1_fever(self, celsius: float) -> None:
        """RF1: a fever is a red flag to report (ACS/NCI patient pages)."""
        self.conclude(
            RedFlag, "RF1", "a fever is a warning sign", text=f"fever: {degrees(celsius)}"
        )

    @rule(
        "RF2",
        Finding(name="low_temperature"),
        Temperature(celsius=MATCH.celsius),
        concludes="red flag: low temperature",
        when="low temperature",
        source="esmo2016",
        salience=TRIAGE,
    )
    def rf2_low_temperature(self, celsius: float) -> None:
        """RF2: a low temperature is a red flag to report (ESMO 2016)."""
        self.conclude(
            RedFlag, "RF2", "a low temperature is a warning sign",
            text=f"low temperature: {degrees(celsius)}",
        )  # fmt: skip
