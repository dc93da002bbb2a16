"""Corpus profiles, sketches, drift audits and the profile/audit CLI on small hand-made corpora."""

from __future__ import annotations

import json
import subprocess
import sys

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simplify.audit import (
    BoundedCounter,
    CorpusProfile,
    DistinctSketch,
    Thresholds,
    audit_drift,
    js_divergence,
    profile_corpus,
)
from simplify.audit.profile import surface_stats
from simplify.cli import main
from simplify.metrics import fkgl

CORPUS = [
    "The cat sat on the mat. The dog ran!",
    "Dogs and cats are friends.\n\nThey play all day.",
    "",
    "Café prices rose in São Paulo.",
]


def test_surface_counts_are_exact():
    s = surface_stats("The cat sat. The cat ran away!")
    assert s.words == {"the": 2, "cat": 2, "sat": 1, "ran": 1, "away": 1}
    assert s.sentence_lengths == [3, 4]
    assert s.n_words == 7


def test_profile_counts_and_summary():
    p = profile_corpus(CORPUS, genres="web")
    o = p.overall
    assert o.documents == 4 and o.empty_documents == 1
    assert o.tokens == 9 + 9 + 6
    assert o.words.get("the") == 3 and o.words.get("cats") == 1
    assert o.types == len(o.words.counts)
    assert o.sentences == 2 + 2 + 1
    assert o.non_ascii_chars == 2  # é, ã
    assert p.genres == {"web": 4}
    summary = o.summary()
    assert summary["tokens"] == 24 and summary["documents"] == 4
    assert summary["fkgl"] == pytest.approx(fkgl(CORPUS))
    assert 0 < summary["coverage"] <= 1
    assert summary["types_for_95"] <= summary["types"]


def test_genres_given_or_detected():
    p = profile_corpus(["a b c", "d e f"], genres=["book", None])
    assert set(p.genres) >= {"book"} and sum(p.genres.values()) == 2


def test_meta_commentary_and_placeholders_detected():
    text = (
        "Here is the simplified version of the story. The king of SC country met Person A in TI place. "
        "A town we'll call BE city. Write to [Name]. I hope this helps!"
    )
    s = surface_stats(text)
    assert set(s.meta) == {"rewrite_announcement", "naming_aside", "sign_off"}
    assert len(s.placeholders["initials_and_kind"]) == 3
    assert s.placeholders["role_and_letter"] and s.placeholders["bracketed"]
    clean = surface_stats(
        "The United States and Canada signed a deal in New York. A company grew. Dr. J. Smith came."
    )
    assert not clean.meta and not clean.placeholders


def test_save_load_round_trip(tmp_path):
    p = profile_corpus(CORPUS * 3, genres=["web", "book", "web", "wiki"] * 3)
    path = tmp_path / "p.json"
    p.save(path)
    q = CorpusProfile.load(path)
    assert q == p and q.to_dict() == p.to_dict()
    assert json.loads(path.read_text())["schema_version"] == 1


def test_load_refuses_other_schema(tmp_path):
    path = tmp_path / "bad.json"
    path.write_text(json.dumps({"schema_version": 99, "kind": "simplify.CorpusProfile"}))
    with pytest.raises(ValueError, match="schema version"):
        CorpusProfile.load(path)


docs = st.lists(
    st.text(alphabet=st.sampled_from(list("abcdeé .!\nXYZ")), max_size=60),
    max_size=25,
)


@given(docs, st.integers(min_value=0, max_value=25), st.integers(min_value=0, max_value=25))
def test_merged_shards_equal_whole(texts, i, j):
    i, j = sorted((min(i, len(texts)), min(j, len(texts))))
    genres = ["web" if k % 2 else "book" for k in range(len(texts))]

    def prof(lo, hi):
        return profile_corpus(texts[lo:hi], genres=genres[lo:hi], sample_size=7)

    whole = prof(0, len(texts))
    merged = prof(0, i) + prof(i, j) + prof(j, len(texts))
    assert merged == whole


@given(st.lists(st.lists(st.integers(0, 60), max_size=40), min_size=1, max_size=8), st.integers(2, 12))
def test_sketch_merge_within_stated_error(shards, cap):
    """Past the cap, merged tables keep the Misra–Gries bounds against the true counts."""
    from collections import Counter

    truth = Counter(f"w{x}" for shard in shards for x in shard)
    merged = BoundedCounter(cap)
    for shard in shards:
        part = BoundedCounter(cap)
        for x in shard:
            part.update({f"w{x}": 1})
        merged += part
    assert merged.total == sum(truth.values())
    assert merged.error <= merged.total / (cap + 1)
    assert len(merged.counts) <= cap
    for word, true in truth.items():
        assert true - merged.error <= merged.get(word) <= true
    if len(truth) <= cap:
        assert merged.exact and merged.counts == truth


def test_sketch_distinct_estimate_and_profile_types():
    def word(i):
        return "".join("abcdefghijklmnopqrstuvwxyz"[int(d)] for d in str(i))

    p = profile_corpus([f"w{word(i)} x{word(i)} common" for i in range(3000)], genres="web", cap=500)
    o = p.overall
    assert not o.words.exact
    assert o.words.get("common") == pytest.approx(3000, abs=o.words.error)
    assert o.types == pytest.approx(6001, rel=0.05)  # the DistinctSketch estimate
    s = DistinctSketch(k=64)
    s.add_many(str(i) for i in range(10_000))
    assert s.estimate() == pytest.approx(10_000, rel=0.35)


def test_js_divergence_bounds():
    assert js_divergence({"a": 1, "b": 2}, {"a": 2, "b": 4}) == 0.0
    assert js_divergence({"a": 1}, {"b": 1}) == pytest.approx(1.0)
    assert 0 < js_divergence({"a": 1, "b": 1}, {"a": 1}) < 1


def test_self_audit_has_no_flags_and_zero_divergence(tmp_path):
    texts = CORPUS * 4 + ["Here is the simplified version. SC country is nice."]
    for report in (audit_drift(texts, texts), audit_drift(texts, texts, paired=True)):
        d = report.to_dict()
        assert report.flags == [] and d["flags"] == []
        assert d["identical"] is True
        assert all(v == 0.0 for v in d["js_divergence"].values())
        assert d["original"]["types"] == d["simplified"]["types"]
    p = profile_corpus(texts)
    p.save(tmp_path / "a.json")
    report = audit_drift(tmp_path / "a.json", str(tmp_path / "a.json"))
    assert report.flags == []


def test_audit_flags_leaks_shrink_and_paired_problems():
    orig = [
        f"Professor Alexander Hamilton of Scotland contemplated extraordinary circumstances number {i}. "
        "Consequently, the committee promulgated regulations."
        for i in range(30)
    ]
    simp = [
        f"Here is the simplified version: Person A of SC country thought about things {i}. "
        "So the group made rules. We'll call it XYZ."
        for i in range(30)
    ]
    simp[0] = ""
    simp[1] = orig[1]
    report = audit_drift(orig, simp[:-1], paired=True, genres="wiki")
    d = report.to_dict()
    codes = {f["code"] for f in d["flags"]}
    assert {
        "meta_commentary",
        "placeholder_names",
        "dropped_outputs",
        "empty_outputs",
        "names_dropped",
    } <= codes
    shrink = audit_drift(orig, ["The man thought about it."] * 30).to_dict()["flags"]
    assert [f["severity"] for f in shrink if f["code"] == "vocabulary_shrink"] == ["info"]
    for flag in d["flags"]:
        assert set(flag) >= {"code", "count", "examples", "message", "severity"}
        assert flag["count"] >= 1
    assert d["paired"]["dropped"] == 1 and d["paired"]["empty"] == 1 and d["paired"]["copied"] == 1
    assert 0 <= d["paired"]["bleu"] <= 100
    assert "wiki" in d["by_genre"]
    md = report.to_markdown()
    assert "meta_commentary" in md and "| word types |" in md
    strict = audit_drift(orig, simp, paired=True, thresholds=Thresholds(min_excess=10_000))
    assert "meta_commentary" not in strict.codes


def test_mean_shift_has_confidence_interval():
    short = ["One two three." for _ in range(50)]
    long = ["One two three four five six seven eight nine ten." for _ in range(50)]
    d = audit_drift(long, short).to_dict()
    words = d["mean_shift"]["words"]
    assert words["shift"] == pytest.approx(-7)
    assert words["ci_low"] <= -7 <= words["ci_high"]
    assert "document_length_changed" in {f["code"] for f in d["flags"]}


def test_top_level_exports_are_lazy():
    code = (
        "import sys, simplify; assert 'simplify.audit' not in sys.modules; "
        "from simplify import profile_corpus, audit_drift, CorpusProfile, DriftReport; "
        "import simplify.audit; "
        "print(sorted(m for m in ('torch', 'transformers', 'spacy') if m in sys.modules))"
    )
    out = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert out.stdout.strip() == "[]"


# ------------------------------------------------------------------------------------------------ CLI
def _jsonl(path, rows):
    path.write_text("".join(json.dumps(r) + "\n" for r in rows), encoding="utf-8")
    return path


def test_cli_profile_and_audit(tmp_path, capsys):
    orig = _jsonl(tmp_path / "orig.jsonl", [{"text": t, "genre": "web"} for t in CORPUS])
    leaner = _jsonl(
        tmp_path / "leaner.jsonl",
        [{"text": t.replace("cat", "SC country"), "genre": "web"} for t in CORPUS],
    )
    assert main(["profile", str(orig), "-o", str(tmp_path / "o.profile.json")]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["documents"] == 4 and summary["tokens"] == 24
    assert CorpusProfile.load(tmp_path / "o.profile.json").overall.documents == 4

    args = ["audit", str(orig), str(leaner), "--paired", "--html", str(tmp_path / "r.html")]
    args += ["--json", str(tmp_path / "r.json"), "--markdown", str(tmp_path / "r.md")]
    assert main(args) == 0
    report = json.loads((tmp_path / "r.json").read_text())
    for key in ("js_divergence", "original", "simplified", "by_genre", "flags"):
        assert key in report
    assert {"types", "tokens"} <= set(report["original"]) and report["mode"] == "paired"
    assert "<svg" in (tmp_path / "r.html").read_text()
    assert "# Drift audit" in capsys.readouterr().out

    # a saved profile against itself: no flags; --fail-on-flags exits 0
    p = str(tmp_path / "o.profile.json")
    assert main(["audit", p, p, "--json", str(tmp_path / "self.json"), "--fail-on-flags"]) == 0
    assert json.loads((tmp_path / "self.json").read_text())["flags"] == []


def test_cli_audit_simplify_run_output_and_fields(tmp_path):
    rows = [{"prompt": "Write code.", "response": "Here is the simplified version. XYZ", "text": "x"}] * 5
    src = _jsonl(tmp_path / "c.jsonl", rows)
    out = tmp_path / "r.json"
    rc = main(
        ["audit", str(src), str(src), "--paired", "--text-field", "prompt", "--simplified-text-field",
         "prompt,response", "--json", str(out), "--fail-on-flags"]
    )  # fmt: skip
    assert rc == 1
    assert "meta_commentary" in {f["code"] for f in json.loads(out.read_text())["flags"]}


def test_cli_eval_reports_all_metrics(tmp_path, capsys):
    orig = tmp_path / "orig.txt"
    sys_ = tmp_path / "sys.txt"
    ref = tmp_path / "ref.txt"
    orig.write_text("About 95 species are currently accepted.\nThe cat perched on the mat.\n")
    sys_.write_text("About 95 you now get in.\nCat on mat.\n")
    ref.write_text("About 95 species are now accepted.\nThe cat sat on the mat.\n")
    assert (
        main(["eval", "--orig", str(orig), "--sys", str(sys_), "--refs", str(ref), "--json", "--no-coverage"])
        == 0
    )
    result = json.loads(capsys.readouterr().out)
    for key in ("sari", "sari_add", "sari_keep", "sari_delete", "bleu", "fkgl_orig", "fkgl_sys", "fkgl_refs"):
        assert key in result
    assert {"compression_ratio", "copy_rate"} <= set(result)
