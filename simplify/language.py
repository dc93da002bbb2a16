"""Fast, dependency-free check that a text is probably English (to pass other languages through unchanged).

Two signals: the share of letters in the Latin script, and the share of word tokens that are common English
function words (which make up a third to a half of running English prose, and rarely occur in French,
German, Spanish and other Latin-script languages). Short texts carry too little evidence and count as
English, as do texts with few words (code, numbers, symbols).
"""

from __future__ import annotations

import re

__all__ = ["MIN_LETTERS", "MIN_WORDS", "english_score", "is_probably_english"]

#: Fewer letters than this, or fewer word tokens than :data:`MIN_WORDS`: too short to judge (English).
MIN_LETTERS = 60
MIN_WORDS = 15
_THRESHOLD = 0.3
# Only the start of a long text is looked at (a 1 MB document is judged as fast as a 20 kB one).
_SAMPLE_CHARS = 20_000
# The function-word share at which a text scores fully English on that signal.
_FULL_SHARE = 0.12

# Words frequent in English and rare in other Latin-script languages ("a", "in", "an", "so", "was", "die",
# "is", "on", ... are left out because they are common words of Spanish, Italian, German, Dutch or French).
_FUNCTION_WORDS = frozenset(
    """
    the and of to that it with for as be this are by from or have had has not but what all were when we
    there can been which their they said if will each about how up out them then she many some her would
    these his he him its you your our who could should into than other more only just because very where
    after before do does did any no yes why here i my me us it's don't i'm can't won't isn't didn't
    doesn't there's that's you're we're they're whose whom while though although through between under
    over again been being were shall might must
    """.split()
)
_WORD = re.compile(r"[^\W\d_]+(?:'[^\W\d_]+)?")


def _is_latin(ch: str) -> bool:
    code = ord(ch)
    return code < 0x0250 or 0x1E00 <= code <= 0x1EFF or 0x2C60 <= code <= 0x2C7F or 0xA720 <= code <= 0xA7FF


def english_score(text: str) -> float:
    """A score in [0, 1]: near 1 for English prose, near 0 for other languages; 1.0 when too short to tell.

    Only the first 20,000 characters are read. The score is (share of letters in the Latin script) × min(1, share of English function words / 0.12).
    """
    text = text[:_SAMPLE_CHARS]
    letters = 0
    latin = 0
    for ch in text:
        if ch.isalpha():
            letters += 1
            if _is_latin(ch):
                latin += 1
    latin_share = latin / letters if letters else 1.0
    if letters < MIN_LETTERS:
        # Dense scripts (CJK) say a lot in few letters: judge by script from 20 letters on.
        return latin_share if letters >= 20 and latin_share < 0.5 else 1.0
    words = [w.lower() for w in _WORD.findall(text) if all(_is_latin(c) for c in w)]
    if len(words) < MIN_WORDS:
        # Too few Latin words to weigh function words; the script alone decides.
        return latin_share
    share = sum(1 for w in words if w in _FUNCTION_WORDS) / len(words)
    return latin_share * min(1.0, share / _FULL_SHARE)


def is_probably_english(text: str, *, threshold: float = _THRESHOLD) -> bool:
    """Whether :func:`english_score` reaches ``threshold`` (default 0.3); short texts count as English."""
    return english_score(text) >= threshold
