"""Real uvicorn servers on 127.0.0.1, each in a thread of the test process.

A thread (not a subprocess) lets a test serve an app built around the session's already-indexed
assistant; uvicorn skips signal handling off the main thread, and `should_exit` stops it cleanly.
"""

from __future__ import annotations

import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager

import uvicorn
from starlette.types import ASGIApp

from tests.conftest import free_port

START_TIMEOUT_S = 60


@contextmanager
def serving(app: ASGIApp) -> Iterator[str]:
    """Run `app` (lifespan included) until the block ends; yields its base URL."""
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(app, host="127.0.0.1", port=port, log_level="warning",
                                           lifespan="auto", timeout_graceful_shutdown=5))
    thread = threading.Thread(target=server.run, name=f"uvicorn-{port}", daemon=True)
    thread.start()
    deadline = time.monotonic() + START_TIMEOUT_S
    while not server.started:
        if not thread.is_alive() or time.monotonic() > deadline:
            raise RuntimeError(f"uvicorn did not start on port {port}")
        time.sleep(0.02)
    try:
        yield f"http://127.0.0.1:{port}"
    finally:
        server.should_exit = True
        thread.join(15)
