"""Plain text: the stored text is the file's own text, so line numbers in citations are the file's.

Only a leading BOM and the characters nobody sees (zero-width, bidi controls, tag characters: see
rag.text.invisible) are dropped, and line endings become "\\n"; structure comes from `text_layout`.
"""

from __future__ import annotations

from rag.ingest.readers.base import Extracted, build_sections
from rag.ingest.readers.decoding import visible_text
from rag.ingest.readers.text_layout import layout_blocks


class TextReader:
    suffixes = (".txt", ".text", ".rst")

    def read(self, data: bytes, name: str) -> Extracted:
        text, hidden = visible_text(data)
        blocks = layout_blocks(text)
        return Extracted(text, blocks, build_sections(text, blocks), hidden=hidden)
