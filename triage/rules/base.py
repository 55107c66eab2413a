"""Shared machinery of the rule modules: the ``rule`` decorator, salience phases,
pattern helpers and the ``conclude`` method.

Each rule is declared with :func:`rule`, which builds the experta ``Rule`` and attaches
the metadata that the catalogue (``triage rules``) and the explanations read: a stable
id, what it concludes, its conditions in plain words and a source id.
"""

from __future__ import annotations

from collections.abc import Callable
from dataclasses import dataclass
from typing import Any

from triage._experta import P, Rule
from triage.facts import Conclusion
from triage.text import cells, degrees  # noqa: F401  (re-exported for the rule modules)

# Phases, by salience: higher fires first. A phase only reads conclusions of the
# phases above it, so negations (NOT) are safe and firing order inside a phase never
# matters (outputs are sorted by stable keys anyway).
FINDINGS = 50
CLASSIFY = 30
TRIAGE = 20
GUIDANCE = 0


@dataclass(frozen=True)
class RuleMeta:
    """What the catalogue says about one rule."""

    id: str
    area: str
    concludes: str
    when: str
    source: str
    doc: str


def rule(
    rule_id: str, *patterns: Any, concludes: str, when: str, source: str, salience: int
) -> Callable[[Callable[..., None]], Rule]:
    """Declare a rule with its stable id, plain-words conditions and source id."""

    def decorate(function: Callable[..., None]) -> Rule:
        function.rule_meta = {  # type: ignore[attr-defined]
            "id": rule_id,
            "concludes": concludes,
            "when": when,
            "source": source,
            "doc": (function.__doc__ or "").strip(),
        }
        return Rule(*patterns, salience=salience)(function)

    return decorate


# Pattern helpers: thresholds come in as names, never as literals in lambdas.
def below(limit: float) -> Any:
    return P(lambda value: value < limit)


def at_least(limit: float) -> Any:
    return P(lambda value: value >= limit)


def at_most(limit: float) -> Any:
    return P(lambda value: value <= limit)


def above(limit: float) -> Any:
    return P(lambda value: value > limit)


def in_range(low: float, high: float) -> Any:
    """``low <= value < high``."""
    return P(lambda value: low <= value < high)


class Concluding:
    """Mixed into the engine: declare a conclusion fact with its rule id and because."""

    declare: Callable[..., Any]

    def conclude(
        self, fact_type: type[Conclusion], rule_id: str, because: str, **fields: Any
    ) -> None:
        self.declare(fact_type(rule=rule_id, because=because, **fields))
