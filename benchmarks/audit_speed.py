"""Audit profile throughput: surface profile (words/s, one process) and full profile vs bare ``nlp.pipe``.

Goals (issue 4): surface profile ≥ 200,000 words/s on one process; the full profile (with parsing) ≥ 0.8×
the bare ``nlp.pipe`` throughput of the same pipeline, measured in the same run.

    python benchmarks/audit_speed.py [--words 400000] [--parse-words 30000]
"""

from __future__ import annotations

import argparse
import json
import logging
import sys
import time
from pathlib import Path

sys.path.insert(0, str(Path(__file__).resolve().parent.parent))
sys.path.insert(0, str(Path(__file__).resolve().parent))

from _common import tinyhelen_texts

from simplify.audit import profile_corpus
from simplify.audit.profile import _WORD


def corpus(words: int) -> list[str]:
    texts: list[str] = []
    total = 0
    while total < words:
        for text in tinyhelen_texts():
            texts.append(text)
            total += len(_WORD.findall(text))
            if total >= words:
                break
    return texts


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--words", type=int, default=400_000)
    ap.add_argument("--parse-words", type=int, default=30_000)
    ap.add_argument("--repeat", type=int, default=3)
    args = ap.parse_args()
    logging.basicConfig(level=logging.WARNING)

    texts = corpus(args.words)
    words = sum(len(_WORD.findall(t)) for t in texts)
    best = {"given": float("inf"), "detected": float("inf")}
    for _ in range(args.repeat):
        for mode in best:
            start = time.perf_counter()
            profile_corpus(texts, genres="web" if mode == "given" else None)
            best[mode] = min(best[mode], time.perf_counter() - start)
    result = {
        "documents": len(texts),
        "words": words,
        "surface_words_per_s": round(words / best["given"]),
        "surface_words_per_s_with_genre_detection": round(words / best["detected"]),
    }

    from simplify.nlp import load_nlp

    nlp = load_nlp(None)
    parse_texts = corpus(args.parse_words)
    parse_words = sum(len(_WORD.findall(t)) for t in parse_texts)
    list(nlp.pipe(parse_texts[:20]))  # warm up
    bare = full = float("inf")
    for _ in range(2):
        start = time.perf_counter()
        for _doc in nlp.pipe(parse_texts, batch_size=64):
            pass
        bare = min(bare, time.perf_counter() - start)
        start = time.perf_counter()
        profile_corpus(parse_texts, genres="web", syntax=True, nlp=nlp, batch_size=64)
        full = min(full, time.perf_counter() - start)
    result |= {
        "pipeline": nlp.meta.get("name", "?") + " (" + ",".join(nlp.pipe_names) + ")",
        "parse_words": parse_words,
        "bare_nlp_pipe_words_per_s": round(parse_words / bare),
        "full_profile_words_per_s": round(parse_words / full),
        "full_over_bare": round(bare / full, 3),
    }
    result["goals_met"] = result["surface_words_per_s"] >= 200_000 and result["full_over_bare"] >= 0.8
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
