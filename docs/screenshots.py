"""Take the README's screenshots of the web page: `python docs/screenshots.py [--url URL]`.

Without `--url` it serves the app itself, over the seed corpus (`corpus/`) in a temporary index,
answered by the extractive generator (indexing first takes about ten seconds); with `--url` it
uses a running `rag serve`. It drives the Debian Chromium (`/usr/bin/chromium`) headless and
writes, next to this file:

- `screenshot-en.png`: a conversation in the English interface, a citation's source open;
- `screenshot-zh.png`: the Chinese interface and a question in Chinese;
- `screenshot-phone.png`: a 375 px wide screen (Indonesian), the answer and its source below it.
"""

from __future__ import annotations

import argparse
import tempfile
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path

from playwright.sync_api import Page, sync_playwright

DOCS = Path(__file__).resolve().parent
ROOT = DOCS.parent
CHROMIUM = "/usr/bin/chromium"


@contextmanager
def serving_corpus() -> Iterator[str]:
    """The app over a fresh index of corpus/, on a free port, until the block ends."""
    import socket

    import uvicorn

    from api.app import create_app
    from rag import Settings

    with tempfile.TemporaryDirectory() as index, socket.socket() as probe:
        probe.bind(("127.0.0.1", 0))
        port = probe.getsockname()[1]
        probe.close()
        settings = Settings(corpus_path=ROOT / "corpus", index_path=Path(index),
                            generator="extractive", api_key=None)
        server = uvicorn.Server(uvicorn.Config(create_app(settings), host="127.0.0.1", port=port,
                                               log_level="warning"))
        thread = threading.Thread(target=server.run, daemon=True)
        thread.start()
        while not server.started:  # start-up indexes the corpus and loads the embedder
            if not thread.is_alive():
                raise SystemExit("the server did not start")
            time.sleep(0.1)
        try:
            yield f"http://127.0.0.1:{port}"
        finally:
            server.should_exit = True
            thread.join(15)


def ask(page: Page, question: str) -> None:
    settled = page.locator("#log .turn.assistant:not(.pending)")
    before = settled.count()
    page.fill("#question", question)
    page.press("#question", "Enter")
    page.wait_for_function(
        "n => document.querySelectorAll('#log .turn.assistant:not(.pending)').length > n", arg=before,
        timeout=60_000)


def open_last_citation(page: Page) -> None:
    page.locator("#log .turn.assistant").last.locator(".answer-text .cite").first.click()
    page.wait_for_selector("#source[data-state=shown] mark")


def shoot(page: Page, name: str, **options: object) -> None:
    path = DOCS / name
    page.wait_for_timeout(300)  # let the scrolling settle
    page.screenshot(path=str(path), **options)
    print(f"{path.relative_to(ROOT)}: {path.stat().st_size // 1024} KB")


def take(url: str) -> None:
    with sync_playwright() as playwright:
        browser = playwright.chromium.launch(executable_path=CHROMIUM, args=["--no-sandbox"])

        english = browser.new_page(locale="en-US", viewport={"width": 1280, "height": 800})
        english.goto(f"{url}/")
        ask(english, "Quand Avocado doit-il être lancé ?")  # an earlier conversation, in the list
        english.click("#new-conversation")
        ask(english, "Which model is Meta's Avocado built on?")
        ask(english, "How much did Meta invest in Scale AI?")
        open_last_citation(english)
        english.locator("#log").evaluate("log => log.scrollTo(0, log.scrollHeight)")
        shoot(english, "screenshot-en.png")

        chinese = browser.new_page(locale="zh-CN", viewport={"width": 1280, "height": 800})
        chinese.goto(f"{url}/")
        ask(chinese, "Meta 的 Avocado 模型是基于什么模型?")
        open_last_citation(chinese)
        shoot(chinese, "screenshot-zh.png")

        phone = browser.new_page(locale="id-ID", viewport={"width": 375, "height": 812},
                                 device_scale_factor=2, is_mobile=True, has_touch=True)
        phone.goto(f"{url}/")
        ask(phone, "Berapa investasi Meta di Scale AI?")
        open_last_citation(phone)
        # The end of the answer, the question box, and the source opened below them.
        phone.evaluate("() => window.scrollTo(0, document.querySelector('#source').offsetTop - 330)")
        shoot(phone, "screenshot-phone.png", scale="css")  # 375 px wide, as on the phone
        browser.close()


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--url", help="a running `rag serve` (default: serve corpus/ here)")
    url = parser.parse_args().url
    if url:
        take(url.rstrip("/"))
    else:
        with serving_corpus() as served:
            take(served)


if __name__ == "__main__":
    main()
