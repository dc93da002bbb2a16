"""Rewriting backends: the interface, the registry, and the rule rewriter."""

from .base import Rewriter, get_backend_factory, known_backends, register_backend

__all__ = ["Rewriter", "get_backend_factory", "known_backends", "register_backend"]
