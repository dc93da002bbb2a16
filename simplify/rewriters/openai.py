"""OpenAI-compatible chat-completions backend over HTTP (stdlib ``urllib``): bounded concurrency, timeouts,
retries with exponential backoff and jitter, and a persistent sqlite request cache.

The API key is read from an environment variable (``OPENAI_API_KEY`` by default) at request time; it is
sent only in the ``Authorization`` header and never logged or stored.
"""

from __future__ import annotations

import hashlib
import http.client
import json
import logging
import os
import random
import sqlite3
import threading
import time
import urllib.error
import urllib.request
from collections.abc import Mapping, Sequence
from concurrent.futures import ThreadPoolExecutor
from pathlib import Path
from typing import Any

from ..errors import SimplifyError
from .base import RewriteRequest, register_backend
from .prompts import chat_messages

logger = logging.getLogger(__name__)

_RETRY_STATUS = frozenset({408, 409, 425, 429, 500, 502, 503, 504})


class BackendError(SimplifyError, RuntimeError):
    """A model backend could not produce an answer (after its retries)."""


class _Retryable(Exception):
    """A transient failure: worth another try."""

    def __init__(self, message: str, retry_after: float | None = None) -> None:
        super().__init__(message)
        self.retry_after = retry_after


class RequestCache:
    """A persistent ``key → reply`` store in one sqlite file, safe to share between threads and processes."""

    def __init__(self, path: str | Path) -> None:
        self.path = Path(path)
        self.path.parent.mkdir(parents=True, exist_ok=True)
        self._lock = threading.Lock()
        with self._connect() as db:
            db.execute("CREATE TABLE IF NOT EXISTS replies (key TEXT PRIMARY KEY, reply TEXT, created REAL)")

    def _connect(self) -> sqlite3.Connection:
        return sqlite3.connect(self.path, timeout=30)

    @staticmethod
    def key(model: str, payload: Mapping[str, Any]) -> str:
        """A stable hash of the model, the prompt and the sampling parameters."""
        blob = json.dumps({"model": model, **payload}, sort_keys=True, ensure_ascii=False)
        return hashlib.sha256(blob.encode("utf-8")).hexdigest()

    def get(self, key: str) -> str | None:
        """The stored reply, or ``None``."""
        with self._lock, self._connect() as db:
            row = db.execute("SELECT reply FROM replies WHERE key = ?", (key,)).fetchone()
        return None if row is None else str(row[0])

    def put(self, key: str, reply: str) -> None:
        """Store a reply (replacing any older one)."""
        with self._lock, self._connect() as db:
            db.execute("INSERT OR REPLACE INTO replies VALUES (?, ?, ?)", (key, reply, time.time()))

    def __len__(self) -> int:
        with self._lock, self._connect() as db:
            return int(db.execute("SELECT COUNT(*) FROM replies").fetchone()[0])

    def __getstate__(self) -> dict[str, Any]:
        return {"path": self.path}

    def __setstate__(self, state: dict[str, Any]) -> None:
        self.path = state["path"]
        self._lock = threading.Lock()


class OpenAIRewriter:
    """Rewrites chunks with any OpenAI-compatible ``/chat/completions`` server (OpenAI, vLLM, llama.cpp…).

    ``base_url`` ends before ``/chat/completions`` (e.g. ``http://127.0.0.1:8000/v1``). ``max_workers``
    bounds concurrent requests; each try waits at most ``timeout`` seconds; 429, 5xx, timeouts, connection
    errors and malformed replies are retried up to ``max_retries`` times with exponential backoff and jitter.
    ``cache_path``: a sqlite file remembering replies by model, prompt and parameters.
    """

    def __init__(
        self,
        model: str,
        base_url: str = "http://127.0.0.1:8000/v1",
        *,
        api_key_env: str = "OPENAI_API_KEY",
        max_workers: int = 4,
        timeout: float = 60.0,
        max_retries: int = 4,
        backoff: float = 0.5,
        max_backoff: float = 20.0,
        temperature: float = 0.0,
        max_tokens: int = 1024,
        cache_path: str | Path | None = None,
        extra_params: Mapping[str, Any] | None = None,
    ) -> None:
        if max_workers < 1 or max_retries < 0 or timeout <= 0:
            raise ValueError("max_workers must be >= 1, max_retries >= 0 and timeout > 0")
        self.model = model
        self.name = f"openai:{model}"
        self.url = base_url.rstrip("/") + "/chat/completions"
        self.api_key_env = api_key_env
        self.max_workers = max_workers
        self.timeout = timeout
        self.max_retries = max_retries
        self.backoff = backoff
        self.max_backoff = max_backoff
        self.params: dict[str, Any] = {
            "temperature": temperature,
            "max_tokens": max_tokens,
            **(extra_params or {}),
        }
        self.cache = RequestCache(cache_path) if cache_path is not None else None

    def __repr__(self) -> str:
        return f"OpenAIRewriter(model={self.model!r}, url={self.url!r})"

    # -------------------------------------------------------------- interface
    def rewrite_requests(self, requests: Sequence[RewriteRequest]) -> list[str | BaseException]:
        """One reply (or the exception that ended its retries) per request, in order."""
        if not requests:
            return []
        with ThreadPoolExecutor(
            min(self.max_workers, len(requests)), thread_name_prefix="leaner-http"
        ) as pool:
            return list(pool.map(self._safe_one, requests))

    def rewrite_batch(self, chunks: Sequence[str], genres: Sequence[str]) -> list[str]:
        """Plain :class:`~simplify.rewriters.Rewriter` interface; raises the first failure."""
        replies = self.rewrite_requests([RewriteRequest(c, g) for c, g in zip(chunks, genres, strict=True)])
        for reply in replies:
            if isinstance(reply, BaseException):
                raise reply
        return [str(r) for r in replies]

    # -------------------------------------------------------------- internals
    def _safe_one(self, request: RewriteRequest) -> str | BaseException:
        try:
            return self.complete(chat_messages(request))
        except Exception as exc:  # reported per chunk; the pipeline falls back to rules
            return exc

    def complete(self, messages: list[dict[str, str]]) -> str:
        """The assistant's reply to ``messages`` (cached, retried)."""
        payload = {"messages": messages, **self.params}
        key = RequestCache.key(self.model, payload) if self.cache is not None else ""
        if self.cache is not None and (hit := self.cache.get(key)) is not None:
            return hit
        body = json.dumps({"model": self.model, **payload}).encode("utf-8")
        reply = self._with_retries(body)
        if self.cache is not None and reply.strip():
            self.cache.put(key, reply)
        return reply

    def _with_retries(self, body: bytes) -> str:
        for attempt in range(self.max_retries + 1):
            try:
                return self._post(body)
            except _Retryable as exc:
                if attempt >= self.max_retries:
                    raise BackendError(f"{self.url}: gave up after {attempt + 1} tries: {exc}") from None
                delay = min(self.max_backoff, self.backoff * 2**attempt) * random.uniform(0.5, 1.0)
                if exc.retry_after is not None:
                    delay = max(delay, min(exc.retry_after, self.max_backoff))
                logger.info("retrying %s in %.2fs (%s)", self.url, delay, exc)
                time.sleep(delay)
        raise AssertionError("unreachable")

    def _post(self, body: bytes) -> str:
        headers = {"Content-Type": "application/json", "Accept": "application/json"}
        key = os.environ.get(self.api_key_env)
        if key:
            headers["Authorization"] = f"Bearer {key}"
        req = urllib.request.Request(self.url, data=body, headers=headers, method="POST")
        try:
            with urllib.request.urlopen(req, timeout=self.timeout) as resp:
                raw = resp.read()
        except urllib.error.HTTPError as exc:
            detail = exc.read()[:200].decode("utf-8", "replace")
            if exc.code in _RETRY_STATUS:
                raise _Retryable(f"HTTP {exc.code}", _retry_after(exc.headers.get("Retry-After"))) from None
            raise BackendError(f"{self.url}: HTTP {exc.code}: {detail}") from None
        except (TimeoutError, ConnectionError, http.client.HTTPException) as exc:
            raise _Retryable(f"{type(exc).__name__}: {exc}") from None
        except urllib.error.URLError as exc:
            raise _Retryable(f"connection failed: {exc.reason}") from None
        try:
            data = json.loads(raw)
            content = data["choices"][0]["message"]["content"]
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise _Retryable(f"malformed reply ({type(exc).__name__})") from None
        return content if isinstance(content, str) else ""


def _retry_after(value: str | None) -> float | None:
    try:
        return max(0.0, float(value)) if value else None
    except ValueError:
        return None


@register_backend("openai")
def make_openai_rewriter(
    model: str = "default", base_url: str = "http://127.0.0.1:8000/v1", **options: Any
) -> OpenAIRewriter:
    """Factory for the ``openai`` backend (ignores the rules-only arguments)."""
    for unused in ("vocabulary", "lexicon", "broad"):
        options.pop(unused, None)
    return OpenAIRewriter(model, base_url, **options)
