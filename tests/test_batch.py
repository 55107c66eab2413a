"""Batch scoring (triage/batch/): reading, one output per input, broken files,
atomic output, CSV safety, evaluation, and parallel workers.

Cases use answers that follow directly from clinical-rules.md: ANC 800 with a fever of
38.4 °C is an emergency (E1); ANC 3000 alone is routine; ANC 700 alone is soon (S1);
ANC 400 alone is urgent (U3); a bare ``50`` is an ambiguous ANC and is rejected (§1).
"""

from __future__ import annotations

import csv
import io
import itertools
import json
import os
from pathlib import Path
from typing import Any

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from triage.batch import (
    CSV_COLUMNS,
    MATCH_COLUMNS,
    BatchSummary,
    BatchUsageError,
    RawRecord,
    RecordReader,
    csv_row,
    default_assessor,
    input_format_for,
    output_format_for,
    run_batch,
    score_records,
    spreadsheet_safe,
)

HEADER = "case_id,anc,temperature,symptoms,note"
ASSESSOR = default_assessor()


def write(tmp_path: Path, content: str | bytes, name: str = "in.csv") -> Path:
    path = tmp_path / name
    path.write_bytes(content.encode() if isinstance(content, str) else content)
    return path


def batch(
    tmp_path: Path, content: str | bytes, name: str = "in.csv", **options: Any
) -> tuple[list[dict[str, Any]], BatchSummary]:
    """Run a batch from text to JSON Lines; return the output objects and the summary."""
    source = write(tmp_path, content, name)
    output = tmp_path / "out.jsonl"
    summary = run_batch(str(source), str(output), **options)
    return [json.loads(line) for line in output.read_text("utf-8").splitlines()], summary


def brief(record: dict[str, Any]) -> tuple[Any, ...]:
    """(case_id, triage) for an assessment; (case_id, record, fields) for an error."""
    if "error" in record:
        return (record["case_id"], record["record"], [e["field"] for e in record["error"]])
    return (record["case_id"], record["triage"])


# ----------------------------------------------------------------- one per record


def test_every_record_gives_one_output_in_order_and_good_ones_after_a_bad_one_are_scored(
    tmp_path: Path,
) -> None:
    content = "\n".join(
        [
            HEADER,
            "a,800,38.4,,",
            "b,50,,,",  # ambiguous ANC: rejected, names anc
            "c,3000,,,,extra",  # too many cells
            "d,700,,,",
            ",400,,,",  # no case_id: the record number
        ]
    )
    outputs, summary = batch(tmp_path, content)
    assert [brief(o) for o in outputs] == [
        ("a", "emergency"),
        ("b", 2, ["anc"]),
        ("3", 3, ["record"]),  # a broken row's cells are not trusted, even case_id
        ("d", "soon"),
        ("5", "urgent"),
    ]
    assert (summary.records, summary.assessed, summary.rejected) == (5, 3, 2)
    assert summary.triage == {"routine": 0, "soon": 1, "urgent": 1, "emergency": 1}
    assert summary.exit_code == 1
    assert summary.exit_reasons() == ["2 records rejected"]


def test_all_assessed_exits_zero_and_output_is_the_case_format_object(tmp_path: Path) -> None:
    outputs, summary = batch(tmp_path, f"{HEADER}\nx,3000,,,\n")
    assert summary.exit_code == 0
    (record,) = outputs
    assert record["case_id"] == "x"
    assert (record["triage"], record["severity"], record["infection_risk"]) == (
        "routine",
        "normal",
        "low",
    )
    assert record["disclaimer"]
    # The case-format output plus the carried note, nothing else.
    assert set(record) == set(default_assessor().assess({"anc": 3000}).model_dump()) | {"note"}


def test_empty_cells_are_unknown_lists_use_semicolons_and_booleans_accept_words(
    tmp_path: Path,
) -> None:
    content = (
        "case_id,anc,temperature,days_since_chemo,symptoms,anc_falling,duffy_null\n"
        "fever-on-chemo,,38.5,10,cough;sore_throat,,no\n"
        "falling,800,38.4,,,yes,\n"
    )
    outputs, summary = batch(tmp_path, content)
    assert summary.rejected == 0
    first, second = outputs
    assert first["severity"] == "unknown"  # empty anc cell: unknown, not 0
    assert first["triage"] == "emergency"  # E2: fever and recent chemotherapy
    assert second["febrile_neutropenia"] is True  # 38.4 °C, ANC < 1,000, falling


def test_blank_lines_and_rows_of_empty_cells_are_not_records(tmp_path: Path) -> None:
    outputs, _ = batch(tmp_path, f"{HEADER}\n\na,3000,,,\n,,,,\n\nb,700,,,\n")
    assert [brief(o) for o in outputs] == [("a", "routine"), ("b", "soon")]


# ------------------------------------------------------------------ broken files

BROKEN_FILES = [
    pytest.param(
        f'{HEADER}\na,3000,,,\nb,"700,,,\nc,800,38.4,,\n',
        "csv",
        [("a", "routine"), ("2", 2, ["record"]), ("c", "emergency")],
        "line 3: a quoted cell opened on this line is not closed",
        id="csv-unclosed-quote-at-end",
    ),
    pytest.param(
        f'{HEADER}\na,3000,,,\nb,700,,,"open note\nc,800,38.4,,\nd,400,,,\n',
        "csv",
        [("a", "routine"), ("2", 2, ["record"]), ("c", "emergency"), ("d", "urgent")],
        "line 3: a quoted cell opened on this line is not closed",
        id="csv-unclosed-quote-mid-file",
    ),
    pytest.param(
        f'{HEADER}\na,"3000"x,,,\nb,700,,,\n',
        "csv",
        [("1", 1, ["record"]), ("b", "soon")],
        "line 2: this CSV row cannot be read",
        id="csv-text-after-closing-quote",
    ),
    pytest.param(
        f"{HEADER}\na,3000,,,,\nb,700,,,\n",
        "csv",
        [("1", 1, ["record"]), ("b", "soon")],
        "line 2: 6 cells but the header names 5 columns; quote cells that contain a comma",
        id="csv-too-many-cells",
    ),
    pytest.param(
        f"{HEADER}\na,3000\nb,700,,,\n",
        "csv",
        [("1", 1, ["record"]), ("b", "soon")],
        "line 2: 2 cells but the header names 5 columns; leave a cell empty",
        id="csv-too-few-cells",
    ),
    pytest.param(
        (HEADER + "\na,3000,,,caf\xe9 note\nb,700,,,\n").encode("latin-1"),
        "csv",
        [("a", 1, ["note"]), ("b", "soon")],
        "line 2: bytes that are not UTF-8 text; save the file as UTF-8",
        id="csv-latin-1-bytes",
    ),
    pytest.param(
        '{"case_id": "a", "anc": 3000}\n{"case_id": "b", "anc": 700,\n{"anc": 400}\n',
        "jsonl",
        [("a", "routine"), ("2", 2, ["record"]), ("3", "urgent")],
        "line 2: not valid JSON (Expecting property name enclosed in double quotes",
        id="jsonl-bad-json",
    ),
    pytest.param(
        '{"anc": 3000}\n[1, 2]\n42\n{"anc": 400}\n',
        "jsonl",
        [("1", "routine"), ("2", 2, ["record"]), ("3", 3, ["record"]), ("4", "urgent")],
        "line 2: a record must be a JSON object ({...}), not an array",
        id="jsonl-not-an-object",
    ),
    pytest.param(
        '{"anc": 3000, "anc": 400}\n{"anc": 700}\n',
        "jsonl",
        [("1", 1, ["anc"]), ("2", "soon")],
        "line 1: this field is given twice",
        id="jsonl-duplicate-field",
    ),
    pytest.param(
        '{"anc": 3000, "note": "caf\xe9"}\n{"anc": 700}\n'.encode("latin-1"),
        "jsonl",
        [("1", 1, ["note"]), ("2", "soon")],
        "line 1: bytes that are not UTF-8 text",
        id="jsonl-latin-1-bytes",
    ),
    pytest.param(
        '{"anc": 3000}\n\n   \n{"anc": "50"}\n',
        "jsonl",
        [("1", "routine"), ("2", 2, ["anc"])],
        None,
        id="jsonl-blank-lines-skipped-record-numbers-count-records",
    ),
]


@pytest.mark.parametrize(("content", "kind", "expected", "message"), BROKEN_FILES)
def test_broken_files_give_clear_error_records_and_the_rest_is_scored(
    tmp_path: Path, content: str | bytes, kind: str, expected: list[Any], message: str | None
) -> None:
    outputs, summary = batch(tmp_path, content, name=f"in.{kind}")
    assert [brief(o) for o in outputs] == expected
    assert summary.records == len(expected)
    if message is not None:
        first_error = next(o for o in outputs if "error" in o)
        assert first_error["error"][0]["message"].startswith(message)


def test_a_runaway_quoted_cell_is_cut_after_the_line_limit_and_reading_resumes(
    tmp_path: Path,
) -> None:
    many = "\n".join(f"r{i},3000,,," for i in range(300))
    outputs, summary = batch(tmp_path, f'{HEADER}\nq,700,,,"never closed\n{many}\n')
    assert brief(outputs[0]) == ("1", 1, ["record"])
    assert [o["case_id"] for o in outputs[1:]] == [f"r{i}" for i in range(300)]
    assert summary.records == 301


def test_utf8_byte_order_mark_is_stripped(tmp_path: Path) -> None:
    outputs, summary = batch(tmp_path, b"\xef\xbb\xbf" + f"{HEADER}\na,3000,,,\n".encode())
    assert [brief(o) for o in outputs] == [("a", "routine")]
    assert summary.warnings == []
    outputs, _ = batch(tmp_path, b'\xef\xbb\xbf{"anc": 3000}\n', name="in.jsonl")
    assert [brief(o) for o in outputs] == [("1", "routine")]


def test_utf16_input_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(BatchUsageError, match="UTF-16"):
        batch(tmp_path, f"{HEADER}\na,3000,,,\n".encode("utf-16"))


def test_a_header_naming_a_column_twice_is_a_usage_error(tmp_path: Path) -> None:
    with pytest.raises(BatchUsageError, match="line 1: the header names the column 'anc' twice"):
        batch(tmp_path, "anc,anc\n1,2\n")


def test_unknown_column_is_reported_once_and_rejects_only_records_with_a_value(
    tmp_path: Path,
) -> None:
    outputs, summary = batch(tmp_path, "case_id,anc,temprature\na,3000,\nb,3000,38.4\n")
    assert summary.warnings == [
        "column 'temprature' is not a case field (did you mean 'temperature'?): every "
        "record with a value in it is rejected"
    ]
    assert [brief(o) for o in outputs] == [("a", "routine"), ("b", 2, ["temprature"])]


def test_an_empty_input_has_no_records(tmp_path: Path) -> None:
    outputs, summary = batch(tmp_path, "")
    assert outputs == []
    assert (summary.records, summary.exit_code) == (0, 0)
    assert summary.warnings == ["the input is empty: no header row and no records"]


def test_reader_is_lazy(tmp_path: Path) -> None:
    # An endless stream: taking three records must not read it all.
    endless = io.BufferedReader(_Endless(b'{"anc": 3000}\n'))
    records = list(itertools.islice(iter(RecordReader(endless, "jsonl")), 3))
    assert [r.number for r in records] == [1, 2, 3]


class _Endless(io.RawIOBase):
    def __init__(self, line: bytes) -> None:
        self.line = line

    def readable(self) -> bool:
        return True

    def readinto(self, buffer: Any) -> int:
        data = (self.line * (len(buffer) // len(self.line) + 1))[: len(buffer)]
        buffer[: len(data)] = data
        return len(data)


@pytest.mark.parametrize("workers", [1, 2], ids=["one-process", "two-workers"])
def test_scoring_streams_with_bounded_work_in_flight(workers: int) -> None:
    # An endless record stream: if the pool read ahead without bound (Pool.imap does),
    # taking a few results would never return.
    endless = (RawRecord(n, n, {"anc": 3000}, {}, ()) for n in itertools.count(1))
    first = list(itertools.islice(score_records(endless, workers=workers), 5))
    assert [s.outcome.record for s in first] == [1, 2, 3, 4, 5]


# ------------------------------------------------------------------------ output


def test_output_is_written_atomically_and_a_failed_batch_leaves_no_partial_file(
    tmp_path: Path,
) -> None:
    source = write(tmp_path, f"{HEADER}\n" + "a,3000,,,\n" * 1000)
    output = tmp_path / "out.jsonl"
    output.write_text("previous result\n")

    def interrupt(records: int, bytes_read: int, total: int | None) -> None:
        raise KeyboardInterrupt

    with pytest.raises(KeyboardInterrupt):
        run_batch(str(source), str(output), progress=interrupt)
    assert output.read_text() == "previous result\n"
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.jsonl"]

    run_batch(str(source), str(output))
    assert len(output.read_text().splitlines()) == 1000
    assert sorted(p.name for p in tmp_path.iterdir()) == ["in.csv", "out.jsonl"]


def test_refuses_to_overwrite_the_input_however_it_is_named(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch
) -> None:
    source = write(tmp_path, f"{HEADER}\na,3000,,,\n")
    (tmp_path / "link.csv").symlink_to(source)
    monkeypatch.chdir(tmp_path)
    for output in (str(source), "in.csv", "./sub/../in.csv", "link.csv"):
        with pytest.raises(BatchUsageError, match="refusing to overwrite the input"):
            run_batch(str(source), output)
    assert source.read_text() == f"{HEADER}\na,3000,,,\n"


def test_unreadable_input_and_missing_output_folder_are_usage_errors(tmp_path: Path) -> None:
    with pytest.raises(BatchUsageError, match=r"cannot read .*missing\.csv: No such file"):
        run_batch(str(tmp_path / "missing.csv"), str(tmp_path / "out.jsonl"))
    source = write(tmp_path, f"{HEADER}\na,3000,,,\n")
    with pytest.raises(BatchUsageError, match="does not exist"):
        run_batch(str(source), str(tmp_path / "nowhere" / "out.jsonl"))


def test_a_device_output_is_written_directly_not_replaced(tmp_path: Path) -> None:
    source = write(tmp_path, f"{HEADER}\na,3000,,,\n")
    summary = run_batch(str(source), os.devnull)
    assert summary.records == 1
    assert Path(os.devnull).is_char_device()


def test_streams_in_and_out(tmp_path: Path) -> None:
    sink = io.BytesIO()
    summary = run_batch(io.BytesIO(b'{"anc": 700}\n'), sink, output_format="csv")
    assert summary.input_format == "jsonl"  # sniffed: starts with {
    rows = list(csv.reader(io.StringIO(sink.getvalue().decode())))
    assert rows[0] == list(CSV_COLUMNS)
    assert rows[1][CSV_COLUMNS.index("triage")] == "soon"


def test_csv_output_flattens_lists_and_nested_values(tmp_path: Path) -> None:
    source = write(tmp_path, "case_id,anc,medications,note\nm,1200,Clozaril 300 mg,hello\n")
    output = tmp_path / "out.csv"
    run_batch(str(source), str(output))
    rows = list(csv.DictReader(output.open(encoding="utf-8", newline="")))
    (row,) = rows
    assert list(row) == list(CSV_COLUMNS)
    assert (row["case_id"], row["record"], row["triage"]) == ("m", "1", "soon")
    assert (row["ctcae_grade"], row["ctcae_version"]) == ("2", "5.0")
    assert row["cause_categories"] == "medication"
    assert row["anc_cells_per_ul"] == "1200"
    assert row["fever"] == ""  # no temperature: unknown
    assert row["febrile_neutropenia"] == "false"
    assert "S4: " in row["explanation"] and " | " in row["explanation"]
    assert row["note"] == "hello"
    assert row["error"] == ""
    assert row["at_least"] == ""  # only error records say what the rest already means


def test_every_assessment_field_has_a_csv_column_or_a_flattened_form() -> None:
    # Fails when the output gains a field that the CSV column set forgets.
    fields = set(default_assessor().assess({"anc": 700}).model_dump())
    flattened = {"ctcae": {"ctcae_grade", "ctcae_version"}}
    for name in fields:
        assert flattened.get(name, {name}) <= set(CSV_COLUMNS), name


def test_csv_error_rows_name_the_field_and_record() -> None:
    row = csv_row(
        {
            "case_id": "b",
            "record": 2,
            "error": [{"field": "anc", "message": "m"}],
            "at_least": "emergency",
        }
    )
    cells = dict(zip(CSV_COLUMNS, row, strict=True))
    assert (cells["case_id"], cells["record"], cells["error"]) == ("b", "2", "anc: m")
    assert cells["at_least"] == "emergency"


@pytest.mark.parametrize(
    ("cell", "safe"),
    [
        ("=HYPERLINK(\"http://x\")", "'=HYPERLINK(\"http://x\")"),
        ("+1+1", "'+1+1"),
        ("-1", "'-1"),
        ("@SUM(A1)", "'@SUM(A1)"),
        ("\tcmd", "'\tcmd"),
        ("\rcmd", "'\rcmd"),
        ("plain", "plain"),
        ("700", "700"),
        ("a=b", "a=b"),
        ("", ""),
    ],
    ids=["equals", "plus", "minus", "at", "tab", "carriage-return", "plain", "number",
         "inner-equals", "empty"],
)  # fmt: skip
def test_spreadsheet_formulas_are_neutralised(cell: str, safe: str) -> None:
    assert spreadsheet_safe(cell) == safe


def test_csv_output_of_hostile_carried_text_is_neutralised(tmp_path: Path) -> None:
    source = write(
        tmp_path, "case_id,anc,note\n\"=cmd|' /C calc'!A0\",700,@SUM(1)\n-2,3000,+note\n"
    )
    output = tmp_path / "out.csv"
    run_batch(str(source), str(output))
    rows = list(csv.DictReader(output.open(encoding="utf-8", newline="")))
    assert [(r["case_id"], r["note"]) for r in rows] == [
        ("'=cmd|' /C calc'!A0", "'@SUM(1)"),
        ("'-2", "'+note"),
    ]


@pytest.mark.parametrize(
    ("path", "given", "head", "expected"),
    [
        ("cases.csv", None, b"", "csv"),
        ("cases.CSV", None, b"", "csv"),
        ("cases.jsonl", None, b"", "jsonl"),
        ("cases.ndjson", None, b"", "jsonl"),
        ("cases.json-lines", None, b"", "jsonl"),
        ("cases.txt", "jsonl", b"", "jsonl"),
        ("-", None, b'\xef\xbb\xbf {"anc": 1}', "jsonl"),
        ("-", None, b"anc,temperature", "csv"),
    ],
    ids=["csv", "csv-upper", "jsonl", "ndjson", "json-lines", "option-wins", "stdin-json",
         "stdin-csv"],
)  # fmt: skip
def test_input_format(path: str, given: str | None, head: bytes, expected: str) -> None:
    assert input_format_for(path, given, head) == expected


def test_a_json_array_is_refused_with_a_hint() -> None:
    with pytest.raises(BatchUsageError, match="JSON array"):
        input_format_for("cases.json", None, b'[{"anc": 1}]')


@pytest.mark.parametrize(
    ("path", "given", "expected"),
    [("-", None, "jsonl"), ("o.csv", None, "csv"), ("o.txt", None, "jsonl"),
     ("o.csv", "jsonl", "jsonl")],
    ids=["stdout", "csv", "other", "option-wins"],
)  # fmt: skip
def test_output_format(path: str, given: str | None, expected: str) -> None:
    assert output_format_for(path, given) == expected


# -------------------------------------------------------------------- evaluation

EVAL_HEADER = (
    "case_id,anc,temperature,expected_triage,expected_severity,expected_infection_risk,"
    "expected_causes,expected_error,note"
)


def test_evaluation_adds_match_fields_and_keeps_expected_and_note(tmp_path: Path) -> None:
    content = "\n".join(
        [
            EVAL_HEADER,
            "agree,800,38.4,emergency,moderate,moderate,none,,E1",
            "over,3000,,soon,normal,low,,,",  # assessed routine: under-triaged
            "wrong-severity,700,,soon,severe,moderate,medication,,",
        ]
    )
    outputs, summary = batch(tmp_path, content)
    agree, over, wrong = outputs
    assert {k: agree[k] for k in MATCH_COLUMNS} == {
        "match_triage": True,
        "match_severity": True,
        "match_infection_risk": True,
        "match_causes": True,
        "match_error": None,
    }
    assert agree["expected_causes"] == "none" and agree["note"] == "E1"
    assert list(agree)[-11:] == [
        "expected_triage", "expected_severity", "expected_infection_risk",
        "expected_causes", "expected_error", "note", *MATCH_COLUMNS,
    ]  # fmt: skip
    assert over["match_triage"] is False and over["match_causes"] is None
    assert over["expected_causes"] is None  # empty cell: not evaluated
    assert (wrong["match_triage"], wrong["match_severity"], wrong["match_causes"]) == (
        True,
        False,
        False,
    )
    evaluation = summary.evaluation
    assert evaluation is not None
    agreement = {name: (a.agreed, a.evaluated) for name, a in evaluation.agreement.items()}
    assert agreement == {
        "triage": (2, 3),
        "severity": (2, 3),
        "infection_risk": (3, 3),
        "causes": (1, 2),
        "error": (0, 0),
    }
    assert [(d.case_id, d.expected, d.got) for d in evaluation.under_triaged.items] == [
        ("over", "soon", "routine")
    ]
    assert [(d.case_id, d.field, d.expected, d.got) for d in evaluation.other.items] == [
        ("wrong-severity", "severity", "severe", "moderate"),
        ("wrong-severity", "causes", "medication", "none"),
    ]
    assert summary.exit_reasons() == ["1 case under-triaged"]
    assert summary.exit_code == 1


def test_confusion_matrix_counts_expected_rows_by_assessed_columns(tmp_path: Path) -> None:
    rows = [
        "a,800,38.4,emergency,,,,,",  # emergency → emergency
        "b,800,38.4,urgent,,,,,",  # urgent → emergency (over)
        "c,3000,,routine,,,,,",  # routine → routine
        "d,3000,,urgent,,,,,",  # urgent → routine (under)
        "e,400,,urgent,,,,,",  # urgent → urgent
        "f,700,,,,,,,",  # not evaluated for triage
    ]
    _, summary = batch(tmp_path, EVAL_HEADER + "\n" + "\n".join(rows))
    evaluation = summary.evaluation
    assert evaluation is not None
    assert evaluation.confusion == {
        "routine": {"routine": 1, "soon": 0, "urgent": 0, "emergency": 0},
        "soon": {"routine": 0, "soon": 0, "urgent": 0, "emergency": 0},
        "urgent": {"routine": 1, "soon": 0, "urgent": 1, "emergency": 1},
        "emergency": {"routine": 0, "soon": 0, "urgent": 0, "emergency": 1},
    }
    assert [d.case_id for d in evaluation.under_triaged.items] == ["d"]
    assert [d.case_id for d in evaluation.over_triaged.items] == ["b"]


def test_over_triage_alone_does_not_fail_the_batch(tmp_path: Path) -> None:
    _, summary = batch(tmp_path, EVAL_HEADER + "\nb,800,38.4,urgent,,,,,\n")
    assert summary.exit_code == 0


@pytest.mark.parametrize(
    ("row", "match_error", "exit_code", "reason"),
    [
        ("r,50,,,,,,anc,", True, 0, None),
        ("r,50,,,,,,any,", True, 0, None),
        ("r,50,,,,,,temperature,", False, 1, "1 record not rejected as expected_error said"),
        ("r,3000,,,,,,anc,", False, 1, "1 record not rejected as expected_error said"),
        ("r,50,,,,,,,", None, 1, "1 record rejected"),
    ],
    ids=["rejected-as-named", "rejected-any-field", "rejected-for-another-field",
         "expected-rejection-but-assessed", "unexpected-rejection"],
)  # fmt: skip
def test_expected_error_semantics(
    tmp_path: Path, row: str, match_error: bool | None, exit_code: int, reason: str | None
) -> None:
    (output,), summary = batch(tmp_path, f"{EVAL_HEADER}\n{row}\n")
    assert output["match_error"] is match_error
    assert summary.exit_code == exit_code
    assert summary.exit_reasons() == ([reason] if reason else [])


def test_expected_rejection_counts_as_agreement(tmp_path: Path) -> None:
    _, summary = batch(tmp_path, f"{EVAL_HEADER}\nr,50,,,,,,anc,\ns,3000,,routine,,,,,\n")
    assert summary.rejected_as_expected == 1
    assert summary.evaluation is not None
    assert summary.evaluation.agreement["error"].agreed == 1
    assert summary.exit_code == 0


@pytest.mark.parametrize(
    ("cells", "field", "message"),
    [
        ("urgnet,,,,", "expected_triage", "unknown value 'urgnet': use one of routine, soon"),
        (",bad,,,", "expected_severity", "unknown value 'bad': use one of normal, mild"),
        (",,vhigh,,", "expected_infection_risk", "unknown value 'vhigh'"),
        (",,,virus,", "expected_causes", "unknown cause category 'virus'"),
        (",,,,tempreature", "expected_error", "'tempreature' is not a field name"),
    ],
    ids=["triage", "severity", "risk", "causes", "error-field"],
)
def test_bad_expected_values_are_field_errors(
    tmp_path: Path, cells: str, field: str, message: str
) -> None:
    (output,), summary = batch(tmp_path, f"{EVAL_HEADER}\nr,3000,,{cells},\n")
    assert [e["field"] for e in output["error"]] == [field]
    assert output["error"][0]["message"].startswith(f"line 2: {message}")
    assert summary.exit_code == 1


def test_a_bad_expected_value_is_never_an_expected_rejection(tmp_path: Path) -> None:
    (output,), summary = batch(tmp_path, f"{EVAL_HEADER}\nr,50,,urgnet,,,,any,\n")
    assert [e["field"] for e in output["error"]] == ["anc", "expected_triage"]
    assert output["match_error"] is False
    assert summary.exit_code == 1


def test_expected_values_ignore_case_and_causes_compare_as_sets(tmp_path: Path) -> None:
    content = (
        "case_id,anc,medications,conditions,expected_triage,expected_causes\n"
        "m,1200,clozapine,lupus,Soon,immune_destruction; Medication\n"
    )
    (output,), _ = batch(tmp_path, content)
    assert (output["match_triage"], output["match_causes"]) == (True, True)


def test_jsonl_evaluation_is_per_record_and_accepts_a_causes_list(tmp_path: Path) -> None:
    content = (
        '{"anc": 700, "medications": ["clozapine"], "expected_causes": ["medication"]}\n'
        '{"anc": 3000}\n'
    )
    (first, second), summary = batch(tmp_path, content, name="in.jsonl")
    assert first["match_causes"] is True
    assert "match_triage" in first and "match_triage" not in second
    assert summary.evaluation is not None and summary.evaluation.records == 1


def test_no_expected_columns_means_no_evaluation(tmp_path: Path) -> None:
    (output,), summary = batch(tmp_path, f"{HEADER}\na,3000,,,\n")
    assert summary.evaluation is None
    assert not any(key.startswith("match_") for key in output)


# ----------------------------------------------------------------------- workers


def _mixed_file(count: int) -> str:
    rows = [EVAL_HEADER]
    variants = [
        "{n},800,38.4,emergency,moderate,moderate,none,,",
        "{n},3000,,soon,normal,low,none,,",
        "{n},50,,,,,,anc,",
        "{n},700,,soon,moderate,moderate,none,,,extra",
        "{n},400,,urgent,severe,high,,,",
        '{n},"x"y,,,,,,,',
    ]
    for n in range(count):
        rows.append(variants[n % len(variants)].format(n=f"c{n}"))
    return "\n".join(rows) + "\n"


def test_workers_give_output_identical_to_one_process_in_order(tmp_path: Path) -> None:
    content = _mixed_file(900)  # several chunks per worker
    source = write(tmp_path, content)
    one, two = tmp_path / "one.jsonl", tmp_path / "two.jsonl"
    summary_one = run_batch(str(source), str(one), workers=1)
    summary_two = run_batch(str(source), str(two), workers=2)
    assert one.read_bytes() == two.read_bytes()
    summary_two.workers, summary_two.output_name = 1, summary_one.output_name
    assert summary_one == summary_two
    assert len(one.read_text().splitlines()) == summary_one.records == 900


class _FailingAssessor:
    """Raises an unexpected exception for one case, as a bug in a rule would."""

    def __init__(self) -> None:
        self.real = default_assessor()

    def assess(self, case: dict[str, Any]) -> Any:
        if case.get("case_id") == "boom":
            raise RuntimeError("rule crashed")
        return self.real.assess(case)


def test_an_internal_error_on_one_record_does_not_end_the_batch(tmp_path: Path) -> None:
    outputs, summary = batch(
        tmp_path, f"{HEADER}\nboom,3000,,,\nafter,700,,,\n", assessor_factory=_FailingAssessor
    )
    assert [brief(o) for o in outputs] == [("boom", 1, ["case"]), ("after", "soon")]
    assert (
        "internal error while assessing (RuntimeError: rule crashed)"
        in (outputs[0]["error"][0]["message"])
    )
    assert summary.exit_code == 1


# ------------------------------------------------------------ hostile and faulty input

NOTE_HEADER = "case_id,anc,anc_unit,note"
SURROGATE = '"\\ud800"'  # a JSON escape of a lone surrogate: valid JSON, not text

HOSTILE_FILES = [
    pytest.param(
        f'{{"case_id": "a", "anc": 3000}}\n{{"case_id": {SURROGATE}, "anc": 700}}\n',
        "jsonl", [("a", "routine"), ("2", 2, ["case_id"])], "line 2: a lone surrogate",
        id="surrogate-in-case-id",
    ),
    pytest.param(
        f'{{"anc": 700, "note": {SURROGATE}}}\n{{"anc": 3000}}\n',
        "jsonl", [("1", 1, ["note"]), ("2", "routine")], None, id="surrogate-in-note",
    ),
    pytest.param(
        f'{{"anc": 700, "expected_triage": {SURROGATE}}}\n{{"anc": 3000}}\n',
        "jsonl", [("1", 1, ["expected_triage"]), ("2", "routine")], None,
        id="surrogate-in-expected",
    ),
    pytest.param(
        f'{{"anc": 700, "symptoms": ["cough", {SURROGATE}]}}\n{{"anc": 3000}}\n',
        "jsonl", [("1", 1, ["symptoms"]), ("2", "routine")], None, id="surrogate-in-a-list",
    ),
    pytest.param(
        f'{{"anc": 700, {SURROGATE}: 1}}\n{{"anc": 3000}}\n',
        "jsonl", [("1", 1, ["\ufffd"]), ("2", "routine")], None, id="surrogate-in-a-name",
    ),
    pytest.param(
        '{"anc": 700}\r{"anc": 3000}\r{"anc": 400}',
        "jsonl", [("1", "soon"), ("2", "routine"), ("3", "urgent")], None,
        id="jsonl-cr-only-line-ends",
    ),
    pytest.param(
        f"{HEADER}\ra,3000,,,\rb,700,,,\r",
        "csv", [("a", "routine"), ("b", "soon")], None, id="csv-cr-only-line-ends",
    ),
    pytest.param(
        f"{HEADER}\r\na,3000,,,\"two\r\nlines\"\r\nb,700,,,\r\n",
        "csv", [("a", "routine"), ("b", "soon")], None, id="csv-crlf-with-a-two-line-note",
    ),
    pytest.param(
        f'{NOTE_HEADER}\na,3000,cells/uL,"open\nb,700,cells/uL,x\nc,400,cells/uL,5"\n'
        "d,3000,cells/uL,\n",
        "csv", [("1", 1, ["record"]), ("b", "soon"), ("c", "urgent"), ("d", "routine")],
        "line 2: a quoted cell opened on this line runs over lines that are rows",
        id="unclosed-quote-then-an-inch-mark",
    ),
    pytest.param(
        f'{NOTE_HEADER}\na,3000,cells/uL,"open\nb,700,cells/uL,x\nc,400,cells/uL,5",z\n'
        "d,3000,cells/uL,\n",
        "csv",
        [("1", 1, ["record"]), ("b", "soon"), ("3", 3, ["record"]), ("d", "routine")],
        "line 2 (read as one row with the lines after it",
        id="unclosed-quote-then-a-cell-ending-in-a-quote",
    ),
    pytest.param(
        f'{NOTE_HEADER}\na,3000,cells/uL,"open\nb,700,cells/uL,"x"y\nc,400,cells/uL,\n',
        "csv", [("1", 1, ["record"]), ("2", 2, ["record"]), ("c", "urgent")],
        "line 2: a quoted cell opened on this line is not closed",
        id="unclosed-quote-then-text-after-a-quote",
    ),
    pytest.param(
        '{"anc": false}\n{"wbc": true, "neutrophil_pct": 50}\n{"anc": 3000, "age": true}\n',
        "jsonl", [("1", 1, ["anc"]), ("2", 2, ["wbc"]), ("3", 3, ["age"])],
        "line 1: true/false is not a number", id="booleans-are-not-numbers",
    ),
    pytest.param(
        '{"anc": ' + "9" * 5000 + '}\n{"anc": 3000}\n',
        "jsonl", [("1", 1, ["record"]), ("2", "routine")], "line 1: not valid JSON",
        id="a-number-of-5000-digits",
    ),
    pytest.param(
        f"{HEADER}\na,30\x0000,,,\nb,700,,,\n",
        "csv", [("a", 1, ["anc"]), ("b", "soon")], "line 2: a NUL character",
        id="a-nul-in-a-cell",
    ),
    pytest.param(
        '{"anc": 3000, "anc_unit": "' + "x" * 6000 + '"}\n{"anc": 700}\n',
        "jsonl", [("1", 1, ["anc_unit"]), ("2", "soon")],
        "line 1: 6,000 characters: at most 200 may be given", id="a-huge-unit",
    ),
    pytest.param(
        '{"anc": 3000, "note": "' + "x" * 10_001 + '"}\n{"anc": 700}\n',
        "jsonl", [("1", 1, ["note"]), ("2", "soon")], "line 1: longer than 10,000 characters",
        id="a-huge-note",
    ),
]  # fmt: skip


@pytest.mark.parametrize(("content", "kind", "expected", "message"), HOSTILE_FILES)
@pytest.mark.parametrize("output_format", ["jsonl", "csv"])
def test_hostile_records_become_error_records_and_nothing_is_lost(
    tmp_path: Path,
    content: str,
    kind: str,
    expected: list[Any],
    message: str | None,
    output_format: str,
) -> None:
    source = write(tmp_path, content, f"in.{kind}")
    output = tmp_path / f"out.{output_format}"
    summary = run_batch(str(source), str(output))
    assert summary.records == len(expected)
    text = output.read_text("utf-8")
    if output_format == "csv":
        rows = list(csv.DictReader(io.StringIO(text)))
        assert [row["case_id"] for row in rows] == [item[0] for item in expected]
        return
    outputs = [json.loads(line) for line in text.splitlines()]
    assert [brief(o) for o in outputs] == expected
    if message is not None:
        first_error = next(o for o in outputs if "error" in o)
        assert first_error["error"][0]["message"].startswith(message)


def test_utf16_without_a_byte_order_mark_is_unreadable(tmp_path: Path) -> None:
    source = write(tmp_path, f"{HEADER}\na,3000,,,\n".encode("utf-16-le"))
    with pytest.raises(BatchUsageError, match="UTF-16"):
        run_batch(str(source), str(tmp_path / "out.jsonl"))
    assert not (tmp_path / "out.jsonl").exists()


@pytest.mark.parametrize(
    ("content", "kind"),
    [
        pytest.param(f"{HEADER}\na,3000,,," + "x" * 300 + "\nb,700,,,\n", "csv", id="csv"),
        pytest.param('{"anc": 3000, "note": "' + "x" * 300 + '"}\n{"anc": 700}\n', "jsonl",
                     id="jsonl"),
        pytest.param(f"{HEADER}\na,3000,,,\"x\n" + "y" * 150 + "\n" + "z" * 150 + "\nb,700,,,\n",
                     "csv", id="csv-record-over-several-lines"),
    ],
)  # fmt: skip
def test_a_record_longer_than_the_limit_is_skipped_naming_its_line(
    tmp_path: Path, monkeypatch: pytest.MonkeyPatch, content: str, kind: str
) -> None:
    monkeypatch.setattr("triage.batch.read.MAX_RECORD_BYTES", 256)
    monkeypatch.setattr("triage.batch.read.READ_BLOCK_BYTES", 64)
    outputs, summary = batch(tmp_path, content, name=f"in.{kind}")
    assert outputs[0]["error"][0]["field"] == "record"
    assert outputs[0]["error"][0]["message"].startswith("line ")
    assert brief(outputs[-1])[1] == "soon"
    assert summary.records == len(outputs)


def test_value_errors_name_the_line_of_the_record(tmp_path: Path) -> None:
    outputs, _ = batch(tmp_path, f"{HEADER}\n\n\na,3000,,,\nb,50,,,\n")
    assert outputs[1]["record"] == 2
    assert outputs[1]["error"][0]["message"].startswith("line 5: ANC 50 without a unit")


class _FullDisk(io.RawIOBase):
    def writable(self) -> bool:
        return True

    def write(self, data: Any) -> int:
        raise OSError(28, "No space left on device")


def test_a_failing_output_stream_is_a_write_failure_naming_it(tmp_path: Path) -> None:
    from triage.files import WriteFailed

    source = write(tmp_path, f"{HEADER}\na,3000,,,\n")
    with pytest.raises(WriteFailed, match=r"cannot write .*: No space left on device"):
        run_batch(str(source), io.BufferedWriter(_FullDisk()))


def test_the_output_file_keeps_its_mode(tmp_path: Path) -> None:
    output = tmp_path / "out.jsonl"
    output.write_text("old")
    output.chmod(0o600)
    run_batch(str(write(tmp_path, f"{HEADER}\na,3000,,,\n")), str(output))
    assert output.stat().st_mode & 0o777 == 0o600
    assert "routine" in output.read_text()


def test_refuses_to_overwrite_the_file_that_stdin_reads(tmp_path: Path) -> None:
    from triage.batch import check_output_path

    source = write(tmp_path, f"{HEADER}\na,3000,,,\n")
    saved = os.dup(0)
    try:
        with open(source, "rb") as handle:
            os.dup2(handle.fileno(), 0)
        with pytest.raises(BatchUsageError, match="stdin is the file"):
            check_output_path(str(source), "-")
        check_output_path(str(tmp_path / "other.jsonl"), "-")
    finally:
        os.dup2(saved, 0)
        os.close(saved)


# Property: whatever the bytes of a record, records in = records out, no exception.

PIECES = [
    "800", "3000", "cells/uL", "10^9/L", "38.4", "cough", "fever;cough", "true", "-1", "=1+1",
    "@x", "5\"", "x\"y", "é", "µ", " ", "\x1b[2J", "\x9b", "\x00", "\u202e", "\x0b", "\x1c",
    "\u2028", "NaN", "1e400", "9" * 300, "x" * 250,
]  # fmt: skip
CELL = st.lists(st.sampled_from(PIECES), max_size=3).map("".join)
QUOTED = CELL.map(lambda text: '"' + text.replace('"', '""') + ',"')  # a comma inside quotes
BROKEN_ROW = st.sampled_from(
    ['"open,3000,cells/uL,x', 'x,"3000"y,,', "\xed\xa0\x80,1,,", "\xff\xfe,2,,"]
)
LINE_END = st.sampled_from(["\n", "\r\n", "\r"])


@st.composite
def hostile_csv(draw: st.DrawFn) -> tuple[bytes, int]:
    """A CSV of rows that are each one line (some broken), with mixed line ends; and
    how many records it holds."""
    rows = draw(
        st.lists(
            st.one_of(
                st.lists(st.one_of(CELL, QUOTED), min_size=4, max_size=4).map(",".join),
                BROKEN_ROW,
            ),
            min_size=1,
            max_size=8,
        )
    )
    rows = [row for row in rows if row.replace(",", "").strip()]  # blank rows are no records
    ends = [draw(LINE_END) for _ in range(len(rows) + 1)]
    text = NOTE_HEADER + ends[0] + "".join(r + e for r, e in zip(rows, ends[1:], strict=True))
    return text.encode("utf-8", "surrogatepass").replace(b"\xc3\xad\xc2\xa0\xc2\x80",
                                                          b"\xed\xa0\x80"), len(rows)  # fmt: skip


JSON_VALUE = st.recursive(
    st.one_of(
        st.none(), st.booleans(), st.integers(), st.floats(), CELL,
        st.sampled_from(["\ud800", "\udcff", "x\ud800y"]),
    ),
    lambda inner: st.one_of(st.lists(inner, max_size=3), st.dictionaries(CELL, inner, max_size=2)),
    max_leaves=6,
)  # fmt: skip
FIELD = st.sampled_from(
    ["case_id", "anc", "anc_unit", "wbc", "temperature", "symptoms", "medications", "age",
     "duffy_null", "note", "expected_triage", "expected_causes", "colour"]
)  # fmt: skip


@st.composite
def hostile_jsonl(draw: st.DrawFn) -> tuple[bytes, int]:
    """JSON Lines of hostile records (wrong types, surrogates, controls, broken JSON),
    with mixed line ends; and how many records it holds."""
    lines = []
    for record in draw(st.lists(st.dictionaries(FIELD, JSON_VALUE, max_size=5), max_size=6)):
        line = json.dumps(record, ensure_ascii=draw(st.booleans()))
        if draw(st.integers(0, 5)) == 0:
            line = line[: len(line) // 2] or "{"  # broken JSON
        lines.append(line)
    ends = [draw(LINE_END) for _ in lines]
    text = "".join(line + end for line, end in zip(lines, ends, strict=True))
    return text.encode("utf-8", "surrogatepass"), len(lines)


@settings(
    max_examples=int(os.environ.get("HOSTILE_EXAMPLES", "40")),
    deadline=None,
    suppress_health_check=[HealthCheck.too_slow],
)
@given(
    st.one_of(hostile_csv().map(lambda x: ("csv", x)), hostile_jsonl().map(lambda x: ("jsonl", x))),
    st.sampled_from(["jsonl", "csv"]),
)
def test_property_hostile_files_records_in_equal_records_out(
    generated: tuple[str, tuple[bytes, int]], output_format: str
) -> None:
    kind, (content, count) = generated
    sink = io.BytesIO()
    summary = run_batch(io.BytesIO(content), sink, input_format=kind, output_format=output_format,
                        assessor_factory=lambda: ASSESSOR)  # fmt: skip
    text = sink.getvalue().decode("utf-8")  # the output is always valid UTF-8
    assert summary.records == count
    if output_format == "jsonl":
        assert len([json.loads(line) for line in text.split("\n")[:-1]]) == count
    else:
        rows = list(csv.reader(io.StringIO(text, newline="")))
        assert len(rows) == count + 1
        assert not any(cell.startswith(("=", "+", "-", "@")) for row in rows for cell in row)
