"""ConText (Harkema H et al. J Biomed Inform 2009;42:839, after NegEx: Chapman WW et
al. J Biomed Inform 2001;34:301): whether what a pattern found is said, denied, or only
imagined.

A trigger before a finding ("no", "not", "without", "denies"; "if", "in case") reaches
forward over at most :data:`SCOPE_WORDS` words of its clause; a trigger after a finding
("gone", "went away") reaches back over a few. A pseudo-trigger ("not sure if", "no
longer") is a trigger's words that do not trigger. Clauses end at full stops, semicolons
and "but" (triage.understand.tokens), which are ConText's terminators. The word lists
are the common English ones of NegEx/ConText, trimmed to how patients write.
"""

from __future__ import annotations

from collections.abc import Sequence
from typing import Literal

from triage.understand.tokens import Word

Status = Literal["asserted", "negated", "hypothetical"]
NEGATING = frozenset({"not", "no", "never"})  # one-word triggers, also inside a finding
SCOPE_WORDS = 5  # NegEx's window: a trigger reaches this many words
POST_SCOPE_WORDS = 3

NEGATION_BEFORE = (
    ("no",), ("not",), ("never",), ("without",), ("deny",), ("denies",), ("denied",),
    ("free", "of"), ("no", "sign", "of"), ("no", "signs", "of"), ("none",), ("nor",),
    ("neither",), ("negative", "for"), ("absence", "of"), ("nothing",),
    ("family", "history", "of"), ("family", "history"),
)  # fmt: skip
# Verbal negation ("can not look down") reaches to the next comma only; a list after
# "no" or "without" ("no rash, cough or fever") goes on over commas.
VERBAL_NEGATION = frozenset({"not", "never"})
HYPOTHETICAL_BEFORE = (
    ("if",), ("in", "case"), ("whether",), ("might",), ("in", "the", "event"),
    ("what", "if"), ("watch", "for"), ("watch", "out", "for"), ("look", "out", "for"),
    ("should", "i", "worry"), ("due", "to"), ("going", "to", "start"), ("will", "start"),
    ("in", "future"), ("risk", "of"),
)  # fmt: skip
NEGATION_AFTER = (
    ("gone",), ("went", "away"), ("stopped",), ("resolved",), ("no", "longer"),
    ("runs", "in"), ("run", "in"),
)  # fmt: skip
# Words of a trigger that do not trigger: uncertainty is read as said (triage up).
PSEUDO = (
    ("not", "sure"), ("unsure",), ("wonder",), ("wondering",), ("no", "longer"),
    ("not", "only"), ("no", "doubt"), ("not", "certain"), ("not", "stop"),
    ("not", "keep"),
)  # fmt: skip


def _at(answer: Sequence[Word], index: int, phrase: tuple[str, ...]) -> bool:
    end = index + len(phrase)
    return end <= len(answer) and tuple(w.text for w in answer[index:end]) == phrase


def _pseudo(answer: Sequence[Word], index: int) -> bool:
    """A pseudo-trigger covers the word at ``index`` or ends just before it ("not sure
    if", "wondering whether")."""
    return any(
        _at(answer, start, phrase)
        for phrase in PSEUDO
        for start in range(max(0, index - 3), index + 1)
    )


def status(
    answer: Sequence[Word],
    places: tuple[int, ...],
    owned: frozenset[int],
    commas: frozenset[int] = frozenset(),
    own_reach: frozenset[int] = frozenset(),
) -> Status:
    """Whether the finding at ``places`` is said, denied or imagined. ``owned``: the
    words that some pattern took (a pattern's own "not" is not a trigger); ``commas``:
    the words a comma comes before; ``own_reach``: the words other patterns of the same
    id could take ("will not heal": the "not" inside "wound ... heal" is the id's own)."""
    first, last = places[0], places[-1]
    clause = answer[first].clause
    # A negation between a finding's own words: "my neck is not stiff".
    inside_owned = owned | own_reach
    for index in range(first + 1, last):
        word = answer[index].text
        inside = index not in places and index not in inside_owned
        if inside and word in NEGATING and not _pseudo(answer, index):
            return "negated"
    low = max(0, first - SCOPE_WORDS - 3)  # room for a trigger of several words
    found: Status = "asserted"
    for index in range(first - 1, low - 1, -1):
        if answer[index].clause != clause or index in owned:
            if answer[index].clause != clause:
                break
            continue
        distance = first - index - 1
        for phrase in NEGATION_BEFORE:
            end = index + len(phrase) - 1
            near = end < first and distance - (len(phrase) - 1) <= SCOPE_WORDS
            if near and _at(answer, index, phrase) and not _pseudo(answer, index):
                verbal = phrase[0] in VERBAL_NEGATION
                if not (verbal and any(index < c <= first for c in commas)):
                    return "negated"
        for phrase in HYPOTHETICAL_BEFORE:
            near = distance <= SCOPE_WORDS + len(phrase)
            if near and _at(answer, index, phrase) and not _pseudo(answer, index):
                found = "hypothetical"
    for index in range(last + 1, min(len(answer), last + 1 + POST_SCOPE_WORDS)):
        if answer[index].clause != clause or index in owned:
            break
        if any(_at(answer, index, phrase) for phrase in NEGATION_AFTER):
            return "negated"
    return found
