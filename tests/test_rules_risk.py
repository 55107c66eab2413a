"""Infection risk by ANC and duration (clinical-rules.md §3), from the spec."""

from __future__ import annotations

import pytest
from conftest import assess

RISK = [
    pytest.param({"temperature": 38.5}, "unknown", id="anc-unknown"),
    pytest.param({"wbc": 3.0}, "unknown", id="wbc-without-differential-unknown"),
    pytest.param({"anc": 5000}, "low", id="anc-5000-low"),
    pytest.param({"anc": 1500}, "low", id="anc-1500-low"),
    pytest.param({"anc": 1499}, "low", id="anc-1499-low"),
    pytest.param({"anc": 1000}, "low", id="anc-1000-low"),
    pytest.param({"anc": 999}, "moderate", id="anc-999-moderate"),
    pytest.param({"anc": 500}, "moderate", id="anc-500-moderate"),
    pytest.param({"anc": 500, "neutropenia_days": 30}, "moderate",
                 id="anc-500-days-30-moderate"),
    pytest.param({"anc": 499}, "high", id="anc-499-duration-unknown-high"),
    pytest.param({"anc": 100}, "high", id="anc-100-duration-unknown-high"),
    pytest.param({"anc": 99}, "very_high", id="anc-99-very-high"),
    pytest.param({"anc": 0}, "very_high", id="anc-0-very-high"),
    pytest.param({"anc": 99, "neutropenia_days": 1}, "very_high", id="anc-99-days-1-very-high"),
    pytest.param({"anc": 300, "neutropenia_days": 0}, "high", id="anc-300-days-0-high"),
    pytest.param({"anc": 300, "neutropenia_days": 7}, "high", id="anc-300-days-7-high"),
    pytest.param({"anc": 300, "neutropenia_days": 8}, "very_high", id="anc-300-days-8-very-high"),
    pytest.param({"anc": 499, "neutropenia_days": 8}, "very_high", id="anc-499-days-8-very-high"),
    pytest.param({"anc": 300}, "high", id="anc-300-duration-unknown-high"),
    pytest.param({"anc": 800, "neutropenia_days": 20}, "moderate", id="anc-800-days-20-moderate"),
    pytest.param({"anc": 1200, "duffy_null": True}, "low", id="duffy-null-anc-1200-low"),
    pytest.param({"anc": 400, "duffy_null": True}, "high", id="duffy-null-anc-400-high"),
    # rev. §1: a count that is not current still feeds the infection risk.
    pytest.param({"anc": 400, "days_since_count": 9}, "high", id="anc-400-count-9-days-old-high"),
    pytest.param({"anc": 50, "days_since_count": 5, "days_since_chemo": 1}, "very_high",
                 id="anc-50-count-before-last-dose-very-high"),
    pytest.param({"anc": 5000, "days_since_count": 30}, "low", id="anc-5000-count-30-days-old-low"),
]  # fmt: skip


@pytest.mark.parametrize(("fields", "risk"), RISK)
def test_infection_risk(fields, risk):
    assert assess(**fields).infection_risk == risk
