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

from .cleaning import CleanResult, clean_text
from .errors import InputError, SimplifyError
from .genres import GenreProfile, detect_genre, get_genre
from .lexicon import SubstitutionLexicon, default_lexicon
from .nlp import load_nlp
from .protect import find_protected_spans, mask_tokens, split_blocks
from .result import Edit, SimplifyResult
from .rewriters.base import get_backend_factory
from .rewriters.rules import PieceRewrite, RuleRewriter
from .vocab import DEFAULT_VOCABULARY, CoverageReport, Vocabulary, get_vocabulary

if TYPE_CHECKING:
    from spacy.language import Language

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


class LeanerSimplifier:
    """Rewrite text into the controlled vocabulary while keeping its genre, structure and protected spans.

    ``backend``: ``"rules"`` (default). ``vocabulary``: a registered name, a file path or a
    :class:`~simplify.vocab.Vocabulary`. ``genre``: ``"auto"`` (detect per text) or a genre name/profile.
    ``nlp``: a spaCy pipeline name or object (default: see :func:`simplify.nlp.load_nlp`).
    ``broad_substitutes``: also use the lexicon's lower-confidence tier (distant hypernyms, category words)
    when no close synonym is in the list: higher coverage, some loss of precision.

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
    ) -> None:
        self.vocabulary = get_vocabulary(vocabulary)
        self.lexicon = lexicon if lexicon is not None else default_lexicon()
        self.genre: GenreProfile | None = None if genre == "auto" else get_genre(genre)
        self.max_chars = max_chars
        self.on_error = _check_on_error(on_error)
        if isinstance(backend, str):
            factory = get_backend_factory(backend)
            self.backend = factory(vocabulary=self.vocabulary, lexicon=self.lexicon, broad=broad_substitutes)
        else:
            self.backend = backend
        if not isinstance(self.backend, RuleRewriter):
            raise SimplifyError(
                f"backend {getattr(self.backend, 'name', type(self.backend).__name__)!r} is not supported yet: "
                "only the 'rules' backend can run in this version"
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
        if profile.passthrough:
            return _unchanged(text, profile.name, None)
        cleaned = clean_text(text, profile.clean_ops)
        pieces = split_blocks(cleaned.text, profile.protect, max_chars=_MAX_PIECE_CHARS)
        return _Prepared(text, profile, cleaned, pieces)

    def _rewrite_pieces(self, prepared: list[_Prepared]) -> None:
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
        return SimplifyResult(
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
