"""Batch speed and memory: the rule engine through ``triage.batch`` against a plain
Python reading of the same thresholds.

    .venv/bin/python benchmarks/batch.py                 # 20,000 cases, 1 worker, all cores
    .venv/bin/python benchmarks/batch.py --cases 5000 --workers 2
    .venv/bin/python benchmarks/batch.py --profile       # where the engine spends its time
    .venv/bin/python benchmarks/batch.py --stream-check  # 1,000,000 records to /dev/null
    .venv/bin/python benchmarks/batch.py --straight      # also without the probe shortcuts
    .venv/bin/python benchmarks/batch.py --memo          # the probe memo's hit rates
    .venv/bin/python benchmarks/batch.py --rounds 5      # more rounds of the CLIPS side-by-side

Not a test: numbers depend on the machine. Record them in docs/batch.md.

The synthetic cases are seeded, in canonical and alternative units, with a realistic
mix of unknown values, fevers, symptoms, conditions and medicines, and ~1 % of records
that must be rejected (a bare ``50`` ANC). Each generated record carries the answers of
:func:`plain_assessment` as ``expected_*`` columns, so every run is also a cross-check
of the engine against an independent, straight-Python reading of clinical-rules.md.
"""

from __future__ import annotations

import argparse
import contextlib
import cProfile
import csv
import io
import json
import os
import pstats
import random
import resource
import statistics
import subprocess
import sys
import tempfile
import time
from collections.abc import Iterator
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from triage import thresholds as t  # noqa: E402
from triage.batch import resolve_workers, run_batch  # noqa: E402

# ------------------------------------------------------------- synthetic cases

EMERGENCY_SYMPTOMS = {"trouble_breathing", "confusion", "fainting", "shaking_chills",
                      "stiff_neck", "no_urine", "mottled_skin"}  # fmt: skip
INFECTION_SIGNS = {"mouth_ulcers", "abscess", "rash", "slow_healing_wound", "skin_redness",
                   "catheter_site_redness", "sore_throat", "cough", "burning_urination",
                   "diarrhea", "vomiting", "abdominal_pain"}  # fmt: skip
OTHER_SYMPTOMS = ["fatigue", "nausea"]
NEUTROPENIA_PRONE = {"leukemia", "bone_marrow_failure", "congenital_neutropenia",
                     "cyclic_neutropenia", "stem_cell_transplant"}  # fmt: skip
CONDITIONS = ["chemotherapy", "radiation_therapy", "leukemia", "stem_cell_transplant",
              "rheumatoid_arthritis", "lupus", "hiv", "viral_infection",
              "b12_deficiency"]  # fmt: skip
# name as a person writes it → (generic, class)
MEDICINES = {
    "clozapine": ("clozapine", "psychiatric"),
    "Ferriprox": ("deferiprone", "other"),
    "methimazole 10 mg": ("methimazole", "antithyroid"),
    "Bactrim DS": ("trimethoprim-sulfamethoxazole", "antibiotic"),
    "Tegretol 200 mg twice daily": ("carbamazepine", "epilepsy"),
    "paclitaxel": ("paclitaxel", "chemotherapy"),
    "metformin": (None, None),  # not in the lexicon: kept, reported, not used
}
COLUMNS = ["case_id", "anc", "anc_unit", "temperature", "temperature_unit", "fever_hours",
           "days_since_chemo", "neutropenia_days", "anc_falling", "symptoms", "conditions",
           "medications", "age", "duffy_null", "expected_triage", "expected_severity",
           "expected_infection_risk", "expected_error"]  # fmt: skip


def synthetic_case(rng: random.Random, number: int) -> dict[str, Any]:
    """One generated case: CSV cell values (strings; '' is unknown) plus the canonical
    values that :func:`plain_assessment` reads."""
    anc = None
    cells: dict[str, Any] = {"case_id": f"s{number}"}
    roll = rng.random()
    if roll < 0.01:
        cells["anc"] = "50"  # ambiguous without a unit: must be rejected
        cells["expected_error"] = "anc"
        return cells
    if roll < 0.16:
        anc = None
    else:
        anc = float(rng.choice([rng.randint(0, 99), rng.randint(100, 499), rng.randint(500, 999),
                                rng.randint(1000, 1499), rng.randint(1500, 8000)]))  # fmt: skip
        if rng.random() < 0.3:
            cells["anc"], cells["anc_unit"] = f"{anc / 1000:g}", rng.choice(["10^9/L", "K/uL"])
        else:
            cells["anc"], cells["anc_unit"] = f"{anc:g}", rng.choice(["cells/uL", "/uL", ""])
            if anc < 100:  # a small bare integer is ambiguous; give the unit
                cells["anc_unit"] = "cells/uL"
    temperature = None
    if rng.random() < 0.7:
        temperature = round(rng.choice([rng.uniform(35.0, 37.9), rng.uniform(37.9, 40.0)]), 1)
        if rng.random() < 0.2:
            cells["temperature"], cells["temperature_unit"] = f"{temperature * 9 / 5 + 32:.2f}", "F"
            temperature = (float(cells["temperature"]) - 32) * 5 / 9
        else:
            cells["temperature"], cells["temperature_unit"] = f"{temperature:g}", "C"
        if rng.random() < 0.3:
            cells["fever_hours"] = str(rng.randint(0, 6))
    if rng.random() < 0.4:
        cells["days_since_chemo"] = str(rng.randint(0, 90))
    if rng.random() < 0.3:
        cells["neutropenia_days"] = str(rng.randint(0, 20))
    if rng.random() < 0.1:
        cells["anc_falling"] = rng.choice(["yes", "no"])
    symptoms = rng.sample(
        sorted(INFECTION_SIGNS) + sorted(EMERGENCY_SYMPTOMS) + OTHER_SYMPTOMS,
        rng.choice([0, 0, 1, 2]),
    )
    conditions = rng.sample(CONDITIONS, rng.choice([0, 0, 0, 1, 2]))
    medicines = rng.sample(sorted(MEDICINES), rng.choice([0, 0, 0, 1, 2]))
    cells["symptoms"], cells["conditions"] = ";".join(symptoms), ";".join(conditions)
    cells["medications"] = ";".join(medicines)
    cells["age"] = str(rng.randint(1, 95))
    if rng.random() < 0.05:
        cells["duffy_null"] = "true"
    answer = plain_assessment(
        anc=anc,
        temperature_c=temperature,
        fever_hours=_number(cells.get("fever_hours")),
        days_since_chemo=_number(cells.get("days_since_chemo")),
        neutropenia_days=_number(cells.get("neutropenia_days")),
        anc_falling=cells.get("anc_falling") == "yes",
        symptoms=set(symptoms),
        conditions=set(conditions),
        medicines=[MEDICINES[name] for name in medicines],
        duffy_null=cells.get("duffy_null") == "true",
    )
    cells["expected_triage"], cells["expected_severity"], cells["expected_infection_risk"] = answer
    return cells


def _number(text: str | None) -> float | None:
    return None if text in (None, "") else float(text)


def generate_csv(count: int, seed: int = 20260101) -> Iterator[bytes]:
    """The CSV file of ``count`` synthetic cases, as UTF-8 chunks (never all in memory)."""
    rng = random.Random(seed)
    buffer = io.StringIO()
    writer = csv.DictWriter(buffer, COLUMNS, lineterminator="\n")
    writer.writeheader()
    for number in range(1, count + 1):
        writer.writerow(synthetic_case(rng, number))
        if number % 1000 == 0 or number == count:
            yield buffer.getvalue().encode()
            buffer.seek(0)
            buffer.truncate()
    if count == 0:
        yield buffer.getvalue().encode()


# ------------------------------------------------------ plain Python thresholds


def plain_assessment(
    *,
    anc: float | None,
    temperature_c: float | None,
    fever_hours: float | None,
    days_since_chemo: float | None,
    neutropenia_days: float | None,
    anc_falling: bool,
    symptoms: set[str],
    conditions: set[str],
    medicines: list[tuple[str | None, str | None]],
    duffy_null: bool,
) -> tuple[str, str, str]:
    """(triage, severity, infection_risk) computed straight from clinical-rules.md §1–§4
    with the named thresholds: what the engine does, without a rule engine. Includes the
    project's safety extensions where the spec is silent (docs/rules.md): N15 an undated
    chemotherapy drug counts as recent; XE1/XU1 a low temperature with an unknown ANC;
    XS1 an infection sign with an unknown ANC."""
    fever = temperature_c is not None and temperature_c >= t.FEVER_C
    low_temperature = temperature_c is not None and temperature_c < t.LOW_TEMPERATURE_C
    undated_chemo_drug = days_since_chemo is None and any(
        drug_class == "chemotherapy" for _, drug_class in medicines
    )  # N15
    recent_chemo = (
        (days_since_chemo is not None and days_since_chemo <= t.RECENT_CHEMO_DAYS)
        or "chemotherapy" in conditions
        or undated_chemo_drug
    )
    prone = bool(conditions & NEUTROPENIA_PRONE)
    sign = bool(symptoms & INFECTION_SIGNS)
    known = anc is not None
    a = anc if anc is not None else 0.0
    neutropenic = (
        known and a < t.ANC_NEUTROPENIA and not (duffy_null and a >= t.DUFFY_NULL_NORMAL_LOW)
    )
    generics = {generic for generic, _ in medicines if generic}
    classes = {drug_class for _, drug_class in medicines if drug_class}
    medication_cause = bool(classes - {"chemotherapy"})
    clozapine_line = (
        t.CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL if duffy_null else t.CLOZAPINE_INTERRUPT_ANC
    )

    emergency = (
        (fever and known and a < t.ANC_MODERATE)
        or (fever and recent_chemo)
        or (fever and not known and prone)
        or (low_temperature and ((known and a < t.ANC_MODERATE) or recent_chemo))
        or bool(symptoms & EMERGENCY_SYMPTOMS)
        or (low_temperature and not known and prone)  # XE1
    )
    urgent = (
        (fever and known and t.ANC_MODERATE <= a < t.ANC_NEUTROPENIA)
        or (fever and not known)
        or (known and a < t.ANC_SEVERE)
        or (sign and known and a < t.ANC_MODERATE)
        or (sign and recent_chemo and (not known or a < t.ANC_NEUTROPENIA))
        or ("clozapine" in generics and known and a < clozapine_line)
        or ("deferiprone" in generics and known and a < t.ANC_NEUTROPENIA)
        or ("antithyroid" in classes and bool(symptoms & {"sore_throat", "mouth_ulcers"}))
        or (low_temperature and not known)  # XU1
    )
    soon = (
        (known and t.ANC_SEVERE <= a < t.ANC_MODERATE)
        or (sign and known and t.ANC_MODERATE <= a < t.ANC_NEUTROPENIA)
        or (neutropenic and medication_cause)
        or ("clozapine" in generics and neutropenic and a >= t.ANC_MODERATE)
        or fever
        or (sign and recent_chemo)
        or (sign and not known)  # XS1
    )
    triage = "emergency" if emergency else "urgent" if urgent else "soon" if soon else "routine"

    if not known:
        severity, risk = "unknown", "unknown"
    else:
        severity = (
            "normal" if a >= t.ANC_NEUTROPENIA else "mild" if a >= t.ANC_MODERATE
            else "moderate" if a >= t.ANC_SEVERE else "severe" if a >= t.ANC_PROFOUND
            else "profound"
        )  # fmt: skip
        long_low = neutropenia_days is not None and neutropenia_days > t.LONG_NEUTROPENIA_DAYS
        risk = (
            "low" if a >= t.ANC_MODERATE else "moderate" if a >= t.ANC_SEVERE
            else "very_high" if a < t.ANC_PROFOUND or long_low else "high"
        )  # fmt: skip
    return triage, severity, risk


# ------------------------------------------------------------------- measuring


def peak_rss_mb(who: int) -> float:
    """Peak resident memory in MB (Linux reports ru_maxrss in KiB)."""
    return resource.getrusage(who).ru_maxrss / 1024


def cpu_seconds(who: int) -> float:
    usage = resource.getrusage(who)
    return usage.ru_utime + usage.ru_stime


def time_batch(
    path: Path, workers: int, engine: str = "fast", shortcuts: bool = True
) -> dict[str, Any]:
    """Wall time and CPU time (this process; the workers, once reaped) of one batch.
    CPU time stays meaningful when other programs share the cores. ``engine``: the
    fast path or plain experta (``TRIAGE_ENGINE``, inherited by the workers);
    ``shortcuts``: the safety net's probe shortcuts (``TRIAGE_PROBE_SHORTCUTS``)."""
    os.environ["TRIAGE_ENGINE"] = engine
    os.environ["TRIAGE_PROBE_SHORTCUTS"] = "1" if shortcuts else "0"
    main_before, workers_before = (
        cpu_seconds(resource.RUSAGE_SELF),
        cpu_seconds(resource.RUSAGE_CHILDREN),
    )
    started = time.perf_counter()
    summary = run_batch(str(path), os.devnull, workers=workers)
    elapsed = time.perf_counter() - started
    main_cpu = cpu_seconds(resource.RUSAGE_SELF) - main_before
    workers_cpu = cpu_seconds(resource.RUSAGE_CHILDREN) - workers_before
    evaluation = summary.evaluation
    tallies = evaluation.agreement.items() if evaluation else []
    agreement = {name: f"{n.agreed}/{n.evaluated}" for name, n in tallies if n.evaluated}
    os.environ.pop("TRIAGE_ENGINE", None)
    os.environ.pop("TRIAGE_PROBE_SHORTCUTS", None)
    return {
        "engine": engine,
        "probe_shortcuts": shortcuts and engine == "fast",
        "workers": resolve_workers(workers),
        "records": summary.records,
        "seconds": round(elapsed, 2),
        "cases_per_second": round(summary.records / elapsed),
        "ms_per_case_per_worker": round(
            elapsed * resolve_workers(workers) / summary.records * 1e3, 3
        ),
        "cpu_seconds_main": round(main_cpu, 1),
        "cpu_seconds_workers": round(workers_cpu, 1),
        "ms_cpu_per_case": round((main_cpu + workers_cpu) / summary.records * 1e3, 3),
        "rejected": summary.rejected,
        "agreement_with_plain_python": agreement,
        "under_triaged": evaluation.under_triaged.total if evaluation else 0,
    }


def time_plain(count: int, seed: int = 20260101) -> dict[str, Any]:
    """The straight-Python thresholds alone, over the same generated cases."""
    rng = random.Random(seed)
    cases = [synthetic_case(rng, n) for n in range(1, min(count, 20000) + 1)]
    started = time.perf_counter()
    for cells in cases:
        if "expected_error" in cells:
            continue
        plain_assessment(
            anc=_canonical_anc(cells),
            temperature_c=_canonical_temperature(cells),
            fever_hours=_number(cells.get("fever_hours")),
            days_since_chemo=_number(cells.get("days_since_chemo")),
            neutropenia_days=_number(cells.get("neutropenia_days")),
            anc_falling=cells.get("anc_falling") == "yes",
            symptoms=set(filter(None, cells["symptoms"].split(";"))),
            conditions=set(filter(None, cells["conditions"].split(";"))),
            medicines=[MEDICINES[m] for m in filter(None, cells["medications"].split(";"))],
            duffy_null=cells.get("duffy_null") == "true",
        )
    elapsed = time.perf_counter() - started
    return {"cases": len(cases), "us_per_case": round(elapsed / len(cases) * 1e6, 2)}


def _canonical_anc(cells: dict[str, Any]) -> float | None:
    if not cells.get("anc"):
        return None
    value = float(cells["anc"])
    return value * 1000 if cells.get("anc_unit") in ("10^9/L", "K/uL") else value


def _canonical_temperature(cells: dict[str, Any]) -> float | None:
    if not cells.get("temperature"):
        return None
    value = float(cells["temperature"])
    return (value - 32) * 5 / 9 if cells.get("temperature_unit") == "F" else value


def phase_split(count: int, shortcuts: bool = True) -> dict[str, float]:
    """CPU microseconds per case in each phase of one assessment, in one process
    (``safety_net``: its probes, each a run of the same engine on a changed case)."""
    from triage import Assessor
    from triage.assessment import build_assessment
    from triage.engine import Run, input_facts
    from triage.models import CaseRejected, parse_case
    from triage.safety_net import safety_net

    rng = random.Random(7)
    rows = [synthetic_case(rng, n) for n in range(1, count + 1)]
    fields = [
        {k: v for k, v in row.items() if v not in ("", None) and not k.startswith("expected_")}
        for row in rows
        if "expected_error" not in row
    ]
    assessor = Assessor("fast", probe_shortcuts=shortcuts)
    engine = assessor.engine
    phases = ["validate", "reset", "declare", "run", "safety_net", "build", "dump"]
    totals = dict.fromkeys(phases, 0.0)
    clock = time.process_time  # CPU time: robust when other programs share the cores
    timed = failed = 0
    for case in fields:
        t0 = clock()
        try:
            normalised = parse_case(case)
        except CaseRejected:
            continue
        t1 = clock()
        engine.reset()
        t2 = clock()
        try:
            engine.declare(*input_facts(normalised))
        except Exception:  # an engine bug on this case: leave it out of the timing
            failed += 1
            continue
        t3 = clock()
        engine.run()
        t4 = clock()
        run = Run(case=normalised, facts=engine.conclusions())
        net = safety_net(normalised, run.facts, assessor.probe)
        t5 = clock()
        assessment = build_assessment(run, net)
        t6 = clock()
        json.dumps(assessment.model_dump(mode="json"))
        t7 = clock()
        spans = (t1 - t0, t2 - t1, t3 - t2, t4 - t3, t5 - t4, t6 - t5, t7 - t6)
        for name, spent in zip(totals, spans, strict=True):
            totals[name] += spent
        timed += 1
    split: dict[str, float] = {name: round(spent / timed * 1e6) for name, spent in totals.items()}
    split["total"] = round(sum(totals.values()) / timed * 1e6)
    split["cases_timed"], split["engine_errors_skipped"] = timed, failed
    split["probe_shortcuts"] = shortcuts
    return split


def memo_rates(count: int, repeats: int = 10) -> dict[str, Any]:
    """The probe memo's hit rate (answers from the memo / probes asked, one process)
    on ``count`` generated cases and on examples/cases.csv read ``repeats`` times."""
    from triage import Assessor
    from triage.models import CaseRejected

    def rate(cases: list[dict[str, Any]]) -> dict[str, Any]:
        assessor = Assessor("fast")
        for case in cases:
            with contextlib.suppress(CaseRejected):
                assessor.assess(case)
        asked = assessor.memo_hits + assessor.memo_misses
        return {
            "cases": len(cases),
            "probes": asked,
            "from_memo": assessor.memo_hits,
            "hit_rate": round(assessor.memo_hits / asked, 3) if asked else None,
            "memo_entries": len(assessor._memo),
        }

    rng = random.Random(20260101)  # the cases generate_csv writes
    generated = [_fields(synthetic_case(rng, n)) for n in range(1, count + 1)]
    with (ROOT / "examples" / "cases.csv").open(encoding="utf-8", newline="") as handle:
        examples = [_fields(row) for row in csv.DictReader(handle)]
    return {"generated": rate(generated), f"examples_x{repeats}": rate(examples * repeats)}


def _fields(row: dict[str, Any]) -> dict[str, Any]:
    """A generated or example row as case fields (no expectations, notes or blanks)."""
    return {
        k: v
        for k, v in row.items()
        if v not in ("", None) and not k.startswith("expected_") and k != "note"
    }


def profile(count: int, top: int) -> None:
    from triage import Assessor

    rng = random.Random(7)
    cases = [
        {k: v for k, v in row.items() if v not in ("", None) and not k.startswith("expected_")}
        for row in (synthetic_case(rng, n) for n in range(1, count + 1))
        if "expected_error" not in row
    ]
    assessor = Assessor()
    profiler = cProfile.Profile(time.process_time)
    profiler.enable()
    for case in cases:
        # Rejected cases and engine bugs are profiled all the same.
        with contextlib.suppress(Exception):
            assessor.assess(case)
    profiler.disable()
    for order in ("tottime", "cumulative"):
        print(f"\n--- top {top} functions by {order} ({len(cases)} cases) ---")
        stats = pstats.Stats(profiler)
        stats.strip_dirs().sort_stats(order).print_stats(top)


def stream_check(count: int, workers: int) -> dict[str, Any]:
    """Stream ``count`` generated records through ``triage batch`` logic in a fresh
    process (stdin → /dev/null) and report its peak RSS and its workers' peak RSS."""
    child = (
        "import json, resource, time\n"
        "from triage.batch import run_batch\n"
        "t = time.perf_counter()\n"
        f"s = run_batch('-', {os.devnull!r}, input_format='csv', workers={workers})\n"
        "def mb(who): return round(resource.getrusage(who).ru_maxrss / 1024, 1)\n"
        "e = s.evaluation\n"
        "print(json.dumps({'records': s.records, 'rejected': s.rejected,\n"
        "  'under_triaged': e.under_triaged.total if e else 0,\n"
        "  'triage_agreement': f'{e.agreement[\"triage\"].agreed}/"
        '{e.agreement["triage"].evaluated}\' if e else None,\n'
        "  'seconds': round(time.perf_counter() - t, 1),\n"
        "  'peak_rss_mb_main': mb(resource.RUSAGE_SELF),\n"
        "  'peak_rss_mb_largest_worker': mb(resource.RUSAGE_CHILDREN)}))\n"
    )
    process = subprocess.Popen(
        [sys.executable, "-c", child], stdin=subprocess.PIPE, stdout=subprocess.PIPE, cwd=ROOT
    )
    assert process.stdin is not None and process.stdout is not None
    for chunk in generate_csv(count):
        process.stdin.write(chunk)
    process.stdin.close()
    result: dict[str, Any] = json.loads(process.stdout.read())
    process.wait()
    result["cases_per_second"] = round(result["records"] / result["seconds"])
    return result


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--cases", type=int, default=20000, help="synthetic cases (20000)")
    parser.add_argument(
        "--workers", type=int, default=None, help="only this worker count (0: all cores)"
    )
    parser.add_argument("--profile", action="store_true", help="cProfile the engine, phase split")
    parser.add_argument(
        "--reference", action="store_true", help="also time plain experta (1 worker): before/after"
    )
    parser.add_argument(
        "--straight", action="store_true",
        help="also time the fast path without the probe shortcuts (before/after)",
    )  # fmt: skip
    parser.add_argument("--memo", action="store_true", help="the probe memo's hit rates")
    parser.add_argument("--no-clips", action="store_true", help="skip the clipspy side-by-side")
    parser.add_argument(
        "--rounds", type=int, default=3, help="rounds of the CLIPS side-by-side (3)"
    )
    parser.add_argument("--top", type=int, default=25, help="functions listed by --profile")
    parser.add_argument(
        "--stream-check", nargs="?", type=int, const=1_000_000, default=None, metavar="N",
        help="stream N records (default 1,000,000) to /dev/null and report peak RSS",
    )  # fmt: skip
    options = parser.parse_args()

    print(f"python {sys.version.split()[0]}, {os.cpu_count()} cores")
    if options.stream_check is not None:
        workers = 0 if options.workers is None else options.workers
        print(json.dumps(stream_check(options.stream_check, workers), indent=2))
        return
    if options.memo:
        print(json.dumps(memo_rates(options.cases), indent=2))
        return
    if options.profile:
        count = min(options.cases, 3000)
        print("phase split, µs per case:", json.dumps(phase_split(count)))
        if options.straight:
            print("without probe shortcuts:", json.dumps(phase_split(count, shortcuts=False)))
        profile(count, options.top)
        return
    with tempfile.TemporaryDirectory() as folder:
        path = Path(folder) / "cases.csv"
        with path.open("wb") as handle:
            for chunk in generate_csv(options.cases):
                handle.write(chunk)
        print(f"{options.cases:,} synthetic cases, {path.stat().st_size / 1e6:.1f} MB of CSV")
        counts = [1, 0] if options.workers is None else [options.workers]
        runs = []
        for workers in counts:
            if options.straight:
                straight = time_batch(path, workers, shortcuts=False)
                print(json.dumps(straight))
            runs.append(time_batch(path, workers))
            print(json.dumps(runs[-1]))
            if options.straight:
                ratio = straight["ms_cpu_per_case"] / runs[-1]["ms_cpu_per_case"]
                print("CPU per case, without / with probe shortcuts:", round(ratio, 2))
        print("peak RSS MB: main", round(peak_rss_mb(resource.RUSAGE_SELF), 1),
              "largest worker", round(peak_rss_mb(resource.RUSAGE_CHILDREN), 1))  # fmt: skip
        one = runs[0]
        if options.reference:
            before = time_batch(path, 1, engine="reference")
            print(json.dumps(before))
            print("CPU per case, plain experta / fast path:",
                  round(before["ms_cpu_per_case"] / one["ms_cpu_per_case"], 2))  # fmt: skip
        if not options.no_clips:
            compare_with_clips(path, one, options.rounds)
    plain = time_plain(options.cases)
    print("plain Python thresholds:", json.dumps(plain))
    print("CPU per case, fast path / plain thresholds:",
          round(one["ms_cpu_per_case"] * 1e3 / plain["us_per_case"]))  # fmt: skip


def compare_with_clips(path: Path, first: dict[str, Any], rounds: int) -> None:
    """CPU per case of the fast path (1 worker) against CLIPS, without and with the
    safety net's probes: ``rounds`` rounds, each timing the three in turn on the same
    file, so that a noisy machine moves them alike; the median ratio is the figure."""
    ours = [first["ms_cpu_per_case"]]
    plain_ratios: list[float] = []
    net_ratios: list[float] = []
    for number in range(rounds):
        if number:
            ours.append(time_batch(path, 1)["ms_cpu_per_case"])
        clips_run = time_clips_if_installed(path)
        if clips_run is None:
            return
        clips_net = time_clips_if_installed(path, with_safety_net=True)
        assert clips_net is not None
        print(f"round {number + 1}: fast path {ours[-1]} ms, CLIPS {clips_run['ms_cpu_per_case']} "
              f"ms, CLIPS with the safety net {clips_net['ms_cpu_per_case']} ms of CPU per case; "
              f"agreement {clips_run['agreement_with_plain_python']}")  # fmt: skip
        plain_ratios.append(ours[-1] / clips_run["ms_cpu_per_case"])
        net_ratios.append(ours[-1] / clips_net["ms_cpu_per_case"])
    print("CPU per case, fast path / CLIPS (1 core), median of", rounds, "rounds:",
          round(statistics.median(plain_ratios), 2),
          f"(range {min(plain_ratios):.2f}–{max(plain_ratios):.2f})")  # fmt: skip
    print("CPU per case, fast path / CLIPS with the safety net's probes, median:",
          round(statistics.median(net_ratios), 2),
          f"(range {min(net_ratios):.2f}–{max(net_ratios):.2f})")  # fmt: skip


def time_clips_if_installed(path: Path, with_safety_net: bool = False) -> dict[str, Any] | None:
    """The CLIPS side-by-side (benchmarks/clips_rules.py), or None without clipspy."""
    try:
        import clips  # noqa: F401
    except ImportError:
        print("clipspy is not installed (pip install clipspy): CLIPS ratio not measured")
        return None
    sys.path.insert(0, str(Path(__file__).resolve().parent))
    from clips_rules import time_clips

    return time_clips(path, with_safety_net)


if __name__ == "__main__":
    main()
