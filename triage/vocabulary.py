"""Symptom and condition words: from what people type to the ids the rules use.

Matching is exact after normalisation (case, surrounding spaces and punctuation,
apostrophes dropped, hyphens/underscores/spaces equivalent, a leading "a"/"an"/"the"
ignored) against each entry's id, label and synonyms in ``vocabulary.toml``. There is
deliberately no fuzzy acceptance: a wrong guess could silently under-triage (or
over-triage), so an unknown word is rejected with the closest ids suggested.
"""

from __future__ import annotations

import re
import unicodedata
from functools import cache
from typing import Any, Literal

from rapidfuzz import fuzz, process

from triage.knowledge import Condition, Symptom, load_knowledge

TermKind = Literal["symptom", "condition"]

MAX_SUGGESTIONS = 3
# Similarity (0-100) below which a vocabulary word is not worth suggesting.
SUGGESTION_CUTOFF = 75.0
# Abbreviations ("RA", "TB") are compared whole, never as part of a longer word, so
# "transplant" does not suggest rheumatoid arthritis because it contains "ra".
_PARTIAL_MATCH_MIN_LENGTH = 4

# A low temperature is a reading, not a symptom: the temperature field holds it, so that
# the rules can compare the number with the threshold. (Fever words are the symptom
# feels_feverish: a possible fever when nothing was measured.)
TEMPERATURE_WORDS = frozenset(
    {"low temperature", "low temp", "hypothermia", "feeling cold", "cold"}
)


class UnknownTerm(ValueError):
    """A symptom or condition word that the vocabulary does not hold."""

    def __init__(self, term: str, kind: TermKind, suggestions: list[str], hint: str = ""):
        self.term = term
        self.kind = kind
        self.suggestions = suggestions
        self.hint = hint
        message = f'unknown {kind} "{term}"'
        if hint:
            message += f": {hint}"
        if suggestions:
            message += f"{';' if hint else ':'} did you mean {', '.join(suggestions)}?"
        message += " (see `triage vocab`)"
        super().__init__(message)


_APOSTROPHES = "'’‘`´ʼ"
_ARTICLE = re.compile(r"^(?:a|an|the)\s+")
# How people start a sentence about themselves ("I feel unwell", "I'm shivering"):
# tried only when the whole words are not known, so "feeling hot" stays a synonym.
_FIRST_PERSON = re.compile(
    r"^(?:i\s+(?:feel|am\s+feeling|am|have\s+got|have|ve\s+got|think\s+i\s+have)"
    r"|im(?:\s+feeling)?|ive\s+got|feeling|feel|having)\s+"
)


def normalise_term(text: str) -> str:
    """The form a term is compared in: lower case, apostrophes dropped, single spaces.

    "Crohn's" and "crohns" are equal; so are "trouble_breathing", "Trouble-breathing"
    and " trouble breathing ".
    """
    folded = unicodedata.normalize("NFKC", text).lower()
    folded = folded.translate({ord(ch): None for ch in _APOSTROPHES})
    folded = re.sub(r"[\s_\-‐‑–—]+", " ", folded)
    folded = folded.strip(' .,;:!?"')
    return _ARTICLE.sub("", folded)


def _lookups(text: str) -> list[str]:
    """The keys to look a term up by: its normalised words, then without a first-person
    start ("I feel unwell" -> "unwell")."""
    key = normalise_term(text)
    stripped = _ARTICLE.sub("", _FIRST_PERSON.sub("", key))
    return [key, stripped] if stripped and stripped != key else [key]


def _spellings(entry: Symptom | Condition) -> list[str]:
    read_up = entry.read_up if isinstance(entry, Symptom) else ()
    return [entry.id, entry.label, *entry.synonyms, *read_up]


@cache
def _read_up_words() -> dict[str, str]:
    """Normalised vague word -> the emergency symptom id it is read as (triage up)."""
    return {
        normalise_term(word): symptom.id
        for symptom in load_knowledge().symptoms
        for word in symptom.read_up
    }


def read_up_reading(text: str) -> str | None:
    """The emergency symptom id a vague word is read as ("lightheaded" -> fainting), or
    None when ``text`` is not such a word (clinical-rules §10)."""
    return next((_read_up_words()[key] for key in _lookups(text) if key in _read_up_words()), None)


def read_up_warning(text: str) -> str:
    """The warning that names a vague word and how it was read."""
    symptom_id = read_up_reading(text)
    if symptom_id is None:
        raise KeyError(text)
    symptom = load_knowledge().symptom(symptom_id)
    return (
        f'"{text.strip()}" was read as {symptom.label}, an emergency sign, to be safe; '
        "tell your provider exactly how you feel"
    )


@cache
def _index(kind: TermKind) -> dict[str, str]:
    """Normalised spelling -> id. A spelling shared by two ids is a data error."""
    knowledge = load_knowledge()
    entries: tuple[Symptom | Condition, ...] = (
        knowledge.symptoms if kind == "symptom" else knowledge.conditions
    )
    index: dict[str, str] = {}
    for entry in entries:
        for spelling in _spellings(entry):
            key = normalise_term(spelling)
            if index.setdefault(key, entry.id) != entry.id:
                raise ValueError(
                    f"{kind} word {spelling!r} belongs to both {index[key]} and {entry.id}"
                )
    return index


@cache
def _suggestion_pool(kind: TermKind) -> tuple[tuple[str, ...], tuple[str, ...]]:
    """Spellings to compare an unknown term with, and the id each one suggests."""
    index = _index(kind)
    keys = list(index)
    ids = [index[key] for key in keys]
    knowledge = load_knowledge()
    entries: tuple[Symptom | Condition, ...] = (
        knowledge.symptoms if kind == "symptom" else knowledge.conditions
    )
    for entry in entries:
        for word in entry.suggested_for:
            keys.append(normalise_term(word))
            ids.append(entry.id)
    return tuple(keys), tuple(ids)


def _closeness(term: str, word: str, **_: Any) -> float:
    if min(len(term), len(word)) < _PARTIAL_MATCH_MIN_LENGTH:
        return fuzz.ratio(term, word)
    return fuzz.WRatio(term, word)


def suggest(term: str, kind: TermKind) -> list[str]:
    """Up to three ids whose id, label, synonyms or suggestion words are closest."""
    keys, ids = _suggestion_pool(kind)
    key = normalise_term(term)
    if not key:
        return []
    hits = process.extract(key, keys, scorer=_closeness, score_cutoff=SUGGESTION_CUTOFF, limit=None)
    # Exact suggestion words first, then by score, then alphabetically for stability.
    ranked = sorted(hits, key=lambda hit: (hit[0] != key, -hit[1], ids[hit[2]]))
    found: list[str] = []
    for _, _, position in ranked:
        if ids[position] not in found:
            found.append(ids[position])
        if len(found) == MAX_SUGGESTIONS:
            break
    return found


def _resolve(text: str, kind: TermKind) -> str:
    index = _index(kind)
    for key in _lookups(text):
        if key in index:
            return index[key]
    hint = ""
    if normalise_term(text) in TEMPERATURE_WORDS:
        hint = (
            "a low temperature is not a symptom word here; give the temperature "
            "reading instead (for example temperature 38.4 with unit C)"
        )
    raise UnknownTerm(text, kind, suggest(text, kind), hint)


def resolve_symptom(text: str) -> str:
    """The symptom id for an id, label or everyday word; raises :class:`UnknownTerm`."""
    return _resolve(text, "symptom")


@cache
def _other_index() -> dict[str, str]:
    """Normalised spelling -> other-condition id; never a spelling of a condition."""
    conditions = _index("condition")
    index: dict[str, str] = {}
    for entry in load_knowledge().other_conditions:
        for spelling in (entry.id, entry.label, *entry.synonyms):
            key = normalise_term(spelling)
            if key in conditions:
                raise ValueError(f"other condition word {spelling!r} is a condition's word")
            index[key] = entry.id
    return index


def resolve_other_condition(text: str) -> str | None:
    """The id of a known condition that is not a cause of a low count ("epilepsy"), or
    None. The interview notes these; they never go into a case."""
    return _other_index().get(normalise_term(text))


def resolve_condition(text: str) -> str:
    """The condition id for an id, label or everyday word; raises :class:`UnknownTerm`."""
    return _resolve(text, "condition")


def vocabulary_listing() -> dict[str, Any]:
    """Everything a user may type, JSON-safe, for the ``triage vocab`` command."""
    knowledge = load_knowledge()
    classes: dict[str, list[dict[str, Any]]] = {}
    for drug in sorted(knowledge.drugs, key=lambda d: (d.drug_class, d.generic.lower())):
        classes.setdefault(drug.drug_class, []).append(
            {"generic": drug.generic, "brands": list(drug.brands), "aliases": list(drug.aliases)}
        )
    return {
        "symptoms": [
            {
                "id": s.id,
                "label": s.label,
                "group": s.group,
                "synonyms": list(s.synonyms),
            }
            for s in knowledge.symptoms
        ],
        "conditions": [
            {
                "id": c.id,
                "label": c.label,
                "category": c.category,
                "flags": [
                    flag
                    for flag in ("neutropenia_prone", "on_chemotherapy", "transplant_may_help")
                    if getattr(c, flag)
                ],
                "synonyms": list(c.synonyms),
            }
            for c in knowledge.conditions
        ],
        "medication_classes": [
            {"class": name, "drugs": drugs} for name, drugs in sorted(classes.items())
        ],
    }
