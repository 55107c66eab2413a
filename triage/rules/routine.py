"""T rules: with no rule asking for sooner care, discuss at the next visit
(clinical-rules.md §4: "with none, routine")."""

from __future__ import annotations

from triage.rules import parts
from triage.rules.declare import ROUTINE_DEFAULT, rule, triage

RULES = (
    rule(
        "T0",
        parts.no_triage_rule(),
        then=triage("routine"),
        because="no rule asked for sooner care",
        source="gibson2014",
        phase=ROUTINE_DEFAULT,  # after every triage rule has had its chance
        doc="T0: with no rule asking for sooner care, discuss at the next visit (UKONS).",
    ),
)
