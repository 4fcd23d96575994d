"""Turning every failure into a JSON `{"detail": …}` a client can act on, never a bare 500.

Client mistakes are 4xx and say what is wrong: malformed JSON is a 400, a body that does not fit
the schema a 422 listing each offending field (without echoing the input back: it may be huge or
not even encodable). The library's own errors are caught once, at their root (`rag.RagError`):
a `UserError` (an impossible conversation, an unknown generator) is a 422 with the library's
message, a `BackendError` (vector store, embedder, generator down) a 503 naming the component;
`IndexBusy` (another process is writing the embedded index) is a 503 with `Retry-After`, as a
server at its concurrency limit answers; a key over its rate limit gets a 429 with `Retry-After`.
Anything else is a bug: `api.middleware` logs it with the request id and answers 500 with that id
only.
"""

from __future__ import annotations

import logging
from typing import Any

from fastapi import FastAPI, HTTPException, Request
from fastapi.exceptions import RequestValidationError
from fastapi.responses import JSONResponse

from api.concurrency import Busy
from api.ratelimit import RateLimited
from rag import BackendError, DocumentNotFound, IndexBusy, RagError

log = logging.getLogger(__name__)


def request_id_of(request: Request) -> str | None:
    return getattr(request.state, "request_id", None)


def printable(text: str) -> str:
    """Text safe to put in a UTF-8 response even when it holds lone surrogates from the input."""
    return text.encode("utf-8", "backslashreplace").decode("utf-8")


def field_errors(exc: RequestValidationError) -> list[dict[str, Any]]:
    return [{"loc": [printable(str(p)) if isinstance(p, str) else p for p in e.get("loc", ())],
             "msg": printable(str(e.get("msg", ""))), "type": e.get("type", "")}
            for e in exc.errors()]


def unavailable_detail(exc: Exception) -> str | None:
    """The client-facing message for a dependency failure, or None for an unexpected error."""
    if isinstance(exc, IndexBusy):  # who writes and since when, but not its pid, host or paths
        return exc.detail
    if isinstance(exc, BackendError):
        return f"{exc.component} is unavailable; try again later"
    return None


def status_of(exc: BaseException) -> int:
    """The HTTP status an exception is answered with (for the audit line of a failed request)."""
    if isinstance(exc, HTTPException):
        return exc.status_code
    if isinstance(exc, BackendError | Busy):
        return 503
    if isinstance(exc, RagError):
        return 404 if isinstance(exc, DocumentNotFound) else 422
    return 500


def internal_error(request_id: str | None) -> JSONResponse:
    headers = {"X-Request-ID": request_id} if request_id else None
    return JSONResponse({"detail": "internal error", "request_id": request_id}, status_code=500,
                        headers=headers)


async def on_validation_error(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RequestValidationError)
    errors = exc.errors()
    broken = next((e for e in errors if e.get("type") == "json_invalid"), None)
    if broken is not None:
        loc = broken.get("loc", ())
        where = f" at character {loc[-1]}" if loc and isinstance(loc[-1], int) else ""
        reason = (broken.get("ctx") or {}).get("error", "invalid JSON")
        return JSONResponse({"detail": f"malformed JSON body: {printable(str(reason))}{where}"},
                            status_code=400)
    return JSONResponse({"detail": field_errors(exc)}, status_code=422)


async def on_library_error(request: Request, exc: Exception) -> JSONResponse:
    """Every error the library raises on purpose: the user's (422) or a backend's (503)."""
    if not isinstance(exc, BackendError):
        return JSONResponse({"detail": str(exc)},
                            status_code=404 if isinstance(exc, DocumentNotFound) else 422)
    rid = request_id_of(request)
    log.error("dependency failure [request_id=%s] %s %s: %s", rid, request.method,
              request.url.path, exc)
    headers = {"Retry-After": str(exc.retry_after)} if isinstance(exc, IndexBusy) else None
    return JSONResponse({"detail": unavailable_detail(exc), "request_id": rid}, status_code=503,
                        headers=headers)


async def on_busy(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, Busy)
    return JSONResponse({"detail": str(exc)}, status_code=503,
                        headers={"Retry-After": str(exc.retry_after)})


async def on_rate_limited(request: Request, exc: Exception) -> JSONResponse:
    assert isinstance(exc, RateLimited)
    return JSONResponse({"detail": str(exc)}, status_code=429,
                        headers={"Retry-After": str(exc.retry_after)})


def install_error_handlers(app: FastAPI) -> None:
    app.add_exception_handler(RequestValidationError, on_validation_error)
    app.add_exception_handler(RagError, on_library_error)
    app.add_exception_handler(Busy, on_busy)
    app.add_exception_handler(RateLimited, on_rate_limited)
