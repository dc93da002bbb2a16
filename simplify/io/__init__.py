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
from simplify.io.sharded import (
    INPUT_SUFFIXES,
    atomic_write_json,
    concatenate_files,
    default_errors_path,
    iter_lines_capped,
    list_inputs,
)

__all__ = [
    "INPUT_SUFFIXES",
    "JsonlWriter",
    "LineError",
    "PathArg",
    "RecordError",
    "atomic_write_json",
    "compression_of",
    "concatenate_files",
    "count_lines",
    "default_errors_path",
    "get_field",
    "iter_lines",
    "iter_lines_capped",
    "iter_records",
    "list_inputs",
    "open_binary",
    "open_text",
    "parse_record",
    "read_lines_text",
]
