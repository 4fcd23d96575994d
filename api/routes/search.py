"""`POST /search`: the passages retrieval finds for a query, best first, without generating."""

from __future__ import annotations

import anyio
from fastapi import APIRouter

from api.audit import Trail
from api.deps import AssistantDep, AuditDep, Authenticated, CallerDep, RequestIdDep, SettingsDep, WithinRate
from api.errors import status_of
from api.limits import check_text
from api.responses import ERRORS
from api.schemas import SearchRequest, SearchResponse
from rag import Assistant, Passage

router = APIRouter(tags=["search"], dependencies=[Authenticated, WithinRate])


@router.post("/search", response_model=SearchResponse, responses=ERRORS)
async def search(body: SearchRequest, assistant: AssistantDep, settings: SettingsDep,
                 caller: CallerDep, audit: AuditDep, request_id: RequestIdDep) -> SearchResponse:
    """Hybrid (dense + BM25) search over the key's collections; not subject to the generation
    cap, so it stays fast (but to the key's rate limit)."""
    check_text(body.query, settings, "the query")
    trail = Trail(audit, caller.id, "/search", caller.collections, body.query, request_id)
    results = await anyio.to_thread.run_sync(_search, assistant, body, caller.collections, trail)
    return SearchResponse(results=results)


def _search(assistant: Assistant, body: SearchRequest, collections: frozenset[str] | None,
            trail: Trail) -> list[Passage]:
    try:
        results = assistant.search(body.query, body.top_k, collections=collections)
    except Exception as exc:
        trail.failed(status_of(exc))
        raise
    trail.found(results)
    return results
