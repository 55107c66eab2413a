"""The guided interview (triage/interview.py, `triage interview`): scripted runs through
the library (answers in, captured text out) and through click's CliRunner."""

from __future__ import annotations

import json
import re
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ASSESSOR

import triage
from cli import cli
from triage.catalogue import rule_catalogue
from triage.interview import (
    QUESTIONS,
    Interview,
    Outcome,
    Session,
    anc_unit_need,
    build_case,
    why_text,
)
from triage.levels import TRIAGE_RANK

DOCS = Path(__file__).parent.parent / "docs" / "interview.md"

# Question texts, to see which questions were asked and in what order.
RED_FLAGS_Q = "First, warning signs. Do you have any of these right now?"
CHEMO_Q = "Have you had any cancer treatment in the last 6 weeks"
CHEMO_DAYS_Q = "How many days ago was your last cancer treatment"
IMMUNE_Q = "Do you take any medicine that weakens the immune system?"
STEROID_Q = "Have you taken steroid tablets or injections every day for more than 2 weeks?"
AGE_Q = "How old is the person who is unwell?"
TEMPERATURE_Q = "Have you taken your temperature today?"
FEVERISH_Q = "Do you feel hot, sweaty or shivery, or think you have a temperature?"
FEVER_HOURS_Q = "How many hours has your temperature been"
ANC_Q = "What is your neutrophil count?"
WBC_Q = "Do you have a full blood count"
COUNT_DAYS_Q = "When was this blood test taken?"
SYMPTOMS_Q = "Do you have any of these?"
MEDICATIONS_Q = "Which other medicines do you take?"
PURPOSE_Q = "What do you take methotrexate for?"
SUMMARY = "Here are your answers"
EMERGENCY = "!!  GET CARE NOW  !!"
CONTINUE = "Continue answering? (yes / no)"
UNSURE_ENTRY = "if you have had cancer treatment in the last six weeks"

# The answers up to the temperature for an adult (54) or an unknown age (skip) with no
# cancer treatment and no immune-weakening medicine: warning signs, treatment, medicines.
BEFORE_TEMPERATURE = ("0", "no", "no", "54")
BEFORE_TEMPERATURE_NO_AGE = ("0", "no", "no", "skip")
# ... and up to the neutrophil count, with no temperature taken and no feverish feeling.
BEFORE_COUNT = (*BEFORE_TEMPERATURE_NO_AGE, "no", "no")


def run(
    *answers: str, explain: bool = False, interrupt_after: int | None = None
) -> tuple[Outcome, str]:
    """Run the interview with scripted answers; the end of the list is the end of input.
    Returns the outcome and everything said, prompts and answers included."""
    pending = list(answers)
    said: list[str] = []
    asked = 0

    def ask(prompt: str) -> str:
        nonlocal asked
        if interrupt_after is not None and asked == interrupt_after:
            raise KeyboardInterrupt
        if not pending:
            raise EOFError
        asked += 1
        answer = pending.pop(0)
        said.append(prompt + answer)
        return answer

    outcome = Interview(ask, said.append, explain=explain, assessor=ASSESSOR).run()
    return outcome, "\n".join(said)


def says(text: str, needle: str) -> bool:
    """``needle`` was said, whatever the line wrapping."""
    return " ".join(needle.split()) in " ".join(text.split())


def run_all(*answers: str) -> tuple[Outcome, str]:
    """As :func:`run`, and every answer must have been used to reach a result."""
    outcome, text = run(*answers)
    assert outcome.status == "result", text
    assert text.count("\n> ") + text.startswith("> ") == len(answers), text
    return outcome, text


def invoke(answers: list[str], *args: str) -> Any:
    return CliRunner().invoke(
        cli, ["interview", *args], input="".join(a + "\n" for a in answers),
        catch_exceptions=False,
    )  # fmt: skip


# --- One scenario per triage level ---------------------------------------------------------

# Warning signs, cancer treatment (and its days), immune-weakening medicines, age,
# temperature (and fever hours), count (and when it was taken), symptoms, conditions,
# other medicines, then the questions a low count needs; yes at the summary.
ROUTINE = ["0", "no", "no", "54", "36.8", "1800", "today", "0", "none", "none", "yes"]
SOON = ["0", "no", "no", "40", "no", "no", "700", "today", "0", "lupus", "none", "don't know",
        "yes"]  # fmt: skip
URGENT = ["0", "no", "no", "skip", "no", "no", "0.45", "yes", "today", "0", "none",
          "Clozaril 100 mg at night", "5", "yes"]  # fmt: skip
# The fever after recent treatment is announced at the temperature; "yes" goes on.
EMERGENCY_CONTINUED = ["0", "yes", "10", "no", "60", "38.4", "yes", "2", "800", "today", "0",
                       "none", "none", "no", "yes"]  # fmt: skip

LEVELS = [
    pytest.param(
        ROUTINE, "routine",
        {"anc": 1800, "anc_unit": "cells/uL", "temperature": 36.8, "temperature_unit": "C",
         "days_since_count": 0, "age": 54},
        id="routine-normal-count",
    ),
    pytest.param(
        SOON, "soon",
        {"anc": 700, "anc_unit": "cells/uL", "days_since_count": 0, "conditions": ["lupus"],
         "age": 40},
        id="soon-moderate-count-lupus",
    ),
    pytest.param(
        URGENT, "urgent",
        {"anc": 0.45, "anc_unit": "10^9/L", "neutropenia_days": 5, "days_since_count": 0,
         "medications": ["Clozaril 100 mg at night"]},
        id="urgent-severe-count-clozapine",
    ),
    pytest.param(
        EMERGENCY_CONTINUED, "emergency",
        {"anc": 800, "anc_unit": "cells/uL", "temperature": 38.4, "temperature_unit": "C",
         "fever_hours": 2, "days_since_count": 0, "days_since_chemo": 10,
         "conditions": ["chemotherapy"], "duffy_null": False, "age": 60},
        id="emergency-fever-low-count-chemo",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("answers", "level", "case"), LEVELS)
def test_library_run_reaches_each_triage_level(
    answers: list[str], level: str, case: dict[str, Any]
) -> None:
    outcome, text = run_all(*answers)
    assert outcome.case == case
    assert outcome.assessment is not None
    assert outcome.assessment.triage == level
    assert outcome.exit_code == 0
    # The result is exactly the text rendering of `triage assess` for the same case.
    expected = triage.render.render_text(triage.assess(case))
    assert text.endswith(expected.rstrip("\n"))


@pytest.mark.parametrize(("answers", "level", "case"), LEVELS)
def test_cli_run_reaches_each_triage_level(
    answers: list[str], level: str, case: dict[str, Any]
) -> None:
    result = invoke(answers)
    assert result.exit_code == 0, result.output
    headline = triage.knowledge.load_knowledge().action(level).headline
    assert "Your result:" in result.output
    assert headline in result.output.split("Your result:")[1]
    assert "Traceback" not in result.output


@pytest.mark.parametrize(("answers", "level", "case"), LEVELS)
def test_saved_case_reproduces_the_assessment_exactly(
    answers: list[str], level: str, case: dict[str, Any], tmp_path: Path
) -> None:
    saved = tmp_path / "case.json"
    result = invoke(answers, "--save", str(saved))
    assert result.exit_code == 0, result.output
    assert f"Your answers are saved in {saved}" in result.output
    assert json.loads(saved.read_text(encoding="utf-8")) == case

    again = CliRunner().invoke(
        cli, ["assess", "--case", str(saved), "--format", "json"], catch_exceptions=False
    )
    assert again.exit_code == 0
    outcome, _ = run_all(*answers)
    assert outcome.assessment is not None
    assert json.loads(again.output) == outcome.assessment.model_dump(mode="json")


def test_save_to_a_missing_folder_is_a_usage_error_before_any_question(tmp_path: Path) -> None:
    result = CliRunner().invoke(
        cli, ["interview", "--save", str(tmp_path / "no-such-folder" / "case.json")], input="0\n"
    )
    assert result.exit_code == 2
    assert "does not exist" in result.output
    assert RED_FLAGS_Q not in result.output


def test_stopping_early_at_an_emergency_still_saves(tmp_path: Path) -> None:
    saved = tmp_path / "case.json"
    result = invoke(["1", "no"], "--save", str(saved))
    assert result.exit_code == 0
    assert json.loads(saved.read_text(encoding="utf-8")) == {"symptoms": ["trouble_breathing"]}


def test_explain_passes_through_to_the_renderer() -> None:
    outcome, text = run(*ROUTINE, explain=True)
    assert outcome.assessment is not None
    assert text.endswith(triage.render.render_text(outcome.assessment, explain=True).rstrip())
    assert "T0" in text.split("Your result:")[1]
    result = invoke(ROUTINE, "--explain")
    expected = triage.render.render_text(triage.assess(outcome.case), explain=True)
    assert result.output.endswith(expected)


def test_no_rule_ids_reach_the_patient_without_why_or_explain() -> None:
    ids = {meta.id for meta in rule_catalogue()}
    for answers in (ROUTINE, SOON, URGENT, EMERGENCY_CONTINUED):
        _, text = run_all(*answers)
        shown = set(re.findall(r"\b[A-Z]{1,3}\d{1,2}\b", text)) & ids
        assert shown == set(), shown


# --- The emergency short-circuit ------------------------------------------------------------


def test_emergency_is_announced_right_after_the_red_flag_answer() -> None:
    outcome, text = run("1")
    assert outcome.status == "end_of_input"
    after_answer = text.split("> 1\n", 1)[1]
    assert after_answer.index("Noted: trouble breathing.") < after_answer.index(EMERGENCY)
    assert after_answer.index(EMERGENCY) < after_answer.index(CONTINUE)
    # Trouble breathing: emergency services come first (clinical-rules §10).
    assert "Call emergency services now" in after_answer
    assert "Why: trouble breathing needs care now." in after_answer
    assert CHEMO_Q not in text  # the next question did not come first


def test_stopping_after_an_emergency_shows_the_result_so_far() -> None:
    outcome, text = run_all("3,7", "no")
    assert outcome.case == {"symptoms": ["fainting", "mottled_skin"]}
    assert outcome.assessment is not None
    assert outcome.assessment.triage == "emergency"
    assert CHEMO_Q not in text and SUMMARY not in text
    assert text.count(EMERGENCY) == 2  # the announcement, then the result


def test_continuing_after_an_emergency_asks_the_next_questions() -> None:
    outcome, text = run("shaking chills", "yes", "no")
    assert text.index(EMERGENCY) < text.index(CHEMO_Q)  # the next question, in order
    assert outcome.case == {"symptoms": ["shaking_chills"]}


def test_emergency_from_fever_after_treatment_is_announced_after_the_temperature() -> None:
    # Cancer treatment is asked before the temperature: the fever completes E2 at once.
    _, text = run("0", "yes", "3", "no", "skip", "38.5")
    before, after = text.split("> 38.5\n", 1)
    assert CHEMO_Q in before and EMERGENCY not in before
    assert says(after, "Why: fever after recent anticancer treatment, whatever the count")
    assert after.index(EMERGENCY) < after.index(CONTINUE)


def test_borderline_temperature_after_treatment_is_an_emergency_for_an_adult() -> None:
    outcome, text = run("0", "yes", "5", "no", "54", "37.6")
    after = text.split("> 37.6\n", 1)[1]
    assert after.index(EMERGENCY) < after.index(CONTINUE)
    assert says(after, "Why: a temperature of 37.5 °C (99.5 °F) to under 38.0 °C (100.4 °F) "
                "after recent anticancer treatment.")  # fmt: skip
    assert outcome.case["temperature"] == 37.6


def test_borderline_temperature_alone_is_not_announced_for_a_child_after_treatment() -> None:
    # A well child at 37.6 °C after treatment: measure again in an hour (U11), not E7.
    _, text = run("0", "yes", "5", "no", "10", "37.6")
    assert EMERGENCY not in text
    assert says(text, "measure again in one hour")


def test_emergency_is_announced_once_while_it_stays_an_emergency() -> None:
    # Trouble breathing, then recent treatment and a fever: still the same emergency.
    _, text = run("1", "yes", "yes", "3", "no", "60", "38.9", "2")
    assert FEVER_HOURS_Q in text  # the fever was answered while the emergency stood
    assert text.count(EMERGENCY) == 2  # announced once, repeated once at the early stop


def test_end_of_input_after_an_emergency_repeats_what_to_do() -> None:
    result = invoke(["1"])
    assert result.exit_code == 1
    assert "No more answers: stopped before the questions were finished." in result.output
    assert "Your answers so far already mean this:" in result.output
    assert result.output.count(EMERGENCY) == 2
    assert result.output.rstrip().endswith("help at once if you feel very unwell.")


@pytest.mark.parametrize(
    "stop",
    [
        pytest.param({}, id="end-of-input"),
        pytest.param({"interrupt_after": 8}, id="ctrl-c"),
        pytest.param({"quit": True}, id="quit"),
    ],
)
def test_every_early_stop_shows_an_urgent_level_with_the_disclaimer(stop) -> None:
    # Fever with an unknown count already means urgent (U2) before the questions end.
    answers = [*BEFORE_TEMPERATURE, "38.4", "2", "don't know", "no"]
    if stop.get("quit"):
        answers.append("quit")
    outcome, text = run(*answers, interrupt_after=stop.get("interrupt_after"))
    assert outcome.assessment is None
    after = text.split("Your answers so far already mean this:", 1)[1]
    assert after.lstrip().startswith(">> Contact a provider today\nCall your doctor or care team "
                                     "today.")  # fmt: skip
    assert "Get care now if:" in after
    assert text.rstrip().endswith("help at once if you feel very unwell.")


@pytest.mark.parametrize(
    "stop",
    [
        pytest.param({}, id="end-of-input"),
        pytest.param({"interrupt_after": 7}, id="ctrl-c"),
        pytest.param({"quit": True}, id="quit"),
    ],
)
def test_every_early_stop_below_urgent_says_what_to_check_with_the_disclaimer(stop) -> None:
    # Issue 20: after a count of 800 (below urgent with no temperature yet), every way
    # out shows the answers so far: the action, the safety net, the disclaimer.
    answers = [*BEFORE_COUNT, "800"]
    if stop.get("quit"):
        answers.append("quit")
    outcome, text = run(*answers, interrupt_after=stop.get("interrupt_after"))
    assert outcome.assessment is None  # no result: nothing is saved
    after = text.split("This is not a full result", 1)[1]
    assert ">> See a provider within a few days\n" in after
    assert "Check now: take your temperature and watch for the signs below." in after
    assert "Get care now if:" in after
    assert text.rstrip().endswith("help at once if you feel very unwell.")
    assert "No result" not in text


def test_an_early_stop_with_nothing_to_assess_says_what_to_check() -> None:
    outcome, text = run("0", "quit")
    assert outcome.status == "quit"
    after = text.split("You stopped the questions.", 1)[1]
    assert "No result: there are not enough answers to give one." in after
    assert "Check now: take your temperature" in after
    assert "Get care now if you have trouble breathing" in after
    assert text.rstrip().endswith("help at once if you feel very unwell.")


# --- Commands at any prompt -----------------------------------------------------------------


def test_back_goes_to_the_previous_question_and_restores_its_answers() -> None:
    outcome, text = run_all(
        "0", "no", "no", "30", "38.4", "back", "no", "no", "800", "today", "0", "none", "none",
        "no", "yes",
    )  # fmt: skip
    assert text.count(TEMPERATURE_Q) == 2
    assert text.count(FEVER_HOURS_Q) == 1  # asked for 38.4, not after the answer "no"
    assert outcome.case == {"anc": 800, "anc_unit": "cells/uL", "days_since_count": 0,
                            "duffy_null": False, "age": 30}  # fmt: skip


def test_back_at_the_first_question_says_so() -> None:
    _, text = run("back")
    assert "This is the first question." in text


def test_back_at_the_emergency_prompt_undoes_the_answer() -> None:
    outcome, text = run_all("1", "back", *BEFORE_COUNT, "1800", "today", "0", "none", "none", "yes")
    assert text.count(RED_FLAGS_Q) == 2
    assert outcome.case == {"anc": 1800, "anc_unit": "cells/uL", "days_since_count": 0}
    assert outcome.assessment is not None and outcome.assessment.triage == "routine"


def test_back_from_the_summary_asks_the_last_question_again() -> None:
    # The last question of ROUTINE is the other medicines.
    outcome, text = run_all(*ROUTINE[:-1], "back", "Tegretol 200 mg", "yes")
    assert text.count(MEDICATIONS_Q) == 2
    assert outcome.case["medications"] == ["Tegretol 200 mg"]


@pytest.mark.parametrize(
    ("answers", "rule_lines"),
    [
        pytest.param(["why"], ["E5   triage: emergency, when: any emergency symptom",
                               "E6   triage: emergency, when: feeling generally unwell or a fast"],
                     id="red-flags"),
        pytest.param(
            ["0", "why"],
            ["E2   triage: emergency, when: fever (or possible fever) and recent",
             "E7   triage: emergency, when: borderline temperature"],
            id="cancer-treatment",
        ),
        pytest.param(
            [*BEFORE_COUNT, "why"],
            ["E1   triage: emergency, when: fever (or possible fever) and ANC below",
             "U2   triage: urgent, when: fever (or possible fever) and ANC unknown"],
            id="anc",
        ),
        pytest.param(
            [*BEFORE_TEMPERATURE, "38.4", "why"],
            ["N4   finding: sustained fever, when: temperature at or above 38.0 °C"],
            id="fever-hours",
        ),
    ],
)  # fmt: skip
def test_why_names_the_rules_that_need_the_answer(
    answers: list[str], rule_lines: list[str]
) -> None:
    _, text = run(*answers)
    said = text.split("> why", 1)[1]
    assert said.startswith("\nYour answer is used by these rules:")
    for line in rule_lines:
        assert line in said


def test_why_for_age_names_the_rules_for_babies_and_children() -> None:
    # The revision gives age triage rules: a fever under 3 months (E10), a child's
    # borderline temperature after treatment (E7, U11).
    age = next(q for q in QUESTIONS if q.key == "age")
    said = why_text(age)
    assert said.startswith("Your answer is used by these rules:")
    assert says(said, "E10  triage: emergency, when: fever (or possible fever) and under 3 months")
    assert says(said, "U11  triage: urgent, when: a child (under 16)")


def test_question_mark_explains_the_question_and_its_answers() -> None:
    outcome, text = run("?", "0")
    help_shown = text.split("> ?", 1)[1].split("> 0", 1)[0]
    assert says(help_shown, "These signs can mean a serious infection")
    assert says(help_shown, "Answers I understand:")
    assert says(help_shown, "or 0 or none for none of these.")
    assert outcome.status == "end_of_input"


def test_question_mark_at_conditions_lists_every_known_condition() -> None:
    _, text = run(*BEFORE_COUNT, "don't know", "no", "0", "?")
    assert text.split("> ?", 1)[0].rstrip().endswith("Example: rheumatoid arthritis, low B12")
    help_shown = text.split("> ?", 1)[1]
    for condition in triage.knowledge.load_knowledge().conditions:
        assert says(help_shown, condition.label)


def test_quit_leaves_cleanly_with_exit_code_0() -> None:
    result = invoke(["0", "quit"])
    assert result.exit_code == 0
    assert "You stopped the questions. Nothing was saved." in result.output
    assert "Your result" not in result.output


def test_quit_with_save_writes_nothing(tmp_path: Path) -> None:
    saved = tmp_path / "case.json"
    result = invoke(["1", "yes", "quit"], "--save", str(saved))
    assert result.exit_code == 0
    assert not saved.exists()
    assert "Your answers so far already mean this:" in result.output


@pytest.mark.parametrize(
    "answers", [[], ["0"], ["0", "yes"], [*BEFORE_TEMPERATURE, "38.4"], [*BEFORE_COUNT, "50"]]
)
def test_end_of_input_mid_way_exits_1_without_a_traceback(answers: list[str]) -> None:
    result = invoke(answers)
    assert result.exit_code == 1
    assert "No more answers: stopped before the questions were finished." in result.output
    assert "Traceback" not in result.output


def test_ctrl_c_stops_cleanly() -> None:
    outcome, text = run(*BEFORE_TEMPERATURE, "38.4", interrupt_after=5)
    assert outcome.status == "interrupted"
    assert outcome.exit_code == 1
    assert "Stopped. Nothing was saved." in text
    # A fever with an unknown count already means urgent (U2): said on the way out.
    assert "Your answers so far already mean this:" in text


# --- Invalid answers are asked again, with the reason ------------------------------------------


@pytest.mark.parametrize(
    ("answers", "reason"),
    [
        pytest.param([""], "I did not get an answer. Please try again", id="empty"),
        pytest.param(["10"], "There is no number 10 in the list. Use 1 to 9, or 0 for none",
                     id="number-not-in-list"),
        pytest.param(["0,2"], "0 means none of these, so it cannot go with other answers",
                     id="none-with-others"),
        pytest.param(["headache"], 'I do not know the symptom "headache".',
                     id="unknown-symptom"),
        pytest.param(["0", "sometimes"], "I need yes or no here", id="treatment-yes-no"),
        pytest.param(["0", "yes", "1.5 weeks"], "I need a whole number of days",
                     id="days-not-whole"),
        pytest.param(["0", "no", "yes"], "Which ones? Type their names, separated by commas.",
                     id="medicines-bare-yes"),
        pytest.param(["0", "no", "no", "2.5 months"], "I need the age in whole months",
                     id="age-months-not-whole"),
        pytest.param(["0", "no", "no", "130"], "I need your age in whole years (0 to 120)",
                     id="age-range"),
        pytest.param([*BEFORE_TEMPERATURE, "warm"], "I need your temperature as a number, like "
                     "38.4", id="temperature-not-a-number"),
        pytest.param([*BEFORE_TEMPERATURE, "150"], "150 is not a body temperature.",
                     id="temperature-range"),
        pytest.param([*BEFORE_COUNT, "45%"], "That looks like a percentage (%).",
                     id="anc-percentage"),
        pytest.param([*BEFORE_COUNT, "800 bananas/uL"], 'I do not know the unit "bananas/uL"',
                     id="anc-unknown-unit"),
        pytest.param([*BEFORE_COUNT, "200000"], "outside the plausible range",
                     id="anc-implausible"),
        pytest.param([*BEFORE_COUNT, "50", "don't know"], "I need an answer to this one",
                     id="unit-cannot-be-skipped"),
        pytest.param([*BEFORE_COUNT, "no", "2", "60", "50"],
                     "add up to more than 100 %", id="segs-plus-bands-over-100"),
        pytest.param([*BEFORE_COUNT, "1800", "next week"], "I need the number of days as a "
                     "number", id="count-days-not-a-number"),
        pytest.param([*BEFORE_COUNT, "no", "no", "0", "purple disease"],
                     'I do not know the condition "purple disease".', id="unknown-condition"),
    ],
)  # fmt: skip
def test_invalid_answers_are_asked_again_with_the_reason(answers: list[str], reason: str) -> None:
    outcome, text = run(*answers)
    assert says(text, reason)
    assert says(text, "Please try again, or type ? for help.")
    assert outcome.status == "end_of_input"  # asked again: waiting for a better answer


def test_unknown_symptom_suggests_known_words_then_accepts_a_fix() -> None:
    outcome, text = run("trubble breathng", "trouble breathing", "no")
    assert says(text, 'I do not know the symptom "trubble breathng". Did you mean: trouble '
                "breathing")  # fmt: skip
    assert outcome.case == {"symptoms": ["trouble_breathing"]}


def test_fever_typed_as_a_symptom_is_a_possible_fever() -> None:
    outcome, text = run("fever")
    assert says(text, "Noted: feeling hot, sweaty or shivery (feverish).")
    assert outcome.case == {"symptoms": ["feels_feverish"]}


def test_no_thermometer_asks_whether_the_person_feels_feverish() -> None:
    outcome, text = run("0", "yes", "3", "no", "54", "no", "yes")
    assert says(text, FEVERISH_Q)
    assert says(text, "Noted: you feel feverish. With no reading, this counts as a possible fever.")
    # A possible fever three days after treatment: get care now (E2), said at once.
    assert outcome.case["symptoms"] == ["feels_feverish"]
    before, after = text.split(FEVERISH_Q, 1)
    assert EMERGENCY not in before
    assert after.index(EMERGENCY) < after.index(CONTINUE)
    assert says(after, "after recent anticancer treatment, whatever the count")


def test_feeling_unwell_is_asked_early_and_is_an_emergency_after_chemotherapy() -> None:
    outcome, text = run("8", "yes")
    first_list = text.split(RED_FLAGS_Q, 1)[1].split("> 8", 1)[0]
    assert "8. feeling generally unwell" in first_list
    # Announced at the treatment answer, the question right after the warning signs.
    after = text.split(CHEMO_Q, 1)[1]
    assert after.index(EMERGENCY) < after.index(CONTINUE)
    assert says(after, "Why: feeling unwell or a racing heart in someone at risk of neutropenic "
                "sepsis, whatever the temperature and the count.")  # fmt: skip
    assert outcome.case == {"symptoms": ["feeling_unwell"], "conditions": ["chemotherapy"]}


def test_a_racing_heart_is_in_the_first_checklist_and_an_emergency_after_treatment() -> None:
    outcome, text = run("9", "yes")
    first_list = text.split(RED_FLAGS_Q, 1)[1].split("> 9", 1)[0]
    assert "8. feeling generally unwell\n  9. a racing or fast heartbeat\n  0. none of these" in (
        first_list)  # fmt: skip
    after = text.split(CHEMO_Q, 1)[1]
    assert after.index(EMERGENCY) < after.index(CONTINUE)
    assert says(after, "Why: feeling unwell or a racing heart in someone at risk of neutropenic "
                "sepsis, whatever the temperature and the count.")  # fmt: skip
    assert outcome.case == {"symptoms": ["fast_heartbeat"], "conditions": ["chemotherapy"]}


def test_feeling_unwell_without_a_risk_is_not_an_emergency() -> None:
    _, text = run("8", "no", "no", "54")
    assert EMERGENCY not in text
    assert TEMPERATURE_Q in text


@pytest.mark.parametrize(
    ("answer", "symptoms"),
    [pytest.param("yes", ["fainting"], id="confirmed"), pytest.param("no", [], id="declined")],
)
def test_a_vague_word_is_confirmed_with_one_yes_no_question(answer, symptoms) -> None:
    outcome, text = run("lightheaded", answer, "no")
    assert says(text, 'You wrote "lightheaded". Do you mean fainting or nearly fainting?')
    assert outcome.case.get("symptoms", []) == symptoms
    assert (EMERGENCY in text) is (answer == "yes")


# --- Units --------------------------------------------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "asked", "anc"),
    [
        pytest.param(["50", "1"], "Is your count 50 cells per microlitre, or 50 thousand?",
                     {"anc": 50, "anc_unit": "cells/uL"}, id="50-cells"),
        pytest.param(["2", "2"], "Is your count 2 cells per microlitre, or 2 thousand?",
                     {"anc": 2, "anc_unit": "10^9/L"}, id="2-thousand"),
        pytest.param(["2", "K/uL"], "Is your count 2 cells per microlitre, or 2 thousand?",
                     {"anc": 2, "anc_unit": "10^9/L"}, id="2-unit-as-written"),
        pytest.param(["0.8", "yes"],
                     "0.8 means 0.8 ×10⁹/L, which is 800 cells per microlitre. Is that right?",
                     {"anc": 0.8, "anc_unit": "10^9/L"}, id="0.8-confirmed"),
        # rev. §1: 0.8 cells/µL is no count (a unit or separator slip): refused, asked again
        pytest.param(["0.8", "no", "1"], "is not a whole count", {},
                     id="0.8-not-confirmed-cells-refused"),
        pytest.param(["0.8 K/uL"], None, {"anc": 0.8, "anc_unit": "10^9/L"},
                     id="unit-given-no-question"),
        pytest.param(["1,200"], None, {"anc": 1200, "anc_unit": "cells/uL"},
                     id="thousands-comma-no-question"),
        pytest.param(["0"], None, {"anc": 0, "anc_unit": "cells/uL"}, id="zero-no-question"),
    ],
)  # fmt: skip
def test_ambiguous_anc_gets_its_unit_asked_or_confirmed(
    answers: list[str], asked: str | None, anc: dict[str, Any]
) -> None:
    outcome, text = run(*BEFORE_COUNT, *answers)
    if asked is None:
        assert "cells per microlitre, or" not in text and "Is that right?" not in text
    else:
        assert says(text, asked)
    assert outcome.case == anc


def test_anc_that_is_really_a_percentage_leads_to_the_full_blood_count() -> None:
    outcome, text = run(*BEFORE_COUNT, "45", "3", "2.0", "14.8", "5")
    assert "That is the neutrophil percentage, not the count." in text
    assert WBC_Q in text
    assert outcome.case == {"wbc": 2, "wbc_unit": "10^9/L", "neutrophil_pct": 14.8, "band_pct": 5}


def test_full_blood_count_gives_the_anc_and_its_follow_up_questions() -> None:
    outcome, text = run_all(
        *BEFORE_COUNT, "don't know", "2.0", "14.8", "5", "yesterday", "0", "none", "none", "10",
        "yes",
    )  # fmt: skip
    assert outcome.assessment is not None
    assert outcome.assessment.anc_cells_per_ul == 396  # clinical-rules.md §1 example
    assert outcome.case["neutropenia_days"] == 10
    # A computed count is a count: when the test was taken is asked too.
    assert text.count(COUNT_DAYS_Q) == 1
    assert outcome.case["days_since_count"] == 1


@pytest.mark.parametrize(
    ("reading", "extra", "temperature"),
    [
        pytest.param("38.4", [], (38.4, "C"), id="celsius-obvious"),
        pytest.param("101.1", [], (101.1, "F"), id="fahrenheit-obvious"),
        pytest.param("38,4", [], (38.4, "C"), id="decimal-comma"),
        pytest.param("99 F", [], (99, "F"), id="unit-given"),
        pytest.param("101.1°", [], (101.1, "F"), id="degree-sign-only"),
        pytest.param("38.4 degrees", [], (38.4, "C"), id="degrees-only"),
        pytest.param("36.2", [], (36.2, "C"), id="low-celsius-only-one-reading"),
        pytest.param("96", [], (96, "F"), id="low-fahrenheit-only-one-reading"),
        pytest.param("Temp 38.4 C", [], (38.4, "C"), id="printout-label"),
    ],
)
def test_temperature_unit_is_asked_only_when_both_readings_could_be(
    reading: str, extra: list[str], temperature: tuple[float, str]
) -> None:
    # °C 30-45 and °F 86-113 do not overlap: a bare reading is never asked about.
    outcome, text = run(*BEFORE_TEMPERATURE_NO_AGE, reading, *extra)
    assert "in °C (Celsius) or °F (Fahrenheit)?" not in text
    assert (outcome.case["temperature"], outcome.case["temperature_unit"]) == temperature


@pytest.mark.parametrize(
    ("reading", "noted"),
    [
        pytest.param("36.2", "Noted: 36.2 °C.", id="celsius"),
        pytest.param("96", "Noted: 96 °F (35.6 °C).", id="fahrenheit"),
    ],
)
def test_a_low_reading_is_echoed_with_the_unit_it_was_read_in(reading: str, noted: str) -> None:
    _, text = run(*BEFORE_TEMPERATURE, reading)
    assert f"> {reading}\n{noted}\n" in text


def test_anc_unit_need_follows_clinical_rules() -> None:
    assert [anc_unit_need(v) for v in (0, 100, 1500, 0.8, 29.5, 50, 2, 30.5)] == [
        "none", "none", "none", "confirm", "confirm", "ask", "ask", "ask",
    ]  # fmt: skip


# --- Only relevant questions ----------------------------------------------------------------


def test_fever_details_only_with_a_fever_reading() -> None:
    _, with_fever = run(*BEFORE_TEMPERATURE, "38.0")
    _, without = run(*BEFORE_TEMPERATURE, "37.5")
    assert FEVER_HOURS_Q in with_fever
    assert FEVER_HOURS_Q not in without


def test_chemotherapy_timing_only_when_on_chemotherapy() -> None:
    _, yes = run("0", "yes", "10")
    _, no = run("0", "no", "no")
    _, unsure = run("0", "not sure", "no")
    assert CHEMO_DAYS_Q in yes
    assert CHEMO_DAYS_Q not in no and CHEMO_DAYS_Q not in unsure
    assert IMMUNE_Q in no and IMMUNE_Q in unsure  # the next question instead


def test_full_blood_count_only_when_the_anc_is_not_known() -> None:
    _, known = run(*BEFORE_COUNT, "800")
    _, unknown = run(*BEFORE_COUNT, "don't know")
    assert WBC_Q not in known
    assert WBC_Q in unknown


def asked_keys(*answers: str) -> list[str]:
    """The keys of the questions asked, in order, as the session gives them."""
    session = Session(assessor=ASSESSOR)
    keys = [session.step.key]
    for answer in answers:
        step = session.answer(answer)
        if step.kind == "question" and not step.again:
            keys.append(step.key)
    return keys


def test_the_questions_are_in_the_revised_order() -> None:
    assert [q.key for q in QUESTIONS] == [
        "red_flags", "on_chemo", "days_since_chemo", "immune_medicines", "steroid_course", "age",
        "temperature", "temperature_unit", "feverish", "fever_hours",
        "anc", "anc_confirm", "anc_unit", "wbc", "wbc_unit", "neutrophil_pct", "band_pct",
        "count_days", "symptoms", "conditions", "medications", "steroid_course_later", "purpose",
        "neutropenia_days", "duffy_null",
    ]  # fmt: skip


def test_cancer_treatment_is_asked_right_after_the_warning_signs_before_the_temperature() -> None:
    _, text = run(*ROUTINE)
    order = [RED_FLAGS_Q, CHEMO_Q, IMMUNE_Q, AGE_Q, TEMPERATURE_Q, ANC_Q, COUNT_DAYS_Q,
             SYMPTOMS_Q, MEDICATIONS_Q, SUMMARY]  # fmt: skip
    positions = [text.index(question) for question in order]
    assert positions == sorted(positions)


def test_a_run_asks_each_question_that_applies_once_in_order() -> None:
    # Recent treatment, a steroid tablet, a computed severe count.
    treated = asked_keys(
        "0", "yes", "10", "prednisolone 5 mg", "no", "54", "37.0", "don't know", "2.0", "14.8",
        "5", "today", "0", "none", "none", "10",
    )  # fmt: skip
    assert treated == [
        "red_flags", "on_chemo", "days_since_chemo", "immune_medicines", "steroid_course",
        "age", "temperature", "anc", "wbc", "neutrophil_pct", "band_pct", "count_days",
        "symptoms", "conditions", "medications", "neutropenia_days",
    ]  # fmt: skip
    # No treatment, no thermometer, a confirmed moderate count, a steroid and a dual-use
    # medicine named only among the other medicines.
    untreated = asked_keys(
        *BEFORE_COUNT, "0.8", "yes", "today", "0", "none", "prednisolone 5 mg, methotrexate",
        "no", "rheumatoid arthritis", "no",
    )  # fmt: skip
    assert untreated == [
        "red_flags", "on_chemo", "immune_medicines", "age", "temperature", "feverish", "anc",
        "anc_confirm", "count_days", "symptoms", "conditions", "medications",
        "steroid_course_later", "purpose", "duffy_null",
    ]  # fmt: skip


# --- When the count was taken ----------------------------------------------------------------


def test_when_the_count_was_taken_is_asked_only_when_a_count_is_known() -> None:
    _, known = run(*BEFORE_COUNT, "1800")
    _, unknown = run(*BEFORE_COUNT, "don't know", "no")
    _, pending = run(*BEFORE_COUNT, "50")  # its unit is asked first
    assert COUNT_DAYS_Q in known
    assert COUNT_DAYS_Q not in unknown and COUNT_DAYS_Q not in pending


def test_an_old_count_after_treatment_is_noted_and_still_raises_the_level() -> None:
    # ANC 1,800 five days ago, ten days after treatment, with a cough: the count may have
    # fallen since, so it counts as not current (U5: urgent), not as a normal count (S6).
    answers = ["0", "yes", "10", "no", "54", "37.0", "1800", "{when}", "8", "none", "none", "yes"]
    old, text = run_all(*[a.format(when="5 days ago") for a in answers])
    new, _ = run_all(*[a.format(when="today") for a in answers])
    assert says(text, "Noted: the test was taken 5 days ago. The count may have changed since: "
                "it is still used, but a new count is worth asking for.")  # fmt: skip
    assert "Blood test taken: 5 days ago" in text.split(SUMMARY)[-1]
    assert old.case["days_since_count"] == 5 and new.case["days_since_count"] == 0
    assert old.assessment is not None and new.assessment is not None
    assert old.assessment.triage == "urgent"
    assert new.assessment.triage == "soon"
    assert says(text, "1,800 cells/µL, taken 5 days ago It may have fallen since: ask for a new")
    assert "in the normal range" not in text.split("Your result:")[-1]  # rev. §1: not reassuring


def test_an_old_count_with_a_fever_keeps_the_unknown_count_level() -> None:
    # A fever with a count taken a week ago: U2 (ANC not current), as with no count.
    outcome, _ = run_all(*BEFORE_TEMPERATURE, "38.4", "2", "1800", "a week ago", "0", "none",
                         "none", "yes")  # fmt: skip
    assert outcome.case["days_since_count"] == 7
    assert outcome.assessment is not None and outcome.assessment.triage == "urgent"


# --- Immune-weakening medicines and steroids ---------------------------------------------------


@pytest.mark.parametrize(
    ("medicines", "asked"),
    [
        pytest.param("prednisolone 10 mg", True, id="steroid-tablet"),
        pytest.param("dexamethasone, tacrolimus", True, id="steroid-among-others"),
        pytest.param("no", False, id="none"),
        pytest.param("tacrolimus", False, id="not-a-steroid"),
        pytest.param("Clenil inhaler", False, id="inhaled-steroid"),
    ],
)
def test_steroid_length_is_asked_only_for_a_steroid_by_mouth(medicines: str, asked: bool) -> None:
    _, text = run("0", "no", medicines)
    assert (STEROID_Q in text) is asked
    if not asked:
        assert AGE_Q in text  # the next question instead


def test_long_term_steroids_make_feeling_unwell_an_emergency() -> None:
    outcome, text = run("8", "no", "prednisolone 10 mg", "yes")
    before, after = text.split(STEROID_Q, 1)
    assert EMERGENCY not in before
    assert after.index("Noted: steroids every day for more than 2 weeks.") < after.index(EMERGENCY)
    assert says(after, "Why: feeling unwell or a racing heart in someone at risk of neutropenic "
                "sepsis, whatever the temperature and the count.")  # fmt: skip
    assert outcome.case == {"medications": ["prednisolone 10 mg"], "steroids_long_term": True,
                            "symptoms": ["feeling_unwell"]}  # fmt: skip


def test_a_short_steroid_course_does_not_make_feeling_unwell_an_emergency() -> None:
    outcome, text = run("8", "no", "prednisolone 10 mg", "no", "54")
    assert EMERGENCY not in text
    assert TEMPERATURE_Q in text
    assert outcome.case["steroids_long_term"] is False


def test_a_steroid_named_among_the_other_medicines_is_asked_about_then() -> None:
    outcome, text = run_all(
        *BEFORE_TEMPERATURE, "36.8", "1800", "today", "0", "none", "prednisolone 30 mg", "yes",
        "yes",
    )  # fmt: skip
    assert text.index(MEDICATIONS_Q) < text.index(STEROID_Q) < text.index(SUMMARY)
    assert outcome.case["steroids_long_term"] is True
    assert "Steroids every day for 2+ weeks: yes" in text.split(SUMMARY)[-1]


# --- Age, in years or in months ---------------------------------------------------------------


def test_a_fever_in_a_baby_under_3_months_is_an_emergency() -> None:
    outcome, text = run("0", "no", "no", "2 months", "38.1")
    assert "Noted: 2 months old." in text
    after = text.split("> 38.1\n", 1)[1]
    assert after.index(EMERGENCY) < after.index(CONTINUE)
    assert "Why: fever in a baby under 3 months." in after
    assert says(after, "Take your child to the emergency department now.")
    assert outcome.case == {"temperature": 38.1, "temperature_unit": "C", "age_months": 2}


def test_a_fever_in_an_older_baby_is_not_announced_as_an_emergency() -> None:
    outcome, text = run("0", "no", "no", "5 months", "38.1")
    assert EMERGENCY not in text
    assert outcome.case["age_months"] == 5


def test_an_age_in_months_shows_in_the_summary_and_the_saved_case(tmp_path: Path) -> None:
    saved = tmp_path / "case.json"
    answers = ["0", "no", "no", "5 months", "36.8", "1800", "today", "0", "none", "none", "yes"]
    result = invoke(answers, "--save", str(saved))
    assert result.exit_code == 0, result.output
    assert "Age: 5 months" in result.output.split(SUMMARY)[-1]
    assert json.loads(saved.read_text(encoding="utf-8"))["age_months"] == 5


# --- What a dual-use medicine is for ------------------------------------------------------------


def test_what_methotrexate_is_for_is_asked_and_becomes_the_condition() -> None:
    outcome, text = run_all(
        "0", "no", "methotrexate 15 mg weekly", "54", "37.0", "1800", "today", "0", "none",
        "none", "rheumatoid arthritis", "yes",
    )  # fmt: skip
    assert text.count(PURPOSE_Q) == 1
    assert text.index(MEDICATIONS_Q) < text.index(PURPOSE_Q) < text.index(SUMMARY)
    assert "Noted: rheumatoid arthritis." in text.split(PURPOSE_Q, 1)[1]
    assert outcome.case["conditions"] == ["rheumatoid_arthritis"]
    assert outcome.case["medications"] == ["methotrexate 15 mg weekly"]


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param(["0", "no", "methotrexate", "54", "37.0", "1800", "today", "0",
                      "rheumatoid arthritis", "none"], id="condition-given"),
        pytest.param(["0", "yes", "10", "methotrexate", "54", "37.0", "1800", "today", "0",
                      "none", "none"], id="cancer-treatment"),
        pytest.param(["0", "no", "tacrolimus", "54", "37.0", "1800", "today", "0", "none",
                      "none"], id="not-dual-use"),
    ],
)  # fmt: skip
def test_what_a_medicine_is_for_is_asked_only_when_not_known(answers: list[str]) -> None:
    _, text = run(*answers)
    assert "What do you take" not in text
    assert SUMMARY in text  # the last answer led straight to the summary


# --- Not sure about cancer treatment --------------------------------------------------------


def test_not_sure_about_treatment_keeps_a_higher_safety_net_entry() -> None:
    # 37.6 °C is not a fever: without treatment no rule fires; after treatment it is E7.
    answers = ["0", "{treated}", "no", "54", "37.6", "1800", "today", "0", "none", "none", "yes"]
    unsure, text = run_all(*[a.format(treated="not sure") for a in answers])
    untreated, _ = run_all(*[a.format(treated="no") for a in answers])
    assert "Noted: you are not sure about cancer treatment in the last 6 weeks." in text
    assert unsure.assessment is not None and untreated.assessment is not None
    entries = [e for e in unsure.assessment.safety_net if e.condition == UNSURE_ENTRY]
    assert len(entries) == 1
    assert TRIAGE_RANK[entries[0].triage] > TRIAGE_RANK[unsure.assessment.triage]
    assert entries[0].triage == "emergency"
    assert says(text.split("Your result:")[1].split("Get care now if:")[1],
                "you have had cancer treatment in the last six weeks")  # fmt: skip
    assert all(e.condition != UNSURE_ENTRY for e in untreated.assessment.safety_net)
    assert "conditions" not in unsure.case  # not counted as treated: only the safety net


# --- Symptoms, conditions and medicines in everyday words ------------------------------------


def test_checklists_take_numbers_and_words() -> None:
    outcome, text = run(*BEFORE_COUNT, "1800", "today", "7 8, burning when passing urine")
    assert says(text, "Noted: a sore throat; a cough; burning when passing urine.")
    assert outcome.case["symptoms"] == ["burning_urination", "cough", "sore_throat"]


def test_checklist_words_may_hold_commas_and_numbers_may_be_joined_by_and() -> None:
    outcome, text = run(*BEFORE_COUNT, "1800", "today", "1 and 3, red, warm or swollen skin")
    assert says(text, "Noted: mouth sores or ulcers; a rash; red, warm or swollen skin.")
    assert outcome.case["symptoms"] == ["mouth_ulcers", "rash", "skin_redness"]


def test_medicines_are_recognised_or_kept_and_the_patient_is_told() -> None:
    outcome, text = run(
        *BEFORE_COUNT, "1800", "today", "0", "none", "Tegretol 200 mg, clozapene, vitamin D"
    )
    assert says(text, "I recognised: Tegretol 200 mg (carbamazepine), clozapene (read as clozapine")
    assert says(text, "Not on my list of medicines that can lower the count: vitamin D.")
    assert outcome.case["medications"] == ["Tegretol 200 mg", "clozapene", "vitamin D"]


def test_conditions_in_everyday_words() -> None:
    outcome, text = run("0", "yes", "10", "no", "skip", "no", "no", "1800", "today", "0",
                        "SLE, Crohn's")  # fmt: skip
    assert says(text, "Noted: lupus (SLE); Crohn's disease.")
    assert outcome.case["conditions"] == ["chemotherapy", "crohns_disease", "lupus"]


# --- The summary ----------------------------------------------------------------------------


def test_summary_lists_case_fields_and_a_number_changes_one() -> None:
    answers = ["0", "no", "no", "50", "38.4", "2", "1800", "today", "0", "none", "none"]
    outcome, text = run_all(*answers, "4", "37.1", "yes")
    first = text.split(SUMMARY)[1]  # in the order the questions are asked
    assert "1. Warning signs and symptoms: none reported" in first
    assert "2. Cancer treatment in the last 6 weeks: no" in first
    assert "3. Age: 50 years" in first
    assert "4. Temperature: 38.4 °C" in first
    assert "5. Fever for: 2 hours" in first
    assert "6. Neutrophil count (ANC): 1,800 cells per microlitre" in first
    assert "7. Blood test taken: today" in first
    last = text.split(SUMMARY)[-1]
    assert "4. Temperature: 37.1 °C" in last
    assert "Fever for" not in last  # no fever now, so no fever duration either
    assert outcome.case == {
        "anc": 1800, "anc_unit": "cells/uL", "temperature": 37.1, "temperature_unit": "C",
        "days_since_count": 0, "age": 50,
    }  # fmt: skip


def test_changing_a_field_to_an_emergency_is_announced() -> None:
    answers = ["0", "no", "no", "50", "no", "no", "1800", "today", "0", "none", "none"]
    outcome, text = run_all(*answers, "1", "2", "no")
    summary_onwards = text.split(SUMMARY, 1)[1]
    assert EMERGENCY in summary_onwards
    assert outcome.case["symptoms"] == ["confusion"]


def test_back_at_the_first_question_of_a_change_returns_to_the_summary() -> None:
    answers = ["0", "no", "no", "50", "no", "no", "1800", "today", "0", "none", "none"]
    outcome, text = run_all(*answers, "3", "back", "yes")
    assert text.count(SUMMARY) == 2
    assert outcome.case["anc"] == 1800


def test_a_change_that_makes_another_question_relevant_asks_it() -> None:
    answers = ["0", "no", "no", "50", "no", "no", "1800", "today", "0", "none", "none"]
    # Line 5 is the ANC: 700 makes the Duffy-null question relevant (500-1,499). The
    # count's questions are asked again, when it was taken included.
    outcome, text = run_all(*answers, "5", "700", "today", "yes", "yes")
    assert text.count(COUNT_DAYS_Q) == 2
    assert text.count("Duffy-null blood type?") == 1
    assert "Duffy-null blood type: yes" in text.split(SUMMARY)[-1]
    assert outcome.case == {"anc": 700, "anc_unit": "cells/uL", "days_since_count": 0,
                            "duffy_null": True, "age": 50}  # fmt: skip


def test_a_question_asked_again_shows_the_last_answer() -> None:
    _, text = run(*BEFORE_TEMPERATURE, "38.4", "back")
    assert text.count(TEMPERATURE_Q) == 2
    assert text.split(TEMPERATURE_Q)[2].split("\n")[2:4] == [
        "Example: 38.4 (or: 101.1 F)",
        "Your last answer was: 38.4",
    ]


def test_nothing_to_assess_ends_with_what_to_check_not_a_loop() -> None:
    outcome, text = run(*BEFORE_COUNT, "don't know", "no", "0", "none", "none", "yes")
    assert says(text, "I cannot give a result: your answers hold no temperature reading")
    assert says(text, "Check now: take your temperature and ask your care team for your latest")
    assert text.rstrip().endswith("help at once if you feel very unwell.")
    assert text.count(SUMMARY) == 1
    assert (outcome.status, outcome.exit_code, outcome.assessment) == ("nothing_to_assess", 0, None)


# --- The flow as data ---------------------------------------------------------------------------


def test_every_question_names_real_rules_and_has_an_example() -> None:
    catalogue = {meta.id for meta in rule_catalogue()}
    for question in QUESTIONS:
        assert set(question.rules) <= catalogue, question.key
        assert question.example and question.explain and question.accepted, question.key


def test_build_case_ignores_answers_whose_question_no_longer_applies() -> None:
    from triage.interview import Reading

    slots = {"temperature": None, "fever_hours": 5, "anc": Reading(800), "wbc": Reading(2.0),
             "on_chemo": False, "days_since_chemo": 3}  # fmt: skip
    assert build_case(slots) == {"anc": 800, "anc_unit": "cells/uL"}
    # When the count was taken means nothing without a count.
    assert build_case({"anc": None, "wbc": None, "count_days": 5}) == {}


def test_docs_describe_commands_exit_codes_and_save() -> None:
    text = DOCS.read_text(encoding="utf-8")
    for needle in ("`?`", "`why`", "`back`", "`quit`", "--save", "--explain", "Exit codes"):
        assert needle in text
    help_text = CliRunner().invoke(cli, ["interview", "--help"]).output
    assert "Exit codes: 0" in help_text


def test_an_internal_error_is_reported_plainly_with_exit_code_3() -> None:
    class BrokenAssessor:
        def assess(self, case: Any) -> Any:
            raise RuntimeError("engine broke")

    said: list[str] = []
    answers = iter(["1"])
    outcome = Interview(
        lambda prompt: next(answers),
        said.append,
        assessor=BrokenAssessor(),  # type: ignore[arg-type]
    ).run()
    text = "\n".join(said)
    assert outcome.status == "error" and outcome.exit_code == 3
    assert says(text, "Sorry, something went wrong inside this tool")
    assert says(text, "(For the developers: RuntimeError: engine broke)")


# --- --save: atomic, and no surprising file names --------------------------------------


@pytest.mark.parametrize(
    ("name", "problem"),
    [
        pytest.param("", "--save needs a file name", id="empty"),
        pytest.param("-", "cannot be saved to '-'", id="dash"),
        pytest.param("newdir/", "that is a folder", id="trailing-slash"),
    ],
)
def test_save_names_that_are_not_files_are_usage_errors_before_any_question(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, name: str, problem: str
) -> None:
    monkeypatch.chdir(tmp_path)
    result = CliRunner().invoke(cli, ["interview", "--save", name], input="0\n")
    assert result.exit_code == 2
    assert problem in result.output
    assert list(tmp_path.iterdir()) == []


def test_a_failed_save_keeps_the_existing_case_file_and_exits_2(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno
    import os

    saved = tmp_path / "case.json"
    saved.write_text('{"anc": 400}')

    def disk_full(*args: Any) -> None:
        raise OSError(errno.ENOSPC, "No space left on device")

    monkeypatch.setattr(os, "fsync", disk_full)
    result = invoke(["1", "no"], "--save", str(saved))
    assert result.exit_code == 2
    assert f"cannot write {saved}: No space left on device; nothing was saved" in result.output
    assert saved.read_text() == '{"anc": 400}'
    assert [p.name for p in tmp_path.iterdir()] == ["case.json"]


def test_saving_over_a_private_case_file_keeps_it_private(tmp_path: Path) -> None:
    saved = tmp_path / "case.json"
    saved.write_text("{}")
    saved.chmod(0o600)
    assert invoke(["1", "no"], "--save", str(saved)).exit_code == 0
    assert saved.stat().st_mode & 0o777 == 0o600
    assert json.loads(saved.read_text()) == {"symptoms": ["trouble_breathing"]}


def test_answers_are_echoed_without_control_characters() -> None:
    result = invoke(["\x1b[2J", "quit"])
    assert "\x1b" not in result.output
    assert "\\x1b[2J" in result.output


@pytest.mark.parametrize(
    ("reply", "symptoms", "emergency"),
    [
        pytest.param("yes", ["feels_feverish", "shaking_chills"], True, id="cannot-stop-it"),
        pytest.param("no", ["feels_feverish"], False, id="can-stop-it"),
    ],
)
def test_shivering_is_asked_once_whether_it_cannot_be_stopped(reply, symptoms, emergency) -> None:
    # clinical-rules §7 (rev.): "shivery" is a possible fever; the interview asks once
    # whether the shaking is so strong it cannot be stopped (shaking chills, E5).
    from triage.interview import Session

    session = Session(assessor=ASSESSOR)
    step = session.answer("shivery")
    assert "cannot stop it, even when warm" in step.text
    step = session.answer(reply)
    assert session.case["symptoms"] == symptoms
    assert step.emergency is emergency
