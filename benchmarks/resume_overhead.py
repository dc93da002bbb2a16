"""Resume overhead: `simplify run` killed (SIGKILL) at 50% of its input and resumed, against one
uninterrupted run. Goal (issue 5): killed run + resume <= 1.1x the uninterrupted run, in total.

The corpus is the memory benchmark's (short documents cycled from examples/corpus.jsonl). The kill comes
when the manifest shows half the lines committed.
Run: .venv/bin/python benchmarks/resume_overhead.py [--docs 4000] [--shard-size 100]
"""

from __future__ import annotations

import argparse
import json
import os
import signal
import subprocess
import sys
import tempfile
import time
from pathlib import Path

from memory_run import make_corpus


def command(corpus: Path, out: Path, shard_size: int, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "simplify.cli",
        "run",
        str(corpus),
        "-o",
        str(out),
        "--no-progress",
        "--shard-size",
        str(shard_size),
        *extra,
    ]


def committed_lines(manifest: Path) -> int:
    try:
        return sum(s["counts"]["read"] for s in json.loads(manifest.read_text())["shards"])
    except (OSError, ValueError):
        return 0


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__)
    parser.add_argument("--docs", type=int, default=4_000)
    parser.add_argument("--shard-size", type=int, default=100)
    args = parser.parse_args()
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        corpus = folder / "corpus.jsonl"
        make_corpus(corpus, args.docs)

        started = time.perf_counter()
        subprocess.run(
            command(corpus, folder / "ref.jsonl", args.shard_size), check=True, capture_output=True
        )
        full = time.perf_counter() - started

        out = folder / "out.jsonl"
        manifest = folder / "out.jsonl.parts" / "_manifest.json"
        started = time.perf_counter()
        proc = subprocess.Popen(
            command(corpus, out, args.shard_size), stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL
        )
        while proc.poll() is None and committed_lines(manifest) < args.docs // 2:
            time.sleep(0.02)
        os.kill(proc.pid, signal.SIGKILL)
        proc.wait()
        killed_at = committed_lines(manifest)
        first = time.perf_counter() - started
        started = time.perf_counter()
        subprocess.run(command(corpus, out, args.shard_size, "--resume"), check=True, capture_output=True)
        second = time.perf_counter() - started
        identical = out.read_bytes() == (folder / "ref.jsonl").read_bytes()

    total = first + second
    print(f"uninterrupted run: {full:.1f}s for {args.docs:,} documents")
    print(f"killed at {killed_at:,} committed lines after {first:.1f}s; resume took {second:.1f}s")
    print(
        f"total {total:.1f}s = {total / full:.3f}x the uninterrupted run (goal <= 1.1x); identical output: {identical}"
    )


if __name__ == "__main__":
    main()
