"""`/healthz`, `/documents`, `/openapi.json` and the request-id header."""

from __future__ import annotations

import hashlib
from datetime import datetime
from pathlib import Path

from fastapi.testclient import TestClient


def test_healthz_reports_what_is_searchable(client: TestClient, assistant) -> None:
    response = client.get("/healthz")
    assert response.status_code == 200
    documents, chunks = assistant.stats()
    assert response.json() == {"status": "ok", "documents": documents, "chunks": chunks}
    assert documents == 4 and chunks > 0


def test_documents_lists_files_with_hash_chunks_and_time(client: TestClient, corpus_dir: Path,
                                                         assistant) -> None:
    response = client.get("/documents")
    assert response.status_code == 200
    listed = response.json()["documents"]
    assert [d["path"] for d in listed] == sorted(p.name for p in corpus_dir.glob("*.txt"))
    for doc in listed:
        assert doc["sha256"] == hashlib.sha256((corpus_dir / doc["path"]).read_bytes()).hexdigest()
        assert doc["chunks"] > 0
        assert datetime.fromisoformat(doc["indexed_at"]).tzinfo is not None
    assert sum(d["chunks"] for d in listed) >= assistant.stats()[1]


def test_openapi_lists_every_route(client: TestClient) -> None:
    response = client.get("/openapi.json")
    assert response.status_code == 200
    paths = response.json()["paths"]
    assert {"/chat", "/search", "/v1/chat/completions", "/healthz", "/documents"} <= set(paths)
    assert "post" in paths["/chat"] and "get" in paths["/healthz"]
    assert client.get("/docs").status_code == 200


def test_every_response_has_a_request_id(client: TestClient) -> None:
    ids = {client.get("/healthz").headers["x-request-id"] for _ in range(3)}
    assert len(ids) == 3
    assert client.post("/chat", json={}).headers["x-request-id"]
    assert client.get("/nowhere").headers["x-request-id"]


def test_a_sane_client_request_id_is_kept_and_a_bad_one_replaced(client: TestClient) -> None:
    kept = client.get("/healthz", headers={"X-Request-ID": "abc-123"})
    assert kept.headers["x-request-id"] == "abc-123"
    replaced = client.get("/healthz", headers={"X-Request-ID": "x" * 200})
    assert replaced.headers["x-request-id"] != "x" * 200


def test_healthz_names_the_served_index_without_showing_its_path(client: TestClient,
                                                                  assistant) -> None:
    header = client.get("/healthz").headers["X-Rag-Index"]
    assert header == assistant.settings.index.identity
    assert str(assistant.settings.index.index_path) not in header and len(header) == 16
    other = assistant.settings.replace(index_path=assistant.settings.index.index_path / "other")
    assert other.index.identity != header
