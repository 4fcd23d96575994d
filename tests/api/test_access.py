"""Scoped keys, route by route: 401 without a key, 403 without the right, 404 for a document of a
collection the key may not read (as for one that does not exist), and answers, searches and
listings drawn from the key's collections only."""

from __future__ import annotations

from collections.abc import Iterator

import httpx
import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from rag.assistant import Assistant
from tests.api.access import DEFAULT_DOC, FINANCE_DOC, HR_DOC, HR_QUESTION, bearer, keys_json, scoped_library
from tests.api.conftest import ask
from tests.api.sse import parse_sse
from tests.api.test_uploads import multipart

NOTE = ("note.md", b"# Note\n\nA note that is never saved.\n")
FORM = multipart(NOTE)
COLLECTION_PART = (b'--b0undary-zephyr\r\nContent-Disposition: form-data; name="collection"\r\n\r\n'
                   b"%s\r\n")


def upload(client: TestClient, who: str, field: bytes | None = None,
           query: str | None = None) -> httpx.Response:
    """POST /documents with NOTE, as `who`, naming a collection in a form field (after the file)
    or in the URL."""
    body = FORM["content"]
    if field is not None:
        end = b"--b0undary-zephyr--"
        body = body.replace(end, COLLECTION_PART % field + end)
    params = {"collection": query} if query is not None else {}
    return client.post("/documents", content=body, params=params,
                       headers={**FORM["headers"], **bearer(who)})


@pytest.fixture(scope="module")
def library(base_settings, embedder, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return scoped_library(base_settings, embedder, tmp_path_factory.mktemp("scoped"))


@pytest.fixture(scope="module")
def client(library: Assistant) -> Iterator[TestClient]:
    with TestClient(create_app(library.settings.replace(api_keys=keys_json()), library)) as c:
        yield c


ROUTES = [("POST", "/chat", ask()), ("POST", "/v1/chat/completions", {"model": "rag", **ask()}),
          ("POST", "/search", {"query": "Avocado"}), ("GET", "/documents", None),
          ("GET", f"/documents/{DEFAULT_DOC}/text", None), ("DELETE", f"/documents/{HR_DOC}", None),
          ("GET", "/documents/jobs/0123", None), ("POST", "/feedback", {"vote": "helpful"})]


@pytest.mark.parametrize(("method", "path", "body"), ROUTES)
def test_every_route_but_healthz_needs_a_configured_key(client: TestClient, method: str, path: str,
                                                        body: dict | None) -> None:
    for headers in ({}, {"Authorization": "Bearer hr-secret"}, {"Authorization": "Bearer x" * 3}):
        response = client.request(method, path, json=body, headers=headers)
        assert response.status_code == 401 and response.json()["detail"], (path, headers)
    assert client.post("/documents", **multipart(NOTE)).status_code == 401
    assert client.get("/healthz").status_code == 200


def paths(client: TestClient, who: str) -> set[str]:
    return {d["path"] for d in client.get("/documents", headers=bearer(who)).json()["documents"]}


def test_each_key_lists_only_its_collections(client: TestClient) -> None:
    assert paths(client, "hr") == {HR_DOC}
    reader = paths(client, "reader")
    assert FINANCE_DOC in reader and DEFAULT_DOC in reader and HR_DOC not in reader
    assert paths(client, "admin") == reader | {HR_DOC}


def test_a_document_of_another_collection_is_404_as_if_missing(client: TestClient) -> None:
    other = client.get(f"/documents/{DEFAULT_DOC}/text", headers=bearer("hr"))
    missing = client.get("/documents/no-such-file.txt/text", headers=bearer("hr"))
    assert other.status_code == missing.status_code == 404
    assert other.json()["detail"] == missing.json()["detail"].replace("no-such-file.txt", DEFAULT_DOC)
    span = client.get(f"/documents/{DEFAULT_DOC}/text", params={"start": 0, "end": 5},
                      headers=bearer("hr"))
    assert span.status_code == 404
    assert client.get(f"/documents/{HR_DOC}/text", headers=bearer("hr")).status_code == 200
    assert client.get(f"/documents/{DEFAULT_DOC}/text", headers=bearer("admin")).status_code == 200


def test_searches_draw_on_the_key_collections_only(client: TestClient) -> None:
    hr = client.post("/search", json={"query": "Meta Avocado Qwen", "top_k": 10},
                     headers=bearer("hr")).json()["results"]
    assert hr and {p["file"] for p in hr} == {HR_DOC}
    reader = client.post("/search", json={"query": HR_QUESTION, "top_k": 10},
                         headers=bearer("reader")).json()["results"]
    assert reader and HR_DOC not in {p["file"] for p in reader}


def cited(answer: dict) -> set[str]:
    return {c["file"] for c in answer["citations"]}


def test_answers_cite_the_key_collections_only(client: TestClient) -> None:
    hr = client.post("/chat", json=ask(HR_QUESTION), headers=bearer("hr")).json()
    assert not hr["abstained"] and cited(hr) == {HR_DOC} and "27" in hr["answer"], hr
    reader = client.post("/chat", json=ask(HR_QUESTION), headers=bearer("reader")).json()
    assert HR_DOC not in cited(reader) and "27 days" not in reader["answer"], reader
    off_limits = client.post("/chat", json=ask(), headers=bearer("hr")).json()
    assert cited(off_limits) <= {HR_DOC} and "Qwen" not in off_limits["answer"], off_limits
    completion = client.post("/v1/chat/completions", json={"model": "rag", **ask(HR_QUESTION)},
                             headers=bearer("reader")).json()
    assert HR_DOC not in {c["file"] for c in completion["citations"]}
    stream = client.post("/chat", json=ask(HR_QUESTION, stream=True), headers=bearer("reader"))
    final = [e.json() for e in parse_sse(stream.text) if e.event == "answer"]
    assert len(final) == 1 and HR_DOC not in cited(final[0])
    streamed = client.post("/v1/chat/completions", headers=bearer("hr"),
                           json={"model": "rag", "stream": True, **ask()})
    assert "Qwen" not in streamed.text and DEFAULT_DOC not in streamed.text


def test_a_key_without_upload_rights_gets_403(client: TestClient, library: Assistant) -> None:
    corpus = library.settings.index.corpus_path
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    for who, key_id in (("hr", "hr-bot"), ("reader", "reader")):
        refused = upload(client, who)
        assert refused.status_code == 403, refused.text
        assert refused.json() == {"detail": f"the key {key_id!r} may not upload documents"}
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before


def test_an_upload_only_goes_into_a_collection_the_key_reads(client: TestClient,
                                                             library: Assistant) -> None:
    corpus = library.settings.index.corpus_path
    before = sorted(p.relative_to(corpus) for p in corpus.rglob("*"))
    in_url = upload(client, "editor", query="default")
    assert in_url.status_code == 403 and "'default'" in in_url.json()["detail"]
    bad = upload(client, "editor", b"hr/../x")
    assert bad.status_code == 422 and "one folder name" in bad.json()["detail"]
    for name in (b"default", b"uploads", b"payroll"):
        refused = upload(client, "editor", name)
        assert refused.status_code == 403, refused.text
    twice = upload(client, "editor", b"finance", query="hr")
    assert twice.status_code == 422 and "named twice" in twice.json()["detail"]
    assert sorted(p.relative_to(corpus) for p in corpus.rglob("*")) == before  # no leftovers


def test_deleting_needs_the_right_and_the_collection(client: TestClient, library: Assistant) -> None:
    corpus = library.settings.index.corpus_path
    for path in (HR_DOC, "no/such.md"):  # the right is checked first: existence is not revealed
        refused = client.delete(f"/documents/{path}", headers=bearer("reader"))
        assert refused.status_code == 403 and "may not delete" in refused.json()["detail"]
    outside = client.delete(f"/documents/{DEFAULT_DOC}", headers=bearer("editor"))
    missing = client.delete("/documents/hr/missing.md", headers=bearer("editor"))
    assert outside.status_code == missing.status_code == 404
    assert (corpus / DEFAULT_DOC).exists() and DEFAULT_DOC in paths(client, "admin")

