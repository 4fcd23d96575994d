"""`POST /search`: the passages retrieval finds for a query, best first, without generating."""

from __future__ import annotations

import anyio
from fastapi import APIRouter

from api.deps import AssistantDep, Authenticated, SettingsDep
from api.limits import check_text
from api.responses import ERRORS
from api.schemas import SearchRequest, SearchResponse

router = APIRouter(tags=["search"], dependencies=[Authenticated])


@router.post("/search", response_model=SearchResponse, responses=ERRORS)
async def search(body: SearchRequest, assistant: AssistantDep, settings: SettingsDep) -> SearchResponse:
    """Hybrid (dense + BM25) search; not subject to the generation cap, so it stays fast."""
    check_text(body.query, settings, "the query")
    results = await anyio.to_thread.run_sync(assistant.search, body.query, body.top_k)
    return SearchResponse(results=results)
