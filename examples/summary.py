"""Print a short before/after summary of a `simplify run` output file (used by `make example`)."""

from __future__ import annotations

import json
import sys
import textwrap
from collections import defaultdict
from pathlib import Path


def main(path: str) -> None:
    records = [
        json.loads(line) for line in Path(path).read_text(encoding="utf-8").splitlines() if line.strip()
    ]
    by_genre: dict[str, list[dict]] = defaultdict(list)
    for record in records:
        by_genre[record["simplify_stats"]["genre"]].append(record)
    print(f"\n{len(records)} documents simplified -> {path}\n")
    print(
        f"{'genre':<13}{'docs':>5}{'coverage before':>17}{'after':>8}{'substitutions':>15}{'splits':>8}{'deletions':>11}"
    )
    for genre, rows in sorted(by_genre.items()):
        stats = [r["simplify_stats"] for r in rows]
        before = sum((s["coverage_before"] or 0) * s["checkable_before"] for s in stats)
        after = sum((s["coverage_after"] or 0) * s["checkable_after"] for s in stats)
        n_before = sum(s["checkable_before"] for s in stats)
        n_after = sum(s["checkable_after"] for s in stats)
        cov_b = f"{100 * before / n_before:.1f}%" if n_before else "n/a"
        cov_a = f"{100 * after / n_after:.1f}%" if n_after else "n/a"
        edits = defaultdict(int)
        for s in stats:
            for kind, count in s["edits"].items():
                edits[kind] += count
        print(
            f"{genre:<13}{len(rows):>5}{cov_b:>17}{cov_a:>8}{edits['substitute']:>15}{edits['split']:>8}"
            f"{edits['delete']:>11}"
        )
    shown = 0
    for record in records:
        if record["simplified"] != record["text"] and record["simplify_stats"]["genre"] in (
            "wiki",
            "web",
            "book",
        ):
            print(f"\n--- {record['id']} ({record['simplify_stats']['genre']}) before:")
            print(textwrap.indent(textwrap.fill(record["text"][:300] + " ...", 100), "  "))
            print("--- after:")
            print(textwrap.indent(textwrap.fill(record["simplified"][:300] + " ...", 100), "  "))
            shown += 1
        if shown == 3:
            break


if __name__ == "__main__":
    main(sys.argv[1] if len(sys.argv) > 1 else "examples/output/leaner.jsonl")
