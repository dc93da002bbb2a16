"""Surface-overlap metrics: corpus BLEU, compression ratio and copy rate."""

from __future__ import annotations

from collections.abc import Sequence

__all__ = ["compression_ratio", "copy_rate", "corpus_bleu", "mean_compression_ratio"]


def _check_parallel(orig_sents: Sequence[str], sys_sents: Sequence[str]) -> None:
    if isinstance(orig_sents, str) or isinstance(sys_sents, str):
        raise TypeError("orig_sents and sys_sents must be sequences of sentences, not a single string")
    if len(orig_sents) != len(sys_sents):
        raise ValueError(
            f"orig_sents and sys_sents must have the same length, got {len(orig_sents)} and {len(sys_sents)}"
        )


def corpus_bleu(sys_sents: Sequence[str], refs_sents: Sequence[Sequence[str]]) -> float:
    """Corpus BLEU (0–100) from sacrebleu with its defaults (13a tokenisation, case-sensitive).

    ``refs_sents`` is a list of reference sets, each parallel to ``sys_sents`` (the SARI layout).
    """
    from sacrebleu.metrics import BLEU

    if isinstance(sys_sents, str):
        raise TypeError("sys_sents must be a sequence of sentences, not a single string")
    if len(refs_sents) == 0:
        raise ValueError("refs_sents must contain at least one reference set")
    for i, ref_set in enumerate(refs_sents):
        if isinstance(ref_set, str) or len(ref_set) != len(sys_sents):
            size = "a string" if isinstance(ref_set, str) else f"{len(ref_set)} sentences"
            raise ValueError(
                f"reference set {i} is {size} but sys_sents has {len(sys_sents)}; "
                "refs_sents must have the shape (n_references, n_sentences)"
            )
    return float(BLEU().corpus_score(list(sys_sents), [list(r) for r in refs_sents]).score)


def compression_ratio(orig_sents: Sequence[str], sys_sents: Sequence[str]) -> float:
    """Corpus compression ratio: total characters of the outputs / total characters of the sources.

    Leading and trailing whitespace is ignored; 0.0 when the sources are all empty.
    """
    _check_parallel(orig_sents, sys_sents)
    src_chars = sum(len(s.strip()) for s in orig_sents)
    if src_chars == 0:
        return 0.0
    return sum(len(s.strip()) for s in sys_sents) / src_chars


def mean_compression_ratio(orig_sents: Sequence[str], sys_sents: Sequence[str]) -> float:
    """Mean over sentence pairs of characters(output) / characters(source), skipping empty sources.

    0.0 when no pair has a non-empty source.
    """
    _check_parallel(orig_sents, sys_sents)
    pairs = zip(orig_sents, sys_sents, strict=True)
    ratios = [len(s.strip()) / len(o.strip()) for o, s in pairs if o.strip()]
    return sum(ratios) / len(ratios) if ratios else 0.0


def copy_rate(orig_sents: Sequence[str], sys_sents: Sequence[str]) -> float:
    """Share (0–1) of outputs identical to their source after stripping surrounding whitespace.

    0.0 for an empty corpus.
    """
    _check_parallel(orig_sents, sys_sents)
    if not orig_sents:
        return 0.0
    return sum(o.strip() == s.strip() for o, s in zip(orig_sents, sys_sents, strict=True)) / len(orig_sents)
