"""FastAPI dependencies as `Annotated` aliases, so routes declare what they need in their signature.

Everything comes from `app.state` (set once by `create_app`), never from module globals, so several
differently configured apps can live in one process, as the tests do.
"""

from __future__ import annotations

from typing import Annotated

from fastapi import Depends, Request
from fastapi.security import HTTPAuthorizationCredentials

from api.auth import bearer_scheme, verify_bearer
from api.concurrency import GenerationSlots
from api.indexing_jobs import IndexingJobs
from rag import Assistant, Settings


def get_settings(request: Request) -> Settings:
    return request.app.state.settings


def get_assistant(request: Request) -> Assistant:
    return request.app.state.assistant


def get_slots(request: Request) -> GenerationSlots:
    return request.app.state.slots


def get_jobs(request: Request) -> IndexingJobs:
    return request.app.state.jobs


def get_request_id(request: Request) -> str:
    return getattr(request.state, "request_id", "") or ""


SettingsDep = Annotated[Settings, Depends(get_settings)]
AssistantDep = Annotated[Assistant, Depends(get_assistant)]
SlotsDep = Annotated[GenerationSlots, Depends(get_slots)]
JobsDep = Annotated[IndexingJobs, Depends(get_jobs)]
RequestIdDep = Annotated[str, Depends(get_request_id)]
Credentials = Annotated[HTTPAuthorizationCredentials | None, Depends(bearer_scheme)]


def require_api_key(settings: SettingsDep, credentials: Credentials) -> None:
    verify_bearer(settings.api.api_key, credentials)


Authenticated = Depends(require_api_key)
"""Router-level dependency: `APIRouter(dependencies=[Authenticated])`."""
