"""Severity by ANC (clinical-rules.md §2), the CTCAE v5.0 grade, and whether the person
is neutropenic (§1, with the Duffy-null exception)."""

from __future__ import annotations

from triage._experta import MATCH, TEST
from triage.facts import Count, CtcaeGrade, Finding, LabLowerLimit, Person, Severity
from triage.rules.base import CLASSIFY, FINDINGS, Concluding, at_least, below, cells, in_range, rule
from triage.thresholds import (
    ANC_MODERATE,
    ANC_NEUTROPENIA,
    ANC_PROFOUND,
    ANC_SEVERE,
    DUFFY_NULL_NORMAL_LOW,
)


def _band(low: float, high: float) -> str:
    return f"{low:,.0f}–{high - 1:,.0f}"


SEVERITY_BANDS = (
    # (rule id, level, pattern, plain-words band)
    ("SEV1", "normal", at_least(ANC_NEUTROPENIA), f"{ANC_NEUTROPENIA:,.0f} or more"),
    ("SEV2", "mild", in_range(ANC_MODERATE, ANC_NEUTROPENIA), _band(ANC_MODERATE, ANC_NEUTROPENIA)),
    ("SEV3", "moderate", in_range(ANC_SEVERE, ANC_MODERATE), _band(ANC_SEVERE, ANC_MODERATE)),
    ("SEV4", "severe", in_range(ANC_PROFOUND, ANC_SEVERE), _band(ANC_PROFOUND, ANC_SEVERE)),
    ("SEV5", "profound", below(ANC_PROFOUND), f"below {ANC_PROFOUND:,.0f}"),
)


def _severity_rule(rule_id: str, level: str, pattern: object, band: str) -> object:
    def severity(self: Concluding, anc: float) -> None:
        self.conclude(
            Severity, rule_id, f"ANC {cells(anc)} is in the {level} band ({band})", level=level
        )

    severity.__doc__ = f"{rule_id}: ANC {band} cells/µL is {level} (clinical-rules §2; CTCAE v5.0)."
    return rule(
        rule_id,
        Count(anc=MATCH.anc & pattern),
        concludes=f"severity: {level}",
        when=f"ANC {band} cells/µL",
        source="ctcae5",
        salience=CLASSIFY,
    )(severity)


class SeverityRules(Concluding):
    AREA = "severity"

    sev1_normal = _severity_rule(*SEVERITY_BANDS[0])
    sev2_mild = _severity_rule(*SEVERITY_BANDS[1])
    sev3_moderate = _severity_rule(*SEVERITY_BANDS[2])
    sev4_severe = _severity_rule(*SEVERITY_BANDS[3])
    sev5_profound = _severity_rule(*SEVERITY_BANDS[4])

    @rule(
        "SEV6",
        Count(unknown=True),
        concludes="severity: unknown",
        when="no ANC given and none computable",
        source="seed",
        salience=CLASSIFY,
    )
    def sev6_unknown(self) -> None:
        """SEV6: without an ANC the severity is unknown (clinical-rules §2)."""
        self.conclude(Severity, "SEV6", "no ANC was given or could be computed", level="unknown")

    @rule(
        "N12",
        Count(anc=MATCH.anc & below(ANC_NEUTROPENIA)),
        Person(duffy_null=False),
        concludes="finding: neutropenic",
        when=f"ANC below {ANC_NEUTROPENIA:,.0f}",
        source="seed",
        salience=FINDINGS,
    )
    def n12_neutropenic(self, anc: float) -> None:
        """N12: an ANC below 1,500 is neutropenia (seed page; CTCAE v5.0)."""
        self.conclude(
            Finding,
            "N12",
            f"ANC {cells(anc)} is below {cells(ANC_NEUTROPENIA)}",
            name="neutropenic",
        )

    @rule(
        "N13",
        Count(anc=MATCH.anc & below(DUFFY_NULL_NORMAL_LOW)),
        Person(duffy_null=True),
        concludes="finding: neutropenic",
        when=f"Duffy-null and ANC below {DUFFY_NULL_NORMAL_LOW:,.0f}",
        source="merz2023",
        salience=FINDINGS,
    )
    def n13_neutropenic_duffy_null(self, anc: float) -> None:
        """N13: for a Duffy-null person, neutropenia starts below 1,000 (Merz 2023)."""
        self.conclude(
            Finding, "N13",
            f"ANC {cells(anc)} is below {cells(DUFFY_NULL_NORMAL_LOW)}, low even for a "
            "Duffy-null person",
            name="neutropenic",
        )  # fmt: skip

    @rule(
        "N14",
        Count(anc=MATCH.anc & in_range(DUFFY_NULL_NORMAL_LOW, ANC_NEUTROPENIA)),
        Person(duffy_null=True),
        concludes="finding: within the Duffy-null range (not called neutropenic)",
        when=f"Duffy-null and ANC {DUFFY_NULL_NORMAL_LOW:,.0f}–{ANC_NEUTROPENIA - 1:,.0f}",
        source="merz2023",
        salience=FINDINGS,
    )
    def n14_duffy_null_range(self, anc: float) -> None:
        """N14: 1,000–1,499 is within the normal range of a Duffy-null person (Merz 2023)."""
        self.conclude(
            Finding, "N14",
            f"ANC {cells(anc)} is within the usual range for a Duffy-null person, "
            "so it is not called neutropenic",
            name="duffy_null_range",
        )  # fmt: skip

    @rule(
        "CT1",
        Count(anc=MATCH.anc & at_least(ANC_NEUTROPENIA)),
        LabLowerLimit(anc=MATCH.lln),
        TEST(lambda anc, lln: anc < lln),
        concludes="CTCAE grade 1",
        when=f"the lab's lower limit of normal is given and LLN > ANC ≥ {ANC_NEUTROPENIA:,.0f}",
        source="ctcae5",
        salience=CLASSIFY,
    )
    def ct1_grade1(self, anc: float, lln: float) -> None:
        """CT1: CTCAE v5.0 grade 1 is below the lab's normal limit down to 1,500."""
        self.conclude(
            CtcaeGrade, "CT1",
            f"ANC {cells(anc)} is below the lab's lower limit {cells(lln)} and at least "
            f"{cells(ANC_NEUTROPENIA)}",
            grade=1,
        )  # fmt: skip

    @rule(
        "CT2",
        Count(anc=MATCH.anc & in_range(ANC_MODERATE, ANC_NEUTROPENIA)),
        concludes="CTCAE grade 2",
        when=f"ANC {ANC_MODERATE:,.0f}–{ANC_NEUTROPENIA - 1:,.0f}",
        source="ctcae5",
        salience=CLASSIFY,
    )
    def ct2_grade2(self, anc: float) -> None:
        """CT2: CTCAE v5.0 grade 2 is ANC 1,000 to under 1,500."""
        self.conclude(CtcaeGrade, "CT2", f"ANC {cells(anc)} is 1,000 to under 1,500", grade=2)

    @rule(
        "CT3",
        Count(anc=MATCH.anc & in_range(ANC_SEVERE, ANC_MODERATE)),
        concludes="CTCAE grade 3",
        when=f"ANC {ANC_SEVERE:,.0f}–{ANC_MODERATE - 1:,.0f}",
        source="ctcae5",
        salience=CLASSIFY,
    )
    def ct3_grade3(self, anc: float) -> None:
        """CT3: CTCAE v5.0 grade 3 is ANC 500 to under 1,000."""
        self.conclude(CtcaeGrade, "CT3", f"ANC {cells(anc)} is 500 to under 1,000", grade=3)

    @rule(
        "CT4",
        Count(anc=MATCH.anc & below(ANC_SEVERE)),
        concludes="CTCAE grade 4",
        when=f"ANC below {ANC_SEVERE:,.0f}",
        source="ctcae5",
        salience=CLASSIFY,
    )
    def ct4_grade4(self, anc: float) -> None:
        """CT4: CTCAE v5.0 grade 4 is ANC under 500."""
        self.conclude(CtcaeGrade, "CT4", f"ANC {cells(anc)} is under 500", grade=4)
