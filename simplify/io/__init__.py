"""Streaming input/output for JSON-lines corpora (plain, ``.gz``, ``.zst`` or ``-``)."""

from __future__ import annotations

from simplify.io.jsonl import (
    JsonlWriter,
    LineError,
    PathArg,
    RecordError,
    compression_of,
    count_lines,
    get_field,
    iter_lines,
    iter_records,
    open_binary,
    open_text,
    parse_record,
    read_lines_text,
)

__all__ = [
    "JsonlWriter",
    "LineError",
    "PathArg",
    "RecordError",
    "compression_of",
    "count_lines",
    "get_field",
    "iter_lines",
    "iter_records",
    "open_binary",
    "open_text",
    "parse_record",
    "read_lines_text",
]
