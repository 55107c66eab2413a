"""The rule engine: every declared rule (:mod:`triage.rules`) turned into an experta
rule of one ``KnowledgeEngine``, and :class:`Assessor`, which reuses one engine for many
cases.

experta fires rules of equal salience in an order that depends on
``PYTHONHASHSEED``; nothing here depends on that order: the assessment is built from
the set of conclusion facts and sorted by stable keys (see :mod:`triage.assessment`).
"""

from __future__ import annotations

import inspect
import os
from collections import OrderedDict
from collections.abc import Iterator, Mapping
from typing import Any

from triage._experta import Fact, KnowledgeEngine, Rule

# isort: split
# experta's own modules, after the shim above has made experta importable.
from experta.agenda import Agenda
from experta.fact import InitialFact
from experta.matchers import ReteMatcher

from triage.assessment import Assessment, Run, build_assessment
from triage.fact_list import FastDepthStrategy, FastFactList, make_fact
from triage.facts import (
    Age,
    Chemotherapy,
    Conclusion,
    Condition,
    Count,
    CountAge,
    CountFalling,
    FeverDuration,
    LabLowerLimit,
    LongTermSteroids,
    Medication,
    NeutropeniaDuration,
    Person,
    Symptom,
    Temperature,
)
from triage.knowledge import distinct_sign, load_knowledge
from triage.levels import TRIAGE_LEVELS
from triage.models import CaseInput, NormalisedCase, parse_case
from triage.probes import (
    MemoKey,
    ProbePlan,
    distinctions_of,
    fact_types,
    memo_key,
    memo_key_of,
    probe_plan,
    rules_needed_above,
)
from triage.rete import FastReteMatcher
from triage.rules import all_rules, rule_sort_key
from triage.rules.declare import Rule as Declared
from triage.safety_net import level_and_rules, safety_net
from triage.thresholds import MONTHS_PER_YEAR

__all__ = ["Assessor", "FastTriageEngine", "Run", "TriageEngine", "rule_sort_key"]

# At most this many probe results are remembered per Assessor (least recently used
# first out; each entry is about 2 kB, so memory stays flat on any batch).
PROBE_MEMO_ENTRIES = 4096


def experta_rule(declared: Declared) -> Rule:
    """The experta rule of a declaration: its patterns and salience, and a body that
    concludes what the declaration says with the names the patterns bound."""

    def fire(engine: TriageEngine, **bound: Any) -> None:
        for kind, fields in declared.conclusions(bound):
            engine.conclude_fact(kind, fields)

    fire.__name__ = f"rule_{declared.id.lower()}"
    fire.__doc__ = declared.doc
    return Rule(*declared.patterns, salience=declared.salience)(fire)


class TriageEngine(KnowledgeEngine):
    """Every declared rule in one engine (the rules are attached below, one attribute per
    rule). Use :class:`Assessor` rather than this directly."""

    def __init__(self) -> None:
        super().__init__()
        # Two equivalent, cheaper versions of experta's rete bookkeeping (profiled in
        # benchmarks/batch.py --profile): each node is reset once rather than once per
        # path that reaches it, and only rules whose conflict set changed are asked for
        # their activations, in the same order as experta asks them.
        self._rete_nodes = _unique_nodes(self.matcher.root_node)
        self._conflict_set_nodes = self.matcher._get_conflict_set_nodes()
        self._output_only = _output_only_conclusions(self.get_rules())
        self._outputs: list[Fact] = []
        if type(self.matcher) is ReteMatcher:  # the reference engine's own shortcuts
            self.matcher.reset = self._reset_rete
            self.matcher.changes = self._rete_changes

    def conclude_fact(self, fact_type: type[Conclusion], fields: dict[str, Any]) -> None:
        """Declare one conclusion (fields include ``rule`` and ``because``)."""
        fact = fact_type(**fields)
        if fact_type in self._output_only:
            # No rule reads this kind of conclusion: keep it beside working memory rather
            # than run it through the rete network (~12 % of the engine's time).
            self._outputs.append(fact)
        else:
            self.declare(fact)

    def reset(self, **kwargs: Any) -> None:
        self._outputs = []
        super().reset(**kwargs)

    def conclusions(self) -> list[Fact]:
        """Every fact of the last run: working memory, then output-only conclusions."""
        return [*self.facts.values(), *self._outputs]

    def probe_run(self, plan: ProbePlan) -> None:
        """experta's ``run`` (same agenda, same order) for a safety-net probe, which
        reads only the triage level (:func:`probe_plan` says why this is the same level):
        it stops when the next activation's salience is below ``plan.floor``, and an
        activation of a ``plan.silent`` rule is taken off the agenda without firing."""
        self.running = True
        agenda = self.agenda
        update = self.strategy.update_agenda
        floor, silent = plan.floor, plan.silent
        while self.running:
            added, removed = self.get_activations()
            update(agenda, added, removed)
            activation = agenda.get_next()
            if activation is None:
                break
            rule = activation.rule
            if rule.salience < floor:
                break
            if rule._wrapped in silent:
                continue
            rule(self, **{k: v for k, v in activation.context.items() if not k.startswith("__")})
        self.running = False

    def _reset_rete(self) -> None:
        for node in self._rete_nodes:
            node._reset()

    def _rete_changes(
        self, adding: list[Any] | None = None, deleting: list[Any] | None = None
    ) -> tuple[list[Any], list[Any]]:
        root = self.matcher.root_node
        for fact in deleting or ():
            root.remove(fact)
        for fact in adding or ():
            root.add(fact)
        added: list[Any] = []
        removed: list[Any] = []
        for node in self._conflict_set_nodes:
            if node.added or node.removed:
                node_added, node_removed = node.get_activations()
                added.extend(node_added)
                removed.extend(node_removed)
        return added, removed

    def get_deffacts(self) -> list[Any]:
        # experta scans every attribute of the engine on each reset() to find DefFacts;
        # the set never changes, so scan once.
        cached = self.__dict__.get("_deffacts_cache")
        if cached is None:
            cached = super().get_deffacts()
            self.__dict__["_deffacts_cache"] = cached
        return cached


class FastTriageEngine(TriageEngine):
    """The same rules and the same experta network, run by the leaner runtime of
    :mod:`triage.rete` (experta's extension points: ``__matcher__``, ``__strategy__``).
    Same facts, same activations, same firing order as :class:`TriageEngine`."""

    __matcher__ = FastReteMatcher
    __strategy__ = FastDepthStrategy

    def __init__(self) -> None:
        super().__init__()
        # Input facts whose values differ only where no pattern looks share their alpha
        # outcome (triage.rules.cuts); conclusions keep the exact-content cache.
        read = RULE_DISTINCTIONS
        if read is not None:
            matcher = self.matcher
            matcher.reducers = {
                kind: read.alpha_key(kind, names)
                for kind, names in matcher.fields_read.items()
                if names is not None and not issubclass(kind, Conclusion)
            }

    def conclude_fact(self, fact_type: type[Conclusion], fields: dict[str, Any]) -> None:
        fact = make_fact(fact_type, fields)
        if fact_type in self._output_only:
            self._outputs.append(fact)
        else:
            self.declare(fact)

    _snapshot: Any = None

    def reset(self, **kwargs: Any) -> None:
        """experta's KnowledgeEngine.reset with :class:`~triage.rete.FastFactList`.

        What a reset produces is the same every time when the only DefFacts is experta's
        own InitialFact: the first such reset is kept (agenda, fact list, node
        memories) and later ones restore it."""
        self._outputs = []
        snapshot = self._snapshot
        if snapshot is not None and not kwargs:
            activations, facts, last_index, counter, memories = snapshot
            self.agenda = Agenda()
            self.agenda.activations = list(activations)
            fresh = FastFactList()
            fresh.update(facts)
            fresh.last_index = last_index
            fresh.reference_counter.update(counter)
            self.facts = fresh
            self.matcher.restore(memories)
            self.running = False
            return
        self._full_reset(**kwargs)
        if not kwargs and self._only_initial_fact():
            self._snapshot = (
                tuple(self.agenda.activations),
                dict(self.facts),
                self.facts.last_index,
                dict(self.facts.reference_counter),
                self.matcher.snapshot(),
            )

    def _only_initial_fact(self) -> bool:
        deffacts = self.get_deffacts()
        return (
            len(deffacts) == 1
            and deffacts[0] is KnowledgeEngine.__dict__.get("_declare_initial_fact")
            and [type(fact) for fact in self.facts.values()] == [InitialFact]
        )

    def _full_reset(self, **kwargs: Any) -> None:
        self.agenda = Agenda()
        self.facts = FastFactList()
        self.matcher.reset()
        deffacts = []
        for deffact in self.get_deffacts():
            signature = inspect.signature(deffact)
            if not any(
                p.kind == inspect.Parameter.VAR_KEYWORD for p in signature.parameters.values()
            ):
                names = set(signature.parameters)
                deffacts.append(deffact(**{k: v for k, v in kwargs.items() if k in names}))
            else:
                deffacts.append(deffact(**kwargs))
        self.running = False
        self.declare(*(fact for produced in deffacts for fact in produced))

    def declare(self, *facts: Any) -> Any:
        # experta's KnowledgeEngine.declare, less its logging.
        for fact in facts:
            if not _plain_fact(fact):
                if fact.has_field_constraints():
                    raise TypeError("Declared facts cannot contain conditional elements")
                if fact.has_nested_accessor():
                    raise KeyError("Cannot declare facts containing double underscores as keys.")
        last_inserted = None
        for fact in facts:
            last_inserted = self.facts.declare(fact)
        if not self.running:
            added, removed = self.get_activations()
            self.strategy.update_agenda(self.agenda, added, removed)
        return last_inserted

    def run(self, steps: float = float("inf")) -> None:
        # experta's KnowledgeEngine.run, less its logging.
        self.running = True
        while steps > 0 and self.running:
            added, removed = self.get_activations()
            self.strategy.update_agenda(self.agenda, added, removed)
            activation = self.agenda.get_next()
            if activation is None:
                break
            steps -= 1
            activation.rule(
                self, **{k: v for k, v in activation.context.items() if not k.startswith("__")}
            )
        self.running = False


_PLAIN_VALUES = (str, int, float, bool, type(None))


def _plain_fact(fact: Any) -> bool:
    """A fact of plain values under plain names: it cannot hold a conditional element
    or a nested accessor (experta's two checks on declared facts)."""
    for value in fact.values():
        if type(value) not in _PLAIN_VALUES:
            return False
    names = tuple(fact)
    plain = _PLAIN_NAMES.get(names)
    if plain is None:
        plain = all(isinstance(name, str) and "__" not in name.strip("_") for name in names)
        if len(_PLAIN_NAMES) < PLAIN_NAME_SETS_REMEMBERED:
            _PLAIN_NAMES[names] = plain
    return plain


# Whether a fact's field names are plain, per tuple of names (a few dozen in practice).
PLAIN_NAME_SETS_REMEMBERED = 1024
_PLAIN_NAMES: dict[tuple[Any, ...], bool] = {}


for _declared in all_rules():
    setattr(TriageEngine, f"rule_{_declared.id.lower()}", experta_rule(_declared))


def _output_only_conclusions(rules: list[Rule]) -> frozenset[type]:
    """Conclusion kinds that no rule matches on (guidance, red flags, risk …)."""
    read = {kind for rule in rules for kind in fact_types(rule)}
    kinds = {
        kind
        for kind in _all_subclasses(Conclusion)
        if not any(issubclass(r, kind) or issubclass(kind, r) for r in read)
    }
    return frozenset(kinds)


def _all_subclasses(kind: type) -> set[type]:
    found: set[type] = set(kind.__subclasses__())
    for sub in list(found):
        found |= _all_subclasses(sub)
    return found


def _unique_nodes(root: Any) -> list[Any]:
    """Every node of the rete network once, parents before children."""
    seen: dict[int, Any] = {}
    stack = [root]
    while stack:
        node = stack.pop()
        if id(node) in seen:
            continue
        seen[id(node)] = node
        stack.extend(child.node for child in reversed(node.children))
    return list(seen.values())


# The safety net's probe plans of this rule base (see ProbePlan): for any level, and for
# a probe that matters only above each level.
_BODIES = {d.id: getattr(TriageEngine, f"rule_{d.id.lower()}")._wrapped for d in all_rules()}
# The ids of the rules a probe needs when it matters only above each level.
NEEDED_ABOVE: dict[str, frozenset[str]] = {
    level: rules_needed_above(all_rules(), level) for level in TRIAGE_LEVELS
}
PROBE_PLAN = probe_plan(all_rules(), _BODIES)
PROBE_PLANS_ABOVE: dict[str, ProbePlan] = {
    level: probe_plan(all_rules(), _BODIES, level) for level in TRIAGE_LEVELS
}


def input_fact_specs(case: NormalisedCase) -> list[tuple[type[Fact], dict[str, Any]]]:
    """The facts that describe one normalised case, as (fact class, fields); unknown
    values declare nothing, except the ANC, whose absence is itself a fact
    (``Count(unknown=True)``)."""
    knowledge = load_knowledge()
    specs: list[tuple[type[Fact], dict[str, Any]]] = [(Person, {"duffy_null": case.duffy_null})]
    specs.append(
        (Count, {"anc": float(case.anc)}) if case.anc is not None else (Count, {"unknown": True})
    )
    if case.temperature_c is not None:
        specs.append((Temperature, {"celsius": float(case.temperature_c)}))
    if case.fever_hours is not None:
        specs.append((FeverDuration, {"hours": float(case.fever_hours)}))
    if case.neutropenia_days is not None:
        specs.append((NeutropeniaDuration, {"days": case.neutropenia_days}))
    if case.days_since_chemo is not None:
        specs.append((Chemotherapy, {"days": case.days_since_chemo}))
    if case.days_since_count is not None:
        specs.append((CountAge, {"days": case.days_since_count}))
    if case.anc_lln is not None:
        specs.append((LabLowerLimit, {"anc": float(case.anc_lln)}))
    years = case.age_years
    if years is not None:
        months = case.age_months
        if months is None and years >= 1:
            months = years * MONTHS_PER_YEAR
        specs.append((Age, {"years": years, **_known(months=months)}))
    if case.steroids_long_term:
        specs.append((LongTermSteroids, {}))
    if case.anc_falling:
        specs.append((CountFalling, {}))
    for symptom_id in case.symptoms:
        symptom = knowledge.symptom(symptom_id)
        specs.append(
            (
                Symptom,
                {
                    "id": symptom.id,
                    "label": symptom.label,
                    "group": symptom.group,
                    "agranulocytosis_sign": symptom.agranulocytosis_sign,
                    **_known(sign=distinct_sign(symptom)),
                },
            )
        )
    for condition_id in case.conditions:
        condition = knowledge.condition(condition_id)
        specs.append(
            (
                Condition,
                {
                    "id": condition.id,
                    "label": condition.label,
                    "neutropenia_prone": condition.neutropenia_prone,
                    "on_chemotherapy": condition.on_chemotherapy,
                    "systemic": condition.systemic,
                    "immunosuppressing": condition.immunosuppressing,
                    "vascular_access": condition.vascular_access,
                    "transplant_may_help": condition.transplant_may_help,
                    # experta fields cannot hold None: an absent value is an absent field.
                    **_known(category=condition.category),
                },
            )
        )
    for match, use in zip(case.medications, case.medicine_uses, strict=True):
        if match.drug is not None and use is not None:
            specs.append(
                (
                    Medication,
                    {
                        "generic": match.drug.generic,
                        "drug_class": match.drug.drug_class,
                        "late_onset": match.drug.late_onset,
                        "anticancer": use.anticancer,
                        "immunosuppressant": use.immunosuppressant,
                        "local": match.drug.local_form or match.local_route,
                        **_known(monitoring=match.drug.monitoring, warning=use.warning_advice),
                    },
                )
            )
    return specs


def input_facts(case: NormalisedCase) -> Iterator[Fact]:
    """The input facts of one case, built by experta's own Fact constructor."""
    for kind, fields in input_fact_specs(case):
        yield kind(**fields)


def _known(**fields: Any) -> dict[str, Any]:
    return {name: value for name, value in fields.items() if value is not None}


class Assessor:
    """Assess many cases with one engine (``reset()`` between cases, never rebuilt).

    ``engine``: ``"fast"`` (the default) runs the rules with :class:`FastTriageEngine`,
    ``"reference"`` with plain experta (:class:`TriageEngine`); the environment
    variable ``TRIAGE_ENGINE`` sets the default. Both give identical assessments
    (tests/test_fast_engine.py, benchmarks/equivalence.py).

    ``probe_shortcuts`` (default: on with the fast engine unless the environment
    variable ``TRIAGE_PROBE_SHORTCUTS`` is ``0``, off with the reference): the safety
    net's probes run with :data:`PROBE_PLAN` and remember their results (:meth:`probe`);
    off, each probe is a whole engine run. Same outputs either way
    (tests/test_probe_shortcuts.py)."""

    def __init__(self, engine: str | None = None, probe_shortcuts: bool | None = None) -> None:
        load_knowledge()  # fail at start-up, not on the first case, if data is broken
        choice = engine or os.environ.get(ENGINE_VARIABLE) or DEFAULT_ENGINE
        if choice not in ENGINES:
            raise ValueError(f"unknown engine {choice!r}: use one of {', '.join(ENGINES)}")
        self.engine_name = choice
        self.engine: TriageEngine = ENGINES[choice]()
        if probe_shortcuts is None:
            switched_off = os.environ.get(PROBE_SHORTCUTS_VARIABLE, "").strip() == "0"
            probe_shortcuts = choice == "fast" and not switched_off
        self.probe_shortcuts = probe_shortcuts
        self.probe_plan = PROBE_PLAN
        self.probe_plans_above = PROBE_PLANS_ABOVE
        self.memo_entries = PROBE_MEMO_ENTRIES
        self.memo_key: MemoKey = PROBE_MEMO_KEY
        self.memo_keys_above = PROBE_MEMO_KEYS_ABOVE
        self._memo: OrderedDict[Any, tuple[str, tuple[str, ...]]] = OrderedDict()
        self._memo_engine: TriageEngine | None = None
        self._probe_engines: dict[tuple[type[TriageEngine], str], TriageEngine] = {}
        self.memo_hits = self.memo_misses = 0

    def run(self, case: NormalisedCase) -> Run:
        engine = self._declared(input_fact_specs(case))
        engine.run()
        return Run(case=case, facts=engine.conclusions())

    def _declared(
        self, specs: list[tuple[type[Fact], dict[str, Any]]], engine: TriageEngine | None = None
    ) -> TriageEngine:
        """The engine (by default the assessor's), reset, with the input facts ``specs``
        declared."""
        if engine is None:
            engine = self.engine
        engine.reset()
        if isinstance(engine, FastTriageEngine):
            engine.declare(*(make_fact(kind, fields) for kind, fields in specs))
        else:
            engine.declare(*(kind(**fields) for kind, fields in specs))
        return engine

    def _probe_engine(self, above: str | None) -> TriageEngine:
        """The engine for a probe that matters only above ``above``: the assessor's kind
        of engine with only the rules that plan keeps (:func:`engine_keeping`), so the
        rest is not even matched; one per level, made when first asked for."""
        if above is None:
            return self.engine
        key = (type(self.engine), above)
        engine = self._probe_engines.get(key)
        if engine is None:
            kept = NEEDED_ABOVE[above]
            engine = self._probe_engines[key] = engine_keeping(type(self.engine), kept)()
        return engine

    def probe(self, case: NormalisedCase, above: str | None = None) -> tuple[str, tuple[str, ...]]:
        """The triage level the rules give ``case`` and the rules at that level (what
        a safety-net probe needs): :func:`~triage.safety_net.level_and_rules` of a
        whole run, or with ``probe_shortcuts`` the same answer by a shorter run
        (:meth:`TriageEngine.probe_run`), remembered by the input facts with each value
        reduced to what the rules can tell apart (:data:`PROBE_MEMO_KEY`; the level and
        the rules that set it depend on nothing else; :data:`PROBE_MEMO_ENTRIES`, least
        recently used first out). ``above``: the answer is wanted only if its level is
        above this one (a lower level may then read lower; :class:`ProbePlan`)."""
        if not self.probe_shortcuts:
            return level_and_rules(self.run(case).facts)
        specs = input_fact_specs(case)
        key = (self.memo_key if above is None else self.memo_keys_above[above])(specs)
        memo = self._memo
        if self._memo_engine is not self.engine:  # an engine swapped in: forget
            memo.clear()
            self._memo_engine = self.engine
        if key is not None:
            key = (above, key)
            found = memo.get(key)
            if found is not None:
                memo.move_to_end(key)
                self.memo_hits += 1
                return found
        engine = self._declared(specs, self._probe_engine(above))
        engine.probe_run(self.probe_plan if above is None else self.probe_plans_above[above])
        result = level_and_rules(engine.conclusions())
        self.memo_misses += 1
        if key is not None:
            memo[key] = result
            if len(memo) > self.memo_entries:
                memo.popitem(last=False)
        return result

    def assess(self, data: Mapping[str, Any] | CaseInput, default_id: str = "1") -> Assessment:
        """Validate, run the rules, and build the :class:`~triage.assessment.Assessment`.

        The safety net runs the same engine again on the case with one change at a time
        (:mod:`triage.safety_net`). Raises :class:`~triage.models.CaseRejected` for input
        that cannot be assessed.
        """
        run = self.run(parse_case(data, default_id))
        net = safety_net(run.case, run.facts, self.probe)
        return build_assessment(run, net)


def engine_keeping(kind: type[TriageEngine], kept: frozenset[str]) -> type[TriageEngine]:
    """``kind`` with only the rules whose ids are in ``kept`` (the others masked: experta
    builds its network from the attributes that are rules); one class per request."""
    found = _ENGINE_CLASSES.get((kind, kept))
    if found is None:
        masked = {
            f"rule_{declared.id.lower()}": None
            for declared in all_rules()
            if declared.id not in kept
        }
        found = type(f"{kind.__name__}Keeping{len(kept)}Rules", (kind,), masked)
        _ENGINE_CLASSES[(kind, kept)] = found
    return found


_ENGINE_CLASSES: dict[tuple[type[TriageEngine], frozenset[str]], type[TriageEngine]] = {}


# What the whole rule base can tell apart (None: a rule the analysis cannot read).
RULE_DISTINCTIONS = distinctions_of(all_rules())

# The probe memo's keys: for a probe of any level, and for one that matters only above
# a level (only the rules that plan keeps can tell cases apart).
PROBE_MEMO_KEY = memo_key if RULE_DISTINCTIONS is None else RULE_DISTINCTIONS.key
PROBE_MEMO_KEYS_ABOVE: dict[str, MemoKey] = {
    level: memo_key_of(r for r in all_rules() if r.id in NEEDED_ABOVE[level])
    for level in TRIAGE_LEVELS
}

ENGINE_VARIABLE = "TRIAGE_ENGINE"
PROBE_SHORTCUTS_VARIABLE = "TRIAGE_PROBE_SHORTCUTS"  # "0": every probe a whole run
ENGINES: dict[str, type[TriageEngine]] = {"fast": FastTriageEngine, "reference": TriageEngine}
DEFAULT_ENGINE = "fast"
