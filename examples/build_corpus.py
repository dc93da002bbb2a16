"""Build examples/corpus.jsonl: short, real documents of seven genres excerpted from TinyHelen.

The sources are the MIT-licensed TinyHelen validation originals (``ori/`` of the shared data folder).
Selection is deterministic (fixed positions and a seeded RNG), so re-running gives the same file:

    python examples/build_corpus.py --shared ../shared/data/tinyhelen-validation --out examples/corpus.jsonl
"""

from __future__ import annotations

import argparse
import json
import logging
import random
import re
from collections.abc import Callable, Iterator
from pathlib import Path

import zstandard

logger = logging.getLogger("build_corpus")

REPO = Path(__file__).resolve().parent.parent
DEFAULT_SHARED = REPO.parent / "shared" / "data" / "tinyhelen-validation"
PER_GENRE = 6
SEED = 20250101
MAX_CHARS = 3000
FENCE = "```"
SENTENCE_END = (".", "!", "?", '"', "\u201d", "\u2019", ")", "\u2026")
# Records passed over on purpose: a partisan political press release is not a neutral example.
SKIP = {"web0001.jsonl.zst": {153}}

Doc = tuple[int, str]  # (record index in the source file, text)


# ------------------------------------------------------------------------------------------ reading


def read_text(path: Path) -> str:
    """Whole (decompressed) file as text; the source files are small."""
    data = path.read_bytes()
    if path.suffix == ".zst":
        data = zstandard.ZstdDecompressor().stream_reader(data, read_across_frames=True).read()
    return data.decode("utf-8")


def read_jsonl(path: Path) -> list[dict]:
    return [json.loads(line) for line in read_text(path).splitlines() if line.strip()]


# ------------------------------------------------------------------------------------------ cutting


def cut(text: str, max_chars: int = MAX_CHARS, min_chars: int = 0) -> str:
    """Longest prefix of ``text`` within ``max_chars`` that ends at a paragraph, line or sentence end.

    Ends after a full sentence are preferred, so that an excerpt does not stop on a heading or a colon.
    """
    text = text.strip()
    if len(text) <= max_chars:
        return text
    for pattern in (r"\n\s*\n", r"\n", r"(?<=[.!?])\s"):
        ends = [m.start() for m in re.finditer(pattern, text[: max_chars + 1]) if m.start() >= min_chars]
        complete = [end for end in ends if text[:end].rstrip().endswith(SENTENCE_END)]
        if complete or ends:
            return text[: (complete or ends)[-1]].strip()
    return text[:max_chars].rsplit(" ", 1)[0].strip()


def cut_markdown(text: str, max_chars: int = MAX_CHARS, min_chars: int = 600) -> str:
    """Like :func:`cut` at paragraph ends, but never leaves a ``` fence open.

    Cuts at the last blank line outside a fence; if that is shorter than ``min_chars``, cuts inside the
    fence at a line end and closes the fence.
    """
    text = text.strip()
    if len(text) <= max_chars:
        return text
    in_fence = False
    best_outside = 0
    best_inside = 0
    pos = 0
    for line in text.split("\n"):
        end = pos + len(line)
        if end + len(FENCE) + 1 > max_chars:
            break
        if line.strip().startswith(FENCE):
            in_fence = not in_fence
            if not in_fence:
                best_outside = end  # right after a closing fence is a clean end too
        elif not line.strip() and not in_fence:
            best_outside = pos
        elif in_fence:
            best_inside = end
        pos = end + 1
    if best_outside >= min_chars or best_inside <= best_outside:
        return text[:best_outside].strip()
    return text[:best_inside].rstrip() + "\n" + FENCE


def open_fences(text: str) -> int:
    return sum(line.strip().startswith(FENCE) for line in text.split("\n")) % 2


# ------------------------------------------------------------------------------------------ genres


def book(ori: Path) -> Iterator[tuple[str, Doc]]:
    """Excerpts of 1,000-2,500 chars at evenly spaced paragraph starts of the book's body."""
    name = "book0001.jsonl.zst"
    text = read_jsonl(ori / name)[0]["text"]
    first = re.search(r"\n(CHAPTER (ONE|1)|Chapter (One|1)|INTRODUCTION|Introduction)\b[^\n]*\n", text)
    body_start = first.end() if first else len(text) // 20
    last = re.search(r"\n(REFERENCES|BIBLIOGRAPHY|NOTES|INDEX)\s*\n", text[len(text) // 2 :])
    body_end = len(text) // 2 + last.start() if last else len(text) * 9 // 10
    span = body_end - body_start
    for k in range(PER_GENRE):
        at = body_start + span * (2 * k + 1) // (2 * PER_GENRE)
        start = text.index("\n\n", at) + 2
        # Skip headings and other short lines so each excerpt opens with running prose.
        while len(text[start : text.index("\n", start)]) < 200:
            start = text.index("\n\n", start) + 2
        yield name, (0, cut(text[start:body_end], 2500, 1000))


def code(ori: Path) -> Iterator[tuple[str, Doc]]:
    """Markdown answers with fenced code, one per programming language, six languages."""
    name = "code0001.jsonl.zst"
    records = read_jsonl(ori / name)
    by_language: dict[str, list[int]] = {}
    for i, record in enumerate(records):
        if FENCE in record["response"]:
            by_language.setdefault(record["programming_language"], []).append(i)
    rng = random.Random(SEED)
    languages = rng.sample(sorted(by_language), PER_GENRE)
    for language in languages:
        for i in rng.sample(by_language[language], len(by_language[language])):
            text = cut_markdown(records[i]["response"])
            if len(text) >= 600 and FENCE in text:
                yield name, (i, text)
                break


def conversation(ori: Path) -> Iterator[tuple[str, Doc]]:
    """Runs of 800-1,500 chars of quoted subtitle lines at evenly spaced points of the script."""
    name = "conversation0001.json.zst"
    [script] = json.loads(read_text(ori / name))
    for k in range(PER_GENRE):
        at = len(script) * (2 * k + 1) // (2 * PER_GENRE)
        start = script.index('" "', at) + 2  # at an opening quote
        window = script[start : start + 1500]
        end = window.rfind('" "', 800) + 1  # after a closing quote
        yield name, (0, window[:end])


def math(ori: Path) -> Iterator[tuple[str, Doc]]:
    """Problems with their hints (one per line), from six different problem domains."""
    name = "math0000.jsonl"
    records = read_jsonl(ori / name)
    first_of_domain: dict[str, int] = {}
    for i, record in enumerate(records):
        first_of_domain.setdefault(record["problem_domain"], i)
    for i in sorted(random.Random(SEED).sample(sorted(first_of_domain.values()), PER_GENRE)):
        record = records[i]
        yield name, (i, "\n".join([record["problem"], *record["hints"]]).strip())


def _sampled(
    name: str, texts: list[str], *, min_chars: int, cutter: Callable[[str], str] = cut
) -> Iterator[tuple[str, Doc]]:
    """A seeded sample of records whose excerpt is at least ``min_chars`` long."""
    order = random.Random(SEED).sample(range(len(texts)), len(texts))
    chosen = []
    for i in order:
        if i in SKIP.get(name, ()):
            continue
        text = cutter(texts[i])
        if len(text) >= min_chars:
            chosen.append((i, text))
        if len(chosen) == PER_GENRE:
            break
    for i, text in sorted(chosen):
        yield name, (i, text)


def textbook(ori: Path) -> Iterator[tuple[str, Doc]]:
    """The generated lessons (field ``textbook``; ``text`` holds the seed passage they were written from)."""
    name = "textbook0001.jsonl.zst"
    texts = [record["textbook"] for record in read_jsonl(ori / name)]
    yield from _sampled(name, texts, min_chars=1200)


def web(ori: Path) -> Iterator[tuple[str, Doc]]:
    name = "web0001.jsonl.zst"
    texts = [record["text"] for record in read_jsonl(ori / name)]
    yield from _sampled(name, texts, min_chars=800)


def wiki(ori: Path) -> Iterator[tuple[str, Doc]]:
    """Short Simple-Wikipedia-style articles (records are ``{"<idx>": text}``)."""
    name = "wiki0001.jsonl.zst"
    texts = [next(iter(record.values())) for record in read_jsonl(ori / name)]
    yield from _sampled(name, texts, min_chars=500)


GENRES: dict[str, Callable[[Path], Iterator[tuple[str, Doc]]]] = {
    "book": book,
    "code": code,
    "conversation": conversation,
    "math": math,
    "textbook": textbook,
    "web": web,
    "wiki": wiki,
}


def build(shared: Path) -> list[dict]:
    ori = shared / "ori"
    if not ori.is_dir():
        raise SystemExit(f"no TinyHelen originals at {ori}; pass --shared <tinyhelen-validation folder>")
    out = []
    for genre, make in GENRES.items():
        for n, (name, (i, text)) in enumerate(make(ori), start=1):
            assert text and len(text) <= MAX_CHARS and not open_fences(text), (genre, n)
            out.append(
                {
                    "id": f"{genre}-{n}",
                    "genre": genre,
                    "source": f"TinyHelen validation {name} record {i}",
                    "text": text,
                }
            )
        logger.info("%s: %d documents", genre, n)
    return out


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("--shared", type=Path, default=DEFAULT_SHARED, help="tinyhelen-validation folder")
    parser.add_argument("--out", type=Path, default=REPO / "examples" / "corpus.jsonl")
    args = parser.parse_args()
    logging.basicConfig(level=logging.INFO, format="%(message)s")
    records = build(args.shared)
    with args.out.open("w", encoding="utf-8", newline="\n") as fh:
        for record in records:
            fh.write(json.dumps(record, ensure_ascii=False) + "\n")
    logger.info("wrote %d documents, %d bytes, to %s", len(records), args.out.stat().st_size, args.out)


if __name__ == "__main__":
    main()
