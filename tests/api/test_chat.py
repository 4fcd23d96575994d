"""`POST /chat` against the real app and the real indexed corpus (extractive generator)."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from tests.api.conftest import LLM_QUESTION, SECOND_QUESTION, UNANSWERABLE, ask
from tests.api.contract import assert_answer_contract
from tests.api.sse import parse_sse


def test_answers_with_verified_citations(client: TestClient, corpus_dir: Path) -> None:
    response = client.post("/chat", json=ask())
    assert response.status_code == 200
    answer = assert_answer_contract(response.json(), corpus_dir)
    assert not answer.abstained and answer.citations
    assert "qwen" in answer.answer.lower()
    assert answer.language == "en" and answer.generator == "extractive"
    assert response.headers["x-request-id"]


def test_abstains_when_the_documents_are_silent(client: TestClient, corpus_dir: Path) -> None:
    answer = assert_answer_contract(client.post("/chat", json=ask(UNANSWERABLE)).json(), corpus_dir)
    assert answer.abstained and answer.citations == []


def test_follow_up_uses_the_history(client: TestClient, corpus_dir: Path) -> None:
    first = client.post("/chat", json=ask(SECOND_QUESTION)).json()
    messages = [{"role": "user", "content": SECOND_QUESTION},
                {"role": "assistant", "content": first["answer"]},
                {"role": "user", "content": "And which unit did it restructure its AI under?"}]
    response = client.post("/chat", json={"messages": messages, "top_k": 8})
    assert response.status_code == 200
    answer = assert_answer_contract(response.json(), corpus_dir)
    assert not answer.abstained
    assert "superintelligence" in answer.answer.lower()


def test_stream_sends_deltas_then_one_verified_answer(client: TestClient, corpus_dir: Path) -> None:
    with client.stream("POST", "/chat", json=ask(stream=True)) as response:
        assert response.status_code == 200
        assert response.headers["content-type"].startswith("text/event-stream")
        events = parse_sse(response.read().decode())
    kinds = [e.event for e in events]
    assert kinds[-1] == "answer" and kinds.count("answer") == 1
    assert kinds[:-1] and set(kinds[:-1]) == {"delta"}
    draft = "".join(e.json()["text"] for e in events[:-1])
    answer = assert_answer_contract(events[-1].json(), corpus_dir)
    assert not answer.abstained
    # The draft is the generator's raw text; every quote in the checked answer comes from it.
    assert all(c.quote.rstrip(".") in draft for c in answer.citations)
    plain = client.post("/chat", json=ask()).json()
    assert {**plain, "timings_ms": {}} == {**answer.model_dump(mode="json"), "timings_ms": {}}


def test_stream_of_an_unanswerable_question_is_a_lone_answer(client: TestClient) -> None:
    with client.stream("POST", "/chat", json=ask(UNANSWERABLE, stream=True)) as response:
        events = parse_sse(response.read().decode())
    assert [e.event for e in events] == ["answer"]
    assert events[0].json()["abstained"] is True


def test_generator_can_be_chosen_per_request(client: TestClient) -> None:
    response = client.post("/chat", json=ask(generator="extractive", top_k=3))
    assert response.status_code == 200 and response.json()["generator"] == "extractive"


@pytest.mark.slow
def test_failing_llm_backend_falls_back_to_extractive(assistant, slow_llm, llm_assistant,
                                                      corpus_dir: Path) -> None:
    slow_llm.status = 500
    backed = llm_assistant(slow_llm)
    with TestClient(create_app(backed.settings, backed)) as client:
        response = client.post("/chat", json=ask())
    assert response.status_code == 200
    answer = assert_answer_contract(response.json(), corpus_dir)
    assert answer.generator == "extractive (fallback from openai)"
    assert slow_llm.requests >= 1  # the backend was really tried before the fallback
    assert not answer.abstained


@pytest.mark.slow
def test_slow_llm_backend_is_used_and_cited(slow_llm, llm_assistant, corpus_dir: Path) -> None:
    slow_llm.delay = 0.05
    backed = llm_assistant(slow_llm)
    with TestClient(create_app(backed.settings, backed)) as client:
        answer = assert_answer_contract(client.post("/chat", json=ask(LLM_QUESTION)).json(),
                                        corpus_dir)
    assert answer.generator == "openai" and slow_llm.requests == 1


def test_questions_in_other_languages(client: TestClient, corpus_dir: Path) -> None:
    question = "Combien Meta réserve-t-il pour l'infrastructure IA aux États-Unis ?"
    answer = assert_answer_contract(client.post("/chat", json=ask(question)).json(), corpus_dir)
    assert answer.language == "fr"
