"""Ray Data scaling: simplify_dataset on a local Ray with 2 CPUs (2 actors) against one process
(LeanerSimplifier.pipe) on the same ~100k words. Goal (issue 5): >= 1.6x one process.

Start-up costs are reported separately: ray.init, and each side's pipeline loading (an actor loads spaCy
once; the single process loads it before timing). Texts: TinyHelen originals from ../shared/data when
present, else the memory benchmark's corpus (short documents from examples/corpus.jsonl).
Run: .venv/bin/python benchmarks/ray_scaling.py [--words 100000]
"""

from __future__ import annotations

import argparse
import json
import logging
import tempfile
import time
from pathlib import Path

from simplify import LeanerSimplifier


def texts_of(words: int) -> list[str]:
    try:
        from _common import SHARED, take_words, tinyhelen_texts

        if (SHARED / "tinyhelen-validation").exists():
            return take_words(tinyhelen_texts(), words)
    except ImportError:
        pass
    from memory_run import make_corpus

    with tempfile.TemporaryDirectory() as tmp:
        path = Path(tmp) / "c.jsonl"
        make_corpus(path, max(1, words // 20))
        texts = [json.loads(line)["text"] for line in path.read_text().splitlines()]
    out, total = [], 0
    for t in texts:
        if total >= words:
            break
        out.append(t)
        total += len(t.split())
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--words", type=int, default=100_000)
    parser.add_argument("--cpus", type=int, default=2)
    parser.add_argument("--batch-size", type=int, default=64)
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    texts = texts_of(args.words)
    n_words = sum(len(t.split()) for t in texts)

    started = time.perf_counter()
    simplifier = LeanerSimplifier(genre="web")
    simplifier.nlp  # noqa: B018 - load before timing
    load = time.perf_counter() - started
    started = time.perf_counter()
    for _ in simplifier.pipe(texts, batch_size=args.batch_size, on_error="passthrough"):
        pass
    one = time.perf_counter() - started

    import ray

    from simplify.integrations.ray import simplify_dataset

    started = time.perf_counter()
    ray.init(num_cpus=args.cpus, include_dashboard=False, log_to_driver=False)
    ray_init = time.perf_counter() - started
    ds = ray.data.from_items([{"text": t, "genre": "web"} for t in texts], override_num_blocks=16 * args.cpus)
    ds = ds.materialize()
    started = time.perf_counter()
    rows = simplify_dataset(
        ds, concurrency=args.cpus, batch_size=args.batch_size, language_check=False
    ).take_all()
    distributed = time.perf_counter() - started
    ray.shutdown()
    assert len(rows) == len(texts)

    print(f"{n_words:,} words in {len(texts):,} documents")
    print(f"one process: {one:.1f}s ({n_words / one:,.0f} words/s) + {load:.1f}s pipeline load")
    print(
        f"Ray Data, {args.cpus} actors: {distributed:.1f}s ({n_words / distributed:,.0f} words/s), "
        f"including each actor's pipeline load; ray.init {ray_init:.1f}s"
    )
    print(
        f"speed-up {one / distributed:.2f}x (goal >= 1.6x); with start-up costs on both sides "
        f"{(one + load) / (distributed + ray_init):.2f}x"
    )


if __name__ == "__main__":
    main()
