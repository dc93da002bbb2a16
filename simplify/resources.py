"""Data files shipped inside the package, read through importlib.resources (never relative to a checkout)."""

from __future__ import annotations

from importlib import resources
from importlib.abc import Traversable


def data_dir(kind: str) -> Traversable:
    """The folder of shipped data of one kind: ``"vocab"`` or ``"genres"``."""
    if kind not in ("vocab", "genres"):
        raise ValueError(f"unknown data kind {kind!r}; expected 'vocab' or 'genres'")
    return resources.files(f"simplify._data.{kind}")


def read_text(kind: str, name: str) -> str:
    """The text of one shipped data file."""
    return data_dir(kind).joinpath(name).read_text(encoding="utf-8")


def list_files(kind: str, suffix: str) -> list[str]:
    """Names of shipped data files of one kind ending in ``suffix``, sorted."""
    return sorted(p.name for p in data_dir(kind).iterdir() if p.name.endswith(suffix))
