"""Genre profiles (files, validation, registry) and the genre detector."""

from __future__ import annotations

import collections
import json
import time
from dataclasses import replace
from pathlib import Path

import pytest

from simplify import genres, resources
from simplify.errors import ProfileError, UnknownGenreError
from simplify.genres import (
    CLEAN_OPERATIONS,
    PROTECT_KINDS,
    GenreProfile,
    detect_genre,
    detect_genre_scores,
    get_genre,
    known_genres,
    register_genre,
)

SHIPPED = ["book", "code", "conversation", "instruction", "math", "textbook", "web", "wiki"]

VALID_TOML = """
name = "forum"
description = "Forum threads."
[operations]
clean = ["markup", "whitespace"]
substitute = true
split = true
delete_modifiers = false
delete_parentheticals = false
[protect]
kinds = ["url", "quote"]
[targets]
max_sentence_words = 15
chunk_chars = 1500
[thresholds]
min_coverage = 0.9
length_ratio = [0.5, 1.6]
max_oov_per_chunk = 5
"""


@pytest.fixture
def clean_registry():
    """Restore the registry (and its lazy-load flag) after a test that changes it."""
    saved, loaded = dict(genres._registry), genres._loaded
    yield
    genres._registry.clear()
    genres._registry.update(saved)
    genres._loaded = loaded


# ------------------------------------------------------------------------------------------ profiles


@pytest.mark.parametrize("name", SHIPPED)
def test_shipped_profile_loads_and_validates(name):
    profile = get_genre(name)
    assert profile.name == name
    assert profile.description
    assert profile.clean_ops <= CLEAN_OPERATIONS
    assert profile.protect <= PROTECT_KINDS
    assert 0 < profile.length_ratio[0] <= 1 <= profile.length_ratio[1]
    assert isinstance(profile.prompt, collections.abc.Mapping)
    # Every shipped file parses the same on its own.
    again = GenreProfile.from_toml(resources.read_text("genres", f"{name}.toml"), source=f"{name}.toml")
    assert again == profile


def test_known_genres_lists_the_eight():
    assert known_genres() == SHIPPED


def test_per_genre_choices():
    math = get_genre("math")
    assert math.passthrough and math.clean_ops == frozenset() and math.protect == PROTECT_KINDS
    assert not any(get_genre(n).passthrough for n in SHIPPED if n != "math")
    code = get_genre("code")
    assert code.clean_ops == {"control", "whitespace"}
    assert {"code_block", "inline_code"} <= code.protect
    conversation = get_genre("conversation")
    assert not conversation.split and conversation.substitute and "speaker_label" in conversation.protect
    book = get_genre("book")
    assert book.substitute and book.split and not book.delete_modifiers
    assert "speaker_label" in book.protect and "quote" not in book.protect
    instruction = get_genre("instruction")
    assert not instruction.delete_modifiers and not instruction.delete_parentheticals
    assert get_genre("web").clean_ops == CLEAN_OPERATIONS
    assert "markdown" in get_genre("textbook").protect


def test_names_are_case_insensitive_and_stripped():
    assert get_genre("  WiKi \n") is get_genre("wiki")


def test_get_genre_returns_a_profile_as_is():
    profile = replace(get_genre("web"), name="custom-web")
    assert get_genre(profile) is profile


def test_unknown_genre_lists_known_ones():
    with pytest.raises(UnknownGenreError) as info:
        get_genre("poetry")
    assert isinstance(info.value, LookupError)
    message = str(info.value)
    assert "poetry" in message
    for name in SHIPPED:
        assert name in message


def test_get_genre_rejects_other_types():
    with pytest.raises(TypeError):
        get_genre(3)  # type: ignore[arg-type]


def test_valid_toml_and_optional_sections():
    profile = GenreProfile.from_toml(VALID_TOML, source="forum.toml")
    assert profile.clean_ops == {"markup", "whitespace"}
    assert profile.length_ratio == (0.5, 1.6)
    assert dict(profile.prompt) == {}
    with_extra = GenreProfile.from_toml(
        VALID_TOML + '[prompt]\nsystem = "Rewrite simply."\nanything = "x"\n[detect]\nweight = 2\n'
    )
    assert with_extra.prompt["system"] == "Rewrite simply."
    assert with_extra.detect["weight"] == 2
    hash(with_extra)  # frozen and hashable despite the mappings


@pytest.mark.parametrize(
    ("old", "new", "key"),
    [
        ("substitute = true", "substitute = true\nsubstitutes = true", "substitutes"),
        ('description = "Forum threads."', 'description = "Forum threads."\ncolour = "red"', "colour"),
        ("substitute = true", 'substitute = "yes"', "operations.substitute"),
        ("max_sentence_words = 15", "max_sentence_words = 15.5", "targets.max_sentence_words"),
        ("chunk_chars = 1500", "chunk_chars = true", "targets.chunk_chars"),
        ("length_ratio = [0.5, 1.6]", "length_ratio = [1.5, 0.6]", "thresholds.length_ratio"),
        ("length_ratio = [0.5, 1.6]", "length_ratio = [0.0, 1.6]", "thresholds.length_ratio"),
        ("length_ratio = [0.5, 1.6]", "length_ratio = [0.5]", "thresholds.length_ratio"),
        ("min_coverage = 0.9", "min_coverage = 1.5", "thresholds.min_coverage"),
        ('clean = ["markup", "whitespace"]', 'clean = ["markup", "html"]', "operations.clean"),
        ('kinds = ["url", "quote"]', 'kinds = ["url", "table"]', "protect.kinds"),
        ("max_oov_per_chunk = 5", "max_oov_per_chunk = -1", "thresholds.max_oov_per_chunk"),
        ("max_oov_per_chunk = 5\n", "", "max_oov_per_chunk"),
        ('name = "forum"', 'name = ""', "name"),
    ],
)
def test_bad_profile_names_the_key(old, new, key):
    assert old in VALID_TOML
    with pytest.raises(ProfileError) as info:
        GenreProfile.from_toml(VALID_TOML.replace(old, new, 1), source="bad.toml")
    assert key in str(info.value)
    assert "bad.toml" in str(info.value)


def test_bad_prompt_value_and_bad_toml():
    with pytest.raises(ProfileError, match=r"prompt\.system"):
        GenreProfile.from_toml(VALID_TOML + "[prompt]\nsystem = 3\n")
    with pytest.raises(ProfileError, match="not valid TOML"):
        GenreProfile.from_toml("name = ", source="broken.toml")


def test_direct_construction_is_validated():
    with pytest.raises(ProfileError, match=r"operations\.clean"):
        replace(get_genre("web"), clean_ops=frozenset({"everything"}))


def test_register_custom_genre(clean_registry):
    profile = GenreProfile.from_toml(VALID_TOML, source="forum.toml")
    register_genre(profile)
    assert "forum" in known_genres()
    assert get_genre("Forum") is profile
    with pytest.raises(ProfileError, match="already registered"):
        register_genre(profile)
    variant = replace(profile, split=False)
    register_genre(variant, overwrite=True)
    assert get_genre("forum") is variant
    with pytest.raises(TypeError):
        register_genre({"name": "x"})  # type: ignore[arg-type]


def test_profiles_are_read_through_resources(monkeypatch, clean_registry):
    calls: list[tuple[str, ...]] = []
    real_read, real_list = resources.read_text, resources.list_files

    def read_text(kind, name):
        calls.append(("read", kind, name))
        return real_read(kind, name)

    def list_files(kind, suffix):
        calls.append(("list", kind, suffix))
        return real_list(kind, suffix)

    monkeypatch.setattr(resources, "read_text", read_text)
    monkeypatch.setattr(resources, "list_files", list_files)
    genres._registry.clear()
    genres._loaded = False
    assert known_genres() == SHIPPED
    assert ("list", "genres", ".toml") in calls
    assert {c[2] for c in calls if c[0] == "read"} == {f"{n}.toml" for n in SHIPPED}
    # The data folder is the package resource simplify._data.genres, not a path into the checkout.
    assert resources.data_dir("genres").joinpath("wiki.toml").is_file()


# ------------------------------------------------------------------------------------------ detection

EXAMPLES = {
    "code": """Here is a small Python function that counts words in a file:

```python
def count_words(path: str) -> int:
    with open(path, encoding="utf-8") as handle:
        return sum(len(line.split()) for line in handle)
```

The `with` block closes the file for you, even when an error is raised.
""",
    "math": r"""Solve for $x$: $3x + 5 = 20$.
Subtract $5$ from both sides: $3x = 15$.
Divide both sides by $3$: $x = \frac{15}{3} = 5$.""",
    "conversation": """Anna: Did you get the tickets for tonight?
Ben: Yes, two seats near the front.
Anna: Great! What time does it start?
Ben: Eight o'clock, but I want to eat first.
Anna: Fine. Meet me at the station at six.
Ben: See you there.""",
    "instruction": """How to repot a houseplant

1. Water the plant a day before you start.
2. Choose a pot about 5 cm wider than the old one.
3. Put a layer of fresh soil in the bottom of the new pot.
4. Turn the old pot over and gently pull the plant out.
5. Place the plant in the new pot and fill the sides with soil.
6. Press the soil down lightly and water well.""",
    "textbook": """Chapter 3: Plant Cells

Learning objectives
By the end of this chapter, students will be able to name the main parts of a plant cell.

3.1 The cell wall
The cell wall is defined as the rigid outer layer of a plant cell. For example, wood is made mostly of \
cell walls.

3.2 Chloroplasts
Chloroplasts are the parts of the cell where photosynthesis takes place.

Exercises
1. What is the function of the cell wall?
2. Where does photosynthesis take place?""",
    "wiki": """Ada Lovelace
Augusta Ada King, Countess of Lovelace (born Augusta Ada Byron; 10 December 1815 – 27 November 1852) \
was an English mathematician and writer. She is known for her work on Charles Babbage's proposed \
mechanical general-purpose computer, the Analytical Engine. She was the first to recognise that the \
machine had uses beyond pure calculation.""",
    "book": """CHAPTER ONE

The rain had not stopped for three days when Margaret finally decided to leave the house. She took her \
father's old coat from the hook by the door, pulled it tight around her shoulders, and stepped out into \
the grey morning. The street was empty. Somewhere a dog barked, and then the sound was gone, swallowed by \
the steady hiss of water on stone. She walked quickly past the church and the closed bakery, past the \
houses where she had played as a child, and did not look back. "You will come home when you are hungry," \
her brother had said the night before, and he had laughed. She had not answered him. Now, with every \
step, the words seemed smaller and further away, and by the time she reached the bridge she had almost \
forgotten them. The river was high and brown and fast. She stood there for a long time, watching the \
branches turn and disappear beneath the surface, and wondered what her mother would have done.""",
    "web": """Best Hiking Boots of 2024 | Outdoor Gear Reviews
Posted by Sam Carter on March 3, 2024 | 12 comments
We tested twenty pairs of hiking boots on rocky trails, in mud and in snow. Here are our favourites.
Our top pick is light, waterproof and comfortable from the first day. It costs more than most, but it \
lasts for years.
Click here to read the full review, and subscribe to our newsletter for more gear news.
Share this post: Facebook | Twitter | Email""",
}


@pytest.mark.parametrize("genre", sorted(EXAMPLES))
def test_detect_hand_written_examples(genre):
    assert detect_genre(EXAMPLES[genre]) == genre, detect_genre_scores(EXAMPLES[genre])


def test_more_conversation_and_instruction_styles():
    subtitles = '"Hi." "Hello." "Where have you been?" "Out." "Out where?" "Just out, Mom." "Fine."'
    assert detect_genre(subtitles) == "conversation"
    chat = "User: What is the capital of France?\nAssistant: Paris.\nUser: And of Spain?\nAssistant: Madrid."
    assert detect_genre(chat) == "conversation"
    alpaca = (
        "### Instruction:\nWrite a short note to a neighbour.\n\n### Response:\n"
        "Step 1: Greet them.\nStep 2: Say why you are writing.\nStep 3: Thank them."
    )
    assert detect_genre(alpaca) == "instruction"
    assert detect_genre("What is 12 + 30?\n12 + 30 = 42") == "math"
    assert detect_genre("If a train travels 60 miles in 1.5 hours, what is its average speed?") == "math"


@pytest.mark.parametrize(
    "text",
    ["", "   \n\t  ", "😀🎉🙂 " * 50, "\x00\x01\x1b[31m\ufeff\u200b", "\ud800 lone surrogate", "\n" * 1000],
)
def test_detect_odd_input_returns_a_known_genre(text):
    assert detect_genre(text) in SHIPPED
    assert set(detect_genre_scores(text)) == set(SHIPPED)


def test_detect_empty_is_web():
    assert detect_genre("") == "web"
    assert detect_genre(" \n ") == "web"


@pytest.mark.parametrize(
    "text",
    [
        EXAMPLES["book"] * 1000,
        "x" * 1_000_000,
        '"' * 1_000_000,
        "A: " * 330_000,
        "(" * 1_000_000,
        EXAMPLES["code"] * 2500,
    ],
)
def test_detect_one_megabyte_quickly(text):
    start = time.perf_counter()
    assert detect_genre(text) in SHIPPED
    assert time.perf_counter() - start < 2.0


# ------------------------------------------------------------------------------------------ TinyHelen data


def _read(path: Path) -> str:
    if path.suffix == ".zst":
        zstandard = pytest.importorskip("zstandard")
        with path.open("rb") as handle:
            return zstandard.ZstdDecompressor().stream_reader(handle).read().decode("utf-8")
    return path.read_text(encoding="utf-8")


def _record_text(record: object, genre: str) -> list[str]:
    if isinstance(record, str):
        return [record]
    if isinstance(record, list):
        return [t for r in record for t in _record_text(r, genre)]
    assert isinstance(record, dict)
    if genre == "code" and "response" in record:
        return [record["response"]]
    if genre == "math" and "problem" in record:
        return [record["problem"] + "\n" + "\n".join(record.get("hints", []))]
    if genre == "textbook" and "textbook" in record:
        return [record["textbook"]]
    if "text" in record:
        return [record["text"]]
    return [v for v in record.values() if isinstance(v, str)][:1]  # wiki: {"<idx>": "text"}


def _pieces(folder: Path) -> list[tuple[str, str]]:
    """(genre, text) pairs; the long conversation and book texts are cut into pieces."""
    out: list[tuple[str, str]] = []
    for path in sorted(folder.iterdir()):
        if ".json" not in path.name:
            continue
        genre = "".join(ch for ch in path.name.split(".")[0] if ch.isalpha())
        raw = _read(path)
        if ".jsonl" in path.name:
            records = [json.loads(line) for line in raw.splitlines() if line.strip()]
        else:
            records = [json.loads(raw)]
        texts = [t for r in records for t in _record_text(r, genre)]
        size = {"conversation": 2000, "book": 3000}.get(genre)
        if size:
            texts = [t[i : i + size] for t in texts for i in range(0, len(t), size)]
        out += [(genre, t) for t in texts if t.strip()]
    return out


# Measured accuracy minus a margin (ori / leaner): see the genre detection notes in the report.
FLOORS = {
    "ori": {"code": 0.93, "math": 0.97, "conversation": 0.9, "wiki": 0.9, "textbook": 0.85, "web": 0.85,
            "book": 0.4},
    "leaner": {"code": 0.92, "math": 0.97, "conversation": 0.9, "wiki": 0.8, "textbook": 0.65, "web": 0.72,
               "book": 0.5},
}  # fmt: skip


@pytest.mark.shared_data
@pytest.mark.parametrize("subset", sorted(FLOORS))
def test_tinyhelen_accuracy(shared_data, subset):
    folder = shared_data / "tinyhelen-validation" / subset
    if not folder.is_dir():
        pytest.skip(f"needs {folder}")
    results: dict[str, collections.Counter[str]] = collections.defaultdict(collections.Counter)
    for genre, text in _pieces(folder):
        results[genre][detect_genre(text)] += 1
    accuracy = {g: c[g] / sum(c.values()) for g, c in results.items()}
    for genre, floor in FLOORS[subset].items():
        assert genre in accuracy, f"no {genre} pieces in {folder}"
        assert accuracy[genre] >= floor, f"{subset}/{genre}: {accuracy[genre]:.1%} < {floor:.0%} {results}"
