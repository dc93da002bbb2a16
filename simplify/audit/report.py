"""Markdown rendering of a drift report (from its ``to_dict()``), and small formatting helpers."""

from __future__ import annotations

from collections.abc import Mapping
from typing import Any

__all__ = ["fmt", "report_markdown"]

#: Rows of the overview table: (label, key in a group summary, format).
OVERVIEW_ROWS: tuple[tuple[str, str, str], ...] = (
    ("documents", "documents", "int"),
    ("word tokens", "tokens", "int"),
    ("word types", "types", "int"),
    ("types covering 95% of tokens", "types_for_95", "int"),
    ("types covering 99% of tokens", "types_for_99", "int"),
    ("vocabulary coverage", "coverage", "pct"),
    ("grade level (FKGL)", "fkgl", "1f"),
    ("words per document", "mean_doc_words", "0f"),
    ("words per sentence", "mean_sentence_words", "1f"),
    ("letters per word", "mean_word_chars", "2f"),
    ("non-ASCII characters", "non_ascii_share", "pct"),
    ("markup", "markup_share", "pct"),
    ("boilerplate lines", "boilerplate_share", "pct"),
    ("meta-commentary phrases", "meta_commentary", "int"),
    ("placeholder names", "placeholders", "int"),
)


def fmt(value: Any, kind: str = "") -> str:
    """Format a number for a report cell ("–" for missing)."""
    if value is None:
        return "–"
    if kind == "pct":
        return f"{100 * value:.1f}%"
    if kind == "int":
        return f"{round(value):,}"
    if kind in {"0f", "1f", "2f", "3f"} and isinstance(value, (int, float)):
        return f"{value:,.{kind[0]}f}"
    if isinstance(value, float):
        return f"{value:.3f}"
    return str(value)


def _table(header: list[str], rows: list[list[str]]) -> list[str]:
    lines = ["| " + " | ".join(header) + " |", "|" + "|".join("---" for _ in header) + "|"]
    lines += ["| " + " | ".join(cell.replace("|", "\\|") for cell in row) + " |" for row in rows]
    return lines


def report_markdown(data: Mapping[str, Any]) -> str:
    """The report as Markdown: overview, divergences, mean shifts, genres, paired checks, flags."""
    o, s = data["original"], data["simplified"]
    out = [f"# Drift audit ({data['mode']})", ""]
    if data.get("identical"):
        out += ["The two corpora are identical: nothing drifted.", ""]
    flags = data.get("flags", [])
    out += ["## Flags", ""]
    if not flags:
        out.append("No flags.")
    for flag in flags:
        where = f" (genre {flag['genre']})" if flag.get("genre") else ""
        out.append(f"- **{flag['code']}** [{flag['severity']}, {flag['count']:,}]{where}: {flag['message']}")
        for ex in flag.get("examples", [])[:3]:
            out.append(f"  - `{str(ex)[:160]}`")
    out += ["", "## Overview", ""]
    rows = [[label, fmt(o.get(key), kind), fmt(s.get(key), kind)] for label, key, kind in OVERVIEW_ROWS]
    out += _table(["", "original", "simplified"], rows)
    out += ["", f"Coverage is measured against the `{data.get('vocabulary')}` word list.", ""]
    out += ["## Jensen–Shannon divergence (bits)", ""]
    out += _table(["distribution", "JSD"], [[k, f"{v:.4f}"] for k, v in data["js_divergence"].items()])
    out += ["", "## Mean shifts per document (95% bootstrap CI)", ""]
    rows = []
    for name, m in data["mean_shift"].items():
        if m["shift"] is None:
            continue
        rows.append(
            [
                name,
                fmt(m["original"], "2f"),
                fmt(m["simplified"], "2f"),
                f"{m['shift']:+.2f} [{m['ci_low']:+.2f}, {m['ci_high']:+.2f}]",
            ]
        )
    out += _table(["statistic", "original", "simplified", "shift [CI]"], rows)
    out += ["", "## By genre", ""]
    rows = []
    for genre, entry in data["by_genre"].items():
        go, gs = entry.get("original") or {}, entry.get("simplified") or {}
        js = entry.get("js_divergence", {}).get("words")
        rows.append(
            [
                genre,
                fmt(go.get("documents"), "int"),
                f"{fmt(go.get('types'), 'int')} → {fmt(gs.get('types'), 'int')}",
                f"{fmt(go.get('coverage'), 'pct')} → {fmt(gs.get('coverage'), 'pct')}",
                f"{fmt(go.get('fkgl'), '1f')} → {fmt(gs.get('fkgl'), '1f')}",
                f"{fmt(go.get('mean_doc_words'), '0f')} → {fmt(gs.get('mean_doc_words'), '0f')}",
                fmt(js, "3f"),
            ]
        )
    out += _table(["genre", "docs", "types", "coverage", "FKGL", "words/doc", "JSD words"], rows)
    paired = data.get("paired")
    if paired:
        out += ["", "## Paired checks", ""]
        lr = paired.get("length_ratio") or {}
        meaning = paired.get("meaning") or {}
        rows = [
            ["pairs", fmt(paired["pairs"], "int")],
            ["dropped / empty outputs", f"{paired['dropped']} / {paired['empty']}"],
            ["copy rate", fmt(paired["copy_rate"], "pct")],
            [
                "mean length ratio (words)",
                f"{fmt(lr.get('mean'), '2f')} [{fmt(lr.get('ci_low'), '2f')}, {fmt(lr.get('ci_high'), '2f')}]",
            ],
            ["names and numbers kept", fmt(paired["entity_retention"], "pct")],
            ["BLEU against the source", fmt(paired["bleu"], "1f")],
            ["meaning preservation (cosine)", fmt(meaning.get("mean"), "3f")],
        ]
        out += _table(["check", "value"], rows)
    return "\n".join(out) + "\n"
