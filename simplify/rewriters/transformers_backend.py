"""Hugging Face ``transformers`` backend: a local seq2seq or causal model, batched greedy generation.

Models load from a local directory only (``local_files_only=True``, safetensors weights only): nothing is
downloaded. Causal models are padded on the left and use the tokenizer's chat template when it has one.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from pathlib import Path
from typing import Any, Literal

from ..errors import MissingDependencyError, SimplifyError
from ..vocab import Vocabulary
from .base import RewriteRequest, register_backend
from .prompts import chat_messages, plain_prompt

logger = logging.getLogger(__name__)

PromptStyle = Literal["instruct", "raw"]


def pick_device(device: str = "auto") -> str:
    """``"cuda"`` when asked for ``"auto"`` and a GPU is visible, else ``"cpu"``; other values as given."""
    import torch

    if device == "auto":
        return "cuda" if torch.cuda.is_available() else "cpu"
    return device


class TransformersRewriter:
    """Rewrites chunks with a local ``transformers`` model.

    ``prompt``: ``"instruct"`` sends the genre's instructions with the chunk (chat template for causal models
    that have one); ``"raw"`` sends only the chunk (for models fine-tuned to simplify).
    ``constrain_to``: a vocabulary whose words (plus the capitalised words of each batch's chunks, and
    placeholders) are the only words the model may write (``constrained.VocabularyLogitsProcessor``).
    """

    def __init__(
        self,
        model_path: str | Path,
        *,
        device: str = "auto",
        batch_size: int = 8,
        max_new_tokens: int = 512,
        max_input_tokens: int = 2048,
        num_beams: int = 1,
        prompt: PromptStyle = "instruct",
        constrain_to: Vocabulary | None = None,
    ) -> None:
        try:
            import torch  # noqa: F401
            import transformers
        except ImportError as exc:
            raise MissingDependencyError(
                "transformers", 'pip install torch && pip install "simplify[llm]"', "the transformers backend"
            ) from exc
        path = Path(model_path)
        if not path.is_dir():
            raise SimplifyError(f"model_path must be a local model directory, got {str(model_path)!r}")
        if batch_size < 1 or max_new_tokens < 1:
            raise ValueError("batch_size and max_new_tokens must be >= 1")
        config = transformers.AutoConfig.from_pretrained(path, local_files_only=True)
        self.seq2seq = bool(getattr(config, "is_encoder_decoder", False))
        auto = transformers.AutoModelForSeq2SeqLM if self.seq2seq else transformers.AutoModelForCausalLM
        self.tokenizer = transformers.AutoTokenizer.from_pretrained(path, local_files_only=True)
        self.device = pick_device(device)
        self.model = auto.from_pretrained(path, local_files_only=True, use_safetensors=True).to(self.device)
        self.model.eval()
        if not self.seq2seq:
            self.tokenizer.padding_side = "left"
        if self.tokenizer.pad_token is None:
            self.tokenizer.pad_token = self.tokenizer.eos_token
        self.name = f"transformers:{path.name}"
        self.batch_size = batch_size
        self.max_new_tokens = max_new_tokens
        self.max_input_tokens = max_input_tokens
        self.num_beams = num_beams
        self.prompt_style = prompt
        self.constrain_to = constrain_to

    def prompt(self, request: RewriteRequest) -> str:
        """The model input for one request."""
        if self.prompt_style == "raw":
            return request.text
        if not self.seq2seq and getattr(self.tokenizer, "chat_template", None):
            text = self.tokenizer.apply_chat_template(
                chat_messages(request), tokenize=False, add_generation_prompt=True
            )
            return str(text)
        return plain_prompt(request)

    def _processors(self, extra: Sequence[str], prompt_len: int) -> Any:
        import transformers

        from .constrained import VocabularyLogitsProcessor, allowed_words

        if self.constrain_to is None:
            return None
        names = [w for text in extra for w in text.split() if w[:1].isupper()]
        words = allowed_words(self.constrain_to, names)
        return transformers.LogitsProcessorList(
            [VocabularyLogitsProcessor(self.tokenizer, words, prompt_len)]
        )

    def generate(self, prompts: Sequence[str], sources: Sequence[str] = ()) -> list[str]:
        """Greedy (or beam) generation for a list of prompts, in batches; returns only the new text."""
        import torch

        out: list[str] = []
        for i in range(0, len(prompts), self.batch_size):
            batch = list(prompts[i : i + self.batch_size])
            enc = self.tokenizer(
                batch,
                return_tensors="pt",
                padding=True,
                truncation=True,
                max_length=self.max_input_tokens,
                add_special_tokens=self.seq2seq,
            ).to(self.device)
            enc.pop("token_type_ids", None)
            prompt_len = 0 if self.seq2seq else int(enc["input_ids"].shape[1])
            processors = self._processors(sources[i : i + self.batch_size], prompt_len)
            with torch.inference_mode():
                ids = self.model.generate(
                    **enc,
                    max_new_tokens=self.max_new_tokens,
                    do_sample=False,
                    num_beams=self.num_beams,
                    pad_token_id=self.tokenizer.pad_token_id,
                    logits_processor=processors,
                )
            if not self.seq2seq:
                ids = ids[:, enc["input_ids"].shape[1] :]
            out.extend(t.strip() for t in self.tokenizer.batch_decode(ids, skip_special_tokens=True))
        return out

    def rewrite_requests(self, requests: Sequence[RewriteRequest]) -> list[str | BaseException]:
        """One reply per request; a failing batch gives its exception to each of its requests."""
        replies: list[str | BaseException] = []
        for i in range(0, len(requests), self.batch_size):
            chunk = requests[i : i + self.batch_size]
            try:
                replies.extend(self.generate([self.prompt(r) for r in chunk], [r.text for r in chunk]))
            except Exception as exc:
                logger.warning("generation failed for %d chunks: %s", len(chunk), exc)
                replies.extend([exc] * len(chunk))
        return replies

    def rewrite_batch(self, chunks: Sequence[str], genres: Sequence[str]) -> list[str]:
        """Plain :class:`~simplify.rewriters.Rewriter` interface."""
        return self.generate([self.prompt(RewriteRequest(c, g)) for c, g in zip(chunks, genres, strict=True)])


@register_backend("transformers")
def make_transformers_rewriter(
    model_path: str | Path | None = None,
    vocabulary: Vocabulary | None = None,
    constrained: bool = False,
    **options: Any,
) -> TransformersRewriter:
    """Factory for the ``transformers`` backend (``model`` is accepted as an alias of ``model_path``);
    ``constrained=True`` limits generation to the simplifier's vocabulary."""
    for unused in ("lexicon", "broad"):
        options.pop(unused, None)
    if constrained and vocabulary is not None:
        options["constrain_to"] = vocabulary
    path = model_path or options.pop("model", None)
    if path is None:
        raise SimplifyError("the transformers backend needs model_path= (a local model directory)")
    return TransformersRewriter(path, **options)
