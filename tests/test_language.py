"""simplify.language: a fast English check; short or wordless texts count as English."""

from __future__ import annotations

import pytest
from hypothesis import given
from hypothesis import strategies as st

from simplify.language import english_score, is_probably_english
from simplify.testing.strategies import documents, hostile_texts

ENGLISH = [
    "The committee subsequently promulgated regulations that were utilized by administrators of the city.",
    "Once upon a time there was a little girl who lived in a village near the forest with her mother.",
    "To install the package, run the command below and then restart your computer if it asks you to.",
]
OTHER = [
    "Le comité a ensuite promulgué des règlements qui ont été utilisés par les administrateurs de la ville.",
    "Der Ausschuss hat anschließend Vorschriften erlassen, die von den Verwaltern der Stadt jeden Tag genutzt wurden.",
    "El comité promulgó posteriormente unos reglamentos que fueron utilizados por los administradores de la ciudad cada día.",
    "委員会はその後、市の管理者が使用する規則を公布しました。これは英語ではない長い文章です。",
    "Комитет впоследствии обнародовал правила, которые использовались администраторами города.",
    "اللجنة أصدرت لاحقا لوائح استخدمها مديرو المدينة في عملهم اليومي في جميع أنحاء البلاد",
]


@pytest.mark.parametrize("text", ENGLISH)
def test_english_is_english(text):
    assert is_probably_english(text) and english_score(text) > 0.8


@pytest.mark.parametrize("text", OTHER)
def test_other_languages_are_not(text):
    assert not is_probably_english(text)


@pytest.mark.parametrize(
    "text", ["", "   ", "Hola.", "Bonjour mon ami", "x = 1 + 2", "12 345 678", "🙂" * 50]
)
def test_short_or_wordless_texts_count_as_english(text):
    assert is_probably_english(text)


@given(documents())
def test_generated_english_documents_are_english(text):
    assert 0.0 <= english_score(text) <= 1.0
    if sum(c.isalpha() for c in text) > 200:
        assert english_score(text) > 0.2  # generated prose mixes code, math and names


@given(hostile_texts())
def test_never_raises_on_hostile_text(text):
    assert 0.0 <= english_score(text) <= 1.0


@given(st.text())
def test_never_raises_on_any_unicode(text):
    assert isinstance(is_probably_english(text), bool)


def test_simplifier_passes_non_english_through_when_asked():
    from simplify import LeanerSimplifier

    text = (
        "Der Ausschuss hat die Vorschriften nachträglich erlassen, und die Verwaltung hat sie benutzt. "
        "Die Stadt liegt am Fluss und hat viele alte Häuser, die im Mittelalter gebaut wurden. Im Sommer "
        "kommen sehr viele Menschen in die Stadt, weil es dort schöne Museen und einen großen Markt gibt."
    )
    checked = LeanerSimplifier(language_check=True)(text, genre="web")
    assert checked.text == text and checked.skipped == "non-English"
    english = LeanerSimplifier(language_check=True)("We commenced the journey.", genre="web")
    assert english.skipped is None and english.text != "We commenced the journey."
