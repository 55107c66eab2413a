"""Educational neutropenia infection-risk triage. It never diagnoses or prescribes.

    >>> import triage
    >>> result = triage.assess({"anc": 800, "anc_unit": "cells/uL", "temperature": 38.4})
    >>> result.triage
    'emergency'

The library works without click; ``cli.py`` is a thin layer over it.
"""

from __future__ import annotations

import importlib
from collections.abc import Mapping
from functools import cache
from typing import TYPE_CHECKING, Any

if TYPE_CHECKING:
    from triage.assessment import RULESET_VERSION, Assessment
    from triage.at_least import at_least_level
    from triage.catalogue import rule_catalogue
    from triage.engine import Assessor
    from triage.models import CaseInput, CaseRejected, FieldError

__all__ = [
    "RULESET_VERSION",
    "Assessment",
    "Assessor",
    "CaseInput",
    "CaseRejected",
    "FieldError",
    "assess",
    "at_least_level",
    "rule_catalogue",
]

# The public names, imported on first use: ``import triage.text`` (or ``triage --help``)
# does not load the rule engine; ``triage.assess`` does.
_LAZY = {
    "RULESET_VERSION": "triage.assessment",
    "Assessment": "triage.assessment",
    "Assessor": "triage.engine",
    "rule_catalogue": "triage.catalogue",
    "CaseInput": "triage.models",
    "CaseRejected": "triage.models",
    "FieldError": "triage.models",
    "at_least_level": "triage.at_least",
}


def __getattr__(name: str) -> Any:
    module = _LAZY.get(name)
    if module is None:
        raise AttributeError(f"module 'triage' has no attribute {name!r}")
    value = getattr(importlib.import_module(module), name)
    globals()[name] = value
    return value


def __dir__() -> list[str]:
    return sorted({*globals(), *__all__})


@cache
def _shared_assessor() -> Assessor:
    from triage.engine import Assessor

    return Assessor()


def assess(case: Mapping[str, Any] | CaseInput) -> Assessment:
    """Assess one case (a dict of case-format fields, or a :class:`CaseInput`).

    Raises :class:`CaseRejected` when the case cannot be assessed. Reuses one engine
    per process; not thread-safe (use one :class:`Assessor` per thread).
    """
    return _shared_assessor().assess(case)
