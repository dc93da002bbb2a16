"""Audit of the TinyHelen validation split: original vs the paper's GPT-4 "leaner" rewrite."""

from __future__ import annotations

import pytest
from audit_tinyhelen import load_pairs  # tests/ is on sys.path (rootdir-relative imports)

from simplify.audit import audit_drift, profile_corpus

pytestmark = [pytest.mark.shared_data, pytest.mark.slow]


@pytest.fixture(scope="module")
def pairs(shared_data):
    return load_pairs(shared_data / "tinyhelen-validation")


@pytest.fixture(scope="module")
def report(pairs):
    originals, leaner, genres = pairs
    return audit_drift(originals, leaner, paired=True, genres=genres)


def test_finds_vocabulary_shrink(report):
    d = report.to_dict()
    change = d["vocabulary_change"]
    assert change["types_original"] > 20_000 and change["types_simplified"] < 10_000
    assert change["shrink"] > 0.5
    assert change["coverage"][1] > change["coverage"][0] + 0.1
    assert d["simplified"]["fkgl"] < d["original"]["fkgl"] - 3
    assert "vocabulary_shrink" in report.codes


def test_flags_leaked_commentary_and_placeholders(report):
    flags = {f.code: f for f in report.flags}
    assert flags["meta_commentary"].count > 50 and flags["meta_commentary"].examples
    assert flags["placeholder_names"].count > 1000
    assert any("country" in ex for ex in flags["placeholder_names"].examples)
    assert "names_dropped" in flags  # anonymisation drops the source's names


def test_self_audit_of_the_original_is_clean(pairs):
    originals, _, genres = pairs
    report = audit_drift(originals, originals, paired=True, genres=genres)
    assert report.flags == []
    assert set(report.to_dict()["js_divergence"].values()) == {0.0}


def test_shards_merge_to_the_whole(pairs):
    originals, _, genres = pairs
    whole = profile_corpus(originals, genres=genres)
    thirds = [slice(0, 150), slice(150, 400), slice(400, None)]
    merged = profile_corpus(originals[thirds[0]], genres=genres[thirds[0]])
    for part in thirds[1:]:
        merged += profile_corpus(originals[part], genres=genres[part])
    assert merged == whole
