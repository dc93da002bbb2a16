"""Corpus runs (what ``simplify run`` does): streaming, sharded, resumable, with an error policy.

Layout. Input lines are cut into *shards* of ``shard_size`` lines (a shard never spans two input files).
Each shard's output and error records go to temporary files that are renamed into place when the shard is
complete; then the manifest (``_manifest.json``: config, per-shard input range and counts) is rewritten
atomically. A killed run (``kill -9``, a full disk, a power cut) therefore leaves only complete shards that
the manifest lists, plus debris that ``resume`` deletes; ``resume`` streams past the lines of complete
shards and continues, and the final output is exactly that of an uninterrupted run.

* ``output`` a file (``leaner.jsonl[.gz|.zst]``): shards live in ``leaner.jsonl.parts/`` during the run and
  are concatenated into ``output`` and the errors file (``leaner.errors.jsonl``) at the end; the ``.parts``
  folder is then removed.
* ``output`` a directory (an existing one, or a path ending in ``/``): the shards *are* the output:
  ``part-00000.jsonl.zst``, ``errors-00000.jsonl``, …, and ``_manifest.json`` (``"complete": true`` at the end).
* ``output`` ``-``: records stream to stdout, no shards, no resume.

Accounting. Every input line ends in exactly one output record or one error record: ``read = written +
errors``. Error policy (``on_error``): ``"skip"`` (default) writes an error record (line, id, stage, reason,
and input file for directory inputs) and goes on; ``"passthrough"`` writes unreadable lines to the errors
file but a readable record that fails to simplify goes to the output with its text unchanged and
``simplify_stats.skipped`` giving the stage and reason (counted in ``written`` and ``passed_through``);
``"raise"`` stops at the first bad line after committing the lines before it (:class:`RunAborted`).
Non-English records (see :mod:`simplify.language`) are written unchanged with ``skipped: "non-English"``.
"""

from __future__ import annotations

import hashlib
import json
import logging
import os
import shutil
import time
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path
from typing import TYPE_CHECKING, Any, Literal

from .errors import InputError, SimplifyError
from .io import (
    JsonlWriter,
    LineError,
    RecordError,
    atomic_write_json,
    compression_of,
    concatenate_files,
    count_lines,
    default_errors_path,
    get_field,
    iter_lines_capped,
    list_inputs,
    parse_record,
)
from .io.jsonl import RAW_PREVIEW_CHARS, STDIO
from .language import is_probably_english
from .result import SimplifyResult
from .simplifier import DEFAULT_MAX_CHARS, RecordFailure

if TYPE_CHECKING:
    from .simplifier import LeanerSimplifier

__all__ = [
    "DEFAULT_SHARD_SIZE",
    "MANIFEST_NAME",
    "ErrorPolicy",
    "RunAborted",
    "RunConfig",
    "RunSummary",
    "default_errors_path",
    "run_corpus",
]

logger = logging.getLogger(__name__)

ErrorPolicy = Literal["raise", "skip", "passthrough"]

MANIFEST_NAME = "_manifest.json"
MANIFEST_VERSION = 1
DEFAULT_SHARD_SIZE = 10_000
# Placeholders (unreadable or non-English lines) travel through the simplifier as empty texts of a genre
# that is never rewritten, so that every line comes out in input order.
_PLACEHOLDER_GENRE = "math"
_NOT_CHECKED_GENRES = frozenset({"code", "math"})


@dataclass
class RunConfig:
    """Everything a corpus run needs; see the module docstring for layout and policies."""

    input: str
    output: str
    errors: str | None = None
    text_field: str = "text"
    id_field: str | None = None
    genre_field: str | None = "genre"
    genre: str = "auto"
    output_field: str = "simplified"
    stats_field: str = "simplify_stats"
    vocabulary: str = "leaner-2k"
    nlp: str | None = None
    batch_size: int = 64
    n_process: int = 1
    max_chars: int = DEFAULT_MAX_CHARS
    #: Longer input lines are refused (error record) without ever being held in memory whole.
    max_line_bytes: int | None = None
    on_error: ErrorPolicy = "skip"
    shard_size: int = DEFAULT_SHARD_SIZE
    resume: bool = False
    language_check: bool = True
    progress: bool = False
    #: Further :class:`~simplify.LeanerSimplifier` arguments (``backend``, ``backend_options``, …); JSON-able
    #: ones are part of the fingerprint.
    simplifier_options: dict[str, Any] = field(default_factory=dict)

    def __post_init__(self) -> None:
        if self.on_error not in ("raise", "skip", "passthrough"):
            raise ValueError(f"on_error must be 'raise', 'skip' or 'passthrough', got {self.on_error!r}")
        if self.shard_size < 1:
            raise ValueError(f"shard_size must be >= 1, got {self.shard_size}")

    @property
    def line_limit(self) -> int:
        """The byte cap per input line (default: 8 bytes per allowed character, at least 1 MiB)."""
        return self.max_line_bytes or max(1 << 20, 8 * self.max_chars)

    def fingerprint(self, inputs: list[str]) -> dict[str, Any]:
        """What decides the output records; ``resume`` refuses a run whose fingerprint changed.

        Batch size, process count and shard size are left out (they do not change the output), and so is
        the error policy (so that a run stopped by ``raise`` can go on with ``skip``).
        """
        return {
            "inputs": [Path(p).name for p in inputs],
            "text_field": self.text_field,
            "id_field": self.id_field,
            "genre_field": self.genre_field,
            "genre": self.genre,
            "output_field": self.output_field,
            "stats_field": self.stats_field,
            "vocabulary": self.vocabulary,
            "nlp": self.nlp,
            "max_chars": self.max_chars,
            "max_line_bytes": self.line_limit,
            "language_check": self.language_check,
            "simplifier_options": json.loads(
                json.dumps(self.simplifier_options, sort_keys=True, default=_type_name)
            ),
        }


@dataclass
class RunSummary:
    """Counts of a whole run (over all its resumed attempts): ``read = written + errors``."""

    read: int = 0
    written: int = 0
    errors: int = 0
    passed_through: int = 0
    non_english: int = 0
    checkable_before: int = 0
    in_before: float = 0.0
    checkable_after: int = 0
    in_after: float = 0.0
    shards: int = 0
    resumed_lines: int = 0
    complete: bool = False
    seconds: float = 0.0
    output: str = ""
    errors_file: str | None = None

    @property
    def accounted(self) -> bool:
        """Whether every line read ended in exactly one output or error record."""
        return self.read == self.written + self.errors

    def add(self, counts: dict[str, Any]) -> None:
        """Add one shard's counts."""
        for key in ("read", "written", "errors", "passed_through", "non_english"):
            setattr(self, key, getattr(self, key) + int(counts.get(key, 0)))
        for key in ("checkable_before", "in_before", "checkable_after", "in_after"):
            setattr(self, key, getattr(self, key) + counts.get(key, 0))
        self.shards += 1

    def to_dict(self) -> dict[str, Any]:
        """The JSON summary ``simplify run`` prints last."""
        return {
            "read": self.read,
            "written": self.written,
            "errors": self.errors,
            "passed_through": self.passed_through,
            "non_english": self.non_english,
            "accounted": self.accounted,
            "coverage_before": _ratio(self.in_before, self.checkable_before),
            "coverage_after": _ratio(self.in_after, self.checkable_after),
            "shards": self.shards,
            "resumed_lines": self.resumed_lines,
            "complete": self.complete,
            "seconds": round(self.seconds, 2),
            "output": self.output,
            "errors_file": self.errors_file,
        }


class RunAborted(SimplifyError):
    """``on_error="raise"`` met a bad line; the lines before it are committed (``summary``)."""

    def __init__(self, error: dict[str, Any], summary: RunSummary) -> None:
        self.error = error
        self.summary = summary
        where = f"{error['input']}: " if error.get("input") else ""
        super().__init__(
            f"{where}line {error['line']} (id {error.get('id')!r}) failed at stage {error['stage']!r}: "
            f"{error['reason']}; the {summary.read:,} lines before it are saved; fix the input or run again "
            "with --resume --on-error skip"
        )


# ----------------------------------------------------------------------------------------------- layout
@dataclass
class _Layout:
    mode: Literal["stream", "file", "dir"]
    output: str
    errors: str | None
    work: Path | None
    part_suffix: str

    @classmethod
    def of(cls, config: RunConfig) -> _Layout:
        out = config.output
        if out == STDIO:
            return cls("stream", out, config.errors or default_errors_path(out), None, "")
        if out.endswith(("/", os.sep)) or Path(out).is_dir():
            return cls("dir", out, config.errors, Path(out), ".jsonl.zst")
        suffix = {"gzip": ".jsonl.gz", "zstd": ".jsonl.zst"}.get(compression_of(out), ".jsonl")
        return cls("file", out, config.errors or default_errors_path(out), Path(out + ".parts"), suffix)

    def part(self, index: int) -> Path:
        assert self.work is not None
        return self.work / f"part-{index:05d}{self.part_suffix}"

    def part_errors(self, index: int) -> Path:
        assert self.work is not None
        return self.work / f"errors-{index:05d}.jsonl"

    @property
    def manifest(self) -> Path:
        assert self.work is not None
        return self.work / MANIFEST_NAME

    def clean(self, keep: set[str]) -> None:
        """Remove temporary files and shard files the manifest does not list (debris of a killed run)."""
        assert self.work is not None
        for f in self.work.iterdir():
            ours = f.name.startswith(("part-", "errors-", f".{MANIFEST_NAME}.tmp-")) or ".tmp-" in f.name
            if f.is_file() and ours and f.name not in keep and f.name != MANIFEST_NAME:
                logger.debug("removing %s (not in the manifest)", f)
                f.unlink()
        for final in (self.output, self.errors) if self.mode == "file" else ():
            if final:
                p = Path(final)
                for f in p.parent.glob(f"{p.name}.tmp-*"):
                    f.unlink(missing_ok=True)

    def wipe(self) -> None:
        """Start afresh: remove an earlier run's shards and manifest."""
        assert self.work is not None
        if self.mode == "file":
            shutil.rmtree(self.work, ignore_errors=True)
        elif self.work.is_dir():
            (self.work / MANIFEST_NAME).unlink(missing_ok=True)
            self.clean(set())


# ----------------------------------------------------------------------------------------------- shards
@dataclass
class _Shard:
    index: int
    input: int
    first_line: int
    out: JsonlWriter
    err: JsonlWriter
    last_line: int = 0
    counts: dict[str, Any] = field(
        default_factory=lambda: dict.fromkeys(
            (
                "read",
                "written",
                "errors",
                "passed_through",
                "non_english",
                "checkable_before",
                "in_before",
                "checkable_after",
                "in_after",
            ),
            0,
        )
    )

    def abort(self) -> None:
        self.out.abort()
        self.err.abort()


class _Run:
    """One attempt of a run: reads from where the manifest says, writes and commits shards."""

    def __init__(self, config: RunConfig, simplifier: LeanerSimplifier | None) -> None:
        self.config = config
        self.inputs = list_inputs(config.input)
        self.layout = _Layout.of(config)
        self.summary = RunSummary(output=config.output, errors_file=self.layout.errors)
        self._simplifier = simplifier
        fingerprint = config.fingerprint(self.inputs)
        self.manifest: dict[str, Any] = {
            "version": MANIFEST_VERSION,
            "config": fingerprint,
            "config_hash": hashlib.sha256(json.dumps(fingerprint, sort_keys=True).encode()).hexdigest(),
            "shards": [],
            "complete": False,
        }
        self.done_lines: dict[int, int] = {}

    # -------------------------------------------------------------- start
    def prepare(self) -> None:
        layout, config = self.layout, self.config
        if layout.mode == "stream":
            if config.resume:
                raise InputError("--resume needs an output file or directory, not '-' (stdout)")
            return
        if config.resume and config.input == STDIO:
            raise InputError("--resume cannot re-read stdin ('-'); give the input as a file")
        assert layout.work is not None
        old = self._load_manifest() if config.resume else None
        if old is None:
            if layout.work.exists():
                if not config.resume:
                    logger.info("starting afresh: removing the earlier partial run in %s", layout.work)
                layout.wipe()
            layout.work.mkdir(parents=True, exist_ok=True)
            return
        if old.get("config_hash") != self.manifest["config_hash"]:
            changed = sorted(
                k
                for k in set(old.get("config", {})) | set(self.manifest["config"])
                if old.get("config", {}).get(k) != self.manifest["config"].get(k)
            )
            raise InputError(
                f"cannot resume {layout.work}: the run was started with another configuration (changed: "
                f"{', '.join(changed) or 'format'}); run again without --resume to start afresh"
            )
        self.manifest = old
        keep: set[str] = set()
        for shard in old["shards"]:
            keep.update((shard["output"], shard["errors"]))
            self.summary.add(shard["counts"])
            self.done_lines[shard["input"]] = max(self.done_lines.get(shard["input"], 0), shard["last_line"])
        layout.clean(keep)
        self.summary.resumed_lines = self.summary.read
        logger.info(
            "resuming: %d shards (%d lines) done, continuing after them",
            len(old["shards"]),
            self.summary.read,
        )

    def _load_manifest(self) -> dict[str, Any] | None:
        assert self.layout.work is not None
        path = self.layout.manifest
        if not path.exists():
            if self.layout.work.exists():
                logger.info("no manifest in %s: nothing was committed, starting afresh", self.layout.work)
            return None
        data = json.loads(path.read_text(encoding="utf-8"))
        if data.get("version") != MANIFEST_VERSION:
            raise InputError(
                f"{path} has manifest version {data.get('version')!r}; expected {MANIFEST_VERSION}"
            )
        return data

    # -------------------------------------------------------------- reading
    def _items(self) -> Iterator[tuple[Any, dict[str, Any]]]:
        config = self.config
        limit = config.line_limit
        for index, path in enumerate(self.inputs):
            skip = self.done_lines.get(index, 0)
            for line_no, raw, too_long in iter_lines_capped(path, limit):
                if line_no <= skip:
                    continue
                ctx: dict[str, Any] = {"input": index, "line": line_no}
                if too_long:
                    ctx["error"] = LineError(
                        line_no,
                        f"line is over {limit:,} bytes (max_line_bytes): refused unread; split the document "
                        "or raise --max-line-bytes",
                        _preview(raw),
                        None,
                        "read",
                    )
                    yield "", {**ctx, "genre": _PLACEHOLDER_GENRE}
                    continue
                try:
                    record = parse_record(
                        line_no, raw, text_field=config.text_field, id_field=config.id_field
                    )
                except RecordError as exc:
                    ctx["error"] = LineError(line_no, exc.reason, _preview(raw), exc.id)
                    yield "", {**ctx, "genre": _PLACEHOLDER_GENRE}
                    continue
                text = get_field(record, config.text_field)
                genre = get_field(record, config.genre_field) if config.genre_field else None
                genre = genre if isinstance(genre, str) and genre.strip() else None
                ctx.update(record=record, id=_record_id(record, config.id_field), record_genre=genre)
                if config.language_check and self._non_english(text, genre):
                    yield "", {**ctx, "genre": _PLACEHOLDER_GENRE, "non_english": True}
                    continue
                yield text, {**ctx, "genre": genre}

    def _non_english(self, text: str, genre: str | None) -> bool:
        if len(text) > self.config.max_chars or is_probably_english(text):
            return False
        return self._genre_of(text, genre) not in _NOT_CHECKED_GENRES

    def _genre_of(self, text: str, genre: str | None) -> str:
        if genre:
            return genre
        if self.config.genre != "auto":
            return self.config.genre
        from .genres import detect_genre

        return detect_genre(text)

    # -------------------------------------------------------------- writing
    def _open_shard(self, index: int, input_index: int, first_line: int) -> _Shard:
        layout = self.layout
        if layout.mode == "stream":
            assert layout.errors is not None
            return _Shard(index, input_index, first_line, JsonlWriter(STDIO), JsonlWriter(layout.errors))
        out = JsonlWriter(layout.part(index))
        try:
            err = JsonlWriter(layout.part_errors(index))
        except BaseException:
            out.abort()
            raise
        return _Shard(index, input_index, first_line, out, err)

    def _commit(self, shard: _Shard) -> None:
        try:
            shard.out.close()
        except BaseException:
            shard.err.abort()
            raise
        shard.err.close()
        self.summary.add(shard.counts)
        if self.layout.mode == "stream":
            return
        self.manifest["shards"].append(
            {
                "index": shard.index,
                "input": shard.input,
                "input_file": Path(self.inputs[shard.input]).name,
                "first_line": shard.first_line,
                "last_line": shard.last_line,
                "output": self.layout.part(shard.index).name,
                "errors": self.layout.part_errors(shard.index).name,
                "counts": shard.counts,
            }
        )
        atomic_write_json(self.layout.manifest, self.manifest)

    def _error_dict(self, error: LineError, input_index: int) -> dict[str, Any]:
        data = error.to_dict()
        if len(self.inputs) > 1 or Path(self.config.input).is_dir():
            data["input"] = Path(self.inputs[input_index]).name
        return data

    def execute(self) -> RunSummary:
        started = time.perf_counter()
        self.prepare()
        if self.manifest["complete"]:
            logger.info("the run was already complete; finishing its output")
        else:
            self._process()
            self.manifest["complete"] = True
            if self.layout.mode != "stream":
                atomic_write_json(self.layout.manifest, self.manifest)
        self._finish(final=True)
        self.summary.complete = True
        self.summary.seconds = time.perf_counter() - started
        return self.summary

    def _simplifier_for_run(self) -> LeanerSimplifier:
        if self._simplifier is None:
            from .simplifier import LeanerSimplifier

            self._simplifier = LeanerSimplifier(
                vocabulary=self.config.vocabulary,
                genre=self.config.genre,
                nlp=self.config.nlp,
                max_chars=self.config.max_chars,
                **self.config.simplifier_options,
            )
        return self._simplifier

    def _process(self) -> None:
        config = self.config
        shard_size = config.shard_size if self.layout.mode != "stream" else 1 << 62
        next_index = len(self.manifest["shards"])
        progress = _progress(self._total() if config.progress else None, disable=not config.progress)
        outcomes = self._simplifier_for_run().pipe_outcomes(
            self._items(),
            batch_size=config.batch_size,
            n_process=config.n_process,
            as_tuples=True,
            genre_field="genre",
        )
        shard: _Shard | None = None
        try:
            for outcome, ctx in outcomes:
                if shard is not None and shard.input != ctx["input"]:
                    self._commit(shard)
                    shard = None
                if shard is None:
                    shard = self._open_shard(next_index, ctx["input"], ctx["line"])
                    next_index += 1
                failure = self._handle(shard, outcome, ctx)
                if failure is not None:  # on_error="raise"
                    if shard.counts["read"]:
                        self._commit(shard)
                    else:
                        shard.abort()
                    shard = None
                    self._finish(final=False)
                    raise RunAborted(failure, self.summary)
                shard.last_line = ctx["line"]
                shard.counts["read"] += 1
                progress.update(1)
                if shard.counts["read"] >= shard_size:
                    self._commit(shard)
                    shard = None
            if shard is not None:
                self._commit(shard)
                shard = None
            elif self.layout.mode == "stream" and not self.summary.shards:
                self._commit(self._open_shard(0, 0, 1))  # an empty input still gets its (empty) files
        except BaseException:
            if shard is not None:
                shard.abort()
            raise
        finally:
            outcomes.close()  # stops worker processes at once when the run stops early
            progress.close()

    def _handle(self, shard: _Shard, outcome: Any, ctx: dict[str, Any]) -> dict[str, Any] | None:
        """Write one line's record; return the error record instead when ``on_error="raise"`` stops."""
        config, counts = self.config, shard.counts
        policy = config.on_error
        error: LineError | None = ctx.get("error")
        if error is None and isinstance(outcome, RecordFailure) and policy != "passthrough":
            error = LineError(
                ctx["line"], outcome.reason, outcome.original[:RAW_PREVIEW_CHARS], ctx["id"], outcome.stage
            )
        if error is not None:
            data = self._error_dict(error, ctx["input"])
            if policy == "raise":
                return data
            shard.err.write(data)
            counts["errors"] += 1
            return None
        record = ctx["record"]
        text = get_field(record, config.text_field)
        if ctx.get("non_english"):
            outcome = SimplifyResult(
                text, text, self._genre_of(text, ctx["record_genre"]), None, None, skipped="non-English"
            )
            counts["non_english"] += 1
        elif isinstance(outcome, RecordFailure):  # passthrough
            outcome = SimplifyResult(
                text,
                text,
                ctx["record_genre"] or (config.genre if config.genre != "auto" else "unknown"),
                None,
                None,
                skipped=f"{outcome.stage}: {outcome.reason}",
            )
            counts["passed_through"] += 1
        record[config.output_field] = outcome.text
        record[config.stats_field] = outcome.stats()
        shard.out.write(record)
        counts["written"] += 1
        if outcome.coverage_before is not None:
            counts["checkable_before"] += outcome.checkable_before
            counts["in_before"] += outcome.coverage_before * outcome.checkable_before
        if outcome.coverage_after is not None:
            counts["checkable_after"] += outcome.checkable_after
            counts["in_after"] += outcome.coverage_after * outcome.checkable_after
        return None

    def _finish(self, *, final: bool) -> None:
        """Assemble the committed shards into the output file(s); on success remove the work folder."""
        layout = self.layout
        if layout.mode == "stream":
            return
        shards = self.manifest["shards"]
        assert layout.work is not None
        if layout.errors:
            concatenate_files((layout.work / s["errors"] for s in shards), layout.errors)
        if layout.mode == "file":
            concatenate_files((layout.work / s["output"] for s in shards), layout.output)
            if final:
                shutil.rmtree(layout.work, ignore_errors=True)

    def _total(self) -> int | None:
        if self.config.input == STDIO:
            return None
        return sum(count_lines(p) for p in self.inputs) - self.summary.read


def run_corpus(config: RunConfig, *, simplifier: LeanerSimplifier | None = None) -> RunSummary:
    """Run (or with ``config.resume`` continue) a corpus run; see the module docstring.

    ``simplifier``: use this one instead of building it from ``config`` (its vocabulary, genre, pipeline
    and ``max_chars`` then apply).

    Raises :class:`RunAborted` under ``on_error="raise"``, :class:`~simplify.errors.InputError` for an
    unusable input or a resume with a changed configuration, and ``OSError`` (a full disk) with the manifest
    left consistent, so that ``resume`` can continue.
    """
    return _Run(config, simplifier).execute()


# ----------------------------------------------------------------------------------------------- helpers
def _record_id(record: dict[str, Any], id_field: str | None) -> Any:
    return get_field(record, id_field) if id_field else record.get("id")


def _preview(raw: bytes) -> str:
    return raw[: RAW_PREVIEW_CHARS * 4].decode("utf-8", errors="replace")[:RAW_PREVIEW_CHARS]


def _ratio(num: float, den: float) -> float | None:
    return num / den if den else None


class _NoProgress:
    def update(self, n: int) -> None:
        """Nothing."""

    def close(self) -> None:
        """Nothing."""


def _progress(total: int | None, disable: bool) -> Any:
    if disable:
        return _NoProgress()
    import sys

    from tqdm import tqdm

    return tqdm(total=total, unit="doc", file=sys.stderr, mininterval=0.5)


def _type_name(obj: Any) -> str:
    """Objects in the fingerprint are named by type (their repr may hold a memory address)."""
    return f"<{type(obj).__qualname__}>"
