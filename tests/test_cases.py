"""The case library: vignette loading and validation, lookup, `triage cases list/show`.

Whether each vignette's expected answers match the engine is checked in
tests/test_examples.py; here: every file loads, and bad files fail loudly."""

from __future__ import annotations

from importlib import resources

import pytest
from click.testing import CliRunner

from cli import cli
from triage.cases import (
    VignetteError,
    VignetteNotFound,
    disagreements,
    get_vignette,
    load_vignettes,
    parse_vignette,
    render_case_list,
    render_vignette,
)

VALID = '''
id = "fever-example"
title = "A fever example"
story = """A man calls with a fever of 38.5 °C, twelve days after chemotherapy."""
rules = ["E2", "S5"]
teaching_note = """Fever within 42 days of chemotherapy is an emergency (E2)."""
source = "idsa2010"

[case]
temperature = 38.5
temperature_unit = "C"
days_since_chemo = 12

[expected]
triage = "emergency"
severity = "unknown"
infection_risk = "unknown"
causes = ["bone_marrow_production"]
'''
TEACHING_FILES = sorted(
    entry.name
    for entry in resources.files("triage.data").joinpath("teaching").iterdir()
    if entry.name.endswith(".toml")
)


def invoke(args: list[str]):
    return CliRunner().invoke(cli, args, catch_exceptions=False)


# ------------------------------------------------------------------ loading


def test_every_teaching_file_loads() -> None:
    vignettes = load_vignettes()
    assert [f"{v.number:02d}-{v.id}.toml" for v in vignettes] == TEACHING_FILES
    assert len(vignettes) >= 20


def test_vignettes_are_loaded_once() -> None:
    assert load_vignettes() is load_vignettes()


def test_a_valid_file_parses() -> None:
    vignette = parse_vignette("07-fever-example.toml", VALID)
    assert (vignette.number, vignette.id, vignette.rules) == (7, "fever-example", ("E2", "S5"))
    assert vignette.expected.causes == ("bone_marrow_production",)
    assert vignette.expected.febrile_neutropenia is None
    assert vignette.case_input().days_since_chemo == 12


@pytest.mark.parametrize(
    ("file_name", "text", "message"),
    [
        ("fever-example.toml", VALID, "the file name must be NN-slug.toml"),
        ("07-other-name.toml", VALID, "id 'fever-example' must be the file name"),
        ("07-fever-example.toml", VALID.replace('"idsa2010"', '"nosuch"'),
         "source 'nosuch' is not in sources.toml"),
        ("07-fever-example.toml", VALID.replace('"E2", "S5"', '"E2", "Z9"'),
         "unknown rule ids in rules: Z9"),
        ("07-fever-example.toml", VALID.replace('triage = "emergency"', 'triage = "asap"'),
         "expected.triage"),
        ("07-fever-example.toml", VALID.replace('causes = ["bone', 'causes = ["bones'),
         "expected.causes.0"),
        ("07-fever-example.toml", VALID.replace("days_since_chemo = 12", "chemo_days = 12"),
         "chemo_days"),
        ("07-fever-example.toml", VALID + 'extra = "x"\n', "expected.extra"),
        ("07-fever-example.toml", VALID.replace("[case]", "[case"), "not valid TOML"),
    ],
    ids=["bad-file-name", "id-not-file-name", "unknown-source", "unknown-rule",
         "bad-triage", "bad-cause", "bad-case-field", "extra-key", "broken-toml"],
)  # fmt: skip
def test_a_bad_file_fails_naming_the_file_and_the_problem(
    file_name: str, text: str, message: str
) -> None:
    with pytest.raises(VignetteError) as error:
        parse_vignette(file_name, text)
    assert str(error.value).startswith(f"{file_name}: ")
    assert message in str(error.value)


# ------------------------------------------------------------------ lookup


@pytest.mark.parametrize("key", ["fever-after-chemo", "1", "01", " Fever-After-Chemo "])
def test_get_vignette_by_id_or_number(key: str) -> None:
    assert get_vignette(key).id == "fever-after-chemo"


def test_an_unknown_vignette_suggests_close_ids() -> None:
    with pytest.raises(VignetteNotFound, match=r"no teaching case 'clozapine'; did you mean"):
        get_vignette("clozapine")
    with pytest.raises(VignetteNotFound, match=r"`triage cases list` shows them all"):
        get_vignette("999")


# ------------------------------------------------------------------ text


def test_case_list_lines() -> None:
    vignette = parse_vignette("07-fever-example.toml", VALID)
    assert render_case_list([vignette]) == (
        "NN  triage     id, then title\n"
        "07  emergency  fever-example\n"
        "               A fever example\n"
        "\n"
        "Show one: triage cases show ID (or its number), --answer for the engine's.\n"
    )


def test_rendered_vignette_has_story_inputs_answers_note_and_source() -> None:
    text = render_vignette(parse_vignette("07-fever-example.toml", VALID))
    assert text.startswith("07 fever-example: A fever example\n\nStory:\n  A man calls")
    assert "Inputs (case-format fields):\n  temperature: 38.5\n" in text
    assert "  triage:              emergency\n" in text
    assert "  causes:              bone_marrow_production\n" in text
    assert "  triage rules:        E2, S5\n" in text
    assert "febrile neutropenia" not in text  # not given in this vignette
    assert "Teaching note:\n  Fever within 42 days" in text
    assert "Source: IDSA 2010\n  Freifeld AG et al." in text


def test_disagreements_name_each_differing_answer() -> None:
    import triage

    vignette = parse_vignette(
        "07-fever-example.toml", VALID.replace('triage = "emergency"', 'triage = "soon"')
    )
    assessment = triage.assess(vignette.case)
    assert disagreements(vignette, assessment) == [
        "triage: expected soon, the engine says emergency"
    ]


# ------------------------------------------------------------------ CLI


def test_cli_cases_list_shows_every_vignette_with_its_expected_triage() -> None:
    result = invoke(["cases", "list"])
    assert result.exit_code == 0
    lines = result.stdout.splitlines()
    assert lines[0] == "NN  triage     id, then title"
    assert len(lines) == 1 + 2 * len(load_vignettes()) + 2
    pairs = zip(lines[1::2], lines[2::2], strict=False)
    for (line, title), vignette in zip(pairs, load_vignettes(), strict=False):
        assert line.split() == [f"{vignette.number:02d}", vignette.expected.triage, vignette.id]
        assert title == " " * 15 + vignette.title
    assert max(len(line) for line in lines) <= 80


def test_cli_cases_show() -> None:
    vignette = get_vignette("fever-after-chemo")
    result = invoke(["cases", "show", "fever-after-chemo"])
    assert result.exit_code == 0
    assert result.stdout == render_vignette(vignette)
    assert "The engine's assessment" not in result.stdout


def test_cli_cases_show_answer_adds_the_explained_assessment() -> None:
    result = invoke(["cases", "show", "1", "--answer"])
    assert result.exit_code == 0
    assert "\nThe engine's assessment:\n\n" in result.stdout
    assert "GET CARE NOW" in result.stdout
    assert "How this result was reached" in result.stdout
    assert "E1     fever with ANC 800 cells/µL" in result.stdout


def test_cli_cases_show_unknown_id_is_a_usage_error() -> None:
    result = CliRunner().invoke(cli, ["cases", "show", "no-such-case"])
    assert result.exit_code == 2
    assert "no teaching case 'no-such-case'" in result.stderr
