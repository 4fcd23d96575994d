"""`POST /documents`, `GET /documents/jobs/{job}`, `DELETE /documents/{path}` and `POST /feedback`,
against the real app around a real assistant: a copy of the seed corpus, indexed into its own
temporary index with the real embedder, so the session's shared index is never changed."""

from __future__ import annotations

import logging
import shutil
import time
from collections.abc import Iterator
from pathlib import Path

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from api.limits import body_limit
from api.upload_form import MAX_FILES
from rag.assistant import Assistant
from tests.api.conftest import QUESTION, ask
from tests.conftest import CORPUS

pytestmark = pytest.mark.slow

KEY = "s3cret"
ZEPHYR = b"# Zephyr-9\n\nThe Zephyr-9 probe weighs 412 grams. It was built to sample the upper clouds.\n"
ZEPHYR_QUESTION = "How much does the Zephyr-9 probe weigh?"


@pytest.fixture(scope="module")
def library(base_settings, embedder, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    """The seed corpus copied and indexed once for this module; each test cleans up its files."""
    root = tmp_path_factory.mktemp("uploads")
    shutil.copytree(CORPUS, root / "corpus")
    assistant = Assistant(base_settings.replace(corpus_path=root / "corpus",
                                                index_path=root / "index"), embedder=embedder)
    assistant.index()
    return assistant


def serve(library: Assistant, **overrides: object) -> TestClient:
    return TestClient(create_app(library.settings.replace(**overrides), library))


@pytest.fixture
def client(library: Assistant) -> Iterator[TestClient]:
    with serve(library) as c:
        yield c


def uploads(library: Assistant) -> Path:
    return library.settings.index.corpus_path / "uploads"


def listing(folder: Path) -> list[str]:
    """Every entry of the folder, hidden ones included, and the temporary upload files at the top
    of the corpus, where uploads wait until their request is complete (a leftover shows up)."""
    staged = sorted(p.name for p in folder.parent.glob(".upload-*"))
    return staged + (sorted(p.name for p in folder.iterdir()) if folder.exists() else [])


def multipart(*files: tuple[str, bytes], field: str = "files") -> dict[str, object]:
    """A multipart body written by hand, so file names reach the server exactly as given."""
    boundary = "b0undary-zephyr"
    body = b"".join(
        f'--{boundary}\r\nContent-Disposition: form-data; name="{field}"; filename="{name}"\r\n'
        f"Content-Type: application/octet-stream\r\n\r\n".encode() + data + b"\r\n"
        for name, data in files) + f"--{boundary}--\r\n".encode()
    return {"content": body, "headers": {"Content-Type": f"multipart/form-data; boundary={boundary}"}}


def finished(client: TestClient, job: str, timeout: float = 300) -> dict:
    deadline = time.monotonic() + timeout
    while True:
        body = client.get(f"/documents/jobs/{job}").json()
        if body["state"] in ("done", "failed"):
            return body
        assert time.monotonic() < deadline, body
        time.sleep(0.1)


def listed(client: TestClient) -> list[str]:
    return [d["path"] for d in client.get("/documents").json()["documents"]]


def test_an_uploaded_document_is_cited_until_it_is_deleted(client: TestClient,
                                                            library: Assistant) -> None:
    accepted = client.post("/documents", files=[("files", ("zephyr-9.md", ZEPHYR, "text/markdown"))])
    assert accepted.status_code == 202
    assert accepted.json()["files"] == ["uploads/zephyr-9.md"]
    assert (uploads(library) / "zephyr-9.md").read_bytes() == ZEPHYR
    job = finished(client, accepted.json()["job"])
    assert job["state"] == "done" and job["detail"] is None, job
    assert job["added"] == ["uploads/zephyr-9.md"] and job["skipped"] == []
    assert job["files_total"] == job["files_done"] == 1 and job["chunks"] > 0
    assert "uploads/zephyr-9.md" in listed(client)

    answer = client.post("/chat", json=ask(ZEPHYR_QUESTION)).json()
    assert not answer["abstained"], answer
    cited = [c for c in answer["citations"] if c["file"] == "uploads/zephyr-9.md"]
    assert cited and any("412 grams" in c["quote"] for c in cited), answer
    for c in cited:
        span = client.get("/documents/uploads/zephyr-9.md/text",
                          params={"start": c["start_char"], "end": c["end_char"]}).json()
        assert span["text"] == c["quote"]

    deleted = client.delete("/documents/uploads/zephyr-9.md")
    assert deleted.status_code == 200 and deleted.json() == {"deleted": "uploads/zephyr-9.md"}
    assert not (uploads(library) / "zephyr-9.md").exists()
    assert "uploads/zephyr-9.md" not in listed(client)
    assert client.get("/documents/uploads/zephyr-9.md/text").status_code == 404
    after = client.post("/chat", json=ask(ZEPHYR_QUESTION)).json()
    assert after["abstained"] and all("zephyr" not in c["file"] for c in after["citations"]), after
    assert client.delete("/documents/uploads/zephyr-9.md").status_code == 404


def test_a_job_waits_for_the_lock_and_a_new_upload_replaces_the_old(library: Assistant) -> None:
    app = create_app(library.settings, library)
    with TestClient(app) as client:
        with app.state.jobs.lock:  # another change to the index is under way
            first = client.post("/documents", **multipart(("probe.txt", b"The probe is red.\n")))
            time.sleep(0.3)
            assert client.get(f"/documents/jobs/{first.json()['job']}").json()["state"] == "queued"
        assert finished(client, first.json()["job"])["added"] == ["uploads/probe.txt"]
        second = client.post("/documents", **multipart(("probe.txt", b"The probe is blue.\n")))
        job = finished(client, second.json()["job"])
        assert job["state"] == "done" and job["updated"] == ["uploads/probe.txt"], job
        text = client.get("/documents/uploads/probe.txt/text").json()["text"]
        assert text == "The probe is blue.\n"
        assert client.delete("/documents/uploads/probe.txt").status_code == 200


def test_client_paths_never_lead_outside_the_uploads_folder(client: TestClient,
                                                           library: Assistant) -> None:
    root = library.settings.index.corpus_path.parent
    names = {"../evil.txt": "evil.txt", "/etc/passwd.txt": "passwd.txt",
             "a/../../b.txt": "b.txt", "..\\x.txt": "x.txt"}
    files = [(raw, f"Saved as {safe}: a note about nothing in particular.\n".encode())
             for raw, safe in names.items()]
    accepted = client.post("/documents", **multipart(*files))
    assert accepted.status_code == 202, accepted.json()
    assert accepted.json()["files"] == [f"uploads/{safe}" for safe in names.values()]
    for safe in names.values():
        assert [p.relative_to(root).as_posix() for p in root.parent.rglob(safe)] == \
            [f"corpus/uploads/{safe}"]
    assert not Path("/etc/passwd.txt").exists()
    assert finished(client, accepted.json()["job"])["state"] == "done"
    for safe in names.values():
        assert client.delete(f"/documents/uploads/{safe}").status_code == 200

    before = listing(uploads(library))
    for bad in ("..", "a/..", ".hidden.txt", "", "folder/"):
        refused = client.post("/documents", **multipart((bad, b"text")))
        assert refused.status_code == 422 and refused.json()["detail"], bad
    assert listing(uploads(library)) == before


def test_a_file_over_the_limit_is_413_and_nothing_is_saved(library: Assistant) -> None:
    with serve(library, max_upload_bytes=1000) as client:
        before = listing(uploads(library))
        response = client.post("/documents", **multipart(("small.txt", b"fine" * 10),
                                                          ("big.txt", b"x" * 1001)))
        assert response.status_code == 413
        assert "big.txt" in response.json()["detail"] and "1000" in response.json()["detail"]
        assert listing(uploads(library)) == before
        many = client.post("/documents", **multipart(*[(f"n{i}.txt", b"x") for i in range(MAX_FILES + 1)]))
        assert many.status_code == 413 and str(MAX_FILES) in many.json()["detail"]
        assert listing(uploads(library)) == before


def test_an_unsupported_type_is_415_and_nothing_is_saved(client: TestClient,
                                                        library: Assistant) -> None:
    before = listing(uploads(library))
    response = client.post("/documents", **multipart(("notes.md", b"# Notes\n"),
                                                      ("setup.exe", b"MZ\x90\x00")))
    assert response.status_code == 415
    detail = response.json()["detail"]
    assert "setup.exe" in detail and all(s in detail for s in (".md", ".pdf", ".txt", ".docx"))
    assert listing(uploads(library)) == before


def test_a_request_without_files_is_422(client: TestClient) -> None:
    for request in (multipart(("notes.md", b"# Notes\n"), field="file"),
                    {"json": {"files": ["notes.md"]}}):
        response = client.post("/documents", **request)
        assert response.status_code == 422 and "files" in response.json()["detail"]
    not_a_file = client.post("/documents", data={"files": "just text"},
                             files={"other": ("o.txt", b"x", "text/plain")})
    assert not_a_file.status_code == 422 and "filename" in not_a_file.json()["detail"]


def test_unreadable_uploads_are_skipped_and_the_index_still_answers(client: TestClient,
                                                                   library: Assistant) -> None:
    # Larger than the generic body limit: an upload has its own bound.
    scan = b"%PDF-1.7 garbage " + b"\xff" * (body_limit(library.settings) + 1024 * 1024)
    accepted = client.post("/documents", **multipart(("empty.txt", b""), ("scan.pdf", scan)))
    assert accepted.status_code == 202, accepted.json()
    job = finished(client, accepted.json()["job"])
    assert job["state"] == "done", job
    skipped = {s["file"]: s["reason"] for s in job["skipped"]}
    assert set(skipped) == {"uploads/empty.txt", "uploads/scan.pdf"} and all(skipped.values())
    assert "empty" in skipped["uploads/empty.txt"]
    assert not {"uploads/empty.txt", "uploads/scan.pdf"} & set(listed(client))
    assert not {"empty.txt", "scan.pdf"} & set(listing(uploads(library)))  # not tripped on again
    answer = client.post("/chat", json=ask(QUESTION)).json()
    assert not answer["abstained"] and answer["citations"], answer


def test_a_link_out_of_the_corpus_is_not_deleted(client: TestClient, library: Assistant) -> None:
    corpus = library.settings.index.corpus_path
    outside = corpus.parent / "outside.txt"
    outside.write_text("The Zephyr-9 probe was painted orange.\n", encoding="utf-8")
    (corpus / "linked.txt").symlink_to(outside)
    try:
        library.index()
        assert "linked.txt" in listed(client)
        response = client.delete("/documents/linked.txt")
        assert response.status_code == 404 and "inside the corpus" in response.json()["detail"]
        assert outside.exists() and (corpus / "linked.txt").is_symlink()
    finally:
        (corpus / "linked.txt").unlink()
        library.index()
    assert "linked.txt" not in listed(client)


def test_unknown_jobs_and_documents_are_404(client: TestClient) -> None:
    assert client.get("/documents/jobs/no-such-job").status_code == 404
    for path in ("uploads/never.md", "../corpus/000_1711ad7f7b3f2517.txt", "nothing"):
        response = client.delete(f"/documents/{path}")
        assert response.status_code == 404 and response.json()["detail"], path


def test_the_key_guards_uploads_deletions_and_feedback(library: Assistant) -> None:
    with serve(library, api_key=KEY) as client:
        before = listing(uploads(library))
        for method, path, extra in (("POST", "/documents", multipart(("a.md", b"# A\n"))),
                                    ("DELETE", "/documents/000_1711ad7f7b3f2517.txt", {}),
                                    ("POST", "/feedback", {"json": {"vote": "helpful"}})):
            response = client.request(method, path, **extra)
            assert response.status_code == 401, (method, path)
        assert listing(uploads(library)) == before
        assert (library.settings.index.corpus_path / "000_1711ad7f7b3f2517.txt").exists()
        ok = client.post("/feedback", json={"vote": "helpful"},
                         headers={"Authorization": f"Bearer {KEY}"})
        assert ok.status_code == 204


def test_cors_allows_deletions_from_the_configured_origin(library: Assistant) -> None:
    origin = "https://chat.example.org"
    with serve(library, cors_origins=[origin]) as client:
        preflight = client.options("/documents/uploads/a.md", headers={
            "Origin": origin, "Access-Control-Request-Method": "DELETE"})
        assert preflight.status_code == 200
        assert "DELETE" in preflight.headers["access-control-allow-methods"]


def test_feedback_is_one_log_line(client: TestClient, caplog: pytest.LogCaptureFixture) -> None:
    vote = {"vote": "not_helpful", "reason": "It cites the wrong   file.",
            "question": "q" * 300, "answer": "a " * 1000, "request_id": "rid-42"}
    with caplog.at_level(logging.INFO, logger="api.feedback"):
        response = client.post("/feedback", json=vote)
    assert response.status_code == 204 and response.content == b""
    lines = [r.getMessage() for r in caplog.records if r.name == "api.feedback"]
    assert len(lines) == 1, lines
    line = lines[0]
    assert "vote=not_helpful" in line and "answer_request_id=rid-42" in line
    assert "'It cites the wrong file.'" in line
    assert f"'{'q' * 200}'" in line and "q" * 201 not in line
    assert f"'{'a ' * 100}'" in line and "a " * 101 not in line


@pytest.mark.parametrize("body", [
    {"vote": "meh"}, {}, {"vote": "helpful", "reason": "x" * 1001},
    {"vote": "helpful", "question": "x" * 4001}, {"vote": "helpful", "answer": "x" * 8001},
    {"vote": "helpful", "stars": 5}, {"vote": "helpful", "reason": 3},
])
def test_invalid_feedback_is_422(client: TestClient, caplog: pytest.LogCaptureFixture,
                                 body: dict) -> None:
    with caplog.at_level(logging.INFO, logger="api.feedback"):
        assert client.post("/feedback", json=body).status_code == 422
    assert not [r for r in caplog.records if r.name == "api.feedback"]
