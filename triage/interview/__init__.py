"""Guided interview for patients (``triage interview``): one plain question at a time,
only the questions that matter given the answers so far, and in the end the same
assessment as ``triage assess``.

- :mod:`triage.interview.answers`: reading what a patient types.
- :mod:`triage.interview.questions`: the questions as data (:data:`QUESTIONS`).
- :mod:`triage.interview.case`: the answers as a case (:func:`build_case`), and when a
  question applies given the answers before it.
- :mod:`triage.interview.notes`: the answers in plain words (the "Noted:" lines, the
  summary).
- :mod:`triage.interview.help`: what ``why`` and ``?`` show.
- :mod:`triage.interview.session`: :class:`Session`, the pure state machine (no I/O)
  that the terminal and a web page both drive.
- :mod:`triage.interview.terminal`: :class:`Interview`, the terminal loop, reading
  answers and saving the case.
"""

from triage.interview.answers import InvalidAnswer, Reading, anc_unit_need, wbc_unit_need
from triage.interview.questions import (
    QUESTION_BY_KEY,
    QUESTIONS,
    Question,
    build_case,
    help_text,
    why_text,
)
from triage.interview.session import INTRO, Session, State, Step, emergency_text
from triage.interview.terminal import (
    PROMPT,
    Interview,
    Outcome,
    case_json,
    line_reader,
    reader_for,
    save_case,
    save_problem,
    screen,
    terminal_reader,
)

__all__ = [
    "INTRO",
    "PROMPT",
    "QUESTIONS",
    "QUESTION_BY_KEY",
    "Interview",
    "InvalidAnswer",
    "Outcome",
    "Question",
    "Reading",
    "Session",
    "State",
    "Step",
    "anc_unit_need",
    "build_case",
    "case_json",
    "emergency_text",
    "help_text",
    "line_reader",
    "reader_for",
    "save_case",
    "save_problem",
    "screen",
    "terminal_reader",
    "wbc_unit_need",
    "why_text",
]
