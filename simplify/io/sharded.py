"""Building blocks for resumable corpus runs: input listing, length-capped line reading, atomic files."""

from __future__ import annotations

import json
import logging
import os
from collections.abc import Iterable, Iterator
from pathlib import Path
from typing import Any

from simplify.errors import InputError

from .jsonl import _CHUNK, _DECOMPRESSION_ERRORS, STDIO, PathArg, open_binary

__all__ = [
    "INPUT_SUFFIXES",
    "atomic_write_json",
    "concatenate_files",
    "default_errors_path",
    "fsync_dir",
    "iter_lines_capped",
    "list_inputs",
]

logger = logging.getLogger(__name__)

#: The file names a directory input is made of (sorted by name).
INPUT_SUFFIXES = (".jsonl", ".jsonl.gz", ".jsonl.zst")


def list_inputs(path: PathArg) -> list[str]:
    """The input files of ``path``: itself, or for a directory its ``*.jsonl[.gz|.zst]`` files by name."""
    text = os.fspath(path)
    if text == STDIO:
        return [STDIO]
    p = Path(text)
    if p.is_dir():
        files = sorted(str(f) for f in p.iterdir() if f.is_file() and f.name.endswith(INPUT_SUFFIXES))
        if not files:
            raise InputError(f"{text} is a directory without any {', '.join(INPUT_SUFFIXES)} file")
        return files
    if not p.exists():
        raise InputError(f"input {text} does not exist")
    return [text]


def iter_lines_capped(path: PathArg, max_bytes: int) -> Iterator[tuple[int, bytes, bool]]:
    """Yield ``(line_number, raw, too_long)`` like :func:`~simplify.io.iter_lines`, never holding more than
    about ``max_bytes`` of one line: a longer line yields its first bytes and ``too_long=True`` (the rest is
    read and dropped in chunks), so a 10 GB line cannot exhaust memory."""
    if max_bytes < 1:
        raise ValueError(f"max_bytes must be >= 1, got {max_bytes}")
    limit = max_bytes + 2  # room for \r\n
    line_no = 0
    try:
        with open_binary(path, "rb") as fh:
            while True:
                line = fh.readline(limit)
                if not line:
                    return
                line_no += 1
                if line.endswith(b"\n"):
                    line = line[:-2] if line.endswith(b"\r\n") else line[:-1]
                    too_long = len(line) > max_bytes
                    yield line_no, line[:max_bytes] if too_long else line, too_long
                    continue
                if len(line) < limit:  # the last line, without a newline
                    too_long = len(line) > max_bytes
                    yield line_no, line[:max_bytes] if too_long else line, too_long
                    return
                while True:  # too long: drop the rest of the line
                    rest = fh.readline(_CHUNK)
                    if not rest or rest.endswith(b"\n"):
                        break
                yield line_no, line[:max_bytes], True
                if not rest:
                    return
    except _DECOMPRESSION_ERRORS as exc:
        raise InputError(
            f"{os.fspath(path)}: the compressed stream is corrupt or truncated after line {line_no}: {exc}"
        ) from exc


def default_errors_path(output: str) -> str:
    """``leaner.jsonl.gz`` → ``leaner.errors.jsonl``."""
    if output == STDIO:
        return "simplify.errors.jsonl"
    path = Path(output)
    name = path.name
    for suffix in (".zst", ".gz", ".jsonl", ".json"):
        if name.endswith(suffix):
            name = name[: -len(suffix)]
    return str(path.with_name(name + ".errors.jsonl"))


def fsync_dir(path: PathArg) -> None:
    """Make a rename in directory ``path`` durable (best effort; not every platform allows it)."""
    try:
        fd = os.open(os.fspath(path), os.O_RDONLY)
    except OSError:
        return
    try:
        os.fsync(fd)
    except OSError:
        pass
    finally:
        os.close(fd)


def atomic_write_json(path: PathArg, data: Any) -> None:
    """Write ``data`` as JSON to ``path`` atomically: temporary file, fsync, rename, fsync of the folder.

    On any failure (a full disk included) the temporary file is removed and an earlier ``path`` is intact.
    """
    target = Path(path)
    tmp = target.with_name(f".{target.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as fh:
            fh.write(json.dumps(data, indent=1, sort_keys=True).encode("utf-8"))
            fh.flush()
            os.fsync(fh.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)


def concatenate_files(parts: Iterable[PathArg], target: PathArg) -> None:
    """Concatenate files byte for byte into ``target`` atomically (gzip members and zstd frames concatenate
    into a valid stream)."""
    target = Path(target)
    tmp = target.with_name(f"{target.name}.tmp-{os.getpid()}")
    try:
        with open(tmp, "wb") as out:
            for part in parts:
                with open(part, "rb") as fh:
                    while chunk := fh.read(_CHUNK):
                        out.write(chunk)
            out.flush()
            os.fsync(out.fileno())
        os.replace(tmp, target)
    except BaseException:
        tmp.unlink(missing_ok=True)
        raise
    fsync_dir(target.parent)
