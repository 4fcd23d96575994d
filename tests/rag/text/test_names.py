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


def test_unstated_names_are_the_claims_names_its_evidence_and_question_lack() -> None:
    from rag.text.names import unstated_names

    assert unstated_names("The tool was written by Ada Lovelace.", "Full documentation online.",
                          "Who wrote the tool?") == ["ada", "lovelace"]
    # A month or a pronoun of another served language names nobody; the question may name it.
    assert unstated_names("It was released in February 2023.", "Dirilis pada Februari 2023.") == []
    assert unstated_names("Untuk itu, Anda perlu opsi ini.", "Use this option.") == []
    assert unstated_names("The archive goes to Zenodo.", "It is uploaded there.",
                          "Does the archive go to Zenodo?") == []
    # In Chinese only the Latin names count, cut where the Han characters begin.
    assert unstated_names("他说Meta已承诺投入开源AI进行研究", "Meta berkomitmen pada open-source AI") == []
    assert unstated_names("他说Google已承诺投入", "Meta berkomitmen pada open-source AI") == ["google"]


def test_an_answer_of_a_path_or_a_term_need_not_keep_the_other_names() -> None:
    sentence = "*.conf Settings file, holding the defaults of a project."
    question = "Which file holds a project's defaults?"
    wording = "The file holding a project's defaults is *.conf."
    # Asked for a term or a path, what the answer must keep is that (checked by its kind), not the
    # capitalised "Settings"; asked for anything else, the lost name still counts.
    assert keeps_a_name(sentence, wording, question, "term")
    assert keeps_a_name(sentence, wording, question, "path")
    assert not keeps_a_name(sentence, wording, question, None)
    assert not keeps_a_name(sentence, wording, question, "name")
