"""The answer pipeline end to end with the extractive generator over the real index."""

import re
from pathlib import Path

import pytest

from rag.errors import InvalidConversation
from rag.schema import Answer, Message


def assert_answer_contract(answer: Answer, corpus_dir: Path) -> None:
    refs = {c.ref for c in answer.citations}
    used = {int(n) for n in re.findall(r"\[(\d+)\]", answer.answer)}
    assert refs == used
    for c in answer.citations:
        text = (corpus_dir / c.file).read_text(encoding="utf-8")
        assert text[c.start_char:c.end_char] == c.quote
        assert text.count("\n", 0, c.start_char) + 1 == c.start_line
        assert text.count("\n", 0, c.end_char - 1) + 1 == c.end_line
    if answer.abstained:
        assert answer.citations == []


def ask(assistant, *turns: str) -> Answer:
    messages = [Message(role="user" if i % 2 == 0 else "assistant", content=t)
                for i, t in enumerate(turns)]
    return assistant.run(messages).answer


def test_english_question_answered_from_the_indonesian_text(assistant, corpus_dir) -> None:
    answer = ask(assistant, "How much did Meta invest in Scale AI?")
    assert not answer.abstained and answer.language == "en"
    assert answer.answer.startswith("From the documents (quoted in Indonesian)")
    assert any(c.file.startswith("002") and c.start_line == 25 for c in answer.citations)
    assert re.search(r"14,3", answer.answer)
    assert answer.generator == "extractive"
    assert set(answer.timings_ms) >= {"retrieve", "generate", "total"}
    assert_answer_contract(answer, corpus_dir)


def test_same_language_answer_has_no_quote_note(assistant, corpus_dir) -> None:
    answer = ask(assistant, "Combien Meta réserve-t-il pour l'infrastructure IA aux États-Unis ?")
    assert not answer.abstained and answer.language == "fr"
    assert "600 milliards" in answer.answer and not answer.answer.startswith("D'après")
    assert_answer_contract(answer, corpus_dir)


@pytest.mark.parametrize(("question", "expected"), [
    ("What is the capital of Peru?", "The documents do not answer this question."),
    ("Quelle est la recette de la ratatouille ?",
     "Les documents ne répondent pas à cette question."),
    ("Berapa tinggi Gunung Everest?", "Dokumen tidak menjawab pertanyaan ini."),
    ("秘魯的首都是哪裡？", "文件中沒有回答這個問題的內容。"),
])
def test_off_topic_questions_abstain_in_the_question_language(assistant, question,
                                                              expected) -> None:
    answer = ask(assistant, question)
    assert answer.abstained and answer.citations == []
    assert answer.answer == expected


def test_two_turn_conversation_resolves_the_follow_up(assistant, corpus_dir) -> None:
    first = ask(assistant, "Which company did Meta invest 14.3 billion dollars in?")
    assert not first.abstained
    follow = ask(assistant, "Which company did Meta invest 14.3 billion dollars in?", first.answer,
                 "And when did it make that investment?")
    assert not follow.abstained
    assert any(c.file.startswith("002") and c.start_line == 25 for c in follow.citations)
    assert "2025" in follow.answer
    assert_answer_contract(follow, corpus_dir)


@pytest.mark.parametrize("messages", [
    [],
    [Message(role="assistant", content="Hello")],
    [Message(role="user", content="   ")],
])
def test_invalid_conversations_are_rejected_with_a_reason(assistant, messages) -> None:
    with pytest.raises(InvalidConversation):
        assistant.run(messages)
