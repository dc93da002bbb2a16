"""Protected spans: each kind on realistic snippets, merging, token masks, block splitting, and properties."""

from __future__ import annotations

import itertools
import logging
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simplify.protect import (
    PROTECT_KINDS,
    Span,
    find_protected_spans,
    mask_tokens,
    merge_spans,
    split_blocks,
)

log = logging.getLogger(__name__)


def texts(text: str, kinds=PROTECT_KINDS, kind: str | None = None) -> list[str]:
    return [
        text[s.start : s.end] for s in find_protected_spans(text, kinds) if kind is None or s.kind == kind
    ]


def covered(text: str, needle: str, kinds=PROTECT_KINDS) -> bool:
    """Whether every character of the first occurrence of ``needle`` lies inside one span."""
    i = text.index(needle)
    return any(s.start <= i and i + len(needle) <= s.end for s in find_protected_spans(text, kinds))


def touched(text: str, needle: str, kinds=PROTECT_KINDS) -> bool:
    i = text.index(needle)
    return any(s.start < i + len(needle) and i < s.end for s in find_protected_spans(text, kinds))


# ------------------------------------------------------------------------------------------ code


MARKDOWN_ANSWER = """You can read the file like this:

```python
def read(path):
    with open(path) as f:
        return f.read()
```

Then call `read("a.txt")` and print the result.
"""


def test_fenced_code_block_is_one_span():
    spans = find_protected_spans(MARKDOWN_ANSWER, ("code_block",))
    assert [MARKDOWN_ANSWER[s.start : s.end] for s in spans] == [
        "```python\ndef read(path):\n    with open(path) as f:\n        return f.read()\n```"
    ]


def test_tilde_fence_and_unclosed_fence_runs_to_end():
    text = "Intro.\n~~~\nx = 1\n~~~\nMiddle prose.\n```\nnever closed\nstill code"
    got = texts(text, ("code_block",))
    assert got == ["~~~\nx = 1\n~~~", "```\nnever closed\nstill code"]


def test_inline_triple_backticks_are_not_a_fence():
    text = "```x``` is inline.\nPlain prose line here."
    assert texts(text, ("code_block",)) == []


def test_indented_code_after_blank_line_but_not_indented_prose():
    code = "Run this:\n\n    pip install numpy\n    python -m pytest\n\nDone."
    assert texts(code, ("code_block",)) == ["    pip install numpy\n    python -m pytest"]
    poem = "A poem:\n\n    Shall I compare thee to a summer's day?\n    Thou art more lovely and temperate.\n"
    assert texts(poem, ("code_block",)) == []


@pytest.mark.parametrize(
    "line",
    [
        "int main(void) {",
        "x = foo(bar[1]) + baz(2);",
        "}",
        "import numpy as np",
        "from os import path",
        "#include <stdio.h>",
        "function add(a, b) {",
        "SELECT name FROM users WHERE id = 1",
        "return x;",
        "const total = items.length;",
        "for i in range(10):",
        "def main():",
    ],
)
def test_code_like_lines_in_prose(line):
    text = f"Some words before it.\n{line}\nSome words after it."
    assert texts(text, ("code_block",)) == [line]


@pytest.mark.parametrize(
    "line",
    [
        "He went home; she stayed behind.",
        "The function f(x) = x^2 is convex.",
        "See the list (items [1], [2], [3]) for details.",
        "Let x = 5 and y = 10 (approximately).",
        "Return the form by Friday.",
        "Class is over for today.",
        "For example:",
        "Paris is big.<ref>{{cite web|url=http://x.org|title=y}}</ref>",
        "AT&amp;T said so&nbsp;",
        "<p>Hello world.</p>",
    ],
)
def test_prose_lines_are_not_code(line):
    assert texts(line + "\n", ("code_block",)) == []


def test_code_run_keeps_indented_body_lines():
    text = "Example:\nint f(int x) {\n  if (x) return 1\n  return 0\n}\nThat is all."
    assert texts(text, ("code_block",)) == ["int f(int x) {\n  if (x) return 1\n  return 0\n}"]


# ------------------------------------------------------------------------------------------ inline


def test_inline_code():
    text = "Use `pip install x` or ``a ` b`` but not `across\nlines`."
    assert texts(text, ("inline_code",)) == ["`pip install x`", "``a ` b``"]


@pytest.mark.parametrize(
    ("text", "url"),
    [
        ("See https://example.com/page.", "https://example.com/page"),
        ("(see https://en.wikipedia.org/wiki/Foo_(bar)).", "https://en.wikipedia.org/wiki/Foo_(bar)"),
        ("Visit www.example.org, then leave.", "www.example.org"),
        ("Go to example.com/docs/intro?x=1!", "example.com/docs/intro?x=1"),
        ("[docs](http://a.com/x)", "http://a.com/x"),
        ("ftp://files.example.net/a.zip;", "ftp://files.example.net/a.zip"),
    ],
)
def test_urls(text, url):
    assert texts(text, ("url",)) == [url]


def test_not_urls():
    assert texts("and/or, e.g. this, 3.5/5 stars, a.m.", ("url",)) == []


def test_email():
    text = "Write to jane.doe+news@mail.example.co.uk or bob@x.com."
    assert texts(text, ("email",)) == ["jane.doe+news@mail.example.co.uk", "bob@x.com"]


@pytest.mark.parametrize(
    "num",
    [
        "5 km",
        "$3.50",
        "10°C",
        "3.5%",
        "1,000",
        "1st",
        "2nd",
        "1990–1995",
        "10:30",
        "2015-07-26",
        "7/26/2015",
        "-4.5",
        "€20",
        "1990s",
        "60 mph",
        "12kg",
        "3 pm",
    ],
)
def test_numbers(num):
    text = f"It was {num} then."
    assert texts(text, ("number",)) == [num]


def test_in_is_not_a_unit_and_words_with_digits_are_left():
    assert texts("Put 5 in the box.", ("number",)) == ["5"]
    assert texts("COVID-19 and mp3 files", ("number",)) == []


# ------------------------------------------------------------------------------------------ math


def test_math_kinds():
    text = (
        "Inline $x^2 + 1$ and \\(a+b\\), display $$\\int_0^1 f$$ and \\[ y = mx \\].\n"
        "\\begin{align}\na &= b \\\\\n\\end{align}\n"
        "Outside dollars: \\frac{a}{b} and \\sqrt{\\frac{1}{2}}."
    )
    got = texts(text, ("math",))
    assert "$x^2 + 1$" in got
    assert "\\(a+b\\)" in got
    assert "$$\\int_0^1 f$$" in got
    assert "\\[ y = mx \\]" in got
    assert "\\begin{align}\na &= b \\\\\n\\end{align}" in got
    assert "\\frac{a}{b}" in got
    assert "\\sqrt{\\frac{1}{2}}" in got


def test_currency_is_not_math():
    text = "It costs $5 and $10, or $5/$10 per item."
    assert texts(text, ("math",)) == []


def test_math_corpus_style():
    text = "Evaluate the following expression. $6 + 4 \\times 2$\n$= 6 + 8$\n$= 14$"
    assert texts(text, ("math",)) == ["$6 + 4 \\times 2$", "$= 6 + 8$", "$= 14$"]


# ------------------------------------------------------------------------------------------ labels


CHAT = """User: How do I boil an egg?
Assistant: Put it in boiling water for 9 minutes.
Dr. Smith: That is right.
Speaker 1: I agree.
Q: And soft eggs?
A: About 6 minutes.
[Narrator] Time passes.
JOHN: Thanks!
The main reason is this: eggs vary.
"""


def test_speaker_labels():
    got = texts(CHAT, ("speaker_label",))
    assert got == [
        "User:",
        "Assistant:",
        "Dr. Smith:",
        "Speaker 1:",
        "Q:",
        "A:",
        "[Narrator]",
        "JOHN:",
    ]


# ------------------------------------------------------------------------------------------ markdown


def test_markdown_markers_only():
    text = (
        "## Install it\n"
        "- first **bold** item\n"
        "2. second item\n"
        "> a quote\n"
        "---\n"
        "| a | b |\n"
        "|---|---|\n"
        "See [the docs](https://x.org/d) and <b>this</b>.\n"
    )
    got = texts(text, ("markdown",))
    assert got[:4] == ["##", "-", "**", "**"]
    for marker in ("2.", ">", "---", "| a | b |", "|---|---|", "[", "](https://x.org/d)", "<b>", "</b>"):
        assert marker in got
    assert not touched(text, "Install it", ("markdown",))
    assert not touched(text, "bold", ("markdown",))
    assert not touched(text, "the docs", ("markdown",))


# ------------------------------------------------------------------------------------------ API


def test_external_kinds_ignored_and_unknown_kind_raises():
    assert find_protected_spans("Paris is nice.", ("entity", "quote")) == []
    with pytest.raises(ValueError, match="Unknown protect kind"):
        find_protected_spans("x", ("nope",))


def test_find_protected_spans_sorted_merged():
    text = MARKDOWN_ANSWER + CHAT + "Costs $3.50 at https://shop.example.com/a (5 km away)."
    spans = find_protected_spans(text)
    assert spans == sorted(spans)
    for a, b in itertools.pairwise(spans):
        assert a.end < b.start
    assert all(s.kind in PROTECT_KINDS for s in spans)


def test_merge_spans():
    spans = [
        Span(5, 8, "number"),
        Span(0, 3, "url"),
        Span(2, 4, "math"),
        Span(8, 9, "email"),
        Span(20, 22, "x"),
    ]
    assert merge_spans(spans) == [Span(0, 4, "url"), Span(5, 9, "number"), Span(20, 22, "x")]
    assert merge_spans([Span(3, 10, "code_block"), Span(3, 5, "number")]) == [Span(3, 10, "code_block")]


def test_mask_tokens():
    spans = [Span(10, 20, "url"), Span(0, 2, "number")]
    tokens = [(0, 1), (2, 5), (8, 10), (9, 11), (19, 21), (20, 25), (15, 15), (20, 20)]
    assert mask_tokens(tokens, spans) == [True, False, False, True, True, False, True, False]
    assert mask_tokens([(0, 3)], []) == [False]


def test_split_blocks_paragraphs_and_code():
    text = "First para line one.\nline two.\n\n\nSecond para.\n```\ncode\n```\nAfter.\n\n$$\nx^2\n$$\nEnd."
    pieces = split_blocks(text)
    assert "".join(text[s:e] for s, e, _ in pieces) == text
    by_text = [(text[s:e], p) for s, e, p in pieces]
    assert by_text == [
        ("First para line one.\nline two.\n\n\n", False),
        ("Second para.\n", False),
        ("```\ncode\n```", True),
        ("\nAfter.\n\n", False),
        ("$$\nx^2\n$$", True),
        ("\nEnd.", False),
    ]


def test_split_blocks_inline_display_math_stays_in_prose_and_kinds_respected():
    text = "We have $$x$$ inline.\n```\ncode\n```"
    assert [p for _, _, p in split_blocks(text)] == [False, True]
    assert split_blocks(text, ("url",)) == [(0, len(text), False)]
    assert split_blocks("") == []


def test_split_blocks_max_chars_cuts_at_sentence_end():
    sentence = "This is a sentence of words. "
    text = sentence * 100
    pieces = split_blocks(text, max_chars=200)
    assert "".join(text[s:e] for s, e, _ in pieces) == text
    assert all(e - s <= 200 for s, e, _ in pieces)
    assert all(text[s:e].endswith(". ") for s, e, _ in pieces[:-1])
    blob = "x" * 1000
    assert [e - s for s, e, _ in split_blocks(blob, max_chars=300)] == [300, 300, 300, 100]
    with pytest.raises(ValueError):
        split_blocks("x", max_chars=0)


# ------------------------------------------------------------------------------------------ properties

ANY_CHAR = st.characters(exclude_categories=())  # includes lone surrogates (as from surrogateescape)
MARKUP_CHARS = st.sampled_from(
    [
        *"ab Z1 \n\n\t`$<>/[](){}#*-_|:;=.,!?&@\\~'\"\r\x07\u200b\ud800âÃ€™©°%",
        *["```", "$$", "\\(", "\\)", "\\begin{x}", "\\end{x}", "http://", "www.", "<!--", "-->", "    "],
    ]
)
TEXTS = st.one_of(st.text(ANY_CHAR, max_size=300), st.lists(MARKUP_CHARS, max_size=120).map("".join))


@settings(max_examples=400, deadline=None)
@given(TEXTS)
def test_find_protected_spans_properties(text):
    spans = find_protected_spans(text)
    prev_end = -1
    for sp in spans:
        assert 0 <= sp.start < sp.end <= len(text)
        assert sp.start > prev_end
        prev_end = sp.end


@settings(max_examples=400, deadline=None)
@given(TEXTS, st.integers(min_value=1, max_value=50))
def test_split_blocks_partition(text, max_chars):
    pieces = split_blocks(text, max_chars=max_chars)
    assert "".join(text[s:e] for s, e, _ in pieces) == text
    pos = 0
    for s, e, protected in pieces:
        assert s == pos and e > s
        if not protected:
            assert e - s <= max_chars
        pos = e


@settings(max_examples=200, deadline=None)
@given(
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 10)), max_size=8),
    st.lists(st.tuples(st.integers(0, 60), st.integers(0, 5)), max_size=20),
)
def test_mask_tokens_matches_brute_force(raw_spans, raw_tokens):
    spans = [Span(s, s + n, "x") for s, n in raw_spans if n > 0]  # empty spans cover nothing
    tokens = [(s, s + n) for s, n in raw_tokens]

    def brute(ts, te):
        if te > ts:
            return any(sp.start < te and ts < sp.end for sp in spans)
        return any(sp.start <= ts < sp.end for sp in spans)

    assert mask_tokens(tokens, spans) == [brute(*t) for t in tokens]


# ------------------------------------------------------------------------------------------ hostile input

HOSTILE = {
    "a": "a" * 10**6,
    "<": "<" * 10**6,
    "$": "$" * 10**6,
    "`": "`" * 10**6,
    "[": "[" * 10**6,
    "{": "{" * 10**6,
    "\\": "\\" * 10**6,
    "newlines": "\n" * 10**6,
    "spaces": " " * 10**6,
    "digits": "1" * 10**6,
    "a.": "a." * 500_000,
    "a@": "a@" * 500_000,
    "<a ": "<a " * 333_333,
    "\\(": "\\(" * 500_000,
    "\\begin{x}": "\\begin{x}" * 100_000,
    "$$a": "$$a" * 333_333,
    "http://": "http://x.com/" + ")" * 10**6,
    "lines": "a;\n" * 333_333,
    "indented": "\n    x\n" * 166_666,
    "markup soup": "<b>[[x|y]]{{t}}**`$1$`** " * 40_000,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_completes(name):
    text = HOSTILE[name]
    t0 = time.perf_counter()
    spans = find_protected_spans(text)
    t1 = time.perf_counter()
    pieces = split_blocks(text)
    t2 = time.perf_counter()
    log.info("%-12s find_protected_spans %.3fs split_blocks %.3fs", name, t1 - t0, t2 - t1)
    assert all(0 <= s.start < s.end <= len(text) for s in spans)
    assert sum(e - s for s, e, _ in pieces) == len(text)
