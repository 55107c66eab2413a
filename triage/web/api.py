"""The JSON API (docs/web.md): ``POST /api/assess`` (a case in, the case-format output
or error record out), ``GET /api/rules``, ``GET /api/vocab``, and the ``/api`` page; the
OpenAPI description at ``/api/openapi.json``.
"""

from __future__ import annotations

import json
from typing import Any

from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, JSONResponse, Response
from pydantic import BaseModel, Field

from triage.assessment import Assessment
from triage.models import CaseInput, CaseRejected, refuse_repeated_fields
from triage.web.threads import assessor, in_thread
from triage.web.views import page


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
    problems: list[tuple[str, str]], case_id: str | None = None, at_least: str | None = None
) -> JSONResponse:
    record = {
        "case_id": case_id,
        "record": 1,
        "error": [{"field": f, "message": m} for f, m in problems],
        "at_least": at_least,
    }
    return JSONResponse(record, status_code=422)


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
            case = json.loads(body.decode("utf-8-sig"), object_pairs_hook=refuse_repeated_fields)
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
