"""Cleaning: each operation on realistic snippets, the replacement invariants, and properties."""

from __future__ import annotations

import itertools
import logging
import re
import time

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simplify.cleaning import CLEAN_OPERATIONS, CleanResult, Replacement, clean_text
from simplify.protect import Span, find_protected_spans

log = logging.getLogger(__name__)

CONTROL_RE = re.compile("[\x00-\x08\x0b\x0c\x0e-\x1f\x7f-\x9f\u200b-\u200d\u2060\ufeff\ud800-\udfff\r]")


def apply(original: str, replacements) -> str:
    parts, pos = [], 0
    for r in replacements:
        assert pos <= r.start <= r.end <= len(original)
        parts += [original[pos : r.start], r.text]
        pos = r.end
    return "".join(parts) + original[pos:]


def check(result: CleanResult) -> CleanResult:
    assert apply(result.original, result.replacements) == result.text
    for r in result.replacements:
        assert r.reason.split(":")[0] in CLEAN_OPERATIONS
        assert result.original[r.start : r.end] != r.text
    return result


def clean(text: str, ops=CLEAN_OPERATIONS, **kw) -> str:
    return check(clean_text(text, ops, **kw)).text


def shifted(result: CleanResult, start: int, end: int) -> tuple[int, int]:
    """Where an untouched original span ``[start, end)`` lies in the cleaned text."""
    delta = sum(len(r.text) - (r.end - r.start) for r in result.replacements if r.end <= start)
    return start + delta, end + delta


# ------------------------------------------------------------------------------------------ control


def test_control_characters_zero_width_surrogates_and_newlines():
    text = "Bell\x07 here\r\nnext\rline\u200b and\ufeff BOM \ud800x\x85."
    res = check(clean_text(text, ("control",)))
    assert res.text == "Bell here\nnext\nline and BOM x."
    reasons = [r.reason for r in res.replacements]
    assert "control: U+0007" in reasons
    assert "control: CRLF → LF" in reasons
    assert "control: CR → LF" in reasons
    assert "control: zero-width U+200B" in reasons
    assert "control: lone surrogate U+D800" in reasons


def test_tabs_and_newlines_survive_control():
    assert clean("a\tb\nc", ("control",)) == "a\tb\nc"


# ------------------------------------------------------------------------------------------ encoding


@pytest.mark.parametrize(
    ("bad", "good"),
    [
        ("It’s", "It’s"),
        ("It\u00e2\u20ac\u2122s", "It’s"),
        ("â€œQuoteâ€\x9d", "“Quote”"),
        ("a â€” b", "a — b"),
        ("a â€“ b", "a – b"),
        ("cafÃ©", "café"),
        ("Â© 2020", "© 2020"),
        ("price:Â 5", "price: 5"),
        ("naÃ¯ve rÃ©sumÃ©", "naïve résumé"),
        ("â€œendâ€ ", "“end” "),
        ("Ã¢â‚¬â„¢", "’"),  # encoded twice
    ],
)
def test_mojibake(bad, good):
    assert clean(bad, ("encoding",)) == good


def test_real_accents_are_left_alone():
    text = "Café, naïve, Ærøskøbing, São Paulo, Müller, ½ and ©."
    assert clean(text, ("encoding",)) == text


def test_html_entities():
    assert clean("Tom &amp; Jerry &quot;hi&quot; it&#39;s&nbsp;here &#x2014; &bogus;", ("encoding",)) == (
        'Tom & Jerry "hi" it\'s here — &bogus;'
    )


# ------------------------------------------------------------------------------------------ markup


def test_html_tags_removed_block_tags_become_newlines():
    text = (
        '<div class="post"><p>Hello <b>world</b>.<br/>Bye</p></div>'
        "<!-- tracking --><script>var x = 1;</script>"
    )
    assert clean(text, ("markup",)) == "\n\nHello world.\nBye\n\n"


def test_placeholders_and_comparisons_are_not_tags():
    text = "Replace <username> with yours; if a < b and c > d, stop."
    assert clean(text, ("markup",)) == text


WIKI = """'''Paris''' is the [[capital city|capital]] of [[France]].{{citation needed}}
== History ==[edit]
{{Infobox city
| name = {{lang|fr|Paris}}
| population = 2,102,650
}}
[[File:Paris.jpg|thumb|The city]]
[[Category:Capitals in Europe]]
"""


def test_wiki_markup():
    out = clean(WIKI, ("markup",))
    assert out.startswith("'''Paris''' is the capital of France.\n== History ==\n")
    assert "{{" not in out and "[[" not in out and "Infobox" not in out and "Category" not in out


# ------------------------------------------------------------------------------------------ boilerplate

WEB_PAGE = """Skip to content
Home About Contact
How to Grow Tomatoes
Posted by Jane Smith on March 3, 2021
Tomatoes need sun and water. Plant them in spring.
Advertisement
They grow best in warm soil.
Read more
Share this:
Facebook Twitter Pinterest Email
Click here to subscribe.
Sign up for our newsletter
Tag Archives: gardening
We use cookies to improve your experience. By using this site you accept our cookie policy.
https://a.example.com/x https://b.example.com/y
Previous post: How to Grow Beans
Copyright © 2021 Garden Co. All rights reserved.
"""


def test_boilerplate_lines_removed():
    res = check(clean_text(WEB_PAGE, ("boilerplate",)))
    assert res.text == (
        "Home About Contact\n"
        "How to Grow Tomatoes\n"
        "Tomatoes need sun and water. Plant them in spring.\n"
        "They grow best in warm soil.\n"
        "https://a.example.com/x https://b.example.com/y\n"  # URLs are protected, so a URL-list line stays
    )
    assert all(r.reason.startswith("boilerplate: ") and r.text == "" for r in res.replacements)


def test_boilerplate_is_conservative():
    prose = (
        "Share prices fell sharply today.\n"
        "I baked cookies with my grandmother.\n"
        "Next, add the flour.\n"
        "Copyright law protects authors.\n"
        "See https://example.com/page for details.\n"
    )
    assert clean(prose, ("boilerplate",)) == prose


# ------------------------------------------------------------------------------------------ punctuation


def test_repeated_punctuation():
    text = "Wow!!! Really??? What?!?! Wait..... ok,, fine;; so----there"
    assert clean(text, ("repeated_punct",)) == "Wow! Really? What? Wait... ok, fine; so—there"


def test_repeated_punctuation_keeps_rules_and_ellipsis():
    text = "Title\n-----\nText... and more.\n----\n| a | b |\n|------|---|\n"
    assert clean(text, ("repeated_punct",)) == text


# ------------------------------------------------------------------------------------------ whitespace


def test_whitespace():
    text = "Hello    world  \t!  \n    indented  code-ish line\n\n\n\n\nEnd\t\t \n"
    assert clean(text, ("whitespace",)) == "Hello world !\n    indented code-ish line\n\nEnd\n"


def test_whitespace_after_tag_removal_is_collapsed():
    assert clean("a <span>  </span> b <br>", ("markup", "whitespace")) == "a b\n"


# ------------------------------------------------------------------------------------------ protection

MARKDOWN = """Install it:

```python
x  =  1   # spaces kept
print("wow!!!")  \x07
```

Then run `a  =  b!!!` and see $x  +  y$ at https://ex.com/a??b,, ok!!!
"""


def test_code_math_urls_never_touched():
    res = check(clean_text(MARKDOWN))
    for keep in (
        'x  =  1   # spaces kept\nprint("wow!!!")  \x07',
        "`a  =  b!!!`",
        "$x  +  y$",
        "https://ex.com/a??b",
    ):
        assert keep in res.text
    assert res.text.endswith("ok!\n")


def test_caller_protected_spans_are_kept_byte_exact():
    text = "Keep  THIS!!!  <b>x</b>\x07 but  clean   this!!!"
    i = text.index("THIS")
    res = check(clean_text(text, protected=[Span(i, i + 7, "entity")]))
    assert "THIS!!!" in res.text
    assert res.text.endswith("but clean this!")


def test_to_original_maps_back():
    text = "a  <b>bold</b>  c\r\nd"
    res = check(clean_text(text))
    assert res.text == "a bold c\nd"
    for word in ("a", "bold", "c", "d"):
        i = res.text.index(word)
        j = res.to_original(i)
        assert text[j : j + len(word)] == word
    assert res.to_original(0) == 0
    assert res.to_original(len(res.text)) == len(text)
    with pytest.raises(ValueError):
        res.to_original(len(res.text) + 1)


def test_unknown_operation_and_empty_input():
    with pytest.raises(ValueError, match="Unknown clean operation"):
        clean_text("x", ("bogus",))
    assert clean_text("", CLEAN_OPERATIONS) == CleanResult("", "", ())
    res = clean_text("unchanged text.", ())
    assert res.text == "unchanged text." and res.replacements == () and not res.changed


def test_replacement_is_frozen():
    r = Replacement(0, 1, "", "control: U+0007")
    with pytest.raises(AttributeError):
        r.text = "x"  # type: ignore[misc]


# ------------------------------------------------------------------------------------------ properties

ANY_CHAR = st.characters(exclude_categories=())  # includes lone surrogates (as from surrogateescape)
PIECES = st.sampled_from(
    [
        *"ab Z1 \n\t`$<>/[](){}#*-_|:;=.,!?&@\\~'\"\r\x07\x85\u200b\ufeff\ud800\xa0",
        *[
            "â€™",
            "Ã©",
            "Â ",
            "&amp;",
            "&nbsp;",
            "&#7;",
            "<b>",
            "</p>",
            "<br>",
            "<!--",
            "-->",
            "{{",
            "}}",
            "[[",
            "]]",
        ],
        *[
            "|",
            "```",
            "$$",
            "    ",
            "!!!",
            "....",
            "----",
            "Share this:",
            "Read more",
            "http://x.co/a ",
            "x = 1;",
        ],
    ]
)
TEXTS = st.one_of(st.text(ANY_CHAR, max_size=200), st.lists(PIECES, max_size=60).map("".join))


@st.composite
def text_and_spans(draw):
    text = draw(TEXTS)
    n = len(text)
    spans = []
    for _ in range(draw(st.integers(0, 3))):
        s = draw(st.integers(0, n))
        e = draw(st.integers(s, n))
        spans.append(Span(s, e, "entity"))
    return text, spans


@settings(max_examples=500, deadline=None)
@given(text_and_spans(), st.sets(st.sampled_from(CLEAN_OPERATIONS)))
def test_clean_text_properties(case, ops):
    text, spans = case
    res = check(clean_text(text, ops, protected=spans))
    assert res.original == text
    # sorted, non-overlapping
    for a, b in itertools.pairwise(res.replacements):
        assert a.end <= b.start
    # protected spans untouched and found at their shifted place
    for sp in spans:
        if sp.end == sp.start:
            continue  # an empty span protects nothing
        assert not any(r.start < sp.end and sp.start < r.end for r in res.replacements)
        s, e = shifted(res, sp.start, sp.end)
        assert res.text[s:e] == text[sp.start : sp.end]
    # to_original: in range and monotonic
    mapped = [res.to_original(i) for i in range(len(res.text) + 1)]
    assert mapped[0] >= 0 and mapped[-1] == len(text)
    assert all(a <= b for a, b in itertools.pairwise(mapped))


def assert_controls_removed(text: str, res: CleanResult) -> None:
    """Every control character outside auto-protected code/math/URLs lies inside some replacement."""
    protected = [
        (s.start, s.end) for s in find_protected_spans(text, ("code_block", "inline_code", "url", "math"))
    ]
    replaced = [(r.start, r.end) for r in res.replacements]
    for m in CONTROL_RE.finditer(text):
        i = m.start()
        if not any(s <= i < e for s, e in protected):
            assert any(s <= i < e for s, e in replaced), (text, i)


@settings(max_examples=500, deadline=None)
@given(TEXTS)
def test_control_and_whitespace_idempotent_and_no_controls_left(text):
    ops = ("control", "whitespace")
    once = clean_text(text, ops)
    assert clean_text(once.text, ops).text == once.text
    assert_controls_removed(text, once)


@settings(max_examples=300, deadline=None)
@given(TEXTS)
def test_clean_without_markup_leaves_no_controls(text):
    ops = ("boilerplate", "control", "encoding", "repeated_punct", "whitespace")
    assert_controls_removed(text, check(clean_text(text, ops)))


# ------------------------------------------------------------------------------------------ hostile input

HOSTILE = {
    "a": "a" * 10**6,
    "<": "<" * 10**6,
    "$": "$" * 10**6,
    "`": "`" * 10**6,
    "&": "&" * 10**6,
    "!": "!" * 10**6,
    "-": "-" * 10**6,
    "{": "{" * 10**6,
    "[": "[" * 10**6,
    "spaces": " " * 10**6,
    "newlines": "\n" * 10**6,
    "nul": "\x00" * 10**6,
    "surrogates": "\ud800" * 10**6,
    "mojibake": "Ã©" * 500_000,
    "<b>": "<b>" * 333_333,
    "<a ": "<a " * 333_333,
    "<!--": "<!--" * 250_000,
    "{{": "{{a" * 333_333,
    "[[": "[[a|" * 250_000,
    "lines": "Share this:\n" * 83_333,
    "space-newline": " \n" * 500_000,
    "markup soup": "<p>x &amp; [[a|b]] {{t}} ``$1$`` !!! </p>  \r\n" * 25_000,
}


@pytest.mark.parametrize("name", list(HOSTILE))
def test_hostile_input_completes(name):
    text = HOSTILE[name]
    t0 = time.perf_counter()
    res = clean_text(text)
    log.info(
        "%-14s clean_text %.3fs (%d replacements)", name, time.perf_counter() - t0, len(res.replacements)
    )
    assert len(res.replacements) <= len(text)
