"""`/v1/chat/completions` through the official `openai` client, against a real uvicorn server."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import openai
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.conftest import QUESTION, UNANSWERABLE
from tests.api.contract import MARKER, assert_answer_contract
from tests.api.sse import parse_sse


@pytest.fixture
def client_openai(live_url: str) -> Iterator[openai.OpenAI]:
    with openai.OpenAI(base_url=f"{live_url}/v1", api_key="unused", max_retries=0) as c:
        yield c


def user(text: str = QUESTION) -> list[dict[str, str]]:
    return [{"role": "user", "content": text}]


@pytest.mark.slow
def test_plain_completion_carries_answer_and_citations(client_openai: openai.OpenAI, live_url: str,
                                                        corpus_dir: Path) -> None:
    raw = client_openai.chat.completions.with_raw_response.create(model="rag", messages=user())
    completion = raw.parse()
    content = completion.choices[0].message.content
    assert completion.object == "chat.completion" and completion.model == "rag"
    assert completion.choices[0].finish_reason == "stop"
    assert "qwen" in content.lower()
    assert completion.usage.completion_tokens > 0
    assert completion.usage.total_tokens == completion.usage.prompt_tokens + \
        completion.usage.completion_tokens
    citations = json.loads(raw.http_response.text)["citations"]
    assert citations == completion.model_extra["citations"]
    assert {int(n) for n in MARKER.findall(content)} == {c["ref"] for c in citations} != set()
    # The same answer as /chat gives, with the same verified citations.
    chat = httpx.post(f"{live_url}/chat", json={"messages": user()}, timeout=60).json()
    assert_answer_contract(chat, corpus_dir)
    assert content == chat["answer"] and citations == chat["citations"]


@pytest.mark.slow
def test_streamed_deltas_join_to_the_answer(client_openai: openai.OpenAI) -> None:
    plain = client_openai.chat.completions.create(model="rag", messages=user())
    chunks = list(client_openai.chat.completions.create(model="rag", messages=user(), stream=True))
    assert all(c.object == "chat.completion.chunk" for c in chunks)
    assert chunks[0].choices[0].delta.role == "assistant"
    text = "".join(c.choices[0].delta.content or "" for c in chunks)
    assert text == plain.choices[0].message.content
    assert len([c for c in chunks if c.choices[0].delta.content]) > 1
    last = chunks[-1]
    assert last.choices[0].finish_reason == "stop"
    assert last.model_extra["citations"] == plain.model_extra["citations"] != []
    assert all("citations" not in (c.model_extra or {}) for c in chunks[:-1])


@pytest.mark.slow
def test_stream_ends_with_done_and_can_report_usage(live_url: str) -> None:
    body = {"model": "rag", "messages": user(), "stream": True,
            "stream_options": {"include_usage": True}}
    response = httpx.post(f"{live_url}/v1/chat/completions", json=body, timeout=60)
    events = parse_sse(response.text)
    assert events[-1].data == "[DONE]"
    usage_chunk = events[-2].json()
    assert usage_chunk["choices"] == [] and usage_chunk["usage"]["completion_tokens"] > 0
    assert usage_chunk["citations"]


@pytest.mark.slow
def test_system_prompts_parts_and_extra_options_are_accepted(client_openai: openai.OpenAI) -> None:
    completion = client_openai.chat.completions.create(
        model="gpt-4o-mini",
        messages=[{"role": "system", "content": "You are a pirate."},
                  {"role": "user", "content": [{"type": "text", "text": QUESTION}]}],
        temperature=0.2, max_tokens=50, top_p=0.9, seed=7, n=1, presence_penalty=0.1,
        user="someone", extra_body={"logit_bias": {}, "something_new": [1, 2]})
    assert completion.model == "gpt-4o-mini"
    assert "qwen" in completion.choices[0].message.content.lower()


@pytest.mark.slow
def test_unanswerable_question_abstains_without_citations(client_openai: openai.OpenAI) -> None:
    completion = client_openai.chat.completions.create(model="rag", messages=user(UNANSWERABLE))
    assert completion.model_extra["citations"] == []
    assert "do not" in completion.choices[0].message.content


@pytest.mark.slow
def test_bad_requests_are_client_errors(client_openai: openai.OpenAI) -> None:
    with pytest.raises(openai.UnprocessableEntityError):
        client_openai.chat.completions.create(model="rag", messages=[])
    with pytest.raises(openai.UnprocessableEntityError):
        client_openai.chat.completions.create(
            model="rag", messages=[{"role": "system", "content": "only instructions"}])
    with pytest.raises(openai.UnprocessableEntityError):
        client_openai.chat.completions.create(
            model="rag", messages=[{"role": "user", "content": [
                {"type": "image_url", "image_url": {"url": "http://example.invalid/a.png"}}]}])


@pytest.mark.parametrize("body", [
    {"messages": [{"role": "tool", "content": "x", "tool_call_id": "1"}]},
    {"model": "rag", "messages": [{"role": "user", "content": 42}]},
    {"model": "rag", "messages": [{"role": "user", "content": QUESTION}], "top_k": 0},
    {"model": "rag", "messages": "hello"},
])
def test_invalid_bodies_get_a_422_with_detail(client: TestClient, body: dict) -> None:
    response = client.post("/v1/chat/completions", json=body)
    assert response.status_code == 422
    assert response.json()["detail"]


@pytest.mark.slow
def test_model_named_after_a_generator_selects_it(slow_llm, llm_assistant) -> None:
    slow_llm.delay = 0.01
    backed = llm_assistant(slow_llm, generator="extractive")  # openai configured, not default
    with TestClient(create_app(backed.settings, backed)) as client:
        default = client.post("/v1/chat/completions", json={"model": "rag", "messages": user()})
        assert default.status_code == 200 and slow_llm.requests == 0
        chosen = client.post("/v1/chat/completions", json={"model": "openai", "messages": user()})
        assert chosen.status_code == 200 and slow_llm.requests == 1
    assert chosen.json()["model"] == "openai"
