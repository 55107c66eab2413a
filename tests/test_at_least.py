"""A refused value never hides the level of the rest (clinical-rules §1 *rev.*): the
``at_least`` of an error record, in the library, the batch, ``triage assess`` and the
web API and nurse page."""

from __future__ import annotations

import csv
import io
import json
from collections.abc import Mapping
from typing import Any

import pytest
from click.testing import CliRunner

import triage
from cli import cli
from triage.at_least import at_least_level
from triage.batch import run_batch
from triage.models import CaseRejected, FieldError

# An ambiguous bare ANC (50 cells/µL or 50 ×10⁹/L) with a fever after chemotherapy.
BARE_ANC_FEVER = {"anc": 50, "days_since_chemo": 10, "temperature": 38.5}


def rejected(case: Mapping[str, Any]) -> list[FieldError]:
    """The case's refusals (the case must be rejected)."""
    with pytest.raises(CaseRejected) as error:
        triage.assess(case)
    return error.value.errors


# ----------------------------------------------------------------- the library


def test_a_bare_anc_with_a_fever_after_chemotherapy_is_at_least_an_emergency() -> None:
    errors = rejected(BARE_ANC_FEVER)
    assert [error.field for error in errors] == ["anc"]
    assert at_least_level(BARE_ANC_FEVER) == "emergency"
    assert at_least_level(BARE_ANC_FEVER, errors=errors) == "emergency"
    assert triage.at_least_level(BARE_ANC_FEVER) == "emergency"  # the package exports it


def test_an_unknown_unit_drops_its_value_too() -> None:
    case = {"anc": 800, "anc_unit": "furlongs", "temperature": 38.5, "days_since_chemo": 10}
    assert [error.field for error in rejected(case)] == ["anc_unit"]
    assert at_least_level(case) == "emergency"
    # 0.3 without its unit reads as 0.3 ×10⁹/L (urgent): a refused unit makes the count
    # unknown as well, and the rest (an age) is routine.
    assert triage.assess({"anc": 0.3, "age": 40}).triage == "urgent"
    assert at_least_level({"anc": 0.3, "anc_unit": "furlongs", "age": 40}) == "routine"
    # A temperature's unit: the temperature goes with it; recent chemotherapy and a
    # cough are urgent.
    case = {"temperature": 38.5, "temperature_unit": "K", "days_since_chemo": 10}
    assert at_least_level({**case, "symptoms": ["cough"]}) == "urgent"


def test_an_unknown_symptom_word_drops_only_that_word() -> None:
    case = {"symptoms": ["purple disease", "trouble breathing"]}
    assert [error.field for error in rejected(case)] == ["symptoms"]
    assert at_least_level(case) == "emergency"
    assert at_least_level({"symptoms": "purple disease; trouble breathing"}) == "emergency"
    conditions = {"conditions": ["not a condition", "leukemia"], "temperature": 38.5}
    assert at_least_level(conditions) == "emergency"  # fever with a neutropenia-prone history


def test_nothing_else_left_gives_none() -> None:
    assert at_least_level({"anc": 50}) is None
    assert at_least_level({"case_id": "x", "anc": 50, "anc_unit": "cells"}) is None
    assert at_least_level({"symptoms": ["purple disease"]}) is None
    assert at_least_level({}) is None  # an empty case is refused as a whole


def test_bad_input_never_raises() -> None:
    assert at_least_level([1, 2]) is None  # type: ignore[arg-type]
    assert at_least_level({"anc": {"deep": [1]}, "symptoms": 42}) is None
    assert at_least_level({"\ud800": 1, "anc": 800, "anc_unit": "cells/uL"}) == "soon"
    assert at_least_level({"anc": 50, "wat": "x", "temperature": 38.5, "days_since_chemo": 3}) == (
        "emergency"
    )


def test_a_case_that_is_not_rejected_gives_its_own_level() -> None:
    assert at_least_level({"anc": 800, "anc_unit": "cells/uL"}) == "soon"
    # Refusals of fields the case does not hold (a batch's expected_* column): the case
    # itself is the rest.
    refused = [FieldError("expected_triage", "unknown value")]
    assert at_least_level({"temperature": 38.5, "days_since_chemo": 3}, errors=refused) == (
        "emergency"
    )


def test_the_rest_refused_in_turn_is_dropped_once() -> None:
    case = {"anc": 50, "temperature": 380, "days_since_chemo": 10, "symptoms": ["cough"]}
    # Told only of the ANC: the rest then refuses the temperature, which is dropped too.
    assert at_least_level(case, errors=[FieldError("anc", "ambiguous")]) == "urgent"

    class Refusing:
        """Refuses each of ``fields`` in turn, while it is in the case."""

        def __init__(self, *fields: str) -> None:
            self.fields = fields
            self.seen: list[set[str]] = []

        def assess(self, case: Mapping[str, Any]) -> Any:
            self.seen.append(set(case))
            for name in self.fields:
                if name in case:
                    raise CaseRejected([FieldError(name, "refused")])
            return triage.assess(case)

    case = {"anc": 50, "age": 40, "copd": True, "ecog": 1}
    once_more = Refusing("age")
    assert at_least_level(case, once_more, [FieldError("anc", "refused")]) == "routine"
    assert once_more.seen == [{"age", "copd", "ecog"}, {"copd", "ecog"}]
    twice_more = Refusing("age", "copd")
    assert at_least_level(case, twice_more, [FieldError("anc", "refused")]) is None
    assert len(twice_more.seen) == 2  # dropped once more, never a second time


def test_an_assessor_that_fails_gives_none() -> None:
    class Broken:
        def assess(self, case: Mapping[str, Any]) -> Any:
            raise RuntimeError("bug")

    assert at_least_level(BARE_ANC_FEVER, Broken(), [FieldError("anc", "x")]) is None


# ----------------------------------------------------------------- the batch


def run(content: str, output_format: str) -> str:
    out = io.BytesIO()
    run_batch(io.BytesIO(content.encode()), out, input_format="jsonl",
              output_format=output_format)  # fmt: skip
    return out.getvalue().decode()


def test_batch_error_records_carry_at_least() -> None:
    lines = [
        json.dumps({"case_id": "a", **BARE_ANC_FEVER}),
        json.dumps({"case_id": "b", "anc": 50}),
        json.dumps({"case_id": "c", "anc": 800, "anc_unit": "cells/uL"}),
        json.dumps({"case_id": "d", "temperature": 38.5, "expected_triage": "very soon"}),
        "[1, 2]",
    ]
    content = "\n".join(lines) + "\n"
    records = [json.loads(line) for line in run(content, "jsonl").splitlines()]
    assert list(records[0])[:4] == ["case_id", "record", "error", "at_least"]
    assert [record.get("at_least", "-") for record in records] == [
        "emergency",
        None,  # nothing but the refused ANC
        "-",  # assessed: no at_least
        "urgent",  # refused for its expected_triage only: its own level
        None,  # not an object: nothing could be read
    ]
    rows = list(csv.DictReader(io.StringIO(run(content, "csv"))))
    assert [row["at_least"] for row in rows] == ["emergency", "", "", "urgent", ""]
    assert rows[0]["error"].startswith("anc: ")


# ----------------------------------------------------------------- triage assess


def test_assess_prints_what_the_rest_already_means() -> None:
    args = ["assess", "--anc", "50", "--temperature", "38.5", "--days-since-chemo", "10"]
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert "  anc:" in result.stderr
    said = " ".join(result.stderr.split())
    assert (
        "Whatever the refused value, the rest of your answers already mean: "
        "GET CARE NOW (emergency)." in said
    )
    assert "GET CARE NOW (emergency)." in result.stderr  # kept on one line
    result = CliRunner().invoke(cli, [*args, "--format", "json"], catch_exceptions=False)
    assert result.exit_code == 1
    assert json.loads(result.stdout.splitlines()[0])["at_least"] == "emergency"


def test_assess_says_nothing_more_when_nothing_else_is_left() -> None:
    result = CliRunner().invoke(cli, ["assess", "--anc", "50"], catch_exceptions=False)
    assert result.exit_code == 1
    assert "  anc:" in result.stderr
    assert "Whatever the refused value" not in result.output


def test_assess_what_if_rejection_says_what_the_changed_rest_means() -> None:
    args = ["assess", "--anc", "800", "--anc-unit", "cells/uL", "--temperature", "38.5",
            "--days-since-chemo", "10", "--what-if", "anc_unit=furlongs"]  # fmt: skip
    result = CliRunner().invoke(cli, args, catch_exceptions=False)
    assert result.exit_code == 1
    assert "GET CARE NOW (emergency)." in result.stderr


# ----------------------------------------------------------------- the web


def test_web_api_and_nurse_page_say_what_the_rest_already_means() -> None:
    pytest.importorskip("fastapi", reason="the web extra is not installed")
    pytest.importorskip("httpx", reason="httpx (for FastAPI's TestClient) is not installed")
    from fastapi.testclient import TestClient

    from triage.web import create_app

    client = TestClient(create_app())
    response = client.post("/api/assess", json=BARE_ANC_FEVER)
    assert response.status_code == 422
    assert response.json()["at_least"] == "emergency"
    assert client.post("/api/assess", json={"anc": 50}).json()["at_least"] is None
    assert client.post("/api/assess", content=b"[1]").json()["at_least"] is None

    form = {"anc": "50", "temperature": "38.5", "days_since_chemo": "10"}
    page = client.post("/nurse/case", data=form).text
    sentence = "the rest of your answers already mean: GET CARE NOW (emergency)."
    assert sentence in page
    assert page.index(sentence) < page.index("<strong>anc</strong>")  # above the errors
    page = client.post("/nurse/case", data={"anc": "50"}).text
    assert "<strong>anc</strong>" in page and "already mean" not in page
