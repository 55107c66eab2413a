"""The nurse's tools as web pages (docs/web.md): the routes under ``/nurse``. The case
form (with the explanation and what-if), the rule catalogue, the teaching cases, the
quiz (its state in hidden fields) and the batch upload (the report and the results).
"""

from __future__ import annotations

import asyncio
import base64
import contextlib
import io
import json
import random
import threading
from collections.abc import AsyncIterator, Callable, Mapping
from typing import Any, BinaryIO, cast

import anyio
from fastapi import FastAPI, Request
from fastapi.responses import HTMLResponse, Response, StreamingResponse

from triage.assessment import TRIAGE_LEVELS, Assessment
from triage.limits import MAX_UPLOAD_BYTES
from triage.models import CaseInput, CaseRejected
from triage.web.inputs import JSONProblem, read_json
from triage.web.security import REPORT_CSP, log_failure, upload_too_large
from triage.web.threads import assessor, in_thread
from triage.web.views import batch_page, error_page, form_data, page, result_view, templates

RESULTS_LINK_MAX_BYTES = 1_048_576  # a results file embedded as a download link
# Batch jobs scoring at once (each holds a thread and the interpreter's lock while it
# scores); past it the page says "busy, try again" (503).
MAX_BATCH_JOBS = 2
BUSY = (
    "The server is busy scoring other files: please try again in a minute "
    "(or use `triage batch` on this computer)."
)
STREAM_CHUNK_BYTES = 65_536  # results are sent in pieces of about this size
STREAM_CHUNKS_AHEAD = 8  # scored ahead of the download at most: memory stays flat
_batch_slots = threading.BoundedSemaphore(MAX_BATCH_JOBS)

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
        ("days_since_count", "Days since the count was taken (blank: today)", "number", ()),
        ("neutropenia_days", "Days the count has been low", "number", ()),
        ("anc_falling", "The count is expected to fall", "yesno", ()),
        ("duffy_null", "Known Duffy-null associated neutrophil count", "yesno", ()),
    )),
    ("Temperature and treatment", "fever", (
        ("temperature", "Highest recent temperature", "number", ()),
        ("temperature_unit", "Temperature unit (blank: from the number)", "choice", ("C", "F")),
        ("fever_hours", "Hours at 38.0 °C (100.4 °F) or more", "number", ()),
        ("days_since_chemo", "Days since the last anticancer treatment or radiotherapy",
         "number", ()),
        ("steroids_long_term", "Steroid tablets or injections long term (14+ days at 20 mg, "
         "or 4+ weeks)", "yesno", ()),
        ("age", "Age in years", "number", ()),
        ("age_months", "Age in months (babies and toddlers)", "number", ()),
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


def register_routes(app: FastAPI) -> None:
    """The nurse's routes: the case form and what-if, the catalogue, the teaching cases,
    the quiz and the batch upload."""

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
        return await in_thread(_assess_form, case)

    @app.post("/nurse/case/edit", response_class=HTMLResponse, include_in_schema=False)
    async def case_edit(request: Request) -> HTMLResponse:
        form = await form_data(request)
        return page("case_form.html", fields=CASE_FIELDS, values=form_values(case_from_form(form)),
                    errors=[], title="Nurse: assess a case")  # fmt: skip

    @app.post("/nurse/whatif", response_class=HTMLResponse, include_in_schema=False)
    async def case_whatif(request: Request) -> HTMLResponse:
        form = await form_data(request)
        problem = "the case was lost: fill in the form again"
        try:
            case = read_json(str(form.get("case") or "{}"))
        except JSONProblem as error:
            case, problem = None, f"the case could not be read ({error}): fill in the form again"
        if not isinstance(case, dict):
            return page("case_form.html", 422, fields=CASE_FIELDS, values={},
                        errors=[("case", problem)], title="Nurse: assess a case")  # fmt: skip
        changes = [line.strip() for line in str(form.get("changes") or "").splitlines()]
        return await in_thread(_what_if, case, [c for c in changes if c])

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
        return await in_thread(_quiz, form)

    @app.get("/nurse/batch", response_class=HTMLResponse, include_in_schema=False)
    def batch_form() -> HTMLResponse:
        return batch_page()

    @app.post("/nurse/batch", include_in_schema=False)
    async def batch_run(request: Request) -> Response:
        form = await form_data(request)
        upload = form.get("file")
        if upload is None or isinstance(upload, str) or not upload.filename:
            return batch_page(422, "Choose a CSV or JSON Lines file first.")
        data = await upload.read(MAX_UPLOAD_BYTES + 1)
        if len(data) > MAX_UPLOAD_BYTES:
            return batch_page(413, upload_too_large())
        if not _batch_slots.acquire(blocking=False):
            return batch_page(503, BUSY, headers={"retry-after": "30"})
        job = _BatchJob(form, str(upload.filename), data)
        if form.get("action") == "results":
            return await job.stream()
        return await job.report(request)


# ----------------------------------------------------------------- handlers (threads)


def _assess_form(case: dict[str, Any]) -> HTMLResponse:
    try:
        assessment = assessor().assess(case)
    except CaseRejected as rejected:
        return _rejected_form(case, rejected)
    return nurse_result(case, assessment)


def _rejected_form(case: dict[str, Any], rejected: CaseRejected) -> HTMLResponse:
    """The case form again with the field errors and, above them, what the rest of the
    case already means (clinical-rules §1: a refused value never hides the level of the
    rest)."""
    from triage.at_least import at_least_level, at_least_sentence

    errors = [(e.field, e.message) for e in rejected.errors]
    level = at_least_level(case, assessor(), rejected.errors)
    at_least = None if level is None else {"level": level, "text": at_least_sentence(level)}
    return page("case_form.html", 422, fields=CASE_FIELDS, values=form_values(case),
                errors=errors, at_least=at_least, title="Nurse: assess a case")  # fmt: skip


def _what_if(case: dict[str, Any], changes: list[str]) -> HTMLResponse:
    from triage.whatif import WhatIfError, compare, parse_changes, render_whatif

    try:
        assessment = assessor().assess(case)
    except CaseRejected as rejected:
        return _rejected_form(case, rejected)
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
        from triage.at_least import at_least_level, at_least_sentence
        from triage.whatif import apply_changes

        problem = "With the changes, the case cannot be assessed: " + "; ".join(
            f"{e.field}: {e.message}" for e in rejected.errors
        )
        changed = apply_changes(case, parse_changes(changes))
        level = at_least_level(changed, assessor(), rejected.errors)
        if level is not None:
            problem += ". " + at_least_sentence(level)
    return nurse_result(case, assessment, whatif=whatif_text, whatif_problem=problem,
                        changes="\n".join(changes))  # fmt: skip


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
    except ValueError:
        return page("quiz.html", 422, phase="start", total=len(vignettes),
                    problem="Please give whole numbers.", title="Nurse: quiz")  # fmt: skip
    try:
        given = read_json(str(form.get("given") or "[]"))
        if not isinstance(given, list) or len(given) > count:
            raise ValueError("not the answers of this quiz")
        pairs = [(str(t), str(c)) for t, c in given]
    except (ValueError, TypeError):
        return page("quiz.html", 422, phase="start", total=len(vignettes),
                    problem="The answers so far could not be read: start the quiz again.",
                    title="Nurse: quiz")  # fmt: skip
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


class _Stopped(Exception):
    """The client has gone: the batch stops at its next output."""


class _Sink(io.RawIOBase):
    """Where :func:`~triage.batch.run_batch` writes the results on the web. With
    ``send``: in pieces of :data:`STREAM_CHUNK_BYTES` to the download as it is scored
    (``send`` blocks while the download is :data:`STREAM_CHUNKS_AHEAD` pieces behind);
    without: kept up to ``keep`` bytes (the report's download link), the rest counted
    and dropped. Either way memory stays flat, and once ``stop`` is set (the client has
    gone) the next write raises :class:`_Stopped`."""

    def __init__(self, name: str, stop: threading.Event, send: Callable[[bytes], None]
                 | None = None, keep: int = 0) -> None:  # fmt: skip
        super().__init__()
        self.name = name
        self.stop = stop
        self.send = send
        self.keep = keep
        self.data = bytearray()
        self.overflow = False

    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        if self.stop.is_set():
            raise _Stopped
        size = len(data)
        if self.send is None:
            if len(self.data) + size <= self.keep and not self.overflow:
                self.data += data
            else:
                self.overflow = True
                self.data.clear()
            return size
        self.data += data
        if len(self.data) >= STREAM_CHUNK_BYTES:
            self.send_all()
        return size

    def send_all(self) -> None:
        if self.send is not None and self.data:
            chunk = bytes(self.data)
            self.data.clear()
            self.send(chunk)


class _Download(StreamingResponse):
    """A streamed results file that stops its batch however the sending ends (the
    client gone before the first byte included)."""

    def __init__(self, stop: threading.Event, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)
        self.stop = stop

    async def __call__(self, scope: Any, receive: Any, send: Any) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            self.stop.set()


class _BatchJob:
    """One upload scored: the results file streamed as it is scored (``stream``), or the
    report page (``report``). The job holds one of the :data:`MAX_BATCH_JOBS` slots
    (taken by the caller) until it has finished, and stops when the client goes."""

    def __init__(self, form: Any, filename: str, data: bytes) -> None:
        from triage.safetext import neutralise

        self.name = neutralise(filename.replace("\\", "/").rsplit("/", 1)[-1], 100) or "upload"
        self.input_format = str(form.get("input_format") or "") or None
        self.output_format = "csv" if form.get("output_format") == "csv" else "jsonl"
        self.out_name = f"results.{self.output_format}"
        self.media = "text/csv" if self.output_format == "csv" else "application/x-ndjson"
        self.explain = form.get("explain") == "yes"
        self.data = data
        self.stop = threading.Event()

    def run(self, sink: _Sink) -> Any:
        """Score the upload into ``sink``; the summary (BatchUsageError for a file that
        cannot be scored)."""
        from triage.batch import run_batch

        return run_batch(
            _Named(self.data, self.name), cast(BinaryIO, sink), input_format=self.input_format,
            output_format=self.output_format, workers=1, assessor_factory=assessor,
            explain=self.explain,
        )  # fmt: skip

    async def stream(self) -> Response:
        """The results file, sent while it is scored (never whole in memory). A file
        that cannot be scored is the batch page with the reason (422)."""
        from triage.batch import BatchUsageError

        loop = asyncio.get_running_loop()
        items: asyncio.Queue[tuple[str, Any]] = asyncio.Queue()
        room = threading.Semaphore(STREAM_CHUNKS_AHEAD)

        def put(kind: str, value: Any) -> None:  # in the job's thread
            while not room.acquire(timeout=0.25):
                if self.stop.is_set():
                    raise _Stopped
            loop.call_soon_threadsafe(items.put_nowait, (kind, value))

        def produce() -> None:
            sink = _Sink(self.out_name, self.stop, send=lambda chunk: put("data", chunk))
            try:
                try:
                    self.run(sink)
                    sink.send_all()
                    outcome: tuple[str, Any] = ("done", None)
                except BatchUsageError as error:
                    outcome = ("usage", str(error))
                except _Stopped:
                    return  # the client has gone
                except Exception as error:
                    log_failure({"method": "POST", "path": "/nurse/batch"}, error)
                    outcome = ("failed", type(error).__name__)
                with contextlib.suppress(_Stopped, RuntimeError):  # RuntimeError: loop closed
                    put(*outcome)
            finally:
                _batch_slots.release()

        async def next_item() -> tuple[str, Any]:
            item = await items.get()
            room.release()
            return item

        threading.Thread(target=produce, name="triage-batch", daemon=True).start()
        try:
            first = await next_item()
        except BaseException:
            self.stop.set()
            raise
        if first[0] == "usage":
            return batch_page(422, first[1])
        if first[0] == "failed":
            return error_page(500, "Something went wrong", "The file could not be scored.")

        async def body() -> AsyncIterator[bytes]:
            kind, value = first
            try:
                while kind == "data":
                    yield value
                    kind, value = await next_item()
                if kind != "done":  # end the download as broken, never as complete
                    raise RuntimeError("the batch failed while its results were sent")
            finally:
                self.stop.set()

        headers = {"content-disposition": f'attachment; filename="{self.out_name}"'}
        return _Download(self.stop, body(), media_type=f"{self.media}; charset=utf-8",
                         headers=headers)  # fmt: skip

    async def report(self, request: Request) -> Response:
        """The report page, the results embedded as a download link when small enough.
        Scoring stops when the client goes."""
        async with anyio.create_task_group() as group:

            async def watch() -> None:
                while (await request.receive())["type"] != "http.disconnect":
                    await anyio.sleep(0.1)
                self.stop.set()

            group.start_soon(watch)
            try:
                response: Response = await in_thread(self._report)
            finally:
                group.cancel_scope.cancel()
        return response

    def _report(self) -> Response:
        from triage.batch import BatchUsageError
        from triage.report import render_html

        sink = _Sink(self.out_name, self.stop, keep=RESULTS_LINK_MAX_BYTES)
        try:
            summary = self.run(sink)
        except BatchUsageError as error:
            return batch_page(422, str(error))
        except _Stopped:
            return Response(status_code=499)  # nobody is left to read it
        finally:
            _batch_slots.release()
        report = render_html(summary)
        link = None
        if not sink.overflow:
            link = f"data:{self.media};base64,{base64.b64encode(sink.data).decode()}"
        bar = templates.get_template("report_bar.html").render(link=link, name=self.out_name)
        report = report.replace("<body>", "<body>" + bar, 1)
        headers = {
            "x-triage-exit-code": str(summary.exit_code),
            "content-security-policy": REPORT_CSP,
        }
        return HTMLResponse(report, headers=headers)


class _Named(io.BytesIO):
    def __init__(self, data: bytes = b"", name: str = "") -> None:
        super().__init__(data)
        self.name = name
