"""Plain-text rendering of an assessment for a patient: the action first (an emergency
is unmissable), then the count, the risk, possible causes, guidance and the disclaimer.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from triage.assessment import Assessment
from triage.facts import TriageLevel
from triage.knowledge import load_knowledge
from triage.levels import TRIAGE_RANK
from triage.text import WIDTH, action_block, action_line, bullets, wrap

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
# The infection risk is rated from the count (and how long it has been low) alone: said
# so, or "moderate" under GET CARE NOW reads as a contradiction.
RISK_LEAD = "Risk of infection from the count alone"
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


# The notes about a case (Assessment.warnings) name case-file fields for the people who
# write case files; a patient reads them in words (issue 20: no field names).
NOTE_WORDS = {
    "wbc given without neutrophil_pct: the ANC cannot be computed": (
        "a white cell count was given without the percentage of neutrophils, so the "
        "neutrophil count (ANC) cannot be worked out"
    ),
    "band neutrophils (band_pct) not given: counted as 0 %": (
        "band neutrophils not given: counted as 0 %"
    ),
    "anc_unit given without anc: ignored": (
        "a unit was given for the neutrophil count without the count: it is not used"
    ),
}
FIELD_WORDS = {
    "anc_unit": "the unit of the neutrophil count",
    "anc_lln": "the lower limit of the normal count",
    "anc_falling": "whether the count is falling",
    "wbc_unit": "the unit of the white cell count",
    "neutrophil_pct": "the percentage of neutrophils",
    "band_pct": "the percentage of band neutrophils",
    "temperature_unit": "the unit of the temperature",
    "fever_hours": "how long the fever has lasted",
    "neutropenia_days": "how long the count has been low",
    "days_since_chemo": "the days since the last cancer treatment",
    "days_since_count": "when the count was taken",
    "steroids_long_term": "steroids every day for more than 2 weeks",
    "age_months": "the age in months",
    "duffy_null": "the Duffy-null blood type",
    "case_id": "the case name",
}
_FIELD_NAME = re.compile(r"\(?\b(" + "|".join(FIELD_WORDS) + r")\b\)?")


def patient_words(note: str) -> str:
    """A note about the answers with no case-file field name in it: its words from
    :data:`NOTE_WORDS`, or each field name said in words (a name in brackets beside
    its words dropped)."""
    if note in NOTE_WORDS:
        return NOTE_WORDS[note]

    def words(match: re.Match[str]) -> str:
        bracketed = match[0].startswith("(") and match[0].endswith(")")
        return "" if bracketed else FIELD_WORDS[match[1]]

    return re.sub(r"\s{2,}", " ", _FIELD_NAME.sub(words, note)).strip()


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


@dataclass(frozen=True)
class Section:
    """One part of a result below the action block, unwrapped: a heading ("Why"), its
    bullet items (``(lead, text)``: shown as "lead: text", or the text alone), then
    sentences after the list; or, with no heading, short ``lines`` kept as they are
    (the count, the risk, the fever)."""

    key: str
    heading: str | None = None
    items: tuple[tuple[str, str], ...] = ()
    after: tuple[str, ...] = ()
    lines: tuple[str, ...] = ()


def _item_text(item: tuple[str, str]) -> str:
    lead, text = item
    return f"{lead}: {text}" if lead else text


def result_sections(assessment: Assessment) -> list[Section]:
    """The result below the action block, in order: why, the warning signs reported,
    the count, risk and fever, possible causes, what to know, notes about the answers.
    :func:`render_text` and the web pages both show these."""
    sections: list[Section] = []
    why = reasons(assessment)
    if why:
        sections.append(Section("why", "Why", tuple(("", reason) for reason in why)))
    if assessment.red_flags:
        after = (
            (WARNING_SIGNS_BELOW_URGENT,)
            if TRIAGE_RANK[assessment.triage] < TRIAGE_RANK["urgent"]
            else ()
        )
        items = tuple(("", flag) for flag in assessment.red_flags)
        sections.append(Section("warning_signs", "Warning signs you reported", items, after))

    lines = []
    if assessment.anc_cells_per_ul is None:
        lines.append("Neutrophil count (ANC): not known")
    else:
        case = assessment.run.case if assessment.run is not None else None
        old = case is not None and "count_not_current" in _findings(assessment)
        words = SEVERITY_WORDS[assessment.severity]
        if case is not None and case.duffy_null and "duffy_null_range" in _findings(assessment):
            words = "usual for people with a Duffy-null blood type"
        if old and case is not None:
            # No reassuring words for an old count (clinical-rules §1): when it was taken,
            # and that it may have fallen since.
            taken = (
                f"{case.days_since_count} days ago"
                if case.days_since_count is not None
                else "before your last treatment"
            )
            lines.append(
                f"Neutrophil count (ANC): {assessment.anc_cells_per_ul:,.0f} cells/µL, "
                f"taken {taken}"
            )
            lines.append("  It may have fallen since: ask for a new count.")
        else:
            lines.append(
                f"Neutrophil count (ANC): {assessment.anc_cells_per_ul:,.0f} cells/µL, "
                f"{words} ({assessment.severity})"
            )
    lines.append(f"{RISK_LEAD}: {RISK_WORDS[assessment.infection_risk]}")
    if assessment.fever is not None:
        fever = "yes" if assessment.fever else "no"
        if assessment.febrile_neutropenia:
            fever += " (this is febrile neutropenia: a fever with a low neutrophil count)"
        lines.append(f"Fever: {fever}")
    sections.append(Section("count", lines=tuple(lines)))

    if assessment.cause_categories:
        causes = tuple(
            (CAUSE_WORDS.get(cause.category, cause.category), ", ".join(cause.evidence))
            for cause in assessment.cause_categories
        )
    elif not _cause_searched(assessment):
        not_low = (
            "your last count was not low"
            if "count_not_current" in _findings(assessment)
            else "the count is not low"
        )
        causes = (("", f"none looked for: {not_low}"),)
    else:
        causes = (("", "not identified from your answers; a provider can look for the cause"),)
    sections.append(Section("causes", "Possible causes", causes))

    if assessment.guidance:
        knowledge = load_knowledge()
        items = tuple((knowledge.topic(item.id).title, item.text) for item in assessment.guidance)
        sections.append(Section("guidance", "What to know", items))
    if assessment.warnings:
        items = tuple(("", patient_words(warning)) for warning in assessment.warnings)
        sections.append(Section("notes", "Notes about your answers", items))
    return sections


def _findings(assessment: Assessment) -> set[str]:
    from triage.facts import Finding

    run = assessment.run
    return {f["name"] for f in run.facts if isinstance(f, Finding)} if run is not None else set()


def render_text(assessment: Assessment, explain: bool = False, width: int = WIDTH) -> str:
    """The patient-facing text of one assessment, wrapped to ``width`` (a command line
    passes a narrow terminal's; never more than :data:`~triage.text.WIDTH`): the action
    block, the sections, the action again in one line (the top has scrolled away on a
    small screen) and the disclaimer last. ``explain`` adds the nurse's explanation
    (facts, the rules that fired, near misses above the level: :mod:`triage.explain`)."""
    width = min(width, WIDTH)
    lines = action_block(assessment, width)
    for section in result_sections(assessment):
        lines.append("")
        if section.heading is not None:
            lines.append(f"{section.heading}:")
            lines += bullets([_item_text(item) for item in section.items], width=width)
            lines += [line for text in section.after for line in wrap(text, width=width)]
        lines += [line for text in section.lines for line in _line(text, width)]

    if explain:
        lines += ["", *_explanation(assessment)]

    if explain and assessment.scores:
        lines += ["", *score_lines(assessment, width)]

    lines += ["", *action_line(assessment, width)]
    lines += ["", *wrap(assessment.disclaimer, width=width)]
    return "\n".join(lines) + "\n"


def _line(text: str, width: int) -> list[str]:
    """A short line of a section (the count, the risk), wrapped only when it does not
    fit, its continuation indented like an item's."""
    if len(text) <= width:
        return [text]
    lead = text[: len(text) - len(text.lstrip(" "))]
    return wrap(text, lead + "  ", lead, width)


def score_lines(assessment: Assessment, width: int = WIDTH) -> list[str]:
    """Clinician scores for the nurse's view: totals, parts, what is missing."""
    knowledge = load_knowledge()
    lines = ["Clinician scores (for nurses; a score never lowers the triage):"]
    for score in assessment.scores:
        if score.total is None:
            lines += wrap(
                f"{score.name}: not computed; missing {', '.join(score.missing)}", "    ", "  - ",
                width,
            )  # fmt: skip
        else:
            lines.append(f"  - {score.name}: {score.total} points, {score.risk_class} risk")
        for part in score.components:
            points = "?" if part.points is None else str(part.points)
            lines += wrap(part.name, " " * 12, f"      {points:>2}/{part.max_points:<2} ", width)
        lines += wrap(f"Valid for: {score.population}", "      ", width=width)
        lines += wrap(f"Source: {knowledge.source(score.source).short}", "      ", width=width)
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
