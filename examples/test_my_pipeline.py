"""A user's pipeline step built around LeanerSimplifier, tested with simplify.testing.

Run it with ``pytest examples/test_my_pipeline.py`` (needs ``hypothesis`` and ``pytest``). The profile
comes from ``SIMPLIFY_HYPOTHESIS_PROFILE``: ``dev`` (default, quick) or ``ci`` (thorough, derandomised).
In a real project put the ``load_profile_from_env()`` call in your ``conftest.py``.
"""

from __future__ import annotations

from collections.abc import Iterable
from typing import Any

from hypothesis import given
from hypothesis import strategies as st

from simplify import LeanerSimplifier, RecordFailure, SimplifyResult
from simplify.testing import (
    check_coverage,
    check_deterministic,
    check_no_meta_commentary,
    check_protected_spans,
    check_records_accounted,
    check_structure,
    load_profile_from_env,
)
from simplify.testing.strategies import documents, hostile_texts, jsonl_records, record_lists

load_profile_from_env()

# ----------------------------------------------------------------------- the pipeline step under test

SIMPLIFIER = LeanerSimplifier()  # load once: spaCy is slow to load


def simplify_text(text: str, genre: str | None = None) -> SimplifyResult:
    """Our step for one document: the record's genre if it has one, else detection."""
    return SIMPLIFIER(text, genre=genre)


def simplify_records(records: Iterable[dict[str, Any]]) -> tuple[list[dict[str, Any]], list[dict[str, Any]]]:
    """Our step for a batch: keep every field, add ``text_simple`` and ``coverage``; failures go to errors."""
    outputs: list[dict[str, Any]] = []
    errors: list[dict[str, Any]] = []
    items = ((record.get("text"), record) for record in records)
    for outcome, record in SIMPLIFIER.pipe_outcomes(items, as_tuples=True):
        if isinstance(outcome, RecordFailure):
            errors.append({"id": record.get("id"), "stage": outcome.stage, "reason": outcome.reason})
        else:
            outputs.append({**record, "text_simple": outcome.text, "coverage": outcome.coverage_after})
    return outputs, errors


# ---------------------------------------------------------------------------------------- the tests


@given(doc=documents(with_parts=True))
def test_step_keeps_protected_parts_structure_and_coverage(doc):
    result = simplify_text(doc.text, doc.genre)
    check_protected_spans(doc.text, result.text, doc.protected)  # URLs, numbers, code… byte-exact
    check_structure(doc.text, result.text, doc.genre)  # speakers, headings, list items, code blocks
    check_no_meta_commentary(result.text, doc.text)
    check_coverage(result, floor=0.8)  # never lower than the input's, and at least 80 %


# Records a pipeline really meets: good documents, hostile text, and texts that are not strings.
RECORDS = st.one_of(
    jsonl_records(),
    jsonl_records(hostile_texts(max_token=500)),
    jsonl_records(st.sampled_from([None, 42, ["a list"]])),  # type: ignore[arg-type]
)


@given(records=record_lists(RECORDS, max_size=6))
def test_every_record_comes_out_exactly_once(records):
    outputs, errors = simplify_records(records)
    check_records_accounted([r["id"] for r in records], [o["id"] for o in outputs], [e["id"] for e in errors])
    for out in outputs:
        assert isinstance(out["text_simple"], str)


@given(texts=st.lists(documents(), min_size=1, max_size=4))
def test_step_is_deterministic(texts):
    check_deterministic(simplify_text, texts)
