"""The output of one assessment (case-format.md, "Output"), built from conclusion
facts and sorted by stable keys, never by firing order."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, ConfigDict, Field, PrivateAttr

from triage._experta import Fact
from triage.facts import (
    Cause,
    Conclusion,
    CtcaeGrade,
    FebrileNeutropenia,
    Finding,
    Guidance,
    InfectionRisk,
    RedFlag,
    Severity,
    TriageLevel,
)
from triage.knowledge import load_knowledge
from triage.levels import (
    RISK_LEVELS,
    SEVERITY_LEVELS,
    TRIAGE_LEVELS,
    RiskName,
    SeverityName,
    TriageName,
    highest,
)
from triage.models import NormalisedCase
from triage.rules import rule_sort_key
from triage.safety_net import SafetyNetEntry
from triage.scores import compute_scores

RULESET_VERSION = "2026.12.1"
CTCAE_VERSION = "5.0"

__all__ = ["RISK_LEVELS", "SEVERITY_LEVELS", "TRIAGE_LEVELS", "Assessment", "build_assessment"]


@dataclass
class Run:
    """What one engine run produced: the normalised case and every fact."""

    case: NormalisedCase
    facts: list[Fact]


class _Out(BaseModel):
    model_config = ConfigDict(extra="forbid", frozen=True)


class Ctcae(_Out):
    version: str = CTCAE_VERSION
    grade: int | None = None


class CauseCategory(_Out):
    category: str
    evidence: list[str]


class GuidanceItem(_Out):
    id: str
    text: str


class SafetyNetItem(_Out):
    """What would raise the level (clinical-rules §9): ``if`` in plain words, the level it
    would give, and the rules that would give it."""

    model_config = ConfigDict(serialize_by_alias=True, validate_by_name=True)

    condition: str = Field(alias="if")
    triage: TriageName
    rules: list[str]


class ExplanationItem(_Out):
    rule: str
    because: str


class ScorePart(_Out):
    name: str
    field: str
    points: int | None
    max_points: int


class Score(_Out):
    """A clinician score (MASCC, CISNE): informs nurses, never lowers the triage."""

    name: str
    total: int | None
    risk_class: str | None
    components: list[ScorePart]
    missing: list[str]
    source: str
    population: str
    note: str


class Assessment(_Out):
    """One case's result, exactly the case-format output fields."""

    case_id: str
    anc_cells_per_ul: float | None
    severity: SeverityName
    ctcae: Ctcae
    infection_risk: RiskName
    fever: bool | None
    febrile_neutropenia: bool
    triage: TriageName
    cause_categories: list[CauseCategory]
    red_flags: list[str]
    safety_net: list[SafetyNetItem] = []
    guidance: list[GuidanceItem]
    explanation: list[ExplanationItem]
    warnings: list[str]
    disclaimer: str
    ruleset_version: str = RULESET_VERSION
    scores: list[Score] = []

    _run: Run | None = PrivateAttr(default=None)

    @property
    def run(self) -> Run | None:
        """The engine run behind this assessment (normalised case and facts), for
        explanations; not part of the output."""
        return self._run

    def to_json_dict(self) -> dict:
        return self.model_dump(mode="json")


def build_assessment(run: Run, safety_net: list[SafetyNetEntry] | None = None) -> Assessment:
    knowledge = load_knowledge()
    facts = [fact for fact in run.facts if isinstance(fact, Conclusion)]

    def of(kind: type[Conclusion]) -> list[Conclusion]:
        return [fact for fact in facts if type(fact) is kind]

    findings = {fact["name"] for fact in of(Finding)}
    evidence: dict[str, set[str]] = {}
    for cause in of(Cause):
        evidence.setdefault(cause["category"], set()).add(cause["evidence"])
    topics = {fact["topic"] for fact in of(Guidance)}
    grades = [fact["grade"] for fact in of(CtcaeGrade)]
    explanation = sorted(
        {(fact["rule"], fact["because"]) for fact in facts},
        key=lambda item: (rule_sort_key(item[0]), item[1]),
    )
    case = run.case

    # One validation of the whole output (nested models validated inside pydantic-core,
    # not one Python call per item).
    assessment = Assessment.model_validate(
        {
            "case_id": case.case_id,
            "anc_cells_per_ul": case.anc,
            "severity": highest([f["level"] for f in of(Severity)], SEVERITY_LEVELS, "unknown"),
            "ctcae": {"grade": max(grades) if grades else None},
            "infection_risk": highest(
                [f["level"] for f in of(InfectionRisk)], RISK_LEVELS, "unknown"
            ),
            # The measured answer (clinical-rules §1): a possible fever is not a fever here.
            "fever": None if case.temperature_c is None else "measured_fever" in findings,
            "febrile_neutropenia": bool(of(FebrileNeutropenia)),
            "triage": highest(
                [f["level"] for f in of(TriageLevel)], TRIAGE_LEVELS, TRIAGE_LEVELS[0]
            ),
            "cause_categories": [
                {"category": category, "evidence": sorted(items)}
                for category, items in sorted(evidence.items())
            ],
            "red_flags": sorted({fact["text"] for fact in of(RedFlag)}),
            "safety_net": [
                {"condition": entry.words, "triage": entry.level, "rules": list(entry.rules)}
                for entry in safety_net or ()
            ],
            "guidance": [
                {"id": topic.id, "text": topic.text_for(case.child)}
                for topic in knowledge.topics
                if topic.id in topics
            ],
            "explanation": [{"rule": rule, "because": because} for rule, because in explanation],
            "warnings": list(case.warnings),
            "disclaimer": knowledge.disclaimer,
            "scores": _scores(run, bool(of(FebrileNeutropenia))),
        }
    )
    assessment._run = run
    return assessment


def _scores(run: Run, febrile_neutropenia: bool) -> list[Score]:
    """MASCC and CISNE when the case is febrile neutropenia or gives any score input;
    otherwise none (a score is never shown as if it had been computed)."""
    given = [
        name for name, value in run.case.score_inputs.items() if value is not None and name != "age"
    ]
    if not (febrile_neutropenia or given):
        return []
    return [
        Score.model_validate(result.to_dict()) for result in compute_scores(run.case.score_inputs)
    ]
