"""Ray Data: simplify a column of a ``ray.data.Dataset`` on a laptop or a cluster.

>>> import ray                                                   # doctest: +SKIP
>>> ray.init()  # or ray.init(address="ray://head:10001") for a cluster          # doctest: +SKIP
>>> ds = ray.data.read_json("s3://bucket/corpus/")               # doctest: +SKIP
>>> out = simplify_dataset(ds, concurrency=8, num_cpus=1)         # doctest: +SKIP
>>> out.write_json("s3://bucket/leaner/")                        # doctest: +SKIP

Each of the ``concurrency`` actors builds one :class:`~simplify.LeanerSimplifier` (and loads spaCy) once;
Ray streams blocks through them, retries failed tasks and spills to disk, so memory stays bounded.
"""

from __future__ import annotations

import json
from typing import TYPE_CHECKING, Any

import numpy as np

from ..errors import MissingDependencyError
from ._batch import BatchSimplifier

if TYPE_CHECKING:
    from ray.data import Dataset

    from ..audit import CorpusProfile

__all__ = ["SimplifyBatch", "profile_dataset", "simplify_dataset"]

_INSTALL = 'pip install "ray[data]"  (or the "ray" extra of simplify)'


def _require_ray() -> Any:
    try:
        import ray.data
    except ImportError as exc:
        raise MissingDependencyError("ray[data]", _INSTALL, "simplify.integrations.ray") from exc
    return ray


class SimplifyBatch(BatchSimplifier):
    """The callable class ``map_batches`` instantiates once per actor (``batch_format="numpy"``)."""

    def __call__(self, batch: dict[str, np.ndarray]) -> dict[str, np.ndarray]:  # type: ignore[override]
        columns = self.simplify_columns({k: v.tolist() for k, v in batch.items()})
        return {k: _array(v) for k, v in columns.items()}


def _array(values: list[Any]) -> np.ndarray:
    arr = np.empty(len(values), dtype=object)
    arr[:] = values
    return arr


def simplify_dataset(
    ds: Dataset,
    *,
    text_column: str = "text",
    output_column: str = "simplified",
    stats_column: str | None = "simplify_stats",
    genre_column: str | None = "genre",
    concurrency: int | tuple[int, int] = 1,
    num_cpus: float = 1.0,
    memory: float | None = None,
    resources: dict[str, float] | None = None,
    batch_size: int = 256,
    on_error: str = "passthrough",
    **simplifier_kwargs: Any,
) -> Dataset:
    """Add ``output_column`` and ``stats_column`` (JSON strings) to ``ds`` (lazily, like every Ray op).

    ``concurrency``: the number of actors (or a ``(min, max)`` autoscaling range), each with ``num_cpus``
    CPUs, ``memory`` bytes and custom ``resources``. Other keyword arguments go to
    :class:`~simplify.LeanerSimplifier` (``vocabulary``, ``genre``, ``nlp``, ``max_chars``, …).
    """
    _require_ray()
    return ds.map_batches(
        SimplifyBatch,
        fn_constructor_kwargs={
            "text_column": text_column,
            "output_column": output_column,
            "stats_column": stats_column,
            "genre_column": genre_column,
            "on_error": on_error,
            **simplifier_kwargs,
        },
        batch_size=batch_size,
        batch_format="numpy",
        concurrency=concurrency,
        num_cpus=num_cpus,
        memory=memory,
        resources=resources,
    )


def _profile_block(
    batch: dict[str, np.ndarray], column: str, genre_column: str | None
) -> dict[str, np.ndarray]:
    from ..audit import profile_corpus

    texts = [t for t in batch[column].tolist() if isinstance(t, str)]
    genres = None
    if genre_column and genre_column in batch:
        genres = [
            g if isinstance(g, str) else None
            for g, t in zip(batch[genre_column].tolist(), batch[column].tolist(), strict=True)
            if isinstance(t, str)
        ]
    profile = profile_corpus(texts, genres=genres)
    return {"profile": _array([json.dumps(profile.to_dict())])}


def profile_dataset(
    ds: Dataset, column: str = "text", *, genre_column: str | None = "genre", num_cpus: float = 1.0
) -> CorpusProfile:
    """Profile ``column`` for :func:`simplify.audit_drift`: one profile per block (in parallel), merged."""
    _require_ray()
    from ..audit import CorpusProfile

    parts = ds.map_batches(
        _profile_block,
        fn_kwargs={"column": column, "genre_column": genre_column},
        batch_size=None,
        batch_format="numpy",
        num_cpus=num_cpus,
    ).take_all()
    merged = CorpusProfile()
    for row in parts:
        merged += CorpusProfile.from_dict(json.loads(row["profile"]))
    return merged
