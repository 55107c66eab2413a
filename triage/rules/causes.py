"""Likely cause categories (clinical-rules.md §5), looked for only when the person is
neutropenic or the ANC is unknown. Which condition belongs to which category is data
(``vocabulary.toml``); which medicine is chemotherapy is the lexicon's class."""

from __future__ import annotations

from triage._experta import MATCH, OR, P
from triage.facts import Cause, Chemotherapy, Condition, Count, Finding, Medication
from triage.knowledge import CHEMOTHERAPY_CLASS
from triage.rules.base import CLASSIFY, FINDINGS, Concluding, at_most, rule
from triage.thresholds import RECENT_CHEMO_DAYS

BONE_MARROW = "bone_marrow_production"


class CauseRules(Concluding):
    AREA = "causes"

    @rule(
        "C0",
        OR(Finding(name="neutropenic"), Count(unknown=True)),
        concludes="finding: look for a cause",
        when="neutropenic, or the ANC is unknown (never for a normal count)",
        source="seed",
        salience=FINDINGS - 1,
    )
    def c0_look_for_cause(self) -> None:
        """C0: causes are looked for only when the count is low or unknown (clinical-rules §5)."""
        self.conclude(
            Finding, "C0", "the count is low or unknown, so possible causes are listed",
            name="cause_search",
        )  # fmt: skip

    @rule(
        "C1",
        Finding(name="cause_search"),
        Medication(
            generic=MATCH.generic,
            drug_class=MATCH.drug_class & P(lambda c: c != CHEMOTHERAPY_CLASS),
        ),
        concludes="cause: medication",
        when="a medicine in the lexicon that can lower the count (not chemotherapy)",
        source="gibson2014",
        salience=CLASSIFY,
    )
    def c1_medication(self, generic: str, drug_class: str) -> None:
        """C1: a non-chemotherapy medicine known to lower the count (Gibson & Berliner 2014;
        Andersohn 2007)."""
        self.conclude(
            Cause, "C1", f"{generic} ({drug_class.replace('_', ' ')}) can lower the count",
            category="medication", evidence=generic,
        )  # fmt: skip

    @rule(
        "C2",
        Finding(name="cause_search"),
        Condition(category=MATCH.category, label=MATCH.label),
        concludes="cause: the condition's category",
        when="a condition linked to a cause category (bone marrow, immune, infection, nutrition)",
        source="seed",
        salience=CLASSIFY,
    )
    def c2_condition(self, category: str, label: str) -> None:
        """C2: conditions known to lower the count, by category (seed page; Gibson & Berliner
        2014)."""
        self.conclude(
            Cause, "C2", f"{label} can lower the count ({category.replace('_', ' ')})",
            category=category, evidence=label,
        )  # fmt: skip

    @rule(
        "C3",
        Finding(name="cause_search"),
        Chemotherapy(days=MATCH.days & at_most(RECENT_CHEMO_DAYS)),
        concludes="cause: bone marrow production",
        when=f"chemotherapy in the last {RECENT_CHEMO_DAYS} days",
        source="asco_idsa2018",
        salience=CLASSIFY,
    )
    def c3_recent_chemo(self, days: int) -> None:
        """C3: recent chemotherapy slows the bone marrow (ASCO/IDSA 2018)."""
        self.conclude(
            Cause, "C3", f"chemotherapy {days} days ago slows the bone marrow",
            category=BONE_MARROW, evidence=f"chemotherapy {days} days ago",
        )  # fmt: skip

    @rule(
        "C4",
        Finding(name="cause_search"),
        Medication(generic=MATCH.generic, drug_class=CHEMOTHERAPY_CLASS),
        concludes="cause: bone marrow production",
        when="a chemotherapy drug among the medicines",
        source="gibson2014",
        salience=CLASSIFY,
    )
    def c4_chemo_drug(self, generic: str) -> None:
        """C4: chemotherapy drugs slow the bone marrow (Gibson & Berliner 2014)."""
        self.conclude(
            Cause, "C4", f"{generic} is a chemotherapy drug that slows the bone marrow",
            category=BONE_MARROW, evidence=generic,
        )  # fmt: skip
