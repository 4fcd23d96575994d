"""Any OpenAI-compatible chat endpoint (OpenAI, vLLM, Ollama, llama.cpp server) over httpx.

Streams with server-sent events; retries once when the request fails before any text arrived
(connection refused, 5xx, 429), never after, so a retry cannot duplicate text already shown.
"""

from __future__ import annotations

import json
import logging
import time
from collections.abc import Iterator

import httpx

from rag.answer.generation.base import Capabilities, GenerationRequest, build_messages
from rag.errors import GeneratorError
from rag.settings import Settings

log = logging.getLogger(__name__)

_RETRYABLE = {429, 500, 502, 503, 504}


class OpenAIGenerator:
    name = "openai"
    capabilities = Capabilities()

    def __init__(self, settings: Settings, transport: httpx.BaseTransport | None = None) -> None:
        self.settings = settings
        headers = {"Authorization": f"Bearer {settings.models.openai_api_key}"} \
            if settings.models.openai_api_key else {}
        models = settings.models
        self.client = httpx.Client(
            base_url=models.openai_base_url.rstrip("/") + "/", headers=headers,
            timeout=httpx.Timeout(models.openai_timeout, connect=min(5.0, models.openai_timeout)),
            transport=transport)

    def stream(self, request: GenerationRequest) -> Iterator[str]:
        body = {"model": self.settings.models.openai_model, "messages": build_messages(request),
                "temperature": 0.0, "max_tokens": self.settings.answer.max_new_tokens, "stream": True}
        for attempt in (1, 2):
            produced = False
            try:
                with self.client.stream("POST", "chat/completions", json=body) as response:
                    if response.status_code != 200:
                        response.read()
                        raise _HTTPStatus(response.status_code, response.text[:200])
                    for piece in _content_deltas(response.iter_lines()):
                        produced = True
                        yield piece
                return
            except (httpx.TransportError, _HTTPStatus) as exc:
                retry = not produced and attempt == 1 and (
                    isinstance(exc, httpx.TransportError) or exc.status in _RETRYABLE)
                if not retry:
                    raise GeneratorError(f"OpenAI-compatible endpoint failed: {exc}") from exc
                log.info("retrying the chat endpoint after: %s", exc)
                time.sleep(0.5)


class _HTTPStatus(Exception):
    def __init__(self, status: int, text: str) -> None:
        super().__init__(f"HTTP {status}: {text}")
        self.status = status


def _content_deltas(lines: Iterator[str]) -> Iterator[str]:
    for line in lines:
        if not line.startswith("data:"):
            continue
        data = line[5:].strip()
        if data == "[DONE]":
            return
        try:
            chunk = json.loads(data)
            choice = chunk["choices"][0]
            content = (choice.get("delta") or choice.get("message") or {}).get("content")
        except (ValueError, KeyError, IndexError, TypeError) as exc:
            raise GeneratorError(f"unreadable stream chunk: {data[:100]}") from exc
        if content:
            yield content
