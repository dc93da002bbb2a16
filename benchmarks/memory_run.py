"""Memory: peak RSS of `simplify run` on 2,000 vs 50,000 documents (streaming: should differ by < 20%).

Each run is measured in a fresh wrapper process (RUSAGE_CHILDREN of that wrapper = the run's peak RSS).
The run writes shards (``--shard-size``) and concatenates them at the end, as every file output does.
Run: .venv/bin/python benchmarks/memory_run.py [--small 2000] [--large 50000] [--shard-size 10000]
"""

from __future__ import annotations

import argparse
import json
import subprocess
import sys
import tempfile
from pathlib import Path

REPO = Path(__file__).resolve().parent.parent
WRAPPER = (
    "import resource, subprocess, sys; subprocess.run(sys.argv[1:], check=True, stdout=subprocess.DEVNULL); "
    "print(resource.getrusage(resource.RUSAGE_CHILDREN).ru_maxrss)"
)


def make_corpus(path: Path, n: int) -> None:
    """``n`` short documents cycled from the bundled example corpus's sentences."""
    sentences = []
    for line in (REPO / "examples" / "corpus.jsonl").read_text(encoding="utf-8").splitlines():
        record = json.loads(line)
        if record["genre"] in ("web", "wiki", "textbook", "book"):
            sentences.extend(s.strip() + "." for s in record["text"].split(".") if len(s.split()) >= 6)
    with path.open("w", encoding="utf-8") as fh:
        for i in range(n):
            text = " ".join(sentences[(i * 2 + k) % len(sentences)] for k in range(2))
            fh.write(json.dumps({"id": i, "genre": "web", "text": text}) + "\n")


def peak_rss_mb(corpus: Path, out: Path, shard_size: int = 10_000) -> float:
    simplify = str(Path(sys.executable).with_name("simplify"))
    cmd = [sys.executable, "-c", WRAPPER, simplify, "run", str(corpus), "-o", str(out), "--no-progress"]
    cmd += ["--shard-size", str(shard_size)]
    kb = int(subprocess.run(cmd, check=True, capture_output=True, text=True).stdout.strip())
    return kb / 1024


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--small", type=int, default=2_000)
    parser.add_argument("--large", type=int, default=50_000)
    parser.add_argument("--shard-size", type=int, default=10_000)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        results = {}
        for n in (args.small, args.large):
            corpus = folder / f"corpus-{n}.jsonl"
            make_corpus(corpus, n)
            results[n] = peak_rss_mb(corpus, folder / f"out-{n}.jsonl", args.shard_size)
            print(f"{n:>7,} documents: peak RSS {results[n]:.0f} MB")
    ratio = results[args.large] / results[args.small]
    print(f"ratio large/small {ratio:.3f} (goal: differ by < 20%, i.e. ratio < 1.20)")


if __name__ == "__main__":
    main()
