"""The triage quiz: answer parsing, scoring (under-triage called out), scripted sessions,
quitting, reproducible order, and `triage quiz` through CliRunner."""

from __future__ import annotations

import io

import pytest
from click.testing import CliRunner

from cli import cli
from triage.cases import load_vignettes, parse_vignette
from triage.quiz import (
    choose,
    feedback_lines,
    parse_causes,
    parse_triage,
    run_quiz,
    score,
    summary_lines,
)

TEMPLATE = '''
id = "{slug}"
title = "Quiz case {slug}"
story = """A story for the quiz, with enough words."""
rules = []
teaching_note = """The note that teaches {slug}."""
source = "gibson2014"

[case]
{case}

[expected]
triage = "{triage}"
severity = "{severity}"
infection_risk = "{risk}"
causes = {causes}
'''
# Three small vignettes whose expected answers are the engine's (checked below), so the
# quiz tests do not depend on the bundled teaching data.
FEVER_AFTER_CHEMO = parse_vignette("01-fever-chemo.toml", TEMPLATE.format(
    slug="fever-chemo", case='anc = 800\nanc_unit = "cells/uL"\ntemperature = 38.4\n'
    "days_since_chemo = 10", triage="emergency", severity="moderate", risk="moderate",
    causes='["bone_marrow_production"]'))  # fmt: skip
NORMAL = parse_vignette("02-normal.toml", TEMPLATE.format(
    slug="normal", case='anc = 2500\nanc_unit = "cells/uL"', triage="routine",
    severity="normal", risk="low", causes="[]"))  # fmt: skip
LUPUS = parse_vignette("03-lupus.toml", TEMPLATE.format(
    slug="lupus", case='anc = 700\nanc_unit = "cells/uL"\nconditions = ["lupus"]',
    triage="soon", severity="moderate", risk="moderate",
    causes='["immune_destruction"]'))  # fmt: skip
VIGNETTES = [FEVER_AFTER_CHEMO, NORMAL, LUPUS]


CTRL_C = "<Ctrl-C>"  # a scripted answer that presses Ctrl-C


class Script:
    """Scripted answers (``None`` = end of input) and everything the quiz says."""

    def __init__(self, answers: list[str]):
        self.answers = list(answers)
        self.prompts: list[str] = []
        self.said: list[str] = []

    def ask(self, prompt: str) -> str | None:
        self.prompts.append(prompt)
        answer = self.answers.pop(0) if self.answers else None
        if answer == CTRL_C:
            raise KeyboardInterrupt
        return answer

    def say(self, line: str) -> None:
        self.said.append(line)

    @property
    def text(self) -> str:
        return "\n".join(self.said)


def play(answers: list[str], vignettes=None, count: int = 3):
    script = Script(answers)
    # seed=None would shuffle; keep the given order by quizzing one vignette at a time
    results = run_quiz(vignettes or VIGNETTES[:1], script.ask, script.say, seed=0, count=count)
    return results, script


# ------------------------------------------------------------------ answers


@pytest.mark.parametrize(
    ("text", "level"),
    [("1", "routine"), ("2", "soon"), ("3", "urgent"), ("4", "emergency"),
     ("r", "routine"), ("S", "soon"), ("u", "urgent"), ("e", "emergency"),
     ("emergency", "emergency"), (" Urg ", "urgent"), ("routine\n", "routine"),
     ("0", None), ("5", None), ("x", None), ("", None), ("emergencyy", None)],
)  # fmt: skip
def test_parse_triage(text: str, level: str | None) -> None:
    assert parse_triage(text) == level


@pytest.mark.parametrize(
    ("text", "causes"),
    [("none", set()), ("0", set()), ("NONE", set()),
     ("1", {"bone_marrow_production"}), ("1 3", {"bone_marrow_production", "infection"}),
     ("4,5", {"medication", "nutritional_deficiency"}), ("2; 2", {"immune_destruction"}),
     ("medication", {"medication"}), ("med nutr", {"medication", "nutritional_deficiency"}),
     ("bone-marrow", {"bone_marrow_production"}),
     ("6", None), ("i", None), ("", None), ("1 x", None)],
)  # fmt: skip
def test_parse_causes(text: str, causes: set[str] | None) -> None:
    parsed = parse_causes(text)
    assert (None if parsed is None else set(parsed)) == causes


# ------------------------------------------------------------------ scoring


@pytest.mark.parametrize(
    ("triage", "causes", "points", "direction"),
    [("emergency", {"bone_marrow_production"}, 2, "right"),
     ("urgent", {"bone_marrow_production"}, 1, "under"),
     ("routine", set(), 0, "under"),
     ("emergency", set(), 1, "right"),
     ("emergency", {"bone_marrow_production", "medication"}, 1, "right")],
    ids=["all-right", "under-triage", "under-and-no-cause", "cause-missed", "cause-extra"],
)  # fmt: skip
def test_score_against_the_expected_answers(
    triage: str, causes: set[str], points: int, direction: str
) -> None:
    answer = score(FEVER_AFTER_CHEMO, triage, frozenset(causes))
    assert (answer.points, answer.direction) == (points, direction)


def test_over_triage_scores_no_triage_point() -> None:
    answer = score(NORMAL, "soon", frozenset())
    assert (answer.triage_point, answer.causes_point, answer.direction) == (0, 1, "over")


def test_feedback_calls_under_triage_the_dangerous_direction() -> None:
    text = " ".join(feedback_lines(score(FEVER_AFTER_CHEMO, "soon", frozenset())))
    assert text == (
        "Triage: emergency. You said soon: UNDER-TRIAGE (0 points). This is the dangerous "
        "direction: the person would get care later than they need it. "
        "Causes: bone marrow production. You said none (0 points; missed bone marrow "
        "production)."
    )


def test_feedback_for_over_triage_and_extra_causes() -> None:
    text = "\n".join(feedback_lines(score(NORMAL, "urgent", frozenset({"medication"}))))
    assert "You said urgent: over-triage (0 points). Safer than" in text
    assert "Causes: none. You said medication (0 points; not supported: medication)." in text


def test_feedback_for_a_right_answer() -> None:
    assert feedback_lines(score(LUPUS, "soon", frozenset({"immune_destruction"}))) == [
        "Triage: soon. You said soon: right (1 point).",
        "Causes: immune destruction. Right (1 point).",
    ]


def test_the_small_vignettes_agree_with_the_engine() -> None:
    import triage

    for vignette in VIGNETTES:
        result = triage.assess(vignette.case)
        assert result.triage == vignette.expected.triage
        assert [c.category for c in result.cause_categories] == list(vignette.expected.causes)


# ------------------------------------------------------------------ sessions


def test_a_scripted_session_scores_each_case_and_summarises() -> None:
    order = choose(VIGNETTES, 0, 3)
    right = {v.id: (v.expected.triage, " ".join(v.expected.causes) or "none") for v in order}
    answers: list[str] = []
    for vignette in order:
        answers += list(right[vignette.id])
    # spoil the first case: under-triage it
    answers[0] = "routine" if order[0].expected.triage != "routine" else "4"
    result, script = play(answers, VIGNETTES, count=3)
    assert [a.vignette_id for a in result.answers] == [v.id for v in order]
    assert result.points == 5 and result.max_points == 6
    assert not result.stopped_early
    assert script.prompts == ["Triage level: ", "Causes: "] * 3
    for vignette in order:
        assert f"The note that teaches {vignette.id}." in script.text
    assert "How this result was reached" in script.text
    assert "Quiz summary: 5 of 6 points (3 cases)." in script.text


def test_under_triaged_cases_are_listed_in_the_summary() -> None:
    result, script = play(["2", "1"])
    assert result.answers[0].direction == "under"
    summary = script.said[script.said.index("Quiz summary: 1 of 2 points (1 case).") :]
    assert summary == [
        "Quiz summary: 1 of 2 points (1 case).",
        "  Triage right:  0 of 1",
        "  Causes right:  1 of 1",
        "  Over-triaged:  0",
        "  Under-triaged: 1",
        "    - fever-chemo: expected emergency, you said soon",
        "Review the under-triaged cases first: `triage cases show ID --answer` shows",
        "the rules behind each answer.",
    ]


def test_an_unclear_answer_is_asked_again() -> None:
    result, script = play(["9", "emergency", "bananas", "1"])
    assert result.points == 2
    assert script.prompts == ["Triage level: ", "Triage level: ", "Causes: ", "Causes: "]
    assert "Please answer 1-4, or routine, soon, urgent or emergency" in script.text
    assert "Please give numbers 1-5 separated by spaces or commas, or none." in script.text


@pytest.mark.parametrize("stop", ["quit", "Q", "exit", None], ids=str)
def test_quit_or_end_of_input_stops_with_the_summary_so_far(stop: str | None) -> None:
    answers = ["4", "1"] + ([stop] if stop else [])
    result, script = play(answers, VIGNETTES, count=3)
    assert len(result.answers) == 1
    assert result.stopped_early
    assert script.said[-5] == "Quiz summary: 2 of 2 points (1 case, stopped early)."
    assert script.prompts[-1] == "Triage level: "  # asked about the second case


def test_quitting_before_any_answer() -> None:
    result, script = play(["quit"])
    assert result.answers == []
    assert script.said[-1] == "Quiz summary: no case was answered."


def test_quitting_halfway_through_a_case_does_not_score_it() -> None:
    result, _ = play(["4", "quit"])
    assert result.answers == [] and result.stopped_early


def test_summary_counts() -> None:
    result, _ = play(["1", "1"], [NORMAL], count=1)
    assert summary_lines(result)[:5] == [
        "Quiz summary: 1 of 2 points (1 case).",
        "  Triage right:  1 of 1",
        "  Causes right:  0 of 1",
        "  Over-triaged:  0",
        "  Under-triaged: 0",
    ]


# ------------------------------------------------------------------ order


def test_the_same_seed_gives_the_same_order() -> None:
    vignettes = load_vignettes()
    first = [v.id for v in choose(vignettes, 7, 5)]
    assert first == [v.id for v in choose(vignettes, 7, 5)]
    assert first != [v.id for v in choose(vignettes, 8, 5)]
    assert len(set(first)) == 5


def test_count_larger_than_the_library_asks_every_case_once() -> None:
    vignettes = load_vignettes()
    chosen = choose(vignettes, 1, 1000)
    assert sorted(v.id for v in chosen) == sorted(v.id for v in vignettes)


# ------------------------------------------------------------------ CLI


def test_cli_quiz_with_piped_answers() -> None:
    vignette = choose(load_vignettes(), 3, 1)[0]
    causes = " ".join(
        str(n)
        for n, category in enumerate(
            ["bone_marrow_production", "immune_destruction", "infection", "medication",
             "nutritional_deficiency"], 1)
        if category in vignette.expected.causes
    ) or "none"  # fmt: skip
    result = CliRunner().invoke(
        cli,
        ["quiz", "--seed", "3", "--count", "1"],
        input=f"{vignette.expected.triage}\n{causes}\n",
        catch_exceptions=False,
    )
    assert result.exit_code == 0
    assert f"Case 1 of 1: {vignette.title}" in result.output
    assert f"Triage level: {vignette.expected.triage}\n" in result.output  # answer echoed
    assert "Quiz summary: 2 of 2 points (1 case)." in result.output


def test_cli_quiz_end_of_input_exits_cleanly() -> None:
    result = CliRunner().invoke(cli, ["quiz", "--seed", "1"], input="", catch_exceptions=False)
    assert result.exit_code == 0
    assert result.output.rstrip().endswith("Quiz summary: no case was answered.")


def test_cli_quiz_refuses_a_zero_count() -> None:
    result = CliRunner().invoke(cli, ["quiz", "--count", "0"])
    assert result.exit_code == 2


# ------------------------------------------------------------------ Ctrl-C, counts, help


@pytest.mark.parametrize(
    ("answers", "answered"),
    [pytest.param([CTRL_C], 0, id="at-the-first-question"),
     pytest.param(["4", CTRL_C], 0, id="halfway-through-a-case"),
     pytest.param(["4", "1", CTRL_C], 1, id="after-one-case")],
)  # fmt: skip
def test_ctrl_c_stops_with_the_score_so_far(answers: list[str], answered: int) -> None:
    result, script = play(answers, VIGNETTES, count=3)
    assert result.interrupted and result.stopped_early
    assert len(result.answers) == answered
    summary = [line for line in script.said if line.startswith("Quiz summary:")]
    assert summary == [
        "Quiz summary: 2 of 2 points (1 case, stopped early)."
        if answered
        else "Quiz summary: no case was answered."
    ]


class _CtrlC(io.RawIOBase):
    """Standard input whose first read is Ctrl-C."""

    def readable(self) -> bool:
        return True

    def readinto(self, buffer) -> int:
        if len(buffer) == 0:  # click's check that the stream is binary
            return 0
        raise KeyboardInterrupt


def test_cli_quiz_ctrl_c_shows_the_score_and_exits_130() -> None:
    result = CliRunner().invoke(cli, ["quiz", "--seed", "1"], input=_CtrlC())
    assert result.exit_code == 130
    assert "Aborted!" not in result.output
    assert result.output.endswith("Triage level: \nQuiz summary: no case was answered.\n")


@pytest.mark.parametrize(
    ("count", "intro"),
    [pytest.param(1, "Triage quiz: 1 case. Answer", id="one-case"),
     pytest.param(2, "Triage quiz: 2 cases. Answer", id="two-cases")],
)  # fmt: skip
def test_the_intro_counts_cases_in_words_and_fits_80_columns(count: int, intro: str) -> None:
    _, script = play(["quit"], VIGNETTES, count=count)
    assert script.said[0].startswith(intro)
    assert max(len(line) for line in script.said) <= 80


def test_quiz_help_shows_the_piped_example_on_one_line() -> None:
    result = CliRunner().invoke(cli, ["quiz", "--help"], terminal_width=80)
    assert "    printf '4\\n1\\n' | triage quiz --count 1 --seed 1\n" in result.output
    assert "Ctrl-C" in result.output
