"""The patient interview as web pages (docs/web.md): the routes under ``/interview``.
Nothing is kept on the server: the raw answers travel in a hidden form field and the
:class:`~triage.interview.Session` is rebuilt from them on every request.
"""

from __future__ import annotations

import json
import re
from collections.abc import Mapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response

from triage.limits import MAX_WEB_ANSWER_CHARS, MAX_WEB_ANSWERS
from triage.web.inputs import JSONProblem, read_json
from triage.web.threads import assessor, in_thread
from triage.web.views import for_the_page, form_data, page, result_view, unwrap

# What one interview can hold (issue 21): every page replays all the answers, and free
# text costs up to about 0.1 ms a character to read (unknown words are looked up as
# spelling slips), so the answers a page carries are bounded in number and in characters
# in all: at worst about half a second a page (measured). A whole interview is about 25
# answers (with Back, help and changes, rarely 60), most of a few characters.
MAX_ANSWERS = min(MAX_WEB_ANSWERS, 200)
MAX_ANSWERS_CHARS = 5 * MAX_WEB_ANSWER_CHARS  # 5,000 characters in all
UNREADABLE = "The answers on that page could not be read, so the questions start again."
TOO_MANY = (
    f"The answers on that page could not be read: an interview holds at most "
    f"{MAX_ANSWERS} answers of at most {MAX_WEB_ANSWER_CHARS:,} characters "
    f"({MAX_ANSWERS_CHARS:,} characters in all), so the questions start again."
)
TOO_LONG = (
    f"That answer would make the interview longer than one page can carry "
    f"({MAX_ANSWERS_CHARS:,} characters in all): please give a shorter answer."
)


class AnswersRefused(ValueError):
    """The hidden answers cannot be replayed; the message says so for the page."""


def read_answers(raw: object) -> list[str]:
    """The interview's answers from the hidden field (none when it is empty), or
    :class:`AnswersRefused` when it is not a list of answers within the bounds."""
    if not isinstance(raw, str) or not raw:
        return []
    try:
        answers = read_json(raw)
    except JSONProblem:
        raise AnswersRefused(UNREADABLE) from None
    if not isinstance(answers, list) or not all(isinstance(a, str) for a in answers):
        raise AnswersRefused(UNREADABLE)
    if (
        len(answers) > MAX_ANSWERS
        or any(len(a) > MAX_WEB_ANSWER_CHARS for a in answers)
        or sum(map(len, answers)) > MAX_ANSWERS_CHARS
    ):
        raise AnswersRefused(TOO_MANY)
    return answers


def start_again(notice: str) -> HTMLResponse:
    """The first question again (422), with why the answers were not used."""
    from triage.interview import Session

    return interview_page(Session(assessor=assessor()), 422, notice=notice)


COMMANDS = {"back": "back", "help": "?", "why": "why", "quit": "quit"}
# A question that offers yes or no (and "not sure" or "don't know" when its words do).
YES_NO_TEXT = re.compile(r"\(\s*yes\s*/\s*no(?:\s*/\s*(not sure|don't know))?\s*\)\s*$", re.I)


def yes_no_buttons(step: Any) -> list[tuple[str, str]]:
    """The buttons of a question read as yes or no (its ``parse`` is
    :func:`~triage.interview.answers.read_yes_no`, or its words end "(yes / no)"): each
    as (the answer it submits, its label); none for any other step."""
    from triage.interview.answers import read_yes_no
    from triage.interview.questions import QUESTION_BY_KEY

    if step.kind != "question" or step.options:
        return []
    question = QUESTION_BY_KEY.get(step.key)
    offered = YES_NO_TEXT.search(step.text or "")
    if offered is None and (question is None or question.parse is not read_yes_no):
        return []
    buttons = [("yes", "Yes"), ("no", "No")]
    if offered is not None and offered.group(1):
        third = offered.group(1).lower()
        buttons.append((third, third[0].upper() + third[1:]))
    return buttons


def interview_reply(form: Mapping[str, Any], picks: list[str]) -> str:
    """What the patient "typed": a command button, or the ticked numbers and the
    words typed, joined as the terminal would read them ("1, 3, sore throat")."""
    action = str(form.get("action") or "answer")
    if action in COMMANDS:
        return COMMANDS[action]
    typed = str(form.get("reply") or "").strip()[:MAX_WEB_ANSWER_CHARS]
    parts = [p for p in picks if p.isdigit()] + ([typed] if typed else [])
    return ", ".join(parts)


def interview_page(session: Any, status: int = 200, notice: str | None = None) -> HTMLResponse:
    from triage.interview.questions import CHECKLISTS
    from triage.interview.session import RESULT_KEY, emergency_text

    step = session.step
    shown = step.assessment
    if shown is None and step.emergency:
        shown = assessor().assess(step.case)
    announcement = None
    if shown is not None:
        announcement = emergency_text(shown).strip("\n")
    messages: list[dict[str, Any]] = []
    for text in step.messages:
        if step.kind == "result" and text.strip() == "Your result:":
            break  # the result itself is laid out below
        if announcement is not None and text.strip("\n") == announcement:
            messages.append({"action": result_view(shown), "alert": step.emergency})
        else:
            messages.append({"text": for_the_page(unwrap(text))})
    return page(
        "interview.html",
        status,
        step=step,
        messages=messages,
        notice=notice,
        answers=json.dumps(session.answers, ensure_ascii=False),
        checklist=step.key in CHECKLISTS,
        yes_no=yes_no_buttons(step),
        result=result_view(step.assessment) if step.kind == RESULT_KEY else None,
        title="Your result" if step.kind == "result" else "Questions",
    )


def register_routes(app: FastAPI) -> None:
    """The interview's routes: its pages, the answers as a case file, the printout."""

    @app.get("/interview", response_class=HTMLResponse, include_in_schema=False)
    def interview_start() -> HTMLResponse:
        from triage.interview import Session

        return interview_page(Session(assessor=assessor()))

    @app.post("/interview", response_class=HTMLResponse, include_in_schema=False)
    async def interview_answer(request: Request) -> HTMLResponse:
        form = await form_data(request)
        try:
            answers = read_answers(form.get("answers"))
        except AnswersRefused as refused:
            return await in_thread(start_again, str(refused))
        reply = interview_reply(form, [str(p) for p in form.getlist("pick")])
        return await in_thread(_interview_step, answers, reply)

    @app.post("/interview/case.json", include_in_schema=False)
    async def interview_case(request: Request) -> Response:
        from triage.interview import Session, case_json

        form = await form_data(request)
        try:
            answers = read_answers(form.get("answers"))
        except AnswersRefused as refused:
            return await in_thread(start_again, str(refused))
        session = await in_thread(lambda: Session.replay(answers, assessor=assessor()))
        return Response(
            case_json(session.case),
            media_type="application/json",
            headers={"content-disposition": 'attachment; filename="my-case.json"'},
        )

    @app.post("/interview/print", response_class=HTMLResponse, include_in_schema=False)
    async def interview_print(request: Request) -> HTMLResponse:
        from triage.interview import Session

        form = await form_data(request)
        try:
            answers = read_answers(form.get("answers"))
        except AnswersRefused as refused:
            return await in_thread(start_again, str(refused))
        session = await in_thread(lambda: Session.replay(answers, assessor=assessor()))
        if session.step.assessment is None:
            return interview_page(session)
        return page("print.html", result=result_view(session.step.assessment),
                    title="Your result (to print)")  # fmt: skip


# ----------------------------------------------------------------- handlers (threads)


def _interview_step(answers: list[str], reply: str) -> HTMLResponse:
    from triage.interview import Session

    session = Session.replay(answers, assessor=assessor())
    if session.step.finished:
        return interview_page(session)
    if len(session.answers) >= MAX_ANSWERS:
        session.stop("end_of_input")
        return interview_page(session)
    if sum(map(len, session.answers)) + len(reply) > MAX_ANSWERS_CHARS:
        return interview_page(session, 422, notice=TOO_LONG)
    session.answer(reply)
    return interview_page(session)
