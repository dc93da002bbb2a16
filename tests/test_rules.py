"""The rule rewriter on hand-built Docs: no trained model involved, so each rule is tested on its own."""

from __future__ import annotations

from dataclasses import replace

import pytest
import spacy
from spacy.tokens import Doc

from simplify.genres import get_genre
from simplify.lexicon import SubstitutionLexicon
from simplify.rewriters.rules import RuleRewriter
from simplify.vocab import Vocabulary

WORDS = [
    "the",
    "a",
    "an",
    "he",
    "she",
    "it",
    "they",
    "came",
    "come",
    "home",
    "and",
    "but",
    "cook",
    "cooked",
    "dinner",
    "dog",
    "be",
    "was",
    "is",
    "were",
    "bark",
    "barked",
    "at",
    "city",
    "big",
    "red",
    "car",
    "buy",
    "bought",
    "which",
    "who",
    "use",
    "used",
    "rule",
    "rules",
    "people",
    "by",
    "later",
    "then",
    "very",
    "country",
    "capital",
    "of",
    "in",
    "go",
    "went",
    "old",
    "man",
    "live",
    "lived",
    "there",
    "happy",
]


EN_VOCAB = spacy.blank("en").vocab  # English lexeme attributes (is_alpha, like_num) without a trained model


@pytest.fixture(scope="module")
def rewriter() -> RuleRewriter:
    vocab = Vocabulary.from_words(WORDS, name="test")
    lexicon = SubstitutionLexicon(
        {
            ("utilize", "VERB"): ("use",),
            ("regulation", "NOUN"): ("law", "rule"),
            ("subsequently", "ADV"): ("later",),
            ("elephant", "NOUN"): ("old man",),
            ("automobile", "NOUN"): ("car",),
        }
    )
    return RuleRewriter(vocab, lexicon)


def make_doc(words, heads, deps, pos, tags=None, lemmas=None, spaces=None, ents=None) -> Doc:
    tags = tags or [""] * len(words)
    lemmas = lemmas or [w.lower() for w in words]
    if spaces is None:  # a space after each word unless punctuation follows; none at the end
        spaces = [i + 1 < len(words) and words[i + 1] not in {".", ","} for i in range(len(words))]
    return Doc(
        EN_VOCAB,
        words=words,
        spaces=spaces,
        heads=heads,
        deps=deps,
        pos=pos,
        tags=tags,
        lemmas=lemmas,
        ents=ents,
    )


def profile(**changes):
    return replace(get_genre("wiki"), **changes)


def test_substitution_reinflects_and_keeps_capitals(rewriter):
    doc = make_doc(
        ["Subsequently", "they", "utilized", "regulations", "."],
        heads=[2, 2, 2, 2, 2],
        deps=["advmod", "nsubj", "ROOT", "dobj", "punct"],
        pos=["ADV", "PRON", "VERB", "NOUN", "PUNCT"],
        tags=["RB", "PRP", "VBD", "NNS", "."],
        lemmas=["subsequently", "they", "utilize", "regulation", "."],
    )
    out = rewriter.rewrite_doc(doc, [False] * len(doc), profile())
    assert out.text == "Later they used rules."  # "law" ranks first but is not in this list
    assert [(e.kind, e.before, e.after) for e in out.edits] == [
        ("substitute", "Subsequently", "Later"),
        ("substitute", "utilized", "used"),
        ("substitute", "regulations", "rules"),
    ]
    assert out.before.coverage == pytest.approx(1 / 4)
    assert out.after.coverage == 1.0


def test_protected_and_named_tokens_are_not_touched(rewriter):
    doc = make_doc(
        ["They", "utilized", "regulations", "."],
        heads=[1, 1, 1, 1],
        deps=["nsubj", "ROOT", "dobj", "punct"],
        pos=["PRON", "VERB", "NOUN", "PUNCT"],
        tags=["PRP", "VBD", "NNS", "."],
        lemmas=["they", "utilize", "regulation", "."],
    )
    out = rewriter.rewrite_doc(doc, [False, True, False, False], profile())
    assert out.text == "They utilized rules."
    assert out.before.checkable == 2  # the protected token is not checkable


def test_article_agrees_with_new_word(rewriter):
    doc = make_doc(
        ["He", "saw", "an", "automobile", "."],
        heads=[1, 1, 3, 1, 1],
        deps=["nsubj", "ROOT", "det", "dobj", "punct"],
        pos=["PRON", "VERB", "DET", "NOUN", "PUNCT"],
        tags=["PRP", "VBD", "DT", "NN", "."],
    )
    out = rewriter.rewrite_doc(doc, [False] * len(doc), profile())
    assert out.text == "He saw a car."


def test_coordinated_clauses_split(rewriter):
    words = ["He", "came", "home", ",", "but", "she", "cooked", "dinner", "."]
    doc = make_doc(
        words,
        heads=[1, 1, 1, 1, 1, 6, 1, 6, 1],
        deps=["nsubj", "ROOT", "advmod", "punct", "cc", "nsubj", "conj", "dobj", "punct"],
        pos=["PRON", "VERB", "ADV", "PUNCT", "CCONJ", "PRON", "VERB", "NOUN", "PUNCT"],
        tags=["PRP", "VBD", "RB", ",", "CC", "PRP", "VBD", "NN", "."],
    )
    out = rewriter.rewrite_doc(doc, [False] * len(doc), profile(max_sentence_words=3))
    assert out.text == "He came home. But she cooked dinner."
    assert any(e.kind == "split" for e in out.edits)
    # Below the sentence-length target nothing is split.
    out = rewriter.rewrite_doc(doc, [False] * len(doc), profile(max_sentence_words=30))
    assert out.text == doc.text


def test_non_restrictive_relative_clause_becomes_a_sentence(rewriter):
    words = ["The", "dog", ",", "which", "was", "big", ",", "barked", "at", "the", "man", "."]
    doc = make_doc(
        words,
        heads=[1, 7, 1, 4, 1, 4, 1, 7, 7, 10, 8, 7],
        deps=[
            "det",
            "nsubj",
            "punct",
            "nsubj",
            "relcl",
            "acomp",
            "punct",
            "ROOT",
            "prep",
            "det",
            "pobj",
            "punct",
        ],
        pos=["DET", "NOUN", "PUNCT", "PRON", "AUX", "ADJ", "PUNCT", "VERB", "ADP", "DET", "NOUN", "PUNCT"],
        tags=["DT", "NN", ",", "WDT", "VBD", "JJ", ",", "VBD", "IN", "DT", "NN", "."],
    )
    out = rewriter.rewrite_doc(doc, [False] * len(doc), profile(max_sentence_words=3))
    assert out.text == "The dog barked at the man. The dog was big."


def test_appositive_becomes_a_sentence(rewriter):
    words = ["Rome", ",", "a", "big", "city", ",", "is", "old", "."]
    doc = make_doc(
        words,
        heads=[6, 0, 4, 4, 0, 0, 6, 6, 6],
        deps=["nsubj", "punct", "det", "amod", "appos", "punct", "ROOT", "acomp", "punct"],
        pos=["PROPN", "PUNCT", "DET", "ADJ", "NOUN", "PUNCT", "AUX", "ADJ", "PUNCT"],
        tags=["NNP", ",", "DT", "JJ", "NN", ",", "VBZ", "JJ", "."],
        ents=["B-GPE", "O", "O", "O", "O", "O", "O", "O", "O"],
    )
    out = rewriter.rewrite_doc(doc, [False] * len(doc), profile(max_sentence_words=3))
    assert out.text == "Rome is old. Rome is a big city."


def test_out_of_list_modifier_without_replacement_is_dropped_where_allowed(rewriter):
    words = ["The", "gigantic", "dog", "barked", "."]
    doc = make_doc(
        words,
        heads=[2, 2, 3, 3, 3],
        deps=["det", "amod", "nsubj", "ROOT", "punct"],
        pos=["DET", "ADJ", "NOUN", "VERB", "PUNCT"],
        tags=["DT", "JJ", "NN", "VBD", "."],
    )
    out = rewriter.rewrite_doc(doc, [False] * len(doc), profile(delete_modifiers=True))
    assert out.text == "The dog barked."
    assert out.after.coverage == 1.0
    kept = rewriter.rewrite_doc(doc, [False] * len(doc), profile(delete_modifiers=False))
    assert kept.text == "The gigantic dog barked."


def test_whitespace_and_untouched_text_survive_byte_exact(rewriter):
    words = ["\n", "He", "came", "home", ".", "\n\n"]
    doc = make_doc(
        words,
        spaces=[False, True, True, False, False, False],
        heads=[2, 2, 2, 2, 2, 2],
        deps=["dep", "nsubj", "ROOT", "advmod", "punct", "dep"],
        pos=["SPACE", "PRON", "VERB", "ADV", "PUNCT", "SPACE"],
    )
    out = rewriter.rewrite_doc(doc, [False] * len(doc), profile())
    assert out.text == doc.text
    assert out.edits == []


@pytest.mark.parametrize("modifier", ["rarely", "allegedly", "unofficial"])
def test_modifiers_that_carry_meaning_are_never_dropped(rewriter, modifier):
    adverb = modifier.endswith("ly")
    words = ["He", modifier, "came", "."] if adverb else ["The", modifier, "dog", "barked", "."]
    doc = make_doc(
        words,
        heads=[2, 2, 2, 2] if adverb else [2, 2, 3, 3, 3],
        deps=["nsubj", "advmod", "ROOT", "punct"] if adverb else ["det", "amod", "nsubj", "ROOT", "punct"],
        pos=["PRON", "ADV", "VERB", "PUNCT"] if adverb else ["DET", "ADJ", "NOUN", "VERB", "PUNCT"],
        tags=["PRP", "RB", "VBD", "."] if adverb else ["DT", "JJ", "NN", "VBD", "."],
    )
    out = rewriter.rewrite_doc(doc, [False] * len(doc), profile(delete_modifiers=True))
    assert modifier in out.text
