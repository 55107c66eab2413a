"""The nurse's explanation (`--explain`): facts, fired rules in dependency order, and
near misses for every numbered triage rule above the result."""

from __future__ import annotations

import csv
from pathlib import Path

import pytest
from conftest import RULE_LEVEL, SPEC_TRIAGE_RULES

import triage
from triage import Assessment
from triage.cases import load_vignettes
from triage.catalogue import SECTIONS
from triage.explain import check_rule, explain, render_explanation
from triage.render import render_text
from triage.rules import all_rules, rules_by_id

ROOT = Path(__file__).resolve().parents[1]
LEVEL_RULES = {
    level: [rule for rule in SPEC_TRIAGE_RULES if RULE_LEVEL[rule] == level]
    for level in ("emergency", "urgent", "soon")
}
SPEC_RULES = [rule for rules in LEVEL_RULES.values() for rule in rules]


def assess(**fields):
    return triage.assess(fields)


def missing_text(explanation, rule_id: str) -> str:
    miss = next(m for m in explanation.near_misses if m.rule == rule_id)
    return "; ".join(check.detail for check in miss.missing)


# ------------------------------------------------------------------ near misses


def test_routine_case_near_misses_name_the_missing_fever_and_count() -> None:
    explanation = explain(assess(anc=2000, anc_unit="cells/uL", temperature=37.2))
    assert explanation.triage == "routine"
    assert missing_text(explanation, "E1") == (
        "temperature 37.2 °C (99.0 °F) is below 38.0 °C (100.4 °F); "
        "ANC 2,000 cells/µL is not below 1,000"
    )
    assert (
        missing_text(explanation, "S5")
        == "temperature 37.2 °C (99.0 °F) is below 38.0 °C (100.4 °F)"
    )
    assert missing_text(explanation, "S1") == "ANC 2,000 cells/µL is above 500–999"


def test_routine_case_has_a_near_miss_for_every_numbered_triage_rule() -> None:
    explanation = explain(assess(anc=2000, anc_unit="cells/uL"))
    for level, rules in LEVEL_RULES.items():
        assert sorted(m.rule for m in explanation.near_misses_at(level)) == sorted(rules)


def test_no_temperature_is_said_plainly() -> None:
    explanation = explain(assess(anc=700, anc_unit="cells/uL"))
    assert explanation.triage == "soon"
    assert missing_text(explanation, "E1") == (
        "no temperature of 38.0 °C (100.4 °F) or more was reported, and no feeling of being "
        "hot, sweaty or shivery"
    )
    e1 = next(m for m in explanation.near_misses if m.rule == "E1")
    assert [c.detail for c in e1.met] == ["ANC 700 cells/µL is below 1,000"]


def test_only_levels_above_the_result_have_near_misses() -> None:
    explanation = explain(assess(anc=1200, anc_unit="cells/uL", temperature=38.5))
    assert explanation.triage == "urgent"
    assert {m.level for m in explanation.near_misses} == {"emergency"}
    assert missing_text(explanation, "E1") == "ANC 1,200 cells/µL is not below 1,000"


def test_an_emergency_has_no_near_misses_and_names_the_deciding_rules() -> None:
    explanation = explain(
        assess(anc=800, anc_unit="cells/uL", temperature=38.4, days_since_chemo=10)
    )
    assert explanation.near_misses == ()
    assert [item.rule for item in explanation.decided_by] == ["E1", "E2"]
    assert "already the highest level" in render_explanation(explanation)


def test_near_misses_put_the_nearest_rule_of_each_level_first() -> None:
    explanation = explain(assess(anc=1600, anc_unit="cells/uL", temperature=38.4))
    emergency = explanation.near_misses_at("emergency")
    assert [len(m.missing) for m in emergency] == sorted(len(m.missing) for m in emergency)
    assert emergency[0].rule == "E1"  # has the fever, misses only the count


def test_duffy_null_clozapine_near_miss_uses_the_duffy_null_limit() -> None:
    explanation = explain(
        assess(anc=700, anc_unit="cells/uL", medications=["clozapine"], duffy_null=True)
    )
    assert missing_text(explanation, "U6") == (
        "ANC 700 cells/µL is not below 500 (the Duffy-null limit)"
    )


# ------------------------------------------------------------------ facts and fired rules


def test_facts_show_how_the_anc_was_derived() -> None:
    explanation = explain(assess(wbc=2.0, neutrophil_pct=14.8, band_pct=5))
    anc = next(fact for fact in explanation.facts if fact.name == "ANC")
    assert anc.value == "396 cells/µL"
    assert anc.note == ("computed: WBC 2 ×10⁹/L × (segs 14.8 % + bands 5 %) / 100 = 396 cells/µL")


@pytest.mark.parametrize(
    ("fields", "name", "value", "note"),
    [
        ({"temperature": 38.4}, "Temperature", "38.4 °C (101.1 °F)",
         "fever: yes, at or above 38.0 °C (100.4 °F); "
         "high fever: yes, at or above 38.3 °C (101.0 °F)"),
        ({"temperature": 35.5}, "Temperature", "35.5 °C (95.9 °F)",
         "fever: no, below 38.0 °C (100.4 °F); low temperature: yes, below 36.0 °C (96.8 °F)"),
        ({"anc": 500}, "Temperature", "not given", "fever not known"),
        ({"days_since_chemo": 10}, "Recent chemotherapy", "yes",
         "the last anticancer treatment was 10 days ago"),
        ({"days_since_chemo": 60}, "Recent chemotherapy", "no",
         "the last anticancer treatment was 60 days ago, more than 42"),
        ({"anc": 500}, "Recent chemotherapy", "not reported", ""),
        ({"anc": 1200, "duffy_null": True}, "Neutropenic", "no",
         "ANC within the Duffy-null range"),
        ({"anc": 1200}, "Neutropenic", "yes", "ANC below 1,500"),
        ({"days_since_chemo": 10, "anc_falling": True}, "Count expected to fall", "yes",
         "a nurse judged that the count will fall; last chemotherapy dose 14 days ago or less"),
    ],
    ids=["fever", "low-temperature", "no-temperature", "recent-chemo", "old-chemo",
         "no-chemo", "duffy-null-range", "neutropenic", "count-falling"],
)  # fmt: skip
def test_fact_lines(fields: dict, name: str, value: str, note: str) -> None:
    case = {"anc_unit": "cells/uL", **fields} if "anc" in fields else fields
    facts = {fact.name: fact for fact in explain(triage.assess(case)).facts}
    assert (facts[name].value, facts[name].note) == (value, note)


def test_fired_rules_are_grouped_in_dependency_order() -> None:
    explanation = explain(
        assess(anc=800, anc_unit="cells/uL", temperature=38.4, days_since_chemo=10)
    )
    titles = [group.title for group in explanation.groups]
    order = list(SECTIONS)
    assert titles == sorted(titles, key=order.index)
    assert titles[0] == "Findings"
    fired = [item.rule for group in explanation.groups for item in group.rules]
    assert sorted(fired) == sorted(item.rule for item in triage.assess(
        {"anc": 800, "anc_unit": "cells/uL", "temperature": 38.4, "days_since_chemo": 10}
    ).explanation)  # fmt: skip
    triage_group = next(g for g in explanation.groups if g.title == "Triage: emergency")
    assert [item.rule for item in triage_group.rules] == ["E1", "E2"]


def test_render_text_explain_uses_the_full_explanation() -> None:
    text = render_text(assess(anc=2000, anc_unit="cells/uL", temperature=37.2), explain=True)
    assert "How this result was reached" in text
    assert "1. The facts, in the units the rules use" in text
    assert "   Why not emergency: no emergency rule had all its conditions" in text
    assert text.endswith("if you feel very unwell.\n")  # the disclaimer stays last


def test_explaining_an_assessment_without_its_run_is_refused() -> None:
    assessment = assess(anc=800, anc_unit="cells/uL")
    reloaded = Assessment.model_validate(assessment.to_json_dict())
    with pytest.raises(ValueError, match="no engine run"):
        explain(reloaded)
    # the patient text still explains with the rules that fired
    assert "Why (rules that applied" in render_text(reloaded, explain=True)


def test_every_numbered_triage_rule_has_its_conditions_spelled_out() -> None:
    for rule_id in SPEC_RULES:
        assert rules_by_id()[rule_id].parts, rule_id


# ------------------------------------------------------------------ agreement with the engine


def _bundled_cases() -> list:
    with (ROOT / "examples" / "cases.csv").open(newline="", encoding="utf-8") as handle:
        rows = list(csv.DictReader(handle))
    inputs = {"case_id", *triage.CaseInput.model_fields}
    params = [
        pytest.param({k: v for k, v in row.items() if k in inputs and v.strip()}, id=row["case_id"])
        for row in rows
        if not row["expected_error"]
    ]
    params += [pytest.param(v.case, id=f"vignette-{v.id}") for v in load_vignettes()]
    return params


@pytest.mark.parametrize("case", _bundled_cases())
def test_conditions_are_met_exactly_when_the_engine_fires_the_rule(case: dict) -> None:
    """Each part of a declaration holds the engine's pattern and the check near misses
    run: on every bundled case every rule must have all its parts met if and only if it
    fired, so the two halves of a part cannot drift apart."""
    assessment = triage.assess(case)
    assert assessment.run is not None
    fired = {item.rule for item in assessment.explanation}
    disagreements = []
    for rule_id in (declared.id for declared in all_rules()):
        checks = check_rule(assessment.run, rule_id)
        all_met = all(check.met for check in checks)
        if all_met != (rule_id in fired):
            disagreements.append((rule_id, rule_id in fired, [c.detail for c in checks]))
    assert disagreements == []
