"""The patterns per id, and finding them in an answer's words.

Every symptom's and condition's label, synonyms and read-up words (vocabulary.toml) are
patterns, and so is each phrase of ``data/phrases.toml`` (a group per id, with its
source). A pattern is a sequence of places; each place accepts a set of words, compared
by lemma. A match takes the pattern's words in order, in one clause, with at most
:data:`MAX_GAP` other words between two of them.
"""

from __future__ import annotations

import tomllib
from collections.abc import Sequence
from dataclasses import dataclass
from functools import cache
from importlib import resources
from typing import Literal

from triage.knowledge import load_knowledge
from triage.understand.lemmas import lemma, nearest
from triage.understand.tokens import Word, words

Kind = Literal["symptom", "condition", "other_condition"]
MAX_GAP = 3  # other words allowed between two words of a pattern


@dataclass(frozen=True)
class Pattern:
    id: str
    kind: Kind
    places: tuple[frozenset[str], ...]
    source: str
    read_up: bool = False  # a vaguer word read as the symptom (the interview confirms it)
    alone_only: bool = False  # only read when it is the whole answer


@dataclass(frozen=True)
class Phrases:
    patterns: tuple[Pattern, ...]
    filler: frozenset[str]
    vocabulary: frozenset[str]  # every word a pattern uses (for spelling slips)
    ids_of_word: dict[str, frozenset[str]]  # the ids whose patterns use each word


def _forms(text: str) -> frozenset[str]:
    return frozenset({text, lemma(text)})


def _compile(
    text: str, id_: str, kind: Kind, source: str, read_up: bool, alone: frozenset[str]
) -> Pattern | None:
    places = []
    for place in text.split():
        alternatives = [w.text for a in place.split("|") for w in words(a)]
        if not alternatives:
            continue
        places.append(frozenset(f for a in alternatives for f in _forms(a)))
    if not places:
        return None
    only = len(places) == 1 and bool(set(text.split("|")) & alone or text in alone)
    return Pattern(id_, kind, tuple(places), source, read_up, only)


@cache
def load_phrases() -> Phrases:
    """Every pattern, compiled once per process."""
    with resources.files("triage.data").joinpath("phrases.toml").open("rb") as handle:
        data = tomllib.load(handle)
    alone = frozenset(data.get("alone_only", ()))
    knowledge = load_knowledge()
    raw: list[tuple[str, str, Kind, str, bool]] = []
    for symptom in knowledge.symptoms:
        for text in (symptom.id.replace("_", " "), symptom.label, *symptom.synonyms):
            raw.append((text, symptom.id, "symptom", symptom.source, False))
        for text in symptom.read_up:
            raw.append((text, symptom.id, "symptom", symptom.source, True))
    for condition in knowledge.conditions:
        for text in (condition.id.replace("_", " "), condition.label, *condition.synonyms):
            raw.append((text, condition.id, "condition", condition.source, False))
    for other in knowledge.other_conditions:
        for text in (other.id.replace("_", " "), other.label, *other.synonyms):
            raw.append((text, other.id, "other_condition", other.source, False))
    for group in data["group"]:
        kind: Kind = group.get("kind", "symptom")
        for text in group["phrases"]:
            raw.append((text, group["id"], kind, group["source"], False))
    patterns = []
    for text, id_, kind, source, read_up in raw:
        cleaned = text.replace("(", " ").replace(")", " ").replace(",", " ")
        compiled = _compile(cleaned, id_, kind, source, read_up, alone)
        if compiled is not None:
            patterns.append(compiled)
    ids_of_word: dict[str, set[str]] = {}
    for compiled_pattern in patterns:
        for place in compiled_pattern.places:
            for form in place:
                ids_of_word.setdefault(form, set()).add(compiled_pattern.id)
    filler = frozenset(data.get("filler", ()))
    return Phrases(
        tuple(dict.fromkeys(patterns)),
        filler,
        frozenset(ids_of_word),
        {word: frozenset(ids) for word, ids in ids_of_word.items()},
    )


@dataclass(frozen=True)
class Match:
    pattern: Pattern
    places: tuple[int, ...]  # the indexes of the words the pattern took


def word_forms(answer: Sequence[Word], phrases: Phrases) -> list[frozenset[str]]:
    """Each word's forms: itself, its lemma, and the pattern words it is a slip of
    (taken only when they all belong to one id: "abcess" and "abscess" are one guess)."""
    forms = []
    for word in answer:
        found = {word.text, lemma(word.text)}
        if not found & phrases.vocabulary:
            close = nearest(word.text, phrases.vocabulary)
            shared = frozenset.intersection(*(phrases.ids_of_word[w] for w in close)) if (
                close) else frozenset()  # fmt: skip
            if shared:
                found |= {f for w in close for f in (w, lemma(w))}
        forms.append(frozenset(found))
    return forms


def find(pattern: Pattern, answer: Sequence[Word], forms: Sequence[frozenset[str]]) -> list[Match]:
    """Every match of ``pattern`` (leftmost first, each word taken at most once)."""
    found = []
    for start, first in enumerate(forms):
        if not first & pattern.places[0]:
            continue
        taken = [start]
        for place in pattern.places[1:]:
            last = taken[-1]
            nxt = next(
                (
                    i
                    for i in range(last + 1, min(last + 2 + MAX_GAP, len(forms)))
                    if forms[i] & place and answer[i].clause == answer[start].clause
                ),
                None,
            )
            if nxt is None:
                break
            taken.append(nxt)
        else:
            found.append(Match(pattern, tuple(taken)))
    return found
