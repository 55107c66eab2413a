"""Conclusions of the classifying and triage rules, read by later rules (guidance):
the triage level, which triage rules fired, the severity and the cause."""

from __future__ import annotations

from collections.abc import Iterable

from triage._experta import NOT, OR
from triage.facts import Cause, Severity, TriageLevel
from triage.rules.declare import Part
from triage.rules.parts.view import CaseView, names, part


def triage_is(level: str) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        return (
            level in view.triage_levels,
            f"triage levels given: {names(sorted(view.triage_levels))}",
        )

    return part(f"triage is {level}", TriageLevel(level=level), check=check)


def no_triage_rule() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        others = view.triage_levels - {"routine"}
        return not others, "no other triage rule applies" if not others else "another applies"

    return part("no other triage rule applies", NOT(TriageLevel()), check=check)


def no_triage_rule_of(rule_ids: tuple[str, ...], words: str) -> Part:
    """None of these triage rules fired (their own words are shown instead)."""

    def check(view: CaseView) -> tuple[bool, str]:
        fired = sorted(set(rule_ids) & view.triage_rules)
        return (False, f"{names(fired)} fired") if fired else (True, words)

    patterns = [NOT(TriageLevel(rule=rule_id)) for rule_id in rule_ids]
    return part(words, *patterns, check=check)


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


def no_cause() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        return not view.causes, f"causes found: {names(sorted(view.causes)) or 'none'}"

    return part("no cause was found", NOT(Cause()), check=check)
