"""Start-up: the CLI imports only click until a command needs the library, and only the
commands that assess load the rule engine (benchmarks/startup.py measures the time;
this checks what is imported, which does not depend on the machine)."""

from __future__ import annotations

import json
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[1]
HEAVY = (
    "triage.engine", "experta", "pydantic", "rich", "triage.explain", "triage.understand",
    "simplemma",
)  # fmt: skip

PROBE = """
import json, sys
from cli import cli
try:
    cli({args!r}, prog_name="triage")
except SystemExit:
    pass
print(json.dumps(sorted(name for name in {heavy!r} if name in sys.modules)), file=sys.stderr)
"""


def loaded_after(args: list[str]) -> list[str]:
    probe = PROBE.format(args=args, heavy=HEAVY)
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return json.loads(done.stderr.strip().splitlines()[-1])


@pytest.mark.slow
@pytest.mark.parametrize(
    ("args", "loaded"),
    [
        pytest.param(["--help"], [], id="triage-help"),
        # its options come from the pydantic model, not from a copy of its fields
        pytest.param(["assess", "--help"], ["pydantic"], id="assess-help"),
        pytest.param(["quiz", "--help"], [], id="quiz-help"),
        pytest.param(["vocab", "--kind", "symptoms"], ["pydantic"], id="vocab-no-engine"),
        pytest.param(
            ["assess", "--anc", "800", "--anc-unit", "cells/uL"],
            ["experta", "pydantic", "triage.engine"],
            id="assess-loads-the-engine-not-the-explanation",
        ),
    ],
)
def test_only_commands_that_assess_load_the_engine(args: list[str], loaded: list[str]) -> None:
    assert loaded_after(args) == loaded


def test_the_library_names_stay_reachable_from_the_package() -> None:
    import triage

    assert {"assess", "Assessor", "CaseRejected", "CaseInput", "RULESET_VERSION"} <= set(
        dir(triage)
    )
    assert triage.CaseRejected.__module__ == "triage.models"
    with pytest.raises(AttributeError):
        _ = triage.no_such_name  # type: ignore[attr-defined]
