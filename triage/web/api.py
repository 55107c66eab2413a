"""The JSON API (docs/web.md): ``POST /api/assess`` (a case in, the case-format output
or error record out), ``GET /api/rules``, ``GET /api/vocab``, and the ``/api`` page; the
OpenAPI description at ``/api/openapi.json``.
"""

from __future__ import annotations

from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from triage.assessment import Assessment
from triage.limits import MAX_ID_CHARS, MAX_WEB_BODY_BYTES
from triage.models import CaseInput, CaseRejected
from triage.web.inputs import JSONProblem, read_json, unique_fields
from triage.web.threads import assessor, in_thread
from triage.web.views import page

JSON_TYPES = ("application/json",)


class FieldProblem(BaseModel):
    field: str
    message: str


class ErrorRecord(BaseModel):
    """The case-format error record: the case cannot be assessed as given."""

    case_id: str | None
    record: int
    error: list[FieldProblem]
    at_least: str | None = Field(
        description="The triage level the rest of the case gives with the refused values "
        "unknown, or null when nothing else could be read (clinical-rules §1)."
    )


def error_record(
    problems: list[tuple[str, str]],
    case_id: str | None = None,
    at_least: str | None = None,
    status: int = 422,
    headers: dict[str, str] | None = None,
) -> JSONResponse:
    """The case-format error record (422), or the same record for a request the API
    refuses before reading a case (403, 404, 405, 408, 413, 415)."""
    record = {
        "case_id": None if case_id is None else case_id[:MAX_ID_CHARS],  # echo bounded
        "record": 1,
        "error": [{"field": f, "message": m} for f, m in problems],
        "at_least": at_least,
    }
    return JSONResponse(record, status_code=status, headers=headers)


def is_json(content_type: str | None) -> bool:
    """Whether a Content-Type header says JSON (parameters such as charset allowed)."""
    media = (content_type or "").split(";", 1)[0].strip().lower()
    return media in JSON_TYPES


def register_routes(app: FastAPI) -> None:
    """The API's routes (in the OpenAPI description) and its page."""

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
            403: {"model": ErrorRecord, "description": "sent by a page of another site"},
            408: {"model": ErrorRecord, "description": "the body did not arrive in time"},
            413: {"model": ErrorRecord, "description": f"a body over {MAX_WEB_BODY_BYTES:,} bytes"},
            415: {"model": ErrorRecord, "description": "not sent as application/json"},
        },
        openapi_extra={
            "requestBody": {
                "required": True,
                "content": {"application/json": {"schema": CaseInput.model_json_schema()}},
            }
        },
    )
    async def api_assess(request: Request) -> Response:
        if not is_json(request.headers.get("content-type")):
            return error_record([("content-type", "send the case as JSON, with the header "
                                  "Content-Type: application/json")], status=415)  # fmt: skip
        body = await request.body()
        try:
            case = read_json(body.decode("utf-8-sig"), object_pairs_hook=unique_fields)
        except UnicodeDecodeError:
            return error_record([("case", "the body is not UTF-8 text")])
        except JSONProblem as problem:
            return error_record([(problem.field, str(problem))])
        if not isinstance(case, dict):
            return error_record([("case", "the body must be one JSON object of case fields")])
        return await in_thread(_api_assess, case)

    @app.get("/api/rules", summary="The rule catalogue (as `triage rules --format json`)")
    def api_rules() -> Response:
        from triage.catalogue import render_catalogue

        return Response(render_catalogue("json"), media_type="application/json")

    @app.get("/api/vocab", summary="Accepted symptoms, conditions and medicines")
    def api_vocab() -> Response:
        from triage.vocabulary import vocabulary_listing

        return JSONResponse(vocabulary_listing())


def _api_assess(case: dict[str, Any]) -> Response:
    try:
        assessment = assessor().assess(case)
    except CaseRejected as rejected:
        from triage.at_least import at_least_level

        case_id = rejected.case_id
        at_least = at_least_level(case, assessor(), rejected.errors)
        return error_record([(e.field, e.message) for e in rejected.errors], case_id, at_least)
    return JSONResponse(assessment.to_json_dict())
