"""simplify.testing: the checks (pass and fail with readable messages), the strategies, the profiles."""

from __future__ import annotations

import json
import os
import subprocess
import sys
from dataclasses import replace
from pathlib import Path

import pytest
from hypothesis import given, settings
from hypothesis import strategies as st

from simplify import SimplifyResult
from simplify.protect import Span
from simplify.testing import (
    META_COMMENTARY_PHRASES,
    check_coverage,
    check_deterministic,
    check_no_meta_commentary,
    check_protected_spans,
    check_records_accounted,
    check_simplification,
    check_structure,
    load_profile_from_env,
    register_profiles,
    structure_of,
    text_diff,
)
from simplify.testing.strategies import (
    GENRES,
    GeneratedDocument,
    code_blocks,
    dialogue_turns,
    documents,
    emails,
    hostile_texts,
    jsonl_lines,
    jsonl_records,
    latex_math,
    markdown_documents,
    named_entities,
    noise,
    numbers_with_units,
    prose_paragraphs,
    record_lists,
    urls,
)

ROOT = Path(__file__).resolve().parent.parent
FAST = settings(max_examples=50, deadline=None)


def _result(original: str, text: str, before: float | None = 0.5, after: float | None = 0.9, genre="web"):
    return SimplifyResult(
        text=text, original=original, genre=genre, coverage_before=before, coverage_after=after
    )


# ------------------------------------------------------------------------------------------ checks


def test_protected_spans_pass_with_strings_spans_and_span_objects():
    original = "Visit https://example.org or write to a@b.com about 3.5 km."
    simplified = "Go to https://example.org or write to a@b.com about 3.5 km."
    check_protected_spans(original, simplified, ["https://example.org", (38, 45), Span(52, 58, "number")])


def test_protected_spans_fail_names_the_part_and_shows_a_diff():
    with pytest.raises(AssertionError) as info:
        check_protected_spans("It is 3.5 km long.", "It is 3,5 km long.", ["3.5 km"])
    message = str(info.value)
    assert "'3.5 km': expected at least 1, found 0" in message
    assert "-It is 3.5 km long." in message and "+It is 3,5 km long." in message


def test_protected_spans_count_repeats_and_reject_parts_not_in_the_original():
    with pytest.raises(AssertionError, match="expected at least 2, found 1"):
        check_protected_spans("a@b.com and a@b.com", "a@b.com", ["a@b.com", "a@b.com"])
    with pytest.raises(ValueError, match="not in the original"):
        check_protected_spans("abc", "abc", ["xyz"])
    with pytest.raises(ValueError, match="outside the original"):
        check_protected_spans("abc", "abc", [(2, 10)])


def test_coverage_check():
    check_coverage(_result("a", "b", 0.5, 0.5))
    check_coverage(_result("a", "b", None, None), floor=0.99)
    with pytest.raises(AssertionError, match=r"coverage fell from 0\.9000 to 0\.5000"):
        check_coverage(_result("x", "y", 0.9, 0.5))
    with pytest.raises(AssertionError, match=r"below the floor 0\.9500"):
        check_coverage(_result("x", "y", 0.5, 0.9), floor=0.95)
    with pytest.raises(ValueError):
        check_coverage(_result("x", "y"), floor=1.5)


def test_meta_commentary_is_found_unless_the_original_has_it():
    check_no_meta_commentary("The cat sat on the mat.")
    for phrase in (
        "Here is the simplified text:",
        "As an AI, I cannot",
        "Sure, here it is",
        "This passage says",
    ):
        with pytest.raises(AssertionError, match="meta-commentary"):
            check_no_meta_commentary(phrase + " The cat sat.", "The cat sat.")
    check_no_meta_commentary("This passage is short.", "This passage is brief.")
    check_no_meta_commentary("Notes: ok", phrases=["as an ai"])
    assert "as an ai" in META_COMMENTARY_PHRASES
    check_no_meta_commentary("Sanitation text")  # word boundaries: "this text" is not inside a word


def test_structure_of_reads_headings_lists_speakers_and_fences():
    text = "# Title\n\nAlice: hi\n- one\n  2. two\n```py\n# not a heading\n- not a list\n```\nDr. Smith: bye"
    assert structure_of(text) == {
        "code_blocks": ["```py\n# not a heading\n- not a list\n```"],
        "headings": ["#"],
        "list_items": ["-", "  2."],
        "speakers": ["Alice:", "Dr. Smith:"],
    }


def test_structure_check_per_genre():
    check_structure("Alice: I commence.\nBob: Fine.", "Alice: I start.\nBob: Fine.", "conversation")
    with pytest.raises(AssertionError, match="speakers differ") as info:
        check_structure("Alice: I commence.\nBob: Fine.", "Alice: I start. Bob: Fine.", "conversation")
    assert "-Bob:" in str(info.value)
    md = "## Steps\n\n1. Utilize it.\n2. Stop.\n\n```sh\nls\n```"
    check_structure(md, md.replace("Utilize", "Use"), "instruction")
    with pytest.raises(AssertionError, match="list_items differ"):
        check_structure(md, md.replace("\n2.", " 2."), "instruction")
    with pytest.raises(AssertionError, match="code_blocks differ"):
        check_structure(md, md.replace("ls", "dir"), "code")
    # a genre that does not keep markdown does not check it
    check_structure(md, md.replace("\n2.", " 2."), "conversation")
    with pytest.raises(AssertionError, match="passes text through"):
        check_structure("$x$ is 2.", "$x$ is two.", "math")


def test_records_accounted():
    check_records_accounted([1, 2, 3], [3, 1], error_ids=[2])
    check_records_accounted(["a", "a"], ["a"], ["a"])
    with pytest.raises(AssertionError) as info:
        check_records_accounted([1, 2, 3, 4], [1, 1, 5], error_ids=[2])
    message = str(info.value)
    assert "4 in, 3 out, 1 errors" in message
    assert "missing (never came out): 3, 4" in message
    assert "extra (duplicated or never put in): 1, 5" in message
    with pytest.raises(AssertionError, match="both written and reported as errors: 1"):
        check_records_accounted([1, 2], [1, 2], [1])


def test_deterministic_check_catches_a_flaky_step_and_shows_the_diff():
    assert check_deterministic(str.upper, ["a", "b"]) == ["A", "B"]
    calls = iter(range(100))

    def flaky(text: str) -> str:
        return f"{text} {next(calls)}"

    with pytest.raises(AssertionError, match="not deterministic: input #0") as info:
        check_deterministic(flaky, ["x"])
    assert "-x 0" in str(info.value) and "+x 1" in str(info.value)


def test_deterministic_check_uses_pipe_when_there_is_one():
    class Step:
        def __call__(self, text: str) -> str:
            return text

        def pipe(self, texts, batch_size: int = 1):
            return [t if batch_size == 1 else t + "!" for t in texts]

    with pytest.raises(AssertionError, match=r"pipe\(batch_size=2\)"):
        check_deterministic(Step(), ["a", "b"])
    check_deterministic(Step(), ["a", "b"], pipe=False)


def test_check_simplification_runs_every_check():
    original = "Alice: We commence at 10:30.\nBob: Fine."
    ok = _result(original, "Alice: We start at 10:30.\nBob: Fine.", genre="conversation")
    check_simplification(ok, protected=["10:30"])
    with pytest.raises(AssertionError, match="protected part"):
        check_simplification(
            replace(ok, text="Alice: We start at half past ten.\nBob: Fine."), protected=["10:30"]
        )
    with pytest.raises(AssertionError, match="meta-commentary"):
        check_simplification(replace(ok, text="Here is the simplified text: " + ok.text))
    skipped = SimplifyResult(
        text=" ", original=" ", genre="web", coverage_before=None, coverage_after=None, skipped="empty"
    )
    check_simplification(skipped)


def test_text_diff_shows_invisible_characters():
    diff = text_diff("a\x00b", "ab")
    assert "a\\x00b" in diff


# -------------------------------------------------------------------------------------- strategies


@FAST
@given(doc=documents(with_parts=True))
def test_documents_contain_their_parts(doc):
    assert isinstance(doc, GeneratedDocument)
    assert doc.genre in GENRES
    assert doc.text.strip()
    for part in doc.parts:
        assert part.text in doc.text, part
    assert set(doc.protected) <= {p.text for p in doc.parts}


@pytest.mark.parametrize("genre", GENRES)
def test_documents_of_each_genre_have_their_structure(genre):
    @FAST
    @given(doc=documents(genre, with_parts=True))
    def run(doc):
        assert doc.genre == genre
        skeleton = structure_of(doc.text)
        if genre == "conversation":
            assert len(skeleton["speakers"]) == len(doc.text.split("\n"))
        if genre == "instruction":
            assert skeleton["headings"] == ["##"] and skeleton["list_items"]
        if genre == "textbook":
            assert skeleton["headings"][0] == "#"
        blocks = [p.text for p in doc.parts if p.kind == "code_block"]
        assert skeleton["code_blocks"] == blocks

    run()


@FAST
@given(
    text=st.one_of(
        prose_paragraphs(),
        dialogue_turns(),
        markdown_documents(),
        code_blocks(["python", "sql"]),
        urls(),
        emails(),
        numbers_with_units(),
        latex_math(display=None),
        named_entities(),
        noise(),
    )
)
def test_builders_give_non_empty_text(text):
    assert isinstance(text, str) and text


def test_builders_reject_bad_arguments():
    with pytest.raises(ValueError, match="languages"):
        code_blocks(["cobol"])
    with pytest.raises(ValueError, match="genre"):
        documents("poetry")
    with pytest.raises(ValueError, match="unknown"):
        prose_paragraphs(kinds=["haiku"])


@FAST
@given(text=hostile_texts(max_token=500))
def test_hostile_texts_are_strings(text):
    assert isinstance(text, str)


@FAST
@given(records=record_lists(min_size=1))
def test_record_lists_have_unique_ids_and_extra_fields_round_trip(records):
    ids = [json.dumps(r["id"]) for r in records]
    assert len(ids) == len(set(ids))
    for record in records:
        assert isinstance(record["text"], str)
        assert json.loads(json.dumps(record)) == record


@FAST
@given(lines=jsonl_lines())
def test_jsonl_lines_mix_records_and_malformed_lines(lines):
    keys = []
    for line in lines:
        assert "\n" not in line
        try:
            obj = json.loads(line)
        except ValueError:
            continue
        if isinstance(obj, dict) and "id" in obj:
            keys.append(json.dumps(obj["id"]))
    assert len(keys) == len(set(keys))


@FAST
@given(record=jsonl_records(st.just("plain text"), extra_fields=False, id_field="key", text_field="body"))
def test_jsonl_records_field_names(record):
    assert set(record) == {"key", "body"} and record["body"] == "plain text"


# --------------------------------------------------------------------------------------- profiles


def test_profiles_register_and_load_from_the_environment(monkeypatch):
    from hypothesis import settings as hsettings

    previous = hsettings.default
    saved = {name: hsettings.get_profile(name) for name in ("dev", "ci")}
    try:
        register_profiles(dev_examples=7, ci_examples=11)
        assert hsettings.get_profile("dev").max_examples == 7
        ci = hsettings.get_profile("ci")
        assert ci.max_examples == 11 and ci.derandomize and ci.deadline is None
        monkeypatch.setenv("MY_PROFILE", "ci")
        assert load_profile_from_env("MY_PROFILE") == "ci"
        assert hsettings.default.derandomize
        monkeypatch.setenv("MY_PROFILE", "nightly")
        with pytest.raises(ValueError, match="MY_PROFILE='nightly'"):
            load_profile_from_env("MY_PROFILE")
        monkeypatch.delenv("MY_PROFILE")
        assert load_profile_from_env("MY_PROFILE", default="dev") == "dev"
    finally:
        # put back what conftest registered and loaded, so the rest of the session runs as configured
        for name, profile in saved.items():
            hsettings.register_profile(name, profile)
        hsettings.register_profile("_restored", previous)
        hsettings.load_profile("_restored")


def _python(code: str) -> subprocess.CompletedProcess[str]:
    return subprocess.run(
        [sys.executable, "-c", code], capture_output=True, text=True, cwd=ROOT, timeout=120, check=False
    )


def test_checks_import_without_hypothesis_and_strategies_say_how_to_install_it():
    code = (
        "import sys; sys.modules['hypothesis'] = None\n"
        "import simplify.testing as t\n"
        "t.check_records_accounted([1], [1])\n"
        "try:\n"
        "    import simplify.testing.strategies\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__, exc)\n"
        "try:\n"
        "    t.register_profiles()\n"
        "except ImportError as exc:\n"
        "    print(type(exc).__name__)\n"
    )
    proc = _python(code)
    assert proc.returncode == 0, proc.stderr
    assert "MissingDependencyError" in proc.stdout
    assert "pip install hypothesis" in proc.stdout
    assert proc.stdout.count("MissingDependencyError") == 2


@pytest.mark.slow
def test_the_users_example_passes():
    env = {**os.environ, "SIMPLIFY_HYPOTHESIS_PROFILE": "dev"}
    proc = subprocess.run(
        [sys.executable, "-m", "pytest", "-q", "-p", "no:cacheprovider", "examples/test_my_pipeline.py"],
        capture_output=True,
        text=True,
        cwd=ROOT,
        env=env,
        timeout=600,
        check=False,
    )
    assert proc.returncode == 0, proc.stdout[-3000:] + proc.stderr[-3000:]
