"""Blocks of a plain-text file, found from its layout alone; the text itself is never changed.

Two kinds of plain text reach us. Scraped articles keep one paragraph per line, so every non-blank
line is a block of its own, exactly as the chunker always treated them. Manuals are hard-wrapped at
~72-80 columns, so a paragraph spans several lines; a line continues the previous one only when the
previous line is "full" (its next word would not have fitted), the rule a wrapping editor follows.
Tables, indented code, command examples, lists and section titles are recognised in both; in
hard-wrapped text, a term followed by more deeply indented lines (a manual page's option and its
description) is one definition item.
"""

from __future__ import annotations

import re
from collections import Counter
from dataclasses import dataclass

from rag.ingest.readers.base import Block, BlockKind
from rag.ingest.readers.text_lines import (
    MAX_WRAP,
    Line,
    cells,
    display_width,
    first_word_width,
    heading_level,
    is_command,
    is_list_item,
    is_pipe_row,
    is_ruler,
    is_table_rule,
    is_underline,
    split_lines,
    underline_level,
)


@dataclass
class _Page:
    """The file's lines and the two document-wide measures: body indentation and wrap width."""

    lines: list[Line]
    base_indent: int
    wrap: int
    """Column the text is wrapped at, or 0 when lines are paragraphs (not hard-wrapped)."""

    def line(self, i: int) -> Line | None:
        return self.lines[i] if 0 <= i < len(self.lines) else None

    def blank(self, i: int) -> bool:
        line = self.line(i)
        return line is None or line.blank

    def full(self, i: int) -> bool:
        """Line i was broken by the wrapper: the next line's first word would not have fitted."""
        nxt = self.line(i + 1)
        line = self.lines[i]
        if not self.wrap or nxt is None or nxt.blank or line.width > self.wrap:
            return False
        # Hand-wrapped text leaves some room at the end of a line; allow for it.
        return line.width + 1 + first_word_width(nxt) > self.wrap - max(4, self.wrap // 10)


def _measure(lines: list[Line]) -> _Page:
    text_lines = [ln for ln in lines if not ln.blank and not is_ruler(ln)]
    indents = Counter(ln.indent for ln in text_lines)
    base = min(indents.most_common(1)[0][0], 8) if indents else 0
    prose = [k for k, ln in enumerate(lines) if not ln.blank and not is_ruler(ln)]
    widths = [lines[k].width for k in prose]
    wrap = 0
    if len(widths) >= 2 and sum(w > MAX_WRAP for w in widths) <= 0.1 * len(widths):
        width = max(w for w in widths if w <= MAX_WRAP)
        # Only running text followed by more running text at the same indentation shows the wrap:
        # most such lines must end close to it (tables, lists, commands, titles and the terms of a
        # definition list say nothing about it).
        followed = [lines[k].width for k in prose
                    if k + 1 < len(lines) and _running(lines[k]) and _running(lines[k + 1])
                    and lines[k].indent == lines[k + 1].indent]
        near = sum(width - 15 <= w <= width for w in followed)
        if width >= 40 and followed and near >= 0.6 * len(followed):
            wrap = width
    return _Page(lines, base, wrap)


def _running(line: Line) -> bool:
    """A line of prose: words, no table/list/command/title shape."""
    return not (line.blank or is_ruler(line) or is_underline(line) or is_list_item(line) or is_command(line)
                or is_pipe_row(line) or is_table_rule(line) or heading_level(line) or len(cells(line)) > 1
                or (len(line.text.split()) < 3 and display_width(line.text) < 20))


def layout_blocks(text: str) -> list[Block]:
    """Blocks of `text` in order: spans of whole lines, trimmed of surrounding whitespace."""
    page = _measure(split_lines(text))
    blocks: list[Block] = []
    i = 0
    n = len(page.lines)
    while i < n:
        if page.blank(i):
            i += 1
            continue
        for finder in (_table, _code, _heading, _list_item, _definition, _paragraph):
            found = finder(page, i, blocks)
            if found:
                kind, first, last, level, i = found
                start = page.lines[first].start if kind == "code" else page.lines[first].content_start
                # A rule under a table's first row (|---|, or a ruler of dashes) heads its columns.
                header = kind == "table" and last > first + 1 \
                    and (is_table_rule(page.lines[first + 1]) or is_ruler(page.lines[first + 1]))
                blocks.append(Block(kind, start, page.lines[last].content_end, level, header))
                break
    return blocks


_SENTENCE_END = re.compile(r"[.!?。！？:：;；]\s*$")
_Found = tuple[BlockKind, int, int, int, int] | None
"""(kind, first line, last line, level, next line to look at)."""


def _table(page: _Page, i: int, blocks: list[Block]) -> _Found:
    j = i
    rows = 0
    while j < len(page.lines) and (is_pipe_row(page.lines[j]) or is_table_rule(page.lines[j])):
        rows += is_pipe_row(page.lines[j])
        j += 1
    if rows >= 2 or (rows == 1 and j - i >= 2):
        return ("table", i, j - 1, 0, j)
    return _aligned_table(page, i)


def _aligned_table(page: _Page, i: int) -> _Found:
    """Columns aligned by runs of 2+ spaces over 3+ lines (a ruler of dashes may sit under the header).

    Rows are added while some inner column boundary (a cell's start after the first, a cell's end
    before the last) still falls at the same place in all of them and their numbers of cells differ
    by one at most, so the scan stops at the first row that breaks the alignment and costs no more
    than the table. Rows that only end at the same place align as a table when they have as many
    cells each (a right-aligned last column) and that place is not the text's wrap column. A
    justified paragraph (as man renders one) ends every line at the wrap column, and its double
    spaces fall anywhere, a few to a line or many: by chance some line up over three lines."""
    starts: set[int] | None = None
    ends: set[int] | None = None
    right: set[int] | None = None
    counts: set[int] = set()
    rows = 0
    j = i
    while j < len(page.lines) and not page.lines[j].blank:
        line = page.lines[j]
        if is_ruler(line) and rows:
            j += 1
            continue
        row = cells(line)
        if len(row) < 2:
            break
        row_starts = _common(starts, {s for s, _ in row[1:]})
        row_ends = _common(ends, {e for _, e in row[:-1]})
        # A justified paragraph's lines all end at the wrap column: that edge aligns nothing.
        row_right = _common(right, set() if line.width == page.wrap else {row[-1][1]})
        counts.add(len(row))
        if max(counts) - min(counts) > 1 \
                or not (row_starts or row_ends or (row_right and len(counts) == 1)):
            break
        starts, ends, right = row_starts, row_ends, row_right
        rows += 1
        j += 1
    while j > i and is_ruler(page.lines[j - 1]):
        j -= 1
    return ("table", i, j - 1, 0, j) if rows >= 3 else None


def _common(kept: set[int] | None, row: set[int]) -> set[int]:
    """The columns a row shares with the rows before it (all of its own for the first row)."""
    return row if kept is None else kept & row


def _code(page: _Page, i: int, blocks: list[Block]) -> _Found:
    line = page.lines[i]
    indented = line.indent >= page.base_indent + 4
    # As in Markdown, an indented line inside a paragraph or list item continues it; only after a
    # blank line (or a title, table or code) does indentation start code.
    after_break = page.blank(i - 1) or bool(blocks and blocks[-1].kind in ("heading", "table", "code"))
    if not is_command(line) and not (indented and after_break and not _prose(page, i)):
        return None
    last = i
    for j in range(i + 1, len(page.lines)):
        nxt = page.lines[j]
        if nxt.blank:
            if not indented:
                break
            continue
        if nxt.indent >= page.base_indent + 4 or (is_command(nxt) and not page.blank(j - 1)):
            last = j
        else:
            break
    return ("code", i, last, 0, last + 1)


def _prose(page: _Page, i: int) -> bool:
    """An indented run of hard-wrapped sentences (a manual's description), not code."""
    if not page.wrap:
        return False
    run = []
    for line in page.lines[i:]:
        if line.blank or line.indent < page.lines[i].indent:
            break
        run.append(line.text)
    words = sum(len(t.split()) for t in run)
    letters = sum(ch.isalpha() or ch.isspace() for t in run for ch in t)
    return words >= 5 * len(run) and letters >= 0.8 * sum(len(t) for t in run)


def _definition(page: _Page, i: int, blocks: list[Block]) -> _Found:
    """A term and its more deeply indented description (`-a, --all` over `do not ignore …`), with
    the description's further paragraphs, in hard-wrapped text."""
    line, below = page.lines[i], page.line(i + 1)
    if not page.wrap or below is None or below.blank or below.indent < line.indent + 2 \
            or line.indent < page.base_indent:
        return None
    last = i + 1
    j = i + 2
    while j < len(page.lines):
        nxt = page.lines[j]
        if nxt.blank:
            following = next((k for k in range(j, len(page.lines)) if not page.blank(k)), None)
            if following is None or page.lines[following].indent <= line.indent:
                break
            j = following
            continue
        if nxt.indent <= line.indent:
            break
        last = j
        j += 1
    return ("list_item", i, last, 0, last + 1)


def _heading(page: _Page, i: int, blocks: list[Block]) -> _Found:
    line = page.lines[i]
    below = page.line(i + 1)
    under = page.line(i + 2)
    if is_underline(line) and below is not None and under is not None and under.text == line.text \
            and not below.blank and below.width <= 80:
        return ("heading", i + 1, i + 1, heading_level(below) or underline_level(line), i + 3)
    indented = line.indent >= page.base_indent + 4
    if below is not None and is_underline(below) and not is_ruler(line) and not indented:
        width = line.width
        if width <= 80 and abs(below.width - width) <= max(3, width // 3):
            level = heading_level(line) or underline_level(below)
            return ("heading", i, i, level, i + 2)
    if page.wrap and line.indent < page.base_indent and below is not None and not below.blank \
            and below.indent >= page.base_indent and len(line.text.split()) <= 4 \
            and display_width(line.text) <= 30 and not _SENTENCE_END.search(line.text):
        return ("heading", i, i, 1, i + 1)  # a manual page's section title, outdented ("名称")
    level = heading_level(line)
    standalone = page.blank(i + 1) or not page.full(i)
    if level and standalone and not _in_numbered_list(page, i):
        return ("heading", i, i, level, i + 1)
    return None


def _in_numbered_list(page: _Page, i: int) -> bool:
    """`1. Apples` next to `2. Pears` is a list, not two chapters."""
    if not is_list_item(page.lines[i]):
        return False
    return any(not page.blank(k) and is_list_item(page.lines[k]) for k in (i - 1, i + 1))


def _list_item(page: _Page, i: int, blocks: list[Block]) -> _Found:
    if not is_list_item(page.lines[i]):
        return None
    indent = page.lines[i].indent
    last = i
    while not page.blank(last + 1):
        nxt = page.lines[last + 1]
        if _starts_block(page, last + 1):
            break
        if nxt.indent <= indent and not page.full(last):
            break
        last += 1
    return ("list_item", i, last, 0, last + 1)


def _paragraph(page: _Page, i: int, blocks: list[Block]) -> _Found:
    last = i
    while not is_ruler(page.lines[i]) and page.full(last) and not _starts_block(page, last + 1):
        last += 1
    return ("paragraph", i, last, 0, last + 1)


def _starts_block(page: _Page, i: int) -> bool:
    """Line i opens a new block even right under text: a list item, command, table row, ruler or title."""
    line = page.lines[i]
    if is_list_item(line) or is_command(line) or is_pipe_row(line) or is_table_rule(line) or is_ruler(line):
        return True
    below = page.line(i + 1)
    if below is not None and is_underline(below) and line.width <= 80:
        return True
    return bool(heading_level(line)) and (page.blank(i + 1) or not page.full(i))
