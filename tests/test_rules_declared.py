"""Each rule is written once (triage/rules/declare.py): its id, its parts (pattern, words,
check), its conclusion and its source. These tests fail when a rule's conditions are
written anywhere else: experta patterns built outside triage/rules/, or a clinical
threshold compared outside it (the explanations once re-coded every triage rule)."""

from __future__ import annotations

import ast
from collections.abc import Iterator
from pathlib import Path

import pytest

from triage import thresholds
from triage._experta import Fact
from triage.catalogue import rule_catalogue
from triage.engine import TriageEngine
from triage.facts import Finding
from triage.rules import FAMILIES, all_rules, family_of, rule_sort_key, rules_by_id
from triage.rules.declare import PHASE_OF

PACKAGE = Path(__file__).resolve().parents[1] / "triage"
RULES_DIR = PACKAGE / "rules"

# The thresholds that decide a rule (not unit inference or plausible ranges).
RULE_THRESHOLDS = {
    "ANC_NEUTROPENIA", "ANC_MODERATE", "ANC_SEVERE", "ANC_PROFOUND", "DUFFY_NULL_NORMAL_LOW",
    "CLOZAPINE_INTERRUPT_ANC", "CLOZAPINE_INTERRUPT_ANC_DUFFY_NULL", "LONG_NEUTROPENIA_DAYS",
    "FEVER_C", "HIGH_FEVER_C", "LOW_TEMPERATURE_C", "SUSTAINED_FEVER_HOURS",
    "RECENT_CHEMO_DAYS", "NADIR_CHEMO_DAYS",
}  # fmt: skip
# Pattern-building names of experta (the shim re-exports them).
PATTERN_NAMES = {"P", "MATCH", "TEST", "OR", "NOT", "AND", "W", "L", "AS"}
# Outside the rules, a threshold may be compared only to decide what to ask or say,
# never what follows clinically; each place says why.
ALLOWED_COMPARISONS = {
    "safety_net.py": "§9 says when each probe applies (a measured normal temperature)",
    "models.py": "the warning that a measured temperature overrides feeling feverish",
    "interview": "which question applies next (fever hours only after a fever)",
}


def _python_files() -> list[Path]:
    # The shim is where experta's names come from; the rules are where they are used.
    return sorted(
        path
        for path in PACKAGE.rglob("*.py")
        if RULES_DIR not in path.parents and path.name != "_experta.py"
    )


def _relative(path: Path) -> str:
    return path.relative_to(PACKAGE).as_posix()


def threshold_comparisons(source: str) -> list[str]:
    """Comparisons in ``source`` that involve a rule threshold by name."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.Compare):
            names = {
                item.id if isinstance(item, ast.Name) else item.attr
                for item in [node.left, *node.comparators]
                if isinstance(item, ast.Name | ast.Attribute)
            }
            found += sorted(names & RULE_THRESHOLDS)
    return found


def pattern_imports(source: str) -> list[str]:
    """experta pattern names imported by ``source``."""
    found = []
    for node in ast.walk(ast.parse(source)):
        if isinstance(node, ast.ImportFrom) and (node.module or "").endswith("experta"):
            found += [alias.name for alias in node.names if alias.name in PATTERN_NAMES]
    return found


@pytest.mark.parametrize("path", _python_files(), ids=_relative)
def test_no_rule_condition_is_written_outside_its_declaration(path: Path) -> None:
    source = path.read_text(encoding="utf-8")
    relative = _relative(path)
    assert pattern_imports(source) == [], f"{relative} builds experta patterns"
    if not any(relative.startswith(allowed) for allowed in ALLOWED_COMPARISONS):
        assert threshold_comparisons(source) == [], f"{relative} compares a rule threshold"


def test_the_checks_catch_a_condition_written_elsewhere() -> None:
    # A negative control: the two scans find what they forbid.
    assert threshold_comparisons("fever = celsius >= FEVER_C") == ["FEVER_C"]
    assert threshold_comparisons("low = case.anc < thresholds.ANC_SEVERE") == ["ANC_SEVERE"]
    assert pattern_imports("from triage._experta import MATCH, Rule") == ["MATCH"]


def test_every_rule_threshold_name_exists() -> None:
    assert set(vars(thresholds)) >= RULE_THRESHOLDS


def test_each_rule_lives_in_the_module_its_prefix_names() -> None:
    for declared in all_rules():
        family = family_of(declared.id)
        assert family is not None, declared.id
        source = (RULES_DIR / f"{family.module}.py").read_text(encoding="utf-8")
        assert f'"{declared.id}",' in source, declared.id


def test_each_rule_id_is_written_in_one_rule_module_only() -> None:
    sources = {p.name: p.read_text(encoding="utf-8") for p in RULES_DIR.glob("*.py")}
    for declared in all_rules():
        holders = [name for name, text in sources.items() if f'"{declared.id}"' in text]
        assert holders == [f"{family_of(declared.id).module}.py"], declared.id  # type: ignore[union-attr]


def test_the_engine_runs_exactly_the_declared_rules() -> None:
    engine = TriageEngine()
    names = sorted(rule._wrapped.__name__ for rule in engine.get_rules())
    assert names == sorted(f"rule_{declared.id.lower()}" for declared in all_rules())
    assert [meta.id for meta in rule_catalogue()] == [declared.id for declared in all_rules()]


def test_the_family_table_orders_sections_and_ids_alike() -> None:
    ids = [declared.id for declared in all_rules()]
    assert ids == sorted(ids, key=rule_sort_key)
    assert rule_sort_key("N2") < rule_sort_key("N10") < rule_sort_key("SEV1")
    assert len({family.prefix for family in FAMILIES}) == len(FAMILIES)


def _read_keys(element: object) -> Iterator[tuple[str, object]]:
    """(conclusion kind, finding name or None) of every fact pattern, NOT included."""
    if isinstance(element, Fact):
        if type(element) in PHASE_OF:
            name = element.get("name") if isinstance(element, Finding) else None
            yield type(element).__name__, name
    elif isinstance(element, tuple):
        for item in element:
            yield from _read_keys(item)


def test_a_rule_reads_only_conclusions_of_earlier_phases() -> None:
    """Salience follows from what a rule concludes; a rule must fire after every rule
    that makes what it reads (so NOT is safe and firing order inside a phase is free)."""
    made_by: dict[tuple[str, object], list[tuple[str, int]]] = {}
    for declared in all_rules():
        for then in declared.then:
            key = (then.kind.__name__, then.fields.get("name"))
            made_by.setdefault(key, []).append((declared.id, declared.salience))
    late = [
        (declared.id, maker)
        for declared in all_rules()
        for pattern in declared.patterns
        for kind, name in _read_keys(pattern)
        for key, makers in made_by.items()
        if key[0] == kind and (name is None or key[1] == name)
        for maker, made in makers
        if maker != declared.id and made <= declared.salience
    ]
    assert late == []


def test_every_rule_has_words_a_source_and_a_doc_citing_it() -> None:
    for declared in all_rules():
        assert declared.condition_words and declared.concludes, declared.id
        assert declared.doc.startswith(f"{declared.id}: "), declared.id
        assert declared.source, declared.id
        assert all(part.words for part in declared.parts), declared.id


def test_rules_by_id_finds_any_rule_from_its_id() -> None:
    assert rules_by_id()["E6"].source == "nice_ng253"
    assert family_of("XE1").module == "emergency"  # type: ignore[union-attr]


def test_the_rules_an_answer_feeds_are_read_from_the_declarations() -> None:
    # The interview's `why` lists come from the patterns, not from hand-kept lists.
    from triage.facts import Count, FeverDuration, Person, Symptom, Temperature
    from triage.interview.questions import QUESTION_BY_KEY
    from triage.rules import rules_reading

    assert rules_reading(((FeverDuration, {}),)) == ("N4", "FN1", "FN2")
    temperature = rules_reading(((Temperature, {}),))
    assert {"N1", "N29", "E1", "E2", "E7", "U2", "U9", "U10", "S5"} <= set(temperature)
    assert not {"U3", "U6", "T0", "G1"} & set(temperature)  # a level is where use ends
    feverish = rules_reading(
        ((Symptom, {"id": "feels_feverish", "group": "other", "agranulocytosis_sign": False}),)
    )
    # A possible fever feeds U8 too (a medicine with an agranulocytosis warning).
    assert {"N16", "N18", "N19", "U8"} <= set(feverish) and "E5" not in feverish
    assert {"U6", "S4", "N13"} <= set(rules_reading(((Person, {}),)))
    assert {"U3", "S1"} <= set(rules_reading(((Count, {}),)))
    assert QUESTION_BY_KEY["fever_hours"].rules == ("N4", "FN1", "FN2")
    # rev.: age changes the advice for children (E7, U11) and babies (E10)
    assert {"N26", "N27", "E7", "E10", "U11"} <= set(QUESTION_BY_KEY["age"].rules)
