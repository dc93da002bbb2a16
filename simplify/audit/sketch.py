"""Bounded, mergeable summaries: a frequency table that is exact up to a cap, distinct counts, a reservoir.

Every structure here is plain data (``to_dict``/``from_dict``), deterministic, and *mergeable*: summarising
shards and adding the summaries gives what summarising the whole stream gives — exactly while exact, and
within the stated error bound otherwise.
"""

from __future__ import annotations

import hashlib
import heapq
from collections import Counter
from collections.abc import Iterable, Mapping
from typing import Any

__all__ = ["BottomKSample", "BoundedCounter", "DistinctSketch", "stable_hash"]

_MAX64 = float(2**64)


def stable_hash(text: str, seed: int = 0) -> int:
    """A 64-bit hash of ``text`` that is the same in every process and on every machine."""
    digest = hashlib.blake2b(
        text.encode("utf-8", "surrogatepass"), digest_size=8, salt=seed.to_bytes(16, "little")
    )
    return int.from_bytes(digest.digest(), "little")


class DistinctSketch:
    """Number of distinct strings: a K-minimum-values sketch (Bar-Yossef et al. 2002).

    Keeps the ``k`` smallest 64-bit hashes seen. Exact while fewer than ``k`` distinct strings were seen;
    otherwise the estimate ``(k - 1) / h_k`` (``h_k`` the k-th smallest hash scaled to (0, 1]) has a relative
    standard error of about ``1 / sqrt(k - 2)`` (1.6 % for the default ``k = 4096``). Merging keeps the
    ``k`` smallest of the union, which is exactly the sketch of the concatenated stream.
    """

    __slots__ = ("_hashes", "_threshold", "k")

    def __init__(self, k: int = 4096) -> None:
        if k < 3:
            raise ValueError(f"k must be at least 3, got {k}")
        self.k = k
        self._hashes: set[int] = set()
        self._threshold: int | None = None  # largest kept hash once the sketch is full

    def add_many(self, items: Iterable[str]) -> None:
        """Add strings (duplicates are harmless)."""
        hashes = self._hashes
        threshold = self._threshold
        for item in items:
            h = stable_hash(item)
            if threshold is None or h < threshold:
                hashes.add(h)
        if len(hashes) > 2 * self.k:
            self._trim()

    def _trim(self) -> None:
        if len(self._hashes) > self.k:
            self._hashes = set(heapq.nsmallest(self.k, self._hashes))
        self._threshold = max(self._hashes) if len(self._hashes) >= self.k else None

    def estimate(self) -> float:
        """Estimated number of distinct strings (exact below ``k``)."""
        self._trim()
        if self._threshold is None or len(self._hashes) < self.k:
            return float(len(self._hashes))
        return (self.k - 1) / ((self._threshold + 1) / _MAX64)

    def __iadd__(self, other: DistinctSketch) -> DistinctSketch:
        self._hashes |= other._hashes
        self._trim()
        return self

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        self._trim()
        return {"k": self.k, "hashes": sorted(self._hashes)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> DistinctSketch:
        """Inverse of :meth:`to_dict`."""
        sketch = cls(int(data["k"]))
        sketch._hashes = {int(h) for h in data["hashes"]}
        sketch._trim()
        return sketch


class BoundedCounter:
    """Frequency table with bounded memory: exact up to ``cap`` distinct keys, then a Misra–Gries summary.

    While at most ``cap`` distinct keys have been seen every count is exact (``exact`` is true). Past that,
    the table keeps at most about ``1.1 × cap`` keys and is pruned to ``cap`` by subtracting the
    ``(cap + 1)``-th largest count from every count (the batched Misra–Gries / "frequent" algorithm, merged as
    in Agarwal et al., *Mergeable Summaries*, 2012). Guarantees, with ``N`` the exact total (``total``) and
    ``error`` the sum of all subtracted amounts:

    * every stored count ``c'`` of a key with true count ``c`` satisfies ``c - error ≤ c' ≤ c``;
    * a key missing from the table has true count ``≤ error``;
    * ``error ≤ (N - sum of stored counts) / (cap + 1) ≤ N / (cap + 1)``.

    So every key more frequent than ``N / (cap + 1)`` is kept. The same bounds hold after any sequence of
    merges (``+``). ``total`` is always exact.
    """

    __slots__ = ("cap", "counts", "distinct", "error", "total")

    def __init__(self, cap: int = 200_000) -> None:
        if cap < 1:
            raise ValueError(f"cap must be positive, got {cap}")
        self.cap = cap
        self.counts: Counter[str] = Counter()
        self.total = 0
        self.error = 0
        #: Distinct keys seen, once the table is a sketch (None while exact: then it is ``len(counts)``).
        self.distinct: DistinctSketch | None = None

    def types(self) -> float:
        """Distinct keys: exact while the table is exact, else the :class:`DistinctSketch` estimate."""
        return float(len(self.counts)) if self.distinct is None else self.distinct.estimate()

    @property
    def exact(self) -> bool:
        """Whether every count is exact (no pruning has happened)."""
        return self.error == 0

    def update(self, counts: Mapping[str, int], total: int | None = None) -> None:
        """Add counts (``total`` is their sum when the caller already knows it)."""
        if self.distinct is not None:
            self.distinct.add_many(counts.keys())
        self.counts.update(counts)
        self.total += sum(counts.values()) if total is None else total
        size = len(self.counts)
        if size > self.cap and (self.error == 0 or size > self.cap + max(1, self.cap // 10)):
            self._prune()

    def _prune(self) -> None:
        if len(self.counts) <= self.cap:
            return
        if self.distinct is None:
            self.distinct = DistinctSketch()
            self.distinct.add_many(self.counts.keys())
        threshold = heapq.nlargest(self.cap + 1, self.counts.values())[-1]
        self.error += threshold
        self.counts = Counter({k: v - threshold for k, v in self.counts.items() if v > threshold})

    def get(self, key: str) -> int:
        """Stored (lower-bound) count of ``key``."""
        return self.counts.get(key, 0)

    def most_common(self, n: int | None = None) -> list[tuple[str, int]]:
        """Keys by descending count, ties broken alphabetically (deterministic)."""
        items = sorted(self.counts.items(), key=lambda kv: (-kv[1], kv[0]))
        return items if n is None else items[:n]

    def __iadd__(self, other: BoundedCounter) -> BoundedCounter:
        cap = min(self.cap, other.cap)
        union = len(self.counts) + sum(1 for k in other.counts if k not in self.counts)
        if self.distinct is not None or other.distinct is not None or union > cap:
            if self.distinct is None:
                self.distinct = DistinctSketch()
                self.distinct.add_many(self.counts.keys())
            if other.distinct is not None:
                self.distinct += other.distinct
            else:
                self.distinct.add_many(other.counts.keys())
        self.counts.update(other.counts)
        self.total += other.total
        self.error += other.error
        self.cap = min(self.cap, other.cap)
        self._prune()
        return self

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (keys sorted by count, so files diff well)."""
        self._prune()
        return {
            "cap": self.cap,
            "total": self.total,
            "error": self.error,
            "counts": dict(self.most_common()),
            "distinct": self.distinct.to_dict() if self.distinct is not None else None,
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BoundedCounter:
        """Inverse of :meth:`to_dict`."""
        table = cls(int(data["cap"]))
        table.counts = Counter({str(k): int(v) for k, v in data["counts"].items()})
        table.total = int(data["total"])
        table.error = int(data["error"])
        if data.get("distinct"):
            table.distinct = DistinctSketch.from_dict(data["distinct"])
        return table


class BottomKSample:
    """A deterministic, mergeable uniform sample of per-document records (bottom-k / priority sampling).

    Each document gets the priority ``stable_hash(text, seed)``; the sample is the ``k`` documents with the
    smallest priorities, so it is a uniform sample without replacement (for distinct texts), the same for
    the same corpus in any order, and the sample of merged shards equals the sample of the whole corpus.
    Values are small tuples of floats (one per-document statistic each).
    """

    __slots__ = ("fields", "items", "k", "seed")

    def __init__(self, fields: tuple[str, ...], k: int = 2000, seed: int = 0) -> None:
        self.fields = tuple(fields)
        self.k = k
        self.seed = seed
        self.items: list[tuple[int, tuple[float, ...]]] = []  # max-heap by priority via negation

    def offer(self, text: str, values: tuple[float, ...]) -> None:
        """Consider one document."""
        priority = stable_hash(text, self.seed)
        entry = (-priority, values)
        if len(self.items) < self.k:
            heapq.heappush(self.items, entry)
        elif entry > self.items[0]:
            heapq.heapreplace(self.items, entry)

    def values(self) -> list[tuple[float, ...]]:
        """The sampled rows, in priority order (deterministic)."""
        return [v for _, v in sorted(self.items, key=lambda e: (-e[0], e[1]))]

    def column(self, field: str) -> list[float]:
        """One statistic across the sample."""
        i = self.fields.index(field)
        return [row[i] for row in self.values()]

    def __iadd__(self, other: BottomKSample) -> BottomKSample:
        if other.fields != self.fields or other.seed != self.seed:
            raise ValueError("cannot merge samples with different fields or seeds")
        self.k = min(self.k, other.k)
        merged = heapq.nsmallest(self.k, [(-p, v) for p, v in self.items + other.items])
        self.items = [(-p, v) for p, v in merged]
        heapq.heapify(self.items)
        return self

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        rows = sorted(self.items, key=lambda e: (-e[0], e[1]))
        return {
            "fields": list(self.fields),
            "k": self.k,
            "seed": self.seed,
            "rows": [[-p, list(v)] for p, v in rows],
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> BottomKSample:
        """Inverse of :meth:`to_dict`."""
        sample = cls(tuple(data["fields"]), int(data["k"]), int(data["seed"]))
        sample.items = [(-int(p), tuple(float(x) for x in v)) for p, v in data["rows"]]
        heapq.heapify(sample.items)
        return sample
