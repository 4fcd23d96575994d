"""`POST /search`: passages best first, each exactly a span of its corpus file."""

from __future__ import annotations

from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from tests.api.contract import assert_passage_contract


@pytest.mark.parametrize(("query", "expected"), [
    ("How much did Meta invest in Scale AI?", "002_852ae002a154c28a.txt"),
    ("Avocado 是以哪個模型為基礎微調的？", "000_1711ad7f7b3f2517.txt"),
])
def test_results_are_ranked_passages_of_the_corpus(client: TestClient, corpus_dir: Path,
                                                   query: str, expected: str) -> None:
    response = client.post("/search", json={"query": query, "top_k": 4})
    assert response.status_code == 200
    results = [assert_passage_contract(r, corpus_dir) for r in response.json()["results"]]
    assert 0 < len(results) <= 4
    assert results[0].file == expected
    assert [r.score for r in results] == sorted((r.score for r in results), reverse=True)


def test_default_top_k_comes_from_settings(client: TestClient, assistant) -> None:
    results = client.post("/search", json={"query": "Llama 4 benchmark"}).json()["results"]
    assert len(results) == assistant.settings.retrieval.top_k


def test_matches_the_library(client: TestClient, assistant) -> None:
    query = "copyright lawsuit against Meta"
    over_http = client.post("/search", json={"query": query, "top_k": 3}).json()["results"]
    assert over_http == [p.model_dump(mode="json") for p in assistant.search(query, 3)]


@pytest.mark.parametrize("query", ["", "   ", "\n\t"])
def test_blank_query_is_rejected(client: TestClient, query: str) -> None:
    response = client.post("/search", json={"query": query})
    assert response.status_code == 422
    assert response.json()["detail"][0]["loc"] == ["body", "query"]
