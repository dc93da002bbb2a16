"""One self-contained HTML page for a drift report: inline SVG plots drawn in Python, no network, no libraries.

The page ends with a tiny script that checks every plot rendered with a non-zero size and sets
``data-plots-ok="true"`` on ``<body>`` (what the headless-browser test reads).
"""

from __future__ import annotations

import html
import math
from collections.abc import Mapping, Sequence
from typing import Any

from .report import OVERVIEW_ROWS, fmt

__all__ = ["report_html"]

ORIGINAL = "#4C72B0"
SIMPLIFIED = "#DD8452"
_W, _H = 520, 260
_PAD_L, _PAD_R, _PAD_T, _PAD_B = 62, 26, 30, 58

_TITLES = {
    "word_chars": "Word length (letters)",
    "sentence_words": "Sentence length (words)",
    "doc_words": "Document length (words)",
    "zipf_bands": "Word frequency bands (Zipf, wordfreq; tokens)",
    "pos": "Parts of speech",
    "dep": "Dependency labels",
    "parse_depth": "Parse depth per sentence",
}


def _e(text: Any) -> str:
    return html.escape(str(text), quote=True)


def _svg_open(title: str) -> list[str]:
    return [
        f'<svg class="plot" role="img" aria-label="{_e(title)}" viewBox="0 0 {_W} {_H}" width="{_W}" height="{_H}"'
        ' xmlns="http://www.w3.org/2000/svg">',
        f'<text x="{_W / 2}" y="18" text-anchor="middle" class="ttl">{_e(title)}</text>',
    ]


def _legend(items: Sequence[tuple[str, str]]) -> list[str]:
    out = []
    x = _W - _PAD_R - 190
    for i, (name, color) in enumerate(items):
        out.append(f'<rect x="{x + i * 95}" y="26" width="10" height="10" fill="{color}"/>')
        out.append(f'<text x="{x + i * 95 + 14}" y="35" class="lg">{_e(name)}</text>')
    return out


def bar_chart(title: str, labels: Sequence[str], series: Sequence[tuple[str, Sequence[float], str]]) -> str:
    """Grouped bars of shares (each series normalised to sum 1)."""
    norm = []
    for name, values, color in series:
        total = sum(values) or 1.0
        norm.append((name, [v / total for v in values], color))
    top = max((max(v) for _, v, _ in norm if v), default=1.0) or 1.0
    pw, ph = _W - _PAD_L - _PAD_R, _H - _PAD_T - _PAD_B
    n = max(1, len(labels))
    group = pw / n
    bar = max(1.0, group * 0.8 / max(1, len(norm)))
    out = _svg_open(title)
    out.append(f'<line x1="{_PAD_L}" y1="{_PAD_T + ph}" x2="{_PAD_L + pw}" y2="{_PAD_T + ph}" class="ax"/>')
    for frac in (0.0, 0.5, 1.0):
        y = _PAD_T + ph - frac * ph
        out.append(
            f'<text x="{_PAD_L - 4}" y="{y + 4:.1f}" text-anchor="end" class="tk">{100 * frac * top:.0f}%</text>'
        )
        out.append(f'<line x1="{_PAD_L}" y1="{y:.1f}" x2="{_PAD_L + pw}" y2="{y:.1f}" class="grid"/>')
    for s, (name, values, color) in enumerate(norm):
        for i, v in enumerate(values):
            h = v / top * ph
            x = _PAD_L + i * group + group * 0.1 + s * bar
            out.append(
                f'<rect x="{x:.1f}" y="{_PAD_T + ph - h:.1f}" width="{bar:.1f}" height="{h:.1f}" fill="{color}"'
                f' fill-opacity="0.85"><title>{_e(name)} {_e(labels[i])}: {100 * v:.1f}%</title></rect>'
            )
    step = max(1, math.ceil(n / 16))
    for i, label in enumerate(labels):
        if i % step:
            continue
        x = _PAD_L + i * group + group / 2
        out.append(
            f'<text x="{x:.1f}" y="{_PAD_T + ph + 12}" class="tk" text-anchor="end"'
            f' transform="rotate(-45 {x:.1f} {_PAD_T + ph + 12})">{_e(label)}</text>'
        )
    out += _legend([(name, color) for name, _, color in norm])
    out.append("</svg>")
    return "\n".join(out)


def line_chart(
    title: str,
    series: Sequence[tuple[str, Sequence[Sequence[float]], str]],
    *,
    log_x: bool = True,
    log_y: bool = False,
    x_label: str = "",
    y_label: str = "",
) -> str:
    """Lines through (x, y) points, optionally on log axes."""

    def tx(v: float) -> float:
        return math.log10(max(v, 1e-12)) if log_x else v

    def ty(v: float) -> float:
        return math.log10(max(v, 1e-12)) if log_y else v

    pts = [(tx(x), ty(y)) for _, points, _ in series for x, y in points]
    out = _svg_open(title)
    pw, ph = _W - _PAD_L - _PAD_R, _H - _PAD_T - _PAD_B
    if not pts:
        out.append(f'<text x="{_W / 2}" y="{_H / 2}" text-anchor="middle" class="tk">no data</text></svg>')
        return "\n".join(out)
    x0, x1 = min(p[0] for p in pts), max(p[0] for p in pts)
    y0, y1 = min(p[1] for p in pts), max(p[1] for p in pts)
    if not log_y:
        y0 = min(0.0, y0)
    x1 = x1 if x1 > x0 else x0 + 1
    y1 = y1 if y1 > y0 else y0 + 1

    def px(v: float) -> float:
        return _PAD_L + (v - x0) / (x1 - x0) * pw

    def py(v: float) -> float:
        return _PAD_T + ph - (v - y0) / (y1 - y0) * ph

    out.append(f'<line x1="{_PAD_L}" y1="{_PAD_T + ph}" x2="{_PAD_L + pw}" y2="{_PAD_T + ph}" class="ax"/>')
    out.append(f'<line x1="{_PAD_L}" y1="{_PAD_T}" x2="{_PAD_L}" y2="{_PAD_T + ph}" class="ax"/>')
    for i in range(5):
        vx = x0 + (x1 - x0) * i / 4
        vy = y0 + (y1 - y0) * i / 4
        lx = f"{10**vx:,.0f}" if log_x else f"{vx:.2g}"
        ly = f"{10**vy:.1e}" if log_y else f"{100 * vy:.0f}%" if y1 <= 1.0001 else f"{vy:.2g}"
        out.append(
            f'<text x="{px(vx):.1f}" y="{_PAD_T + ph + 14}" text-anchor="middle" class="tk">{lx}</text>'
        )
        out.append(f'<text x="{_PAD_L - 4}" y="{py(vy) + 4:.1f}" text-anchor="end" class="tk">{ly}</text>')
        out.append(
            f'<line x1="{_PAD_L}" y1="{py(vy):.1f}" x2="{_PAD_L + pw}" y2="{py(vy):.1f}" class="grid"/>'
        )
    for name, points, color in series:
        path = " ".join(f"{px(tx(x)):.1f},{py(ty(y)):.1f}" for x, y in points)
        out.append(
            f'<polyline points="{path}" fill="none" stroke="{color}" stroke-width="2"><title>{_e(name)}</title></polyline>'
        )
    out.append(
        f'<text x="{_PAD_L + pw / 2}" y="{_H - 8}" text-anchor="middle" class="tk">{_e(x_label)}</text>'
    )
    out.append(
        f'<text x="10" y="{_PAD_T + ph / 2}" text-anchor="middle" class="tk" transform="rotate(-90 10 {_PAD_T + ph / 2})">{_e(y_label)}</text>'
    )
    out += _legend([(name, color) for name, _, color in series])
    out.append("</svg>")
    return "\n".join(out)


def _pair_bars(title: str, dist: Mapping[str, Mapping[str, float]], limit: int = 18) -> str:
    o, s = dist["original"], dist["simplified"]
    labels = (
        list(o) if list(o) == list(s) else sorted(set(o) | set(s), key=lambda k: -(o.get(k, 0) + s.get(k, 0)))
    )
    if len(labels) > limit and list(o) != list(s):
        labels = labels[:limit]
    # trim empty tails of fixed-bin histograms
    last = max((i for i, k in enumerate(labels) if o.get(k, 0) or s.get(k, 0)), default=0)
    labels = labels[: last + 1]
    return bar_chart(
        title,
        labels,
        [
            ("original", [o.get(k, 0) for k in labels], ORIGINAL),
            ("simplified", [s.get(k, 0) for k in labels], SIMPLIFIED),
        ],
    )


_CSS = """
body{font-family:system-ui,-apple-system,Segoe UI,Roboto,sans-serif;margin:24px auto;max-width:1120px;color:#222;
line-height:1.4;padding:0 16px}
h1{font-size:1.6em;margin-bottom:.2em}h2{font-size:1.2em;margin-top:1.6em;border-bottom:1px solid #ddd}
table{border-collapse:collapse;margin:8px 0;font-size:.92em}td,th{border:1px solid #ddd;padding:4px 8px;text-align:right}
th{background:#f4f4f4}td:first-child,th:first-child{text-align:left}
.grid-plots{display:flex;flex-wrap:wrap;gap:12px}.plot{background:#fff;border:1px solid #e3e3e3;border-radius:6px}
.ttl{font-size:13px;font-weight:600}.tk{font-size:10px;fill:#555}.lg{font-size:11px}
.ax{stroke:#888;stroke-width:1}.grid{stroke:#eee;stroke-width:1}
.flag{border-left:4px solid #c44;background:#fff6f6;padding:6px 10px;margin:6px 0;border-radius:4px}
.flag.info{border-color:#48c;background:#f4f8ff}.code{font-family:ui-monospace,monospace;font-weight:600}
.ex{font-family:ui-monospace,monospace;font-size:.85em;color:#555;white-space:pre-wrap;margin:2px 0 0 12px}
.ok{color:#262}.muted{color:#777}
"""

_CHECK = """
<script>
(function(){var svgs=document.querySelectorAll('svg.plot');var ok=svgs.length>0;
svgs.forEach(function(s){var r=s.getBoundingClientRect();if(!(r.width>0&&r.height>0&&s.childElementCount>2))ok=false;});
document.body.setAttribute('data-plots',String(svgs.length));
document.body.setAttribute('data-plots-ok',ok?'true':'false');})();
</script>
"""


def report_html(data: Mapping[str, Any]) -> str:
    """The report as one HTML page (inline CSS and SVG)."""
    o, s = data["original"], data["simplified"]
    parts = [
        "<!DOCTYPE html>",
        '<html lang="en"><head><meta charset="utf-8"><meta name="viewport" content="width=device-width">',
        f"<title>Drift audit ({_e(data['mode'])})</title><style>{_CSS}</style></head><body>",
        f"<h1>What simplification did to this corpus</h1><p class='muted'>{_e(data['mode'])} audit · "
        f"{o['documents']:,} original and {s['documents']:,} simplified documents · vocabulary "
        f"<b>{_e(data.get('vocabulary'))}</b></p>",
    ]
    flags = data.get("flags", [])
    parts.append("<h2>Flags</h2>")
    if data.get("identical"):
        parts.append("<p class='ok'>The two corpora are identical: nothing drifted.</p>")
    if not flags:
        parts.append("<p class='ok'>No flags.</p>")
    for flag in flags:
        where = f" · genre {_e(flag['genre'])}" if flag.get("genre") else ""
        exs = "".join(f"<div class='ex'>{_e(str(ex)[:220])}</div>" for ex in flag.get("examples", [])[:3])
        parts.append(
            f"<div class='flag {_e(flag['severity'])}'><span class='code'>{_e(flag['code'])}</span> "
            f"<span class='muted'>({_e(flag['severity'])}, {flag['count']:,}{where})</span><br>{_e(flag['message'])}{exs}</div>"
        )
    parts.append("<h2>Overview</h2><table><tr><th></th><th>original</th><th>simplified</th></tr>")
    for label, key, kind in OVERVIEW_ROWS:
        parts.append(
            f"<tr><td>{_e(label)}</td><td>{fmt(o.get(key), kind)}</td><td>{fmt(s.get(key), kind)}</td></tr>"
        )
    parts.append("</table>")

    plots = data.get("plots", {})
    curves = plots.get("curves", {})
    parts.append("<h2>Vocabulary</h2><div class='grid-plots'>")
    parts.append(
        line_chart(
            "Rank–frequency (log–log)",
            [
                ("original", curves.get("original", {}).get("rank_frequency", []), ORIGINAL),
                ("simplified", curves.get("simplified", {}).get("rank_frequency", []), SIMPLIFIED),
            ],
            log_y=True,
            x_label="rank of word type",
            y_label="share of tokens",
        )
    )
    parts.append(
        line_chart(
            "Coverage: tokens covered by the top-N types",
            [
                ("original", curves.get("original", {}).get("coverage", []), ORIGINAL),
                ("simplified", curves.get("simplified", {}).get("coverage", []), SIMPLIFIED),
            ],
            x_label="N most frequent types",
            y_label="tokens covered",
        )
    )
    parts.append("</div><h2>Distributions</h2><div class='grid-plots'>")
    for name, dist in plots.get("distributions", {}).items():
        js = data["js_divergence"].get(name)
        title = _TITLES.get(name, name) + (f" · JSD {js:.3f}" if js is not None else "")
        parts.append(_pair_bars(title, dist))
    paired = data.get("paired")
    if paired:
        hist = paired["length_ratio_histogram"]
        parts.append(
            bar_chart(
                "Paired: output/source length (% of words)",
                hist["labels"],
                [("documents", hist["counts"], SIMPLIFIED)],
            )
        )
        if paired.get("meaning"):
            mh = paired["meaning"]["histogram"]
            parts.append(
                bar_chart(
                    "Paired: meaning preservation (cosine × 100)",
                    mh["labels"],
                    [("pairs", mh["counts"], ORIGINAL)],
                )
            )
    parts.append("</div>")

    parts.append(
        "<h2>By genre</h2><table><tr><th>genre</th><th>docs</th><th>types</th><th>coverage</th><th>FKGL</th>"
        "<th>words/doc</th><th>meta</th><th>placeholders</th><th>JSD words</th></tr>"
    )
    for genre, entry in data["by_genre"].items():
        go, gs = entry.get("original") or {}, entry.get("simplified") or {}
        js = entry.get("js_divergence", {}).get("words")
        cells = [
            fmt(go.get("documents"), "int"),
            f"{fmt(go.get('types'), 'int')} → {fmt(gs.get('types'), 'int')}",
            f"{fmt(go.get('coverage'), 'pct')} → {fmt(gs.get('coverage'), 'pct')}",
            f"{fmt(go.get('fkgl'), '1f')} → {fmt(gs.get('fkgl'), '1f')}",
            f"{fmt(go.get('mean_doc_words'), '0f')} → {fmt(gs.get('mean_doc_words'), '0f')}",
            f"{fmt(go.get('meta_commentary'), 'int')} → {fmt(gs.get('meta_commentary'), 'int')}",
            f"{fmt(go.get('placeholders'), 'int')} → {fmt(gs.get('placeholders'), 'int')}",
            fmt(js, "3f"),
        ]
        parts.append(f"<tr><td>{_e(genre)}</td>" + "".join(f"<td>{c}</td>" for c in cells) + "</tr>")
    parts.append("</table>")

    parts.append(
        "<h2>Mean shifts per document (95% bootstrap CI)</h2><table><tr><th>statistic</th><th>original</th>"
        "<th>simplified</th><th>shift</th><th>CI</th></tr>"
    )
    for name, m in data["mean_shift"].items():
        if m["shift"] is None:
            continue
        parts.append(
            f"<tr><td>{_e(name)}</td><td>{fmt(m['original'], '2f')}</td><td>{fmt(m['simplified'], '2f')}</td>"
            f"<td>{m['shift']:+.2f}</td><td>[{m['ci_low']:+.2f}, {m['ci_high']:+.2f}]</td></tr>"
        )
    parts.append("</table>")
    if paired:
        lr = paired.get("length_ratio") or {}
        meaning = paired.get("meaning") or {}
        rows = [
            ("pairs", fmt(paired["pairs"], "int")),
            ("dropped / empty outputs", f"{paired['dropped']} / {paired['empty']}"),
            ("copy rate", fmt(paired["copy_rate"], "pct")),
            (
                "mean length ratio",
                f"{fmt(lr.get('mean'), '2f')} [{fmt(lr.get('ci_low'), '2f')}, {fmt(lr.get('ci_high'), '2f')}]",
            ),
            ("names and numbers kept", fmt(paired["entity_retention"], "pct")),
            ("BLEU against the source", fmt(paired["bleu"], "1f")),
            ("meaning preservation", fmt(meaning.get("mean"), "3f")),
        ]
        parts.append("<h2>Paired checks</h2><table>")
        parts += [f"<tr><td>{_e(k)}</td><td>{v}</td></tr>" for k, v in rows]
        parts.append("</table>")
    parts.append(
        "<h2>Divergences (Jensen–Shannon, bits)</h2><table><tr><th>distribution</th><th>JSD</th></tr>"
    )
    parts += [f"<tr><td>{_e(k)}</td><td>{v:.4f}</td></tr>" for k, v in data["js_divergence"].items()]
    parts.append("</table>")
    parts.append(_CHECK)
    parts.append("</body></html>")
    return "\n".join(parts)
