"""A leaner runtime for experta's own Rete network, plugged in through experta's
extension points (``KnowledgeEngine.__matcher__`` and ``__strategy__``); nothing in the
experta package is changed or patched.

:class:`FastReteMatcher` lets experta build its network from the rules exactly as
:class:`experta.matchers.ReteMatcher` does (same alpha checks, same join tests, same
rules, same order), then *compiles* that network into this module's own node objects
and runs facts through them with experta's semantics, node for node:

- the bus dispatches a fact by its exact type (experta's first alpha test is
  ``type(fact) == kind``) instead of offering it to every type node;
- the alpha tests of a fact are experta's own check objects, evaluated on one context
  dict (no Token per node); their outcome depends only on the fact's content, so it is
  remembered per content (:data:`ALPHA_CACHE_ENTRIES` at most; values must be plain
  scalars, else nothing is remembered);
- beta nodes pass tokens on without copying them: nothing mutates a token here;
- only conflict sets that received a token are asked for activations, in experta's
  order;
- ``reset()`` clears only the memories that were touched.

The engine's strategy and fact list, equally lean, are in :mod:`triage.fact_list`.

:mod:`tests.test_fast_engine` checks this runtime against plain experta, whole outputs.
"""

from __future__ import annotations

from collections.abc import Callable, Mapping
from contextlib import suppress
from typing import Any, ClassVar

import triage._experta  # noqa: F401  (the shim: experta importable on Python 3.11)
from triage.fact_list import SCALAR_TYPES

# isort: split
# experta's own modules, after the shim above has made experta importable.
from experta.activation import Activation
from experta.matchers import ReteMatcher
from experta.matchers.rete.check import FactCapture, FeatureCheck, TypeCheck
from experta.matchers.rete.nodes import (
    BusNode,
    FeatureTesterNode,
    NotNode,
    OrdinaryMatchNode,
    WhereNode,
)

# At most this many distinct fact contents have their alpha outcome remembered
# (each entry is a few hundred bytes; the cache stops growing, it is not an LRU).
ALPHA_CACHE_ENTRIES = 50_000


Context = dict[Any, Any]


class FastActivation(Activation):
    """experta's Activation with its hash computed once (experta hashes the rule's
    whole condition tuple each time an activation goes into a set)."""

    def __init__(self, rule: Any, facts: frozenset[Any], context: Context) -> None:
        self.rule = rule
        self.facts = set(facts)
        self.key = None
        self.context = context
        # The very hash experta computes (so sets of activations iterate in experta's
        # order), with the rule's own hash looked up once per rule.
        self._hash = hash((_RuleHash.of(rule), facts, frozenset(context.items())))

    def __hash__(self) -> int:
        return self._hash

    __eq__ = Activation.__eq__
    __lt__ = Activation.__lt__


class _RuleHash:
    """Stands in for a rule inside a hashed tuple: same hash as the rule, computed once
    per rule (a rule's conditions never change once the network is built)."""

    __slots__ = ("value",)
    _known: ClassVar[dict[int, tuple[Any, _RuleHash]]] = {}

    def __init__(self, value: int) -> None:
        self.value = value

    def __hash__(self) -> int:
        return self.value

    @classmethod
    def of(cls, rule: Any) -> _RuleHash:
        found = cls._known.get(id(rule))
        if found is None or found[0] is not rule:
            found = cls._known[id(rule)] = (rule, cls(hash(rule)))
        return found[1]


# ----------------------------------------------------------------- beta nodes


class _Node:
    """Base of the compiled beta nodes: children are (node method) callbacks."""

    __slots__ = ("children", "matcher", "touched")

    def __init__(self, matcher: Any) -> None:
        self.matcher = matcher
        self.children: list[Callable[[bool, frozenset[Any], Context], None]] = []
        self.touched = False

    def clear(self) -> None:
        self.touched = False


class _Join(_Node):
    """experta's OrdinaryMatchNode: joins left and right tokens on their contexts."""

    __slots__ = ("left", "right", "runtime")

    def __init__(self, matcher: Any, runtime: FastReteMatcher) -> None:
        super().__init__(matcher)
        self.runtime = runtime
        self.left: list[tuple[frozenset[Any], frozenset[Any]]] = []
        self.right: list[tuple[frozenset[Any], frozenset[Any]]] = []

    def clear(self) -> None:
        self.left = []
        self.right = []
        self.touched = False

    def activate_left(self, valid: bool, data: frozenset[Any], context: Context) -> None:
        if not self.touched:
            self.touched = True
            self.runtime.touched.append(self)
        self._activation(valid, data, context, self.left, self.right, True)

    def activate_right(self, valid: bool, data: frozenset[Any], context: Context) -> None:
        if not self.touched:
            self.touched = True
            self.runtime.touched.append(self)
        self._activation(valid, data, context, self.right, self.left, False)

    def _activation(
        self,
        valid: bool,
        data: frozenset[Any],
        context: Context,
        branch: list[tuple[frozenset[Any], frozenset[Any]]],
        matching: list[tuple[frozenset[Any], frozenset[Any]]],
        is_left: bool,
    ) -> None:
        info = (data, frozenset(context.items()))
        if valid:
            branch.append(info)
        else:
            with suppress(ValueError):
                branch.remove(info)
        matcher = self.matcher
        for other_data, other_items in matching:
            other_context = dict(other_items)
            match = matcher(context, other_context) if is_left else matcher(other_context, context)
            if match:
                newcontext = {k: v for k, v in context.items() if isinstance(k, str)}
                for k, v in other_context.items():
                    if not isinstance(k, tuple):
                        newcontext[k] = v
                newdata = data | other_data
                for child in self.children:
                    child(valid, newdata, newcontext)


class _Not(_Node):
    """experta's NotNode: passes left tokens on while nothing on the right matches."""

    __slots__ = ("left", "right", "runtime")

    def __init__(self, matcher: Any, runtime: FastReteMatcher) -> None:
        super().__init__(matcher)
        self.runtime = runtime
        self.left: dict[tuple[frozenset[Any], frozenset[Any]], int] = {}
        self.right: list[tuple[frozenset[Any], frozenset[Any]]] = []

    def clear(self) -> None:
        self.left = {}
        self.right = []
        self.touched = False

    def activate_left(self, valid: bool, data: frozenset[Any], context: Context) -> None:
        if not self.touched:
            self.touched = True
            self.runtime.touched.append(self)
        info = (data, frozenset(context.items()))
        if not self.right:
            if valid:
                self.left[info] = 0
            else:
                del self.left[info]
            for child in self.children:
                child(valid, data, context)
        elif valid:
            count = 0
            for _, right_items in self.right:
                if self.matcher(context, dict(right_items)):
                    count += 1
            if count == 0:
                for child in self.children:
                    child(valid, data, context)
            self.left[info] = count
        else:
            count = 0
            for _, right_items in self.right:
                if self.matcher(context, dict(right_items)):
                    count += 1
                    break
            if count == 0:
                for child in self.children:
                    child(valid, data, context)
            del self.left[info]

    def activate_right(self, valid: bool, data: frozenset[Any], context: Context) -> None:
        if not self.touched:
            self.touched = True
            self.runtime.touched.append(self)
        info = (data, frozenset(context.items()))
        if valid:
            self.right.append(info)
            inc = 1
        else:
            inc = -1
            self.right.remove(info)
        for left in self.left:
            left_data, left_items = left
            if self.matcher(dict(left_items), context):
                self.left[left] += inc
                newcount = self.left[left]
                if (newcount == 0 and inc == -1) or (newcount == 1 and inc == 1):
                    # experta: to_valid_token / to_invalid_token of the left entry
                    for child in self.children:
                        child(inc == -1, left_data, dict(left_items))


class _Where(_Node):
    """experta's WhereNode: a TEST on the token's context."""

    __slots__ = ()

    def activate(self, valid: bool, data: frozenset[Any], context: Context) -> None:
        if self.matcher(context):
            for child in self.children:
                child(valid, data, context)


class _Terminal(_Node):
    """experta's ConflictSetNode: turns tokens into (de)activations of one rule."""

    __slots__ = ("added", "flagged", "memory", "order", "removed", "rule", "runtime")

    def __init__(self, rule: Any, order: int, runtime: FastReteMatcher) -> None:
        super().__init__(None)
        self.rule = rule
        self.order = order
        self.runtime = runtime
        self.memory: set[tuple[frozenset[Any], frozenset[Any]]] = set()
        self.added: set[Activation] = set()
        self.removed: set[Activation] = set()
        self.flagged = False

    def clear(self) -> None:
        self.memory = set()
        self.added = set()
        self.removed = set()
        self.flagged = False
        self.touched = False

    def activate(self, valid: bool, data: frozenset[Any], context: Context) -> None:
        if not self.touched:
            self.touched = True
            self.runtime.touched.append(self)
        if not self.flagged:
            self.flagged = True
            self.runtime.dirty.append(self)
        items = frozenset(context.items())
        info = (data, items)
        activation = FastActivation(self.rule, data, {k: v for k, v in items if isinstance(k, str)})
        if valid:
            if info not in self.memory:
                self.memory.add(info)
                if activation in self.removed:
                    self.removed.remove(activation)
                else:
                    self.added.add(activation)
        else:
            # experta catches ValueError here, which a set never raises: a missing entry
            # raises KeyError there as here.
            self.memory.remove(info)
            if activation in self.added:
                self.added.remove(activation)
            else:
                self.removed.add(activation)


# ----------------------------------------------------------------- alpha network


class _Alpha:
    """One of experta's FeatureTesterNodes: its check and where its tokens go."""

    __slots__ = ("captures", "check", "children")

    def __init__(self, check: Any) -> None:
        self.check = check
        self.captures = isinstance(check, FactCapture)
        # (child alpha, None) or (None, beta callback), in experta's order
        self.children: list[tuple[_Alpha | None, Any]] = []


Trace = tuple[tuple[Any, tuple[tuple[Any, Any, bool], ...]], ...]


_WHOLE_FACT = object()  # a bound value that is the fact itself (FactCapture)


def _walk(alpha: _Alpha, fact: Any, context: Context, sources: Context, out: list[Any]) -> None:
    """experta's FeatureTesterNode._activate on a context dict (no Token), recording
    each beta callback reached with the context it gets, in experta's order, and for
    each context key where its value was read: the field (every check here reads one
    plain field, ``fields_read``) or the whole fact."""
    match = alpha.check(fact)
    if not match:
        return
    if isinstance(match, Mapping):
        for key, value in match.items():
            if isinstance(key, tuple):  # negated condition
                if key[1] in context and context[key[1]] == value:
                    return
            else:
                if context.get(key, value) != value:
                    return
                if (False, key) in context and context[(False, key)] == value:
                    return
        source = _WHOLE_FACT if alpha.captures else alpha.check.what
        context = {**context, **match}
        sources = {**sources, **dict.fromkeys(match, source)}
    for child, callback in alpha.children:
        if child is not None:
            _walk(child, fact, context, sources, out)
        else:
            out.append((callback, context, sources))


# ----------------------------------------------------------------- the matcher


class FastReteMatcher(ReteMatcher):
    """experta's Rete network, compiled to this module's nodes (see the module doc)."""

    def __init__(self, *args: Any, **kwargs: Any) -> None:
        super().__init__(*args, **kwargs)  # experta builds its network from the rules
        self.touched: list[_Node] = []
        self.dirty: list[_Terminal] = []
        self.alpha_cache: dict[Any, Trace | None] = {}
        # Per fact kind, a key under which facts pass the same alpha tests (set by the
        # engine from the rules' distinctions, triage.rules.cuts), and its traces.
        self.reducers: dict[type, Callable[[Any], Any]] = {}
        self.reduced_cache: dict[Any, tuple[tuple[Any, tuple[tuple[Any, Any], ...]], ...]] = {}
        self._compile()

    def _compile(self) -> None:
        terminals = self._get_conflict_set_nodes()  # experta's order of asking
        compiled: dict[int, Any] = {}
        self.terminals: list[_Terminal] = []
        for order, node in enumerate(terminals):
            terminal = _Terminal(node.rule, order, self)
            compiled[id(node)] = terminal
            self.terminals.append(terminal)
        self.nodes: list[_Node] = list(self.terminals)

        def beta(node: Any) -> Any:
            found = compiled.get(id(node))
            if found is not None:
                return found
            kind = type(node)
            if kind is OrdinaryMatchNode:
                found = _Join(node.matcher, self)
            elif kind is NotNode:
                found = _Not(node.matcher, self)
            elif kind is WhereNode:
                found = _Where(node.matcher)
            else:
                raise TypeError(f"no compiled form for experta node {kind.__name__}")
            compiled[id(node)] = found
            self.nodes.append(found)
            found.children = [callback(child) for child in node.children]
            return found

        def callback(child: Any) -> Any:
            port = child.callback.__name__  # activate, activate_left or activate_right
            if port not in ("activate", "activate_left", "activate_right"):
                raise TypeError(f"unknown experta port {port}")
            return getattr(beta(child.node), port)

        def alpha(node: Any) -> _Alpha:
            if type(node) is not FeatureTesterNode:
                raise TypeError("an alpha node that is not a FeatureTesterNode")
            check = node.matcher
            if not isinstance(check, FeatureCheck | FactCapture):
                raise TypeError(f"unknown alpha check {check!r}")
            compiled_alpha = _Alpha(check)
            for child in node.children:
                if type(child.node) is FeatureTesterNode:
                    compiled_alpha.children.append((alpha(child.node), None))
                else:
                    compiled_alpha.children.append((None, callback(child)))
            return compiled_alpha

        if type(self.root_node) is not BusNode:
            raise TypeError("the network does not start with experta's BusNode")
        self.by_type: dict[type, list[_Alpha]] = {}
        for child in self.root_node.children:
            type_node = child.node
            if type(type_node) is not FeatureTesterNode or not isinstance(
                type_node.matcher, TypeCheck
            ):
                raise TypeError("the alpha network does not start with a type test")
            roots = self.by_type.setdefault(type_node.matcher.fact_type, [])
            for grandchild in type_node.children:
                if type(grandchild.node) is not FeatureTesterNode:
                    raise TypeError("a beta node right under a type test")
                roots.append(alpha(grandchild.node))
        # The fields the alpha checks of each kind read (None: a check reads something
        # else than a plain top-level field, so its outcome is not remembered).
        self.fields_read: dict[type, tuple[str, ...] | None] = {}
        for kind, roots in self.by_type.items():
            read: set[str] = set()
            plain = all(_plain_reads(root, read) for root in roots)
            self.fields_read[kind] = tuple(sorted(read)) if plain else None

    # -- the state after a reset, kept and restored

    def snapshot(self) -> Any:
        """The memories of every touched node (after a reset: what InitialFact left)."""
        if self.dirty or any(t.added or t.removed for t in self.terminals):
            raise RuntimeError("a snapshot with pending activations")
        return tuple((node, _memories(node)) for node in self.touched)

    def restore(self, snapshot: Any) -> None:
        """Back to ``snapshot``: touched memories cleared, the snapshot's copied back."""
        self.reset()
        touched = self.touched
        for node, memories in snapshot:
            for name, value in memories:
                setattr(node, name, value.copy())
            node.touched = True
            touched.append(node)

    # -- experta's Matcher interface

    def reset(self) -> None:
        for node in self.touched:
            node.clear()
        self.touched = []
        self.dirty = []

    def changes(
        self, adding: list[Any] | None = None, deleting: list[Any] | None = None
    ) -> tuple[list[Activation], list[Activation]]:
        if deleting:
            for fact in deleting:
                self._send(fact, False)
        if adding:
            for fact in adding:
                self._send(fact, True)
        added: list[Activation] = []
        removed: list[Activation] = []
        dirty = self.dirty
        if dirty:
            if len(dirty) > 1:
                dirty.sort(key=_order)
            for terminal in dirty:
                terminal.flagged = False
                added.extend(terminal.added)
                removed.extend(terminal.removed)
                terminal.added = set()
                terminal.removed = set()
            self.dirty = []
        return added, removed

    # -- one fact through the network

    def _send(self, fact: Any, valid: bool) -> None:
        kind = type(fact)
        roots = self.by_type.get(kind)
        if roots is None:
            return  # no rule mentions this kind (experta's type tests all fail)
        fields = self.fields_read[kind]
        reduce = self.reducers.get(kind) if fields is not None else None
        if reduce is not None:
            self._send_reduced(fact, valid, roots, reduce)
            return
        key = _alpha_key(fact, kind, fields) if fields is not None else None
        trace = self.alpha_cache.get(key) if key is not None else None
        if trace is None:
            found: list[tuple[Any, Context, Context]] = []
            for root in roots:
                _walk(root, fact, {}, {}, found)
            trace = tuple(
                (call, tuple((k, v, v is fact) for k, v in context.items()))
                for call, context, _ in found
            )
            if key is not None and len(self.alpha_cache) < ALPHA_CACHE_ENTRIES:
                self.alpha_cache[key] = trace
        data = frozenset((fact,))
        for call, items in trace:
            call(valid, data, {k: (fact if captured else v) for k, v, captured in items})

    def _send_reduced(self, fact: Any, valid: bool, roots: list[_Alpha], reduce: Any) -> None:
        """:meth:`_send` for a kind whose facts pass the same alpha tests whenever their
        reduced keys are equal (``reducers``): the trace is remembered per reduced key
        with where each bound value comes from (a field of the fact, or the fact), and
        the values are this fact's own."""
        key = reduce(fact)
        trace = self.reduced_cache.get(key) if key is not None else None
        if trace is None:
            found: list[tuple[Any, Context, Context]] = []
            for root in roots:
                _walk(root, fact, {}, {}, found)
            trace = tuple((call, tuple(sources.items())) for call, _, sources in found)
            if key is not None and len(self.reduced_cache) < ALPHA_CACHE_ENTRIES:
                self.reduced_cache[key] = trace
        data = frozenset((fact,))
        for call, sources in trace:
            call(
                valid,
                data,
                {k: (fact if source is _WHOLE_FACT else fact[source]) for k, source in sources},
            )


_MEMORY_SLOTS = {_Join: ("left", "right"), _Not: ("left", "right"), _Terminal: ("memory",)}


def _memories(node: _Node) -> tuple[tuple[str, Any], ...]:
    return tuple((name, getattr(node, name).copy()) for name in _MEMORY_SLOTS.get(type(node), ()))


def _order(terminal: _Terminal) -> int:
    return terminal.order


def _plain_reads(alpha: _Alpha, read: set[str]) -> bool:
    """Whether every check under ``alpha`` reads one plain, top-level field (or captures
    the whole fact), adding the fields to ``read``. experta's FeatureCheck reads
    ``fact[what]`` and nothing else for such a field."""
    if not alpha.captures:
        what = alpha.check.what
        if not isinstance(what, str) or "__" in what or what.isnumeric():
            return False
        read.add(what)
    return all(child is None or _plain_reads(child, read) for child, _ in alpha.children)


_ABSENT = object()


def _alpha_key(fact: Any, kind: type, fields: tuple[str, ...]) -> Any:
    """What the alpha checks of ``kind`` can see of ``fact``: the type and value of each
    field they read; None (nothing remembered) when a value is not a plain scalar, or
    is a zero float (equality hides the sign of -0.0)."""
    key: list[Any] = [kind]
    for name in fields:
        value = dict.get(fact, name, _ABSENT)
        if value is _ABSENT:
            key.append(None)
            key.append(_ABSENT)
            continue
        value_type = type(value)
        if value_type not in SCALAR_TYPES or (value_type is float and value == 0.0):
            return None
        key.append(value_type)
        key.append(value)
    return tuple(key)
