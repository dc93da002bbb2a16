"""LeanerSimplifier: genre → clean → protect → parse → rewrite → reassemble, for one text or a stream."""

from __future__ import annotations

import logging
import multiprocessing
import os
from collections import deque
from collections.abc import Iterable, Iterator, Mapping
from dataclasses import dataclass, field
from itertools import islice
from typing import TYPE_CHECKING, Any, Literal

from .chunking import Masked, chunk_spans, mask_spans, split_edges
from .cleaning import CleanResult, clean_text
from .errors import InputError, SimplifyError
from .genres import GenreProfile, detect_genre, get_genre
from .language import is_probably_english
from .lexicon import SubstitutionLexicon, default_lexicon
from .nlp import load_nlp
from .protect import Span, find_protected_spans, mask_tokens, split_blocks
from .result import Edit, SimplifyResult
from .rewriters.base import RequestRewriter, Rewriter, RewriteRequest, get_backend_factory
from .rewriters.rules import PieceRewrite, RuleRewriter
from .validate import check_parsed, check_text
from .vocab import DEFAULT_VOCABULARY, CoverageReport, Vocabulary, doc_coverage, get_vocabulary

if TYPE_CHECKING:
    from spacy.language import Language
    from spacy.tokens import Doc

logger = logging.getLogger(__name__)

OnError = Literal["raise", "skip", "passthrough"]

#: Documents longer than this (characters) are refused with a clear reason instead of risking memory.
DEFAULT_MAX_CHARS = 2_000_000
_MAX_PIECE_CHARS = 20_000


@dataclass(frozen=True)
class RecordFailure:
    """Why one input could not be simplified (what ``pipe`` yields for it under ``on_error='passthrough'``)."""

    original: str
    stage: str
    reason: str


@dataclass
class _Prepared:
    """A document after genre, cleaning and segmentation, waiting for its prose pieces to be parsed."""

    original: str
    profile: GenreProfile
    cleaned: CleanResult
    pieces: list[tuple[int, int, bool]]
    rewrites: dict[int, PieceRewrite] = field(default_factory=dict)
    outcomes: list[ChunkOutcome] | None = None  # set by the model path only


@dataclass(frozen=True)
class ChunkOutcome:
    """What happened to one chunk under a model backend.

    ``span``: the chunk in the original input; ``backend``: who wrote the kept text (the model's name, or
    ``"rules"`` after a fallback); ``attempts``: model calls made; ``reasons``: every rejection, in order.
    """

    span: tuple[int, int]
    backend: str
    attempts: int
    reasons: tuple[str, ...] = ()

    @property
    def fallback(self) -> bool:
        """Whether the model's answers were all rejected and the rules rewrote the chunk."""
        return self.backend == "rules"


@dataclass(frozen=True)
class BackendResult(SimplifyResult):
    """A :class:`SimplifyResult` from a model backend, with the outcome of every chunk."""

    chunks: tuple[ChunkOutcome, ...] = ()

    def stats(self) -> dict[str, Any]:
        """Per-record statistics, with chunk counts (model-written, fallen back, model calls)."""
        data = super().stats()
        data["chunks"] = {
            "total": len(self.chunks),
            "fallback": sum(c.fallback for c in self.chunks),
            "attempts": sum(c.attempts for c in self.chunks),
        }
        return data


@dataclass
class _Job:
    """One chunk of a prose piece waiting for the model."""

    doc: _Prepared
    offset: int  # of ``core`` in its piece
    core: str
    spans: list[Span]
    masked: Masked


class LeanerSimplifier:
    """Rewrite text into the controlled vocabulary while keeping its genre, structure and protected spans.

    ``backend``: ``"rules"`` (default), a registered backend name (``"openai"``, ``"transformers"``,
    ``"llamacpp"``; ``backend_options`` go to its factory) or any object implementing
    :class:`~simplify.rewriters.Rewriter`. A model backend's chunks are validated, retried up to
    ``max_attempts`` times with the reasons fed back, and rewritten by the rules when still rejected.
    ``vocabulary``: a registered name, a file path or a :class:`~simplify.vocab.Vocabulary`. ``genre``: ``"auto"`` (detect per text) or a genre name/profile.
    ``nlp``: a spaCy pipeline name or object (default: see :func:`simplify.nlp.load_nlp`).
    ``broad_substitutes``: also use the lexicon's lower-confidence tier (distant hypernyms, category words)
    when no close synonym is in the list: higher coverage, some loss of precision.
    ``model`` / ``base_url``: shorthands for the model backends' options (``backend_options`` holds the rest).
    ``language_check``: pass texts that are probably not English through unchanged with
    ``skipped="non-English"`` (code and math are exempt).

    >>> s = LeanerSimplifier()                     # doctest: +SKIP
    >>> s("The committee subsequently promulgated regulations.").text   # doctest: +SKIP
    """

    def __init__(
        self,
        backend: str | Any = "rules",
        *,
        vocabulary: str | Vocabulary = DEFAULT_VOCABULARY,
        genre: str | GenreProfile = "auto",
        nlp: str | Language | None = None,
        lexicon: SubstitutionLexicon | None = None,
        max_chars: int = DEFAULT_MAX_CHARS,
        on_error: OnError = "raise",
        broad_substitutes: bool = True,
        backend_options: Mapping[str, Any] | None = None,
        max_attempts: int = 2,
        language_check: bool = False,
        model: str | None = None,
        base_url: str | None = None,
    ) -> None:
        self.language_check = language_check
        self.vocabulary = get_vocabulary(vocabulary)
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.genre: GenreProfile | None = None if genre == "auto" else get_genre(genre)
        self.max_chars = max_chars
        self.on_error = _check_on_error(on_error)
        if max_attempts < 1:
            raise ValueError(f"max_attempts must be >= 1, got {max_attempts}")
        self.max_attempts = max_attempts
        if isinstance(backend, str):
            options = dict(backend_options or {})
            if model is not None:  # a served model name (openai) or a local path (transformers, llamacpp)
                options.setdefault("model" if backend == "openai" else "model_path", model)
            if base_url is not None:
                options.setdefault("base_url", base_url)
            factory = get_backend_factory(backend)
            self.backend = factory(
                vocabulary=self.vocabulary, lexicon=self.lexicon, broad=broad_substitutes, **options
            )
        else:
            self.backend = backend
        if isinstance(self.backend, RuleRewriter):
            self._rules = self.backend
        elif isinstance(self.backend, (Rewriter, RequestRewriter)):
            self._rules = RuleRewriter(self.vocabulary, self.lexicon, broad=broad_substitutes)
        else:
            raise SimplifyError(
                f"backend {getattr(self.backend, 'name', type(self.backend).__name__)!r} does not implement "
                "simplify.rewriters.Rewriter (a `name` and `rewrite_batch(chunks, genres)`)"
            )
        self._nlp_spec = nlp
        self._nlp: Language | None = nlp if nlp is not None and not isinstance(nlp, str) else None

    @property
    def nlp(self) -> Language:
        """The spaCy pipeline (loaded on first use)."""
        if self._nlp is None:
            self._nlp = load_nlp(self._nlp_spec)
        return self._nlp

    def __getstate__(self) -> dict[str, Any]:
        state = self.__dict__.copy()
        if isinstance(self._nlp_spec, str) or self._nlp_spec is None:
            state["_nlp"] = None  # reloaded by name in the receiving process
        return state

    # ---------------------------------------------------------------- calling
    def __call__(self, text: str, *, genre: str | GenreProfile | None = None) -> SimplifyResult:
        """Simplify one text; ``genre`` overrides the simplifier's genre and detection."""
        (outcome,) = self._process([(text, genre)])
        if isinstance(outcome, RecordFailure):
            if self.on_error == "raise":
                raise InputError(f"cannot simplify this text ({outcome.stage}): {outcome.reason}")
            return _passthrough(outcome, self._genre_name(text, genre))
        return outcome

    def pipe(
        self,
        texts: Iterable[Any],
        *,
        batch_size: int = 64,
        n_process: int = 1,
        as_tuples: bool = False,
        genre_field: str | None = "genre",
        on_error: OnError | None = None,
    ) -> Iterator[Any]:
        """Simplify a stream lazily, in order; memory stays bounded by ``batch_size × n_process``.

        With ``as_tuples=True`` items are ``(text, context)`` and ``(result, context)`` pairs come out; when
        the context is a mapping with a string under ``genre_field``, that genre is used for the text.
        ``on_error``: ``"raise"`` stops at the first failure, ``"skip"`` drops the record (with a log
        warning), ``"passthrough"`` yields the text unchanged with ``result.skipped`` giving the reason.
        """
        policy = _check_on_error(on_error or self.on_error)
        for outcome, context in self.pipe_outcomes(
            texts, batch_size=batch_size, n_process=n_process, as_tuples=as_tuples, genre_field=genre_field
        ):
            if isinstance(outcome, RecordFailure):
                if policy == "raise":
                    raise InputError(f"cannot simplify a record ({outcome.stage}): {outcome.reason}")
                if policy == "skip":
                    logger.warning("skipped a record (%s): %s", outcome.stage, outcome.reason)
                    continue
                outcome = _passthrough(outcome, "unknown")
            yield (outcome, context) if as_tuples else outcome

    def pipe_outcomes(
        self,
        texts: Iterable[Any],
        *,
        batch_size: int = 64,
        n_process: int = 1,
        as_tuples: bool = False,
        genre_field: str | None = "genre",
    ) -> Iterator[tuple[SimplifyResult | RecordFailure, Any]]:
        """Like :meth:`pipe` but yields ``(result or RecordFailure, context)`` for every input, never raising
        for a bad record: what corpus runners use to write an errors file."""
        if batch_size < 1 or n_process < 1:
            raise ValueError(f"batch_size and n_process must be >= 1, got {batch_size} and {n_process}")
        items = _items(texts, as_tuples, genre_field)
        # With several processes, smaller jobs keep every worker busy until the end of the stream.
        job_size = batch_size if n_process == 1 else max(1, -(-batch_size // n_process))
        batches = iter(lambda: list(islice(items, job_size)), [])
        if n_process == 1:
            for batch in batches:
                outcomes = self._process([(text, genre) for text, genre, _ in batch])
                yield from zip(outcomes, (ctx for _, _, ctx in batch), strict=True)
            return
        yield from self._pipe_parallel(batches, n_process)

    # --------------------------------------------------------- multiprocessing
    def _pipe_parallel(
        self, batches: Iterator[list[tuple[Any, Any, Any]]], n_process: int
    ) -> Iterator[tuple[SimplifyResult | RecordFailure, Any]]:
        method = "fork" if "fork" in multiprocessing.get_all_start_methods() else "spawn"
        ctx = multiprocessing.get_context(method)
        with ctx.Pool(n_process, initializer=_init_worker, initargs=(self,)) as pool:
            pending: deque[tuple[Any, list[Any]]] = deque()
            for batch in batches:
                job = pool.apply_async(_work, ([(text, genre) for text, genre, _ in batch],))
                pending.append((job, [c for _, _, c in batch]))
                while len(pending) > 2 * n_process:
                    job, contexts = pending.popleft()
                    yield from zip(job.get(), contexts, strict=True)
            while pending:
                job, contexts = pending.popleft()
                yield from zip(job.get(), contexts, strict=True)

    # ------------------------------------------------------------- the path
    def _genre_name(self, text: Any, genre: str | GenreProfile | None) -> str:
        try:
            return self._resolve_genre(text if isinstance(text, str) else "", genre).name
        except SimplifyError:
            return "unknown"

    def _resolve_genre(self, text: str, genre: str | GenreProfile | None) -> GenreProfile:
        if genre is not None:
            return get_genre(genre)
        if self.genre is not None:
            return self.genre
        return get_genre(detect_genre(text))

    def _process(self, batch: list[tuple[Any, Any]]) -> list[SimplifyResult | RecordFailure]:
        """Simplify a batch; a failure in one record never affects the others."""
        out: list[SimplifyResult | RecordFailure | _Prepared] = []
        for text, genre in batch:
            try:
                out.append(self._prepare(text, genre))
            except Exception as exc:  # one bad record must not stop the batch
                stage = "input" if isinstance(exc, InputError) else "prepare"
                out.append(
                    RecordFailure(text if isinstance(text, str) else repr(text)[:200], stage, str(exc))
                )
        try:
            self._rewrite_pieces([p for p in out if isinstance(p, _Prepared)])
        except Exception:
            logger.debug("batch parse failed; retrying record by record", exc_info=True)
            for n, prepared in enumerate(out):
                if isinstance(prepared, _Prepared):
                    try:
                        self._rewrite_pieces([prepared])
                    except Exception as exc:
                        out[n] = RecordFailure(prepared.original, "rewrite", f"{type(exc).__name__}: {exc}")
        results: list[SimplifyResult | RecordFailure] = []
        for prepared in out:
            if isinstance(prepared, _Prepared):
                try:
                    results.append(self._assemble(prepared))
                except Exception as exc:
                    results.append(
                        RecordFailure(prepared.original, "assemble", f"{type(exc).__name__}: {exc}")
                    )
            else:
                results.append(prepared)
        return results

    def _prepare(self, text: Any, genre: Any) -> SimplifyResult | _Prepared:
        if not isinstance(text, str):
            raise InputError(f"expected a str to simplify, got {type(text).__name__}")
        if len(text) > self.max_chars:
            raise InputError(
                f"document has {len(text):,} characters, over max_chars={self.max_chars:,}; split it or raise "
                "the limit"
            )
        profile = self._resolve_genre(text, genre)
        if not text.strip():
            return _unchanged(text, profile.name, "empty")
        if self.language_check and profile.name not in ("code", "math") and not is_probably_english(text):
            return _unchanged(text, profile.name, "non-English")
        if profile.passthrough:
            return _unchanged(text, profile.name, None)
        cleaned = clean_text(text, profile.clean_ops)
        pieces = split_blocks(cleaned.text, profile.protect, max_chars=_MAX_PIECE_CHARS)
        return _Prepared(text, profile, cleaned, pieces)

    def _rewrite_pieces(self, prepared: list[_Prepared]) -> None:
        if self.backend is not self._rules:
            self._rewrite_with_model(prepared)
            return
        jobs: list[tuple[_Prepared, int, str]] = []
        for doc in prepared:
            doc.rewrites.clear()
            for n, (start, end, is_block) in enumerate(doc.pieces):
                piece = doc.cleaned.text[start:end]
                if not is_block and any(c.isalpha() for c in piece):
                    jobs.append((doc, n, piece))
        if not jobs:
            return
        rewriter = self.backend
        parsed = self.nlp.pipe((piece for _, _, piece in jobs), batch_size=256)
        for (doc, n, piece), parse in zip(jobs, parsed, strict=True):
            spans = find_protected_spans(piece, doc.profile.protect)
            mask = (
                mask_tokens([(t.idx, t.idx + len(t)) for t in parse], spans)
                if spans
                else [False] * len(parse)
            )
            doc.rewrites[n] = rewriter.rewrite_doc(parse, mask, doc.profile)

    def _assemble(self, doc: _Prepared) -> SimplifyResult:
        cleaned = doc.cleaned
        parts: list[str] = []
        edits: list[Edit] = [
            Edit("clean", doc.original[r.start : r.end], r.text, (r.start, r.end), r.reason)
            for r in cleaned.replacements
        ]
        before, after = CoverageReport(), CoverageReport()
        for n, (start, end, _) in enumerate(doc.pieces):
            rewrite = doc.rewrites.get(n)
            if rewrite is None:
                parts.append(cleaned.text[start:end])
                continue
            parts.append(rewrite.text)
            before += rewrite.before
            after += rewrite.after
            for edit in rewrite.edits:
                s = cleaned.to_original(start + edit.span[0])
                e = cleaned.to_original(start + edit.span[1])
                edits.append(Edit(edit.kind, edit.before, edit.after, (s, max(s, e)), edit.reason))
        cls = SimplifyResult if doc.outcomes is None else BackendResult
        extra = {} if doc.outcomes is None else {"chunks": tuple(doc.outcomes)}
        return cls(
            **extra,
            text="".join(parts),
            original=doc.original,
            genre=doc.profile.name,
            coverage_before=before.coverage,
            coverage_after=after.coverage,
            oov_after=dict(after.oov.most_common()),
            edits=tuple(edits),
            checkable_before=before.checkable,
            checkable_after=after.checkable,
            backend=self.backend.name,
        )

    # ------------------------------------------------------- model backends
    def _rewrite_with_model(self, prepared: list[_Prepared]) -> None:
        """Chunk, mask, ask the model, validate, retry with feedback, fall back to rules per chunk."""
        jobs: list[_Job] = []
        layout: list[tuple[_Prepared, int, list[str | int]]] = []
        for doc in prepared:
            doc.rewrites.clear()
            doc.outcomes = []
            for n, (start, end, is_block) in enumerate(doc.pieces):
                piece = doc.cleaned.text[start:end]
                if is_block or not any(c.isalpha() for c in piece):
                    continue
                segments: list[str | int] = []
                protect = doc.profile.protect
                for cs, ce in chunk_spans(
                    piece, doc.profile.chunk_chars, find_protected_spans(piece, protect)
                ):
                    lead, core, trail = split_edges(piece[cs:ce])
                    if not any(c.isalpha() for c in core):
                        segments.append(piece[cs:ce])
                        continue
                    spans = find_protected_spans(core, protect)
                    segments.extend([lead, len(jobs), trail])
                    jobs.append(_Job(doc, cs + len(lead), core, spans, mask_spans(core, spans)))
                layout.append((doc, n, segments))
        if not jobs:
            return
        sources = list(self.nlp.pipe((job.core for job in jobs), batch_size=256))
        accepted, attempts, reasons = self._ask_model(jobs, sources)
        name = str(self.backend.name)
        for doc, n, segments in layout:
            start = doc.pieces[n][0]
            text: list[str] = []
            rewrite = PieceRewrite(text="")
            for seg in segments:
                if isinstance(seg, str):
                    text.append(seg)
                    continue
                job, source = jobs[seg], sources[seg]
                mask = (
                    mask_tokens([(t.idx, t.idx + len(t)) for t in source], job.spans)
                    if job.spans
                    else [False] * len(source)
                )
                if seg in accepted:
                    output, after = accepted[seg]
                    text.append(output)
                    rewrite.before += doc_coverage(source, self.vocabulary, mask)
                    rewrite.after += after
                    if output != job.core:
                        span = (job.offset, job.offset + len(job.core))
                        rewrite.edits.append(
                            Edit("substitute", job.core, output, span, f"rewritten by {name}")
                        )
                    by = name
                else:
                    fallback = self._rules.rewrite_doc(source, mask, doc.profile)
                    text.append(fallback.text)
                    rewrite.before += fallback.before
                    rewrite.after += fallback.after
                    for e in fallback.edits:
                        span = (job.offset + e.span[0], job.offset + e.span[1])
                        rewrite.edits.append(Edit(e.kind, e.before, e.after, span, e.reason))
                    by = self._rules.name
                s = doc.cleaned.to_original(start + job.offset)
                e = doc.cleaned.to_original(start + job.offset + len(job.core))
                assert doc.outcomes is not None
                doc.outcomes.append(ChunkOutcome((s, max(s, e)), by, attempts[seg], tuple(reasons[seg])))
            rewrite.text = "".join(text)
            doc.rewrites[n] = rewrite

    def _ask_model(
        self, jobs: list[_Job], sources: list[Doc]
    ) -> tuple[dict[int, tuple[str, CoverageReport]], list[int], list[list[str]]]:
        """Model answers that passed validation (by job), attempts made and rejection reasons per job."""
        accepted: dict[int, tuple[str, CoverageReport]] = {}
        attempts = [0] * len(jobs)
        reasons: list[list[str]] = [[] for _ in jobs]
        feedback: dict[int, tuple[str, ...]] = {}
        pending = list(range(len(jobs)))
        for attempt in range(1, self.max_attempts + 1):
            if not pending:
                break
            replies = self._call_backend(
                [jobs[i] for i in pending], [feedback.get(i, ()) for i in pending], attempt
            )
            passed: list[tuple[int, str]] = []
            for i, reply in zip(pending, replies, strict=True):
                attempts[i] = attempt
                job = jobs[i]
                if isinstance(reply, BaseException) or not isinstance(reply, str):
                    why = (
                        f"{type(reply).__name__}: {reply}"
                        if isinstance(reply, BaseException)
                        else repr(reply)[:80]
                    )
                    failures = [f"backend: {why}"]
                else:
                    output = job.masked.restore(reply.strip())
                    failures = [
                        str(f) for f in check_text(job.core, output, job.doc.profile, job.masked, raw=reply)
                    ]
                    if not failures:
                        passed.append((i, output))
                        continue
                reasons[i].extend(failures)
                feedback[i] = tuple(failures)
            parsed = self.nlp.pipe((output for _, output in passed), batch_size=256)
            for (i, output), out_doc in zip(passed, parsed, strict=True):
                found, report = check_parsed(sources[i], out_doc, jobs[i].doc.profile, self.vocabulary)
                if found:
                    reasons[i].extend(str(f) for f in found)
                    feedback[i] = tuple(str(f) for f in found)
                else:
                    accepted[i] = (output, report)
            pending = [i for i in pending if i not in accepted]
        if pending:
            logger.info("%d of %d chunks fell back to rules", len(pending), len(jobs))
        return accepted, attempts, reasons

    def _call_backend(
        self, jobs: list[_Job], feedback: list[tuple[str, ...]], attempt: int
    ) -> list[str | BaseException]:
        """One batch of model calls; an exception becomes every chunk's reply (so each falls back)."""
        backend = self.backend
        try:
            if isinstance(backend, RequestRewriter):
                requests = [
                    RewriteRequest(
                        job.masked.text, job.doc.profile.name, job.masked.placeholders, fb, attempt
                    )
                    for job, fb in zip(jobs, feedback, strict=True)
                ]
                replies: list[Any] = list(backend.rewrite_requests(requests))
            else:
                replies = list(
                    backend.rewrite_batch([j.masked.text for j in jobs], [j.doc.profile.name for j in jobs])
                )
        except Exception as exc:
            logger.warning("backend %r failed on a batch: %s", getattr(backend, "name", "?"), exc)
            return [exc] * len(jobs)
        if len(replies) != len(jobs):
            err = SimplifyError(f"backend returned {len(replies)} answers for {len(jobs)} chunks")
            return [err] * len(jobs)
        return replies


def _items(texts: Iterable[Any], as_tuples: bool, genre_field: str | None) -> Iterator[tuple[Any, Any, Any]]:
    for item in texts:
        if not as_tuples:
            yield item, None, None
            continue
        try:
            text, context = item
        except (TypeError, ValueError):
            yield item, None, None
            continue
        genre = None
        if genre_field and isinstance(context, Mapping):
            value = context.get(genre_field)
            genre = value if isinstance(value, str) and value.strip() else None
        yield text, genre, context


def _unchanged(text: str, genre: str, skipped: str | None) -> SimplifyResult:
    return SimplifyResult(
        text=text, original=text, genre=genre, coverage_before=None, coverage_after=None, skipped=skipped
    )


def _passthrough(failure: RecordFailure, genre: str) -> SimplifyResult:
    return _unchanged(failure.original, genre, f"{failure.stage}: {failure.reason}")


def _check_on_error(policy: str) -> OnError:
    if policy not in ("raise", "skip", "passthrough"):
        raise ValueError(f"on_error must be 'raise', 'skip' or 'passthrough', got {policy!r}")
    return policy  # type: ignore[return-value]


_WORKER: LeanerSimplifier | None = None


def _init_worker(simplifier: LeanerSimplifier) -> None:
    global _WORKER
    _WORKER = simplifier
    os.environ.setdefault("TOKENIZERS_PARALLELISM", "false")


def _work(batch: list[tuple[Any, Any]]) -> list[SimplifyResult | RecordFailure]:
    assert _WORKER is not None, "worker used before initialisation"
    return _WORKER._process(batch)
