"""The HTML report renders in headless Chromium: it loads without errors and every plot has a size."""

from __future__ import annotations

import re
import shutil
import subprocess

import pytest

from simplify.audit import audit_drift

CHROMIUM = shutil.which("chromium") or shutil.which("chromium-browser") or shutil.which("google-chrome")

ORIG = [
    "The committee subsequently promulgated regulations. Professor Smith of Scotland objected.",
    "Alice: Where is the train?\nBob: It left at 9.\nAlice: Oh no!",
    "Here is a list:\n- apples\n- pears\n\n```python\nprint('hi')\n```",
] * 5
SIMP = [
    "The group later made rules. Person A of SC country did not agree. Here is the simplified version.",
    "Alice: Where is the train?\nBob: It left at 9.\nAlice: Oh no!",
    "Here is a list:\n- apples\n- pears\n\n```python\nprint('hi')\n```",
] * 5


def test_html_is_self_contained(tmp_path):
    page = audit_drift(ORIG, SIMP, paired=True).to_html()
    assert page.startswith("<!DOCTYPE html>")
    assert page.count("<svg") >= 6
    assert not re.search(r"(src|href)=\"https?://", page)
    assert "placeholder_names" in page


@pytest.mark.slow
@pytest.mark.skipif(
    CHROMIUM is None, reason="needs chromium (apt-get install -y chromium) for the browser test"
)
def test_html_renders_in_headless_chromium(tmp_path):
    path = tmp_path / "report.html"
    audit_drift(ORIG, SIMP, paired=True).save_html(path)
    flags = [
        "--headless",
        "--no-sandbox",
        "--disable-gpu",
        "--disable-quic",
        "--no-first-run",
        "--disable-background-networking",
        "--disable-component-update",
        "--disable-sync",
        f"--user-data-dir={tmp_path / 'profile'}",
        "--enable-logging=stderr",
        "--v=0",
    ]
    dom = subprocess.run(
        [CHROMIUM, *flags, "--dump-dom", path.as_uri()], capture_output=True, text=True, timeout=120
    )
    assert dom.returncode == 0, dom.stderr[-2000:]
    body = re.search(r"<body[^>]*>", dom.stdout)
    assert body, dom.stdout[:500]
    assert 'data-plots-ok="true"' in body.group(), body.group()
    n_plots = int(re.search(r'data-plots="(\d+)"', body.group()).group(1))
    assert n_plots >= 6 and dom.stdout.count("<svg") == n_plots
    console_errors = [
        line for line in dom.stderr.splitlines() if "CONSOLE" in line and "ERROR" in line.upper()
    ]
    assert not console_errors, console_errors
    shot = tmp_path / "shot.png"
    run = subprocess.run(
        [CHROMIUM, *flags, "--window-size=1200,2400", f"--screenshot={shot}", path.as_uri()],
        capture_output=True,
        text=True,
        timeout=120,
    )
    assert run.returncode == 0 and shot.stat().st_size > 10_000
