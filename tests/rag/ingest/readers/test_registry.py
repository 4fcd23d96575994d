import subprocess
import sys

import pytest

from rag.errors import UnreadableDocument
from rag.ingest.readers import (
    READERS,
    SUPPORTED_SUFFIXES,
    Block,
    Extracted,
    page_of,
    read_file,
    reader_for,
    section_of,
)
from rag.ingest.readers.base import TextBuilder, build_sections


def test_every_suffix_has_exactly_one_reader() -> None:
    assert {".txt", ".md", ".html", ".htm", ".docx", ".pdf"} <= SUPPORTED_SUFFIXES
    suffixes = [s for reader in READERS for s in reader.suffixes]
    assert len(suffixes) == len(set(suffixes)) == len(SUPPORTED_SUFFIXES)
    assert reader_for("archive.zip") is None and reader_for("Makefile") is None


def test_read_file_refuses_unsupported_types_with_reason() -> None:
    with pytest.raises(UnreadableDocument, match=r"unsupported file type: \.xlsx"):
        read_file("sheet.xlsx", b"data")
    assert read_file("dir/note.txt", b"Hello.\n").text == "Hello.\n"


def test_page_of_and_section_of() -> None:
    text = "Intro\n\nTitle\n\nBody one\n\nSub\n\nBody two"
    blocks = [Block("paragraph", 0, 5), Block("heading", 7, 12, 1), Block("paragraph", 14, 22),
              Block("heading", 24, 27, 2), Block("paragraph", 29, 37)]
    ex = Extracted(text, blocks, build_sections(text, blocks), page_starts=[0, 14, 14, 29])
    assert ex.sections == [(7, 24, "Title"), (24, 37, "Title > Sub")]
    assert section_of(ex, 0) is None
    assert section_of(ex, text.index("Body one")) == "Title"
    assert section_of(ex, text.index("two")) == "Title > Sub"
    # Page 2 has no text: a character at its start belongs to page 3, the next page that has some.
    assert [page_of(ex, i) for i in (0, 13, 14, 28, 29, 36)] == [1, 1, 3, 3, 4, 4]
    assert page_of(ex, len(text)) is None
    assert page_of(Extracted(text, blocks, []), 3) is None


def test_text_builder_separates_blocks_with_one_blank_line() -> None:
    out = TextBuilder()
    out.add("heading", "  Un   titre\n", 1)
    out.add("paragraph", "   ")
    out.add("code", "\n\n  indented\n\tline  \n\n")
    out.add_table([["a", "b"], ["", ""], ["1", "2"]])
    ex = out.extracted()
    assert ex.text == "Un titre\n\n  indented\n\tline\n\na | b\n1 | 2"
    assert [(b.kind, b.level) for b in ex.blocks] == [("heading", 1), ("code", 0), ("table", 0)]
    assert ex.sections == [(0, len(ex.text), "Un titre")]


def test_importing_readers_does_not_import_parsers() -> None:
    """Parsing libraries load on first use, so `import rag` stays fast."""
    code = ("import sys, rag.ingest.readers; heavy = {'lxml', 'docx', 'pypdfium2', 'markdown_it', "
            "'charset_normalizer'} & set(sys.modules); print(sorted(heavy))")
    result = subprocess.run([sys.executable, "-c", code], capture_output=True, text=True, check=True)
    assert result.stdout.strip() == "[]"
