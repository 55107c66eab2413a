"""Clinical knowledge kept as cited data: sources, medication lexicon, vocabularies,
guidance texts and the disclaimer.

The TOML files under ``triage/data/`` are validated here with pydantic when first
loaded (once per process, see :func:`load_knowledge`). Every entry names a source id
that must exist in ``sources.toml``; a broken data file fails loudly at load.
"""

from __future__ import annotations

import tomllib
from functools import cache
from importlib import resources
from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, model_validator

from triage.levels import TriageName

DrugClass = Literal[
    "antibiotic",
    "blood_pressure_or_heart",
    "psychiatric",
    "epilepsy",
    "antithyroid",
    "other",
    "chemotherapy",
    "targeted_or_immunotherapy",
    "immunosuppressant",
    "corticosteroid",
    "endocrine_therapy",
]
CHEMOTHERAPY_CLASS: DrugClass = "chemotherapy"
TARGETED_CLASS: DrugClass = "targeted_or_immunotherapy"
# Anticancer classes raise bone_marrow_production rather than a medication cause
# (clinical-rules §5, §6).
MARROW_CLASSES: tuple[DrugClass, ...] = (CHEMOTHERAPY_CLASS, TARGETED_CLASS)

# What a patient is told to do about a medicine with an agranulocytosis warning
# (clinical-rules §10): hold the next dose until a count today (deferiprone, antithyroid
# drugs, sulfasalazine, metamizole), clozapine's own words, or ask the prescriber today
# (the blood-monitored immunosuppressants).
WarningAdvice = Literal["hold_next_dose", "clozapine", "ask_prescriber"]
ANTITHYROID_CLASS: DrugClass = "antithyroid"

# Drug-specific monitoring programmes that rules U6/S4 and U7 read from the lexicon.
Monitoring = Literal["clozapine_anc", "deferiprone_interrupt"]
CLOZAPINE_MONITORING: Monitoring = "clozapine_anc"
DEFERIPRONE_MONITORING: Monitoring = "deferiprone_interrupt"

SymptomGroup = Literal["emergency", "infection_sign", "other"]
CauseCategory = Literal[
    "medication",
    "bone_marrow_production",
    "immune_destruction",
    "infection",
    "nutritional_deficiency",
]
CAUSE_CATEGORIES: tuple[CauseCategory, ...] = (
    "bone_marrow_production",
    "immune_destruction",
    "infection",
    "medication",
    "nutritional_deficiency",
)
TriageLevelName = TriageName  # the levels are defined once, in triage/levels.py


class _Entry(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Source(_Entry):
    id: str
    short: str = Field(description="How the source is cited inline, e.g. 'IDSA 2010'.")
    citation: str


class Drug(_Entry):
    generic: str = Field(min_length=2)
    drug_class: DrugClass
    brands: tuple[str, ...] = ()
    aliases: tuple[str, ...] = Field(
        default=(), description="Other names: abbreviations, combination spellings."
    )
    monitoring: Monitoring | None = None
    late_onset: bool = False
    # Flags the triage rules read (clinical-rules §6, rev.), beside the class.
    anticancer: bool = Field(
        default=False, description="Systemic anticancer treatment: counts as current treatment."
    )
    immunosuppressant: bool = Field(
        default=False, description="Weakens the immune system: the person is immunosuppressed."
    )
    steroid: bool = Field(
        default=False,
        description="A corticosteroid by mouth or injection: counts only when taken long "
        "term (steroids_long_term).",
    )
    local_form: bool = Field(
        default=False,
        description="An inhaled, nasal, skin, eye or joint form (Fostair, Pred Forte ...): "
        "never counts as a steroid tablet.",
    )
    dual_use: bool = Field(
        default=False,
        description="Anticancer with a cancer condition or anticancer treatment (or no "
        "condition at all), otherwise immunosuppressant (clinical-rules §6).",
    )
    agranulocytosis_warning: bool = Field(
        default=False, description="Rule U8: report a fever, sore throat or flu-like illness."
    )
    warning_advice: WarningAdvice | None = Field(
        default=None, description="What a patient is told under U8 (clinical-rules §10)."
    )
    note: str = ""
    source: str
    flag_source: str | None = Field(
        default=None,
        description="The source of the triage flags when it differs from the class's source.",
    )

    @model_validator(mode="after")
    def _warning_has_advice(self) -> Drug:
        if self.agranulocytosis_warning and self.warning_advice is None:
            raise ValueError(f"{self.generic}: agranulocytosis_warning needs warning_advice")
        if self.steroid and self.local_form:
            raise ValueError(f"{self.generic}: a local form is never a steroid tablet")
        return self


class Symptom(_Entry):
    id: str
    label: str = Field(description="Plain words, as shown to a patient.")
    group: SymptomGroup
    agranulocytosis_sign: bool = Field(
        default=False,
        description="Rule U8: with a medicine with an agranulocytosis warning, a count today.",
    )
    same_sign_as: str | None = Field(
        default=None,
        description="Rule E8 counts distinct signs: this one is the same sign as that id "
        "(a red line site is a red skin).",
    )
    synonyms: tuple[str, ...] = ()
    suggested_for: tuple[str, ...] = Field(
        default=(),
        description="Vague words that must NOT map here silently but should suggest this id "
        "when rejected (e.g. 'dizzy' suggests fainting).",
    )
    emergency_services_first: bool = Field(
        default=False,
        description="Reported: calling emergency services comes first (clinical-rules §10).",
    )
    read_up: tuple[str, ...] = Field(
        default=(),
        description="Everyday words vaguer than this (emergency) symptom that could mean it: "
        "read as this symptom, to be safe, with a warning naming the word "
        "(clinical-rules §10; e.g. 'lightheaded' is read as fainting).",
    )
    source: str


class Condition(_Entry):
    id: str
    label: str
    category: CauseCategory | None = None
    neutropenia_prone: bool = False
    on_chemotherapy: bool = Field(
        default=False,
        description="Being treated now with anticancer treatment (systemic or radiotherapy): "
        "counts as recent anticancer treatment.",
    )
    systemic: bool = Field(
        default=False, description="The treatment now is systemic (not radiotherapy): rule E8."
    )
    cancer: bool = Field(
        default=False,
        description="A cancer (blood or solid): a dual-use medicine is read as anticancer.",
    )
    immunosuppressing: bool = Field(
        default=False, description="The condition makes the person immunosuppressed (a transplant)."
    )
    vascular_access: bool = Field(
        default=False, description="A central line, PICC, port or Hickman line: at risk."
    )
    transplant_team: bool = Field(
        default=False, description="The person has a transplant team to call (clinical-rules §10)."
    )
    transplant_may_help: bool = False
    cancer_care: bool = Field(
        default=False,
        description="The person has a cancer team (with a 24-hour line) to call in an "
        "emergency (clinical-rules §10).",
    )
    synonyms: tuple[str, ...] = ()
    suggested_for: tuple[str, ...] = Field(
        default=(), description="As Symptom.suggested_for (e.g. 'transplant')."
    )
    source: str


class OtherCondition(_Entry):
    """A common condition that is not a cause of a low count (clinical-rules §5): the
    interview accepts and notes it; it never goes into a case."""

    id: str
    label: str
    synonyms: tuple[str, ...] = ()
    note: str = Field(description="What may matter instead, in plain words.")
    source: str


class GuidanceTopic(_Entry):
    id: str
    title: str
    text: str
    child_text: str = Field(
        default="", description="The same, said to a parent or carer (a child under 16)."
    )
    source: str

    def text_for(self, child: bool) -> str:
        return self.child_text if child and self.child_text else self.text


ActionAudience = Literal["everyone", "cancer_team", "transplant_team", "emergency_services"]


class TriageAction(_Entry):
    level: TriageLevelName
    audience: ActionAudience = Field(
        default="everyone",
        description="Who this wording is for: someone with a cancer team, or someone who "
        "must call emergency services first (clinical-rules §10).",
    )
    headline: str
    text: str
    child_text: str = Field(
        default="", description="The same, said to a parent or carer (a child under 16)."
    )
    if_heading: str = Field(description="Introduces the safety-net entries of this level.")
    source: str


class Knowledge(_Entry):
    sources: tuple[Source, ...]
    drugs: tuple[Drug, ...]
    symptoms: tuple[Symptom, ...]
    conditions: tuple[Condition, ...]
    topics: tuple[GuidanceTopic, ...]
    actions: tuple[TriageAction, ...]
    disclaimer: str = Field(min_length=20)
    other_conditions: tuple[OtherCondition, ...] = ()

    @model_validator(mode="after")
    def _cross_check(self) -> Knowledge:
        source_ids = {s.id for s in self.sources}
        cited = [
            *(("drug " + d.generic, d.source) for d in self.drugs),
            *(("symptom " + s.id, s.source) for s in self.symptoms),
            *(("condition " + c.id, c.source) for c in self.conditions),
            *(("other condition " + c.id, c.source) for c in self.other_conditions),
            *(("guidance " + t.id, t.source) for t in self.topics),
            *((f"action {a.level}/{a.audience}", a.source) for a in self.actions),
        ]
        unknown = [
            f"{what} cites unknown source {src!r}" for what, src in cited if src not in source_ids
        ]
        if unknown:
            raise ValueError("; ".join(unknown))
        id_lists: tuple[tuple[str, list[str]], ...] = (
            ("symptom", [s.id for s in self.symptoms]),
            (
                "condition",
                [*(c.id for c in self.conditions), *(c.id for c in self.other_conditions)],
            ),
            ("guidance topic", [t.id for t in self.topics]),
            ("drug", [d.generic.lower() for d in self.drugs]),
            ("triage action", [f"{a.level}/{a.audience}" for a in self.actions]),
        )
        for kind, ids in id_lists:
            dupes = sorted({i for i in ids if ids.count(i) > 1})
            if dupes:
                raise ValueError(f"duplicate {kind} ids: {', '.join(dupes)}")
        symptom_ids = {s.id for s in self.symptoms}
        missing = sorted(set(RULE_SYMPTOMS) - symptom_ids)
        if missing:
            raise ValueError(f"symptoms that rules read are missing: {', '.join(missing)}")
        # Reading a vague word UP is only safe towards a symptom that acts on its own: an
        # emergency symptom (E5), or feeling_unwell, an emergency for anyone at risk (E6),
        # which "achy" is read as, with a warning (clinical-rules §7).
        read_up = [
            s.id
            for s in self.symptoms
            if s.read_up and s.group != EMERGENCY_GROUP and s.id != FEELING_UNWELL
        ]
        if read_up:
            raise ValueError(
                "read_up is only for emergency symptoms and feeling_unwell: " + ", ".join(read_up)
            )
        return self

    # Lookups used by the rules and renderers.
    def source(self, source_id: str) -> Source:
        return next(s for s in self.sources if s.id == source_id)

    def topic(self, topic_id: str) -> GuidanceTopic:
        return next(t for t in self.topics if t.id == topic_id)

    def action(self, level: str, audience: ActionAudience = "everyone") -> TriageAction:
        """The wording for ``level`` and ``audience``, else the one for everyone."""
        for wanted in (audience, "everyone"):
            for action in self.actions:
                if action.level == level and action.audience == wanted:
                    return action
        raise KeyError(f"no action wording for {level}")

    def symptom(self, symptom_id: str) -> Symptom:
        return next(s for s in self.symptoms if s.id == symptom_id)

    def condition(self, condition_id: str) -> Condition:
        return next(c for c in self.conditions if c.id == condition_id)

    def other_condition(self, condition_id: str) -> OtherCondition:
        return next(c for c in self.other_conditions if c.id == condition_id)


def _read(name: str) -> dict:
    with resources.files("triage.data").joinpath(name).open("rb") as handle:
        return tomllib.load(handle)


@cache
def load_knowledge() -> Knowledge:
    """Load and validate every data file once per process."""
    sources = _read("sources.toml")
    meds = _read("medications.toml")
    vocab = _read("vocabulary.toml")
    guidance = _read("guidance.toml")
    return Knowledge(
        sources=sources["source"],
        drugs=meds["drug"],
        symptoms=vocab["symptom"],
        conditions=vocab["condition"],
        topics=guidance["topic"],
        actions=guidance["action"],
        disclaimer=guidance["disclaimer"],
        other_conditions=vocab.get("other_condition", []),
    )


# Vocabulary groups the rules match on (clinical-rules.md §4).
EMERGENCY_GROUP: SymptomGroup = "emergency"
INFECTION_SIGN_GROUP: SymptomGroup = "infection_sign"
# Symptoms that rules read by id (clinical-rules.md §1, §4); checked present at load.
FEELS_FEVERISH = "feels_feverish"  # with no measured temperature: a possible fever
FEELING_UNWELL = "feeling_unwell"  # at risk: emergency (E6)
FAST_HEARTBEAT = "fast_heartbeat"  # at risk: emergency (E6)
SORE_THROAT = "sore_throat"
# Signs with rules of their own, not counted among E8's distinct infection signs.
OWN_RULE_SIGNS = (FEELING_UNWELL, FAST_HEARTBEAT, FEELS_FEVERISH)
RULE_SYMPTOMS = (FEELS_FEVERISH, FEELING_UNWELL, FAST_HEARTBEAT)


def symptom_labels(group: SymptomGroup) -> str:
    """The labels of a vocabulary group in plain words, for the catalogue's conditions."""
    labels = [s.label for s in load_knowledge().symptoms if s.group == group]
    return ", ".join(labels[:-1]) + " or " + labels[-1] if len(labels) > 1 else "".join(labels)


def distinct_sign(symptom: Symptom) -> str | None:
    """The infection sign a symptom counts as for E8 (each counted once; a red line site
    is a red skin), or None for a symptom that is not counted there."""
    if symptom.group != INFECTION_SIGN_GROUP or symptom.id in OWN_RULE_SIGNS:
        return None
    return symptom.same_sign_as or symptom.id
