"""A triage quiz over the teaching vignettes (``triage quiz``).

For each vignette the learner gives a triage level and the likely cause categories;
one point for the exact level, one for exactly the right set of categories. An answer
below the expected level is called out as under-triage, the dangerous direction. Then
the engine's explanation and the teaching note are shown; a summary ends the quiz.

Input and output are two callables (``ask`` returns ``None`` at end of input), so the
quiz runs the same from a terminal, a script or a test.
"""

from __future__ import annotations

import random
import re
from collections.abc import Callable, Sequence
from dataclasses import dataclass, field
from typing import Any

import triage
from triage.assessment import TRIAGE_LEVELS
from triage.cases import Vignette
from triage.explain import explain, render_explanation
from triage.knowledge import CAUSE_CATEGORIES, load_knowledge
from triage.render import CAUSE_WORDS
from triage.text import wrap

DEFAULT_COUNT = 5
QUIT_WORDS = frozenset({"q", "quit", "exit", "stop"})
NO_CAUSE_WORDS = frozenset({"none", "no", "0", "-", "nothing"})

Ask = Callable[[str], str | None]
Say = Callable[[str], None]


class QuitQuiz(Exception):
    """The learner typed quit, or the input ended."""


@dataclass(frozen=True)
class ScoredAnswer:
    """One vignette's answer and its score."""

    vignette_id: str
    expected_triage: str
    given_triage: str
    expected_causes: frozenset[str]
    given_causes: frozenset[str]

    @property
    def triage_point(self) -> int:
        return int(self.given_triage == self.expected_triage)

    @property
    def causes_point(self) -> int:
        return int(self.given_causes == self.expected_causes)

    @property
    def points(self) -> int:
        return self.triage_point + self.causes_point

    @property
    def direction(self) -> str:
        """``right``, ``under`` (below the expected level: dangerous) or ``over``."""
        given, expected = (
            TRIAGE_LEVELS.index(x) for x in (self.given_triage, self.expected_triage)
        )
        return "right" if given == expected else ("under" if given < expected else "over")


@dataclass
class QuizResult:
    answers: list[ScoredAnswer] = field(default_factory=list)
    stopped_early: bool = False
    interrupted: bool = False  # stopped by Ctrl-C (the command exits 130)

    @property
    def points(self) -> int:
        return sum(answer.points for answer in self.answers)

    @property
    def max_points(self) -> int:
        return 2 * len(self.answers)

    @property
    def under_triaged(self) -> list[ScoredAnswer]:
        return [answer for answer in self.answers if answer.direction == "under"]


# ------------------------------------------------------------------ answers


def parse_triage(text: str) -> str | None:
    """A triage level from ``1``–``4``, a level name, or any start of one (``e``, ``urg``)."""
    answer = text.strip().lower()
    if answer.isdigit() and 1 <= int(answer) <= len(TRIAGE_LEVELS):
        return TRIAGE_LEVELS[int(answer) - 1]
    matches = [level for level in TRIAGE_LEVELS if answer and level.startswith(answer)]
    return matches[0] if len(matches) == 1 else None


def parse_causes(text: str) -> frozenset[str] | None:
    """Cause categories from numbers (``1 3``, ``1,3``) or names; ``none`` for no cause.

    Returns None when any part is not understood (the learner is asked again)."""
    answer = text.strip().lower()
    if answer in NO_CAUSE_WORDS:
        return frozenset()
    chosen: set[str] = set()
    for part in re.split(r"[\s,;]+", answer):
        if not part:
            continue
        if part.isdigit() and 1 <= int(part) <= len(CAUSE_CATEGORIES):
            chosen.add(CAUSE_CATEGORIES[int(part) - 1])
            continue
        named = [c for c in CAUSE_CATEGORIES if c.startswith(part.replace("-", "_"))]
        if len(named) != 1:
            return None
        chosen.add(named[0])
    return frozenset(chosen) if chosen else None


def score(vignette: Vignette, given_triage: str, given_causes: frozenset[str]) -> ScoredAnswer:
    """Score one answer against the vignette's expected answers."""
    return ScoredAnswer(
        vignette_id=vignette.id,
        expected_triage=vignette.expected.triage,
        given_triage=given_triage,
        expected_causes=frozenset(vignette.expected.causes),
        given_causes=given_causes,
    )


def choose(vignettes: Sequence[Vignette], seed: int | None, count: int) -> list[Vignette]:
    """``count`` vignettes in a shuffled order; the same ``seed`` gives the same order."""
    order = list(vignettes)
    random.Random(seed).shuffle(order)
    return order[:count]


# ------------------------------------------------------------------ words


def _cases(n: int) -> str:
    return f"{n} case" if n == 1 else f"{n} cases"


def _cause_name(category: str) -> str:
    return category.replace("_", " ")


def _causes_words(causes: frozenset[str]) -> str:
    return ", ".join(_cause_name(c) for c in sorted(causes)) if causes else "none"


TRIAGE_MENU = "  " + "   ".join(f"{n} {level}" for n, level in enumerate(TRIAGE_LEVELS, 1))
CAUSE_MENU = [
    f"  {n} {_cause_name(category)} ({CAUSE_WORDS.get(category, '')})"
    for n, category in enumerate(CAUSE_CATEGORIES, 1)
]


def case_lines(case: dict[str, Any]) -> list[str]:
    """The vignette's inputs, one ``field: value`` per line (lists joined by ``;``)."""
    lines = []
    for name, value in case.items():
        shown = "; ".join(str(v) for v in value) if isinstance(value, list) else value
        if isinstance(value, bool):
            shown = "yes" if value else "no"
        lines += wrap(f"{name}: {shown}", "      ", "  - ")
    return lines


def feedback_lines(answer: ScoredAnswer) -> list[str]:
    """What the learner got right and wrong, under-triage first and loudest."""
    expected, given = answer.expected_triage, answer.given_triage
    if answer.direction == "right":
        lines = [f"Triage: {expected}. You said {given}: right (1 point)."]
    elif answer.direction == "under":
        lines = wrap(
            f"Triage: {expected}. You said {given}: UNDER-TRIAGE (0 points). This is the "
            "dangerous direction: the person would get care later than they need it."
        )
    else:
        lines = wrap(
            f"Triage: {expected}. You said {given}: over-triage (0 points). Safer than "
            "under-triage, but it sends people to care sooner than the rules ask."
        )
    expected_causes = _causes_words(answer.expected_causes)
    if answer.causes_point:
        lines += wrap(f"Causes: {expected_causes}. Right (1 point).")
    else:
        missed = answer.expected_causes - answer.given_causes
        extra = answer.given_causes - answer.expected_causes
        detail = []
        if missed:
            detail.append(f"missed {_causes_words(frozenset(missed))}")
        if extra:
            detail.append(f"not supported: {_causes_words(frozenset(extra))}")
        lines += wrap(
            f"Causes: {expected_causes}. You said {_causes_words(answer.given_causes)} "
            f"(0 points; {'; '.join(detail)})."
        )
    return lines


def summary_lines(result: QuizResult) -> list[str]:
    """The score so far: points, triage and cause agreement, every under-triaged case."""
    answered = len(result.answers)
    if answered == 0:
        return ["Quiz summary: no case was answered."]
    right_triage = sum(a.triage_point for a in result.answers)
    right_causes = sum(a.causes_point for a in result.answers)
    over = sum(1 for a in result.answers if a.direction == "over")
    lines = [
        f"Quiz summary: {result.points} of {result.max_points} points "
        f"({_cases(answered)}"
        f"{', stopped early' if result.stopped_early else ''}).",
        f"  Triage right:  {right_triage} of {answered}",
        f"  Causes right:  {right_causes} of {answered}",
        f"  Over-triaged:  {over}",
        f"  Under-triaged: {len(result.under_triaged)}",
    ]
    for answer in result.under_triaged:
        lines.append(
            f"    - {answer.vignette_id}: expected {answer.expected_triage}, "
            f"you said {answer.given_triage}"
        )
    if result.under_triaged:
        lines += wrap(
            "Review the under-triaged cases first: `triage cases show ID --answer` shows the "
            "rules behind each answer."
        )
    return lines


# ------------------------------------------------------------------ the session


def _ask_until(ask: Ask, say: Say, prompt: str, parse: Callable[[str], Any], hint: str) -> Any:
    while True:
        line = ask(prompt)
        if line is None or line.strip().lower() in QUIT_WORDS:
            raise QuitQuiz
        value = parse(line)
        if value is not None:
            return value
        say(hint)


def run_quiz(
    vignettes: Sequence[Vignette],
    ask: Ask,
    say: Say,
    seed: int | None = None,
    count: int = DEFAULT_COUNT,
    assessor: Any = None,
) -> QuizResult:
    """Ask about ``count`` vignettes (shuffled by ``seed``), score, explain, summarise."""
    assess = assessor.assess if assessor is not None else triage.assess
    chosen = choose(vignettes, seed, count)
    result = QuizResult()
    for line in wrap(
        f"Triage quiz: {_cases(len(chosen))}. Answer with a number or a word; type quit "
        "(or press Ctrl-C) to stop: the score so far is shown."
    ):
        say(line)
    try:
        for position, vignette in enumerate(chosen, 1):
            answer = _ask_one(vignette, position, len(chosen), ask, say)
            if answer is None:
                result.stopped_early = True
                break
            result.answers.append(answer)
            _explain_one(vignette, answer, assess, say)
    except KeyboardInterrupt:
        result.stopped_early = result.interrupted = True
    say("")
    for line in summary_lines(result):
        say(line)
    return result


def _ask_one(
    vignette: Vignette, position: int, total: int, ask: Ask, say: Say
) -> ScoredAnswer | None:
    """Show one vignette and ask for its level and causes; ``None``: the learner quit."""
    say("")
    for line in wrap(f"Case {position} of {total}: {vignette.title}"):
        say(line)
    for line in wrap(vignette.story, "  ", "  "):
        say(line)
    say("What you know:")
    for line in case_lines(vignette.case):
        say(line)
    say("")
    try:
        say("How soon is care needed?")
        say(TRIAGE_MENU)
        given_triage = _ask_until(
            ask, say, "Triage level: ", parse_triage,
            "Please answer 1-4, or routine, soon, urgent or emergency (first letters work).",
        )  # fmt: skip
        say("Which cause categories are likely? (numbers or names; none for no cause)")
        for line in CAUSE_MENU:
            say(line)
        given_causes = _ask_until(
            ask, say, "Causes: ", parse_causes,
            "Please give numbers 1-5 separated by spaces or commas, or none.",
        )  # fmt: skip
    except QuitQuiz:
        return None
    return score(vignette, given_triage, given_causes)


def _explain_one(
    vignette: Vignette, answer: ScoredAnswer, assess: Callable[[Any], Any], say: Say
) -> None:
    """Feedback on the answer, the engine's explanation and the teaching note."""
    say("")
    for line in feedback_lines(answer):
        say(line)
    say("")
    for line in render_explanation(explain(assess(vignette.case))).splitlines():
        say(line)
    say("")
    say("Teaching note:")
    for line in wrap(vignette.teaching_note, "  ", "  "):
        say(line)
    for line in wrap(f"Source: {load_knowledge().source(vignette.source).short}"):
        say(line)
