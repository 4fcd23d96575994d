"""The `/chat` event stream: `delta` events with raw text as it is generated, then one `answer`.

Deltas are the generator's draft, shown for responsiveness; the final `answer` event carries the
checked Answer (unsupported sentences removed, citations renumbered and narrowed to their quotes),
which is the only thing a client should store or display as final. A failure after the stream has
begun cannot change the HTTP status any more, so it becomes an `error` event with a `detail`.
"""

from __future__ import annotations

import logging
from collections.abc import AsyncGenerator, Iterator
from contextlib import aclosing

from api.errors import unavailable_detail
from api.streaming import iterate_in_thread, sse
from rag import Result

log = logging.getLogger(__name__)


async def chat_events(stream: Iterator[str | Result], request_id: str) -> AsyncGenerator[str, None]:
    try:
        # aclosing: if the client leaves while we wait at a `yield`, the pipeline is closed now,
        # not whenever the abandoned iterator happens to be garbage-collected.
        async with aclosing(iterate_in_thread(stream)) as items:
            async for item in items:
                if isinstance(item, Result):
                    yield sse(item.answer.model_dump(mode="json"), "answer")
                elif item:
                    yield sse({"text": item}, "delta")
    except Exception as exc:
        yield sse(stream_error(exc, request_id), "error")


def stream_error(exc: Exception, request_id: str) -> dict[str, str]:
    """Log a failure that happened mid-stream and describe it for the client."""
    detail = unavailable_detail(exc)
    if detail is None:
        log.exception("unhandled error in stream [request_id=%s]", request_id)
        detail = "internal error"
    else:
        log.error("dependency failure in stream [request_id=%s]: %s", request_id, exc)
    return {"detail": detail, "request_id": request_id}
