"""The command line, run in-process through simplify.cli.main and once as the installed console script."""

from __future__ import annotations

import gzip
import json
import shutil
import subprocess
import sys
from pathlib import Path

import pytest

from simplify.cli import default_errors_path, main

EXAMPLES = Path(__file__).resolve().parent.parent / "examples" / "corpus.jsonl"


def read_jsonl(path: Path) -> list[dict]:
    opener = gzip.open if path.suffix == ".gz" else open
    with opener(path, "rt", encoding="utf-8") as fh:
        return [json.loads(line) for line in fh]


def test_run_keeps_fields_and_accounts_for_every_line(tmp_path, capsys):
    src = tmp_path / "in.jsonl"
    lines = [
        json.dumps(
            {"id": "a", "text": "The committee subsequently promulgated regulations.", "extra": [1, 2]}
        ),
        "this is not json",
        json.dumps({"id": "b", "body": "no text field"}),
        json.dumps({"id": "c", "text": 7}),
        "",
        json.dumps({"id": "d", "genre": "math", "text": "Evaluate $2+2$."}),
    ]
    src.write_bytes(("\n".join(lines) + "\n").encode() + b'{"id": "e", "text": "bad \xff byte"}\n')
    out = tmp_path / "out.jsonl.gz"
    assert main(["run", str(src), "-o", str(out), "--no-progress"]) == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert summary["read"] == 7
    assert summary["written"] == 2 and summary["errors"] == 5 and summary["accounted"]
    records = read_jsonl(out)
    assert [r["id"] for r in records] == ["a", "d"]
    assert records[0]["extra"] == [1, 2]
    assert records[0]["simplified"] != records[0]["text"]
    assert records[0]["simplify_stats"]["coverage_after"] >= records[0]["simplify_stats"]["coverage_before"]
    assert records[1]["simplified"] == records[1]["text"] and records[1]["simplify_stats"]["genre"] == "math"
    errors = read_jsonl(Path(default_errors_path(str(out))))
    assert [e["line"] for e in errors] == [2, 3, 4, 5, 7]
    assert all(e["reason"] for e in errors)


def test_run_zst_and_failed_record_goes_to_errors(tmp_path, capsys):
    zstandard = pytest.importorskip("zstandard")
    src = tmp_path / "in.jsonl.zst"
    payload = "\n".join(
        [json.dumps({"id": 1, "text": "Short text."}), json.dumps({"id": 2, "text": "x" * 500})]
    ).encode()
    src.write_bytes(zstandard.ZstdCompressor().compress(payload))
    out = tmp_path / "out.jsonl.zst"
    errors = tmp_path / "errs.jsonl"
    code = main(
        ["run", str(src), "-o", str(out), "--errors", str(errors), "--max-chars", "100", "--no-progress"]
    )
    assert code == 0
    summary = json.loads(capsys.readouterr().out.strip().splitlines()[-1])
    assert (summary["read"], summary["written"], summary["errors"]) == (2, 1, 1)
    (error,) = read_jsonl(errors)
    assert (
        error["line"] == 2
        and error["id"] == 2
        and error["stage"] == "input"
        and "max_chars" in error["reason"]
    )


def test_vocab_check_json(tmp_path, capsys):
    assert main(["vocab", "check", str(EXAMPLES), "--json", "--top", "5"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert 0 < data["coverage"] < 1 and len(data["top_oov"]) == 5


def test_eval_on_tiny_files(tmp_path, capsys):
    orig = tmp_path / "orig.txt"
    orig.write_text("About 95 species are currently accepted.\nThe cat perched on the mat.\n")
    system = tmp_path / "sys.txt"
    system.write_text("About 95 you now get in.\nCat on mat.\n")
    refs = []
    for k, lines in enumerate(
        [
            ["About 95 species are currently known.", "The cat sat on the mat."],
            ["About 95 species are now accepted.", "The cat is on the mat."],
            ["95 species are now accepted.", "The cat sat."],
        ]
    ):
        ref = tmp_path / f"ref.{k}"
        ref.write_text("\n".join(lines) + "\n")
        refs.append(str(ref))
    assert main(["eval", "--orig", str(orig), "--sys", str(system), "--refs", *refs, "--json"]) == 0
    data = json.loads(capsys.readouterr().out)
    assert data["sari"] == pytest.approx(33.17472563619544)
    assert data["sari_add"] + data["sari_keep"] + data["sari_delete"] == pytest.approx(3 * data["sari"])
    assert data["coverage_sys"] is not None


def test_eval_rejects_unparallel_files(tmp_path, capsys):
    a = tmp_path / "a"
    a.write_text("one\ntwo\n")
    b = tmp_path / "b"
    b.write_text("one\n")
    assert main(["eval", "--orig", str(a), "--sys", str(b), "--refs", str(a), "--no-coverage"]) == 2


@pytest.mark.slow
def test_console_script_runs_the_example(tmp_path):
    exe = shutil.which("simplify", path=str(Path(sys.executable).parent))
    assert exe, "the simplify console script is not installed in this environment"
    out = tmp_path / "leaner.jsonl"
    done = subprocess.run(
        [exe, "run", str(EXAMPLES), "-o", str(out)], capture_output=True, text=True, check=True
    )
    summary = json.loads(done.stdout.strip().splitlines()[-1])
    assert summary["read"] == summary["written"] == len(read_jsonl(out))


def test_run_from_stdin_to_stdout_keeps_records_clean(tmp_path, capsys, monkeypatch):
    import io

    payload = b'{"text": "We commenced the journey."}\n{"bad\n'
    monkeypatch.setattr("sys.stdin", io.TextIOWrapper(io.BytesIO(payload)))
    errors = tmp_path / "e.jsonl"
    assert main(["run", "-", "-o", "-", "--errors", str(errors), "--no-progress"]) == 0
    captured = capsys.readouterr()
    (record,) = [json.loads(line) for line in captured.out.splitlines()]
    assert record["simplified"] == "We started the journey."
    summary = json.loads(captured.err.strip().splitlines()[-1])
    assert summary["read"] == 2 and summary["errors"] == 1
