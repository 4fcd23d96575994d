"""A deliberately slow OpenAI-compatible chat server, served for real by uvicorn in the tests.

It plays an LLM backend that takes its time: it answers by quoting the first sentence of source
[1] from the prompt it receives (so the citation check has something true to verify), streamed in
pieces with a pause before each. With `status` set it fails instead, like a backend that is down.
It counts requests, and streams sent to the end, so a test can wait until a generation is really
in progress and tell whether an abandoned one was stopped.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
from collections.abc import AsyncIterator

from starlette.applications import Starlette
from starlette.requests import Request
from starlette.responses import JSONResponse, Response, StreamingResponse
from starlette.routing import Route

_SOURCE_ONE = re.compile(r"\[1\] (.+?)(?:\n\n\[\d+\] |\n\nQuestion:)", re.DOTALL)
_SENTENCE_END = re.compile(r"(?<=[.!?。！？])\s")


class SlowLLM:
    def __init__(self, pieces: int = 6, delay: float = 0.5, status: int = 200) -> None:
        self.pieces, self.delay, self.status = pieces, delay, status
        self.requests = 0
        self.completed = 0
        self.url = ""  # its /v1 base URL, once served
        self.started = threading.Event()
        self.app = Starlette(routes=[Route("/v1/chat/completions", self.complete, methods=["POST"])])

    @staticmethod
    def reply_for(prompt: str) -> str:
        match = _SOURCE_ONE.search(prompt)
        source = match.group(1).strip() if match else "nothing"
        return _SENTENCE_END.split(source, maxsplit=1)[0] + " [1]"

    async def complete(self, request: Request) -> Response:
        self.requests += 1
        self.started.set()
        if self.status != 200:
            return JSONResponse({"error": {"message": "backend down"}}, status_code=self.status)
        body = await request.json()
        text = self.reply_for(body["messages"][-1]["content"])
        size = max(1, -(-len(text) // self.pieces))
        parts = [text[i:i + size] for i in range(0, len(text), size)]

        async def events() -> AsyncIterator[str]:
            for part in parts:
                await asyncio.sleep(self.delay)
                chunk = {"object": "chat.completion.chunk",
                         "choices": [{"index": 0, "delta": {"content": part}}]}
                yield f"data: {json.dumps(chunk)}\n\n"
            yield "data: [DONE]\n\n"
            self.completed += 1

        return StreamingResponse(events(), media_type="text/event-stream")
