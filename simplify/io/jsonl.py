"""Streaming JSON-lines input and output: plain, gzip (``.gz``) and zstandard (``.zst``) files, or ``-``.

Nothing here holds more than one line in memory, so corpora of any size can be read and written.
Every input line ends up as exactly one record or one :class:`LineError`, so that
``lines read == records + errors`` always holds and a bad line never stops a run.
"""

from __future__ import annotations

import gzip
import io
import json
import logging
import os
import sys
from collections.abc import Iterator, Mapping
from dataclasses import dataclass
from pathlib import Path
from types import TracebackType
from typing import IO, Any, TypeAlias

import zstandard

from simplify.errors import InputError

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

logger = logging.getLogger(__name__)

PathArg: TypeAlias = "str | os.PathLike[str]"

STDIO = "-"
RAW_PREVIEW_CHARS = 200
_CHUNK = 1 << 20
_ZSTD_LEVEL = 3
_GZIP_LEVEL = 6
_MAX_KEYS_SHOWN = 10
# Characters that json.dumps(ensure_ascii=False) leaves raw but str.splitlines() treats as line breaks.
_LINE_BREAKERS = {0x85: "\\u0085", 0x2028: "\\u2028", 0x2029: "\\u2029"}
_DECOMPRESSION_ERRORS: tuple[type[BaseException], ...] = (gzip.BadGzipFile, EOFError, zstandard.ZstdError)


# --------------------------------------------------------------------------------------------- opening


def compression_of(path: PathArg) -> str:
    """Return ``"gzip"``, ``"zstd"`` or ``"plain"`` from the file name's suffix (unknown suffix: plain)."""
    name = os.fspath(path).lower()
    if name.endswith((".gz", ".gzip")):
        return "gzip"
    if name.endswith((".zst", ".zstd")):
        return "zstd"
    return "plain"


def _base_mode(mode: str) -> str:
    """Reduce ``"rb"``, ``"wt"``, ``"a"``... to one of ``r``, ``w``, ``a``, ``x``."""
    base = mode.replace("b", "").replace("t", "")
    if base not in {"r", "w", "a", "x"}:
        raise ValueError(f"unsupported file mode {mode!r}; use 'r', 'w', 'a' or 'x' (optionally with 'b')")
    return base


class _StdStream(io.BufferedIOBase):
    """stdin/stdout as a binary stream whose ``close()`` flushes but leaves the real stream open."""

    def __init__(self, stream: IO[bytes]) -> None:
        super().__init__()
        self._stream = stream

    def readable(self) -> bool:
        return self._stream.readable()

    def writable(self) -> bool:
        return self._stream.writable()

    def read(self, size: int | None = -1) -> bytes:
        return self._stream.read(-1 if size is None else size)

    def read1(self, size: int = -1) -> bytes:
        read1 = getattr(self._stream, "read1", None)
        return read1(size) if read1 is not None else self._stream.read(size)

    def readline(self, size: int | None = -1) -> bytes:
        return self._stream.readline(-1 if size is None else size)

    def write(self, data: Any) -> int:
        return self._stream.write(data)

    def flush(self) -> None:
        if not self.closed and self._stream.writable():
            self._stream.flush()


def _compressing_writer(raw: IO[bytes], compression: str, name: str) -> IO[bytes]:
    """Wrap an open binary file in a compressor; closing the wrapper does not close ``raw``."""
    if compression == "gzip":
        return gzip.GzipFile(filename=name, mode="wb", fileobj=raw, compresslevel=_GZIP_LEVEL, mtime=0)
    if compression == "zstd":
        writer = zstandard.ZstdCompressor(level=_ZSTD_LEVEL).stream_writer(raw, closefd=False)
        return writer  # type: ignore[return-value]
    raise ValueError(f"unknown compression {compression!r}")


def open_binary(path: PathArg, mode: str = "rb", *, compression: str | None = None) -> IO[bytes]:
    """Open ``path`` as a binary stream, (de)compressing by suffix; ``-`` is stdin (read) or stdout (write).

    ``compression`` (``"plain"``, ``"gzip"``, ``"zstd"``) overrides the suffix. Closing the stream of
    ``-`` flushes it but leaves the process's stdin/stdout open.
    """
    base = _base_mode(mode)
    if os.fspath(path) == STDIO:
        if base == "r":
            return _StdStream(sys.stdin.buffer)
        return _StdStream(sys.stdout.buffer)
    kind = compression or compression_of(path)
    if kind == "plain":
        return open(path, base + "b")
    if kind == "gzip":
        return gzip.open(path, base + "b", compresslevel=_GZIP_LEVEL)  # type: ignore[return-value]
    if kind != "zstd":
        raise ValueError(f"unknown compression {kind!r}; use 'plain', 'gzip' or 'zstd'")
    fh = open(path, base + "b")  # noqa: SIM115 - closed by the zstandard wrapper
    try:
        if base == "r":
            reader = zstandard.ZstdDecompressor().stream_reader(fh, read_across_frames=True, closefd=True)
            return io.BufferedReader(reader, buffer_size=_CHUNK)  # type: ignore[arg-type]
        # Appending adds a new frame, which the reader above reads across.
        writer = zstandard.ZstdCompressor(level=_ZSTD_LEVEL).stream_writer(fh, closefd=True)
        return writer  # type: ignore[return-value]
    except BaseException:
        fh.close()
        raise


def open_text(path: PathArg, mode: str = "r", *, encoding: str = "utf-8", errors: str = "strict") -> IO[str]:
    """Open ``path`` as a text stream (UTF-8 by default), with the suffix handling of :func:`open_binary`.

    Reading translates ``\\r\\n`` to ``\\n``; writing writes ``\\n`` unchanged on every platform.
    """
    base = _base_mode(mode)
    binary = open_binary(path, base + "b")
    newline = None if base == "r" else "\n"
    return io.TextIOWrapper(binary, encoding=encoding, errors=errors, newline=newline)  # type: ignore[arg-type]


# --------------------------------------------------------------------------------------------- reading


def iter_lines(path: PathArg) -> Iterator[tuple[int, bytes]]:
    """Yield ``(line_number, raw_bytes)`` for every line, numbered from 1, without the ``\\n`` / ``\\r\\n``.

    Nothing is skipped (blank lines included) and nothing is decoded. A final line without a newline
    is yielded; a file ending in a newline has no extra empty line. A corrupt compressed stream raises
    :class:`~simplify.errors.InputError` naming the last good line.
    """
    line_no = 0
    try:
        with open_binary(path, "rb") as fh:
            for line in fh:
                line_no += 1
                if line.endswith(b"\r\n"):
                    line = line[:-2]
                elif line.endswith(b"\n"):
                    line = line[:-1]
                yield line_no, line
    except _DECOMPRESSION_ERRORS as exc:
        raise InputError(
            f"{os.fspath(path)}: the compressed stream is corrupt or truncated after line {line_no}: {exc}"
        ) from exc


def count_lines(path: PathArg) -> int:
    """Count lines the way :func:`iter_lines` numbers them (streaming, also for compressed files).

    Meant for progress-bar totals; ``-`` (stdin) cannot be counted without consuming it.
    """
    if os.fspath(path) == STDIO:
        raise InputError("cannot count the lines of stdin ('-') without consuming it; count a file instead")
    count = 0
    last = b"\n"
    try:
        with open_binary(path, "rb") as fh:
            while chunk := fh.read(_CHUNK):
                count += chunk.count(b"\n")
                last = chunk[-1:]
    except _DECOMPRESSION_ERRORS as exc:
        raise InputError(f"{os.fspath(path)}: the compressed stream is corrupt or truncated: {exc}") from exc
    return count + (last != b"\n")


def read_lines_text(path: PathArg) -> list[str]:
    """Read a plain one-sentence-per-line UTF-8 file into a list, stripping only the line ending.

    Blank lines are kept (so line *n* of two aligned files stays line *n*); a UTF-8 byte-order mark on
    the first line is dropped. Invalid UTF-8 raises :class:`~simplify.errors.InputError` naming the line.
    """
    lines: list[str] = []
    for line_no, raw in iter_lines(path):
        try:
            text = raw.decode("utf-8")
        except UnicodeDecodeError as exc:
            raise InputError(
                f"{os.fspath(path)}: line {line_no} is not valid UTF-8 (byte offset {exc.start}: "
                f"{raw[exc.start : exc.start + 4]!r}); re-save the file as UTF-8"
            ) from exc
        if line_no == 1 and text.startswith("\ufeff"):
            text = text[1:]
        lines.append(text)
    return lines


# --------------------------------------------------------------------------------------------- records


@dataclass(frozen=True)
class LineError:
    """Why one input line could not be used: its 1-based number, the reason and the start of the line."""

    line: int
    reason: str
    raw: str
    id: Any = None
    stage: str = "read"

    def to_dict(self) -> dict[str, Any]:
        """Return a JSON-ready dict (keys: line, reason, raw, id, stage)."""
        return {"line": self.line, "reason": self.reason, "raw": self.raw, "id": self.id, "stage": self.stage}


class RecordError(InputError):
    """A line that is not a usable record; ``reason`` is the message without the line number."""

    def __init__(self, line: int, reason: str, id: Any = None) -> None:
        self.line = line
        self.reason = reason
        self.id = id
        super().__init__(f"line {line}: {reason}")


_MISSING = object()


def _json_type(value: Any) -> str:
    """Name a parsed JSON value's type the way JSON does (object, array, string, number, boolean, null)."""
    if value is None:
        return "null"
    if isinstance(value, bool):
        return "boolean"
    if isinstance(value, int | float):
        return "number"
    if isinstance(value, str):
        return "string"
    if isinstance(value, list):
        return "array"
    if isinstance(value, dict):
        return "object"
    return type(value).__name__


def _keys_preview(obj: Mapping[str, Any]) -> str:
    keys = list(obj)
    if not keys:
        return "none (empty object)"
    shown = ", ".join(repr(k) for k in keys[:_MAX_KEYS_SHOWN])
    return shown + (f", ... ({len(keys)} in all)" if len(keys) > _MAX_KEYS_SHOWN else "")


def _lookup(record: Mapping[str, Any], field: str) -> tuple[Any, str]:
    """Resolve ``field`` (exact key first, then a dotted path); return (value or _MISSING, why missing)."""
    if field in record:
        return record[field], ""
    node: Any = record
    parts = field.split(".")
    for i, part in enumerate(parts):
        where = ".".join(parts[:i])
        if not isinstance(node, Mapping):
            return _MISSING, f"{where!r} is a JSON {_json_type(node)}, not an object"
        if part not in node:
            keys = _keys_preview(node)
            if where:
                return _MISSING, f"no key {part!r} in {where!r}, whose keys are: {keys}"
            return _MISSING, f"keys present: {keys}"
        node = node[part]
    return node, ""


def get_field(record: Mapping[str, Any], field: str, default: Any = None) -> Any:
    """Return ``record[field]``; a dotted ``field`` such as ``meta.text`` walks nested objects.

    A key that itself contains dots is matched exactly first. Missing fields give ``default``.
    """
    value, _ = _lookup(record, field)
    return default if value is _MISSING else value


def parse_record(
    line_no: int, raw: bytes, *, text_field: str = "text", id_field: str | None = None
) -> dict[str, Any]:
    """Decode and validate one JSON-lines line; return the parsed object unchanged.

    ``text_field`` / ``id_field`` may be dotted paths into nested objects (``meta.text``); see
    :func:`get_field`. The text must be a string; a missing ``id_field`` is not an error. Raises
    :class:`RecordError` (an :class:`~simplify.errors.InputError`) for invalid UTF-8, a blank line,
    invalid JSON, JSON that is not an object, a missing text field or a text field that is not a string.
    """
    try:
        text = raw.decode("utf-8")
    except UnicodeDecodeError as exc:
        bad = raw[exc.start : exc.start + 4]
        raise RecordError(line_no, f"invalid UTF-8 at byte offset {exc.start} ({bad!r})") from None
    if text.startswith("\ufeff"):
        text = text[1:]
    if not text.strip():
        raise RecordError(line_no, "blank line (empty or whitespace only)" if text else "blank line (empty)")
    try:
        obj = json.loads(text)
    except json.JSONDecodeError as exc:
        raise RecordError(line_no, f"not valid JSON: {exc.msg} at char {exc.pos}") from None
    except (ValueError, RecursionError) as exc:  # huge integers, absurd nesting
        raise RecordError(line_no, f"not valid JSON: {exc}") from None
    if not isinstance(obj, dict):
        raise RecordError(line_no, f"expected a JSON object {{...}}, got a JSON {_json_type(obj)}")
    record_id = get_field(obj, id_field) if id_field else None
    value, why = _lookup(obj, text_field)
    if value is _MISSING:
        raise RecordError(line_no, f"missing text field {text_field!r}; {why}", record_id)
    if not isinstance(value, str):
        raise RecordError(
            line_no, f"text field {text_field!r} is a JSON {_json_type(value)}, not a string", record_id
        )
    return obj


def _preview(raw: bytes) -> str:
    """The first characters of a raw line, decoded leniently (never decodes a huge line in full)."""
    return raw[: RAW_PREVIEW_CHARS * 4].decode("utf-8", errors="replace")[:RAW_PREVIEW_CHARS]


def iter_records(
    path: PathArg, *, text_field: str = "text", id_field: str | None = None
) -> Iterator[tuple[int, dict[str, Any] | None, LineError | None]]:
    """Yield ``(line_number, record, None)`` or ``(line_number, None, error)`` for every line of ``path``.

    Exactly one of record/error is set, so records + errors always equals lines read. Field paths are
    as in :func:`parse_record`.
    """
    for line_no, raw in iter_lines(path):
        try:
            record = parse_record(line_no, raw, text_field=text_field, id_field=id_field)
        except RecordError as exc:
            yield line_no, None, LineError(line=line_no, reason=exc.reason, raw=_preview(raw), id=exc.id)
        else:
            yield line_no, record, None


# --------------------------------------------------------------------------------------------- writing


class JsonlWriter:
    """Write one JSON object per line, compressed by suffix (``.gz``, ``.zst``); ``-`` is stdout.

    With ``atomic=True`` (the default) the data goes to ``<path>.tmp-<pid>`` in the same directory and is
    renamed onto ``path`` only when the writer is closed without an exception; on an exception the
    temporary file is removed and any earlier ``path`` is left untouched. ``count`` is the number of
    records written.
    """

    def __init__(self, path: PathArg, *, atomic: bool = True) -> None:
        self.count = 0
        self._closed = False
        self._stdout = os.fspath(path) == STDIO
        self.path: Path | None = None if self._stdout else Path(path)
        self._tmp: Path | None = None
        self._raw: IO[bytes] | None = None
        if self._stdout or self.path is None:
            self._out: IO[bytes] = open_binary(STDIO, "wb")
            return
        target = self.path
        if atomic:
            self._tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
            target = self._tmp
        compression = compression_of(self.path)
        self._raw = open(target, "wb")  # noqa: SIM115 - closed in close()/abort()
        try:
            if compression == "plain":
                self._out = self._raw
            else:
                self._out = _compressing_writer(self._raw, compression, self.path.name)
        except BaseException:
            self._raw.close()
            self._remove_tmp()
            raise

    def write(self, record: Mapping[str, Any]) -> None:
        """Write ``record`` as one line of compact-enough JSON (``ensure_ascii=False``) plus ``\\n``."""
        line = json.dumps(record, ensure_ascii=False)
        if not line.isascii() and any(ch in line for ch in "\x85\u2028\u2029"):
            line = line.translate(_LINE_BREAKERS)
        try:
            data = line.encode("utf-8")
        except UnicodeEncodeError:  # lone surrogates: keep them as \\ud8xx escapes, which round-trip
            data = json.dumps(record, ensure_ascii=True).encode("ascii")
        self._out.write(data + b"\n")
        self.count += 1

    def close(self) -> None:
        """Finish the stream and, when atomic, move the temporary file onto the target path."""
        if self._closed:
            return
        self._closed = True
        try:
            self._finish_streams(sync=self._tmp is not None)
            if self._tmp is not None and self.path is not None:
                os.replace(self._tmp, self.path)
        except BaseException:
            self._remove_tmp()
            raise
        logger.debug("wrote %d records to %s", self.count, self.path or "stdout")

    def abort(self) -> None:
        """Close without committing: remove the temporary file, leave any earlier target untouched."""
        if self._closed:
            return
        self._closed = True
        try:
            self._finish_streams(sync=False)
        except Exception:  # the output is being thrown away; a failed flush does not matter
            logger.debug("ignoring an error while aborting %s", self.path, exc_info=True)
        finally:
            self._remove_tmp()

    def _finish_streams(self, *, sync: bool) -> None:
        if self._out is not self._raw:
            self._out.close()
        if self._raw is not None:
            self._raw.flush()
            if sync:
                os.fsync(self._raw.fileno())
            self._raw.close()

    def _remove_tmp(self) -> None:
        if self._tmp is not None:
            try:
                self._tmp.unlink(missing_ok=True)
            except OSError:
                logger.warning("could not remove temporary file %s", self._tmp)

    def __enter__(self) -> JsonlWriter:
        return self

    def __exit__(
        self, exc_type: type[BaseException] | None, exc: BaseException | None, tb: TracebackType | None
    ) -> None:
        if exc_type is None:
            self.close()
        else:
            self.abort()
