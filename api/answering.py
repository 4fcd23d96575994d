"""Running the library's answer pipeline from async routes without blocking the event loop.

Both chat routes go through here so that they share the same discipline: a generation slot is
taken before any work starts (or the request is refused with 503), the blocking pipeline runs in a
worker thread, and the slot is given back only when that work has ended.
"""

from __future__ import annotations

from collections.abc import AsyncGenerator, Callable, Iterator

import anyio

from api.concurrency import GenerationSlots
from api.streaming import EventStream
from rag import Answer, Assistant, Message, Result

Render = Callable[[Iterator[str | Result]], AsyncGenerator[str, None]]


async def answer(assistant: Assistant, slots: GenerationSlots, messages: list[Message],
                 top_k: int | None, generator: str | None) -> Answer:
    async with slots.hold():
        result = await anyio.to_thread.run_sync(assistant.run, messages, top_k, generator)
    return result.answer


async def answer_stream(assistant: Assistant, slots: GenerationSlots, messages: list[Message],
                        top_k: int | None, generator: str | None, render: Render) -> EventStream:
    """An event stream rendering `Pipeline.stream`; the slot is held until the stream is over."""
    slot = slots.acquire()
    try:
        # Building the pipeline may load the index on a cold assistant: not on the event loop.
        stream = await anyio.to_thread.run_sync(
            lambda: assistant.pipeline.stream(messages, top_k, generator))
    except BaseException:
        slot.release()
        raise
    return EventStream(render(stream), on_close=slot.release)
