"""Asking on the page in a real browser: streamed drafts, settled cited answers, every citation's
highlighted passage, follow-ups with their history, abstentions, saved conversations, feedback."""

from __future__ import annotations

import json
import os
from collections.abc import Callable

import pytest
from playwright.sync_api import Route, expect

from api.app import create_app
from rag.assistant import Assistant
from tests.api.conftest import LLM_QUESTION, UNANSWERABLE
from tests.api.servers import serving
from tests.documents import folder_with_backup_table
from tests.web.pages import Tab, ask, check_every_citation, open_citation, timings

QUESTIONS = {
    "en": "Which model is Meta's Avocado built on?",
    "id": "Berapa investasi Meta di Scale AI?",
    "zh": "Meta 的 Avocado 模型是基于什么模型?",
    "fr": "Quand Avocado doit-il être lancé ?",
}
LOCALES = {"en": "en-US", "id": "id-ID", "zh": "zh-CN", "fr": "fr-FR"}
UI_SEND = {"en": "Send", "id": "Kirim", "zh": "发送", "fr": "Envoyer"}


@pytest.mark.parametrize("language", QUESTIONS)
def test_every_citation_highlights_exactly_its_quote(open_page: Callable[..., Tab], web_url: str,
                                                     language: str) -> None:
    tab = open_page(web_url, locale=LOCALES[language])
    page = tab.page
    expect(page.locator("#send")).to_have_text(UI_SEND[language])  # the interface's own language
    asked = ask(page, QUESTIONS[language])
    answer = asked.answer
    assert not answer["abstained"] and answer["citations"]
    assert check_every_citation(page, asked) == len(answer["citations"])
    # The list under the answer: file, lines and quote of each citation.
    items = asked.node.locator(".citations li")
    expect(items).to_have_count(len(answer["citations"]))
    for item, citation in zip(items.all(), answer["citations"], strict=True):
        expect(item.locator(".file")).to_have_text(citation["file"])
        assert str(citation["start_line"]) in item.locator(".where").inner_text()
        assert item.locator(".quote").evaluate("q => q.textContent") == citation["quote"]
    # A note (the quotes are in another language) is shown apart from the answer's own text.
    text = asked.node.locator(".answer-text").evaluate("p => p.textContent")
    if answer["note"]:
        expect(asked.node.locator(".note")).to_have_text(answer["note"])
        assert not text.startswith(answer["note"])
    else:
        expect(asked.node.locator(".note")).to_have_count(0)
    plain = answer["answer"].removeprefix(answer["note"] or "").strip()
    assert text == plain.replace("[", "").replace("]", "")  # markers became numbered buttons
    print(f"\n[web timing] extractive, {language}: {timings(page)} ms "
          f"(first streamed text, settled answer; server total {answer['timings_ms'].get('total')} ms)")


@pytest.mark.slow
def test_the_draft_streams_in_before_the_verified_answer(open_page: Callable[..., Tab], slow_llm,
                                                         llm_assistant) -> None:
    """A slow LLM writes its reply in six pieces, half a second apart: the page shows the draft
    growing as plain text, then replaces it with the settled answer and its citations."""
    backed = llm_assistant(slow_llm)
    with serving(create_app(backed.settings, backed)) as url:
        page = open_page(url, locale="id-ID").page
        page.fill("#question", LLM_QUESTION)
        page.press("#question", "Enter")
        draft = page.locator("#log .pending .draft")
        expect(draft).not_to_have_text("")
        first = draft.inner_text()
        expect(page.locator("#log .pending .writing")).to_be_visible()
        expect(page.locator("#send")).to_have_text("Hentikan")  # Stop, while it is being written
        page.wait_for_function("n => { const d = document.querySelector('#log .pending .draft');"
                               " return d && d.textContent.length > n; }", arg=len(first))
        settled = page.locator("#log .turn.assistant:not(.pending)")
        expect(settled).to_have_count(1, timeout=30_000)
        expect(page.locator("#log .pending")).to_have_count(0)
        assert settled.locator(".answer-text button.cite").count() >= 1
        assert open_citation(page, settled.locator(".answer-text button.cite").first)
        measured = timings(page)
        assert 0 < measured["first-text"] < measured["answer"]
        print(f"\n[web timing] slow test LLM (6 pieces, 0.5 s apart): {measured} ms")


def test_a_follow_up_sends_the_history(open_page: Callable[..., Tab], web_url: str) -> None:
    page = open_page(web_url).page
    first = ask(page, QUESTIONS["en"])
    follow_up = ask(page, "When will it launch?")
    assert follow_up.request["stream"] is True
    assert follow_up.request["messages"] == [
        {"role": "user", "content": QUESTIONS["en"]},
        {"role": "assistant", "content": first.answer["answer"]},
        {"role": "user", "content": "When will it launch?"},
    ]
    # Alone, "When will it launch?" is an abstention; with the history it is answered and cited.
    assert not follow_up.answer["abstained"] and follow_up.answer["citations"]
    check_every_citation(page, follow_up)


def test_an_abstention_is_calm_not_an_error(open_page: Callable[..., Tab], web_url: str) -> None:
    page = open_page(web_url).page
    asked = ask(page, UNANSWERABLE)
    assert asked.answer["abstained"]
    expect(asked.node).to_have_class("turn assistant abstained")
    expect(asked.node.locator(".abstained-label")).to_contain_text("Not in the documents")
    expect(asked.node.locator(".answer-text")).to_have_text(asked.answer["answer"])
    expect(page.locator("#log .error")).to_have_count(0)


def test_conversations_are_kept_reopened_and_deleted(open_page: Callable[..., Tab],
                                                     web_url: str) -> None:
    page = open_page(web_url).page
    ask(page, QUESTIONS["fr"])
    page.reload()  # the address names the conversation: it comes back as it was
    expect(page.locator("#log .question-text")).to_have_text(QUESTIONS["fr"])
    expect(page.locator("#log .turn.assistant .cite")).not_to_have_count(0)

    page.click("#new-conversation")
    expect(page.locator("#log .turn")).to_have_count(0)
    expect(page.locator("#welcome")).to_be_visible()
    expect(page.locator("#question")).to_be_focused()
    ask(page, QUESTIONS["id"])
    entries = page.locator("#history-list .history-open")
    expect(entries).to_have_text([QUESTIONS["id"], QUESTIONS["fr"]])  # most recent first

    entries.filter(has_text=QUESTIONS["fr"]).click()
    expect(page.locator("#log .question-text")).to_have_text(QUESTIONS["fr"])
    cite = page.locator("#log .turn.assistant .answer-text .cite").first
    assert open_citation(page, cite)  # a reopened answer's sources still open

    page.get_by_role("button", name=f"Delete conversation “{QUESTIONS['fr']}”").click()
    expect(entries).to_have_text([QUESTIONS["id"]])
    expect(page.locator("#log .turn")).to_have_count(0)  # it was the open one
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('rag.conversations'))")
    assert [c["title"] for c in stored] == [QUESTIONS["id"]]


def test_feedback_is_posted_with_its_answer(open_page: Callable[..., Tab], web_url: str) -> None:
    page = open_page(web_url).page
    asked = ask(page, QUESTIONS["en"])
    posted: list[dict] = []

    def record(route: Route) -> None:
        posted.append(route.request.post_data_json)
        route.continue_()

    page.route("**/feedback", record)
    with page.expect_response("**/feedback") as helpful:
        asked.node.get_by_role("button", name="Helpful", exact=True).click()
    assert helpful.value.status == 204
    expect(asked.node.locator(".feedback-status")).to_have_text("Thank you for the feedback.")
    helpful_button = asked.node.get_by_role("button", name="Helpful", exact=True)
    expect(helpful_button).to_have_attribute("aria-pressed", "true")

    asked.node.get_by_role("button", name="Not helpful").click()
    reason = asked.node.get_by_label("What was wrong? (optional)")
    expect(reason).to_be_focused()
    reason.fill("It quoted Indonesian")
    with page.expect_response("**/feedback") as not_helpful:
        reason.press("Enter")
    assert not_helpful.value.status == 204
    stored = page.evaluate("() => JSON.parse(localStorage.getItem('rag.conversations'))")
    request_id = stored[0]["turns"][1]["requestId"]
    assert request_id
    common = {"question": QUESTIONS["en"], "answer": asked.answer["answer"], "request_id": request_id}
    assert posted == [{"vote": "helpful", **common},
                      {"vote": "not_helpful", "reason": "It quoted Indonesian", **common}]


def test_keyboard_only_and_a_phone_screen(open_page: Callable[..., Tab], web_url: str) -> None:
    """At 375 px nothing overflows sideways, the source opens below the chat, and every step is
    reachable with Tab and Enter; Escape closes the source and gives focus back to the citation."""
    page = open_page(web_url, width=375, height=740).page
    asked = ask(page, QUESTIONS["zh"])
    expect(page.locator("#log")).to_have_attribute("aria-live", "polite")
    page.focus("#question")
    for _ in range(40):
        page.keyboard.press("Shift+Tab")
        if page.evaluate("() => document.activeElement.matches('.answer-text .cite')"):
            break
    else:
        pytest.fail("no citation button reachable with the keyboard")
    pressed = page.evaluate("() => document.activeElement.dataset.ref")
    page.keyboard.press("Enter")
    source = page.locator("#source")
    expect(source).to_have_attribute("data-state", "shown")
    expect(page.locator("#source-title")).to_be_focused()
    assert source.bounding_box()["y"] > page.locator("#composer").bounding_box()["y"]  # below the chat
    assert page.evaluate("() => document.documentElement.scrollWidth") <= 375
    page.keyboard.press("Escape")
    expect(source).to_be_hidden()
    assert page.evaluate("() => document.activeElement.matches('.answer-text .cite')")
    assert page.evaluate("() => document.activeElement.dataset.ref") == pressed
    assert pressed in {str(c["ref"]) for c in asked.answer["citations"]}
    # The conversation list is a drop-down here, opened and closed from the keyboard too.
    history = page.locator("#history")
    expect(history).to_be_hidden()
    page.click("#history-toggle")
    expect(history).to_be_visible()
    expect(page.locator("#history-list .history-open")).to_be_focused()
    page.keyboard.press("Escape")
    expect(history).to_be_hidden()
    expect(page.locator("#history-toggle")).to_be_focused()


@pytest.mark.slow
@pytest.mark.skipif(os.environ.get("RAG_WEB_TIMING_LLAMA") != "1",
                    reason="set RAG_WEB_TIMING_LLAMA=1 to time the page with the local llama model")
def test_timing_with_the_llama_generator(open_page: Callable[..., Tab], assistant: Assistant,
                                         embedder) -> None:
    """Not a test of speed: prints the first streamed character and the settled answer, on the
    page, with the default generator (the bundled Qwen; loaded before the question)."""
    llama = Assistant(assistant.settings.replace(generator="llama"), store=assistant.store,
                      embedder=embedder)
    with serving(create_app(llama.settings, llama)) as url:
        page = open_page(url).page
        for question in (QUESTIONS["en"], QUESTIONS["fr"]):
            asked = ask(page, question)
            print(f"\n[web timing] llama: {question!r}: {timings(page)} ms, generator "
                  f"{asked.answer['generator']}, server {json.dumps(asked.answer['timings_ms'])}")


def test_a_cited_table_row_shows_its_column_names(open_page: Callable[..., Tab], make_assistant,
                                                  tmp_path) -> None:
    assistant: Assistant = make_assistant(corpus_path=folder_with_backup_table(tmp_path))
    assistant.index()
    with serving(create_app(assistant.settings, assistant)) as url:
        page = open_page(url).page
        asked = ask(page, "How long are snapshots kept for?")
        assert [c["quote"] for c in asked.answer["citations"]] == ["| Snapshot | 04:00 | 8 weeks |"]
        item = asked.node.locator(".citations li").first
        expect(item.locator(".columns")).to_have_text("| Job | Runs at | Kept for |")
        assert item.locator(".quote").evaluate("q => q.textContent") == "| Snapshot | 04:00 | 8 weeks |"
        assert check_every_citation(page, asked) == 1  # the passage still opens on the row itself
