"""The nurse's explanation of one assessment (``--explain``): the normalised facts, every
rule that fired grouped in order of dependency, and, for each numbered triage rule of a
level above the result, what it needed and which part was missing ("near misses").

Which rules fired comes from the engine's conclusion facts. Near misses are worked out
here from the normalised case and the engine's findings, with the thresholds of
:mod:`triage.thresholds`; ``tests/test_explain.py`` checks over every bundled case that
a rule is reported as met exactly when the engine fired it.
"""

from __future__ import annotations

import textwrap
from collections.abc import Callable, Iterable
from dataclasses import asdict, dataclass
from functools import cache

from triage.assessment import TRIAGE_LEVELS, Assessment
from triage.catalogue import (
    is_spec_triage_rule,
    rules_by_id,
    section_of,
    section_order,
    triage_level_of,
)
from triage.engine import Run, rule_sort_key
from triage.facts import Finding
from triage.knowledge import (
    ANTITHYROID_CLASS,
    CHEMOTHERAPY_CLASS,
    CLOZAPINE_MONITORING,
    DEFERIPRONE_MONITORING,
    EMERGENCY_GROUP,
    FEELING_UNWELL,
    INFECTION_SIGN_GROUP,
    load_knowledge,
)
from triage.rules.base import cells, degrees
from triage.rules.medications import clozapine_interrupt_limit
from triage.thresholds import (
    ANC_MODERATE,
    ANC_NEUTROPENIA,
    ANC_SEVERE,
    CLOZAPINE_INTERRUPT_ANC,
    CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL,
    DUFFY_NULL_NORMAL_LOW,
    FEVER_C,
    HIGH_FEVER_C,
    LOW_TEMPERATURE_C,
    NADIR_CHEMO_DAYS,
    RECENT_CHEMO_DAYS,
    SUSTAINED_FEVER_HOURS,
)

WIDTH = 78


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


# ------------------------------------------------------------------ the case as the rules see it


class CaseView:
    """The normalised case plus the engine's findings, read by the condition checks."""

    def __init__(self, run: Run):
        self.case = run.case
        self.findings = {
            fact["name"]: fact["because"] for fact in run.facts if isinstance(fact, Finding)
        }
        knowledge = load_knowledge()
        self.symptoms = [knowledge.symptom(s) for s in self.case.symptoms]
        self.conditions = [knowledge.condition(c) for c in self.case.conditions]
        self.drugs = [m.drug for m in self.case.medications if m.drug is not None]

    def has(self, finding: str) -> bool:
        return finding in self.findings

    @property
    def anc(self) -> float | None:
        return self.case.anc


Check = Callable[[CaseView], tuple[bool, str]]


@dataclass(frozen=True)
class Requirement:
    """A condition of a rule, in plain words, and how to check it on a case."""

    condition: str
    check: Check

    def on(self, view: CaseView) -> ConditionCheck:
        met, detail = self.check(view)
        return ConditionCheck(self.condition, met, detail)


def _names(items: Iterable[str]) -> str:
    items = list(items)
    return items[0] if len(items) == 1 else ", ".join(items[:-1]) + " or " + items[-1]


def _fever() -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        celsius = view.case.temperature_c
        if celsius is None:
            if view.has("fever"):
                return True, view.findings["fever"]
            return False, (
                f"no temperature of {degrees(FEVER_C)} or more was reported, and no "
                "feeling of being hot, sweaty or shivery"
            )
        if view.has("fever"):
            return True, f"temperature {degrees(celsius)} is at or above {degrees(FEVER_C)}"
        return False, f"temperature {degrees(celsius)} is below {degrees(FEVER_C)}"

    return Requirement("fever (or possible fever)", check)


def _symptom(symptom_id: str) -> Requirement:
    label = load_knowledge().symptom(symptom_id).label

    def check(view: CaseView) -> tuple[bool, str]:
        if symptom_id in view.case.symptoms:
            return True, f"{label} reported"
        return False, f"{label} was not reported"

    return Requirement(label, check)


def _low_temperature() -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        celsius = view.case.temperature_c
        if celsius is None:
            return False, "no temperature was reported"
        if view.has("low_temperature"):
            return True, f"temperature {degrees(celsius)} is below {degrees(LOW_TEMPERATURE_C)}"
        return False, f"temperature {degrees(celsius)} is not below {degrees(LOW_TEMPERATURE_C)}"

    return Requirement("low temperature", check)


def _anc_below(limit: float) -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return False, "the ANC is not known"
        if view.anc < limit:
            return True, f"ANC {cells(view.anc)} is below {limit:,.0f}"
        return False, f"ANC {cells(view.anc)} is not below {limit:,.0f}"

    return Requirement(f"ANC below {limit:,.0f}", check)


def _anc_at_least(limit: float) -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return False, "the ANC is not known"
        if view.anc >= limit:
            return True, f"ANC {cells(view.anc)} is {limit:,.0f} or more"
        return False, f"ANC {cells(view.anc)} is below {limit:,.0f}"

    return Requirement(f"ANC {limit:,.0f} or more", check)


def _anc_between(low: float, high: float) -> Requirement:
    band = f"{low:,.0f}–{high - 1:,.0f}"

    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return False, "the ANC is not known"
        if low <= view.anc < high:
            return True, f"ANC {cells(view.anc)} is in {band}"
        side = "below" if view.anc < low else "above"
        return False, f"ANC {cells(view.anc)} is {side} {band}"

    return Requirement(f"ANC {band}", check)


def _anc_unknown() -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return True, "no ANC was given or computed"
        return False, f"the ANC is known ({cells(view.anc)})"

    return Requirement("ANC unknown", check)


def _anc_unknown_or_below(limit: float) -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return True, "no ANC was given or computed"
        if view.anc < limit:
            return True, f"ANC {cells(view.anc)} is below {limit:,.0f}"
        return False, f"ANC {cells(view.anc)} is known and not below {limit:,.0f}"

    return Requirement(f"ANC unknown or below {limit:,.0f}", check)


def _either(first: Requirement, second: Requirement) -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        one, two = first.on(view), second.on(view)
        if one.met or two.met:
            return True, "; ".join(c.detail for c in (one, two) if c.met)
        return False, f"{one.detail}, and {two.detail}"

    return Requirement(f"{first.condition} or {second.condition}", check)


def _recent_chemo() -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        days = view.case.days_since_chemo
        on_chemo = [c.label for c in view.conditions if c.on_chemotherapy]
        if view.has("recent_chemo"):
            if days is not None and days <= RECENT_CHEMO_DAYS:
                return True, f"the last chemotherapy was {days} days ago"
            return True, f"reported: {_names(on_chemo)}" if on_chemo else "recent chemotherapy"
        if days is not None:
            return False, (
                f"the last chemotherapy was {days} days ago, more than {RECENT_CHEMO_DAYS}"
            )
        return False, "no recent chemotherapy was reported"

    return Requirement(f"recent chemotherapy ({RECENT_CHEMO_DAYS} days or less)", check)


def _prone_history() -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        prone = [c.label for c in view.conditions if c.neutropenia_prone]
        if view.has("neutropenia_prone"):
            return True, f"{_names(prone)} reported"
        return False, f"no neutropenia-prone condition was reported ({_prone_names()})"

    return Requirement("a neutropenia-prone history", check)


SYMPTOM_FINDINGS: dict[str, str] = {
    EMERGENCY_GROUP: "emergency_symptom",
    INFECTION_SIGN_GROUP: "infection_sign",
}


def _symptom_of(group: str, description: str) -> Requirement:
    finding = SYMPTOM_FINDINGS[group]

    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms if s.group == group]
        if view.has(finding) and found:
            return True, f"{_names(found)} reported"
        return False, f"no {description} was reported"

    return Requirement(description, check)


def _agranulocytosis_symptom() -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms if s.agranulocytosis_sign]
        if found:
            return True, f"{_names(found)} reported"
        return False, f"neither {' nor '.join(_agranulocytosis_names())} was reported"

    return Requirement(_names(_agranulocytosis_names()), check)


def _taking(description: str, matches: Callable[[object], bool]) -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        found = sorted({drug.generic for drug in view.drugs if matches(drug)})
        if found:
            return True, f"taking {_names(found)}"
        return False, f"no {description} among the medicines"

    return Requirement(description, check)


def _monitored(monitoring: str) -> Requirement:
    """Taking a medicine of a monitoring programme; its name comes from the lexicon."""
    names = sorted(d.generic for d in load_knowledge().drugs if d.monitoring == monitoring)
    return _taking(" or ".join(names), lambda drug: getattr(drug, "monitoring", None) == monitoring)


def _clozapine() -> Requirement:
    return _monitored(CLOZAPINE_MONITORING)


def _clozapine_limit() -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        limit = clozapine_interrupt_limit(view.case.duffy_null)
        who = " (the Duffy-null limit)" if view.case.duffy_null else ""
        if view.anc is None:
            return False, "the ANC is not known"
        if view.anc < limit:
            return True, f"ANC {cells(view.anc)} is below {limit:,.0f}{who}"
        return False, f"ANC {cells(view.anc)} is not below {limit:,.0f}{who}"

    return Requirement(
        f"ANC below {CLOZAPINE_INTERRUPT_ANC:,.0f} "
        f"(Duffy-null: below {CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL:,.0f})",
        check,
    )


def _neutropenic() -> Requirement:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return False, "the ANC is not known"
        if view.has("neutropenic"):
            return True, view.findings["neutropenic"]
        if view.has("duffy_null_range"):
            return False, (
                f"ANC {cells(view.anc)} is within the usual range for a Duffy-null person "
                f"({DUFFY_NULL_NORMAL_LOW:,.0f}–{ANC_NEUTROPENIA - 1:,.0f})"
            )
        return False, f"ANC {cells(view.anc)} is not below {ANC_NEUTROPENIA:,.0f}"

    return Requirement("neutropenic", check)


def _medication_cause() -> Requirement:
    return _taking(
        "medicine that can lower the count (not chemotherapy)",
        lambda drug: getattr(drug, "drug_class", None) != CHEMOTHERAPY_CLASS,
    )


@cache
def _prone_names() -> str:
    ids = [c.id.replace("_", " ") for c in load_knowledge().conditions if c.neutropenia_prone]
    return _names(ids)


@cache
def _agranulocytosis_names() -> tuple[str, ...]:
    return tuple(s.label for s in load_knowledge().symptoms if s.agranulocytosis_sign)


@cache
def requirements() -> dict[str, tuple[Requirement, ...]]:
    """The conditions of each numbered triage rule (clinical-rules.md §4), part by part."""
    fever, low_count = _fever(), _anc_below(ANC_MODERATE)
    mild_band = _anc_between(ANC_MODERATE, ANC_NEUTROPENIA)
    chemo, infection = _recent_chemo(), _symptom_of(INFECTION_SIGN_GROUP, "sign of infection")
    return {
        "E1": (fever, low_count),
        "E2": (fever, chemo),
        "E3": (fever, _anc_unknown(), _prone_history()),
        "E4": (_low_temperature(), _either(low_count, chemo)),
        "E5": (_symptom_of(EMERGENCY_GROUP, "emergency symptom"),),
        "E6": (_symptom(FEELING_UNWELL), chemo),
        "U1": (fever, mild_band),
        "U2": (fever, _anc_unknown()),
        "U3": (_anc_below(ANC_SEVERE),),
        "U4": (infection, low_count),
        "U5": (infection, chemo, _anc_unknown_or_below(ANC_NEUTROPENIA)),
        "U6": (_clozapine(), _clozapine_limit()),
        "U7": (
            _monitored(DEFERIPRONE_MONITORING),
            _anc_below(ANC_NEUTROPENIA),
        ),
        "U8": (
            _taking(
                "antithyroid drug",
                lambda drug: getattr(drug, "drug_class", None) == ANTITHYROID_CLASS,
            ),
            _agranulocytosis_symptom(),
        ),
        "S1": (_anc_between(ANC_SEVERE, ANC_MODERATE),),
        "S2": (infection, mild_band),
        "S3": (_neutropenic(), _medication_cause()),
        "S4": (_clozapine(), _neutropenic(), _anc_at_least(CLOZAPINE_INTERRUPT_ANC)),
        "S5": (fever,),
        "S6": (infection, chemo),
    }


def check_rule(run: Run, rule_id: str) -> tuple[ConditionCheck, ...]:
    """Each condition of one numbered triage rule, checked on this run's case."""
    view = CaseView(run)
    return tuple(requirement.on(view) for requirement in requirements()[rule_id])


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
    view = CaseView(run)
    misses: list[NearMiss] = []
    for meta in rules_by_id().values():
        level = triage_level_of(meta)
        if level not in above or not is_spec_triage_rule(meta.id):
            continue
        known = requirements().get(meta.id)
        if known is None:  # a new rule without its parts spelled out: show its `when`
            checks: tuple[ConditionCheck, ...] = (ConditionCheck(meta.when, False, meta.when),)
        else:
            checks = tuple(requirement.on(view) for requirement in known)
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
    view = CaseView(run)
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

    recent = _recent_chemo().on(view)
    if recent.met:
        lines.append(FactLine("Recent chemotherapy", "yes", recent.detail))
    elif case.days_since_chemo is not None:
        lines.append(FactLine("Recent chemotherapy", "no", recent.detail))
    else:
        lines.append(FactLine("Recent chemotherapy", "not reported"))
    if view.has("count_expected_to_fall"):
        reasons = []
        if case.anc_falling:
            reasons.append("nurse's judgement")
        if case.days_since_chemo is not None and case.days_since_chemo <= NADIR_CHEMO_DAYS:
            reasons.append(f"chemotherapy {NADIR_CHEMO_DAYS} days ago or less")
        lines.append(FactLine("Count expected to fall", "yes", "; ".join(reasons)))
    if view.has("neutropenia_prone"):
        lines.append(FactLine("Neutropenia-prone history", "yes", _prone_history().on(view).detail))

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


# Units stay on the line of their number when text is wrapped.
KEEP_TOGETHER = (" °C", " °F", " cells/µL", " ×10⁹/L", " %", " days", " hours")
NO_BREAK = "\u00a0"


def wrap_text(text: str, width: int, indent: str, first: str | None = None) -> list[str]:
    """Wrap plain words without splitting a number from its unit."""
    for unit in KEEP_TOGETHER:
        text = text.replace(unit, NO_BREAK + unit[1:])
    lines = textwrap.wrap(
        text,
        width,
        initial_indent=indent if first is None else first,
        subsequent_indent=indent,
        break_on_hyphens=False,
    ) or [indent]
    return [line.replace(NO_BREAK, " ") for line in lines]


def _wrap(text: str, indent: str, first: str | None = None) -> list[str]:
    return wrap_text(text, WIDTH, indent, first)


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
