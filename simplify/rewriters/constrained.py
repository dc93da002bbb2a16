"""Vocabulary-constrained decoding: a ``transformers`` logits processor and a GBNF grammar for llama.cpp.

Both allow only words of the vocabulary (any case), plus ``extra`` words (names, protected text), digits,
punctuation, whitespace and placeholders such as ``[[P0]]``.
"""

from __future__ import annotations

import re
from collections.abc import Iterable
from typing import Any

from ..vocab import Vocabulary

_PUNCT = ".,;:!?'\"()[]-–—/%&*+=<>#@$…’‘“”"
_WORDISH = re.compile(r"^[a-z]+(?:['’-][a-z]+)*$")


def allowed_words(vocabulary: Vocabulary, extra: Iterable[str] = ()) -> frozenset[str]:
    """Lower-cased words a constrained model may write."""
    words = {w.lower() for w in (*vocabulary.lemmas, *vocabulary.forms) if _WORDISH.match(w.lower())}
    for item in extra:
        words.update(w.lower() for w in re.findall(r"[A-Za-z]+", item))
    return frozenset(words)


class _Node:
    __slots__ = ("children", "word")

    def __init__(self) -> None:
        self.children: dict[str, _Node] = {}
        self.word = False


class WordTrie:
    """A character trie over allowed words; letters walk it, any other character ends a word."""

    def __init__(self, words: Iterable[str]) -> None:
        self.root = _Node()
        for word in (*words, "p"):  # "p" spells the letter of placeholders ([[P0]])
            node = self.root
            for c in word.lower():
                node = node.children.setdefault(c, _Node())
            node.word = True

    def advance(self, node: _Node | None, text: str) -> tuple[bool, _Node | None]:
        """Feed ``text`` from state ``node`` (``None``: between words); ``(ok, new state)``."""
        for c in text:
            if c.isalpha():
                node = (node or self.root).children.get(c.lower())
                if node is None:
                    return False, None
            else:
                if node is not None and not node.word:
                    return False, None
                node = None
        return True, node


def token_pieces(tokenizer: Any) -> list[str]:
    """The text each token id adds (leading-space markers made spaces; word-level vocabularies get one)."""
    tokens = tokenizer.convert_ids_to_tokens(list(range(len(tokenizer))))
    marked = any(t.startswith(("Ġ", "▁")) for t in tokens if t)
    pieces = []
    for t in tokens:
        t = t or ""
        pieces.append(t.replace("Ġ", " ").replace("▁", " ").replace("Ċ", "\n") if marked else " " + t)
    return pieces


class VocabularyLogitsProcessor:
    """A ``transformers`` ``LogitsProcessor`` masking every token that would start or spell a word outside
    the allowed set (tracked per sequence from ``prompt_len`` on). Masks are cached per trie state."""

    def __init__(self, tokenizer: Any, words: Iterable[str], prompt_len: int) -> None:
        import torch

        self.trie = WordTrie(words)
        self.pieces = token_pieces(tokenizer)
        self.prompt_len = prompt_len
        self.special = set(tokenizer.all_special_ids)
        self.eos = tokenizer.eos_token_id
        self._masks: dict[int, torch.Tensor] = {}
        self._torch = torch

    def _allowed(self, i: int, piece: str, node: _Node | None) -> bool:
        if i in self.special:
            return i == self.eos and (node is None or node.word)
        return bool(piece) and self.trie.advance(node, piece)[0]

    def _mask(self, node: _Node | None) -> Any:
        key = id(node)
        if key not in self._masks:
            ok = [self._allowed(i, p, node) for i, p in enumerate(self.pieces)]
            self._masks[key] = self._torch.tensor(ok, dtype=self._torch.bool)
        return self._masks[key]

    def __call__(self, input_ids: Any, scores: Any) -> Any:
        for row in range(input_ids.shape[0]):
            node: _Node | None = None
            for tok in input_ids[row, self.prompt_len :].tolist():
                if tok not in self.special and tok < len(self.pieces):
                    node = self.trie.advance(node, self.pieces[tok])[1]
            mask = self._mask(node).to(scores.device)
            width = min(mask.shape[0], scores.shape[1])
            scores[row, :width] = scores[row, :width].masked_fill(~mask[:width], float("-inf"))
            if scores.shape[1] > width:
                scores[row, width:] = float("-inf")
        return scores


def _literal(word: str) -> str:
    return '"' + word.replace("\\", "\\\\").replace('"', '\\"') + '"'


def gbnf_grammar(words: Iterable[str]) -> str:
    """A GBNF grammar for llama.cpp: allowed words (lower case or capitalised), numbers, punctuation,
    placeholders and whitespace, in any order."""
    alts = sorted({w for word in words for w in (word, word[:1].upper() + word[1:])})
    punct = "".join("\\" + c if c in "\\]^-[" else c for c in _PUNCT)
    return "\n".join(
        [
            "root ::= piece+",
            "piece ::= word | number | placeholder | punct | space",
            "word ::= " + " | ".join(_literal(w) for w in alts),
            "number ::= [0-9]+",
            'placeholder ::= "[[P" [0-9]+ "]]"',
            f"punct ::= [{punct}]",
            "space ::= [ \\n]",
        ]
    )
