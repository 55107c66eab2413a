"""`triage batch` through click: options, stdin/stdout, the stderr summary (golden),
reports, exit codes 0/1/2."""

from __future__ import annotations

import csv
import json
import os
import re
import resource
import signal
import subprocess
import sys
import time
from pathlib import Path
from typing import Any

import pytest
from click.testing import CliRunner, Result

from cli import cli

ROOT = Path(__file__).parent.parent

# Rich reads these at start-up: a fixed width and no colour make the summary exact.
ENV: dict[str, str | None] = {
    "COLUMNS": "100",
    "FORCE_COLOR": None,
    "TTY_COMPATIBLE": None,
    "TTY_INTERACTIVE": None,
}

EVAL_CSV = """\
case_id,anc,temperature,expected_triage,expected_severity,expected_error,note
agree,800,38.4,emergency,moderate,,E1
under,3000,,soon,normal,,routine really
over,800,38.4,urgent,moderate,,
rejected-as-expected,50,,,,anc,ambiguous ANC
rejected,50,,routine,,,
"""

EVAL_SUMMARY = """\
5 records: 3 assessed, 2 rejected (1 as expected).
Triage: routine 1, emergency 2
Under-triaged (1): assessed at a LOWER level than expected: the dangerous direction
 record  case_id  field   expected  got
 2       under    triage  soon      routine
Over-triaged (1): assessed at a higher level than expected
 record  case_id  field   expected  got
 3       over     triage  urgent    emergency
                   Agreement
 field               agreed  evaluated  %
 triage              1       3          33.3 %
 severity            3       3          100.0 %
 expected rejection  1       1          100.0 %
                Triage confusion matrix
 expected \\ assessed  routine  soon  urgent  emergency
 routine              0        0     0       0
 soon                 1        0     0       0
 urgent               0        0     0       1
 emergency            0        0     0       1
Rejected (1):
  record 5 (rejected): anc: line 6: ANC 50 without a unit is ambiguous: it could be 50 cells/µL or
50 ×10⁹/L (50000 cells/µL). Give anc_unit (cells/uL or 10^9/L)
Result: exit status 1 (1 case under-triaged; 1 record rejected).
"""


def invoke(args: list[str], stdin: str | bytes | None = None) -> Result:
    return CliRunner().invoke(cli, ["batch", *args], input=stdin, env=ENV, catch_exceptions=False)


def lines(text: str) -> list[str]:
    return [line.rstrip() for line in text.splitlines()]


def jsonl(text: str) -> list[dict[str, Any]]:
    return [json.loads(line) for line in text.splitlines()]


def test_evaluation_summary_on_stderr_is_exact_and_under_triage_exits_1(tmp_path: Path) -> None:
    source = tmp_path / "eval.csv"
    source.write_text(EVAL_CSV)
    result = invoke([str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert result.stdout == ""
    assert lines(result.stderr) == lines(EVAL_SUMMARY)
    outputs = jsonl((tmp_path / "out.jsonl").read_text())
    assert [o.get("match_triage") for o in outputs] == [True, False, False, None, None]


def test_all_assessed_prints_a_short_summary_and_exits_0(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text("case_id,anc\na,3000\nb,700\n")
    result = invoke([str(source), "-o", str(tmp_path / "out.csv")])
    assert result.exit_code == 0
    assert lines(result.stderr) == [
        "2 records: 2 assessed, 0 rejected.",
        "Triage: routine 1, soon 1",
        "Result: exit status 0 (every record assessed as expected).",
    ]
    assert (tmp_path / "out.csv").read_text().splitlines()[0].startswith("case_id,record,triage")


def test_stdin_to_stdout_sniffs_json_lines_and_keeps_stdout_for_data() -> None:
    result = invoke(["-"], stdin='{"case_id": "x", "anc": 400}\n{"anc": "50"}\n')
    assert result.exit_code == 1
    first, second = jsonl(result.stdout)
    assert (first["case_id"], first["triage"]) == ("x", "urgent")
    assert (second["case_id"], second["record"], second["error"][0]["field"]) == ("2", 2, "anc")
    assert list(second) == ["case_id", "record", "error", "at_least"]
    assert second["at_least"] is None  # nothing but the refused ANC: nothing else to read
    assert "2 records: 1 assessed, 1 rejected." in result.stderr


def test_stdin_csv_with_bom_to_stdout_as_csv() -> None:
    result = invoke(
        ["-", "--input-format", "csv", "--format", "csv"], stdin=b"\xef\xbb\xbfanc\n=700\n700\n"
    )
    rows = result.stdout.splitlines()
    assert rows[0].startswith("case_id,record,triage,")
    assert rows[1].startswith("1,1,,")  # "=700" is not a number: an error row
    assert rows[2].startswith("2,2,soon,")
    assert result.exit_code == 1


@pytest.mark.parametrize(
    ("make_args", "message"),
    [
        (lambda d: [str(d / "missing.csv")], "cannot read"),
        (lambda d: [str(d / "in.csv"), "-o", str(d / "in.csv")], "refusing to overwrite the input"),
        (lambda d: [str(d / "in.csv"), "--workers", "-1"], "Invalid value for '--workers'"),
        (lambda d: [str(d / "in.csv"), "--format", "xml"], "Invalid value for '--format'"),
        (lambda d: [str(d / "in.csv"), "--report", str(d / "r.txt")], "must end in .html or .md"),
        (
            lambda d: [str(d / "in.csv"), "-o", str(d / "o.jsonl"), "--report", str(d / "in.csv")],
            "refusing to overwrite the input",
        ),
        (
            lambda d: [str(d / "in.csv"), "-o", str(d / "o.md"), "--report", str(d / "o.md")],
            "the report and the output must be different files",
        ),
        (lambda d: [str(d / "utf16.csv")], "UTF-16"),
        (lambda d: [str(d / "dup.csv")], "names the column 'anc' twice"),
    ],
    ids=["missing-input", "overwrite-input", "negative-workers", "bad-format",
         "report-extension", "report-over-input", "report-over-output", "utf-16",
         "duplicate-column"],
)  # fmt: skip
def test_usage_errors_exit_2_and_write_nothing(
    tmp_path: Path, make_args: Any, message: str
) -> None:
    (tmp_path / "in.csv").write_text("anc\n3000\n")
    (tmp_path / "utf16.csv").write_bytes("anc\n3000\n".encode("utf-16"))
    (tmp_path / "dup.csv").write_text("anc,anc\n1,2\n")
    before = sorted(p.name for p in tmp_path.iterdir())
    result = invoke(make_args(tmp_path))
    assert result.exit_code == 2
    assert message in result.stderr
    assert sorted(p.name for p in tmp_path.iterdir()) == before
    assert (tmp_path / "in.csv").read_text() == "anc\n3000\n"


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_report_is_written_with_under_triage_first(tmp_path: Path, suffix: str) -> None:
    source = tmp_path / "eval.csv"
    source.write_text(EVAL_CSV)
    report = tmp_path / f"report.{suffix}"
    result = invoke([str(source), "-o", str(tmp_path / "out.jsonl"), "--report", str(report)])
    assert result.exit_code == 1
    page = report.read_text()
    under = page.index("Under-triaged cases (1)")
    assert under < page.index("Agreement") < page.index("Over-triaged (1)")
    assert "under" in page[under : page.index("Agreement")]


def test_workers_give_the_same_output_as_one_process(tmp_path: Path) -> None:
    source = tmp_path / "many.csv"
    rows = ["case_id,anc,temperature,symptoms"]
    for n in range(450):
        rows.append(f"c{n},{[800, 3000, 50, 400, 1200][n % 5]},{38.4 if n % 3 else ''},cough")
    source.write_text("\n".join(rows) + "\n")
    one = invoke([str(source), "-o", str(tmp_path / "one.jsonl")])
    both = invoke([str(source), "-o", str(tmp_path / "two.jsonl"), "--workers", "2"])
    assert (one.exit_code, both.exit_code) == (1, 1)
    assert (tmp_path / "one.jsonl").read_bytes() == (tmp_path / "two.jsonl").read_bytes()
    assert one.stderr == both.stderr


def test_bundled_examples_agree_and_exit_0(tmp_path: Path) -> None:
    examples = Path(__file__).resolve().parents[1] / "examples" / "cases.csv"
    result = invoke([str(examples), "-o", str(tmp_path / "out.jsonl")])
    assert "Under-triaged: none." in result.stderr
    assert result.exit_code == 0, result.stderr


def test_help_and_docs_name_every_option() -> None:
    result = CliRunner().invoke(cli, ["batch", "--help"], catch_exceptions=False)
    options = set(re.findall(r"(--[a-z-]+)", result.output)) - {"--help"}
    assert options == {
        "--output",
        "--format",
        "--input-format",
        "--workers",
        "--report",
        "--explain",
    }
    assert "Exit codes: 0" in result.output
    docs = (Path(__file__).resolve().parents[1] / "docs" / "batch.md").read_text()
    for option in options:
        assert f"`{option}" in docs, option


@pytest.mark.parametrize("workers", ["1", "2"], ids=["one-worker", "two-workers"])
def test_explain_adds_each_records_explanation(tmp_path, workers):
    source = tmp_path / "cases.csv"
    source.write_text(
        "case_id,anc,anc_unit,temperature,temperature_unit\n"
        "fever-low,800,cells/uL,38.4,C\n"
        "calm,2500,cells/uL,36.8,C\n",
        encoding="utf-8",
    )
    result = CliRunner().invoke(
        cli, ["batch", str(source), "--explain", "--workers", workers], catch_exceptions=False
    )
    assert result.exit_code == 0
    records = [json.loads(line) for line in result.stdout.splitlines()]
    assert [r["explain"]["triage"] for r in records] == ["emergency", "routine"]
    assert records[1]["explain"]["near_misses"], "a routine case lists what would raise it"


def test_explain_in_csv_is_one_extra_last_column(tmp_path):
    source = tmp_path / "cases.csv"
    source.write_text("anc,anc_unit\n400,cells/uL\n", encoding="utf-8")
    output = tmp_path / "out.csv"
    CliRunner().invoke(
        cli, ["batch", str(source), "-o", str(output), "--explain"], catch_exceptions=False
    )
    header, row = list(csv.reader(output.open(encoding="utf-8")))
    assert header[-1] == "explain"
    assert row[-1].startswith("How this result was reached")


# ------------------------------------------------------------------ faults and hostile text

SIMPLE_CSV = "case_id,anc,anc_unit\na,3000,cells/uL\nb,700,cells/uL\n"


def test_an_output_that_cannot_be_written_exits_2_saying_what_and_where(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(SIMPLE_CSV)
    result = invoke([str(source), "-o", "/dev/full"])
    assert result.exit_code == 2
    assert "Error: cannot write /dev/full: No space left on device" in result.stderr
    assert "Traceback" not in result.output


def test_a_report_that_cannot_be_written_exits_2_and_keeps_the_old_report(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    import errno

    source, report = tmp_path / "in.csv", tmp_path / "report.html"
    source.write_text(SIMPLE_CSV)
    report.write_text("old report")

    def read_only(*args: Any) -> None:
        raise OSError(errno.EROFS, "Read-only file system")

    monkeypatch.setattr(os, "replace", read_only)
    result = invoke([str(source), "-o", "/dev/null", "--report", str(report)])
    assert result.exit_code == 2
    assert f"cannot write {report}: Read-only file system" in result.stderr
    assert report.read_text() == "old report"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def test_ctrl_c_exits_130_not_the_code_for_rejected_records(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    def interrupted(*args: Any, **kwargs: Any) -> None:
        raise KeyboardInterrupt

    monkeypatch.setattr("triage.batch.run_batch", interrupted)
    source = tmp_path / "in.csv"
    source.write_text(SIMPLE_CSV)
    result = invoke([str(source)])
    assert result.exit_code == 130
    assert "Interrupted." in result.stderr


HOSTILE_TEXT = [
    pytest.param('{"case_id": "\\u001b[2J", "anc": 50}\n', id="escape-in-case-id"),
    pytest.param('{"anc": 700, "symptoms": ["\\u001b]0;pwned\\u0007"]}\n', id="escape-in-symptom"),
    pytest.param('{"anc": 700, "\\u009b31m": 1}\n', id="c1-escape-in-a-field-name"),
    pytest.param('{"anc": 700, "anc_unit": "' + "x" * 100_000 + '"}\n', id="huge-unit"),
]


@pytest.mark.parametrize("content", HOSTILE_TEXT)
def test_the_summary_never_echoes_control_characters_or_huge_values(
    tmp_path: Path, content: str
) -> None:
    source = tmp_path / "in.jsonl"
    source.write_text(content)
    result = invoke([str(source), "-o", str(tmp_path / "out.jsonl")])
    assert result.exit_code == 1
    assert not re.search("[\x00-\x08\x0b-\x1f\x7f-\x9f]", result.stderr)
    assert len(result.stderr) < 3_000


def test_the_markdown_report_holds_no_live_link_image_or_html(tmp_path: Path) -> None:
    source, report = tmp_path / "in.jsonl", tmp_path / "report.md"
    hostile = "![x](http://example.invalid/pixel.png) [click](javascript:alert(1)) <img src=x>"
    source.write_text(json.dumps({"case_id": hostile, "anc": 50}) + "\n")
    result = invoke([str(source), "-o", "/dev/null", "--report", str(report)])
    assert result.exit_code == 1
    page = report.read_text()
    assert "\\!\\[x\\](http://example.invalid/pixel.png)" in page
    assert "\\[click\\](javascript:alert(1))" in page
    assert "<img" not in page and "&lt;img src=x>" in page


# Real processes: stdin, file-size limits and signals cannot be faked in CliRunner.

TRIAGE = [sys.executable, "-c", "from cli import cli; cli()", "batch"]


def run_triage(args: list[str], **options: Any) -> subprocess.CompletedProcess[str]:
    return subprocess.run([*TRIAGE, *args], capture_output=True, text=True, check=False,
                          cwd=ROOT, **options)  # fmt: skip


@pytest.mark.slow
def test_refuses_an_output_that_is_the_file_stdin_reads(tmp_path: Path) -> None:
    source = tmp_path / "in.csv"
    source.write_text(SIMPLE_CSV)
    with open(source) as stdin:
        result = run_triage(["-", "-o", str(source)], stdin=stdin)
    assert result.returncode == 2
    assert "stdin is the file" in result.stderr
    assert source.read_text() == SIMPLE_CSV


@pytest.mark.slow
def test_a_file_size_limit_exits_2_and_keeps_the_earlier_output(tmp_path: Path) -> None:
    source, output = tmp_path / "in.csv", tmp_path / "out.jsonl"
    source.write_text(SIMPLE_CSV)
    output.write_text("earlier")

    def limit_file_size() -> None:
        resource.setrlimit(resource.RLIMIT_FSIZE, (1024, 1024))

    result = run_triage([str(source), "-o", str(output)], preexec_fn=limit_file_size)
    assert result.returncode == 2
    assert f"cannot write {output}: File too large" in result.stderr
    assert "Traceback" not in result.stderr
    assert output.read_text() == "earlier"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


def children(pid: int) -> list[int]:
    """The processes whose parent is ``pid`` (from /proc)."""
    found = []
    for stat in Path("/proc").glob("[0-9]*/stat"):
        try:
            fields = stat.read_text().rsplit(")", 1)[1].split()
        except OSError:
            continue
        if int(fields[1]) == pid:
            found.append(int(stat.parent.name))
    return found


@pytest.mark.slow
def test_sigterm_with_workers_cleans_up_quietly_and_exits_143(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text("earlier")
    process = subprocess.Popen(
        [*TRIAGE, "-", "--input-format", "csv", "--workers", "2", "-o", str(output)],
        stdin=subprocess.PIPE, stderr=subprocess.PIPE, text=True, cwd=ROOT,
    )  # fmt: skip
    assert process.stdin is not None and process.stderr is not None
    process.stdin.write(SIMPLE_CSV * 300)
    process.stdin.flush()  # the batch now waits for more input, its workers started
    deadline = time.monotonic() + 60  # a guard against a hang, not a timing assertion
    while process.poll() is None and len(children(process.pid)) < 2:
        assert time.monotonic() < deadline, "the workers did not start"
        time.sleep(0.05)
    process.send_signal(signal.SIGTERM)
    stderr = process.stderr.read()
    assert process.wait() == 143
    assert "Traceback" not in stderr and "Error" not in stderr
    assert output.read_text() == "earlier"
    assert not [p for p in tmp_path.iterdir() if p.name.endswith(".partial")]


# ------------------------------------------------------------ the report, for a nurse educator

EDUCATOR_CSV = """\
case_id,anc,anc_unit,temperature,symptoms,expected_triage
fever-1600,1600,cells/uL,38.4,,emergency
profound,50,cells/uL,,,urgent
negative,-1,cells/uL,,,soon
a-symptom,800,cells/uL,,zorbles,soon
"""


@pytest.fixture(scope="module")
def educator_pages(tmp_path_factory: pytest.TempPathFactory) -> dict[str, str]:
    folder = tmp_path_factory.mktemp("educator")
    source = folder / "cases.csv"
    source.write_text(EDUCATOR_CSV)
    pages = {}
    for suffix in ("html", "md"):
        report = folder / f"report.{suffix}"
        invoke([str(source), "-o", str(folder / f"out-{suffix}.jsonl"), "--report", str(report)])
        pages[suffix] = report.read_text()
    return pages


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_the_report_says_the_result_in_words(educator_pages, suffix: str) -> None:
    page = educator_pages[suffix]
    assert "Result: needs attention: 1 case under-triaged; 2 records rejected." in page
    assert "exit status" not in page


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_the_report_shows_values_as_words_and_rejections_in_plain_words(
    educator_pages, suffix: str
) -> None:
    page = educator_pages[suffix]
    assert "very high 1" in page and "very_high" not in page
    assert "anc: line 4: must be 0 or more" in page  # the value error names its line
    assert "Input should" not in page


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_without_expected_error_the_rejections_have_no_as_expected_column(
    educator_pages, suffix: str
) -> None:
    assert "as expected" not in educator_pages[suffix]


def test_html_shows_commands_as_code_not_backticks(educator_pages) -> None:
    page = educator_pages["html"]
    assert "<code>triage vocab</code>" in page
    assert "`" not in page


@pytest.mark.parametrize("suffix", ["html", "md"])
def test_each_under_triaged_case_says_why_its_level_and_what_the_expected_one_needed(
    educator_pages, suffix: str
) -> None:
    page = educator_pages[suffix]
    assert "Record 1 (fever-1600): expected emergency, assessed soon" in page
    assert "Assessed soon by S5 (a fever, whatever the count)." in page
    assert "Emergency would have needed:" in page
    needed = page[page.index("Emergency would have needed:") :]
    assert "E1 needs fever" in needed
    assert "missing: ANC 1,600 cells/µL is not below 1,000" in needed
    assert re.search(r"and \d+ more emergency rules", needed)  # E2, E3, E10 … (the revision)


def test_html_colours_the_under_triage_heading_red_only_when_there_is_some(tmp_path: Path) -> None:
    source = tmp_path / "fine.csv"
    source.write_text("case_id,anc,anc_unit,expected_triage\nfine,3000,cells/uL,routine\n")
    report = tmp_path / "report.html"
    result = invoke([str(source), "-o", str(tmp_path / "out.jsonl"), "--report", str(report)])
    assert result.exit_code == 0
    page = report.read_text()
    assert '<section class="clear"><h2>Under-triaged cases: none</h2>' in page
    assert 'class="danger"' not in page
    assert "Result: all clear: every record was assessed, and no case was under-triaged." in page
