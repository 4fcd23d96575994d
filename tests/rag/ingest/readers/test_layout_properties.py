"""Arbitrary plain text and Markdown, built from the line shapes the layout rules look at, must
always give well-formed blocks: in the text, sorted, disjoint, never blank, titles on their own line."""

from hypothesis import given, settings
from hypothesis import strategies as st

from rag.ingest.readers.markdown_reader import MarkdownReader
from rag.ingest.readers.text_reader import TextReader
from rag.text.invisible import strip_invisible
from tests.rag.ingest.readers.invariants import assert_well_formed

_LINES = st.sampled_from([
    "", "", "   ", "2 Installation", "2.1 Requirements", "NOTES", "=====", "-----", "+---+---+",
    "| a | b |", "|---|---|", "a | b", "  name    value   size", "$ make install", "# apt-get update",
    "    indented code", "\tindented with a tab", "- a bullet item", "1. First step.", "  • Partager",
    "A full line of wrapped prose that runs all the way to the right margin of the", "short end.",
    "该软件需要六十四位处理器和至少四千兆字节的内存才能正常运行。安装完成后请重新启动", "```", "> quoted",
    "Le logiciel nécessite un processeur 64 bits et au moins quatre gigaoctets de mémoire vive pour " * 2,
])
_DOCUMENTS = st.lists(st.one_of(_LINES, st.text(max_size=30)), max_size=30).map("\n".join)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS)
def test_plain_text_blocks_are_well_formed(text: str) -> None:
    if not strip_invisible(text)[0].strip() or "\x00" in text:
        return
    ex = TextReader().read(text.encode(), "random.txt")
    # The file's own text, less the characters nobody sees (rag.text.invisible).
    file_text = text.removeprefix("\ufeff").replace("\r\n", "\n").replace("\r", "\n")
    assert ex.text == strip_invisible(file_text)[0]
    assert ex.text.count("\n") == file_text.count("\n")
    assert_well_formed(ex, rebuilt=False)


@settings(max_examples=300, deadline=None)
@given(_DOCUMENTS)
def test_markdown_blocks_are_well_formed(text: str) -> None:
    if not strip_invisible(text)[0].strip() or "\x00" in text:
        return
    ex = MarkdownReader().read(text.encode(), "random.md")
    if ex.blocks:
        assert_well_formed(ex, rebuilt=False)
