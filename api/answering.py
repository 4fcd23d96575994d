"""Running the library's answer pipeline from async routes without blocking the event loop.

Both chat routes go through here so that they share the same discipline: a generation slot is
taken before any work starts (or the request is refused with 503), the blocking pipeline runs in a
worker thread over the caller's collections only, and the slot is given back only when that work
has ended. The request's audit line (api.audit) is written here too, once the answer exists and
before it is sent: an answer that cannot be audited is not delivered.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Iterator
from dataclasses import dataclass

import anyio

from api.audit import Trail
from api.concurrency import GenerationSlots
from api.errors import status_of
from api.streaming import EventStream
from rag import Answer, Assistant, Message, Result

Render = Callable[[Iterator[str | Result]], AsyncGenerator[str, None]]
CLIENT_LEFT = 499
"""The audit status of a stream whose client went away before the answer (nginx's code)."""


@dataclass(frozen=True)
class Question:
    """What is asked, of which collections (None: all), and where its audit line goes."""

    messages: list[Message]
    top_k: int | None
    generator: str | None
    collections: frozenset[str] | None
    trail: Trail


def _run(assistant: Assistant, q: Question) -> Answer:
    try:
        result = assistant.run(q.messages, q.top_k, q.generator, collections=q.collections)
    except Exception as exc:
        q.trail.failed(status_of(exc))
        raise
    q.trail.answered(result.answer)
    return result.answer


async def answer(assistant: Assistant, slots: GenerationSlots, q: Question) -> Answer:
    async with slots.hold():
        return await anyio.to_thread.run_sync(_run, assistant, q)


class AuditedStream(Iterator[str | Result]):
    """`Pipeline.stream` that writes the audit line when the Result comes through (before it is
    passed on), when the stream fails, or when it is closed before its answer."""

    def __init__(self, stream: Iterator[str | Result], trail: Trail) -> None:
        self._stream = stream
        self._trail = trail

    def __next__(self) -> str | Result:
        try:
            item = next(self._stream)
        except StopIteration:
            self._trail.failed(500)  # ended without an answer: the renderers report an error
            raise
        except Exception as exc:
            self._trail.failed(status_of(exc))
            raise
        if isinstance(item, Result):
            self._trail.answered(item.answer)
        return item

    def close(self) -> None:
        try:
            close = getattr(self._stream, "close", None)
            if close is not None:
                close()
        finally:
            self._trail.failed(CLIENT_LEFT)  # no-op when a line was written already


async def answer_stream(assistant: Assistant, slots: GenerationSlots, q: Question,
                        render: Render) -> EventStream:
    """An event stream rendering `Pipeline.stream`; the slot is held until the stream is over."""
    slot = slots.acquire()
    try:
        # Building the pipeline may load the index on a cold assistant: not on the event loop.
        stream = await anyio.to_thread.run_sync(
            lambda: assistant.pipeline.stream(q.messages, q.top_k, q.generator,
                                              collections=q.collections))
    except BaseException as exc:
        slot.release()
        if isinstance(exc, Exception):
            q.trail.failed(status_of(exc))
        raise
    return EventStream(render(AuditedStream(stream, q.trail)), on_close=slot.release)
