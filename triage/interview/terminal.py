"""The interview at a terminal or a pipe: a thin loop around :class:`Session`.

It talks through two functions only, ``ask(prompt) -> str`` and ``say(text)``, so the
command line, scripts and tests drive the same code and no click is needed here. ``ask``
raises ``EOFError`` at the end of input and ``KeyboardInterrupt`` on Ctrl-C; both end
the interview cleanly (see :class:`Outcome` for the exit codes).
"""

from __future__ import annotations

import contextlib
import json
import os
from collections.abc import Callable, Mapping
from dataclasses import dataclass
from pathlib import Path
from typing import Any, Literal, TextIO

from triage.assessment import Assessment
from triage.engine import Assessor
from triage.files import atomic_output
from triage.interview.session import Session, Step
from triage.safetext import neutralise
from triage.text import WIDTH, hanging, wrap, wrap_lines

Ask = Callable[[str], str]
Say = Callable[[str], None]

PROMPT = "> "

Status = Literal["result", "quit", "nothing_to_assess", "end_of_input", "interrupted", "error"]
EXIT_CODES: dict[Status, int] = {
    "result": 0,
    "quit": 0,
    "nothing_to_assess": 0,
    "end_of_input": 1,
    "interrupted": 1,
    "error": 3,
}


@dataclass
class Outcome:
    """How the interview ended. ``exit_code``: 0 a result was shown or the patient typed
    quit; 1 the input ended or Ctrl-C was pressed before a result; 3 an internal error
    (a bug, reported in plain words)."""

    status: Status
    case: dict[str, Any]
    assessment: Assessment | None = None

    @property
    def exit_code(self) -> int:
        return EXIT_CODES[self.status]


def screen(step: Step, width: int = WIDTH) -> list[str]:
    """What the terminal shows for a step, as the texts to say in order, wrapped to
    ``width`` (the step's messages are already wrapped by the session): the messages,
    the question, its options, hint and example, and the reminder to get care now after
    an emergency (:data:`~triage.interview.session.EMERGENCY_REMINDER`) last."""
    said = list(step.messages)
    # The reminder after an emergency goes right above the prompt, where a long question
    # cannot push it off a small screen; after a refusal it is still there, just above.
    reminder = said.pop() if step.reminder else None
    if step.finished or step.again:
        return said
    if step.kind != "confirm":
        said.append("")
    lines = [wrap_lines(step.text, width=width)]
    digits = max((len(number) for number, _ in step.options), default=0)
    lines += [hanging(f"  {number:>{digits}}. ", label, width) for number, label in step.options]
    if step.hint:
        lines.append(wrap_lines(step.hint, width=width))
    said.append("\n".join(lines))
    if step.example is not None:
        said.append("\n".join(wrap(f"Example: {step.example}", "  ", "", width)))
    if step.last_answer is not None:
        said.append("\n".join(wrap(f"Your last answer was: {step.last_answer}", "  ", "", width)))
    if reminder is not None:
        said.append(reminder)
    return said


class Interview:
    """Drive a :class:`Session` with one patient at a terminal or through a pipe.

    ``ask(prompt)`` returns one answer (raises ``EOFError`` at the end of input);
    ``say(text)`` shows text. ``explain`` passes through to the renderer; ``width`` is
    the width to wrap to (the command line passes a narrow terminal's).
    """

    def __init__(
        self,
        ask: Ask,
        say: Say,
        *,
        explain: bool = False,
        assessor: Assessor | None = None,
        width: int = WIDTH,
    ) -> None:
        self._ask = ask
        self._say = say
        self.explain = explain
        self.width = min(width, WIDTH)
        self.assessor = assessor or Assessor()
        self.session: Session | None = None

    @property
    def case(self) -> dict[str, Any]:
        """The case-format dict of the answers so far."""
        return self.session.case if self.session is not None else {}

    def run(self) -> Outcome:
        """Ask, summarise, assess. Never raises for anything the patient types, nor for
        the end of input or Ctrl-C."""
        try:
            self.session = session = Session(
                explain=self.explain, assessor=self.assessor, width=self.width
            )
            step = session.step
            while True:
                for text in screen(step, self.width):
                    self._say(text)
                if step.finished:
                    break
                try:
                    reply = self._ask(PROMPT)
                except EOFError:
                    step = session.stop("end_of_input")
                    continue
                except KeyboardInterrupt:
                    step = session.stop("interrupted")
                    continue
                step = session.answer(reply)
        except Exception as error:  # a bug in the tool: say so plainly, no traceback
            self._say(
                wrap_lines(
                    "\nSorry, something went wrong inside this tool, so it cannot give a "
                    "result. This is not caused by your answers. If you feel unwell, call "
                    "your care team now.\n"
                    f"(For the developers: {type(error).__name__}: {error})",
                    width=self.width,
                )
            )
            return Outcome("error", self.case)
        if step.kind == "result":
            return Outcome("result", step.case, step.assessment)
        status: Status = step.key  # type: ignore[assignment]  # the stop reason
        return Outcome(status, step.case)


def line_reader(stream: TextIO, echo: Say) -> Ask:
    """Answers from a non-interactive stream (a pipe, a file), one per line. The prompt
    and the answer are echoed, so the output reads like the conversation."""

    def ask(prompt: str) -> str:
        line = stream.readline()
        if not line:
            raise EOFError
        answer = line.rstrip("\r\n")
        echo(prompt + answer)
        return answer

    return ask


def terminal_reader() -> Ask:
    """Answers typed at a terminal, with line editing where the platform has it."""
    with contextlib.suppress(ImportError):  # Windows has no readline
        import readline  # noqa: F401  (importing it gives input() line editing)
    return input


def reader_for(stream: TextIO, echo: Say) -> Ask:
    """:func:`terminal_reader` at a terminal, :func:`line_reader` otherwise."""
    try:
        interactive = stream.isatty()
    except (AttributeError, ValueError):
        interactive = False
    return terminal_reader() if interactive else line_reader(stream, echo)


def save_problem(path: str | Path) -> str | None:
    """Why ``path`` cannot be saved to, checked before the questions start; or None."""
    text = str(path)
    shown = neutralise(text)
    if not text.strip():
        return "--save needs a file name, such as --save my-case.json"
    if text == "-":
        return "--save needs a file name: the answers cannot be saved to '-' (stdout)"
    if text.endswith(("/", os.sep)) or Path(text).is_dir():
        return f"cannot save to {shown}: that is a folder; give a file name inside it"
    folder = Path(path).resolve().parent
    if not folder.is_dir():
        return f"cannot save to {shown}: the folder {neutralise(folder)} does not exist"
    if not os.access(folder, os.W_OK):
        return f"cannot save to {shown}: the folder {neutralise(folder)} is not writable"
    return None


def case_json(case: Mapping[str, Any]) -> str:
    """The answers as the JSON case file text that ``--save`` writes (and a web page
    offers to download): case-format fields only, read by ``triage assess --case``."""
    return json.dumps(dict(case), ensure_ascii=False, indent=2) + "\n"


def save_case(case: Mapping[str, Any], path: str | Path) -> None:
    """Write the answers as a case file that ``triage assess --case`` reads, atomically:
    an existing file is replaced only by a complete one (and keeps its mode).
    Raises :class:`triage.files.WriteFailed` when it cannot be written."""
    text = case_json(case)
    with atomic_output(path) as handle:
        handle.write(text)
