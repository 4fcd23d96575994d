"""Bearer-key protection: on every route but `/healthz` when `api_key` is set, off otherwise."""

from __future__ import annotations

import secrets
from collections.abc import Iterator

import openai
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from rag.assistant import Assistant
from tests.api.conftest import ask
from tests.api.servers import serving

KEY = "s3cret"
PROTECTED = [("POST", "/chat", ask()), ("POST", "/search", {"query": "Avocado"}),
             ("POST", "/v1/chat/completions", {"model": "rag", **ask()}),
             ("GET", "/documents", None)]


@pytest.fixture
def secured(assistant: Assistant) -> Iterator[TestClient]:
    settings = assistant.settings.replace(api_key=KEY)
    with TestClient(create_app(settings, assistant)) as client:
        yield client


@pytest.mark.parametrize(("method", "path", "body"), PROTECTED)
def test_protected_routes_need_the_key(secured: TestClient, method: str, path: str,
                                       body: dict | None) -> None:
    for headers in ({}, {"Authorization": "Bearer wrong"}, {"Authorization": f"Basic {KEY}"},
                    {"Authorization": KEY}, {"Authorization": "Bearer s3cret-and-more"}):
        response = secured.request(method, path, json=body, headers=headers)
        assert response.status_code == 401, headers
        assert response.headers["www-authenticate"] == "Bearer"
        assert response.json()["detail"]
    ok = secured.request(method, path, json=body, headers={"Authorization": f"Bearer {KEY}"})
    assert ok.status_code == 200


def test_auth_is_checked_before_the_body(secured: TestClient) -> None:
    response = secured.post("/chat", json={"messages": "not even valid"})
    assert response.status_code == 401  # an anonymous client learns nothing about the schema
    authorised = secured.post("/chat", json={"messages": []},
                              headers={"Authorization": f"Bearer {KEY}"})
    assert authorised.status_code == 422


def test_healthz_stays_open(secured: TestClient) -> None:
    assert secured.get("/healthz").status_code == 200


def test_non_ascii_credentials_are_a_401_not_a_crash(secured: TestClient) -> None:
    response = secured.get("/documents", headers={"Authorization": "Bearer cl\xe9".encode("latin-1")})
    assert response.status_code == 401


def test_the_comparison_is_constant_time(secured: TestClient,
                                         monkeypatch: pytest.MonkeyPatch) -> None:
    """The check must go through `secrets.compare_digest` (spied on, still doing the comparing)."""
    seen: list[tuple[bytes, bytes]] = []
    real = secrets.compare_digest

    def spy(a: bytes, b: bytes) -> bool:
        seen.append((a, b))
        return real(a, b)

    monkeypatch.setattr(secrets, "compare_digest", spy)
    assert secured.get("/documents", headers={"Authorization": "Bearer guess"}).status_code == 401
    assert secured.get("/documents", headers={"Authorization": f"Bearer {KEY}"}).status_code == 200
    assert seen == [(b"guess", KEY.encode()), (KEY.encode(), KEY.encode())]


def test_no_key_configured_means_open(client: TestClient) -> None:
    assert client.get("/documents").status_code == 200
    assert client.post("/search", json={"query": "Avocado"},
                       headers={"Authorization": "Bearer anything"}).status_code == 200


@pytest.mark.slow
def test_openai_client_with_the_key_over_http(assistant: Assistant) -> None:
    settings = assistant.settings.replace(api_key=KEY)
    with serving(create_app(settings, assistant)) as url:
        good = openai.OpenAI(base_url=f"{url}/v1", api_key=KEY, max_retries=0)
        reply = good.chat.completions.create(model="rag", messages=ask()["messages"])
        assert "qwen" in reply.choices[0].message.content.lower()
        bad = openai.OpenAI(base_url=f"{url}/v1", api_key="nope", max_retries=0)
        with pytest.raises(openai.AuthenticationError):
            bad.chat.completions.create(model="rag", messages=ask()["messages"])
