"""Load the TinyHelen validation pairs (original vs the paper's GPT-4 "leaner" text) for audit tests.

Not a test module (no ``test_`` prefix); imported by tests/test_audit_tinyhelen.py and the audit benchmarks.
"""

from __future__ import annotations

import io
import json
from pathlib import Path

GENRES = ("book", "code", "conversation", "math", "textbook", "web", "wiki")


def _read(path: Path) -> str:
    if path.suffix == ".zst":
        import zstandard

        with path.open("rb") as fh:
            return zstandard.ZstdDecompressor().stream_reader(fh).read().decode("utf-8")
    return path.read_text(encoding="utf-8")


def _rows(path: Path) -> list[dict]:
    return [json.loads(line) for line in io.StringIO(_read(path)) if line.strip()]


def _text(record: dict) -> str:
    if "text" in record:
        return record["text"]
    if "prompt" in record:
        return record["prompt"] + "\n\n" + record["response"]
    if "problem" in record:
        return record["problem"] + "\n\n" + "\n".join(record.get("hints") or [])
    raise ValueError(f"no text in record with keys {sorted(record)}")


def load_pairs(root: Path) -> tuple[list[str], list[str], list[str]]:
    """(originals, leaner texts, genres), aligned; wiki and code pair by ``idx``, the rest by order."""
    ori_dir, lean_dir = root / "ori", root / "leaner"
    originals: list[str] = []
    leaner: list[str] = []
    genres: list[str] = []
    for genre in GENRES:
        ori_path = next(p for p in ori_dir.iterdir() if p.name.startswith(genre))
        lean_path = next(p for p in lean_dir.iterdir() if p.name.startswith(genre))
        lean_rows = _rows(lean_path)
        if genre == "conversation":
            ori_texts = json.loads(_read(ori_path))
            lean_texts = [_text(r) for r in lean_rows]
        elif genre == "wiki":
            ori_by_idx = {}
            for row in _rows(ori_path):
                ((idx, text),) = row.items()
                ori_by_idx[int(idx)] = text
            lean_texts = [r["text"].replace("\\n", "\n") for r in lean_rows]
            ori_texts = [ori_by_idx[int(r["idx"])] for r in lean_rows]
        elif genre == "code":
            ori_by_idx = {int(r["idx"]): _text(r) for r in _rows(ori_path)}
            ori_texts = [ori_by_idx[int(r["idx"])] for r in lean_rows]
            lean_texts = [_text(r) for r in lean_rows]
        else:
            ori_texts = [_text(r) for r in _rows(ori_path)]
            lean_texts = [_text(r) for r in lean_rows]
        n = min(len(ori_texts), len(lean_texts))
        originals += ori_texts[:n]
        leaner += lean_texts[:n]
        genres += [genre] * n
    return originals, leaner, genres
