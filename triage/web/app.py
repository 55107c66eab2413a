"""The local web server of ``triage serve`` (docs/web.md): :func:`create_app` puts the
parts together.

Server-rendered pages that work without JavaScript, and a small JSON API. Nothing is
stored on the server: the interview keeps its raw answers in a hidden form field and is
rebuilt with :meth:`triage.interview.Session.replay` on every request; forms are POST
only, so answers never land in a URL; no cookies; no access log. Every engine is used
by one thread only (:func:`assessor`).

- :mod:`triage.web.security`: the headers on every response (``no-store``), the
  refusal of other sites' posts, the body bound and time limit (:class:`Guard`) and
  :func:`is_loopback`.
- :mod:`triage.web.inputs`: the one reader of JSON sent to the server (depth, lone
  surrogates, NaN and huge numbers refused).
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
from fastapi.exceptions import RequestValidationError
from fastapi.responses import HTMLResponse, RedirectResponse, Response
from fastapi.staticfiles import StaticFiles
from starlette.exceptions import HTTPException
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
    BODY_TIMEOUT_S,
    CSP,
    LOOPBACK_NAMES,
    PAGE_CACHE,
    REPORT_CSP,
    SECURITY_HEADERS,
    UPLOAD_OVERHEAD_BYTES,
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
from triage.web.views import (
    ERROR_MESSAGES,
    ERROR_TITLES,
    LIST_ITEM,
    error_page,
    form_data,
    page,
    result_view,
    templates,
    unwrap,
)

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


def create_app(allowed_hosts: list[str] | None = None, body_timeout: float = BODY_TIMEOUT_S) -> Any:
    """The application. ``allowed_hosts``: the Host header values accepted (a guard
    against DNS rebinding when serving on loopback); None accepts any. ``body_timeout``:
    the seconds a request body may take to arrive (408 after)."""
    # Uploads stay in memory (never a temporary file on disk) up to the upload bound.
    MultiPartParser.spool_max_size = MAX_UPLOAD_BYTES + UPLOAD_OVERHEAD_BYTES
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
    inner: ASGIApp = app
    if allowed_hosts:
        from starlette.middleware.trustedhost import TrustedHostMiddleware

        inner = TrustedHostMiddleware(app, allowed_hosts=allowed_hosts)
    return Guard(inner, body_timeout=body_timeout)


def register_routes(app: FastAPI) -> None:
    """The site's own pages (home, privacy, the error page), then each part's routes
    in the order they always had."""

    @app.exception_handler(Exception)
    async def internal_error(request: Request, error: Exception) -> Response:
        # The error then goes on to the Guard, which logs one line (never a traceback).
        if request.url.path.startswith("/api/"):
            return error_record([("request", "an internal error: the case was not assessed")],
                                status=500)  # fmt: skip
        return page("error.html", 500, title="Something went wrong",
                    detail=f"{type(error).__name__}")  # fmt: skip

    @app.exception_handler(HTTPException)
    async def http_error(request: Request, error: HTTPException) -> Response:
        """404, 405, a form that cannot be parsed (400): a page of the site with a way
        back (a JSON error record under /api/), never FastAPI's ``{"detail": ...}``."""
        status = error.status_code
        message = ERROR_MESSAGES.get(status) or str(error.detail)
        headers = dict(error.headers or {})
        if request.url.path.startswith("/api/"):
            return error_record([("request", message)], status=status, headers=headers)
        title = ERROR_TITLES.get(status, "The request could not be served")
        return error_page(status, title, message, headers=headers)

    @app.exception_handler(RequestValidationError)
    async def invalid_request(request: Request, error: RequestValidationError) -> Response:
        message = "The address or the form holds a value that cannot be used."
        if request.url.path.startswith("/api/"):
            return error_record([("request", message)])
        return error_page(422, ERROR_TITLES[422], message)

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
