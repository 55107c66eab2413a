"""What ``why`` and ``?`` show for a question: the rules that use its answer, read from
the rule declarations (:func:`rules_using`, a question's ``rules``), those rules in
plain words (:func:`why_text`), and why the question is asked with the answers
understood (:func:`help_text`).
"""

from __future__ import annotations

from typing import TYPE_CHECKING, Any

from triage.catalogue import rules_by_id
from triage.facts import Count, Person
from triage.knowledge import load_knowledge
from triage.models import parse_case
from triage.text import WIDTH, hanging, wrap_lines

if TYPE_CHECKING:
    from triage.interview.questions import Question


def rules_using(*kinds: type, **case: Any) -> tuple[str, ...]:
    """The rules that use an answer: those that read the facts it gives the engine,
    directly or through what they conclude (triage.rules.rules_reading). ``kinds`` are
    fact classes whose values the answer sets; ``case`` an example answer whose facts
    (a symptom with its group and flags) are built exactly as the engine builds them."""
    from triage.engine import input_fact_specs
    from triage.rules import rules_reading

    inputs: list[tuple[type, dict[str, object]]] = [(kind, {}) for kind in kinds]
    if case:
        specs = input_fact_specs(parse_case(case))
        inputs += [(kind, fields) for kind, fields in specs if kind not in _EVERY_CASE]
    return rules_reading(tuple(inputs))


# Facts every case declares (the person, and the count or its absence): an example
# answer's own facts are the others.
_EVERY_CASE = (Person, Count)


WHY_IN_FULL = 8  # longer lists show only the triage rules in full


def why_text(question: Question, width: int = WIDTH) -> str:
    """Which rules use a question's answer: the triage rules with their conditions in
    plain words, then the other rules by area and id; wrapped to ``width``."""
    if not question.rules:
        return wrap_lines("No triage rule uses this answer. " + question.explain, width=width)
    catalogue = rules_by_id()
    lines = ["Your answer is used by these rules:"]
    others: dict[str, list[str]] = {}
    in_full = len(question.rules) <= WHY_IN_FULL
    for rule_id in question.rules:
        meta = catalogue[rule_id]
        if in_full or meta.concludes.startswith("triage:"):
            lines.append(hanging(f"  {rule_id:<5}", f"{meta.concludes}, when: {meta.when}", width))
        else:
            others.setdefault(meta.area, []).append(rule_id)
    if others:
        also = "; ".join(f"{area} ({', '.join(ids)})" for area, ids in others.items())
        lines.append(hanging("  Also: ", also, width))
    lines.append(
        wrap_lines(
            "To see every rule with its source, type the command triage rules in a "
            "terminal (not here).",
            width=width,
        )
    )
    return "\n".join(lines)


def help_text(question: Question, width: int = WIDTH) -> str:
    """What ``?`` shows: why the question is asked and the answers understood; wrapped
    to ``width``."""
    parts = [question.explain, "", f"Answers I understand: {question.accepted}"]
    if question.key == "conditions":
        known = "; ".join(c.label for c in load_knowledge().conditions)
        parts += ["", f"Conditions I know: {known}."]
    if question.key == "symptoms":
        known = "; ".join(s.label for s in load_knowledge().symptoms)
        parts += ["", f"Symptoms I know: {known}."]
    parts += [
        "",
        "You can also type: why (which rules use the answer), back (previous question), "
        "quit (stop).",
    ]
    return wrap_lines("\n".join(parts), width=width)
