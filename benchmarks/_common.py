"""Helpers shared by the benchmark scripts: locating ../shared/data and reading TinyHelen text."""

from __future__ import annotations

import io
import json
import sys
from collections.abc import Iterator
from pathlib import Path

SHARED = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


def shared_or_exit(*parts: str) -> Path:
    """A path under ../shared/data, or exit with a clear message when the folder is absent."""
    path = SHARED.joinpath(*parts)
    if not path.exists():
        sys.exit(f"needs {path} (the shared evaluation data beside the checkout)")
    return path


def tinyhelen_texts(genres: tuple[str, ...] = ("web", "wiki", "textbook", "book")) -> Iterator[str]:
    """Paragraph-sized texts from the TinyHelen originals (zstandard JSON lines)."""
    import zstandard

    folder = shared_or_exit("tinyhelen-validation", "ori")
    for genre in genres:
        for path in sorted(folder.glob(f"{genre}*.jsonl.zst")):
            with path.open("rb") as fh:
                reader = io.TextIOWrapper(zstandard.ZstdDecompressor().stream_reader(fh), encoding="utf-8")
                for line in reader:
                    record = json.loads(line)
                    text = record.get("text") or next(iter(record.values()))
                    yield from documents_of(text)


def documents_of(text: str, target_words: int = 200) -> Iterator[str]:
    """Cut a long text at line ends into documents of about ``target_words`` words."""
    lines: list[str] = []
    words = 0
    for line in text.splitlines(keepends=True):
        lines.append(line)
        words += len(line.split())
        if words >= target_words:
            yield "".join(lines).strip()
            lines, words = [], 0
    if words >= 20:
        yield "".join(lines).strip()


def take_words(texts: Iterator[str], n_words: int) -> list[str]:
    """Texts until about ``n_words`` words are collected (cycling if the source runs out)."""
    pool = list(texts)
    out: list[str] = []
    total = 0
    while total < n_words:
        for text in pool:
            out.append(text)
            total += len(text.split())
            if total >= n_words:
                break
    return out
