"""Equivalence of the fast engine path with plain experta: the whole output of one case
as one text, and the input steps and unit spellings the case generator uses. The one
generator of varied cases is benchmarks/equivalence.py (used by its benchmark and by
tests/test_fast_engine.py, test_cuts.py and test_probe_shortcuts.py).
"""

from __future__ import annotations

import dataclasses
import json
from typing import Any

from triage.models import CaseRejected

# Smallest steps of each input, in its own unit.
ANC_STEP_CELLS = 1.0
ANC_STEP_GIGA = 0.001
TEMPERATURE_STEP_C = 0.1
TEMPERATURE_FINE_STEP_C = 0.01
HOURS_STEP = 0.1
DAYS_STEP = 1

COUNT_UNITS_CELLS = ("cells/uL", "/uL", "cells/mm3", "cells/µL")
COUNT_UNITS_GIGA = ("10^9/L", "K/uL", "G/L", "x10^9/L", "10³/µL")


# Chances of each optional part of a generated case.
def whole_output(assessor: Any, case: dict[str, Any], explained: bool = True) -> str:
    """Everything a user can get for one case, as one JSON text: the output object
    (every field, in order), the nurse's explanation, or the rejection with every
    field error."""
    from triage.explain import explain

    try:
        assessment = assessor.assess(case)
    except CaseRejected as rejected:
        return json.dumps({"rejected": [dataclasses.asdict(e) for e in rejected.errors]})
    whole: dict[str, Any] = {"output": assessment.model_dump(mode="json")}
    if explained:
        whole["explain"] = dataclasses.asdict(explain(assessment))
    return json.dumps(whole, ensure_ascii=False, default=repr)
