"""Sentences of the retrieved passages, with their exact spans in the files.

A citation quotes one of these (or a short run of them), never a whole chunk, and because each keeps
its file offsets and lines the quote invariant `file_text[start_char:end_char] == quote` holds by
construction.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag import tuning
from rag.answer.sources import Source
from rag.text.boilerplate import TITLE_LENGTH, is_bare_link
from rag.text.sentences import sentence_spans, weighted_length

END = re.compile(r"[.!?。！？…][\"'”’»」』)]*\s*$")
"""A statement's end: a terminator, perhaps inside a closing quote or bracket. A closing quote alone
ends a title ("Meta Tidak Akan Membuka Semua Model AI 'Superintelligence'"), which, quoted, was the
answer to a question the article does not answer (which podcast?)."""

MIN_SENTENCE = 12
"""Shorter fragments ("Share", a date line) are not evidence for anything."""


@dataclass(frozen=True)
class Evidence:
    source: int
    file: str
    start_char: int
    end_char: int
    start_line: int
    end_line: int
    text: str
    score: float
    heading: bool = False
    """A title line or menu item rather than a statement: never quoted as an answer."""

    @property
    def is_question(self) -> bool:
        return "?" in self.text or "？" in self.text

    @property
    def quotable(self) -> bool:
        return not self.heading and not self.is_question


def _is_heading(text: str, s: int, e: int) -> bool:
    """A short whole line without a closing full stop, a bare link, or text ending in a colon reads
    as a title. A long line without a full stop is still a statement (see TITLE_LENGTH): two of
    the gold set's answers are such bullets, one more sits in a scraped Q&A list."""
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line_end = len(text) if line_end < 0 else line_end
    whole_line = not text[line_start:s].strip() and not text[e:line_end].strip()
    line = text[line_start:line_end]
    untitled = len(line.strip()) >= TITLE_LENGTH and not is_bare_link(line)
    return (whole_line and not END.search(text[s:e]) and not untitled) \
        or text[s:e].rstrip().endswith((":", "："))


def evidence_of(sources: list[Source]) -> list[Evidence]:
    out: list[Evidence] = []
    for source in sources:
        p = source.passage
        for s, e in sentence_spans(p.text):
            text = p.text[s:e]
            if weighted_length(text) < MIN_SENTENCE:
                continue
            first = p.start_line + p.text.count("\n", 0, s)
            last = first + text.count("\n")
            out.append(Evidence(source.number, p.file, p.start_char + s, p.start_char + e, first,
                                last, text, p.score, _is_heading(p.text, s, e)))
    return out


LEAD_IN = tuning.LEAD_IN
"""A sentence shorter than this (weighted) is quoted with the one after it in its paragraph."""


def with_sequels(chosen: list[Evidence], sources: list[Source]) -> list[Evidence]:
    """`chosen` with, after each short sentence, the next statement of the same paragraph line.

    A short sentence is often a lead-in whose point is the next one: the judge accepted "There is a
    reason why Meta's rivals keep their models closed." for "why do they?", and the reason ("closed
    models give more control to monetise") was the sentence after it. Lines are paragraphs here,
    so the sequel is on the gold line whenever the lead-in is."""
    out: list[Evidence] = []
    for e in chosen:
        out.append(e)
        if weighted_length(e.text) >= LEAD_IN:
            continue
        source = next(s for s in sources if s.number == e.source)
        after = [n for n in evidence_of([source]) if n.start_char >= e.end_char
                 and n.start_line == e.end_line]
        nearest = min(after, key=lambda n: n.start_char, default=None)
        if nearest is not None and nearest.quotable and nearest not in out:
            out.append(nearest)
    return out
