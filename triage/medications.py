"""Read a medicine name as people write it and find it in the lexicon.

``match_medication("Tegretol 200 mg twice daily")`` finds carbamazepine. The rules:

1. The text is cut into words (lower case, accents dropped, digits split from letters,
   so "200mg" is "200 mg" and "5-FU" is "5 fu").
2. **Exact**: any run of words that spells a generic name, brand or alias wins; the
   longest run wins, then the earliest. Dose, form and schedule words around it are
   simply not part of the run, so they need no special handling.
3. **Fuzzy** (only when nothing matched exactly): each remaining word, or pair of
   words, of five letters or more that is not a dose/form/schedule word is compared
   with every lexicon name of five letters or more that starts with the same letter.
   Up to 1 typo is allowed for names of 5-7 letters and 2 for longer names (a typo is
   one letter added, dropped, changed, or two neighbours swapped). The guess is taken
   only when exactly one drug is within reach and no known look-alike medicine that
   is *not* in the lexicon is as close: "clozapene" is clozapine, but "quinidine" is
   not quinine and "olanzapine" is not clozapine.
4. Otherwise the medicine is **not recognised**: it is returned with ``drug=None``
   (the engine keeps it and warns; it is never dropped and never an error).
"""

from __future__ import annotations

import re
import unicodedata
from collections.abc import Iterable
from dataclasses import dataclass
from functools import cache
from typing import Literal

from rapidfuzz import process
from rapidfuzz.distance import OSA, Levenshtein

from triage.knowledge import Drug, load_knowledge

MatchKind = Literal["exact", "brand", "alias", "fuzzy", "none"]

# Fuzzy limits: names shorter than this are never guessed ("PTU", "MTX", "Lasix" is 5).
FUZZY_MIN_LETTERS = 5
# Names of this many letters or more may have two typos; shorter ones only one.
TWO_TYPOS_FROM_LETTERS = 8

# Words that describe dose, form or schedule. They never take part in a fuzzy guess,
# so "tablets" cannot be misread as a drug name.
_DOSE_FORM_SCHEDULE_TEXT = """
    mg mcg ug g gm gram grams ml l iu unit units mmol meq percent
    tablet tablets tab tabs capsule capsules cap caps pill pills injection injections inj
    infusion infusions iv im sc subcut subcutaneous po oral orally liquid syrup suspension
    solution drops cream gel patch inhaler er xr sr cr la xl mr dr ds ec odt ir chewable
    dispersible extended release delayed modified slow depot
    daily once twice three four times a per day days week weeks weekly nightly night nights
    morning mornings evening evenings bedtime every hour hours hourly hr hrs h q qd od bd bid
    tds tid qid qds prn as needed required when with and or of the in for on x stat mane
    nocte alternate month months monthly cycle cycles dose doses started stopped since last
    ago low high take taking takes usually then to by mouth from about maybe generic brand
    plus
"""
DOSE_FORM_SCHEDULE_WORDS = frozenset(_DOSE_FORM_SCHEDULE_TEXT.split())

# Real medicines that are NOT in the lexicon but look like a lexicon name. A fuzzy guess
# is refused when one of these is at least as close as the lexicon name (look-alike
# pairs from medication-error lists, e.g. quinidine/quinine, olanzapine/clozapine).
LOOKALIKES_NOT_IN_LEXICON = (
    "acyclovir",
    "azacitidine",
    "carbidopa",
    "chlorpropamide",
    "ciclosporin",
    "clomiphene",
    "clonazepam",
    "cyclosporine",
    "dacarbazine",
    "dapagliflozin",
    "hydralazine",
    "hydroxyzine",
    "lamivudine",
    "mesalamine",
    "metformin",
    "methadone",
    "olanzapine",
    "oxcarbazepine",
    "penicillamine",
    "prednisolone",
    "prednisone",
    "procarbazine",
    "protriptyline",
    "quetiapine",
    "quinidine",
    "sulfadiazine",
    "terbinafine",
    "trimipramine",
    "valacyclovir",
)


@dataclass(frozen=True)
class MedicationMatch:
    """What a free-text medicine name was read as.

    ``drug`` is None when the name was not recognised; ``matched_name`` is the lexicon
    spelling that matched (generic, brand or alias); ``score`` is 100 for an exact
    match, the similarity (0-100) for a fuzzy one, and 0 when nothing matched.
    """

    text: str
    drug: Drug | None
    matched_name: str | None
    how: MatchKind
    score: float


@dataclass(frozen=True)
class _Name:
    spelling: str  # as written in the lexicon
    drug: Drug | None  # None for a look-alike that is not in the lexicon
    how: MatchKind


def words(text: str) -> list[str]:
    """Split text into lower-case words, accents dropped, digits apart from letters."""
    ascii_text = unicodedata.normalize("NFKD", text).encode("ascii", "ignore").decode()
    return re.findall(r"[a-z]+|\d+(?:\.\d+)?", ascii_text.lower())


def name_key(text: str) -> str:
    """The form a name is indexed under: its words joined by single spaces."""
    return " ".join(words(text))


def _letters(key: str) -> int:
    return sum(ch.isalpha() for ch in key)


@cache
def name_index() -> dict[str, _Name]:
    """Every lexicon name by its key. Built once; a name shared by two drugs is an error."""
    index: dict[str, _Name] = {}
    for drug in load_knowledge().drugs:
        named: list[tuple[str, MatchKind]] = [(drug.generic, "exact")]
        named += [(brand, "brand") for brand in drug.brands]
        named += [(alias, "alias") for alias in drug.aliases]
        for spelling, how in named:
            key = name_key(spelling)
            held = index.get(key)
            if held is not None and held.drug != drug:
                other = held.drug.generic if held.drug else "?"
                raise ValueError(
                    f"medication name {spelling!r} belongs to both {other} and {drug.generic}"
                )
            if held is None:
                index[key] = _Name(spelling, drug, how)
    return index


@cache
def _fuzzy_pool() -> tuple[tuple[str, ...], tuple[_Name, ...]]:
    """Names long enough to be guessed at, plus the look-alikes that veto a guess."""
    keys: list[str] = []
    names: list[_Name] = []
    for key, name in name_index().items():
        if _letters(key) >= FUZZY_MIN_LETTERS:
            keys.append(key)
            names.append(name)
    for spelling in LOOKALIKES_NOT_IN_LEXICON:
        key = name_key(spelling)
        if key not in name_index():
            keys.append(key)
            names.append(_Name(spelling, None, "none"))
    return tuple(keys), tuple(names)


@cache
def _longest_name_words() -> int:
    return max(len(key.split()) for key in name_index())


def _exact(tokens: list[str]) -> _Name | None:
    index = name_index()
    for size in range(min(_longest_name_words(), len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            found = index.get(" ".join(tokens[start : start + size]))
            if found is not None:
                return found
    return None


def _candidates(tokens: list[str]) -> list[str]:
    """Words and word pairs that could be a misspelt name (no numbers, no dose words)."""
    runs: list[list[str]] = [[]]
    for token in tokens:
        if token.isalpha() and token not in DOSE_FORM_SCHEDULE_WORDS:
            runs[-1].append(token)
        else:
            runs.append([])
    found: list[str] = []
    for run in runs:
        for size in (1, 2):
            for start in range(len(run) - size + 1):
                candidate = " ".join(run[start : start + size])
                if _letters(candidate) >= FUZZY_MIN_LETTERS and candidate not in found:
                    found.append(candidate)
    return found


def allowed_typos(key: str) -> int:
    """How many typos a lexicon name of this spelling tolerates."""
    letters = _letters(key)
    if letters < FUZZY_MIN_LETTERS:
        return 0
    return 1 if letters < TWO_TYPOS_FROM_LETTERS else 2


def _fuzzy(tokens: list[str]) -> tuple[_Name, float] | None:
    keys, names = _fuzzy_pool()
    best_by_drug: dict[str, tuple[int, _Name, str, str]] = {}
    for candidate in _candidates(tokens):
        in_reach: list[tuple[int, _Name, str]] = []
        hits = process.extract(candidate, keys, scorer=OSA.distance, score_cutoff=2, limit=None)
        for key, distance, position in hits:
            if key[0] == candidate[0] and distance <= allowed_typos(key):
                in_reach.append((int(distance), names[position], key))
        lookalike = min((d for d, name, _ in in_reach if name.drug is None), default=None)
        for distance, name, key in in_reach:
            if name.drug is None or (lookalike is not None and lookalike <= distance):
                continue  # a medicine outside the lexicon is as close: do not guess
            held = best_by_drug.get(name.drug.generic)
            if held is None or distance < held[0]:
                best_by_drug[name.drug.generic] = (distance, name, key, candidate)
    if len(best_by_drug) != 1:
        return None  # nothing in reach, or two drugs in reach: do not guess
    _, name, key, candidate = next(iter(best_by_drug.values()))
    similarity = 100.0 * Levenshtein.normalized_similarity(candidate, key)
    return name, round(similarity, 1)


def match_medication(text: str) -> MedicationMatch:
    """Find a free-text medicine name in the lexicon (see the module docstring)."""
    tokens = words(text)
    exact = _exact(tokens)
    if exact is not None:
        return MedicationMatch(text, exact.drug, exact.spelling, exact.how, 100.0)
    guessed = _fuzzy(tokens)
    if guessed is not None:
        name, similarity = guessed
        return MedicationMatch(text, name.drug, name.spelling, "fuzzy", similarity)
    return MedicationMatch(text, None, None, "none", 0.0)


# Words and marks that join two medicines in one entry ("Bactrim and clozapine").
_ENTRY_SEPARATORS = re.compile(
    r"\s*(?:,|;|\+|&|/|\n|\band\b|\bwith\b|\bplus\b|\bor\b)\s*", re.IGNORECASE
)


def match_medication_entry(text: str) -> list[MedicationMatch]:
    """Match one free-text entry that may name several medicines.

    A dropped second name could hide a rule (clozapine after "Bactrim and …"), so an
    entry is split at commas, "+", "&", "/", line breaks, "and", "with", "plus" and "or" —
    unless the entry is one lexicon name ("trimethoprim/sulfamethoxazole") or those words
    are part of a lexicon name that the entry spells ("amoxicillin and clavulanate").
    """
    whole = match_medication(text)
    if whole.drug is not None and whole.matched_name:
        named = set(words(whole.matched_name))
        leftover = [w for w in words(text) if w not in named and w not in DOSE_FORM_SCHEDULE_WORDS]
        if not leftover:  # the entry is one lexicon name ("trimethoprim/sulfamethoxazole")
            return [whole]
    rest = text
    found: list[MedicationMatch] = []
    if (
        whole.drug is not None
        and whole.matched_name
        and _ENTRY_SEPARATORS.search(whole.matched_name)
    ):
        found.append(whole)
        rest = re.sub(re.escape(whole.matched_name), " ", text, count=1, flags=re.IGNORECASE)
    parts = [part for part in _ENTRY_SEPARATORS.split(rest) if part.strip()]
    if not found and len(parts) <= 1:
        return [whole]
    for part in parts:
        match = match_medication(part.strip())
        if match.drug is None and not _has_letters(part):
            continue  # a leftover dose such as "625 mg"
        if match.drug is None or all(
            other.drug is None or other.drug.generic != match.drug.generic for other in found
        ):
            found.append(match)
    return found or [whole]


def _has_letters(text: str) -> bool:
    words = [word for word in re.findall(r"[a-z]+", text.lower())]
    return any(word not in DOSE_FORM_SCHEDULE_WORDS for word in words)


def match_medications(texts: Iterable[str]) -> list[MedicationMatch]:
    """Match each entry in order (an entry may name several medicines); unrecognised
    names are kept with ``drug=None``."""
    return [match for text in texts for match in match_medication_entry(text)]
