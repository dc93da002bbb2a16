"""Hugging Face ``datasets``: a batched ``Dataset.map`` that simplifies one column.

>>> from datasets import load_dataset                                  # doctest: +SKIP
>>> ds = simplify_hf_dataset(load_dataset("json", data_files="corpus.jsonl")["train"], num_proc=2)  # doctest: +SKIP
"""

from __future__ import annotations

from typing import Any

from ._batch import BatchSimplifier

__all__ = ["simplify_hf_dataset"]


def simplify_hf_dataset(
    ds: Any,
    *,
    text_column: str = "text",
    output_column: str = "simplified",
    stats_column: str | None = "simplify_stats",
    batch_size: int = 256,
    num_proc: int | None = None,
    **kwargs: Any,
) -> Any:
    """``ds.map(..., batched=True)`` adding ``output_column`` and ``stats_column`` (JSON strings).

    ``kwargs`` go to :class:`~simplify.integrations.BatchSimplifier` (``on_error``, ``genre_column``, …) and
    on to :class:`~simplify.LeanerSimplifier` (``vocabulary``, ``genre``, ``nlp``, …). With ``num_proc``
    each worker process reloads the spaCy pipeline once. ``on_error="skip"`` drops failed rows.
    """
    fn = BatchSimplifier(
        text_column=text_column, output_column=output_column, stats_column=stats_column, **kwargs
    )
    return ds.map(fn, batched=True, batch_size=batch_size, num_proc=num_proc)
