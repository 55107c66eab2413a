"""Whole transcripts of scripted interviews, compared byte for byte with golden files in
tests/golden/interview/ (the prompts, the echoed answers, every message, the result and
the exit code). They pin the terminal behaviour: a refactor must not change one byte.
Regenerate after an intended change, and read the diff, with:

    UPDATE_GOLDEN=1 python -m pytest tests/test_interview_transcripts.py
"""

from __future__ import annotations

import os
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from triage.text import WIDTH

GOLDEN = Path(__file__).parent / "golden" / "interview"

# The three interviews of docs/interview.md, then scripted runs through every branch.
# The order asked (rev.): warning signs, cancer treatment (and how long ago), medicines
# that weaken the immune system (and how long a steroid), age; then the temperature, the
# count and when it was taken, the other symptoms, conditions and medicines, what a
# dual-use medicine is for, how long the count has been low, Duffy-null.
SCRIPTS: dict[str, list[str]] = {
    "docs-warning-sign-stop": ["1", "no"],
    "docs-fever-count-piped": ["0", "no", "no", "54", "38.4", "2", "800", "no"],
    "docs-saved-case-emergency": ["0", "yes", "10", "no", "60", "38.4", "yes", "2", "800",
                                  "today", "0", "none", "none", "no", "yes"],
    "routine-normal-count": ["0", "no", "no", "54", "36.8", "1800", "today", "0", "none",
                             "none", "yes"],
    "soon-lupus": ["0", "no", "no", "40", "no", "no", "700", "today", "0", "lupus", "none",
                   "don't know", "yes"],
    "urgent-clozapine": ["0", "no", "no", "skip", "no", "no", "0.45", "yes", "today", "0",
                         "none", "Clozaril 100 mg at night", "5", "yes"],
    "full-blood-count": ["0", "no", "no", "skip", "no", "no", "don't know", "2.0", "14.8", "5",
                         "today", "0", "none", "none", "10", "yes"],
    "anc-percentage-then-fbc": ["0", "no", "no", "skip", "no", "no", "45", "3", "2.0", "14.8",
                                "5", "today", "0", "none", "none", "10", "yes"],
    "back-and-help-and-why": ["?", "why", "0", "why", "no", "no", "30", "38.4", "back", "no",
                              "no", "why", "800", "today", "0", "none", "none", "no", "yes"],
    "summary-change-and-back": ["0", "no", "no", "50", "38.4", "2", "1800", "today", "0",
                                "none", "none", "2", "37.1", "3", "back", "back", "37.1",
                                "1800", "today", "0", "none", "none", "yes"],
    "vague-words-and-unknown": ["lightheaded", "no", "no", "no", "skip", "cant breath", "0",
                                "101.1°", "3", "800 bananas/uL", "2", "K/uL", "today",
                                "1 and 3, sore throat", "purple disease", "SLE",
                                "Tegretol 200 mg, clozapene", "yes"],
    "emergency-back-then-routine": ["1", "back", "0", "no", "no", "skip", "no", "no", "1800",
                                    "today", "0", "none", "none", "yes"],
    "feverish-after-chemo": ["0", "yes", "3", "no", "skip", "no", "yes", "no"],
    "nothing-to-assess": ["0", "no", "no", "skip", "no", "no", "don't know", "no", "0", "none",
                          "none", "yes", "quit"],
    "quit-at-urgent": ["0", "no", "no", "skip", "38.4", "2", "don't know", "no", "quit"],
    "end-of-input-below-urgent": ["0", "no", "no", "skip", "37.0", "1800"],
    "low-temperature-units": ["0", "yes", "1 week", "no", "200", "60", "36.2 F", "35.6 C",
                              "yes", "0.8", "no", "1", "2", "today", "0", "epilepsy", "none",
                              "none",
                              "", "3", "yes"],
    "wbc-unit-asked": ["0", "no", "no", "skip", "no", "no", "no", "45", "2", "60", "50", "back",
                       "40", "5", "today", "0", "none", "none", "yes"],
    # The questions of the revision: immune-weakening medicines and a steroid course, an
    # older count, age in months, a dual-use medicine's purpose, not sure about treatment.
    "steroid-borderline-old-count": ["0", "no", "prednisolone 10 mg", "yes", "67", "37.8",
                                     "1200", "5 days ago", "0", "none", "none", "no", "yes"],
    "baby-fever-months": ["0", "no", "no", "2 months", "38.1", "no"],
    "dual-use-purpose": ["0", "no", "methotrexate", "58", "no", "no", "1800", "today", "0",
                         "none", "none", "rheumatoid arthritis", "yes"],
    "not-sure-treatment-racing-heart": ["9", "not sure", "no", "45", "37.6", "900",
                                        "yesterday", "7", "none", "none", "don't know", "yes"],
}  # fmt: skip


def transcript(answers: list[str]) -> str:
    result = CliRunner().invoke(
        cli, ["interview"], input="".join(a + "\n" for a in answers), catch_exceptions=False
    )
    return f"{result.output}\n[exit code {result.exit_code}]\n"


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_every_transcript_line_fits_80_columns(name: str) -> None:
    text = transcript(SCRIPTS[name])
    wide = [line for line in text.splitlines() if len(line) > WIDTH]
    assert not wide, wide


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_transcript_matches_golden(name: str) -> None:
    text = transcript(SCRIPTS[name])
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
