"""API fixtures: the real app around the session's indexed assistant, in-process or under uvicorn."""

from __future__ import annotations

from collections.abc import Callable, Iterator

import pytest
from fastapi import FastAPI
from fastapi.testclient import TestClient

from api.app import create_app
from rag.assistant import Assistant
from rag.models.embedder import Embedder
from rag.settings import Settings
from tests.api.fake_llm import SlowLLM
from tests.api.servers import serving

QUESTION = "Which model is Meta's Avocado built on?"
SECOND_QUESTION = "How much did Meta invest in Scale AI?"
LLM_QUESTION = "Model apa yang menjadi dasar Avocado milik Meta?"
"""For the slow LLM, which answers by quoting its first source (an Indonesian one): asked in
Indonesian, that answer is in the asker's language and stays the LLM's; asked in English, the
pipeline would replace it with a noted quote."""
UNANSWERABLE = "What is the capital of Peru?"


def ask(question: str = QUESTION, **extra: object) -> dict[str, object]:
    return {"messages": [{"role": "user", "content": question}], **extra}


@pytest.fixture
def app(assistant: Assistant) -> FastAPI:
    return create_app(assistant.settings, assistant)


@pytest.fixture
def client(app: FastAPI) -> Iterator[TestClient]:
    with TestClient(app) as c:  # the context runs the lifespan, as uvicorn would
        yield c


@pytest.fixture(scope="session")
def live_url(assistant: Assistant) -> Iterator[str]:
    """One real uvicorn server over the indexed assistant, shared by the tests that need a socket."""
    with serving(create_app(assistant.settings, assistant)) as url:
        yield url


@pytest.fixture
def slow_llm() -> Iterator[SlowLLM]:
    """A slow OpenAI-compatible backend on its own port; `llm.url` is its /v1 base URL."""
    llm = SlowLLM()
    with serving(llm.app) as url:
        llm.url = f"{url}/v1"
        yield llm


@pytest.fixture
def llm_assistant(assistant: Assistant, embedder: Embedder) -> Callable[..., Assistant]:
    """An assistant over the already-indexed store whose generator is the given OpenAI endpoint."""

    def make(llm: SlowLLM, **overrides: object) -> Assistant:
        settings = assistant.settings.replace(**{
            "generator": "openai", "openai_base_url": llm.url, "openai_timeout": 10.0,
            **overrides})
        return Assistant(settings, store=assistant.store, embedder=embedder)

    return make


@pytest.fixture
def settings_for(assistant: Assistant) -> Callable[..., Settings]:
    def make(**overrides: object) -> Settings:
        return assistant.settings.replace(**overrides)

    return make
