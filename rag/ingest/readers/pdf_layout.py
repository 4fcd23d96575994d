"""Paragraphs and titles of a PDF page from the geometry of its text lines.

pdfium gives a page's text line by line with no paragraph marks. A paragraph ends where the space
between two lines is clearly larger than the page's usual line spacing, or where the font size
changes; a short group in a larger font than the body is a title, its level set by its size rank.
"""

from __future__ import annotations

import itertools
import re
from collections import Counter
from dataclasses import dataclass, field

from rag.ingest.readers.base import BlockKind

_BULLET = re.compile(r"^(?:[•◦▪●‣·\-–*]|\d{1,3}[.)]|[a-z][.)])\s")


@dataclass(frozen=True)
class PdfLine:
    text: str
    top: float
    bottom: float
    size: float
    """Font size of the line's first characters (points)."""
    mono: bool = False


@dataclass
class Group:
    lines: list[PdfLine] = field(default_factory=list)
    kind: BlockKind = "paragraph"
    level: int = 0

    @property
    def size(self) -> float:
        return max(line.size for line in self.lines)

    @property
    def text(self) -> str:
        return "\n".join(line.text for line in self.lines)


def group_lines(pages: list[list[PdfLine]]) -> list[list[Group]]:
    """Each page's lines grouped into paragraphs (in reading order). The usual spacing between lines
    is measured over the whole document: a page with two lines says nothing about it."""
    gaps = [[a.bottom - b.top for a, b in itertools.pairwise(lines)] for lines in pages]
    positive = sorted(g for page in gaps for g in page if g >= -1)
    if len(positive) >= 4:
        base_gap = positive[len(positive) // 4]
    else:
        heights = sorted(ln.top - ln.bottom for lines in pages for ln in lines)
        base_gap = 0.5 * heights[len(heights) // 2] if heights else 0.0
    grouped: list[list[Group]] = []
    for lines, page_gaps in zip(pages, gaps, strict=True):
        groups: list[Group] = []
        for k, line in enumerate(lines):
            if k and _continues(lines[k - 1], line, page_gaps[k - 1], base_gap):
                groups[-1].lines.append(line)
            else:
                groups.append(Group([line]))
        grouped.append(groups)
    return grouped


def _continues(prev: PdfLine, line: PdfLine, gap: float, base_gap: float) -> bool:
    height = min(prev.top - prev.bottom, line.top - line.bottom) or 1.0
    if gap > base_gap + 0.5 * height or gap < -0.5 * height:
        return False  # a blank line's worth of space, or a jump up to the next column
    if abs(prev.size - line.size) > 0.15 * max(prev.size, line.size) or prev.mono != line.mono:
        return False
    return not _BULLET.match(line.text)


def classify(groups: list[Group]) -> None:
    """Set each group's kind: titles by font size (over the whole document), code, list items."""
    weights: Counter[float] = Counter()
    for group in groups:
        for line in group.lines:
            weights[round(line.size * 2) / 2] += len(line.text)
    if not weights:
        return
    body = weights.most_common(1)[0][0]
    titles = [g for g in groups if _looks_like_title(g, body)]
    sizes = sorted({round(g.size * 2) / 2 for g in titles}, reverse=True)
    for group in groups:
        if group in titles:
            group.kind = "heading"
            group.level = min(sizes.index(round(group.size * 2) / 2) + 1, 6)
        elif all(line.mono for line in group.lines) and (len(group.lines) > 1 or len(group.text) >= 16):
            # A lone short monospace word is a key name or an identifier in a table cell.
            group.kind = "code"
        elif _BULLET.match(group.lines[0].text):
            group.kind = "list_item"


def _looks_like_title(group: Group, body: float) -> bool:
    text = " ".join(group.text.split())
    return group.size >= 1.15 * body and len(group.lines) <= 3 and len(text) <= 150

