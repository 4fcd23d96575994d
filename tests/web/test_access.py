"""A scoped key in the browser: the page lists, searches and cites only the key's collections, and a
rate limit or a missing right is explained in words, not as a failure."""

from __future__ import annotations

from collections.abc import Callable
from pathlib import Path

import pytest
from playwright.sync_api import expect

from api.app import create_app
from tests.api.access import HR_DOC, HR_QUESTION, SECRETS, keys_json, scoped_library
from tests.api.servers import serving
from tests.web.pages import Tab, ask


@pytest.fixture(scope="module")
def library(base_settings, embedder, tmp_path_factory: pytest.TempPathFactory):
    return scoped_library(base_settings, embedder, tmp_path_factory.mktemp("web-access"))


def _enter_key(page, who: str) -> None:
    expect(page.locator("#key-dialog")).to_be_visible()
    page.fill("#key-input", SECRETS[who])
    page.press("#key-input", "Enter")
    expect(page.locator("#key-dialog")).to_be_hidden()


def test_a_scoped_key_sees_and_cites_only_its_collections(open_page: Callable[..., Tab],
                                                          library, tmp_path: Path) -> None:
    settings = library.settings.replace(api_keys=keys_json(reader="2/minute"))
    with serving(create_app(settings, library)) as url:
        page = open_page(url).page
        _enter_key(page, "reader")
        page.click("#open-documents")
        # The seed articles (default) and the budget (finance), not the leave policy (hr).
        expect(page.locator("#document-list .document")).to_have_count(5)
        names = page.locator("#document-list .document-name").all_inner_texts()
        assert HR_DOC not in names and "finance/budget.md" in names
        note = tmp_path / "note.txt"
        note.write_text("A note the reader key may not add.\n", encoding="utf-8")
        page.set_input_files("#upload-input", note)  # no upload right: refused, and said why
        expect(page.locator("#upload-status")).to_contain_text("This key may not do that")
        page.click("#documents-close")
        asked = ask(page, HR_QUESTION)
        assert HR_DOC not in {c["file"] for c in asked.answer["citations"]}
        assert HR_DOC not in asked.node.inner_text() and "27 days" not in asked.node.inner_text()
        ask(page, "What is the Orbisoft travel budget for 2027?")
        # The third question in a minute is over the key's rate: said so, with when to retry.
        page.fill("#question", "And in 2028?")
        page.press("#question", "Enter")
        error = page.locator("#log .turn.error").last
        expect(error).to_contain_text("Too many questions for this key. Retry in")
