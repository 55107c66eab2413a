"""The batch's console view and progress display (cli.py, drawn with rich) from
hand-made summaries. No rule engine involved; the whole stderr summary of a real
batch is checked in tests/test_cli_batch.py."""

from __future__ import annotations

import io

from rich.console import Console
from test_report import summary_of

from cli import CONSOLE_LIST_LIMIT, progress_display, render_console
from triage.batch import Expected, Outcome


def triaged(record: int, case_id: str, expected: str, got: str) -> Outcome:
    """An assessed record evaluated on triage only."""
    return Outcome(
        record=record, case_id=case_id, triage=got, severity="normal", infection_risk="low",
        causes=(), errors=(), expected=Expected(triage=expected),
        matches=(got == expected, None, None, None, None),
    )  # fmt: skip


def test_console_view_lists_a_few_cases_then_points_to_the_report() -> None:
    summary = summary_of(*(triaged(n, f"c{n}", "urgent", "soon") for n in range(30)))
    console = Console(record=True, width=100, file=io.StringIO())
    console.print(render_console(summary))
    text = console.export_text()
    assert text.startswith("30 records: 30 assessed, 0 rejected.")
    assert text.count(" urgent    soon") == CONSOLE_LIST_LIMIT
    assert f"… and {30 - CONSOLE_LIST_LIMIT} more (write them all with --report)" in text


def test_console_view_does_not_interpret_markup_in_case_text() -> None:
    summary = summary_of(triaged(1, "[bold]x[/nope]", "urgent", "soon"))
    console = Console(record=True, width=100, file=io.StringIO())
    console.print(render_console(summary))
    assert "[bold]x[/nope]" in console.export_text()


def test_progress_display_is_silent_off_a_terminal_and_counts_on_one() -> None:
    with progress_display(Console(file=io.StringIO())) as progress:
        assert progress is None
    screen = io.StringIO()
    with progress_display(Console(file=screen, force_terminal=True, width=80)) as progress:
        assert progress is not None
        progress(250, 1000, 4000)
        progress(500, 2000, 4000)
    assert "500 records" in screen.getvalue()
