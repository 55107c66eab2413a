"""End-to-end runs of `triage assess` through click's CliRunner, compared with golden
files in tests/golden/. Regenerate after an intended change with:

    UPDATE_GOLDEN=1 python -m pytest tests/test_cli_assess.py
"""

from __future__ import annotations

import json
import os
import re
import subprocess
import sys
from pathlib import Path

import pytest
from click.testing import CliRunner

from cli import cli
from triage.limits import MAX_CASE_FILE_BYTES

GOLDEN = Path(__file__).parent / "golden"

SCENARIOS = [
    pytest.param(
        "emergency-fever-after-chemo",
        ["--anc", "800", "--anc-unit", "cells/uL", "--temperature", "38.4",
         "--temperature-unit", "C", "--days-since-chemo", "10", "--condition", "chemotherapy"],
        "emergency", ("E1", "E2"), id="E1-E2-emergency-fever-after-chemo",
    ),
    pytest.param(
        "urgent-severe-count-clozapine",
        ["--anc", "0.45", "--anc-unit", "10^9/L", "--med", "Clozaril 100 mg at night"],
        "urgent", ("U3", "U6"), id="U3-U6-urgent-clozapine",
    ),
    pytest.param(
        "soon-moderate-count",
        ["--anc", "700", "--anc-unit", "/uL", "--condition", "lupus"],
        "soon", ("S1",), id="S1-soon-moderate-lupus",
    ),
    pytest.param(
        "routine-duffy-null",
        ["--anc", "1200", "--anc-unit", "cells/uL", "--duffy-null", "--temperature", "36.8"],
        "routine", ("T0",), id="T0-routine-duffy-null",
    ),
    pytest.param(
        "emergency-breathing-unknown-count",
        ["--symptom", "trouble breathing", "--symptom", "cough"],
        "emergency", ("E5",), id="E5-emergency-symptom-no-count",
    ),
]  # fmt: skip


def invoke(args: list[str], stdin: str | None = None):
    return CliRunner().invoke(cli, args, input=stdin, catch_exceptions=False)


def check_golden(name: str, text: str) -> None:
    path = GOLDEN / name
    if os.environ.get("UPDATE_GOLDEN"):
        path.write_text(text, encoding="utf-8")
    assert path.exists(), f"missing golden file {path}: run with UPDATE_GOLDEN=1"
    assert text == path.read_text(encoding="utf-8")


@pytest.mark.parametrize(("name", "args", "level", "rules"), SCENARIOS)
def test_text_output_matches_golden(
    name: str, args: list[str], level: str, rules: tuple[str, ...]
) -> None:
    result = invoke(["assess", *args])
    assert result.exit_code == 0, result.output
    # The intent, beyond the golden text: the action of the level comes first.
    headline = {
        "emergency": "GET CARE NOW",
        "urgent": "Contact a provider today",
        "soon": "See a provider within a few days",
        "routine": "Discuss at your next",
    }
    assert headline[level] in "\n".join(result.output.splitlines()[:2])
    check_golden(f"{name}.txt", result.output)


@pytest.mark.parametrize(("name", "args", "level", "rules"), SCENARIOS)
def test_explained_text_matches_golden(
    name: str, args: list[str], level: str, rules: tuple[str, ...]
) -> None:
    result = invoke(["assess", *args, "--explain"])
    assert result.exit_code == 0, result.output
    assert f"3. Triage: {level}" in result.output
    check_golden(f"{name}.explain.txt", result.output)


@pytest.mark.parametrize(("name", "args", "level", "rules"), SCENARIOS)
def test_json_output_matches_golden_and_level(
    name: str, args: list[str], level: str, rules: tuple[str, ...]
) -> None:
    result = invoke(["assess", *args, "--format", "json"])
    assert result.exit_code == 0, result.output
    payload = json.loads(result.output)
    assert payload["triage"] == level
    # The intent the scenario id names: these rules fired.
    assert set(rules) <= {item["rule"] for item in payload["explanation"]}
    assert payload["disclaimer"]
    check_golden(f"{name}.json", result.output)


def test_emergency_is_the_first_thing_a_patient_reads() -> None:
    result = invoke(["assess", "--anc", "300", "--temperature", "38.5"])
    first_lines = result.output.splitlines()[:3]
    assert first_lines[0] == "!" * 78
    assert "GET CARE NOW" in first_lines[1]


def test_routine_text_does_not_shout() -> None:
    result = invoke(["assess", "--anc", "2500"])
    assert "!!" not in result.output
    assert result.output.startswith(">> Discuss at your next visit")


def test_case_file_from_stdin_equals_options() -> None:
    case = {"anc": 800, "anc_unit": "cells/uL", "temperature": 38.4, "days_since_chemo": 10}
    from_file = invoke(["assess", "--case", "-", "--format", "json"], json.dumps(case))
    from_options = invoke(
        ["assess", "--anc", "800", "--anc-unit", "cells/uL", "--temperature", "38.4",
         "--days-since-chemo", "10", "--format", "json"]
    )  # fmt: skip
    assert from_file.output == from_options.output


def test_options_override_the_case_file(tmp_path: Path) -> None:
    path = tmp_path / "case.json"
    path.write_text(json.dumps({"anc": 2500, "anc_unit": "cells/uL"}), encoding="utf-8")
    result = invoke(["assess", "--case", str(path), "--anc", "400", "--format", "json"])
    assert json.loads(result.output)["anc_cells_per_ul"] == 400


def test_rejected_case_exits_1_naming_each_field() -> None:
    result = invoke(["assess", "--anc", "50", "--temperature", "60", "--symptom", "cant breth"])
    assert result.exit_code == 1
    assert "Traceback" not in result.output
    assert "  anc:" in result.output
    assert "  temperature:" in result.output or "  symptoms:" in result.output
    assert "give anc_unit" in result.output.lower() or "unit" in result.output


def test_rejected_case_as_json_is_an_error_record() -> None:
    result = invoke(["assess", "--anc", "2", "--format", "json"])
    assert result.exit_code == 1
    record = json.loads(result.output.splitlines()[0])
    assert record["record"] == 1
    assert [error["field"] for error in record["error"]] == ["anc"]
    assert record["at_least"] is None  # nothing but the refused ANC


def test_empty_case_is_rejected() -> None:
    result = invoke(["assess"])
    assert result.exit_code == 1
    assert "the case is empty" in result.output


@pytest.mark.parametrize(
    ("args", "message"),
    [
        pytest.param(["assess", "--case", "/no/such/file.json"], "cannot read", id="missing-file"),
        pytest.param(["assess", "--format", "xml", "--anc", "800"], "xml", id="bad-format"),
        pytest.param(["assess", "--bogus"], "No such option", id="unknown-option"),
    ],
)
def test_usage_errors_exit_2(args: list[str], message: str) -> None:
    result = invoke(args)
    assert result.exit_code == 2
    assert message in result.output


def test_invalid_json_case_file_is_a_usage_error() -> None:
    result = invoke(["assess", "--case", "-"], "{not json")
    assert result.exit_code == 2
    assert "not valid JSON (line 1" in result.output


def test_deeply_nested_json_case_file_is_a_usage_error_not_a_traceback() -> None:
    result = invoke(["assess", "--case", "-"], "[" * 100_000 + "]" * 100_000)
    assert result.exit_code == 2
    assert "not valid JSON (nested too deeply)" in result.output


def test_a_field_given_twice_in_a_case_file_is_refused() -> None:
    result = invoke(["assess", "--case", "-"], '{"anc": 2500, "anc": 300}')
    assert result.exit_code == 2
    assert "field anc is given twice" in result.output


# --- Hostile input: nothing runs on the terminal, nothing crashes ---------------------

CONTROL = re.compile("[\x00-\x08\x0b-\x1f\x7f-\x9f]")

ECHOED = [
    pytest.param(["--anc", "800", "--anc-unit", "cells/uL", "--med", "\x1b[2Jevil"], 0,
                 id="escape-in-a-medicine"),
    pytest.param(["--anc", "800", "--anc-unit", "cells/uL", "--case-id", "\x9b2J"], 0,
                 id="c1-escape-in-the-case-id"),
    pytest.param(["--anc", "800", "--anc-unit", "cells/uL", "--symptom", "\x1b]0;x\x07"], 1,
                 id="escape-in-an-unknown-symptom"),
    pytest.param(["--anc", "800", "--anc-unit", "x" * 100_000], 1, id="huge-unit"),
]  # fmt: skip


@pytest.mark.parametrize("output_format", ["text", "json"])
@pytest.mark.parametrize(("args", "exit_code"), ECHOED)
def test_user_text_is_echoed_inert_and_bounded(
    args: list[str], exit_code: int, output_format: str
) -> None:
    result = CliRunner().invoke(cli, ["assess", *args, "--format", output_format])
    assert result.exit_code == exit_code, result.output
    assert not CONTROL.search(result.stdout.replace("\n", ""))
    assert not CONTROL.search(result.stderr.replace("\n", ""))
    assert len(result.stderr) < 3_000
    if output_format == "json" and result.stdout:
        json.loads(result.stdout)  # still valid JSON


@pytest.mark.parametrize(
    ("content", "field"),
    [
        pytest.param('{"case_id": "\\ud800", "anc": 800, "anc_unit": "cells/uL"}', "case_id",
                     id="surrogate-in-case-id"),
        pytest.param('{"anc": false}', "anc", id="boolean-anc"),
        pytest.param('{"anc": 800, "anc_unit": "cells/uL", "\\ud800": 1}', "\ufffd",
                     id="surrogate-in-a-field-name"),
    ],
)  # fmt: skip
def test_a_hostile_case_file_is_a_rejection_not_a_crash(
    tmp_path: Path, content: str, field: str
) -> None:
    case = tmp_path / "case.json"
    case.write_text(content)
    for output_format in ("text", "json"):
        result = CliRunner().invoke(cli, ["assess", "--case", str(case), "--format", output_format])
        assert result.exit_code == 1, result.output
        assert f"  {field}:" in result.stderr


def test_a_case_file_over_the_size_limit_is_a_usage_error(tmp_path: Path) -> None:
    case = tmp_path / "case.json"
    case.write_text('{"note": "' + "x" * (MAX_CASE_FILE_BYTES + 1) + '"}')
    result = CliRunner().invoke(cli, ["assess", "--case", str(case)])
    assert result.exit_code == 2
    assert "is longer than" in result.stderr


@pytest.mark.slow
def test_stdout_that_cannot_be_written_exits_2_saying_so() -> None:
    with open("/dev/full", "w") as full:
        result = subprocess.run(
            [sys.executable, "-c", "from cli import cli; cli()", "assess", "--anc", "800",
             "--anc-unit", "cells/uL"],
            stdout=full, stderr=subprocess.PIPE, text=True, check=False,
            cwd=Path(__file__).parent.parent,
        )  # fmt: skip
    assert result.returncode == 2
    assert result.stderr.strip() == "Error: cannot write stdout: No space left on device"


def test_assess_has_one_option_per_case_field_generated_from_the_model() -> None:
    # The options are the model's fields, with its descriptions: no hand-kept copy.
    import click

    from cli import cli as group
    from triage.models import CaseInput

    command = group.commands["assess"]
    options = {
        param.name: param
        for param in command.get_params(click.Context(command))
        if isinstance(param, click.Option)
    }
    for field, info in CaseInput.model_fields.items():
        assert field in options, field
        assert options[field].help == info.description, field
    assert options["medications"].opts == ["--med"] and options["medications"].multiple
