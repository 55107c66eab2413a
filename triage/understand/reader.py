"""Read one answer: every pattern found, each with its status, and the words left over."""

from __future__ import annotations

from dataclasses import dataclass

from triage.understand.context import (
    HYPOTHETICAL_BEFORE,
    NEGATION_AFTER,
    NEGATION_BEFORE,
    PSEUDO,
    Status,
    status,
)
from triage.understand.lemmas import warm as warm_lemmas
from triage.understand.phrases import Kind, Match, find, load_phrases, word_forms
from triage.understand.tokens import Word, comma_before, words

# Words that lead into a part and belong to its echo ("a headache").
LEADING = frozenset({"a", "an", "the", "my", "some"})
# Words of the ConText triggers, and modal verbs: never an unknown part on their own.
TRIGGER_WORDS = frozenset(
    word
    for phrase in (*NEGATION_BEFORE, *HYPOTHETICAL_BEFORE, *NEGATION_AFTER, *PSEUDO)
    for word in phrase
) | frozenset(("can", "could", "will", "would", "should", "may"))


@dataclass(frozen=True)
class Found:
    """One id found in an answer: the words that said it, whether it is said, denied or
    imagined, and whether a vaguer word was read as it (the interview confirms those)."""

    id: str
    kind: Kind
    words: str
    status: Status
    read_up: bool = False
    source: str = ""


@dataclass(frozen=True)
class Understanding:
    """What an answer says: the ids found (in the order typed) and the parts no
    pattern took, as typed ("a headache")."""

    text: str
    found: tuple[Found, ...]
    unknown: tuple[str, ...]

    @property
    def asserted(self) -> tuple[str, ...]:
        return tuple(dict.fromkeys(f.id for f in self.found if f.status == "asserted"))

    @property
    def not_asserted(self) -> tuple[str, ...]:
        """Ids that were denied or imagined ("no fever", "if I get a rash")."""
        said = set(self.asserted)
        return tuple(
            dict.fromkeys(f.id for f in self.found if f.status != "asserted" and f.id not in said)
        )


def warm() -> None:
    """Load what the first answer needs (the lemma dictionary and the patterns)."""
    warm_lemmas()
    load_phrases()


def understand(text: str, kinds: tuple[Kind, ...] = ("symptom",)) -> Understanding:
    """The ids of ``kinds`` that ``text`` says, denies or imagines, and what is left."""
    phrases = load_phrases()
    answer = words(text)
    if not answer:
        return Understanding(text, (), ())
    forms = word_forms(answer, phrases)
    whole = len(answer) == 1 or all(w.text in phrases.filler for w in answer[1:])
    candidates: list[Match] = []
    for pattern in phrases.patterns:
        if pattern.kind not in kinds or (pattern.alone_only and not whole):
            continue
        candidates += find(pattern, answer, forms)
    # Longest patterns first, then the tightest, then the earliest: each word once.
    candidates.sort(
        key=lambda m: (-len(m.places), m.places[-1] - m.places[0], m.places[0], m.pattern.id)
    )
    # The words each id's patterns can take: a pattern's own "not" ("will not heal")
    # is no negation of another pattern of the same id that spans it.
    reach: dict[str, set[int]] = {}
    for match in candidates:
        reach.setdefault(match.pattern.id, set()).update(match.places)
    taken: set[int] = set()
    kept: list[Match] = []
    for match in candidates:
        if taken.isdisjoint(match.places):
            kept.append(match)
            taken.update(match.places)
    kept.sort(key=lambda m: m.places[0])
    taken |= _absorbed(answer, forms, kept, taken)
    owned = frozenset(taken)
    commas = frozenset(i for i in range(len(answer)) if comma_before(text, answer, i))
    found = tuple(
        Found(
            m.pattern.id,
            m.pattern.kind,
            _slice(text, answer, m.places[0], m.places[-1]),
            status(answer, m.places, owned, commas, frozenset(reach[m.pattern.id])),
            m.pattern.read_up,
            m.pattern.source,
        )
        for m in kept
    )
    unknown = _unknown(text, answer, owned, phrases.filler)
    if found:
        # Beside what was found, a left-over part made only of words that the found ids'
        # own patterns use ("blue, grey or blotchy skin") is part of it; anything else
        # ("sore throat and purple disease") is asked about.
        ids = {f.id for f in found}
        unknown = tuple(
            part
            for part in unknown
            if not all(ids & phrases.ids_of_word.get(w.text, frozenset()) for w in words(part))
        )
    return Understanding(text, found, unknown)


def _absorbed(
    answer: list[Word], forms: list[frozenset[str]], kept: list[Match], taken: set[int]
) -> set[int]:
    """Words next to a match that its pattern could have taken at the same place ("my
    PICC line is red": PICC beside line): part of that finding, not left over."""
    extra: set[int] = set()
    for match in kept:
        for index in (match.places[0] - 1, match.places[-1] + 1):
            free = 0 <= index < len(answer) and index not in taken
            if free and any(forms[index] & place for place in match.pattern.places):
                extra.add(index)
    return extra


def _slice(text: str, answer: list[Word], first: int, last: int) -> str:
    return text[answer[first].start : answer[last].end]


def _unknown(
    text: str, answer: list[Word], owned: frozenset[int], filler: frozenset[str]
) -> tuple[str, ...]:
    """Runs of words no pattern took that are not filler or trigger words."""
    parts: list[str] = []
    index = 0
    while index < len(answer):
        word = answer[index]
        content = index not in owned and word.text not in filler and word.text not in TRIGGER_WORDS
        if not content or word.text.isdigit():
            index += 1
            continue
        start = index
        while start > 0 and answer[start - 1].text in LEADING and start - 1 not in owned:
            start -= 1
        end = index
        while (
            end + 1 < len(answer)
            and end + 1 not in owned
            and answer[end + 1].clause == word.clause
            and answer[end + 1].text not in TRIGGER_WORDS
            and not (answer[end + 1].text in filler and answer[end + 1].text not in LEADING)
        ):
            end += 1
        parts.append(_slice(text, answer, start, end))
        index = end + 1
    return tuple(dict.fromkeys(parts))
