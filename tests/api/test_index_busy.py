"""While another writer holds the embedded index's write lock (a `rag index` in a shell), an upload's
indexing job fails with a message saying so, a deletion is a 503 with Retry-After, and nothing is
lost: the upload stays in the corpus folder and the next run indexes it."""

from __future__ import annotations

import os
import time
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from rag.assistant import Assistant
from rag.ingest.writer_lock import writing

pytestmark = pytest.mark.slow


def finished(client: TestClient, job: str, timeout: float = 120) -> dict:
    deadline = time.monotonic() + timeout
    while (body := client.get(f"/documents/jobs/{job}").json())["state"] not in ("done", "failed"):
        assert time.monotonic() < deadline, body
        time.sleep(0.1)
    return body


def upload(client: TestClient, name: str, text: bytes) -> str:
    accepted = client.post("/documents", files=[("files", (name, text, "text/plain"))])
    assert accepted.status_code == 202, accepted.json()
    return accepted.json()["job"]


def test_writes_through_the_api_while_another_writer_holds_the_index(
        base_settings, embedder, tmp_path: Path) -> None:
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "probe.txt").write_text("The Zephyr-9 probe weighs 412 grams.\n", encoding="utf-8")
    assistant = Assistant(base_settings.replace(corpus_path=corpus, index_path=tmp_path / "index",
                                                index_lock_timeout=0), embedder=embedder)
    with TestClient(create_app(assistant.settings, assistant)) as client:
        with writing(assistant.settings.index, "indexing"):  # as a `rag index` elsewhere would
            job = finished(client, upload(client, "red.txt", b"The probe is painted red.\n"))
            assert job["state"] == "failed", job
            assert job["detail"].startswith("the document index is being written by another "
                                            "process (") and "try again later" in job["detail"]
            assert str(os.getpid()) not in job["detail"] and str(tmp_path) not in job["detail"]
            refused = client.delete("/documents/probe.txt")
            assert refused.status_code == 503 and refused.headers["Retry-After"] == "10"
            assert refused.json()["detail"] == job["detail"]
            assert (corpus / "probe.txt").exists() and (corpus / "uploads" / "red.txt").exists()
        job = finished(client, upload(client, "blue.txt", b"The other probe is painted blue.\n"))
        assert job["state"] == "done" and job["added"] == ["uploads/blue.txt", "uploads/red.txt"]
        assert client.delete("/documents/probe.txt").status_code == 200
        listed = [d["path"] for d in client.get("/documents").json()["documents"]]
        assert listed == ["uploads/blue.txt", "uploads/red.txt"]
