"""`triage serve`: the pages and the JSON API through FastAPI's TestClient (no browser).

The interview pages are driven answer by answer, as a browser posts them, and must end
where the terminal's :class:`Session` ends for the same answers (the scripts of the
golden transcripts, and the interviews of the revision's new questions in
tests/web_server.py). Browser tests are in tests/test_web_browser.py.
"""

from __future__ import annotations

import html
import json
import re
import threading
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
pytest.importorskip("httpx", reason="httpx (for FastAPI's TestClient) is not installed")

from click.testing import CliRunner
from fastapi.testclient import TestClient
from test_interview_transcripts import SCRIPTS
from web_server import INTERVIEWS

import triage
from cli import cli
from triage.interview import Session, case_json
from triage.limits import MAX_UPLOAD_BYTES, MAX_WEB_BODY_BYTES
from triage.text import action_parts
from triage.web import assessor, create_app, is_loopback
from triage.web.app import CASE_FIELDS, unwrap

ALL_SCRIPTS = {**SCRIPTS, **INTERVIEWS}
# Up to the temperature question: no warning sign, no cancer treatment, no
# immune-weakening medicine, age 54.
TO_TEMPERATURE = ["0", "no", "no", "54"]
PAGES = ["/", "/privacy", "/interview", "/nurse", "/nurse/case", "/nurse/rules",
         "/nurse/cases", "/nurse/cases/1", "/nurse/quiz", "/nurse/batch", "/api"]  # fmt: skip


@pytest.fixture(scope="module")
def client() -> TestClient:
    return TestClient(create_app())


def hidden_answers(page: str) -> list[str]:
    found = re.search(r'name="answers" value="([^"]*)"', page)
    assert found, "the page carries no answers"
    answers: list[str] = json.loads(html.unescape(found.group(1)))
    return answers


def post_answer(client: TestClient, answers: list[str], reply: str, **extra: str) -> Any:
    data = {"answers": json.dumps(answers), "reply": reply, "action": "answer", **extra}
    return client.post("/interview", data=data)


def walk(client: TestClient, replies: list[str]) -> Any:
    """Answer one page at a time, each time with the answers the last page carried."""
    response = client.get("/interview")
    answers: list[str] = []
    for reply in replies:
        response = post_answer(client, answers, reply)
        assert response.status_code == 200
        if 'name="answers"' not in response.text:
            break
        answers = hidden_answers(response.text)
    return response


# ----------------------------------------------------------------- every page


@pytest.mark.parametrize("path", PAGES)
def test_page_is_served_with_security_headers_and_nothing_from_another_host(
    client: TestClient, path: str
) -> None:
    response = client.get(path)
    assert response.status_code == 200
    headers = response.headers
    csp = headers["content-security-policy"]
    assert "default-src 'none'" in csp and "script-src 'self'" in csp
    assert "unsafe-inline" not in csp
    assert headers["referrer-policy"] == "no-referrer"
    assert headers["x-content-type-options"] == "nosniff"
    assert headers["x-frame-options"] == "DENY"
    assert "set-cookie" not in headers
    assert not re.search(r'(src|href|action)="(https?:)?//', response.text)
    assert '<html lang="en">' in response.text


def test_no_swagger_page_that_loads_a_cdn(client: TestClient) -> None:
    assert client.get("/docs").status_code == 404
    assert client.get("/redoc").status_code == 404
    spec = client.get("/api/openapi.json").json()
    assert {"/api/assess", "/api/rules", "/api/vocab"} <= set(spec["paths"])
    body = spec["paths"]["/api/assess"]["post"]["requestBody"]["content"]["application/json"]
    assert "anc" in body["schema"]["properties"]


def test_static_files_and_unknown_pages(client: TestClient) -> None:
    assert client.get("/static/style.css").status_code == 200
    assert client.get("/static/app.js").headers["x-content-type-options"] == "nosniff"
    assert client.get("/nope").status_code == 404


# ----------------------------------------------------------------- the interview


def test_first_page_is_the_first_question_with_the_intro(client: TestClient) -> None:
    page = client.get("/interview").text
    assert "First, warning signs" in page
    assert "trouble breathing" in page and 'type="checkbox"' in page
    assert "a racing or fast heartbeat" in page and 'name="pick" value="9"' in page
    assert hidden_answers(page) == []
    for button in ("Next", "Back", "Help (?)", "Why is this asked?", "Stop"):
        assert f">{button}</button>" in page


@pytest.mark.parametrize("name", sorted(ALL_SCRIPTS))
def test_pages_end_where_the_terminal_ends(client: TestClient, name: str) -> None:
    replies = ALL_SCRIPTS[name]
    session = Session.replay(replies)
    page = walk(client, replies).text
    step = session.step
    if step.kind == "result":
        assert step.assessment is not None
        parts = action_parts(step.assessment)
        assert html.escape(parts.headline) in page
        assert html.escape(step.assessment.disclaimer, quote=True) in page
        assert hidden_answers(page) == session.answers
    elif step.finished:
        assert "Start again" in page
    else:
        assert hidden_answers(page) == session.answers


def test_emergency_shows_at_once_before_any_other_question(client: TestClient) -> None:
    page = walk(client, [*TO_TEMPERATURE, "38.4", "2", "800"]).text
    alert = page.index('role="alert"')
    assert page.index("GET CARE NOW") > alert
    assert page.index("GET CARE NOW") < page.index("Continue answering?")
    assert "Why: fever with ANC 800 cells/µL" in page
    assert "No, show the result now" in page


def test_the_new_questions_come_in_their_order(client: TestClient) -> None:
    # Cancer treatment right after the warning signs, then the days since it, the
    # immune-weakening medicines, how long the steroid was taken, the age (in months for
    # a baby), then the temperature; when the blood test was taken right after the count.
    steps = [
        ("0", "Noted: none of these.", "Have you had any cancer treatment in the last 6 weeks"),
        ("yes", "Noted: you have had cancer treatment in the last 6 weeks.",
         "How many days ago was your last cancer treatment"),
        ("10", "Noted: the last dose was 10 days ago.",
         "Do you take any medicine that weakens the immune system?"),
        ("prednisolone 10 mg", "I recognised: prednisolone 10 mg.",
         "Have you taken steroid tablets or injections every day for more than 2 weeks?"),
        ("yes", "Noted: steroids every day for more than 2 weeks.",
         "How old is the person who is unwell?"),
        # a baby: from here the questions speak to the parent (clinical-rules §10)
        ("5 months", "Noted: 5 months old.", "Have you taken your child's temperature today?"),
        ("36.8", "Noted: 36.8 °C.", "What is your child's neutrophil count?"),
        ("1800", "Noted: 1,800 cells per microlitre.", "When was this blood test taken?"),
        ("yesterday", "Noted: the test was taken yesterday.", "Does your child have any of these?"),
    ]  # fmt: skip
    answers: list[str] = []
    for reply, noted, question in steps:
        page = post_answer(client, answers, reply).text
        shown = html.unescape(page)
        assert noted in shown and question in shown, (reply, noted, question)
        answers = hidden_answers(page)
    assert answers == [reply for reply, *_ in steps]


def test_not_sure_about_cancer_treatment_goes_on_to_the_medicines(client: TestClient) -> None:
    page = html.unescape(post_answer(client, ["0"], "not sure").text)
    assert "Noted: you are not sure about cancer treatment in the last 6 weeks." in page
    assert "Do you take any medicine that weakens the immune system?" in page


def test_a_babys_fever_is_an_emergency_at_once(client: TestClient) -> None:
    page = html.unescape(walk(client, INTERVIEWS["baby-fever"][:-1]).text)
    assert page.index('role="alert"') < page.index("GET CARE NOW")
    assert "Take your child to the emergency department now." in page
    assert "Why: fever in a baby under 3 months." in page


def test_a_childs_result_speaks_to_the_parent(client: TestClient) -> None:
    replies = INTERVIEWS["child-after-chemo"]
    assessment = Session.replay(replies).step.assessment
    assert assessment is not None and assessment.triage == "urgent"
    page = html.unescape(walk(client, replies).text)
    assert page.index('class="action level-urgent"') < page.index("Check now:")
    assert "Call your child's doctor or care team today." in page
    assert "Check now: take your child's temperature again in one hour" in page
    assert "your child gets a temperature of 38.0 °C" in page


def test_back_button_and_help_and_why(client: TestClient) -> None:
    answers = [*TO_TEMPERATURE, "38.4"]
    back = post_answer(client, answers, "", action="back").text
    assert "Have you taken your temperature today?" in back
    assert "Your last answer was: 38.4" in back
    helped = post_answer(client, TO_TEMPERATURE, "", action="help").text
    assert "Have you taken your temperature today?" in helped
    why = post_answer(client, TO_TEMPERATURE, "", action="why").text
    assert "E1" in why or "rule" in why


def test_checklist_ticks_and_words_are_one_answer(client: TestClient) -> None:
    data = {"answers": "[]", "reply": "", "action": "answer", "pick": ["0"]}
    page = client.post("/interview", data=data).text
    assert hidden_answers(page) == ["0"]
    assert "Noted: none of these." in page


def test_a_refused_answer_is_asked_again_with_the_reason(client: TestClient) -> None:
    page = post_answer(client, [], "12").text
    assert "There is no number 12 in the list. Use 1 to 9" in page
    assert "First, warning signs" in page


def test_summary_can_be_changed(client: TestClient) -> None:
    replies = SCRIPTS["routine-normal-count"][:-1]  # up to the summary
    page = walk(client, replies).text
    assert "Here are your answers:" in page
    assert 'aria-label="Change line 4: Temperature: 36.8 °C"' in page
    changed = post_answer(client, hidden_answers(page), "4").text
    assert "Have you taken your temperature today?" in changed


def yes_no_form(page: str) -> str:
    """The form of the yes/no buttons on a page ("" when it has none)."""
    found = re.search(r'<form[^>]*class="step yes-no">(.*?)</form>', page, re.S)
    return found.group(1) if found else ""


def test_yes_no_questions_are_buttons_with_the_text_box_kept(client: TestClient) -> None:
    page = post_answer(client, [], "0").text  # the cancer-treatment question
    assert "(yes / no / not sure)" in page
    form = yes_no_form(page)
    for value, label in (("yes", "Yes"), ("no", "No"), ("not sure", "Not sure")):
        assert f'<button type="submit" name="reply" value="{value}">{label}</button>' in form
    assert 'role="group" aria-labelledby="question"' in form
    assert hidden_answers(form) == ["0"]
    assert '<input id="reply" name="reply"' in page  # other words still typed
    assert '<label for="reply" class="reply-label">Or type your answer' in page
    # A button posts its answer as the text box would: "not sure" goes on.
    after = post_answer(client, ["0"], "not sure").text
    assert hidden_answers(after) == ["0", "not sure"]
    # A question read otherwise (a reading or no; a checklist) has no such buttons.
    temperature = post_answer(client, TO_TEMPERATURE[:-1], TO_TEMPERATURE[-1]).text
    assert "Have you taken your temperature today?" in temperature
    assert yes_no_form(temperature) == "" and 'name="reply" value="yes"' not in temperature
    assert yes_no_form(client.get("/interview").text) == ""


@pytest.mark.parametrize(
    ("key", "text", "buttons"),
    [
        ("feverish", "Do you feel hot, sweaty or shivery? (yes / no)", ["Yes", "No"]),
        ("duffy_null", "Has a doctor told you? (yes / no / don't know)",
         ["Yes", "No", "Don't know"]),
        ("anc_confirm", "That is 800 cells per microlitre.\nIs that right? (yes / no)",
         ["Yes", "No"]),
        ("age", "How old are you?", []),
        ("temperature", "What was your temperature?", []),
    ],
)  # fmt: skip
def test_which_questions_get_yes_no_buttons(key: str, text: str, buttons: list[str]) -> None:
    from triage.interview.session import Step
    from triage.web.patient import yes_no_buttons

    labels = [label for _, label in yes_no_buttons(Step("question", key, text=text))]
    assert labels == buttons


TERMINAL_WORDS = ("At any question you can type", "type ? for help", "You can also type",
                  "Press the first button", "triage assess", "--case")  # fmt: skip


def assert_worded_for_a_page(page: str) -> None:
    text = html.unescape(page)
    for words in TERMINAL_WORDS:
        assert words not in text


def test_the_page_has_no_terminal_wording(client: TestClient) -> None:
    first = client.get("/interview").text
    assert_worded_for_a_page(first)
    assert "Why is this asked? shows which rules use your answer" in first
    assert "Have your blood test printout" in first  # the rest of the intro stays
    refused = post_answer(client, [], "12").text
    assert "There is no number 12 in the list" in refused
    assert_worded_for_a_page(refused)
    helped = post_answer(client, [], "", action="help").text
    assert "You can also press: Why is this asked?" in html.unescape(helped)
    assert_worded_for_a_page(helped)
    replies = SCRIPTS["routine-normal-count"]
    summary = walk(client, replies[:-1]).text
    assert "Here are your answers:" in summary
    assert "Yes, these are right: show my result" in html.unescape(summary)
    assert_worded_for_a_page(summary)
    result = walk(client, replies).text
    assert "Download my answers (case file)" in result
    assert_worded_for_a_page(result)


def test_terminal_phrases_are_reworded_however_wrapped() -> None:
    from triage.interview.session import intro, reask
    from triage.web.views import for_the_page

    for width in (40, 78):
        page = for_the_page(unwrap(intro(width)) + "\n" + unwrap(reask("no such word", width)))
        assert "type" not in page.replace("typed", "")
        assert "Back goes to the previous question" in page
        assert page.endswith("No such word. Please try again.")


def test_user_text_is_escaped(client: TestClient) -> None:
    page = post_answer(client, [], '<script>alert("x")</script>').text
    assert "<script>alert" not in page
    assert "&lt;script&gt;" in page


def test_answers_that_cannot_be_read_start_again(client: TestClient) -> None:
    for bad in ("not json", '{"a": 1}', json.dumps(["x" * 5000]), json.dumps([1, 2])):
        page = client.post("/interview", data={"answers": bad, "reply": "0"}).text
        assert "could not be read" in page
        assert hidden_answers(page) == []


@pytest.mark.parametrize(
    ("name", "fields"),
    [
        ("docs-saved-case-emergency", {"days_since_chemo": 10, "days_since_count": 0, "age": 60}),
        ("steroids-long-term", {"steroids_long_term": True, "days_since_count": 1}),
        ("baby-fever", {"age_months": 2}),
    ],
)
def test_downloaded_case_is_the_saved_case_and_reproduces_the_result(
    client: TestClient, tmp_path: Any, name: str, fields: dict[str, Any]
) -> None:
    replies = ALL_SCRIPTS[name]
    session = Session.replay(replies)
    response = client.post("/interview/case.json", data={"answers": json.dumps(replies)})
    assert response.status_code == 200
    assert "attachment" in response.headers["content-disposition"]
    assert response.text == case_json(session.case)
    assert fields.items() <= json.loads(response.text).items()
    path = tmp_path / "case.json"
    path.write_text(response.text, encoding="utf-8")
    result = CliRunner().invoke(cli, ["assess", "--case", str(path), "--format", "json"])
    assert json.loads(result.output) == session.step.assessment.to_json_dict()  # type: ignore[union-attr]


def test_printable_view(client: TestClient) -> None:
    replies = SCRIPTS["soon-lupus"]
    page = client.post("/interview/print", data={"answers": json.dumps(replies)}).text
    assert "Your result" in page and "Check now:" in page
    assert triage.assess(Session.replay(replies).case).disclaimer in html.unescape(page)


def test_safety_net_is_under_the_action(client: TestClient) -> None:
    page = walk(client, SCRIPTS["soon-lupus"]).text
    assert page.index('class="action level-soon"') < page.index("Check now:")
    assert page.index("Check now:") < page.index("<h3>Why</h3>")


# ----------------------------------------------------------------- nurse pages


def test_case_form_has_a_label_for_every_field(client: TestClient) -> None:
    page = client.get("/nurse/case").text
    names = [name for _, _, fields in CASE_FIELDS for name, *_ in fields]
    assert set(names) == set(triage.CaseInput.model_fields)
    for name in names:
        assert f'<label for="f-{name}">' in page
        assert f'id="f-{name}" name="{name}"' in page


def test_case_form_result_explanation_and_what_if(client: TestClient) -> None:
    data = {"anc": "800", "anc_unit": "cells/uL", "temperature": "38.4",
            "temperature_unit": "C", "symptoms": "cough\nsore throat", "copd": "yes"}  # fmt: skip
    page = client.post("/nurse/case", data=data).text
    assert "GET CARE NOW" in page and "How this result was reached" in page
    case = json.loads(html.unescape(re.search(r'name="case" value="([^"]*)"', page).group(1)))  # type: ignore[union-attr]
    assert case["symptoms"] == ["cough", "sore throat"] and case["copd"] is True
    whatif = client.post("/nurse/whatif", data={"case": json.dumps(case),
                                                "changes": "temperature="}).text  # fmt: skip
    assert "What if?" in whatif and "temperature" in whatif
    bad = client.post("/nurse/whatif", data={"case": json.dumps(case), "changes": "nope=1"})
    assert "unknown field" in bad.text


def test_case_form_rejection_names_the_field_escaped(client: TestClient) -> None:
    response = client.post("/nurse/case", data={"anc": "-5", "case_id": "<b>x</b>"})
    assert response.status_code == 422
    assert "cannot be assessed" in response.text and "<strong>anc</strong>" in response.text
    assert "<b>x</b>" not in response.text


def test_rules_cases_and_vignette(client: TestClient) -> None:
    rules = client.get("/nurse/rules").text
    assert 'id="rule-E1"' in rules and "Sources" in rules
    cases = client.get("/nurse/cases").text
    assert "/nurse/cases/" in cases
    assert client.get("/nurse/cases/no-such-case").status_code == 404
    loaded = client.get("/nurse/case?vignette=1").text
    assert "selected>" in loaded or 'value="' in loaded


def test_quiz_to_the_score(client: TestClient) -> None:
    page = client.post("/nurse/quiz", data={"count": "2", "seed": "7", "action": "start"}).text
    assert "Case 1 of 2" in page
    state = {name: html.unescape(re.search(rf'name="{name}" value="([^"]*)"', page).group(1))  # type: ignore[union-attr]
             for name in ("seed", "count", "given")}  # fmt: skip
    missing = client.post("/nurse/quiz", data={**state, "action": "answer"}).text
    assert "Choose a triage level" in missing
    for _ in range(2):
        page = client.post("/nurse/quiz", data={**state, "action": "answer",
                                                "triage": "emergency"}).text  # fmt: skip
        assert "Triage:" in page and "Teaching note" in page
        state["given"] = html.unescape(re.search(r'name="given" value="([^"]*)"', page).group(1))  # type: ignore[union-attr]
        page = client.post("/nurse/quiz", data={**state, "action": "next"}).text
    assert "Your score:" in page and "Quiz summary" in page


def test_batch_report_and_results_file(client: TestClient) -> None:
    with open("examples/cases.csv", "rb") as handle:
        data = handle.read()
    report = client.post("/nurse/batch", files={"file": ("cases.csv", data)},
                         data={"action": "report"})  # fmt: skip
    assert report.status_code == 200
    assert "Batch report" in report.text and "Under-triaged" in report.text
    assert 'download="results.jsonl"' in report.text
    results = client.post("/nurse/batch", files={"file": ("cases.csv", data)},
                          data={"action": "results", "output_format": "csv"})  # fmt: skip
    assert "attachment" in results.headers["content-disposition"]
    assert results.text.startswith("case_id,")
    none = client.post("/nurse/batch", data={"action": "report"})
    assert none.status_code == 422


def test_bodies_and_uploads_are_bounded(client: TestClient) -> None:
    big = client.post("/interview", content=b"x" * (MAX_WEB_BODY_BYTES + 1),
                      headers={"content-type": "application/x-www-form-urlencoded"})  # fmt: skip
    assert big.status_code == 413
    upload = client.post("/nurse/batch", files={"file": ("big.csv", b"a" * (MAX_UPLOAD_BYTES + 1))})
    assert upload.status_code == 413


# ----------------------------------------------------------------- the JSON API


def test_api_assess_is_the_library_output(client: TestClient) -> None:
    case = {"anc": 800, "anc_unit": "cells/uL", "temperature": 38.4, "days_since_chemo": 10}
    response = client.post("/api/assess", json=case)
    assert response.status_code == 200
    assert response.json() == triage.assess(case).to_json_dict()


@pytest.mark.parametrize(
    ("body", "field"),
    [
        (b'{"anc": -1}', "anc"),
        (b'{"symptoms": ["purple disease"]}', "symptoms"),
        (b"[1, 2]", "case"),
        (b"{not json", "case"),
        (b'{"anc": 1, "anc": 2}', "case"),
        (b"\xff\xfe", "case"),
    ],
)
def test_api_rejects_with_the_error_record(client: TestClient, body: bytes, field: str) -> None:
    response = client.post("/api/assess", content=body,
                           headers={"content-type": "application/json"})  # fmt: skip
    assert response.status_code == 422
    record = response.json()
    assert set(record) == {"case_id", "record", "error", "at_least"} and record["record"] == 1
    assert record["error"][0]["field"] == field


def test_api_rules_and_vocab(client: TestClient) -> None:
    rules = client.get("/api/rules").json()
    assert any(rule["id"] == "E1" for rule in rules)
    vocab = client.get("/api/vocab").json()
    assert {"symptoms", "conditions", "medication_classes"} <= set(vocab)


# ----------------------------------------------------------------- the server


def test_one_engine_per_thread() -> None:
    engines: list[object] = []
    threads = [threading.Thread(target=lambda: engines.append(assessor())) for _ in range(3)]
    for thread in threads:
        thread.start()
    for thread in threads:
        thread.join()
    assert len({id(engine) for engine in engines}) == 3
    assert assessor() is assessor()


@pytest.mark.parametrize(
    ("host", "loopback"),
    [("127.0.0.1", True), ("127.1.2.3", True), ("localhost", True), ("::1", True),
     ("[::1]", True), ("0.0.0.0", False), ("192.168.1.5", False), ("example.org", False)],
)  # fmt: skip
def test_is_loopback(host: str, loopback: bool) -> None:
    assert is_loopback(host) is loopback


def test_serve_warns_off_loopback_and_turns_the_access_log_off(monkeypatch: Any) -> None:
    import uvicorn

    seen: dict[str, Any] = {}

    def fake_run(server: Any, *args: Any, **kwargs: Any) -> None:
        seen["config"] = server.config

    monkeypatch.setattr(uvicorn.Server, "run", fake_run)
    result = CliRunner().invoke(cli, ["serve", "--host", "0.0.0.0", "--port", "8123"])
    assert result.exit_code == 0, result.output
    assert "Warning: 0.0.0.0 is not a loopback address" in result.output
    assert "health data" in result.output and "http://0.0.0.0:8123/" in result.output
    assert seen["config"].access_log is False
    quiet = CliRunner().invoke(cli, ["serve"])
    assert "Warning" not in quiet.output and "http://127.0.0.1:8000/" in quiet.output


def test_serve_says_how_to_install_the_web_extra(monkeypatch: Any) -> None:
    import sys

    monkeypatch.setitem(sys.modules, "triage.web.serve", None)
    result = CliRunner().invoke(cli, ["serve"])
    assert result.exit_code == 2
    assert "pip install 'neutropenia-triage[web]'" in result.output


def test_dns_rebinding_guard_on_loopback() -> None:
    from triage.web.serve import allowed_hosts

    guarded = TestClient(create_app(allowed_hosts("127.0.0.1")), base_url="http://127.0.0.1")
    assert guarded.get("/").status_code == 200
    assert guarded.get("/", headers={"host": "evil.example"}).status_code == 400


def test_unwrap_gives_back_the_logical_lines() -> None:
    from triage.text import hanging, wrap_lines

    text = "Noted: " + "word " * 40 + "end.\n  - a bullet"
    assert unwrap(wrap_lines(text)) == text.replace("word end", "word end")
    listed = wrap_lines("Why: " + "reason " * 20) + "\n" + hanging("  1. ", "item " * 30)
    assert unwrap(listed).count("\n") == 1
    assert unwrap("short line\nnext line") == "short line\nnext line"


def test_load_benchmark_runs_bounded_on_loopback() -> None:
    import sys
    from pathlib import Path

    sys.path.insert(0, str(Path(__file__).resolve().parent.parent / "benchmarks"))
    from serve_load import run

    figures = run(clients=4, requests=3)
    assert figures["errors"] == 0 and figures["completed"] == 12
