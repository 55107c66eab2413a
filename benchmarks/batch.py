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
mix of unknown values, fevers and borderline readings, old counts, children and babies,
symptoms, conditions (some said as history: "leukemia in remission"), every medicine of
the lexicon (some with route words: "hydrocortisone cream"), long-term steroids, and
~1 % of records that must be rejected (a bare ``50`` ANC). Each generated record carries
the answers of :func:`plain_assessment` as ``expected_*`` columns, so every run is also
a cross-check of the engine against an independent, straight-Python reading of
clinical-rules.md (December 2026 revision).
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
from functools import cache
from pathlib import Path
from typing import Any

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))

from equivalence import (  # noqa: E402  (benchmarks/equivalence.py)
    LOCAL_SPELLINGS,
    history_spelling,
    may_be_local,
    medicine_spelling,
)

from triage import thresholds as t  # noqa: E402
from triage.batch import resolve_workers, run_batch  # noqa: E402
from triage.knowledge import Drug, load_knowledge  # noqa: E402

# ------------------------------------------------------------- synthetic cases

# The unrecognised medicine of the mix: kept and reported, never used by the rules.
UNRECOGNISED_MEDICINE = "metformin"
COLUMNS = ["case_id", "anc", "anc_unit", "days_since_count", "temperature",
           "temperature_unit", "fever_hours", "days_since_chemo", "neutropenia_days",
           "anc_falling", "symptoms", "conditions", "medications", "steroids_long_term",
           "age", "age_months", "duffy_null", "expected_triage", "expected_severity",
           "expected_infection_risk", "expected_error"]  # fmt: skip
# Readings at and around the temperature limits (§1), °C.
TEMPERATURE_LIMITS = (35.99, 36.0, 37.49, 37.5, 37.51, 37.9, 37.99, 38.0, 38.3)


def synthetic_case(rng: random.Random, number: int) -> dict[str, Any]:
    """One generated case as CSV cell values (strings; '' is unknown), with the answers
    of :func:`plain_assessment` as ``expected_*`` values."""
    return synthetic_record(rng, number)[0]


def synthetic_record(
    rng: random.Random, number: int
) -> tuple[dict[str, Any], dict[str, Any] | None]:
    """One generated case: its CSV cells, and the canonical values that
    :func:`plain_assessment` reads (None for a record that must be rejected). Symptoms,
    conditions and medicines come from the vocabulary and the lexicon."""
    knowledge = load_knowledge()
    anc = None
    cells: dict[str, Any] = {"case_id": f"s{number}"}
    roll = rng.random()
    if roll < 0.01:
        cells["anc"] = "50"  # ambiguous without a unit: must be rejected
        cells["expected_error"] = "anc"
        return cells, None
    if roll >= 0.16:
        anc = float(rng.choice([rng.randint(0, 99), rng.randint(100, 499), rng.randint(500, 999),
                                rng.randint(1000, 1499), rng.randint(1500, 8000)]))  # fmt: skip
        if rng.random() < 0.3:
            cells["anc"], cells["anc_unit"] = f"{anc / 1000:g}", rng.choice(["10^9/L", "K/uL"])
        else:
            cells["anc"], cells["anc_unit"] = f"{anc:g}", rng.choice(["cells/uL", "/uL", ""])
            if anc < 100:  # a small bare integer is ambiguous; give the unit
                cells["anc_unit"] = "cells/uL"
        if rng.random() < 0.3:  # when the count was taken; often not said (current)
            cells["days_since_count"] = str(rng.randint(0, 10))
    temperature = None
    if rng.random() < 0.7:
        temperature = rng.choice(
            [round(rng.uniform(35.0, 37.9), 1), round(rng.uniform(37.9, 40.0), 1),
             rng.choice(TEMPERATURE_LIMITS)]
        )  # fmt: skip
        if rng.random() < 0.2:
            cells["temperature"], cells["temperature_unit"] = f"{temperature * 9 / 5 + 32:.2f}", "F"
            temperature = round((float(cells["temperature"]) - 32) * 5 / 9, 6)
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
    symptoms = rng.sample(sorted(s.id for s in knowledge.symptoms), rng.choice([0, 0, 1, 1, 2, 3]))
    conditions, said = set(), []
    for condition in rng.sample(knowledge.conditions, rng.choice([0, 0, 0, 1, 1, 2])):
        words = history_spelling(rng, condition) if rng.random() < 0.25 else None
        if not words:
            conditions.add(condition.id)
        said.append(words or condition.id)
    medicines: list[tuple[Drug, bool]] = []
    written = []
    for drug in rng.sample(knowledge.drugs, rng.choice([0, 0, 0, 1, 1, 2])):
        text, local = medicine_spelling(rng, drug, rng.choice((drug.generic, *drug.brands)))
        medicines.append((drug, local))
        written.append(text)
    if rng.random() < 0.05:
        drug = rng.choice([d for d in knowledge.drugs if may_be_local(d)])
        medicines.append((drug, True))
        written.append(rng.choice(LOCAL_SPELLINGS).format(drug.generic))
    if rng.random() < 0.03:
        written.append(UNRECOGNISED_MEDICINE)
    cells["symptoms"], cells["conditions"] = ";".join(symptoms), ";".join(said)
    cells["medications"] = ";".join(written)
    if rng.random() < 0.2:
        cells["steroids_long_term"] = rng.choice(["true", "false"])
    if rng.random() < 0.05:  # a baby or toddler: months, with the years or without
        cells["age_months"] = str(rng.randint(0, 30))
        if rng.random() < 0.5:
            cells["age"] = str(int(cells["age_months"]) // 12)
    elif rng.random() < 0.9:
        cells["age"] = str(rng.randint(0, 15) if rng.random() < 0.25 else rng.randint(16, 95))
    if rng.random() < 0.05:
        cells["duffy_null"] = "true"
    if not any(value not in ("", None) for name, value in cells.items() if name != "case_id"):
        cells["expected_error"] = "case"  # a case that says nothing is rejected
        return cells, None
    inputs = {
        "anc": anc,
        "days_since_count": _number(cells.get("days_since_count")),
        "temperature_c": temperature,
        "fever_hours": _number(cells.get("fever_hours")),
        "days_since_chemo": _number(cells.get("days_since_chemo")),
        "neutropenia_days": _number(cells.get("neutropenia_days")),
        "anc_falling": cells.get("anc_falling") == "yes",
        "symptoms": set(symptoms),
        "conditions": conditions,  # those said as history do not count
        "medicines": medicines,
        "steroids_long_term": cells.get("steroids_long_term") == "true",
        "age": _number(cells.get("age")),
        "age_months": _number(cells.get("age_months")),
        "duffy_null": cells.get("duffy_null") == "true",
    }
    answer = plain_assessment(**inputs)
    cells["expected_triage"], cells["expected_severity"], cells["expected_infection_risk"] = answer
    return cells, inputs


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

# The ids that clinical-rules.md names, as it names them (§1, §4, §6), so that the
# vocabulary's groups and flags are checked too.
EMERGENCY_SYMPTOMS = {"trouble_breathing", "confusion", "fainting", "shaking_chills",
                      "stiff_neck", "no_urine", "mottled_skin"}  # fmt: skip
INFECTION_SIGNS = {"feeling_unwell", "mouth_ulcers", "abscess", "rash", "slow_healing_wound",
                   "skin_redness", "catheter_site_redness", "sore_throat", "cough",
                   "burning_urination", "diarrhea", "vomiting", "abdominal_pain",
                   "fast_heartbeat"}  # fmt: skip
FEELS_FEVERISH = "feels_feverish"
UNWELL_OR_RACING = {"feeling_unwell", "fast_heartbeat"}  # E6; not counted by E8
SAME_SIGN = {"catheter_site_redness": "skin_redness"}  # E8: one sign
TREATED_NOW = {"chemotherapy", "immunotherapy", "targeted_therapy", "radiation_therapy"}
SYSTEMIC_NOW = TREATED_NOW - {"radiation_therapy"}
CANCERS = {"leukemia", "lymphoma", "myeloma", "myelodysplastic_syndrome", "solid_cancer"}
NEUTROPENIA_PRONE = {"bone_marrow_failure", "congenital_neutropenia", "cyclic_neutropenia",
                     "leukemia", "lymphoma", "myeloma", "myelodysplastic_syndrome",
                     "stem_cell_transplant"}  # fmt: skip
IMMUNOSUPPRESSING = {"organ_transplant"}
CENTRAL_LINE = {"central_line"}
# §5: the classes that are not the "medication" cause category (chemotherapy; the
# targeted and immunotherapy drugs raise bone-marrow production instead).
NOT_A_MEDICATION_CAUSE = {"chemotherapy", "targeted_or_immunotherapy"}
CLOZAPINE, DEFERIPRONE = "clozapine_anc", "deferiprone_interrupt"


def medicine_reading(
    drug: Drug, local: bool, conditions: set[str]
) -> tuple[bool, bool, bool, bool]:
    """How one medicine counts (§1, §6): (anticancer, immunosuppressant, agranulocytosis
    warning, medication cause). A local form counts for nothing; a dual-use medicine is
    anticancer with a cancer or systemic treatment, or with no condition at all, and
    otherwise an immunosuppressant, with its warning."""
    if local or drug.local_form:
        return False, False, False, False
    cause = drug.drug_class not in NOT_A_MEDICATION_CAUSE
    if drug.dual_use:
        cancer = bool(conditions & (CANCERS | SYSTEMIC_NOW)) or not conditions
        return cancer, not cancer, drug.agranulocytosis_warning and not cancer, cause
    return drug.anticancer, drug.immunosuppressant, drug.agranulocytosis_warning, cause


def plain_assessment(
    *,
    anc: float | None,
    days_since_count: float | None = None,
    temperature_c: float | None,
    fever_hours: float | None,
    days_since_chemo: float | None,
    neutropenia_days: float | None,
    anc_falling: bool,
    symptoms: set[str],
    conditions: set[str],
    medicines: list[tuple[Drug, bool]],
    steroids_long_term: bool = False,
    age: float | None = None,
    age_months: float | None = None,
    duffy_null: bool,
) -> tuple[str, str, str]:
    """(triage, severity, infection_risk) computed straight from clinical-rules.md §1–§4
    (December 2026 revision) with the named thresholds, without a rule engine.
    ``conditions`` are those said as current (history left out); ``medicines`` are the
    recognised ones with whether their words name a local form. Includes one reading of
    the project's where the spec is silent (docs/rules.md, N28): a baby under 1 year whose
    age in months is not given counts as under 3 months (E10)."""
    # §6: how each medicine counts for this person.
    readings = [medicine_reading(drug, local, conditions) for drug, local in medicines]
    anticancer_medicine = any(r[0] for r in readings)
    immunosuppressant = any(r[1] for r in readings)
    warning_medicine = any(r[2] for r in readings)
    medication_cause = any(r[3] for r in readings)
    monitoring = {drug.monitoring for drug, _ in medicines}
    # §1: who is at risk.
    recent_chemo = (
        (days_since_chemo is not None and days_since_chemo <= t.RECENT_CHEMO_DAYS)
        or bool(conditions & TREATED_NOW)
        or anticancer_medicine
    )
    recent_systemic = (
        (days_since_chemo is not None and days_since_chemo <= t.RECENT_CHEMO_DAYS)
        or bool(conditions & SYSTEMIC_NOW)
        or anticancer_medicine
    )
    prone = bool(conditions & NEUTROPENIA_PRONE)
    immunosuppressed = bool(conditions & IMMUNOSUPPRESSING) or immunosuppressant
    immunosuppressed = immunosuppressed or steroids_long_term
    at_risk = recent_chemo or prone or immunosuppressed or bool(conditions & CENTRAL_LINE)
    # §1: temperature, possible fever, signs.
    measured = temperature_c is not None
    celsius = temperature_c if temperature_c is not None else 0.0
    borderline = measured and t.BORDERLINE_C <= celsius < t.FEVER_C
    low_temperature = measured and celsius < t.LOW_TEMPERATURE_C
    feverish = FEELS_FEVERISH in symptoms
    possible_fever = feverish and (not measured or at_risk or borderline)
    fever = (measured and celsius >= t.FEVER_C) or possible_fever
    signs = symptoms & INFECTION_SIGNS
    sign = bool(signs) or (feverish and not possible_fever)  # the feeling overridden
    distinct_signs = {SAME_SIGN.get(s, s) for s in signs - UNWELL_OR_RACING}
    agranulocytosis_signs = bool(symptoms & _agranulocytosis_signs())
    # §1: the count, and whether it is current.
    known = anc is not None
    a = anc if anc is not None else 0.0
    old = (
        known
        and days_since_count is not None
        and (
            days_since_count > t.CURRENT_COUNT_DAYS
            or (days_since_chemo is not None and days_since_count > days_since_chemo)
        )
    )
    unknown_or_old = not known or old
    neutropenic = (
        known and a < t.ANC_NEUTROPENIA and not (duffy_null and a >= t.DUFFY_NULL_NORMAL_LOW)
    )
    clozapine_line = (
        t.CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL if duffy_null else t.CLOZAPINE_INTERRUPT_ANC
    )
    # §4: children and babies.
    years = age if age is not None else None if age_months is None else age_months // 12
    child = years is not None and years < t.CHILD_AGE_YEARS
    young_infant = (age_months is not None and age_months < t.YOUNG_INFANT_MONTHS) or (
        age == 0 and age_months is None  # N28
    )

    emergency = (
        (fever and known and a < t.ANC_MODERATE)  # E1
        or (fever and recent_chemo)  # E2
        or (fever and at_risk)  # E3
        or (low_temperature and ((known and a < t.ANC_MODERATE) or recent_chemo or prone))  # E4
        or bool(symptoms & EMERGENCY_SYMPTOMS)  # E5
        or (bool(symptoms & UNWELL_OR_RACING) and at_risk)  # E6
        or (borderline and recent_chemo and (not child or bool(symptoms)))  # E7
        or (recent_systemic and len(distinct_signs) >= 2)  # E8
        or (sign and known and a < t.ANC_SEVERE)  # E9
        or (fever and young_infant)  # E10
    )
    urgent = (
        (fever and known and t.ANC_MODERATE <= a < t.ANC_NEUTROPENIA)  # U1
        or (fever and unknown_or_old)  # U2
        or (known and a < t.ANC_SEVERE)  # U3
        or (sign and known and a < t.ANC_MODERATE)  # U4
        or (sign and recent_chemo and (unknown_or_old or a < t.ANC_NEUTROPENIA))  # U5
        or (CLOZAPINE in monitoring and known and a < clozapine_line)  # U6
        or (DEFERIPRONE in monitoring and known and a < t.ANC_NEUTROPENIA)  # U7
        or (warning_medicine and (fever or agranulocytosis_signs))  # U8
        or (borderline and at_risk)  # U9
        or (low_temperature and (immunosuppressed or sign))  # U10
        or (child and recent_chemo and borderline and not symptoms)  # U11
    )
    soon = (
        (known and t.ANC_SEVERE <= a < t.ANC_MODERATE)  # S1
        or (sign and known and t.ANC_MODERATE <= a < t.ANC_NEUTROPENIA)  # S2
        or (neutropenic and medication_cause)  # S3
        or (CLOZAPINE in monitoring and neutropenic and a >= t.ANC_MODERATE)  # S4
        or fever  # S5
        or (sign and recent_chemo)  # S6
        or (sign and unknown_or_old)  # S7
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


@cache
def _agranulocytosis_signs() -> frozenset[str]:
    """The symptoms that the vocabulary flags for U8 (a sore throat, mouth ulcers, a
    flu-like illness, a feverish feeling)."""
    return frozenset(s.id for s in load_knowledge().symptoms if s.agranulocytosis_sign)


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
    records = [synthetic_record(rng, n) for n in range(1, min(count, 20000) + 1)]
    inputs = [values for _, values in records if values is not None]
    started = time.perf_counter()
    for values in inputs:
        plain_assessment(**values)
    elapsed = time.perf_counter() - started
    return {"cases": len(records), "us_per_case": round(elapsed / len(inputs) * 1e6, 2)}


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
