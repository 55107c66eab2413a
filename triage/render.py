"""Plain-text rendering of an assessment for a patient: the action first (an emergency
is unmissable), then the count, the risk, possible causes, guidance and the disclaimer.
"""

from __future__ import annotations

from triage.assessment import Assessment
from triage.facts import TriageLevel
from triage.knowledge import load_knowledge
from triage.levels import TRIAGE_RANK
from triage.text import action_block, bullets, wrap

SEVERITY_WORDS = {
    "normal": "in the normal range",
    "mild": "mildly low",
    "moderate": "moderately low",
    "severe": "severely low",
    "profound": "very severely low",
    "unknown": "not known",
}
RISK_WORDS = {
    "low": "low",
    "moderate": "moderate",
    "high": "high",
    "very_high": "very high",
    "unknown": "not known (no count was given)",
}
# A warning sign under a level below "urgent" says why it matters (clinical-rules §10).
WARNING_SIGNS_BELOW_URGENT = (
    "They can be the first sign of an infection. With your other answers they do not need "
    "care today: tell your provider about them, and get care sooner if anything listed "
    "above happens."
)
CAUSE_WORDS = {
    "bone_marrow_production": "the bone marrow making fewer neutrophils",
    "immune_destruction": "the immune system destroying neutrophils",
    "infection": "an infection",
    "medication": "a medicine",
    "nutritional_deficiency": "a low vitamin or mineral",
}


def reasons(assessment: Assessment) -> list[str]:
    """The plain-words becauses of the triage rules that set the level (not T0)."""
    run = assessment.run
    if run is None:
        return []
    found = {
        fact["because"]
        for fact in run.facts
        if isinstance(fact, TriageLevel)
        and fact["level"] == assessment.triage
        and fact["rule"] != "T0"
    }
    return sorted(found)


def render_text(assessment: Assessment, explain: bool = False) -> str:
    """The patient-facing text of one assessment; ``explain`` adds the nurse's explanation
    (facts, the rules that fired, near misses above the level: :mod:`triage.explain`)."""
    lines = action_block(assessment)
    why = reasons(assessment)
    if why:
        lines += ["", "Why:", *bullets(why)]
    if assessment.red_flags:
        lines += ["", "Warning signs you reported:", *bullets(assessment.red_flags)]
        if TRIAGE_RANK[assessment.triage] < TRIAGE_RANK["urgent"]:
            lines += wrap(WARNING_SIGNS_BELOW_URGENT)

    lines.append("")
    if assessment.anc_cells_per_ul is None:
        lines.append("Neutrophil count (ANC): not known")
    else:
        lines.append(
            f"Neutrophil count (ANC): {assessment.anc_cells_per_ul:,.0f} cells/µL, "
            f"{SEVERITY_WORDS[assessment.severity]} ({assessment.severity})"
        )
    lines.append(f"Risk of infection: {RISK_WORDS[assessment.infection_risk]}")
    if assessment.fever is not None:
        fever = "yes" if assessment.fever else "no"
        if assessment.febrile_neutropenia:
            fever += " (this is febrile neutropenia: a fever with a low neutrophil count)"
        lines.append(f"Fever: {fever}")

    lines += ["", "Possible causes:"]
    if assessment.cause_categories:
        for cause in assessment.cause_categories:
            text = f"{CAUSE_WORDS.get(cause.category, cause.category)}: {', '.join(cause.evidence)}"
            lines += wrap(text, "    ", "  - ")
    elif not _cause_searched(assessment):
        lines.append("  - none looked for: the count is not low")
    else:
        lines.append("  - not identified from your answers; a provider can look for the cause")

    if assessment.guidance:
        lines += ["", "What to know:"]
        for item in assessment.guidance:
            title = load_knowledge().topic(item.id).title
            lines += wrap(f"{title}: {item.text}", "    ", "  - ")

    if assessment.warnings:
        lines += ["", "Notes about your answers:"]
        lines += [line for warning in assessment.warnings for line in wrap(warning, "    ", "  - ")]

    if explain:
        lines += ["", *_explanation(assessment)]

    if explain and assessment.scores:
        lines += ["", *score_lines(assessment)]

    lines += ["", *wrap(assessment.disclaimer)]
    return "\n".join(lines) + "\n"


def score_lines(assessment: Assessment) -> list[str]:
    """Clinician scores for the nurse's view: totals, parts, what is missing."""
    knowledge = load_knowledge()
    lines = ["Clinician scores (for nurses; a score never lowers the triage):"]
    for score in assessment.scores:
        if score.total is None:
            lines += wrap(
                f"{score.name}: not computed; missing {', '.join(score.missing)}", "    ", "  - "
            )
        else:
            lines.append(f"  - {score.name}: {score.total} points, {score.risk_class} risk")
        for part in score.components:
            points = "?" if part.points is None else str(part.points)
            lines += wrap(part.name, " " * 12, f"      {points:>2}/{part.max_points:<2} ")
        lines += wrap(f"Valid for: {score.population}", "      ")
        lines += wrap(f"Source: {knowledge.source(score.source).short}", "      ")
    return lines


def _explanation(assessment: Assessment) -> list[str]:
    if assessment.run is None:  # rebuilt from JSON: only the rules that fired are known
        lines = [f"Why (rules that applied, ruleset {assessment.ruleset_version}):"]
        for item in assessment.explanation:
            lines += wrap(item.because, " " * 9, f"  {item.rule:<6} ")
        return lines
    from triage.explain import explain as explain_assessment
    from triage.explain import explanation_lines

    return explanation_lines(explain_assessment(assessment))


def _cause_searched(assessment: Assessment) -> bool:
    return any(item.rule == "C0" for item in assessment.explanation)
