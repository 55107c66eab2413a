"""How the web server's pages are made: the Jinja2 templates (:data:`templates`), a page
as a response (:func:`page`), terminal text as logical lines (:func:`unwrap`), a result
as the template needs it (:func:`result_view`), and reading a form (:func:`form_data`).
"""

from __future__ import annotations

import re
from typing import Any

from fastapi import Request
from fastapi.responses import HTMLResponse
from jinja2 import Environment, PackageLoader, select_autoescape

from triage.assessment import RULESET_VERSION, Assessment
from triage.limits import MAX_UPLOAD_BYTES, MAX_WEB_BODY_BYTES
from triage.text import WIDTH

templates = Environment(
    loader=PackageLoader("triage.web", "templates"),
    autoescape=select_autoescape(["html"], default_for_string=True, default=True),
    trim_blocks=True,
    lstrip_blocks=True,
)


LIST_ITEM = re.compile(r"^(?:[-*•]|\d+\.)\s")


def unwrap(text: str, width: int = WIDTH) -> str:
    """Text wrapped for a terminal (:func:`triage.text.wrap`) as logical lines again, so
    that a narrow screen wraps it itself: a line is joined to the one before when its
    first word would not have fitted there (greedy wrapping broke the line), and it is
    indented like a continuation."""
    out: list[str] = []
    for line in text.split("\n"):
        stripped = line.lstrip(" ")
        word = stripped.split(" ", 1)[0]
        if out and out[-1].strip() and stripped and len(out[-1]) + 1 + len(word) > width:
            previous_indent = len(out[-1]) - len(out[-1].lstrip(" "))
            indent = len(line) - len(stripped)
            if indent >= previous_indent and not LIST_ITEM.match(stripped):  # a continuation
                out[-1] += " " + stripped
                continue
        out.append(line)
    return "\n".join(out).strip("\n")


templates.filters["unwrap"] = unwrap


def _phrase(words: str) -> re.Pattern[str]:
    """Terminal words as a pattern that matches them however they were wrapped."""
    return re.compile(r"\s+".join(re.escape(word) for word in words.split()))


# What the interview says for a terminal (triage.interview), as a page says it: its
# buttons instead of typed commands (issue 20). Applied to the messages of a Step.
WEB_INTRO = (
    "Under each question, the buttons help you: Help (?) tells you more about the "
    "question and the answers understood, Why is this asked? shows which rules use your "
    "answer, Back goes to the previous question, and Stop ends the questions."
)
WEB_PHRASES: tuple[tuple[re.Pattern[str], str], ...] = (
    # The intro's typed commands: the heading line and the indented lines under it.
    (re.compile(r"At any question you can type:[ \t]*(?:\n[ \t]+\S[^\n]*)*"), WEB_INTRO),
    (_phrase("Please try again, or type ? for help."), "Please try again."),
    (
        _phrase(
            "You can also type: why (which rules use the answer), back (previous "
            "question), quit (stop)."
        ),
        "You can also press: Why is this asked? (which rules use the answer), Back "
        "(previous question), Stop (stop the questions).",
    ),
)


def for_the_page(text: str) -> str:
    """A message of the interview worded for the page: the known terminal phrases
    (typed commands such as ``?``, ``why``, ``back``, ``quit``) as its buttons."""
    for pattern, words in WEB_PHRASES:
        text = pattern.sub(words, text)
    return text


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(name).render(ruleset=RULESET_VERSION, **context)
    return HTMLResponse(html, status_code=status)


def error_page(
    status: int, title: str, message: str, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """An error as a page of the site (never raw JSON), with a way back."""
    response = page("error.html", status, title=title, message=message)
    response.headers.update(headers or {})
    return response


def batch_page(
    status: int = 200, error: str | None = None, headers: dict[str, str] | None = None
) -> HTMLResponse:
    """The batch upload form, with an error above it when given."""
    response = page("batch.html", status, error=error, limit=MAX_UPLOAD_BYTES,
                    title="Batch scoring")  # fmt: skip
    response.headers.update(headers or {})
    return response


# The words of the error pages for the statuses the server itself gives.
ERROR_TITLES = {
    400: "The request could not be read",
    403: "Refused: a request from another site",
    404: "There is no such page",
    405: "That page cannot be used like this",
    408: "The request took too long",
    413: "The request is too large",
    415: "Wrong kind of content",
    422: "The request could not be read",
    503: "Busy: try again",
}
ERROR_MESSAGES = {
    400: "The request could not be read. Go back and try again.",
    404: "There is no page at this address.",
    405: "This page cannot be used with that kind of request: open it from a link or a "
    "button of this site.",
}


def result_view(assessment: Assessment) -> dict[str, Any]:
    """What the result template needs: the action parts, the sections and the
    disclaimer, from the one place that words them (triage.text, triage.render)."""
    from triage.render import reasons, result_sections
    from triage.text import action_parts

    return {
        "action": action_parts(assessment),
        "reasons": reasons(assessment),
        "sections": result_sections(assessment),
        "disclaimer": assessment.disclaimer,
        "triage": assessment.triage,
    }


async def form_data(request: Request) -> Any:
    return await request.form(max_files=1, max_fields=200, max_part_size=MAX_WEB_BODY_BYTES)
