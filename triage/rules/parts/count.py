"""The count: the ANC against a limit (a fixed one, the lab's lower limit, the Duffy-null
one), whether it is known and current, and how long it has been low."""

from __future__ import annotations

from collections.abc import Callable

from triage._experta import MATCH, NOT, OR, TEST
from triage.facts import (
    Chemotherapy,
    Count,
    CountAge,
    Finding,
    LabLowerLimit,
    NeutropeniaDuration,
    Person,
)
from triage.rules.cuts import mark_test_cuts
from triage.rules.declare import Part
from triage.rules.parts.view import CaseView, above, at_least, band, below, in_range, part
from triage.text import cells, count
from triage.thresholds import ANC_NEUTROPENIA, DUFFY_NULL_NORMAL_LOW


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


def duffy_null(value: bool) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        said = "Duffy-null" if view.case.duffy_null else "not known to be Duffy-null"
        return view.case.duffy_null is value, said

    return part("Duffy-null" if value else "not Duffy-null", Person(duffy_null=value), check=check)


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
