"""The rewriter interface shared by every backend, and the registry of backends by name."""

from __future__ import annotations

import importlib
from collections.abc import Callable, Sequence
from dataclasses import dataclass
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


@dataclass(frozen=True)
class RewriteRequest:
    """One chunk to rewrite, as the model pipeline hands it to a backend.

    ``text`` holds placeholders (``placeholders``) standing for protected spans that must come back
    unchanged; ``feedback`` lists why the previous attempt was rejected (empty on the first attempt).
    """

    text: str
    genre: str
    placeholders: tuple[str, ...] = ()
    feedback: tuple[str, ...] = ()
    attempt: int = 1


@runtime_checkable
class RequestRewriter(Protocol):
    """Optional richer interface: a backend that uses feedback and placeholders (the model backends).

    ``rewrite_requests`` returns, per request, the rewritten text or the exception that made it fail.
    """

    name: str

    def rewrite_requests(self, requests: Sequence[RewriteRequest]) -> list[str | BaseException]: ...


_BACKENDS: dict[str, Callable[..., Any]] = {}
# Built-in backends whose modules are imported on first use (they pull optional dependencies).
_LAZY: dict[str, str] = {
    "openai": "simplify.rewriters.openai",
    "transformers": "simplify.rewriters.transformers_backend",
    "llamacpp": "simplify.rewriters.llamacpp",
}


def register_backend(name: str) -> Callable[[Callable[..., Any]], Callable[..., Any]]:
    """Decorator registering a backend factory under a versioned or plain name."""

    def decorate(factory: Callable[..., Any]) -> Callable[..., Any]:
        _BACKENDS[name] = factory
        return factory

    return decorate


def known_backends() -> list[str]:
    """Names of registered backends (built-in model backends included)."""
    return sorted(set(_BACKENDS) | set(_LAZY))


def get_backend_factory(name: str) -> Callable[..., Any]:
    """The factory registered under ``name``."""
    key = name.strip().lower()
    if key not in _BACKENDS and key in _LAZY:
        importlib.import_module(_LAZY[key])
    try:
        return _BACKENDS[key]
    except KeyError:
        raise UnknownBackendError(name, known_backends()) from None
