"""The safety net's probe shortcuts (triage/engine.py: ``ProbePlan``, ``Assessor.probe``)
against the straightforward path (a whole engine run per probe): the plan derived from
the declarations, every probe of varied generated cases answered alike, whole outputs
byte-identical, the memo bounded, and negative controls showing that a wrong floor, a
wrongly silenced rule or an incomplete memo key is caught by the same comparisons."""

from __future__ import annotations

import contextlib
import csv
import dataclasses
import sys
from pathlib import Path
from typing import Any

import pytest

from triage.engine import (
    ENGINE_VARIABLE,
    PROBE_MEMO_ENTRIES,
    PROBE_PLAN,
    PROBE_PLANS_ABOVE,
    PROBE_SHORTCUTS_VARIABLE,
    Assessor,
    FastTriageEngine,
    input_fact_specs,
)
from triage.equivalence import whole_output
from triage.facts import Count, Finding, Guidance, Person, TriageLevel
from triage.levels import TRIAGE_LEVELS, TRIAGE_RANK
from triage.models import CaseRejected, NormalisedCase, parse_case
from triage.probes import ProbePlan, memo_key, probe_plan, rules_needed_above
from triage.rules import all_rules
from triage.safety_net import PROBES, level_and_rules

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from equivalence import generate_cases

CASES = 400  # each with every probe change: ~2,400 probe comparisons
SEED = 12  # the seed whose cases fire every rule (tests/test_fast_engine.py)
MIN_CAUGHT = 10  # a negative control must change at least this many probe answers
EXAMPLES = Path(__file__).resolve().parents[1] / "examples" / "cases.csv"


def _concludes(declared: Any, kind: type) -> bool:
    return any(issubclass(then.kind, kind) for then in declared.then)


def _parsed(count: int = CASES, seed: int = SEED) -> list[NormalisedCase]:
    parsed = []
    for case in generate_cases(count, seed=seed):
        with contextlib.suppress(CaseRejected):
            parsed.append(parse_case(case))
    return parsed


def _changed_cases(cases: list[NormalisedCase]) -> list[NormalisedCase]:
    """Every probe's change of every case, whether or not the probe applies."""
    return [probe.change(case) for case in cases for probe in PROBES]


@pytest.fixture(scope="module")
def changed() -> list[NormalisedCase]:
    return _changed_cases(_parsed())


@pytest.fixture(scope="module")
def straight_levels(changed: list[NormalisedCase]) -> list[tuple[str, tuple[str, ...]]]:
    straight = Assessor("fast", probe_shortcuts=False)
    return [level_and_rules(straight.run(case).facts) for case in changed]


def _differing(
    assessor: Assessor,
    changed: list[NormalisedCase],
    expected: list[tuple[str, tuple[str, ...]]],
) -> int:
    return sum(assessor.probe(case) != want for case, want in zip(changed, expected, strict=True))


def test_the_plan_comes_from_the_declarations() -> None:
    rules = all_rules()
    triage_saliences = {r.salience for r in rules if _concludes(r, TriageLevel)}
    assert PROBE_PLAN.floor == min(triage_saliences)  # the routine default, T0
    # Below the floor only guidance, which no rule reads: the shortcut is on.
    below = [r for r in rules if r.salience < PROBE_PLAN.floor]
    assert below and all(_concludes(r, Guidance) for r in below)
    silent = {body.__name__ for body in PROBE_PLAN.silent}
    for declared in rules:
        name = f"rule_{declared.id.lower()}"
        if _concludes(declared, TriageLevel) or _concludes(declared, Finding):
            assert name not in silent, declared.id
    output_only = FastTriageEngine()._output_only
    for declared in rules:
        if f"rule_{declared.id.lower()}" in silent:
            assert all(then.kind in output_only for then in declared.then), declared.id


def test_a_rule_below_the_floor_that_a_triage_rule_could_read_turns_the_stop_off() -> None:
    rules = all_rules()
    bodies = {r.id: r.id for r in rules}
    guidance = next(r for r in rules if _concludes(r, Guidance))
    reads_findings = dataclasses.replace(
        guidance, then=(*guidance.then, *_a_finding(rules)), phase=guidance.salience
    )
    plan = probe_plan([*(r for r in rules if r is not guidance), reads_findings], bodies)
    assert plan.floor == float("-inf")
    assert guidance.id not in plan.silent


def _a_finding(rules: tuple[Any, ...]) -> tuple[Any, ...]:
    declared = next(r for r in rules if _concludes(r, Finding))
    return tuple(then for then in declared.then if issubclass(then.kind, Finding))


def test_every_probe_gives_the_level_and_rules_of_a_whole_run(
    changed: list[NormalisedCase], straight_levels: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert len(changed) >= CASES * len(PROBES) * 0.9
    assert len({level for level, _ in straight_levels}) == 4  # every level is reached
    shortcuts = Assessor("fast")
    assert shortcuts.probe_shortcuts
    assert _differing(shortcuts, changed, straight_levels) == 0
    # The reference engine runs the same plan alike.
    assert _differing(Assessor("reference", probe_shortcuts=True), changed, straight_levels) == 0


def test_whole_outputs_are_byte_identical_with_and_without_shortcuts() -> None:
    shortcuts = Assessor("fast")
    straight = Assessor("fast", probe_shortcuts=False)
    compared = 0
    for number, case in enumerate(generate_cases(CASES, seed=SEED + 1)):
        explained = number % 5 == 0
        assert whole_output(shortcuts, case, explained) == whole_output(straight, case, explained)
        compared += 1
    with EXAMPLES.open(encoding="utf-8", newline="") as handle:
        examples = [
            {k: v for k, v in row.items() if v and not k.startswith(("expected_", "note"))}
            for row in csv.DictReader(handle)
        ]
    for _ in range(2):  # the second pass is answered from the memo
        for case in examples:
            assert whole_output(shortcuts, case) == whole_output(straight, case)
            compared += 1
    assert shortcuts.memo_hits > 0
    assert compared > CASES


def test_the_memo_is_bounded_and_evicts_without_changing_answers(
    changed: list[NormalisedCase], straight_levels: list[tuple[str, tuple[str, ...]]]
) -> None:
    small = Assessor("fast")
    small.memo_entries = 16
    assert _differing(small, changed, straight_levels) == 0
    assert _differing(small, changed[::-1], straight_levels[::-1]) == 0
    assert len(small._memo) == 16
    assert small.memo_hits > 0
    assert Assessor("fast").memo_entries == PROBE_MEMO_ENTRIES


def test_shortcuts_are_on_by_default_with_the_fast_engine_only(monkeypatch) -> None:
    monkeypatch.delenv(PROBE_SHORTCUTS_VARIABLE, raising=False)
    monkeypatch.delenv(ENGINE_VARIABLE, raising=False)
    assert Assessor().probe_shortcuts
    assert not Assessor("reference").probe_shortcuts
    assert not Assessor("fast", probe_shortcuts=False).probe_shortcuts
    monkeypatch.setenv(PROBE_SHORTCUTS_VARIABLE, "0")  # benchmarks/batch.py --straight
    assert not Assessor().probe_shortcuts
    assert Assessor(probe_shortcuts=True).probe_shortcuts


def test_the_memo_key_is_exact() -> None:
    def key(**fields: Any) -> Any:
        return memo_key([(Person, {"duffy_null": False}), (Count, fields)])

    assert key(anc=1.0) != key(anc=1)
    assert key(anc=1) != key(anc=True)
    assert key(anc=499.0) != key(anc=499.0000001)
    assert key(anc=0.0) is None and key(anc=-0.0) is None  # the sign of zero: not kept
    assert key(anc=499.0) == key(anc=499.0)
    assert memo_key([(Count, {"anc": (1,)})]) is None  # not a plain scalar
    # Field names and fact boundaries are part of the key.
    assert memo_key([(Count, {"anc": 1.0}), (Count, {})]) != memo_key(
        [(Count, {}), (Count, {"anc": 1.0})]
    )


def test_a_probe_from_the_memo_equals_a_fresh_one(changed: list[NormalisedCase]) -> None:
    assessor = Assessor("fast")
    first = [assessor.probe(case) for case in changed]
    hits = assessor.memo_hits
    again = [assessor.probe(case) for case in changed]
    assert first == again
    keys = [memo_key(input_fact_specs(case)) for case in changed]
    # Every case with a key is remembered (fewer than 4,096 keys); a zero ANC has none.
    assert assessor.memo_hits - hits == sum(key is not None for key in keys)
    assert len(set(keys)) > len(changed) // 2
    fresh = Assessor("fast")
    assert [fresh.probe(case) for case in reversed(changed)] == first[::-1]


# ------------------------------------------------- probes that matter above a level


def _levels_of(declared: Any) -> set[str]:
    return {then.fields["level"] for then in declared.then if issubclass(then.kind, TriageLevel)}


def test_a_plan_above_a_level_silences_the_rules_that_cannot_raise_above_it() -> None:
    above_urgent = PROBE_PLANS_ABOVE["urgent"]
    silent = {body.__name__ for body in above_urgent.silent}
    for declared in all_rules():
        name = f"rule_{declared.id.lower()}"
        if "emergency" in _levels_of(declared) or _concludes(declared, Finding):
            assert name not in silent, declared.id  # E rules, and the findings they read
        elif _concludes(declared, TriageLevel):
            assert name in silent, declared.id  # urgent, soon and routine rules
    # Each plan keeps more than the one above it; the default plan silences least.
    sizes = [len(PROBE_PLANS_ABOVE[level].silent) for level in TRIAGE_LEVELS[:-1]]
    assert sizes == sorted(sizes) and sizes[0] > len(PROBE_PLAN.silent)


def test_a_probe_above_a_level_runs_on_an_engine_with_only_the_rules_it_keeps() -> None:
    for kind in ("fast", "reference"):
        assessor = Assessor(kind, probe_shortcuts=True)
        for above in TRIAGE_LEVELS[:-1]:
            engine = assessor._probe_engine(above)
            assert isinstance(engine, type(assessor.engine))
            names = {rule._wrapped.__name__ for rule in engine.get_rules()}
            kept = rules_needed_above(all_rules(), above)
            assert names == {f"rule_{rule_id.lower()}" for rule_id in kept}
            assert assessor._probe_engine(above) is engine  # made once
        assert assessor._probe_engine(None) is assessor.engine


def _answered_above(
    assessor: Assessor,
    changed: list[NormalisedCase],
    expected: list[tuple[str, tuple[str, ...]]],
) -> int:
    """Probes answered unlike a whole run, for each level the answer may matter above:
    above it, the same level and rules; at or below it, a level no higher."""
    wrong = 0
    for above in TRIAGE_LEVELS[:-1]:
        for case, (level, rules) in zip(changed, expected, strict=True):
            got_level, got_rules = assessor.probe(case, above)
            if TRIAGE_RANK[level] > TRIAGE_RANK[above]:
                wrong += (got_level, got_rules) != (level, rules)
            else:
                wrong += TRIAGE_RANK[got_level] > TRIAGE_RANK[above]
    return wrong


def test_a_probe_above_a_level_is_answered_as_a_whole_run_where_it_matters(
    changed: list[NormalisedCase], straight_levels: list[tuple[str, tuple[str, ...]]]
) -> None:
    assert _answered_above(Assessor("fast"), changed, straight_levels) == 0
    reference = Assessor("reference", probe_shortcuts=True)
    assert _answered_above(reference, changed[::3], straight_levels[::3]) == 0


def test_negative_control_silencing_a_finding_an_emergency_rule_reads_is_caught(
    changed: list[NormalisedCase], straight_levels: list[tuple[str, tuple[str, ...]]]
) -> None:
    fever = next(
        r.id for r in all_rules() if any(then.fields.get("name") == "fever" for then in r.then)
    )
    body = getattr(FastTriageEngine, f"rule_{fever.lower()}")._wrapped
    broken = Assessor("fast")
    broken.probe_plans_above = {
        level: dataclasses.replace(plan, silent=plan.silent | {body})
        for level, plan in PROBE_PLANS_ABOVE.items()
    }
    assert _answered_above(broken, changed, straight_levels) >= MIN_CAUGHT


# ----------------------------------------------------------------- negative controls


def test_negative_control_a_floor_above_the_routine_default_is_caught(
    changed: list[NormalisedCase], straight_levels: list[tuple[str, tuple[str, ...]]]
) -> None:
    broken = Assessor("fast")
    broken.probe_plan = dataclasses.replace(PROBE_PLAN, floor=PROBE_PLAN.floor + 1)
    # T0 no longer fires: every probe that stays routine loses its rule (~1 % of them).
    assert _differing(broken, changed, straight_levels) >= MIN_CAUGHT


def test_negative_control_silencing_a_rule_that_others_read_is_caught(
    changed: list[NormalisedCase], straight_levels: list[tuple[str, tuple[str, ...]]]
) -> None:
    bodies = {r.id: getattr(FastTriageEngine, f"rule_{r.id.lower()}")._wrapped for r in all_rules()}
    neutropenic = next(
        r.id
        for r in all_rules()
        if any(then.fields.get("name") == "neutropenic" for then in r.then)
    )
    broken = Assessor("fast")
    broken.probe_plan = ProbePlan(PROBE_PLAN.floor, PROBE_PLAN.silent | {bodies[neutropenic]})
    assert _differing(broken, changed, straight_levels) >= MIN_CAUGHT


def test_negative_control_a_memo_key_missing_a_field_is_caught(
    changed: list[NormalisedCase], straight_levels: list[tuple[str, tuple[str, ...]]]
) -> None:
    def forgetful(specs: list[tuple[type, dict[str, Any]]]) -> Any:
        return memo_key([(kind, {k: v for k, v in f.items() if k != "anc"}) for kind, f in specs])

    broken = Assessor("fast")
    broken.memo_key = forgetful
    assert _differing(broken, changed, straight_levels) >= MIN_CAUGHT
