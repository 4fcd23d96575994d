"""Bodies of the OpenAI-compatible `POST /v1/chat/completions`.

Unlike `/chat`, requests here are lenient: existing clients send many options this server has no
use for (`temperature`, `n`, `tools`, `seed`, …), and rejecting them would break those clients, so
unknown fields are accepted and ignored. What the endpoint does read is still validated: roles,
text content (a string or a list of `{"type": "text"}` parts), and the `top_k` extension.
`system`/`developer` messages are accepted and skipped: the assistant's instructions are its own.
"""

from __future__ import annotations

from typing import Literal

from pydantic import BaseModel, ConfigDict, Field, field_validator

from api.schemas import Text, TopK
from rag import Citation, Message

_SKIPPED_ROLES = {"system", "developer"}


class Lenient(BaseModel):
    model_config = ConfigDict(extra="allow")


class ContentPart(Lenient):
    type: str
    text: Text | None = None


class CompletionMessage(Lenient):
    role: Literal["system", "developer", "user", "assistant"]
    content: Text | list[ContentPart] | None = None

    @field_validator("content")
    @classmethod
    def text_parts_only(cls, value: str | list[ContentPart] | None) -> str | list[ContentPart] | None:
        if isinstance(value, list):
            for part in value:
                if part.type != "text" or part.text is None:
                    raise ValueError(f"only text content parts are supported, got {part.type!r}")
        return value

    def text(self) -> str:
        if isinstance(self.content, list):
            return "".join(part.text or "" for part in self.content)
        return self.content or ""


class StreamOptions(Lenient):
    include_usage: bool = False


class CompletionRequest(Lenient):
    model: Text = Field("rag", description="Echoed back; 'extractive', 'llama' or 'openai' also "
                                           "choose that generator.")
    messages: list[CompletionMessage]
    stream: bool = False
    stream_options: StreamOptions | None = None
    temperature: float | None = None
    top_p: float | None = None
    max_tokens: int | None = None
    top_k: TopK | None = Field(None, description="Extension: passages retrieved (1-50).")

    def conversation(self) -> list[Message]:
        """The user/assistant turns the pipeline reads; system prompts and empty turns dropped."""
        turns = [Message(role=m.role, content=m.text()) for m in self.messages
                 if m.role not in _SKIPPED_ROLES]
        # An assistant turn with no text (e.g. a tool call) says nothing to condense from.
        return [t for n, t in enumerate(turns)
                if t.role == "user" or t.content.strip() or n == len(turns) - 1]


class AssistantMessage(BaseModel):
    role: Literal["assistant"] = "assistant"
    content: str


class Choice(BaseModel):
    index: int = 0
    message: AssistantMessage
    finish_reason: Literal["stop"] = "stop"
    logprobs: None = None


class Usage(BaseModel):
    prompt_tokens: int
    completion_tokens: int
    total_tokens: int


class ChatCompletion(BaseModel):
    id: str
    object: Literal["chat.completion"] = "chat.completion"
    created: int
    model: str
    choices: list[Choice]
    usage: Usage
    citations: list[Citation] = Field(description="Extension: the sources of every [n] in the answer.")
