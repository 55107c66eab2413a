"""The one place that imports experta, with two work-arounds for its last release.

1. experta 1.9.4 pins ``frozendict==1.2``, whose ``frozendict`` subclasses
   ``collections.Mapping``; that alias was removed in Python 3.10, so a plain
   ``import experta`` fails with ``AttributeError``. We restore the alias (to the
   very same ABC that ``collections.abc`` exports) before experta loads. Nothing
   else changes: on an interpreter that still has the alias this is a no-op.
2. ``experta.engine`` and ``experta.watchers`` call ``logging.basicConfig()`` at
   import time, which would attach a stderr handler to the root logger of every
   program that imports ``triage``. We remove any handler that import added.

Every other module imports experta names from here, never from experta directly.
"""

from __future__ import annotations

import collections
import collections.abc
import logging

for _name in ("Mapping", "MutableMapping", "Sequence", "Iterable", "Hashable"):
    if not hasattr(collections, _name):
        setattr(collections, _name, getattr(collections.abc, _name))

_root_handlers_before = list(logging.root.handlers)

from experta import (  # noqa: E402
    AND,
    MATCH,
    NOT,
    OR,
    TEST,
    DefFacts,
    Fact,
    Field,
    KnowledgeEngine,
    P,
    Rule,
    W,
)

for _handler in list(logging.root.handlers):
    if _handler not in _root_handlers_before:
        logging.root.removeHandler(_handler)

__all__ = [
    "AND",
    "MATCH",
    "NOT",
    "OR",
    "TEST",
    "DefFacts",
    "Fact",
    "Field",
    "KnowledgeEngine",
    "P",
    "Rule",
    "W",
]
