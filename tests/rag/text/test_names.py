"""Names a rewording must keep, found in any script."""

from rag.text.names import keeps_a_name, words_of


def test_words_split_where_han_meets_latin() -> None:
    assert {"llama", "模型成为", "我们希望"} <= words_of("我们希望Llama模型成为")
    assert "4" in words_of("今年4月")


def test_a_name_glued_to_chinese_text_is_found() -> None:
    sentence = "Pada Juli, Helmi Rasyid memimpin tim."
    question = "谁领导了团队?"
    assert keeps_a_name(sentence, "7月，团队由Rasyid领导。", question, None)
    assert not keeps_a_name(sentence, "7月，一位经理领导了团队。", question, None)
