"""`triage serve` in a real browser: Debian's Chromium driven by Playwright.

The three interviews of docs/interview.md (in the order of the questions: warning signs,
cancer treatment, medicines, age, temperature, counts) walked by clicking and typing, a
child's interview worded for the parent, the emergency short-circuit, Back (the button
and the browser's), the safety net, the downloaded case (read back by `triage assess
--case`), keyboard-only use, the batch upload and the quiz; screenshots at phone
(390×844) and desktop (1280×800) sizes; and axe-core (from npm, injected by the test) on
every page: no serious or critical violation.

Skipped, with the reason, when Playwright, Chromium or axe-core is absent; `.ci/run`
installs all three. Screenshots go to $TRIAGE_SCREENSHOTS when set (else a temporary
folder).
"""

from __future__ import annotations

import json
import os
import shutil
from collections.abc import Iterator
from pathlib import Path
from typing import Any

import pytest

pytest.importorskip("fastapi", reason="the web extra is not installed")
sync_api = pytest.importorskip("playwright.sync_api", reason="playwright is not installed")

from click.testing import CliRunner  # noqa: E402
from test_interview_transcripts import SCRIPTS  # noqa: E402
from web_server import INTERVIEWS, live_server  # noqa: E402

from cli import cli  # noqa: E402
from triage.interview import Session  # noqa: E402

pytestmark = pytest.mark.browser

ROOT = Path(__file__).resolve().parent.parent
CHROMIUM = os.environ.get("CHROMIUM") or shutil.which("chromium") or "/usr/bin/chromium"
AXE_CANDIDATES = [
    os.environ.get("AXE_CORE_JS", ""),
    str(ROOT / ".ci" / "axe" / "node_modules" / "axe-core" / "axe.min.js"),
    str(ROOT / "node_modules" / "axe-core" / "axe.min.js"),
]
AXE = next((path for path in AXE_CANDIDATES if path and Path(path).is_file()), None)
ARGS = [
    "--headless",
    "--no-sandbox",
    "--disable-gpu",
    "--disable-quic",
    "--no-first-run",
    "--disable-background-networking",
    "--disable-component-update",
    "--disable-sync",
]
PHONE = {"width": 390, "height": 844}
DESKTOP = {"width": 1280, "height": 800}

REQUIRED = bool(os.environ.get("TRIAGE_REQUIRE_BROWSER"))  # set by .ci/run: never skip
if not Path(CHROMIUM).is_file():
    reason = f"no Chromium at {CHROMIUM} (apt-get install chromium; .ci/run does)"
    if REQUIRED:
        raise RuntimeError(reason)
    pytest.skip(reason, allow_module_level=True)
if AXE is None and REQUIRED:
    raise RuntimeError("axe-core is absent (npm install axe-core; .ci/run does)")


@pytest.fixture(scope="module")
def base() -> Iterator[str]:
    with live_server() as address:
        yield address


@pytest.fixture(scope="module")
def browser() -> Iterator[Any]:
    with sync_api.sync_playwright() as playwright:
        chromium = playwright.chromium.launch(executable_path=CHROMIUM, args=ARGS)
        yield chromium
        chromium.close()


@pytest.fixture(scope="module")
def shots(tmp_path_factory: pytest.TempPathFactory) -> Path:
    folder = Path(os.environ.get("TRIAGE_SCREENSHOTS") or tmp_path_factory.mktemp("shots"))
    folder.mkdir(parents=True, exist_ok=True)
    return folder


class Watched:
    """A page, with every request it made and every console error (a CSP violation is
    one), checked when the test ends."""

    def __init__(self, browser: Any, base: str, viewport: dict[str, int], **options: Any):
        self.context = browser.new_context(viewport=viewport, accept_downloads=True, **options)
        self.page = self.context.new_page()
        self.base = base
        self.requests: list[str] = []
        self.errors: list[str] = []
        self.page.on("request", lambda request: self.requests.append(request.url))
        self.page.on("console", lambda m: m.type == "error" and self.errors.append(m.text))

    def check(self) -> None:
        elsewhere = [url for url in self.requests
                     if not url.startswith((self.base, "data:"))]  # fmt: skip
        assert not elsewhere, f"requests to another host: {elsewhere}"
        assert not self.errors, f"console errors: {self.errors}"
        self.context.close()


@pytest.fixture
def phone(browser: Any, base: str) -> Iterator[Any]:
    watched = Watched(browser, base, PHONE)
    yield watched.page
    watched.check()


@pytest.fixture
def desktop(browser: Any, base: str) -> Iterator[Any]:
    watched = Watched(browser, base, DESKTOP)
    yield watched.page
    watched.check()


def answer(page: Any, reply: str) -> None:
    """Give one answer as a person would: tick the listed numbers, type in the box, or
    press the button that says it."""
    page.wait_for_load_state("load")  # the page the last click opened, fully
    reply_box = page.locator("#reply")
    if reply_box.count():
        numbers = [part.strip() for part in reply.split(",")]
        boxes = [page.locator(f'input[name="pick"][value="{n}"]') for n in numbers]
        if page.locator('input[type="checkbox"][name="pick"]').count() and all(
            box.count() for box in boxes
        ):
            for box in boxes:
                box.check()
        else:
            reply_box.fill(reply)
        page.get_by_role("button", name="Next").click()
        return
    button = page.locator(f'button[name="reply"][value="{reply}"]')
    if not button.count():  # a slow machine: give the page a moment to show it
        button.first.wait_for(timeout=5_000)
    assert button.count() == 1, f"no button for {reply!r} on {page.url}"
    button.click()


def no_sideways_scroll(page: Any) -> None:
    width = page.evaluate("document.documentElement.scrollWidth")
    assert width <= page.viewport_size["width"], f"the page is {width}px wide"


@pytest.mark.parametrize(
    "name", ["docs-warning-sign-stop", "docs-fever-count-piped", "docs-saved-case-emergency"]
)
def test_the_three_interviews_of_the_docs(phone: Any, base: str, name: str, shots: Path,
                                          tmp_path: Path) -> None:  # fmt: skip
    replies = SCRIPTS[name]
    session = Session.replay(replies)
    expected = session.step.assessment
    assert expected is not None
    phone.goto(base + "/interview")
    for number, reply in enumerate(replies):
        answer(phone, reply)
        if Session.replay(replies[: number + 1]).step.emergency:
            # The emergency shows at once, before any other question.
            alert = phone.locator(".action[role=alert]")
            assert alert.is_visible()
            assert "GET CARE NOW" in alert.inner_text()
            assert phone.locator("#reply").count() == 0
            assert phone.evaluate("document.activeElement.classList.contains('action')")
            phone.screenshot(path=str(shots / f"phone-{name}-emergency.png"), full_page=True)
    assert phone.locator("h1", has_text="Your result").count() == 1
    text = phone.locator("main").inner_text()
    assert "GET CARE NOW" in text and expected.disclaimer.split(".")[0] in text
    no_sideways_scroll(phone)
    phone.screenshot(path=str(shots / f"phone-{name}-result.png"), full_page=True)
    with phone.expect_download() as download:
        phone.get_by_role("button", name="Download my answers (case file)").click()
    saved = tmp_path / "my-case.json"
    download.value.save_as(saved)
    assert json.loads(saved.read_text(encoding="utf-8")) == session.case
    assessed = CliRunner().invoke(cli, ["assess", "--case", str(saved), "--format", "json"])
    assert assessed.exit_code == 0
    assert json.loads(assessed.output) == expected.to_json_dict()


def test_a_childs_interview_speaks_to_the_parent(phone: Any, base: str, shots: Path) -> None:
    phone.goto(base + "/interview")
    asked = []
    for reply in INTERVIEWS["child-after-chemo"]:
        asked.append(phone.locator("h1").first.inner_text())
        answer(phone, reply)
    assert [text.split("?")[0] for text in asked[1:5]] == [
        "Have you had any cancer treatment in the last 6 weeks, or is more planned",
        "How many days ago was your last cancer treatment (a dose or a radiotherapy session)",
        "Do you take any medicine that weakens the immune system",
        "How old is the person who is unwell",
    ]
    main = phone.locator("main").inner_text()
    action = phone.locator(".action").first.inner_text()
    assert "Contact a provider today" in action  # urgent: measure again in an hour
    assert "Call your child's doctor or care team today." in action
    assert main.index("Call your child's doctor") < main.index("Check now:")
    assert "take your child's temperature again in one hour" in main
    no_sideways_scroll(phone)
    phone.screenshot(path=str(shots / "phone-child-after-chemo-result.png"), full_page=True)


TO_TEMPERATURE = ["0", "no", "no", "54"]  # no warning sign, treatment or medicine; 54


def test_back_button_and_browser_back(phone: Any, base: str) -> None:
    phone.goto(base + "/interview")
    for reply in [*TO_TEMPERATURE, "38.4"]:
        answer(phone, reply)
    assert "How many hours" in phone.locator("h1").inner_text()
    phone.get_by_role("button", name="Back").click()
    assert "temperature today" in phone.locator("h1").inner_text()
    assert "Your last answer was: 38.4" in phone.locator("main").inner_text()
    # Pages holding answers are never stored (issue 21: Cache-Control no-store), so the
    # browser's Back does not show an earlier page from its cache: it asks to send the
    # form again rather than show answers it kept.
    try:
        phone.go_back()
    except Exception as error:  # Playwright raises on the browser's cache-miss page
        assert "ERR_CACHE_MISS" in str(error)
    else:
        assert "38.4" not in phone.locator("body").inner_text()


def test_safety_net_and_printable_view(desktop: Any, base: str, shots: Path) -> None:
    desktop.goto(base + "/interview")
    for reply in SCRIPTS["soon-lupus"]:
        answer(desktop, reply)
    main = desktop.locator("main").inner_text()
    assert main.index("Check now:") < main.index("Why")
    assert "Get care now if" in main
    desktop.screenshot(path=str(shots / "desktop-soon-result.png"), full_page=True)
    with desktop.expect_popup() as popup:
        desktop.get_by_role("button", name="Printable view").click()
    printable = popup.value
    printable.wait_for_load_state()
    assert "Check now:" in printable.locator("main").inner_text()
    printable.emulate_media(media="print")
    assert not printable.locator("header.top").is_visible()
    printable.close()


def test_keyboard_only(desktop: Any, base: str) -> None:
    desktop.goto(base + "/interview")
    for _ in range(40):  # Tab to "none of these"
        desktop.keyboard.press("Tab")
        if desktop.evaluate("document.activeElement.value") == "0":
            break
    desktop.keyboard.press("Space")
    desktop.keyboard.press("Tab")  # the answer box
    with desktop.expect_navigation():
        desktop.keyboard.press("Enter")
    assert "Noted: none of these." in desktop.locator("main").inner_text()
    assert "cancer treatment" in desktop.locator("h1").inner_text()
    desktop.wait_for_selector("#reply:focus")  # the box has the focus
    desktop.keyboard.type("no")
    with desktop.expect_navigation():
        desktop.keyboard.press("Enter")
    assert "weakens the immune system" in desktop.locator("h1").inner_text()


def test_nurse_case_form_batch_and_quiz(desktop: Any, base: str, shots: Path) -> None:
    desktop.goto(base + "/nurse/case")
    desktop.get_by_label("Absolute neutrophil count (ANC)").fill("800")
    desktop.get_by_label("ANC unit").select_option("cells/uL")
    desktop.get_by_label("Highest recent temperature").fill("38.4")
    desktop.get_by_label("Symptoms (ids or everyday words)").fill("cough\nsore throat")
    desktop.get_by_role("button", name="Assess").click()
    assert "How this result was reached" in desktop.locator("main").inner_text()
    desktop.get_by_label("Changes, one per line").fill("temperature=")
    desktop.get_by_role("button", name="Show what changes").click()
    assert "triage" in desktop.locator(".whatif").inner_text()
    desktop.screenshot(path=str(shots / "desktop-nurse-result.png"), full_page=True)

    desktop.goto(base + "/nurse/batch")
    desktop.set_input_files("#file", str(ROOT / "examples" / "cases.csv"))
    desktop.get_by_role("button", name="Show the report").click()
    assert "Batch report" in desktop.locator("h1").inner_text()
    with desktop.expect_download() as download:
        desktop.get_by_role("link", name="Download the results file (results.jsonl)").click()
    lines = Path(download.value.path()).read_text(encoding="utf-8").splitlines()
    assert lines and all(json.loads(line) for line in lines)
    desktop.screenshot(path=str(shots / "desktop-batch-report.png"), full_page=True)

    desktop.goto(base + "/nurse/quiz")
    desktop.get_by_label("How many cases").fill("1")
    desktop.get_by_role("button", name="Start the quiz").click()
    desktop.locator('input[name="triage"][value="emergency"]').check()
    desktop.get_by_role("button", name="Check my answer").click()
    assert "Teaching note" in desktop.locator("main").inner_text()
    desktop.get_by_role("button", name="See my score").click()
    assert "Your score:" in desktop.locator("h1").inner_text()


# ----------------------------------------------------------------- every page: looks, axe

STATES: dict[str, list[str]] = {
    "question": ["0"],
    "emergency": SCRIPTS["docs-fever-count-piped"][:-1],
    "summary": SCRIPTS["routine-normal-count"][:-1],
    "refused": ["12"],
    "result": SCRIPTS["soon-lupus"],
    "stopped": SCRIPTS["quit-at-urgent"],
}
GET_PAGES = ["/", "/privacy", "/nurse", "/nurse/case", "/nurse/rules", "/nurse/cases",
             "/nurse/cases/1", "/nurse/quiz", "/nurse/batch", "/api"]  # fmt: skip


def visit(page: Any, base: str, target: str) -> None:
    """A GET page, or an interview state reached by posting its answers."""
    if target.startswith("/"):
        page.goto(base + target)
        return
    page.goto(base + "/interview")
    for reply in STATES[target]:
        answer(page, reply)


def extra_pages(page: Any, base: str) -> Iterator[str]:
    """Pages only reached by a form: the nurse's result and the batch report."""
    page.goto(base + "/nurse/case?vignette=1")
    page.get_by_role("button", name="Assess").click()
    yield "nurse-result"
    page.goto(base + "/nurse/quiz")
    page.get_by_role("button", name="Start the quiz").click()
    yield "quiz-question"
    page.goto(base + "/nurse/batch")
    page.set_input_files("#file", str(ROOT / "examples" / "cases.csv"))
    page.get_by_role("button", name="Show the report").click()
    yield "batch-report"


def all_pages(page: Any, base: str) -> Iterator[str]:
    for target in [*GET_PAGES, *STATES]:
        visit(page, base, target)
        yield target
    yield from extra_pages(page, base)


def slug(target: str) -> str:
    return target.strip("/").replace("/", "-") or "home"


@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_screenshots_at_phone_and_desktop_sizes(
    browser: Any, base: str, shots: Path, size: str, viewport: dict[str, int]
) -> None:
    watched = Watched(browser, base, viewport)
    for target in all_pages(watched.page, base):
        watched.page.screenshot(path=str(shots / f"{size}-{slug(target)}.png"), full_page=True)
        if target != "batch-report":  # the report's own page (triage/report.py)
            no_sideways_scroll(watched.page)
    watched.check()


@pytest.mark.skipif(AXE is None, reason="axe-core is absent (npm install axe-core; .ci/run does)")
@pytest.mark.parametrize(("size", "viewport"), [("phone", PHONE), ("desktop", DESKTOP)])
def test_axe_finds_no_serious_or_critical_violation(
    browser: Any, base: str, size: str, viewport: dict[str, int]
) -> None:
    # bypass_csp: the test injects axe-core as an inline script, which the pages'
    # Content-Security-Policy rightly refuses.
    watched = Watched(browser, base, viewport, bypass_csp=True)
    found = {}
    for target in all_pages(watched.page, base):
        watched.page.add_script_tag(path=AXE)
        result = watched.page.evaluate("axe.run(document).then(r => r.violations)")
        bad = [
            f"{v['id']} ({v['impact']}): {v['help']} at {[n['target'] for n in v['nodes']][:3]}"
            for v in result
            if v["impact"] in ("serious", "critical")
        ]
        if bad:
            found[target] = bad
    watched.context.close()
    assert not found, json.dumps(found, indent=2)
