"""One root exception and its subclasses; every message says what was expected, what arrived, how to fix it."""

from __future__ import annotations

from collections.abc import Iterable


class SimplifyError(Exception):
    """Root of every error this library raises on purpose."""


class UnknownGenreError(SimplifyError, LookupError):
    """A genre name that is not registered."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = sorted(known)
        super().__init__(
            f"Unknown genre {name!r}. Known genres: {', '.join(self.known)}. "
            "Register a new one with simplify.genres.register_genre()."
        )


class UnknownVocabularyError(SimplifyError, LookupError):
    """A vocabulary name that is not registered."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = sorted(known)
        super().__init__(
            f"Unknown vocabulary {name!r}. Known vocabularies: {', '.join(self.known)}. "
            "Load your own with Vocabulary.from_file() or register one with register_vocabulary()."
        )


class UnknownBackendError(SimplifyError, LookupError):
    """A backend name that is not registered."""

    def __init__(self, name: str, known: Iterable[str]) -> None:
        self.name = name
        self.known = sorted(known)
        super().__init__(
            f"Unknown backend {name!r}. Known backends: {', '.join(self.known)}. "
            "Pass an object implementing simplify.rewriters.Rewriter, or register one."
        )


class ProfileError(SimplifyError, ValueError):
    """A genre profile file that does not validate."""


class VocabularyError(SimplifyError, ValueError):
    """A vocabulary or substitution file that cannot be read."""


class InputError(SimplifyError, ValueError):
    """A record or text that cannot be simplified (wrong type, too large, missing field)."""


class MissingDependencyError(SimplifyError, ImportError):
    """An optional dependency is not installed."""

    def __init__(self, package: str, install: str, purpose: str) -> None:
        super().__init__(f"{purpose} needs {package!r}, which is not installed. Install it with: {install}")
