"""Answers in OpenAI's `chat.completion` / `chat.completion.chunk` shapes.

Streaming sends the *checked* answer, not the generator's raw draft: an OpenAI client appends every
delta it receives and has no way to take text back, while the citation check may drop unsupported
sentences or renumber markers after generation. So the role chunk goes out at once, the verified
text follows in word-sized deltas once it exists, and the last chunk before `[DONE]` carries the
`citations`. Joined, the deltas equal the non-streamed `message.content`.

Token counts in `usage` are estimates (words, and CJK characters one by one): the extractive
generator has no tokenizer, and clients mostly use the numbers for display.
"""

from __future__ import annotations

import re
import time
import uuid
from collections.abc import AsyncGenerator, Iterator
from contextlib import aclosing
from typing import Any

from api.chat_stream import stream_error
from api.openai_schemas import AssistantMessage, ChatCompletion, Choice, Usage
from api.streaming import iterate_in_thread, sse
from rag import Answer, Message, Result

_CJK = r"\u3040-\u30ff\u3400-\u9fff\uac00-\ud7af"
_TOKEN = re.compile(rf"[{_CJK}]|[^\s{_CJK}]+")
_PIECE_CHARS = 24


def estimate_tokens(text: str) -> int:
    return len(_TOKEN.findall(text))


def prompt_tokens(messages: list[Message]) -> int:
    return sum(estimate_tokens(m.content) for m in messages)


def usage(messages: list[Message], answer: Answer) -> Usage:
    prompt, completion = prompt_tokens(messages), estimate_tokens(answer.answer)
    return Usage(prompt_tokens=prompt, completion_tokens=completion, total_tokens=prompt + completion)


def completion_id() -> str:
    return f"chatcmpl-{uuid.uuid4().hex}"


def completion(answer: Answer, model: str, messages: list[Message]) -> ChatCompletion:
    return ChatCompletion(id=completion_id(), created=int(time.time()), model=model,
                          choices=[Choice(message=AssistantMessage(content=answer.answer))],
                          usage=usage(messages, answer), citations=answer.citations)


def pieces(text: str) -> list[str]:
    """Split text into deltas that join back to exactly `text`: words with their trailing space,
    and runs without spaces (Chinese) cut every few characters."""
    out = []
    for word in re.split(r"(?<=\s)(?=\S)", text):
        out.extend(word[i:i + _PIECE_CHARS] for i in range(0, len(word), _PIECE_CHARS))
    return out


async def completion_events(stream: Iterator[str | Result], model: str, messages: list[Message],
                            include_usage: bool, request_id: str) -> AsyncGenerator[str, None]:
    ident, created = completion_id(), int(time.time())

    def chunk(delta: dict[str, Any], finish: str | None = None, **extra: Any) -> dict[str, Any]:
        return {"id": ident, "object": "chat.completion.chunk", "created": created, "model": model,
                "choices": [{"index": 0, "delta": delta, "finish_reason": finish,
                             "logprobs": None}], **extra}

    yield sse(chunk({"role": "assistant", "content": ""}))
    try:
        answer: Answer | None = None
        async with aclosing(iterate_in_thread(stream)) as items:
            async for item in items:
                if isinstance(item, Result):
                    answer = item.answer
        if answer is None:
            raise RuntimeError("the pipeline ended without an answer")
        for piece in pieces(answer.answer):
            yield sse(chunk({"content": piece}))
        citations = [c.model_dump(mode="json") for c in answer.citations]
        yield sse(chunk({}, "stop", citations=citations))
        if include_usage:
            yield sse({**chunk({}), "choices": [], "citations": citations,
                       "usage": usage(messages, answer).model_dump()})
    except Exception as exc:
        error = stream_error(exc, request_id)
        yield sse({"error": {"message": error["detail"], "type": "server_error",
                             "request_id": request_id}})
    yield sse("[DONE]")
