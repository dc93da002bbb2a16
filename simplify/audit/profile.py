"""Corpus profiles: streaming, bounded-memory, mergeable statistics of a corpus, overall and per genre.

A :class:`CorpusProfile` is pure data — integer counters, fixed-bin histograms, a bounded word table
(:class:`~simplify.audit.sketch.BoundedCounter`) and a bounded per-document sample
(:class:`~simplify.audit.sketch.BottomKSample`) — so profiles of shards add up (``p + q``) to the profile of
the whole corpus, and save to / load from JSON. Derived numbers (coverage, Zipf bands, types needed to
cover 95 % of tokens, FKGL, …) are computed from the data on demand by :meth:`GroupStats.summary`.

Surface features use fast regular expressions only. Syntactic features (part of speech, dependency labels,
parse depth, lemmas, entities) are added with ``syntax=True`` and a spaCy pipeline.

Conventions: a *word* is a run of letters with inner apostrophes (``[^\\W\\d_]+(?:['’][^\\W\\d_]+)*``),
lower-cased; numbers are not words. Sentences split after ``.``/``!``/``?`` (plus closing quotes or brackets)
followed by whitespace, and at blank lines. FKGL uses :func:`simplify.metrics.readability_stats` counts, so
a profile's FKGL equals :func:`simplify.metrics.fkgl` of its texts.
"""

from __future__ import annotations

import json
import logging
import math
import re
from collections import Counter
from collections.abc import Iterable, Iterator, Mapping, Sequence
from dataclasses import dataclass, field
from functools import lru_cache
from itertools import repeat
from pathlib import Path
from typing import TYPE_CHECKING, Any

from ..metrics.readability import readability_stats
from .sketch import BottomKSample, BoundedCounter

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

    from ..vocab import Vocabulary

logger = logging.getLogger(__name__)

__all__ = [
    "META_PATTERNS",
    "PLACEHOLDER_PATTERNS",
    "SAMPLE_FIELDS",
    "SCHEMA_VERSION",
    "CorpusProfile",
    "GroupStats",
    "Histogram",
    "profile_corpus",
]

SCHEMA_VERSION = 1

_WORD = re.compile(r"[^\W\d_]+(?:['’][^\W\d_]+)*")
_SENTENCE_SPLIT = re.compile(r"(?<=[.!?])[\"'”’)\]]*\s+|\n[ \t\r\f\v]*\n")
_MARKUP = re.compile(
    r"</?[A-Za-z][^<>\n]{0,200}>|&(?:[A-Za-z]{2,8}|#\d{1,6});|^#{1,6}(?= )|\*\*|__|```|\[\[|\]\]|\{\{|\}\}"
    r"|\]\([^)\s]{1,300}\)",
    re.M,
)
_BOILERPLATE = re.compile(
    r"^[^\n]*?\b(?:copyright|all rights reserved|cookies?|privacy policy|terms of (?:use|service)|subscribe"
    r"|sign up|log ?in|click here|read more|share (?:this|on)|follow us|posted (?:by|on|in)|tags?:"
    r"|advertisement|skip to (?:main )?content|leave a (?:comment|reply))\b[^\n]*$",
    re.I | re.M,
)
_URL = re.compile(r"\bhttps?://\S+|\bwww\.\S+")
_SPEAKER_LINE = re.compile(r"^[ \t]*[A-Z][\w.'’ -]{0,30}:[ \t]+\S", re.M)
_QUOTED = re.compile(r"\"[^\"\n]{1,1000}\"|“[^”\n]{1,1000}”")
_HEADING = re.compile(r"^(?:#{1,6} \S|[A-Z][^\n.!?]{0,60}:[ \t]*$)", re.M)
_LIST_ITEM = re.compile(r"^[ \t]*(?:[-*•]|\d{1,3}[.)])[ \t]+\S", re.M)

#: Phrases in which a rewriting model talks about its own output (leaked meta-commentary), by label.
META_PATTERNS: dict[str, re.Pattern[str]] = {
    "about_the_text": re.compile(
        r"\b(?:this|the (?:above|following|original|given)) (?:passage|text|paragraph|excerpt)"
        r" (?:is about|talks about|describes|discusses|contains|explains|tells)\b",
        re.I,
    ),
    "rewrite_announcement": re.compile(
        r"\bhere(?:'s|’s| is| are) (?:the |a |an |your )?(?:simplified|simpler|simple|easier|easy|rewritten"
        r"|shorter|leaner)(?:[ -]to[ -]understand)? (?:version|text|form|summary|explanation)\b"
        r"|\bin (?:this|the) (?:simplified|rewritten|simpler) (?:version|text)\b",
        re.I,
    ),
    "ai_disclaimer": re.compile(
        r"\bas an ai\b|\b(?:ai|large) language model\b|\bI(?:'m|’m| am) (?:sorry|unable)(?:,)? but I\b"
        r"|\bI (?:cannot|can't|can’t) (?:simplify|rewrite|assist|help with)\b",
        re.I,
    ),
    "sign_off": re.compile(
        r"\bI hope (?:this|that|it) (?:helps|is helpful|makes sense)\b|\blet me know if\b|\bfeel free to ask\b",
        re.I,
    ),
    "naming_aside": re.compile(
        r"\b(?:we(?:'ll|’ll| will) call|let(?:'s|’s| us) call|(?:we|I)(?:'ll|’ll| will) refer to)\b", re.I
    ),
}

_PLACE_WORDS = (
    "country|city|place|province|state|region|land|town|village|county|island|department|company|group"
    "|team|organization|university|school|river|street|area|kingdom|empire|nation|restaurant|hospital"
    "|institute|museum|party|club|church|lake|mountain|station|airport|bank|park"
)
#: Stand-ins for real names that anonymising rewriters produce, by label.
PLACEHOLDER_PATTERNS: dict[str, re.Pattern[str]] = {
    # "SC country", "TI place", "SP AM city": upper-case initials followed by a kind of place or body.
    "initials_and_kind": re.compile(rf"\b[A-Z]{{2,4}}(?: [A-Z]{{2,4}})? (?:{_PLACE_WORDS})\b"),
    # "Person A", "Company S", "Mr. F": a role or title followed by a single capital letter.
    "role_and_letter": re.compile(
        r"\b(?:Person|Company|Country|City|Place|Town|Student|Character|Team|Group|Organization|Product"
        r"|Brand|Mr\.|Mrs\.|Ms\.|Dr\.)\s[A-Z]\b(?![.'’]?\w)(?!\. ?[A-Z][a-z])"
    ),
    # "[Name]", "[your name]", "[insert city]", "[redacted]".
    "bracketed": re.compile(
        r"\[(?:(?:first |last |full |your |the |company |person'?s? )?(?:name|person|company|place|city"
        r"|country|location|organization|address|date|email)|insert [^\]\n]{1,30}|redacted)\]",
        re.I,
    ),
    # "XYZ", "John Doe": stock dummy names.
    "stock_dummy": re.compile(r"\b(?:XYZ|John Doe|Jane Doe|Joe Bloggs)\b"),
}

#: Per-document statistics kept in the bounded sample (for bootstrap confidence intervals).
SAMPLE_FIELDS: tuple[str, ...] = (
    "words",
    "mean_sentence_words",
    "mean_word_chars",
    "fkgl",
    "non_ascii_share",
    "markup_share",
)

#: Fixed histogram bins: each list holds the lower edge of every bin; the last bin is open-ended.
BINS: dict[str, tuple[int, ...]] = {
    "word_chars": tuple(range(1, 21)),
    "sentence_words": (*range(1, 41), 45, 50, 60, 70, 80, 100, 150, 200),
    "doc_words": (0, 1, 2, 5, 10, 20, 50, 100, 200, 500, 1000, 2000, 5000, 10_000, 20_000, 50_000, 100_000),
    "parse_depth": tuple(range(0, 21)),
}

#: Zipf-frequency bands (wordfreq); band "0" holds words wordfreq does not know.
ZIPF_BANDS: tuple[str, ...] = ("0", "1-2", "2-3", "3-4", "4-5", "5-6", "6+")

_EXAMPLES = 5
_CONTEXT = 40

STRUCTURE_KEYS: tuple[str, ...] = ("code_blocks", "dialogue_turns", "headings", "list_items", "urls")


class Histogram:
    """Counts in fixed bins; ``edges[i]`` is the lower edge of bin ``i`` (the last bin is open-ended)."""

    __slots__ = ("_lookup", "counts", "edges")

    def __init__(self, edges: Sequence[int], counts: Sequence[int] | None = None) -> None:
        self.edges = tuple(edges)
        self.counts = list(counts) if counts is not None else [0] * len(self.edges)
        self._lookup: dict[int, int] = {}

    def index(self, value: float) -> int:
        """Bin of a value (values below the first edge go to the first bin)."""
        key = int(value)
        found = self._lookup.get(key)
        if found is None:
            found = 0
            for i, edge in enumerate(self.edges):
                if key >= edge:
                    found = i
            self._lookup[key] = found
        return found

    def add(self, value: float, count: int = 1) -> None:
        """Count ``value`` ``count`` times."""
        self.counts[self.index(value)] += count

    def labels(self) -> list[str]:
        """Human-readable bin labels."""
        out = []
        for i, lo in enumerate(self.edges):
            hi = self.edges[i + 1] - 1 if i + 1 < len(self.edges) else None
            out.append(f"{lo}+" if hi is None else (str(lo) if hi == lo else f"{lo}-{hi}"))
        return out

    def mean(self) -> float:
        """Approximate mean using each bin's lower edge."""
        total = sum(self.counts)
        return sum(e * c for e, c in zip(self.edges, self.counts, strict=True)) / total if total else 0.0

    def __iadd__(self, other: Histogram) -> Histogram:
        if other.edges != self.edges:
            raise ValueError("cannot add histograms with different bins")
        self.counts = [a + b for a, b in zip(self.counts, other.counts, strict=True)]
        return self

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form."""
        return {"edges": list(self.edges), "counts": list(self.counts)}

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> Histogram:
        """Inverse of :meth:`to_dict`."""
        return cls([int(e) for e in data["edges"]], [int(c) for c in data["counts"]])


@dataclass
class _DocSurface:
    """Surface statistics of one document (computed once, added to the overall and the genre group)."""

    text: str
    words: Counter[str]
    word_lengths: Counter[int]
    n_words: int
    sentence_lengths: list[int]
    chars: int
    non_ascii: int
    markup: int
    lines: int
    boilerplate: int
    rd_words: int
    rd_sentences: int
    rd_syllables: int
    structure: dict[str, int]
    meta: dict[str, list[str]]
    placeholders: dict[str, list[str]]

    def sample_row(self) -> tuple[float, ...]:
        n_sent = len(self.sentence_lengths)
        word_chars = sum(n * c for n, c in self.word_lengths.items())
        grade = 0.0
        if self.rd_words:
            grade = (
                0.39 * self.rd_words / max(1, self.rd_sentences)
                + 11.8 * self.rd_syllables / self.rd_words
                - 15.59
            )
        return (
            float(self.n_words),
            self.n_words / n_sent if n_sent else 0.0,
            word_chars / self.n_words if self.n_words else 0.0,
            grade,
            self.non_ascii / self.chars if self.chars else 0.0,
            self.markup / self.chars if self.chars else 0.0,
        )


def _snippets(pattern: re.Pattern[str], text: str) -> list[str]:
    found = []
    for match in pattern.finditer(text):
        start, end = match.span()
        found.append(text[max(0, start - _CONTEXT) : end + _CONTEXT].replace("\n", " ").strip())
    return found


def surface_stats(text: str) -> _DocSurface:
    """Surface statistics of one text (no parser)."""
    lower = text.lower()
    words: list[str] = []
    lengths: list[int] = []
    findall = _WORD.findall
    for sentence in _SENTENCE_SPLIT.split(lower):
        found = findall(sentence)
        if found:
            lengths.append(len(found))
            words.extend(found)
    rd = readability_stats(text)
    chars = len(text)
    structure = {
        "code_blocks": text.count("```") // 2,
        "dialogue_turns": len(_SPEAKER_LINE.findall(text)) + len(_QUOTED.findall(text)),
        "headings": len(_HEADING.findall(text)),
        "list_items": len(_LIST_ITEM.findall(text)),
        "urls": len(_URL.findall(text)),
    }
    meta = {label: _snippets(p, text) for label, p in META_PATTERNS.items()}
    placeholders = {label: _snippets(p, text) for label, p in PLACEHOLDER_PATTERNS.items()}
    return _DocSurface(
        text=text,
        words=Counter(words),
        word_lengths=Counter(map(len, words)),
        n_words=len(words),
        sentence_lengths=lengths,
        chars=chars,
        non_ascii=chars - len(text.encode("ascii", "ignore")),
        markup=sum(len(m) for m in _MARKUP.findall(text)),
        lines=text.count("\n") + 1 if text else 0,
        boilerplate=len(_BOILERPLATE.findall(text)),
        rd_words=rd.words,
        rd_sentences=rd.sentences,
        rd_syllables=rd.syllables,
        structure=structure,
        meta={k: v for k, v in meta.items() if v},
        placeholders={k: v for k, v in placeholders.items() if v},
    )


@dataclass
class _DocSyntax:
    pos: Counter[str]
    dep: Counter[str]
    depths: list[int]
    lemmas: Counter[str]
    entities: Counter[str]
    tokens: int


def syntax_stats(doc: Doc) -> _DocSyntax:
    """Part of speech, dependency labels, per-sentence parse depth, lemmas and entities of a parsed doc."""
    pos: Counter[str] = Counter()
    dep: Counter[str] = Counter()
    lemmas: Counter[str] = Counter()
    heads: list[int] = []
    n = 0
    for token in doc:
        heads.append(token.head.i)
        if token.is_space:
            continue
        n += 1
        pos[token.pos_ or "X"] += 1
        dep[token.dep_ or "dep"] += 1
        if token.is_alpha:
            lemmas[(token.lemma_ or token.text).lower()] += 1
    depth = [-1] * len(heads)
    for i in range(len(heads)):
        path = []
        j = i
        while depth[j] < 0 and heads[j] != j:
            path.append(j)
            j = heads[j]
        if depth[j] < 0:
            depth[j] = 0
        base = depth[j]
        for k in reversed(path):
            base += 1
            depth[k] = base
    depths = []
    if doc.has_annotation("SENT_START") or doc.has_annotation("DEP"):
        for sent in doc.sents:
            if sent.end > sent.start:
                depths.append(max(depth[sent.start : sent.end]))
    entities = Counter(ent.label_ for ent in doc.ents)
    return _DocSyntax(pos=pos, dep=dep, depths=depths, lemmas=lemmas, entities=entities, tokens=n)


@dataclass
class GroupStats:
    """Statistics of one group of documents (the whole corpus or one genre). Pure, mergeable data."""

    cap: int = 200_000
    sample_size: int = 2000
    seed: int = 0
    documents: int = 0
    empty_documents: int = 0
    chars: int = 0
    non_ascii_chars: int = 0
    markup_chars: int = 0
    lines: int = 0
    boilerplate_lines: int = 0
    sentences: int = 0
    rd_words: int = 0
    rd_sentences: int = 0
    rd_syllables: int = 0
    words: BoundedCounter = field(init=False)
    word_chars: Histogram = field(init=False)
    sentence_words: Histogram = field(init=False)
    doc_words: Histogram = field(init=False)
    structure: Counter[str] = field(default_factory=Counter)
    meta: Counter[str] = field(default_factory=Counter)
    meta_documents: int = 0
    placeholders: Counter[str] = field(default_factory=Counter)
    placeholder_documents: int = 0
    examples: dict[str, list[str]] = field(default_factory=dict)
    sample: BottomKSample = field(init=False)
    # syntax (only when parsed)
    parsed_documents: int = 0
    parsed_tokens: int = 0
    pos: Counter[str] = field(default_factory=Counter)
    dep: Counter[str] = field(default_factory=Counter)
    entities: Counter[str] = field(default_factory=Counter)
    parse_depth: Histogram = field(init=False)
    lemmas: BoundedCounter = field(init=False)

    def __post_init__(self) -> None:
        self.words = BoundedCounter(self.cap)
        self.lemmas = BoundedCounter(self.cap)
        self.word_chars = Histogram(BINS["word_chars"])
        self.sentence_words = Histogram(BINS["sentence_words"])
        self.doc_words = Histogram(BINS["doc_words"])
        self.parse_depth = Histogram(BINS["parse_depth"])
        self.sample = BottomKSample(SAMPLE_FIELDS, self.sample_size, self.seed)

    # ----------------------------------------------------------------------------------------- updating
    def add(self, s: _DocSurface, syn: _DocSyntax | None = None) -> None:
        """Add one document's statistics."""
        self.documents += 1
        if s.n_words == 0 and not s.text.strip():
            self.empty_documents += 1
        self.chars += s.chars
        self.non_ascii_chars += s.non_ascii
        self.markup_chars += s.markup
        self.lines += s.lines
        self.boilerplate_lines += s.boilerplate
        self.sentences += len(s.sentence_lengths)
        self.rd_words += s.rd_words
        self.rd_sentences += s.rd_sentences
        self.rd_syllables += s.rd_syllables
        self.words.update(s.words, s.n_words)
        wc = self.word_chars
        for length, count in s.word_lengths.items():
            wc.add(length, count)
        sw = self.sentence_words
        for length in s.sentence_lengths:
            sw.add(length)
        self.doc_words.add(s.n_words)
        self.structure.update(s.structure)
        if s.meta:
            self.meta_documents += 1
            self._add_found("meta", self.meta, s.meta)
        if s.placeholders:
            self.placeholder_documents += 1
            self._add_found("placeholder", self.placeholders, s.placeholders)
        self.sample.offer(s.text, s.sample_row())
        if syn is not None:
            self.parsed_documents += 1
            self.parsed_tokens += syn.tokens
            self.pos.update(syn.pos)
            self.dep.update(syn.dep)
            self.entities.update(syn.entities)
            for d in syn.depths:
                self.parse_depth.add(d)
            self.lemmas.update(syn.lemmas)

    def _add_found(self, kind: str, counter: Counter[str], found: dict[str, list[str]]) -> None:
        for label, snippets in found.items():
            counter[label] += len(snippets)
            kept = self.examples.setdefault(f"{kind}:{label}", [])
            kept.extend(snippets[: _EXAMPLES - len(kept)])

    def __iadd__(self, other: GroupStats) -> GroupStats:
        for name in _INT_FIELDS:
            setattr(self, name, getattr(self, name) + getattr(other, name))
        self.words += other.words
        self.lemmas += other.lemmas
        for name in _HIST_FIELDS:
            getattr(self, name).__iadd__(getattr(other, name))
        for name in _COUNTER_FIELDS:
            getattr(self, name).update(getattr(other, name))
        for key, snippets in other.examples.items():
            kept = self.examples.setdefault(key, [])
            kept.extend(snippets[: max(0, _EXAMPLES - len(kept))])
        self.sample += other.sample
        return self

    # ------------------------------------------------------------------------------------ serialising
    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form (stable keys)."""
        out: dict[str, Any] = {"cap": self.cap, "sample_size": self.sample_size, "seed": self.seed}
        for name in _INT_FIELDS:
            out[name] = getattr(self, name)
        for name in _COUNTER_FIELDS:
            out[name] = dict(sorted(getattr(self, name).items()))
        for name in _HIST_FIELDS:
            out[name] = getattr(self, name).to_dict()
        out["words"] = self.words.to_dict()
        out["lemmas"] = self.lemmas.to_dict()
        out["examples"] = {k: list(v) for k, v in sorted(self.examples.items())}
        out["sample"] = self.sample.to_dict()
        return out

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> GroupStats:
        """Inverse of :meth:`to_dict`."""
        group = cls(cap=int(data["cap"]), sample_size=int(data["sample_size"]), seed=int(data["seed"]))
        for name in _INT_FIELDS:
            setattr(group, name, int(data[name]))
        for name in _COUNTER_FIELDS:
            setattr(group, name, Counter({str(k): int(v) for k, v in data[name].items()}))
        for name in _HIST_FIELDS:
            setattr(group, name, Histogram.from_dict(data[name]))
        group.words = BoundedCounter.from_dict(data["words"])
        group.lemmas = BoundedCounter.from_dict(data["lemmas"])
        group.examples = {str(k): [str(s) for s in v] for k, v in data["examples"].items()}
        group.sample = BottomKSample.from_dict(data["sample"])
        return group

    # --------------------------------------------------------------------------------------- derived
    @property
    def tokens(self) -> int:
        """Word tokens (exact)."""
        return self.words.total

    @property
    def types(self) -> float:
        """Distinct words: exact while the word table is exact, else a K-minimum-values estimate."""
        return self.words.types()

    def table(self, lemmas: bool = False) -> BoundedCounter:
        """The lemma table when the group was parsed (``lemmas=True``), else the surface word table."""
        return self.lemmas if lemmas and self.parsed_documents else self.words

    def coverage(self, vocabulary: str | Vocabulary = "leaner-2k") -> float | None:
        """Share of word tokens whose form (or, when parsed, lemma) is in ``vocabulary``.

        When the table is a sketch, words pruned from it count as out of the list (a lower bound).
        """
        from ..vocab import get_vocabulary

        vocab = get_vocabulary(vocabulary)
        table = self.table(lemmas=True)
        if not table.total:
            return None
        return sum(c for w, c in table.counts.items() if w in vocab) / table.total

    def types_to_cover(self, share: float) -> int:
        """How many of the most frequent types it takes to cover ``share`` of the tokens."""
        target = share * self.words.total
        running = 0
        for rank, count in enumerate(sorted(self.words.counts.values(), reverse=True), 1):
            running += count
            if running >= target:
                return rank
        return len(self.words.counts)

    def zipf_bands(self) -> dict[str, int] | None:
        """Word tokens by wordfreq Zipf-frequency band (None when wordfreq is not installed)."""
        zipf = _zipf_function()
        if zipf is None:
            return None
        bands = dict.fromkeys(ZIPF_BANDS, 0)
        for word, count in self.words.counts.items():
            bands[_zipf_band(zipf(word))] += count
        bands["0"] += self.words.total - sum(self.words.counts.values())  # pruned tail: rare words
        return bands

    def fkgl(self) -> float:
        """Flesch–Kincaid grade level of the group's pooled counts (as :func:`simplify.metrics.fkgl`)."""
        if not self.rd_words:
            return 0.0
        return 0.39 * self.rd_words / self.rd_sentences + 11.8 * self.rd_syllables / self.rd_words - 15.59

    def distributions(self) -> dict[str, dict[str, float]]:
        """Count distributions, by name (histograms, Zipf bands, part of speech …), for divergence and plots."""
        out: dict[str, dict[str, float]] = {}
        for name in ("word_chars", "sentence_words", "doc_words"):
            hist: Histogram = getattr(self, name)
            out[name] = dict(zip(hist.labels(), map(float, hist.counts), strict=True))
        bands = self.zipf_bands()
        if bands is not None:
            out["zipf_bands"] = {k: float(v) for k, v in bands.items()}
        if self.parsed_documents:
            out["pos"] = {k: float(v) for k, v in self.pos.items()}
            out["dep"] = {k: float(v) for k, v in self.dep.items()}
            out["parse_depth"] = dict(
                zip(self.parse_depth.labels(), map(float, self.parse_depth.counts), strict=True)
            )
        return out

    def summary(self, vocabulary: str | Vocabulary | None = "leaner-2k") -> dict[str, Any]:
        """Derived numbers of this group (JSON-ready, stable keys)."""
        docs = self.documents or 1
        chars = self.chars or 1
        out: dict[str, Any] = {
            "documents": self.documents,
            "empty_documents": self.empty_documents,
            "tokens": self.tokens,
            "types": round(self.types),
            "types_exact": self.words.exact,
            "table_error": self.words.error,
            "types_for_95": self.types_to_cover(0.95),
            "types_for_99": self.types_to_cover(0.99),
            "coverage": self.coverage(vocabulary) if vocabulary is not None else None,
            "vocabulary": getattr(vocabulary, "name", vocabulary),
            "fkgl": self.fkgl(),
            "mean_doc_words": self.tokens / docs if self.documents else 0.0,
            "mean_sentence_words": self.tokens / self.sentences if self.sentences else 0.0,
            "mean_word_chars": _weighted_mean(self.word_chars),
            "non_ascii_share": self.non_ascii_chars / chars,
            "markup_share": self.markup_chars / chars,
            "boilerplate_share": self.boilerplate_lines / (self.lines or 1),
            "structure_per_doc": {k: self.structure.get(k, 0) / docs for k in STRUCTURE_KEYS},
            "meta_commentary": sum(self.meta.values()),
            "meta_commentary_documents": self.meta_documents,
            "meta_commentary_by_kind": dict(sorted(self.meta.items())),
            "placeholders": sum(self.placeholders.values()),
            "placeholder_documents": self.placeholder_documents,
            "placeholders_by_kind": dict(sorted(self.placeholders.items())),
        }
        if self.parsed_documents:
            out["lemma_types"] = round(self.lemmas.types())
            out["mean_parse_depth"] = _weighted_mean(self.parse_depth)
            out["entities"] = sum(self.entities.values())
        return out


def _weighted_mean(hist: Histogram) -> float:
    return hist.mean()


_INT_FIELDS: tuple[str, ...] = (
    "documents",
    "empty_documents",
    "chars",
    "non_ascii_chars",
    "markup_chars",
    "lines",
    "boilerplate_lines",
    "sentences",
    "rd_words",
    "rd_sentences",
    "rd_syllables",
    "meta_documents",
    "placeholder_documents",
    "parsed_documents",
    "parsed_tokens",
)
_HIST_FIELDS: tuple[str, ...] = ("word_chars", "sentence_words", "doc_words", "parse_depth")
_COUNTER_FIELDS: tuple[str, ...] = ("structure", "meta", "placeholders", "pos", "dep", "entities")


def _zipf_band(z: float) -> str:
    if z <= 0:
        return "0"
    if z >= 6:
        return "6+"
    lo = max(1, int(z))
    return f"{lo}-{lo + 1}"


@lru_cache(maxsize=1)
def _zipf_function() -> Any:
    try:
        from wordfreq import zipf_frequency
    except ImportError:
        logger.warning("wordfreq is not installed: Zipf-frequency bands are left out (pip install wordfreq)")
        return None
    return lru_cache(maxsize=500_000)(lambda w: zipf_frequency(w, "en"))


class CorpusProfile:
    """Statistics of a corpus, overall and per genre; add profiles of shards with ``+``.

    Build one with :func:`profile_corpus` (or :meth:`add_text` in a loop), then ``save``/``load`` it or pass
    it to :func:`simplify.audit.audit_drift`.
    """

    def __init__(
        self, *, cap: int = 200_000, sample_size: int = 2000, seed: int = 0, syntax: bool = False
    ) -> None:
        self.cap = cap
        self.sample_size = sample_size
        self.seed = seed
        self.syntax = syntax
        self.overall = self._new_group()
        self.by_genre: dict[str, GroupStats] = {}

    def _new_group(self) -> GroupStats:
        return GroupStats(cap=self.cap, sample_size=self.sample_size, seed=self.seed)

    @property
    def genres(self) -> dict[str, int]:
        """Documents per genre."""
        return {g: s.documents for g, s in sorted(self.by_genre.items())}

    def add_text(self, text: str, genre: str | None = None, doc: Doc | None = None) -> None:
        """Add one document (``genre`` detected when None; ``doc`` a spaCy parse of ``text`` for syntax)."""
        if genre is None:
            from ..genres import detect_genre

            genre = detect_genre(text)
        self._add(surface_stats(text), genre, syntax_stats(doc) if doc is not None else None)

    def _add(self, s: _DocSurface, genre: str, syn: _DocSyntax | None) -> None:
        self.overall.add(s, syn)
        group = self.by_genre.get(genre)
        if group is None:
            group = self.by_genre[genre] = self._new_group()
        group.add(s, syn)

    def __iadd__(self, other: CorpusProfile) -> CorpusProfile:
        if (other.sample_size, other.seed) != (self.sample_size, self.seed):
            raise ValueError("cannot add profiles built with different sample_size or seed")
        self.cap = min(self.cap, other.cap)
        self.syntax = self.syntax or other.syntax
        self.overall += other.overall
        for genre, group in other.by_genre.items():
            if genre not in self.by_genre:
                self.by_genre[genre] = self._new_group()
            self.by_genre[genre] += group
        return self

    def __add__(self, other: CorpusProfile) -> CorpusProfile:
        merged = CorpusProfile.from_dict(self.to_dict())
        merged += other
        return merged

    def __eq__(self, other: object) -> bool:
        return isinstance(other, CorpusProfile) and self.to_dict() == other.to_dict()

    __hash__ = None  # type: ignore[assignment]

    def to_dict(self) -> dict[str, Any]:
        """JSON-ready form with a ``schema_version``."""
        return {
            "schema_version": SCHEMA_VERSION,
            "kind": "simplify.CorpusProfile",
            "cap": self.cap,
            "sample_size": self.sample_size,
            "seed": self.seed,
            "syntax": self.syntax,
            "overall": self.overall.to_dict(),
            "by_genre": {g: s.to_dict() for g, s in sorted(self.by_genre.items())},
        }

    @classmethod
    def from_dict(cls, data: Mapping[str, Any]) -> CorpusProfile:
        """Inverse of :meth:`to_dict`; refuses other schema versions."""
        version = data.get("schema_version")
        if version != SCHEMA_VERSION or data.get("kind") != "simplify.CorpusProfile":
            raise ValueError(
                f"not a corpus profile of schema version {SCHEMA_VERSION} (got kind={data.get('kind')!r}, "
                f"schema_version={version!r}); rebuild it with `simplify profile`"
            )
        profile = cls(
            cap=int(data["cap"]),
            sample_size=int(data["sample_size"]),
            seed=int(data["seed"]),
            syntax=bool(data["syntax"]),
        )
        profile.overall = GroupStats.from_dict(data["overall"])
        profile.by_genre = {str(g): GroupStats.from_dict(s) for g, s in data["by_genre"].items()}
        return profile

    def save(self, path: str | Path) -> None:
        """Write the profile as JSON."""
        Path(path).write_text(json.dumps(self.to_dict(), ensure_ascii=False), encoding="utf-8")

    @classmethod
    def load(cls, path: str | Path) -> CorpusProfile:
        """Read a profile written by :meth:`save`."""
        return cls.from_dict(json.loads(Path(path).read_text(encoding="utf-8")))

    def summary(self, vocabulary: str | Vocabulary | None = "leaner-2k") -> dict[str, Any]:
        """Derived numbers, overall and per genre."""
        return {
            "overall": self.overall.summary(vocabulary),
            "by_genre": {g: s.summary(vocabulary) for g, s in sorted(self.by_genre.items())},
        }


def _genre_stream(genres: Iterable[str | None] | str | None) -> Iterator[str | None]:
    if genres is None:
        return repeat(None)
    if isinstance(genres, str):
        return repeat(genres)
    return iter(genres)


def profile_corpus(
    texts: Iterable[str],
    *,
    genres: Iterable[str | None] | str | None = None,
    syntax: bool = False,
    nlp: str | Language | None = None,
    n_process: int = 1,
    batch_size: int = 64,
    cap: int = 200_000,
    sample_size: int = 2000,
    seed: int = 0,
) -> CorpusProfile:
    """Profile a stream of texts in one pass with bounded memory.

    ``genres``: one genre for all, or one per text (None entries are detected with
    :func:`simplify.detect_genre`); default: detect each. ``syntax=True`` parses with spaCy
    (``nlp`` a pipeline name or object, default :func:`simplify.nlp.load_nlp`; ``n_process`` and
    ``batch_size`` go to ``nlp.pipe``). ``cap`` bounds the word table (see
    :class:`~simplify.audit.sketch.BoundedCounter`), ``sample_size`` the per-document sample used for
    confidence intervals; ``seed`` makes that sample reproducible.
    """
    profile = CorpusProfile(cap=cap, sample_size=sample_size, seed=seed, syntax=syntax)
    genre_iter = _genre_stream(genres)
    if not syntax:
        from ..genres import detect_genre

        for text in texts:
            text = text if isinstance(text, str) else str(text)
            genre = next(genre_iter, None)
            profile._add(surface_stats(text), genre or detect_genre(text), None)
        return profile

    from ..genres import detect_genre
    from ..nlp import load_nlp

    pipeline = load_nlp(nlp, entities=True, parser=True)
    max_len = pipeline.max_length

    def items() -> Iterator[tuple[str, str]]:
        for text in texts:
            text = text if isinstance(text, str) else str(text)
            yield text[:max_len], text

    for doc, text in pipeline.pipe(items(), as_tuples=True, batch_size=batch_size, n_process=n_process):
        genre = next(genre_iter, None)
        profile._add(surface_stats(text), genre or detect_genre(text), syntax_stats(doc))
    return profile


def entropy_bits(counts: Iterable[float]) -> float:
    """Shannon entropy (bits) of a count vector."""
    values = [c for c in counts if c > 0]
    total = sum(values)
    return -sum(c / total * math.log2(c / total) for c in values) if total else 0.0
