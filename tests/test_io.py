"""Tests for simplify.io: compressed round-trips, the atomic writer and line-exact error accounting."""

from __future__ import annotations

import gzip
import io
import json
import sys
from pathlib import Path

import pytest
import zstandard
from hypothesis import HealthCheck, given, settings
from hypothesis import strategies as st

from simplify.errors import InputError
from simplify.io import (
    JsonlWriter,
    LineError,
    RecordError,
    count_lines,
    get_field,
    iter_lines,
    iter_records,
    open_binary,
    open_text,
    parse_record,
    read_lines_text,
)

RECORDS = [
    {"id": 1, "text": "Plain ASCII."},
    {"id": "b", "text": "Ünïcödé — “quotes” and 中文 and emoji 🙂", "meta": {"n": [1, 2]}},
    {"id": 3, "text": "line\nbreaks\r\nand\ttabs inside \u2028 a string \x85"},
    {"id": 4, "text": ""},
]


def _split(results: list) -> tuple[list[dict], list[LineError]]:
    ok: list[dict] = []
    errors: list[LineError] = []
    for _, record, error in results:
        assert (record is None) != (error is None)
        if record is not None:
            ok.append(record)
        else:
            errors.append(error)
    return ok, errors


@pytest.mark.parametrize("name", ["out.jsonl", "out.jsonl.gz", "out.jsonl.zst", "out.txt"])
def test_round_trip(tmp_path: Path, name: str) -> None:
    path = tmp_path / name
    with JsonlWriter(path) as writer:
        for record in RECORDS:
            writer.write(record)
    assert writer.count == len(RECORDS)
    assert count_lines(path) == len(RECORDS)
    results = list(iter_records(path, id_field="id"))
    assert [n for n, _, _ in results] == [1, 2, 3, 4]
    assert [r for _, r, _ in results] == RECORDS
    # Lines never contain characters that str.splitlines() would break on.
    with open_text(path) as fh:
        assert len(fh.read().splitlines()) == len(RECORDS)


def test_compression_is_real(tmp_path: Path) -> None:
    for name, magic in [("a.jsonl.gz", b"\x1f\x8b"), ("a.jsonl.zst", b"\x28\xb5\x2f\xfd")]:
        with JsonlWriter(tmp_path / name) as writer:
            writer.write({"text": "x" * 10_000})
        data = (tmp_path / name).read_bytes()
        assert data.startswith(magic)
        assert len(data) < 1_000


def test_open_text_binary_round_trip(tmp_path: Path) -> None:
    for name in ["t.txt", "t.txt.gz", "t.txt.zst"]:
        with open_text(tmp_path / name, "w") as fh:
            fh.write("één\ntwee\n")
        with open_text(tmp_path / name) as fh:
            assert fh.read() == "één\ntwee\n"
        with open_binary(tmp_path / name) as fh:
            assert fh.read() == "één\ntwee\n".encode()


def test_zstd_multiple_frames_and_gzip_members(tmp_path: Path) -> None:
    zst = tmp_path / "multi.jsonl.zst"
    cctx = zstandard.ZstdCompressor()
    zst.write_bytes(cctx.compress(b'{"text": "a"}\n') + cctx.compress(b'{"text": "b"}\n'))
    gz = tmp_path / "multi.jsonl.gz"
    gz.write_bytes(gzip.compress(b'{"text": "a"}\n') + gzip.compress(b'{"text": "b"}'))
    for path in (zst, gz):
        assert [r["text"] for _, r, _ in iter_records(path)] == ["a", "b"]
        assert count_lines(path) == 2


def test_corrupt_compressed_file_is_input_error(tmp_path: Path) -> None:
    bad = tmp_path / "bad.jsonl.gz"
    bad.write_bytes(b"this is not gzip\n")
    with pytest.raises(InputError, match="corrupt or truncated"):
        list(iter_lines(bad))
    with pytest.raises(InputError, match="corrupt or truncated"):
        count_lines(bad)


def test_atomic_writer_success_leaves_no_temp(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl.zst"
    path.write_bytes(b"old")
    with JsonlWriter(path) as writer:
        writer.write({"text": "new"})
        assert not path.read_bytes().startswith(b"\x28\xb5")  # not yet replaced
        assert len(list(tmp_path.iterdir())) == 2
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl.zst"]
    assert [r for _, r, _ in iter_records(path)] == [{"text": "new"}]


def test_atomic_writer_failure_keeps_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    path.write_text('{"text": "old"}\n')
    with pytest.raises(RuntimeError), JsonlWriter(path) as writer:
        writer.write({"text": "new"})
        raise RuntimeError("boom")
    assert [p.name for p in tmp_path.iterdir()] == ["out.jsonl"]
    assert path.read_text() == '{"text": "old"}\n'


def test_atomic_writer_failure_without_old_file(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl.gz"
    with pytest.raises(KeyboardInterrupt), JsonlWriter(path) as writer:
        writer.write({"text": "new"})
        raise KeyboardInterrupt
    assert list(tmp_path.iterdir()) == []


def test_non_atomic_writer_and_explicit_close(tmp_path: Path) -> None:
    path = tmp_path / "out.jsonl"
    writer = JsonlWriter(path, atomic=False)
    writer.write({"text": "a"})
    writer.close()
    writer.close()  # idempotent
    assert path.read_text(encoding="utf-8") == '{"text": "a"}\n'


def test_writer_lone_surrogate_round_trips(tmp_path: Path) -> None:
    path = tmp_path / "s.jsonl"
    record = json.loads('{"text": "bad \\ud800 half"}')
    with JsonlWriter(path) as writer:
        writer.write(record)
    assert [r for _, r, _ in iter_records(path)] == [record]


def test_stdin_and_stdout(monkeypatch: pytest.MonkeyPatch) -> None:
    stdin = io.TextIOWrapper(io.BytesIO(b'{"text": "a"}\r\n{"text": "b"}'), encoding="utf-8")
    monkeypatch.setattr(sys, "stdin", stdin)
    assert [r["text"] for _, r, _ in iter_records("-")] == ["a", "b"]
    assert not stdin.closed
    out = io.BytesIO()
    monkeypatch.setattr(sys, "stdout", io.TextIOWrapper(out, encoding="utf-8"))
    with JsonlWriter("-") as writer:
        writer.write({"text": "é"})
    assert out.getvalue() == '{"text": "é"}\n'.encode()
    with pytest.raises(InputError, match="stdin"):
        count_lines("-")


def _mixed_file(tmp_path: Path) -> Path:
    long_text = "word " * 1_000_000  # 5 MB
    lines = [
        b'{"id": "g1", "text": "Good one."}',  # 1
        b'{"id": "u", "text": "bad \xff\xfe bytes"}',  # 2
        b"not json",  # 3
        b"[1,2]",  # 4
        b'{"id": "n", "text": 5}',  # 5
        b'{"other": "x"}',  # 6
        b"",  # 7
        b"   \t ",  # 8
        b'{"id": "g2", "text": "Windows line."}\r',  # 9 (CRLF)
        json.dumps({"id": "big", "text": long_text}).encode(),  # 10
        b'{"id": "last", "text": "No newline at end."}',  # 11
    ]
    path = tmp_path / "mixed.jsonl"
    path.write_bytes(b"\n".join(lines))
    return path


def test_iter_records_mixed_file(tmp_path: Path) -> None:
    path = _mixed_file(tmp_path)
    results = list(iter_records(path, id_field="id"))
    assert [n for n, _, _ in results] == list(range(1, 12))
    assert count_lines(path) == 11
    ok, errors = _split(results)
    assert [r["id"] for r in ok] == ["g1", "g2", "big", "last"]
    assert len(ok[2]["text"]) == 5_000_000
    by_line = {e.line: e for e in errors}
    assert sorted(by_line) == [2, 3, 4, 5, 6, 7, 8]
    assert "invalid UTF-8" in by_line[2].reason and "byte offset 25" in by_line[2].reason
    assert "not valid JSON" in by_line[3].reason
    assert "JSON object" in by_line[4].reason and "array" in by_line[4].reason
    assert "'text'" in by_line[5].reason and "number" in by_line[5].reason
    assert by_line[5].id == "n"
    assert "missing text field 'text'" in by_line[6].reason and "'other'" in by_line[6].reason
    assert "blank" in by_line[7].reason and "blank" in by_line[8].reason
    assert by_line[3].raw == "not json"
    assert all(e.stage == "read" for e in errors)
    assert by_line[6].to_dict() == {
        "line": 6,
        "reason": by_line[6].reason,
        "raw": '{"other": "x"}',
        "id": None,
        "stage": "read",
    }


def test_error_preview_is_truncated(tmp_path: Path) -> None:
    path = tmp_path / "long.jsonl"
    path.write_bytes(b"x" * 5_000_000 + b"\n")
    [(_, record, error)] = list(iter_records(path))
    assert record is None and error is not None
    assert error.raw == "x" * 200


def test_nested_field_paths() -> None:
    raw = b'{"meta": {"text": "deep", "id": 7}, "a.b": "dotted key"}'
    record = parse_record(1, raw, text_field="meta.text", id_field="meta.id")
    assert get_field(record, "meta.text") == "deep"
    assert get_field(record, "meta.id") == 7
    assert get_field(record, "a.b") == "dotted key"
    assert get_field(record, "meta.missing", "dflt") == "dflt"
    with pytest.raises(RecordError, match=r"no key 'body' in 'meta'.*'text', 'id'"):
        parse_record(3, raw, text_field="meta.body")
    with pytest.raises(RecordError, match=r"'meta\.text\.x'.*'meta\.text' is a JSON string"):
        parse_record(3, raw, text_field="meta.text.x")
    with pytest.raises(RecordError, match=r"missing text field 'a\.b\.c'; keys present: 'meta', 'a\.b'"):
        parse_record(3, raw, text_field="a.b.c")


def test_parse_record_messages() -> None:
    with pytest.raises(InputError, match=r"^line 4: "):
        parse_record(4, b"{")
    with pytest.raises(RecordError, match=r"keys present: 'k0', .*'k9', \.\.\. \(12 in all\)"):
        parse_record(1, json.dumps({f"k{i}": i for i in range(12)}).encode())
    with pytest.raises(RecordError, match="null"):
        parse_record(1, b'{"text": null}')
    with pytest.raises(RecordError, match="not valid JSON"):
        parse_record(1, b"[" * 100_000)
    assert parse_record(1, b'\xef\xbb\xbf{"text": "bom"}') == {"text": "bom"}


def test_read_lines_text(tmp_path: Path) -> None:
    path = tmp_path / "sents.txt"
    path.write_bytes(b"\xef\xbb\xbfFirst.\r\n\n  Third keeps spaces  \nLast")
    assert read_lines_text(path) == ["First.", "", "  Third keeps spaces  ", "Last"]
    bad = tmp_path / "bad.txt"
    bad.write_bytes(b"ok\nbad \xff\n")
    with pytest.raises(InputError, match=r"line 2 is not valid UTF-8 \(byte offset 4"):
        read_lines_text(bad)


def test_count_lines_edge_cases(tmp_path: Path) -> None:
    for content, expected in [(b"", 0), (b"\n", 1), (b"a", 1), (b"a\n", 1), (b"a\nb", 2), (b"\n\n", 2)]:
        path = tmp_path / "c.jsonl"
        path.write_bytes(content)
        assert count_lines(path) == expected == len(list(iter_lines(path)))


@settings(max_examples=75, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(lines=st.lists(st.binary(max_size=40).map(lambda b: b.replace(b"\n", b"")), max_size=20))
def test_every_line_is_one_record_or_one_error(tmp_path: Path, lines: list[bytes]) -> None:
    path = tmp_path / "prop.jsonl"
    path.write_bytes(b"".join(line + b"\n" for line in lines))
    results = list(iter_records(path))
    ok, errors = _split(results)
    assert len(ok) + len(errors) == len(lines) == count_lines(path)
    assert [n for n, _, _ in results] == list(range(1, len(lines) + 1))


@settings(max_examples=50, deadline=None, suppress_health_check=[HealthCheck.function_scoped_fixture])
@given(texts=st.lists(st.text(), max_size=10))
def test_writer_reader_property(tmp_path: Path, texts: list[str]) -> None:
    path = tmp_path / "w.jsonl.zst"
    with JsonlWriter(path) as writer:
        for text in texts:
            writer.write({"text": text})
    assert [r["text"] for _, r, _ in iter_records(path)] == texts


def test_example_corpus_reads_cleanly() -> None:
    path = Path(__file__).resolve().parent.parent / "examples" / "corpus.jsonl"
    results = list(iter_records(path, id_field="id"))
    ok, errors = _split(results)
    assert errors == []
    assert len({r["id"] for r in ok}) == len(ok) >= 36
    assert {r["genre"] for r in ok} == {"book", "code", "conversation", "math", "textbook", "web", "wiki"}
    assert all(0 < len(r["text"]) <= 3000 and r["source"].startswith("TinyHelen") for r in ok)
    assert path.stat().st_size < 150_000
