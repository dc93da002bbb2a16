"""Hypothesis strategies for documents of every genre, JSON-lines records and hostile inputs.

Everything is built from small word banks and templates (simplest first), so hypothesis shrinks a failure
to a short, readable document. Formal out-of-list words ("subsequently", "utilize", "numerous") make the
simplifier actually rewrite.

``documents(genre)`` gives a text; ``documents(genre, with_parts=True)`` gives a
:class:`GeneratedDocument` that also lists the protected parts it inserted, ready for the checks::

    from hypothesis import given
    from simplify.testing import check_simplification
    from simplify.testing.strategies import documents

    @given(documents("web", with_parts=True))
    def test_my_step(doc):
        result = my_simplifier(doc.text, genre=doc.genre)
        check_simplification(result, protected=doc.protected, genre=doc.genre)

Importing this module needs ``hypothesis`` (``pip install hypothesis``).
"""

from __future__ import annotations

import json
from collections.abc import Callable, Sequence
from dataclasses import dataclass
from functools import cache
from typing import Any

from simplify.errors import MissingDependencyError

try:
    from hypothesis import strategies as st
except ImportError as exc:  # pragma: no cover - exercised in a subprocess test
    raise MissingDependencyError(
        "hypothesis", "pip install hypothesis", "simplify.testing.strategies (property-based test data)"
    ) from exc

__all__ = [
    "GENRES",
    "GeneratedDocument",
    "Part",
    "code_blocks",
    "dialogue_turns",
    "documents",
    "emails",
    "hostile_texts",
    "inline_code",
    "jsonl_lines",
    "jsonl_records",
    "latex_math",
    "malformed_lines",
    "markdown_documents",
    "named_entities",
    "noise",
    "numbers_with_units",
    "prose_paragraphs",
    "record_lists",
    "sentences",
    "urls",
]

GENRES: tuple[str, ...] = ("book", "conversation", "code", "wiki", "web", "textbook", "instruction", "math")
"""The shipped genres, in the order :func:`documents` samples them."""

# Protected kinds of each shipped genre that generated parts may claim (see genres/*.toml). Entities are
# left out: whether a name is kept depends on the statistical parser recognising it.
_GENRE_PROTECTS: dict[str, frozenset[str]] = {
    "book": frozenset({"url", "email", "number", "speaker_label"}),
    "conversation": frozenset({"url", "email", "number", "speaker_label"}),
    "code": frozenset({"code_block", "inline_code", "url", "email", "number", "math"}),
    "wiki": frozenset({"url", "email", "number", "math"}),
    "web": frozenset({"code_block", "inline_code", "url", "email", "number", "math"}),
    "textbook": frozenset({"code_block", "inline_code", "url", "email", "number", "math"}),
    "instruction": frozenset({"code_block", "inline_code", "url", "email", "number", "math"}),
    "math": frozenset({"code_block", "inline_code", "url", "email", "number", "math", "speaker_label"}),
}


@dataclass(frozen=True)
class Part:
    """One inserted part of a generated document: its ``kind`` (``url``, ``number``, ``code_block``…) and text."""

    kind: str
    text: str


@dataclass(frozen=True)
class GeneratedDocument:
    """A generated document: its ``text``, ``genre`` and the ``parts`` inserted into it.

    ``protected`` lists the texts of the parts the genre keeps byte-exact (to pass to
    :func:`~simplify.testing.checks.check_protected_spans`); ``parts`` has every inserted part, protected or
    not (named entities, noise).
    """

    text: str
    genre: str
    parts: tuple[Part, ...] = ()

    @property
    def protected(self) -> tuple[str, ...]:
        """Texts of the inserted parts that ``genre`` protects."""
        kinds = _GENRE_PROTECTS.get(self.genre, frozenset())
        return tuple(p.text for p in self.parts if p.kind in kinds)


# ------------------------------------------------------------------------------------------ word banks
# Simplest first: sampled_from shrinks towards the first element.

_SUBJECTS = (
    "the man",
    "the children",
    "my grandmother",
    "the committee",
    "the physician",
    "numerous residents",
    "the administrators",
    "a young attorney",
    "the old fisherman",
    "our neighbours",
)
_VERBS = (
    "found",
    "saw",
    "utilized",
    "purchased",
    "obtained",
    "modified",
    "constructed",
    "terminated",
    "examined",
    "comprehended",
    "accomplished",
)
_OBJECTS = (
    "the house",
    "a boat",
    "the regulations",
    "several dwellings",
    "a magnificent vessel",
    "the new automobile",
    "an enormous garden",
    "the ancient bridge",
    "the beverage",
    "their residence",
)
_ADVERBS = ("", "quickly", "subsequently", "consequently", "additionally", "frequently", "immediately")
_PLACES = (
    "",
    "near the river",
    "in the village",
    "before the storm",
    "after the meeting",
    "during the magnificent summer",
    "at the station",
)
_INTRANSITIVE = ("left", "waited", "departed", "resided there", "endeavoured to help", "commenced to sing")
_UTTERANCES = (
    "Hello.",
    "Where are you going?",
    "We must depart immediately.",
    "I will assist you tomorrow.",
    "Did you obtain the tickets?",
    "The physician is not available.",
    "Please inquire at the front desk.",
    "That is a magnificent idea!",
    "Numerous people attended the meeting.",
)
_SPEAKERS = ("Alice", "Bob", "User", "Assistant", "Dr. Smith", "MARY", "Interviewer", "Tom Brown")
_SAY_VERBS = ("said", "asked", "replied", "whispered")
_ENTITIES = (
    "London",
    "Marie Curie",
    "Canada",
    "United Nations",
    "Albert Einstein",
    "Toyota",
    "New York",
    "River Thames",
    "Microsoft",
)
_TOPICS = ("rivers", "fractions", "plants", "the water cycle", "simple machines", "photosynthesis")
_UNITS = (
    "km",
    "kg",
    "m",
    "cm",
    "g",
    "mm",
    "mi",
    "ft",
    "mph",
    "mL",
    "L",
    "kWh",
    "W",
    "Hz",
    "MB",
    "GB",
    "ms",
    "h",
)
_SCHEMES = ("https://", "http://", "www.", "ftp://")
_DOMAINS = ("example.org", "docs.example.com", "en.wikipedia.org", "my-site.net", "shop.example.co.uk")
_PATHS = (
    "",
    "/guide",
    "/wiki/River_Thames",
    "/search?q=leaner&page=2",
    "/a/b.html#top",
    "/files/report_2020.pdf",
)
_EMAIL_LOCALS = ("info", "jane.doe", "support+news", "a_b", "team-7")
_EMAIL_DOMAINS = ("example.com", "mail.example.org", "uni.example.ac.uk")
_INLINE_CODE = (
    "`len(items)`",
    "`pip install hypothesis`",
    "`config.yaml`",
    "`--verbose`",
    "`x = x + 1`",
    "`SELECT * FROM users`",
)
_CODE_LINES: dict[str, tuple[tuple[str, ...], ...]] = {
    "python": (
        ("def add(a, b):", "    return a + b"),
        ("import os", "print(os.getcwd())"),
        ("for i in range(3):", "    print(i)"),
        ("items = [1, 2, 3]", "total = sum(items)"),
    ),
    "javascript": (
        ("const total = items.length;", "console.log(total);"),
        ("function greet(name) {", "  return `Hello ${name}`;", "}"),
        ("let x = 0;", "x += 1;"),
    ),
    "bash": (
        ("$ pip install leaner-simplify",),
        ("$ simplify run in.jsonl -o out.jsonl",),
        ("ls -la | grep txt",),
    ),
    "sql": (
        ("SELECT name, price FROM products", "WHERE price > 10;"),
        ("INSERT INTO users (name) VALUES ('Ann');",),
    ),
}
_MATH_INLINE = (
    "$x^2 + 1$",
    "$a + b = c$",
    "\\(x \\le 3\\)",
    "$\\frac{1}{2}$",
    "$\\sqrt{16} = 4$",
    "\\alpha",
    "$n \\times m$",
)
_MATH_DISPLAY = (
    "$$x = \\frac{-b \\pm \\sqrt{b^2 - 4ac}}{2a}$$",
    "\\[ \\sum_{i=1}^{n} i = \\frac{n(n+1)}{2} \\]",
    "\\begin{align}\na &= b + c \\\\\nd &= e\n\\end{align}",
    "$$E = mc^2$$",
)
_NOISE_INLINE = (
    "<b>",
    "</b>",
    "&amp;",
    "&nbsp;",
    '<span class="note">',
    "</span>",
    "\x00",
    "\u200b",
    "\ufeff",
    "\x1b",
    "!!!",
    "?!?!",
    "itâ€™s",
    "cafÃ©",
)
_BOILERPLATE = (
    "Click here to subscribe to our newsletter.",
    "Share this article",
    "All rights reserved.",
    "Read more",
    "Advertisement",
    "We use cookies to improve your experience.",
)
_HOSTILE_WORDS = (
    "Москва",
    "東京",
    "Αθήνα",
    "नमस्ते",
    "مرحبا بالعالم",
    "שלום",
    "\u202eevil\u202c",
    "\u200fRTL\u200e",
    "e\u0301te\u0301",
    "👩\u200d💻",
    "🇬🇧",
    "\ud800",
    "\udfff",
    "\ud83d",
    "\x00",
    "```python",
    "$x",
    "\\begin{align}",
    "<<<<",
    "((((",
    "[[[[",
    "&#xD800;",
    "\u2028",
    "\x85",
)


def _cap(text: str) -> str:
    return text[:1].upper() + text[1:]


def _join(*words: str) -> str:
    return " ".join(w for w in words if w)


# ------------------------------------------------------------------------------------------- protected


@cache
def urls() -> st.SearchStrategy[str]:
    """URLs: ``https://``, ``http://``, ``ftp://`` or ``www.`` with a domain and an optional path and query."""
    return st.builds(
        lambda s, d, p: s + d + p,
        st.sampled_from(_SCHEMES),
        st.sampled_from(_DOMAINS),
        st.sampled_from(_PATHS),
    )


@cache
def emails() -> st.SearchStrategy[str]:
    """E-mail addresses such as ``jane.doe@mail.example.org``."""
    return st.builds(lambda a, b: f"{a}@{b}", st.sampled_from(_EMAIL_LOCALS), st.sampled_from(_EMAIL_DOMAINS))


@cache
def numbers_with_units() -> st.SearchStrategy[str]:
    """Numbers as they appear in text: with units, percentages, money, decimals, thousands, dates, ranges."""
    small = st.integers(min_value=1, max_value=999)
    return st.one_of(
        st.builds(lambda n, u: f"{n} {u}", small, st.sampled_from(_UNITS)),
        st.builds(lambda n, d, u: f"{n}.{d} {u}", small, st.integers(0, 9), st.sampled_from(_UNITS)),
        st.builds(lambda n: f"{n}%", st.integers(0, 100)),
        st.builds(lambda c, n, d: f"{c}{n}.{d:02d}", st.sampled_from("$€£"), small, st.integers(0, 99)),
        st.builds(lambda n: f"{n:,}", st.integers(1_000, 9_999_999)),
        st.builds(lambda y: str(y), st.integers(1066, 2030)),
        st.builds(
            lambda y, m, d: f"{y}-{m:02d}-{d:02d}",
            st.integers(1900, 2030),
            st.integers(1, 12),
            st.integers(1, 28),
        ),
        st.builds(lambda a, b: f"{a}–{a + b}", st.integers(1900, 2000), st.integers(1, 30)),
        st.builds(lambda h, m: f"{h}:{m:02d}", st.integers(1, 12), st.integers(0, 59)),
        st.builds(lambda n: f"{n}°C", st.integers(-30, 45)),
    )


@cache
def latex_math(*, display: bool | None = False) -> st.SearchStrategy[str]:
    """LaTeX math: inline (``$x^2 + 1$``, ``\\(…\\)``, a command), display (``$$…$$``, ``\\[…\\]``,
    environments) with ``display=True``, or either with ``display=None``."""
    inline = st.one_of(
        st.sampled_from(_MATH_INLINE),
        st.builds(
            lambda v, op, n: f"${v} {op} {n}$",
            st.sampled_from("xyzn"),
            st.sampled_from(["+", "-", "=", "<"]),
            st.integers(0, 99),
        ),
    )
    shown = st.sampled_from(_MATH_DISPLAY)
    if display is None:
        return st.one_of(inline, shown)
    return shown if display else inline


@cache
def inline_code() -> st.SearchStrategy[str]:
    """Inline code in backticks, such as ```len(items)```."""
    return st.sampled_from(_INLINE_CODE)


def code_blocks(languages: Sequence[str] = tuple(_CODE_LINES)) -> st.SearchStrategy[str]:
    """Fenced code blocks (```` ```python ```` … ```` ``` ````) of one to three snippets of a language in ``languages``."""
    return _code_blocks(tuple(languages))


@cache
def _code_blocks(languages: tuple[str, ...]) -> st.SearchStrategy[str]:
    unknown = sorted(set(languages) - set(_CODE_LINES))
    if unknown or not languages:
        raise ValueError(
            f"languages must be a non-empty subset of {sorted(_CODE_LINES)}, got {list(languages)}"
        )

    @st.composite
    def block(draw: st.DrawFn) -> str:
        lang = draw(st.sampled_from(languages))
        snippets = draw(_lists(st.sampled_from(_CODE_LINES[lang]), 1, 3))
        body = "\n".join(line for snippet in snippets for line in snippet)
        return f"```{lang}\n{body}\n```"

    return block()


@cache
def named_entities() -> st.SearchStrategy[str]:
    """Names of people, places and organisations (``London``, ``Marie Curie``, ``United Nations``)."""
    return st.sampled_from(_ENTITIES)


@cache
def noise() -> st.SearchStrategy[str]:
    """Inline noise that cleaning removes or repairs: tags, entities, control and zero-width characters,
    repeated punctuation, mojibake (``itâ€™s``)."""
    return st.sampled_from(_NOISE_INLINE)


@cache
def boilerplate_lines() -> st.SearchStrategy[str]:
    """Web boilerplate lines (``Share this article``, cookie banners, ``All rights reserved.``)."""
    return st.sampled_from(_BOILERPLATE)


# ---------------------------------------------------------------------------------------------- prose

_KIND_STRATEGIES: dict[str, Callable[[], st.SearchStrategy[str]]] = {
    "url": urls,
    "email": emails,
    "number": numbers_with_units,
    "entity": named_entities,
    "inline_code": inline_code,
    "math": latex_math,
}


@cache
def _plain_sentence() -> st.SearchStrategy[str]:
    simple = st.builds(
        lambda s, a, v, o, p: _cap(_join(s, a, v, o, p)) + ".",
        st.sampled_from(_SUBJECTS),
        st.sampled_from(_ADVERBS),
        st.sampled_from(_VERBS),
        st.sampled_from(_OBJECTS),
        st.sampled_from(_PLACES),
    )
    intransitive = st.builds(
        lambda s, a, v, p: _cap(_join(s, a, v, p)) + ".",
        st.sampled_from(_SUBJECTS),
        st.sampled_from(_ADVERBS),
        st.sampled_from(_INTRANSITIVE),
        st.sampled_from(_PLACES),
    )
    relative = st.builds(
        lambda s, v1, o1, v2, o2, p: _cap(f"{s}, who {v1} {o1}, {v2} {o2} {p}".strip()) + ".",
        st.sampled_from(_SUBJECTS),
        st.sampled_from(_VERBS),
        st.sampled_from(_OBJECTS),
        st.sampled_from(_VERBS),
        st.sampled_from(_OBJECTS),
        st.sampled_from(_PLACES),
    )
    coordinated = st.builds(
        lambda s1, v1, o1, p, c, s2, a, v2, o2: (
            _cap(f"{_join(s1, v1, o1, p)}, {c} {_join(s2, a, v2, o2)}") + "."
        ),
        st.sampled_from(_SUBJECTS),
        st.sampled_from(_VERBS),
        st.sampled_from(_OBJECTS),
        st.sampled_from(_PLACES),
        st.sampled_from(["and", "but", "so"]),
        st.sampled_from(_SUBJECTS),
        st.sampled_from(_ADVERBS),
        st.sampled_from(_VERBS),
        st.sampled_from(_OBJECTS),
    )
    return st.one_of(simple, intransitive, relative, coordinated)


@cache
def _sentence_with(kind: str) -> st.SearchStrategy[tuple[str, Part]]:
    """A sentence carrying one part of ``kind``, and the part."""
    templates = {
        "url": ("More details are at {x} for everyone.", "{S} {v} {o} and described it at {x} later."),
        "email": ("Please write to {x} if you need help.", "{S} {v} {o} and wrote to {x} about it."),
        "number": ("{S} {v} {x} of land {p}.", "The journey took {x} and {s} {v} {o}."),
        "entity": ("{S} {v} {o} in {x}.", "{x} subsequently utilized {o} {p}."),
        "inline_code": ("Call {x} to see the numerous items.", "{S} {v} {o} with {x} yesterday."),
        "math": ("We subsequently obtain {x} from the rule.", "{S} showed that {x} holds."),
    }[kind]
    return st.builds(
        lambda t, x, s, v, o, p: (
            _cap(t.format(x=x, S=_cap(s), s=s, v=v, o=o, p=p).replace(" .", ".")),
            Part(kind, x),
        ),
        st.sampled_from(templates),
        _KIND_STRATEGIES[kind](),
        st.sampled_from(_SUBJECTS),
        st.sampled_from(_VERBS),
        st.sampled_from(_OBJECTS),
        st.sampled_from(_PLACES),
    )


@cache
def _lists(strategy: st.SearchStrategy[Any], min_size: int, max_size: int) -> st.SearchStrategy[list[Any]]:
    return st.lists(strategy, min_size=min_size, max_size=max_size)


def sentences(kinds: Sequence[str] = ()) -> st.SearchStrategy[str]:
    """One prose sentence; with ``kinds`` (``url``, ``email``, ``number``, ``entity``, ``inline_code``,
    ``math``) it may carry a part of one of those kinds."""
    return _sentences_with_parts(_check_kinds(kinds)).map(lambda sp: sp[0])


def _check_kinds(kinds: Sequence[str]) -> tuple[str, ...]:
    unknown = sorted(set(kinds) - set(_KIND_STRATEGIES))
    if unknown:
        raise ValueError(f"kinds must be a subset of {sorted(_KIND_STRATEGIES)}, got unknown {unknown}")
    return tuple(kinds)


@cache
def _sentences_with_parts(kinds: tuple[str, ...] = ()) -> st.SearchStrategy[tuple[str, tuple[Part, ...]]]:
    plain = _plain_sentence().map(lambda s: (s, ()))
    if not kinds:
        return plain
    return st.one_of(plain, *(_sentence_with(k).map(lambda sp: (sp[0], (sp[1],))) for k in kinds))


@cache
@st.composite
def _paragraph(
    draw: st.DrawFn, kinds: Sequence[str], min_sentences: int, max_sentences: int, with_noise: bool
) -> tuple[str, tuple[Part, ...]]:
    items = draw(_lists(_sentences_with_parts(kinds), min_sentences, max_sentences))
    words: list[str] = []
    parts: list[Part] = []
    for n, (sentence, sp) in enumerate(items):
        words.append(sentence)
        parts.extend(sp)
        if with_noise and n < len(items) - 1 and draw(st.booleans()):
            words.append(draw(noise()))
    return " ".join(words), tuple(parts)


def prose_paragraphs(
    *,
    kinds: Sequence[str] = ("url", "email", "number", "entity"),
    min_sentences: int = 1,
    max_sentences: int = 4,
) -> st.SearchStrategy[str]:
    """A paragraph of one to four sentences, some carrying parts of ``kinds``."""
    return _paragraph(_check_kinds(kinds), min_sentences, max_sentences, False).map(lambda p: p[0])


def dialogue_turns(
    *, speakers: Sequence[str] = _SPEAKERS, min_turns: int = 1, max_turns: int = 6
) -> st.SearchStrategy[str]:
    """Dialogue lines ``Speaker: utterance``, one turn a line."""
    return _dialogue(tuple(speakers), min_turns, max_turns, ()).map(lambda d: d[0])


@cache
@st.composite
def _dialogue(
    draw: st.DrawFn, speakers: Sequence[str], min_turns: int, max_turns: int, kinds: Sequence[str]
) -> tuple[str, tuple[Part, ...]]:
    n = draw(st.integers(min_turns, max_turns))
    lines: list[str] = []
    parts: list[Part] = []
    for _ in range(n):
        who = draw(st.sampled_from(speakers))
        if kinds and draw(st.booleans()):
            said, sp = draw(_sentences_with_parts(kinds))
            parts.extend(sp)
        else:
            said = draw(st.sampled_from(_UTTERANCES))
        lines.append(f"{who}: {said}")
        parts.append(Part("speaker_label", f"{who}:"))
    return "\n".join(lines), tuple(parts)


@cache
@st.composite
def _markdown(
    draw: st.DrawFn, kinds: Sequence[str], numbered: bool | None = None
) -> tuple[str, tuple[Part, ...]]:
    topic = draw(st.sampled_from(_TOPICS))
    level = draw(st.sampled_from(("#", "##", "###")))
    blocks = [f"{level} {_cap(topic)}"]
    parts: list[Part] = []
    para, sp = draw(_paragraph(kinds, 1, 3, False))
    blocks.append(para)
    parts.extend(sp)
    items = draw(_lists(_sentences_with_parts(kinds), 1, 4))
    ordered = draw(st.booleans()) if numbered is None else numbered
    marker = draw(st.sampled_from(("-", "*", "+")))
    lines = []
    for n, (sentence, sp) in enumerate(items, 1):
        lines.append(f"{n}. {sentence}" if ordered else f"{marker} {sentence}")
        parts.extend(sp)
    blocks.append("\n".join(lines))
    return "\n\n".join(blocks), tuple(parts)


def markdown_documents(*, kinds: Sequence[str] = ("url", "number", "inline_code")) -> st.SearchStrategy[str]:
    """Markdown: a heading, a paragraph and a bulleted or numbered list."""
    return _markdown(_check_kinds(kinds)).map(lambda d: d[0])


# ------------------------------------------------------------------------------------------- genres


@st.composite
def _book(draw: st.DrawFn) -> tuple[str, tuple[Part, ...]]:
    paras: list[str] = []
    parts: list[Part] = []
    for _ in range(draw(st.integers(1, 3))):
        if draw(st.booleans()):
            line = draw(st.sampled_from(_UTTERANCES))
            who = draw(st.sampled_from(("Alice", "the physician", "my grandmother", "Tom")))
            verb = draw(st.sampled_from(_SAY_VERBS))
            para = f"“{line[:-1]},” {who} {verb}." if line.endswith(".") else f"“{line}” {who} {verb}."
            rest, sp = draw(_paragraph(("number", "entity"), 0, 2, False))
            paras.append(_join(para, rest))
            parts.extend(sp)
        else:
            para, sp = draw(_paragraph(("number", "entity", "url"), 1, 4, True))
            paras.append(para)
            parts.extend(sp)
    if draw(st.booleans()):
        play, sp = draw(_dialogue(("HAMLET", "OPHELIA", "Alice"), 1, 3, ()))
        paras.append(play)
        parts.extend(sp)
    return "\n\n".join(paras), tuple(parts)


@st.composite
def _conversation(draw: st.DrawFn) -> tuple[str, tuple[Part, ...]]:
    return draw(_dialogue(_SPEAKERS, 1, 6, ("number", "url", "email", "entity")))


@st.composite
def _code(draw: st.DrawFn) -> tuple[str, tuple[Part, ...]]:
    blocks: list[str] = []
    parts: list[Part] = []
    for _ in range(draw(st.integers(1, 3))):
        para, sp = draw(_paragraph(("inline_code", "url", "number"), 1, 2, False))
        blocks.append(para)
        parts.extend(sp)
        if draw(st.booleans()):
            code = draw(code_blocks())
            blocks.append(code)
            parts.append(Part("code_block", code))
    return "\n\n".join(blocks), tuple(parts)


@st.composite
def _wiki(draw: st.DrawFn) -> tuple[str, tuple[Part, ...]]:
    title = draw(named_entities())
    year = draw(st.integers(1066, 2000))
    kind = draw(st.sampled_from(("a city", "a river", "a company", "an organisation", "a scientist")))
    lead = f"{title} (founded {year}) is {kind} that numerous residents frequently utilize."
    parts: list[Part] = [Part("entity", title), Part("number", str(year))]
    paras = [title, lead]
    for _ in range(draw(st.integers(0, 2))):
        para, sp = draw(_paragraph(("number", "entity", "url"), 1, 3, True))
        paras.append(para)
        parts.extend(sp)
    if draw(st.booleans()):
        paras.append(draw(boilerplate_lines()))
    return "\n\n".join(paras), tuple(parts)


@st.composite
def _web(draw: st.DrawFn) -> tuple[str, tuple[Part, ...]]:
    blocks: list[str] = []
    parts: list[Part] = []
    for _ in range(draw(st.integers(1, 3))):
        choice = draw(st.integers(0, 3))
        if choice == 3:
            md, sp = draw(_markdown(("url", "email", "number")))
            blocks.append(md)
            parts.extend(sp)
        elif choice == 2:
            blocks.append(draw(boilerplate_lines()))
        else:
            para, sp = draw(_paragraph(("url", "email", "number", "entity"), 1, 3, True))
            blocks.append(para)
            parts.extend(sp)
    return "\n\n".join(blocks), tuple(parts)


@st.composite
def _textbook(draw: st.DrawFn) -> tuple[str, tuple[Part, ...]]:
    lesson = draw(st.integers(1, 12))
    topic = draw(st.sampled_from(_TOPICS))
    blocks = [f"# Lesson {lesson}: {_cap(topic)}"]
    parts: list[Part] = []
    intro, sp = draw(_paragraph(("number", "math", "entity"), 1, 3, False))
    blocks.append(f"In this lesson we will learn about {topic}. {intro}")
    parts.extend(sp)
    md, sp = draw(_markdown(("number", "math"), None))
    blocks.append(md.replace("# ", "## ", 1) if md.startswith("# ") else md)
    parts.extend(sp)
    if draw(st.booleans()):
        shown = draw(latex_math(display=True))
        blocks.append(shown)
        parts.append(Part("math", shown))
    return "\n\n".join(blocks), tuple(parts)


@st.composite
def _instruction(draw: st.DrawFn) -> tuple[str, tuple[Part, ...]]:
    task = draw(st.sampled_from(("bake bread", "install the tool", "plant a tree", "clean the bicycle")))
    blocks = [f"## How to {task}"]
    parts: list[Part] = []
    steps = draw(_lists(_sentences_with_parts(("number", "inline_code", "url")), 1, 5))
    lines = []
    for n, (sentence, sp) in enumerate(steps, 1):
        lines.append(f"{n}. {sentence}")
        parts.extend(sp)
    blocks.append("\n".join(lines))
    if draw(st.booleans()):
        code = draw(_code_blocks(("bash",)))
        blocks.append(code)
        parts.append(Part("code_block", code))
    return "\n\n".join(blocks), tuple(parts)


@st.composite
def _math(draw: st.DrawFn) -> tuple[str, tuple[Part, ...]]:
    a, b = draw(st.integers(2, 99)), draw(st.integers(2, 12))
    unit = draw(st.sampled_from(["km", "kg", "L"]))
    problem = draw(
        st.sampled_from(
            [
                f"A train travels {a} {unit} in {b} h. What is its average speed?",
                f"Simplify $\\frac{{{a}}}{{{b}}}$ and compute the remainder when {a} is divided by {b}.",
                f"If $x + {b} = {a}$, what is the value of $x$?",
            ]
        )
    )
    hints = draw(_lists(latex_math(display=None), 0, 2))
    parts = [Part("number", str(a))]
    return "\n".join([problem, *hints]), tuple(parts) + tuple(Part("math", h) for h in hints)


_GENRE_BUILDERS: dict[str, Callable[[], st.SearchStrategy[tuple[str, tuple[Part, ...]]]]] = {
    "book": _book,
    "conversation": _conversation,
    "code": _code,
    "wiki": _wiki,
    "web": _web,
    "textbook": _textbook,
    "instruction": _instruction,
    "math": _math,
}


@cache
def documents(genre: str | None = None, *, with_parts: bool = False) -> st.SearchStrategy[Any]:
    """Documents of ``genre`` (one of :data:`GENRES`), or of any genre when ``genre`` is ``None``.

    Gives the text, or with ``with_parts=True`` a :class:`GeneratedDocument` (text, genre, inserted parts).
    Documents are a few sentences to a few paragraphs long.
    """
    if genre is None:
        return st.sampled_from(GENRES).flatmap(lambda g: documents(g, with_parts=with_parts))
    if genre not in _GENRE_BUILDERS:
        raise ValueError(f"genre must be one of {list(GENRES)} or None, got {genre!r}")
    built = _GENRE_BUILDERS[genre]().map(lambda tp: GeneratedDocument(tp[0], genre, tp[1]))
    return built if with_parts else built.map(lambda d: d.text)


# ------------------------------------------------------------------------------------------ hostile


def hostile_texts(*, max_token: int = 3000) -> st.SearchStrategy[str]:
    """Inputs meant to break things: very long tokens, mixed scripts, right-to-left and bidi controls,
    lone surrogates, combining marks, emoji sequences, unbalanced fences/math/brackets, and raw unicode."""
    long_token = st.builds(
        lambda c, n, pre: pre + c * n,
        st.sampled_from(["a", "x", "1", ".", "-", "€", "字", " ", "\n"]),
        st.integers(100, max_token),
        st.sampled_from(["", "https://example.org/", "subsequently", "$", "`"]),
    )
    pieces = st.one_of(
        st.sampled_from(_HOSTILE_WORDS),
        _plain_sentence(),
        long_token,
        st.text(max_size=30),
    )
    return st.builds(
        lambda sep, ps: sep.join(ps), st.sampled_from((" ", "\n", "", "\n\n")), _lists(pieces, 1, 6)
    )


# ---------------------------------------------------------------------------------------- JSON lines

_EXTRA_FIELDS = {
    "source": st.sampled_from(["crawl-2024", "books/1.jsonl", "forum"]),
    "lang": st.just("en"),
    "score": st.floats(min_value=0, max_value=1, allow_nan=False),
    "meta": st.fixed_dictionaries(
        {"url": urls(), "tags": st.lists(st.sampled_from(["a", "b", "c"]), max_size=3)}
    ),
    "ünïcode key": st.text(max_size=5),
}


@cache
def _ids() -> st.SearchStrategy[Any]:
    return st.one_of(st.integers(0, 10**6), st.integers(0, 999).map(lambda n: f"doc-{n}"))


def jsonl_records(
    text_strategy: st.SearchStrategy[str] | None = None,
    *,
    extra_fields: bool = True,
    id_field: str = "id",
    text_field: str = "text",
    with_genre: bool = True,
) -> st.SearchStrategy[dict[str, Any]]:
    """One record: ``id``, ``text`` (from ``text_strategy``, default :func:`documents`), maybe a ``genre``
    and, with ``extra_fields``, other fields a pipeline must carry through (``source``, ``meta``, …)."""

    @st.composite
    def record(draw: st.DrawFn) -> dict[str, Any]:
        if text_strategy is None:
            doc = draw(documents(with_parts=True))
            text, genre = doc.text, doc.genre
        else:
            text, genre = draw(text_strategy), None
        rec: dict[str, Any] = {id_field: draw(_ids()), text_field: text}
        if with_genre and genre is not None and draw(st.booleans()):
            rec["genre"] = genre
        if extra_fields:
            for name in draw(st.lists(st.sampled_from(sorted(_EXTRA_FIELDS)), unique=True, max_size=3)):
                rec[name] = draw(_EXTRA_FIELDS[name])
        return rec

    return record()


def record_lists(
    record_strategy: st.SearchStrategy[dict[str, Any]] | None = None,
    *,
    id_field: str = "id",
    min_size: int = 0,
    max_size: int = 8,
) -> st.SearchStrategy[list[dict[str, Any]]]:
    """Lists of records with unique ids (default records: :func:`jsonl_records`)."""
    records = record_strategy if record_strategy is not None else jsonl_records(id_field=id_field)
    return st.lists(
        records, min_size=min_size, max_size=max_size, unique_by=lambda r: json.dumps(r.get(id_field))
    )


def malformed_lines(*, id_field: str = "id", text_field: str = "text") -> st.SearchStrategy[str]:
    """JSON-lines lines that are not usable records: not JSON, not an object, no text, a non-string text,
    blank. Those that are objects carry an ``id`` (so an errors file can name them)."""
    with_id = st.builds(
        lambda i, body: json.dumps({id_field: i, **body}),
        _ids(),
        st.sampled_from([{}, {text_field: None}, {text_field: 42}, {text_field: ["a"]}, {"txt": "typo"}]),
    )
    return st.one_of(
        st.sampled_from(
            ["{not json", "[1, 2]", '"just a string"', "", "   ", "null", "{'single': 'quotes'}"]
        ),
        with_id,
    )


def jsonl_lines(
    record_strategy: st.SearchStrategy[dict[str, Any]] | None = None,
    *,
    malformed: bool = True,
    id_field: str = "id",
    max_size: int = 8,
) -> st.SearchStrategy[list[str]]:
    """Lines of a JSON-lines file: records with unique ids and, with ``malformed``, bad lines among them.

    Malformed lines that carry an id get ids distinct from the records' ids.
    """

    @st.composite
    def lines(draw: st.DrawFn) -> list[str]:
        records = draw(record_lists(record_strategy, id_field=id_field, max_size=max_size))
        out = [json.dumps(r, ensure_ascii=False) for r in records]
        if malformed:
            seen = {json.dumps(r.get(id_field)) for r in records}
            for line in draw(st.lists(malformed_lines(id_field=id_field), max_size=3)):
                try:
                    obj = json.loads(line)
                except ValueError:
                    obj = None
                if isinstance(obj, dict):
                    key = json.dumps(obj.get(id_field))
                    if key in seen:
                        continue
                    seen.add(key)
                out.insert(draw(st.integers(0, len(out))), line)
        return out

    return lines()
