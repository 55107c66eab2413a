"""History and symptoms: recent chemotherapy, a count expected to fall, a
neutropenia-prone history, infection signs and emergency symptoms (findings used by
the triage rules)."""

from __future__ import annotations

from triage._experta import MATCH, NOT
from triage.facts import (
    Chemotherapy,
    Condition,
    CountFalling,
    Finding,
    Medication,
    RedFlag,
    Symptom,
)
from triage.knowledge import (
    CHEMOTHERAPY_CLASS,
    EMERGENCY_GROUP,
    INFECTION_SIGN_GROUP,
    symptom_labels,
)
from triage.rules.base import FINDINGS, Concluding, at_most, rule
from triage.thresholds import NADIR_CHEMO_DAYS, RECENT_CHEMO_DAYS


class ContextRules(Concluding):
    AREA = "history and symptoms"

    @rule(
        "N5",
        Chemotherapy(days=MATCH.days & at_most(RECENT_CHEMO_DAYS)),
        concludes="finding: recent chemotherapy",
        when=f"last chemotherapy dose {RECENT_CHEMO_DAYS} days ago or less",
        source="asco_idsa2018",
        salience=FINDINGS,
    )
    def n5_recent_chemo_days(self, days: int) -> None:
        """N5: chemotherapy within six weeks counts as recent (ASCO/IDSA 2018; UKONS)."""
        self.conclude(
            Finding, "N5",
            f"the last chemotherapy was {days} days ago ({RECENT_CHEMO_DAYS} or less)",
            name="recent_chemo",
        )  # fmt: skip

    @rule(
        "N6",
        Condition(on_chemotherapy=True, label=MATCH.label),
        concludes="finding: recent chemotherapy",
        when="being treated with chemotherapy now",
        source="asco_idsa2018",
        salience=FINDINGS,
    )
    def n6_on_chemo(self, label: str) -> None:
        """N6: someone being treated with chemotherapy now counts as recent (ASCO/IDSA 2018)."""
        self.conclude(Finding, "N6", f"reported: {label}", name="recent_chemo")

    @rule(
        "N15",
        Medication(drug_class=CHEMOTHERAPY_CLASS, generic=MATCH.generic),
        NOT(Chemotherapy()),
        concludes="finding: recent chemotherapy",
        when="a chemotherapy drug is listed and the date of the last dose is not known",
        source="asco_idsa2018",
        salience=FINDINGS,
    )
    def n15_chemo_drug_undated(self, generic: str) -> None:
        """N15: a listed chemotherapy drug with no date counts as recent, to be safe (our
        extension of spec §1: when in doubt, triage up; ASCO/IDSA 2018)."""
        self.conclude(
            Finding, "N15",
            f"{generic} is chemotherapy and the date of the last dose is not known: "
            "counted as recent, to be safe",
            name="recent_chemo",
        )  # fmt: skip

    @rule(
        "N7",
        CountFalling(),
        concludes="finding: count expected to fall",
        when="a nurse judged that the count will fall",
        source="idsa2010",
        salience=FINDINGS,
    )
    def n7_count_falling(self) -> None:
        """N7: the count is expected to fall (nurse's judgement; IDSA 2010 definition)."""
        self.conclude(Finding, "N7", "the count is expected to fall", name="count_expected_to_fall")

    @rule(
        "N8",
        Chemotherapy(days=MATCH.days & at_most(NADIR_CHEMO_DAYS)),
        concludes="finding: count expected to fall",
        when=f"last chemotherapy dose {NADIR_CHEMO_DAYS} days ago or less",
        source="idsa2010",
        salience=FINDINGS,
    )
    def n8_nadir_window(self, days: int) -> None:
        """N8: within two weeks of chemotherapy the count is usually still falling
        (IDSA 2010)."""
        self.conclude(
            Finding, "N8",
            f"chemotherapy {days} days ago: the count may still be falling "
            f"(within {NADIR_CHEMO_DAYS} days)",
            name="count_expected_to_fall",
        )  # fmt: skip

    @rule(
        "N9",
        Condition(neutropenia_prone=True, label=MATCH.label),
        concludes="finding: neutropenia-prone history",
        when="leukaemia, bone marrow failure, congenital or cyclic neutropenia, "
        "or a stem cell transplant",
        source="idsa2010",
        salience=FINDINGS,
    )
    def n9_prone_history(self, label: str) -> None:
        """N9: conditions that make a low count likely (IDSA 2010; seed page)."""
        self.conclude(Finding, "N9", f"{label} makes a low count likely", name="neutropenia_prone")

    @rule(
        "N10",
        Symptom(group=INFECTION_SIGN_GROUP, label=MATCH.label),
        concludes="finding: sign of infection",
        when=f"any sign of infection: {symptom_labels(INFECTION_SIGN_GROUP)}",
        source="idsa2010",
        salience=FINDINGS,
    )
    def n10_infection_sign(self, label: str) -> None:
        """N10: symptoms that can be the first sign of an infection (IDSA 2010; CDC)."""
        self.conclude(Finding, "N10", f"{label} can be a sign of infection", name="infection_sign")

    @rule(
        "N11",
        Symptom(group=EMERGENCY_GROUP, label=MATCH.label),
        concludes="finding: emergency symptom and red flag",
        when=f"any emergency symptom: {symptom_labels(EMERGENCY_GROUP)}",
        source="ukons",
        salience=FINDINGS,
    )
    def n11_emergency_symptom(self, label: str) -> None:
        """N11: symptoms that can mean sepsis or another emergency (UKONS; ACS/NCI)."""
        self.conclude(Finding, "N11", f"{label} is an emergency symptom", name="emergency_symptom")
        self.conclude(RedFlag, "N11", f"{label} is an emergency symptom", text=label)
