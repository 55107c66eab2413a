"""The interview's pure state machine (triage/interview/session.py), driven directly:
answers in, steps out, no ask/say. This is the API a web page uses."""

from __future__ import annotations

import dataclasses

import pytest
from conftest import ASSESSOR

from triage.interview import Session, Step
from triage.render import render_text

EMERGENCY = "!!  GET CARE NOW  !!"


def session(*answers: str) -> Session:
    return Session.replay(list(answers), assessor=ASSESSOR)


def comparable(step: Step) -> dict:
    """A step as plain data; the assessment by its JSON (two runs give equal JSON)."""
    fields = dataclasses.asdict(step)
    fields["assessment"] = (
        None if step.assessment is None else step.assessment.model_dump(mode="json")
    )
    return fields


# The order asked (rev.): warning signs, cancer treatment, immune-weakening medicines, age,
# then the temperature, the count and when it was taken, symptoms, conditions, medicines.
TO_TEMPERATURE = ["0", "no", "no", "skip"]
ROUTINE = ["0", "no", "no", "54", "37.2", "1800", "today", "0", "none", "none", "yes"]


# --- Step kinds -------------------------------------------------------------------------


def test_a_new_session_asks_the_warning_signs_checklist() -> None:
    step = Session(assessor=ASSESSOR).step
    assert (step.kind, step.key) == ("question", "red_flags")
    assert step.text == "First, warning signs. Do you have any of these right now?"
    assert step.options[0] == ("1", "trouble breathing")
    assert step.options[-1] == ("0", "none of these")
    assert step.example == "1,3 (or: 0)"
    assert step.messages[0].startswith("Neutropenia triage: a few questions")
    assert step.case == {} and not step.again and not step.emergency


@pytest.mark.parametrize(
    ("answers", "kind", "key"),
    [
        pytest.param([], "question", "red_flags", id="start"),
        pytest.param(["0"], "question", "on_chemo", id="after-checklist"),
        pytest.param(["0", "yes"], "question", "days_since_chemo", id="after-treatment"),
        pytest.param(["0", "no"], "question", "immune_medicines", id="no-treatment"),
        pytest.param(["0", "no", "prednisolone"], "question", "steroid_course", id="steroid"),
        pytest.param(["0", "no", "no"], "question", "age", id="no-immune-medicines"),
        pytest.param(TO_TEMPERATURE, "question", "temperature", id="after-age"),
        pytest.param([*TO_TEMPERATURE, "37.2", "1800"], "question", "count_days",
                     id="count-known"),
        pytest.param([*TO_TEMPERATURE, "37.2", "1800", "today"], "question", "symptoms",
                     id="after-count-date"),
        pytest.param([*TO_TEMPERATURE, "no", "no", "don't know", "no"], "question", "symptoms",
                     id="no-count-no-date"),
        pytest.param([*ROUTINE[:-2], "prednisolone 5 mg"], "question", "steroid_course_later",
                     id="steroid-named-later"),
        pytest.param(["0", "no", "methotrexate", *ROUTINE[3:-1]], "question", "purpose",
                     id="dual-use-purpose"),
        pytest.param(["lightheaded"], "confirm", "red_flags", id="vague-word"),
        pytest.param(["1"], "confirm", "continue", id="after-emergency"),
        pytest.param([*TO_TEMPERATURE, "no", "no", "50"], "question", "anc_unit",
                     id="unit-asked"),
        pytest.param(ROUTINE[:-1], "summary", "summary", id="summary"),
        pytest.param(ROUTINE, "result", "result", id="result"),
        pytest.param(["1", "no"], "result", "result", id="stop-at-emergency"),
        pytest.param(["0", "quit"], "stopped", "quit", id="quit"),
    ],
)  # fmt: skip
def test_step_kinds(answers: list[str], kind: str, key: str) -> None:
    step = session(*answers).step
    assert (step.kind, step.key) == (kind, key)
    assert step.finished is (kind in ("result", "stopped"))


def test_a_refused_answer_keeps_the_question_with_the_reason() -> None:
    live = session(*TO_TEMPERATURE)
    step = live.answer("warm")
    assert (step.kind, step.key, step.again) == ("question", "temperature", True)
    assert step.messages == (
        "I need your temperature as a number, like 38.4. Please try again, or type ?\nfor help.",
    )
    step = live.answer("38.4")
    assert step.key == "fever_hours" and not step.again
    assert step.messages == ("Noted: 38.4 °C.",)


@pytest.mark.parametrize("command", ["?", "help", "why"])
def test_help_and_why_keep_the_question(command: str) -> None:
    step = session().answer(command)
    assert (step.kind, step.key, step.again) == ("question", "red_flags", True)
    assert len(step.messages) == 1


def test_the_summary_lists_the_answers_as_options() -> None:
    step = session(*ROUTINE[:-1]).step
    assert step.options[:2] == (
        ("1", "Warning signs and symptoms: none reported"),
        ("2", "Cancer treatment in the last 6 weeks: no"),
    )


def test_the_result_is_the_assessment_and_its_text() -> None:
    step = session(*ROUTINE).step
    assert step.assessment is not None and step.assessment.triage == "routine"
    assert step.messages[-1] == render_text(step.assessment).rstrip("\n")
    assert step.case["anc"] == 1800


def test_nothing_changes_after_the_result() -> None:
    live = session(*ROUTINE)
    before = live.step
    assert live.answer("back") is before
    assert live.stop("quit") is before


# --- back ---------------------------------------------------------------------------------


def test_back_restores_the_previous_question_and_its_answers() -> None:
    live = session(*TO_TEMPERATURE, "38.4")
    assert live.case["temperature"] == 38.4
    step = live.back()
    assert (step.kind, step.key, step.last_answer) == ("question", "temperature", "38.4")
    assert "temperature" not in step.case


def test_back_at_the_first_question_says_so() -> None:
    step = session().back()
    assert step.key == "red_flags" and step.messages == ("This is the first question.",)


def test_back_at_the_emergency_prompt_undoes_the_answer() -> None:
    step = session("1").back()
    assert (step.kind, step.key) == ("question", "red_flags")
    assert step.case == {}


def test_back_from_the_summary_asks_the_last_question_again() -> None:
    step = session(*ROUTINE[:-1]).back()
    assert (step.kind, step.key) == ("question", "medications")


# --- replay -------------------------------------------------------------------------------

SCRIPTS = [
    pytest.param(ROUTINE, id="routine"),
    pytest.param(["lightheaded", "no", "0", "no", "no", "skip", "38.9", "back", "37.0", "1800"],
                 id="vague-back"),
    pytest.param(["1", "yes", "no", "no", "skip", "38.4", "2", "0.8", "yes"],
                 id="emergency-continued"),
    pytest.param([*ROUTINE[:-1], "3", "700", "today", "don't know", "yes"],
                 id="summary-change"),
    pytest.param(["?", "why", "", "9", "0", "quit"], id="commands"),
]  # fmt: skip


@pytest.mark.parametrize("answers", SCRIPTS)
def test_replay_equals_the_live_session(answers: list[str]) -> None:
    live = Session(assessor=ASSESSOR)
    for text in answers:
        live.answer(text)
    replayed = Session.replay(live.answers, assessor=ASSESSOR)
    assert replayed.answers == answers
    assert comparable(replayed.step) == comparable(live.step)
    assert replayed.case == live.case


# --- the emergency short-circuit ---------------------------------------------------------


def test_an_emergency_is_announced_at_once_with_a_continue_prompt() -> None:
    step = session().answer("1")
    assert step.emergency
    assert (step.kind, step.key, step.text) == (
        "confirm",
        "continue",
        "Continue answering? (yes / no)",
    )
    assert step.messages[0] == "Noted: trouble breathing."
    assert EMERGENCY in step.messages[1]
    assert step.case == {"symptoms": ["trouble_breathing"]}


def test_continuing_after_an_emergency_does_not_announce_it_again() -> None:
    live = session("1")
    step = live.answer("yes")
    assert (step.key, step.emergency) == ("on_chemo", False)
    for text in ("yes", "10", "no", "skip"):
        step = live.answer(text)
        assert not step.emergency and not any(EMERGENCY in m for m in step.messages)
    assert step.key == "temperature"
    step = live.answer("38.9")
    assert not step.emergency and not any(EMERGENCY in m for m in step.messages)


def test_no_at_the_emergency_prompt_gives_the_result_so_far() -> None:
    step = session("1").answer("no")
    assert step.kind == "result"
    assert step.assessment is not None and step.assessment.triage == "emergency"


def test_an_emergency_after_the_chemotherapy_answer() -> None:
    # Feeling unwell (first checklist), then recent treatment: at risk, E6.
    step = session("8").answer("yes")
    assert step.emergency and step.key == "continue"


def test_an_emergency_at_the_temperature_after_the_chemotherapy_answer() -> None:
    # Treatment is asked first now; the fever that follows it is E2 at once.
    step = session("0", "yes", "10", "no", "skip").answer("38.5")
    assert step.emergency and step.key == "continue"


# --- stop: every way out -------------------------------------------------------------------


@pytest.mark.parametrize("reason", ["quit", "end_of_input", "interrupted"])
def test_stop_shows_an_urgent_level_so_far(reason) -> None:
    # A fever with an unknown count already means urgent (U2).
    step = session(*TO_TEMPERATURE, "38.4", "2", "don't know", "no").stop(reason)
    assert (step.kind, step.key) == ("stopped", reason)
    assert step.assessment is not None and step.assessment.triage == "urgent"
    assert "Your answers so far already mean this:" in step.messages
    assert step.messages[-1].endswith("help at once if you feel very unwell.")


def test_stop_at_an_emergency_shows_it() -> None:
    step = session("1").stop("end_of_input")
    assert step.assessment is not None and step.assessment.triage == "emergency"
    assert EMERGENCY in step.messages[2]


@pytest.mark.parametrize("reason", ["quit", "end_of_input", "interrupted"])
def test_stop_below_urgent_shows_the_answers_so_far_with_what_to_check(reason) -> None:
    # Issue 20: a count of 800 and no temperature yet is below urgent, and a way out
    # still says what to check and when to get care, with the disclaimer.
    step = session("0", "no", "no", "54", "no", "no", "800").stop(reason)
    assert step.assessment is not None and step.assessment.triage == "soon"
    said = "\n".join(step.messages)
    assert "This is not a full result: the questions were not finished" in said
    assert ">> See a provider within a few days" in said
    assert "Check now: take your temperature" in said
    assert "Get care now if:" in said
    assert step.messages[-2].strip() == (
        ">> See a provider within a few days: make an appointment with your doctor or\n"
        "   care team in the next few days."
    )
    assert step.messages[-1].endswith("help at once if you feel very unwell.")
    assert "No result" not in said


@pytest.mark.parametrize("reason", ["quit", "end_of_input", "interrupted"])
def test_stop_with_nothing_to_assess_gives_the_warning_signs_and_disclaimer(reason) -> None:
    step = session("0").stop(reason)
    assert step.assessment is None
    said = " ".join(" ".join(step.messages).split())
    assert "No result: there are not enough answers to give one." in said
    assert "Check now: take your temperature and ask your care team" in said
    assert "Get care now if you have trouble breathing, become confused, faint" in said
    assert step.messages[-1].endswith("help at once if you feel very unwell.")


def test_quit_typed_at_any_prompt_stops() -> None:
    for answers in (["quit"], ["lightheaded", "quit"], ["1", "quit"], [*ROUTINE[:-1], "exit"]):
        step = session(*answers).step
        assert (step.kind, step.key) == ("stopped", "quit"), answers
