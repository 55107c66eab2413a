"""What a nurse or a batch user reads on an 80-column terminal: every screen of the
commands fits 80 columns and wraps at words, help shows examples on one line each,
options take numbers as people write them, and rejections name the field names."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import cli

WIDTH = 80
EMERGENCY = ["--anc", "800", "--anc-unit", "cells/uL", "--temperature", "38.4"]


def invoke(args: list[str], stdin: str | None = None):
    return CliRunner().invoke(cli, args, input=stdin, terminal_width=WIDTH)


def too_wide(text: str) -> list[str]:
    return [line for line in text.splitlines() if len(line) > WIDTH]


SCREENS = [
    pytest.param(["--help"], id="triage-help"),
    pytest.param(["assess", "--help"], id="assess-help"),
    pytest.param(["batch", "--help"], id="batch-help"),
    pytest.param(["quiz", "--help"], id="quiz-help"),
    pytest.param(["cases", "list", "--help"], id="cases-list-help"),
    pytest.param(["cases", "list"], id="cases-list"),
    pytest.param(["cases", "show", "unwell-after-chemo-no-thermometer"], id="cases-show"),
    pytest.param(["cases", "show", "22", "--answer"], id="cases-show-answer"),
    pytest.param(["vocab"], id="vocab"),
    pytest.param(["assess", *EMERGENCY, "--explain"], id="assess-explain"),
    pytest.param(["assess", *EMERGENCY, "--what-if", "anc=1600", "--explain"], id="what-if"),
    pytest.param(["assess", "--anc", "800", "--what-if", "ancc=1"], id="what-if-unknown-field"),
    pytest.param(["cases", "show", "fever"], id="unknown-vignette"),
]


@pytest.mark.parametrize("args", SCREENS)
def test_every_screen_fits_80_columns(args: list[str]) -> None:
    result = invoke(args, stdin='{"anc": 400, "symptom": ["cough"]}')
    assert result.output.strip()
    assert too_wide(result.output) == []


def test_a_rejection_names_the_field_names_and_wraps_at_words() -> None:
    result = invoke(["assess", "--case", "-"], stdin='{"anc": 400, "symptom": ["cough"]}')
    assert result.exit_code == 1
    lines = result.stderr.splitlines()
    assert lines[:3] == [
        "Rejected: this case cannot be assessed as given.",
        "  symptom:",
        "    unknown field (did you mean symptoms?); the field names are case_id, anc,",
    ]
    # Then, unindented, what the rest of the case already means (clinical-rules §1).
    rest = next(i for i, line in enumerate(lines) if line.startswith("Whatever the refused"))
    assert all(line.startswith("    ") for line in lines[3:rest])
    assert " ".join(lines[rest:]).endswith("already mean: Contact a provider today (urgent).")
    assert too_wide(result.stderr) == []


@pytest.mark.parametrize(
    ("value", "cells"),
    [pytest.param("1,200", 1200, id="comma"), pytest.param("1 200", 1200, id="space"),
     pytest.param("0.8", 800, id="decimal-10^9/L")],
)  # fmt: skip
def test_assess_takes_a_count_as_people_write_it(value: str, cells: int) -> None:
    unit = "10^9/L" if value == "0.8" else "cells/uL"
    result = invoke(["assess", "--anc", value, "--anc-unit", unit, "--format", "json"])
    assert result.exit_code == 0, result.output
    assert json.loads(result.output)["anc_cells_per_ul"] == cells


def test_a_number_that_is_not_one_is_refused_in_plain_words() -> None:
    result = invoke(["assess", "--anc", "eight hundred"])
    assert result.exit_code == 1
    assert result.stderr.splitlines()[1:] == [
        "  anc:",
        "    'eight hundred' is not a number: write it like 1200, 1,200 or 0.8",
    ]


def test_vocab_wraps_long_name_lists_under_their_entry() -> None:
    lines = invoke(["vocab", "--kind", "medications"]).output.splitlines()
    start = next(
        i for i, line in enumerate(lines) if line.startswith("    amoxicillin-clavulanate")
    )
    assert lines[start + 1].startswith("        ") and lines[start + 1].strip()


@pytest.mark.parametrize(
    ("args", "example"),
    [pytest.param(["cases", "list"], "triage cases list", id="cases-list"),
     pytest.param(["cases", "show"], "triage cases show 1 --answer", id="cases-show"),
     pytest.param(["assess"], "triage assess --anc 1,200 --symptom", id="assess")],
)  # fmt: skip
def test_help_shows_examples(args: list[str], example: str) -> None:
    output = invoke([*args, "--help"]).output
    assert "Examples:\n" in output
    assert f"    {example}" in output
