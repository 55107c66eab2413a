"""Record, or compare with a recording, every output a user can get for a fixed set of
cases: the bundled examples, the teaching vignettes and generated cases (JSON output,
explanation, patient text, catalogue). Used to show that a refactoring changed no byte:

    python benchmarks/same_outputs.py record before.jsonl.gz      # on the old code
    python benchmarks/same_outputs.py compare before.jsonl.gz     # on the new code

Exit status 1 and the first differing cases when anything differs.
"""

from __future__ import annotations

import argparse
import csv
import gzip
import json
import re
import sys
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from equivalence import generate_cases  # noqa: E402  (benchmarks/equivalence.py)

from triage import CaseRejected  # noqa: E402
from triage.cases import load_vignettes  # noqa: E402
from triage.catalogue import render_catalogue  # noqa: E402
from triage.engine import Assessor  # noqa: E402
from triage.equivalence import whole_output  # noqa: E402
from triage.render import render_text  # noqa: E402


def cases(generated: int) -> Iterator[tuple[str, dict[str, Any]]]:
    with (ROOT / "examples" / "cases.csv").open(newline="", encoding="utf-8") as handle:
        for row in csv.DictReader(handle):
            fields = {
                key: value
                for key, value in row.items()
                if value and not key.startswith("expected_") and key != "note"
            }
            yield f"example:{row['case_id']}", fields
    for vignette in load_vignettes():
        yield f"vignette:{vignette.id}", dict(vignette.case)
    for case in generate_cases(generated, seed=12):
        yield f"generated:{case['case_id']}", case


def outputs(generated: int) -> Iterator[dict[str, str]]:
    assessor = Assessor()
    yield {"id": "catalogue", "text": render_catalogue("json")}
    for case_id, fields in cases(generated):
        record = {"id": case_id, "whole": whole_output(assessor, fields)}
        try:
            record["text"] = render_text(assessor.assess(fields), explain=True)
        except CaseRejected:
            record["text"] = ""
        yield record


def main() -> int:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("action", choices=["record", "compare"])
    parser.add_argument("path", type=Path)
    parser.add_argument("--generated", type=int, default=20_000)
    parser.add_argument(
        "--ignore",
        action="append",
        default=[],
        metavar="FIELD",
        help='a JSON field whose string values are not compared (e.g. "area", a rule\'s '
        "module, renamed by the layout change)",
    )
    args = parser.parse_args()
    ignored = [re.compile(rf'"{re.escape(name)}": "[^"]*"') for name in args.ignore]

    def comparable(record: dict[str, str]) -> dict[str, str]:
        for pattern in ignored:
            record = {key: pattern.sub("", value) for key, value in record.items()}
        return record

    if args.action == "record":
        written = 0
        with gzip.open(args.path, "wt", encoding="utf-8") as out:
            for record in outputs(args.generated):
                out.write(json.dumps(record, ensure_ascii=False) + "\n")
                written += 1
        print(f"recorded {written:,} outputs in {args.path}")
        return 0
    differing = []
    compared = 0
    with gzip.open(args.path, "rt", encoding="utf-8") as recorded:
        # A smaller --generated compares a prefix: the generated cases come in a fixed order.
        for old_line, new in zip(recorded, outputs(args.generated), strict=False):
            old = json.loads(old_line)
            compared += 1
            if comparable(old) != comparable(new):
                differing.append(old["id"])
    print(f"compared {compared:,} outputs: {len(differing):,} differ")
    for case_id in differing[:20]:
        print(f"  {case_id}")
    return 1 if differing else 0


if __name__ == "__main__":
    raise SystemExit(main())
