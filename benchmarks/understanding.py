"""Precision and recall of triage.understand on the phrasing corpus (issue 19).

    python benchmarks/understanding.py [--failures]

Reads tests/understanding/corpus.toml (what patients and parents type, each with the
ids it asserts and the ids it mentions but must not assert) and prints, per id: true
positives, false positives, false negatives, precision and recall; then the totals,
the emergency symptoms' recall, the negated or hypothetical forms that were asserted,
and the time per phrase.
"""

from __future__ import annotations

import argparse
import sys
import time
import tomllib
from collections import Counter
from pathlib import Path

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from triage.knowledge import EMERGENCY_GROUP, load_knowledge  # noqa: E402
from triage.understand import understand, warm  # noqa: E402

CORPUS = ROOT / "tests" / "understanding" / "corpus.toml"


def load_corpus() -> list[dict]:
    with CORPUS.open("rb") as handle:
        return tomllib.load(handle)["phrase"]


def kinds_of(entry: dict) -> tuple[str, ...]:
    return ("condition",) if entry.get("kind") == "condition" else ("symptom",)


def evaluate(corpus: list[dict]) -> dict:
    true_pos: Counter[str] = Counter()
    false_pos: Counter[str] = Counter()
    false_neg: Counter[str] = Counter()
    negated_asserted: list[tuple[str, str]] = []
    failures: list[str] = []
    for entry in corpus:
        reading = understand(entry["text"], kinds_of(entry))
        got = set(reading.asserted)
        want = set(entry.get("asserts", ()))
        for id_ in got & want:
            true_pos[id_] += 1
        for id_ in got - want:
            false_pos[id_] += 1
        for id_ in want - got:
            false_neg[id_] += 1
        for id_ in set(entry.get("must_not", ())) & got:
            negated_asserted.append((entry["text"], id_))
        if got != want or set(entry.get("must_not", ())) & got:
            failures.append(f"{entry['text']!r}: want {sorted(want)}, got {sorted(got)}")
    return {
        "tp": true_pos,
        "fp": false_pos,
        "fn": false_neg,
        "negated_asserted": negated_asserted,
        "failures": failures,
    }


def first_answer_times() -> str:
    """How long the interview takes to read a first answer, in a fresh process (the
    session loads the lemma dictionary and the patterns when it starts)."""
    import subprocess

    probe = (
        "import time; t0 = time.perf_counter(); from triage.interview import Session; "
        "s = Session(); t1 = time.perf_counter(); "
        "s.answer('stiff neck and a headache'); t2 = time.perf_counter(); "
        "print(f'interview start {1000 * (t1 - t0):.0f} ms, '"
        "f'first answer {1000 * (t2 - t1):.1f} ms')"
    )
    done = subprocess.run(
        [sys.executable, "-c", probe], cwd=ROOT, capture_output=True, text=True, check=True
    )
    return done.stdout.strip()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--failures", action="store_true", help="list every miss")
    args = parser.parse_args()
    corpus = load_corpus()
    started = time.perf_counter()
    warm()
    warmed = time.perf_counter()
    result = evaluate(corpus)
    done = time.perf_counter()
    tp, fp, fn = result["tp"], result["fp"], result["fn"]
    ids = sorted(set(tp) | set(fp) | set(fn))
    print(f"{'id':28} {'tp':>4} {'fp':>4} {'fn':>4} {'precision':>9} {'recall':>7}")
    for id_ in ids:
        precision = tp[id_] / (tp[id_] + fp[id_]) if tp[id_] + fp[id_] else 1.0
        recall = tp[id_] / (tp[id_] + fn[id_]) if tp[id_] + fn[id_] else 1.0
        print(f"{id_:28} {tp[id_]:4} {fp[id_]:4} {fn[id_]:4} {precision:9.3f} {recall:7.3f}")
    all_tp, all_fp, all_fn = sum(tp.values()), sum(fp.values()), sum(fn.values())
    print(
        f"\n{len(corpus)} phrases; precision {all_tp / max(1, all_tp + all_fp):.3f}, "
        f"recall {all_tp / max(1, all_tp + all_fn):.3f}"
    )
    emergency = {s.id for s in load_knowledge().symptoms if s.group == EMERGENCY_GROUP}
    e_tp = sum(tp[i] for i in emergency)
    e_fn = sum(fn[i] for i in emergency)
    print(f"emergency symptoms: recall {e_tp / max(1, e_tp + e_fn):.3f} ({e_fn} missed)")
    print(f"negated or hypothetical forms asserted: {len(result['negated_asserted'])}")
    print(
        f"time: {1000 * (warmed - started):.0f} ms to load, "
        f"{1000 * (done - warmed) / len(corpus):.2f} ms a phrase"
    )
    print(first_answer_times())
    if args.failures:
        print("\n".join(["", *result["failures"]]))


if __name__ == "__main__":
    main()
