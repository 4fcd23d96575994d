"""`GET /documents`: the indexed files, so a client can tell what the answers can draw on; and
`GET /documents/{path}/text`: a document's stored text (or a span of it), so any client can show a
cited passage in context, the PDF or web page as the index read it. Both only ever show the
documents of the key's collections: another's is a 404, as if it did not exist."""

from __future__ import annotations

import anyio
from fastapi import APIRouter, Query

from api.deps import AssistantDep, Authenticated, CallerDep
from api.responses import ERRORS
from api.schemas import Document, Documents
from rag import DocumentText

router = APIRouter(tags=["documents"], dependencies=[Authenticated])


@router.get("/documents", response_model=Documents, responses={401: ERRORS[401]})
async def documents(assistant: AssistantDep, caller: CallerDep) -> Documents:
    """Each file's path, SHA-256, chunk count and indexing time (UTC), in the key's collections."""
    records = await anyio.to_thread.run_sync(
        lambda: assistant.documents(collections=caller.collections))
    return Documents(documents=[Document.of(r) for r in records])


@router.get("/documents/{path:path}/text", response_model=DocumentText,
            responses={401: ERRORS[401], 404: ERRORS[404], 422: ERRORS[422]})
async def document_text(path: str, assistant: AssistantDep, caller: CallerDep,
                        start: int | None = Query(None, ge=0, description="First character."),
                        end: int | None = Query(None, ge=0, description="After the last one."),
                        ) -> DocumentText:
    """The text every offset of this document's passages and citations points into; with `start`
    and `end`, only that span (and its lines)."""
    return await anyio.to_thread.run_sync(
        lambda: assistant.document_text(path, start, end, collections=caller.collections))
