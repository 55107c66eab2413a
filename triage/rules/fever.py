"""Temperature: fever (measured, or possible when someone feels feverish and has not
measured it), high fever, low temperature, febrile neutropenia, and the triage rules
driven by a fever or a low temperature (E1–E4, U1, U2, S5)."""

from __future__ import annotations

from triage._experta import MATCH, NOT, OR
from triage.facts import (
    Count,
    FebrileNeutropenia,
    FeverDuration,
    Finding,
    Symptom,
    Temperature,
    TriageLevel,
)
from triage.knowledge import FEELS_FEVERISH
from triage.rules.base import (
    CLASSIFY,
    FINDINGS,
    TRIAGE,
    Concluding,
    at_least,
    below,
    cells,
    degrees,
    in_range,
    rule,
)
from triage.thresholds import (
    ANC_MODERATE,
    ANC_NEUTROPENIA,
    ANC_SEVERE,
    FEVER_C,
    HIGH_FEVER_C,
    LOW_TEMPERATURE_C,
    SUSTAINED_FEVER_HOURS,
)

IDSA_FEVER = OR(Finding(name="high_fever"), Finding(name="sustained_fever"))
# A fever, measured (N1) or possible (N16); ``fever`` binds how to say which.
FEVER = Finding(name="fever", words=MATCH.fever)
MEASURED_FEVER_WORDS = "fever"
POSSIBLE_FEVER_WORDS = "possible fever (feeling hot, sweaty or shivery, not measured)"


class FeverRules(Concluding):
    AREA = "fever"

    @rule(
        "N1",
        Temperature(celsius=MATCH.celsius & at_least(FEVER_C)),
        concludes="finding: fever",
        when=f"temperature at or above {degrees(FEVER_C)}",
        source="idsa2010",
        salience=FINDINGS,
    )
    def n1_fever(self, celsius: float) -> None:
        """N1: a temperature of 38.0 °C (100.4 °F) or more is a fever (IDSA 2010; CDC)."""
        self.conclude(
            Finding, "N1", f"temperature {degrees(celsius)} is at or above {degrees(FEVER_C)}",
            name="fever", words=MEASURED_FEVER_WORDS,
        )  # fmt: skip

    @rule(
        "N16",
        Symptom(id=FEELS_FEVERISH),
        NOT(Temperature()),
        concludes="finding: fever (possible)",
        when="feeling hot, sweaty or shivery, and no temperature was measured",
        source="nice_cg151",
        salience=FINDINGS,
    )
    def n16_possible_fever(self) -> None:
        """N16: someone who feels feverish and has not measured it is triaged as if the
        fever were real (spec §1; NICE CG151). A measured temperature overrides it."""
        self.conclude(
            Finding, "N16",
            "feeling hot, sweaty or shivery with no temperature measured counts as a "
            "possible fever",
            name="fever", words=POSSIBLE_FEVER_WORDS,
        )  # fmt: skip

    @rule(
        "N2",
        Temperature(celsius=MATCH.celsius & at_least(HIGH_FEVER_C)),
        concludes="finding: high fever",
        when=f"temperature at or above {degrees(HIGH_FEVER_C)}",
        source="idsa2010",
        salience=FINDINGS,
    )
    def n2_high_fever(self, celsius: float) -> None:
        """N2: a single reading of 38.3 °C (101 °F) or more is a high fever (IDSA 2010)."""
        self.conclude(
            Finding, "N2", f"temperature {degrees(celsius)} is at or above {degrees(HIGH_FEVER_C)}",
            name="high_fever",
        )  # fmt: skip

    @rule(
        "N3",
        Temperature(celsius=MATCH.celsius & below(LOW_TEMPERATURE_C)),
        concludes="finding: low temperature",
        when=f"temperature below {degrees(LOW_TEMPERATURE_C)}",
        source="esmo2016",
        salience=FINDINGS,
    )
    def n3_low_temperature(self, celsius: float) -> None:
        """N3: below 36.0 °C is a low temperature, a sign of sepsis when neutropenic (ESMO 2016)."""
        self.conclude(
            Finding, "N3", f"temperature {degrees(celsius)} is below {degrees(LOW_TEMPERATURE_C)}",
            name="low_temperature",
        )  # fmt: skip

    @rule(
        "N4",
        Temperature(celsius=at_least(FEVER_C)),
        FeverDuration(hours=MATCH.hours & at_least(SUSTAINED_FEVER_HOURS)),
        concludes="finding: sustained fever",
        when=f"temperature at or above {degrees(FEVER_C)} for at least "
        f"{SUSTAINED_FEVER_HOURS:g} hour",
        source="idsa2010",
        salience=FINDINGS,
    )
    def n4_sustained_fever(self, hours: float) -> None:
        """N4: 38.0 °C sustained over an hour meets the IDSA fever definition (IDSA 2010)."""
        self.conclude(
            Finding, "N4",
            f"the fever has lasted {hours:g} hours (at least {SUSTAINED_FEVER_HOURS:g})",
            name="sustained_fever",
        )  # fmt: skip

    @rule(
        "FN1",
        IDSA_FEVER,
        Count(anc=MATCH.anc & below(ANC_SEVERE)),
        concludes="febrile neutropenia",
        when=f"IDSA fever (≥ {HIGH_FEVER_C} °C once, or ≥ {FEVER_C} °C for an hour) "
        f"and ANC below {ANC_SEVERE:,.0f}",
        source="idsa2010",
        salience=CLASSIFY,
    )
    def fn1_febrile_neutropenia(self, anc: float) -> None:
        """FN1: febrile neutropenia, IDSA definition, ANC below 500 (IDSA 2010; CTCAE v5.0)."""
        self.conclude(
            FebrileNeutropenia, "FN1",
            f"fever meets the IDSA definition and ANC {cells(anc)} is below {cells(ANC_SEVERE)}",
        )  # fmt: skip

    @rule(
        "FN2",
        IDSA_FEVER,
        Count(anc=MATCH.anc & below(ANC_MODERATE)),
        Finding(name="count_expected_to_fall"),
        concludes="febrile neutropenia",
        when=f"IDSA fever and ANC below {ANC_MODERATE:,.0f} and expected to fall",
        source="idsa2010",
        salience=CLASSIFY,
    )
    def fn2_febrile_neutropenia_falling(self, anc: float) -> None:
        """FN2: febrile neutropenia, IDSA definition, ANC below 1,000 and expected to fall
        below 500 (IDSA 2010)."""
        self.conclude(
            FebrileNeutropenia, "FN2",
            f"fever meets the IDSA definition and ANC {cells(anc)} is below "
            f"{cells(ANC_MODERATE)} and expected to fall",
        )  # fmt: skip

    @rule(
        "E1",
        FEVER,
        Count(anc=MATCH.anc & below(ANC_MODERATE)),
        concludes="triage: emergency",
        when=f"fever (or possible fever) and ANC below {ANC_MODERATE:,.0f}",
        source="idsa2010",
        salience=TRIAGE,
    )
    def e1_fever_low_count(self, fever: str, anc: float) -> None:
        """E1: fever with ANC under 1,000 needs care now (IDSA 2010; ASCO/IDSA 2018)."""
        self.conclude(
            TriageLevel, "E1", f"{fever} with ANC {cells(anc)}, below {cells(ANC_MODERATE)}",
            level="emergency",
        )  # fmt: skip

    @rule(
        "E2",
        FEVER,
        Finding(name="recent_chemo"),
        concludes="triage: emergency",
        when="fever (or possible fever) and recent chemotherapy, whatever the ANC",
        source="asco_idsa2018",
        salience=TRIAGE,
    )
    def e2_fever_after_chemo(self, fever: str) -> None:
        """E2: fever after recent chemotherapy needs care now, whatever the count
        (ASCO/IDSA 2018; UKONS)."""
        self.conclude(
            TriageLevel, "E2", f"{fever} after recent chemotherapy, whatever the count",
            level="emergency",
        )  # fmt: skip

    @rule(
        "E3",
        FEVER,
        Count(unknown=True),
        Finding(name="neutropenia_prone"),
        concludes="triage: emergency",
        when="fever (or possible fever), ANC unknown, and a neutropenia-prone history",
        source="idsa2010",
        salience=TRIAGE,
    )
    def e3_fever_prone_unknown_count(self, fever: str) -> None:
        """E3: fever with an unknown count in someone prone to neutropenia (IDSA 2010)."""
        self.conclude(
            TriageLevel, "E3",
            f"{fever}, no ANC known, and a history that makes a low count likely",
            level="emergency",
        )  # fmt: skip

    @rule(
        "E4",
        Finding(name="low_temperature"),
        OR(Count(anc=below(ANC_MODERATE)), Finding(name="recent_chemo")),
        concludes="triage: emergency",
        when=f"low temperature and (ANC below {ANC_MODERATE:,.0f} or recent chemotherapy)",
        source="esmo2016",
        salience=TRIAGE,
    )
    def e4_low_temperature(self) -> None:
        """E4: a low temperature with a low count or recent chemotherapy can be sepsis
        (ESMO 2016; UKONS)."""
        self.conclude(
            TriageLevel, "E4",
            f"temperature below {degrees(LOW_TEMPERATURE_C)} with a low count or recent "
            "chemotherapy can be a sign of serious infection",
            level="emergency",
        )  # fmt: skip

    @rule(
        "U1",
        FEVER,
        Count(anc=MATCH.anc & in_range(ANC_MODERATE, ANC_NEUTROPENIA)),
        concludes="triage: urgent",
        when=f"fever (or possible fever) and ANC {ANC_MODERATE:,.0f}–{ANC_NEUTROPENIA - 1:,.0f}",
        source="idsa2010",
        salience=TRIAGE,
    )
    def u1_fever_mild_count(self, fever: str, anc: float) -> None:
        """U1: fever with a mildly low count: contact a provider today (IDSA 2010)."""
        self.conclude(
            TriageLevel, "U1", f"{fever} with a mildly low ANC of {cells(anc)}", level="urgent"
        )

    @rule(
        "U2",
        FEVER,
        Count(unknown=True),
        concludes="triage: urgent",
        when="fever (or possible fever) and ANC unknown",
        source="acs_nci_patient",
        salience=TRIAGE,
    )
    def u2_fever_unknown_count(self, fever: str) -> None:
        """U2: fever when the count is not known: contact a provider today (ACS/NCI)."""
        self.conclude(TriageLevel, "U2", f"{fever} and the ANC is not known", level="urgent")

    @rule(
        "S5",
        FEVER,
        concludes="triage: soon",
        when="fever (or possible fever), whatever the ANC",
        source="acs_nci_patient",
        salience=TRIAGE,
    )
    def s5_fever(self, fever: str) -> None:
        """S5: any fever deserves a visit if it lasts, even with a normal count (ACS/NCI)."""
        self.conclude(TriageLevel, "S5", f"a {fever}, whatever the count", level="soon")

    @rule(
        "XE1",
        Finding(name="low_temperature"),
        Count(unknown=True),
        Finding(name="neutropenia_prone"),
        concludes="triage: emergency",
        when="low temperature, ANC unknown, and a neutropenia-prone history",
        source="esmo2016",
        salience=TRIAGE,
    )
    def xe1_low_temperature_prone_unknown_count(self) -> None:
        """XE1: a low temperature with an unknown count in someone prone to neutropenia, as
        E3 does for a fever (our extension: the spec is silent; ESMO 2016)."""
        self.conclude(
            TriageLevel, "XE1",
            f"temperature below {degrees(LOW_TEMPERATURE_C)}, no ANC known, and a history that "
            "makes a low count likely",
            level="emergency",
        )  # fmt: skip

    @rule(
        "XU1",
        Finding(name="low_temperature"),
        Count(unknown=True),
        concludes="triage: urgent",
        when="low temperature and ANC unknown",
        source="esmo2016",
        salience=TRIAGE,
    )
    def xu1_low_temperature_unknown_count(self) -> None:
        """XU1: a low temperature when the count is not known, as U2 does for a fever (our
        extension: the spec is silent; ESMO 2016)."""
        self.conclude(
            TriageLevel, "XU1",
            f"temperature below {degrees(LOW_TEMPERATURE_C)} and the ANC is not known",
            level="urgent",
        )  # fmt: skip
