"""Uploads with scoped keys, through indexing: where a file goes, who sees the job, and what its
report shows to a key that may not read every collection."""

from __future__ import annotations

from collections.abc import Iterator

import pytest
from fastapi.testclient import TestClient

from api.app import create_app
from rag.assistant import Assistant
from tests.api.access import bearer, keys_json, scoped_library
from tests.api.test_uploads import finished, multipart

pytestmark = pytest.mark.slow

PROBE = ("probe.md", b"# Probe\n\nThe Kestrel probe is painted orange.\n")


@pytest.fixture(scope="module")
def library(base_settings, embedder, tmp_path_factory: pytest.TempPathFactory) -> Assistant:
    return scoped_library(base_settings, embedder, tmp_path_factory.mktemp("scoped-uploads"))


@pytest.fixture(scope="module")
def client(library: Assistant) -> Iterator[TestClient]:
    with TestClient(create_app(library.settings.replace(api_keys=keys_json()), library)) as c:
        yield c


def send(client: TestClient, who: str, collection: str | None = None) -> dict:
    form = multipart(PROBE)
    body = form["content"]
    if collection is not None:
        field = (b'--b0undary-zephyr\r\nContent-Disposition: form-data; name="collection"\r\n\r\n'
                 + collection.encode() + b"\r\n")
        body = field + body  # before the file this time
    response = client.post("/documents", content=body, headers={**form["headers"], **bearer(who)})
    assert response.status_code == 202, response.text
    return response.json()


def listed(client: TestClient, who: str) -> set[str]:
    return {d["path"] for d in client.get("/documents", headers=bearer(who)).json()["documents"]}


def test_uploads_go_into_the_named_or_first_collection(client: TestClient,
                                                       library: Assistant) -> None:
    corpus = library.settings.index.corpus_path
    (corpus / "extra.md").write_text("# Extra\n\nA file added to the top folder by hand.\n")
    first = send(client, "editor")  # no collection named: the editor's first, hr
    assert first["files"] == ["hr/probe.md"] and (corpus / "hr" / "probe.md").exists()
    job = first["job"]
    assert client.get(f"/documents/jobs/{job}", headers=bearer("hr")).status_code == 404
    as_admin = finished(TestClient(client.app, headers=bearer("admin")), job)
    assert as_admin["state"] == "done" and set(as_admin["added"]) == {"hr/probe.md", "extra.md"}
    as_editor = client.get(f"/documents/jobs/{job}", headers=bearer("editor")).json()
    assert as_editor["added"] == ["hr/probe.md"]  # the default collection's file is not its to see
    assert "hr/probe.md" in listed(client, "hr") and "hr/probe.md" not in listed(client, "reader")

    second = send(client, "editor", "finance")
    assert second["files"] == ["finance/probe.md"]
    third = send(client, "admin")
    assert third["files"] == ["uploads/probe.md"]
    for accepted, who in ((second, "editor"), (third, "admin")):
        done = finished(TestClient(client.app, headers=bearer(who)), accepted["job"])
        assert done["state"] == "done", done
    assert {"finance/probe.md", "uploads/probe.md"} <= listed(client, "admin")
    assert "finance/probe.md" in listed(client, "reader")

    for path in ("hr/probe.md", "finance/probe.md"):
        assert client.delete(f"/documents/{path}", headers=bearer("editor")).status_code == 200
    assert client.delete("/documents/uploads/probe.md", headers=bearer("editor")).status_code == 404
    assert client.delete("/documents/uploads/probe.md", headers=bearer("admin")).status_code == 200
    assert not {"hr/probe.md", "finance/probe.md", "uploads/probe.md"} & listed(client, "admin")
