"""Controlled vocabularies: word lists with their forms, checkable tokens, and coverage."""

from __future__ import annotations

import logging
import threading
from collections import Counter
from collections.abc import Callable, Iterable, Iterator, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .errors import UnknownVocabularyError, VocabularyError
from .resources import read_text

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc, Token

logger = logging.getLogger(__name__)

#: Entity labels that mark names; their tokens are not checked against the vocabulary.
NAME_ENTITY_LABELS: frozenset[str] = frozenset(
    {"PERSON", "NORP", "FAC", "ORG", "GPE", "LOC", "PRODUCT", "EVENT", "WORK_OF_ART", "LAW", "LANGUAGE"}
)

DEFAULT_VOCABULARY = "leaner-2k"


@dataclass(frozen=True)
class Vocabulary:
    """A controlled word list: headword lemmas and every accepted form, compared case-insensitively."""

    name: str
    lemmas: frozenset[str]
    forms: frozenset[str]

    def __contains__(self, word: object) -> bool:
        if not isinstance(word, str):
            return False
        low = word.lower()
        return low in self.forms or low in self.lemmas

    def __len__(self) -> int:
        return len(self.lemmas)

    def accepts(self, text: str, lemma: str) -> bool:
        """Whether a token with this surface text and lemma is in the list (by lemma, or any listed form)."""
        return lemma.lower() in self.lemmas or text.lower() in self.forms

    def accepts_phrase(self, phrase: str) -> bool:
        """Whether every word of a (possibly multi-word) phrase is in the list."""
        return all(word in self for word in phrase.split())

    @classmethod
    def from_words(cls, words: Iterable[str], name: str = "custom") -> Vocabulary:
        """A list from plain words; each word counts as both lemma and form."""
        cleaned = frozenset(w.strip().lower() for w in words if w and w.strip())
        if not cleaned:
            raise VocabularyError(f"vocabulary {name!r} has no words")
        return cls(name=name, lemmas=cleaned, forms=cleaned)

    @classmethod
    def from_text(cls, text: str, name: str = "custom") -> Vocabulary:
        """Parse a list: ``lemma<TAB>forms…`` lines (forms space-separated), or one word per line.

        Lines starting with ``#`` are comments; a header line starting with ``lemma`` is skipped.
        """
        lemmas: set[str] = set()
        forms: set[str] = set()
        for number, raw in enumerate(text.splitlines(), 1):
            line = raw.strip()
            if not line or line.startswith("#"):
                continue
            cols = raw.rstrip("\n").split("\t")
            if number <= 3 and cols[0].strip().lower() == "lemma" and len(cols) > 1:
                continue
            lemma = cols[0].strip().lower()
            if not lemma:
                raise VocabularyError(f"vocabulary {name!r}, line {number}: empty lemma in {raw!r}")
            lemmas.add(lemma)
            forms.add(lemma)
            if len(cols) > 1:
                forms.update(f.lower() for f in cols[1].split())
        if not lemmas:
            raise VocabularyError(f"vocabulary {name!r} has no words")
        return cls(name=name, lemmas=frozenset(lemmas), forms=frozenset(forms))

    @classmethod
    def from_file(cls, path: str | Path, name: str | None = None) -> Vocabulary:
        """Load a list from a file (see :meth:`from_text` for the format)."""
        path = Path(path)
        try:
            text = path.read_text(encoding="utf-8")
        except (OSError, UnicodeDecodeError) as exc:
            raise VocabularyError(f"cannot read vocabulary file {path}: {exc}") from exc
        return cls.from_text(text, name=name or path.stem)


_registry: dict[str, Callable[[], Vocabulary]] = {}
_loaded: dict[str, Vocabulary] = {}
_lock = threading.Lock()


def register_vocabulary(
    name: str, vocabulary: Vocabulary | Callable[[], Vocabulary] | Iterable[str], *, overwrite: bool = False
) -> None:
    """Register a list under a name: a :class:`Vocabulary`, a loader, or an iterable of words."""
    key = name.strip().lower()
    with _lock:
        if key in _registry and not overwrite:
            raise VocabularyError(f"vocabulary {name!r} is already registered; pass overwrite=True")
        if isinstance(vocabulary, Vocabulary):
            _registry[key] = lambda v=vocabulary: v  # type: ignore[misc]
        elif callable(vocabulary):
            _registry[key] = vocabulary
        else:
            words = list(vocabulary)
            _registry[key] = lambda w=words, n=key: Vocabulary.from_words(w, name=n)  # type: ignore[misc]
        _loaded.pop(key, None)


def known_vocabularies() -> list[str]:
    """Names of registered vocabularies."""
    return sorted(_registry)


def get_vocabulary(vocabulary: str | Vocabulary | Path = DEFAULT_VOCABULARY) -> Vocabulary:
    """A vocabulary by registered name, file path, or the object itself."""
    if isinstance(vocabulary, Vocabulary):
        return vocabulary
    if isinstance(vocabulary, Path):
        return Vocabulary.from_file(vocabulary)
    key = vocabulary.strip().lower()
    with _lock:
        if key in _loaded:
            return _loaded[key]
        loader = _registry.get(key)
    if loader is None:
        if Path(vocabulary).is_file():
            return Vocabulary.from_file(vocabulary)
        raise UnknownVocabularyError(vocabulary, _registry)
    vocab = loader()
    with _lock:
        _loaded[key] = vocab
    return vocab


def _load_leaner_2k() -> Vocabulary:
    return Vocabulary.from_text(read_text("vocab", "leaner-2k.tsv"), name=DEFAULT_VOCABULARY)


register_vocabulary(DEFAULT_VOCABULARY, _load_leaner_2k)


def is_name(token: Token) -> bool:
    """Whether the parser marks this token as part of a name (a name-like entity, or a proper noun)."""
    return token.ent_type_ in NAME_ENTITY_LABELS or token.pos_ == "PROPN"


#: Bound prefixes written before a hyphen (``non-profit``, ``co-founded``): parts of a compound, not words.
BOUND_PREFIXES: frozenset[str] = frozenset(
    [
        "anti",
        "bi",
        "co",
        "counter",
        "ex",
        "inter",
        "intra",
        "macro",
        "micro",
        "mid",
        "mini",
        "mono",
        "multi",
        "neo",
        "non",
        "poly",
        "post",
        "pre",
        "pro",
        "pseudo",
        "quasi",
        "re",
        "semi",
        "sub",
        "super",
        "trans",
        "tri",
        "ultra",
        "un",
        "vice",
    ]
)


def is_checkable(token: Token, protected: bool = False) -> bool:
    """A word token checked against the vocabulary.

    Alphabetic, not protected, not a name, not a number, not a single letter other than ``a``/``I``
    (initials, labels, symbols), not an acronym (2–5 capitals, like ``DNA``, in a sentence that is not
    written in capitals), and not a bound prefix before a hyphen (``non-``, ``co-``).
    """
    if not token.is_alpha or protected or token.like_num or is_name(token):
        return False
    if 2 <= len(token.text) <= 5 and token.text.isupper() and not _shouting(token):
        return False
    text = token.lower_
    if len(text) == 1:
        return text in ("a", "i")
    if text in BOUND_PREFIXES and not token.whitespace_:
        nxt = token.nbor(1) if token.i + 1 < len(token.doc) else None
        return not (nxt is not None and nxt.text == "-")
    return True


def _shouting(token: Token) -> bool:
    """Whether the token's neighbours are in capitals too (a heading or shouted line, not an acronym)."""
    doc = token.doc
    neighbours = [doc[j] for j in (token.i - 2, token.i - 1, token.i + 1, token.i + 2) if 0 <= j < len(doc)]
    words = [t for t in neighbours if t.is_alpha and len(t.text) > 1]
    return bool(words) and all(t.text.isupper() for t in words)


@dataclass
class CoverageReport:
    """How much of a text's checkable words the vocabulary covers."""

    checkable: int = 0
    in_list: int = 0
    oov: Counter[str] = field(default_factory=Counter)

    @property
    def coverage(self) -> float | None:
        """Share of checkable tokens in the list; ``None`` when nothing is checkable."""
        return self.in_list / self.checkable if self.checkable else None

    def add(self, in_list: bool, word: str) -> None:
        """Count one checkable token."""
        self.checkable += 1
        if in_list:
            self.in_list += 1
        else:
            self.oov[word.lower()] += 1

    def __iadd__(self, other: CoverageReport) -> CoverageReport:
        self.checkable += other.checkable
        self.in_list += other.in_list
        self.oov.update(other.oov)
        return self

    def to_dict(self, top: int = 50) -> dict[str, Any]:
        """JSON-ready summary with the ``top`` most frequent out-of-list words."""
        return {
            "checkable": self.checkable,
            "in_list": self.in_list,
            "coverage": self.coverage,
            "oov_types": len(self.oov),
            "top_oov": self.oov.most_common(top),
        }


#: Parts of speech counted as content words (``content_only=True``).
CONTENT_POS: frozenset[str] = frozenset({"NOUN", "VERB", "ADJ", "ADV"})


def doc_coverage(
    doc: Doc, vocabulary: Vocabulary, protected: Sequence[bool] | None = None, *, content_only: bool = False
) -> CoverageReport:
    """Coverage of one parsed document; ``protected[i]`` marks tokens inside protected spans.

    ``content_only`` counts only nouns, verbs, adjectives and adverbs (needs a tagger).
    """
    report = CoverageReport()
    for token in doc:
        if content_only and token.pos_ not in CONTENT_POS:
            continue
        if is_checkable(token, bool(protected[token.i]) if protected is not None else False):
            report.add(vocabulary.accepts(token.text, token.lemma_), token.text)
    return report


def vocabulary_coverage(
    texts: Iterable[str] | str,
    vocabulary: str | Vocabulary = DEFAULT_VOCABULARY,
    nlp: str | Language | None = None,
    *,
    batch_size: int = 64,
    n_process: int = 1,
    content_only: bool = False,
) -> CoverageReport:
    """Coverage of texts under a vocabulary, with the out-of-list words counted (protected spans skipped).

    ``content_only`` counts only nouns, verbs, adjectives and adverbs.
    """
    from .nlp import load_nlp
    from .protect import PROTECT_KINDS, find_protected_spans, mask_tokens

    if isinstance(texts, str):
        texts = [texts]
    vocab = get_vocabulary(vocabulary)
    pipeline = load_nlp(nlp, parser=False)
    total = CoverageReport()
    for doc in pipeline.pipe(_strings(texts), batch_size=batch_size, n_process=n_process):
        spans = find_protected_spans(doc.text, PROTECT_KINDS)
        mask = mask_tokens([(t.idx, t.idx + len(t)) for t in doc], spans) if spans else None
        total += doc_coverage(doc, vocab, mask, content_only=content_only)
    return total


def _strings(texts: Iterable[str]) -> Iterator[str]:
    for text in texts:
        yield text if isinstance(text, str) else str(text)


@lru_cache(maxsize=1)
def default_vocabulary() -> Vocabulary:
    """The default ``leaner-2k`` list."""
    return get_vocabulary(DEFAULT_VOCABULARY)
