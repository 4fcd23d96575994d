"""Who is asking: the bearer key of every route but `/healthz` resolved into a `Caller`, and the
rights checks that turn a missing right into 403.

Keys are compared with `secrets.compare_digest` on bytes (api.keys.Keyring), so the time taken
does not depend on how much of a guessed key is right (and a non-ASCII guess cannot make it
raise). The 401 carries `WWW-Authenticate: Bearer` as RFC 6750 asks, so clients know which
credentials to send. A right the key lacks is a 403; a document outside the key's collections is
a 404, exactly like one that does not exist (the library's answer), so a key cannot learn the
names of documents it may not read.
"""

from __future__ import annotations

from fastapi import HTTPException, status
from fastapi.security import HTTPAuthorizationCredentials, HTTPBearer

from api.keys import Caller, Keyring, collection_problem

bearer_scheme = HTTPBearer(auto_error=False, description="A key of RAG_API_KEY or RAG_API_KEYS, "
                                                         "when set.")


def authenticate(keyring: Keyring, credentials: HTTPAuthorizationCredentials | None) -> Caller:
    """The request's caller; 401 unless no key is configured or the bearer token is one."""
    if not keyring.required:
        return keyring.open_caller
    caller = keyring.resolve(credentials.credentials if credentials is not None else "")
    if caller is None:
        detail = "invalid API key" if credentials is not None else \
            "missing API key: send 'Authorization: Bearer <key>'"
        raise HTTPException(status.HTTP_401_UNAUTHORIZED, detail=detail,
                            headers={"WWW-Authenticate": "Bearer"})
    return caller


def forbidden(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_403_FORBIDDEN, detail=detail)


def require_upload(caller: Caller) -> None:
    if not caller.can_upload:
        raise forbidden(f"the key {caller.id!r} may not upload documents")


def require_delete(caller: Caller) -> None:
    if not caller.can_delete:
        raise forbidden(f"the key {caller.id!r} may not delete documents")


def upload_collection(caller: Caller, requested: str | None, default: str) -> str:
    """The collection an upload goes into: the one `requested`, else `default` for a key that
    reads every collection, else the key's first collection (in the order RAG_API_KEYS lists
    them). 403 for a collection the key may not read, 422 for a name that is no folder name."""
    if requested is None:
        return caller.home or default
    if (problem := collection_problem(requested)) is not None:
        raise HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT,
                            detail=f"the collection {requested[:80]!r} {problem}")
    if not caller.can_read(requested):
        raise forbidden(f"the key {caller.id!r} may not write into the collection {requested!r}")
    return requested
