"""Readability formulas (Flesch–Kincaid grade level, Flesch reading ease) with a rule-based syllable counter.

Everything here is deterministic and dictionary-free.

Counting conventions (corpus level, over all texts together):

* **words**: whitespace-separated tokens containing at least one letter or digit;
* **sentences**: each text is split into paragraphs on blank lines, and each paragraph into sentences after
  ``.``, ``!`` or ``?`` (optionally followed by closing quotes/brackets) followed by whitespace; only pieces
  with a word count, and every text with words counts as at least one sentence. Abbreviations such as
  "Dr." therefore end a sentence; decimals such as "3.5" do not;
* **syllables**: :func:`count_syllables` per word.

Syllable rules (:func:`count_syllables`), applied to the lower-cased letters of a word:

1. apostrophes are dropped ("don't" → "dont"), except that "n't" after a consonant ("couldn't", "isn't")
   adds a syllable; a token is split into letter runs ("well-known" → "well" + "known") whose counts are
   summed; a token without letters (e.g. "1990") counts as one syllable;
2. **y** is a vowel, except at the start of a word before a vowel ("yes", "you") and between two vowels
   ("player", "beyond");
3. each group of consecutive vowels is a syllable;
4. vowel pairs usually pronounced as two syllables add one: ``ia`` (not after c/s/t/x or "il"/"ll":
   "media" but "special", "familiar"), ``io`` (not after c/g/s/t/x/h/"ll", nor "nion"/"nior": "radio",
   "lion" but "nation", "million", "union"), ``iu`` ("medium"), ``eo`` (not after c/g/p, but "geo-" not
   before r: "video", "geography" but "people", "George"), ``ua``/``uo`` (not after g/q: "actual", but
   "language"), ``ue`` before l/n/t (not after g/q: "cruel", "fluent"), ``oe`` before m/t ("poem", "poet"),
   ``ie`` before t ("quiet", "society"), ``ien`` (not after c/n/s/t or in "friend", but "science":
   "client", "experience"), ``ier``/``iest`` at the end of words of two or more groups ("easier"),
   ``ea`` ending a longer word after d/r ("idea", "area"), ``creat`` (not "creature"), initial ``react``
   and ``coop``/``coord``, ``eum`` ending a word ("museum"), a vowel before a final ``ing`` ("being",
   "flying"), ``-aic``/``-oic`` ("heroic");
5. a final ``-ism``/``-asm`` adds one ("tourism");
6. endings, in words of two or more groups: a **silent final e** after a consonant is dropped ("make"),
   but not in **-le**/**-re** after another consonant ("table", "centre"); likewise **-es** is silent
   ("makes") except after s, x, z, c, g, ch, sh and in -les/-res ("boxes", "pages", "tables"), and **-ed**
   is silent ("played") except after t or d and in -led/-red ("wanted", "hundred"); a final "que"/"gue"
   (not "rgue") is silent ("unique", "league");
7. a suffix -ly, -ty, -ment(s), -ful(ly), -ness, -less or -some after a stem ending in a silent e is
   counted as stem + suffix ("lately", "movement", "safety"), and a few compound heads ("some", "life",
   "there", "any", "may", ...) are counted apart from the rest ("someone", "lifetime", "maybe");
8. every word has at least one syllable; a short table fixes a few frequent irregular words ("business",
   "every", "element", "recipe").

Remaining disagreements with a pronouncing dictionary are irregular words such as "placebo", "soldier",
"premier", "reenter" or "Ireland".
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from dataclasses import dataclass
from functools import lru_cache

__all__ = [
    "ReadabilityStats",
    "count_sentences",
    "count_syllables",
    "fkgl",
    "flesch_reading_ease",
    "readability_stats",
    "tokenize_words",
]

_VOWELS = frozenset("aeiou")
_VOWEL_GROUP = re.compile(r"[aeiouy]+")
_LETTERS = re.compile(r"[a-z]+")
_TRAILING_PUNCT = '.,;:!?"”)]}'
_HAS_ALNUM = re.compile(r"[^\W_]")
_PARAGRAPH_BREAK = re.compile(r"\n[ \t\r\f\v]*\n")
_SENTENCE_BREAK = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+")

# Patterns (on the word with consonant-y written as "j") each match of which adds a syllable.
_SPLITS = tuple(
    re.compile(p)
    for p in (
        r"(?<![cstx])(?<![il]l)ia(?!ge)",
        r"(?<![cgstxh])(?<!ll)(?<!n)io|nio(?![nr])",
        r"iu",
        r"(?<![cgp])eo|^geo(?!r)",
        r"(?<![gq])u[ao]",
        r"(?<![gq])ue[lnt]",
        r"oe[mt]",
        r"iet",
        r"(?<![cnst])(?<!fr)ien|scien",
        r"(?<=[dr])eas?$",
        r"creat(?!ur)|^react|^coo(?=per|rd)",
        r"eums?$",
        r"[aeiouy]ings?$",
        r"[ao]ic(?:s|al|ally)?$",
        r"[aeiouy]sms?$",
    )
)
_COMPARATIVE = re.compile(r"ie(?:rs?|st)$")
_SILENT_E = re.compile(r"[^aeiouy]e$")
_SILENT_ES = re.compile(r"[^aeiouysxzcgh]es$|[^cs]hes$")
_SILENT_ED = re.compile(r"[^aeiouytd]ed$")
_SYLLABIC_LE_RE = re.compile(r"(?:[^aeiouyl]l|[^aeiouyr]r)e[sd]?$")
_SILENT_QUE = re.compile(r"(?<!r)[gq]ues?$")

_SUFFIXES = (
    ("ments", 1),
    ("ment", 1),
    ("fully", 2),
    ("ful", 1),
    ("ness", 1),
    ("less", 1),
    ("some", 1),
    ("ly", 1),
    ("ty", 1),
)
_COMPOUND_HEADS = (
    "some",
    "home",
    "life",
    "time",
    "fire",
    "side",
    "more",
    "base",
    "note",
    "like",
    "care",
    "house",
    "place",
    "wide",
    "love",
    "hope",
    "name",
    "safe",
    "game",
    "whole",
    "there",
    "sale",
    "any",
    "face",
    "may",
)

# Frequent words the rules get wrong.
_EXCEPTIONS = {
    "aches": 1,
    "business": 2,
    "businesses": 3,
    "element": 3,
    "elements": 3,
    "every": 2,
    "everybody": 4,
    "everyone": 3,
    "everything": 3,
    "everywhere": 3,
    "naked": 2,
    "recipe": 3,
    "recipes": 3,
}


def _mark_consonant_y(word: str) -> str:
    """Write a consonant y as "j" (start of word before a vowel, or between vowels)."""
    if "y" not in word:
        return word
    chars = list(word)
    for i, ch in enumerate(chars):
        if ch != "y":
            continue
        nxt = chars[i + 1] if i + 1 < len(chars) else ""
        if nxt in _VOWELS and (i == 0 or chars[i - 1] in _VOWELS):
            chars[i] = "j"
    return "".join(chars)


def _core_count(word: str) -> int:
    """Rules 2–6 on a lower-case, letters-only word."""
    marked = _mark_consonant_y(word)
    groups = len(_VOWEL_GROUP.findall(marked))
    if groups == 0:
        return 1
    count = groups + sum(len(p.findall(marked)) for p in _SPLITS)
    if groups >= 2 and _COMPARATIVE.search(marked):
        count += 1
    if groups >= 2:
        silent_ending = not _SYLLABIC_LE_RE.search(marked) and (
            _SILENT_E.search(marked) or _SILENT_ES.search(marked) or _SILENT_ED.search(marked)
        )
        if _SILENT_QUE.search(marked) or silent_ending:
            count -= 1
    return max(1, count)


def _has_silent_final_e(stem: str) -> bool:
    """Whether rule 6 drops the final e of ``stem``."""
    marked = _mark_consonant_y(stem)
    return (
        len(_VOWEL_GROUP.findall(marked)) >= 2
        and _SILENT_E.search(marked) is not None
        and _SYLLABIC_LE_RE.search(marked) is None
    )


@lru_cache(maxsize=131072)
def _count_letters(word: str) -> int:
    """Syllables of a lower-case, letters-only word (rules 2–8)."""
    if word in _EXCEPTIONS:
        return _EXCEPTIONS[word]
    for suffix, value in _SUFFIXES:
        if word.endswith(suffix) and len(word) > len(suffix) + 2:
            stem = word[: -len(suffix)]
            if stem.endswith("e") and _has_silent_final_e(stem):
                return _count_letters(stem) + value
    for head in _COMPOUND_HEADS:
        if word.startswith(head):
            rest = word[len(head) :]
            if len(rest) >= 2 and _VOWEL_GROUP.search(rest):
                return _count_letters(head) + _count_letters(rest)
    return _core_count(word)


@lru_cache(maxsize=131072)
def _count_token(token: str) -> int:
    extra = 0
    core = token.rstrip(_TRAILING_PUNCT)
    for apostrophe in ("'", "’"):
        if apostrophe in token:
            if core.endswith("n" + apostrophe + "t") and len(core) > 3 and core[-4] not in "aeiouy":
                extra += 1
            token = token.replace(apostrophe, "")
    parts = _LETTERS.findall(token)
    if not parts:
        return 1
    return sum(_count_letters(p) for p in parts) + extra


def count_syllables(word: str) -> int:
    """Estimate the syllables of one word with deterministic rules (see the module docstring); at least 1."""
    return _count_token(word.lower())


def tokenize_words(text: str) -> list[str]:
    """Whitespace tokens of ``text`` that contain a letter or digit."""
    return [tok for tok in text.split() if _HAS_ALNUM.search(tok)]


def count_sentences(text: str) -> int:
    """Sentences in ``text`` (see the module docstring); at least 1 when the text has a word, else 0."""
    total = 0
    for paragraph in _PARAGRAPH_BREAK.split(text):
        total += sum(1 for piece in _SENTENCE_BREAK.split(paragraph) if _HAS_ALNUM.search(piece))
    if total == 0 and _HAS_ALNUM.search(text):
        return 1
    return total


@dataclass(frozen=True)
class ReadabilityStats:
    """Corpus counts and the Flesch–Kincaid grade level they give."""

    sentences: int
    words: int
    syllables: int
    fkgl: float

    @property
    def flesch_reading_ease(self) -> float:
        """Flesch reading ease of the same counts (0.0 when there are no words)."""
        if self.words == 0:
            return 0.0
        return 206.835 - 1.015 * (self.words / self.sentences) - 84.6 * (self.syllables / self.words)


def _as_texts(texts: Iterable[str] | str) -> Iterable[str]:
    return [texts] if isinstance(texts, str) else texts


def readability_stats(texts: Iterable[str] | str) -> ReadabilityStats:
    """Sentence, word and syllable counts over all ``texts`` and their corpus FKGL."""
    sentences = words = syllables = 0
    for text in _as_texts(texts):
        tokens = tokenize_words(text)
        if not tokens:
            continue
        words += len(tokens)
        sentences += count_sentences(text)
        syllables += sum(count_syllables(tok) for tok in tokens)
    grade = 0.0
    if words:
        grade = 0.39 * (words / sentences) + 11.8 * (syllables / words) - 15.59
    return ReadabilityStats(sentences=sentences, words=words, syllables=syllables, fkgl=grade)


def fkgl(texts: Iterable[str] | str) -> float:
    """Corpus Flesch–Kincaid grade level: 0.39·words/sentences + 11.8·syllables/words − 15.59.

    Counts are pooled over all ``texts`` (a single string is one text); 0.0 when there are no words.
    """
    return readability_stats(texts).fkgl


def flesch_reading_ease(texts: Iterable[str] | str) -> float:
    """Corpus Flesch reading ease: 206.835 − 1.015·words/sentences − 84.6·syllables/words.

    Counts are pooled over all ``texts``; 0.0 when there are no words.
    """
    return readability_stats(texts).flesch_reading_ease
