"""Corpus profiles and drift audits: what did simplification do to a corpus?

>>> from simplify.audit import profile_corpus, audit_drift   # doctest: +SKIP
>>> report = audit_drift(original_texts, simplified_texts, paired=True)   # doctest: +SKIP
>>> report.flags, report.to_dict(), report.to_markdown()   # doctest: +SKIP

Importing this package loads neither spaCy nor torch; they load when parsing or meaning scores are asked for.
"""

from __future__ import annotations

from .drift import DriftReport, Flag, Thresholds, audit_drift, compare_profiles, js_divergence
from .profile import CorpusProfile, GroupStats, profile_corpus
from .sketch import BottomKSample, BoundedCounter, DistinctSketch

__all__ = [
    "BottomKSample",
    "BoundedCounter",
    "CorpusProfile",
    "DistinctSketch",
    "DriftReport",
    "Flag",
    "GroupStats",
    "Thresholds",
    "audit_drift",
    "compare_profiles",
    "js_divergence",
    "profile_corpus",
]
