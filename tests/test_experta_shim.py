"""The experta import work-arounds (triage/_experta.py), checked in fresh interpreters
because both problems happen at import time."""

from __future__ import annotations

import subprocess
import sys
from importlib import metadata

import pytest


def run_python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, timeout=120, check=False
    )


def test_import_triage_works_with_the_pinned_frozendict() -> None:
    result = run_python("import triage; print(triage.assess({'anc': 800}).severity)")
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "moderate"


def test_the_alias_is_the_abc_itself() -> None:
    result = run_python(
        "import collections, collections.abc, triage._experta; "
        "print(collections.Mapping is collections.abc.Mapping)"
    )
    assert result.stdout.strip() == "True", result.stderr


def test_importing_triage_leaves_the_root_logger_alone() -> None:
    result = run_python(
        "import logging, triage._experta; "
        "print(len(logging.root.handlers)); "
        "logging.getLogger('x').warning('should not print: no handler was configured')"
    )
    assert result.returncode == 0, result.stderr
    assert result.stdout.strip() == "0"
    # basicConfig's handler would print "WARNING:x:…"; Python's last-resort handler does not.
    assert "WARNING:x:" not in result.stderr


def test_importing_triage_keeps_a_programs_own_logging() -> None:
    result = run_python(
        "import logging; logging.basicConfig(format='MINE %(message)s'); "
        "import triage; logging.getLogger('x').warning('hello')"
    )
    assert result.stderr.strip() == "MINE hello"


@pytest.mark.skipif(sys.version_info < (3, 10), reason="the alias exists before 3.10")
def test_plain_experta_import_fails_without_the_shim() -> None:
    """Documents why the shim exists; skipped if a fixed frozendict is installed."""
    if metadata.version("frozendict") != "1.2":
        pytest.skip("frozendict is not the broken 1.2 that experta pins")
    result = run_python("import experta")
    assert result.returncode != 0
    assert "collections" in result.stderr and "Mapping" in result.stderr


def test_experta_is_the_last_release() -> None:
    assert metadata.version("experta") == "1.9.4"
