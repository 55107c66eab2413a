"""What-if: assess a case, change some fields, assess again, and say what changed and
which rules started or stopped firing (``triage assess ... --what-if anc=900``).

Changes are case-format fields. A value is text or any value the field accepts (list
fields also take one ``;``-separated string); ``None`` (``FIELD=`` on the command line)
clears the field, making it unknown.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass, field
from typing import Any

import triage
from triage.assessment import TRIAGE_LEVELS, Assessment
from triage.knowledge import load_knowledge
from triage.models import CaseInput
from triage.text import wrap

# Option names of the command line that differ from the field names.
FIELD_ALIASES = {"med": "medications", "symptom": "symptoms", "condition": "conditions"}


class WhatIfError(ValueError):
    """A change that cannot be applied (unknown field, missing ``=``, repeated field)."""


@dataclass(frozen=True)
class Change:
    """One field as given and as changed (``None``: not given / cleared)."""

    field: str
    before: Any
    after: Any


@dataclass(frozen=True)
class Difference:
    """One output that differs between the two assessments."""

    output: str
    before: Any
    after: Any


@dataclass(frozen=True)
class RuleChange:
    rule: str
    because: tuple[str, ...]


@dataclass(frozen=True)
class WhatIf:
    """The two assessments and what differs between them."""

    before: Assessment
    after: Assessment
    changes: tuple[Change, ...]
    differences: tuple[Difference, ...]
    rules_started: tuple[RuleChange, ...]
    rules_stopped: tuple[RuleChange, ...]
    new_warnings: tuple[str, ...] = field(default=())

    @property
    def changed(self) -> bool:
        return bool(self.differences or self.rules_started or self.rules_stopped)

    def to_dict(self) -> dict[str, Any]:
        return {
            "changes": [vars(c) for c in self.changes],
            "differences": [vars(d) for d in self.differences],
            "rules_started": [
                {"rule": r.rule, "because": list(r.because)} for r in self.rules_started
            ],
            "rules_stopped": [
                {"rule": r.rule, "because": list(r.because)} for r in self.rules_stopped
            ],
            "new_warnings": list(self.new_warnings),
            "before": self.before.to_json_dict(),
            "after": self.after.to_json_dict(),
        }


def field_name(text: str) -> str:
    """A case-format field name from what a user typed (``days-since-chemo``, ``med``)."""
    name = text.strip().lower().replace("-", "_")
    name = FIELD_ALIASES.get(name, name)
    if name not in CaseInput.model_fields or name == "case_id":
        known = ", ".join(sorted(n for n in CaseInput.model_fields if n != "case_id"))
        raise WhatIfError(f"what-if: unknown field {text.strip()!r}; fields: {known}")
    return name


def parse_changes(assignments: Iterable[str]) -> dict[str, str | None]:
    """``["anc=900", "temperature="]`` -> ``{"anc": "900", "temperature": None}``."""
    changes: dict[str, str | None] = {}
    for assignment in assignments:
        if "=" not in assignment:
            raise WhatIfError(
                f"what-if: {assignment!r} is not FIELD=VALUE (use FIELD= to clear a field)"
            )
        raw_name, value = assignment.split("=", 1)
        name = field_name(raw_name)
        if name in changes:
            raise WhatIfError(f"what-if: {name} is changed twice; give each field once")
        changes[name] = value.strip() or None
    return changes


def apply_changes(case: Mapping[str, Any], changes: Mapping[str, Any]) -> dict[str, Any]:
    """A copy of ``case`` with ``changes`` applied; ``None`` removes the field."""
    changed = dict(case)
    for name, value in changes.items():
        if value is None:
            changed.pop(name, None)
        else:
            changed[name] = value
    return changed


def compare(case: Mapping[str, Any], changes: Mapping[str, Any], assessor: Any = None) -> WhatIf:
    """Assess ``case`` and the case with ``changes``; report what differs.

    Field names in ``changes`` are checked (:class:`WhatIfError`); either case may be
    rejected (:class:`triage.CaseRejected`, naming the field).
    """
    checked = {field_name(name): value for name, value in changes.items()}
    assess = assessor.assess if assessor is not None else triage.assess
    before = assess(dict(case))
    after = assess(apply_changes(case, checked))
    return WhatIf(
        before=before,
        after=after,
        changes=tuple(Change(name, case.get(name), value) for name, value in checked.items()),
        differences=tuple(_differences(before, after)),
        rules_started=_rules_only_in(after, before),
        rules_stopped=_rules_only_in(before, after),
        new_warnings=_new_warnings(before.warnings, after.warnings),
    )


def _new_warnings(before: Iterable[str], after: Iterable[str]) -> tuple[str, ...]:
    """Notes about the changed answers that the case did not have: a note that only
    shows the new number ("ANC 900 has no unit" after "ANC 800 has no unit") is not new."""

    def shape(warning: str) -> str:
        return re.sub(r"\d[\d,.]*", "#", warning)

    old = {shape(warning) for warning in before}
    return tuple(warning for warning in after if shape(warning) not in old)


def _outputs(assessment: Assessment) -> dict[str, Any]:
    # The order a nurse reads them in: what to do first.
    return {
        "triage": assessment.triage,
        "severity": assessment.severity,
        "infection_risk": assessment.infection_risk,
        "causes": [c.category for c in assessment.cause_categories],
        "febrile_neutropenia": assessment.febrile_neutropenia,
        "guidance": [g.id for g in assessment.guidance],
        "anc_cells_per_ul": assessment.anc_cells_per_ul,
        "fever": assessment.fever,
        "ctcae_grade": assessment.ctcae.grade,
        "red_flags": list(assessment.red_flags),
    }


def _differences(before: Assessment, after: Assessment) -> list[Difference]:
    old, new = _outputs(before), _outputs(after)
    return [Difference(name, old[name], new[name]) for name in old if old[name] != new[name]]


def _rules_only_in(first: Assessment, second: Assessment) -> tuple[RuleChange, ...]:
    """Rules that fired in ``first`` but not in ``second``, with their becauses."""
    absent = {item.rule for item in second.explanation}
    found: dict[str, list[str]] = {}
    for item in first.explanation:
        if item.rule not in absent:
            found.setdefault(item.rule, []).append(item.because)
    return tuple(RuleChange(rule, tuple(because)) for rule, because in found.items())


# ------------------------------------------------------------------ text

OUTPUT_NAMES = {
    "anc_cells_per_ul": "ANC (cells/µL)",
    "fever": "fever",
    "triage": "triage",
    "severity": "severity",
    "ctcae_grade": "CTCAE grade",
    "infection_risk": "infection risk",
    "febrile_neutropenia": "febrile neutropenia",
    "causes": "cause categories",
    "red_flags": "red flags",
    "guidance": "guidance",
}


# How an unknown value of each output reads.
NONE_WORDS = {"anc_cells_per_ul": "not known", "fever": "not known (no temperature)"}


def _shown(value: Any, none: str = "not given") -> str:
    if value is None:
        return none
    if isinstance(value, bool):
        return "yes" if value else "no"
    if isinstance(value, float):
        return f"{value:,.0f}" if value.is_integer() else f"{value:,.1f}"
    if isinstance(value, list | tuple):
        return "; ".join(str(item) for item in value) if value else "none"
    return "; ".join(part.strip() for part in str(value).split(";"))


def _plain(item: str) -> str:
    return item.replace("_", " ")


def _guidance_title(topic_id: str) -> str:
    return load_knowledge().topic(topic_id).title.lower()


def level_line(result: WhatIf) -> str:
    """The changed case's level next to the one as given: "emergency, unchanged"."""
    before, after = result.before.triage, result.after.triage
    change = "this change" if len(result.changes) == 1 else "these changes"
    if before == after:
        return f"Triage with {change}: {after}, unchanged."
    way = "higher" if TRIAGE_LEVELS.index(after) > TRIAGE_LEVELS.index(before) else "lower"
    return f"Triage with {change}: {after}, {way} than {before}."


def whatif_lines(result: WhatIf) -> list[str]:
    """The comparison as lines of text: the level as given, the changes, the level with
    them, what else differs, which rules moved."""
    lines = [f"Triage as given: {result.before.triage}", "What if:"]
    for change in result.changes:
        after = "cleared (unknown)" if change.after is None else _shown(change.after)
        lines += wrap(f"{change.field}: {_shown(change.before)} -> {after}", "      ", "  ")
    lines += [level_line(result), ""]
    if not result.changed:
        lines.append("Nothing changes: the same rules fire and every result stays the same.")
        return lines

    # The level is said above; the other outputs that differ are listed here.
    differences = [d for d in result.differences if d.output != "triage"]
    width = max((len(OUTPUT_NAMES[d.output]) for d in differences), default=0)
    if differences:
        lines.append(
            "What else changes:" if result.before.triage != result.after.triage else "What changes:"
        )
    for diff in differences:
        name = f"{OUTPUT_NAMES[diff.output] + ':':<{width + 1}}"
        if isinstance(diff.before, list):
            shown = _guidance_title if diff.output == "guidance" else _plain
            added = [shown(item) for item in diff.after if item not in diff.before]
            removed = [shown(item) for item in diff.before if item not in diff.after]
            parts = [f"{word}: {', '.join(items)}" for word, items in
                     (("added", added), ("removed", removed)) if items]  # fmt: skip
            lines += wrap("; ".join(parts), " " * (width + 4), f"  {name} ")
        else:
            none = NONE_WORDS.get(diff.output, "none")
            values = f"{_shown(diff.before, none)} -> {_shown(diff.after, none)}"
            lines += wrap(values, " " * (width + 4), f"  {name} ")
    if not result.differences:
        lines.append("The results stay the same, but the reasons change:")
    for title, moved in (
        ("Rules that start firing:", result.rules_started),
        ("Rules that stop firing:", result.rules_stopped),
    ):
        if moved:
            lines += ["", title]
            for item in moved:
                for because in item.because:
                    lines += wrap(because, " " * 9, f"  {item.rule:<6} ")
    if not (result.rules_started or result.rules_stopped):
        lines += ["", "The same rules fire; their reasons show the new values."]
    if result.new_warnings:
        lines += ["", "New notes about the changed answers:"]
        lines += [line for w in result.new_warnings for line in wrap(w, "    ", "  - ")]
    levels = TRIAGE_LEVELS.index(result.before.triage), TRIAGE_LEVELS.index(result.after.triage)
    if levels[1] < levels[0]:
        lines += ["", *wrap(
            "The level drops only if the changed answers are true; when unsure, keep the "
            "higher level."
        )]  # fmt: skip
    return lines


def render_whatif(result: WhatIf, explain: bool = False) -> str:
    """The comparison as plain text, ending with the disclaimer; ``explain`` adds how the
    changed case's result was reached."""
    from triage.explain import explain as explain_assessment
    from triage.explain import explanation_lines

    lines = whatif_lines(result)
    if explain:
        lines += ["", "The changed case:", *explanation_lines(explain_assessment(result.after))]
    return "\n".join([*lines, "", *wrap(result.after.disclaimer)]) + "\n"
