"""`triage vocab`: what batch authors and nurses may write."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import cli
from triage.vocabulary import resolve_symptom


def invoke(*args: str):
    return CliRunner().invoke(cli, ["vocab", *args], catch_exceptions=False)


def test_json_lists_every_kind_and_is_usable() -> None:
    result = invoke("--format", "json")
    assert result.exit_code == 0
    listing = json.loads(result.output)
    assert set(listing) == {"symptoms", "conditions", "medication_classes"}
    symptom_ids = {entry["id"] for entry in listing["symptoms"]}
    assert {"trouble_breathing", "mouth_ulcers", "no_urine"} <= symptom_ids
    # Every synonym listed is accepted as input.
    for entry in listing["symptoms"]:
        for synonym in entry["synonyms"]:
            assert resolve_symptom(synonym) == entry["id"]


@pytest.mark.parametrize(
    ("kind", "expected", "absent"),
    [
        pytest.param("symptoms", "trouble_breathing: trouble breathing [emergency]", "Conditions:",
                     id="symptoms"),
        pytest.param("conditions", "lupus:", "Symptoms:", id="conditions"),
        pytest.param("medications", "clozapine (Clozaril", "Symptoms:", id="medications"),
    ],
)  # fmt: skip
def test_text_for_one_kind(kind: str, expected: str, absent: str) -> None:
    result = invoke("--kind", kind)
    assert result.exit_code == 0
    assert expected in result.output
    assert absent not in result.output


def test_everyday_words_are_shown() -> None:
    assert "mouth sores" in invoke("--kind", "symptoms").output
