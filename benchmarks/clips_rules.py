# ruff: noqa: E501  (CLIPS rule text reads best one rule per line)
"""The clinical thresholds of plain_assessment (benchmarks/batch.py) as CLIPS rules,
for a side-by-side run with clipspy (an optional dependency of the benchmark only:
``pip install clipspy``). The edges are the product's own: the same CSV file, the same
pydantic validation and normalisation (``parse_case``), one JSON line out per case.
"""

from __future__ import annotations

import csv
import json
import os
import time
from pathlib import Path
from typing import Any

from triage import thresholds as t
from triage.models import CaseRejected, parse_case

EMERGENCY = "trouble_breathing confusion fainting shaking_chills stiff_neck no_urine mottled_skin"
SIGNS = (
    "mouth_ulcers abscess rash slow_healing_wound skin_redness catheter_site_redness "
    "sore_throat cough burning_urination diarrhea vomiting abdominal_pain"
)
PRONE = (
    "leukemia bone_marrow_failure congenital_neutropenia cyclic_neutropenia stem_cell_transplant"
)
LEVELS = {
    "triage": ("routine", "soon", "urgent", "emergency"),
    "severity": ("unknown", "normal", "mild", "moderate", "severe", "profound"),
    "risk": ("unknown", "low", "moderate", "high", "very_high"),
}

RULES = f"""
(deftemplate case (slot anc (default nil)) (slot temp (default nil))
  (slot chemo (default nil)) (slot ndays (default nil)) (slot duffy (default FALSE))
  (multislot symptoms) (multislot conditions) (multislot generics) (multislot classes))
(deftemplate f (slot name))
(deftemplate level (slot kind) (slot value))

(defrule fever (case (temp ?x&~nil&:(>= ?x {t.FEVER_C}))) => (assert (f (name fever))))
(defrule low-temp (case (temp ?x&~nil&:(< ?x {t.LOW_TEMPERATURE_C}))) => (assert (f (name low))))
(defrule known (case (anc ~nil)) => (assert (f (name known))))
(defrule unknown (case (anc nil)) => (assert (f (name unknown))))
(defrule chemo-days (case (chemo ?d&~nil&:(<= ?d {t.RECENT_CHEMO_DAYS}))) => (assert (f (name recent))))
(defrule chemo-condition (case (conditions $? chemotherapy $?)) => (assert (f (name recent))))
(defrule chemo-drug (case (chemo nil) (classes $? chemotherapy $?)) => (assert (f (name recent))))
(defrule prone (case (conditions $? ?c $?)) (test (member$ ?c (create$ {PRONE})))
  => (assert (f (name prone))))
(defrule sign (case (symptoms $? ?s $?)) (test (member$ ?s (create$ {SIGNS})))
  => (assert (f (name sign))))
(defrule emergency-symptom (case (symptoms $? ?s $?)) (test (member$ ?s (create$ {EMERGENCY})))
  => (assert (level (kind triage) (value emergency))))
(defrule neutropenic (case (anc ?a&~nil&:(< ?a {t.ANC_NEUTROPENIA})) (duffy ?n))
  (test (not (and (eq ?n TRUE) (>= ?a {t.DUFFY_NULL_NORMAL_LOW})))) => (assert (f (name neutropenic))))
(defrule medication-cause (case (classes $? ?c&~chemotherapy $?)) => (assert (f (name medcause))))

(defrule e-fever-count (f (name fever)) (case (anc ?a&~nil&:(< ?a {t.ANC_MODERATE})))
  => (assert (level (kind triage) (value emergency))))
(defrule e-fever-chemo (f (name fever)) (f (name recent)) => (assert (level (kind triage) (value emergency))))
(defrule e-fever-prone (f (name fever)) (f (name unknown)) (f (name prone))
  => (assert (level (kind triage) (value emergency))))
(defrule e-low-count (f (name low)) (case (anc ?a&~nil&:(< ?a {t.ANC_MODERATE})))
  => (assert (level (kind triage) (value emergency))))
(defrule e-low-chemo (f (name low)) (f (name recent)) => (assert (level (kind triage) (value emergency))))
(defrule e-low-prone (f (name low)) (f (name unknown)) (f (name prone))
  => (assert (level (kind triage) (value emergency))))

(defrule u-fever-mild (f (name fever))
  (case (anc ?a&~nil&:(>= ?a {t.ANC_MODERATE})&:(< ?a {t.ANC_NEUTROPENIA})))
  => (assert (level (kind triage) (value urgent))))
(defrule u-fever-unknown (f (name fever)) (f (name unknown)) => (assert (level (kind triage) (value urgent))))
(defrule u-severe (case (anc ?a&~nil&:(< ?a {t.ANC_SEVERE}))) => (assert (level (kind triage) (value urgent))))
(defrule u-sign-count (f (name sign)) (case (anc ?a&~nil&:(< ?a {t.ANC_MODERATE})))
  => (assert (level (kind triage) (value urgent))))
(defrule u-sign-chemo (f (name sign)) (f (name recent)) (case (anc ?a&:(or (eq ?a nil) (< ?a {t.ANC_NEUTROPENIA}))))
  => (assert (level (kind triage) (value urgent))))
(defrule u-clozapine (case (generics $? clozapine $?) (anc ?a&~nil) (duffy ?n))
  (test (< ?a (if (eq ?n TRUE) then {t.CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL} else {t.CLOZAPINE_INTERRUPT_ANC})))
  => (assert (level (kind triage) (value urgent))))
(defrule u-deferiprone (case (generics $? deferiprone $?) (anc ?a&~nil&:(< ?a {t.ANC_NEUTROPENIA})))
  => (assert (level (kind triage) (value urgent))))
(defrule u-antithyroid (case (classes $? antithyroid $?) (symptoms $? ?s&sore_throat|mouth_ulcers $?))
  => (assert (level (kind triage) (value urgent))))
(defrule u-low-unknown (f (name low)) (f (name unknown)) => (assert (level (kind triage) (value urgent))))

(defrule s-moderate (case (anc ?a&~nil&:(>= ?a {t.ANC_SEVERE})&:(< ?a {t.ANC_MODERATE})))
  => (assert (level (kind triage) (value soon))))
(defrule s-sign-mild (f (name sign)) (case (anc ?a&~nil&:(>= ?a {t.ANC_MODERATE})&:(< ?a {t.ANC_NEUTROPENIA})))
  => (assert (level (kind triage) (value soon))))
(defrule s-medication (f (name neutropenic)) (f (name medcause)) => (assert (level (kind triage) (value soon))))
(defrule s-clozapine (f (name neutropenic))
  (case (generics $? clozapine $?) (anc ?a&~nil&:(>= ?a {t.ANC_MODERATE})))
  => (assert (level (kind triage) (value soon))))
(defrule s-fever (f (name fever)) => (assert (level (kind triage) (value soon))))
(defrule s-sign-chemo (f (name sign)) (f (name recent)) => (assert (level (kind triage) (value soon))))
(defrule s-sign-unknown (f (name sign)) (f (name unknown)) => (assert (level (kind triage) (value soon))))

(defrule severity (case (anc ?a&~nil)) =>
  (assert (level (kind severity) (value
    (if (>= ?a {t.ANC_NEUTROPENIA}) then normal else (if (>= ?a {t.ANC_MODERATE}) then mild
    else (if (>= ?a {t.ANC_SEVERE}) then moderate else (if (>= ?a {t.ANC_PROFOUND}) then severe
    else profound))))))))
(defrule risk (case (anc ?a&~nil) (ndays ?d)) =>
  (assert (level (kind risk) (value
    (if (>= ?a {t.ANC_MODERATE}) then low else (if (>= ?a {t.ANC_SEVERE}) then moderate
    else (if (or (< ?a {t.ANC_PROFOUND}) (and (neq ?d nil) (> ?d {t.LONG_NEUTROPENIA_DAYS})))
    then very_high else high)))))))
"""


# A fresh CLIPS environment every this many runs. With one environment for the whole
# file, clipspy's CLIPS slows down as it goes (here: 0.5 ms a case over the first 4,000,
# 4 ms over the last 4,000 of 20,000, and "Environment data not fully deallocated" at
# exit), which made CLIPS look slower than it is. Renewing costs ~1 ms a time.
CLIPS_RENEW_EVERY = 1000


def _environment() -> Any:
    import clips

    environment = clips.Environment()
    for construct in _constructs(RULES):
        environment.build(construct)
    return environment


# CLIPS finding names -> the product's (what a safety-net probe's "applies" reads).
FINDING_NAMES = {"fever": "fever", "recent": "recent_chemo", "prone": "neutropenia_prone",
                 "neutropenic": "neutropenic"}  # fmt: skip


class ClipsRules:
    """The CLIPS rules in one environment, renewed every :data:`CLIPS_RENEW_EVERY` runs."""

    def __init__(self) -> None:
        self.runs = 0
        self._renew()

    def _renew(self) -> None:
        self.environment = _environment()
        self.template = self.environment.find_template("case")

    def run(self, case: Any) -> tuple[dict[str, str], frozenset[str]]:
        """(triage, severity and risk levels; the product's names of the findings)."""
        import clips

        symbol = clips.Symbol
        if self.runs and self.runs % CLIPS_RENEW_EVERY == 0:
            self._renew()
        self.runs += 1
        drugs = [m.drug for m in case.medications if m.drug is not None]
        environment = self.environment
        environment.reset()
        self.template.assert_fact(
            anc=symbol("nil") if case.anc is None else float(case.anc),
            temp=symbol("nil") if case.temperature_c is None else float(case.temperature_c),
            chemo=symbol("nil") if case.days_since_chemo is None else case.days_since_chemo,
            ndays=symbol("nil") if case.neutropenia_days is None else case.neutropenia_days,
            duffy=symbol("TRUE" if case.duffy_null else "FALSE"),
            symptoms=[symbol(s) for s in case.symptoms],
            conditions=[symbol(c) for c in case.conditions],
            generics=[symbol(d.generic) for d in drugs],
            classes=[symbol(d.drug_class) for d in drugs],
        )
        environment.run()
        found: dict[str, list[str]] = {kind: [] for kind in LEVELS}
        findings: set[str] = set()
        for fact in environment.facts():
            name = fact.template.name
            if name == "level":
                found[str(fact["kind"])].append(str(fact["value"]))
            elif name == "f" and str(fact["name"]) in FINDING_NAMES:
                findings.add(FINDING_NAMES[str(fact["name"])])
        answer = {
            kind: max(found[kind], key=order.index) if found[kind] else order[0]
            for kind, order in LEVELS.items()
        }
        return answer, frozenset(findings)


def time_clips(path: Path, with_safety_net: bool = False) -> dict[str, Any]:
    """Score the benchmark's CSV with the CLIPS rules; CPU and wall time, agreement
    with the plain-Python answers the file carries. ``with_safety_net``: also run the
    rules again on each change the product's safety net probes (clinical-rules.md §9:
    the same probes, when they apply, above the case's level), as the product does,
    one CLIPS run per probe and no memo: the same work, not only the same levels."""
    from triage.levels import TRIAGE_LEVELS
    from triage.safety_net import PROBES

    rules = ClipsRules()
    agreed = assessed = probes = 0
    cpu_started, started = time.process_time(), time.perf_counter()
    with path.open(newline="", encoding="utf-8") as handle, open(os.devnull, "w") as sink:
        for row in csv.DictReader(handle):
            fields = {
                k: v
                for k, v in row.items()
                if v not in ("", None) and not k.startswith("expected_")
            }
            try:
                case = parse_case(fields)
            except CaseRejected:
                continue
            answer, findings = rules.run(case)
            net: list[str] = []
            if with_safety_net and answer["triage"] != TRIAGE_LEVELS[-1]:
                for probe in PROBES:
                    if probe.applies(case, findings):
                        probes += 1
                        changed, _ = rules.run(probe.change(case))
                        if order_of(changed["triage"]) > order_of(answer["triage"]):
                            net.append(changed["triage"])
            sink.write(json.dumps({"case_id": case.case_id, **answer, "safety_net": net}) + "\n")
            assessed += 1
            expected = (
                row["expected_triage"],
                row["expected_severity"],
                row["expected_infection_risk"],
            )
            agreed += expected == (answer["triage"], answer["severity"], answer["risk"])
    cpu = time.process_time() - cpu_started
    elapsed = time.perf_counter() - started
    return {
        "assessed": assessed,
        "safety_net_probes": probes,
        "agreement_with_plain_python": f"{agreed}/{assessed}",
        "seconds": round(elapsed, 2),
        "cases_per_second": round(assessed / elapsed),
        "ms_cpu_per_case": round(cpu / assessed * 1e3, 3),
    }


def order_of(level: str) -> int:
    return LEVELS["triage"].index(level)


def _constructs(text: str) -> list[str]:
    """Top-level parenthesised constructs of a CLIPS text."""
    out, depth, start = [], 0, None
    for index, char in enumerate(text):
        if char == "(":
            if depth == 0:
                start = index
            depth += 1
        elif char == ")":
            depth -= 1
            if depth == 0 and start is not None:
                out.append(text[start : index + 1])
    return out
