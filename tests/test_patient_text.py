"""What a patient reads is as safe as the level (clinical-rules.md §9, §10): a scan of the
text output of every bundled example, every teaching vignette and generated cases for
the contradictions a new user found (issue: safety net and patient words)."""

from __future__ import annotations

import csv
import re
from pathlib import Path
from typing import Any

import pytest
from conftest import ALL_CONDITIONS, EMERGENCY_SYMPTOMS, INFECTION_SIGNS, ORACLE_MEDICINES
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage import Assessor, CaseRejected
from triage.cases import load_vignettes
from triage.render import render_text

ROOT = Path(__file__).resolve().parents[1]
ASSESSOR = Assessor()

NOTHING_NEEDS_CARE = re.compile(r"\bnothing\b[^.]*\bneeds? care\b", re.IGNORECASE)
# A sentence that tells a patient to stop, pause or interrupt a medicine, unless it
# says not to ("Do not stop it on your own"; "they may pause it" is the prescriber).
STOP_ADVICE = re.compile(
    r"(?<!not )(?<!they may )\b(stop|pause|interrupt|discontinue)\b(?! a prescribed)",
    re.IGNORECASE,
)
LABEL_SPEAK = re.compile(r"\bthe label (says|asks)\b", re.IGNORECASE)


def problems(text: str, result: Any) -> list[str]:
    """Every contradiction of §9/§10 in one rendered result."""
    found = []
    emergency_entry = any(item.triage == "emergency" for item in result.safety_net)
    if emergency_entry and NOTHING_NEEDS_CARE.search(text):
        found.append("says nothing needs care beside an emergency safety-net entry")
    if emergency_entry and "Check now:" not in text:
        found.append("an emergency safety-net entry without what to check now")
    if result.severity in ("mild", "moderate") and "very low" in text:
        found.append(f"'very low' beside a {result.severity} count")
    if result.anc_cells_per_ul is None and "the low count" in text:
        found.append("'the low count' with no count given")
    for sentence in re.split(r"(?<=[.!?])\s+", " ".join(text.split())):
        if STOP_ADVICE.search(sentence) and not re.search(
            r"\b(do not|don't|never) stop\b|\bnot stop\b", sentence, re.IGNORECASE
        ):
            found.append(f"stop advice: {sentence!r}")
    if LABEL_SPEAK.search(text):
        found.append("a drug label rule spoken to the patient")
    low_level = result.triage in ("routine", "soon")
    if low_level and "Warning signs you reported" in text and "They can be" not in text:
        found.append("warning signs under a low level without saying why they matter")
    if not text.rstrip().endswith(result.disclaimer.split()[-1]):
        found.append("does not end with the disclaimer")
    return found


def bundled_cases() -> list[Any]:
    with (ROOT / "examples" / "cases.csv").open(newline="", encoding="utf-8") as handle:
        rows = [row for row in csv.DictReader(handle) if not row.get("expected_error")]
    cases = []
    for row in rows:
        fields = {
            key: value
            for key, value in row.items()
            if value and not key.startswith("expected_") and key != "note"
        }
        cases.append(pytest.param(fields, id=f"example-{row['case_id']}"))
    for vignette in load_vignettes():
        cases.append(pytest.param(dict(vignette.case), id=f"vignette-{vignette.id}"))
    return cases


# The six cases of the issue, as a patient typed them.
ISSUE_CASES = [
    pytest.param({"days_since_chemo": 5}, id="chemo-5-days-temperature-never-given"),
    pytest.param(
        {
            "anc": 900,
            "anc_unit": "cells/uL",
            "medications": ["clozapine"],
            "symptoms": ["sore throat"],
        },
        id="clozapine-900-sore-throat",
    ),
    pytest.param(
        {"anc": 1200, "anc_unit": "cells/uL", "medications": ["deferiprone"]},
        id="deferiprone-1200",
    ),
    pytest.param(
        {"anc": 800, "anc_unit": "cells/uL", "temperature": 38.4, "days_since_chemo": 10},
        id="fever-800-after-chemo",
    ),
    pytest.param({"anc": 2000, "anc_unit": "cells/uL", "temperature": 38.4}, id="fever-normal"),
    pytest.param(
        {"anc": 2000, "anc_unit": "cells/uL", "symptoms": ["lightheaded"]},
        id="lightheaded-normal-count",
    ),
]


def read(fields: dict[str, Any]) -> tuple[str, Any]:
    result = ASSESSOR.assess(fields)
    return render_text(result), result


@pytest.mark.parametrize("fields", ISSUE_CASES + bundled_cases())
def test_text_has_no_contradiction(fields):
    try:
        text, result = read(fields)
    except CaseRejected:
        pytest.skip("a case meant to be rejected")
    assert problems(text, result) == []


def test_the_scan_catches_each_contradiction():
    # A negative control: each rule of the scan fires on the text it forbids.
    text, result = read({"anc": 800, "anc_unit": "cells/uL"})
    bad = (
        "Nothing here needs care right away. A fever with a very low count. Stop taking "
        "it. The label says to pause it."
    )
    found = problems(text.replace("Check now:", "") + bad, result)
    assert [problem.split(":")[0] for problem in found] == [
        "says nothing needs care beside an emergency safety-net entry",
        "an emergency safety-net entry without what to check now",
        "'very low' beside a moderate count",
        "stop advice",
        "stop advice",
        "a drug label rule spoken to the patient",
        "does not end with the disclaimer",
    ]


@pytest.mark.parametrize("fields", ISSUE_CASES)
def test_issue_cases_read_safely(fields):
    text, result = read(fields)
    first = text.splitlines()[0]
    assert first.startswith((">>", "!!!"))  # the action comes first
    if result.safety_net:
        # The safety net stands right under the action, before the reasons.
        assert text.index("Check now:") < text.index("Neutrophil count")
        if "Why:" in text:
            assert text.index("Check now:") < text.index("Why:")


def test_emergency_wording_fits_the_person():
    no_cancer_team, _ = read(
        {"anc": 400, "anc_unit": "cells/uL", "temperature": 38.6, "medications": ["clozapine"]}
    )
    cancer_team, _ = read({"temperature": 38.6, "days_since_chemo": 7})
    breathing, _ = read({"symptoms": ["trouble breathing"], "days_since_chemo": 7})
    assert "cancer team" not in no_cancer_team and "emergency department" in no_cancer_team
    assert "cancer team's 24-hour line" in cancer_team
    # Breathing trouble: emergency services come first, as an instruction.
    assert breathing.splitlines()[2].startswith("Call emergency services now")


def test_lightheaded_is_read_up_with_a_warning_naming_the_word():
    text, result = read({"anc": 2000, "anc_unit": "cells/uL", "symptoms": ["lightheaded"]})
    assert result.triage == "emergency"
    assert '"lightheaded" was read as fainting or nearly fainting' in " ".join(text.split())


GENERATED = settings(max_examples=80, deadline=None, suppress_health_check=[HealthCheck.too_slow])


@st.composite
def cases(draw) -> dict[str, Any]:
    fields: dict[str, Any] = {}
    if draw(st.booleans()):
        fields["anc"] = draw(st.sampled_from([0, 99, 400, 500, 800, 999, 1000, 1200, 1500, 3000]))
        fields["anc_unit"] = "cells/uL"
    if draw(st.booleans()):
        fields["temperature"] = draw(st.sampled_from([35.5, 36.5, 37.9, 38.0, 38.6]))
        fields["temperature_unit"] = "C"
    if draw(st.booleans()):
        fields["days_since_chemo"] = draw(st.sampled_from([3, 14, 42, 60]))
    for name, pool in (
        ("symptoms", [*EMERGENCY_SYMPTOMS, *INFECTION_SIGNS, "feels_feverish", "lightheaded"]),
        ("conditions", list(ALL_CONDITIONS)),
        ("medications", list(ORACLE_MEDICINES)),
    ):
        chosen = draw(st.lists(st.sampled_from(pool), max_size=2, unique=True))
        if chosen:
            fields[name] = chosen
    if not fields:
        fields["temperature"] = 37.0
    return fields


@GENERATED
@given(cases())
def test_generated_text_has_no_contradiction(fields):
    text, result = read(fields)
    assert problems(text, result) == []
