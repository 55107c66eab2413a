"""What a patient reads at a terminal (issue 20, the terminal items): the reminder after
going on past an emergency, every way out, the action again at the end of a result, the
width of a narrow terminal, the risk line, and no field names or echoes that mislead.
The last tests drive `python cli.py interview` in tmux at 80×24 and at 45 columns."""

from __future__ import annotations

import os
import re
import shutil
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner
from conftest import ASSESSOR
from test_interview_transcripts import SCRIPTS

import cli as cli_module
import triage
from cli import cli
from triage.interview import Session, screen
from triage.interview.session import EMERGENCY_REMINDER
from triage.models import CaseInput
from triage.render import patient_words, render_text
from triage.text import MIN_WIDTH, WIDTH, width_for

ROOT = Path(__file__).resolve().parents[1]
DISCLAIMER_END = "help at once if you feel very unwell."

# A fever 10 days after treatment: announced at the temperature; "yes" goes on.
EMERGENCY_CONTINUED = ["0", "yes", "10", "no", "60", "38.4", "yes", "2", "800", "today", "0",
                       "none", "none", "no"]  # fmt: skip
URGENT_CLOZAPINE = SCRIPTS["urgent-clozapine"]


def session(*answers: str, width: int = WIDTH) -> Session:
    return Session.replay(list(answers), assessor=ASSESSOR, width=width)


def shown(step: Any, width: int = WIDTH) -> str:
    return "\n".join(screen(step, width))


# --- 1. The reminder after "yes, continue answering" -------------------------------------


def test_every_later_question_and_the_summary_remind_to_get_care_now() -> None:
    s = session(*EMERGENCY_CONTINUED[:6])
    assert s.step.emergency and s.step.key == "continue"
    assert EMERGENCY_REMINDER not in s.step.messages  # the announcement says it in full
    steps = []
    for answer in EMERGENCY_CONTINUED[6:]:
        steps.append(s.answer(answer))
    assert steps[-1].kind == "summary"
    for step in steps:
        assert step.reminder and step.messages[-1] == EMERGENCY_REMINDER, step.key
    # A refusal waits at the same question: the step still carries the reminder (a web
    # page shows it again), the terminal does not repeat the line just above.
    again = s.answer("maybe later")
    assert again.again and again.messages[-1] == EMERGENCY_REMINDER
    assert EMERGENCY_REMINDER not in shown(again)
    assert s.answer("yes").kind == "result"


def test_the_reminder_fits_one_line_of_a_narrow_terminal() -> None:
    assert len(EMERGENCY_REMINDER) <= MIN_WIDTH + 10
    assert len(EMERGENCY_REMINDER) <= width_for(45)


def test_no_reminder_without_an_emergency_or_once_it_is_gone() -> None:
    routine = session("0", "no", "no", "54", "36.8", "1800", "today", "0", "none", "none")
    assert routine.step.kind == "summary" and not routine.step.reminder
    # back from the question after the announcement to the one that raised it: the
    # emergency answer is undone, so no reminder.
    s = session("1", "yes")
    assert s.step.reminder
    step = s.answer("back")
    assert step.key == "red_flags" and not step.reminder
    assert not s.answer("0").reminder


def test_the_reminder_is_in_the_terminal_transcript() -> None:
    result = CliRunner().invoke(cli, ["interview"], input="\n".join(EMERGENCY_CONTINUED) + "\n")
    after = result.output.split("Continue answering? (yes / no)\n> yes", 1)[1]
    answered = after.count("\n> ")  # the answers after "yes"; the summary waits at the end
    assert after.count(EMERGENCY_REMINDER) == 1 + answered  # every question, the summary
    # Right above each prompt, where a long question cannot push it off the screen.
    assert after.count(f"{EMERGENCY_REMINDER}\n> ") == answered
    summary = after.split("Here are your answers:", 1)[1]
    assert f"number of a line to\nchange it.\n{EMERGENCY_REMINDER}\n" in summary


# --- 3. The action again at the end of a result ------------------------------------------


@pytest.mark.parametrize(
    ("case", "line"),
    [
        pytest.param({"anc": 450, "anc_unit": "cells/uL", "medications": ["Clozaril"]},
                     ">> Contact a provider today: call your doctor or care team today.",
                     id="urgent"),
        pytest.param({"anc": 1800, "anc_unit": "cells/uL", "temperature": 36.8},
                     ">> Discuss at your next visit: talk about this at your next visit.",
                     id="routine"),
        pytest.param({"symptoms": ["trouble breathing"]},
                     "!! GET CARE NOW: call emergency services now (such as 911, 999 or "
                     "112), or ask someone to call for you.", id="emergency"),
    ],
)  # fmt: skip
def test_a_result_ends_with_the_action_in_one_line_then_the_disclaimer(
    case: dict[str, Any], line: str
) -> None:
    text = render_text(triage.assess(case))
    before_disclaimer = text.rstrip().rsplit("\n\n", 2)[-2]
    assert " ".join(before_disclaimer.split()) == line
    assert text.rstrip().endswith(DISCLAIMER_END)


def test_the_action_is_on_the_last_screen_of_an_urgent_result_at_80_by_24() -> None:
    result = CliRunner().invoke(cli, ["interview"], input="\n".join(URGENT_CLOZAPINE) + "\n")
    last_screen = result.output.rstrip("\n").split("\n")[-23:]  # 24 rows, one for the prompt
    assert ">> Contact a provider today: call your doctor or care team today." in last_screen


# --- 4. The width of a narrow terminal ----------------------------------------------------


def test_width_for_a_terminal() -> None:
    assert width_for(80) == WIDTH == 78
    assert width_for(200) == WIDTH  # never wider than 80 columns
    assert width_for(45) == 43
    assert width_for(10) == MIN_WIDTH


def test_the_command_line_asks_the_terminal_only_when_stdout_is_one(monkeypatch) -> None:
    class Terminal:
        def isatty(self) -> bool:
            return True

    monkeypatch.setattr(shutil, "get_terminal_size", lambda fallback: os.terminal_size((45, 24)))
    assert cli_module.output_width() == WIDTH  # pytest's stdout is not a terminal
    monkeypatch.setattr(sys, "stdout", Terminal())
    assert cli_module.output_width() == 43


def _words(text: str) -> list[str]:
    """The words of a text, whatever the wrapping (the banner's bars left out)."""
    return [word for word in text.split() if set(word) != {"!"}]


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_at_45_columns_every_line_fits_and_no_word_is_broken(monkeypatch, name: str) -> None:
    answers = "".join(a + "\n" for a in SCRIPTS[name])
    wide = CliRunner().invoke(cli, ["interview"], input=answers).output
    monkeypatch.setattr(cli_module, "output_width", lambda: width_for(45))
    narrow = CliRunner().invoke(cli, ["interview"], input=answers).output
    too_wide = [line for line in narrow.splitlines() if len(line) > 43]
    # An echoed answer is the patient's own line (the terminal wraps it as it was typed).
    assert [line for line in too_wide if not line.startswith("> ")] == []
    assert _words(narrow) == _words(wide)  # the same words: none split, none lost
    if "!!  GET CARE NOW  !!" in wide:
        headline = "!!  GET CARE NOW  !!".center(43).rstrip()
        assert f"{'!' * 43}\n{headline}\n" in narrow


def test_assess_wraps_to_a_narrow_terminal(monkeypatch) -> None:
    args = ["assess", "--anc", "800", "--temperature", "38.4", "--temperature-unit", "C",
            "--days-since-chemo", "10", "--condition", "chemotherapy"]  # fmt: skip
    wide = CliRunner().invoke(cli, args).output
    monkeypatch.setattr(cli_module, "output_width", lambda: 43)
    narrow = CliRunner().invoke(cli, args).output
    assert max(len(line) for line in narrow.splitlines()) <= 43
    assert _words(narrow) == _words(wide)


# --- 5. The risk line ---------------------------------------------------------------------


def test_the_risk_line_says_it_is_the_count_alone() -> None:
    text = render_text(triage.assess({"anc": 800, "anc_unit": "cells/uL", "temperature": 38.4}))
    assert "GET CARE NOW" in text
    assert "Risk of infection from the count alone: moderate" in text
    assert "Risk of infection: " not in text


# --- 6. No field names; each medicine echoed as itself; no "Noted:" twice ---------------

FIELD_NAMES = re.compile(
    r"\b(" + "|".join(name for name in CaseInput.model_fields if "_" in name) + r")\b"
)


@pytest.mark.parametrize("name", sorted(SCRIPTS))
def test_no_case_field_name_reaches_a_patient(name: str) -> None:
    text = CliRunner().invoke(cli, ["interview"], input="\n".join(SCRIPTS[name]) + "\n").output
    found = [line for line in text.splitlines()
             if FIELD_NAMES.search(line) and "triage assess" not in line]  # fmt: skip
    assert found == []


def test_notes_about_the_answers_say_fields_in_words() -> None:
    # A white count without its differential, and bands not given: notes that name
    # case-file fields (neutrophil_pct, band_pct) for a nurse.
    result = triage.assess({"wbc": 2.0, "wbc_unit": "10^9/L", "neutrophil_pct": 40})
    text = render_text(result)
    assert any("band_pct" in warning for warning in result.warnings)
    assert not FIELD_NAMES.search(text)
    assert "band neutrophils not given: counted as 0 %" in text
    assert patient_words("wbc given without neutrophil_pct: the ANC cannot be computed") == (
        "a white cell count was given without the percentage of neutrophils, so the "
        "neutrophil count (ANC) cannot be worked out"
    )
    assert (
        patient_words("days_since_chemo is 50") == "the days since the last cancer treatment is 50"
    )


def test_a_refused_case_at_the_summary_names_the_answer_not_the_field(monkeypatch) -> None:
    from triage.models import CaseRejected, FieldError

    s = session("0", "no", "no", "54", "37.0", "1800", "today", "0", "none", "none")

    def refuse(case: dict[str, Any]) -> Any:
        raise CaseRejected([FieldError("days_since_count", "must be 0 or more")])

    monkeypatch.setattr(s, "_assess", refuse)
    step = s.answer("yes")
    assert step.kind == "summary"
    assert "  Blood test taken: must be 0 or more" in step.messages
    assert not any(FIELD_NAMES.search(m) for m in step.messages)


@pytest.mark.parametrize("question", ["immune", "other"])
def test_two_medicines_in_one_answer_are_echoed_each_as_itself(question: str) -> None:
    before = ["0", "no"] if question == "immune" else [*SCRIPTS["routine-normal-count"][:-2]]
    step = session(*before).answer("Tegretol and lisinopril")
    noted = "\n".join(step.messages)
    assert "Tegretol (carbamazepine), lisinopril." in " ".join(noted.split())
    assert "lisinopril (carbamazepine)" not in noted


def test_a_vague_word_confirmed_is_noted_once() -> None:
    s = session("lightheaded")
    step = s.answer("yes")
    noted = [m for m in step.messages if "Noted" in m]
    assert noted == ["Noted: fainting or nearly fainting."]
    declined = session("lightheaded").answer("no")
    assert [m.startswith("Noted") for m in declined.messages[:2]] == [False, True]


def test_a_feverish_feeling_in_the_first_checklist_is_not_asked_again() -> None:
    # "shivery" is asked about once (shaking that cannot be stopped?): no keeps it feverish
    s = session("shivery", "no", "no", "no", "50")
    step = s.answer("no")  # no temperature taken
    assert step.key == "anc"
    assert "feeling hot, sweaty or shivery" in s.summary_lines()[0][0]


# --- In tmux: what a patient reads at 80×24 and at 45 columns ----------------------------


def _tmux_run(columns: int, answers: list[str], keys_at_end: str | None = None) -> str:
    """Run `python cli.py interview` in a detached tmux of ``columns``×24, type the
    answers (waiting for each prompt), and return the screen at the end."""
    server = f"triage-test-{os.getpid()}-{columns}"
    tmux = ["tmux", "-L", server]
    command = f"{sys.executable} cli.py interview; echo EXIT=$?; sleep 30"
    # COLUMNS in the environment would override the terminal's size (shutil's rule).
    env = {k: v for k, v in os.environ.items() if k not in ("COLUMNS", "LINES")}
    env["PYTHONPATH"] = str(ROOT)
    subprocess.run([*tmux, "new-session", "-d", "-x", str(columns), "-y", "24", "-c",
                    str(ROOT), command], check=True, env=env)  # fmt: skip

    def screen_now() -> str:
        return subprocess.run([*tmux, "capture-pane", "-p"], capture_output=True, text=True,
                              check=True).stdout  # fmt: skip

    def wait_for(predicate: Any) -> str:
        deadline = time.monotonic() + 30
        while time.monotonic() < deadline:
            text = screen_now()
            if predicate(text):
                return text
            time.sleep(0.1)
        raise AssertionError(f"timed out; the screen:\n{screen_now()}")

    try:
        for answer in answers:
            wait_for(lambda text: text.rstrip().endswith(">"))
            before = screen_now()
            subprocess.run([*tmux, "send-keys", "-l", answer], check=True)
            subprocess.run([*tmux, "send-keys", "Enter"], check=True)
            wait_for(lambda text, before=before: _moved_on(before, text))
        if keys_at_end is not None:
            wait_for(lambda text: text.rstrip().endswith(">"))
            subprocess.run([*tmux, "send-keys", keys_at_end], check=True)
        return wait_for(lambda text: "EXIT=" in text)
    finally:
        subprocess.run([*tmux, "kill-server"], check=False, capture_output=True)


def _moved_on(before: str, text: str) -> bool:
    """The screen shows the next prompt, or the interview has ended."""
    return "EXIT=" in text or (text != before and text.rstrip().endswith(">"))


needs_tmux = pytest.mark.skipif(shutil.which("tmux") is None, reason="tmux is not installed")


@pytest.mark.slow
@needs_tmux
def test_tmux_80_by_24_an_urgent_result_ends_with_its_action() -> None:
    text = _tmux_run(80, URGENT_CLOZAPINE)
    assert ">> Contact a provider today: call your doctor or care team today." in text
    assert DISCLAIMER_END in text and "EXIT=0" in text


@pytest.mark.slow
@needs_tmux
def test_tmux_45_columns_emergency_then_continue() -> None:
    text = _tmux_run(45, [*EMERGENCY_CONTINUED, "yes"])
    lines = text.splitlines()
    assert max(len(line) for line in lines) <= 45
    assert "!! GET CARE NOW: call your cancer team's" in text
    assert DISCLAIMER_END in " ".join(text.split()) and "EXIT=0" in text


@pytest.mark.slow
@needs_tmux
def test_tmux_45_columns_ctrl_d_below_urgent_says_what_to_check() -> None:
    text = _tmux_run(45, ["0", "no", "no", "54", "no", "no", "800"], keys_at_end="C-d")
    flat = " ".join(text.split())
    assert max(len(line) for line in text.splitlines()) <= 45
    assert ">> See a provider within a few days: make an appointment" in flat
    assert DISCLAIMER_END in flat and "EXIT=1" in text
    assert "!!  GET CARE NOW  !!" not in text
