"""Untranslated content words: a small model's wordings and translations leave single nouns of the
source's language ("les kacamata"), which function words do not reveal."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag.text.language import detect_language, mixes_languages
from rag.text.vocabulary import untranslated_words

CORPUS = Path(__file__).resolve().parents[3] / "corpus"


@pytest.mark.parametrize(("text", "language", "left"), [
    ("Meta earns money from Llama through a perjanjian bagi hasil.", "en", "perjanjian"),
    ("Meta compte offrir la superintelligence par des produits comme les kacamata.", "fr",
     "kacamata"),
    ("祖克柏提到可以通過 Layanan pesan bisnis 將 Llama 變現。", "zh", "layanan"),
    ("Model ini tersedia dalam beberapa offres berlangganan.", "id", "offres"),
    # English's full list holds these too, a hundred times rarer than their own language does.
    ("Kepala analis Omdia, Su Lianjie, is quoted on Meta's results.", "en", "analis"),
    ("The title block shows the number of feuilles in the schematic.", "en", "feuilles"),
])
def test_a_content_word_of_another_language_is_found(text: str, language: str, left: str) -> None:
    assert left in untranslated_words(text, language)
    assert mixes_languages(text, language)


@pytest.mark.parametrize(("text", "language"), [
    # Loanwords and terms English writes, in languages that borrow them.
    ("Le benchmark open-source place Qwen devant Llama.", "fr"),
    ("Gunakan footprint editor untuk membuat footprint baru dengan pad dan courtyard.", "id"),
    # Names are about as frequent in every language, or rare in all.
    ("Su Lianjie, analyste en chef d'Omdia, juge les résultats de Meta décevants.", "fr"),
    ("Zuckerberg a écrit que les lunettes deviendront notre appareil principal.", "fr"),
    ("扎克伯格说 Avocado 基于 Qwen。", "zh"),
    # Common in Indonesian, not among English's common words, but written in English at all.
    ("Meta's Avocado is being fine-tuned from Qwen, Alibaba's model.", "en"),
    ("KiCad keeps its settings in ~/.config/kicad on Linux.", "en"),
    # Place names English writes, if far less often than the language of the place.
    ("The company opened a factory in Surabaya and an office in Jakarta.", "en"),
    ("Le fabricant a ouvert une usine à Bandung, près de Jakarta.", "fr"),
])
def test_loanwords_terms_and_names_are_not(text: str, language: str) -> None:
    assert untranslated_words(text, language) == []
    assert not mixes_languages(text, language)


def test_no_paragraph_of_the_seed_articles_reads_as_mixed() -> None:
    # Real text written in one language: what the check must let through.
    checked = 0
    for path in sorted(CORPUS.glob("*.txt")):
        for paragraph in path.read_text(encoding="utf-8").split("\n"):
            language = detect_language(paragraph, default="und")
            if len(paragraph) > 80 and language in ("en", "fr", "id"):
                checked += 1
                assert untranslated_words(paragraph, language) == [], paragraph
    assert checked >= 20


def test_a_language_without_a_frequency_list_is_not_judged() -> None:
    assert untranslated_words("Das ist ein kacamata Beispiel.", "de") == []
