"""Corpus runs (simplify.runner): shards, resume after injected faults, error policies, accounting."""

from __future__ import annotations

import errno
import gzip
import json
from pathlib import Path

import pytest
import zstandard

from simplify import LeanerSimplifier
from simplify.cli import main
from simplify.errors import InputError
from simplify.io import JsonlWriter, iter_lines_capped, iter_records
from simplify.runner import MANIFEST_NAME, RunAborted, RunConfig, run_corpus

SENTENCES = [
    "The committee subsequently promulgated regulations.",
    "We commenced the journey at dawn.",
    "The cat sat on the mat and looked at the bird.",
    "Scientists utilized sophisticated instruments to measure the phenomenon.",
]


@pytest.fixture(scope="module")
def simplifier() -> LeanerSimplifier:
    return LeanerSimplifier()


def _lines(n: int, bad_every: int = 7) -> list[bytes]:
    out = []
    for i in range(n):
        if bad_every and i % bad_every == 3:
            out.append(b"{not json" if i % 2 else b'{"id": %d, "text": 5}' % i)
        else:
            out.append(json.dumps({"id": i, "text": SENTENCES[i % len(SENTENCES)]}).encode())
    return out


def _write(path: Path, lines: list[bytes]) -> Path:
    data = b"\n".join(lines) + b"\n"
    if path.name.endswith(".gz"):
        data = gzip.compress(data)
    elif path.name.endswith(".zst"):
        data = zstandard.ZstdCompressor().compress(data)
    path.write_bytes(data)
    return path


def _read(path: Path) -> list[dict]:
    return [r for _, r, _ in iter_records(path)]


def _errors(path: Path) -> list[dict]:
    return [json.loads(line) for line in path.read_text(encoding="utf-8").splitlines()]


def test_sharded_file_run_matches_unsharded_and_accounts(tmp_path, simplifier):
    src = _write(tmp_path / "in.jsonl.gz", _lines(40))
    a = run_corpus(RunConfig(str(src), str(tmp_path / "a.jsonl.zst"), shard_size=7), simplifier=simplifier)
    b = run_corpus(RunConfig(str(src), str(tmp_path / "b.jsonl.zst"), shard_size=1000), simplifier=simplifier)
    assert a.accounted and a.read == 40 and a.errors == 6 and a.shards == 6
    assert _read(tmp_path / "a.jsonl.zst") == _read(tmp_path / "b.jsonl.zst")
    assert (tmp_path / "a.errors.jsonl").read_bytes() == (tmp_path / "b.errors.jsonl").read_bytes()
    assert [e["line"] for e in _errors(tmp_path / "a.errors.jsonl")] == [4, 11, 18, 25, 32, 39]
    assert not (tmp_path / "a.jsonl.zst.parts").exists()
    assert (a.written, a.errors) == (b.written, b.errors)


def test_directory_input_and_directory_output(tmp_path, simplifier):
    inputs = tmp_path / "in"
    inputs.mkdir()
    _write(inputs / "b.jsonl.zst", _lines(5))
    _write(inputs / "a.jsonl", _lines(9))
    (inputs / "notes.txt").write_text("ignored")
    out = tmp_path / "out"
    summary = run_corpus(RunConfig(str(inputs), str(out) + "/", shard_size=4), simplifier=simplifier)
    assert summary.read == 14 and summary.accounted
    manifest = json.loads((out / MANIFEST_NAME).read_text())
    assert manifest["complete"]
    assert [(s["input_file"], s["first_line"], s["last_line"]) for s in manifest["shards"]] == [
        ("a.jsonl", 1, 4),
        ("a.jsonl", 5, 8),
        ("a.jsonl", 9, 9),
        ("b.jsonl.zst", 1, 4),
        ("b.jsonl.zst", 5, 5),
    ]
    parts = sorted(out.glob("part-*.jsonl.zst"))
    assert sum(len(_read(p)) for p in parts) == summary.written
    errors = [e for p in sorted(out.glob("errors-*.jsonl")) for e in _errors(p)]
    assert {e["input"] for e in errors} == {"a.jsonl", "b.jsonl.zst"}
    assert all(e["line"] and e["stage"] and e["reason"] for e in errors)


@pytest.mark.parametrize("fail_after", [1, 9, 23])
def test_full_disk_leaves_a_consistent_manifest_and_resume_completes(
    tmp_path, simplifier, monkeypatch, fail_after
):
    src = _write(tmp_path / "in.jsonl", _lines(30))
    ref = run_corpus(RunConfig(str(src), str(tmp_path / "ref.jsonl"), shard_size=5), simplifier=simplifier)
    out = tmp_path / "out.jsonl.gz"
    real_write = JsonlWriter.write
    calls = {"n": 0}

    def failing_write(self, record):
        calls["n"] += 1
        if calls["n"] > fail_after:
            raise OSError(errno.ENOSPC, "No space left on device")
        real_write(self, record)

    monkeypatch.setattr(JsonlWriter, "write", failing_write)
    with pytest.raises(OSError):
        run_corpus(RunConfig(str(src), str(out), shard_size=5), simplifier=simplifier)
    monkeypatch.setattr(JsonlWriter, "write", real_write)
    work = tmp_path / "out.jsonl.gz.parts"
    assert not [f for f in work.iterdir() if ".tmp-" in f.name]
    if (work / MANIFEST_NAME).exists():
        manifest = json.loads((work / MANIFEST_NAME).read_text())
        for shard in manifest["shards"]:
            assert (work / shard["output"]).exists() and (work / shard["errors"]).exists()
    summary = run_corpus(RunConfig(str(src), str(out), shard_size=5, resume=True), simplifier=simplifier)
    assert summary.to_dict() | {"seconds": 0, "output": "", "errors_file": "", "resumed_lines": 0} == (
        ref.to_dict() | {"seconds": 0, "output": "", "errors_file": "", "resumed_lines": 0}
    )
    assert _read(out) == _read(tmp_path / "ref.jsonl")
    assert (tmp_path / "out.errors.jsonl").read_bytes() == (tmp_path / "ref.errors.jsonl").read_bytes()


def test_resume_refuses_a_changed_config_and_cleans_debris(tmp_path, simplifier):
    src = _write(tmp_path / "in.jsonl", _lines(12))
    out = tmp_path / "o"
    with pytest.raises(RunAborted):
        run_corpus(RunConfig(str(src), str(out) + "/", shard_size=2, on_error="raise"), simplifier=simplifier)
    (out / "part-00099.jsonl.zst.tmp-1").write_bytes(b"junk")
    (out / "part-00042.jsonl.zst").write_bytes(b"junk")
    with pytest.raises(InputError, match="text_field"):
        run_corpus(RunConfig(str(src), str(out) + "/", resume=True, text_field="body"), simplifier=simplifier)
    summary = run_corpus(RunConfig(str(src), str(out) + "/", resume=True), simplifier=simplifier)
    assert summary.read == 12 and summary.accounted and summary.resumed_lines == 3
    assert not (out / "part-00099.jsonl.zst.tmp-1").exists() and not (out / "part-00042.jsonl.zst").exists()


def test_on_error_policies(tmp_path, simplifier):
    lines = [
        json.dumps({"id": "ok", "text": "We commenced the journey."}).encode(),
        json.dumps({"id": "big", "text": "word " * 100}).encode(),
        b"{broken",
        json.dumps({"id": "after", "text": "The cat sat."}).encode(),
    ]
    src = _write(tmp_path / "in.jsonl", lines)
    common = {"max_chars": 200, "language_check": False}
    simplifier = LeanerSimplifier(max_chars=200, nlp=simplifier.nlp)  # a given simplifier sets the limit
    skip = run_corpus(RunConfig(str(src), str(tmp_path / "s.jsonl"), **common), simplifier=simplifier)
    assert (skip.written, skip.errors, skip.passed_through) == (2, 2, 0)
    errs = _errors(tmp_path / "s.errors.jsonl")
    assert [(e["line"], e["id"], e["stage"]) for e in errs] == [(2, "big", "input"), (3, None, "read")]
    assert "max_chars" in errs[0]["reason"]
    passed = run_corpus(
        RunConfig(str(src), str(tmp_path / "p.jsonl"), on_error="passthrough", **common),
        simplifier=simplifier,
    )
    assert (passed.written, passed.errors, passed.passed_through) == (3, 1, 1) and passed.accounted
    big = _read(tmp_path / "p.jsonl")[1]
    assert big["simplified"] == big["text"] and "max_chars" in big["simplify_stats"]["skipped"]
    with pytest.raises(RunAborted) as info:
        run_corpus(
            RunConfig(str(src), str(tmp_path / "r.jsonl"), on_error="raise", **common), simplifier=simplifier
        )
    assert info.value.error["line"] == 2 and info.value.summary.read == 1
    assert [r["id"] for r in _read(tmp_path / "r.jsonl")] == ["ok"]  # what completed is written


def test_cli_raise_exits_2_and_resume_with_skip(tmp_path, capsys):
    src = _write(tmp_path / "in.jsonl", _lines(10))
    out = tmp_path / "out.jsonl"
    args = ["run", str(src), "-o", str(out), "--no-progress", "--shard-size", "2"]
    assert main([*args, "--on-error", "raise"]) == 2
    first = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert first["read"] == 3 and not first["complete"]
    assert main([*args, "--resume"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["read"] == 10 and summary["accounted"] and summary["errors"] == 1
    assert summary["resumed_lines"] == 3 and summary["complete"]


def test_non_english_passes_through_with_a_flag(tmp_path, simplifier):
    texts = [
        "Le comité a ensuite promulgué des règlements qui ont été utilisés par les administrateurs de la ville.",
        "委員会はその後、管理者が使用する規則を公布しました。これは長い日本語の文章で、英語ではありません。",
        "The committee subsequently promulgated regulations that were utilized by the administrators.",
    ]
    src = _write(
        tmp_path / "in.jsonl", [json.dumps({"id": i, "text": t}).encode() for i, t in enumerate(texts)]
    )
    summary = run_corpus(RunConfig(str(src), str(tmp_path / "o.jsonl")), simplifier=simplifier)
    assert summary.non_english == 2 and summary.written == 3
    records = _read(tmp_path / "o.jsonl")
    for record in records[:2]:
        assert record["simplified"] == record["text"]
        assert record["simplify_stats"]["skipped"] == "non-English"
    assert records[2]["simplified"] != records[2]["text"]


def test_very_long_line_is_refused_unread(tmp_path, simplifier):
    huge = json.dumps({"id": "huge", "text": "word " * 300_000}).encode()
    src = _write(tmp_path / "in.jsonl", [b'{"id": 1, "text": "Fine."}', huge, b'{"id": 3, "text": "Fine."}'])
    assert [t for _, _, t in iter_lines_capped(src, 1000)] == [False, True, False]
    summary = run_corpus(
        RunConfig(str(src), str(tmp_path / "o.jsonl"), max_line_bytes=100_000), simplifier=simplifier
    )
    assert (summary.written, summary.errors) == (2, 1)
    (err,) = _errors(tmp_path / "o.errors.jsonl")
    assert err["line"] == 2 and "max_line_bytes" in err["reason"] and len(err["raw"]) <= 200


def test_capped_lines_match_iter_lines(tmp_path):
    from simplify.io import iter_lines

    src = tmp_path / "x.jsonl"
    src.write_bytes(b"a\r\nbb\n\nccc\r\nlast")
    assert [(n, r) for n, r, _ in iter_lines_capped(src, 10)] == list(iter_lines(src))
    assert [(r, t) for _, r, t in iter_lines_capped(src, 2)] == [
        (b"a", False),
        (b"bb", False),
        (b"", False),
        (b"cc", True),
        (b"la", True),
    ]
