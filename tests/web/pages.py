"""What a person does on the chat page, as test steps: ask, read the answer, open each source.

The answer's JSON is taken from the `/chat` response the page received (parsed with the tests' own
SSE parser), so the page is checked against what the server really sent.
"""

from __future__ import annotations

from dataclasses import dataclass, field
from typing import Any

from playwright.sync_api import ConsoleMessage, Dialog, Locator, Page, expect

from tests.api.sse import parse_sse

SETTLED = "#log .turn.assistant:not(.pending)"
TIMEOUT_MS = 30_000


@dataclass
class Tab:
    """A page with what it did that a test should know about: dialogs (alert, confirm) that were
    opened, and JavaScript errors or Content-Security-Policy violations."""

    page: Page
    dialogs: list[str] = field(default_factory=list)
    errors: list[str] = field(default_factory=list)

    def __post_init__(self) -> None:
        self.page.set_default_timeout(TIMEOUT_MS)
        self.page.on("pageerror", lambda error: self.errors.append(str(error)))
        self.page.on("console", self._console)
        self.page.on("dialog", self._dialog)

    def _console(self, message: ConsoleMessage) -> None:
        if "Content Security Policy" in message.text:
            self.errors.append(message.text)

    def _dialog(self, dialog: Dialog) -> None:
        self.dialogs.append(f"{dialog.type}: {dialog.message}")
        dialog.dismiss()


@dataclass
class Asked:
    answer: dict[str, Any]
    """The Answer JSON the server sent in its `answer` event."""
    request: dict[str, Any]
    """The JSON body the page posted to /chat."""
    node: Locator
    """The settled answer on the page."""
    deltas: list[str]


def ask(page: Page, question: str) -> Asked:
    """Type the question, press Enter, and wait for the settled answer."""
    settled = page.locator(SETTLED).count()
    with page.expect_response(lambda r: r.url.endswith("/chat") and r.request.method == "POST") as info:
        page.fill("#question", question)
        page.press("#question", "Enter")
    response = info.value
    events = parse_sse(response.text())
    answers = [e.json() for e in events if e.event == "answer"]
    assert len(answers) == 1, [e.event for e in events]
    expect(page.locator(SETTLED)).to_have_count(settled + 1)
    return Asked(answer=answers[0], request=response.request.post_data_json,
                 node=page.locator(SETTLED).nth(settled),
                 deltas=[e.json()["text"] for e in events if e.event == "delta"])


def open_citation(page: Page, button: Locator) -> str:
    """Click a citation and return the highlighted text once the document is shown."""
    button.click()
    panel = page.locator("#source")
    expect(panel).to_have_attribute("data-state", "shown")
    mark = panel.locator("mark")
    expect(mark).to_have_count(1)
    expect(mark).to_be_in_viewport()  # scrolled to the passage
    return mark.evaluate("m => m.textContent")


def check_every_citation(page: Page, asked: Asked) -> int:
    """Click each [n] of the answer: the source panel names its file and highlights exactly its
    quote. Returns how many were checked; every citation of the answer must have been one."""
    citations = {c["ref"]: c for c in asked.answer["citations"]}
    buttons = asked.node.locator(".answer-text button.cite")
    seen = set()
    for n in range(buttons.count()):
        button = buttons.nth(n)
        citation = citations[int(button.get_attribute("data-ref") or 0)]
        assert open_citation(page, button) == citation["quote"]
        expect(page.locator("#source-title")).to_have_text(citation["file"])
        expect(page.locator("#source-status")).to_have_text("")  # found at the cited offsets
        seen.add(citation["ref"])
    assert seen == set(citations), f"citations without a button: {set(citations) - seen}"
    return len(seen)


def timings(page: Page) -> dict[str, float]:
    """The page's own measures of the last question: to the first streamed text, to the answer."""
    return page.evaluate("""() => Object.fromEntries(performance.getEntriesByType('measure')
        .filter(m => m.name.startsWith('rag:')).map(m => [m.name.slice(4), Math.round(m.duration)]))""")
