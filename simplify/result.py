"""Frozen result dataclasses: what a simplifier returns, keeping the original beside the output."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import asdict, dataclass, field
from typing import Any, Literal

EditKind = Literal["substitute", "split", "delete", "clean"]


@dataclass(frozen=True)
class Edit:
    """One change. ``span`` is the ``(start, end)`` character span of ``before`` in the original input."""

    kind: EditKind
    before: str
    after: str
    span: tuple[int, int]
    reason: str = ""


@dataclass(frozen=True)
class SimplifyResult:
    """The simplified text of one input, with the original, the genre, vocabulary statistics and edits.

    ``coverage_before`` and ``coverage_after`` are the shares of checkable word tokens (alphabetic, not
    protected, not a named entity) whose lemma or form is in the vocabulary; ``None`` when the text has no
    checkable token. ``oov_after`` maps each out-of-list word left in the output to its count.
    """

    text: str
    original: str
    genre: str
    coverage_before: float | None
    coverage_after: float | None
    oov_after: Mapping[str, int] = field(default_factory=dict)
    edits: tuple[Edit, ...] = ()
    checkable_before: int = 0
    checkable_after: int = 0
    backend: str = "rules"
    skipped: str | None = None

    @property
    def changed(self) -> bool:
        """Whether the output differs from the input."""
        return self.text != self.original

    def stats(self) -> dict[str, Any]:
        """Per-record statistics for JSON output (no texts)."""
        counts: dict[str, int] = {}
        for edit in self.edits:
            counts[edit.kind] = counts.get(edit.kind, 0) + 1
        return {
            "genre": self.genre,
            "backend": self.backend,
            "coverage_before": self.coverage_before,
            "coverage_after": self.coverage_after,
            "checkable_before": self.checkable_before,
            "checkable_after": self.checkable_after,
            "oov_after": dict(self.oov_after),
            "edits": counts,
            "chars_before": len(self.original),
            "chars_after": len(self.text),
            "skipped": self.skipped,
        }

    def to_dict(self) -> dict[str, Any]:
        """Everything, JSON-serialisable."""
        data = asdict(self)
        data["oov_after"] = dict(self.oov_after)
        return data
