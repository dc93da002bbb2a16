"""LeanerSimplifier end to end with the real English spaCy pipeline."""

from __future__ import annotations

import json
from pathlib import Path

import pytest

from simplify import InputError, LeanerSimplifier, SimplifyResult, UnknownGenreError, Vocabulary
from simplify.simplifier import RecordFailure

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus.jsonl"


@pytest.fixture(scope="module")
def simplifier() -> LeanerSimplifier:
    return LeanerSimplifier()


def test_issue_example(simplifier):
    text = "The committee subsequently promulgated regulations that were utilized by administrators."
    r = simplifier(text)
    assert isinstance(r, SimplifyResult)
    assert r.original == text
    assert r.text != text
    assert r.genre in ("web", "wiki", "book", "textbook", "instruction", "conversation", "code", "math")
    assert r.coverage_before is not None and r.coverage_after is not None
    assert r.coverage_after > r.coverage_before
    assert "utilized" not in r.text and "subsequently" not in r.text
    assert any(e.kind == "substitute" for e in r.edits)
    for edit in r.edits:
        start, end = edit.span
        assert 0 <= start <= end <= len(text)
        if edit.kind == "substitute":
            assert text[start:end] == edit.before
    assert sum(r.oov_after.values()) == round((1 - r.coverage_after) * r.checkable_after)


def test_numbers_urls_and_names_survive(simplifier):
    text = (
        "Dr. Margaret Thatcher visited https://example.org/a?b=1 on 12 May 1985, where approximately "
        "3.5 km of road had been constructed, and subsequently she commenced a speech."
    )
    r = simplifier(text, genre="web")
    for span in ("https://example.org/a?b=1", "Margaret Thatcher", "1985", "3.5 km"):
        assert span in r.text


def test_code_blocks_are_byte_exact(simplifier):
    code = "```python\ndef utilize(x):\n    return x  # approximately\n```"
    text = f"Subsequently, utilize this function.\n\n{code}\n\nIt commences the computation."
    r = simplifier(text, genre="code")
    assert code in r.text
    assert r.genre == "code"


def test_math_is_passed_through(simplifier):
    text = "Evaluate the following expression. $6 + 4 \\times 2$"
    r = simplifier(text, genre="math")
    assert r.text == text and r.edits == ()


def test_empty_and_whitespace(simplifier):
    for text in ("", "   \n\t "):
        r = simplifier(text)
        assert r.text == text
        assert r.skipped == "empty"
        assert r.coverage_before is None


def test_bad_input_types_and_unknown_genre(simplifier):
    with pytest.raises(InputError, match="expected a str"):
        simplifier(42)  # type: ignore[arg-type]
    with pytest.raises(UnknownGenreError, match="Known genres"):
        LeanerSimplifier(genre="poetry")


def test_max_chars_refuses_huge_documents():
    s = LeanerSimplifier(max_chars=100)
    with pytest.raises(InputError, match="max_chars"):
        s("word " * 100)
    out = list(s.pipe(["short text here.", "word " * 100], on_error="passthrough"))
    assert out[1].skipped and "max_chars" in out[1].skipped
    assert out[1].text == out[1].original
    (kept,) = s.pipe(["word " * 100, "fine."], on_error="skip")
    assert kept.original == "fine."


def test_pipe_equals_calls_and_keeps_order(simplifier):
    texts = [json.loads(line)["text"] for line in EXAMPLES.read_text(encoding="utf-8").splitlines()[:14]]
    piped = list(simplifier.pipe(texts, batch_size=3))
    assert [r.original for r in piped] == texts
    assert [r.text for r in piped] == [simplifier(t).text for t in texts]


def test_pipe_as_tuples_uses_context_genre(simplifier):
    rows = [{"id": 1, "genre": "math"}, {"id": 2}]
    texts = ["Subsequently we commenced.", "Subsequently we commenced."]
    out = list(simplifier.pipe(zip(texts, rows, strict=True), as_tuples=True))
    assert [ctx["id"] for _, ctx in out] == [1, 2]
    assert out[0][0].genre == "math" and out[0][0].text == texts[0]
    assert out[1][0].text != texts[1]


def test_pipe_two_processes_matches_one(simplifier):
    texts = [json.loads(line)["text"] for line in EXAMPLES.read_text(encoding="utf-8").splitlines()]
    one = [r.text for r in simplifier.pipe(texts, batch_size=4)]
    two = [r.text for r in simplifier.pipe(texts, batch_size=4, n_process=2)]
    assert one == two


def test_pipe_outcomes_reports_failures_without_stopping(simplifier):
    outcomes = list(simplifier.pipe_outcomes(["fine text.", None, "more text."]))
    assert isinstance(outcomes[1][0], RecordFailure)
    assert outcomes[1][0].stage == "input"
    assert isinstance(outcomes[2][0], SimplifyResult)
    with pytest.raises(InputError):
        list(simplifier.pipe(["fine", None]))


def test_custom_vocabulary_changes_what_counts():
    tiny = Vocabulary.from_words(["the", "a", "cat", "sat", "on", "mat"], name="tiny")
    s = LeanerSimplifier(vocabulary=tiny)
    r = s("The cat sat on the mat.")
    assert r.coverage_before == 1.0


def test_genre_detection_is_used_when_none_given(simplifier):
    chat = "Alice: Hi, how are you?\nBob: I am fine, thanks.\nAlice: Good to hear.\nBob: See you later."
    assert simplifier(chat).genre == "conversation"
    assert "Alice:" in simplifier(chat).text


def test_same_input_same_output():
    text = "The committee subsequently promulgated regulations, and administrators utilized them."
    assert LeanerSimplifier()(text) == LeanerSimplifier()(text)
