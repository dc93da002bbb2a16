"""The rewriter interface shared by every backend, and the registry of backends by name."""

from __future__ import annotations

from collections.abc import Callable, Sequence
from typing import Any, Protocol, runtime_checkable

from ..errors import UnknownBackendError


@runtime_checkable
class Rewriter(Protocol):
    """A backend that rewrites chunks of text (batch in, batch out).

    ``name`` identifies the backend in results. ``rewrite_batch`` receives plain-text chunks and the genre
    name of each and returns one rewritten string per chunk, in order.
    """

    name: str

    def rewrite_batch(self, chunks: Sequence[str], genres: Sequence[str]) -> list[str]: ...


_BACKENDS: dict[str, Callable[..., Any]] = {}


def register_backend(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator registering a backend factory under a versioned or plain name."""

    def decorate(factory: Callable[..., Any]) -> Callable[..., Any]:
        _BACKENDS[name] = factory
        return factory

    return decorate


def known_backends() -> list[str]:
    """Names of registered backends."""
    return sorted(_BACKENDS)


def get_backend_factory(name: str) -> Callable[..., Any]:
    """The factory registered under ``name``."""
    try:
        return _BACKENDS[name.strip().lower()]
    except KeyError:
        raise UnknownBackendError(name, _BACKENDS) from None
