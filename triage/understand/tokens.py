"""Words and clauses of a typed answer, each word with where it was in the text."""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

# Contractions and their careless spellings, read as the words they stand for. "cant"
# and "wont" are words too, but in a symptom answer they are contractions.
CONTRACTIONS = {
    "can't": "can not", "cant": "can not", "cannot": "can not", "couldn't": "could not",
    "couldnt": "could not", "won't": "will not", "wont": "will not", "don't": "do not",
    "dont": "do not", "doesn't": "does not", "doesnt": "does not", "didn't": "did not",
    "didnt": "did not", "isn't": "is not", "isnt": "is not", "aren't": "are not",
    "arent": "are not", "wasn't": "was not", "wasnt": "was not", "weren't": "were not",
    "haven't": "have not", "havent": "have not", "hasn't": "has not", "hasnt": "has not",
    "hadn't": "had not", "hadnt": "had not", "shouldn't": "should not", "wouldn't": "would not",
    "ain't": "is not", "i'm": "i am", "im": "i am", "he's": "he is", "hes": "he is",
    "she's": "she is", "shes": "she is", "it's": "it is", "i've": "i have", "ive": "i have",
    "i'd": "i would", "they're": "they are", "we're": "we are", "you're": "you are",
    "there's": "there is", "that's": "that is", "what's": "what is", "havnt": "have not",
    "hav'nt": "have not", "hasent": "has not", "didint": "did not", "dint": "did not",
    "dosent": "does not", "dosnt": "does not", "cudnt": "could not", "wasent": "was not",
}  # fmt: skip
WORD = re.compile(r"[a-z0-9]+(?:['’-][a-z0-9]+)*")
# ConText's terminators: a sentence's end, and words that turn to another finding ("no
# fever, just a cough").
CLAUSE_BREAK = re.compile(
    r"[.;!?\n]+|\bbut\b|\bhowever\b|\balthough\b|\bthough\b|,\s*(?:just|only)\b"
)


@dataclass(frozen=True)
class Word:
    """One word as matched (``text``, lower case, contractions expanded) and the span of
    the typed text it came from."""

    text: str
    start: int
    end: int
    clause: int


def fold(text: str) -> str:
    """Lower case, accents dropped, curly apostrophes made straight."""
    decomposed = unicodedata.normalize("NFKD", text.replace("’", "'").replace("‘", "'"))
    return "".join(c for c in decomposed if not unicodedata.combining(c)).lower()


def words(text: str) -> list[Word]:
    """The words of ``text`` in order, contractions expanded, each with its clause."""
    folded = fold(text)
    breaks = [match.start() for match in CLAUSE_BREAK.finditer(folded)]
    found: list[Word] = []
    for match in WORD.finditer(folded):
        clause = sum(1 for position in breaks if position <= match.start())
        raw = match.group().replace("’", "'")
        expanded = CONTRACTIONS.get(raw)
        if expanded is None and raw.endswith("n't"):
            expanded = raw[:-3] + " not"
        parts = (expanded or raw.replace("'s", "").replace("'d", "ed")).split()
        for part in parts:
            found.append(Word(part.strip("'-"), match.start(), match.end(), clause))
    return [word for word in found if word.text]


def comma_before(text: str, answer: list[Word], index: int) -> bool:
    """A comma between word ``index - 1`` and word ``index`` of the typed text."""
    return index > 0 and "," in fold(text)[answer[index - 1].end : answer[index].start]
