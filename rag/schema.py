"""The fixed contracts (Passage, Citation, Answer) shared by the CLI, the HTTP API, Slack and eval."""

from __future__ import annotations

from dataclasses import dataclass

from pydantic import BaseModel, Field


@dataclass(frozen=True)
class Span:
    """A stretch of one document's stored text with the lines it covers: what chunks, candidate
    sentences and quotes all are. `text == document_text[start_char:end_char]`."""

    file: str
    start_char: int
    end_char: int
    start_line: int
    end_line: int
    text: str


class Passage(BaseModel):
    """A span of a corpus file. Invariant: `file_text[start_char:end_char] == text`."""

    file: str
    start_line: int
    end_line: int
    start_char: int
    end_char: int
    text: str
    score: float = 0.0
    page: int | None = None
    """1-based page of a PDF where the passage starts."""
    page_end: int | None = None
    """The page where it ends, when that is another one."""
    section: str | None = None
    """The heading path of the section it is in ("2 Installation > 2.1 Requirements")."""


class Citation(BaseModel):
    ref: int
    file: str
    start_line: int
    end_line: int
    start_char: int
    end_char: int
    quote: str
    score: float = 0.0
    page: int | None = None
    page_end: int | None = None
    section: str | None = None
    header: str | None = None
    """The column names of the table the quoted row is in, as the document writes them: a row
    ("10 ans | 4") means something only under them, and a client shows them above the quote."""


class Answer(BaseModel):
    answer: str
    abstained: bool
    language: str
    citations: list[Citation] = Field(default_factory=list)
    generator: str
    timings_ms: dict[str, int] = Field(default_factory=dict)
    note: str | None = None
    """What the assistant adds about the answer rather than from the documents, when `answer`
    begins with it: today the note naming the language of quotes that are not the asker's. Kept
    apart so that a client (and the evaluation of the answer's language) can tell it from the
    documents' fact."""


class DocumentText(BaseModel):
    """The stored text of an indexed document, or one span of it: what every Passage and Citation
    offset points into (for a PDF or a web page, the text its reader extracted)."""

    file: str
    sha256: str
    format: str
    length: int
    """Characters in the whole text."""
    start_char: int
    end_char: int
    start_line: int
    end_line: int
    text: str


class Message(BaseModel):
    """One turn of a conversation; the last user turn is the question."""

    role: str
    content: str
