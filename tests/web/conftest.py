"""Browser fixtures: headless Debian Chromium driven by Playwright, against real uvicorn servers
around the session's indexed assistant (extractive generator: answers in well under a second)."""

from __future__ import annotations

from collections.abc import Callable, Iterator
from pathlib import Path

import pytest
from playwright.sync_api import Browser, sync_playwright

from api.app import create_app
from rag.assistant import Assistant
from tests.api.conftest import llm_assistant, slow_llm  # noqa: F401  (fixtures used here too)
from tests.api.servers import serving
from tests.web.pages import Tab

CHROMIUM = Path("/usr/bin/chromium")


@pytest.fixture(scope="module")
def browser() -> Iterator[Browser]:
    """One browser per module (not per session, so it never outlives the tests that use it)."""
    if not CHROMIUM.exists():
        pytest.skip("no Chromium at /usr/bin/chromium (apt-get install chromium)")
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=str(CHROMIUM), args=["--no-sandbox"])
        yield browser
        browser.close()


@pytest.fixture(scope="session")
def web_url(assistant: Assistant) -> Iterator[str]:
    """The page and the API over the seed corpus, answered by the extractive generator."""
    assert assistant.settings.answer.generator == "extractive"
    with serving(create_app(assistant.settings, assistant)) as url:
        yield url


@pytest.fixture
def open_page(browser: Browser) -> Iterator[Callable[..., Tab]]:
    """`open_page(url, locale="en-US", width=1280)`: a fresh browser context (its own storage) on
    the page. At the end, no test may have left a JavaScript error or a CSP violation behind."""
    tabs: list[Tab] = []

    def make(url: str, locale: str = "en-US", width: int = 1280, height: int = 800) -> Tab:
        context = browser.new_context(locale=locale, viewport={"width": width, "height": height})
        tab = Tab(context.new_page())
        tabs.append(tab)
        tab.page.goto(f"{url}/")
        return tab

    yield make
    for tab in tabs:
        tab.page.context.close()
    for tab in tabs:
        assert tab.errors == [], f"JavaScript errors or CSP violations: {tab.errors}"
