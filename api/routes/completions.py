"""`POST /v1/chat/completions`: the assistant behind OpenAI's chat API, so existing chat clients
and SDKs work unchanged; citations ride in an extra top-level `citations` field."""

from __future__ import annotations

from fastapi import APIRouter
from fastapi.responses import Response

from api.answering import Question, answer, answer_stream
from api.audit import Trail, last_question
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
from api.openai_format import completion, completion_events
from api.openai_schemas import ChatCompletion, CompletionRequest
from api.responses import ERRORS, SSE_OK
from rag import GENERATOR_NAMES, validate_conversation

router = APIRouter(tags=["openai"], dependencies=[Authenticated, WithinRate])
ROUTE = "/v1/chat/completions"


@router.post(ROUTE, response_model=ChatCompletion, responses={**SSE_OK, **ERRORS})
async def chat_completions(body: CompletionRequest, assistant: AssistantDep, settings: SettingsDep,
                           slots: SlotsDep, request_id: RequestIdDep, caller: CallerDep,
                           audit: AuditDep) -> ChatCompletion | Response:
    """OpenAI-compatible chat completion; `stream: true` sends `chat.completion.chunk` events
    ending with `data: [DONE]`, with `citations` on the last chunk before it."""
    messages = body.conversation()
    check_conversation(messages, settings)
    validate_conversation(messages)
    generator = body.model if body.model in GENERATOR_NAMES else None
    trail = Trail(audit, caller.id, ROUTE, caller.collections, last_question(messages), request_id)
    q = Question(messages, body.top_k, generator, caller.collections, trail)
    if body.stream:
        include_usage = bool(body.stream_options and body.stream_options.include_usage)
        return await answer_stream(
            assistant, slots, q,
            lambda stream: completion_events(stream, body.model, messages, include_usage, request_id))
    result = await answer(assistant, slots, q)
    return completion(result, body.model, messages)
