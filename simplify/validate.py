"""Checks that a model's rewrite of one chunk may be used; a rejected chunk is retried, then falls back to rules.

Cheap text checks (:func:`check_text`) run first; the parse-based ones (coverage, names) need spaCy docs of
the source and the output (:func:`check_parsed`). Every failure has a ``kind`` (see :data:`FAILURE_KINDS`)
and a short message that is also fed back to the model on retry.
"""

from __future__ import annotations

import re
from collections.abc import Collection, Sequence
from dataclasses import dataclass
from typing import TYPE_CHECKING

from .chunking import PLACEHOLDER_RE, Masked
from .genres import GenreProfile
from .protect import find_protected_spans, mask_tokens
from .rewriters.prompts import echo_markers
from .vocab import CoverageReport, Vocabulary, doc_coverage, is_name

if TYPE_CHECKING:
    from spacy.tokens import Doc

FAILURE_KINDS = (
    "empty",
    "placeholder",
    "protected",
    "length",
    "meta",
    "echo",
    "coverage",
    "names",
    "backend",
)
NAME_LABELS = frozenset({"PERSON", "ORG", "GPE", "LOC", "NORP", "FAC", "PRODUCT", "EVENT", "WORK_OF_ART"})

_META_RES = (
    re.compile(r"^\W*(?:sure|certainly|of course|okay|absolutely|gladly)\b", re.I),
    re.compile(r"\bhere(?:'s|’s| is| are)\b[^.\n]{0,60}\b(?:rewrit|simplif|version|text|document)", re.I),
    re.compile(
        r"\b(?:as an ai|as a language model|i'?m sorry|i am sorry|i cannot|i can'?t help|i won'?t|"
        r"i am unable|i'?m unable|i apologi[sz]e|i'?m not able to)\b",
        re.I,
    ),
    re.compile(r"\b(?:simplified|rewritten) (?:version|text|document)\b", re.I),
    re.compile(r"^\s*(?:note|explanation|changes)\s*:", re.I | re.M),
)
_MID_NAME_RE = re.compile(r"(?<![.!?]\s)(?<!^)\b[A-Z][a-z]+(?:\s+[A-Z][a-z]+)*")


@dataclass(frozen=True)
class Failure:
    """Why an output was rejected."""

    kind: str
    message: str

    def __str__(self) -> str:
        return f"{self.kind}: {self.message}"


def check_text(
    source: str, output: str, profile: GenreProfile, masked: Masked | None = None, *, raw: str | None = None
) -> list[Failure]:
    """Checks that need no parse. ``output`` has placeholders restored; ``raw`` is the model's reply."""
    raw = output if raw is None else raw
    if not output.strip():
        return [Failure("empty", "the answer was empty")]
    out: list[Failure] = []
    if masked is not None and masked.originals:
        found = [f"[[P{m.group(1)}]]" for m in PLACEHOLDER_RE.finditer(raw)]
        missing = [p for p in masked.placeholders if found.count(p) == 0]
        extra = sorted({p for p in found if p not in masked.originals or found.count(p) > 1})
        if missing:
            out.append(Failure("placeholder", f"placeholders missing: {', '.join(missing)}"))
        if extra:
            out.append(Failure("placeholder", f"placeholders invented or repeated: {', '.join(extra)}"))
        lost = [v for v in masked.originals.values() if output.count(v) < source.count(v)]
        if lost and not missing:
            out.append(Failure("protected", f"protected text changed: {lost[0][:40]!r}"))
    lo, hi = profile.length_ratio
    ratio = len(output.strip()) / max(1, len(source.strip()))
    if not lo <= ratio <= hi:
        out.append(Failure("length", f"length ratio {ratio:.2f} outside [{lo:g}, {hi:g}]"))
    for rx in _META_RES:
        m = rx.search(output)
        if m and not rx.search(source):
            out.append(Failure("meta", f"comment or refusal instead of a rewrite ({m.group(0).strip()!r})"))
            break
    low_source = source.lower()
    for marker in echo_markers():
        if marker.lower() in output.lower() and marker.lower() not in low_source:
            out.append(Failure("echo", f"the instructions were repeated ({marker[:30]!r})"))
            break
    return out


def source_names(doc: Doc) -> list[str]:
    """Names in a parsed source: name entities and proper nouns (as the rules lock them), or, without a
    tagger or NER, capitalised words inside sentences."""
    if doc.has_annotation("ENT_IOB") or doc.has_annotation("POS"):
        names = {e.text for e in doc.ents if e.label_ in NAME_LABELS}
        names.update(t.text for t in doc if is_name(t) and t.text[:1].isupper() and t.is_alpha)
        return sorted(names)
    return sorted({m.group(0) for m in _MID_NAME_RE.finditer(doc.text)})


def check_parsed(
    source_doc: Doc,
    output_doc: Doc,
    profile: GenreProfile,
    vocabulary: Vocabulary,
    *,
    names: Collection[str] | None = None,
) -> tuple[list[Failure], CoverageReport]:
    """Coverage of the output (≥ the genre's ``min_coverage``) and names kept (when the policy is ``keep``)."""
    out: list[Failure] = []
    text = output_doc.text
    spans = find_protected_spans(text, profile.protect)
    mask: Sequence[bool] | None = (
        mask_tokens([(t.idx, t.idx + len(t)) for t in output_doc], spans) if spans else None
    )
    report = doc_coverage(output_doc, vocabulary, mask)
    cov = report.coverage
    if cov is not None and cov + 1e-12 < profile.min_coverage:
        worst = ", ".join(w for w, _ in report.oov.most_common(5))
        out.append(
            Failure("coverage", f"coverage {cov:.2f} below {profile.min_coverage:.2f}; rare words: {worst}")
        )
    if profile.prompt.get("names", "keep") == "keep":
        wanted = source_names(source_doc) if names is None else names
        lost = [n for n in wanted if n not in text]
        if lost:
            out.append(Failure("names", f"names changed or dropped: {', '.join(lost[:5])}"))
    return out, report
