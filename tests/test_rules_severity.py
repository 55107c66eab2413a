"""Severity by ANC and the CTCAE v5.0 grade (clinical-rules.md §2), from the spec."""

from __future__ import annotations

import pytest
from conftest import assess

SEVERITY = [
    pytest.param(100000, "normal", id="anc-100000-normal"),
    pytest.param(1500, "normal", id="anc-1500-normal"),
    pytest.param(1499, "mild", id="anc-1499-mild"),
    pytest.param(1000, "mild", id="anc-1000-mild"),
    pytest.param(999, "moderate", id="anc-999-moderate"),
    pytest.param(500, "moderate", id="anc-500-moderate"),
    pytest.param(499, "severe", id="anc-499-severe"),
    pytest.param(100, "severe", id="anc-100-severe"),
    pytest.param(99, "profound", id="anc-99-profound"),
    pytest.param(0, "profound", id="anc-0-profound"),
]


@pytest.mark.parametrize(("anc", "severity"), SEVERITY)
def test_severity_by_anc(anc, severity):
    assert assess(anc=anc).severity == severity


@pytest.mark.parametrize(("anc", "severity"), SEVERITY)
def test_severity_is_by_the_number_also_for_duffy_null(anc, severity):
    assert assess(anc=anc, duffy_null=True).severity == severity


@pytest.mark.parametrize(("anc", "severity"), SEVERITY)
def test_severity_is_by_the_number_also_for_an_old_count(anc, severity):
    """rev. §1: a count that is not current still feeds severity (and is reported with its
    age)."""
    assessment = assess(anc=anc, days_since_count=6)
    assert (assessment.severity, assessment.anc_cells_per_ul) == (severity, anc)


def test_severity_unknown_without_anc():
    assessment = assess(temperature=37.0)
    assert assessment.severity == "unknown"
    assert assessment.anc_cells_per_ul is None
    assert assessment.ctcae.grade is None


def test_severity_unknown_when_wbc_has_no_differential():
    assert assess(wbc=4.0).severity == "unknown"


def test_severity_from_white_count_and_differential():
    # Spec example: WBC 2.0, segs 14.8 %, bands 5 % → 396 cells/µL (severe).
    assessment = assess(wbc=2.0, neutrophil_pct=14.8, band_pct=5)
    assert assessment.severity == "severe"


CTCAE = [
    pytest.param({"anc": 5000}, None, id="anc-5000-no-lln-none"),
    pytest.param({"anc": 1500}, None, id="anc-1500-no-lln-none"),
    pytest.param({"anc": 1499}, 2, id="anc-1499-grade-2"),
    pytest.param({"anc": 1000}, 2, id="anc-1000-grade-2"),
    pytest.param({"anc": 999}, 3, id="anc-999-grade-3"),
    pytest.param({"anc": 500}, 3, id="anc-500-grade-3"),
    pytest.param({"anc": 499}, 4, id="anc-499-grade-4"),
    pytest.param({"anc": 99}, 4, id="anc-99-grade-4"),
    pytest.param({"anc": 0}, 4, id="anc-0-grade-4"),
    pytest.param({"anc": 1500, "anc_lln": 1800}, 1, id="anc-1500-lln-1800-grade-1"),
    pytest.param({"anc": 1799, "anc_lln": 1800}, 1, id="anc-1799-lln-1800-grade-1"),
    pytest.param({"anc": 1800, "anc_lln": 1800}, None, id="anc-equals-lln-none"),
    pytest.param({"anc": 2500, "anc_lln": 1800}, None, id="anc-above-lln-none"),
    pytest.param({"anc": 1500, "anc_lln": 1500}, None, id="anc-1500-lln-1500-none"),
    pytest.param({"anc": 1499, "anc_lln": 2000}, 2, id="anc-1499-lln-2000-grade-2"),
    pytest.param({"anc": 400, "anc_lln": 2000}, 4, id="anc-400-lln-2000-grade-4"),
    pytest.param({"anc_lln": 2000, "temperature": 37.0}, None, id="anc-unknown-lln-none"),
    pytest.param({"anc": 1200, "duffy_null": True}, 2, id="duffy-null-anc-1200-grade-2"),
    pytest.param({"anc": 400, "days_since_count": 4}, 4, id="old-count-anc-400-grade-4"),
]


@pytest.mark.parametrize(("fields", "grade"), CTCAE)
def test_ctcae_grade(fields, grade):
    ctcae = assess(**fields).ctcae
    assert ctcae.grade == grade
    assert ctcae.version == "5.0"
