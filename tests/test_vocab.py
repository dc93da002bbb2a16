"""Vocabularies: the shipped list, user lists, the registry, checkable tokens and coverage."""

from __future__ import annotations

import pytest

from simplify import UnknownVocabularyError, Vocabulary, get_vocabulary, register_vocabulary
from simplify.errors import VocabularyError
from simplify.lexicon import SubstitutionLexicon, default_lexicon, inflect, match_case
from simplify.vocab import known_vocabularies, vocabulary_coverage


def test_leaner_2k_has_ngsl_headwords_forms_and_closed_class_words():
    vocab = get_vocabulary("leaner-2k")
    assert vocab.name == "leaner-2k"
    assert len(vocab) >= 2000
    for word in ("the", "be", "was", "children", "Monday", "twelve", "although", "themselves", "use", "used"):
        assert word in vocab, word
    for word in ("promulgate", "subsequently", "utilize"):
        assert word not in vocab, word


def test_accepts_by_lemma_or_form():
    vocab = Vocabulary.from_text("lemma\tforms\ngo\tgo goes went gone going\n", name="t")
    assert vocab.accepts("went", "go")
    assert vocab.accepts("Goes", "whatever")
    assert not vocab.accepts("runs", "run")


def test_user_lists_from_file_iterable_and_registry(tmp_path):
    path = tmp_path / "mine.txt"
    path.write_text("# my words\ncat\ndog\n\n", encoding="utf-8")
    vocab = Vocabulary.from_file(path)
    assert vocab.name == "mine" and "Cat" in vocab and len(vocab) == 2
    register_vocabulary("pets-test", ["cat", "dog", "fish"], overwrite=True)
    assert "fish" in get_vocabulary("pets-test")
    assert "pets-test" in known_vocabularies()
    with pytest.raises(VocabularyError, match="already registered"):
        register_vocabulary("pets-test", ["x"])
    assert get_vocabulary(str(path)).name == "mine"
    with pytest.raises(UnknownVocabularyError, match="leaner-2k"):
        get_vocabulary("no-such-list")
    with pytest.raises(VocabularyError):
        Vocabulary.from_words([])


def test_lexicon_file_and_inflection():
    lexicon = default_lexicon()
    assert len(lexicon) > 5000
    assert lexicon.candidates("utilize", "VERB")[0] == "use"
    with pytest.raises(VocabularyError, match="expected"):
        SubstitutionLexicon.from_text("bad line without tabs\n")
    assert inflect("use", "VBD") == "used"
    assert inflect("child", "NNS") == "children"
    assert inflect("give up", "VBD") == "gave up"
    assert inflect("big", "JJR") == "bigger"
    assert match_case("later", "SUBSEQUENTLY") == "LATER"
    assert match_case("later", "Subsequently") == "Later"


def test_coverage_skips_names_numbers_and_protected_spans():
    report = vocabulary_coverage(
        ["Margaret Thatcher promulgated 45 regulations at https://example.org yesterday."], "leaner-2k"
    )
    assert "thatcher" not in report.oov and "45" not in report.oov and "https" not in report.oov
    assert "promulgated" in report.oov
    assert report.coverage is not None and 0 < report.coverage < 1
