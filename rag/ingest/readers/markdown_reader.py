"""Markdown: the stored text is the source itself (line numbers stay the file's), less what nobody
sees (the characters of rag.text.invisible, and HTML comments and hidden HTML blocks, which a
rendered page never shows: rag.ingest.readers.markdown_hidden); structure comes from markdown-it's
block tokens, whose line maps say which source lines each block covers."""

from __future__ import annotations

from dataclasses import replace

from rag.ingest.readers.base import Block, BlockKind, Extracted, build_sections
from rag.ingest.readers.decoding import visible_text
from rag.ingest.readers.markdown_hidden import HIDDEN_MARKDOWN_HTML, strip_hidden_html
from rag.ingest.readers.text_lines import Line, split_lines


class MarkdownReader:
    suffixes = (".md", ".markdown")

    def read(self, data: bytes, name: str) -> Extracted:
        from markdown_it import MarkdownIt

        parser = MarkdownIt("commonmark").enable(["table", "strikethrough"])
        text, hidden = visible_text(data)
        text, removed = strip_hidden_html(text, parser.parse(text))
        if removed:
            hidden[HIDDEN_MARKDOWN_HTML] = removed
        lines = split_lines(text)
        tokens = parser.parse(text)
        blocks: list[Block] = []
        list_depth = 0
        for k, token in enumerate(tokens):
            if token.type == "list_item_open":
                list_depth += 1
            elif token.type == "list_item_close":
                list_depth -= 1
            if token.map is None or token.nesting == -1:
                continue
            first, stop = token.map
            kind: BlockKind | None = None
            if token.type == "heading_open":
                blocks.extend(_heading(lines, first, stop, tokens[k + 1].content, int(token.tag[1])))
            elif token.type in ("fence", "code_block"):
                kind = "code"
            elif token.type == "table_open":
                kind = "table"
            elif token.type == "paragraph_open":
                kind = "list_item" if list_depth else "paragraph"
            elif token.type == "html_block":
                kind = "paragraph"
            if kind:
                block = _span(lines, kind, first, stop)
                if block and kind == "table":
                    block = replace(block, header=True)  # the syntax makes its first row the header
                if block:
                    blocks.append(block)
        blocks = _nonoverlapping(blocks)
        return Extracted(text, blocks, build_sections(text, blocks), hidden=hidden)


def _span(lines: list[Line], kind: BlockKind, first: int, stop: int) -> Block | None:
    """Lines `first` to `stop` (exclusive) without surrounding blank lines; code keeps its indent."""
    while stop > first and lines[stop - 1].blank:
        stop -= 1
    while first < stop and lines[first].blank:
        first += 1
    if first >= stop:
        return None
    start = lines[first].start if kind == "code" else lines[first].content_start
    return Block(kind, start, lines[stop - 1].content_end)


def _heading(lines: list[Line], first: int, stop: int, content: str, level: int) -> list[Block]:
    """The title text alone: without `#` marks, or without the `===` underline of a setext title."""
    if not content.strip():
        return []
    first_line = content.split("\n")[0]
    last_line = content.split("\n")[-1]
    head = lines[first]
    offset = head.raw.find(first_line)
    start = head.start + offset if offset >= 0 else head.content_start
    last = lines[min(first + content.count("\n"), stop - 1)]
    offset = last.raw.rfind(last_line)
    end = last.start + offset + len(last_line) if offset >= 0 else last.content_end
    return [Block("heading", start, end, level)] if end > start else []


def _nonoverlapping(blocks: list[Block]) -> list[Block]:
    """Sorted blocks; one nested in an earlier one (an HTML block in a list) is dropped."""
    out: list[Block] = []
    for block in sorted(blocks, key=lambda b: (b.start, -b.end)):
        if out and block.start < out[-1].end:
            continue
        out.append(block)
    return out
