"""Every language's lexicon has the same shape, and the served languages fill all of it."""

from __future__ import annotations

import re
import unicodedata

import pytest

from rag.text.lexicons import LEXICONS, Lexicon, pattern
from rag.text.phrases import abstain_sentence, quote_note
from rag.text.question_types import expected_answer_type

SERVED = ("en", "id", "fr", "zh")
PATTERNS = ("asks_number", "asks_date", "asks_name", "asks_relative", "number_words", "date_words",
            "relative_units", "refusals", "anaphora")


def test_every_lexicon_is_one_shape_with_a_unique_code() -> None:
    assert all(isinstance(lex, Lexicon) for lex in LEXICONS.values())
    assert all(code == lex.code for code, lex in LEXICONS.items())


@pytest.mark.parametrize("code", SERVED)
def test_a_served_language_fills_every_part(code: str) -> None:
    lex = LEXICONS[code]
    for part in ("asks_number", "asks_date", "asks_name", "asks_relative", "number_words",
                 "refusals", "anaphora"):
        assert getattr(lex, part), f"{code} has no {part}"
    assert lex.phrases.abstain and lex.phrases.quote_note and "{lang}" in lex.phrases.quote_note
    assert set(lex.phrases.language_names) >= set(SERVED)
    assert lex.scale_words


@pytest.mark.parametrize("part", PATTERNS)
def test_every_fragment_compiles_on_its_own(part: str) -> None:
    for lex in LEXICONS.values():
        for fragment in getattr(lex, part):
            re.compile(fragment)
    assert pattern(part).pattern


def test_stop_words_are_written_as_the_tokenizer_folds_them() -> None:
    for lex in LEXICONS.values():
        for word in lex.stopwords:
            folded = "".join(c for c in unicodedata.normalize("NFKD", word.lower())
                             if not unicodedata.combining(c))
            assert word == folded, (lex.code, word)


@pytest.mark.parametrize(("question", "kind"), [
    ("How many people work there?", "number"), ("Berapa harga langganan?", "number"),
    ("Combien coûte l'abonnement ?", "number"), ("这个模型有多少参数?", "number"),
    ("When does it ship?", "date"), ("Kapan dirilis?", "date"), ("Quand sort-il ?", "date"),
    ("它什么时候发布?", "date"),
    ("What is the name of the tool?", "name"), ("Siapa nama pendirinya?", "name"),
    ("Comment s'appelle l'outil ?", "name"), ("这个工具叫什么名字?", "name"),
    ("Why does it matter?", None),
])
def test_question_words_of_each_language(question: str, kind: str | None) -> None:
    assert expected_answer_type(question) == kind


def test_phrases_follow_the_question_and_its_script() -> None:
    assert abstain_sentence("id") == LEXICONS["id"].phrases.abstain
    assert abstain_sentence("zh", "這個問題") != abstain_sentence("zh", "这个问题")
    assert abstain_sentence("xx") == LEXICONS["en"].phrases.abstain  # unknown: English
    assert quote_note("fr", ["id"]) == "D'après les documents (cité en indonésien) :"
    assert quote_note("en", ["id", "zh"]) == "From the documents (quoted in Indonesian and Chinese):"


def test_a_quote_note_never_shows_a_bare_language_code() -> None:
    # A short technical quote can be guessed as a language the note has no name for.
    assert quote_note("zh", ["en", "pt"]) == quote_note("zh", ["en"])
    assert "pt" not in quote_note("zh", ["pt"]) and "Portuguese" in quote_note("zh", ["pt"])


def test_an_option_with_its_description_reads_as_english() -> None:
    from rag.text.language import detect_language

    assert detect_language("-p same as --preserve=mode,ownership,timestamps") == "en"
