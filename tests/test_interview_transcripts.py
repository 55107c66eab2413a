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

GOLDEN = Path(__file__).parent / "golden" / "interview"

# The three interviews of docs/interview.md, then scripted runs through every branch.
SCRIPTS: dict[str, list[str]] = {
    "docs-warning-sign-stop": ["1", "no"],
    "docs-fever-count-piped": ["0", "38.4", "2", "800", "no"],
    "docs-saved-case-emergency": ["0", "38.4", "2", "800", "yes", "yes", "10", "0", "none",
                                  "none", "no", "60", "yes"],
    "routine-normal-count": ["0", "36.8", "C", "1800", "no", "0", "none", "none", "54", "yes"],
    "soon-lupus": ["0", "no", "no", "700", "no", "0", "lupus", "none", "don't know", "40",
                   "yes"],
    "urgent-clozapine": ["0", "no", "no", "0.45", "yes", "no", "0", "none",
                         "Clozaril 100 mg at night", "5", "skip", "yes"],
    "full-blood-count": ["0", "no", "no", "don't know", "2.0", "14.8", "5", "no", "0", "none",
                         "none", "10", "skip", "yes"],
    "anc-percentage-then-fbc": ["0", "no", "no", "45", "3", "2.0", "14.8", "5", "no", "0",
                                "none", "none", "10", "skip", "yes"],
    "back-and-help-and-why": ["?", "why", "0", "38.4", "back", "no", "no", "why", "800",
                              "no", "0", "none", "none", "no", "30", "yes"],
    "summary-change-and-back": ["0", "38.4", "2", "1800", "no", "0", "none", "none", "50",
                                "2", "37.1", "3", "back", "back", "yes"],
    "vague-words-and-unknown": ["lightheaded", "no", "cant breath", "0", "101.1°", "3",
                                "800 bananas/uL", "2", "K/uL", "no", "1 and 3, sore throat",
                                "purple disease", "SLE", "Tegretol 200 mg, clozapene", "skip",
                                "yes"],
    "emergency-back-then-routine": ["1", "back", "0", "no", "no", "1800", "no", "0", "none",
                                    "none", "skip", "yes"],
    "feverish-after-chemo": ["0", "no", "yes", "don't know", "no", "yes", "3", "no"],
    "nothing-to-assess": ["0", "no", "no", "don't know", "no", "no", "0", "none", "none",
                          "skip", "yes", "quit"],
    "quit-at-urgent": ["0", "38.4", "2", "don't know", "no", "quit"],
    "end-of-input-below-urgent": ["0", "37.0", "1800"],
    "low-temperature-units": ["0", "36.2", "F", "C", "0.8", "no", "1", "yes", "1 week", "0",
                              "epilepsy", "none", "none", "", "60", "200", "yes"],
    "wbc-unit-asked": ["0", "no", "no", "no", "45", "1", "2", "50", "60", "back", "40", "5",
                       "no", "0", "none", "none", "skip", "yes"],
}  # fmt: skip


def transcript(answers: list[str]) -> str:
    result = CliRunner().invoke(
        cli, ["interview"], input="".join(a + "\n" for a in answers), catch_exceptions=False
    )
    return f"{result.output}\n[exit code {result.exit_code}]\n"


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_transcript_matches_golden(name: str) -> None:
    text = transcript(SCRIPTS[name])
    path = GOLDEN / f"{name}.txt"
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")
