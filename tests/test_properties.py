"""Invariants of LeanerSimplifier over generated text (hypothesis), with the real spaCy pipeline."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from simplify import LeanerSimplifier

WORDS = [
    "the",
    "committee",
    "subsequently",
    "promulgated",
    "regulations",
    "which",
    "were",
    "utilized",
    "by",
    "administrators",
    "and",
    "numerous",
    "residents",
    "commenced",
    "to",
    "purchase",
    "approximately",
    "several",
    "dwellings",
    "because",
    "it",
    "was",
    "raining",
    "she",
    "said",
    "that",
    "they",
    "would",
    "assist",
    "the",
    "children",
    "however",
    "nobody",
    "knew",
]
PROTECTED = st.sampled_from(
    [
        "https://example.org/path?q=1",
        "someone@example.com",
        "3.5 km",
        "1,250",
        "`utilize(x)`",
        "$x^2 + y$",
        "42%",
        "2015-07-26",
    ]
)
SENTENCE = st.lists(st.sampled_from(WORDS), min_size=3, max_size=25).map(
    lambda ws: " ".join(ws).capitalize() + "."
)


_SIMPLIFIER: LeanerSimplifier | None = None


def shared() -> LeanerSimplifier:
    global _SIMPLIFIER
    if _SIMPLIFIER is None:
        _SIMPLIFIER = LeanerSimplifier()
    return _SIMPLIFIER


@given(st.text(max_size=300), st.sampled_from(["auto", "web", "book", "code", "conversation", "wiki"]))
def test_any_unicode_gives_a_string(text, genre):
    s = shared()
    r = s(text, genre=None if genre == "auto" else genre)
    assert isinstance(r.text, str)
    assert r.original == text
    r.text.encode("utf-8", errors="surrogatepass")


@given(
    st.lists(st.one_of(SENTENCE, PROTECTED), min_size=1, max_size=8), st.sampled_from(["web", "wiki", "book"])
)
def test_protected_spans_survive_and_coverage_never_falls(parts, genre):
    text = " ".join(parts)
    r = shared()(text, genre=genre)
    for part in parts:
        if not part.endswith("."):
            assert part in r.text, f"protected {part!r} lost from {r.text!r}"
    if r.coverage_before is not None and r.coverage_after is not None:
        assert r.coverage_after >= r.coverage_before - 1e-12


@given(st.lists(st.one_of(SENTENCE, st.text(max_size=40)), min_size=1, max_size=6))
def test_pipe_equals_calls_and_is_deterministic(texts):
    s = shared()
    piped = [r.text for r in s.pipe(texts, batch_size=2)]
    assert piped == [s(t).text for t in texts]
    assert piped == [r.text for r in s.pipe(texts, batch_size=5)]
