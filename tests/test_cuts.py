"""What the rules can tell apart (triage/rules/cuts.py), the key of the safety net's
probe memo: the limits read from the declarations, each marked predicate constant
between its limits, cases moved inside their bands answered from the memo exactly as a
whole run answers them, the analysis failing closed, and a negative control (a limit
left out) caught by the same comparison."""

from __future__ import annotations

import contextlib
import dataclasses
import random
import sys
from pathlib import Path
from typing import Any

import pytest
from hypothesis import given
from hypothesis import strategies as st

from triage import thresholds as t
from triage._experta import MATCH, TEST, P
from triage.engine import PROBE_MEMO_KEY, PROBE_MEMO_KEYS_ABOVE, Assessor, input_fact_specs
from triage.facts import (
    Chemotherapy,
    Count,
    FeverDuration,
    LabLowerLimit,
    NeutropeniaDuration,
    Person,
    Symptom,
    Temperature,
    TriageLevel,
)
from triage.levels import TRIAGE_LEVELS, TRIAGE_RANK
from triage.models import CaseRejected, NormalisedCase, parse_case
from triage.probes import memo_key, rules_needed_above
from triage.rules import all_rules
from triage.rules.cuts import Distinctions, Unsupported, _patterns, distinctions
from triage.rules.declare import Part, Then, rule
from triage.safety_net import PROBES, level_and_rules

sys.path.insert(0, str(Path(__file__).resolve().parents[1] / "benchmarks"))
from equivalence import generate_cases

SEED = 12  # the seed whose cases fire every rule (tests/test_fast_engine.py)
CASES = 300
MIN_CAUGHT = 10  # a negative control must change at least this many answers
READ = distinctions(all_rules())


def _limits(where: tuple[type, str]) -> tuple[float, ...]:
    return READ.cuts[where]


def test_the_rules_as_written_are_read_and_the_memo_key_bands_numbers() -> None:
    assert PROBE_MEMO_KEY is not memo_key  # not the exact fallback
    assert PROBE_MEMO_KEY.__self__ == READ  # type: ignore[attr-defined]
    assert set(_limits((Count, "anc"))) >= {
        t.ANC_PROFOUND, t.ANC_SEVERE, t.ANC_MODERATE, t.ANC_NEUTROPENIA,
        t.DUFFY_NULL_NORMAL_LOW, t.CLOZAPINE_INTERRUPT_ANC, t.CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL,
    }  # fmt: skip
    temperatures = {t.FEVER_C, t.HIGH_FEVER_C, t.LOW_TEMPERATURE_C}
    assert set(_limits((Temperature, "celsius"))) >= temperatures
    assert _limits((FeverDuration, "hours")) == (t.SUSTAINED_FEVER_HOURS,)
    assert set(_limits((Chemotherapy, "days"))) >= {t.RECENT_CHEMO_DAYS, t.NADIR_CHEMO_DAYS}
    assert _limits((NeutropeniaDuration, "days")) == (t.LONG_NEUTROPENIA_DAYS,)
    # Words only quoted in a "because" are not told apart; compared words are.
    assert READ.literals[(Symptom, "label")] == frozenset()
    assert "infection_sign" in READ.literals[(Symptom, "group")]
    # anc < lln compares two numbers of the case: exact whenever both are present.
    assert frozenset({Count, LabLowerLimit}) in READ.exact_when


def _marked_predicates() -> list[tuple[str, Any]]:
    found = []
    for declared in all_rules():
        for pattern in _patterns(declared.patterns):
            if isinstance(pattern, TEST):
                continue
            for constraint in pattern.values():
                stack = [constraint]
                while stack:
                    item = stack.pop()
                    if isinstance(item, P) and getattr(item, "cuts", None) is not None:
                        found.append((declared.id, item))
                    elif isinstance(item, tuple) and not isinstance(item, P):
                        stack.extend(item)
    return found


def test_every_numeric_pattern_of_the_rules_records_its_limits() -> None:
    predicates = _marked_predicates()
    assert len(predicates) >= 20
    assert {rule_id for rule_id, _ in predicates} >= {"N1", "E1", "SEV1"}


@given(st.data())
def test_a_marked_predicate_is_constant_between_its_limits(data: st.DataObject) -> None:
    rule_id, predicate = data.draw(st.sampled_from(_marked_predicates()))
    limits = sorted(predicate.cuts)
    # Pick a band (below the first limit, between two, above the last) and two points in it.
    edges = [-1e6, *limits, 1e6]
    band = data.draw(st.integers(0, len(edges) - 2))
    low, high = edges[band], edges[band + 1]
    inside = st.floats(low, high, exclude_min=True, exclude_max=True, allow_nan=False)
    first, second = data.draw(inside), data.draw(inside)
    assert predicate.match(first) == predicate.match(second), (rule_id, limits, first, second)
    for limit in limits:  # on a limit: the value of an integer and a float alike
        assert predicate.match(limit) == predicate.match(float(limit))


def test_the_key_bands_numbers_and_keeps_only_the_compared_words() -> None:
    def key(anc: float, label: str = "cough", group: str = "infection_sign") -> Any:
        return READ.key(
            [
                (Person, {"duffy_null": False}),
                (Count, {"anc": anc}),
                (Symptom, {"id": "x", "label": label, "group": group, "agranulocytosis_sign": 0}),
            ]
        )

    assert key(600.0) == key(999.0)  # both moderate
    assert key(999.0) != key(1000.0) != key(1001.0)  # on a limit is its own band
    assert key(499.0) != key(500.0)
    assert key(600.0, label="a cough") == key(600.0, label="sore throat")
    assert key(600.0, group="infection_sign") != key(600.0, group="other")
    assert key(0.0) is None and key(float("nan")) is None  # -0.0 and NaN: not remembered
    assert READ.key([(Count, {"anc": (1,)})]) is None  # not a plain scalar
    twice = [(Person, {"duffy_null": False}), (Person, {"duffy_null": False})]
    assert READ.key(twice) == READ.key(twice[:1])  # experta keeps an identical fact once
    with_lln = [(Count, {"anc": 600.0}), (LabLowerLimit, {"anc": 1800.0})]
    other_lln = [(Count, {"anc": 600.0}), (LabLowerLimit, {"anc": 1700.0})]
    assert READ.key(with_lln) != READ.key(other_lln)  # both present: exact
    moved = [(Count, {"anc": 601.0}), (LabLowerLimit, {"anc": 1800.0})]
    assert READ.key(with_lln) != READ.key(moved)  # …the count too
    assert READ.key(with_lln[:1]) == READ.key(moved[:1])  # no LLN: banded again


def test_the_key_ignores_order_unread_kinds_and_repeats_of_a_kind_named_once() -> None:
    def symptom(label: str, group: str = "infection_sign") -> Any:
        return (Symptom, {"id": label, "label": label, "group": group, "agranulocytosis_sign": 0})

    person, count = (Person, {"duffy_null": False}), (Count, {"anc": 600.0})
    emergency = symptom("confusion", "emergency")
    assert READ.key([person, count, emergency, symptom("cough")]) == READ.key(
        [symptom("cough"), count, emergency, person]
    )
    # E8 counts different signs of infection: two symptoms of a kind are told apart.
    assert Symptom in (READ.counted or ())
    assert READ.key([count, symptom("cough"), symptom("rash")]) != READ.key(
        [count, symptom("cough")]
    )
    assert READ.key([count, symptom("cough"), symptom("cough")]) == READ.key(
        [count, symptom("cough")]
    )  # experta keeps an identical fact once
    # Above "urgent" only the emergency rules and what they read matter.
    above_urgent = PROBE_MEMO_KEYS_ABOVE["urgent"].__self__  # type: ignore[attr-defined]
    assert NeutropeniaDuration not in (above_urgent.kinds or ())
    with_days = [count, (NeutropeniaDuration, {"days": 30})]
    assert above_urgent.key(with_days) == above_urgent.key([count])
    assert READ.key(with_days) != READ.key([count])


def _rule(rule_id: str, *parts: Part, then: Then | None = None) -> Any:
    """A made-up rule for the analysis (never run)."""
    then = then or Then(TriageLevel, "", {"level": "urgent"})
    return rule(rule_id, *parts, then=then, because="", source="", doc="")


def test_a_predicate_without_limits_or_a_join_keeps_the_field_exact() -> None:
    def check(_: Any) -> tuple[bool, str]:
        return True, ""

    unmarked = Part("odd", (Count(anc=P(lambda value: value % 2 == 0)),), check)
    joined = Part(
        "same days", (Chemotherapy(days=MATCH.days), NeutropeniaDuration(days=MATCH.days)), check
    )
    read = distinctions([_rule("Z1", unmarked), _rule("Z2", joined)])
    assert (Count, "anc") not in read.cuts
    assert (Chemotherapy, "days") not in read.cuts
    assert read.key([(Count, {"anc": 2.0})]) != read.key([(Count, {"anc": 4.0})])
    whole = Part("any count", ("count" << Count(),), check)
    with pytest.raises(Unsupported):
        distinctions([_rule("Z3", whole)])


def test_a_number_that_flows_into_a_read_conclusion_field_stays_exact() -> None:
    from triage.facts import Finding

    def check(_: Any) -> tuple[bool, str]:
        return True, ""

    names_a_finding = _rule(
        "Z1",
        Part("days", (Chemotherapy(days=MATCH.days),), check),
        then=Then(Finding, "", {"name": lambda days: f"day {days}"}),
    )
    reads_it = _rule("Z2", Part("day 3", (Finding(name="day 3"),), check))
    read = distinctions([names_a_finding, reads_it])
    assert (Chemotherapy, "days") not in read.cuts and (Chemotherapy, "days") not in read.literals


# --------------------------------------------- cases moved inside their bands


def _moved(case: NormalisedCase, rng: random.Random, read: Distinctions) -> NormalisedCase:
    """``case`` with each banded number moved to another point of its band."""

    def move(value: Any, where: tuple[type, str], whole: bool) -> Any:
        if value is None or where not in read.cuts:
            return value
        limits = read.cuts[where]
        if value in limits:
            return value
        lower = max((x for x in limits if x < value), default=value - 50)
        upper = min((x for x in limits if x > value), default=value + 50)
        if whole:
            choices = [v for v in range(int(lower) + 1, int(upper)) if v not in limits]
            return rng.choice(choices) if choices else value
        moved = rng.uniform(lower, upper)
        return moved if lower < moved < upper and moved != 0.0 else value

    return dataclasses.replace(
        case,
        anc=move(case.anc, (Count, "anc"), False),
        temperature_c=move(case.temperature_c, (Temperature, "celsius"), False),
        fever_hours=move(case.fever_hours, (FeverDuration, "hours"), False),
        neutropenia_days=move(case.neutropenia_days, (NeutropeniaDuration, "days"), True),
        days_since_chemo=move(case.days_since_chemo, (Chemotherapy, "days"), True),
    )


def _pairs(read: Distinctions) -> list[tuple[NormalisedCase, NormalisedCase]]:
    """(probe case, the same moved inside its bands), for every probe of varied cases."""
    rng = random.Random(SEED)
    pairs = []
    for data in generate_cases(CASES, seed=SEED):
        with contextlib.suppress(CaseRejected):
            case = parse_case(data)
            for probe in PROBES:
                changed = probe.change(case)
                pairs.append((changed, _moved(changed, rng, read)))
    return pairs


def _key(case: NormalisedCase) -> Any:
    return READ.key(input_fact_specs(case))


@pytest.fixture(scope="module")
def pairs() -> list[tuple[NormalisedCase, NormalisedCase]]:
    return _pairs(READ)


def _differing(read: Distinctions, pairs: list[tuple[NormalisedCase, NormalisedCase]]) -> int:
    """Probe each case, then its moved twin (answered from the memo when the keys are
    equal); count the twins answered unlike a whole run."""
    memo = Assessor("fast")
    memo.memo_key = read.key
    straight = Assessor("fast", probe_shortcuts=False)
    differing = 0
    for case, twin in pairs:
        memo.probe(case)
        if memo.probe(twin) != level_and_rules(straight.run(twin).facts):
            differing += 1
    return differing


def test_a_case_moved_inside_its_bands_is_answered_from_the_memo_as_a_whole_run_answers_it(
    pairs: list[tuple[NormalisedCase, NormalisedCase]],
) -> None:
    moved = sum(case != twin for case, twin in pairs)
    assert moved > len(pairs) // 2
    assert sum(_key(case) == _key(twin) for case, twin in pairs) > len(pairs) // 2
    assert _differing(READ, pairs) == 0


def _answered_above_unlike_whole_runs(
    read: Distinctions, above: str, pairs: list[tuple[NormalisedCase, NormalisedCase]]
) -> int:
    memo = Assessor("fast")
    memo.memo_keys_above = {**memo.memo_keys_above, above: read.key}
    straight = Assessor("fast", probe_shortcuts=False)
    wrong = 0
    for case, twin in pairs:
        memo.probe(case, above)
        got_level, got_rules = memo.probe(twin, above)
        level, rules = level_and_rules(straight.run(twin).facts)
        if TRIAGE_RANK[level] > TRIAGE_RANK[above]:
            wrong += (got_level, got_rules) != (level, rules)
        else:
            wrong += TRIAGE_RANK[got_level] > TRIAGE_RANK[above]
    return wrong


@pytest.mark.parametrize("above", TRIAGE_LEVELS[:-1])
def test_a_probe_that_matters_above_a_level_reads_fewer_distinctions_and_answers_alike(
    above: str,
) -> None:
    needed = rules_needed_above(all_rules(), above)
    read = distinctions(r for r in all_rules() if r.id in needed)
    assert PROBE_MEMO_KEYS_ABOVE[above].__self__ == read  # type: ignore[attr-defined]
    assert len(read.cuts) + len(read.literals) <= len(READ.cuts) + len(READ.literals)
    assert _answered_above_unlike_whole_runs(read, above, _pairs(read)) == 0


def test_negative_control_a_limit_left_out_is_caught(
    pairs: list[tuple[NormalisedCase, NormalisedCase]],
) -> None:
    cuts = dict(READ.cuts)
    cuts[(Count, "anc")] = tuple(x for x in cuts[(Count, "anc")] if x != t.ANC_SEVERE)
    forgetful = dataclasses.replace(READ, cuts=cuts)
    assert _differing(forgetful, _pairs(forgetful)) >= MIN_CAUGHT
