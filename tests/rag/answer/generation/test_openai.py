"""The `openai` generator against a real local HTTP server speaking the OpenAI chat API."""

import pytest

from rag.answer.generation.base import GenerationRequest, generate
from rag.answer.generation.openai import OpenAIGenerator
from rag.answer.sources import Source
from rag.errors import GeneratorError
from rag.schema import Message, Passage
from tests.conftest import free_port
from tests.fakes.openai_server import Behaviour, running_openai_server

PASSAGE = Passage(file="002_852ae002a154c28a.txt", start_line=25, end_line=25, start_char=0,
                  end_char=10, text="Pada Juni 2025, Meta menginvestasikan $14,3 miliar di Scale AI.")


def request() -> GenerationRequest:
    return GenerationRequest(question="How much did Meta invest in Scale AI?", language="en",
                             sources=[Source(1, PASSAGE)])


def settings_for(base_settings, url: str, **extra):
    return base_settings.replace(**{"generator": "openai", "openai_base_url": url,
                                    "openai_api_key": "test-key", "openai_model": "m",
                                    "openai_timeout": 5.0, **extra})


def test_streams_the_answer_and_sends_numbered_sources(base_settings) -> None:
    with running_openai_server() as (url, behaviour):
        pieces = list(OpenAIGenerator(settings_for(base_settings, url)).stream(request()))
    assert len(pieces) > 1
    assert "".join(pieces).strip() == f"{PASSAGE.text} [1]"
    sent = behaviour.requests[0]
    assert sent["stream"] is True and sent["model"] == "m" and sent["temperature"] == 0.0
    assert "[1] Pada Juni 2025" in sent["messages"][-1]["content"]
    assert "English" in sent["messages"][0]["content"]


def test_retries_once_after_a_server_error(base_settings) -> None:
    with running_openai_server(Behaviour(fail_first=1)) as (url, behaviour):
        text = generate(OpenAIGenerator(settings_for(base_settings, url)), request())
    assert len(behaviour.requests) == 2 and "[1]" in text


def test_gives_up_after_the_retry(base_settings) -> None:
    with running_openai_server(Behaviour(fail_first=5)) as (url, behaviour), \
            pytest.raises(GeneratorError, match="503"):
        generate(OpenAIGenerator(settings_for(base_settings, url)), request())
    assert len(behaviour.requests) == 2


def test_times_out_instead_of_hanging(base_settings) -> None:
    with running_openai_server(Behaviour(delay=3.0)) as (url, _), \
            pytest.raises(GeneratorError):
        generate(OpenAIGenerator(settings_for(base_settings, url, openai_timeout=0.5)), request())


def test_pipeline_uses_the_endpoint_and_verifies_its_citations(make_assistant, base_settings,
                                                                corpus_dir) -> None:
    with running_openai_server() as (url, behaviour):
        assistant = make_assistant(generator="openai", openai_base_url=url,
                                   openai_api_key="test-key", openai_model="m")
        assistant.index(corpus_dir)
        # Asked in Indonesian: the fake endpoint echoes the first source's first sentence, and
        # an answer in another language than the question's would be replaced by a quote.
        answer = assistant.run([Message(role="user", content="Berapa investasi Meta di "
                                                             "Scale AI?")]).answer
    assert behaviour.requests and answer.generator == "openai"
    assert not answer.abstained and answer.citations
    for c in answer.citations:
        text = (corpus_dir / c.file).read_text(encoding="utf-8")
        assert text[c.start_char:c.end_char] == c.quote


def test_pipeline_catches_an_invented_answer(make_assistant, base_settings, corpus_dir) -> None:
    invented = "Avocado has 405 billion parameters [1]. It was trained on 30 trillion tokens [2]."
    with running_openai_server(Behaviour(reply=invented)) as (url, _):
        assistant = make_assistant(generator="openai", openai_base_url=url,
                                   openai_api_key="test-key", openai_model="m")
        assistant.index(corpus_dir)
        answer = assistant.run([Message(role="user", content="How many parameters does "
                                                             "Avocado have?")]).answer
    assert answer.abstained and answer.citations == []


def test_falls_back_to_extractive_when_the_server_is_down(make_assistant, corpus_dir,
                                                          caplog) -> None:
    assistant = make_assistant(generator="openai",
                               openai_base_url=f"http://127.0.0.1:{free_port()}/v1",
                               openai_timeout=2.0)
    assistant.index(corpus_dir)
    answer = assistant.run([Message(role="user", content="How much did Meta invest in "
                                                         "Scale AI?")]).answer
    assert answer.generator == "extractive (fallback from openai)"
    assert not answer.abstained and "14,3" in answer.answer
    assert "answering extractively" in caplog.text
