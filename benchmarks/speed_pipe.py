"""Speed: words/s of LeanerSimplifier().pipe against bare nlp.pipe with the same spaCy pipeline, same run.

Goals (issue 2): one-process ratio >= 0.5; two processes >= 1.6x one process.
Run: .venv/bin/python benchmarks/speed_pipe.py [--words 100000]
"""

from __future__ import annotations

import argparse
import logging
import time

from _common import take_words, tinyhelen_texts

from simplify import LeanerSimplifier


def rate(words: int, seconds: float) -> float:
    return words / seconds if seconds > 0 else float("inf")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    texts = take_words(tinyhelen_texts(), args.words)
    n_words = sum(len(t.split()) for t in texts)
    simplifier = LeanerSimplifier(genre="web")
    nlp = simplifier.nlp
    list(simplifier.pipe(texts[:20]))  # warm-up: loads data files, caches

    t0 = time.perf_counter()
    for _ in nlp.pipe(texts, batch_size=args.batch_size):
        pass
    bare = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _ in simplifier.pipe(texts, batch_size=args.batch_size):
        pass
    one = time.perf_counter() - t0

    t0 = time.perf_counter()
    for _ in simplifier.pipe(texts, batch_size=args.batch_size, n_process=2):
        pass
    two = time.perf_counter() - t0

    print(f"documents: {len(texts):,}  words: {n_words:,}  pipeline: {nlp.meta['name']} {nlp.pipe_names}")
    print(f"bare nlp.pipe             {rate(n_words, bare):>10,.0f} words/s")
    print(
        f"LeanerSimplifier.pipe n=1 {rate(n_words, one):>10,.0f} words/s  ratio to bare {bare / one:.2f} (goal >= 0.5)"
    )
    print(
        f"LeanerSimplifier.pipe n=2 {rate(n_words, two):>10,.0f} words/s  speed-up over n=1 {one / two:.2f} (goal >= 1.6)"
    )


if __name__ == "__main__":
    main()
