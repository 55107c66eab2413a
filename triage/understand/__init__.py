"""Understanding what people type: words in, symptom and condition ids out, with the
words that said each one, negation and hypotheticals read as clinical NLP reads them.

    >>> understand("stiff neck and a headache").asserted
    ('stiff_neck',)
    >>> understand("stiff neck and a headache").unknown
    ('a headache',)
    >>> understand("no fever, but I can't breathe properly").asserted
    ('trouble_breathing',)

How (each step its own module):

1. :mod:`.tokens`: lower case, accents dropped, contractions expanded ("can't" is "can
   not", "dont" is "do not"), words with their place in the text, clauses split at
   full stops, semicolons and "but".
2. :mod:`.lemmas`: each word's lemma (simplemma: fainted, fainting, faint -> faint;
   peed -> pee), and a spelling slip put right against the words the patterns use
   (rapidfuzz: "breatheing", "confussed").
3. :mod:`.phrases`: patterns per id, read from the vocabulary's words and
   ``data/phrases.toml`` (each group with its source); a pattern's words must appear in
   order in one clause, with at most two other words between them.
4. :mod:`.context`: the ConText algorithm (Harkema et al. 2009, after NegEx, Chapman et
   al. 2001): a trigger ("no", "not", "without", "denies"; "if", "in case") negates or
   makes hypothetical what follows it in its clause, up to a few words, unless a
   terminator ("but", "however") comes first; "gone" and "went away" negate what comes
   before. A pattern that holds the word itself ("not right", "can not breathe",
   "have not peed") is not negated by it.

Nothing here imports click or rich; the lemma dictionary loads on first use
(:func:`warm` loads it ahead, as the interview does before its first question).
"""

from __future__ import annotations

from triage.understand.reader import Found, Understanding, understand, warm

__all__ = ["Found", "Understanding", "understand", "warm"]
