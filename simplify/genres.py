"""Genre profiles (what each genre allows and protects) and their registry; detection lives in genre_detection.

Profiles ship as TOML files in the ``genres/`` data folder and are read through :mod:`simplify.resources`.
Build a variant of a shipped profile with :func:`dataclasses.replace`, e.g.
``replace(get_genre("web"), name="forum", delete_parentheticals=False)``, then :func:`register_genre` it.
"""

from __future__ import annotations

import logging
import re
import threading
from collections.abc import Mapping
from dataclasses import dataclass, field
from types import MappingProxyType
from typing import Any

from simplify import cleaning, protect, resources
from simplify.errors import MissingDependencyError, ProfileError, UnknownGenreError
from simplify.genre_detection import GENRE_NAMES, detect_genre, detect_genre_scores

try:
    import tomllib
except ModuleNotFoundError:  # pragma: no cover - Python 3.10
    try:
        import tomli as tomllib  # type: ignore[no-redef]
    except ModuleNotFoundError:
        tomllib = None  # type: ignore[assignment]

__all__ = [
    "CLEAN_OPERATIONS",
    "GENRE_NAMES",
    "PROTECT_KINDS",
    "GenreProfile",
    "detect_genre",
    "detect_genre_scores",
    "get_genre",
    "known_genres",
    "register_genre",
]

logger = logging.getLogger(__name__)

CLEAN_OPERATIONS: frozenset[str] = frozenset(cleaning.CLEAN_OPERATIONS)
"""Noise rules a profile may allow under ``[operations] clean``."""

PROTECT_KINDS: frozenset[str] = frozenset(protect.PROTECT_KINDS)
"""Span kinds a profile may keep byte-exact under ``[protect] kinds``."""

_NAME_RE = re.compile(r"^[a-z][a-z0-9_\-]{0,63}$")
_OPERATION_KEYS = ("clean", "substitute", "split", "delete_modifiers", "delete_parentheticals")
_SCHEMA: dict[str, tuple[str, ...] | None] = {
    "operations": _OPERATION_KEYS,
    "protect": ("kinds",),
    "targets": ("max_sentence_words", "chunk_chars"),
    "thresholds": ("min_coverage", "length_ratio", "max_oov_per_chunk"),
    "prompt": None,  # free-form
    "detect": None,  # free-form
}
_TOP_KEYS = ("name", "description", *_SCHEMA)
_OPTIONAL_SECTIONS = ("prompt", "detect")


def _normalize_name(name: str) -> str:
    return name.strip().lower()


def _describe(value: object) -> str:
    return f"{type(value).__name__} {value!r}"[:120]


class _Checker:
    """Type and range checks that raise :class:`ProfileError` naming the source, the key and the value."""

    def __init__(self, source: str) -> None:
        self.source = source

    def fail(self, key: str, expected: str, got: object) -> ProfileError:
        return ProfileError(f"{self.source}: {key} must be {expected}, got {_describe(got)}")

    def boolean(self, key: str, value: object) -> bool:
        if not isinstance(value, bool):
            raise self.fail(key, "true or false", value)
        return value

    def integer(self, key: str, value: object, lo: int, hi: int) -> int:
        if isinstance(value, bool) or not isinstance(value, int) or not lo <= value <= hi:
            raise self.fail(key, f"an integer from {lo} to {hi}", value)
        return value

    def number(self, key: str, value: object, lo: float, hi: float) -> float:
        if isinstance(value, bool) or not isinstance(value, (int, float)) or not lo <= value <= hi:
            raise self.fail(key, f"a number from {lo} to {hi}", value)
        return float(value)

    def text(self, key: str, value: object, *, empty: bool = False) -> str:
        if not isinstance(value, str) or (not empty and not value.strip()):
            raise self.fail(key, "a non-empty string" if not empty else "a string", value)
        return value

    def names(self, key: str, value: object, allowed: frozenset[str]) -> frozenset[str]:
        if not isinstance(value, (list, tuple, set, frozenset)) or not all(isinstance(v, str) for v in value):
            raise self.fail(key, f"a list of names from {sorted(allowed)}", value)
        unknown = sorted(set(value) - allowed)
        if unknown:
            raise self.fail(key, f"a list of names from {sorted(allowed)} (unknown: {unknown})", value)
        return frozenset(value)

    def ratio(self, key: str, value: object) -> tuple[float, float]:
        expected = "a pair [low, high] with 0 < low <= 1 <= high <= 10"
        if not isinstance(value, (list, tuple)) or len(value) != 2:
            raise self.fail(key, expected, value)
        lo, hi = value
        ok = all(isinstance(v, (int, float)) and not isinstance(v, bool) for v in (lo, hi))
        if not ok or not 0 < lo <= 1 <= hi <= 10:
            raise self.fail(key, expected, value)
        return float(lo), float(hi)

    def table(self, key: str, value: object) -> dict[str, Any]:
        if not isinstance(value, Mapping):
            raise self.fail(key, "a table", value)
        return dict(value)


@dataclass(frozen=True)
class GenreProfile:
    """What one genre allows (operations), keeps byte-exact (protect), aims for and tolerates."""

    name: str
    description: str
    clean_ops: frozenset[str]
    substitute: bool
    split: bool
    delete_modifiers: bool
    delete_parentheticals: bool
    protect: frozenset[str]
    max_sentence_words: int = 15
    chunk_chars: int = 1500
    min_coverage: float = 0.92
    length_ratio: tuple[float, float] = (0.5, 1.6)
    max_oov_per_chunk: int = 5
    prompt: Mapping[str, str] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    detect: Mapping[str, Any] = field(default_factory=lambda: MappingProxyType({}), hash=False)
    source: str = field(default="<GenreProfile>", compare=False, repr=False)

    def __post_init__(self) -> None:
        c = _Checker(self.source)
        name = c.text("name", self.name)
        if not _NAME_RE.match(name):
            raise c.fail("name", "a lower-case name of letters, digits, '_' or '-' (e.g. 'wiki')", name)
        c.text("description", self.description)
        s = object.__setattr__
        s(self, "clean_ops", c.names("operations.clean", self.clean_ops, CLEAN_OPERATIONS))
        for key in _OPERATION_KEYS[1:]:
            c.boolean(f"operations.{key}", getattr(self, key))
        s(self, "protect", c.names("protect.kinds", self.protect, PROTECT_KINDS))
        c.integer("targets.max_sentence_words", self.max_sentence_words, 3, 500)
        c.integer("targets.chunk_chars", self.chunk_chars, 100, 1_000_000)
        s(self, "min_coverage", c.number("thresholds.min_coverage", self.min_coverage, 0.0, 1.0))
        s(self, "length_ratio", c.ratio("thresholds.length_ratio", self.length_ratio))
        c.integer("thresholds.max_oov_per_chunk", self.max_oov_per_chunk, 0, 1_000_000)
        prompt = c.table("prompt", self.prompt)
        for key, value in prompt.items():
            c.text(f"prompt.{key}", value, empty=True)
        s(self, "prompt", MappingProxyType(prompt))
        s(self, "detect", MappingProxyType(c.table("detect", self.detect)))

    @property
    def passthrough(self) -> bool:
        """True when no operation is enabled: the text goes through unchanged."""
        return not (
            self.clean_ops
            or self.substitute
            or self.split
            or self.delete_modifiers
            or self.delete_parentheticals
        )

    @classmethod
    def from_dict(cls, data: Mapping[str, Any], *, source: str = "<dict>") -> GenreProfile:
        """Validate a parsed profile (the TOML layout) and build it; :class:`ProfileError` on any problem."""
        c = _Checker(source)
        data = c.table("profile", data)
        for key in data:
            if key not in _TOP_KEYS:
                raise ProfileError(f"{source}: unknown key {key!r}; expected one of {list(_TOP_KEYS)}")
        for key in _TOP_KEYS:
            if key not in data and key not in _OPTIONAL_SECTIONS:
                raise ProfileError(f"{source}: missing key {key!r}")
        sections: dict[str, dict[str, Any]] = {}
        for section, keys in _SCHEMA.items():
            table = c.table(section, data.get(section, {}))
            if keys is not None:
                for key in table:
                    if key not in keys:
                        raise ProfileError(
                            f"{source}: unknown key '{section}.{key}'; expected one of {list(keys)}"
                        )
                for key in keys:
                    if key not in table:
                        raise ProfileError(f"{source}: missing key {section}.{key}")
            sections[section] = table
        name = c.text("name", data["name"])
        ops, targets, thresholds = sections["operations"], sections["targets"], sections["thresholds"]
        return cls(
            name=_normalize_name(name),
            description=c.text("description", data["description"]).strip(),
            clean_ops=ops["clean"],
            substitute=ops["substitute"],
            split=ops["split"],
            delete_modifiers=ops["delete_modifiers"],
            delete_parentheticals=ops["delete_parentheticals"],
            protect=sections["protect"]["kinds"],
            max_sentence_words=targets["max_sentence_words"],
            chunk_chars=targets["chunk_chars"],
            min_coverage=thresholds["min_coverage"],
            length_ratio=thresholds["length_ratio"],
            max_oov_per_chunk=thresholds["max_oov_per_chunk"],
            prompt=sections["prompt"],
            detect=sections["detect"],
            source=source,
        )

    @classmethod
    def from_toml(cls, text: str, *, source: str = "<toml>") -> GenreProfile:
        """Parse and validate a profile from TOML text; ``source`` names the file in error messages."""
        if tomllib is None:  # pragma: no cover - Python 3.10 without tomli
            raise MissingDependencyError(
                "tomli", "pip install tomli", "Reading genre profiles on Python 3.10"
            )
        try:
            data = tomllib.loads(text)
        except tomllib.TOMLDecodeError as exc:
            raise ProfileError(f"{source}: not valid TOML: {exc}") from exc
        return cls.from_dict(data, source=source)


# --------------------------------------------------------------------------------------------- registry

_registry: dict[str, GenreProfile] = {}
_loaded = False
_lock = threading.RLock()


def _load_shipped() -> None:
    global _loaded
    with _lock:
        if _loaded:
            return
        for filename in resources.list_files("genres", ".toml"):
            source = f"genres/{filename}"
            profile = GenreProfile.from_toml(resources.read_text("genres", filename), source=source)
            if profile.name != filename[: -len(".toml")]:
                raise ProfileError(f"{source}: name {profile.name!r} does not match the file name")
            _registry.setdefault(profile.name, profile)
        logger.debug("loaded %d shipped genre profiles", len(_registry))
        _loaded = True


def known_genres() -> list[str]:
    """Names of all registered genres (shipped and custom), sorted."""
    _load_shipped()
    return sorted(_registry)


def get_genre(name_or_profile: str | GenreProfile) -> GenreProfile:
    """The profile for a genre name (case-insensitive, stripped); a profile is returned as it is."""
    if isinstance(name_or_profile, GenreProfile):
        return name_or_profile
    if not isinstance(name_or_profile, str):
        raise TypeError(f"genre must be a name or a GenreProfile, got {type(name_or_profile).__name__}")
    _load_shipped()
    key = _normalize_name(name_or_profile)
    try:
        return _registry[key]
    except KeyError:
        raise UnknownGenreError(name_or_profile, _registry) from None


def register_genre(profile: GenreProfile, *, overwrite: bool = False) -> GenreProfile:
    """Add a profile to the registry under its name; an existing name needs ``overwrite=True``."""
    if not isinstance(profile, GenreProfile):
        raise TypeError(f"register_genre() needs a GenreProfile, got {type(profile).__name__}")
    _load_shipped()
    with _lock:
        if profile.name in _registry and not overwrite:
            raise ProfileError(
                f"genre {profile.name!r} is already registered; pass overwrite=True to replace it"
            )
        _registry[profile.name] = profile
    return profile
