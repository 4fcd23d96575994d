"""App-level wiring: CORS from the settings, and failures inside an already started stream."""

from __future__ import annotations

from collections.abc import AsyncGenerator, Iterator

import anyio
from fastapi.testclient import TestClient

from api.app import create_app
from api.chat_stream import chat_events
from api.openai_format import completion_events
from rag.assistant import Assistant
from rag.errors import StoreError
from rag.schema import Message
from tests.api.sse import parse_sse

ORIGIN = "https://chat.example.org"


def test_cors_allows_the_configured_origins_only(assistant: Assistant) -> None:
    settings = assistant.settings.replace(cors_origins=[ORIGIN], api_key="k")
    with TestClient(create_app(settings, assistant)) as client:
        preflight = client.options("/chat", headers={
            "Origin": ORIGIN, "Access-Control-Request-Method": "POST",
            "Access-Control-Request-Headers": "authorization,content-type"})
        assert preflight.status_code == 200  # no API key needed for a preflight
        assert preflight.headers["access-control-allow-origin"] == ORIGIN
        assert "authorization" in preflight.headers["access-control-allow-headers"].lower()
        other = client.options("/chat", headers={"Origin": "https://evil.example",
                                                  "Access-Control-Request-Method": "POST"})
        assert "access-control-allow-origin" not in other.headers
        simple = client.get("/healthz", headers={"Origin": ORIGIN})
        assert simple.headers["access-control-allow-origin"] == ORIGIN
        assert "x-request-id" in simple.headers["access-control-expose-headers"].lower()


def test_no_cors_headers_without_configured_origins(client: TestClient) -> None:
    response = client.get("/healthz", headers={"Origin": ORIGIN})
    assert "access-control-allow-origin" not in response.headers


def failing_after_one_piece() -> Iterator[str]:
    yield "A first piece"
    raise StoreError("the Chroma server went away")


async def collect(events: AsyncGenerator[str, None]) -> str:
    return "".join([e async for e in events])


def test_a_failure_mid_chat_stream_becomes_an_error_event() -> None:
    events = parse_sse(anyio.run(collect, chat_events(failing_after_one_piece(), "rid-1")))
    assert [e.event for e in events] == ["delta", "error"]
    assert events[1].json() == {"detail": "the document index is unavailable; try again later",
                                "request_id": "rid-1"}


def test_a_bug_mid_completion_stream_is_reported_without_internals() -> None:
    def broken() -> Iterator[str]:
        yield "piece"
        raise KeyError("internal detail")

    body = anyio.run(collect, completion_events(broken(), "rag", [Message(role="user", content="q")],
                                                False, "rid-2"))
    events = parse_sse(body)
    assert events[0].json()["choices"][0]["delta"]["role"] == "assistant"
    assert events[1].json()["error"] == {"message": "internal error", "type": "server_error",
                                         "request_id": "rid-2"}
    assert events[-1].data == "[DONE]" and "internal detail" not in body
