"""The batch report (triage/report.py) from hand-made summaries: HTML and Markdown
pages, the heat-map confusion matrix, escaping, list limits. No rule engine involved.
The console view and the progress display (cli.py) are in tests/test_cli_console.py."""

from __future__ import annotations

import re
from pathlib import Path

import pytest

from triage.batch import (
    LIST_LIMIT,
    BatchSummary,
    BatchUsageError,
    Expected,
    Outcome,
    error_matches,
)
from triage.models import FieldError
from triage.report import (
    check_report_path,
    confusion_html,
    render_html,
    render_markdown,
    report_format_for,
    write_report,
)


def triaged(record: int, case_id: str, expected: str, got: str) -> Outcome:
    """An assessed record evaluated on triage only."""
    return Outcome(
        record=record, case_id=case_id, triage=got, severity="normal", infection_risk="low",
        causes=(), errors=(), expected=Expected(triage=expected),
        matches=(got == expected, None, None, None, None),
    )  # fmt: skip


def rejected(record: int, case_id: str, field: str, expected_error: str | None) -> Outcome:
    errors = (FieldError(field, f"bad {field}"),)
    return Outcome(
        record=record, case_id=case_id, triage=None, severity=None, infection_risk=None,
        causes=None, errors=errors,
        expected=Expected(error=expected_error) if expected_error else None,
        matches=(None, None, None, None, error_matches(expected_error, errors))
        if expected_error else None,
    )  # fmt: skip


def summary_of(*outcomes: Outcome) -> BatchSummary:
    """A batch summary of these outcomes (also used by tests/test_cli_console.py)."""
    summary = BatchSummary(input_name="cases.csv", output_name="out.jsonl",
                           input_format="csv", output_format="jsonl")  # fmt: skip
    for outcome in outcomes:
        summary.add(outcome)
    return summary


HOSTILE = '<script>alert("x")</script>|&'

SAMPLE = summary_of(
    triaged(1, "ok", "urgent", "urgent"),
    triaged(2, HOSTILE, "emergency", "soon"),  # under-triaged
    triaged(3, "over", "routine", "urgent"),
    triaged(4, "ok-2", "urgent", "urgent"),
    rejected(5, "meant", "anc", "anc"),
    rejected(6, "surprise", "temperature", None),
)


def test_html_escapes_case_text_and_needs_no_scripts_or_external_files() -> None:
    page = render_html(SAMPLE)
    assert "<script" not in page
    assert "&lt;script&gt;alert(&quot;x&quot;)&lt;/script&gt;|&amp;" in page
    assert not re.search(r"<link|src=|https?://", page)
    assert page.startswith("<!DOCTYPE html>") and page.rstrip().endswith("</html>")


def test_html_lists_under_triage_before_everything_else_about_cases() -> None:
    page = render_html(SAMPLE)
    assert page.index("Under-triaged cases (1)") < page.index("<h2>Agreement")
    assert page.index("<h2>Agreement") < page.index("Over-triaged (1)")
    assert page.index("Over-triaged (1)") < page.index("Rejected records (2)")
    assert 'class="result fail"' in page
    assert "Result: needs attention: 1 case under-triaged; 1 record rejected." in page
    assert "exit status" not in page


def test_confusion_heat_map_colours_cells_by_zone_and_size() -> None:
    assert SAMPLE.evaluation is not None
    table = confusion_html(SAMPLE.evaluation)
    rows = re.findall(r"<tr><th scope=\"row\">(\w+)</th>(.*?)</tr>", table)
    cells = {
        expected: re.findall(r"<td style=\"background: ([^\"]+)\"[^>]*>([\d,]+)</td>", body)
        for expected, body in rows
    }
    # urgent → urgent: 2 agreements, the largest cell (full strength green).
    assert cells["urgent"][2] == ("rgba(46, 125, 50, 0.90); color: #000000", "2")
    # emergency → soon: under-triage, red, half the peak.
    assert cells["emergency"][1] == ("rgba(183, 28, 28, 0.53); color: #000000", "1")
    # routine → urgent: over-triage, amber.
    assert cells["routine"][2] == ("rgba(239, 108, 0, 0.53); color: #000000", "1")
    assert cells["soon"][0] == ("#ffffff", "0")


@pytest.mark.parametrize("zone", ["agree", "under", "over"])
def test_heat_map_ink_is_readable_on_every_shade(zone: str) -> None:
    # WCAG: normal text needs 4.5:1 against its background, at every strength.
    from triage.report import _HUES, _heat_cell

    def luminance(hex_or_rgb: tuple[float, ...]) -> float:
        def channel(value: float) -> float:
            c = value / 255
            return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

        red, green, blue = (channel(v) for v in hex_or_rgb)
        return 0.2126 * red + 0.7152 * green + 0.0722 * blue

    for count in range(1, 21):
        cell = _heat_cell(count, 20, zone)
        alpha = float(re.search(r"rgba\(\d+, \d+, \d+, ([\d.]+)\)", cell)[1])
        ink = re.search(r"color: (#[0-9a-f]{6})", cell)[1]
        background = tuple(255 + alpha * (c - 255) for c in _HUES[zone])
        ink_rgb = tuple(int(ink[i : i + 2], 16) for i in (1, 3, 5))
        lighter, darker = sorted((luminance(background), luminance(ink_rgb)), reverse=True)
        assert (lighter + 0.05) / (darker + 0.05) >= 4.5, (zone, count, ink)


def test_markdown_has_the_same_sections_and_escapes_table_cells() -> None:
    page = render_markdown(SAMPLE)
    headings = re.findall(r"^## (.+)$", page, flags=re.MULTILINE)
    assert headings == [
        "Assessed",
        "Under-triaged cases (1)",
        "Agreement",
        "Triage confusion matrix",
        "Over-triaged (1)",
        "Rejected records (2)",
    ]
    assert '| 2 | &lt;script>alert("x")&lt;/script>\\|\\& | emergency | soon |' in page
    assert "| triage | 2 | 4 | 50.0 % |" in page
    assert "| expected rejection | 1 | 1 | 100.0 % |" in page
    assert "| emergency | 0 | 1 | 0 | 0 |" in page


def test_a_clean_evaluation_says_no_case_was_under_triaged() -> None:
    summary = summary_of(triaged(1, "a", "soon", "soon"), rejected(2, "b", "anc", "any"))
    assert summary.exit_code == 0
    page = render_markdown(summary)
    assert "None: no case was assessed below its expected triage level." in page
    assert (
        "**Result: all clear: every record was assessed or rejected as its expected_error "
        "said, and no case was under-triaged.**"
    ) in page
    assert "## Under-triaged cases: none\n" in page


def test_lists_beyond_the_limit_say_how_many_were_not_kept() -> None:
    summary = summary_of(*(triaged(n, f"c{n}", "routine", "soon") for n in range(LIST_LIMIT + 5)))
    assert "… and 5 more not kept." in render_markdown(summary)


def test_under_triage_is_kept_in_full() -> None:
    summary = summary_of(*(triaged(n, f"c{n}", "urgent", "soon") for n in range(LIST_LIMIT + 5)))
    assert summary.evaluation is not None
    assert len(summary.evaluation.under_triaged.items) == LIST_LIMIT + 5


@pytest.mark.parametrize(
    ("path", "expected"),
    [("r.html", "html"), ("r.HTM", "html"), ("r.md", "md"), ("r.markdown", "md")],
    ids=["html", "htm-upper", "md", "markdown"],
)
def test_report_format_by_extension(path: str, expected: str) -> None:
    assert report_format_for(path) == expected


def test_unknown_report_extension_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(BatchUsageError, match=r"must end in \.html or \.md"):
        check_report_path(str(tmp_path / "r.pdf"), str(tmp_path / "in.csv"), "-")


def test_write_report_leaves_only_the_report(tmp_path: Path) -> None:
    write_report(SAMPLE, str(tmp_path / "report.md"))
    assert [p.name for p in tmp_path.iterdir()] == ["report.md"]
    assert (tmp_path / "report.md").read_text().startswith("# Batch report")


@pytest.mark.parametrize(
    ("outcomes", "row"),
    [pytest.param([rejected(1, "a", "anc", None)], "| 1 | a | anc: bad anc |",
                  id="no-expected-error"),
     pytest.param([rejected(1, "a", "anc", None), rejected(2, "b", "anc", "anc")],
                  "| 1 | a | – | anc: bad anc |", id="some-expected-error")],
)  # fmt: skip
def test_the_as_expected_column_is_there_only_when_the_file_says(outcomes, row) -> None:
    page = render_markdown(summary_of(*outcomes))
    assert row in page
    assert ("as expected" in page) == (len(outcomes) == 2)
