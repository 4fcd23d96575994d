"""`GET /healthz`: liveness and what is searchable; open even when an API key is configured, so
load balancers and orchestrators can probe it."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Response

from api.deps import AssistantDep, SettingsDep
from api.schemas import Health

router = APIRouter(tags=["health"])
INDEX_HEADER = "X-Rag-Index"


@router.get("/healthz", response_model=Health)
async def healthz(assistant: AssistantDep, settings: SettingsDep, response: Response) -> Health:
    """Also names the served index in the `X-Rag-Index` header (a digest of where it lives, see
    IndexSettings.identity): `rag ask` in a new shell asks this server only when it would read the
    same index itself."""
    documents, chunks = await anyio.to_thread.run_sync(assistant.stats)
    response.headers[INDEX_HEADER] = settings.index.identity
    return Health(documents=documents, chunks=chunks)
