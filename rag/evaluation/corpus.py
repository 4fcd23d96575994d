"""The corpus files as the scorer sees them: decoded exactly as the indexer decodes them.

Quote validity ("the citation's quote is the file's text at its span") and the llama-index
baseline's offset-to-line mapping must both read the same `str` the Passage contract's offsets
index into. Decoding is therefore delegated to `rag.ingest.documents.read_document` (UTF-8, BOM removed)
rather than re-implemented, so the scorer cannot drift from the loader.
"""

from __future__ import annotations

from pathlib import Path, PurePosixPath

from rag.ingest.documents import Document, read_document


class CorpusFiles:
    """Lazily read, cached texts of the files under one corpus root, addressed by relative path."""

    def __init__(self, root: Path) -> None:
        self.root = Path(root)
        self._documents: dict[str, Document | None] = {}

    def document(self, name: str) -> Document | None:
        """The loaded document `name` (relative, `/`-separated), None when it is not a file here.

        Paths escaping the root are treated as missing: a citation naming `../x` is simply wrong.
        """
        if name not in self._documents:
            rel = PurePosixPath(name)
            path = self.root.joinpath(*rel.parts)
            if rel.is_absolute() or ".." in rel.parts or not path.is_file():
                self._documents[name] = None
            else:
                try:
                    self._documents[name] = read_document(path, name)
                except (OSError, ValueError):
                    self._documents[name] = None
        return self._documents[name]

    def text(self, name: str) -> str | None:
        """The decoded text of `name`, None when it is not a readable file under the root."""
        doc = self.document(name)
        return doc.text if doc else None

    def quote_valid(self, name: str, start_char: int, end_char: int, quote: str) -> bool:
        """True when `quote` is exactly the file's text at [start_char, end_char)."""
        text = self.text(name)
        if text is None or not 0 <= start_char <= end_char <= len(text):
            return False
        return text[start_char:end_char] == quote

    def line_span(self, name: str, start_char: int, end_char: int) -> tuple[int, int]:
        """1-based (first, last) lines holding the first and last character of the span."""
        doc = self.document(name)
        if doc is None:
            raise FileNotFoundError(f"{name} is not a file under {self.root}")
        return doc.line_of(start_char), doc.line_of(max(start_char, end_char - 1))

    def locate(self, name: str, snippet: str, hint: int = 0) -> tuple[int, int] | None:
        """Char span of `snippet` in the file (first occurrence at or after `hint`, else anywhere).

        Used to give the llama-index baseline's citation chunks real offsets: llama-index clears
        `start_char_idx` on the sub-chunks it cites, but its splitter cuts exact substrings.
        """
        text = self.text(name)
        snippet = snippet.strip()
        if text is None or not snippet:
            return None
        at = text.find(snippet, max(0, hint))
        if at < 0:
            at = text.find(snippet)
        return None if at < 0 else (at, at + len(snippet))
