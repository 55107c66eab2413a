"""The conditions rules are made of. Each function returns one :class:`Part`: the experta
pattern the engine matches, its plain words, and the check that tells a nurse whether a
case meets it ("has: ANC 700 cells/µL is below 1,000"; "missing: the ANC is not known").

Thresholds come from :mod:`triage.thresholds`, vocabulary groups and flags from the
knowledge data; a rule module combines parts and says what follows.
"""

from __future__ import annotations

from collections.abc import Callable, Iterable
from functools import cache
from typing import TYPE_CHECKING, Any

from triage._experta import MATCH, NOT, OR, TEST, P, W
from triage.facts import (
    Age,
    Cause,
    Chemotherapy,
    Condition,
    Count,
    CountAge,
    CountFalling,
    FeverDuration,
    Finding,
    LabLowerLimit,
    LongTermSteroids,
    Medication,
    NeutropeniaDuration,
    Person,
    Severity,
    Symptom,
    Temperature,
    TriageLevel,
)
from triage.knowledge import (
    EMERGENCY_GROUP,
    INFECTION_SIGN_GROUP,
    MARROW_CLASSES,
    SymptomGroup,
    load_knowledge,
)
from triage.rules.cuts import mark_cuts, mark_test_cuts
from triage.rules.declare import Check, Part
from triage.text import cells, count, degrees, join_words
from triage.thresholds import (
    ANC_NEUTROPENIA,
    DUFFY_NULL_NORMAL_LOW,
    FEVER_C,
    RECENT_CHEMO_DAYS,
)

if TYPE_CHECKING:
    from triage.assessment import Run


class CaseView:
    """The normalised case plus the engine's conclusions, read by the checks."""

    def __init__(self, run: Run):
        self.case = run.case
        self.findings = {
            fact["name"]: fact["because"] for fact in run.facts if isinstance(fact, Finding)
        }
        self.severities = {fact["level"] for fact in run.facts if isinstance(fact, Severity)}
        self.causes = {fact["category"] for fact in run.facts if isinstance(fact, Cause)}
        self.triage_levels = {fact["level"] for fact in run.facts if isinstance(fact, TriageLevel)}
        self.triage_rules = {fact["rule"] for fact in run.facts if isinstance(fact, TriageLevel)}
        knowledge = load_knowledge()
        self.symptoms = [knowledge.symptom(s) for s in self.case.symptoms]
        self.conditions = [knowledge.condition(c) for c in self.case.conditions]
        self.drugs = [m.drug for m in self.case.medications if m.drug is not None]

    def has(self, finding: str) -> bool:
        return finding in self.findings

    @property
    def anc(self) -> float | None:
        return self.case.anc


def part(words: str, *patterns: Any, check: Check) -> Part:
    return Part(words, patterns, check)


# Pattern helpers: thresholds come in as names, never as literals in lambdas. Each
# records the limits it compares with (triage.rules.cuts: what the rules tell apart).
def below(limit: float) -> Any:
    return mark_cuts(P(lambda value: value < limit), limit)


def at_least(limit: float) -> Any:
    return mark_cuts(P(lambda value: value >= limit), limit)


def at_most(limit: float) -> Any:
    return mark_cuts(P(lambda value: value <= limit), limit)


def above(limit: float) -> Any:
    return mark_cuts(P(lambda value: value > limit), limit)


def in_range(low: float, high: float) -> Any:
    """``low <= value < high``."""
    return mark_cuts(P(lambda value: low <= value < high), low, high)


def to_under(low: float, high: float) -> str:
    """500 to under 1,000."""
    return f"{count(low)} to under {count(high)}"


def band(low: float, high: float) -> str:
    """1,000–1,499: a band of whole counts, from ``low`` to under ``high``."""
    return f"{count(low)}–{count(high - 1)}"


# --- The count ---------------------------------------------------------------------------


def anc_below(limit: float) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return False, "the ANC is not known"
        if view.anc < limit:
            return True, f"ANC {cells(view.anc)} is below {count(limit)}"
        return False, f"ANC {cells(view.anc)} is not below {count(limit)}"

    return part(f"ANC below {count(limit)}", Count(anc=MATCH.anc & below(limit)), check=check)


def anc_at_least(limit: float) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return False, "the ANC is not known"
        if view.anc >= limit:
            return True, f"ANC {cells(view.anc)} is {count(limit)} or more"
        return False, f"ANC {cells(view.anc)} is below {count(limit)}"

    return part(f"ANC {count(limit)} or more", Count(anc=MATCH.anc & at_least(limit)), check=check)


def anc_between(low: float, high: float) -> Part:
    """``low <= ANC < high``."""
    words = band(low, high)

    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return False, "the ANC is not known"
        if low <= view.anc < high:
            return True, f"ANC {cells(view.anc)} is in {words}"
        side = "below" if view.anc < low else "above"
        return False, f"ANC {cells(view.anc)} is {side} {words}"

    return part(f"ANC {words}", Count(anc=MATCH.anc & in_range(low, high)), check=check)


def anc_unknown() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return True, "no ANC was given or computed"
        return False, f"the ANC is known ({cells(view.anc)})"

    return part("ANC unknown", Count(unknown=True), check=check)


def anc_unknown_or_below(limit: float) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return True, "no ANC was given or computed"
        if view.anc < limit:
            return True, f"ANC {cells(view.anc)} is below {count(limit)}"
        return False, f"ANC {cells(view.anc)} is known and not below {count(limit)}"

    return part(
        f"ANC unknown or below {count(limit)}",
        OR(Count(unknown=True), Count(anc=below(limit))),
        check=check,
    )


def anc_below_limit(
    words: str, limit_for: Callable[[bool], float], who: Callable[[bool], str]
) -> Part:
    """ANC below a limit that depends on whether the person is Duffy-null (clozapine)."""

    def check(view: CaseView) -> tuple[bool, str]:
        limit = limit_for(view.case.duffy_null)
        if view.anc is None:
            return False, "the ANC is not known"
        if view.anc < limit:
            return True, f"ANC {cells(view.anc)} is below {count(limit)}{who(view.case.duffy_null)}"
        return (
            False,
            f"ANC {cells(view.anc)} is not below {count(limit)}{who(view.case.duffy_null)}",
        )

    return part(
        words,
        Count(anc=MATCH.anc),
        Person(duffy_null=MATCH.duffy_null),
        mark_test_cuts(
            TEST(lambda anc, duffy_null: anc < limit_for(duffy_null)),
            anc=(limit_for(False), limit_for(True)),
        ),
        check=check,
    )


def below_lab_limit(floor: float) -> Part:
    """The lab's lower limit of normal is given and LLN > ANC ≥ ``floor``."""

    def check(view: CaseView) -> tuple[bool, str]:
        lln, anc = view.case.anc_lln, view.anc
        if anc is None or lln is None:
            return False, "the ANC or the lab's lower limit is not known"
        met = floor <= anc < lln
        return met, f"ANC {cells(anc)}, lab lower limit {cells(lln)}"

    return part(
        f"the lab's lower limit of normal is given and LLN > ANC ≥ {count(floor)}",
        Count(anc=MATCH.anc & at_least(floor)),
        LabLowerLimit(anc=MATCH.lln),
        TEST(lambda anc, lln: anc < lln),
        check=check,
    )


def duffy_null(value: bool) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        said = "Duffy-null" if view.case.duffy_null else "not known to be Duffy-null"
        return view.case.duffy_null is value, said

    return part("Duffy-null" if value else "not Duffy-null", Person(duffy_null=value), check=check)


def low_for(days: int) -> Part:
    """The count has been low for more than ``days`` days (binds ``days``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        known = view.case.neutropenia_days
        if known is None:
            return False, "how long the count has been low is not known"
        return known > days, f"low for {known} days"

    return part(
        f"for more than {days} days",
        NeutropeniaDuration(days=MATCH.days & above(days)),
        check=check,
    )


def not_low_for(days: int) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        known = view.case.neutropenia_days
        if known is None:
            return True, "how long the count has been low is not known"
        return known <= days, f"low for {known} days"

    return part(
        f"for {days} days or less (or duration unknown)",
        NOT(NeutropeniaDuration(days=above(days))),
        check=check,
    )


# --- Temperature ------------------------------------------------------------------------


def temperature(words: str, test: Callable[[float], bool], pattern: Any) -> Part:
    """A measured temperature meeting ``test`` (binds ``celsius``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        celsius = view.case.temperature_c
        if celsius is None:
            return False, "no temperature was reported"
        return test(celsius), f"temperature {degrees(celsius)}"

    return part(words, Temperature(celsius=MATCH.celsius & pattern), check=check)


def measured_temperature() -> Part:
    """Any measured temperature (binds ``celsius``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        celsius = view.case.temperature_c
        if celsius is None:
            return False, "no temperature was reported"
        return True, f"temperature {degrees(celsius)}"

    return part("a measured temperature", Temperature(celsius=MATCH.celsius), check=check)


def temperature_at_least(limit: float) -> Part:
    return temperature(
        f"temperature at or above {degrees(limit)}", lambda c: c >= limit, at_least(limit)
    )


def temperature_below(limit: float) -> Part:
    return temperature(f"temperature below {degrees(limit)}", lambda c: c < limit, below(limit))


def no_temperature() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        celsius = view.case.temperature_c
        if celsius is None:
            return True, "no temperature was measured"
        return False, f"temperature {degrees(celsius)} was measured"

    return part("no temperature was measured", NOT(Temperature()), check=check)


def fever_lasting(hours: float) -> Part:
    """A measured fever that has lasted at least ``hours`` (binds ``hours``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        celsius, lasted = view.case.temperature_c, view.case.fever_hours
        if celsius is None or lasted is None:
            return False, "no measured fever with its duration was reported"
        return celsius >= FEVER_C and lasted >= hours, f"{lasted:g} hours at {degrees(celsius)}"

    return part(
        f"temperature at or above {degrees(FEVER_C)} for at least {hours:g} hour",
        Temperature(celsius=at_least(FEVER_C)),
        FeverDuration(hours=MATCH.hours & at_least(hours)),
        check=check,
    )


# --- Findings (conclusions of the finding rules) -----------------------------------------


def finding(name: str, words: str, missing: str = "") -> Part:
    """A finding concluded earlier; its because is the detail."""

    def check(view: CaseView) -> tuple[bool, str]:
        if view.has(name):
            return True, view.findings[name]
        return False, missing or f"not {words}"

    return part(words, Finding(name=name), check=check)


def no_finding(name: str, words: str) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.has(name):
            return False, view.findings[name]
        return True, f"no {words}"

    return part(f"no {words}", NOT(Finding(name=name)), check=check)


def fever() -> Part:
    """A fever, measured or possible (binds ``fever``: how to say which)."""

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

    return part("fever (or possible fever)", Finding(name="fever", words=MATCH.fever), check=check)


def low_temperature(limit: float) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        celsius = view.case.temperature_c
        if celsius is None:
            return False, "no temperature was reported"
        if view.has("low_temperature"):
            return True, f"temperature {degrees(celsius)} is below {degrees(limit)}"
        return False, f"temperature {degrees(celsius)} is not below {degrees(limit)}"

    return part("low temperature", Finding(name="low_temperature"), check=check)


def idsa_fever() -> Part:
    """IDSA fever: a high fever once, or a fever sustained for an hour."""

    def check(view: CaseView) -> tuple[bool, str]:
        for name in ("high_fever", "sustained_fever"):
            if view.has(name):
                return True, view.findings[name]
        return False, "no high or sustained fever"

    return part(
        "IDSA fever",
        OR(Finding(name="high_fever"), Finding(name="sustained_fever")),
        check=check,
    )


def recent_chemo() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        days = view.case.days_since_chemo
        on_chemo = [c.label for c in view.conditions if c.on_chemotherapy]
        if view.has("recent_chemo"):
            if days is not None and days <= RECENT_CHEMO_DAYS:
                return True, f"the last anticancer treatment was {days} days ago"
            if on_chemo:
                return True, f"reported: {names(on_chemo)}"
            return True, view.findings["recent_chemo"]
        if days is not None:
            return False, (
                f"the last anticancer treatment was {days} days ago, more than {RECENT_CHEMO_DAYS}"
            )
        return False, "no recent anticancer treatment was reported"

    return part(
        f"recent anticancer treatment ({RECENT_CHEMO_DAYS} days or less)",
        Finding(name="recent_chemo"),
        check=check,
    )


def prone_history() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        prone = [c.label for c in view.conditions if c.neutropenia_prone]
        if view.has("neutropenia_prone"):
            return True, f"{names(prone)} reported"
        return False, f"no neutropenia-prone condition was reported ({prone_names()})"

    return part("a neutropenia-prone history", Finding(name="neutropenia_prone"), check=check)


SYMPTOM_FINDINGS: dict[str, str] = {
    EMERGENCY_GROUP: "emergency_symptom",
    INFECTION_SIGN_GROUP: "infection_sign",
}


def symptom_finding(group: SymptomGroup, words: str) -> Part:
    """The finding that a symptom of ``group`` was reported (N10, N11)."""
    finding_name = SYMPTOM_FINDINGS[group]

    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms if s.group == group]
        if view.has(finding_name):
            return True, f"{names(found)} reported" if found else view.findings[finding_name]
        return False, f"no {words} was reported"

    return part(words, Finding(name=finding_name), check=check)


def neutropenic() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return False, "the ANC is not known"
        if view.has("neutropenic"):
            return True, view.findings["neutropenic"]
        if view.has("duffy_null_range"):
            return False, (
                f"ANC {cells(view.anc)} is within the usual range for a Duffy-null person "
                f"({band(DUFFY_NULL_NORMAL_LOW, ANC_NEUTROPENIA)})"
            )
        return False, f"ANC {cells(view.anc)} is not below {count(ANC_NEUTROPENIA)}"

    return part("neutropenic", Finding(name="neutropenic"), check=check)


def either(first: Part, second: Part) -> Part:
    """One of two parts (experta OR of their single patterns)."""

    def check(view: CaseView) -> tuple[bool, str]:
        (one, one_detail), (two, two_detail) = first.on(view), second.on(view)
        if one or two:
            return True, "; ".join(d for met, d in ((one, one_detail), (two, two_detail)) if met)
        return False, f"{one_detail}, and {two_detail}"

    (left,), (right,) = first.patterns, second.patterns
    return part(f"{first.words} or {second.words}", OR(left, right), check=check)


# --- What the person reports: symptoms, conditions, medicines, chemotherapy ------------


def symptom_of(group: SymptomGroup, words: str) -> Part:
    """A reported symptom of a vocabulary group (binds ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms if s.group == group]
        if found:
            return True, f"{names(found)} reported"
        return False, f"no {words} was reported"

    return part(words, Symptom(group=group, label=MATCH.label), check=check)


def symptom(symptom_id: str) -> Part:
    label = load_knowledge().symptom(symptom_id).label

    def check(view: CaseView) -> tuple[bool, str]:
        if symptom_id in view.case.symptoms:
            return True, f"{label} reported"
        return False, f"{label} was not reported"

    return part(label, Symptom(id=symptom_id), check=check)


def agranulocytosis_symptom() -> Part:
    """A symptom flagged as a sign of agranulocytosis (binds ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms if s.agranulocytosis_sign]
        if found:
            return True, f"{names(found)} reported"
        return False, f"neither {' nor '.join(agranulocytosis_names())} was reported"

    return part(
        names(agranulocytosis_names()),
        Symptom(agranulocytosis_sign=True, label=MATCH.label),
        check=check,
    )


def condition_flagged(flag: str, words: str) -> Part:
    """A reported condition with a vocabulary flag (binds ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [c.label for c in view.conditions if getattr(c, flag)]
        if found:
            return True, f"{names(found)} reported"
        return False, f"no {words} was reported"

    return part(words, Condition(label=MATCH.label, **{flag: True}), check=check)


def condition_with_category() -> Part:
    """A condition linked to a cause category (binds ``category`` and ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [c.label for c in view.conditions if c.category]
        if found:
            return True, f"{names(found)} reported"
        return False, "no condition linked to a cause was reported"

    return part(
        "a condition linked to a cause category (bone marrow, immune, infection, nutrition)",
        Condition(category=MATCH.category, label=MATCH.label),
        check=check,
    )


def taking(words: str, matches: Callable[[Any], bool], **pattern: Any) -> Part:
    """A recognised medicine (binds ``generic`` and whatever ``pattern`` binds)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = sorted({drug.generic for drug in view.drugs if matches(drug)})
        if found:
            return True, f"taking {names(found)}"
        return False, f"no {words} among the medicines"

    return part(words, Medication(generic=MATCH.generic, **pattern), check=check)


def monitored(monitoring: str) -> Part:
    """Taking a medicine of a monitoring programme; its name comes from the lexicon."""
    drug_names = sorted(d.generic for d in load_knowledge().drugs if d.monitoring == monitoring)
    return taking(
        " or ".join(drug_names),
        lambda drug: getattr(drug, "monitoring", None) == monitoring,
        monitoring=monitoring,
    )


def drug_class(drug_class: str, words: str) -> Part:
    return taking(
        words, lambda drug: getattr(drug, "drug_class", None) == drug_class, drug_class=drug_class
    )


def drug_class_other_than(excluded: tuple[str, ...], words: str) -> Part:
    """A medicine of any class but the ``excluded`` ones (binds ``drug_class`` too)."""
    return taking(
        words,
        lambda drug: getattr(drug, "drug_class", None) not in excluded,
        drug_class=MATCH.drug_class & P(lambda c: c not in excluded),
    )


def drug_class_in(classes: tuple[str, ...], words: str) -> Part:
    """A medicine of one of ``classes`` (binds ``generic``)."""
    patterns = [Medication(generic=MATCH.generic, drug_class=c) for c in classes]
    taken = taking(words, lambda drug: getattr(drug, "drug_class", None) in classes)
    return part(words, patterns[0] if len(patterns) == 1 else OR(*patterns), check=taken.check)


def late_onset_drug(words: str) -> Part:
    return taking(words, lambda drug: getattr(drug, "late_onset", False), late_onset=True)


def chemo_within(days: int, words: str) -> Part:
    """The last chemotherapy dose ``days`` days ago or less (binds ``days``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        known = view.case.days_since_chemo
        if known is None:
            return False, "the date of the last chemotherapy is not known"
        return known <= days, f"the last chemotherapy was {known} days ago"

    return part(words, Chemotherapy(days=MATCH.days & at_most(days)), check=check)


def no_chemo_date() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        known = view.case.days_since_chemo
        if known is None:
            return True, "the date of the last dose is not known"
        return False, f"the last dose was {known} days ago"

    return part("the date of the last dose is not known", NOT(Chemotherapy()), check=check)


def count_falling() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.case.anc_falling:
            return True, "a nurse judged that the count will fall"
        return False, "no nurse's judgement that the count will fall"

    return part("a nurse judged that the count will fall", CountFalling(), check=check)


# --- Conclusions of the classifying and triage rules (read by guidance) -------------------


def triage_is(level: str) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        return (
            level in view.triage_levels,
            f"triage levels given: {names(sorted(view.triage_levels))}",
        )

    return part(f"triage is {level}", TriageLevel(level=level), check=check)


def no_triage_rule_of(rule_ids: tuple[str, ...], words: str) -> Part:
    """None of these triage rules fired (their own words are shown instead)."""

    def check(view: CaseView) -> tuple[bool, str]:
        fired = sorted(set(rule_ids) & view.triage_rules)
        return (False, f"{names(fired)} fired") if fired else (True, words)

    patterns = [NOT(TriageLevel(rule=rule_id)) for rule_id in rule_ids]
    return part(words, *patterns, check=check)


def no_triage_rule() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        others = view.triage_levels - {"routine"}
        return not others, "no other triage rule applies" if not others else "another applies"

    return part("no other triage rule applies", NOT(TriageLevel()), check=check)


def severity_in(levels: Iterable[str], words: str) -> Part:
    wanted = tuple(levels)

    def check(view: CaseView) -> tuple[bool, str]:
        found = view.severities & set(wanted)
        return bool(found), f"severity {names(sorted(view.severities)) or 'not rated'}"

    patterns = [Severity(level=level) for level in wanted]
    pattern = patterns[0] if len(patterns) == 1 else OR(*patterns)
    return part(words, pattern, check=check)


def cause_is(category: str, words: str) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        return category in view.causes, f"causes found: {names(sorted(view.causes)) or 'none'}"

    return part(words, Cause(category=category), check=check)


def medication_cause() -> Part:
    """The cause category "medication" was raised: a medicine that can lower the count,
    not chemotherapy, is taken (and the count is low or unknown)."""
    words = "medicine that can lower the count (not anticancer treatment)"
    excluded = MARROW_CLASSES
    taken = taking(words, lambda drug: getattr(drug, "drug_class", None) not in excluded)
    return part(words, Cause(category="medication"), check=taken.check)


def no_cause() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        return not view.causes, f"causes found: {names(sorted(view.causes)) or 'none'}"

    return part("no cause was found", NOT(Cause()), check=check)


def any_of(words: str, *alternatives: Part) -> Part:
    """One of several single-pattern parts (experta OR)."""

    def check(view: CaseView) -> tuple[bool, str]:
        results = [alternative.on(view) for alternative in alternatives]
        met = [detail for ok, detail in results if ok]
        return (True, "; ".join(met)) if met else (False, "; ".join(d for _, d in results))

    return part(words, OR(*(p for a in alternatives for p in a.patterns)), check=check)


# --- Words -------------------------------------------------------------------------------


def names(items: Iterable[str]) -> str:
    return join_words(list(items))


@cache
def prone_names() -> str:
    ids = [c.id.replace("_", " ") for c in load_knowledge().conditions if c.neutropenia_prone]
    return names(ids)


@cache
def agranulocytosis_names() -> tuple[str, ...]:
    return tuple(s.label for s in load_knowledge().symptoms if s.agranulocytosis_sign)


# --- December 2026 revision: the count's age, borderline temperature, treatment and risk,
# children, medicines with an agranulocytosis warning ------------------------------------


def anc_unknown_or_old() -> Part:
    """No ANC, or one that is not current (clinical-rules §1): the rules that read an
    unknown count fire for an old one too, so an old count never lowers the level."""

    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return True, "no ANC was given or computed"
        if view.has("count_not_current"):
            return True, view.findings["count_not_current"]
        return False, f"the ANC is known and current ({cells(view.anc)})"

    return part(
        "ANC unknown or not current",
        OR(Count(unknown=True), Finding(name="count_not_current")),
        check=check,
    )


def anc_unknown_old_or_below(limit: float) -> Part:
    """ANC unknown, not current, or below ``limit`` (U5)."""

    def check(view: CaseView) -> tuple[bool, str]:
        if view.anc is None:
            return True, "no ANC was given or computed"
        if view.anc < limit:
            return True, f"ANC {cells(view.anc)} is below {count(limit)}"
        if view.has("count_not_current"):
            return True, view.findings["count_not_current"]
        return False, f"ANC {cells(view.anc)} is current and not below {count(limit)}"

    return part(
        f"ANC unknown, not current, or below {count(limit)}",
        OR(Count(unknown=True), Finding(name="count_not_current"), Count(anc=below(limit))),
        check=check,
    )


def count_older_than(days: int) -> Part:
    """The count was taken more than ``days`` days ago (binds ``count_days``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        known = view.case.days_since_count
        if known is None:
            return False, "the count is taken as current (no date given)"
        return known > days, f"the count was taken {known} days ago"

    return part(
        f"the count was taken more than {days} days ago",
        CountAge(days=MATCH.count_days & above(days)),
        check=check,
    )


def count_before_last_dose() -> Part:
    """The count was taken before the last anticancer dose (binds ``count_days`` and
    ``days``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        taken, dose = view.case.days_since_count, view.case.days_since_chemo
        if taken is None or dose is None:
            return False, "the dates of the count and of the last dose are not both known"
        return taken > dose, f"count {taken} days ago, last dose {dose} days ago"

    return part(
        "the count was taken before the last anticancer dose",
        CountAge(days=MATCH.count_days),
        Chemotherapy(days=MATCH.days),
        TEST(lambda count_days, days: count_days > days),
        check=check,
    )


def temperature_between(low: float, high: float) -> Part:
    """``low <= temperature < high`` (binds ``celsius``)."""
    return temperature(
        f"temperature {degrees(low)} to under {degrees(high)}",
        lambda c: low <= c < high,
        in_range(low, high),
    )


def borderline() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        celsius = view.case.temperature_c
        if celsius is None:
            return False, "no temperature was reported"
        if view.has("borderline_temperature"):
            return True, view.findings["borderline_temperature"]
        return False, f"temperature {degrees(celsius)} is not borderline"

    return part("borderline temperature", Finding(name="borderline_temperature"), check=check)


def systemic_treatment() -> Part:
    return finding(
        "recent_systemic",
        "recent systemic anticancer treatment",
        "no recent systemic anticancer treatment was reported",
    )


def at_risk() -> Part:
    return finding(
        "at_risk",
        "at risk of neutropenic sepsis",
        "not at risk of neutropenic sepsis by the answers (no recent anticancer treatment, "
        "blood cancer or marrow condition, immunosuppression or central line)",
    )


def immunosuppressed() -> Part:
    return finding("immunosuppressed", "immunosuppressed", "not immunosuppressed by the answers")


def child() -> Part:
    return finding("child", "a child (under 16)", "not known to be under 16")


def not_a_child() -> Part:
    return no_finding("child", "child under 16")


def any_symptom() -> Part:
    """Any reported symptom at all (binds ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms]
        return (True, f"{names(found)} reported") if found else (False, "no symptom reported")

    return part("any symptom", Symptom(label=MATCH.label), check=check)


def no_symptom() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms]
        return (False, f"{names(found)} reported") if found else (True, "no symptom reported")

    return part("no other symptom", NOT(Symptom()), check=check)


def distinct_signs(minimum: int) -> Part:
    """Two different infection signs, each counted once (E8; binds nothing)."""
    assert minimum == 2, "the pattern below pairs two signs"

    def check(view: CaseView) -> tuple[bool, str]:
        from triage.engine import distinct_sign

        signs = sorted({s for s in map(distinct_sign, view.symptoms) if s})
        labels = [s.label for s in view.symptoms if distinct_sign(s)]
        if len(signs) >= minimum:
            return True, f"{names(labels)} reported"
        return False, (
            f"{len(signs)} different sign(s) of infection counted (feeling unwell, a fast "
            "heartbeat and feeling feverish have rules of their own)"
        )

    return part(
        f"{minimum} or more different signs of infection",
        Symptom(sign=MATCH.first_sign),
        Symptom(sign=MATCH.second_sign),
        # Each sign's exact id matters (mark_test_cuts without limits), nothing else.
        mark_test_cuts(TEST(lambda first_sign, second_sign: first_sign < second_sign)),
        check=check,
    )


def warning_medicine() -> Part:
    """A medicine with an agranulocytosis warning (binds ``generic`` and ``advice``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = sorted(
            match.drug.generic
            for match, use in zip(view.case.medications, view.case.medicine_uses, strict=True)
            if match.drug is not None and use is not None and use.warning_advice
        )
        if found:
            return True, f"taking {names(found)}"
        return False, "no medicine with an agranulocytosis warning"

    return part(
        "a medicine with an agranulocytosis warning",
        Medication(generic=MATCH.generic, warning=MATCH.advice),
        check=check,
    )


def warning_symptom() -> Part:
    """A fever or possible fever (binds ``fever``), or a symptom flagged as a sign of
    agranulocytosis (binds ``label``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = [s.label for s in view.symptoms if s.agranulocytosis_sign]
        if view.has("fever"):
            found.insert(0, view.findings["fever"])
        if found:
            return True, names(found)
        return False, "no fever, sore throat, mouth ulcers or flu-like illness"

    return part(
        "a fever or possible fever, a sore throat, mouth ulcers or a flu-like illness",
        OR(
            Finding(name="fever", words=MATCH.fever),
            Symptom(agranulocytosis_sign=True, label=MATCH.label),
        ),
        check=check,
    )


def medicine_flagged(flag: str, words: str) -> Part:
    """A medicine that counts as ``flag`` for this person (binds ``generic``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        found = sorted(
            match.drug.generic
            for match, use in zip(view.case.medications, view.case.medicine_uses, strict=True)
            if match.drug is not None and use is not None and getattr(use, flag)
        )
        return (True, f"taking {names(found)}") if found else (False, f"no {words}")

    return part(words, Medication(generic=MATCH.generic, **{flag: True}), check=check)


def long_term_steroids() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.case.steroids_long_term:
            return True, "steroid tablets or injections taken long term"
        return False, "no long-term steroid tablets reported"

    return part("steroid tablets or injections taken long term", LongTermSteroids(), check=check)


def age_below(years: int) -> Part:
    """Age under ``years`` (binds ``age``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        known = view.case.age_years
        if known is None:
            return False, "the age is not known"
        return known < years, f"age {known}"

    return part(f"age under {years}", Age(years=MATCH.age & below(years)), check=check)


def months_below(months: int) -> Part:
    """Age under ``months`` months (binds ``months``)."""

    def check(view: CaseView) -> tuple[bool, str]:
        known = view.case.age_months
        if known is None:
            return False, "the age in months is not known"
        return known < months, f"{known} months old"

    return part(f"under {months} months old", Age(months=MATCH.months & below(months)), check=check)


def under_one_months_unknown() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        met = view.case.age == 0 and view.case.age_months is None
        return met, "under 1 year, months not given" if met else "not a baby of unknown months"

    return part(
        "under 1 year with the age in months not given",
        Age(years=0),
        NOT(Age(months=W())),
        check=check,
    )
