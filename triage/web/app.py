"""The local web server of ``triage serve`` (docs/web.md): :func:`create_app` puts the
parts together.

Server-rendered pages that work without JavaScript, and a small JSON API. Nothing is
stored on the server: the interview keeps its raw answers in a hidden form field and is
rebuilt with :meth:`triage.interview.Session.replay` on every request; forms are POST
only, so answers never land in a URL; no cookies; no access log. Every engine is used
by one thread only (:func:`assessor`).

- :mod:`triage.web.security`: the headers on every response, the body bound
  (:class:`Guard`) and :func:`is_loopback`.
- :mod:`triage.web.threads`: one engine per thread, and running handlers off the loop.
- :mod:`triage.web.views`: the templates, :func:`page`, :func:`unwrap`,
  :func:`result_view` and reading a form.
- :mod:`triage.web.patient`: the interview (``/interview``).
- :mod:`triage.web.nurse`: the nurse's tools (``/nurse``).
- :mod:`triage.web.api`: the JSON API (``/api``).
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.formparsers import MultiPartParser

from triage.assessment import RULESET_VERSION
from triage.limits import MAX_UPLOAD_BYTES
from triage.web import api, nurse, patient
from triage.web.api import ErrorRecord, FieldProblem, error_record
from triage.web.nurse import (
    CASE_FIELDS,
    FORM_FIELDS,
    RESULTS_LINK_MAX_BYTES,
    case_from_form,
    form_values,
    nurse_result,
)
from triage.web.patient import COMMANDS, interview_page, interview_reply, read_answers
from triage.web.security import (
    CSP,
    LOOPBACK_NAMES,
    PAGE_CACHE,
    REPORT_CSP,
    SECURITY_HEADERS,
    UPLOAD_PATHS,
    ASGIApp,
    Guard,
    Message,
    Receive,
    Scope,
    Send,
    is_loopback,
)
from triage.web.threads import assessor
from triage.web.views import LIST_ITEM, form_data, page, result_view, templates, unwrap

# The names this module held before it was split (issue 12), still importable from here.
__all__ = [
    "CASE_FIELDS",
    "COMMANDS",
    "CSP",
    "FORM_FIELDS",
    "LIST_ITEM",
    "LOOPBACK_NAMES",
    "PAGE_CACHE",
    "REPORT_CSP",
    "RESULTS_LINK_MAX_BYTES",
    "SECURITY_HEADERS",
    "UPLOAD_PATHS",
    "ASGIApp",
    "ErrorRecord",
    "FieldProblem",
    "Guard",
    "Message",
    "Receive",
    "Scope",
    "Send",
    "assessor",
    "case_from_form",
    "create_app",
    "error_record",
    "form_data",
    "form_values",
    "interview_page",
    "interview_reply",
    "is_loopback",
    "nurse_result",
    "page",
    "read_answers",
    "register_routes",
    "result_view",
    "templates",
    "unwrap",
]


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
    """The site's own pages (home, privacy, the error page), then each part's routes
    in the order they always had."""

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

    patient.register_routes(app)
    nurse.register_routes(app)
    api.register_routes(app)
