"""Temperature: a measured reading against a limit, fever (measured or possible),
borderline and low temperatures, how long a fever has lasted, and IDSA fever."""

from __future__ import annotations

from collections.abc import Callable
from typing import Any

from triage._experta import MATCH, NOT, OR
from triage.facts import FeverDuration, Finding, Temperature
from triage.rules.declare import Part
from triage.rules.parts.view import CaseView, at_least, below, in_range, part
from triage.text import degrees
from triage.thresholds import FEVER_C


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


def temperature_between(low: float, high: float) -> Part:
    """``low <= temperature < high`` (binds ``celsius``)."""
    return temperature(
        f"temperature {degrees(low)} to under {degrees(high)}",
        lambda c: low <= c < high,
        in_range(low, high),
    )


def no_temperature() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        celsius = view.case.temperature_c
        if celsius is None:
            return True, "no temperature was measured"
        return False, f"temperature {degrees(celsius)} was measured"

    return part("no temperature was measured", NOT(Temperature()), check=check)


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


def borderline() -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        celsius = view.case.temperature_c
        if celsius is None:
            return False, "no temperature was reported"
        if view.has("borderline_temperature"):
            return True, view.findings["borderline_temperature"]
        return False, f"temperature {degrees(celsius)} is not borderline"

    return part("borderline temperature", Finding(name="borderline_temperature"), check=check)


def low_temperature(limit: float) -> Part:
    def check(view: CaseView) -> tuple[bool, str]:
        celsius = view.case.temperature_c
        if celsius is None:
            return False, "no temperature was reported"
        if view.has("low_temperature"):
            return True, f"temperature {degrees(celsius)} is below {degrees(limit)}"
        return False, f"temperature {degrees(celsius)} is not below {degrees(limit)}"

    return part("low temperature", Finding(name="low_temperature"), check=check)


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
