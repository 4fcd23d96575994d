"""Request ids, and the last line of defence against unexpected exceptions.

Every response carries `X-Request-ID` (the client's own, when it sent a sane one, so ids can be
followed across services), and the id is in `request.state` for handlers and logs. An exception no
handler claimed is logged here with that id and answered with a JSON 500 holding only the id: the
client gets something to quote in a bug report, never a stack trace. Written as plain ASGI rather
than `BaseHTTPMiddleware` so streaming responses pass through untouched.
"""

from __future__ import annotations

import logging
import re
import uuid

from starlette.types import ASGIApp, Message, Receive, Scope, Send

from api.errors import internal_error

log = logging.getLogger(__name__)

HEADER = "X-Request-ID"
_SANE = re.compile(r"[A-Za-z0-9._:-]{1,64}")


def incoming_id(scope: Scope) -> str | None:
    for name, value in scope.get("headers", ()):
        if name == b"x-request-id":
            text = value.decode("latin-1")
            return text if _SANE.fullmatch(text) else None
    return None


class RequestContextMiddleware:
    def __init__(self, app: ASGIApp) -> None:
        self.app = app

    async def __call__(self, scope: Scope, receive: Receive, send: Send) -> None:
        if scope["type"] != "http":
            await self.app(scope, receive, send)
            return
        request_id = incoming_id(scope) or uuid.uuid4().hex
        scope.setdefault("state", {})["request_id"] = request_id
        started = False

        async def send_with_id(message: Message) -> None:
            nonlocal started
            if message["type"] == "http.response.start":
                started = True
                headers = [(k, v) for k, v in message.get("headers", ())
                           if k.lower() != b"x-request-id"]
                headers.append((b"x-request-id", request_id.encode("latin-1")))
                message = {**message, "headers": headers}
            await send(message)

        try:
            await self.app(scope, receive, send_with_id)
        except Exception:
            log.exception("unhandled error [request_id=%s] %s %s", request_id,
                          scope.get("method"), scope.get("path"))
            if started:
                raise  # the response is under way; the server can only drop the connection
            await internal_error(request_id)(scope, receive, send)
