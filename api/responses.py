"""OpenAPI descriptions of the error responses the routes share, so `/docs` tells the truth."""

from __future__ import annotations

from typing import Any

from api.schemas import ErrorBody

ERRORS: dict[int | str, dict[str, Any]] = {
    400: {"model": ErrorBody, "description": "Malformed JSON body."},
    401: {"model": ErrorBody, "description": "Missing or wrong API key (when one is configured)."},
    404: {"model": ErrorBody, "description": "No indexed document has that path (or none the key "
                                              "may read: the same answer, so as not to tell)."},
    413: {"model": ErrorBody, "description": "Question or conversation over the configured limits."},
    422: {"model": ErrorBody, "description": "Body does not match the schema, or the conversation "
                                              "cannot be answered (e.g. last turn not the user's)."},
    429: {"model": ErrorBody, "description": "The key is over its rate limit; see Retry-After."},
    503: {"model": ErrorBody, "description": "Busy (see Retry-After) or a backend is unavailable."},
}
FORBIDDEN: dict[int | str, dict[str, Any]] = {
    403: {"model": ErrorBody, "description": "The key lacks the right (upload or delete), or may "
                                              "not read the collection named."},
}

SSE_OK: dict[int | str, dict[str, Any]] = {
    200: {"description": "The answer; with `stream: true`, server-sent events instead.",
          "content": {"text/event-stream": {"schema": {"type": "string"}}}},
}
