"""Every bad input gets the right 4xx and a `detail` saying what is wrong; nothing is a 500 except a
real bug, and that one is logged with a request id and answered without a stack trace."""

from __future__ import annotations

import json
import logging
from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from rag.assistant import Assistant
from tests.api.conftest import QUESTION, ask
from tests.conftest import free_port

LONG = "why " * 600  # 2400 characters, over the default max_question_chars of 2000


def turns(n: int) -> list[dict[str, str]]:
    return [{"role": "user" if i % 2 == 0 else "assistant", "content": f"turn {i}"}
            for i in range(n)]


BAD_CHAT = [
    ("empty messages", {"messages": []}, 422, "messages is empty"),
    ("last turn not the user's", {"messages": [{"role": "user", "content": QUESTION},
                                               {"role": "assistant", "content": "Qwen."}]},
     422, "last message must come from the user"),
    ("blank question", ask("   "), 422, "question is empty"),
    ("number as content", {"messages": [{"role": "user", "content": 42}]}, 422, "content"),
    ("null content", {"messages": [{"role": "user", "content": None}]}, 422, "content"),
    ("list as content", {"messages": [{"role": "user", "content": ["a"]}]}, 422, "content"),
    ("system role", {"messages": [{"role": "system", "content": QUESTION}]}, 422, "role"),
    ("missing messages", {"top_k": 3}, 422, "messages"),
    ("messages not a list", {"messages": QUESTION}, 422, "messages"),
    ("unknown field", ask(temperature=0.1), 422, "temperature"),
    ("unknown field in a message", {"messages": [{"role": "user", "content": "x", "name": "a"}]},
     422, "name"),
    ("top_k as a string", ask(top_k="5"), 422, "top_k"),
    ("top_k zero", ask(top_k=0), 422, "top_k"),
    ("top_k too large", ask(top_k=51), 422, "top_k"),
    ("top_k fractional", ask(top_k=2.5), 422, "top_k"),
    ("stream as a string", ask(stream="yes"), 422, "stream"),
    ("unknown generator", ask(generator="gpt-5"), 422, "generator"),
    ("lone surrogate", ask("what is \ud800?"), 422, "surrogate"),
    ("oversized question", ask(LONG), 413, "max_question_chars"),
    ("too many turns", {"messages": turns(21)}, 413, "max_turns"),
    ("body not an object", [1, 2], 422, "body"),
]


@pytest.mark.parametrize(("body", "status", "says"), [c[1:] for c in BAD_CHAT],
                         ids=[c[0] for c in BAD_CHAT])
@pytest.mark.parametrize("stream", [False, True], ids=["plain", "stream"])
def test_bad_chat_requests(client: TestClient, body: object, status: int, says: str,
                           stream: bool) -> None:
    if stream and isinstance(body, dict) and "stream" not in body:
        body = {**body, "stream": True}
    # Serialised here with ASCII escapes: a lone surrogate cannot be encoded as UTF-8 by the client.
    response = client.post("/chat", content=json.dumps(body),
                           headers={"content-type": "application/json"})
    assert response.status_code == status, response.text
    assert response.headers["content-type"] == "application/json"
    assert says in str(response.json()["detail"])


def test_malformed_json_is_a_400(client: TestClient) -> None:
    response = client.post("/chat", content=b'{"messages": [', headers={"content-type":
                                                                         "application/json"})
    assert response.status_code == 400
    assert response.json()["detail"].startswith("malformed JSON body")


def test_empty_body_and_wrong_content_type(client: TestClient) -> None:
    empty = client.post("/chat", content=b"", headers={"content-type": "application/json"})
    assert empty.status_code == 422 and empty.json()["detail"]
    text = client.post("/search", content=b'{"query": "x"}', headers={"content-type": "text/plain"})
    assert text.status_code == 422 and text.json()["detail"]


def test_oversized_search_query_names_the_limit(client: TestClient) -> None:
    response = client.post("/search", json={"query": LONG})
    assert response.status_code == 413 and "max_question_chars" in response.json()["detail"]


def test_huge_body_is_refused_before_parsing(client: TestClient) -> None:
    huge = b'{"messages": "' + b"a" * 3_000_000 + b'"}'
    declared = client.post("/chat", content=huge, headers={"content-type": "application/json"})
    assert declared.status_code == 413 and "bytes" in declared.json()["detail"]

    def chunked() -> Iterator[bytes]:  # no Content-Length: the limit applies while reading
        yield from (huge[i:i + 65536] for i in range(0, len(huge), 65536))

    streamed = client.post("/chat", content=chunked(), headers={"content-type": "application/json"})
    assert streamed.status_code == 413 and "bytes" in streamed.json()["detail"]


def test_limits_follow_the_settings(assistant: Assistant, settings_for) -> None:
    app = create_app(settings_for(max_question_chars=10, max_turns=2), assistant)
    with TestClient(app) as client:
        long = client.post("/chat", json=ask("How much did Meta invest?"))
        many = client.post("/chat", json={"messages": turns(3)})
    assert long.status_code == 413 and "limit is 10" in long.json()["detail"]
    assert many.status_code == 413 and "limit is 2" in many.json()["detail"]


def test_unknown_route_and_method(client: TestClient) -> None:
    assert client.get("/nope").status_code == 404
    wrong = client.get("/chat")
    assert wrong.status_code == 405 and wrong.json()["detail"]


def test_unexpected_exception_is_a_logged_json_500(assistant: Assistant,
                                                   caplog: pytest.LogCaptureFixture) -> None:
    app = create_app(assistant.settings, assistant)

    @app.get("/boom")
    async def boom() -> None:
        raise RuntimeError("secret internals")

    with TestClient(app, raise_server_exceptions=False) as client, \
            caplog.at_level(logging.ERROR, logger="api.middleware"):
        response = client.get("/boom")
    assert response.status_code == 500
    body = response.json()
    assert body == {"detail": "internal error", "request_id": response.headers["x-request-id"]}
    assert "secret" not in response.text and "Traceback" not in response.text
    record = next(r for r in caplog.records if body["request_id"] in r.getMessage())
    assert record.exc_info and "secret internals" in str(record.exc_info[1])


def test_unreachable_vector_store_is_a_503(assistant: Assistant, embedder, settings_for) -> None:
    broken = Assistant(settings_for(chroma_url=f"http://127.0.0.1:{free_port()}"),
                       embedder=embedder)
    client = TestClient(create_app(broken.settings, broken))  # no lifespan: start-up would fail
    response = client.post("/search", json={"query": "Avocado"})
    assert response.status_code == 503
    assert response.json()["detail"] == "the document index is unavailable; try again later"
    assert response.json()["request_id"] == response.headers["x-request-id"]
