"""Bearer-token check for every route but `/healthz`, active only when `RAG_API_KEY` is set.

The comparison uses `secrets.compare_digest` on bytes, so its time does not depend on how much of a
guessed key is right (and a non-ASCII guess cannot make it raise). The 401 carries
`WWW-Authenticate: Bearer` as RFC 6750 asks, so clients know which credentials to send.
"""

from __future__ import annotations

import secrets

from fastapi import HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

bearer_scheme = HTTPBearer(auto_error=False, description="The server's RAG_API_KEY, when set.")


def key_matches(supplied: str, expected: str) -> bool:
    return secrets.compare_digest(supplied.encode("utf-8", "surrogatepass"),
                                  expected.encode("utf-8", "surrogatepass"))


def verify_bearer(expected: str | None, credentials: HTTPAuthorizationCredentials | None) -> None:
    """Raise 401 unless no key is configured or the request's bearer token equals it."""
    if not expected:
        return
    supplied = credentials.credentials if credentials is not None else ""
    if not key_matches(supplied, expected):
        detail = "invalid API key" if credentials is not None else \
            "missing API key: send 'Authorization: Bearer <key>'"
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail,
                            headers={"WWW-Authenticate": "Bearer"})
