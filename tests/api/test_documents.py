"""`GET /documents` and `GET /documents/{path}/text`: what is indexed, and the text citations
point into."""

from __future__ import annotations

from pathlib import Path

from fastapi.testclient import TestClient

from tests.api.conftest import ask

NAME = "002_852ae002a154c28a.txt"


def test_documents_lists_every_indexed_file(client: TestClient, corpus_dir: Path) -> None:
    listed = client.get("/documents").json()["documents"]
    assert sorted(d["path"] for d in listed) == sorted(p.name for p in corpus_dir.glob("*.txt"))


def test_text_of_a_document_and_of_a_cited_span(client: TestClient, corpus_dir: Path) -> None:
    whole = (corpus_dir / NAME).read_text(encoding="utf-8")
    body = client.get(f"/documents/{NAME}/text").json()
    assert body["text"] == whole and body["length"] == len(whole) and body["format"] == "text"
    answer = client.post("/chat", json=ask("How much did Meta invest in Scale AI?")).json()
    for c in answer["citations"]:
        span = client.get(f"/documents/{c['file']}/text",
                          params={"start": c["start_char"], "end": c["end_char"]}).json()
        assert span["text"] == c["quote"]
        assert (span["start_line"], span["end_line"]) == (c["start_line"], c["end_line"])


def test_unknown_documents_and_bad_spans_are_4xx(client: TestClient) -> None:
    missing = client.get("/documents/nothing/here.txt/text")
    assert missing.status_code == 404 and "no indexed document" in missing.json()["detail"]
    outside = client.get(f"/documents/{NAME}/text", params={"start": 10, "end": 5})
    assert outside.status_code == 422 and "not within" in outside.json()["detail"]
    negative = client.get(f"/documents/{NAME}/text", params={"start": -1})
    assert negative.status_code == 422
