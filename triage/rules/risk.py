"""Infection risk by ANC and how long it has been low (clinical-rules.md §3)."""

from __future__ import annotations

from triage._experta import MATCH, NOT
from triage.facts import Count, InfectionRisk, NeutropeniaDuration
from triage.rules.base import CLASSIFY, Concluding, above, at_least, below, cells, in_range, rule
from triage.thresholds import ANC_MODERATE, ANC_PROFOUND, ANC_SEVERE, LONG_NEUTROPENIA_DAYS


class RiskRules(Concluding):
    AREA = "infection risk"

    @rule(
        "R0",
        Count(unknown=True),
        concludes="infection risk: unknown",
        when="no ANC known",
        source="seed",
        salience=CLASSIFY,
    )
    def r0_unknown(self) -> None:
        """R0: without an ANC the infection risk cannot be rated (clinical-rules §3)."""
        self.conclude(InfectionRisk, "R0", "no ANC is known", level="unknown")

    @rule(
        "R1",
        Count(anc=MATCH.anc & at_least(ANC_MODERATE)),
        concludes="infection risk: low",
        when=f"ANC {ANC_MODERATE:,.0f} or more",
        source="bodey1966",
        salience=CLASSIFY,
    )
    def r1_low(self, anc: float) -> None:
        """R1: infection risk is low while the ANC is 1,000 or more (Bodey 1966)."""
        self.conclude(
            InfectionRisk, "R1", f"ANC {cells(anc)} is at least {cells(ANC_MODERATE)}", level="low"
        )

    @rule(
        "R2",
        Count(anc=MATCH.anc & in_range(ANC_SEVERE, ANC_MODERATE)),
        concludes="infection risk: moderate",
        when=f"ANC {ANC_SEVERE:,.0f}–{ANC_MODERATE - 1:,.0f}",
        source="bodey1966",
        salience=CLASSIFY,
    )
    def r2_moderate(self, anc: float) -> None:
        """R2: infection risk is moderate at ANC 500–999 (Bodey 1966)."""
        self.conclude(
            InfectionRisk, "R2", f"ANC {cells(anc)} is 500 to under 1,000", level="moderate"
        )

    @rule(
        "R3",
        Count(anc=MATCH.anc & in_range(ANC_PROFOUND, ANC_SEVERE)),
        NOT(NeutropeniaDuration(days=above(LONG_NEUTROPENIA_DAYS))),
        concludes="infection risk: high",
        when=f"ANC {ANC_PROFOUND:,.0f}–{ANC_SEVERE - 1:,.0f} for {LONG_NEUTROPENIA_DAYS} days "
        "or less (or duration unknown)",
        source="bodey1966",
        salience=CLASSIFY,
    )
    def r3_high(self, anc: float) -> None:
        """R3: infection risk is high at ANC 100–499 for up to 7 days (Bodey 1966; IDSA 2010)."""
        self.conclude(
            InfectionRisk, "R3",
            f"ANC {cells(anc)} is 100 to under 500, low for {LONG_NEUTROPENIA_DAYS} days "
            "or less (or for an unknown time)",
            level="high",
        )  # fmt: skip

    @rule(
        "R4",
        Count(anc=MATCH.anc & below(ANC_PROFOUND)),
        concludes="infection risk: very high",
        when=f"ANC below {ANC_PROFOUND:,.0f}",
        source="bodey1966",
        salience=CLASSIFY,
    )
    def r4_very_high_profound(self, anc: float) -> None:
        """R4: infection risk is very high below ANC 100 (Bodey 1966)."""
        self.conclude(
            InfectionRisk,
            "R4",
            f"ANC {cells(anc)} is below {cells(ANC_PROFOUND)}",
            level="very_high",
        )

    @rule(
        "R5",
        Count(anc=MATCH.anc & below(ANC_SEVERE)),
        NeutropeniaDuration(days=MATCH.days & above(LONG_NEUTROPENIA_DAYS)),
        concludes="infection risk: very high",
        when=f"ANC below {ANC_SEVERE:,.0f} for more than {LONG_NEUTROPENIA_DAYS} days",
        source="idsa2010",
        salience=CLASSIFY,
    )
    def r5_very_high_prolonged(self, anc: float, days: int) -> None:
        """R5: severe neutropenia lasting more than 7 days is very high risk (IDSA 2010;
        Bodey 1966)."""
        self.conclude(
            InfectionRisk, "R5",
            f"ANC {cells(anc)} has been low for {days} days, more than {LONG_NEUTROPENIA_DAYS}",
            level="very_high",
        )  # fmt: skip
