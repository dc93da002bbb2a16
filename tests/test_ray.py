"""simplify.integrations: the batch simplifier, Ray Data on a local 2-CPU cluster, missing-ray errors."""

from __future__ import annotations

import json
import sys

import pytest

from simplify import LeanerSimplifier
from simplify.errors import MissingDependencyError
from simplify.integrations import BatchSimplifier

TEXTS = [
    "The committee subsequently promulgated regulations.",
    "We commenced the journey at dawn.",
    "Le comité a ensuite promulgué des règlements qui ont été utilisés par les administrateurs de la ville.",
    "",
    "x" * 300,
]


def test_batch_simplifier_matches_the_simplifier():
    fn = BatchSimplifier(max_chars=200)
    out = fn({"id": list(range(5)), "text": TEXTS})
    assert out["id"] == list(range(5))
    s = LeanerSimplifier()
    assert out["simplified"][:2] == [s(t).text for t in TEXTS[:2]]
    stats = [json.loads(x) for x in out["simplify_stats"]]
    assert stats[2]["skipped"] == "non-English" and out["simplified"][2] == TEXTS[2]
    assert stats[3]["skipped"] == "empty"
    assert "max_chars" in stats[4]["skipped"] and out["simplified"][4] == TEXTS[4]
    skipped = BatchSimplifier(max_chars=200, on_error="skip")({"id": list(range(5)), "text": TEXTS})
    assert skipped["id"] == [0, 1, 2, 3]


def test_missing_ray_is_a_clear_error(monkeypatch):
    from simplify.integrations import ray as integration

    monkeypatch.setitem(sys.modules, "ray", None)
    monkeypatch.setitem(sys.modules, "ray.data", None)
    with pytest.raises(MissingDependencyError, match="ray"):
        integration.simplify_dataset(object())


@pytest.fixture(scope="module")
def ray_local():
    ray = pytest.importorskip("ray")
    ray.init(num_cpus=2, include_dashboard=False, log_to_driver=False, ignore_reinit_error=True)
    yield ray
    ray.shutdown()


@pytest.mark.slow
def test_ray_dataset_simplify_and_profile(ray_local):
    from simplify.audit import profile_corpus
    from simplify.integrations.ray import profile_dataset, simplify_dataset

    rows = [{"id": i, "text": TEXTS[i % 2]} for i in range(40)]
    ds = ray_local.data.from_items(rows, override_num_blocks=4)
    out = simplify_dataset(ds, concurrency=2, batch_size=8).take_all()
    s = LeanerSimplifier()
    assert sorted(r["id"] for r in out) == list(range(40))
    for r in out:
        assert r["simplified"] == s(r["text"]).text
        assert json.loads(r["simplify_stats"])["genre"]
    profile = profile_dataset(ds, "text")
    expected = profile_corpus([r["text"] for r in rows])
    assert profile.overall.summary()["documents"] == expected.overall.summary()["documents"] == 40
    assert profile.overall.summary()["tokens"] == expected.overall.summary()["tokens"]
