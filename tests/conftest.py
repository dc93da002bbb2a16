"""Shared fixtures. Tests that need ../shared/data skip with a clear reason where it is absent."""

from __future__ import annotations

import os
from pathlib import Path

import pytest

from simplify.testing import load_profile_from_env

os.environ.setdefault("HF_HUB_OFFLINE", "1")

# `dev` is quick; `ci` (set by .ci/run) is thorough and derandomised so that CI runs are reproducible.
load_profile_from_env("HYPOTHESIS_PROFILE")

SHARED_DATA = Path(__file__).resolve().parent.parent.parent / "shared" / "data"


@pytest.fixture(scope="session")
def shared_data() -> Path:
    """The ../shared/data folder beside the checkout (CI has it; a user's clone usually does not)."""
    if not SHARED_DATA.is_dir():
        pytest.skip(f"needs the shared evaluation data at {SHARED_DATA} (not part of a user's clone)")
    return SHARED_DATA
