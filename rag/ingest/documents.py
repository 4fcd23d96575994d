"""Reading the corpus: every text document with its relative path, content hash and line offsets.

Offsets are Python `str` indices into the decoded text, because that is what the Passage contract
promises (`file_text[start_char:end_char] == text`).
"""

from __future__ import annotations

import bisect
import hashlib
import logging
from dataclasses import dataclass, field
from pathlib import Path

from rag.errors import CorpusError

log = logging.getLogger(__name__)

TEXT_SUFFIXES = {".txt", ".md"}


@dataclass
class Document:
    path: str
    text: str
    sha256: str
    line_starts: list[int] = field(repr=False)

    def line_of(self, char_index: int) -> int:
        """1-based line holding the character at `char_index`."""
        return bisect.bisect_right(self.line_starts, char_index)


@dataclass
class LoadReport:
    documents: list[Document]
    skipped: list[tuple[str, str]]


def line_starts(text: str) -> list[int]:
    starts = [0]
    starts.extend(i + 1 for i, ch in enumerate(text) if ch == "\n")
    return starts


def read_document(path: Path, relative: str) -> Document:
    """Decode one file; raises ValueError with the reason when it is not usable text."""
    data = path.read_bytes()
    if not data.strip():
        raise ValueError("empty file")
    if b"\x00" in data[:8192]:
        raise ValueError("binary file")
    try:
        text = data.decode("utf-8")
    except UnicodeDecodeError as exc:
        raise ValueError(f"not UTF-8 text ({exc.reason} at byte {exc.start})") from None
    text = text.removeprefix("\ufeff")
    return Document(relative, text, hashlib.sha256(data).hexdigest(), line_starts(text))


def iter_corpus_files(root: Path) -> list[tuple[Path, str]]:
    if not root.exists():
        raise CorpusError(f"corpus path does not exist: {root}")
    if root.is_file():
        return [(root, root.name)]
    files = sorted(p for p in root.rglob("*") if p.is_file() and p.suffix.lower() in TEXT_SUFFIXES)
    return [(p, p.relative_to(root).as_posix()) for p in files
            if not any(part.startswith(".") for part in p.relative_to(root).parts)]


def load_corpus(root: Path) -> LoadReport:
    """Load every .txt/.md file under `root`, skipping (with a warning) those that are not text."""
    documents: list[Document] = []
    skipped: list[tuple[str, str]] = []
    for path, relative in iter_corpus_files(root):
        try:
            documents.append(read_document(path, relative))
        except (OSError, ValueError) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            log.warning("skipping %s: %s", relative, reason)
            skipped.append((relative, reason))
    return LoadReport(documents, skipped)
