"""What the rest of a rejected case already means (clinical-rules §1, *rev.* "A refused
value never hides the level of the rest"; case-format.md, error records).

A case with a refused value (an ambiguous count, an unknown unit or word) stays
rejected; :func:`at_least_level` says which triage level the rest of the case gives
with the refused values unknown, so that "whatever your count, a fever after
chemotherapy means: get care now" is never lost behind a field error.
"""

from __future__ import annotations

import threading
from collections.abc import Iterable, Mapping
from typing import TYPE_CHECKING, Any, Protocol

from triage.safetext import valid_unicode

if TYPE_CHECKING:
    from triage.engine import Assessor
    from triage.models import FieldError

__all__ = ["REFUSED_TOGETHER", "at_least_level", "at_least_sentence"]


class _Assessing(Protocol):
    """What :func:`at_least_level` needs: :class:`triage.Assessor`, or a stand-in."""

    def assess(self, case: Mapping[str, Any]) -> Any: ...


# Fields refused together: a value read without its unit (or a unit without its value,
# or part of a differential) could be read wrongly, so the whole group becomes unknown.
REFUSED_TOGETHER: tuple[frozenset[str], ...] = (
    frozenset({"anc", "anc_unit"}),
    frozenset({"wbc", "wbc_unit", "neutrophil_pct", "band_pct"}),
    frozenset({"temperature", "temperature_unit"}),
)
# List fields: a refused item (an unknown word) drops that item only.
_LIST_FIELDS = frozenset({"symptoms", "conditions", "medications"})
# Errors about the case or record as a whole: nothing else can be read.
_WHOLE_CASE = frozenset({"case", "record"})
AT_LEAST_LEAD = "Whatever the refused value, the rest of your answers already mean:"
# Assessments of the rest: with the refused values dropped, then once more with the
# values the rest refused in turn.
_ROUNDS = 2

_shared: Assessor | None = None
_shared_lock = threading.Lock()


def at_least_level(
    data: Mapping[str, Any],
    assessor: Assessor | _Assessing | None = None,
    errors: Iterable[FieldError] | None = None,
) -> str | None:
    """The triage level the rest of ``data`` gives with the refused values unknown.

    ``errors`` are the case's refusals (:attr:`CaseRejected.errors`); without them the
    case is assessed first to find them (a case that is not rejected gives its own
    level). Each refused field is dropped, with the fields it is read with
    (:data:`REFUSED_TOGETHER`); in ``symptoms``, ``conditions`` and ``medications`` only
    the refused items are dropped. The rest is assessed; when the rest is refused in
    turn, those fields are dropped too, once. ``None`` when nothing else is left to
    assess, the case as a whole was refused, or the rest still cannot be assessed.

    Never raises for bad input. ``assessor``: by default one module-level
    :class:`~triage.engine.Assessor`, made on first use and used under a lock.
    """
    try:
        if assessor is not None:
            return _at_least(data, assessor, errors)
        with _shared_lock:
            return _at_least(data, _shared_assessor(), errors)
    except Exception:  # a "what the rest means" must never turn into a second failure
        return None


def at_least_sentence(level: str, space: str = " ") -> str:
    """What the rest already means, in the words of the result screens: "Whatever the
    refused value, the rest of your answers already mean: GET CARE NOW (emergency)."

    ``space`` joins the words of the headline and level (a no-break space keeps them on
    one line when the text is wrapped)."""
    from triage.knowledge import load_knowledge

    headline = f"{load_knowledge().action(level).headline} ({level})."
    return f"{AT_LEAST_LEAD} {headline.replace(' ', space)}"


def _shared_assessor() -> Assessor:
    global _shared
    if _shared is None:
        from triage.engine import Assessor

        _shared = Assessor()
    return _shared


def _at_least(
    data: Mapping[str, Any], assessor: _Assessing, errors: Iterable[FieldError] | None
) -> str | None:
    if not isinstance(data, Mapping):
        return None
    rest = dict(data)
    # With the refusals given, the first round assesses the rest even when none of the
    # refused fields is in the case (an error in a batch's expected_* column): the case
    # itself is then the rest. After that, a round must drop something to go on.
    must_drop = errors is None
    if errors is None:
        outcome = _level_or_refusals(assessor, rest)
        if isinstance(outcome, str):
            return outcome
        errors = outcome
    for _ in range(_ROUNDS):
        smaller = _without(rest, list(errors))
        if smaller is None:
            return None
        rest, dropped = smaller
        if must_drop and not dropped:
            return None
        outcome = _level_or_refusals(assessor, rest)
        if isinstance(outcome, str):
            return outcome
        errors, must_drop = outcome, True
    return None


def _level_or_refusals(assessor: _Assessing, case: dict[str, Any]) -> str | list[FieldError]:
    from triage.models import CaseRejected

    try:
        level = assessor.assess(dict(case)).triage
    except CaseRejected as rejected:
        return list(rejected.errors)
    return str(level)


def _without(case: dict[str, Any], errors: list[FieldError]) -> tuple[dict[str, Any], bool] | None:
    """The case without its refused values, and whether anything was dropped; None when
    the case as a whole was refused or nothing but its id is left."""
    refused = {str(error.field) for error in errors}
    if refused & _WHOLE_CASE:
        return None
    dropped_fields = set(refused)
    for group in REFUSED_TOGETHER:
        if refused & group:
            dropped_fields |= group
    rest: dict[str, Any] = {}
    dropped = False
    for key, value in case.items():
        name = _field_name(key)
        if name in refused and name in _LIST_FIELDS:
            kept = _accepted_items(name, value)
            if kept:
                rest[key] = kept
            dropped = True
        elif name in dropped_fields:
            dropped = True
        else:
            rest[key] = value
    if not any(_field_name(key) != "case_id" for key in rest):
        return None
    return rest, dropped


def _field_name(key: Any) -> str:
    """The name a field error gives this key (a lone surrogate is replaced there)."""
    return valid_unicode(key) if isinstance(key, str) else str(key)


def _accepted_items(name: str, value: Any) -> list[Any]:
    """The items of a refused list field that are accepted on their own (known words,
    text within the limits); none when the field is not a list or when no single item
    is to blame (every item is accepted alone: the list as a whole was refused)."""
    if isinstance(value, str):
        value = value.split(";")
    if not isinstance(value, list | tuple):
        return []
    items = [item.strip() if isinstance(item, str) else item for item in value]
    items = [item for item in items if item != ""]
    kept = [item for item in items if _accepted(name, item)]
    return [] if len(kept) == len(items) else kept


def _accepted(name: str, item: Any) -> bool:
    from triage.models import CaseInput

    try:
        CaseInput.model_validate({name: [item]})
    except Exception:  # pydantic's ValidationError, or anything else an odd value raises
        return False
    return True
