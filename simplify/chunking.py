"""Whitespace-preserving chunking and placeholder masking for model backends.

Chunks always cover the text exactly (``"".join(chunks) == text``); each chunk's leading and trailing
whitespace is kept aside so a model only sees the words and the original spacing is restored byte-exact.
"""

from __future__ import annotations

import re
from collections.abc import Iterable, Mapping
from dataclasses import dataclass

from .protect import Span

_PARA_RE = re.compile(r"\n[ \t\r]*\n(?:[ \t\r]*\n)*")
_SENT_END_RE = re.compile(r"[.!?…][\"'”’)\]]*\s+")
#: Placeholder format; models are told to copy these tokens unchanged.
PLACEHOLDER_FORMAT = "[[P{}]]"
PLACEHOLDER_RE = re.compile(r"\[\[\s*P\s*(\d+)\s*\]\]")


def _cut(text: str, p: int, limit: int) -> int:
    """Where a chunk starting at ``p`` ends: the last sentence end, else whitespace, else ``limit``."""
    last = -1
    for m in _SENT_END_RE.finditer(text, p + 1, limit):
        last = m.end()
    if last > p:
        return last
    ws = max(text.rfind(" ", p + 1, limit), text.rfind("\n", p + 1, limit), text.rfind("\t", p + 1, limit))
    return ws + 1 if ws > p else limit


def chunk_spans(text: str, max_chars: int, protected: Iterable[Span] = ()) -> list[tuple[int, int]]:
    """Consecutive ``(start, end)`` spans covering ``text``, each at most ``max_chars`` where possible.

    Paragraphs are packed together up to ``max_chars``; longer ones are cut at sentence ends, else at
    whitespace. A cut never falls inside a ``protected`` span (such a chunk may run over the limit).
    """
    if max_chars < 1:
        raise ValueError(f"max_chars must be positive, got {max_chars}")
    n = len(text)
    inside = [(s.start, s.end) for s in protected]

    def safe(c: int) -> int:
        for s, e in inside:
            if s < c < e:
                return e
        return c

    paras: list[tuple[int, int]] = []
    cur = 0
    for m in _PARA_RE.finditer(text):
        if safe(m.end()) == m.end():
            paras.append((cur, m.end()))
            cur = m.end()
    if cur < n or not paras:
        paras.append((cur, n))
    out: list[tuple[int, int]] = []
    for p, q in paras:
        if out and q - out[-1][0] <= max_chars:
            out[-1] = (out[-1][0], q)  # pack small paragraphs together
            continue
        while q - p > max_chars:
            c = safe(_cut(text, p, p + max_chars))
            if c >= q:
                break
            out.append((p, c))
            p = c
        out.append((p, q))
    return [(s, e) for s, e in out if e > s] or [(0, n)]


def chunk_text(text: str, max_chars: int, protected: Iterable[Span] = ()) -> list[str]:
    """The chunks of :func:`chunk_spans` as strings (they join back to ``text``)."""
    return [text[s:e] for s, e in chunk_spans(text, max_chars, protected)]


def split_edges(text: str) -> tuple[str, str, str]:
    """``(leading whitespace, core, trailing whitespace)`` of ``text``."""
    core = text.strip()
    if not core:
        return text, "", ""
    lead = text[: len(text) - len(text.lstrip())]
    trail = text[len(text.rstrip()) :]
    return lead, core, trail


@dataclass(frozen=True)
class Masked:
    """A text whose protected spans are replaced by placeholders, and the mapping back."""

    text: str
    originals: Mapping[str, str]

    @property
    def placeholders(self) -> tuple[str, ...]:
        """The placeholders, in order."""
        return tuple(self.originals)

    def restore(self, output: str) -> str:
        """Put the protected text back in place of each placeholder (tolerating inner spaces)."""

        def sub(m: re.Match[str]) -> str:
            key = PLACEHOLDER_FORMAT.format(m.group(1))
            return self.originals.get(key, m.group(0))

        return PLACEHOLDER_RE.sub(sub, output) if self.originals else output


def mask_spans(text: str, spans: Iterable[Span]) -> Masked:
    """Replace each protected span of ``text`` by a numbered placeholder."""
    parts: list[str] = []
    originals: dict[str, str] = {}
    pos = 0
    for n, sp in enumerate(sorted(spans)):
        if sp.start < pos:
            continue
        key = PLACEHOLDER_FORMAT.format(n)
        parts.append(text[pos : sp.start])
        parts.append(key)
        originals[key] = text[sp.start : sp.end]
        pos = sp.end
    parts.append(text[pos:])
    return Masked("".join(parts), originals)
