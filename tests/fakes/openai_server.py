"""A local server that speaks the OpenAI chat-completions API, for the edge of the world only.

It answers like a careful model would: the first sentence of source [1], cited. Behaviour switches
(`fail_first`, `delay`, `reply`) let tests exercise retries, timeouts and invented answers.
"""

from __future__ import annotations

import asyncio
import json
import re
import threading
import time
from collections.abc import Iterator
from contextlib import contextmanager
from dataclasses import dataclass, field

import uvicorn
from fastapi import FastAPI, Request
from fastapi.responses import JSONResponse, StreamingResponse

from tests.conftest import free_port


@dataclass
class Behaviour:
    fail_first: int = 0
    delay: float = 0.0
    reply: str | None = None
    requests: list[dict] = field(default_factory=list)


def _default_reply(body: dict) -> str:
    user = body["messages"][-1]["content"]
    match = re.search(r"\[1\] (.+?[.!?。])", user)
    return f"{match.group(1)} [1]" if match else "NOT_FOUND"


def build_app(behaviour: Behaviour) -> FastAPI:
    app = FastAPI()

    @app.post("/v1/chat/completions")
    async def complete(request: Request):
        body = await request.json()
        behaviour.requests.append(body)
        if len(behaviour.requests) <= behaviour.fail_first:
            return JSONResponse({"error": {"message": "overloaded"}}, status_code=503)
        await asyncio.sleep(behaviour.delay)
        text = behaviour.reply if behaviour.reply is not None else _default_reply(body)
        if not body.get("stream"):
            return {"id": "x", "object": "chat.completion", "created": int(time.time()),
                    "model": body["model"], "choices": [{"index": 0, "finish_reason": "stop",
                    "message": {"role": "assistant", "content": text}}]}

        async def events():
            for piece in re.findall(r"\S+\s*", text):
                chunk = {"id": "x", "object": "chat.completion.chunk", "model": body["model"],
                         "choices": [{"index": 0, "delta": {"content": piece}}]}
                yield f"data: {json.dumps(chunk)}\n\n"
            yield "data: [DONE]\n\n"

        return StreamingResponse(events(), media_type="text/event-stream")

    return app


@contextmanager
def running_openai_server(behaviour: Behaviour | None = None) -> Iterator[tuple[str, Behaviour]]:
    """Serve on 127.0.0.1 in a thread; yields (base URL, behaviour)."""
    behaviour = behaviour or Behaviour()
    port = free_port()
    server = uvicorn.Server(uvicorn.Config(build_app(behaviour), host="127.0.0.1", port=port,
                                           log_level="warning"))
    thread = threading.Thread(target=server.run, daemon=True)
    thread.start()
    deadline = time.time() + 20
    while not server.started and time.time() < deadline:
        time.sleep(0.05)
    try:
        yield f"http://127.0.0.1:{port}/v1", behaviour
    finally:
        server.should_exit = True
        thread.join(timeout=10)
