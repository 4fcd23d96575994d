"""Server-sent events over the library's synchronous answer stream.

`Pipeline.stream` is a plain generator doing blocking work (embedding, retrieval, an LLM call), so
each `next()` runs in a worker thread and the event loop stays free for other requests. A stream
ends one of three ways — exhausted, failed, or abandoned by a disconnecting client — and in every
case the library generator is closed (which closes the LLM connection) and the generation slot is
released only after that, so the concurrency cap counts work that is really still running.
"""

from __future__ import annotations

import json
from collections.abc import AsyncGenerator, AsyncIterator, Callable, Iterator
from typing import Any, TypeVar

import anyio
from starlette.responses import StreamingResponse
from starlette.types import Receive, Scope, Send

T = TypeVar("T")
_DONE = object()


async def iterate_in_thread(items: Iterator[T]) -> AsyncIterator[T]:
    """Yield from a blocking iterator, one `next()` per worker-thread call."""
    try:
        while True:
            item = await anyio.to_thread.run_sync(next, items, _DONE)
            if item is _DONE:
                return
            yield item  # type: ignore[misc]
    finally:
        close = getattr(items, "close", None)
        if close is not None:
            with anyio.CancelScope(shield=True):
                await anyio.to_thread.run_sync(close)


def sse(data: Any, event: str | None = None) -> str:
    """One SSE message; `data` is sent as compact JSON (one line) unless already a string."""
    payload = data if isinstance(data, str) else json.dumps(data, ensure_ascii=False)
    head = f"event: {event}\n" if event else ""
    return f"{head}data: {payload}\n\n"


class EventStream(StreamingResponse):
    """`text/event-stream` that always closes its source and then runs `on_close`, even when the
    client goes away before or during the stream (Starlette may never finish iterating it)."""

    media_type = "text/event-stream"

    def __init__(self, events: AsyncGenerator[str, None], on_close: Callable[[], None]) -> None:
        super().__init__(events, headers={"Cache-Control": "no-cache", "X-Accel-Buffering": "no"})
        self._events = events
        self._on_close = on_close

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        try:
            await super().__call__(scope, receive, send)
        finally:
            with anyio.CancelScope(shield=True):
                await self._events.aclose()
            self._on_close()
