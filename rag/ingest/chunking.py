"""Structure-aware chunking with exact spans.

A chunk is a contiguous span of a document's text: a few sentences, normally one paragraph block,
never crossing into page furniture. Units come from the reader's blocks: a paragraph is cut into
sentences (a hard-wrapped paragraph's line breaks are not sentence ends), a table or a code example
into lines that stay together while they fit, a title travels with what it introduces and a new
section's title starts a new chunk. Paragraph-aligned chunks keep a repeated article's copies
chunked identically, so duplicates can be recognised; long paragraphs are cut between sentences with
one sentence of overlap.

Each chunk also records its layout (which of its line breaks are soft, which lines are table rows
or code), so that answers can quote a wrapped sentence whole and a command line as a statement.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass, field

from rag.ingest.documents import Document
from rag.ingest.readers import Block
from rag.schema import Span
from rag.text.boilerplate import TITLE_LENGTH, boilerplate_lines, is_short
from rag.text.layout import Layout
from rag.text.sentences import sentence_spans, weighted_length
from rag.text.terms import holds_a_path_or_option

MAX_LENGTH = 900
"""Upper bound of a chunk in weighted characters (~220 e5 tokens), well under e5's 512."""
MIN_LENGTH = 240
"""Short paragraphs are packed together until a chunk reaches this size."""
LINE_BLOCKS = ("table", "code")
"""Blocks cut into lines rather than sentences: a row or a command is one statement."""


@dataclass(frozen=True)
class Chunk(Span):
    layout: Layout = field(default_factory=Layout)
    """Soft line breaks and table/code lines, relative to the chunk's start."""

    @property
    def text_hash(self) -> str:
        return hashlib.sha256(normalize_for_hash(self.text).encode()).hexdigest()


def normalize_for_hash(text: str) -> str:
    return re.sub(r"\s+", " ", text).strip().lower()


@dataclass
class _Unit:
    start: int
    end: int
    paragraph: int
    """The block it belongs to."""
    heading: bool
    opens_section: bool = False
    """A title the reader found (not guessed from a short line): it starts a new chunk."""


def _line_span(doc: Document, start: int, end: int) -> str:
    """The whole lines holding text[start:end]."""
    first = doc.text.rfind("\n", 0, start) + 1
    last = doc.text.find("\n", end)
    return doc.text[first:len(doc.text) if last < 0 else last]


def _units(doc: Document) -> tuple[list[_Unit], Layout]:
    lines = doc.text.split("\n")
    # Scraped plain text carries menus and share buttons; readers of other formats drop them.
    furniture = boilerplate_lines(lines) if doc.format == "text" else set()
    units: list[_Unit] = []
    soft: list[int] = []
    line_units: list[tuple[int, int]] = []
    headers: list[tuple[int, str]] = []
    for n, block in enumerate(doc.blocks):
        first, last = doc.line_of(block.start) - 1, doc.line_of(max(block.end - 1, block.start)) - 1
        if all(i in furniture for i in range(first, last + 1)):
            continue
        if block.kind == "heading":
            units.append(_Unit(block.start, block.end, n, heading=True, opens_section=True))
        elif block.kind in LINE_BLOCKS:
            rows = _lines(doc.text, block)
            for s, e in rows:
                units.append(_Unit(s, e, n, heading=False))
                line_units.append((s, e))
            if block.header and len(rows) > 1:
                headers += [(rows[1][0], doc.text[slice(*rows[0])]), (block.end, "")]
        else:
            text = _line_span(doc, block.start, block.end)
            heading = is_short(text) or (weighted_length(text) < TITLE_LENGTH
                                         and not re.search(r"[.!?。！？]\s*$", text))
            breaks = _soft_breaks(doc.text, block)
            soft.extend(breaks)
            for s, e in sentence_spans(doc.text, block.start, block.end, soft=set(breaks)):
                units.append(_Unit(s, e, n, heading))
    pages = tuple((start, n) for n, start in enumerate(doc.page_starts, 1))
    sections = tuple((start, path) for start, _, path in doc.sections)
    return units, Layout(tuple(soft), tuple(line_units), pages, sections, tuple(headers))


def _lines(text: str, block: Block) -> list[tuple[int, int]]:
    spans, pos = [], block.start
    for line in text[block.start:block.end].split("\n"):
        if line.strip():
            s = pos + len(line) - len(line.lstrip())
            spans.append((s, pos + len(line.rstrip())))
        pos += len(line) + 1
    return spans


def _soft_breaks(text: str, block: Block) -> list[int]:
    """Line breaks inside a paragraph: where a hard-wrapped sentence goes on."""
    return [i for i in range(block.start, block.end) if text[i] == "\n"]


def chunk_document(doc: Document, max_length: int = MAX_LENGTH,
                   min_length: int = MIN_LENGTH) -> list[Chunk]:
    units, layout = _units(doc)
    groups: list[list[_Unit]] = []
    current: list[_Unit] = []

    def size(group: list[_Unit]) -> int:
        return weighted_length(doc.text[group[0].start:group[-1].end]) if group else 0

    for unit in units:
        if not current:
            current = [unit]
            continue
        new_paragraph = unit.paragraph != current[-1].paragraph
        ends_in_heading = current[-1].heading
        fits = size([*current, unit]) <= max_length
        if unit.opens_section and not ends_in_heading:
            groups.append(current)
            current = [unit]
            continue
        if fits and (ends_in_heading or not new_paragraph or size(current) < min_length):
            current.append(unit)
            continue
        if not new_paragraph and not ends_in_heading and len(current) > 1:
            # Cut inside a long paragraph: carry the last sentence over as overlap.
            overlap = current[-1]
            groups.append(current)
            current = [overlap, unit] if size([overlap, unit]) <= max_length else [unit]
            continue
        if ends_in_heading and not fits:
            if len(current) > 1:
                groups.append(current[:-1])
            current = [current[-1], unit] if size([current[-1], unit]) <= max_length else [unit]
            continue
        groups.append(current)
        current = [unit]
    if current:
        groups.append(current)
    # A group of headings alone ("Artikel Terkait", an app banner) states nothing worth retrieving,
    # unless it names an option or a path: the last option of a man page's list and its short,
    # unstopped description read as titles too.
    return [_make_chunk(doc, g[0].start, g[-1].end, layout) for g in groups
            if g and (not all(u.heading for u in g)
                      or holds_a_path_or_option(doc.text[g[0].start:g[-1].end]))]


def _make_chunk(doc: Document, start: int, end: int, layout: Layout) -> Chunk:
    return Chunk(doc.path, start, end, doc.line_of(start), doc.line_of(end - 1), doc.text[start:end],
                 layout.within(start, end))
