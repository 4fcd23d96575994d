"""The rules every reader's output must satisfy, checked the same way for every format."""

from __future__ import annotations

from rag.ingest.readers import Extracted, page_of, section_of


def assert_well_formed(ex: Extracted, *, rebuilt: bool) -> None:
    """`rebuilt`: the reader produced the text itself (HTML, DOCX, PDF), so blocks are separated by
    exactly one blank line; for plain text and Markdown the text is the file's and only the spans
    are checked."""
    text = ex.text
    assert "\r" not in text
    assert ex.blocks, "no blocks"
    previous_end = 0
    for block in ex.blocks:
        assert 0 <= block.start < block.end <= len(text), block
        assert block.start >= previous_end, f"overlapping or unsorted: {block}"
        content = text[block.start:block.end]
        assert content.strip(), f"whitespace-only block {block}"
        assert (block.level >= 1) == (block.kind == "heading"), block
        if block.kind == "heading":
            line_start = text.rfind("\n", 0, block.start) + 1
            line_end = text.find("\n", block.end)
            line_end = len(text) if line_end < 0 else line_end
            # Only Markdown's own marks (`## Title ##`) may share the line with a title.
            for rest in (text[line_start:block.start], text[block.end:line_end]):
                assert not rest.replace("#", " ").strip(), f"heading not on its own line: {content!r}"
            assert "\n" not in content.strip() or not rebuilt
        if block.kind == "table" and rebuilt:
            rows = content.split("\n")
            assert all(row.strip() for row in rows), "a table block is its rows, one a line"
            assert any(" | " in row for row in rows), "cells separated by ' | '"
        previous_end = block.end
    if rebuilt:
        for a, b in zip(ex.blocks, ex.blocks[1:], strict=False):
            assert text[a.end:b.start] == "\n\n", f"not one blank line between {a} and {b}"
        assert ex.blocks[0].start == 0 and ex.blocks[-1].end == len(text)
    _assert_sections(ex)
    _assert_pages(ex)


def _assert_sections(ex: Extracted) -> None:
    headings = {b.start: b for b in ex.blocks if b.kind == "heading"}
    previous_end = 0
    for start, end, path in ex.sections:
        assert start in headings and previous_end <= start < end <= len(ex.text)
        title = ex.text[start:headings[start].end]
        assert path.split(" > ")[-1] == " ".join(title.split())
        assert section_of(ex, start) == path and section_of(ex, end - 1) == path
        previous_end = end
    assert len(ex.sections) == len(headings)


def _assert_pages(ex: Extracted) -> None:
    if not ex.page_starts:
        assert page_of(ex, 0) is None
        return
    assert ex.page_starts[0] == 0
    assert ex.page_starts == sorted(ex.page_starts)
    assert all(s <= len(ex.text) for s in ex.page_starts)
    for block in ex.blocks:  # a block never straddles a page break
        assert page_of(ex, block.start) == page_of(ex, block.end - 1)
