"""The documents panel in a real browser: the list, uploading a file (the indexing job followed to
its end), asking about it, and deleting it again. Uploads change the index, so these run against a
copy of the corpus in a temporary folder and an index of their own."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import httpx
import pytest
from playwright.sync_api import Page, expect

from api.app import create_app
from tests.api.servers import serving
from tests.web.pages import Tab, ask, check_every_citation

PAPAYA = (
    "Project Papaya: internal notes 🥑🥭\n\n"
    "The web team pasted this into the launch page by mistake: <script>alert(1)</script>\n\n"
    "Project Papaya is built on the Mango flight engine, written in Rust by the drone team.\n"
    "Project Papaya will launch in Surabaya in March 2027.\n"
)
"""Emoji before the cited sentence: the server counts code points and JavaScript UTF-16 units,
so the highlight is only right if the page converts the offsets."""
QUESTION = "What engine is Project Papaya built on?"


def test_the_panel_lists_the_indexed_files(open_page: Callable[..., Tab], web_url: str) -> None:
    page = open_page(web_url).page
    listed = httpx.get(f"{web_url}/documents").json()["documents"]
    page.click("#open-documents")
    items = page.locator("#document-list .document")
    expect(items).to_have_count(len(listed))
    for document in listed:
        item = items.filter(has=page.locator(f'.document-name:text-is("{document["path"]}")'))
        expect(item).to_contain_text(f"{document['chunks']} passages")
    page.click("#documents-close")
    expect(page.locator("#documents-dialog")).to_be_hidden()
    expect(page.locator("#welcome-documents")).to_have_text(f"{len(listed)} documents indexed.")


@pytest.fixture
def library_url(make_assistant, corpus_copy: Path) -> Iterator[str]:
    """A server over a temporary copy of the corpus, indexed afresh (the shared index is left as
    it is)."""
    assistant = make_assistant(corpus_path=corpus_copy)
    assistant.index()
    with serving(create_app(assistant.settings, assistant)) as url:
        yield url


def documents(page: Page) -> list[str]:
    return page.locator("#document-list .document-name").all_inner_texts()


@pytest.mark.slow
def test_upload_ask_and_delete(open_page: Callable[..., Tab], library_url: str, tmp_path: Path) -> None:
    tab = open_page(library_url)
    page = tab.page
    page.click("#open-documents")
    expect(page.locator("#document-list .document")).to_have_count(4)
    picture = tmp_path / "picture.png"  # a type no reader takes: refused, nothing saved
    picture.write_bytes(b"\x89PNG\r\n\x1a\n" + bytes(64))
    page.set_input_files("#upload-input", picture)
    status = page.locator("#upload-status")
    expect(status).to_contain_text("The server cannot read this type of file")
    expect(page.locator("#document-list .document")).to_have_count(4)

    polled: list[str] = []
    page.on("request", lambda r: polled.append(r.url) if "/documents/jobs/" in r.url else None)
    upload = tmp_path / "papaya.txt"
    upload.write_text(PAPAYA, encoding="utf-8")
    page.set_input_files("#upload-input", upload)
    expect(status).to_contain_text("Indexed: 1 added, 0 updated", timeout=60_000)
    expect(page.locator("#document-list .document")).to_have_count(5)
    assert polled  # the job was followed until it was done
    path = next(name for name in documents(page) if name.endswith("papaya.txt"))
    page.click("#documents-close")

    asked = ask(page, QUESTION)
    assert not asked.answer["abstained"]
    assert {c["file"] for c in asked.answer["citations"]} == {path}
    check_every_citation(page, asked)  # the highlight is right after the emoji
    assert "Mango flight engine" in page.locator("#source-text mark").inner_text()
    # The document's own `<script>` is text on the page, and nothing ran.
    assert "<script>alert(1)</script>" in page.locator("#source-text").evaluate("n => n.textContent")
    expect(page.locator("#source script")).to_have_count(0)
    assert tab.dialogs == []

    page.click("#open-documents")
    page.get_by_role("button", name=f"Delete {path}").click()
    expect(page.locator("#document-list .confirm-text")).to_have_text(f"Delete {path} from the index?")
    expect(page.get_by_role("button", name="Cancel")).to_be_focused()  # the safe choice first
    # A fresh list (here: the panel closed and opened again) keeps the question open.
    page.click("#documents-close")
    with page.expect_response(lambda r: r.url.endswith("/documents") and r.request.method == "GET"):
        page.click("#open-documents")
    page.wait_for_timeout(100)  # the list is rendered from that response
    expect(page.locator("#document-list .document")).to_have_count(5)
    expect(page.locator("#document-list .confirm-text")).to_have_text(f"Delete {path} from the index?")
    page.get_by_role("button", name="Cancel").click()
    expect(page.locator("#document-list .confirm-text")).to_have_count(0)
    expect(page.locator("#document-list .document")).to_have_count(5)
    page.get_by_role("button", name=f"Delete {path}").click()
    page.locator("#document-list .confirm-delete").click()
    expect(status).to_have_text(f"{path} was deleted.")
    expect(page.locator("#document-list .document")).to_have_count(4)
    page.click("#documents-close")

    page.click("#new-conversation")
    again = ask(page, QUESTION)
    assert again.answer["abstained"] and again.answer["citations"] == []
    expect(again.node).to_have_class("turn assistant abstained")
    # The earlier answer's source is gone, and says so.
    page.locator("#history-list .history-open").nth(1).click()
    page.locator("#log .answer-text .cite").first.click()
    expect(page.locator("#source")).to_have_attribute("data-state", "failed")
    expect(page.locator("#source-status")).to_have_text("This document is no longer indexed.")
