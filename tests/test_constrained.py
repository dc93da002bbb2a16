"""Vocabulary-constrained decoding: the trie, the logits processor on a tiny GPT-2, the GBNF grammar."""

from __future__ import annotations

import re

import pytest

from simplify.rewriters.constrained import WordTrie, allowed_words, gbnf_grammar
from simplify.vocab import Vocabulary


def test_trie_accepts_only_allowed_words():
    trie = WordTrie(["cat", "cats", "the"])
    assert trie.advance(None, " the cat.")[0]
    ok, node = trie.advance(None, " ca")
    assert ok and node is not None and not node.word
    assert not trie.advance(node, ".")[0]  # "ca" is not a word
    assert not trie.advance(None, " dog")[0]
    assert trie.advance(None, " The CATS, 12 [[P0]]")[0]


def test_allowed_words_and_grammar():
    vocab = Vocabulary.from_words(["cat", "sat", "don't"])
    words = allowed_words(vocab, extra=["Anna Smith"])
    assert {"cat", "sat", "anna", "smith"} <= words
    grammar = gbnf_grammar(sorted(words))
    assert '"Cat"' in grammar and '"anna"' in grammar and "placeholder ::=" in grammar


def test_grammar_parses_in_llama_cpp():
    llama_cpp = pytest.importorskip("llama_cpp")
    grammar = gbnf_grammar(["cat", "sat", "on", "the", "mat"])
    assert llama_cpp.LlamaGrammar.from_string(grammar, verbose=False) is not None


def test_logits_processor_keeps_generation_in_vocabulary(tmp_path):
    transformers = pytest.importorskip("transformers")
    torch = pytest.importorskip("torch")
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    from simplify.rewriters.constrained import VocabularyLogitsProcessor

    words = ["cat", "sat", "mat", "dog", "ran", "home", "the", "big", "red"]
    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[EOS]", *words, "."])}
    backend = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    backend.pre_tokenizer = pre_tokenizers.Whitespace()
    backend.decoder = decoders.WordPiece()
    fast = transformers.PreTrainedTokenizerFast(
        tokenizer_object=backend, pad_token="[PAD]", unk_token="[UNK]", eos_token="[EOS]"
    )
    torch.manual_seed(0)
    config = transformers.GPT2Config(vocab_size=len(fast), n_embd=16, n_layer=1, n_head=2, eos_token_id=2)
    path = tmp_path / "gpt2"
    transformers.GPT2LMHeadModel(config).save_pretrained(path)
    fast.save_pretrained(path)
    tok = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
    model = transformers.AutoModelForCausalLM.from_pretrained(path, local_files_only=True)
    allowed = {"cat", "sat", "mat"}
    enc = tok(["the dog ran home"], return_tensors="pt")
    proc = VocabularyLogitsProcessor(tok, allowed, prompt_len=enc["input_ids"].shape[1])
    with torch.inference_mode():
        ids = model.generate(
            input_ids=enc["input_ids"],
            attention_mask=enc["attention_mask"],
            max_new_tokens=12,
            do_sample=False,
            logits_processor=transformers.LogitsProcessorList([proc]),
            pad_token_id=tok.pad_token_id,
        )
    text = tok.decode(ids[0, enc["input_ids"].shape[1] :], skip_special_tokens=True)
    found = set(re.findall(r"[a-z]+", text))
    assert found and found <= allowed
