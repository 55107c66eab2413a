"""What-if: the differences between a case and the same case with some fields changed,
and which rules start or stop firing (`triage assess ... --what-if FIELD=VALUE`)."""

from __future__ import annotations

import json

import pytest
from click.testing import CliRunner

from cli import cli
from triage import CaseRejected
from triage.whatif import (
    Difference,
    WhatIfError,
    apply_changes,
    compare,
    parse_changes,
    render_whatif,
)

FEVER_LOW_COUNT = {"anc": "800", "anc_unit": "cells/uL", "temperature": "38.4"}


def differences(result) -> dict[str, tuple]:
    return {d.output: (d.before, d.after) for d in result.differences}


def rules(moved) -> list[str]:
    return [item.rule for item in moved]


def test_a_higher_count_with_fever_drops_emergency_to_soon_and_e1_stops() -> None:
    result = compare(FEVER_LOW_COUNT, {"anc": "1600"})
    assert (result.before.triage, result.after.triage) == ("emergency", "soon")
    assert differences(result) == {
        "triage": ("emergency", "soon"),
        "severity": ("moderate", "normal"),
        "infection_risk": ("moderate", "low"),
        "guidance": (
            ["get_care_now", "fever_precautions", "infection_precautions", "antibiotics",
             "cause_not_identified"],
            ["fever_precautions", "antibiotics"],
        ),
        "anc_cells_per_ul": (800.0, 1600.0),
        "ctcae_grade": (3, None),
    }  # fmt: skip
    assert "E1" in rules(result.rules_stopped)
    assert "S1" in rules(result.rules_stopped)
    assert rules(result.rules_started) == ["SEV1", "R1"]
    stopped = {item.rule: item.because for item in result.rules_stopped}
    assert stopped["E1"] == ("fever with ANC 800 cells/µL, below 1,000 cells/µL",)


def test_a_lower_count_raises_the_level_and_starts_rules() -> None:
    result = compare({"anc": "1200", "anc_unit": "cells/uL"}, {"anc": "400"})
    assert differences(result)["triage"] == ("routine", "urgent")
    assert {"U3", "SEV4", "R3", "CT4"} <= set(rules(result.rules_started))
    assert "T0" in rules(result.rules_stopped)


def test_clearing_a_field_makes_it_unknown() -> None:
    result = compare(FEVER_LOW_COUNT, {"temperature": None})
    assert differences(result)["fever"] == (True, None)
    assert differences(result)["triage"] == ("emergency", "soon")
    assert {"N1", "N2", "E1", "S5", "RF1"} <= set(rules(result.rules_stopped))
    assert result.rules_started == ()


def test_a_list_field_takes_semicolon_separated_values() -> None:
    result = compare({"anc": "800", "anc_unit": "cells/uL"}, {"symptoms": "cough;diarrhea"})
    started = {item.rule: item.because for item in result.rules_started}
    assert started["N10"] == (
        "a cough can be a sign of infection",
        "diarrhoea (loose stools) can be a sign of infection",
    )
    assert "U4" in started
    assert differences(result)["triage"] == ("soon", "urgent")


def test_febrile_neutropenia_appears_when_the_count_falls_below_500() -> None:
    result = compare({"anc": "700", "anc_unit": "cells/uL", "temperature": "38.5"}, {"anc": "300"})
    assert differences(result)["febrile_neutropenia"] == (False, True)
    assert "FN1" in rules(result.rules_started)


def test_a_change_inside_a_band_changes_no_rule() -> None:
    result = compare(FEVER_LOW_COUNT, {"anc": "850"})
    assert result.differences == (Difference("anc_cells_per_ul", 800.0, 850.0),)
    assert (result.rules_started, result.rules_stopped) == ((), ())
    assert "The same rules fire; their reasons show the new values." in render_whatif(result)


def test_no_change_at_all() -> None:
    result = compare(FEVER_LOW_COUNT, {"anc": "800"})
    assert not result.changed
    assert "Nothing changes: the same rules fire" in render_whatif(result)


def test_a_change_that_makes_the_case_invalid_is_rejected() -> None:
    with pytest.raises(CaseRejected) as error:
        compare(FEVER_LOW_COUNT, {"anc_unit": None, "anc": "50"})
    assert [e.field for e in error.value.errors] == ["anc"]


# ------------------------------------------------------------------ parsing changes


def test_parse_changes() -> None:
    assert parse_changes(
        ["anc=900", "temperature=", "days-since-chemo=5", "med=clozapine", "symptom=cough;rash"]
    ) == {
        "anc": "900",
        "temperature": None,
        "days_since_chemo": "5",
        "medications": "clozapine",
        "symptoms": "cough;rash",
    }


@pytest.mark.parametrize(
    ("assignments", "message"),
    [(["anc900"], "'anc900' is not FIELD=VALUE"),
     (["ancc=900"], "unknown field 'ancc'"),
     (["case_id=x"], "unknown field 'case_id'"),
     (["anc=900", "anc=1000"], "anc is changed twice")],
    ids=["no-equals", "unknown-field", "case-id", "twice"],
)  # fmt: skip
def test_bad_changes_are_refused(assignments: list[str], message: str) -> None:
    with pytest.raises(WhatIfError, match=message):
        parse_changes(assignments)


def test_compare_checks_field_names_too() -> None:
    with pytest.raises(WhatIfError, match="unknown field 'colour'"):
        compare(FEVER_LOW_COUNT, {"colour": "red"})


def test_apply_changes_leaves_the_original_alone() -> None:
    case = {"anc": "800", "temperature": "38.4"}
    assert apply_changes(case, {"anc": "900", "temperature": None}) == {"anc": "900"}
    assert case == {"anc": "800", "temperature": "38.4"}


# ------------------------------------------------------------------ text and CLI


def test_rendered_comparison() -> None:
    text = render_whatif(compare(FEVER_LOW_COUNT, {"anc": "1600"}))
    assert text.startswith(
        "Triage as given: emergency\n"
        "What if:\n"
        "  anc: 800 -> 1600\n"
        "Triage with this change: soon, lower than emergency.\n"
        "\n"
        "What else changes:\n"
        "  severity:       moderate -> normal\n"
    )
    assert "  triage:" not in text  # said once, above
    assert "  CTCAE grade:    3 -> none\n" in text
    assert "  guidance:       removed: getting care now, avoiding infection, the cause\n" in text
    assert "Rules that stop firing:\n" in text
    assert "  E1     fever with ANC 800 cells/µL, below 1,000 cells/µL\n" in text
    assert "The level drops only if the changed answers are true" in text
    assert text.endswith("if you feel very unwell.\n")


def test_rendered_comparison_with_the_explanation_of_the_changed_case() -> None:
    text = render_whatif(compare(FEVER_LOW_COUNT, {"anc": "1600"}), explain=True)
    assert "The changed case:\nHow this result was reached" in text
    assert "3. Triage: soon (the highest level any rule gave: S5)" in text


def test_cli_what_if_text() -> None:
    result = CliRunner().invoke(
        cli,
        ["assess", "--anc", "800", "--anc-unit", "cells/uL", "--temperature", "38.4",
         "--what-if", "anc=1600"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0
    assert result.output == render_whatif(compare(FEVER_LOW_COUNT, {"anc": "1600"}))


def test_cli_what_if_json() -> None:
    result = CliRunner().invoke(
        cli,
        ["assess", "--anc", "800", "--anc-unit", "cells/uL", "--temperature", "38.4",
         "--what-if", "temperature=", "--format", "json"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.exit_code == 0
    payload = json.loads(result.output)
    assert payload["changes"] == [{"field": "temperature", "before": "38.4", "after": None}]
    assert {"output": "triage", "before": "emergency", "after": "soon"} in payload["differences"]
    assert "E1" in [item["rule"] for item in payload["rules_stopped"]]
    assert payload["after"]["fever"] is None
    assert payload["before"]["triage"] == "emergency"


def test_cli_what_if_unknown_field_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["assess", "--anc", "800", "--what-if", "ancc=1"])
    assert result.exit_code == 2
    assert "what-if: unknown field 'ancc'" in result.output


def test_cli_what_if_rejected_change_exits_1_naming_the_field() -> None:
    result = CliRunner().invoke(
        cli, ["assess", "--anc", "800", "--anc-unit", "cells/uL", "--what-if", "temperature=60",
              "--what-if", "temperature-unit="]
    )  # fmt: skip
    assert result.exit_code == 1
    assert "With the --what-if changes:" in result.stderr
    assert "  temperature:" in result.stderr


LEVEL_LINES = [
    pytest.param({"anc": "900"}, "Triage with this change: emergency, unchanged.", id="unchanged"),
    pytest.param({"anc": "1600"}, "Triage with this change: soon, lower than emergency.",
                 id="lower"),
    pytest.param({"anc": "1600", "temperature": None},
                 "Triage with these changes: routine, lower than emergency.", id="two-changes"),
]  # fmt: skip


@pytest.mark.parametrize(("changes", "line"), LEVEL_LINES)
def test_the_level_as_given_comes_first_then_the_level_with_the_changes(changes, line) -> None:
    lines = render_whatif(compare(FEVER_LOW_COUNT, changes)).splitlines()
    assert lines[:2] == ["Triage as given: emergency", "What if:"]
    assert line in lines


def test_cli_what_if_with_an_unchanged_level_still_says_the_level() -> None:
    result = CliRunner().invoke(
        cli,
        ["assess", "--anc", "800", "--temperature", "38.4", "--days-since-chemo", "10",
         "--what-if", "anc=900"],
        catch_exceptions=False,
    )  # fmt: skip
    assert result.output.startswith(
        "Triage as given: emergency\n"
        "What if:\n"
        "  anc: 800 -> 900\n"
        "Triage with this change: emergency, unchanged.\n"
        "\n"
        "What changes:\n"
        "  ANC (cells/µL): 800 -> 900\n"
        "\n"
        "The same rules fire; their reasons show the new values.\n"
        "\n"
        "This tool gives general education only."
    )


def test_a_note_that_only_shows_the_new_number_is_not_new() -> None:
    result = compare({"anc": "800", "temperature": "38.4"}, {"anc": "900", "temperature": "39"})
    assert result.new_warnings == ()
    assert compare({"anc": "800", "anc_unit": "cells/uL"}, {"anc_unit": None}).new_warnings == (
        "ANC 800 has no unit: read as cells/µL",
    )
