"""Symptom and condition words: from what people type to the ids the rules use.

Matching is exact after normalisation (case, surrounding spaces and punctuation,
apostrophes dropped, hyphens/underscores/spaces equivalent, a leading "a"/"an"/"the"
ignored) against each entry's id, label and synonyms in ``vocabulary.toml``. There is
deliberately no fuzzy acceptance: a wrong guess could silently under-triage (or
over-triage), so an unknown word is rejected with the closest ids suggested.

A condition may be said with words that place it in the past ("leukaemia in remission,
treated 10 years ago"): :func:`read_condition` resolves the condition and says whether
those words make it history, which does not count (clinical-rules §1, neutropenia-prone
history; §7).
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass
from datetime import date
from functools import cache
from typing import TYPE_CHECKING, Any, Literal

from rapidfuzz import fuzz, process

from triage.knowledge import EMERGENCY_GROUP, Condition, Symptom, load_knowledge
from triage.thresholds import RECENT_CHEMO_DAYS

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


if TYPE_CHECKING:
    from triage.understand import Understanding


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
    if symptom.group != EMERGENCY_GROUP:  # "achy" read as feeling unwell (§7)
        return (
            f'"{text.strip()}" was read as {symptom.label}, to be safe; tell your provider '
            "exactly how you feel, and whether it is new"
        )
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


def symptom_reading(text: str) -> Understanding:
    """What a sentence says of symptoms (:func:`triage.understand.understand`)."""
    from triage.understand import understand  # loaded when a sentence needs it

    return understand(text, ("symptom",))


def condition_reading(text: str) -> Understanding:
    """What a sentence says of conditions (:func:`triage.understand.understand`)."""
    from triage.understand import understand

    return understand(text, ("condition", "other_condition"))


def read_symptoms(text: str) -> tuple[list[str], list[str], list[str]]:
    """The symptom ids ``text`` says, those it denies or imagines ("no fever", "if I
    get a rash"), and the read-up words in it ("floppy"): exact words first, then the
    sentence read by :mod:`triage.understand`. Raises :class:`UnknownTerm` for a part
    that is not understood (the first such part, with suggestions)."""
    try:
        return [resolve_symptom(text)], [], []
    except UnknownTerm as refused:
        if refused.hint:
            raise
        reading = symptom_reading(text)
        if reading.unknown or not reading.found:
            term = reading.unknown[0] if reading.unknown else text
            raise UnknownTerm(term, "symptom", suggest(term, "symptom")) from None
        read_up = [f.words for f in reading.found if f.read_up and f.status == "asserted"]
        return list(reading.asserted), list(reading.not_asserted), read_up


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
    """The condition id for an id, label or everyday word; raises :class:`UnknownTerm`.

    A condition said as history ("leukaemia in remission, treated 10 years ago") gives its
    id too: only :func:`read_condition` tells that it is history, which does not count.
    """
    return read_condition(text).id


# Conditions said as history (clinical-rules §1, neutropenia-prone history; §7) ------------


@dataclass(frozen=True)
class ConditionReading:
    """A condition as someone said it.

    ``id`` is the condition; ``history`` is True when the words said with it place it in
    the past, so that it does not count ("in remission", "treated 10 years ago", "history
    of", "had ... as a child"); ``qualifier`` holds those words and any other time or
    status words found ("in remission, treated 10 years ago"; "treated 6 months ago" with
    ``history`` False), in lower case, or "" when there were none.
    """

    id: str
    history: bool
    qualifier: str


# How long after a condition it still counts (clinical-rules §1): a blood cancer while
# active, on treatment or treated within 12 months; a stem cell transplant within 24
# months; anticancer treatment (the conditions that mean "being treated now") within six
# weeks; a central line while it is in. A time said that may fall inside the window keeps
# the condition: "unknown counts".
BLOOD_CANCER_WINDOW_DAYS = 365
STEM_CELL_TRANSPLANT_WINDOW_DAYS = 730
STEM_CELL_TRANSPLANT = "stem_cell_transplant"
# Conditions that count whatever is said about the past: §1 names bone marrow failure and
# congenital and cyclic neutropenia "always"; a transplanted organ stays, and so does the
# medicine that keeps it (IDSA 2013, Rubin: transplant recipients). Every condition that
# makes the person immunosuppressed is lasting too.
LASTING_CONDITIONS = frozenset(
    {"bone_marrow_failure", "congenital_neutropenia", "cyclic_neutropenia", "organ_transplant"}
)

_NUMBERS = {
    "a": 1, "an": 1, "one": 1, "two": 2, "three": 3, "four": 4, "five": 5, "six": 6,
    "seven": 7, "eight": 8, "nine": 9, "ten": 10, "eleven": 11, "twelve": 12,
    "fifteen": 15, "twenty": 20, "thirty": 30, "forty": 40, "fifty": 50,
    # "A few years ago" is at least two years (the fewest it can mean).
    "a few": 2, "few": 2, "a couple of": 2, "a couple": 2, "couple of": 2, "several": 2,
    "some": 2, "many": 10,
}  # fmt: skip
_UNIT_DAYS = {"day": 1, "week": 7, "month": 30, "year": 365, "yr": 365, "decade": 3650}
_COUNT = "|".join(sorted((re.escape(word) for word in _NUMBERS), key=len, reverse=True))
_AT_LEAST = r"(?:about|around|roughly|over|more\s+than|at\s+least|some)\s+"
_AT_MOST = r"(?:nearly|almost|under|less\s+than|not\s+even)\s+"
_VERB = (
    r"(?:(?:it\s+)?(?:was|were|been)\s+)?"
    r"(?P<verb>treated|treatment\s+ended|treatment\s+finished|finished\s+treatment|finished"
    r"|ended|stopped|completed\s+treatment|completed|had\s+it|had|diagnosed)\s+"
)
# Each pattern: a kind and a compiled pattern on the normalised text, tried in this order
# (a phrase found is blanked out before the next pattern is tried).
#   current: the condition is active now: never history.
#   ago: a time (``count`` ``unit`` ago, or a year); history when surely past the window.
#   recent: a time that may be inside any window ("last year", "in the last 6 months").
#   long_ago: "as a child", "years ago", "a long time ago": past any window.
#   past: words that place it in the past without a time ("in remission", "history of").
#   removed: "removed", "taken out": history for a central line only (a cancer "removed"
#     may still be treated).
#   diagnosed: a time said beside it is when it began, not when it ended.
_QUALIFIERS: tuple[tuple[str, re.Pattern[str]], ...] = tuple(
    (kind, re.compile(rf"(?<![\w/])(?:{pattern})(?![\w/])"))
    for kind, pattern in (
        ("current", r"(?:not\s+(?:yet\s+)?in|out\s+of|(?:in\s+)?(?:partial|partly))\s+"
                    r"remission"),
        ("current", r"(?:since|for)\s+(?:(?:the\s+)?(?:last|past)\s+)?"
                    rf"(?:(?:{_COUNT}|\d+)\s+)?(?:years?|yrs?|months?|weeks?|days?|decades?)"),
        ("current", r"since\s+(?:(?:19|20)\d\d|childhood|i\s+was\s+(?:a\s+)?\w+|birth)"),
        ("recent", r"(?:(?:treated|diagnosed|had\s+it|finished)\s+)?(?:with)?in\s+the\s+"
                   r"(?:last|past)\s+(?:(?:" + _COUNT + r"|\d+)\s+)?"
                   r"(?:years?|yrs?|months?|weeks?|days?)"),
        ("ago", rf"(?:{_VERB})?(?P<bound>{_AT_LEAST}|{_AT_MOST})?"
                rf"(?P<count>\d+|{_COUNT})\s*(?P<unit>year|yr|month|week|day|decade)s?"
                r"\s+(?:ago|back)"),
        ("ago", rf"(?:{_VERB})?(?:(?:back\s+)?in\s+|during\s+)?(?P<year>(?:19|20)\d\d)"),
        ("recent", rf"(?:{_VERB})?(?:last|this)\s+(?:year|month|week)|recently"),
        ("long_ago", rf"(?:{_VERB})?(?:years|decades|a\s+long\s+time|long)\s+(?:ago|back)"),
        ("long_ago", r"(?:as\s+a|when\s+i\s+was\s+(?:a\s+)?)\s*"
                     r"(?:child|kid|baby|toddler|teenager|teen|little|young|boy|girl)"
                     r"|in\s+(?:my\s+)?(?:childhood|teens|youth)"),
        ("past", r"(?:(?:now|currently|still)\s+)?(?:in\s+)?(?:complete\s+|full\s+)?"
                 r"remission|cured|all\s+clear|resolved|recovered(?:\s+from)?"
                 r"|(?:a\s+|my\s+)?(?:past\s+)?(?:history|hx)\s+of|h/o"
                 r"|previous(?:ly)?|prior|(?:in\s+the\s+)?past|former(?:ly)?"),
        ("removed", r"(?:(?:was|been|now)\s+)?(?:removed|taken\s+out)"),
        ("current", r"(?:newly|recently|just)\s+diagnosed|new\s+diagnosis|relapsed?"
                    r"|(?:has\s+)?come\s+back|came\s+back|recurrence|recurrent|active"
                    r"|ongoing|currently|current|still|(?:on|under|having|in|being)\s+"
                    r"(?:treatment|maintenance)|being\s+treated|watch\s+and\s+wait|now"),
        ("diagnosed", r"diagnosed(?:\s+with)?"),
    )
)  # fmt: skip
# Words left around a condition once its qualifiers are taken out ("had ... as a child",
# "my leukaemia is in remission").
_FILLER = frozenset(
    (
        "and", "but", "which", "that", "was", "were", "is", "it", "its", "been", "i", "ive",
        "id", "had", "have", "has", "got", "my", "with", "for", "of", "from", "treated", "a",
        "an", "the",
    )
)  # fmt: skip


_LIST_WORDS = frozenset(("and", "but"))
_ARTICLES = frozenset(("a", "an", "the"))


@dataclass(frozen=True)
class _Found:
    kind: str
    start: int
    words: str
    days: int | None = None  # ago: the fewest days it can be
    verb: str = ""


def _found_days(match: re.Match[str], today: date) -> int | None:
    groups = match.groupdict()
    if groups.get("year"):
        year = int(groups["year"])
        return max((today - date(year, 12, 31)).days, 0) if year <= today.year else 0
    bound = (groups.get("bound") or "").strip()
    if bound and re.match(_AT_MOST, bound + " "):
        return 0  # "less than 2 years ago": it could be last week
    count = groups["count"]
    number = int(count) if count.isdigit() else _NUMBERS[re.sub(r"\s+", " ", count)]
    return number * _UNIT_DAYS[groups["unit"]]


def _qualifiers(key: str, today: date, skip: tuple[str, ...] = ()) -> tuple[list[_Found], str]:
    """The qualifiers in normalised ``key``, in the order said, and what is left; the
    kinds in ``skip`` are left in the text."""
    blank = "\0"
    text = key
    found: list[_Found] = []
    for kind, pattern in _QUALIFIERS:
        if kind in skip:
            continue
        for match in pattern.finditer(text):
            days = _found_days(match, today) if kind == "ago" else None
            verb = (match.groupdict().get("verb") or "").split(" ")[0]
            found.append(_Found(kind, match.start(), match.group(0), days, verb))
        text = pattern.sub(lambda m: blank * len(m.group(0)), text)
    words = re.sub(r"[(\[]\s*[)\]]", " ", text.replace(blank, " ")).split()

    def filler(word: str, first: bool) -> bool:
        bare = word.strip(",;:.()[]")
        if not bare or re.search(r"[()\[\]]", word):  # "(born with it)" is the label's
            return not bare
        if first:  # a list word first ("..., and leukaemia"): they qualify another item
            return bare in _FILLER and bare not in _LIST_WORDS
        return bare in _FILLER and bare not in _ARTICLES  # "hep A"

    while words and filler(words[0], first=True):
        words.pop(0)
    while words and filler(words[-1], first=False):
        words.pop()
    rest = re.sub(r"\s+([,;:])", r"\1", " ".join(words)).strip(" ,;:")
    return sorted(found, key=lambda f: f.start), rest


def _window_days(condition: Condition) -> int | None:
    """How many days after it a condition still counts; None: it always counts."""
    if condition.id in LASTING_CONDITIONS or condition.immunosuppressing:
        return None
    if condition.on_chemotherapy:
        return RECENT_CHEMO_DAYS
    if condition.vascular_access:
        return 0
    if condition.id == STEM_CELL_TRANSPLANT:
        return STEM_CELL_TRANSPLANT_WINDOW_DAYS
    return BLOOD_CANCER_WINDOW_DAYS


def _is_history(condition: Condition, found: list[_Found]) -> bool:
    """Whether the qualifiers place ``condition`` surely in the past (triage up: a time
    that may be inside the window, or any word saying it is active, keeps it)."""
    window = _window_days(condition)
    if window is None or any(f.kind in ("current", "recent") for f in found):
        return False
    times = [f for f in found if f.kind == "ago"]
    diagnosed = any(f.kind == "diagnosed" for f in found)
    # A time of diagnosis says when it began, not when it ended: only a recent one counts
    # (treatment follows diagnosis). "Diagnosed with leukaemia 10 years ago" is not history.
    treatment_times = [
        f for f in times if not (f.verb == "diagnosed" or (diagnosed and not f.verb))
    ]
    if any(f.days is not None and f.days <= window for f in times):
        return False
    if treatment_times or any(f.kind == "long_ago" for f in found):
        return True
    if condition.vascular_access and any(f.kind == "removed" for f in found):
        return True
    # "Previous chemotherapy" without a time: when it ended decides, and unknown counts.
    return any(f.kind == "past" for f in found) and not condition.on_chemotherapy


def read_condition(text: str, *, today: date | None = None) -> ConditionReading:
    """The condition in ``text``, and whether it was said as history.

    ``"leukaemia in remission, treated 10 years ago"`` is
    ``ConditionReading("leukemia", True, "in remission, treated 10 years ago")``;
    ``"leukaemia"`` is ``ConditionReading("leukemia", False, "")``. Raises
    :class:`UnknownTerm` (with suggestions for the words left) when the condition is not
    known. ``today`` dates a year said ("treated in 2015"). Negations ("no leukaemia")
    are not read.
    """
    index = _index("condition")
    for key in _lookups(text):
        if key in index:
            return ConditionReading(index[key], False, "")
    key = normalise_term(text)
    today = today or date.today()
    found, rest = _qualifiers(key, today)
    if not rest or (rest == key and not found):
        return ConditionReading(_resolve(text, "condition"), False, "")  # raises as before
    try:
        condition_id = _resolve(rest, "condition")
    except UnknownTerm as unknown:
        # Words of the present may be part of the condition's own words ("being treated
        # with immunotherapy for cancer now"): try again with them left in.
        _, with_present = _qualifiers(key, today, skip=("current",))
        known = [index[k] for k in _lookups(with_present) if k in index] if with_present else []
        if not found:  # only filler words around it: the words as said are unknown
            _resolve(text, "condition")
        if not known:
            raise UnknownTerm(text, "condition", unknown.suggestions) from None
        condition_id = known[0]
    condition = load_knowledge().condition(condition_id)
    qualifier = ", ".join(f.words.strip() for f in found)
    return ConditionReading(condition_id, _is_history(condition, found), qualifier)


# The condition flags listed by `triage vocab` (clinical-rules §1, §6, §8, §10).
CONDITION_FLAGS = (
    "neutropenia_prone",
    "on_chemotherapy",
    "systemic",
    "cancer",
    "immunosuppressing",
    "vascular_access",
    "cancer_care",
    "transplant_team",
    "transplant_may_help",
)


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
                "flags": [flag for flag in CONDITION_FLAGS if getattr(c, flag)],
                "synonyms": list(c.synonyms),
            }
            for c in knowledge.conditions
        ],
        "medication_classes": [
            {"class": name, "drugs": drugs} for name, drugs in sorted(classes.items())
        ],
    }
