"""A real `simplify run` process killed with SIGKILL at random points, then resumed: the final output is
byte-identical to an uninterrupted run (no record lost or written twice) and read = written + errors."""

from __future__ import annotations

import json
import os
import random
import signal
import subprocess
import sys
import time
from pathlib import Path

import pytest

SENTENCES = [
    "The committee subsequently promulgated regulations.",
    "We commenced the journey at dawn.",
    "The cat sat on the mat and looked at the bird.",
    "Scientists utilized sophisticated instruments to measure the phenomenon.",
    "Le comité a ensuite promulgué des règlements utilisés par les administrateurs de la ville.",
]
N_DOCS = 400


def _corpus(path: Path) -> None:
    with path.open("w", encoding="utf-8") as fh:
        for i in range(N_DOCS):
            if i % 97 == 5:
                fh.write("{not json\n")
                continue
            text = f"{SENTENCES[i % 5]} {SENTENCES[(i * 3 + 1) % 4]}"
            fh.write(json.dumps({"id": i, "text": text}) + "\n")


def _cmd(src: Path, out: Path, *extra: str) -> list[str]:
    return [
        sys.executable,
        "-m",
        "simplify.cli",
        "run",
        str(src),
        "-o",
        str(out),
        "--no-progress",
        "--shard-size",
        "20",
        *extra,
    ]


def _committed(work: Path) -> int:
    try:
        return sum(s["counts"]["read"] for s in json.loads((work / "_manifest.json").read_text())["shards"])
    except (OSError, ValueError):
        return 0


def _summary(stdout: str) -> dict:
    return json.loads(stdout.strip().splitlines()[-1])


@pytest.mark.slow
def test_kill_9_at_random_points_then_resume_gives_the_uninterrupted_output(tmp_path):
    src = tmp_path / "corpus.jsonl"
    _corpus(src)
    ref = subprocess.run(_cmd(src, tmp_path / "ref.jsonl"), capture_output=True, text=True, check=True)
    ref_summary = _summary(ref.stdout)
    assert ref_summary["read"] == N_DOCS and ref_summary["accounted"]
    ref_out = (tmp_path / "ref.jsonl").read_bytes()
    ref_err = (tmp_path / "ref.errors.jsonl").read_bytes()
    killed_mid_run = resumed = 0
    for seed in (1, 2, 3):
        rng = random.Random(seed)
        out = tmp_path / f"out-{seed}.jsonl"
        for attempt in range(2 if seed == 1 else 1):  # seed 1 also kills its first resume
            proc = subprocess.Popen(
                _cmd(src, out, *(["--resume"] if attempt else [])),
                stdout=subprocess.DEVNULL,
                stderr=subprocess.DEVNULL,
            )
            # A random point: once a random share of the lines is committed, plus a random part of a shard.
            target = rng.randint(N_DOCS // 5, 4 * N_DOCS // 5)
            while proc.poll() is None and _committed(tmp_path / f"out-{seed}.jsonl.parts") < target:
                time.sleep(0.01)
            time.sleep(rng.uniform(0, 0.3))
            if proc.poll() is None:
                os.kill(proc.pid, signal.SIGKILL)
                killed_mid_run += 1
            proc.wait()
        done = subprocess.run(_cmd(src, out, "--resume"), capture_output=True, text=True, check=True)
        summary = _summary(done.stdout)
        assert summary["accounted"] and summary["complete"]
        resumed += summary["resumed_lines"] > 0
        assert {k: summary[k] for k in ("read", "written", "errors", "non_english")} == {
            k: ref_summary[k] for k in ("read", "written", "errors", "non_english")
        }
        assert out.read_bytes() == ref_out, f"seed {seed}: output differs from the uninterrupted run"
        assert (tmp_path / f"out-{seed}.errors.jsonl").read_bytes() == ref_err
        assert not (tmp_path / f"out-{seed}.jsonl.parts").exists()
        ids = [json.loads(line)["id"] for line in ref_out.decode().splitlines()]
        assert len(ids) == len(set(ids))
    assert killed_mid_run >= 3 and resumed >= 2, "the kills came too early or too late to test anything"
