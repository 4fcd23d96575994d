"""`GET /documents`: the indexed files, so a client can tell what the answers can draw on."""

from __future__ import annotations

import anyio
from fastapi import APIRouter

from api.deps import AssistantDep, Authenticated
from api.responses import ERRORS
from api.schemas import Document, Documents

router = APIRouter(tags=["documents"], dependencies=[Authenticated])


@router.get("/documents", response_model=Documents, responses={401: ERRORS[401]})
async def documents(assistant: AssistantDep) -> Documents:
    """Each file's path, SHA-256, chunk count and indexing time (UTC)."""
    records = await anyio.to_thread.run_sync(assistant.documents)
    return Documents(documents=[Document.of(r) for r in records])
