import pytest

from rag.text.language import _script_counts, detect_language, mixes_languages
from rag.text.phrases import abstain_sentence, variant


@pytest.mark.parametrize(("text", "lang"), [
    ("How much did Meta invest in Scale AI?", "en"),
    ("Siapa kepala analis Omdia?", "id"),
    ("Berapa banyak uang yang diinvestasikan Meta?", "id"),
    ("Combien Meta réserve-t-il pour l'infrastructure IA ?", "fr"),
    ("Quand Avocado sera-t-il lancé ?", "fr"),
    ("Avocado 是基於哪個模型微調的？", "zh"),
    ("Meta 的 CEO 是谁", "zh"),
    ("¿Cuánto invirtió Meta en Scale AI?", "es"),
    ("Meta は何を発表しましたか", "ja"),
])
def test_detects_the_question_language(text: str, lang: str) -> None:
    assert detect_language(text) == lang


def test_unrecognisable_text_falls_back_to_the_default() -> None:
    assert detect_language("12345 ???", default="en") == "en"
    assert detect_language("") == "en"


def test_chinese_abstention_follows_the_question_script() -> None:
    assert variant("zh", "這個模型有多少參數？") == "zh-hant"
    assert variant("zh", "这个模型有多少参数？") == "zh"
    assert abstain_sentence("zh", "這個模型有多少參數？") != abstain_sentence("zh", "这个模型有多少参数？")
    assert abstain_sentence("xx") == abstain_sentence("en")


def test_words_left_in_another_language_are_found() -> None:
    from rag.text.language import foreign_words, mixes_languages

    assert mixes_languages("En Januari, la percée de DeepSeek a propulsé l'IA chinoise.", "fr")
    assert mixes_languages("Meta invested $14,3 miliar in Scale AI.", "en")
    assert mixes_languages("Le modèle utilise des données dari perjanjian yang baru.", "fr")
    assert not mixes_languages("Meta invested $14.3 billion in Scale AI.", "en")
    assert not mixes_languages("On peut s'attendre à voir Meta concurrencer OpenAI en mars.", "fr")
    assert not mixes_languages("Avocado akan diluncurkan pada musim semi 2026.", "id")
    # One function word of another language alone ("plus" is also English) is not enough.
    assert foreign_words("Gemini 3 Pro plus GPT-5 lead the market.", "en") == (["plus"], [])
    assert not mixes_languages("Gemini 3 Pro plus GPT-5 lead the market.", "en")


def test_an_amount_word_of_another_language_is_a_word_left_in_it() -> None:
    assert mixes_languages("The fund set aside miliaran dolar for roads.", "en")
    assert mixes_languages("Le fonds a réservé dozens of millions pour les routes.", "fr")
    assert mixes_languages("The fund set aside 数十亿 for roads.", "en")
    assert not mixes_languages("The fund set aside billions of dollars for roads.", "en")
    assert not mixes_languages("Le fonds a réservé des millions d'euros.", "fr")
    assert not mixes_languages("Dana itu menyisihkan miliaran rupiah.", "id")
    assert not mixes_languages("该基金为道路预留了数十亿美元。", "zh")


def test_han_characters_left_in_a_sentence_of_another_script_are_words_left_in_chinese() -> None:
    assert mixes_languages("Several知情人士 have said the fund grew.", "en")
    assert mixes_languages("Menurut laporan itu, 创始人 pernah menyatakan hal itu.", "id")
    assert not mixes_languages("据知情人士透露，该基金已经增长。", "zh")
    assert not mixes_languages("Several people familiar with the matter said the fund grew.", "en")


@pytest.mark.parametrize(("text", "counts"), [
    ("", {}), ("123 !!", {}), ("Meta 模型", {"latin": 4, "han": 2}),
    ("カタカナ・ー", {"kana": 6}), ("한국어 text", {"hangul": 3, "latin": 4}),
    ("Привет, world", {"cyrillic": 6, "latin": 5}), ("مرحبا ١٢٣", {"arabic": 8}),
    ("ﬁ ǅ ² ½", {"latin": 2}),  # letters count whatever their block; figures do not
])
def test_script_counts_give_each_block_its_characters_and_other_letters_as_latin(
        text: str, counts: dict[str, int]) -> None:
    assert _script_counts(text) == counts
