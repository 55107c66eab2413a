"""Medicine-specific triage (U6, U7, U8, S3, S4). Which medicine is which comes from the
lexicon (``triage/data/medications.toml``): rules match its class and monitoring
programme, never a drug name."""

from __future__ import annotations

from triage._experta import MATCH, TEST
from triage.facts import Cause, Count, Finding, Medication, Person, Symptom, TriageLevel
from triage.knowledge import ANTITHYROID_CLASS, CLOZAPINE_MONITORING, DEFERIPRONE_MONITORING
from triage.rules.base import TRIAGE, Concluding, at_least, below, cells, rule
from triage.thresholds import (
    ANC_NEUTROPENIA,
    CLOZAPINE_INTERRUPT_ANC,
    CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL,
)

# Label rules speak to prescribers; a patient is told what to do (clinical-rules §10).
DO_NOT_STOP = "Do not stop it on your own."
PRESCRIBER_TODAY = f"contact the doctor who prescribes it today; they may pause it. {DO_NOT_STOP}"


def clozapine_interrupt_limit(duffy_null: bool) -> float:
    """The clozapine label's interrupt threshold: lower for Duffy-null (BEN) patients."""
    return CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL if duffy_null else CLOZAPINE_INTERRUPT_ANC


class MedicationRules(Concluding):
    AREA = "medications"

    @rule(
        "U6",
        Medication(monitoring=CLOZAPINE_MONITORING, generic=MATCH.generic),
        Count(anc=MATCH.anc),
        Person(duffy_null=MATCH.duffy_null),
        TEST(lambda anc, duffy_null: anc < clozapine_interrupt_limit(duffy_null)),
        concludes="triage: urgent",
        when=f"clozapine and ANC below {CLOZAPINE_INTERRUPT_ANC:,.0f} "
        f"(Duffy-null: below {CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL:,.0f})",
        source="clozapine_label",
        salience=TRIAGE,
    )
    def u6_clozapine_interrupt(self, generic: str, anc: float, duffy_null: bool) -> None:
        """U6: the clozapine label says interrupt and consult haematology below ANC 1,000
        (Duffy-null: below 500)."""
        limit = clozapine_interrupt_limit(duffy_null)
        self.conclude(
            TriageLevel, "U6",
            f"{generic} with ANC {cells(anc)}, below {cells(limit)}: {PRESCRIBER_TODAY}",
            level="urgent",
        )  # fmt: skip

    @rule(
        "U7",
        Medication(monitoring=DEFERIPRONE_MONITORING, generic=MATCH.generic),
        Count(anc=MATCH.anc & below(ANC_NEUTROPENIA)),
        concludes="triage: urgent",
        when=f"deferiprone and ANC below {ANC_NEUTROPENIA:,.0f}",
        source="deferiprone_label",
        salience=TRIAGE,
    )
    def u7_deferiprone_interrupt(self, generic: str, anc: float) -> None:
        """U7: the deferiprone label says interrupt below ANC 1,500 (boxed warning)."""
        self.conclude(
            TriageLevel, "U7",
            f"{generic} with ANC {cells(anc)}, below {cells(ANC_NEUTROPENIA)}: {PRESCRIBER_TODAY}",
            level="urgent",
        )  # fmt: skip

    @rule(
        "U8",
        Medication(drug_class=ANTITHYROID_CLASS, generic=MATCH.generic),
        Symptom(agranulocytosis_sign=True, label=MATCH.label),
        concludes="triage: urgent",
        when="an antithyroid drug and a sore throat or mouth ulcers, whatever the ANC",
        source="andersohn2007",
        salience=TRIAGE,
    )
    def u8_antithyroid_sore_throat(self, generic: str, label: str) -> None:
        """U8: an antithyroid drug with a sore throat or mouth ulcers: check for
        agranulocytosis today, whatever the count (Andersohn 2007; drug labels)."""
        self.conclude(
            TriageLevel, "U8",
            f"{label} while taking {generic}: the count should be checked today",
            level="urgent",
        )  # fmt: skip

    @rule(
        "S3",
        Finding(name="neutropenic"),
        Cause(category="medication"),
        concludes="triage: soon",
        when="neutropenic and a medicine that can lower the count",
        source="gibson2014",
        salience=TRIAGE,
    )
    def s3_medication_cause(self) -> None:
        """S3: a low count with a medicine known to lower it deserves a visit within days
        (Gibson & Berliner 2014)."""
        self.conclude(
            TriageLevel, "S3", "a low count while taking a medicine that can lower it",
            level="soon",
        )  # fmt: skip

    @rule(
        "S4",
        Medication(monitoring=CLOZAPINE_MONITORING, generic=MATCH.generic),
        Finding(name="neutropenic"),
        Count(anc=MATCH.anc & at_least(CLOZAPINE_INTERRUPT_ANC)),
        concludes="triage: soon",
        when=f"clozapine, neutropenic, and ANC {CLOZAPINE_INTERRUPT_ANC:,.0f} or more",
        source="clozapine_label",
        salience=TRIAGE,
    )
    def s4_clozapine_monitor(self, generic: str, anc: float) -> None:
        """S4: clozapine with mild neutropenia: the label asks for counts three times a week."""
        self.conclude(
            TriageLevel, "S4",
            f"{generic} with a mildly low ANC of {cells(anc)}: tell the doctor who prescribes "
            f"it; they will want blood tests more often (three times a week). {DO_NOT_STOP}",
            level="soon",
        )  # fmt: skip
