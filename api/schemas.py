"""Request and response bodies of the chat API (`/chat`, `/search`, `/healthz`, `/documents`,
`/feedback`).

Requests are strict (`extra="forbid"`, no type coercion) so that a typo such as `"topk"` or a number
sent as `content` is answered with a 422 naming the field, instead of being silently ignored or
turned into text. Limits that depend on the running configuration (question length, number of
turns) are not part of the schema; `api.limits` checks them against `Settings`.
"""

from __future__ import annotations

import re
from datetime import UTC, datetime
from typing import Annotated, Literal

from pydantic import AfterValidator, BaseModel, ConfigDict, Field

from rag import FileRecord, Message, Passage

_SURROGATE = re.compile("[\ud800-\udfff]")


def no_lone_surrogates(value: str) -> str:
    """JSON may carry `\\ud800` escapes that decode to unencodable text; reject them up front,
    otherwise they would surface as a crash when the text is embedded or echoed back as UTF-8."""
    if _SURROGATE.search(value):
        raise ValueError("text contains an unpaired UTF-16 surrogate (invalid Unicode)")
    return value


def not_blank(value: str) -> str:
    if not value.strip():
        raise ValueError("must not be empty or blank")
    return value


Text = Annotated[str, AfterValidator(no_lone_surrogates)]
TopK = Annotated[int, Field(ge=1, le=50, description="Passages retrieved (1-50).")]
GeneratorName = Literal["auto", "extractive", "llama", "openai"]


class Strict(BaseModel):
    model_config = ConfigDict(extra="forbid", strict=True)


class ChatMessage(Strict):
    role: Literal["user", "assistant"]
    content: Text


class ChatRequest(Strict):
    messages: list[ChatMessage] = Field(
        description="The conversation, oldest first; the last message is the user's question.")
    top_k: TopK | None = None
    stream: bool = Field(False, description="Answer as server-sent events (delta…, answer).")
    generator: GeneratorName | None = Field(None, description="Backend; default from settings.")

    def conversation(self) -> list[Message]:
        return [Message(role=m.role, content=m.content) for m in self.messages]


class SearchRequest(Strict):
    query: Annotated[Text, AfterValidator(not_blank)]
    top_k: TopK | None = None


class SearchResponse(BaseModel):
    results: list[Passage]


class Health(BaseModel):
    status: Literal["ok"] = "ok"
    documents: int
    chunks: int


class Document(BaseModel):
    path: str
    sha256: str
    chunks: int
    indexed_at: datetime

    @classmethod
    def of(cls, record: FileRecord) -> Document:
        return cls(path=record.path, sha256=record.sha256, chunks=record.chunks,
                   indexed_at=datetime.fromtimestamp(record.indexed_at, tz=UTC))


class Documents(BaseModel):
    documents: list[Document]


class ErrorBody(BaseModel):
    """Every error response: `detail` says what is wrong (a string, or one entry per invalid field)."""

    detail: str | list[dict[str, object]]
    request_id: str | None = None


class UploadAccepted(BaseModel):
    job: str = Field(description="Poll GET /documents/jobs/{job} for the indexing's progress.")
    files: list[str] = Field(description="The saved files' document ids (`<collection>/<name>`, "
                                         "`uploads/<name>` by default), as GET /documents lists "
                                         "them once indexed.")


class SkippedFile(BaseModel):
    file: str
    reason: str


class IndexJob(BaseModel):
    """An indexing run started by an upload. `files_total` counts the files the run reads (new or
    changed), known once it has listed the corpus; `skipped` names files it could not read."""

    job: str
    state: Literal["queued", "running", "done", "failed"]
    files_total: int
    files_done: int
    chunks: int
    added: list[str]
    updated: list[str]
    skipped: list[SkippedFile]
    detail: str | None = Field(description="Why the job failed; null otherwise.")


class Deleted(BaseModel):
    deleted: str


class FeedbackRequest(Strict):
    vote: Literal["helpful", "not_helpful"]
    reason: Annotated[Text, Field(max_length=1000)] | None = None
    question: Annotated[Text, Field(max_length=4000)] | None = None
    answer: Annotated[Text, Field(max_length=8000)] | None = None
    request_id: Annotated[Text, Field(max_length=200)] | None = Field(
        None, description="The X-Request-ID of the answer voted on.")
