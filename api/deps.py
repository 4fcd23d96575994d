"""FastAPI dependencies as `Annotated` aliases, so routes declare what they need in their signature.

Everything comes from `app.state` (set once by `create_app`), never from module globals, so several
differently configured apps can live in one process, as the tests do. The caller is resolved from
the bearer key once per request (FastAPI caches a dependency within a request), so the router's
`Authenticated` and a route's `CallerDep` are one check.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials

from api.audit import AuditLog
from api.auth import authenticate, bearer_scheme
from api.concurrency import GenerationSlots
from api.indexing_jobs import IndexingJobs
from api.keys import Caller
from api.ratelimit import RateLimiter
from rag import Assistant, Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


def get_slots(request: Request) -> GenerationSlots:
    return request.app.state.slots


def get_jobs(request: Request) -> IndexingJobs:
    return request.app.state.jobs


def get_audit(request: Request) -> AuditLog:
    return request.app.state.audit


def get_request_id(request: Request) -> str:
    return getattr(request.state, "request_id", "") or ""


SettingsDep = Annotated[Settings, Depends(get_settings)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SlotsDep = Annotated[GenerationSlots, Depends(get_slots)]
JobsDep = Annotated[IndexingJobs, Depends(get_jobs)]
AuditDep = Annotated[AuditLog, Depends(get_audit)]
RequestIdDep = Annotated[str, Depends(get_request_id)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def get_caller(request: Request, credentials: Credentials) -> Caller:
    """The request's caller (401 without a valid key, when keys are configured)."""
    return authenticate(request.app.state.keyring, credentials)


CallerDep = Annotated[Caller, Depends(get_caller)]


def within_rate(request: Request, caller: CallerDep) -> None:
    """429 with Retry-After once the caller is over its rate (api.ratelimit)."""
    limiter: RateLimiter = request.app.state.limiter
    limiter.check(caller.id, caller.rate)


Authenticated = Depends(get_caller)
"""Router-level dependency: `APIRouter(dependencies=[Authenticated])`."""
WithinRate = Depends(within_rate)
"""Router-level dependency of the routes that search and answer, after `Authenticated`."""
