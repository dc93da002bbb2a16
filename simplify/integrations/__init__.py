"""Run Leaner inside existing data engines: :mod:`simplify.integrations.ray` (Ray Data) and
:mod:`simplify.integrations.datasets` (Hugging Face ``datasets``). Each imports its engine only when used."""

from __future__ import annotations

from ._batch import BatchSimplifier

__all__ = ["BatchSimplifier"]
