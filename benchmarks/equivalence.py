"""The large equivalence check: the fast engine path against plain experta, whole
outputs, on ≥ 100,000 generated cases (thresholds ± the smallest step, every unit
spelling, symptom, condition and medicine; see triage/equivalence.py).

    .venv/bin/python benchmarks/equivalence.py                  # 100,000 cases
    .venv/bin/python benchmarks/equivalence.py --cases 20000 --explain-every 1

Exit code 1 (and the differing case ids) when any output differs.
"""

from __future__ import annotations

import argparse
import json
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parents[1]))

from triage.engine import Assessor
from triage.equivalence import generate_cases, whole_output

DEFAULT_CASES = 100_000
DEFAULT_EXPLAIN_EVERY = 10  # the nurse's explanation is compared on every 10th case
DEFAULT_SEED = 2026
SHOWN_DIFFERENCES = 20


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=DEFAULT_CASES)
    parser.add_argument("--seed", type=int, default=DEFAULT_SEED)
    parser.add_argument("--explain-every", type=int, default=DEFAULT_EXPLAIN_EVERY)
    options = parser.parse_args()
    fast, reference = Assessor("fast"), Assessor("reference")
    started = time.perf_counter()
    differing: list[str] = []
    rejected = 0
    for number, case in enumerate(generate_cases(options.cases, options.seed)):
        explained = number % options.explain_every == 0
        expected = whole_output(reference, case, explained)
        if expected.startswith('{"rejected"'):
            rejected += 1
        if whole_output(fast, case, explained) != expected:
            differing.append(case["case_id"])
    print(
        json.dumps(
            {
                "cases": options.cases,
                "seed": options.seed,
                "rejected_alike": rejected,
                "explained": -(-options.cases // options.explain_every),
                "differing": len(differing),
                "first_differing": differing[:SHOWN_DIFFERENCES],
                "seconds": round(time.perf_counter() - started),
            }
        )
    )
    return 1 if differing else 0


if __name__ == "__main__":
    sys.exit(main())
