"""The nurse's explanation of one assessment (``--explain``): the normalised facts, every
rule that fired grouped in order of dependency, and, for each numbered triage rule of a
level above the result, what it needed and which part was missing ("near misses").

Which rules fired comes from the engine's conclusion facts. Near misses are worked out
here from the normalised case and the engine's findings, with the thresholds of
:mod:`triage.thresholds`; ``tests/test_explain.py`` checks over every bundled case that
a rule is reported as met exactly when the engine fired it.
"""

from __future__ import annotations

from dataclasses import asdict, dataclass

from triage.assessment import TRIAGE_LEVELS, Assessment, Run
from triage.catalogue import (
    is_spec_triage_rule,
    rules_by_id,
    section_of,
    section_order,
    triage_level_of,
)
from triage.facts import Finding
from triage.knowledge import (
    EMERGENCY_GROUP,
    INFECTION_SIGN_GROUP,
    load_knowledge,
)
from triage.rules import rule_sort_key
from triage.rules import rules_by_id as rules_by_id_declared
from triage.rules.parts import CaseView, prone_history, recent_chemo
from triage.text import cells, degrees, wrap
from triage.thresholds import (
    ANC_NEUTROPENIA,
    DUFFY_NULL_NORMAL_LOW,
    FEVER_C,
    HIGH_FEVER_C,
    LOW_TEMPERATURE_C,
    SUSTAINED_FEVER_HOURS,
)

# The facts section says how the case meets these two parts, as the rules read them.
RECENT_CHEMO = recent_chemo()
PRONE_HISTORY = prone_history()


# ------------------------------------------------------------------ structure


@dataclass(frozen=True)
class FactLine:
    """One normalised fact: a name, its value in engine units, and how it was read."""

    name: str
    value: str
    note: str = ""


@dataclass(frozen=True)
class FiredRule:
    rule: str
    because: str
    concludes: str
    area: str


@dataclass(frozen=True)
class RuleGroup:
    """Fired rules of one catalogue section (Findings, Severity …, Triage: urgent …)."""

    title: str
    rules: tuple[FiredRule, ...]


@dataclass(frozen=True)
class ConditionCheck:
    """One part of a rule's conditions, and whether this case meets it, with values."""

    condition: str
    met: bool
    detail: str


@dataclass(frozen=True)
class NearMiss:
    """A numbered triage rule of a level above the result that did not fire."""

    rule: str
    level: str
    when: str
    met: tuple[ConditionCheck, ...]
    missing: tuple[ConditionCheck, ...]


@dataclass(frozen=True)
class SafetyNetLine:
    """One change that would raise the level, and the rules that would raise it."""

    condition: str
    level: str
    rules: tuple[str, ...]


@dataclass(frozen=True)
class Explanation:
    """How one assessment was reached, for nurses and learners."""

    case_id: str
    triage: str
    decided_by: tuple[FiredRule, ...]
    facts: tuple[FactLine, ...]
    groups: tuple[RuleGroup, ...]
    near_misses: tuple[NearMiss, ...]
    warnings: tuple[str, ...]
    ruleset_version: str
    safety_net: tuple[SafetyNetLine, ...] = ()

    def to_dict(self) -> dict[str, object]:
        return asdict(self)

    def near_misses_at(self, level: str) -> tuple[NearMiss, ...]:
        return tuple(miss for miss in self.near_misses if miss.level == level)


def check_rule(run: Run, rule_id: str) -> tuple[ConditionCheck, ...]:
    """Each condition of one rule, checked on this run's case: the parts of its
    declaration (:mod:`triage.rules`), never a second copy of them."""
    declared = rules_by_id_declared()[rule_id]
    view = CaseView(run.case, run.facts)
    return tuple(ConditionCheck(part.words, *part.on(view)) for part in declared.parts)


# ------------------------------------------------------------------ building the explanation


def explain(assessment: Assessment) -> Explanation:
    """How ``assessment`` was reached: facts, fired rules, and near misses above its level.

    Needs the engine run behind the assessment (``assessment.run``), which every
    assessment made by :func:`triage.assess` or :class:`triage.Assessor` carries.
    """
    run = assessment.run
    if run is None:
        raise ValueError("this assessment has no engine run to explain (was it re-loaded?)")
    catalogue = rules_by_id()
    fired = [
        FiredRule(
            rule=item.rule,
            because=item.because,
            concludes=catalogue[item.rule].concludes if item.rule in catalogue else "",
            area=catalogue[item.rule].area if item.rule in catalogue else "",
        )
        for item in assessment.explanation
    ]
    grouped: dict[str, list[FiredRule]] = {}
    for item in fired:
        grouped.setdefault(section_of(item.rule), []).append(item)
    groups = tuple(
        RuleGroup(title, tuple(items))
        for title, items in sorted(grouped.items(), key=lambda pair: section_order(pair[0]))
    )
    decided_by = tuple(
        item
        for item in fired
        if item.rule in catalogue and triage_level_of(catalogue[item.rule]) == assessment.triage
    )
    return Explanation(
        case_id=assessment.case_id,
        triage=assessment.triage,
        decided_by=decided_by,
        facts=tuple(_facts(run, assessment)),
        groups=groups,
        near_misses=tuple(_near_misses(run, assessment.triage)),
        warnings=tuple(assessment.warnings),
        ruleset_version=assessment.ruleset_version,
        safety_net=tuple(
            SafetyNetLine(item.condition, item.triage, tuple(item.rules))
            for item in assessment.safety_net
        ),
    )


def _near_misses(run: Run, result: str) -> list[NearMiss]:
    above = TRIAGE_LEVELS[TRIAGE_LEVELS.index(result) + 1 :]
    view = CaseView(run.case, run.facts)
    misses: list[NearMiss] = []
    for meta in rules_by_id().values():
        level = triage_level_of(meta)
        if level not in above or not is_spec_triage_rule(meta.id):
            continue
        checks = tuple(
            ConditionCheck(part.words, *part.on(view))
            for part in rules_by_id_declared()[meta.id].parts
        )
        misses.append(
            NearMiss(
                rule=meta.id,
                level=level,
                when=meta.when,
                met=tuple(c for c in checks if c.met),
                missing=tuple(c for c in checks if not c.met),
            )
        )
    # Highest level first; inside a level the nearest (fewest parts missing) first.
    return sorted(
        misses,
        key=lambda m: (-TRIAGE_LEVELS.index(m.level), len(m.missing), rule_sort_key(m.rule)),
    )


def _facts(run: Run, assessment: Assessment) -> list[FactLine]:
    case = run.case
    view = CaseView(run.case, run.facts)
    declared = rules_by_id_declared()
    lines: list[FactLine] = []

    if case.anc is None:
        lines.append(FactLine("ANC", "not known", "no ANC given and none computable"))
    else:
        lines.append(FactLine("ANC", cells(case.anc), case.anc_derivation or ""))
    if case.neutropenia_days is not None:
        lines.append(FactLine("Low for", f"{case.neutropenia_days} days"))
    if case.duffy_null:
        lines.append(
            FactLine(
                "Duffy-null",
                "yes",
                f"an ANC of {DUFFY_NULL_NORMAL_LOW:,.0f}–{ANC_NEUTROPENIA - 1:,.0f} "
                "is within their normal range",
            )
        )
    lines.append(FactLine("Neutropenic", *_neutropenic_words(view)))

    if case.temperature_c is None and view.has("fever"):
        lines.append(FactLine("Temperature", "not given", view.findings["fever"]))
    elif case.temperature_c is None:
        lines.append(FactLine("Temperature", "not given", "fever not known"))
    else:
        lines.append(FactLine("Temperature", degrees(case.temperature_c), _fever_words(view)))
    if case.fever_hours is not None:
        sustained = (
            f"sustained: {SUSTAINED_FEVER_HOURS:g} hour or more"
            if view.has("sustained_fever")
            else f"not sustained (under {SUSTAINED_FEVER_HOURS:g} hour, or no fever)"
        )
        lines.append(FactLine("Fever for", f"{case.fever_hours:g} hours", sustained))

    recent, recent_detail = RECENT_CHEMO.on(view)
    if recent:
        lines.append(FactLine("Recent chemotherapy", "yes", recent_detail))
    elif case.days_since_chemo is not None:
        lines.append(FactLine("Recent chemotherapy", "no", recent_detail))
    else:
        lines.append(FactLine("Recent chemotherapy", "not reported"))
    if view.has("count_expected_to_fall"):
        # Why, in the words of the rules that concluded it (their declarations).
        reasons = sorted(
            {
                declared[fact["rule"]].condition_words
                for fact in run.facts
                if isinstance(fact, Finding) and fact["name"] == "count_expected_to_fall"
            }
        )
        lines.append(FactLine("Count expected to fall", "yes", "; ".join(reasons)))
    if view.has("neutropenia_prone"):
        lines.append(FactLine("Neutropenia-prone history", "yes", PRONE_HISTORY.on(view)[1]))

    knowledge = load_knowledge()
    group_words = {
        EMERGENCY_GROUP: "emergency symptom",
        INFECTION_SIGN_GROUP: "sign of infection",
    }
    for symptom_id in case.symptoms:
        symptom = knowledge.symptom(symptom_id)
        lines.append(FactLine("Symptom", symptom.label, group_words.get(symptom.group, "")))
    for condition_id in case.conditions:
        condition = knowledge.condition(condition_id)
        notes = []
        if condition.category:
            notes.append(f"cause category: {condition.category.replace('_', ' ')}")
        if condition.neutropenia_prone:
            notes.append("neutropenia-prone")
        if condition.on_chemotherapy:
            notes.append("counts as recent chemotherapy")
        lines.append(FactLine("Condition", condition.label, "; ".join(notes)))
    for match in case.medications:
        if match.drug is None:
            lines.append(FactLine("Medicine", match.text, "not recognised: not used by the rules"))
        else:
            note = match.drug.drug_class.replace("_", " ")
            if match.drug.generic.lower() != match.text.lower():
                note = f"read as {match.drug.generic}; {note}"
            lines.append(FactLine("Medicine", match.text, note))
    if case.age is not None:
        lines.append(FactLine("Age", f"{case.age} years"))
    return lines


def _neutropenic_words(view: CaseView) -> tuple[str, str]:
    if view.anc is None:
        return "not known", "no ANC"
    if view.has("neutropenic"):
        limit = DUFFY_NULL_NORMAL_LOW if view.case.duffy_null else ANC_NEUTROPENIA
        return "yes", f"ANC below {limit:,.0f}"
    if view.has("duffy_null_range"):
        return "no", "ANC within the Duffy-null range"
    return "no", f"ANC {ANC_NEUTROPENIA:,.0f} or more"


def _fever_words(view: CaseView) -> str:
    parts = []
    if view.has("fever"):
        parts.append(f"fever: yes, at or above {degrees(FEVER_C)}")
        if view.has("high_fever"):
            parts.append(f"high fever: yes, at or above {degrees(HIGH_FEVER_C)}")
    else:
        parts.append(f"fever: no, below {degrees(FEVER_C)}")
    if view.has("low_temperature"):
        parts.append(f"low temperature: yes, below {degrees(LOW_TEMPERATURE_C)}")
    return "; ".join(parts)


# ------------------------------------------------------------------ text


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return wrap(text, indent, first)


def explanation_lines(explanation: Explanation) -> list[str]:
    """The explanation as lines of text (see :func:`render_explanation`)."""
    lines = [f"How this result was reached (ruleset {explanation.ruleset_version}):", ""]

    lines.append("1. The facts, in the units the rules use")
    width = max(len(fact.name) for fact in explanation.facts) + 2
    for fact in explanation.facts:
        text = fact.value + (f" — {fact.note}" if fact.note else "")
        lines += _wrap(text, " " * (5 + width), f"     {fact.name + ':':<{width}}")

    lines += ["", "2. The rules that applied, in order of dependency"]
    for group in explanation.groups:
        lines.append(f"   {group.title}")
        for item in group.rules:
            lines += _wrap(item.because, " " * 12, f"     {item.rule:<6} ")

    lines += ["", _triage_heading(explanation)]
    if explanation.triage == TRIAGE_LEVELS[-1]:
        lines += _wrap("This is already the highest level.", "     ")
    for level in reversed(TRIAGE_LEVELS):
        misses = explanation.near_misses_at(level)
        if not misses:
            continue
        lines.append(f"   Why not {level}: no {level} rule had all its conditions")
        for miss in misses:
            lines += _wrap(f"needs {miss.when}", " " * 12, f"     {miss.rule:<6} ")
            if miss.met:
                lines += _wrap("has: " + "; ".join(c.detail for c in miss.met), " " * 17, " " * 12)
            lines += _wrap(
                "missing: " + "; ".join(c.detail for c in miss.missing), " " * 21, " " * 12
            )

    lines += ["", "4. Safety net: what would raise the level (each change run through the rules)"]
    if not explanation.safety_net:
        nothing = (
            "Nothing: the level is already the highest."
            if explanation.triage == TRIAGE_LEVELS[-1]
            else "No change that the safety net checks would raise the level."
        )
        lines += _wrap(nothing, "     ")
    for entry in explanation.safety_net:
        lines += _wrap(
            f"{entry.condition}: {entry.level} ({', '.join(entry.rules)})", " " * 7, "     - "
        )
    return lines


def _triage_heading(explanation: Explanation) -> str:
    rules = ", ".join(dict.fromkeys(item.rule for item in explanation.decided_by))
    if explanation.triage == TRIAGE_LEVELS[0]:
        return "3. Triage: routine (no rule asked for sooner care)"
    return f"3. Triage: {explanation.triage} (the highest level any rule gave: {rules})"


def render_explanation(explanation: Explanation) -> str:
    """The explanation as plain text, ready to print."""
    return "\n".join(explanation_lines(explanation)) + "\n"
