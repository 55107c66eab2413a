"""The summary of a batch as a page (HTML or Markdown), and the wording that the
console view (``cli.py``, drawn with rich) shares with the pages.

Everything here reads a :class:`~triage.batch.BatchSummary` and nothing else, so a
report can be drawn for any summary, however it was made. Under-triaged cases (the
dangerous direction) always come before every other list. The HTML page has inline
CSS only (no scripts, no external files) and escapes every piece of case text.
"""

from __future__ import annotations

import html
import re
from collections.abc import Iterable
from pathlib import Path
from typing import Literal

from triage.batch import (
    EVALUATED,
    BatchSummary,
    BatchUsageError,
    BoundedList,
    Disagreement,
    EvaluationSummary,
    Rejection,
    UnderTriageDetail,
    check_output_path,
)
from triage.files import atomic_output
from triage.levels import TRIAGE_LEVELS
from triage.safetext import neutralise

ReportFormat = Literal["html", "md"]
REPORT_SUFFIXES: dict[str, ReportFormat] = {
    ".html": "html",
    ".htm": "html",
    ".md": "md",
    ".markdown": "md",
}
FIELD_LABELS = {
    "triage": "triage",
    "severity": "severity",
    "infection_risk": "infection risk",
    "causes": "cause categories",
    "error": "expected rejection",
}
FOOTNOTE = (
    "An educational tool: it does not diagnose or prescribe. Anyone who is unwell should "
    "contact their care team or emergency services."
)


def report_format_for(path: str) -> ReportFormat:
    """``html`` or ``md`` by the report file's extension."""
    suffix = Path(path).suffix.lower()
    if suffix not in REPORT_SUFFIXES:
        raise BatchUsageError(f"the report {path} must end in .html or .md")
    return REPORT_SUFFIXES[suffix]


def check_report_path(report: str, source: str, output: str) -> None:
    """Refuse, before any work, a report with an unknown extension or one that would
    overwrite the input or the output."""
    check_output_path(report, source)
    if output != "-" and Path(report).resolve() == Path(output).resolve():
        raise BatchUsageError("the report and the output must be different files")
    report_format_for(report)


def write_report(summary: BatchSummary, path: str) -> None:
    """Write the report (format by extension) atomically."""
    page = render_html(summary) if report_format_for(path) == "html" else render_markdown(summary)
    with atomic_output(path) as handle:
        handle.write(page)


# -------------------------- shared wording (these pages, and the console view in cli.py)


def headline(summary: BatchSummary) -> str:
    """One sentence: records, assessed, rejected."""
    rejected = f"{summary.rejected:,} rejected"
    if summary.rejected_as_expected:
        rejected += f" ({summary.rejected_as_expected:,} as expected)"
    return f"{summary.records:,} records: {summary.assessed:,} assessed, {rejected}."


def result_line(summary: BatchSummary) -> str:
    """The exit status in words (the console, for a batch user)."""
    reasons = summary.exit_reasons()
    if not reasons:
        return "Result: exit status 0 (every record assessed as expected)."
    return f"Result: exit status 1 ({'; '.join(reasons)})."


def result_words(summary: BatchSummary) -> str:
    """The result for a reader of the page (a nurse educator): words, no exit status."""
    reasons = summary.exit_reasons()
    if reasons:
        return f"Result: needs attention: {'; '.join(reasons)}."
    done = "every record was assessed"
    if summary.rejected_as_expected:
        done = "every record was assessed or rejected as its expected_error said"
    if summary.evaluation is not None and summary.evaluation.agreement["triage"].evaluated:
        done += ", and no case was under-triaged"
    return f"Result: all clear: {done}."


def words(value: str) -> str:
    """An output value as words: very_high -> very high, a;b -> a; b."""
    return value.replace("_", " ").replace(";", "; ")


def under_title(evaluation: EvaluationSummary) -> str:
    total = evaluation.under_triaged.total
    return f"Under-triaged cases ({total:,})" if total else "Under-triaged cases: none"


def under_detail_lines(item: Disagreement) -> tuple[str, list[str]]:
    """For one under-triaged case: the rules that set its level (one sentence) and what
    each nearest rule of the expected level needed and was missing (one per rule)."""
    detail: UnderTriageDetail | None = item.detail
    if detail is None:
        return "", []
    if detail.set_by:
        set_by = "; ".join(f"{rule} ({because})" for rule, because in detail.set_by)
        why = f"Assessed {item.got} by {set_by}."
    else:
        why = f"Assessed {item.got}: no rule asked for sooner care."
    needed = [f"{rule} needs {needs}; missing: {missing}" for rule, needs, missing in detail.needed]
    if detail.more:
        needed.append(f"and {detail.more} more {item.expected} rule{'s' * (detail.more > 1)}")
    return why, needed


def _percent(agreed: int, evaluated: int) -> str:
    return f"{100.0 * agreed / evaluated:.1f} %" if evaluated else "–"


def agreement_rows(evaluation: EvaluationSummary) -> list[tuple[str, str, str, str]]:
    rows = []
    for name in EVALUATED:
        tally = evaluation.agreement[name]
        if tally.evaluated:
            rows.append(
                (
                    FIELD_LABELS[name],
                    f"{tally.agreed:,}",
                    f"{tally.evaluated:,}",
                    _percent(tally.agreed, tally.evaluated),
                )
            )
    return rows


def counts_text(counts: dict[str, int]) -> str:
    return ", ".join(f"{words(name)} {n:,}" for name, n in counts.items() if n) or "none"


def case_sections(
    evaluation: EvaluationSummary,
) -> list[tuple[str, str, BoundedList]]:
    """(title, explanation, list) in the order they are shown: under-triage first."""
    return [
        (
            "Under-triaged",
            "assessed at a LOWER level than expected: the dangerous direction",
            evaluation.under_triaged,
        ),
        (
            "Rejection expected but not as said",
            "expected_error named a rejection that did not happen as stated",
            evaluation.error_mismatches,
        ),
        ("Over-triaged", "assessed at a higher level than expected", evaluation.over_triaged),
        (
            "Other disagreements",
            "severity, infection risk or cause categories",
            evaluation.other,
        ),
    ]


def disagreement_cells(item: Disagreement) -> tuple[str, str, str, str, str]:
    expected, got = (
        (item.expected, item.got)
        if item.field == "error"
        else (words(item.expected), words(item.got))
    )
    return (str(item.record), item.case_id, FIELD_LABELS[item.field], expected, got)


REJECTION_HEADER = ("record", "case_id", "as expected", "problems")


def problems_text(rejection: Rejection) -> str:
    return "; ".join(f"{e.field}: {e.message}" for e in rejection.errors)


def _announced(rejections: Iterable[Rejection]) -> bool:
    """Whether any rejection had an expected_error to be checked against."""
    return any(rejection.announced for rejection in rejections)


def _rejection_rows(rejections: list[Rejection]) -> tuple[tuple[str, ...], list[tuple[str, ...]]]:
    """The rejection table; "as expected" only when the file has expected_error values
    ("–" for a record that did not say)."""
    if not _announced(rejections):
        header = tuple(name for name in REJECTION_HEADER if name != "as expected")
        return header, [(str(r.record), r.case_id, problems_text(r)) for r in rejections]
    rows: list[tuple[str, ...]] = [
        (str(r.record), r.case_id, ("yes" if r.expected else "no") if r.announced else "–",
         problems_text(r))
        for r in rejections
    ]  # fmt: skip
    return REJECTION_HEADER, rows


# ------------------------------------------------------------------------ Markdown


_MD_ACTIVE = re.compile(r"([\\`*_\[\]!|~&])")


def _md(text: str) -> str:
    """User text made inert in Markdown, as the HTML page escapes it: no link, image,
    HTML, emphasis, code or table cell can start inside it (each character that could
    start one is backslash-escaped, ``<`` is ``&lt;``), and control characters and line
    breaks are shown as escapes."""
    return _MD_ACTIVE.sub(r"\\\1", neutralise(text, None)).replace("<", "&lt;")


def _md_table(header: Iterable[str], rows: Iterable[Iterable[str]]) -> list[str]:
    header = list(header)
    lines = ["| " + " | ".join(header) + " |", "|" + "---|" * len(header)]
    lines += ["| " + " | ".join(_md(cell) for cell in row) + " |" for row in rows]
    return lines


def render_markdown(summary: BatchSummary) -> str:
    """The report as Markdown (GitHub tables)."""
    out = [
        "# Batch report",
        "",
        f"Input {_md(summary.input_name)} ({summary.input_format}), output "
        f"{_md(summary.output_name)} ({summary.output_format}).",
        "",
        headline(summary),
        "",
        f"**{result_words(summary)}**",
        "",
    ]
    if summary.warnings:
        out += ["## File warnings", ""] + [f"- {_md(w)}" for w in summary.warnings] + [""]
    out += ["## Assessed", ""]
    out += _md_table(
        ["", "counts"],
        [
            ("triage", counts_text(summary.triage)),
            ("severity", counts_text(summary.severity)),
            ("infection risk", counts_text(summary.infection_risk)),
            ("safety net (most urgent change)", counts_text(summary.safety_net)),
        ],
    )
    out.append("")
    evaluation = summary.evaluation
    if evaluation is not None:
        under = evaluation.under_triaged
        out += [f"## {under_title(evaluation)}", ""]
        if under.total:
            out += _md_table(
                ["record", "case_id", "expected", "assessed"],
                [(str(i.record), i.case_id, i.expected, i.got) for i in under.items],
            )
            for item in under.items:
                why, needed = under_detail_lines(item)
                if not why:
                    continue
                out += ["", f"### Record {item.record} ({_md(item.case_id)}): expected "
                        f"{item.expected}, assessed {item.got}", "", _md(why)]  # fmt: skip
                if needed:
                    out += ["", f"{item.expected.capitalize()} would have needed:", ""]
                    out += [f"- {_md(line)}" for line in needed]
        else:
            out.append("None: no case was assessed below its expected triage level.")
        out += ["", "## Agreement", ""]
        out += _md_table(["field", "agreed", "evaluated", "%"], agreement_rows(evaluation))
        out += ["", "## Triage confusion matrix", ""]
        out.append(
            "Rows: expected level. Columns: assessed level. Below the diagonal: under-triage."
        )
        out.append("")
        out += _md_table(
            ["expected \\ assessed", *TRIAGE_LEVELS],
            [
                (level, *(f"{evaluation.confusion[level][got]:,}" for got in TRIAGE_LEVELS))
                for level in TRIAGE_LEVELS
            ],
        )
        out.append("")
        for title, explanation, items in case_sections(evaluation)[1:]:
            if not items.total:
                continue
            out += [f"## {title} ({items.total:,})", "", f"{explanation}.", ""]
            out += _md_table(
                ["record", "case_id", "field", "expected", "got"],
                [disagreement_cells(item) for item in items.items],
            )
            if items.omitted:
                out.append(f"\n… and {items.omitted:,} more not kept.")
            out.append("")
    if summary.rejections.total:
        out += [f"## Rejected records ({summary.rejections.total:,})", ""]
        out += _md_table(*_rejection_rows(summary.rejections.items))
        if summary.rejections.omitted:
            out.append(f"\n… and {summary.rejections.omitted:,} more not kept.")
        out.append("")
    out += ["---", "", f"_{FOOTNOTE}_", ""]
    return "\n".join(out)


# ---------------------------------------------------------------------------- HTML

_CSS = """
body { font-family: system-ui, sans-serif; max-width: 60rem; margin: 2rem auto;
  padding: 0 1rem; color: #1a1a1a; line-height: 1.45; }
h1, h2 { line-height: 1.2; }
table { border-collapse: collapse; margin: 0.5rem 0 1.5rem; }
th, td { border: 1px solid #c8c8c8; padding: 0.3rem 0.6rem; text-align: left;
  vertical-align: top; }
th { background: #f1f1f1; }
td.n { text-align: right; font-variant-numeric: tabular-nums; }
.result { font-weight: bold; padding: 0.5rem 0.8rem; border-left: 0.4rem solid; }
.ok { border-color: #2e7d32; background: #edf7ee; }
.fail { border-color: #b71c1c; background: #fdecea; }
.danger h2 { color: #b71c1c; }
.clear h2 { color: #2e7d32; }
.under h3 { font-size: 1rem; margin: 1rem 0 0.3rem; }
.under p, .under ul { margin: 0.2rem 0; }
table.heat td { text-align: center; min-width: 4.5rem; font-variant-numeric: tabular-nums; }
.legend span { display: inline-block; padding: 0.1rem 0.5rem; margin-right: 0.5rem; }
footer { margin-top: 2rem; color: #555; font-size: 0.9rem; }
"""
# Heat-map hues: agreement, under-triage (dangerous), over-triage.
_HUES = {"agree": (46, 125, 50), "under": (183, 28, 28), "over": (239, 108, 0)}


def _e(text: object) -> str:
    return html.escape(str(text), quote=True)


def _code(text: object) -> str:
    """Escaped text whose `backticked` commands show as code, not as backticks."""
    return re.sub(r"`([^`]+)`", r"<code>\1</code>", _e(text))


def _html_table(
    header: Iterable[str], rows: Iterable[Iterable[str]], numeric: Iterable[int] = ()
) -> str:
    numeric_columns = set(numeric)
    head = "".join(f"<th>{_e(h)}</th>" for h in header)
    body = []
    for row in rows:
        cells = "".join(
            f'<td class="n">{_e(c)}</td>' if i in numeric_columns else f"<td>{_code(c)}</td>"
            for i, c in enumerate(row)
        )
        body.append(f"<tr>{cells}</tr>")
    return f"<table><thead><tr>{head}</tr></thead><tbody>{''.join(body)}</tbody></table>"


def _heat_cell(count: int, peak: int, zone: str) -> str:
    if not count:
        return '<td style="background: #ffffff">0</td>'
    red, green, blue = _HUES[zone]
    alpha = 0.15 + 0.75 * count / peak
    ink = _readable_ink(tuple(round(255 + alpha * (c - 255)) for c in (red, green, blue)))
    return (
        f'<td style="background: rgba({red}, {green}, {blue}, {alpha:.2f}); color: {ink}" '
        f'title="{_e(zone)}">{count:,}</td>'
    )


def _readable_ink(background: tuple[int, ...]) -> str:
    """Black or white, whichever contrasts more with ``background`` (WCAG relative
    luminance): the better of the two is always at least 4.58:1, above the 4.5:1 that
    normal text needs."""

    def channel(value: int) -> float:
        c = value / 255
        return c / 12.92 if c <= 0.03928 else ((c + 0.055) / 1.055) ** 2.4

    red, green, blue = (channel(value) for value in background)
    luminance = 0.2126 * red + 0.7152 * green + 0.0722 * blue
    return "#000000" if (luminance + 0.05) / 0.05 >= 1.05 / (luminance + 0.05) else "#ffffff"


def confusion_html(evaluation: EvaluationSummary) -> str:
    """The triage confusion matrix as a heat-map table (expected rows × assessed
    columns); cells below the diagonal (under-triage) are red."""
    peak = max((n for row in evaluation.confusion.values() for n in row.values()), default=0)
    head = "".join(f'<th scope="col">{_e(level)}</th>' for level in TRIAGE_LEVELS)
    rows = []
    for row_index, expected in enumerate(TRIAGE_LEVELS):
        cells = []
        for column_index, got in enumerate(TRIAGE_LEVELS):
            zone = (
                "agree"
                if column_index == row_index
                else "under"
                if column_index < row_index
                else "over"
            )
            cells.append(_heat_cell(evaluation.confusion[expected][got], peak or 1, zone))
        rows.append(f'<tr><th scope="row">{_e(expected)}</th>{"".join(cells)}</tr>')
    legend = (
        '<p class="legend">'
        f'<span style="background: rgba{(*_HUES["agree"], 0.5)}">agreement</span>'
        f'<span style="background: rgba{(*_HUES["under"], 0.5)}">under-triaged</span>'
        f'<span style="background: rgba{(*_HUES["over"], 0.5)}">over-triaged</span>'
        "</p>"
    )
    return (
        '<table class="heat"><caption>rows: expected level; columns: assessed level'
        f'</caption><thead><tr><th scope="col">expected \\ assessed</th>{head}</tr></thead>'
        f"<tbody>{''.join(rows)}</tbody></table>{legend}"
    )


def _under_detail_html(item: Disagreement) -> str:
    why, needed = under_detail_lines(item)
    listed = "".join(f"<li>{_e(line)}</li>" for line in needed)
    return (
        f'<div class="under"><h3>Record {item.record} ({_e(item.case_id)}): expected '
        f"{_e(item.expected)}, assessed {_e(item.got)}</h3><p>{_e(why)}</p>"
        + (f"<p>{_e(item.expected.capitalize())} would have needed:</p><ul>{listed}</ul>"
           if needed else "")
        + "</div>"
    )  # fmt: skip


def render_html(summary: BatchSummary) -> str:
    """The report as one self-contained HTML page."""
    ok = summary.exit_code == 0
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8">',
        '<meta name="viewport" content="width=device-width, initial-scale=1">',
        f"<title>Batch report: {_e(summary.input_name)}</title>",
        f"<style>{_CSS}</style></head><body>",
        "<h1>Batch report</h1>",
        f"<p>Input <code>{_e(summary.input_name)}</code> ({_e(summary.input_format)}), "
        f"output <code>{_e(summary.output_name)}</code> ({_e(summary.output_format)}).</p>",
        f"<p>{_e(headline(summary))}</p>",
        f'<p class="result {"ok" if ok else "fail"}">{_code(result_words(summary))}</p>',
    ]
    if summary.warnings:
        listed = "".join(f"<li>{_code(w)}</li>" for w in summary.warnings)
        parts.append(f"<h2>File warnings</h2><ul>{listed}</ul>")
    parts.append("<h2>Assessed</h2>")
    parts.append(
        _html_table(
            ["", "counts"],
            [
                ("triage", counts_text(summary.triage)),
                ("severity", counts_text(summary.severity)),
                ("infection risk", counts_text(summary.infection_risk)),
                ("safety net (most urgent change)", counts_text(summary.safety_net)),
            ],
        )
    )
    evaluation = summary.evaluation
    if evaluation is not None:
        under = evaluation.under_triaged
        section = "danger" if under.total else "clear"
        parts.append(f'<section class="{section}"><h2>{_e(under_title(evaluation))}</h2>')
        if under.total:
            parts.append(
                "<p>Assessed at a <strong>lower</strong> level than expected: the dangerous "
                "direction.</p>"
            )
            parts.append(
                _html_table(
                    ["record", "case_id", "expected", "assessed"],
                    [(str(i.record), i.case_id, i.expected, i.got) for i in under.items],
                    numeric=[0],
                )
            )
            parts += [_under_detail_html(item) for item in under.items if item.detail]
        else:
            parts.append("<p>None: no case was assessed below its expected triage level.</p>")
        parts.append("</section><h2>Agreement</h2>")
        parts.append(
            _html_table(
                ["field", "agreed", "evaluated", "%"],
                agreement_rows(evaluation),
                numeric=[1, 2, 3],
            )
        )
        parts.append("<h2>Triage confusion matrix</h2>")
        parts.append(confusion_html(evaluation))
        for title, explanation, items in case_sections(evaluation)[1:]:
            if not items.total:
                continue
            parts.append(f"<h2>{_e(title)} ({items.total:,})</h2><p>{_e(explanation)}.</p>")
            parts.append(
                _html_table(
                    ["record", "case_id", "field", "expected", "got"],
                    [disagreement_cells(item) for item in items.items],
                    numeric=[0],
                )
            )
            if items.omitted:
                parts.append(f"<p>… and {items.omitted:,} more not kept.</p>")
    if summary.rejections.total:
        parts.append(f"<h2>Rejected records ({summary.rejections.total:,})</h2>")
        parts.append(_html_table(*_rejection_rows(summary.rejections.items), numeric=[0]))
        if summary.rejections.omitted:
            parts.append(f"<p>… and {summary.rejections.omitted:,} more not kept.</p>")
    parts.append(f"<footer>{_e(FOOTNOTE)}</footer></body></html>\n")
    return "\n".join(parts)
