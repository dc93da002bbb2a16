"""The OpenAI-compatible backend against a fault-injecting HTTP server on 127.0.0.1 (no network)."""

from __future__ import annotations

import json
import logging
import re
import threading
from collections import Counter
from collections.abc import Iterator
from http.server import BaseHTTPRequestHandler, ThreadingHTTPServer
from pathlib import Path

import pytest

from simplify import LeanerSimplifier
from simplify.rewriters.base import RewriteRequest, get_backend_factory
from simplify.rewriters.openai import BackendError, OpenAIRewriter, RequestCache

SECRET = "sk-test-0123456789-never-log-me"


class FaultServer(ThreadingHTTPServer):
    """Answers with the document it was given; ``MODE:<kind>:<n>`` in the document injects faults n times."""

    daemon_threads = True

    def __init__(self) -> None:
        super().__init__(("127.0.0.1", 0), Handler)
        self.hits: Counter[str] = Counter()
        self.auth: list[str | None] = []
        self.lock = threading.Lock()


class Handler(BaseHTTPRequestHandler):
    server: FaultServer

    def log_message(self, format: str, *args: object) -> None:  # keep test output quiet
        pass

    def _send(self, code: int, body: bytes, headers: dict[str, str] | None = None) -> None:
        self.send_response(code)
        self.send_header("Content-Type", "application/json")
        self.send_header("Content-Length", str(len(body)))
        for k, v in (headers or {}).items():
            self.send_header(k, v)
        self.end_headers()
        self.wfile.write(body)

    def do_POST(self) -> None:
        data = json.loads(self.rfile.read(int(self.headers["Content-Length"])))
        user = data["messages"][-1]["content"]
        doc = user.split("<document>\n", 1)[1].split("\n</document>", 1)[0]
        with self.server.lock:
            self.server.hits[doc] += 1
            hit = self.server.hits[doc]
            self.server.auth.append(self.headers.get("Authorization"))
        m = re.search(r"MODE:(\w+)(?::(\d+))?", doc)
        kind, times = (m.group(1), int(m.group(2) or 0)) if m else ("ok", 0)
        reply = doc
        if hit <= times:
            if kind == "e500":
                return self._send(500, b'{"error": "boom"}')
            if kind == "e429":
                return self._send(429, b'{"error": "slow down"}', {"Retry-After": "0"})
            if kind == "e400":
                return self._send(400, b'{"error": "bad request"}')
            if kind == "slow":
                threading.Event().wait(1.0)
            if kind == "badjson":
                return self._send(200, b'{"choices": [ not json')
        if kind == "empty":
            reply = ""
        if kind == "refuse":
            reply = "I'm sorry, but I cannot help with that request."
        body = {"choices": [{"message": {"role": "assistant", "content": reply}}]}
        self._send(200, json.dumps(body).encode())


@pytest.fixture
def server() -> Iterator[FaultServer]:
    srv = FaultServer()
    thread = threading.Thread(target=srv.serve_forever, daemon=True)
    thread.start()
    yield srv
    srv.shutdown()
    srv.server_close()


def url(srv: FaultServer) -> str:
    return f"http://127.0.0.1:{srv.server_address[1]}/v1"


def rewriter(srv: FaultServer, **kw) -> OpenAIRewriter:
    kw.setdefault("timeout", 0.5)
    kw.setdefault("backoff", 0.01)
    kw.setdefault("max_retries", 3)
    return OpenAIRewriter("tiny", url(srv), **kw)


def ask(rw: OpenAIRewriter, *docs: str) -> list[str | BaseException]:
    return rw.rewrite_requests([RewriteRequest(d, "book") for d in docs])


@pytest.mark.parametrize("kind", ["e500", "e429", "slow", "badjson"])
def test_transient_faults_are_retried(server, kind):
    doc = f"The cat sat. MODE:{kind}:2"
    assert ask(rewriter(server), doc) == [doc]
    assert server.hits[doc] == 3


def test_gives_up_after_max_retries_and_does_not_retry_400(server):
    (reply,) = ask(rewriter(server, max_retries=1), "x MODE:e500:9")
    assert isinstance(reply, BackendError) and server.hits["x MODE:e500:9"] == 2
    (reply,) = ask(rewriter(server), "y MODE:e400:9")
    assert isinstance(reply, BackendError) and "400" in str(reply) and server.hits["y MODE:e400:9"] == 1
    with pytest.raises(BackendError):
        rewriter(server, max_retries=0).rewrite_batch(["z MODE:e500:1"], ["book"])


def test_empty_and_refusal_replies_come_back_as_text(server):
    assert ask(rewriter(server), "a MODE:empty:0", "b MODE:refuse:0") == [
        "",
        "I'm sorry, but I cannot help with that request.",
    ]


def test_concurrency_order_and_api_key_never_logged(server, monkeypatch, caplog):
    monkeypatch.setenv("LEANER_TEST_KEY", SECRET)
    caplog.set_level(logging.DEBUG)
    docs = [f"doc {n} MODE:e500:{n % 2}" for n in range(12)]
    rw = rewriter(server, api_key_env="LEANER_TEST_KEY", max_workers=4)
    assert ask(rw, *docs) == docs
    assert set(server.auth) == {f"Bearer {SECRET}"}
    assert SECRET not in caplog.text and SECRET not in repr(rw)


def test_cache_persists_across_instances(server, tmp_path: Path):
    path = tmp_path / "cache.sqlite"
    assert ask(rewriter(server, cache_path=path), "cached one") == ["cached one"]
    assert ask(rewriter(server, cache_path=path), "cached one") == ["cached one"]
    assert server.hits["cached one"] == 1 and len(RequestCache(path)) == 1
    assert ask(rewriter(server, cache_path=path, temperature=0.5), "cached one") == ["cached one"]
    assert server.hits["cached one"] == 2  # other parameters, other key
    ask(rewriter(server, cache_path=path), "nothing MODE:empty:0")
    assert len(RequestCache(path)) == 2  # empty replies are not cached


def test_end_to_end_through_the_simplifier(server):
    s = LeanerSimplifier(
        "openai",
        genre="book",
        backend_options={"model": "tiny", "base_url": url(server), "timeout": 2.0, "backoff": 0.01},
    )
    text = "The cat sat on the mat. It was a good day."
    r = s(text)
    assert r.text == text and r.chunks[0].backend == "openai:tiny"
    refused = s("The dog sat on the mat. MODE:refuse")
    assert refused.chunks[0].backend == "rules" and "dog" in refused.text
    assert any(x.startswith("meta") for x in refused.chunks[0].reasons), refused.chunks
    assert get_backend_factory("openai") is not None


def test_model_and_base_url_shorthands(server):
    s = LeanerSimplifier(
        backend="openai",
        model="tiny",
        base_url=url(server),
        genre="book",
        backend_options={"timeout": 2.0, "backoff": 0.01},
    )
    text = "The cat sat on the mat. It was a good day."
    r = s(text)
    assert r.text == text and r.chunks[0].backend == "openai:tiny"


def test_cli_run_with_the_openai_backend(server, tmp_path: Path, capsys):
    import json

    from simplify.cli import main

    src = tmp_path / "in.jsonl"
    src.write_text(
        json.dumps({"id": 1, "genre": "book", "text": "The cat sat on the mat. It was a good day."}) + "\n"
    )
    out = tmp_path / "out.jsonl"
    args = ["run", str(src), "-o", str(out), "--no-progress", "--backend", "openai", "--model", "tiny"]
    assert main([*args, "--base-url", url(server), "--cache", str(tmp_path / "cache.sqlite")]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["read"] == summary["written"] == 1
    (record,) = [json.loads(line) for line in out.read_text().splitlines()]
    assert record["simplified"] == record["text"]
    assert record["simplify_stats"]["backend"].startswith("openai")
