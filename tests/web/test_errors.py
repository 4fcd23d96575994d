"""What the page does when things go wrong, and with hostile text: the API key form, a busy
server, no network, too large or unreadable uploads, and HTML in answers and documents."""

from __future__ import annotations

import json
from collections.abc import Callable

from playwright.sync_api import Route, expect

from api.app import create_app
from rag.assistant import Assistant
from tests.api.servers import serving
from tests.web.pages import Tab, ask, open_citation

QUESTION = "Which model is Meta's Avocado built on?"


def test_the_key_is_asked_for_once_and_a_wrong_one_is_refused(open_page: Callable[..., Tab],
                                                              assistant: Assistant) -> None:
    settings = assistant.settings.replace(api_key="s3cret")
    with serving(create_app(settings, assistant)) as url:
        page = open_page(url).page
        form = page.locator("#key-dialog")
        expect(form).to_be_visible()  # the document list needed the key at once
        expect(page.locator("#key-error")).to_be_hidden()
        page.fill("#key-input", "guess")
        page.press("#key-input", "Enter")
        expect(page.locator("#key-error")).to_have_text("That key was refused. Check it and try again.")
        expect(form).to_be_visible()
        page.fill("#key-input", "s3cret")
        page.click("#key-form button[type=submit]")
        expect(form).to_be_hidden()
        expect(page.locator("#welcome-documents")).to_have_text("4 documents indexed.")
        assert page.evaluate("() => sessionStorage.getItem('rag.apiKey')") == "s3cret"
        asked = ask(page, QUESTION)
        assert not asked.answer["abstained"]
        assert open_citation(page, asked.node.locator(".cite").first)  # /documents/…/text too

        page.reload()  # the same tab keeps the key
        expect(page.locator("#welcome-documents")).to_have_text("4 documents indexed.")
        expect(form).to_be_hidden()

        other = open_page(url).page  # another tab (context) starts without it; cancelling says why
        expect(other.locator("#key-dialog")).to_be_visible()
        other.click("#key-cancel")
        other.click("#open-documents")
        expect(other.locator("#key-dialog")).to_be_visible()
        other.keyboard.press("Escape")
        expect(other.locator("#documents-status")).to_have_text("This server needs an API key.")


def test_a_busy_server_says_when_to_retry(open_page: Callable[..., Tab], assistant: Assistant) -> None:
    app = create_app(assistant.settings.replace(max_concurrent_generations=1), assistant)
    with serving(app) as url:
        page = open_page(url).page
        app.state.slots.in_use = 1  # every slot taken: the server answers 503 with Retry-After
        page.fill("#question", QUESTION)
        page.press("#question", "Enter")
        error = page.locator("#log .turn.error")
        expect(error).to_contain_text("The server is busy answering other questions. Retry in 1 s.")
        expect(page.locator("#log .pending")).to_have_count(0)
        app.state.slots.in_use = 0
        error.get_by_role("button", name="Retry").click()
        expect(page.locator("#log .turn.error")).to_have_count(0)
        expect(page.locator("#log .turn.assistant .cite")).not_to_have_count(0)
        expect(page.locator("#log .question-text")).to_have_text([QUESTION])  # asked once


def test_retry_after_is_read_from_the_header(open_page: Callable[..., Tab], web_url: str) -> None:
    page = open_page(web_url, locale="fr-FR").page
    page.route("**/chat", lambda route: route.fulfill(
        status=503, headers={"Retry-After": "7"}, json={"detail": "busy"}))
    page.fill("#question", QUESTION)
    page.press("#question", "Enter")
    expect(page.locator("#log .turn.error")).to_contain_text("Réessayez dans 7 s.")


def test_no_network_is_said_plainly(open_page: Callable[..., Tab], web_url: str) -> None:
    page = open_page(web_url).page
    page.route("**/chat", lambda route: route.abort("internetdisconnected"))
    page.fill("#question", QUESTION)
    page.press("#question", "Enter")
    error = page.locator("#log .turn.error")
    expect(error).to_contain_text("Cannot reach the server. Check the connection, then retry.")
    page.unroute("**/chat")
    error.get_by_role("button", name="Retry").click()
    expect(page.locator("#log .turn.assistant .cite")).not_to_have_count(0)


def upload_refused(page, status: int, detail: str) -> None:
    page.route("**/documents", lambda route: route.fulfill(status=status, json={"detail": detail})
               if route.request.method == "POST" else route.continue_())
    if not page.locator("#documents-dialog").is_visible():
        page.click("#open-documents")
    page.set_input_files("#upload-input", files=[
        {"name": "notes.txt", "mimeType": "text/plain", "buffer": b"hello"}])


def test_too_large_and_unreadable_uploads_are_explained(open_page: Callable[..., Tab],
                                                        web_url: str) -> None:
    page = open_page(web_url).page
    upload_refused(page, 413, "notes.txt is 30 MB; the limit is 20 MB")
    expect(page.locator("#upload-status")).to_have_text(
        "Too large for the server: notes.txt is 30 MB; the limit is 20 MB")
    page.unroute("**/documents")
    upload_refused(page, 415, "picture.png: unsupported file type")
    expect(page.locator("#upload-status")).to_have_text(
        "The server cannot read this type of file: picture.png: unsupported file type")


DOCUMENT = "Intro <b>not bold</b>\n<script>alert(1)</script>\n<img src=x onerror=alert(2)> end\n"
HOSTILE = {
    "answer": "<i>note</i> <img src=x onerror=alert(3)> says <b>bold</b> [1]",
    "abstained": False, "language": "en", "generator": "extractive", "timings_ms": {},
    "note": "<i>note</i>",
    "citations": [{"ref": 1, "file": "evil.txt", "start_line": 2, "end_line": 2,
                   "start_char": DOCUMENT.index("<script>"), "end_char": DOCUMENT.index("\n<img"),
                   "quote": "<script>alert(1)</script>", "score": 1.0}],
}


def test_html_in_answers_and_documents_is_shown_as_text(open_page: Callable[..., Tab],
                                                        web_url: str) -> None:
    """A model or a document saying `<script>` or `<img onerror>` must show those characters and
    run nothing (the page builds text nodes; the CSP is the second line of defence)."""
    tab = open_page(web_url)
    page = tab.page
    stream = (f"event: delta\ndata: {json.dumps({'text': '<img src=x onerror=alert(4)> draft'})}\n\n"
              f"event: answer\ndata: {json.dumps(HOSTILE)}\n\n")

    def text(route: Route) -> None:
        route.fulfill(json={"file": "evil.txt", "sha256": "0" * 64, "format": "txt",
                            "length": len(DOCUMENT), "start_char": 0, "end_char": len(DOCUMENT),
                            "start_line": 1, "end_line": 3, "text": DOCUMENT})

    page.route("**/chat", lambda route: route.fulfill(
        status=200, headers={"Content-Type": "text/event-stream"}, body=stream))
    page.route("**/documents/evil.txt/text", text)
    page.fill("#question", "<b>question</b>")
    page.press("#question", "Enter")
    answer = page.locator("#log .turn.assistant:not(.pending)")
    expect(answer.locator(".note")).to_have_text("<i>note</i>")
    expect(answer.locator(".answer-text")).to_have_text("<img src=x onerror=alert(3)> says <b>bold</b> 1")
    expect(page.locator("#log .question-text")).to_have_text("<b>question</b>")
    assert open_citation(page, answer.locator(".cite")) == "<script>alert(1)</script>"
    assert page.locator("#source-text").evaluate("n => n.textContent") == DOCUMENT
    page.wait_for_timeout(300)  # an injected onerror would fire by now
    for selector in ("#log img", "#log b", "#log i", "#source script", "#source img", "#source b"):
        expect(page.locator(selector)).to_have_count(0)
    assert tab.dialogs == []
