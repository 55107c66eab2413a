"""The ``triage`` command line: parse, call the ``triage`` library, render, and map
errors to exit codes (0 ok, 1 rejected input, 2 usage). Keep it thin."""

from __future__ import annotations

import contextlib
import errno
import json
import os
import shutil
import sys
from collections.abc import Callable
from typing import TYPE_CHECKING, Any

import click

if TYPE_CHECKING:
    from collections.abc import Iterator

    from rich.console import Console, RenderableType

    from triage.batch import BatchSummary, ProgressCallback
    from triage.models import CaseRejected

# Start-up: only click and small helper modules are imported here. Each command imports
# the library parts it uses, so `triage --help` does not load the rule engine
# (benchmarks/startup.py measures it).
from triage.files import EXIT_SIGINT, EXIT_SIGTERM, Terminated, WriteFailed, sigterm_raises
from triage.limits import ECHO_MAX_MESSAGE_CHARS, MAX_CASE_FILE_BYTES
from triage.safetext import json_for_terminal, neutralise

EXIT_REJECTED = 1
EXIT_USAGE = 2
EXIT_INTERRUPTED = EXIT_SIGINT  # Ctrl-C, as a shell reports it (128 + SIGINT)
# OSError numbers that mean "this output cannot be written" (stdout full, too large,
# read-only, closed pipe, I/O error, quota).
WRITE_ERRNOS = frozenset(
    {errno.ENOSPC, errno.EFBIG, errno.EROFS, errno.EPIPE, errno.EIO, errno.EDQUOT, errno.EBADF}
)


class OutputFailed(click.ClickException):
    """An output could not be written (exit code 2, no usage line)."""

    exit_code = EXIT_USAGE


def _silence_stdout() -> None:
    """After stdout failed, point it at /dev/null so that the interpreter's last flush
    does not print a second error."""
    with contextlib.suppress(OSError, ValueError, AttributeError):
        devnull = os.open(os.devnull, os.O_WRONLY)
        os.dup2(devnull, sys.stdout.fileno())
        os.close(devnull)


class TriageGroup(click.Group):
    """Map faults to exit codes for every command: a failed write (disk full, file too
    large, closed pipe) is exit 2 with what failed and where; Ctrl-C is 130 and SIGTERM
    143, as shells expect; never a traceback."""

    def invoke(self, ctx: click.Context) -> Any:
        try:
            return super().invoke(ctx)
        except WriteFailed as error:
            if error.where == "stdout":
                _silence_stdout()
            raise OutputFailed(str(error)) from None
        except OSError as error:
            if error.errno not in WRITE_ERRNOS:
                raise
            _silence_stdout()  # an echo to stdout failed
            raise OutputFailed(str(WriteFailed("stdout", error))) from None
        except KeyboardInterrupt:
            _say_to_stderr("Interrupted.")
            sys.exit(EXIT_SIGINT)
        except Terminated:
            _say_to_stderr("Terminated.")
            sys.exit(EXIT_SIGTERM)


def _say_to_stderr(text: str) -> None:
    with contextlib.suppress(OSError, ValueError):
        click.echo(text, err=True)


def output_width() -> int:
    """The width to wrap patient text to: a terminal's own when stdout is one narrower
    than 80 columns (``triage.text.width_for``), else ``triage.text.WIDTH`` (78). Only
    the command line asks the terminal; the library is given the width."""
    from triage.text import WIDTH, width_for

    try:
        interactive = sys.stdout.isatty()
    except (AttributeError, ValueError):
        interactive = False
    if not interactive:
        return WIDTH
    return width_for(shutil.get_terminal_size((WIDTH + 2, 24)).columns)


def echo_text(text: str, nl: bool = True) -> None:
    """Echo a block of text (several lines) that may hold user input: control
    characters are made visible, never run by the terminal."""
    click.echo(neutralise(text, None, lines=True), nl=nl)


class CaseCommand(click.Command):
    """A command with one option per case-format input field, generated from the
    pydantic model (:class:`triage.models.CaseInput`: its field names, kinds and
    descriptions) the first time the options are needed, so `triage --help` does not
    import the model. Values reach the library as text and are validated there, so the
    messages are the same as for case files."""

    _case_options_added = False

    def get_params(self, ctx: click.Context) -> list[click.Parameter]:
        if not self._case_options_added:
            self.params[:0] = case_field_options()
            self._case_options_added = True
        return super().get_params(ctx)


def case_field_options() -> list[click.Option]:
    """One option per CaseInput field, in the case format's order."""
    from triage.models import CaseInput

    options = []
    for field, info in CaseInput.model_fields.items():
        flag = "--" + field.replace("_", "-")
        extra = info.json_schema_extra if isinstance(info.json_schema_extra, dict) else {}
        if info.annotation == bool | None:
            options.append(
                click.Option(
                    [f"{flag}/--no-{flag[2:]}", field], default=None, help=info.description
                )
            )
        elif info.annotation == list[str]:
            name = f"--{extra.get('option', field)}"
            options.append(click.Option([name, field], multiple=True, help=info.description))
        else:
            options.append(click.Option([flag, field], metavar="VALUE", help=info.description))
    return options


def format_option(*choices: str, help: str) -> Callable[[Callable[..., Any]], Any]:
    """The same ``--format`` everywhere: the first choice is the default."""
    return click.option(
        "--format",
        "output_format",
        type=click.Choice(list(choices)),
        default=choices[0],
        show_default=True,
        help=help,
    )


def read_case_file(source: str) -> dict[str, Any]:
    """Read one JSON case from a path or ``-`` (stdin); usage error if unreadable."""
    from triage.models import refuse_repeated_fields

    shown = neutralise(source)
    try:
        if source == "-":
            data = sys.stdin.buffer.read(MAX_CASE_FILE_BYTES + 1)
        else:
            with open(source, "rb") as handle:
                data = handle.read(MAX_CASE_FILE_BYTES + 1)
        if len(data) > MAX_CASE_FILE_BYTES:
            raise click.UsageError(
                f"case file {shown} is longer than {MAX_CASE_FILE_BYTES:,} bytes: "
                "one case is much shorter"
            )
        text = data.decode("utf-8-sig")
    except (OSError, UnicodeDecodeError) as error:
        raise click.UsageError(f"cannot read case file {shown}: {neutralise(error)}") from None
    try:
        case = json.loads(text, object_pairs_hook=refuse_repeated_fields)
    except json.JSONDecodeError as error:
        raise click.UsageError(
            f"case file {shown} is not valid JSON (line {error.lineno}, column {error.colno}): "
            f"{error.msg}"
        ) from None
    except RecursionError:
        raise click.UsageError(f"case file {shown} is not valid JSON (nested too deeply)") from None
    except ValueError as error:  # a field given twice, or a number of thousands of digits
        raise click.UsageError(f"case file {shown}: {neutralise(error)}") from None
    if not isinstance(case, dict):
        raise click.UsageError(f"case file {shown} must hold one JSON object of case fields")
    return case


def collect_case(case_file: str | None, fields: dict[str, Any]) -> dict[str, Any]:
    """Merge ``--case`` with the options given; an option overrides the file."""
    case = read_case_file(case_file) if case_file else {}
    for field, value in fields.items():
        if value is None or value == ():
            continue
        case[field] = list(value) if isinstance(value, tuple) else value
    return case


def usage_error(message: str) -> click.UsageError:
    """A usage error whose message is wrapped to fit 80 columns after click's "Error: "."""
    from triage.text import fill

    return click.UsageError(fill(message, first="Error: ").removeprefix("Error: "))


def echo_rejection(
    error: CaseRejected, output_format: str, case: dict[str, Any] | None = None
) -> None:
    """The error record (``--format json``) and the field errors, then what the rest of
    ``case`` already means (clinical-rules §1: a refused value never hides the level of
    the rest)."""
    from triage.at_least import at_least_level, at_least_sentence

    fields = [neutralise(item.field) for item in error.errors]
    messages = [neutralise(item.message, ECHO_MAX_MESSAGE_CHARS) for item in error.errors]
    at_least = None if case is None else at_least_level(case, errors=error.errors)
    if output_format == "json":
        record = {
            "case_id": None if error.case_id is None else neutralise(error.case_id),
            "record": 1,
            "error": [
                {"field": name, "message": message}
                for name, message in zip(fields, messages, strict=True)
            ],
            "at_least": at_least,
        }
        click.echo(json_for_terminal(json.dumps(record, ensure_ascii=False)))
    from triage.text import fill

    click.echo("Rejected: this case cannot be assessed as given.", err=True)
    for name, message in zip(fields, messages, strict=True):
        click.echo(f"  {name}:", err=True)
        click.echo(fill(message, "    "), err=True)
    if at_least is not None:
        # The headline and level stay on one line (fill prints no-break spaces as spaces).
        click.echo(fill(at_least_sentence(at_least, space="\u00a0")), err=True)


@click.group(
    cls=TriageGroup,
    context_settings={"help_option_names": ["-h", "--help"], "max_content_width": 80},
)
@click.version_option(package_name="neutropenia-triage", message="%(prog)s %(version)s")
def cli() -> None:
    """Neutropenia infection-risk triage: an educational assistant.

    Give a neutrophil count (ANC), temperature, medicines, symptoms and conditions;
    the rules say how high the infection risk is, how soon to get care, possible
    causes, and what to know. It never diagnoses or prescribes: always talk with a
    provider.

    \b
    Examples:
      triage assess --anc 800 --temperature 38.4 --days-since-chemo 10
      triage assess --case case.json --format json --explain
      triage interview
      triage batch examples/cases.csv -o results.jsonl
    """


@cli.command(cls=CaseCommand)
@click.option(
    "--case",
    "case_file",
    metavar="FILE",
    help="Read the case from a JSON file of case fields ('-' for stdin). Options override it.",
)
@format_option(
    "text", "json", help="text for people, json for programs (the case-format output object)."
)
@click.option(
    "--explain",
    is_flag=True,
    help="Show how the result was reached: the facts, every rule that applied, and what "
    "each higher level would have needed.",
)
@click.option(
    "--what-if",
    "what_if",
    multiple=True,
    metavar="FIELD=VALUE",
    help="Change one field and show what changes and which rules start or stop firing "
    "(repeatable; FIELD= clears a field; list fields take ;-separated values).",
)
def assess(
    case_file: str | None, output_format: str, explain: bool, what_if: tuple[str, ...],
    **fields: Any,
) -> None:  # fmt: skip
    """Assess one case given as options or as a JSON case file.

    Options are the case-format field names with hyphens (--days-since-chemo is
    days_since_chemo); --med, --symptom and --condition give one item each of
    medications, symptoms and conditions.

    \b
    Examples:
      triage assess --anc 0.8 --anc-unit 10^9/L --temperature 101.3
      triage assess --anc 1,200 --symptom "mouth sores" --med "Tegretol 200 mg"
      echo '{"anc": 400, "symptoms": ["cough"]}' | triage assess --case -
      triage assess --anc 800 --temperature 38.4 --what-if anc=1600
      triage assess --anc 800 --temperature 38.4 --what-if temperature=

    Exit codes: 0 assessed, 1 the case was rejected (the reason names each field),
    2 usage error.
    """
    import triage
    from triage.render import render_text

    case = collect_case(case_file, fields)
    try:
        assessment = triage.assess(case)
    except triage.CaseRejected as error:
        echo_rejection(error, output_format, case)
        sys.exit(EXIT_REJECTED)
    if what_if:
        echo_what_if(case, what_if, output_format, explain)
    elif output_format == "json":
        payload = assessment.to_json_dict()
        click.echo(json_for_terminal(json.dumps(payload, ensure_ascii=False, indent=2)))
    else:
        echo_text(render_text(assessment, explain=explain, width=output_width()), nl=False)


def echo_what_if(
    case: dict[str, Any], assignments: tuple[str, ...], output_format: str, explain: bool
) -> None:
    """``assess --what-if``: the changes, what differs, which rules start or stop firing."""
    import triage
    from triage.whatif import WhatIfError, apply_changes, compare, parse_changes, render_whatif

    try:
        result = compare(case, parse_changes(assignments))
    except WhatIfError as error:
        raise usage_error(neutralise(error, ECHO_MAX_MESSAGE_CHARS)) from None
    except triage.CaseRejected as error:
        click.echo("With the --what-if changes:", err=True)
        echo_rejection(error, output_format, apply_changes(case, parse_changes(assignments)))
        sys.exit(EXIT_REJECTED)
    if output_format == "json":
        click.echo(json_for_terminal(json.dumps(result.to_dict(), ensure_ascii=False, indent=2)))
    else:
        echo_text(render_whatif(result, explain=explain), nl=False)


@cli.command()
@format_option(
    "text", "markdown", "json", help="text to read, markdown for docs/rules.md, json for programs."
)
def rules(output_format: str) -> None:
    """The rule catalogue: every rule, its conditions and its source.

    For each rule: id, area, what it concludes, when it applies, why, and its source.

    Read from the rules themselves, so it is always the catalogue of this version.

    \b
    Examples:
      triage rules
      triage rules --format markdown > docs/rules.md
    """
    from triage.catalogue import render_catalogue

    click.echo(render_catalogue(output_format), nl=False)


@cli.command()
@format_option("text", "json", help="text to read, json for tools that write case files.")
@click.option(
    "--kind",
    type=click.Choice(["all", "symptoms", "conditions", "medications"]),
    default="all",
    show_default=True,
    help="Show only one list.",
)
def vocab(output_format: str, kind: str) -> None:
    """List the symptoms, conditions and medicines the rules understand.

    Symptoms and conditions are given by id or by any of their everyday words
    (e.g. "mouth sores" for mouth_ulcers); a word that is not listed is rejected with
    the closest ids, never dropped. Medicines are free text: names listed here (generic,
    brand or other name) are recognised, dose text is ignored, and a small misspelling is
    tolerated; others are kept and reported as not recognised.

    \b
    Examples:
      triage vocab --kind symptoms
      triage vocab --format json > vocabulary.json
    """
    from triage.text import fill
    from triage.vocabulary import vocabulary_listing

    listing = vocabulary_listing()
    keys = ["symptoms", "conditions", "medication_classes"]
    if kind != "all":
        keys = ["medication_classes" if kind == "medications" else kind]
    if output_format == "json":
        click.echo(json.dumps({key: listing[key] for key in keys}, ensure_ascii=False, indent=2))
        return
    for key in keys:
        click.echo(f"{key.replace('_', ' ').capitalize()}:")
        for entry in listing[key]:
            if key == "medication_classes":
                click.echo(f"  {entry['class']}:")
                for drug in entry["drugs"]:
                    names = ", ".join([*drug["brands"], *drug["aliases"]])
                    line = drug["generic"] + (f" ({names})" if names else "")
                    click.echo(fill(line, " " * 8, "    "))
                continue
            group = entry.get("group") or entry.get("category") or ""
            line = f"{entry['id']}: {entry['label']}" + (f" [{group}]" if group else "")
            click.echo(fill(line, "      ", "  "))
            if entry["synonyms"]:
                also = ", ".join(entry["synonyms"])
                click.echo(fill(f"also: {also}", " " * 12, " " * 6))
        click.echo("")


@cli.group()
def cases() -> None:
    """Teaching vignettes: list them, or show one with its answers.

    \b
    Examples:
      triage cases list
      triage cases show fever-after-chemo --answer
    """


@cases.command("list")
def cases_list() -> None:
    """List the teaching vignettes: number, expected triage, id and title.

    \b
    Examples:
      triage cases list
      triage cases list | grep emergency
    """
    from triage.cases import load_vignettes, render_case_list

    click.echo(render_case_list(load_vignettes()), nl=False)


@cases.command("show")
@click.argument("case_id", metavar="ID")
@click.option("--answer", is_flag=True, help="Also show the engine's assessment, explained.")
def cases_show(case_id: str, answer: bool) -> None:
    """Show one vignette (by id or number): story, inputs, expected answers, teaching note
    and source.

    \b
    Examples:
      triage cases show fever-after-chemo
      triage cases show 1 --answer
    """
    import triage
    from triage.cases import VignetteNotFound, disagreements, get_vignette, render_vignette
    from triage.render import render_text

    try:
        vignette = get_vignette(case_id)
    except VignetteNotFound as error:
        raise usage_error(str(error)) from None
    click.echo(render_vignette(vignette), nl=False)
    if answer:
        assessment = triage.assess(vignette.case)
        click.echo("\nThe engine's assessment:\n")
        click.echo(render_text(assessment, explain=True), nl=False)
        for line in disagreements(vignette, assessment):
            click.echo(f"Disagrees with the vignette: {line}", err=True)


@cli.command()
@click.option("--seed", type=int, help="Shuffle the cases in the same order every time.")
@click.option(
    "--count",
    type=click.IntRange(min=1),
    default=5,
    show_default=True,
    help="How many cases to ask.",
)
def quiz(seed: int | None, count: int) -> None:
    """Practise triage on the teaching vignettes, one case at a time.

    For each case, give the triage level (1-4 or routine/soon/urgent/emergency, first
    letters work) and the likely cause categories (numbers, or none). One point for the
    exact level, one for exactly the right causes; under-triage is called out. Then the
    explanation and teaching note are shown. Type quit, end the input or press Ctrl-C
    to stop with the score so far. Answers can be piped in, one per line.

    \b
    Examples:
      triage quiz
      triage quiz --seed 7 --count 3
      printf '4\\n1\\n' | triage quiz --count 1 --seed 1

    Exit codes: 0 the quiz ended or you typed quit; 130 Ctrl-C (after the score).
    """
    from triage.cases import load_vignettes
    from triage.quiz import run_quiz

    stdin = sys.stdin
    interactive = stdin.isatty()

    def ask(prompt: str) -> str | None:
        click.echo(prompt, nl=False)
        line = stdin.readline()
        if not line:
            click.echo()
            return None
        if not interactive:  # a scripted answer: show it, so the transcript reads well
            click.echo(line.rstrip("\n"))
        return line

    result = run_quiz(load_vignettes(), ask, click.echo, seed=seed, count=count)
    if result.interrupted:
        sys.exit(EXIT_INTERRUPTED)


@cli.command()
@click.option(
    "--save",
    "save_path",
    metavar="FILE",
    type=click.Path(dir_okay=False, writable=True),
    help="Save the answers as a case file that `triage assess --case FILE` reads.",
)
@click.option("--explain", is_flag=True, help="Show every rule that applied and why.")
def interview(save_path: str | None, explain: bool) -> None:
    """Answer plain questions one at a time and get the same result as `triage assess`.

    Only the questions that matter for your answers are asked. At any question type
    ? (help), why (the rules that use the answer), back or quit. Answers can be piped
    in, one per line. See docs/interview.md.

    \b
    Examples:
      triage interview
      triage interview --save my-case.json
      printf '1\\nno\\n' | triage interview

    Exit codes: 0 a result was shown, or you typed quit; 1 the input ended or Ctrl-C
    was pressed before a result; 2 usage error; 3 an internal error (a bug).
    """
    from triage.interview import Interview, reader_for, save_case, save_problem

    if save_path is not None and (problem := save_problem(save_path)):
        raise click.UsageError(problem)
    width = output_width()
    ask = reader_for(sys.stdin, echo_text)
    outcome = Interview(ask, echo_text, explain=explain, width=width).run()
    if save_path and outcome.assessment is not None:
        try:
            save_case(outcome.case, save_path)
        except WriteFailed as error:
            raise OutputFailed(f"{error}; nothing was saved") from None
        shown = neutralise(save_path)
        click.echo(f"\nYour answers are saved in {shown}. To see this result again:")
        click.echo(f"  triage assess --case {shown}")
    sys.exit(outcome.exit_code)


# ---------------------------------------------------- batch: progress bar and console view
# The library reports a batch as data (BatchSummary) and words (triage.report); drawing
# them with rich is the command line's job. rich is imported when a batch runs, so that
# `triage --help` stays fast.

CONSOLE_LIST_LIMIT = 20  # cases listed per section on the console; the report lists all kept


@contextlib.contextmanager
def progress_display(console: Console) -> Iterator[ProgressCallback | None]:
    """A progress callback for :func:`triage.batch.run_batch` that draws a rich
    progress bar, or ``None`` when the console is not a terminal (silent). The bar
    starts on the first update, after any worker processes have started."""
    if not console.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, TaskID, TextColumn, TimeElapsedColumn

    progress = Progress(
        TextColumn("{task.description}"),
        BarColumn(),
        TextColumn("{task.percentage:>3.0f} %"),
        TimeElapsedColumn(),
        console=console,
        transient=True,
    )
    task: TaskID | None = None

    def update(records: int, bytes_read: int, total_bytes: int | None) -> None:
        nonlocal task
        if task is None:
            progress.start()
            task = progress.add_task("", total=total_bytes)
        progress.update(task, completed=bytes_read, description=f"{records:,} records")

    try:
        yield update
    finally:
        if task is not None:
            progress.stop()


def render_console(summary: BatchSummary) -> RenderableType:
    """A one-screen summary for the terminal (stderr): counts, under-triaged cases
    first, agreement, the confusion matrix, the other disagreements (a few each)."""
    from rich.console import Group
    from rich.table import Table
    from rich.text import Text

    from triage.levels import TRIAGE_LEVELS
    from triage.report import (
        agreement_rows,
        case_sections,
        counts_text,
        disagreement_cells,
        headline,
        problems_text,
        result_line,
    )

    parts: list[RenderableType] = [Text(headline(summary), style="bold")]
    for warning in summary.warnings:
        parts.append(Text(f"warning: {warning}", style="yellow"))
    parts.append(Text("Triage: " + counts_text(summary.triage)))
    evaluation = summary.evaluation
    if evaluation is not None:
        if not evaluation.under_triaged.total:
            parts.append(Text("Under-triaged: none.", style="green"))
        for title, explanation, items in case_sections(evaluation):
            if not items.total:
                continue
            style = "bold red" if title == "Under-triaged" else "bold"
            parts.append(Text(f"{title} ({items.total:,}): {explanation}", style=style))
            table = Table("record", "case_id", "field", "expected", "got", box=None)
            for item in items.items[:CONSOLE_LIST_LIMIT]:
                table.add_row(*map(Text, disagreement_cells(item)))
            parts.append(table)
            hidden = items.total - min(len(items.items), CONSOLE_LIST_LIMIT)
            if hidden:
                parts.append(Text(f"… and {hidden:,} more (write them all with --report)"))
        agreement = Table("field", "agreed", "evaluated", "%", title="Agreement", box=None)
        for row in agreement_rows(evaluation):
            agreement.add_row(*map(Text, row))
        parts.append(agreement)
        matrix = Table(
            "expected \\ assessed", *TRIAGE_LEVELS, title="Triage confusion matrix", box=None
        )
        for level in TRIAGE_LEVELS:
            matrix.add_row(level, *(f"{evaluation.confusion[level][g]:,}" for g in TRIAGE_LEVELS))
        parts.append(matrix)
    unexpected = [r for r in summary.rejections.items if not r.expected]
    if unexpected:
        parts.append(
            Text(f"Rejected ({summary.rejected - summary.rejected_as_expected:,}):", style="bold")
        )
        for rejection in unexpected[:CONSOLE_LIST_LIMIT]:
            problems = problems_text(rejection)
            parts.append(Text(f"  record {rejection.record} ({rejection.case_id}): {problems}"))
        hidden = (
            summary.rejected
            - summary.rejected_as_expected
            - min(len(unexpected), CONSOLE_LIST_LIMIT)
        )
        if hidden > 0:
            parts.append(Text(f"  … and {hidden:,} more (see the error records in the output)"))
    parts.append(Text(result_line(summary), style="green" if summary.exit_code == 0 else "red"))
    return Group(*parts)


@cli.command()
@click.argument("source", metavar="INPUT")
@click.option(
    "-o",
    "--output",
    default="-",
    show_default=True,
    metavar="FILE",
    help="One result per input record, in input order ('-' for stdout). A file is "
    "written to a temporary file and renamed when complete.",
)
@click.option(
    "--format",
    "output_format",
    type=click.Choice(["jsonl", "csv"]),
    help="Output format. Default: by the output's extension (.csv), else jsonl.",
)
@click.option(
    "--input-format",
    type=click.Choice(["csv", "jsonl"]),
    help="Input format. Default: by extension (.csv, .jsonl, .ndjson, .json-lines), "
    "else from the first character ({ is JSON Lines).",
)
@click.option(
    "--workers",
    type=click.IntRange(min=0),
    default=None,
    help="Processes that score in parallel (0: all cores). Default: all cores for an "
    "input file of 200 kB or more, else 1. Output order is kept.",
)
@click.option(
    "--report",
    "report_path",
    metavar="FILE",
    help="Also write the summary as a page: FILE.html (heat-map table) or FILE.md.",
)
@click.option(
    "--explain",
    is_flag=True,
    help="Add each record's explanation (the facts, the rules that applied, and what each "
    "higher level would have needed) in an 'explain' field or column.",
)
def batch(
    source: str, output: str, output_format: str | None, input_format: str | None,
    workers: int | None, report_path: str | None, explain: bool,
) -> None:  # fmt: skip
    """Assess every record of a CSV or JSON Lines file (INPUT, '-' for stdin).

    Each record becomes one output record: the assessment, or an error record naming
    each bad field and the record number. With expected_* columns the batch is also
    an evaluation: match_* fields, agreement, a triage confusion matrix, and every
    under-triaged case listed first. A summary goes to stderr. See docs/batch.md.

    \b
    Examples:
      triage batch examples/cases.csv -o results.jsonl
      triage batch cases.jsonl -o results.csv --workers 0 --report report.html
      cat cases.csv | triage batch - --input-format csv > results.jsonl

    Exit codes: 0 every record assessed (or rejected as its expected_error said);
    1 some records rejected (the rest are still written) or some case under-triaged;
    2 usage error (unreadable input, bad option, output would overwrite the input).
    """
    from rich.console import Console

    from triage.batch import BatchUsageError, run_batch
    from triage.report import check_report_path, write_report

    console = Console(stderr=True)
    try:
        if report_path:
            check_report_path(report_path, source, output)
        with sigterm_raises(), progress_display(console) as progress:
            summary = run_batch(
                source, output, input_format=input_format, output_format=output_format,
                workers=workers, progress=progress, explain=explain,
            )  # fmt: skip
        if report_path:
            write_report(summary, report_path)
    except BatchUsageError as error:
        raise click.UsageError(neutralise(error, ECHO_MAX_MESSAGE_CHARS)) from None
    console.print(render_console(summary))
    sys.exit(summary.exit_code)


@cli.command()
@click.option(
    "--host",
    default="127.0.0.1",
    show_default=True,
    help="Address to listen on. Anything but loopback serves health data to a network.",
)
@click.option("--port", type=click.IntRange(0, 65535), default=8000, show_default=True,
              help="Port to listen on.")  # fmt: skip
def serve(host: str, port: int) -> None:
    """Open the interview and the nurse tools as a local web page (docs/web.md).

    Starts a server on this computer and prints its address; open it in a browser.
    Nothing is stored and no page loads anything from another host. Needs the web
    extra: pip install 'neutropenia-triage[web]'.

    \b
    Examples:
      triage serve
      triage serve --port 8080
    """
    try:
        from triage.web.serve import run_server
    except ImportError as error:
        raise click.UsageError(
            f"triage serve needs the web extra ({neutralise(error)}). Install it with: "
            "pip install 'neutropenia-triage[web]'"
        ) from None
    run_server(host, port, click.echo)


if __name__ == "__main__":
    cli()
