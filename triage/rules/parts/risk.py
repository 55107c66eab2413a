"""Treatment and risk: recent anticancer treatment and its date, being at risk or
immunosuppressed, long-term steroids, a neutropenia-prone history, children and age,
and a nurse's judgement that the count will fall."""

from __future__ import annotations

from functools import cache

from triage._experta import MATCH, NOT, W
from triage.facts import Age, Chemotherapy, CountFalling, Finding, LongTermSteroids
from triage.knowledge import load_knowledge
from triage.rules.declare import Part
from triage.rules.parts.view import CaseView, at_most, below, finding, names, no_finding, part
from triage.thresholds import RECENT_CHEMO_DAYS


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


def systemic_treatment() -> Part:
    return finding(
        "recent_systemic",
        "recent systemic anticancer treatment",
        "no recent systemic anticancer treatment was reported",
    )


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


def at_risk() -> Part:
    return finding(
        "at_risk",
        "at risk of neutropenic sepsis",
        "not at risk of neutropenic sepsis by the answers (no recent anticancer treatment, "
        "blood cancer or marrow condition, immunosuppression or central line)",
    )


def immunosuppressed() -> Part:
    return finding("immunosuppressed", "immunosuppressed", "not immunosuppressed by the answers")


def long_term_steroids() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        if view.case.steroids_long_term:
            return True, "steroid tablets or injections taken long term"
        return False, "no long-term steroid tablets reported"

    return part("steroid tablets or injections taken long term", LongTermSteroids(), check=check)


def prone_history() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        prone = [c.label for c in view.conditions if c.neutropenia_prone]
        if view.has("neutropenia_prone"):
            return True, f"{names(prone)} reported"
        return False, f"no neutropenia-prone condition was reported ({prone_names()})"

    return part("a neutropenia-prone history", Finding(name="neutropenia_prone"), check=check)


@cache
def prone_names() -> str:
    ids = [c.id.replace("_", " ") for c in load_knowledge().conditions if c.neutropenia_prone]
    return names(ids)


def child() -> Part:
    return finding("child", "a child (under 16)", "not known to be under 16")


def not_a_child() -> Part:
    return no_finding("child", "child under 16")


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
