"""HTML in Markdown that a rendered page never shows: comments (`<!-- … -->`) and raw HTML blocks
that are hidden as a whole (`<div style="display:none">`, `<p hidden>`, white text: the rules of
rag.ingest.readers.html_hidden).

Markdown is usually read rendered (a forge, an editor's preview), where both are invisible, so both
can carry an instruction for the model that nobody reviewing the file sees. They are removed from
the stored text, which otherwise stays the file's own: their line breaks are kept, so every other
line keeps its number. Comments inside code (fenced, indented or a code span) are code and stay. An
HTML block that is only partly hidden is kept whole.
"""

from __future__ import annotations

import re
from typing import Any

from rag.ingest.readers.html_hidden import Stylesheet, hidden_elements
from rag.ingest.readers.text_lines import split_lines

HIDDEN_MARKDOWN_HTML = "hidden HTML in Markdown"
_COMMENT = re.compile(r"<!--.*?-->", re.S)


def strip_hidden_html(text: str, tokens: list[Any]) -> tuple[str, int]:
    """`text` (whose markdown-it tokens are `tokens`) without hidden HTML, and how many characters
    went (runs of whitespace counted once, line breaks never removed)."""
    lines = split_lines(text)
    spans: list[tuple[int, int]] = []
    for token in tokens:
        if token.map is None or token.type not in ("html_block", "inline"):
            continue
        start, end = lines[token.map[0]].start, lines[token.map[1] - 1].content_end
        if token.type == "html_block":
            if _hidden_block(token.content):
                spans.append((start, end))
            else:
                spans.extend((start + m.start(), start + m.end()) for m in _COMMENT.finditer(text[start:end]))
            continue
        position = start
        for child in token.children or ():
            if child.type == "html_inline" and child.content.startswith("<!--"):
                found = text.find(child.content, position, end)
                if found >= 0:
                    spans.append((found, found + len(child.content)))
                    position = found + len(child.content)
    if not spans:
        return text, 0
    out: list[str] = []
    removed = 0
    previous = 0
    for s, e in sorted(spans):
        if s < previous:
            continue
        out.append(text[previous:s])
        out.append("\n" * text.count("\n", s, e))
        removed += len(" ".join(text[s:e].split()))
        previous = e
    out.append(text[previous:])
    return "".join(out), removed


def _hidden_block(content: str) -> bool:
    """An HTML block that shows nothing: comments only, or elements all hidden."""
    if not _COMMENT.sub("", content).strip():
        return True
    import lxml.html
    from lxml.etree import ParserError

    try:
        root = lxml.html.fragment_fromstring(_COMMENT.sub("", content), create_parent="div")
    except (ParserError, ValueError):
        return False
    hidden = hidden_elements(root, Stylesheet([]))
    if not hidden:
        return False
    for el in hidden:
        el.drop_tree()
    return not root.text_content().strip()
