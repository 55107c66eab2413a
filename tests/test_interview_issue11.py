"""Issue 11, the interview items: each complaint as a scenario, with the exact words
where they matter. Driven through the Session (what the terminal and a web page share)."""

from __future__ import annotations

import pytest
from conftest import ASSESSOR

from triage.interview import Session
from triage.text import WIDTH
from triage.units import read_number

# The order asked (rev.): warning signs, cancer treatment, immune-weakening medicines and
# age; then the temperature (none taken, not feverish), the count and when it was taken.
TO_TEMPERATURE = ["0", "no", "no", "skip"]
TO_COUNT = [*TO_TEMPERATURE, "no", "no"]
TO_SYMPTOMS = [*TO_COUNT, "1800", "today"]  # then the second checklist
TO_CONDITIONS = [*TO_SYMPTOMS, "0"]


def replay(*answers: str) -> Session:
    return Session.replay(list(answers), assessor=ASSESSOR)


def said(session: Session) -> str:
    return " ".join(" ".join(session.step.messages).split())


# --- A suggestion can be accepted with yes (or its number) -----------------------------


@pytest.mark.parametrize(
    ("answers", "symptoms"),
    [
        pytest.param(["mouth zorbs", "yes"], ["mouth_ulcers"], id="yes-takes-it"),
        pytest.param(["mouth zorbs", "1"], ["mouth_ulcers"], id="its-list-number-takes-it"),
        pytest.param(["cough, mouth zorbs", "yes"], ["cough", "mouth_ulcers"],
                     id="the-rest-of-the-answer-is-kept"),
    ],
)  # fmt: skip
def test_a_suggestion_is_taken_with_yes_or_its_number(answers, symptoms) -> None:
    session = replay(*TO_SYMPTOMS, *answers)
    assert session.step.key == "conditions"
    assert session.case["symptoms"] == symptoms


def test_the_suggestion_says_how_to_take_it() -> None:
    session = replay(*TO_SYMPTOMS, "mouth zorbs")
    assert said(session) == (
        'I do not know the symptom "mouth zorbs". Did you mean: mouth sores or ulcers '
        "(number 1)? If so, type yes. Please try again, or type ? for help."
    )


def test_yes_without_a_suggestion_is_still_refused() -> None:
    session = replay(*TO_SYMPTOMS, "yes")
    assert 'I do not know the symptom "yes"' in said(session)


def test_several_condition_suggestions_are_numbered() -> None:
    session = replay(*TO_CONDITIONS, "cancer")
    assert "Did you mean: 1. being treated with chemotherapy now; 2. leukaemia" in said(session)
    session.answer("2")
    assert session.case["conditions"] == ["leukemia"]


# --- Known conditions outside the cause list -------------------------------------------


@pytest.mark.parametrize(
    ("answer", "conditions", "noted"),
    [
        pytest.param("epilepsy", None,
                     "Noted: epilepsy. Epilepsy itself does not change this; the medicines "
                     "for it might (such as carbamazepine): the next question asks.",
                     id="epilepsy"),
        pytest.param("asthma, lupus", ["lupus"], "Noted: asthma; lupus (SLE).",
                     id="with-a-cause"),
        pytest.param("diabetes", None, "Noted: diabetes. Diabetes itself does not change this",
                     id="diabetes"),
    ],
)  # fmt: skip
def test_a_known_condition_that_is_not_a_cause_is_noted_and_kept_out_of_the_case(
    answer, conditions, noted
) -> None:
    session = replay(*TO_CONDITIONS, answer)
    assert session.step.key == "medications"
    assert said(session).startswith(noted)
    assert session.case.get("conditions") == conditions
    summary = replay(*TO_CONDITIONS, answer, "none").step
    assert summary.kind == "summary"
    line = next(words for _, words in summary.options if words.startswith("Health conditions"))
    assert "also noted:" in line


def test_a_solid_cancer_is_a_condition_of_the_case_now() -> None:
    # rev. §6: a dual-use medicine reads it (methotrexate with breast cancer: anticancer).
    session = replay(*TO_CONDITIONS, "breast cancer, lupus")
    assert session.case.get("conditions") == ["lupus", "solid_cancer"]


def test_an_unknown_condition_is_still_refused() -> None:
    assert 'I do not know the condition "purple disease"' in said(
        replay(*TO_CONDITIONS, "purple disease")
    )


# --- The summary in plain words, with the computed count --------------------------------


def test_the_summary_uses_plain_labels_and_the_computed_count() -> None:
    session = replay(*TO_COUNT, "don't know", "2.0", "14.8", "5", "today", "0", "none", "none",
                     "10")  # fmt: skip
    assert session.step.kind == "summary"
    lines = [words for _, words in session.step.options]
    assert (
        "Neutrophil count (ANC): 396 cells per microlitre, worked out from your blood count"
        in lines
    )
    assert not any(
        field in " ".join(lines) for field in ("anc:", "wbc_unit", "neutrophil_pct", "_")
    )


# --- The count as a printout writes it ---------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "case"),
    [
        pytest.param(["ANC 800"], {"anc": 800, "anc_unit": "cells/uL"}, id="anc-label"),
        pytest.param(["NEUT# 0.8 K/uL"], {"anc": 0.8, "anc_unit": "10^9/L"}, id="label-and-unit"),
        pytest.param(["don't know", "WBC 2.1", "segs 45", "bands 3%"],
                     {"wbc": 2.1, "wbc_unit": "10^9/L", "neutrophil_pct": 45, "band_pct": 3},
                     id="full-blood-count-labels"),
    ],
)  # fmt: skip
def test_printout_labels_are_accepted(answers, case) -> None:
    session = replay(*TO_COUNT, *answers)
    assert session.step.key == "count_days", session.step.messages
    assert session.case == case


def test_a_white_count_typed_as_the_neutrophil_count_is_refused_with_the_reason() -> None:
    session = replay(*TO_COUNT, "WBC 2.1")
    assert session.step.key == "anc" and session.step.again
    assert said(session).startswith(
        '"WBC 2.1" is the white cell count (WBC). Here I need your neutrophil count'
    )


@pytest.mark.parametrize(
    ("text", "number"),
    [("1,200", (1200, "")), ("0.8 K/uL", (0.8, "K/uL")), ("ANC 800", (800, "")),
     ("WBC 2.1", (2.1, "")), ("bands 3%", (3, "%"))],
)  # fmt: skip
def test_one_number_reader_for_the_tool(text: str, number: tuple[float, str]) -> None:
    assert read_number(text) == number


# --- Every answer is echoed as understood ------------------------------------------------


@pytest.mark.parametrize(
    ("answers", "noted"),
    [
        pytest.param([*TO_TEMPERATURE, "38.4", "2"], "Noted: 2 hours.", id="fever-hours"),
        pytest.param([*TO_COUNT, "no", "2.1"],
                     "Noted: a white cell count of 2.1 ×10⁹/L (thousand per microlitre)",
                     id="white-count-with-its-assumed-unit"),
        pytest.param([*TO_COUNT, "no", "2.1", "45", "no"],
                     "Noted: no bands (counted as 0 %). Your neutrophil count works out at 945",
                     id="bands"),
        pytest.param(["0", "yes", "10"], "Noted: the last dose was 10 days ago.",
                     id="days-since-chemo"),
        pytest.param([*TO_COUNT, "700", "today", "0", "none", "none", "don't know"],
                     "Noted: you do not know (counted as not Duffy-null).", id="duffy"),
        pytest.param(["0", "no", "no", "54"], "Noted: 54 years old.", id="age"),
        pytest.param(["0", "no", "no", "5 months"], "Noted: 5 months old.", id="age-in-months"),
        pytest.param([*TO_SYMPTOMS[:-1], "3 days ago"], "Noted: the test was taken 3 days ago.",
                     id="count-days"),
    ],
)  # fmt: skip
def test_every_answer_is_echoed(answers, noted) -> None:
    assert said(replay(*answers)).startswith(noted)


# --- No loop when nothing can be assessed -------------------------------------------------


def test_no_to_everything_ends_instead_of_looping() -> None:
    session = replay(*TO_COUNT, "don't know", "no", "0", "none", "none", "yes")
    assert (session.step.kind, session.step.key) == ("stopped", "nothing_to_assess")


# --- why, and 80 columns --------------------------------------------------------------------


def test_why_ends_with_a_sentence_not_a_bare_command() -> None:
    text = said(replay("why"))
    assert text.endswith("type the command triage rules in a terminal (not here).")


@pytest.mark.parametrize(
    "answers",
    [
        pytest.param(["?", "why", "1", "back", "0", "no", "no", "skip", "38.4", "?", "why"],
                     id="help-why-emergency"),
        pytest.param(["0", "?", "why", "yes", "?", "why", "10", "?", "why", "prednisolone", "?",
                      "why", "no", "?", "why", "54"], id="help-why-treatment-and-medicines"),
        pytest.param([*TO_COUNT, "don't know", "2.0", "14.8", "5", "?", "why", "today", "0", "?",
                      "epilepsy", "none", "10"], id="fbc-to-summary"),
    ],
)  # fmt: skip
def test_every_message_fits_80_columns(answers) -> None:
    session = Session(assessor=ASSESSOR)
    steps = [session.step] + [session.answer(text) for text in answers]
    for step in steps:
        for message in step.messages:
            assert all(len(line) <= WIDTH for line in message.split("\n")), message
