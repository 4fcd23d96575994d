from rag.answer.condense import asked_kind, condense, is_follow_up
from rag.schema import Message


def conversation(*turns: str) -> list[Message]:
    return [Message(role="user" if i % 2 == 0 else "assistant", content=t)
            for i, t in enumerate(turns)]


def test_a_standalone_question_is_used_as_it_is() -> None:
    messages = conversation("Who is Meta's CEO?", "Mark Zuckerberg [1].",
                            "Which company did Meta invest 14.3 billion dollars in during June 2025?")
    assert condense(messages) == messages[-1].content


def test_a_follow_up_carries_the_earlier_turns_entities() -> None:
    messages = conversation("How much did Meta invest in Scale AI?", "$14.3 billion [1].",
                            "And when did it do that?")
    query = condense(messages)
    assert "Scale AI" in query and "14.3 billion" in query and query.endswith("And when did it do that?")
    assert "[1]" not in query


def test_follow_ups_are_recognised_in_four_languages() -> None:
    for question in ("And how much did it invest there?", "Kapan itu terjadi?", "Et quand ?",
                     "它什麼時候發布？"):
        assert is_follow_up(question), question


def test_the_judges_form_puts_the_follow_up_first_and_the_earlier_turn_after_it() -> None:
    messages = conversation("Who hosts Llama for Meta?", "AWS, Nvidia and Google Cloud [2].",
                            "Why do developers choose them?")
    judged = condense(messages, question_first=True)
    assert judged == ("Why do developers choose them? "
                      "(Earlier: Who hosts Llama for Meta? AWS, Nvidia and Google Cloud.)")
    assert condense(messages).endswith("Why do developers choose them?")
    standalone = conversation("Who is Meta's CEO?", "Mark Zuckerberg.",
                              "Which company did Meta invest 14.3 billion dollars in during June 2025?")
    assert condense(standalone, question_first=True) == standalone[-1].content


def test_the_kind_of_answer_asked_is_read_from_the_users_words_only() -> None:
    # The assistant's "version" made "And on Windows?" a question for a number.
    messages = conversation("Where does the editor store its settings on Linux?",
                            "In ~/.config/editor, one subfolder per version [1].", "And on Windows?")
    assert asked_kind(messages) == "path"
    # The follow-up's own kind wins over the earlier question's.
    messages = conversation("How much did Meta invest in Scale AI?", "$14.3 billion [1].",
                            "And when did it do that?")
    assert asked_kind(messages) == "date"
    assert asked_kind(conversation("Who founded the lab?")) is None
