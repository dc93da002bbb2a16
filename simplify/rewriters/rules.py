"""The rule rewriter (default backend): lexical substitution, syntactic splitting and modifier dropping on a
spaCy parse, keeping protected tokens byte-exact. Needs no model download beyond the spaCy pipeline."""

from __future__ import annotations

import logging
from collections.abc import Sequence
from dataclasses import dataclass, field
from itertools import pairwise
from typing import TYPE_CHECKING

from ..genres import GenreProfile
from ..lexicon import LEXICON_POS, SubstitutionLexicon, inflect, match_case
from ..result import Edit
from ..vocab import CoverageReport, Vocabulary, is_checkable, is_name
from .base import register_backend

if TYPE_CHECKING:
    from spacy.tokens import Doc, Span, Token

logger = logging.getLogger(__name__)

# A rendered sentence is a list of items: a token index (its current text is rendered) or a literal string.
Item = int | str

_CLOSING = frozenset(
    {",", ".", ";", ":", "!", "?", ")", "]", "}", "%", "'s", "n't", "'re", "'ll", "'ve", "'d", "'m"}
)
_OPENING = frozenset({"(", "[", "{", "$", "#"})
_QUOTES = frozenset({'"', "“", "”", "'", "‘", "’", "``", "''"})
_SPLIT_CONJUNCTIONS = {"and": "", "but": "But", "so": "So", "yet": "Yet"}
_INDEFINITE = frozenset({"a", "an", "one", "some", "another"})
_RELATIVE_PRONOUNS = frozenset({"which", "who"})
_NEGATIONS = frozenset({"not", "n't", "never", "no", "hardly", "barely", "scarcely"})
# Modifiers whose removal changes what a sentence claims (frequency, hedging, time, degree of truth).
_MEANINGFUL_MODIFIERS = frozenset(
    """rarely seldom occasionally infrequently allegedly supposedly reportedly purportedly ostensibly apparently
    seemingly possibly probably presumably perhaps nearly almost partly partially merely solely exclusively
    formerly previously originally temporarily permanently largely mostly mainly primarily predominantly
    approximately roughly nominally briefly newly recently initially eventually ultimately
    former alleged false fake mock supposed purported apparent nominal potential hypothetical probable
    possible so-called would-be erstwhile late sole partial temporary permanent""".split()
)
_NEGATIVE_PREFIXES = ("un", "non", "in", "im", "il", "ir", "dis", "anti", "counter")
_VOWEL_SOUND_EXCEPTIONS = ("uni", "use", "usu", "one", "once", "eu", "ewe")
_SILENT_H = ("hour", "honest", "honour", "honor", "heir")
_UNTAGGED_POS = ("NOUN", "VERB", "ADJ", "ADV")


@dataclass
class PieceRewrite:
    """The rewrite of one parsed piece: its text, edits (spans relative to the piece) and coverage."""

    text: str
    edits: list[Edit] = field(default_factory=list)
    before: CoverageReport = field(default_factory=CoverageReport)
    after: CoverageReport = field(default_factory=CoverageReport)


class RuleRewriter:
    """Rewrites parsed pieces of one genre with the vocabulary's substitution lexicon and syntactic rules."""

    name = "rules"

    def __init__(self, vocabulary: Vocabulary, lexicon: SubstitutionLexicon, *, broad: bool = True) -> None:
        self.vocabulary = vocabulary
        self.lexicon = lexicon
        self.broad = broad
        self._cache: dict[tuple[str, str], str | None] = {}

    # ------------------------------------------------------------------ public
    def rewrite_doc(self, doc: Doc, protected: Sequence[bool], profile: GenreProfile) -> PieceRewrite:
        """Rewrite a parsed piece. ``protected[i]`` marks tokens inside protected spans (regex-found)."""
        locked = [bool(protected[t.i]) or is_name(t) for t in doc]
        slots = [t.text for t in doc]
        substituted = [False] * len(doc)
        edits: list[Edit] = []
        before = CoverageReport()
        checkable = [is_checkable(t, bool(protected[t.i])) for t in doc]
        in_list = [False] * len(doc)
        for token in doc:
            if checkable[token.i]:
                in_list[token.i] = self.vocabulary.accepts(token.text, token.lemma_)
                before.add(in_list[token.i], token.text)

        if profile.substitute or profile.delete_modifiers:
            self._substitute(doc, profile, locked, checkable, in_list, slots, substituted, edits)
        self._fix_articles(doc, slots, substituted)
        self._capitalise_after_deleted_starts(doc, slots, locked)

        plans: list[list[list[Item]]] = []
        for sent in doc.sents:
            plans.append(self._plan_sentence(sent, profile, locked, protected, slots, edits))
        text = "".join(self._render_group(group, doc, slots, protected) for group in plans)
        after = self._coverage_after(plans, doc, slots, substituted, checkable, in_list)
        if (before.coverage or 0.0) > (after.coverage or 1.0) + 1e-12:
            # A structural change copied or removed words so that coverage fell: keep only word-level edits.
            plans = [[list(self._sentence_tokens(sent))] for sent in doc.sents]
            edits = [e for e in edits if e.kind in ("substitute", "delete")]
            text = "".join(self._render_group(group, doc, slots, protected) for group in plans)
            after = self._coverage_after(plans, doc, slots, substituted, checkable, in_list)
        return PieceRewrite(text=text, edits=edits, before=before, after=after)

    def rewrite_batch(self, chunks: Sequence[str], genres: Sequence[str]) -> list[str]:
        """Rewriter interface for plain chunks (parses them with the default pipeline)."""
        from ..genres import get_genre
        from ..nlp import load_nlp
        from ..protect import find_protected_spans, mask_tokens

        nlp = load_nlp()
        out = []
        for doc, genre in zip(nlp.pipe(chunks), genres, strict=True):
            profile = get_genre(genre)
            spans = find_protected_spans(doc.text, profile.protect)
            mask = mask_tokens([(t.idx, t.idx + len(t)) for t in doc], spans)
            out.append(self.rewrite_doc(doc, mask, profile).text)
        return out

    # ------------------------------------------------------------ substitution
    def _replacement(self, lemma: str, pos: str) -> str | None:
        key = (lemma.lower(), pos)
        if key not in self._cache:
            choice = None
            for candidate in self.lexicon.candidates(lemma, pos, broad=self.broad):
                if self.vocabulary.accepts_phrase(candidate):
                    choice = candidate
                    break
            self._cache[key] = choice
        return self._cache[key]

    def _substitute(
        self,
        doc: Doc,
        profile: GenreProfile,
        locked: list[bool],
        checkable: list[bool],
        in_list: list[bool],
        slots: list[str],
        substituted: list[bool],
        edits: list[Edit],
    ) -> None:
        tagged = doc.has_annotation("POS")
        for token in doc:
            i = token.i
            if not checkable[i] or in_list[i] or locked[i]:
                continue
            if not tagged:
                # No tagger (blank fallback pipeline): only uninflected words, under any part of speech.
                if profile.substitute and token.lower_ == token.lemma_.lower():
                    replacement = next(
                        filter(None, (self._replacement(token.lower_, p) for p in _UNTAGGED_POS)), None
                    )
                    if replacement is not None:
                        slots[i] = match_case(replacement, token.text)
                        substituted[i] = True
                        edits.append(
                            Edit("substitute", token.text, slots[i], (token.idx, token.idx + len(token)))
                        )
                continue
            if token.pos_ not in LEXICON_POS:
                continue
            replacement = None
            if profile.substitute:
                # A surface form that is itself a lexicon key wins over the tagger's lemma (species, not specie).
                surface_key = (
                    token.lower_ != token.lemma_.lower() and (token.lower_, token.pos_) in self.lexicon
                )
                first, second = (token.lower_, token.lemma_) if surface_key else (token.lemma_, token.lower_)
                replacement = self._replacement(first, token.pos_)
                if replacement is None and second.lower() != first.lower():
                    replacement = self._replacement(second, token.pos_)
            if replacement is not None:
                new = match_case(inflect(replacement, token.tag_), token.text)
                slots[i] = new
                substituted[i] = True
                edits.append(Edit("substitute", token.text, new, (token.idx, token.idx + len(token.text))))
            elif profile.delete_modifiers and self._deletable(token, locked):
                slots[i] = ""
                edits.append(
                    Edit("delete", token.text, "", (token.idx, token.idx + len(token.text)), "modifier")
                )

    @staticmethod
    def _deletable(token: Token, locked: list[bool]) -> bool:
        """An out-of-list adjective or adverb modifier whose removal leaves the sentence whole."""
        if token.dep_ not in ("amod", "advmod") or any(True for _ in token.children):
            return False
        if (
            token.pos_ not in ("ADJ", "ADV")
            or token.lower_ in _NEGATIONS
            or token.lower_ in _MEANINGFUL_MODIFIERS
            or _negated_word(token)
            or token.tag_ in ("JJR", "JJS", "RBR")
        ):
            return False
        doc = token.doc
        if token.dep_ == "amod" and (token.head.pos_ not in ("NOUN", "PROPN") or token.i > token.head.i):
            return False
        if token.dep_ == "advmod" and token.head.pos_ not in ("VERB", "AUX", "ADJ"):
            return False
        for j in (token.i - 1, token.i + 1):
            if 0 <= j < len(doc) and (
                (doc[j].is_punct and doc[j].text not in ".!?") or doc[j].dep_ in ("cc", "conj")
            ):
                return False
        return True

    @staticmethod
    def _capitalise_after_deleted_starts(doc: Doc, slots: list[str], locked: list[bool]) -> None:
        """When a sentence's first word was dropped, the next word starts the sentence."""
        for sent in doc.sents:
            first = next((t for t in sent if not t.is_space), None)
            if first is None or slots[first.i] or not first.text[:1].isupper():
                continue
            nxt = next((t for t in doc[first.i + 1 : sent.end] if slots[t.i] and not t.is_space), None)
            if nxt is not None and not locked[nxt.i] and slots[nxt.i][:1].islower():
                slots[nxt.i] = slots[nxt.i][0].upper() + slots[nxt.i][1:]

    def _fix_articles(self, doc: Doc, slots: list[str], substituted: list[bool]) -> None:
        """Make ``a``/``an`` agree with the word that now follows it."""
        for token in doc:
            if token.lower_ not in ("a", "an") or token.i + 1 >= len(doc):
                continue
            j = token.i + 1
            while j < len(doc) and slots[j] == "":
                j += 1
            if j >= len(doc) or (not substituted[j] and j == token.i + 1):
                continue
            article = "an" if _vowel_sound(slots[j]) else "a"
            if token.lower_ != article:
                slots[token.i] = match_case(article, token.text)

    # -------------------------------------------------------------- splitting
    @staticmethod
    def _sentence_tokens(sent: Span) -> range:
        return range(sent.start, sent.end)

    def _plan_sentence(
        self,
        sent: Span,
        profile: GenreProfile,
        locked: list[bool],
        protected: Sequence[bool],
        slots: list[str],
        edits: list[Edit],
    ) -> list[list[Item]]:
        doc = sent.doc
        whole: list[Item] = list(range(sent.start, sent.end))
        if not profile.split and not profile.delete_parentheticals:
            return [whole]
        # Core = the sentence without leading/trailing whitespace tokens.
        start, end = sent.start, sent.end
        while start < end and doc[start].is_space:
            start += 1
        while end > start and doc[end - 1].is_space:
            end -= 1
        words = sum(1 for t in doc[start:end] if not t.is_punct)
        if end - start < 4 or any(doc[i].text in _QUOTES for i in range(start, end)):
            return [whole]
        if doc[end - 1].text == "?":
            return [whole]
        if any(doc[i].is_space or "\n" in doc[i].whitespace_ for i in range(start, end - 1)):
            return [whole]  # a "sentence" across lines (list items, headings, verse): keep its layout
        main: list[int] = list(range(start, end))
        extra: list[list[Item]] = []
        removed: set[int] = set()

        if profile.delete_parentheticals or profile.split:
            self._parentheticals(doc, start, end, profile, locked, removed, extra)
        if profile.split and words > profile.max_sentence_words:
            for token in doc[start:end]:
                if token.i in removed:
                    continue
                if token.dep_ == "relcl":
                    self._extract_relative(token, start, end, locked, protected, removed, extra)
                elif token.dep_ == "appos":
                    self._extract_appositive(token, start, end, locked, protected, removed, extra)
        main = [i for i in main if i not in removed]
        sentences: list[list[Item]] = [list(main)]
        if profile.split and words > profile.max_sentence_words:
            sentences = self._split_coordination(doc, main, start, end, locked)
        if len(sentences) == 1 and not extra and not removed:
            return [whole]
        group: list[list[Item]] = [[*range(sent.start, start)]] if start > sent.start else []
        group.extend(sentences)
        for new in extra:
            group.append(new)
        group.append(list(range(end, sent.end)))
        kind = "split" if (len(sentences) > 1 or extra) else "delete"
        before = doc[start:end].text
        after = " ".join(self._render_items(s, doc, slots, protected, final_ws="") for s in group[:-1] if s)
        edits.append(
            Edit(kind, before, after.strip(), (doc[start].idx, doc[end - 1].idx + len(doc[end - 1])))
        )
        return group

    def _parentheticals(
        self,
        doc: Doc,
        start: int,
        end: int,
        profile: GenreProfile,
        locked: list[bool],
        removed: set[int],
        extra: list[list[Item]],
    ) -> None:
        i = start
        while i < end:
            if doc[i].text != "(":
                i += 1
                continue
            j = i + 1
            while j < end and doc[j].text not in ("(", ")"):
                j += 1
            if j >= end or doc[j].text != ")":
                return
            inner = range(i + 1, j)
            n_words = sum(1 for k in inner if not doc[k].is_punct)
            if n_words >= 4 and not any(locked[k] for k in inner) and profile.delete_parentheticals:
                removed.update(range(i, j + 1))
            elif (
                n_words >= 5 and profile.split and _is_clause(doc, inner) and not _crosses(locked, doc, i, j)
            ):
                removed.update(range(i, j + 1))
                extra.append([*inner, "."])
            i = j + 1

    def _extract_relative(
        self,
        verb: Token,
        start: int,
        end: int,
        locked: list[bool],
        protected: Sequence[bool],
        removed: set[int],
        extra: list[list[Item]],
    ) -> None:
        doc = verb.doc
        noun = verb.head
        left, right = verb.left_edge.i, verb.right_edge.i
        pronoun = doc[left]
        if noun.pos_ not in ("NOUN", "PROPN") or pronoun.lower_ not in _RELATIVE_PRONOUNS:
            return
        if pronoun.dep_ not in ("nsubj", "nsubjpass") or left - 1 < start or doc[left - 1].text != ",":
            return
        if not self._closed_by_comma_or_end(doc, right, end) or _crosses(locked, doc, left - 1, right):
            return
        copy = self._noun_phrase(noun, exclude=range(left - 1, right + 1), protected=protected)
        if copy is not None:
            _lift_out(doc, left - 1, right, end, removed, extra, [*copy, *range(left + 1, right + 1), "."])

    def _extract_appositive(
        self,
        appos: Token,
        start: int,
        end: int,
        locked: list[bool],
        protected: Sequence[bool],
        removed: set[int],
        extra: list[list[Item]],
    ) -> None:
        doc = appos.doc
        noun = appos.head
        left, right = appos.left_edge.i, appos.right_edge.i
        if noun.pos_ not in ("NOUN", "PROPN") or appos.pos_ not in ("NOUN", "PROPN") or appos.i < noun.i:
            return
        if left - 1 < start or doc[left - 1].text != "," or left - 1 <= noun.i - 1:
            return
        if any(c.dep_ in ("cc", "conj") for c in (*noun.children, *appos.children)) or appos.like_num:
            return
        if appos.ent_type_ in ("DATE", "TIME", "CARDINAL", "QUANTITY", "MONEY", "PERCENT"):
            return
        if not self._closed_by_comma_or_end(doc, right, end) or _crosses(locked, doc, left - 1, right):
            return
        copy = self._noun_phrase(noun, exclude=range(left - 1, right + 1), protected=protected)
        if copy is not None:
            _lift_out(
                doc,
                left - 1,
                right,
                end,
                removed,
                extra,
                [*copy, _copula(noun), *range(left, right + 1), "."],
            )

    @staticmethod
    def _closed_by_comma_or_end(doc: Doc, right: int, end: int) -> bool:
        if right + 1 >= end:
            return False
        nxt = doc[right + 1]
        return nxt.text == "," or (right + 1 == end - 1 and nxt.text in (".", "!"))

    @staticmethod
    def _noun_phrase(noun: Token, exclude: range, protected: Sequence[bool]) -> list[Item] | None:
        """The words before and including ``noun`` in its phrase, with an indefinite article made definite.

        ``None`` when the phrase is long, holds quotes or brackets, or holds protected tokens (a list marker,
        a URL): copying those would duplicate structure.
        """
        doc = noun.doc
        left = noun.left_edge.i
        items: list[Item] = [k for k in range(left, noun.i + 1) if k not in exclude]
        if any(protected[k] for k in items):
            return None
        if not items or len(items) > 6 or any(doc[k].text in _QUOTES or doc[k].text in "(),;" for k in items):
            return None
        first = doc[int(items[0])]
        if first.lower_ in _INDEFINITE:
            items[0] = "the"
        return items

    def _split_coordination(
        self, doc: Doc, main: list[int], start: int, end: int, locked: list[bool]
    ) -> list[list[Item]]:
        """Split coordinated independent clauses joined at the top level into separate sentences."""
        positions = {k: n for n, k in enumerate(main)}
        lowered = [doc[k].lower_ for k in main]
        if any(doc[k].dep_ == "preconj" for k in main) or any(
            a == "not" and b == "only" for a, b in pairwise(lowered)
        ):
            return [list(main)]  # correlatives (both … and, not only … but) do not split
        for k in main:
            token = doc[k]
            if token.dep_ != "conj" or token.pos_ not in ("VERB", "AUX") or token.head.dep_ != "ROOT":
                continue
            if token.head.i > token.i or not any(
                c.dep_ in ("nsubj", "nsubjpass", "expl") for c in token.children
            ):
                continue
            first = token.left_edge.i
            if first not in positions or any(t.i not in positions for t in token.subtree):
                continue
            # Everything after the conjunct's subtree must be final punctuation.
            tail = [m for m in main if m > token.right_edge.i]
            if any(not doc[m].is_punct for m in tail):
                continue
            n = positions[first] - 1
            joiners = []
            while n >= 0 and (doc[main[n]].text in (",", ";") or doc[main[n]].dep_ == "cc"):
                joiners.append(main[n])
                n -= 1
            cc = [j for j in joiners if doc[j].dep_ == "cc"]
            if not joiners or (cc and doc[cc[0]].lower_ not in _SPLIT_CONJUNCTIONS) or len(cc) > 1:
                continue
            if n + 1 < 3 or len(main) - positions[first] < 4 or any(locked[j] for j in joiners):
                continue
            head: list[Item] = [*main[: n + 1], "."]
            lead = _SPLIT_CONJUNCTIONS[doc[cc[0]].lower_] if cc else ""
            rest: list[Item] = [lead] if lead else []
            rest.extend(main[positions[first] :])
            if not tail and doc[main[-1]].text not in (".", "!", "?"):
                rest.append(".")
            return [head, rest]
        return [list(main)]

    # -------------------------------------------------------------- rendering
    def _render_group(
        self, group: list[list[Item]], doc: Doc, slots: list[str], protected: Sequence[bool]
    ) -> str:
        if len(group) == 1:
            return self._render_items(group[0], doc, slots, protected, final_ws=None)
        parts = []
        sentences = [s for s in group if s]
        for n, items in enumerate(sentences):
            last = n == len(sentences) - 1
            is_space_only = all(isinstance(x, int) and doc[x].is_space for x in items)
            text = self._render_items(
                items, doc, slots, protected, final_ws=None if last else "", capitalise=not is_space_only
            )
            if parts and text and not parts[-1][-1:].isspace() and not text[:1].isspace():
                parts.append(" ")
            parts.append(text)
        return "".join(parts)

    @staticmethod
    def _render_items(
        items: list[Item],
        doc: Doc,
        slots: list[str],
        protected: Sequence[bool],
        final_ws: str | None,
        capitalise: bool = False,
    ) -> str:
        """Render items; original whitespace between originally adjacent tokens, a single space otherwise."""
        texts: list[tuple[Item, str]] = []
        for item in items:
            text = slots[item] if isinstance(item, int) else item
            if text:
                texts.append((item, text))
        out: list[str] = []
        for n, (item, text) in enumerate(texts):
            if (
                n == 0
                and capitalise
                and text[:1].islower()
                and not (isinstance(item, int) and (protected[item] or _is_locked_text(doc, item)))
            ):
                text = text[0].upper() + text[1:]
            if n + 1 < len(texts):
                nxt_item, nxt_text = texts[n + 1]
                if isinstance(item, int) and isinstance(nxt_item, int) and nxt_item == item + 1:
                    ws = doc[item].whitespace_
                elif nxt_text in _CLOSING or text in _OPENING:
                    ws = ""
                else:
                    ws = " "
            elif final_ws is None:
                ws = doc[item].whitespace_ if isinstance(item, int) else ""
            else:
                ws = final_ws
            out.append(text + ws)
        return "".join(out)

    def _coverage_after(
        self,
        plans: list[list[list[Item]]],
        doc: Doc,
        slots: list[str],
        substituted: list[bool],
        checkable: list[bool],
        in_list: list[bool],
    ) -> CoverageReport:
        report = CoverageReport()
        for group in plans:
            for items in group:
                for item in items:
                    if isinstance(item, str):
                        for word in item.split():
                            if word.isalpha():
                                report.add(word in self.vocabulary, word)
                    elif slots[item] and checkable[item]:
                        if substituted[item]:
                            for word in slots[item].split():
                                report.add(True, word)
                        else:
                            report.add(in_list[item], doc[item].text)
        return report


def _lift_out(
    doc: Doc,
    comma: int,
    right: int,
    end: int,
    removed: set[int],
    extra: list[list[Item]],
    sentence: list[Item],
) -> None:
    """Remove ``, …`` (tokens ``comma``..``right`` and a closing comma) and add ``sentence`` after this one."""
    span = range(comma, right + 1)
    if any(k in removed for k in span):
        return
    removed.update(span)
    if right + 1 < end - 1 and doc[right + 1].text == ",":
        removed.add(right + 1)
    extra.append(sentence)


def _negated_word(token: Token) -> bool:
    """A word made negative by a prefix (``unofficial``, ``illegal``, ``dishonest``): dropping it flips meaning."""
    low = token.lower_
    return any(low.startswith(p) and len(low) - len(p) >= 4 for p in _NEGATIVE_PREFIXES)


def _is_locked_text(doc: Doc, i: int) -> bool:
    """Tokens whose case must not change (mixed case like ``iPhone``)."""
    text = doc[i].text
    return any(c.isupper() for c in text[1:])


def _is_clause(doc: Doc, inner: range) -> bool:
    return any(
        doc[k].pos_ in ("VERB", "AUX") and any(c.dep_.startswith("nsubj") for c in doc[k].children)
        for k in inner
    )


def _crosses(locked: list[bool], doc: Doc, left: int, right: int) -> bool:
    """Whether a locked (protected or entity) run crosses the boundary of ``[left, right]``."""
    return (left > 0 and locked[left] and locked[left - 1]) or (
        right + 1 < len(doc) and locked[right] and locked[right + 1]
    )


def _copula(noun: Token) -> str:
    plural = noun.tag_ in ("NNS", "NNPS")
    root = noun.sent.root
    past = root.tag_ == "VBD" or any(c.dep_ in ("aux", "auxpass") and c.tag_ == "VBD" for c in root.children)
    if past:
        return "were" if plural else "was"
    return "are" if plural else "is"


def _vowel_sound(word: str) -> bool:
    low = word.lower()
    if not low:
        return False
    if low.startswith(_SILENT_H):
        return True
    if low.startswith(_VOWEL_SOUND_EXCEPTIONS):
        return False
    return low[0] in "aeiou"


@register_backend("rules")
def make_rule_rewriter(
    vocabulary: Vocabulary, lexicon: SubstitutionLexicon, broad: bool = True, **_: object
) -> RuleRewriter:
    """Factory for the rules backend."""
    return RuleRewriter(vocabulary, lexicon, broad=broad)
