"""What an LLM backend is sent: the instructions, worked answers in the asker's language, sources."""

from __future__ import annotations

import re

import pytest

from rag import prompts
from rag.answer.generation.base import GenerationRequest, build_messages
from rag.answer.sources import Source
from rag.schema import Passage
from rag.text.language import detect_language

TEXT = "Pour vérifier le disque, lancez checker --scan depuis un terminal."


def _request(language: str) -> GenerationRequest:
    passage = Passage(file="guide.txt", start_line=1, end_line=1, start_char=0,
                      end_char=len(TEXT), text=TEXT)
    return GenerationRequest(question="?", language=language,
                             sources=[Source(number=1, passage=passage)])


@pytest.mark.parametrize("language", sorted(prompts.ANSWER_EXAMPLES))
def test_worked_answers_come_before_the_sources_in_the_answers_language(language: str) -> None:
    messages = build_messages(_request(language))
    roles = [m["role"] for m in messages]
    assert roles[0] == "system" and roles[-1] == "user"
    shown = messages[1:-1]
    assert shown and roles[1:-1] == ["user", "assistant"] * (len(shown) // 2)
    for asked, answered in zip(shown[::2], shown[1::2], strict=True):
        source = re.search(r"\[1\] (.*)\n", asked["content"]).group(1)  # type: ignore[union-attr]
        # The source is in another language, the answer in this one, ending with its citation.
        assert detect_language(source) != language
        assert detect_language(answered["content"], default="und") == language
        assert answered["content"].rstrip("。.").endswith("[1]")
        # A command is stated, not left to the [1]; no figure is added (the model copies them).
        assert all(c in answered["content"] for c in re.findall(r"\S+ --\w+", source))
        assert not re.search(r"\d", answered["content"].replace("[1]", ""))
    assert any("--" in m["content"] for m in shown[1::2]), "no example states a command"
    # The real sources come last, after the examples, as before.
    assert TEXT in messages[-1]["content"]


def test_a_language_without_worked_answers_gets_the_instructions_alone() -> None:
    assert "de" not in prompts.ANSWER_EXAMPLES
    assert [m["role"] for m in build_messages(_request("de"))] == ["system", "user"]
