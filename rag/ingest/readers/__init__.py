"""Document readers: one per format, chosen by file suffix, each turning a file's bytes into the
text we store and index plus its structure (blocks, sections, pages). See `base` for the contract.

The parsing libraries are imported inside each `read()`, so importing this package stays cheap.
"""

from __future__ import annotations

from pathlib import PurePath

from rag.errors import UnreadableDocument
from rag.ingest.readers.base import Block, Extracted, Reader, page_of, section_of
from rag.ingest.readers.docx_reader import DocxReader
from rag.ingest.readers.html_reader import HtmlReader
from rag.ingest.readers.markdown_reader import MarkdownReader
from rag.ingest.readers.pdf_reader import PdfReader
from rag.ingest.readers.text_reader import TextReader

READERS: tuple[Reader, ...] = (TextReader(), MarkdownReader(), HtmlReader(), DocxReader(), PdfReader())
_BY_SUFFIX: dict[str, Reader] = {suffix: reader for reader in READERS for suffix in reader.suffixes}
SUPPORTED_SUFFIXES: frozenset[str] = frozenset(_BY_SUFFIX)


def reader_for(path: str | PurePath) -> Reader | None:
    """The reader for a file, by its suffix (case-insensitive), or None when the format is unsupported."""
    return _BY_SUFFIX.get(PurePath(path).suffix.lower())


def read_file(path: str | PurePath, data: bytes) -> Extracted:
    """Read `data` as the file at `path`; UnreadableDocument when unsupported or unreadable."""
    reader = reader_for(path)
    if reader is None:
        raise UnreadableDocument(f"unsupported file type: {PurePath(path).suffix or 'no suffix'}")
    return reader.read(data, PurePath(path).name)


__all__ = [
    "READERS",
    "SUPPORTED_SUFFIXES",
    "Block",
    "Extracted",
    "Reader",
    "UnreadableDocument",
    "page_of",
    "read_file",
    "reader_for",
    "section_of",
]
