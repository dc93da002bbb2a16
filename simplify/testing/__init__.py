"""Test helpers for pipelines built on this library: invariant checks, hypothesis strategies and profiles.

* :mod:`simplify.testing.checks` (imported here; no ``hypothesis`` needed): functions that raise a
  readable :class:`AssertionError` when an invariant fails.
* :mod:`simplify.testing.strategies` (needs ``hypothesis``): generated documents of every genre, JSON-lines
  records and hostile inputs.
* :func:`register_profiles` / :func:`load_profile_from_env`: the ``dev`` and ``ci`` hypothesis profiles.
"""

from __future__ import annotations

import os

from simplify.errors import MissingDependencyError
from simplify.testing.checks import (
    META_COMMENTARY_PHRASES,
    check_coverage,
    check_deterministic,
    check_no_meta_commentary,
    check_protected_spans,
    check_records_accounted,
    check_simplification,
    check_structure,
    structure_of,
    text_diff,
)

__all__ = [
    "CI_EXAMPLES",
    "DEV_EXAMPLES",
    "META_COMMENTARY_PHRASES",
    "PROFILE_ENV_VAR",
    "check_coverage",
    "check_deterministic",
    "check_no_meta_commentary",
    "check_protected_spans",
    "check_records_accounted",
    "check_simplification",
    "check_structure",
    "load_profile_from_env",
    "register_profiles",
    "structure_of",
    "text_diff",
]

PROFILE_ENV_VAR = "SIMPLIFY_HYPOTHESIS_PROFILE"
"""The environment variable :func:`load_profile_from_env` reads by default."""
DEV_EXAMPLES = 30
"""Examples per test in the ``dev`` profile."""
CI_EXAMPLES = 2000
"""Examples per test in the ``ci`` profile."""


def _hypothesis_settings() -> type:
    try:
        from hypothesis import settings
    except ImportError as exc:
        raise MissingDependencyError(
            "hypothesis", "pip install hypothesis", "simplify.testing's hypothesis profiles"
        ) from exc
    return settings


def register_profiles(*, dev_examples: int = DEV_EXAMPLES, ci_examples: int = CI_EXAMPLES) -> None:
    """Register the hypothesis profiles ``dev`` and ``ci`` (registering again replaces them).

    ``dev``: ``dev_examples`` examples, no deadline: quick local runs. ``ci``: ``ci_examples`` examples,
    ``derandomize=True`` (the same examples on every run, so a CI failure reproduces), no example
    database, no deadline, the ``too_slow`` health check off. Tests that set ``max_examples`` themselves
    keep their own number.
    """
    settings = _hypothesis_settings()
    from hypothesis import HealthCheck

    settings.register_profile("dev", max_examples=dev_examples, deadline=None)
    settings.register_profile(
        "ci",
        max_examples=ci_examples,
        deadline=None,
        derandomize=True,
        database=None,
        print_blob=True,
        suppress_health_check=[HealthCheck.too_slow],
    )


def load_profile_from_env(var: str = PROFILE_ENV_VAR, default: str = "dev") -> str:
    """Register the profiles and load the one named by the environment variable ``var`` (else ``default``).

    Returns the profile's name; an unknown name raises :class:`ValueError` naming the known ones.
    """
    settings = _hypothesis_settings()
    register_profiles()
    name = os.environ.get(var, "").strip() or default
    try:
        settings.get_profile(name)
    except Exception as exc:  # hypothesis raises InvalidArgument
        raise ValueError(
            f"{var}={name!r} is not a registered hypothesis profile; use 'dev' or 'ci' "
            "(or register your own with hypothesis.settings.register_profile)"
        ) from exc
    settings.load_profile(name)
    return name
