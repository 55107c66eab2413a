"""The ordered levels of the output, defined once (clinical-rules.md §2–§4): least to most
urgent or severe. Everything that compares or lists levels reads them from here."""

from __future__ import annotations

from typing import Literal

TriageName = Literal["routine", "soon", "urgent", "emergency"]
RiskName = Literal["low", "moderate", "high", "very_high", "unknown"]
SeverityName = Literal["normal", "mild", "moderate", "severe", "profound", "unknown"]

TRIAGE_LEVELS: tuple[TriageName, ...] = ("routine", "soon", "urgent", "emergency")
RISK_LEVELS: tuple[RiskName, ...] = ("unknown", "low", "moderate", "high", "very_high")
SEVERITY_LEVELS: tuple[SeverityName, ...] = (
    "unknown",
    "normal",
    "mild",
    "moderate",
    "severe",
    "profound",
)
TRIAGE_RANK: dict[str, int] = {level: rank for rank, level in enumerate(TRIAGE_LEVELS)}


def shown_order(levels: tuple[str, ...]) -> tuple[str, ...]:
    """The levels as counts are shown: known levels in order, then "unknown"."""
    return (*(level for level in levels if level != "unknown"), "unknown")


def highest(levels: list[str], order: tuple[str, ...], default: str) -> str:
    """The most urgent (or severe) of ``levels`` in ``order``; ``default`` when none."""
    return max(levels, key=order.index) if levels else default
