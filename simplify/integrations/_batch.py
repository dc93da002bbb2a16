"""The engine-independent part: simplify a columnar batch (a mapping of column name → sequence)."""

from __future__ import annotations

import json
from collections.abc import Mapping, Sequence
from typing import Any

from ..language import is_probably_english
from ..result import SimplifyResult
from ..simplifier import LeanerSimplifier, OnError, RecordFailure


class BatchSimplifier:
    """Simplify the ``text_column`` of columnar batches with one :class:`LeanerSimplifier` (built, and its
    spaCy pipeline loaded, once, in ``__init__``).

    Adds ``output_column`` (the text) and ``stats_column`` (per-record statistics as a JSON string, so that
    every batch has the same column type). A record that fails is passed through unchanged with
    ``"skipped"`` giving the stage and reason (``on_error="passthrough"``, the default), dropped
    (``"skip"``) or raises (``"raise"``). Non-English texts pass through with ``"skipped": "non-English"``
    unless ``language_check=False``. Other keyword arguments go to :class:`LeanerSimplifier`.
    """

    def __init__(
        self,
        *,
        text_column: str = "text",
        output_column: str = "simplified",
        stats_column: str | None = "simplify_stats",
        genre_column: str | None = "genre",
        on_error: OnError = "passthrough",
        language_check: bool = True,
        batch_size: int = 64,
        **simplifier_kwargs: Any,
    ) -> None:
        self.text_column = text_column
        self.output_column = output_column
        self.stats_column = stats_column
        self.genre_column = genre_column
        self.on_error = on_error
        self.language_check = language_check
        self.batch_size = batch_size
        self.simplifier = LeanerSimplifier(on_error=on_error, **simplifier_kwargs)
        self.simplifier.nlp  # noqa: B018 - load the pipeline once, here, not on the first batch

    def simplify_columns(self, batch: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
        """Return the batch's columns (as lists) plus the output and stats columns."""
        texts = [t if isinstance(t, str) or t is None else str(t) for t in batch[self.text_column]]
        genres = list(batch[self.genre_column]) if self.genre_column in batch else [None] * len(texts)
        items = []
        for n, (text, genre) in enumerate(zip(texts, genres, strict=True)):
            genre = genre if isinstance(genre, str) and genre.strip() else None
            foreign = self.language_check and isinstance(text, str) and not is_probably_english(text)
            items.append(
                ("" if foreign else text, {"genre": "math" if foreign else genre, "n": n, "foreign": foreign})
            )
        keep: list[int] = []
        outputs: list[str] = []
        stats: list[str] = []
        for outcome, ctx in self.simplifier.pipe_outcomes(items, batch_size=self.batch_size, as_tuples=True):
            text = texts[ctx["n"]]
            if ctx["foreign"]:
                outcome = SimplifyResult(
                    text, text, genres[ctx["n"]] or "unknown", None, None, skipped="non-English"
                )
            elif isinstance(outcome, RecordFailure):
                if self.on_error == "raise":
                    raise ValueError(f"cannot simplify row {ctx['n']} ({outcome.stage}): {outcome.reason}")
                if self.on_error == "skip":
                    continue
                original = text if isinstance(text, str) else ""
                outcome = SimplifyResult(
                    original, original, "unknown", None, None, skipped=f"{outcome.stage}: {outcome.reason}"
                )
            keep.append(ctx["n"])
            outputs.append(outcome.text)
            stats.append(json.dumps(outcome.stats(), ensure_ascii=False))
        out: dict[str, list[Any]] = {}
        for name, col in batch.items():
            values = list(col)
            out[name] = values if len(keep) == len(values) else [values[i] for i in keep]
        out[self.output_column] = outputs
        if self.stats_column:
            out[self.stats_column] = stats
        return out

    def __call__(self, batch: Mapping[str, Sequence[Any]]) -> dict[str, list[Any]]:
        return self.simplify_columns(batch)
