"""Sentence-aware chunking with exact spans.

A chunk is a contiguous span of the file: a few sentences, normally one paragraph (a line, in these
articles), never crossing into furniture. Paragraph-aligned chunks keep a repeated article's copies
chunked identically, so duplicates can be recognised; long paragraphs are cut between sentences with
one sentence of overlap; short headings travel with the paragraph they introduce.
"""

from __future__ import annotations

import hashlib
import re
from dataclasses import dataclass

from rag.ingest.documents import Document
from rag.schema import Span
from rag.text.boilerplate import TITLE_LENGTH, boilerplate_lines, is_short
from rag.text.sentences import sentence_spans, weighted_length

MAX_LENGTH = 900
"""Upper bound of a chunk in weighted characters (~220 e5 tokens), well under e5's 512."""
MIN_LENGTH = 240
"""Short paragraphs are packed together until a chunk reaches this size."""


@dataclass(frozen=True)
class Chunk(Span):
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
    heading: bool

    @property
    def length(self) -> int:
        return self.end - self.start


def _units(doc: Document) -> list[_Unit]:
    lines = doc.text.split("\n")
    furniture = boilerplate_lines(lines)
    units: list[_Unit] = []
    for i, line in enumerate(lines):
        if i in furniture or not line.strip():
            continue
        line_start = doc.line_starts[i]
        heading = is_short(line) or (len(line) < TITLE_LENGTH and not re.search(r"[.!?。！？]\s*$", line))
        for s, e in sentence_spans(doc.text, line_start, line_start + len(line)):
            units.append(_Unit(s, e, i, heading))
    return units


def chunk_document(doc: Document, max_length: int = MAX_LENGTH,
                   min_length: int = MIN_LENGTH) -> list[Chunk]:
    units = _units(doc)
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
    # A group of headings alone ("Artikel Terkait", an app banner) states nothing worth retrieving.
    return [_make_chunk(doc, g[0].start, g[-1].end) for g in groups
            if g and not all(u.heading for u in g)]


def _make_chunk(doc: Document, start: int, end: int) -> Chunk:
    return Chunk(doc.path, start, end, doc.line_of(start), doc.line_of(end - 1), doc.text[start:end])
