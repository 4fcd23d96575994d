from rag.search.bm25 import BM25
from rag.search.lexical import tokenize


def test_chinese_is_tokenized_into_bigrams_not_one_token() -> None:
    tokens = tokenize("祖克柏已指示公司放棄開源")
    assert "祖克" in tokens and "克柏" in tokens and "開源" in tokens
    assert len(tokens) == len("祖克柏已指示公司放棄開源") - 1


def test_latin_words_are_folded_and_numbers_normalised() -> None:
    assert tokenize("Équipées de lunettes, $14,3 miliar") == ["equipees", "lunettes", "14.3",
                                                              "miliar"]
    assert tokenize("14.3 billion")[0] == tokenize("14,3 miliar")[0]


def test_bm25_finds_the_chinese_passage_from_a_chinese_query() -> None:
    passages = [
        "Meta pada Februari 2023 merilis model AI seri Llama.",
        "Meta 開發的下一代大型語言模型(內部代號「Avocado」),"
        "正以阿里巴巴旗下通義千問(Qwen)系列開源模型作為基礎微調。",
        "Le lancement d'Avocado est prévu au printemps 2026.",
    ]
    best = BM25.of(passages).top("阿里巴巴的通義千問", 3)
    assert best and best[0][0] == "1"


def test_bm25_scores_nothing_for_unknown_terms() -> None:
    assert BM25.of(["alpha beta", "gamma"]).top("zeta", 5) == []
