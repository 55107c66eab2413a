"""Educational neutropenia infection-risk triage. It never diagnoses or prescribes.

    >>> import triage
    >>> result = triage.assess({"anc": 800, "anc_unit": "cells/uL", "temperature": 38.4})
    >>> result.triage
    'emergency'

The library works without click; ``cli.py`` is a thin layer over it.
"""

from __future__ import annotations

from collections.abc import Mapping
from functools import cache
from typing import Any

from triage.assessment import RULESET_VERSION, Assessment
from triage.engine import Assessor, rule_catalogue
from triage.models import CaseInput, CaseRejected, FieldError

__all__ = [
    "RULESET_VERSION",
    "Assessment",
    "Assessor",
    "CaseInput",
    "CaseRejected",
    "FieldError",
    "assess",
    "rule_catalogue",
]


@cache
def _shared_assessor() -> Assessor:
    return Assessor()


def assess(case: Mapping[str, Any] | CaseInput) -> Assessment:
    """Assess one case (a dict of case-format fields, or a :class:`CaseInput`).

    Raises :class:`CaseRejected` when the case cannot be assessed. Reuses one engine
    per process; not thread-safe (use one :class:`Assessor` per thread).
    """
    return _shared_assessor().assess(case)
