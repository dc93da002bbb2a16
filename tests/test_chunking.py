"""Whitespace-preserving chunking and placeholder masking."""

from __future__ import annotations

from hypothesis import given
from hypothesis import strategies as st

from simplify.chunking import chunk_spans, chunk_text, mask_spans, split_edges
from simplify.protect import Span


def test_chunks_join_back_and_respect_the_limit():
    text = "One two three. Four five six!\n\nSeven eight nine ten. Eleven.\n\n\nTwelve."
    for limit in (5, 20, 40, 1000):
        chunks = chunk_text(text, limit)
        assert "".join(chunks) == text
    assert all(len(c) <= 20 for c in chunk_text(text, 20))
    assert chunk_text(text, 1000) == [text]


def test_cuts_never_fall_inside_protected_spans():
    text = "aaa https://example.com/very/long/path bbb ccc"
    spans = [Span(4, 38, "url")]
    for s, e in chunk_spans(text, 10, spans):
        assert not (4 < s < 38) and not (4 < e < 38)


@given(st.text(alphabet="ab .!\n\t", max_size=300), st.integers(1, 60))
def test_chunking_covers_any_text(text: str, limit: int):
    spans = chunk_spans(text, limit)
    assert "".join(text[s:e] for s, e in spans) == text
    assert all(e > s for s, e in spans) or text == ""


def test_split_edges_and_masks():
    assert split_edges("  \n a b \n") == ("  \n ", "a b", " \n")
    assert split_edges("   ") == ("   ", "", "")
    m = mask_spans("x 12 y 34", [Span(7, 9, "number"), Span(2, 4, "number")])
    assert m.text == "x [[P0]] y [[P1]]" and m.placeholders == ("[[P0]]", "[[P1]]")
    assert m.restore("[[ P1 ]] and [[P0]]") == "34 and 12"
