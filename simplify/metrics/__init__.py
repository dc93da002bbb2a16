"""Evaluation metrics for simplification: SARI, BLEU, readability, compression and copying.

These are pure functions; importing this package loads neither spaCy nor the rest of ``simplify``.
"""

from __future__ import annotations

from typing import Any

from simplify.metrics.overlap import compression_ratio, copy_rate, corpus_bleu, mean_compression_ratio
from simplify.metrics.readability import (
    ReadabilityStats,
    count_syllables,
    fkgl,
    flesch_reading_ease,
    readability_stats,
)
from simplify.metrics.sari import SariScores, corpus_sari, corpus_sari_operations, sentence_sari

__all__ = [
    "ReadabilityStats",
    "SariScores",
    "compression_ratio",
    "copy_rate",
    "corpus_bleu",
    "corpus_sari",
    "corpus_sari_operations",
    "count_syllables",
    "fkgl",
    "flesch_reading_ease",
    "mean_compression_ratio",
    "readability_stats",
    "sentence_sari",
    "vocabulary_coverage",
]


def vocabulary_coverage(*args: Any, **kwargs: Any) -> Any:
    """Share of words inside a controlled vocabulary; see :func:`simplify.vocab.vocabulary_coverage`.

    Typical call: ``vocabulary_coverage(texts, vocabulary="leaner-2k", nlp=None)``. ``simplify.vocab``
    (and through it spaCy) is imported only when this is called.
    """
    from simplify.vocab import vocabulary_coverage as _vocabulary_coverage

    return _vocabulary_coverage(*args, **kwargs)
