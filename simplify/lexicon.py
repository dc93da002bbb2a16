"""The substitution lexicon (out-of-list lemma and part of speech → ranked in-list replacements) and
re-inflection of a replacement to match the word it replaces."""

from __future__ import annotations

import logging
from collections.abc import Mapping
from dataclasses import dataclass, field
from functools import lru_cache

from .errors import VocabularyError
from .resources import read_text

logger = logging.getLogger(__name__)

#: Parts of speech the lexicon has entries for (universal tags, as spaCy's ``pos_``).
LEXICON_POS: frozenset[str] = frozenset({"NOUN", "VERB", "ADJ", "ADV"})


@dataclass(frozen=True)
class SubstitutionLexicon:
    """Ranked replacements by ``(lemma, pos)``; lemmas are lower-case.

    ``entries`` hold the first tier (synonyms and close hypernyms); ``broad`` a lower-confidence tier
    (distant hypernyms, related forms, category words) used only when no first-tier candidate fits.
    """

    entries: Mapping[tuple[str, str], tuple[str, ...]]
    broad: Mapping[tuple[str, str], tuple[str, ...]] = field(default_factory=dict)

    def candidates(self, lemma: str, pos: str, *, broad: bool = False) -> tuple[str, ...]:
        """Replacements for a lemma with this part of speech, best first (empty when none)."""
        key = (lemma.lower(), pos)
        first = self.entries.get(key, ())
        return first + self.broad.get(key, ()) if broad else first

    def __contains__(self, key: object) -> bool:
        return key in self.entries or key in self.broad

    def __len__(self) -> int:
        return len(self.entries.keys() | self.broad.keys())

    @classmethod
    def from_text(cls, text: str, source: str = "<text>") -> SubstitutionLexicon:
        """Parse ``lemma<TAB>pos<TAB>candidate|…[<TAB>broad|…]`` lines (``#`` comments, a ``lemma`` header)."""
        entries: dict[tuple[str, str], tuple[str, ...]] = {}
        broad: dict[tuple[str, str], tuple[str, ...]] = {}
        for number, line in enumerate(text.splitlines(), 1):
            if not line or line.startswith("#") or line.startswith("lemma\t"):
                continue
            cols = line.split("\t")
            if len(cols) not in (3, 4) or cols[1] not in LEXICON_POS:
                raise VocabularyError(
                    f"{source}, line {number}: expected 'lemma<TAB>POS<TAB>candidates[<TAB>broad]' with POS one "
                    f"of {sorted(LEXICON_POS)}, got {line[:80]!r}"
                )
            key = (cols[0].lower(), cols[1])
            for column, table in zip(cols[2:], (entries, broad), strict=False):
                candidates = tuple(c.strip() for c in column.split("|") if c.strip())
                if candidates:
                    table[key] = candidates
        return cls(entries, broad)


@lru_cache(maxsize=1)
def default_lexicon() -> SubstitutionLexicon:
    """The shipped lexicon built from WordNet 3.0 (see vocab/NOTICE.md)."""
    lexicon = SubstitutionLexicon.from_text(read_text("vocab", "substitutions.tsv"), "substitutions.tsv")
    logger.debug("loaded substitution lexicon with %d entries", len(lexicon))
    return lexicon


_IRREGULAR_TAGS = {"NNS", "VBD", "VBN", "VBG", "VBZ", "JJR", "JJS", "RBR", "RBS"}


@lru_cache(maxsize=65536)
def inflect(lemma: str, tag: str) -> str:
    """``lemma`` inflected for the Penn tag of the word it replaces (``use``, ``VBD`` → ``used``).

    For a phrase, the first word is inflected (``give up``, ``VBD`` → ``gave up``); comparatives and
    superlatives that lemminflect cannot form become ``more``/``most`` phrases.
    """
    if tag not in _IRREGULAR_TAGS:
        return lemma
    head, _, rest = lemma.partition(" ")
    from lemminflect import getInflection

    forms = getInflection(head, tag=tag, inflect_oov=True)
    if not forms:
        if tag in ("JJR", "RBR"):
            return f"more {lemma}"
        if tag in ("JJS", "RBS"):
            return f"most {lemma}"
        return lemma
    inflected = forms[0]
    if tag[1:] in ("JR", "JS", "BR", "BS") and (" " in lemma or len(head) > 7):
        return f"{'more' if tag.endswith('R') else 'most'} {lemma}"
    return f"{inflected} {rest}" if rest else inflected


def match_case(word: str, model: str) -> str:
    """``word`` with the capitalisation of ``model`` (Title, UPPER or as it is)."""
    if not model or not word:
        return word
    if model.isupper() and len(model) > 1:
        return word.upper()
    if model[0].isupper():
        return word[0].upper() + word[1:]
    return word
