"""The reader contract: a file's bytes become the text we store and index, plus its structure.

Every citation indexes into `Extracted.text` (Python `str` offsets), so a reader decides once, here,
what that text is; blocks, sections and pages are spans of it that let a chunker keep a table or a
code example whole and let an answer say "page 3" or "2 Installation > 2.1 Requirements".
"""

from __future__ import annotations

import bisect
from collections import Counter
from dataclasses import dataclass, field, replace
from typing import Literal, Protocol

from rag.text.invisible import FORMAT_CHARACTERS, strip_invisible

BlockKind = Literal["heading", "paragraph", "table", "code", "list_item"]


@dataclass(frozen=True)
class Block:
    """A structural unit in reading order: `text[start:end]`, end exclusive."""

    kind: BlockKind
    start: int
    end: int
    level: int = 0
    """Heading level (1 = top); 0 for every other kind."""
    header: bool = False
    """A table whose first line names its columns: each row is read with it (rag.text.layout)."""


@dataclass
class Extracted:
    """What a reader made of one file."""

    text: str
    blocks: list[Block]
    sections: list[tuple[int, int, str]]
    """(start, end, heading path): consecutive spans, each from a heading to the next one."""
    page_starts: list[int] = field(default_factory=list)
    """PDFs only: page n (1-based) starts at `page_starts[n - 1]`."""
    warnings: list[str] = field(default_factory=list)
    hidden: dict[str, int] = field(default_factory=dict)
    """Text a reader of the document cannot see, left out of `text`: characters removed, by what
    hid them ("zero-width and format characters", "HTML hidden elements", …). See
    rag.text.invisible and each reader."""


class Reader(Protocol):
    suffixes: tuple[str, ...]

    def read(self, data: bytes, name: str) -> Extracted:
        """Turn a file's bytes into text and structure, or raise UnreadableDocument."""
        ...


def page_of(extracted: Extracted, char: int) -> int | None:
    """1-based page holding the character at `char`, or None when the format has no pages."""
    if not extracted.page_starts or not 0 <= char < max(len(extracted.text), 1):
        return None
    return bisect.bisect_right(extracted.page_starts, char)


def section_of(extracted: Extracted, char: int) -> str | None:
    """Heading path of the section holding `char`, or None before the first heading."""
    starts = [s for s, _, _ in extracted.sections]
    i = bisect.bisect_right(starts, char) - 1
    if i < 0:
        return None
    start, end, path = extracted.sections[i]
    return path if start <= char < end else None


def build_sections(text: str, blocks: list[Block]) -> list[tuple[int, int, str]]:
    """Sections from the heading blocks: each runs from its heading to the next heading (or the end)
    and is named by the path of enclosing headings, so `section_of` answers with the deepest one."""
    headings = [b for b in blocks if b.kind == "heading"]
    stack: list[tuple[int, str]] = []
    sections: list[tuple[int, int, str]] = []
    for i, block in enumerate(headings):
        title = " ".join(text[block.start:block.end].split())
        level = max(block.level, 1)
        while stack and stack[-1][0] >= level:
            stack.pop()
        stack.append((level, title))
        end = headings[i + 1].start if i + 1 < len(headings) else len(text)
        sections.append((block.start, end, " > ".join(t for _, t in stack)))
    return sections


class TextBuilder:
    """Assembles the stored text of a format we re-render (HTML, DOCX, PDF): one block after another,
    a blank line between them, so every block starts on its own line and offsets are known exactly.
    Invisible characters are removed from each block before it is placed (and counted in `hidden`,
    where a reader also counts what else it left out as hidden), so offsets are those of the text
    without them."""

    def __init__(self) -> None:
        self._parts: list[str] = []
        self._length = 0
        self.blocks: list[Block] = []
        self.hidden: Counter[str] = Counter()

    def _visible(self, content: str) -> str:
        content, removed = strip_invisible(content)
        if removed:
            self.hidden[FORMAT_CHARACTERS] += removed
        return content

    def add(self, kind: BlockKind, content: str, level: int = 0) -> None:
        """Append one block; content that is only whitespace is dropped. Code keeps its lines."""
        content = self._visible(content)
        if kind == "code":
            lines = [line.rstrip() for line in content.replace("\r\n", "\n").replace("\r", "\n").split("\n")]
            while lines and not lines[0].strip():
                lines.pop(0)
            content = "\n".join(lines).rstrip()
        elif kind == "table":
            content = content.strip("\n")
        else:
            content = " ".join(content.split())
        self._append(kind, content, level)

    def _append(self, kind: BlockKind, content: str, level: int) -> None:
        if not content.strip():
            return
        if self._parts:
            self._parts.append("\n\n")
            self._length += 2
        self.blocks.append(Block(kind, self._length, self._length + len(content),
                                 level if kind == "heading" else 0))
        self._parts.append(content)
        self._length += len(content)

    def add_lines(self, kind: BlockKind, lines: list[str], level: int = 0) -> None:
        """A block whose line breaks are kept (a PDF paragraph as printed), lines only trimmed; a
        title is joined into one line, so that it stays on a line of its own."""
        lines = [line.strip() for line in map(self._visible, lines) if line.strip()]
        if kind in ("code", "table", "heading"):
            self.add(kind, "\n".join(lines), level)
        else:
            self._append(kind, "\n".join(lines), level)

    def add_table(self, rows: list[list[str]], header: bool = False) -> None:
        """A table as lines `cell | cell`, header row first (`header`: the reader knows the first
        row names the columns); empty rows are dropped."""
        lines = [" | ".join(" ".join(c.split()) for c in row).strip() for row in rows]
        named = header and bool(lines) and bool(lines[0].replace("|", "").strip())
        lines = [line for line in lines if line.replace("|", "").strip()]
        if lines:
            count = len(self.blocks)
            self.add("table", "\n".join(lines))
            if named and len(lines) > 1 and len(self.blocks) > count:
                self.blocks[-1] = replace(self.blocks[-1], header=True)

    @property
    def text(self) -> str:
        return "".join(self._parts)

    @property
    def length(self) -> int:
        """Length of the text so far (without joining it)."""
        return self._length

    def extracted(self, warnings: list[str] | None = None) -> Extracted:
        text = self.text
        return Extracted(text, list(self.blocks), build_sections(text, self.blocks),
                         warnings=list(warnings or []), hidden=self.hidden_counts())

    def hidden_counts(self) -> dict[str, int]:
        return {label: n for label, n in self.hidden.items() if n > 0}
