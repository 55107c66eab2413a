"""Reading JSON sent to the web server (docs/web.md, "Privacy and safety"): the API's body
and the JSON the pages carry in hidden fields (the interview's answers, the nurse's case,
the quiz's answers so far).

:func:`read_json` is the one reader. Whatever a request holds, it gives a value that the
rest of the server can use and write back (or raises :class:`JSONProblem` with a reason
fit to show): never nested deeper than :data:`MAX_JSON_DEPTH` (bounded before parsing,
so no RecursionError), no lone surrogate (``"\\ud800"``: not text, cannot be written as
UTF-8), no NaN or Infinity (not JSON), no number of more than :data:`MAX_NUMBER_DIGITS`
digits (never Python's own message about ``sys.set_int_max_str_digits``).
"""

from __future__ import annotations

import json
import math
import re
from collections.abc import Callable
from typing import Any

from triage.safetext import has_surrogate, neutralise

MAX_JSON_DEPTH = 8  # a case is 2 deep (an object of lists); the quiz's answers 2
MAX_NUMBER_DIGITS = 40  # no case field needs more

SURROGATE_MESSAGE = r"a lone surrogate (such as \ud800) is not text; remove it"
_STRUCTURE = re.compile(r'[\[\]{}"\\]')


class JSONProblem(ValueError):
    """The JSON cannot be used; ``field`` is the top-level field it concerns (or
    "case"), and the message says why in words fit for a page."""

    def __init__(self, message: str, field: str = "case") -> None:
        super().__init__(message)
        self.field = field


def too_deep(text: str, limit: int = MAX_JSON_DEPTH) -> bool:
    """Whether the arrays and objects of ``text`` nest deeper than ``limit`` (brackets
    inside strings do not count). Linear, and nothing is parsed."""
    if text.count("[") + text.count("{") <= limit:
        return False
    depth = 0
    in_string = False
    escaped_at = -1
    for match in _STRUCTURE.finditer(text):
        at = match.start()
        if at == escaped_at:
            continue
        char = match.group()
        if in_string:
            if char == "\\":
                escaped_at = at + 1
            elif char == '"':
                in_string = False
        elif char == '"':
            in_string = True
        elif char in "[{":
            depth += 1
            if depth > limit:
                return True
        elif char in "]}":
            depth -= 1
    return False


def _integer(text: str) -> int:
    if len(text.lstrip("-")) > MAX_NUMBER_DIGITS:
        raise JSONProblem(f"a number of more than {MAX_NUMBER_DIGITS} digits")
    return int(text)


def _number(text: str) -> float:
    value = float(text)
    if not math.isfinite(value):
        raise JSONProblem(f"the number {neutralise(text, 40)} is too large")
    return value


def _constant(name: str) -> Any:
    raise JSONProblem(f"{name} is not a JSON number")


def read_json(
    text: str,
    *,
    max_depth: int = MAX_JSON_DEPTH,
    object_pairs_hook: Callable[[list[tuple[str, Any]]], Any] | None = None,
) -> Any:
    """The value of the JSON ``text``, or :class:`JSONProblem` saying why not."""
    if too_deep(text, max_depth):
        raise JSONProblem(f"not valid JSON: nested more than {max_depth} deep")
    try:
        value = json.loads(
            text,
            object_pairs_hook=object_pairs_hook,
            parse_int=_integer,
            parse_float=_number,
            parse_constant=_constant,
        )
    except JSONProblem:
        raise
    except RecursionError:  # not reached after too_deep; kept as a second guard
        raise JSONProblem(f"not valid JSON: nested more than {max_depth} deep") from None
    except json.JSONDecodeError as error:
        raise JSONProblem(
            f"not valid JSON (line {error.lineno}, column {error.colno}): {error.msg}"
        ) from None
    except ValueError as error:  # a field given twice (object_pairs_hook), and the like
        raise JSONProblem(neutralise(str(error), 1_000)) from None
    field = surrogate_field(value)
    if field is not None:
        raise JSONProblem(SURROGATE_MESSAGE, field)
    return value


def unique_fields(pairs: list[tuple[str, Any]]) -> dict[str, Any]:
    """``object_pairs_hook`` for a case: a field given twice is an error, never silently
    the last value (as :func:`triage.models.refuse_repeated_fields`, in linear time)."""
    value = dict(pairs)
    if len(value) < len(pairs):
        seen: set[str] = set()
        repeated: set[str] = set()
        for name, _ in pairs:
            (repeated if name in seen else seen).add(name)
        names = neutralise(", ".join(sorted(repeated)), 200)
        raise ValueError(f"field {names} is given twice; keep one value")
    return value


def surrogate_field(value: Any) -> str | None:
    """The top-level field (or "case") of ``value`` that holds a lone surrogate in a
    name or a text, or None. Iterative: never a RecursionError."""
    if isinstance(value, dict):
        for name, item in value.items():
            if _holds_surrogate(name) or _holds_surrogate(item):
                return neutralise(name, 100)
        return None
    return "case" if _holds_surrogate(value) else None


def _holds_surrogate(value: Any) -> bool:
    stack = [value]
    while stack:
        item = stack.pop()
        if isinstance(item, str):
            if not item.isascii() and has_surrogate(item):
                return True
        elif isinstance(item, dict):
            stack.extend(item.keys())
            stack.extend(item.values())
        elif isinstance(item, list):
            stack.extend(item)
    return False
