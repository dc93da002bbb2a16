"""The transformers backend with tiny random T5 and GPT-2 models built and saved inside the test."""

from __future__ import annotations

import os
import re
from pathlib import Path

import pytest

os.environ.setdefault("HF_HUB_OFFLINE", "1")
transformers = pytest.importorskip("transformers")
pytest.importorskip("torch")

from simplify import LeanerSimplifier  # noqa: E402
from simplify.errors import SimplifyError  # noqa: E402
from simplify.rewriters.base import RewriteRequest  # noqa: E402
from simplify.rewriters.transformers_backend import TransformersRewriter  # noqa: E402

WORDS = "the a cat dog sat on mat it was good day and ran home rewrite document keep plain english".split()


def tiny_tokenizer():
    from tokenizers import Tokenizer, decoders, models, pre_tokenizers

    vocab = {w: i for i, w in enumerate(["[PAD]", "[UNK]", "[BOS]", "[EOS]", *WORDS, ".", ",", "[", "]"])}
    tok = Tokenizer(models.WordLevel(vocab, unk_token="[UNK]"))
    tok.pre_tokenizer = pre_tokenizers.Whitespace()
    tok.decoder = decoders.WordPiece()
    return transformers.PreTrainedTokenizerFast(
        tokenizer_object=tok, pad_token="[PAD]", unk_token="[UNK]", bos_token="[BOS]", eos_token="[EOS]"
    )


def save(tmp_path: Path, kind: str) -> Path:
    import torch

    torch.manual_seed(0)
    tok = tiny_tokenizer()
    n = len(tok)
    if kind == "t5":
        config = transformers.T5Config(
            vocab_size=n, d_model=16, d_ff=32, d_kv=8, num_layers=1, num_heads=2,
            pad_token_id=0, eos_token_id=3, decoder_start_token_id=0,
        )  # fmt: skip
        model = transformers.T5ForConditionalGeneration(config)
    else:
        config = transformers.GPT2Config(
            vocab_size=n, n_embd=16, n_layer=1, n_head=2, n_positions=1024, bos_token_id=2, eos_token_id=3,
            pad_token_id=0,
        )  # fmt: skip
        model = transformers.GPT2LMHeadModel(config)
    path = tmp_path / kind
    model.save_pretrained(path)
    tok.save_pretrained(path)
    assert list(path.glob("*.safetensors"))
    return path


@pytest.fixture(scope="module")
def models(tmp_path_factory) -> dict[str, Path]:
    base = tmp_path_factory.mktemp("tiny-models")
    return {kind: save(base, kind) for kind in ("t5", "gpt2")}


@pytest.mark.parametrize("kind", ["t5", "gpt2"])
def test_batched_generation_matches_one_by_one(models, kind):
    rw = TransformersRewriter(models[kind], device="cpu", batch_size=4, max_new_tokens=6, prompt="raw")
    assert rw.seq2seq is (kind == "t5") and rw.name == f"transformers:{kind}"
    docs = ["the cat sat", "the dog ran home and it was a good day", "a mat"]
    together = rw.generate(docs)
    alone = [rw.generate([d])[0] for d in docs]
    assert together == alone  # left padding (causal) does not change greedy output
    replies = rw.rewrite_requests([RewriteRequest(d, "book") for d in docs])
    assert all(isinstance(r, str) for r in replies) and len(replies) == 3


def test_left_padding_and_chat_template(models, tmp_path):
    rw = TransformersRewriter(models["gpt2"], device="cpu", max_new_tokens=2)
    assert rw.tokenizer.padding_side == "left"
    assert "<document>" in rw.prompt(RewriteRequest("the cat", "book"))
    rw.tokenizer.chat_template = (
        "{% for m in messages %}[{{ m.role }}] {{ m.content }}\n{% endfor %}[assistant]"
    )
    prompt = rw.prompt(RewriteRequest("the cat", "book"))
    assert prompt.startswith("[system]") and prompt.endswith("[assistant]")


def test_local_paths_only(tmp_path):
    with pytest.raises(SimplifyError, match="local model directory"):
        TransformersRewriter("org/some-model-on-a-hub")
    empty = tmp_path / "no-weights"
    empty.mkdir()
    with pytest.raises(Exception):  # noqa: B017 (transformers' own error for a folder without a config)
        TransformersRewriter(empty)


def test_end_to_end_nothing_is_dropped(models):
    s = LeanerSimplifier(
        "transformers", genre="book", backend_options={"model_path": models["gpt2"], "max_new_tokens": 8}
    )
    text = "The cat sat on the mat.\n\nIt was a good day."
    r = s(text)
    assert r.backend == "transformers:gpt2" and len(r.chunks) == 2  # one per paragraph
    assert {c.backend for c in r.chunks} <= {"rules", "transformers:gpt2"}
    assert "cat" in r.text and "day" in r.text


def test_constrained_generation_uses_only_allowed_words(models):
    from simplify.vocab import Vocabulary

    allowed = {"cat", "sat", "mat"}
    s = LeanerSimplifier(
        "transformers",
        genre="book",
        vocabulary=Vocabulary.from_words(allowed),
        backend_options={
            "model_path": models["gpt2"],
            "max_new_tokens": 6,
            "constrained": True,
            "prompt": "raw",
        },
    )
    rw = s.backend
    assert rw.constrain_to is not None
    (reply,) = rw.rewrite_requests([RewriteRequest("the dog ran home", "book")])
    assert isinstance(reply, str) and set(re.findall(r"[a-z]+", reply)) <= allowed
