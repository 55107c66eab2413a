"""experta's depth strategy and fact list, leaner, for :class:`triage.engine.
FastTriageEngine` (plugged in through experta's ``__strategy__`` and the engine's own
reset; nothing in experta is patched):

- :class:`FastDepthStrategy` is experta's depth strategy without its per-activation
  ``lru_cache`` (which hashes each activation, rule conditions included);
- :class:`FastFactList` is experta's fact list with the same ids, the same duplicate
  rule and the same field validation, compiled per fact class;
- :func:`make_fact` builds a fact of plain values without experta's per-item dispatch.

:mod:`tests.test_fast_engine` checks them, with :mod:`triage.rete`, against plain experta.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

from triage._experta import Fact

# isort: split
# experta's own modules, after the shim above has made experta importable.
from experta.factlist import FactList
from experta.strategies import DepthStrategy

# Value types whose equality (with the type) means identical behaviour in a check.
SCALAR_TYPES = frozenset({str, int, float, bool, type(None)})


class FastDepthStrategy(DepthStrategy):
    """experta's DepthStrategy key without its lru_cache."""

    def get_key(self, activation: Any) -> tuple[Any, list[int]]:
        return (
            activation.rule.salience,
            sorted((fact["__factid__"] for fact in activation.facts), reverse=True),
        )


class FastFactList(FactList):
    """experta's FactList: same ids, same duplicate rule, same validation (the fields'
    schemas, compiled once per fact class into isinstance tests where a schema is a
    type, as the ``schema`` package validates a type)."""

    def declare(self, fact: Any) -> Any:
        if not isinstance(fact, Fact):
            raise ValueError("The fact must descend the Fact class.")
        _validate(fact)
        names = tuple(fact)
        special = _HAS_SPECIAL.get(names)
        if special is None:
            special = any(_special(name) for name in names)
            if len(_HAS_SPECIAL) < NAME_SETS_REMEMBERED:
                _HAS_SPECIAL[names] = special
        items = fact.items()
        if special:
            items = [(k, v) for k, v in items if not _special(k)]
        fact_id = frozenset((fact.__class__, *items))
        if self.duplication or fact_id not in self.reference_counter:
            idx = self.last_index
            dict.__setitem__(fact, "__factid__", idx)
            self[idx] = fact
            self.last_index += 1
            self.added.append(fact)
            self.reference_counter[fact_id] += 1
            return fact
        return None


# Whether a tuple of field names holds one of experta's ``__name__`` keys (a few dozen
# tuples in practice: one per kind of fact and set of fields).
NAME_SETS_REMEMBERED = 1024
_HAS_SPECIAL: dict[tuple[Any, ...], bool] = {}


def _special(key: Any) -> bool:
    """experta's Fact.is_special: ``__name__`` keys are not content."""
    return isinstance(key, str) and key.startswith("__") and key.endswith("__")


_VALIDATORS: dict[type, tuple[tuple[str, type | None, Any, bool], ...]] = {}


def _validators(kind: type) -> tuple[tuple[str, type | None, Any, bool], ...]:
    found = _VALIDATORS.get(kind)
    if found is None:
        entries = []
        for name, field in kind.__fields__.items():  # type: ignore[attr-defined]
            schema = getattr(getattr(field, "validator", None), "_schema", None)
            plain = (
                schema
                if isinstance(schema, type) and type(field.validator).__name__ == "Schema"
                else None
            )
            entries.append((name, plain, field, bool(field.mandatory)))
        found = _VALIDATORS[kind] = tuple(entries)
    return found


def _validate(fact: Any) -> None:
    """experta's Fact.validate, with a type schema checked by isinstance."""
    for name, plain, field, mandatory in _validators(type(fact)):
        if name in fact:
            value = fact[name]
            if plain is not None and type(value) in SCALAR_TYPES:
                if isinstance(value, plain):
                    continue
                raise ValueError(f"Invalid value on field {name!r} for fact {fact!r}")
            try:
                field.validate(value)
            except Exception as exc:
                raise ValueError(f"Invalid value on field {name!r} for fact {fact!r}") from exc
        elif mandatory:
            raise ValueError(f"Mandatory field {name!r} is not defined for fact {fact!r}")


def make_fact(kind: type, fields: Mapping[str, Any]) -> Any:
    """``kind(**fields)`` for plain scalar values, without Fact.__init__'s per-item
    dispatch: the same dict content and the same private state. Other values go
    through experta's own constructor (which freezes them)."""
    for value in fields.values():
        if type(value) not in SCALAR_TYPES:
            return kind(**fields)
    fact: Any = dict.__new__(kind)
    dict.update(fact, fields)
    fact._Fact__defaults = {}
    return fact
