"""HTML: the page's main content re-rendered as text blocks, without the site around it.

Navigation, tables of contents, footers and forms would match every query and crowd out the
article, so they are dropped before rendering; so are elements a person viewing the page never sees
(rag.ingest.readers.html_hidden: hidden by attribute, style, colour or position), which could carry
text meant only for the model, and those are counted in `Extracted.hidden`. The rest becomes one
block per heading, paragraph, list item, `pre` and table (rows `cell | cell`, header first), a blank
line between them.
"""

from __future__ import annotations

import re
from typing import Any

from rag.errors import UnreadableDocument
from rag.ingest.readers.base import Extracted, TextBuilder
from rag.ingest.readers.decoding import decode_text
from rag.ingest.readers.html_cleanup import drop_furniture, drop_hidden, main_content
from rag.ingest.readers.html_hidden import HIDDEN_ELEMENTS, page_rules

HEADINGS = {"h1": 1, "h2": 2, "h3": 3, "h4": 4, "h5": 5, "h6": 6}
BLOCK_TAGS = frozenset(
    "address article aside blockquote body center dd details dialog dir div dl dt fieldset figcaption "
    "figure footer form header hgroup hr html legend li main menu nav ol p section summary table tbody "
    "td tfoot th thead tr ul caption".split())
_META_CHARSET = re.compile(rb"""<meta[^>]+charset\s*=\s*["']?([A-Za-z0-9_.:-]+)""", re.I)
_READ_AS_CP1252 = frozenset({"iso-8859-1", "latin1", "latin-1", "us-ascii", "ascii"})
_XML_DECLARATION = re.compile(r"^\s*<\?xml[^>]*\?>")


class HtmlReader:
    suffixes = (".html", ".htm")

    def read(self, data: bytes, name: str) -> Extracted:
        import lxml.html
        from lxml.etree import ParserError

        text = _XML_DECLARATION.sub("", _decode_html(data))
        try:
            root = lxml.html.document_fromstring(text)
        except (ParserError, ValueError) as exc:
            raise UnreadableDocument(f"not parseable as HTML ({exc})") from None
        rules = page_rules(root)  # before the furniture goes: `style` elements are furniture
        drop_furniture(root)
        renderer = _Renderer()
        removed = drop_hidden(root, rules)
        if removed:
            renderer.out.hidden[HIDDEN_ELEMENTS] += removed
        renderer.visit(main_content(root))
        renderer.flush()
        if not renderer.out.blocks:
            detail = f" ({renderer.out.hidden.total()} hidden characters removed)" if removed else ""
            raise UnreadableDocument(f"HTML page has no text content{detail}")
        return renderer.out.extracted()


def _decode_html(data: bytes) -> str:
    """UTF-8 unless the page declares another charset; otherwise detected like plain text."""
    match = _META_CHARSET.search(data[:4096])
    if match and match.group(1).lower() not in (b"utf-8", b"utf8"):
        declared = match.group(1).decode("ascii").lower()
        # As browsers do (WHATWG Encoding): a page that says Latin-1 or ASCII is read as cp1252.
        encoding = "cp1252" if declared in _READ_AS_CP1252 else declared
        try:
            return data.decode(encoding).removeprefix("\ufeff").replace("\r\n", "\n")
        except (LookupError, UnicodeDecodeError):
            pass
    return decode_text(data)


class _Renderer:
    """Walks the tree once, collecting inline text until a block-level element closes the block."""

    def __init__(self) -> None:
        self.out = TextBuilder()
        self.inline: list[str] = []
        self.item_depth = 0

    def flush(self) -> None:
        text = "".join(self.inline)
        self.inline = []
        self.out.add("list_item" if self.item_depth else "paragraph", text)

    def walk(self, el: Any) -> None:
        if el.text:
            self.inline.append(el.text)
        for child in el:
            self.visit(child)
            if child.tail:
                self.inline.append(child.tail)

    def visit(self, el: Any) -> None:
        if not isinstance(el.tag, str):
            return  # a comment or processing instruction: its tail is handled by the parent
        tag = el.tag.lower()
        if tag in HEADINGS:
            self.flush()
            self.out.add("heading", el.text_content(), HEADINGS[tag])
        elif tag == "pre" or (tag == "code" and "\n" in el.text_content().strip()):
            self.flush()
            self.out.add("code", el.text_content())
        elif tag == "table":
            self.flush()
            self.table(el)
        elif tag == "li":
            self.flush()
            self.item_depth += 1
            self.walk(el)
            self.flush()
            self.item_depth -= 1
        elif tag in BLOCK_TAGS:
            self.flush()
            self.walk(el)
            self.flush()
        elif tag == "br":
            self.inline.append("\n")
        elif tag not in ("img", "hr"):
            self.walk(el)

    def table(self, table: Any) -> None:
        """Data tables become rows of cells; a layout table (one row, or tables inside) is walked as
        ordinary content so its paragraphs stay paragraphs."""
        rows = [tr for tr in table.iter("tr") if _closest_table(tr) is table]
        nested = any(t is not table for t in table.iter("table"))
        if len(rows) <= 1 or nested:
            self.walk(table)
            self.flush()
            return
        rank = {"thead": 0, "tbody": 1, "tfoot": 2}
        rows.sort(key=lambda tr: rank.get(str(tr.getparent().tag).lower(), 1))
        cells = [[c for c in tr if str(c.tag).lower() in ("td", "th")] for tr in rows]
        # Column names: the head of the table, or a first row of header cells only.
        header = str(rows[0].getparent().tag).lower() == "thead" \
            or (bool(cells[0]) and all(str(c.tag).lower() == "th" for c in cells[0]))
        self.out.add_table([[c.text_content() for c in row] for row in cells], header=header)


def _closest_table(el: Any) -> Any:
    parent = el.getparent()
    while parent is not None and parent.tag != "table":
        parent = parent.getparent()
    return parent
