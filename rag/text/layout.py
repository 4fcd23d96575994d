"""What a passage's line breaks and positions mean, beyond its characters.

Plain text as people have it is hard-wrapped: a sentence runs over several lines, and its line
breaks are not sentence ends. Manuals hold tables and command examples whose lines are statements
without a full stop. PDFs have pages, structured documents have sections. The chunker knows all of
it from the reader and records it with each chunk (offsets relative to the chunk), so that sentence
splitting, quoting and citing can honour it later without going back to the document.
"""

from __future__ import annotations

import bisect
import json
from collections.abc import Container
from dataclasses import dataclass

from rag.text.sentences import sentence_spans


@dataclass(frozen=True)
class Layout:
    soft_breaks: tuple[int, ...] = ()
    """Offsets of line breaks inside a paragraph (not sentence ends)."""
    lines: tuple[tuple[int, int], ...] = ()
    """Spans of table rows and code lines: each a statement of its own, quoted whole."""
    pages: tuple[tuple[int, int], ...] = ()
    """(offset, page number) where each page begins; the first at offset 0 (PDFs)."""
    sections: tuple[tuple[int, str], ...] = ()
    """(offset, heading path) where each section begins; the first at offset 0 when known."""
    headers: tuple[tuple[int, str], ...] = ()
    """(offset, header row) where the rows under a table's header begin, and (offset, "") where
    the table ends: a row ("10 years | 4") means something only with its column names, which a
    chunk starting mid-table does not hold."""

    def within(self, start: int, end: int) -> Layout:
        """The part of this layout inside text[start:end], relative to `start`."""
        return Layout(tuple(i - start for i in self.soft_breaks if start <= i < end),
                      tuple((s - start, e - start) for s, e in self.lines if start <= s and e <= end),
                      _clip(self.pages, start, end), _clip(self.sections, start, end),
                      _clip(self.headers, start, end))

    def page_at(self, offset: int) -> int | None:
        return _at(self.pages, offset)

    def section_at(self, offset: int) -> str | None:
        return _at(self.sections, offset) or None

    def header_at(self, offset: int) -> str | None:
        """The column names of the table row at `offset`, when its table has them."""
        return _at(self.headers, offset) or None

    def to_json(self) -> str:
        if not self:
            return ""
        return json.dumps([list(self.soft_breaks), [list(s) for s in self.lines],
                           [list(p) for p in self.pages], [list(s) for s in self.sections],
                           [list(h) for h in self.headers]], ensure_ascii=False)

    @classmethod
    def from_json(cls, raw: str) -> Layout:
        if not raw:
            return cls()
        soft, lines, pages, sections, *rest = json.loads(raw)  # no headers before index 10
        headers = rest[0] if rest else []
        return cls(tuple(soft), tuple((s, e) for s, e in lines),
                   tuple((o, p) for o, p in pages), tuple((o, s) for o, s in sections),
                   tuple((o, h) for o, h in headers))

    def __bool__(self) -> bool:
        return bool(self.soft_breaks or self.lines or self.pages or self.sections or self.headers)


def _clip(marks: tuple[tuple[int, object], ...], start: int, end: int) -> tuple:
    """Marks inside [start, end) relative to start, led by the one in force at `start`."""
    offsets = [o for o, _ in marks]
    i = bisect.bisect_right(offsets, start) - 1
    first = ((0, marks[i][1]),) if i >= 0 else ()
    return first + tuple((o - start, v) for o, v in marks if start < o < end)


def _at(marks: tuple[tuple[int, object], ...], offset: int):
    i = bisect.bisect_right([o for o, _ in marks], offset) - 1
    return marks[i][1] if i >= 0 else None


def statement_spans(text: str, layout: Layout = Layout(), soft: Container[int] | None = None
                    ) -> list[tuple[int, int]]:
    """The statements of a passage: its sentences (a hard-wrapped one whole) and its table rows and
    code lines (each whole, full stop or not)."""
    soft = set(layout.soft_breaks) if soft is None else soft
    spans: list[tuple[int, int]] = []
    pos = 0
    for s, e in sorted(layout.lines):
        spans += sentence_spans(text, pos, s, soft=soft)
        spans.append((s, e))
        pos = e
    spans += sentence_spans(text, pos, len(text), soft=soft)
    return spans
