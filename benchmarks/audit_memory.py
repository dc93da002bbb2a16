"""Peak memory of a surface profile for a corpus and for 10× more text (goal: grows by less than 1.5×).

Each size runs in a fresh subprocess; the text is generated on the fly (a Zipf-distributed vocabulary of
2 million word types, so larger corpora really do bring new types) and streamed, never held in memory.
Reports peak RSS (``ru_maxrss``) and the tracemalloc peak of the profiling itself.

    python benchmarks/audit_memory.py [--words 1000000] [--cap 200000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
from pathlib import Path

ROOT = Path(__file__).resolve().parent.parent

CHILD = r"""
import json, random, resource, sys, tracemalloc
sys.path.insert(0, sys.argv[1])
from simplify.audit import profile_corpus
words, cap = int(sys.argv[2]), int(sys.argv[3])
letters = "abcdefghijklmnopqrstuvwxyz"
def name(i):
    s = ""
    i += 1
    while i:
        i, r = divmod(i - 1, 26)
        s += letters[r]
    return s
def texts():
    rng = random.Random(0)
    made = 0
    while made < words:
        n = 200
        ws = [name(int(rng.paretovariate(1.0)) % 2_000_000) for _ in range(n)]
        made += n
        yield " ".join(" ".join(ws[i:i + 15]) + "." for i in range(0, n, 15))
tracemalloc.start()
p = profile_corpus(texts(), genres="web", cap=cap)
_, peak = tracemalloc.get_traced_memory()
print(json.dumps({"words": p.overall.tokens, "types": round(p.overall.types), "exact": p.overall.words.exact,
                  "tracemalloc_peak_mb": round(peak / 2**20, 1),
                  "max_rss_mb": round(resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024, 1)}))
"""


def run(words: int, cap: int) -> dict:
    out = subprocess.run(
        [sys.executable, "-c", CHILD, str(ROOT), str(words), str(cap)],
        capture_output=True,
        text=True,
        check=True,
    )
    return json.loads(out.stdout)


def main() -> None:
    ap = argparse.ArgumentParser(description=__doc__)
    ap.add_argument("--words", type=int, default=1_000_000)
    ap.add_argument("--cap", type=int, default=200_000)
    args = ap.parse_args()
    small = run(args.words, args.cap)
    large = run(10 * args.words, args.cap)
    result = {
        "small": small,
        "large": large,
        "rss_growth": round(large["max_rss_mb"] / small["max_rss_mb"], 3),
        "tracemalloc_growth": round(large["tracemalloc_peak_mb"] / small["tracemalloc_peak_mb"], 3),
    }
    result["goal_met"] = result["rss_growth"] < 1.5
    print(json.dumps(result, indent=1))


if __name__ == "__main__":
    main()
