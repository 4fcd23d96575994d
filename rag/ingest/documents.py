"""The corpus as documents: each file's relative path, content hash, and the text its reader made.

A document's text is what every offset points into (`text[start_char:end_char] == quote`): the file's
own text for plain text and Markdown, the text the reader extracted for PDF, HTML and DOCX, which
the index keeps (rag.search.store) so that any client can show a passage in context. Files are
listed and hashed first; only new or changed ones are read, so a re-index of an unchanged folder
never parses a PDF.
"""

from __future__ import annotations

import bisect
import hashlib
import logging
from collections.abc import Iterator
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import CorpusError, UnreadableDocument
from rag.ingest.readers import SUPPORTED_SUFFIXES, Block, Extracted, read_file

log = logging.getLogger(__name__)


@dataclass
class Document:
    path: str
    text: str
    sha256: str
    line_starts: list[int] = field(repr=False)
    blocks: list[Block] = field(default_factory=list, repr=False)
    sections: list[tuple[int, int, str]] = field(default_factory=list, repr=False)
    page_starts: list[int] = field(default_factory=list, repr=False)
    format: str = "text"
    """The reader that made the text: text, markdown, html, docx or pdf."""
    hidden: dict[str, int] = field(default_factory=dict, repr=False)
    """Characters left out of `text` because no reader of the file sees them, by what hid them
    (`Extracted.hidden`): named in the index report."""

    def line_of(self, char_index: int) -> int:
        """1-based line holding the character at `char_index`."""
        return bisect.bisect_right(self.line_starts, char_index)


@dataclass(frozen=True)
class CorpusFile:
    """A file of the corpus, listed and hashed but not yet read."""

    path: Path
    relative: str
    sha256: str
    size: int

    def read(self) -> Document:
        """The document, or UnreadableDocument (or OSError) with the reason."""
        return document_of(self.relative, self.path.read_bytes(), self.sha256)


def line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def document_of(relative: str, data: bytes, sha256: str | None = None) -> Document:
    """Read one file's bytes with the reader for its type."""
    extracted: Extracted = read_file(relative, data)
    return Document(relative, extracted.text, sha256 or hashlib.sha256(data).hexdigest(),
                    line_starts(extracted.text), extracted.blocks, extracted.sections,
                    extracted.page_starts, _format_of(relative), dict(extracted.hidden))


def read_document(path: Path, relative: str) -> Document:
    """Read one file; UnreadableDocument (a ValueError) with the reason when it cannot be used."""
    return document_of(relative, path.read_bytes())


def _format_of(relative: str) -> str:
    suffix = Path(relative).suffix.lower()
    return {".md": "markdown", ".markdown": "markdown", ".html": "html", ".htm": "html",
            ".docx": "docx", ".pdf": "pdf"}.get(suffix, "text")


def iter_corpus_files(root: Path) -> list[tuple[Path, str]]:
    """Every file of a supported type under `root` (hidden files and folders left out), by path."""
    if not root.exists():
        raise CorpusError(f"corpus path does not exist: {root}")
    if root.is_file():
        return [(root, root.name)]
    files = sorted(p for p in root.rglob("*")
                   if p.is_file() and p.suffix.lower() in SUPPORTED_SUFFIXES)
    return [(p, p.relative_to(root).as_posix()) for p in files
            if not any(part.startswith(".") for part in p.relative_to(root).parts)]


def unsupported_files(root: Path) -> list[str]:
    """Files under `root` that no reader takes, so the index report can name them."""
    if not root.is_dir():
        return []
    return sorted(p.relative_to(root).as_posix() for p in root.rglob("*")
                  if p.is_file() and p.suffix.lower() not in SUPPORTED_SUFFIXES
                  and not any(part.startswith(".") for part in p.relative_to(root).parts))


def list_corpus(root: Path) -> Iterator[CorpusFile | tuple[str, str]]:
    """Each supported file hashed, or (relative path, reason) when it cannot even be read."""
    for path, relative in iter_corpus_files(root):
        try:
            data = path.read_bytes()
        except OSError as exc:
            yield relative, exc.strerror or str(exc)
            continue
        yield CorpusFile(path, relative, hashlib.sha256(data).hexdigest(), len(data))


@dataclass
class LoadReport:
    documents: list[Document]
    skipped: list[tuple[str, str]]


def load_corpus(root: Path) -> LoadReport:
    """Every readable document under `root`; the others are skipped with their reason."""
    documents: list[Document] = []
    skipped: list[tuple[str, str]] = []
    for entry in list_corpus(root):
        if isinstance(entry, tuple):
            skipped.append(entry)
            continue
        try:
            documents.append(entry.read())
        except (OSError, UnreadableDocument) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            log.warning("skipping %s: %s", entry.relative, reason)
            skipped.append((entry.relative, reason))
    return LoadReport(documents, skipped)
