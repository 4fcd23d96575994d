"""The fixed contracts (Passage, Citation, Answer) shared by the CLI, the HTTP API, Slack and eval."""

from __future__ import annotations

from pydantic import BaseModel, Field


class Passage(BaseModel):
    """A span of a corpus file. Invariant: `file_text[start_char:end_char] == text`."""

    file: str
    start_line: int
    end_line: int
    start_char: int
    end_char: int
    text: str
    score: float = 0.0


class Citation(BaseModel):
    ref: int
    file: str
    start_line: int
    end_line: int
    start_char: int
    end_char: int
    quote: str
    score: float = 0.0


class Answer(BaseModel):
    answer: str
    abstained: bool
    language: str
    citations: list[Citation] = Field(default_factory=list)
    generator: str
    timings_ms: dict[str, int] = Field(default_factory=dict)


class Message(BaseModel):
    """One turn of a conversation; the last user turn is the question."""

    role: str
    content: str
