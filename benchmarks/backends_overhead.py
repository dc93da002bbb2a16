"""Model-backend pipeline cost: rules vs an identity "model" (chunking, masking, validation, re-parsing),
and optionally the llama.cpp backend with the installed Gemma GGUF (answers/s, share of chunks kept).

Run: .venv/bin/python benchmarks/backends_overhead.py [--docs 40] [--llamacpp 4]
"""

from __future__ import annotations

import argparse
import json
import logging
import time
from collections.abc import Sequence

from simplify import LeanerSimplifier
from simplify.nlp import load_nlp

logger = logging.getLogger("backends_overhead")

SAMPLE = (
    "The committee subsequently promulgated regulations that were utilized by administrators in 2019. "
    "Anna Smith, who chaired it, said the rules would see https://example.org/rules for details.\n\n"
    "Their implementation necessitated considerable expenditure, yet the benefits were substantial."
)


class Identity:
    """A model that returns its input: measures the pipeline, not a model."""

    name = "identity"

    def rewrite_batch(self, chunks: Sequence[str], genres: Sequence[str]) -> list[str]:
        return list(chunks)


def timed(simplifier: LeanerSimplifier, docs: list[str]) -> tuple[float, list]:
    start = time.perf_counter()
    results = list(simplifier.pipe(docs, batch_size=16))
    return time.perf_counter() - start, results


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=40)
    parser.add_argument("--llamacpp", type=int, default=0, help="documents to run through Gemma (0: skip)")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    docs = [SAMPLE.replace("2019", str(2000 + n)) for n in range(args.docs)]
    nlp = load_nlp()
    report: dict[str, object] = {"docs": len(docs), "words": sum(len(d.split()) for d in docs)}
    t_rules, _ = timed(LeanerSimplifier(nlp=nlp, genre="wiki"), docs)
    t_id, res = timed(LeanerSimplifier(Identity(), nlp=nlp, genre="wiki"), docs)
    chunks = [c for r in res for c in r.chunks]
    report |= {
        "rules_s": round(t_rules, 3),
        "identity_s": round(t_id, 3),
        "identity_chunks": len(chunks),
        "identity_fallback_share": round(sum(c.fallback for c in chunks) / max(1, len(chunks)), 3),
    }
    if args.llamacpp:
        s = LeanerSimplifier("llamacpp", nlp=nlp, genre="wiki", backend_options={"max_tokens": 128})
        t_llm, res = timed(s, docs[: args.llamacpp])
        chunks = [c for r in res for c in r.chunks]
        report |= {
            "llamacpp_s": round(t_llm, 2),
            "llamacpp_chunks": len(chunks),
            "llamacpp_kept_share": round(sum(not c.fallback for c in chunks) / max(1, len(chunks)), 3),
            "llamacpp_reasons": sorted({r.split(":")[0] for c in chunks for r in c.reasons}),
        }
    logger.info(json.dumps(report))


if __name__ == "__main__":
    main()
