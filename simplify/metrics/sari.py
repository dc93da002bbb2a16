"""SARI (Xu et al., 2016), matching EASSE's ``corpus_sari`` numbers.

Conventions, as in EASSE's default (non-legacy, "macro") version:

* source, output and references are lower-cased and tokenised with sacrebleu's 13a tokeniser;
* n-grams of orders 1 to 4; the n-gram counts of a sentence's ``r`` references are summed;
* per order, statistics are accumulated over the whole corpus:

  - ADD works on sets: output n-grams not in the source (correct when in some reference); the
    reference total is the reference n-grams not in the source;
  - KEEP and DELETE work on counts, with source and output counts multiplied by ``r``;

* per order, precision, recall and F1 come from the corpus totals (0 where undefined; F1 is 0
  unless both precision and recall are positive); deletion is scored by F1 too;
* each operation is averaged over the four orders and scaled by 100; SARI is their mean.
"""

from __future__ import annotations

from collections import Counter
from collections.abc import Sequence
from dataclasses import dataclass
from functools import lru_cache

from sacrebleu.tokenizers.tokenizer_13a import Tokenizer13a

__all__ = ["SariScores", "corpus_sari", "corpus_sari_operations", "sentence_sari"]

NGRAM_ORDER = 4

_TOKENIZER = Tokenizer13a()


@dataclass(frozen=True)
class SariScores:
    """SARI and its three operation scores, each on a 0–100 scale."""

    sari: float
    add: float
    keep: float
    delete: float


@dataclass
class _OpStats:
    """Corpus totals of one operation, one slot per n-gram order."""

    sys_correct: list[int]
    sys_total: list[int]
    ref_total: list[int]

    @classmethod
    def empty(cls) -> _OpStats:
        return cls([0] * NGRAM_ORDER, [0] * NGRAM_ORDER, [0] * NGRAM_ORDER)

    def score(self) -> float:
        """Mean over the orders of the per-order F1, in [0, 1]."""
        total = 0.0
        for n in range(NGRAM_ORDER):
            total += _f1(self.sys_correct[n], self.sys_total[n], self.ref_total[n])
        return total / NGRAM_ORDER


def _f1(sys_correct: int, sys_total: int, ref_total: int) -> float:
    precision = sys_correct / sys_total if sys_total > 0 else 0.0
    recall = sys_correct / ref_total if ref_total > 0 else 0.0
    if precision > 0 and recall > 0:
        return 2 * precision * recall / (precision + recall)
    return 0.0


@lru_cache(maxsize=65536)
def _normalize(sentence: str) -> tuple[str, ...]:
    """Lower-case, 13a-tokenise and split a sentence."""
    return tuple(_TOKENIZER(sentence.lower()).split())


def _ngrams(tokens: Sequence[str]) -> list[Counter[str]]:
    """N-gram counts of orders 1..NGRAM_ORDER."""
    out: list[Counter[str]] = []
    for n in range(1, NGRAM_ORDER + 1):
        out.append(Counter(" ".join(tokens[i : i + n]) for i in range(len(tokens) - n + 1)))
    return out


def _scale(counter: Counter[str], factor: int) -> Counter[str]:
    return Counter({key: value * factor for key, value in counter.items()})


def _validate(
    orig_sents: Sequence[str], sys_sents: Sequence[str], refs_sents: Sequence[Sequence[str]]
) -> None:
    if isinstance(orig_sents, str) or isinstance(sys_sents, str):
        raise TypeError("orig_sents and sys_sents must be sequences of sentences, not a single string")
    if len(orig_sents) != len(sys_sents):
        raise ValueError(
            f"orig_sents and sys_sents must have the same length, got {len(orig_sents)} and {len(sys_sents)}"
        )
    if len(refs_sents) == 0:
        raise ValueError("refs_sents must contain at least one reference set")
    for i, ref_set in enumerate(refs_sents):
        if isinstance(ref_set, str):
            raise TypeError(
                "refs_sents must be a list of reference sets (each a list parallel to orig_sents), "
                f"but refs_sents[{i}] is a string"
            )
        if len(ref_set) != len(orig_sents):
            raise ValueError(
                f"reference set {i} has {len(ref_set)} sentences but orig_sents has {len(orig_sents)}; "
                "refs_sents must have the shape (n_references, n_sentences)"
            )


def corpus_sari_operations(
    orig_sents: Sequence[str], sys_sents: Sequence[str], refs_sents: Sequence[Sequence[str]]
) -> SariScores:
    """Corpus SARI with its ADD, KEEP and DELETE scores (0–100).

    ``refs_sents`` is a list of reference sets, each parallel to ``orig_sents``
    (shape ``(n_references, n_sentences)``), as in EASSE.
    """
    _validate(orig_sents, sys_sents, refs_sents)
    add, keep, delete = _OpStats.empty(), _OpStats.empty(), _OpStats.empty()
    num_refs = len(refs_sents)

    for i, (orig_sent, sys_sent) in enumerate(zip(orig_sents, sys_sents, strict=True)):
        orig_ngrams = _ngrams(_normalize(orig_sent))
        sys_ngrams = _ngrams(_normalize(sys_sent))
        refs_ngrams: list[Counter[str]] = [Counter() for _ in range(NGRAM_ORDER)]
        for ref_set in refs_sents:
            for n, counts in enumerate(_ngrams(_normalize(ref_set[i]))):
                refs_ngrams[n].update(counts)

        for n in range(NGRAM_ORDER):
            orig_c, sys_c, refs_c = orig_ngrams[n], sys_ngrams[n], refs_ngrams[n]

            # ADD (binary, on sets)
            sys_added = set(sys_c) - set(orig_c)
            refs_added = set(refs_c) - set(orig_c)
            add.sys_total[n] += len(sys_added)
            add.ref_total[n] += len(refs_added)
            add.sys_correct[n] += len(sys_added & set(refs_c))

            # KEEP and DELETE (weighted, on counts scaled by the number of references)
            orig_r = _scale(orig_c, num_refs)
            sys_r = _scale(sys_c, num_refs)

            sys_kept = orig_r & sys_r
            refs_kept = orig_r & refs_c
            keep.sys_total[n] += sum(sys_kept.values())
            keep.ref_total[n] += sum(refs_kept.values())
            keep.sys_correct[n] += sum((sys_kept & refs_kept).values())

            sys_deleted = orig_r - sys_r
            refs_deleted = orig_r - refs_c
            delete.sys_total[n] += sum(sys_deleted.values())
            delete.ref_total[n] += sum(refs_deleted.values())
            delete.sys_correct[n] += sum((sys_deleted & refs_deleted).values())

    add_score = 100.0 * add.score()
    keep_score = 100.0 * keep.score()
    del_score = 100.0 * delete.score()
    return SariScores(
        sari=(add_score + keep_score + del_score) / 3,
        add=add_score,
        keep=keep_score,
        delete=del_score,
    )


def corpus_sari(
    orig_sents: Sequence[str], sys_sents: Sequence[str], refs_sents: Sequence[Sequence[str]]
) -> float:
    """Corpus-level SARI (0–100), with EASSE's signature and numbers.

    ``refs_sents`` is a list of reference sets, each parallel to ``orig_sents``.
    """
    return corpus_sari_operations(orig_sents, sys_sents, refs_sents).sari


def sentence_sari(orig: str, sys: str, refs: Sequence[str]) -> float:
    """SARI of one sentence against its references (EASSE's ``corpus_sari`` on a one-item corpus)."""
    if isinstance(refs, str):
        refs = [refs]
    return corpus_sari([orig], [sys], [[ref] for ref in refs])
