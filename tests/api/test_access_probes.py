"""Leak probes over real HTTP: every scoped key asks every route many questions, and no response
ever names a file, or holds 40 characters of the text, of a collection the key may not read."""

from __future__ import annotations

import json
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from api.app import create_app
from rag import Assistant, collection_of
from tests.api.access import GRANTS, SECRETS, bearer, keys_json, scoped_library, shares_40_chars
from tests.api.servers import serving

pytestmark = pytest.mark.slow

ROOT = Path(__file__).resolve().parents[2]
EXTRA = ["How many days of paid annual leave does an Orbisoft employee receive?",
         "What is the Orbisoft travel budget for 2027?", "Orbisoft leave carried over March",
         "Berapa anggaran perjalanan Orbisoft?", "Orbisoft 的差旅預算是多少？",
         "Combien de jours de congé chez Orbisoft ?"]


@pytest.fixture(scope="module")
def server(base_settings, embedder, tmp_path_factory: pytest.TempPathFactory
           ) -> Iterator[tuple[str, Assistant]]:
    library = scoped_library(base_settings, embedder, tmp_path_factory.mktemp("probes"))
    with serving(create_app(library.settings.replace(api_keys=keys_json()), library)) as url:
        yield url, library


def clean(response: httpx.Response, forbidden: list[str], texts: list[str]) -> None:
    body = response.text
    assert not [p for p in forbidden if p in body], (response.request.url, body[:300])
    assert shares_40_chars(body, texts) is None, response.request.url


def _questions() -> list[str]:
    gold = [json.loads(line) for line in (ROOT / "eval" / "gold.jsonl").read_text().splitlines()
            if line.strip()]
    return [g["question"] for g in gold if g.get("question")][:24] + EXTRA


def test_no_key_ever_receives_another_collections_passage_or_file(
        server: tuple[str, Assistant]) -> None:
    url, library = server
    probes = 0
    for who, secret in SECRETS.items():
        allowed = set(GRANTS[secret]["collections"])
        readable = [r.path for r in library.documents()
                    if "*" in allowed or collection_of(r.path) in allowed]
        forbidden = [r.path for r in library.documents() if r.path not in readable]
        forbidden_texts = [library.document_text(p).text for p in forbidden]

        with httpx.Client(base_url=url, headers=bearer(who), timeout=120) as client:
            listed = client.get("/documents").json()["documents"]
            assert {d["path"] for d in listed} == set(readable)
            probes += 1
            for path in [r.path for r in library.documents()]:
                response = client.get(f"/documents/{path}/text")
                assert response.status_code == (200 if path in readable else 404), (who, path)
                # A 404 repeats the name the caller gave; it must say nothing else.
                clean(response, [p for p in forbidden if p != path], forbidden_texts)
                probes += 1
            for question in _questions():
                for response in (
                        client.post("/search", json={"query": question, "top_k": 10}),
                        client.post("/chat", json={"messages": [
                            {"role": "user", "content": question}]}),
                        client.post("/v1/chat/completions", json={"model": "rag", "messages": [
                            {"role": "user", "content": question}]})):
                    assert response.status_code == 200, response.text
                    clean(response, forbidden, forbidden_texts)
                    probes += 1
    assert probes >= 200
