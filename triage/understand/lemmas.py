"""Word forms and spelling slips: each word's lemma (simplemma, a lemmatizer made for
this), and a slip put right when a word is no English word and is one or two letters
from a word the patterns use (rapidfuzz)."""

from __future__ import annotations

from collections.abc import Iterable
from functools import cache, lru_cache
from typing import Any

from rapidfuzz import process
from rapidfuzz.distance import OSA

LANGUAGE = "en"
# A slip is only guessed in a word this long or longer that is no English word, by at
# most one letter (added, dropped, changed, or two neighbours swapped) up to seven
# letters and two from eight (as medicine names are: triage/medications.py).
SLIP_MIN_LETTERS = 4
TWO_SLIPS_FROM_LETTERS = 8
LEMMAS_REMEMBERED = 8192


@cache
def _simplemma() -> Any:
    import simplemma  # loaded on first use: `triage --help` never pays for it

    return simplemma


def warm() -> None:
    """Load the lemma dictionary now (it takes a few hundred milliseconds once)."""
    lemma("breathing")


@lru_cache(maxsize=LEMMAS_REMEMBERED)
def lemma(word: str) -> str:
    """The word's lemma (fainted -> faint); numbers and unknown words as they are."""
    if not word.isalpha():
        return word
    return str(_simplemma().lemmatize(word, lang=LANGUAGE)).lower()


@lru_cache(maxsize=LEMMAS_REMEMBERED)
def known_word(word: str) -> bool:
    return bool(_simplemma().is_known(word, lang=LANGUAGE))


def allowed_slips(word: str) -> int:
    return 2 if len(word) >= TWO_SLIPS_FROM_LETTERS else 1


def nearest(word: str, vocabulary: Iterable[str]) -> list[str]:
    """The pattern words that ``word`` may be a slip of (all at the smallest distance),
    when it is no English word; otherwise none."""
    if len(word) < SLIP_MIN_LETTERS or not word.isalpha() or known_word(word):
        return []
    limit = allowed_slips(word)
    choices = [w for w in vocabulary if len(w) >= SLIP_MIN_LETTERS and w[0] == word[0]]
    close = process.extract(word, choices, scorer=OSA.distance, score_cutoff=limit, limit=None)
    if not close:
        return []
    best = min(distance for _, distance, _ in close)
    return sorted(str(choice) for choice, distance, _ in close if distance == best)
