"""`GET /healthz`: liveness and what is searchable; open even when an API key is configured, so
load balancers and orchestrators can probe it."""

from __future__ import annotations

import anyio
from fastapi import APIRouter

from api.deps import AssistantDep
from api.schemas import Health

router = APIRouter(tags=["health"])


@router.get("/healthz", response_model=Health)
async def healthz(assistant: AssistantDep) -> Health:
    documents, chunks = await anyio.to_thread.run_sync(assistant.stats)
    return Health(documents=documents, chunks=chunks)
