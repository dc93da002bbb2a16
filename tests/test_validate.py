"""Each validation failure kind, directly and through the pipeline with a fake rewriter (rules fallback)."""

from __future__ import annotations

from collections.abc import Sequence

import pytest

from simplify import LeanerSimplifier
from simplify.chunking import mask_spans
from simplify.genres import get_genre
from simplify.protect import Span
from simplify.validate import FAILURE_KINDS, check_parsed, check_text
from simplify.vocab import get_vocabulary

SOURCE = "Anna went to Paris with her dog. They had a good time there and came back home."
BOOK = get_genre("book")


@pytest.fixture(scope="module")
def nlp():
    from simplify.nlp import load_nlp

    return load_nlp()


def kinds(failures) -> set[str]:
    return {f.kind for f in failures}


@pytest.mark.parametrize(
    ("output", "kind"),
    [
        ("", "empty"),
        ("   \n", "empty"),
        (SOURCE + " " + SOURCE, "length"),
        ("Anna went.", "length"),
        ("Sure! " + SOURCE, "meta"),
        ("Here is the simplified text: " + SOURCE, "meta"),
        ("I'm sorry, but I cannot help with rewriting this text about Anna and her dog in Paris.", "meta"),
        (SOURCE[:-1] + " <document>", "echo"),
    ],
)
def test_text_failures(output: str, kind: str):
    assert kind in kinds(check_text(SOURCE, output, BOOK))
    assert kind in FAILURE_KINDS


def test_identity_passes_text_checks():
    assert check_text(SOURCE, SOURCE, BOOK) == []


def test_meta_words_in_the_source_are_not_held_against_the_output():
    src = "Sure, he said. Here is the text you wanted, and it is long enough to matter."
    assert check_text(src, src, BOOK) == []


def test_placeholders_and_protected_spans():
    src = "Call 555 or see https://x.org now."
    masked = mask_spans(src, [Span(5, 8, "number"), Span(16, 29, "url")])
    assert masked.text == "Call [[P0]] or see [[P1]] now."
    assert check_text(src, src, BOOK, masked, raw=masked.text) == []
    missing = "Call or see [[P1]] now, at once."
    assert "placeholder" in kinds(check_text(src, masked.restore(missing), BOOK, masked, raw=missing))
    extra = "Call [[P0]] [[P0]] or see [[P1]] [[P7]]."
    assert "placeholder" in kinds(check_text(src, masked.restore(extra), BOOK, masked, raw=extra))
    # Placeholders all there but the final text lost a protected span: the byte-exact check catches it.
    bad = "Call 556 or see https://x.org now."
    assert "protected" in kinds(check_text(src, bad, BOOK, masked, raw=masked.text))


def test_coverage_and_names(nlp):
    vocab = get_vocabulary("leaner-2k")
    src = nlp(SOURCE)
    ok, report = check_parsed(src, nlp(SOURCE), BOOK, vocab)
    assert ok == [] and report.coverage is not None
    rare = "Anna perambulated to Paris accompanied by her canine. They experienced a splendid sojourn."
    assert "coverage" in kinds(check_parsed(src, nlp(rare), BOOK, vocab)[0])
    renamed = SOURCE.replace("Paris", "the big city")
    assert "names" in kinds(check_parsed(src, nlp(renamed), BOOK, vocab, names=["Anna", "Paris"])[0])


class Const:
    """A fake model that always answers ``reply``."""

    name = "const"

    def __init__(self, reply: str) -> None:
        self.reply = reply

    def rewrite_batch(self, chunks: Sequence[str], genres: Sequence[str]) -> list[str]:
        return [self.reply for _ in chunks]


@pytest.mark.parametrize(
    ("reply", "kind"),
    [
        ("", "empty"),
        ("Certainly! " + SOURCE, "meta"),
        ("I am sorry, I cannot do that. As an AI I must refuse to rewrite this for you.", "meta"),
        (SOURCE + " Rewritten document:", "echo"),
        ("Ok.", "length"),
        (
            "Anna perambulated to Paris accompanied by her canine. They experienced a splendid sojourn.",
            "coverage",
        ),
        (SOURCE.replace("Anna", "Mary"), "names"),
    ],
)
def test_each_failure_falls_back_to_rules(nlp, reply: str, kind: str):
    r = LeanerSimplifier(Const(reply), nlp=nlp, genre="book")(SOURCE)
    (chunk,) = r.chunks
    assert chunk.backend == "rules" and chunk.fallback
    assert any(x.startswith(kind) for x in chunk.reasons), chunk.reasons
    assert "Anna" in r.text and "Paris" in r.text
