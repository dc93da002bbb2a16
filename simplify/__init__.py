"""Leaner: rewrite text into a small, controlled form of English while keeping what the text is.

>>> from simplify import LeanerSimplifier   # doctest: +SKIP
"""

from __future__ import annotations

import logging

from .errors import (
    InputError,
    MissingDependencyError,
    ProfileError,
    SimplifyError,
    UnknownBackendError,
    UnknownGenreError,
    UnknownVocabularyError,
    VocabularyError,
)
from .genres import GenreProfile, detect_genre, get_genre, known_genres, register_genre
from .result import Edit, SimplifyResult
from .simplifier import LeanerSimplifier, RecordFailure
from .vocab import Vocabulary, get_vocabulary, known_vocabularies, register_vocabulary, vocabulary_coverage

__version__ = "0.1.0"

__all__ = [
    "CorpusProfile",
    "DriftReport",
    "Edit",
    "GenreProfile",
    "InputError",
    "LeanerSimplifier",
    "MissingDependencyError",
    "ProfileError",
    "RecordFailure",
    "SimplifyError",
    "SimplifyResult",
    "UnknownBackendError",
    "UnknownGenreError",
    "UnknownVocabularyError",
    "Vocabulary",
    "VocabularyError",
    "__version__",
    "audit_drift",
    "detect_genre",
    "get_genre",
    "get_vocabulary",
    "known_genres",
    "known_vocabularies",
    "profile_corpus",
    "register_genre",
    "register_vocabulary",
    "vocabulary_coverage",
]

logging.getLogger(__name__).addHandler(logging.NullHandler())

_AUDIT_EXPORTS = frozenset({"profile_corpus", "audit_drift", "CorpusProfile", "DriftReport"})


def __getattr__(name: str) -> object:
    """Audit names load ``simplify.audit`` on first use (it needs neither spaCy nor torch, but is not small)."""
    if name in _AUDIT_EXPORTS:
        from . import audit

        return getattr(audit, name)
    raise AttributeError(f"module {__name__!r} has no attribute {name!r}")
