"""The local web server of ``triage serve`` (docs/web.md).

Server-rendered pages that work without JavaScript, and a small JSON API. Nothing is
stored on the server: the interview keeps its raw answers in a hidden form field and is
rebuilt with :meth:`triage.interview.Session.replay` on every request; forms are POST
only, so answers never land in a URL; no cookies; no access log. Every engine is used
by one thread only (:func:`assessor`).
"""

from __future__ import annotations

import base64
import io
import ipaddress
import json
import random
import re
import threading
from collections.abc import Awaitable, Callable, Mapping, MutableMapping
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from jinja2 import Environment, PackageLoader, select_autoescape
from pydantic import BaseModel
from starlette.formparsers import MultiPartParser

from triage.assessment import RULESET_VERSION, TRIAGE_LEVELS, Assessment
from triage.engine import Assessor
from triage.limits import (
    MAX_UPLOAD_BYTES,
    MAX_WEB_ANSWER_CHARS,
    MAX_WEB_ANSWERS,
    MAX_WEB_BODY_BYTES,
)
from triage.models import CaseInput, CaseRejected
from triage.text import WIDTH

Scope = MutableMapping[str, Any]
Message = MutableMapping[str, Any]
Receive = Callable[[], Awaitable[Message]]
Send = Callable[[Message], Awaitable[None]]
ASGIApp = Callable[[Scope, Receive, Send], Awaitable[None]]

# A strict policy: nothing from another host, no inline script or style, no framing.
CSP = (
    "default-src 'none'; script-src 'self'; style-src 'self'; img-src 'self'; "
    "connect-src 'self'; form-action 'self'; base-uri 'none'; frame-ancestors 'none'"
)
# The batch report is one self-contained page (triage/report.py) with its own <style>.
REPORT_CSP = CSP.replace("style-src 'self'", "style-src 'self' 'unsafe-inline'")
SECURITY_HEADERS = {
    "content-security-policy": CSP,
    "referrer-policy": "no-referrer",
    "x-content-type-options": "nosniff",
    "x-frame-options": "DENY",
    "cross-origin-opener-policy": "same-origin",
    "cross-origin-resource-policy": "same-origin",
    "permissions-policy": "camera=(), microphone=(), geolocation=(), interest-cohort=()",
}
# Pages may be kept by the person's own browser (so that its Back button shows the page
# before), never by anything in between.
PAGE_CACHE = "private, no-cache"
UPLOAD_PATHS = ("/nurse/batch",)
LOOPBACK_NAMES = ("localhost", "localhost.localdomain", "ip6-localhost")
RESULTS_LINK_MAX_BYTES = 1_048_576  # a results file embedded as a download link


# ----------------------------------------------------------------- the engine, per thread

_local = threading.local()


def assessor() -> Assessor:
    """This thread's engine. An :class:`Assessor` is not thread-safe; request handlers
    run in a pool of threads, so each thread builds its own once and reuses it."""
    engine: Assessor | None = getattr(_local, "assessor", None)
    if engine is None:
        engine = _local.assessor = Assessor()
    return engine


def is_loopback(host: str) -> bool:
    """Whether ``host`` (a name or an address to bind) is this machine only."""
    name = host.strip().strip("[]").lower()
    if name in LOOPBACK_NAMES:
        return True
    try:
        return ipaddress.ip_address(name).is_loopback
    except ValueError:
        return False


# ----------------------------------------------------------------- middleware


class Guard:
    """Security headers on every response, and a bound on every request body (413 past
    it, before the application reads anything)."""

    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        path = scope.get("path", "")
        limit = MAX_UPLOAD_BYTES + 65_536 if path in UPLOAD_PATHS else MAX_WEB_BODY_BYTES
        headers = dict(scope.get("headers") or [])
        declared = headers.get(b"content-length")
        if declared is not None and (not declared.isdigit() or int(declared) > limit):
            await _too_large(scope, send, limit)
            return
        body = bytearray()
        more = scope["method"] not in ("GET", "HEAD")
        while more:
            message = await receive()
            if message["type"] == "http.disconnect":
                return
            body += message.get("body", b"")
            more = message.get("more_body", False)
            if len(body) > limit:
                await _too_large(scope, send, limit)
                return
        sent = False

        async def replay() -> Message:
            nonlocal sent
            if not sent:
                sent = True
                return {"type": "http.request", "body": bytes(body), "more_body": False}
            return await receive()

        async def send_with_headers(message: Message) -> None:
            if message["type"] == "http.response.start":
                given = {name.lower() for name, _ in message.get("headers", [])}
                extra = [
                    (name.encode(), value.encode())
                    for name, value in SECURITY_HEADERS.items()
                    if name.encode() not in given
                ]
                if b"cache-control" not in given:
                    extra.append((b"cache-control", PAGE_CACHE.encode()))
                message["headers"] = [*message.get("headers", []), *extra]
            await send(message)

        await self.app(scope, replay, send_with_headers)


async def _too_large(scope: Scope, send: Send, limit: int) -> None:
    text = f"The request is too large: at most {limit:,} bytes are accepted.".encode()
    headers = [(b"content-type", b"text/plain; charset=utf-8"), (b"content-length",
               str(len(text)).encode())]  # fmt: skip
    headers += [(name.encode(), value.encode()) for name, value in SECURITY_HEADERS.items()]
    await send({"type": "http.response.start", "status": 413, "headers": headers})
    await send({"type": "http.response.body", "body": text})


# ----------------------------------------------------------------- templates

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


def page(name: str, status: int = 200, **context: Any) -> HTMLResponse:
    html = templates.get_template(name).render(ruleset=RULESET_VERSION, **context)
    return HTMLResponse(html, status_code=status)


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


# ----------------------------------------------------------------- forms


async def form_data(request: Request) -> Any:
    return await request.form(max_files=1, max_fields=200, max_part_size=MAX_WEB_BODY_BYTES)


def read_answers(raw: object) -> list[str] | None:
    """The interview's answers from the hidden field; None when it is not a list of
    answers within the bounds (the page then starts again)."""
    if not isinstance(raw, str) or not raw:
        return []
    try:
        answers = json.loads(raw)
    except ValueError:
        return None
    if (
        not isinstance(answers, list)
        or len(answers) > MAX_WEB_ANSWERS
        or not all(isinstance(a, str) and len(a) <= MAX_WEB_ANSWER_CHARS for a in answers)
    ):
        return None
    return answers


COMMANDS = {"back": "back", "help": "?", "why": "why", "quit": "quit"}


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
            messages.append({"text": unwrap(text)})
    return page(
        "interview.html",
        status,
        step=step,
        messages=messages,
        notice=notice,
        answers=json.dumps(session.answers, ensure_ascii=False),
        checklist=step.key in CHECKLISTS,
        result=result_view(step.assessment) if step.kind == RESULT_KEY else None,
        title="Your result" if step.kind == "result" else "Questions",
    )


# ----------------------------------------------------------------- the nurse's case form

# (field, label, kind, choices): every case-format input field.
CASE_FIELDS: list[tuple[str, str, tuple[tuple[str, str, str, tuple[str, ...]], ...]]] = [
    ("The blood count", "count", (
        ("anc", "Absolute neutrophil count (ANC)", "number", ()),
        ("anc_unit", "ANC unit", "choice", ("cells/uL", "10^9/L")),
        ("anc_lln", "Lab's lower limit of normal for the ANC, cells/µL", "number", ()),
        ("wbc", "White blood cell count (WBC)", "number", ()),
        ("wbc_unit", "WBC unit", "choice", ("10^9/L", "cells/uL")),
        ("neutrophil_pct", "Segmented neutrophils, % of the WBC", "number", ()),
        ("band_pct", "Band neutrophils, % of the WBC", "number", ()),
        ("neutropenia_days", "Days the count has been low", "number", ()),
        ("anc_falling", "The count is expected to fall", "yesno", ()),
        ("duffy_null", "Known Duffy-null associated neutrophil count", "yesno", ()),
    )),
    ("Temperature and treatment", "fever", (
        ("temperature", "Highest recent temperature", "number", ()),
        ("temperature_unit", "Temperature unit (blank: from the number)", "choice", ("C", "F")),
        ("fever_hours", "Hours at 38.0 °C (100.4 °F) or more", "number", ()),
        ("days_since_chemo", "Days since the last chemotherapy dose", "number", ()),
        ("age", "Age in years", "number", ()),
    )),
    ("Symptoms, conditions and medicines (one per line)", "lists", (
        ("symptoms", "Symptoms (ids or everyday words)", "list", ()),
        ("conditions", "Conditions (ids or everyday words)", "list", ()),
        ("medications", "Medicines (free text, doses allowed)", "list", ()),
    )),
    ("Clinician score inputs (MASCC, CISNE)", "scores", (
        ("illness_burden", "MASCC burden of illness", "choice",
         ("none", "mild", "moderate", "severe")),
        ("systolic_bp_mmhg", "Systolic blood pressure, mmHg", "number", ()),
        ("cancer_type", "Cancer type", "choice", ("solid", "haematological")),
        ("ecog", "ECOG performance status (0–4)", "number", ()),
        ("mucositis_grade", "Mucositis NCI grade (0–4)", "number", ()),
        ("monocytes_per_ul", "Monocytes, cells/µL", "number", ()),
        ("copd", "COPD", "yesno", ()),
        ("prior_fungal_infection", "A previous fungal infection", "yesno", ()),
        ("iv_fluids_needed", "Dehydration needing IV fluids", "yesno", ()),
        ("outpatient_at_fever_onset", "An outpatient when the fever began", "yesno", ()),
        ("stress_hyperglycemia", "Stress hyperglycaemia", "yesno", ()),
        ("chronic_cardiovascular_disease", "Chronic cardiovascular disease", "yesno", ()),
    )),
    ("Case", "id", (("case_id", "Case id (echoed in the output)", "text", ()),)),
]  # fmt: skip
FORM_FIELDS = {name: kind for _, _, fields in CASE_FIELDS for name, _, kind, _ in fields}
assert set(FORM_FIELDS) == set(CaseInput.model_fields), "the case form must hold every field"


def case_from_form(form: Any) -> dict[str, Any]:
    """The case-format dict of the form: blanks left out, lists one item per line (or
    ;-separated), yes/no as true/false. Values stay text: the library validates them
    with the same messages as for files."""
    case: dict[str, Any] = {}
    for name, kind in FORM_FIELDS.items():
        value = str(form.get(name) or "").strip()
        if not value:
            continue
        if kind == "list":
            items = [item.strip() for line in value.splitlines() for item in line.split(";")]
            case[name] = [item for item in items if item]
        elif kind == "yesno":
            case[name] = value == "yes"
        else:
            case[name] = value
    return case


def form_values(case: Mapping[str, Any]) -> dict[str, str]:
    values = {}
    for name, value in case.items():
        if isinstance(value, bool):
            values[name] = "yes" if value else "no"
        elif isinstance(value, list):
            values[name] = "\n".join(str(v) for v in value)
        else:
            values[name] = str(value)
    return values


def nurse_result(case: dict[str, Any], assessment: Assessment, **extra: Any) -> HTMLResponse:
    from triage.explain import explain, explanation_lines
    from triage.render import score_lines

    return page(
        "nurse_result.html",
        result=result_view(assessment),
        explanation="\n".join(explanation_lines(explain(assessment))),
        scores="\n".join(score_lines(assessment)) if assessment.scores else "",
        case_json=json.dumps(case, ensure_ascii=False),
        values=form_values(case),
        title="Nurse: result",
        **extra,
    )


# ----------------------------------------------------------------- the JSON API


class FieldProblem(BaseModel):
    field: str
    message: str


class ErrorRecord(BaseModel):
    """The case-format error record: the case cannot be assessed as given."""

    case_id: str | None
    record: int
    error: list[FieldProblem]


def error_record(problems: list[tuple[str, str]], case_id: str | None = None) -> JSONResponse:
    record = {
        "case_id": case_id,
        "record": 1,
        "error": [{"field": f, "message": m} for f, m in problems],
    }
    return JSONResponse(record, status_code=422)


def _no_repeats(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    names = [name for name, _ in pairs]
    repeated = sorted({name for name in names if names.count(name) > 1})
    if repeated:
        raise ValueError(f"field {', '.join(repeated)} is given twice; keep one value")
    return dict(pairs)


# ----------------------------------------------------------------- the application


def create_app(allowed_hosts: list[str] | None = None) -> Any:
    """The application. ``allowed_hosts``: the Host header values accepted (a guard
    against DNS rebinding when serving on loopback); None accepts any."""
    # Uploads stay in memory (never a temporary file on disk) up to the upload bound.
    MultiPartParser.spool_max_size = MAX_UPLOAD_BYTES + 65_536
    app = FastAPI(
        title="Neutropenia triage (local)",
        version=RULESET_VERSION,
        description=(
            "An educational neutropenia infection-risk triage assistant. It never "
            "diagnoses or prescribes. Nothing sent to this server is stored."
        ),
        docs_url=None,  # FastAPI's /docs and /redoc load a CDN: not served
        redoc_url=None,
        openapi_url="/api/openapi.json",
    )
    app.mount("/static", StaticFiles(packages=[("triage.web", "static")]), name="static")
    register_routes(app)
    guarded: ASGIApp = Guard(app)
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        guarded = Guard(TrustedHostMiddleware(app, allowed_hosts=allowed_hosts))
    return guarded


def register_routes(app: FastAPI) -> None:
    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> Response:
        return page("error.html", 500, title="Something went wrong",
                    detail=f"{type(error).__name__}")  # fmt: skip

    @app.get("/", response_class=HTMLResponse, include_in_schema=False)
    def home() -> HTMLResponse:
        from triage.interview import INTRO

        urgent = next(line for line in INTRO.splitlines() if "very unwell" in line)
        return page("home.html", title="Neutropenia triage", urgent=urgent)

    @app.get("/favicon.ico", include_in_schema=False)
    def favicon() -> Response:
        return RedirectResponse("/static/favicon.svg", status_code=301)

    @app.get("/privacy", response_class=HTMLResponse, include_in_schema=False)
    def privacy() -> HTMLResponse:
        return page("privacy.html", title="Privacy")

    # -- the patient interview ---------------------------------------------------------

    @app.get("/interview", response_class=HTMLResponse, include_in_schema=False)
    def interview_start() -> HTMLResponse:
        from triage.interview import Session

        return interview_page(Session(assessor=assessor()))

    @app.post("/interview", response_class=HTMLResponse, include_in_schema=False)
    async def interview_answer(request: Request) -> HTMLResponse:
        form = await form_data(request)
        answers = read_answers(form.get("answers"))
        reply = interview_reply(form, [str(p) for p in form.getlist("pick")])
        return await _in_thread(_interview_step, answers, reply)

    @app.post("/interview/case.json", include_in_schema=False)
    async def interview_case(request: Request) -> Response:
        from triage.interview import Session, case_json

        form = await form_data(request)
        answers = read_answers(form.get("answers"))
        if answers is None:
            return RedirectResponse("/interview", status_code=303)
        session = await _in_thread(lambda: Session.replay(answers, assessor=assessor()))
        return Response(
            case_json(session.case),
            media_type="application/json",
            headers={"content-disposition": 'attachment; filename="my-case.json"'},
        )

    @app.post("/interview/print", response_class=HTMLResponse, include_in_schema=False)
    async def interview_print(request: Request) -> HTMLResponse:
        from triage.interview import Session

        form = await form_data(request)
        answers = read_answers(form.get("answers")) or []
        session = await _in_thread(lambda: Session.replay(answers, assessor=assessor()))
        if session.step.assessment is None:
            return interview_page(session)
        return page("print.html", result=result_view(session.step.assessment),
                    title="Your result (to print)")  # fmt: skip

    # -- the nurse's tools -------------------------------------------------------------

    @app.get("/nurse", response_class=HTMLResponse, include_in_schema=False)
    def nurse_home() -> HTMLResponse:
        return page("nurse.html", title="Nurse tools")

    @app.get("/nurse/case", response_class=HTMLResponse, include_in_schema=False)
    def case_form(vignette: str | None = None) -> HTMLResponse:
        values: dict[str, str] = {}
        if vignette:
            from triage.cases import VignetteNotFound, get_vignette

            try:
                values = form_values(get_vignette(vignette).case)
            except VignetteNotFound:
                values = {}
        return page("case_form.html", fields=CASE_FIELDS, values=values, errors=[],
                    title="Nurse: assess a case")  # fmt: skip

    @app.post("/nurse/case", response_class=HTMLResponse, include_in_schema=False)
    async def case_assess(request: Request) -> HTMLResponse:
        form = await form_data(request)
        case = case_from_form(form)
        return await _in_thread(_assess_form, case)

    @app.post("/nurse/case/edit", response_class=HTMLResponse, include_in_schema=False)
    async def case_edit(request: Request) -> HTMLResponse:
        form = await form_data(request)
        return page("case_form.html", fields=CASE_FIELDS, values=form_values(case_from_form(form)),
                    errors=[], title="Nurse: assess a case")  # fmt: skip

    @app.post("/nurse/whatif", response_class=HTMLResponse, include_in_schema=False)
    async def case_whatif(request: Request) -> HTMLResponse:
        form = await form_data(request)
        try:
            case = json.loads(str(form.get("case") or "{}"))
        except ValueError:
            case = None
        if not isinstance(case, dict):
            return page("case_form.html", 422, fields=CASE_FIELDS, values={},
                        errors=[("case", "the case was lost: fill in the form again")],
                        title="Nurse: assess a case")  # fmt: skip
        changes = [line.strip() for line in str(form.get("changes") or "").splitlines()]
        return await _in_thread(_what_if, case, [c for c in changes if c])

    @app.get("/nurse/rules", response_class=HTMLResponse, include_in_schema=False)
    def rules_page() -> HTMLResponse:
        from triage.catalogue import catalogue_entries, section_order
        from triage.knowledge import load_knowledge

        entries = catalogue_entries()
        grouped: dict[str, list[Any]] = {}
        for entry in entries:
            grouped.setdefault(entry.section, []).append(entry)
        sections = sorted(grouped.items(), key=lambda item: section_order(item[0]))
        cited = {entry.source.id for entry in entries}
        sources = [source for source in load_knowledge().sources if source.id in cited]
        return page("rules.html", sections=sections, sources=sources,
                    title="Nurse: rule catalogue")  # fmt: skip

    @app.get("/nurse/cases", response_class=HTMLResponse, include_in_schema=False)
    def cases_page() -> HTMLResponse:
        from triage.cases import load_vignettes

        return page("cases.html", vignettes=load_vignettes(), title="Nurse: teaching cases")

    @app.get("/nurse/cases/{key}", response_class=HTMLResponse, include_in_schema=False)
    def case_page(key: str) -> HTMLResponse:
        from triage.cases import VignetteNotFound, disagreements, get_vignette, render_vignette
        from triage.explain import explain, explanation_lines

        try:
            vignette = get_vignette(key)
        except VignetteNotFound as error:
            return page("error.html", 404, title="No such teaching case", message=str(error))
        assessment = assessor().assess(vignette.case)
        return page(
            "case.html",
            vignette=vignette,
            text=render_vignette(vignette),
            result=result_view(assessment),
            explanation="\n".join(explanation_lines(explain(assessment))),
            disagreements=disagreements(vignette, assessment),
            title=f"Teaching case: {vignette.title}",
        )

    @app.get("/nurse/quiz", response_class=HTMLResponse, include_in_schema=False)
    def quiz_start() -> HTMLResponse:
        from triage.cases import load_vignettes

        return page("quiz.html", phase="start", total=len(load_vignettes()), title="Nurse: quiz")

    @app.post("/nurse/quiz", response_class=HTMLResponse, include_in_schema=False)
    async def quiz_step(request: Request) -> HTMLResponse:
        form = await form_data(request)
        return await _in_thread(_quiz, form)

    @app.get("/nurse/batch", response_class=HTMLResponse, include_in_schema=False)
    def batch_form() -> HTMLResponse:
        return page("batch.html", error=None, limit=MAX_UPLOAD_BYTES, title="Batch scoring")

    @app.post("/nurse/batch", include_in_schema=False)
    async def batch_run(request: Request) -> Response:
        form = await form_data(request)
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return page("batch.html", 422, error="Choose a CSV or JSON Lines file first.",
                        limit=MAX_UPLOAD_BYTES, title="Batch scoring")  # fmt: skip
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            return page("batch.html", 413, error=f"The file is larger than "
                        f"{MAX_UPLOAD_BYTES:,} bytes: split it, or use `triage batch`.",
                        limit=MAX_UPLOAD_BYTES, title="Batch scoring")  # fmt: skip
        return await _in_thread(_batch, form, str(upload.filename), data)

    # -- the JSON API ------------------------------------------------------------------

    @app.get("/api", response_class=HTMLResponse, include_in_schema=False)
    def api_page() -> HTMLResponse:
        return page("api.html", title="JSON API")

    @app.post(
        "/api/assess",
        summary="Assess one case",
        description=(
            "A case-format case (JSON object) in; the case-format output object out, or "
            "(422) the case-format error record naming each field that was rejected."
        ),
        responses={
            200: {"model": Assessment, "description": "the case-format output object"},
            422: {"model": ErrorRecord, "description": "the case was rejected"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": CaseInput.model_json_schema()}},
            }
        },
    )
    async def api_assess(request: Request) -> Response:
        body = await request.body()
        try:
            case = json.loads(body.decode("utf-8-sig"), object_pairs_hook=_no_repeats)
        except UnicodeDecodeError:
            return error_record([("case", "the body is not UTF-8 text")])
        except RecursionError:
            return error_record([("case", "not valid JSON (nested too deeply)")])
        except json.JSONDecodeError as error:
            return error_record([("case", f"not valid JSON (line {error.lineno}, column "
                                          f"{error.colno}): {error.msg}")])  # fmt: skip
        except ValueError as error:
            return error_record([("case", str(error))])
        if not isinstance(case, dict):
            return error_record([("case", "the body must be one JSON object of case fields")])
        return await _in_thread(_api_assess, case)

    @app.get("/api/rules", summary="The rule catalogue (as `triage rules --format json`)")
    def api_rules() -> Response:
        from triage.catalogue import render_catalogue

        return Response(render_catalogue("json"), media_type="application/json")

    @app.get("/api/vocab", summary="Accepted symptoms, conditions and medicines")
    def api_vocab() -> Response:
        from triage.vocabulary import vocabulary_listing

        return JSONResponse(vocabulary_listing())


async def _in_thread(function: Callable[..., Any], *args: Any) -> Any:
    """Run the engine off the event loop, in the pool's thread (one engine each)."""
    from starlette.concurrency import run_in_threadpool

    return await run_in_threadpool(function, *args)


# ----------------------------------------------------------------- handlers (threads)


def _interview_step(answers: list[str] | None, reply: str) -> HTMLResponse:
    from triage.interview import Session

    if answers is None:
        return interview_page(
            Session(assessor=assessor()),
            notice="The answers on that page could not be read, so the questions start again.",
        )
    session = Session.replay(answers, assessor=assessor())
    if session.step.finished:
        return interview_page(session)
    if len(session.answers) >= MAX_WEB_ANSWERS:
        session.stop("end_of_input")
        return interview_page(session)
    session.answer(reply)
    return interview_page(session)


def _assess_form(case: dict[str, Any]) -> HTMLResponse:
    try:
        assessment = assessor().assess(case)
    except CaseRejected as rejected:
        errors = [(e.field, e.message) for e in rejected.errors]
        return page("case_form.html", 422, fields=CASE_FIELDS, values=form_values(case),
                    errors=errors, title="Nurse: assess a case")  # fmt: skip
    return nurse_result(case, assessment)


def _what_if(case: dict[str, Any], changes: list[str]) -> HTMLResponse:
    from triage.whatif import WhatIfError, compare, parse_changes, render_whatif

    try:
        assessment = assessor().assess(case)
    except CaseRejected as rejected:
        errors = [(e.field, e.message) for e in rejected.errors]
        return page("case_form.html", 422, fields=CASE_FIELDS, values=form_values(case),
                    errors=errors, title="Nurse: assess a case")  # fmt: skip
    problem = None
    whatif_text = None
    try:
        if not changes:
            raise WhatIfError("what-if: give at least one change, such as anc=1600")
        result = compare(case, parse_changes(changes), assessor=assessor())
        whatif_text = render_whatif(result)
    except WhatIfError as error:
        problem = str(error)
    except CaseRejected as rejected:
        problem = "With the changes, the case cannot be assessed: " + "; ".join(
            f"{e.field}: {e.message}" for e in rejected.errors
        )
    return nurse_result(case, assessment, whatif=whatif_text, whatif_problem=problem,
                        changes="\n".join(changes))  # fmt: skip


def _api_assess(case: dict[str, Any]) -> Response:
    try:
        assessment = assessor().assess(case)
    except CaseRejected as rejected:
        case_id = rejected.case_id
        return error_record([(e.field, e.message) for e in rejected.errors], case_id)
    return JSONResponse(assessment.to_json_dict())


def _quiz(form: Any) -> HTMLResponse:
    """The quiz with no state on the server: the seed, the count and the answers so far
    travel in hidden fields; each page is worked out again from them."""
    from triage.cases import load_vignettes
    from triage.explain import explain, render_explanation
    from triage.quiz import (
        QuizResult,
        case_lines,
        choose,
        feedback_lines,
        parse_causes,
        parse_triage,
        score,
        summary_lines,
    )
    from triage.render import CAUSE_WORDS

    vignettes = load_vignettes()
    try:
        seed = int(str(form.get("seed") or "").strip() or random.randrange(1, 1_000_000))
        count = max(1, min(len(vignettes), int(str(form.get("count") or "5"))))
        given = json.loads(str(form.get("given") or "[]"))
        assert isinstance(given, list) and len(given) <= count
        pairs = [(str(t), str(c)) for t, c in given]
    except (ValueError, AssertionError, TypeError):
        return page("quiz.html", 422, phase="start", total=len(vignettes),
                    problem="Please give whole numbers.", title="Nurse: quiz")  # fmt: skip
    chosen = choose(vignettes, seed, count)
    result = QuizResult()
    for vignette, (given_level, given_causes) in zip(chosen, pairs, strict=False):
        parsed = parse_causes(given_causes)
        triage_level = parse_triage(given_level)
        if triage_level is None or parsed is None:
            return page("quiz.html", 422, phase="start", total=len(vignettes),
                        problem="The answers so far could not be read.",
                        title="Nurse: quiz")  # fmt: skip
        result.answers.append(score(vignette, triage_level, parsed))
    action = str(form.get("action") or "start")
    problem = None
    state = {"seed": seed, "count": count}
    if action == "answer" and len(pairs) < count:
        level = parse_triage(str(form.get("triage") or ""))
        causes = [str(c) for c in form.getlist("cause") if str(c) in CAUSE_WORDS]
        if level is None:
            problem = "Choose a triage level."
        else:
            vignette = chosen[len(pairs)]
            answer = score(vignette, level, frozenset(causes))
            result.answers.append(answer)
            pairs.append((level, " ".join(causes) or "none"))
            assessment = assessor().assess(vignette.case)
            return page(
                "quiz.html", phase="feedback", vignette=vignette, number=len(pairs),
                feedback="\n".join(feedback_lines(answer)),
                answer=answer,
                explanation=render_explanation(explain(assessment)),
                given=json.dumps(pairs), last=len(pairs) == count, title="Nurse: quiz",
                **state,
            )  # fmt: skip
    if action == "stop" or len(pairs) >= count:
        result.stopped_early = len(pairs) < count
        return page("quiz.html", phase="summary", summary="\n".join(summary_lines(result)),
                    result=result, title="Nurse: quiz score")  # fmt: skip
    vignette = chosen[len(pairs)]
    return page(
        "quiz.html", phase="question", vignette=vignette, number=len(pairs) + 1,
        case_lines="\n".join(case_lines(vignette.case)),
        levels=TRIAGE_LEVELS, causes=CAUSE_WORDS, given=json.dumps(pairs),
        problem=problem, points=result.points, title="Nurse: quiz", **state,
    )  # fmt: skip


class _Named(io.BytesIO):
    def __init__(self, data: bytes = b"", name: str = "") -> None:
        super().__init__(data)
        self.name = name


def _batch(form: Any, filename: str, data: bytes) -> Response:
    from triage.batch import BatchUsageError, run_batch
    from triage.report import render_html
    from triage.safetext import neutralise

    name = neutralise(filename.replace("\\", "/").rsplit("/", 1)[-1], 100) or "upload"
    input_format = str(form.get("input_format") or "") or None
    output_format = "csv" if form.get("output_format") == "csv" else "jsonl"
    out_name = f"results.{output_format}"
    output = _Named(name=out_name)
    try:
        summary = run_batch(
            _Named(data, name), output, input_format=input_format, output_format=output_format,
            workers=1, assessor_factory=assessor, explain=form.get("explain") == "yes",
        )  # fmt: skip
    except BatchUsageError as error:
        return page("batch.html", 422, error=str(error), limit=MAX_UPLOAD_BYTES,
                    title="Batch scoring")  # fmt: skip
    results = output.getvalue()
    media = "text/csv" if output_format == "csv" else "application/x-ndjson"
    headers = {"x-triage-exit-code": str(summary.exit_code)}
    if form.get("action") == "results":
        headers["content-disposition"] = f'attachment; filename="{out_name}"'
        return Response(results, media_type=f"{media}; charset=utf-8", headers=headers)
    report = render_html(summary)
    link = None
    if len(results) <= RESULTS_LINK_MAX_BYTES:
        link = f"data:{media};base64,{base64.b64encode(results).decode()}"
    bar = templates.get_template("report_bar.html").render(link=link, name=out_name)
    report = report.replace("<body>", "<body>" + bar, 1)
    headers["content-security-policy"] = REPORT_CSP
    return HTMLResponse(report, headers=headers)
