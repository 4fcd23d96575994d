"""`POST /chat`: a conversation in, a cited Answer out (or server-sent events with `stream`)."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from api.answering import Question, answer, answer_stream
from api.audit import Trail, last_question
from api.chat_stream import chat_events
from api.deps import (
    AssistantDep,
    AuditDep,
    Authenticated,
    CallerDep,
    RequestIdDep,
    SettingsDep,
    SlotsDep,
    WithinRate,
)
from api.limits import check_conversation
from api.responses import ERRORS, SSE_OK
from api.schemas import ChatRequest
from rag import Answer, validate_conversation

router = APIRouter(tags=["chat"], dependencies=[Authenticated, WithinRate])


@router.post("/chat", response_model=Answer, responses={**SSE_OK, **ERRORS})
async def chat(body: ChatRequest, assistant: AssistantDep, settings: SettingsDep,
               slots: SlotsDep, request_id: RequestIdDep, caller: CallerDep,
               audit: AuditDep) -> Answer | Response:
    """Answer the last user message from the documents of the key's collections, with verified
    citations.

    With `"stream": true` the response is `text/event-stream`: `event: delta` messages with
    `{"text": …}` as the draft is generated, then one `event: answer` with the whole Answer.
    """
    messages = body.conversation()
    check_conversation(messages, settings)
    validate_conversation(messages)
    trail = Trail(audit, caller.id, "/chat", caller.collections, last_question(messages), request_id)
    q = Question(messages, body.top_k, body.generator, caller.collections, trail)
    if body.stream:
        return await answer_stream(assistant, slots, q,
                                   lambda stream: chat_events(stream, request_id))
    return await answer(assistant, slots, q)
