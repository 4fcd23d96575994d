"""OpenAPI descriptions of the error responses the routes share, so `/docs` tells the truth."""

from __future__ import annotations

from typing import Any

from api.schemas import ErrorBody

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed JSON body."},
    401: {"model": ErrorBody, "description": "Missing or wrong API key (when one is configured)."},
    404: {"model": ErrorBody, "description": "No indexed document has that path."},
    413: {"model": ErrorBody, "description": "Question or conversation over the configured limits."},
    422: {"model": ErrorBody, "description": "Body does not match the schema, or the conversation "
                                              "cannot be answered (e.g. last turn not the user's)."},
    503: {"model": ErrorBody, "description": "Busy (see Retry-After) or a backend is unavailable."},
}

SSE_OK: dict[int | str, dict[str, Any]] = {
    200: {"description": "The answer; with `stream: true`, server-sent events instead.",
          "content": {"text/event-stream": {"schema": {"type": "string"}}}},
}
