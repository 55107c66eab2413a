"""Which guidance topics fit the case (clinical-rules.md §8). The texts themselves are
data (``guidance.toml``); these rules only choose topic ids."""

from __future__ import annotations

from triage._experta import MATCH, NOT, OR
from triage.facts import Cause, Condition, Finding, Guidance, Medication, Severity, TriageLevel
from triage.rules.base import GUIDANCE, Concluding, rule

SEVERE_LEVELS = OR(Severity(level="severe"), Severity(level="profound"))


class GuidanceRules(Concluding):
    AREA = "guidance"

    def advise(self, rule_id: str, topic: str, because: str) -> None:
        self.conclude(Guidance, rule_id, because, topic=topic)

    @rule("G1", TriageLevel(level="emergency"), concludes="guidance: get_care_now",
          when="triage is emergency", source="idsa2010", salience=GUIDANCE)  # fmt: skip
    def g1_get_care_now(self) -> None:
        """G1: in an emergency, say you have neutropenia at check-in (IDSA 2010)."""
        self.advise("G1", "get_care_now", "the triage is emergency")

    @rule("G2", OR(Finding(name="fever"), Finding(name="neutropenic")),
          concludes="guidance: fever_precautions", when="fever, or neutropenic",
          source="acs_nci_patient", salience=GUIDANCE)  # fmt: skip
    def g2_fever_precautions(self) -> None:
        """G2: no fever reducers before calling; no rectal temperatures (ACS/NCI)."""
        self.advise("G2", "fever_precautions", "a fever or a low count")

    @rule("G3", Finding(name="neutropenic"), concludes="guidance: infection_precautions",
          when="neutropenic", source="cdc_cancer", salience=GUIDANCE)  # fmt: skip
    def g3_infection_precautions(self) -> None:
        """G3: hand washing, food safety and the rest (CDC)."""
        self.advise("G3", "infection_precautions", "a low count")

    @rule("G4", OR(Finding(name="fever"), Finding(name="infection_sign")),
          concludes="guidance: antibiotics", when="fever, or a sign of infection",
          source="idsa2010", salience=GUIDANCE)  # fmt: skip
    def g4_antibiotics(self) -> None:
        """G4: antibiotics treat bacterial infections, decided by the provider (IDSA 2010)."""
        self.advise("G4", "antibiotics", "a fever or a sign of infection")

    @rule("G5", OR(SEVERE_LEVELS, Cause(category="bone_marrow_production")),
          concludes="guidance: g_csf",
          when="severe or profound, or a bone-marrow production cause",
          source="seed", salience=GUIDANCE)  # fmt: skip
    def g5_g_csf(self) -> None:
        """G5: G-CSF helps the marrow make neutrophils (seed page)."""
        self.advise("G5", "g_csf", "a severe count or a bone-marrow cause")

    @rule("G6", Cause(category="medication"), concludes="guidance: medication_change",
          when="a medication cause", source="gibson2014", salience=GUIDANCE)  # fmt: skip
    def g6_medication_change(self) -> None:
        """G6: changing a medicine may help, never stop one alone (Gibson & Berliner 2014)."""
        self.advise("G6", "medication_change", "a medicine that can lower the count")

    @rule("G7", Finding(name="cause_search"), Medication(late_onset=True, generic=MATCH.generic),
          concludes="guidance: rituximab_late_onset",
          when="a medicine with late-onset neutropenia (rituximab)", source="gibson2014",
          salience=GUIDANCE)  # fmt: skip
    def g7_late_onset(self, generic: str) -> None:
        """G7: rituximab can lower the count weeks after the last dose (Gibson & Berliner 2014)."""
        self.advise("G7", "rituximab_late_onset", f"{generic} can lower the count weeks later")

    @rule("G8", Cause(category="immune_destruction"), concludes="guidance: immune_suppression",
          when="an immune cause", source="seed", salience=GUIDANCE)  # fmt: skip
    def g8_immune(self) -> None:
        """G8: drugs that calm the immune system may be used (seed page)."""
        self.advise("G8", "immune_suppression", "an immune cause")

    @rule("G9", Cause(category="infection"), concludes="guidance: treat_infection",
          when="an infection cause", source="seed", salience=GUIDANCE)  # fmt: skip
    def g9_infection(self) -> None:
        """G9: treating the infection may bring counts back (seed page)."""
        self.advise("G9", "treat_infection", "an infection that can lower the count")

    @rule("G10", Cause(category="nutritional_deficiency"),
          concludes="guidance: correct_deficiency", when="a nutritional cause",
          source="seed", salience=GUIDANCE)  # fmt: skip
    def g10_deficiency(self) -> None:
        """G10: correcting B12, folate or copper can help (seed page)."""
        self.advise("G10", "correct_deficiency", "a low vitamin or mineral")

    @rule("G11", Condition(transplant_may_help=True), SEVERE_LEVELS,
          concludes="guidance: stem_cell_transplant",
          when="bone marrow failure, congenital neutropenia or leukaemia, with a severe "
          "or profound count", source="seed", salience=GUIDANCE)  # fmt: skip
    def g11_transplant(self) -> None:
        """G11: a stem cell transplant helps some severe marrow types (seed page)."""
        self.advise("G11", "stem_cell_transplant", "a severe count with a bone marrow condition")

    @rule("G12", Severity(level="mild"), NOT(Finding(name="fever")),
          NOT(Finding(name="infection_sign")), concludes="guidance: mild_no_treatment",
          when="mild, no fever and no sign of infection", source="seed",
          salience=GUIDANCE)  # fmt: skip
    def g12_mild(self) -> None:
        """G12: mild cases may need no treatment (seed page)."""
        self.advise(
            "G12", "mild_no_treatment", "a mildly low count with no fever or infection sign"
        )

    @rule("G13", Finding(name="duffy_null_range"), concludes="guidance: duffy_null_normal",
          when="Duffy-null and ANC 1,000–1,499", source="merz2023",
          salience=GUIDANCE)  # fmt: skip
    def g13_duffy_null(self) -> None:
        """G13: 1,000–1,499 can be normal for a Duffy-null person (Merz 2023)."""
        self.advise("G13", "duffy_null_normal", "a Duffy-null person with ANC 1,000–1,499")

    @rule("G14", Finding(name="cause_search"), NOT(Cause()),
          concludes="guidance: cause_not_identified",
          when="a cause was looked for and none was found", source="seed",
          salience=GUIDANCE)  # fmt: skip
    def g14_no_cause(self) -> None:
        """G14: no cause found here: a provider can look for it (clinical-rules §5)."""
        self.advise("G14", "cause_not_identified", "no likely cause was found in the answers")
