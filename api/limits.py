"""Size limits on what a client may ask, taken from `Settings` at request time.

They keep one request from monopolising the embedder or the LLM context: the question is bounded by
`max_question_chars`, the conversation by `max_turns`. Earlier assistant turns may be longer than a
question (answers quote their sources), so they get `ASSISTANT_TURN_FACTOR` times the budget. The
whole body is bounded too (`BodyLimitMiddleware`), before it is parsed or even fully read; a route
that takes files (`POST /documents`) gets its own, larger bound from `max_upload_bytes`.
"""

from __future__ import annotations

from collections.abc import Mapping
from typing import NamedTuple

from fastapi import HTTPException, status
from fastapi.responses import JSONResponse
from starlette.types import ASGIApp, Receive, Scope, Send
from starlette.types import Message as ASGIMessage

from rag import Message, Settings

ASSISTANT_TURN_FACTOR = 4
_BYTES_PER_CHAR = 12
"""Worst case in JSON: an astral character written as two `\\uXXXX` escapes."""
_ENVELOPE_BYTES = 64 * 1024


def too_large(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_413_CONTENT_TOO_LARGE, detail=detail)


def check_text(text: str, settings: Settings, what: str = "the question") -> None:
    limit = settings.api.max_question_chars
    if len(text) > limit:
        raise too_large(f"{what} is {len(text)} characters long; the limit is {limit} "
                        f"(max_question_chars)")


def check_conversation(messages: list[Message], settings: Settings) -> None:
    """Raise 413 naming the exceeded limit: too many turns, or a turn too long."""
    if len(messages) > settings.api.max_turns:
        raise too_large(f"the conversation has {len(messages)} messages; the limit is "
                        f"{settings.api.max_turns} (max_turns)")
    for n, message in enumerate(messages):
        if message.role == "assistant":
            limit = settings.api.max_question_chars * ASSISTANT_TURN_FACTOR
            if len(message.content) > limit:
                raise too_large(f"messages[{n}] (assistant) is {len(message.content)} characters "
                                f"long; the limit is {limit} ({ASSISTANT_TURN_FACTOR} × "
                                f"max_question_chars)")
        else:
            check_text(message.content, settings, f"messages[{n}] (user)")


def body_limit(settings: Settings) -> int:
    """Bytes a well-formed request within the limits can take, with room for JSON overhead."""
    chars = settings.api.max_turns * settings.api.max_question_chars * ASSISTANT_TURN_FACTOR
    return _ENVELOPE_BYTES + chars * _BYTES_PER_CHAR


class BodyLimit(NamedTuple):
    max_bytes: int
    source: str = "max_turns and max_question_chars"
    """The settings the bound comes from, for the 413's message."""


class BodyLimitMiddleware:
    """413 with a JSON `detail` for a body over `max_bytes` (or the bound `routes` gives its method
    and path): at once when `Content-Length` says so, otherwise as soon as the bytes read exceed it
    (chunked uploads declare no length)."""

    def __init__(self, app: ASGIApp, max_bytes: int,
                 routes: Mapping[tuple[str, str], BodyLimit] | None = None) -> None:
        self.app = app
        self.max_bytes = max_bytes
        self.routes = dict(routes or {})

    def _error(self, limit: BodyLimit) -> HTTPException:
        return too_large(f"the request body is over {limit.max_bytes} bytes, the limit for this "
                         f"server's {limit.source}")

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        limit = self.routes.get((scope.get("method", ""), scope.get("path", "")),
                                BodyLimit(self.max_bytes))
        declared = dict(scope.get("headers", ())).get(b"content-length", b"")
        if declared.isdigit() and int(declared) > limit.max_bytes:
            error = self._error(limit)
            await JSONResponse({"detail": error.detail}, status_code=error.status_code)(
                scope, receive, send)
            return
        read = 0

        async def limited_receive() -> ASGIMessage:
            nonlocal read
            message = await receive()
            read += len(message.get("body", b""))
            if read > limit.max_bytes:
                raise self._error(limit)  # FastAPI re-raises HTTPExceptions met reading a body
            return message

        await self.app(scope, limited_receive, send)
