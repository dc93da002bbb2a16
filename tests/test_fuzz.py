"""Fuzzing with hypothesis: arbitrary Unicode (control characters, lone surrogates, right-to-left text,
emoji, very long words, markup soup, 1 MB documents) through LeanerSimplifier and corpus runs. No exception
escapes, every line is accounted for, and the output is deterministic (also across n_process)."""

from __future__ import annotations

import contextlib
import json
import tempfile
from functools import cache
from pathlib import Path

import pytest
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simplify import LeanerSimplifier
from simplify.io import RecordError, iter_records, parse_record
from simplify.result import SimplifyResult
from simplify.runner import RunConfig, run_corpus
from simplify.simplifier import RecordFailure
from simplify.testing.strategies import hostile_texts, jsonl_lines, jsonl_records

FUZZ = settings(max_examples=25, deadline=None, suppress_health_check=list(HealthCheck))

UNICODE = st.one_of(
    hostile_texts(),
    st.text(max_size=200),
    st.text(st.characters(codec="utf-8", categories=("Cc", "Cf", "Zl", "Zp", "Mn", "So")), max_size=100),
    st.sampled_from(
        [
            "\u202eevil\u202c right-to-left override and \u05e9\u05dc\u05d5\u05dd \u0645\u0631\u062d\u0628\u0627",
            "👩‍👩‍👧‍👦🏳️‍🌈 emoji ZWJ sequences 🙂🙃",
            "<div><p>unclosed <b>markup <i>soup</p> ``` $$ \\begin{x} [[link|",
            "lone surrogate \udc80 and \ud800 escapes",
            "\x00\x01\x1b[31m control \x7f characters\r\n\x0c",
        ]
    ),
)


@cache
def _simplifier() -> LeanerSimplifier:
    return LeanerSimplifier(on_error="passthrough")


@FUZZ
@given(st.lists(UNICODE, min_size=1, max_size=6))
def test_pipe_yields_one_outcome_per_text_and_never_raises(texts):
    s = _simplifier()
    outcomes = list(s.pipe_outcomes(texts, batch_size=3))
    assert len(outcomes) == len(texts)
    for (outcome, _), text in zip(outcomes, texts, strict=True):
        assert isinstance(outcome, SimplifyResult | RecordFailure)
        if isinstance(outcome, SimplifyResult):
            assert outcome.original == text and isinstance(outcome.text, str)
    results = list(s.pipe(texts, on_error="passthrough"))
    assert len(results) == len(texts)
    assert [r.text for r in results] == [r.text for r in s.pipe(texts, on_error="passthrough")]


def _encode(lines: list[str], junk: list[bytes]) -> bytes:
    data = [line.encode("utf-8", errors="surrogatepass") for line in lines]  # lone surrogates: bad UTF-8
    for n, raw in enumerate(junk):
        data.insert(n * 3 % (len(data) + 1), raw)
    return b"\n".join(data) + b"\n"


def _expected(payload: bytes) -> list:
    ids = []
    for n, raw in enumerate(payload.split(b"\n")[:-1], 1):
        with contextlib.suppress(RecordError):
            ids.append(parse_record(n, raw).get("id"))
    return ids


@FUZZ
@given(
    jsonl_lines(jsonl_records(UNICODE), max_size=6),
    st.lists(st.sampled_from([b"\xff\xfe", b"{\x80}", b"\x00", b"[1]", b'{"text": "\xe2\x82"}']), max_size=3),
)
def test_corpus_run_accounts_for_every_line_and_is_deterministic(lines, junk):
    payload = _encode(lines, junk)
    with tempfile.TemporaryDirectory() as tmp:
        folder = Path(tmp)
        src = folder / "in.jsonl"
        src.write_bytes(payload)
        outputs = []
        for name, shard_size in (("a.jsonl", 2), ("b.jsonl.zst", 1000)):
            summary = run_corpus(
                RunConfig(str(src), str(folder / name), shard_size=shard_size), simplifier=_simplifier()
            )
            assert summary.read == payload.count(b"\n") and summary.accounted
            records = [r for _, r, _ in iter_records(folder / name)]
            assert len(records) == summary.written
            errors = (folder / name.split(".")[0]).with_suffix(".errors.jsonl").read_text().splitlines()
            assert len(errors) == summary.errors
            assert all({"line", "id", "stage", "reason"} <= set(json.loads(e)) for e in errors)
            outputs.append(records)
        assert outputs[0] == outputs[1]
        assert [r.get("id") for r in outputs[0]] == _expected(payload)


def test_one_megabyte_documents(tmp_path):
    soup = ("<b>" + "x" * 5000 + "</b> 🙂 \u202e " + "supercalifragilistic" * 50 + "\n") * 100
    huge_word = "a" * 1_000_000
    lines = [json.dumps({"id": n, "text": t}) for n, t in enumerate([soup[:1_000_000], huge_word])]
    src = tmp_path / "in.jsonl"
    src.write_text("\n".join(lines) + "\n")
    summary = run_corpus(RunConfig(str(src), str(tmp_path / "o.jsonl")), simplifier=_simplifier())
    assert summary.read == 2 and summary.accounted
    capped = run_corpus(
        RunConfig(str(src), str(tmp_path / "c.jsonl"), max_line_bytes=500_000), simplifier=_simplifier()
    )
    assert capped.errors == 2 and capped.accounted


@pytest.mark.slow
def test_same_output_across_n_process(tmp_path):
    texts = [
        "The committee subsequently promulgated regulations that were utilized by administrators.",
        "\u202eevil\u202c mixed \u05e9\u05dc\u05d5\u05dd text 🙂 with <b>markup</b>",
        "Alice: We commenced the journey.\nBob: Subsequently we terminated it.",
        "x" * 3000,
        "",
    ] * 12
    src = tmp_path / "in.jsonl"
    src.write_text("".join(json.dumps({"id": n, "text": t}) + "\n" for n, t in enumerate(texts)))
    outs = []
    for n_process in (1, 2):
        out = tmp_path / f"o{n_process}.jsonl"
        run_corpus(RunConfig(str(src), str(out), n_process=n_process, batch_size=8, shard_size=7))
        outs.append(out.read_bytes())
    assert outs[0] == outs[1]
