"""Quality of the rules backend on the ASSET validation set (2,000 sentences, 10 references each).

Goals (issue 2): SARI >= 34 (copying the source scores about 21), FKGL below the source's, content-word
coverage of the output >= 95% under leaner-2k (the input's coverage is printed too). Coverage is measured
independently of the simplifier, by re-parsing the output.
Run: .venv/bin/python benchmarks/quality_asset.py [--genre wiki] [--limit N] [--save out.txt]
"""

from __future__ import annotations

import argparse
import logging
import time

from _common import shared_or_exit

from simplify import LeanerSimplifier
from simplify.metrics import corpus_bleu, corpus_sari_operations, fkgl
from simplify.vocab import vocabulary_coverage


def read(path) -> list[str]:
    return path.read_text(encoding="utf-8").splitlines()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--genre", default="wiki", help="ASSET sentences come from Wikipedia")
    parser.add_argument("--limit", type=int, default=None)
    parser.add_argument("--save", default=None, help="write the system output here")
    parser.add_argument("--no-broad", action="store_true", help="only first-tier (close) substitutes")
    args = parser.parse_args()
    logging.basicConfig(level=logging.WARNING)
    folder = shared_or_exit("asset-valid")
    orig = read(folder / "asset.valid.orig")[: args.limit]
    refs = [read(folder / f"asset.valid.simp.{k}")[: args.limit] for k in range(10)]

    simplifier = LeanerSimplifier(genre=args.genre, broad_substitutes=not args.no_broad)
    t0 = time.perf_counter()
    results = list(simplifier.pipe(orig, batch_size=128))
    seconds = time.perf_counter() - t0
    system = [r.text.replace("\n", " ") for r in results]
    if args.save:
        with open(args.save, "w", encoding="utf-8") as fh:
            fh.write("\n".join(system) + "\n")

    copy = corpus_sari_operations(orig, orig, refs)
    sari = corpus_sari_operations(orig, system, refs)
    cov_in = vocabulary_coverage(orig, nlp=simplifier.nlp, content_only=True)
    cov_out = vocabulary_coverage(system, nlp=simplifier.nlp, content_only=True)
    all_in = vocabulary_coverage(orig, nlp=simplifier.nlp)
    all_out = vocabulary_coverage(system, nlp=simplifier.nlp)
    tier = "first tier only" if args.no_broad else "with broad substitutes"
    print(f"sentences {len(orig):,}; rules backend ({args.genre}, {tier}) took {seconds:.1f}s")
    print(
        f"SARI copy-source {copy.sari:.2f}   rules {sari.sari:.2f} (add {sari.add:.2f}, keep {sari.keep:.2f}, "
        f"delete {sari.delete:.2f})   goal >= 34"
    )
    print(f"BLEU rules vs refs {corpus_bleu(system, refs):.2f}   copy-source {corpus_bleu(orig, refs):.2f}")
    print(
        f"FKGL source {fkgl(orig):.2f}   rules {fkgl(system):.2f}   references "
        f"{sum(fkgl(r) for r in refs) / len(refs):.2f}"
    )
    print(
        f"content-word coverage (leaner-2k): input {100 * cov_in.coverage:.2f}%   output "
        f"{100 * cov_out.coverage:.2f}%   goal >= 95%"
    )
    print(
        f"all checkable words coverage:      input {100 * all_in.coverage:.1f}%   output "
        f"{100 * all_out.coverage:.1f}%"
    )
    print(
        "most frequent out-of-list words left:", ", ".join(f"{w} {c}" for w, c in cov_out.oov.most_common(25))
    )
    print(f"sentences changed: {sum(r.changed for r in results):,} of {len(results):,}")


if __name__ == "__main__":
    main()
