"""Read a medicine name as people write it and find it in the lexicon.

``match_medication("Tegretol 200 mg twice daily")`` finds carbamazepine. The rules:

1. The text is cut into words (lower case, accents dropped, digits split from letters,
   so "200mg" is "200 mg" and "5-FU" is "5 fu").
2. **Exact**: any run of words that spells a generic name, brand or alias wins; the
   longest run wins, then the earliest. Dose, form and schedule words around it are
   simply not part of the run, so they need no special handling.
   **As a pharmacy prints it**: the same search is made once more with every number and
   dose/form/schedule word taken out, so that the parts of a combination product
   written with their doses between them are found as one medicine
   ("sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet" is the alias
   "sulfamethoxazole/trimethoprim"). That reading is used only when it spells a longer
   name than the text as written ("amoxicillin 500 MG / clavulanate 125 MG" is
   amoxicillin-clavulanate, not amoxicillin).
3. **Fuzzy** (only when nothing matched exactly): each remaining word, or pair of
   words, of five letters or more that is not a dose/form/schedule/route word is
   compared with every lexicon name of five letters or more that starts with the same
   letter. Up to 1 typo is allowed for names of 5-7 letters and 2 for longer names (a
   typo is one letter added, dropped, changed, or two neighbours swapped). The guess is
   taken only when exactly one drug is within reach and no known look-alike medicine
   that is *not* in the lexicon is as close: "clozapene" is clozapine, but "quinidine"
   is not quinine and "olanzapine" is not clozapine.
4. Otherwise the medicine is **not recognised**: it is returned with ``drug=None``
   (the engine keeps it and warns; it is never dropped and never an error).

**Route words** (clinical-rules §6): ``local_route`` is True when the text says the
medicine is used as a local form: a cream, ointment, gel, lotion, foam or other skin
preparation; an inhaler, puffer, puffs or nebules; a spray; eye, ear or nose drops; an
enema, suppository or rectal foam; or an injection into a joint ("joint injection",
"into the knee", "intra-articular"). A steroid so named never counts as a tablet. When
the text also names a form taken by mouth or injected elsewhere ("tablets", "oral",
"IV", "injection" not into a joint), ``local_route`` stays False: in doubt the medicine
counts. A brand that is only a local form (Fostair, Pred Forte) is flagged in the
lexicon instead (``Drug.local_form``).
"""

from __future__ import annotations

import dataclasses
import itertools
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

# Words that describe dose, form, route or schedule, including the words a pharmacy
# prints ("Oral Tablet", "film coated", "MCG/ACTUAT") and every route word below. They
# never take part in a fuzzy guess, so "tablets" or "nebules" cannot be misread as a drug
# name, and they are taken out of the text for the second, pharmacy-print search.
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
    microgram micrograms milligram milligrams nanogram nanograms actuat actuation
    actuations metered film coated enteric gastro resistant prolonged orodispersible
    disintegrating effervescent granules powder sachet sachets vial vials ampoule ampoules
    syringe syringes prefilled pre filled pen pens auto injector autoinjector kit pack
    concentrate injectable nasal transdermal intra articular scalp application
    applications hydrochloride hcl sulfate sulphate phosphate succinate citrate mesylate
    maleate tartrate fumarate besylate malate tosylate
"""

# Route words of a local form (clinical-rules §6): one word is enough ...
_LOCAL_ROUTE_TEXT = """
    cream creams ointment ointments gel gels lotion lotions foam mousse shampoo topical
    topically inhaler inhalers inhaled inhalation inhalations puffer puffers puff puffs
    nebule nebules nebuliser nebulisers nebulizer nebulizers nebulised nebulized nebs
    accuhaler turbohaler evohaler ellipta easyhaler spiromax nexthaler diskus modulite
    spray sprays drops drop eyedrops eardrops ophthalmic otic enema enemas suppository
    suppositories rectal mouthwash oromucosal intraarticular intravitreal intralesional
"""
LOCAL_ROUTE_WORDS = frozenset(_LOCAL_ROUTE_TEXT.split())
# ... or a run of words, or an injection into a joint (below).
LOCAL_ROUTE_PHRASES: tuple[tuple[str, ...], ...] = (("scalp", "application"),)
# An injection into a joint is local: "<joint> injection", "into (the|my|a) <joint>".
# Not "shoulder" or "hip" alone: an injection into a muscle is given there too (it
# counts), so only "shoulder joint" or "hip joint" is a joint.
JOINT_WORDS = frozenset(
    {"joint", "joints", "knee", "knees", "elbow", "elbows", "wrist", "wrists", "ankle"}
    | {"ankles", "finger", "fingers", "thumb", "thumbs"}
)
_MUSCLE_OR_JOINT = frozenset({"shoulder", "shoulders", "hip", "hips"})
_INJECTION_WORDS = frozenset({"injection", "injections", "inj", "injected", "jab", "jabs"})
# Forms taken by mouth or injected elsewhere: beside a route word they win (in doubt,
# the medicine counts). "oral inhalation" and a joint injection are not among them.
_SYSTEMIC_ROUTE_TEXT = """
    tablet tablets tab tabs capsule capsules caps pill pills oral orally po iv im
    intravenous intramuscular infusion infusions drip syrup soluble dispersible
"""
SYSTEMIC_ROUTE_WORDS = frozenset(_SYSTEMIC_ROUTE_TEXT.split()) | _INJECTION_WORDS
DOSE_FORM_SCHEDULE_WORDS = (
    frozenset(_DOSE_FORM_SCHEDULE_TEXT.split()) | LOCAL_ROUTE_WORDS | SYSTEMIC_ROUTE_WORDS
)

# Real medicines that are NOT in the lexicon but look like a lexicon name. A fuzzy guess
# is refused when one of these is at least as close as the lexicon name (look-alike
# pairs from medication-error lists, e.g. quinidine/quinine, olanzapine/clozapine).
LOOKALIKES_NOT_IN_LEXICON = (
    "acyclovir",
    "carbidopa",
    "chlorpropamide",
    "clomiphene",
    "clonazepam",
    "dapagliflozin",
    "dupilumab",
    "hydralazine",
    "hydroxyzine",
    "lamivudine",
    "mepolizumab",
    "mesalamine",
    "metformin",
    "methadone",
    "olanzapine",
    "oxcarbazepine",
    "omalizumab",
    "penicillamine",
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
    ``local_route`` is True when the text names a local form (see the module docstring),
    whatever was matched.
    """

    text: str
    drug: Drug | None
    matched_name: str | None
    how: MatchKind
    score: float
    local_route: bool = False  # the text names a local form: cream, inhaler, eye drops ...


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


def _longest_run(tokens: list[str]) -> tuple[_Name, int] | None:
    """The longest run of words that spells a lexicon name (then the earliest), and its
    length in words."""
    index = name_index()
    for size in range(min(_longest_name_words(), len(tokens)), 0, -1):
        for start in range(len(tokens) - size + 1):
            found = index.get(" ".join(tokens[start : start + size]))
            if found is not None:
                return found, size
    return None


def is_dose_word(token: str) -> bool:
    """A number, or a dose, form, route or schedule word."""
    return not token.isalpha() or token in DOSE_FORM_SCHEDULE_WORDS


def _exact(tokens: list[str]) -> _Name | None:
    """The text as written, then as a pharmacy prints it: without its numbers and
    dose/form words, which may stand between the parts of one medicine. The second
    reading is used only when it spells a longer name."""
    as_written = _longest_run(tokens)
    bare = _longest_run([token for token in tokens if not is_dose_word(token)])
    if bare is not None and (as_written is None or bare[1] > as_written[1]):
        return bare[0]
    return as_written[0] if as_written is not None else None


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


_DETERMINERS = frozenset({"the", "my", "a", "his", "her", "their", "your", "both"})


def _joint_injection(tokens: list[str]) -> bool:
    """An injection into a joint: "joint injection", "knee jab", "into the knee",
    "injection in my knee", "into the shoulder joint", "intra-articular" (words() cuts it
    into two words)."""
    has_injection = any(token in _INJECTION_WORDS for token in tokens)
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in JOINT_WORDS and nxt in _INJECTION_WORDS:
            return True
        if token in ("into", "in") and (token == "into" or has_injection):
            place = tokens[i + 1 : i + 4]
            if place[:1] and place[0] in _DETERMINERS:
                place = place[1:]
            if place[:1] and place[0] in JOINT_WORDS:
                return True
            if place[:1] and place[0] in _MUSCLE_OR_JOINT and place[1:2] == ["joint"]:
                return True  # "into the shoulder joint"
        if token == "intraarticular" or (token, nxt) == ("intra", "articular"):
            return True
    return False


def local_route(text: str) -> bool:
    """Whether the text names a local form (see the module docstring): a route word or
    a joint injection, and no form taken by mouth or injected elsewhere beside it."""
    tokens = words(text)
    pairs = set(itertools.pairwise(tokens))
    joint = _joint_injection(tokens)
    local = (
        joint
        or any(token in LOCAL_ROUTE_WORDS for token in tokens)
        or any(phrase in pairs for phrase in LOCAL_ROUTE_PHRASES)
    )
    if not local:
        return False
    for i, token in enumerate(tokens):
        nxt = tokens[i + 1] if i + 1 < len(tokens) else ""
        if token in _INJECTION_WORDS and joint:
            continue  # the injection is the joint injection
        if token == "oral" and nxt.startswith("inhal"):
            continue  # "for oral inhalation": an inhaler
        if token in SYSTEMIC_ROUTE_WORDS or (token, nxt) == ("by", "mouth"):
            return False
    return True


def match_medication(text: str) -> MedicationMatch:
    """Find a free-text medicine name in the lexicon (see the module docstring)."""
    tokens = words(text)
    local = local_route(text)
    exact = _exact(tokens)
    if exact is not None:
        return MedicationMatch(text, exact.drug, exact.spelling, exact.how, 100.0, local)
    guessed = _fuzzy(tokens)
    if guessed is not None:
        name, similarity = guessed
        return MedicationMatch(text, name.drug, name.spelling, "fuzzy", similarity, local)
    return MedicationMatch(text, None, None, "none", 0.0, local)


# Words and marks that join two medicines in one entry ("Bactrim and clozapine").
_ENTRY_SEPARATORS = re.compile(
    r"\s*(?:,|;|\+|&|/|\n|\band\b|\bwith\b|\bplus\b|\bor\b)\s*", re.IGNORECASE
)


def match_medication_entry(text: str) -> list[MedicationMatch]:
    """Match one free-text entry that may name several medicines.

    A dropped second name could hide a rule (clozapine after "Bactrim and …"), so an
    entry is split at commas, "+", "&", "/", line breaks, "and", "with", "plus" and "or" —
    unless the entry is one lexicon name with its doses ("trimethoprim/sulfamethoxazole",
    "sulfamethoxazole 800 MG / trimethoprim 160 MG Oral Tablet") or those words are part
    of a lexicon name that the entry spells ("amoxicillin and clavulanate 625 mg with
    clozapine"). The medicines are returned in the order the entry names them.
    """
    whole = match_medication(text)
    span = None
    if whole.drug is not None and whole.matched_name:
        if not _names_more(text, whole.drug, whole.matched_name):
            return [whole]  # one medicine and its doses ("trimethoprim/sulfamethoxazole")
        if len(words(whole.matched_name)) > 1:  # keep such a name whole ("amoxicillin and")
            span = _name_span(text, whole.matched_name)
    masked = text if span is None else f"{text[: span[0]]}{_HELD}{text[span[1] :]}"
    parts = [part for part in _ENTRY_SEPARATORS.split(masked) if part.strip()]
    if span is None and len(parts) <= 1:
        return [whole]
    found: list[MedicationMatch] = []
    for part in parts:
        if span is not None and _HELD in part:
            named_part = part.replace(_HELD, text[span[0] : span[1]]).strip()
            match = dataclasses.replace(whole, text=named_part, local_route=local_route(named_part))
        else:
            match = match_medication(part.strip())
            if match.drug is None and not _has_letters(part):
                continue  # a leftover dose such as "625 mg"
        if match.drug is None or all(
            other.drug is None or other.drug.generic != match.drug.generic for other in found
        ):
            found.append(match)
    return found or [whole]


def _names_more(text: str, drug: Drug, name: str) -> bool:
    """Whether ``text`` holds words besides ``name`` and dose text, other than more names
    of the same ``drug`` ("trimethoprim 160 MG / sulfamethoxazole 800 MG [Bactrim DS]")."""
    named = set(words(name))
    leftover = [w for w in words(text) if w not in named and not is_dose_word(w)]
    while leftover:
        again = _exact(leftover)
        if again is None or again.drug != drug:
            return True
        named = set(words(again.spelling))
        rest = [w for w in leftover if w not in named]
        if len(rest) == len(leftover):
            return True
        leftover = rest
    return False


# Stands for a lexicon name while the rest of its entry is split (never typed by anyone).
_HELD = "\x00"


@cache
def _filler() -> str:
    """What may stand between the words of one name: numbers, marks and dose words."""
    dose = "|".join(sorted(DOSE_FORM_SCHEDULE_WORDS, key=len, reverse=True))
    return rf"(?:[^a-z]|(?<![a-z])(?:{dose})(?![a-z]))*?"


def _name_span(text: str, name: str) -> tuple[int, int] | None:
    """Where the words of ``name`` stand in ``text``, with only numbers and dose words
    between them (None when the text spells them otherwise, e.g. with accents)."""
    parts = []
    for word in words(name):
        edge = "0-9." if word[0].isdigit() else "a-z"
        parts.append(rf"(?<![{edge}]){re.escape(word)}(?![{edge}])")
    found = re.search(_filler().join(parts), text, flags=re.IGNORECASE)
    return (found.start(), found.end()) if found else None


def _has_letters(text: str) -> bool:
    words = [word for word in re.findall(r"[a-z]+", text.lower())]
    return any(word not in DOSE_FORM_SCHEDULE_WORDS for word in words)


def match_medications(texts: Iterable[str]) -> list[MedicationMatch]:
    """Match each entry in order (an entry may name several medicines); unrecognised
    names are kept with ``drug=None``."""
    return [match for text in texts for match in match_medication_entry(text)]
