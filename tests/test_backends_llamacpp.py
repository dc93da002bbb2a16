"""The llama.cpp backend with the installed Gemma-3-270M GGUF, in-process and behind a real
``python -m llama_cpp.server`` on loopback (through the OpenAI-compatible backend)."""

from __future__ import annotations

import os
import re
import socket
import subprocess
import sys
import time
import urllib.request
from pathlib import Path

import pytest

pytest.importorskip("llama_cpp")

from simplify import LeanerSimplifier
from simplify.rewriters.base import RewriteRequest
from simplify.rewriters.constrained import allowed_words, gbnf_grammar
from simplify.rewriters.llamacpp import LlamaCppRewriter, find_gguf
from simplify.vocab import Vocabulary

pytestmark = pytest.mark.slow
TEXT = "The cat sat on the mat. It was a good day."


@pytest.fixture(scope="module")
def gguf(tmp_path_factory) -> Path:
    try:
        return find_gguf(cache_dir=tmp_path_factory.mktemp("gguf"))
    except Exception as exc:  # the model package is optional
        pytest.skip(f"no Gemma GGUF package: {exc}")


def test_in_process_greedy_and_deterministic(gguf):
    rw = LlamaCppRewriter(gguf, n_ctx=2048, max_tokens=24)
    assert rw.name.startswith("llamacpp:gemma")
    req = RewriteRequest(TEXT, "book")
    first, second = rw.rewrite_requests([req, req])
    assert isinstance(first, str) and first == second


def test_grammar_constrains_words(gguf):
    words = allowed_words(
        Vocabulary.from_words(["cat", "sat", "mat", "the", "on", "a", "good", "day", "it", "was"])
    )
    rw = LlamaCppRewriter(gguf, n_ctx=2048, max_tokens=16, grammar=gbnf_grammar(sorted(words)))
    (reply,) = rw.rewrite_requests([RewriteRequest(TEXT, "book")])
    assert isinstance(reply, str)
    assert {w.lower() for w in re.findall(r"[A-Za-z]+", reply)} <= words


def test_simplifier_with_llamacpp_never_drops_text(gguf):
    s = LeanerSimplifier("llamacpp", genre="book", backend_options={"model_path": gguf, "max_tokens": 32})
    r = s(TEXT)
    assert r.chunks and {c.backend for c in r.chunks} <= {"rules", s.backend.name}
    assert "cat" in r.text


def _free_port() -> int:
    with socket.socket() as sock:
        sock.bind(("127.0.0.1", 0))
        return int(sock.getsockname()[1])


def test_against_a_real_llama_cpp_server(gguf, tmp_path):
    port = _free_port()
    env = {**os.environ, "HF_HUB_OFFLINE": "1"}
    cmd = [sys.executable, "-m", "llama_cpp.server", "--model", str(gguf), "--host", "127.0.0.1"]
    cmd += ["--port", str(port), "--n_ctx", "2048", "--model_alias", "gemma"]
    log = (tmp_path / "server.log").open("w")
    proc = subprocess.Popen(cmd, stdout=log, stderr=subprocess.STDOUT, env=env)
    try:
        base = f"http://127.0.0.1:{port}/v1"
        deadline = time.monotonic() + 120
        while True:
            try:
                urllib.request.urlopen(base + "/models", timeout=2).read()
                break
            except OSError:
                if proc.poll() is not None or time.monotonic() > deadline:
                    pytest.fail(f"server did not start: {(tmp_path / 'server.log').read_text()[-2000:]}")
                time.sleep(0.5)
        options = {
            "model": "gemma",
            "base_url": base,
            "timeout": 60,
            "max_tokens": 32,
            "cache_path": tmp_path / "c.db",
        }
        s = LeanerSimplifier("openai", genre="book", backend_options=options)
        r = s(TEXT)
        assert r.backend == "openai:gemma" and r.chunks and r.chunks[0].attempts >= 1
        assert {c.backend for c in r.chunks} <= {"rules", "openai:gemma"} and "cat" in r.text
        again = s(TEXT)  # served from the request cache: same answer
        assert again.text == r.text
    finally:
        proc.terminate()
        try:
            proc.wait(timeout=20)
        except subprocess.TimeoutExpired:
            proc.kill()
        log.close()
