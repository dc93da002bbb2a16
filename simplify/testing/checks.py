"""Invariant checks for simplified text: plain functions that raise a readable :class:`AssertionError`.

Each check takes plain values (strings, ids, a :class:`~simplify.result.SimplifyResult`) and needs no
``hypothesis``, so it works in any test: example-based, property-based or a data-pipeline smoke test.
A failure message says what was expected, what was found and, where texts differ, shows a unified diff.

>>> check_protected_spans("See https://example.org now.", "Look at https://example.org now.",
...                       ["https://example.org"])
>>> check_records_accounted([1, 2, 3], [1, 3], error_ids=[2])
"""

from __future__ import annotations

import difflib
import re
from collections import Counter
from collections.abc import Callable, Hashable, Iterable, Sequence
from typing import Any, Protocol, runtime_checkable

from simplify.result import SimplifyResult

__all__ = [
    "META_COMMENTARY_PHRASES",
    "StructureSummary",
    "check_coverage",
    "check_deterministic",
    "check_no_meta_commentary",
    "check_protected_spans",
    "check_records_accounted",
    "check_simplification",
    "check_structure",
    "structure_of",
    "text_diff",
]

#: Phrases a rewriter must not add: commentary about the text or the task instead of the text itself
#: (what a prompted language model tends to write). Matched case-insensitively, at word boundaries.
META_COMMENTARY_PHRASES: tuple[str, ...] = (
    "this passage",
    "this text",
    "the passage",
    "the original text",
    "as an ai",
    "as a language model",
    "language model",
    "here is the simplified",
    "here is a simplified",
    "here's the simplified",
    "here's a simplified",
    "simplified version",
    "i cannot",
    "i can't",
    "i'm sorry",
    "i am sorry",
    "sure, here",
    "certainly! here",
    "in simpler words",
    "in simple terms, the",
    "note:",
    "rewritten text",
)
_META_RES = tuple(
    (p, re.compile(r"(?<!\w)" + re.escape(p).replace(r"\ ", r"\s+") + r"(?!\w)", re.IGNORECASE))
    for p in META_COMMENTARY_PHRASES
)
_EPS = 1e-9


# ----------------------------------------------------------------------------------------------- diffs


def _diff_lines(text: str) -> list[str]:
    """Lines for a diff; long lines are cut after sentence ends so one-paragraph texts diff readably."""
    out: list[str] = []
    for line in text.split("\n"):
        if len(line) > 100:
            out.extend(re.split(r"(?<=[.!?])\s+", line))
        else:
            out.append(line)
    return out


def text_diff(expected: str, actual: str, *, labels: tuple[str, str] = ("original", "simplified")) -> str:
    """A unified diff of two texts (whitespace and control characters shown with ``repr``-style escapes)."""
    a = [ascii_visible(line) for line in _diff_lines(expected)]
    b = [ascii_visible(line) for line in _diff_lines(actual)]
    diff = difflib.unified_diff(a, b, fromfile=labels[0], tofile=labels[1], lineterm="", n=2)
    return "\n".join(diff) or "(no line differs)"


def ascii_visible(text: str) -> str:
    """``text`` with control, format and surrogate characters escaped, so a diff shows them."""
    return "".join(
        c if c.isprintable() or c == " " else c.encode("unicode_escape", "backslashreplace").decode("ascii")
        for c in text
    )


def _fail(message: str, original: str | None = None, simplified: str | None = None) -> AssertionError:
    if original is not None and simplified is not None:
        message += "\n" + text_diff(original, simplified)
    return AssertionError(message)


# -------------------------------------------------------------------------------------- protected spans


@runtime_checkable
class _SpanLike(Protocol):
    start: int
    end: int


SpanSpec = str | tuple[int, int] | _SpanLike
"""A protected part: its text, or a ``(start, end)`` span of the original, or an object with ``start``/``end``
(such as :class:`simplify.protect.Span`)."""


def _span_text(original: str, spec: SpanSpec) -> str:
    if isinstance(spec, str):
        return spec
    start, end = (spec.start, spec.end) if isinstance(spec, _SpanLike) else spec
    if not 0 <= start <= end <= len(original):
        raise ValueError(f"span {(start, end)} is outside the original text (length {len(original)})")
    return original[start:end]


def check_protected_spans(original: str, simplified: str, spans: Iterable[SpanSpec]) -> None:
    """Every protected part of ``original`` is in ``simplified`` byte-exact, at least as often as it is listed.

    ``spans`` are strings, ``(start, end)`` spans of ``original`` or span objects. A part listed ``n``
    times must occur (as a substring) at least ``n`` times in ``simplified``; order is not checked, since
    sentence splitting may move a clause with its link after the main clause.
    """
    wanted = Counter(t for t in (_span_text(original, sp) for sp in spans) if t)
    missing = []
    for part, n in wanted.items():
        if part not in original:
            raise ValueError(f"protected part {part!r} is not in the original text")
        found = simplified.count(part)
        if found < n:
            missing.append(f"  {part!r}: expected at least {n}, found {found}")
    if missing:
        raise _fail(
            f"{len(missing)} protected part(s) not kept byte-exact:\n" + "\n".join(missing),
            original,
            simplified,
        )


# -------------------------------------------------------------------------------------------- coverage


def check_coverage(result: SimplifyResult, floor: float | None = None) -> None:
    """Coverage after is not lower than before, and (when ``floor`` is given) at least ``floor``.

    Texts without checkable words (coverage ``None``) pass; so do skipped results (``result.skipped``).
    """
    if floor is not None and not 0.0 <= floor <= 1.0:
        raise ValueError(f"floor must be between 0 and 1, got {floor}")
    before, after = result.coverage_before, result.coverage_after
    if after is None:
        return
    problems = []
    if before is not None and after < before - _EPS:
        problems.append(f"coverage fell from {before:.4f} to {after:.4f}")
    if floor is not None and after < floor - _EPS:
        problems.append(f"coverage after {after:.4f} is below the floor {floor:.4f}")
    if problems:
        oov = ", ".join(f"{w!r}×{n}" for w, n in list(result.oov_after.items())[:15]) or "none"
        raise _fail(
            "; ".join(problems) + f" (genre {result.genre!r}; out-of-list words left: {oov})",
            result.original,
            result.text,
        )


# --------------------------------------------------------------------------------------- meta-commentary


def check_no_meta_commentary(
    text: str, original: str | None = None, *, phrases: Sequence[str] | None = None
) -> None:
    """``text`` contains none of :data:`META_COMMENTARY_PHRASES` (or ``phrases``) more often than ``original``.

    Pass the input as ``original`` so that a phrase the input itself contains ("this passage") is allowed.
    """
    patterns = (
        _META_RES
        if phrases is None
        else tuple(
            (p, re.compile(r"(?<!\w)" + re.escape(p).replace(r"\ ", r"\s+") + r"(?!\w)", re.IGNORECASE))
            for p in phrases
        )
    )
    found = []
    for phrase, rx in patterns:
        n = len(rx.findall(text))
        allowed = len(rx.findall(original)) if original is not None else 0
        if n > allowed:
            found.append(f"  {phrase!r}: {n} time(s)" + (f" (the original has {allowed})" if allowed else ""))
    if found:
        raise _fail(
            "meta-commentary in the output:\n" + "\n".join(found),
            original if original is not None else "",
            text,
        )


# ------------------------------------------------------------------------------------------- structure

_FENCE_OPEN_RE = re.compile(r"^[ \t]*(`{3,}|~{3,})")
_HEADING_RE = re.compile(r"^[ ]{0,3}(#{1,6})(?=[ \t]|$)")
_LIST_RE = re.compile(r"^([ \t]*)([-*+•]|\d{1,9}[.)])(?=[ \t])")
_SPEAKER_RE = re.compile(
    r"^[ \t]*(\[[^\[\]\n]{1,40}\][ ]?:"
    r"|[A-ZÀ-ÖØ-Þ][\w'’.\-]{0,30}(?:[ ](?:[A-ZÀ-ÖØ-Þ][\w'’.\-]{0,30}|\d{1,3}|de|van|von|da|del|la|le|al|bin))"
    r"{0,3}[ ]?:)(?=[ \t]|$)"
)

StructureSummary = dict[str, list[str]]
"""What :func:`structure_of` returns: ``code_blocks``, ``headings``, ``list_items`` and ``speakers``."""


def structure_of(text: str) -> StructureSummary:
    """The structural skeleton of ``text``, line by line (lines split on ``\\n`` only).

    ``code_blocks``: each fenced block (``````` or ``~~~``), fences included, in order; ``headings``: ATX heading
    markers (``#``…``######``); ``list_items``: list markers (``-``, ``*``, ``+``, ``•``, ``1.``, ``1)``)
    with their indentation; ``speakers``: speaker labels at the start of a line (``Alice:``, ``Dr. Smith:``,
    ``[Narrator]:``). Lines inside fenced blocks count only as code.
    """
    out: StructureSummary = {"code_blocks": [], "headings": [], "list_items": [], "speakers": []}
    lines = text.split("\n")
    i = 0
    while i < len(lines):
        line = lines[i]
        fence = _FENCE_OPEN_RE.match(line)
        if fence and not (fence.group(1)[0] == "`" and "`" in line[fence.end() :]):
            mark = fence.group(1)
            j = i + 1
            while j < len(lines) and not (
                lines[j].strip().startswith(mark[0] * len(mark)) and not lines[j].strip().strip(mark[0])
            ):
                j += 1
            out["code_blocks"].append("\n".join(lines[i : j + 1]))
            i = j + 1
            continue
        if m := _HEADING_RE.match(line):
            out["headings"].append(m.group(1))
        elif m := _LIST_RE.match(line):
            out["list_items"].append(m.group(1) + m.group(2))
        elif m := _SPEAKER_RE.match(line):
            out["speakers"].append(m.group(1).strip())
        i += 1
    return out


# Which parts of the skeleton each shipped genre keeps (the genre's protected kinds decide).
_GENRE_STRUCTURE: dict[str, tuple[str, ...]] = {
    "book": ("speakers",),
    "conversation": ("speakers",),
    "code": ("code_blocks", "headings", "list_items"),
    "wiki": ("headings", "list_items"),
    "web": ("code_blocks", "headings", "list_items"),
    "textbook": ("code_blocks", "headings", "list_items"),
    "instruction": ("code_blocks", "headings", "list_items"),
}
_PASSTHROUGH_GENRES = frozenset({"math"})


def _structure_keys(genre: str) -> tuple[str, ...] | None:
    """Skeleton parts kept by ``genre`` (``None``: the genre passes text through unchanged)."""
    if genre in _PASSTHROUGH_GENRES:
        return None
    if genre in _GENRE_STRUCTURE:
        return _GENRE_STRUCTURE[genre]
    from simplify.genres import get_genre  # a custom registered genre: derive from its profile

    profile = get_genre(genre)
    if profile.passthrough:
        return None
    keys = []
    if "code_block" in profile.protect:
        keys.append("code_blocks")
    if "markdown" in profile.protect:
        keys += ["headings", "list_items"]
    if "speaker_label" in profile.protect:
        keys.append("speakers")
    return tuple(keys)


def check_structure(original: str, simplified: str, genre: str) -> None:
    """The skeleton that ``genre`` must keep is the same, in the same order, before and after.

    ``book``/``conversation``: speaker labels; ``code``/``web``/``textbook``/``instruction``: fenced code
    blocks (byte-exact), heading and list markers; ``wiki``: heading and list markers; ``math``: the whole
    text (the genre passes text through). A custom genre keeps what its profile protects (``code_block``,
    ``markdown``, ``speaker_label``). See :func:`structure_of` for what is recognised.
    """
    keys = _structure_keys(genre)
    if keys is None:
        if simplified != original:
            raise _fail(f"genre {genre!r} passes text through, but the text changed", original, simplified)
        return
    before, after = structure_of(original), structure_of(simplified)
    problems = []
    for key in keys:
        if before[key] != after[key]:
            a = [ascii_visible(x) for x in before[key]]
            b = [ascii_visible(x) for x in after[key]]
            diff = "\n".join(
                difflib.unified_diff(a, b, fromfile=f"{key} before", tofile=f"{key} after", lineterm="")
            )
            problems.append(f"{key} differ ({len(a)} before, {len(b)} after):\n{diff}")
    if problems:
        raise _fail(f"structure of genre {genre!r} not kept:\n" + "\n".join(problems), original, simplified)


# ---------------------------------------------------------------------------------- record accounting


def check_records_accounted(
    input_ids: Iterable[Hashable], output_ids: Iterable[Hashable], error_ids: Iterable[Hashable] = ()
) -> None:
    """Every input id comes out exactly once, as an output or as an error, and nothing else comes out.

    An id given ``n`` times in the input must come out ``n`` times in all.
    """
    inputs, outputs, errors = Counter(input_ids), Counter(output_ids), Counter(error_ids)
    out_all = outputs + errors
    missing = inputs - out_all
    extra = out_all - inputs
    both = sorted((set(outputs) & set(errors)) - {k for k, n in inputs.items() if n > 1}, key=repr)
    if not (missing or extra or both):
        return
    lines = [
        f"records not accounted for: {sum(inputs.values())} in, {sum(outputs.values())} out, "
        f"{sum(errors.values())} errors"
    ]
    if missing:
        lines.append("  missing (never came out): " + _show(missing))
    if extra:
        lines.append("  extra (duplicated or never put in): " + _show(extra))
    if both:
        lines.append("  both written and reported as errors: " + ", ".join(map(repr, both[:20])))
    raise AssertionError("\n".join(lines))


def _show(counts: Counter[Hashable], limit: int = 20) -> str:
    items = sorted(counts.items(), key=lambda kv: repr(kv[0]))
    shown = ", ".join(repr(k) if n == 1 else f"{k!r}×{n}" for k, n in items[:limit])
    return shown + (f", … ({len(items) - limit} more)" if len(items) > limit else "")


# ---------------------------------------------------------------------------------------- determinism


def _text_of(value: Any) -> str:
    if isinstance(value, str):
        return value
    text = getattr(value, "text", None)
    if not isinstance(text, str):
        raise TypeError(f"expected a str or a result with a .text str, got {type(value).__name__}")
    return text


def check_deterministic(
    simplifier: Callable[[str], Any], texts: Sequence[str], *, repeats: int = 2, pipe: bool = True
) -> list[str]:
    """The simplifier gives the same output for the same input: called ``repeats`` times, and through its
    ``pipe`` (when it has one and ``pipe`` is true) with batch sizes 1 and ``len(texts)``.

    ``simplifier`` is any callable returning a str or an object with a ``.text`` (a
    :class:`~simplify.LeanerSimplifier`, or a user's pipeline step). Returns the outputs of the first run.
    """
    if repeats < 1:
        raise ValueError(f"repeats must be >= 1, got {repeats}")
    texts = list(texts)
    first = [_text_of(simplifier(t)) for t in texts]
    runs: list[tuple[str, list[str]]] = [
        (f"call #{k + 2}", [_text_of(simplifier(t)) for t in texts]) for k in range(repeats - 1)
    ]
    pipe_fn = getattr(simplifier, "pipe", None) if pipe else None
    if callable(pipe_fn) and texts:
        for batch_size in sorted({1, len(texts)}):
            runs.append(
                (
                    f"pipe(batch_size={batch_size})",
                    [_text_of(r) for r in pipe_fn(texts, batch_size=batch_size)],
                )
            )
    for label, outputs in runs:
        if len(outputs) != len(texts):
            raise AssertionError(f"{label} gave {len(outputs)} outputs for {len(texts)} inputs")
        for n, (a, b) in enumerate(zip(first, outputs, strict=True)):
            if a != b:
                raise AssertionError(
                    f"not deterministic: input #{n} {texts[n][:80]!r} gave a different output on {label}\n"
                    + text_diff(a, b, labels=("call #1", label))
                )
    return first


# ------------------------------------------------------------------------------------------ all in one


def check_simplification(
    result: SimplifyResult,
    *,
    protected: Iterable[SpanSpec] = (),
    genre: str | None = None,
    floor: float | None = None,
) -> None:
    """All per-document checks on one result: protected parts, coverage, no meta-commentary, structure.

    ``genre`` defaults to ``result.genre``; skipped results (``result.skipped``) must equal their input.
    """
    if result.skipped is not None:
        if result.text != result.original:
            raise _fail(f"skipped result ({result.skipped}) is not the input", result.original, result.text)
        return
    check_protected_spans(result.original, result.text, protected)
    check_coverage(result, floor)
    check_no_meta_commentary(result.text, result.original)
    check_structure(result.original, result.text, genre or result.genre)
