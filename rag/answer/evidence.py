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
from rag.schema import Span
from rag.text.boilerplate import TITLE_LENGTH, is_bare_link
from rag.text.instructions import addresses_the_model
from rag.text.layout import statement_spans
from rag.text.question_types import fits_answer_type
from rag.text.sentences import reflowed, weighted_length
from rag.text.tables import holds_a_value, labelled, under_column_names
from rag.text.terms import holds_a_path_or_option

END = re.compile(r"[.!?。！？…][\"'”’»」』)]*\s*$")
"""A statement's end: a terminator, perhaps inside a closing quote or bracket. A closing quote alone
ends a title ("… Model AI 'Superintelligence'"): quoted, a headline reads like an answer to questions
its article does not answer."""

MIN_SENTENCE = 12
"""Shorter fragments ("Share", a date line) are not evidence for anything, unless they write a
path, an option or a format symbol: a manual's definition lines are short ("%T = title")."""


@dataclass(frozen=True)
class Evidence(Span):
    """A sentence (or a run of them) of a numbered source."""

    source: int = 0
    score: float = 0.0
    heading: bool = False
    page: int | None = None
    page_end: int | None = None
    """The page it ends on, when another than `page`."""
    section: str | None = None
    """A title line or menu item rather than a statement: never quoted as an answer."""
    header: str | None = None
    """The column names of the table this row is in, when its table has them."""

    @property
    def read_as(self) -> str:
        """What a reader (the judge, the scorer, a model) is shown: a table row under its column
        names, on one line each, the row's hard wraps joined; the quote stays the row alone."""
        return under_column_names(self.header, self.text) if self.header else reflowed(self.text)

    @property
    def shown(self) -> str:
        """What an answer quoting it shows a person: a table row's values after their column
        names (rag.text.tables.labelled) when they line up, else the text on one line."""
        return (self.header and labelled(self.header, self.text)) or reflowed(self.text)

    @property
    def is_question(self) -> bool:
        return "?" in self.text or "？" in self.text

    @property
    def quotable(self) -> bool:
        """A statement of the document: not a title, a question, or an instruction planted for a
        model (rag.text.instructions), which no answer may quote or rest on."""
        return not self.heading and not self.is_question and not addresses_the_model(self.text)


def _is_heading(text: str, s: int, e: int) -> bool:
    """A short whole line without a closing full stop, a bare link, or text ending in a colon reads
    as a title. A long line without a full stop is still a statement (see TITLE_LENGTH; a Chinese
    character weighs three, as in chunking): a labelled bullet, an answer in a scraped Q&A list, a
    man page's option description; so is a short one holding a path, an option or a file name (a
    row of a table whose columns the text layer lost: "Linux ~/.config/app")."""
    line_start = text.rfind("\n", 0, s) + 1
    line_end = text.find("\n", e)
    line_end = len(text) if line_end < 0 else line_end
    whole_line = not text[line_start:s].strip() and not text[e:line_end].strip()
    line = text[line_start:line_end]
    untitled = (weighted_length(line.strip()) >= TITLE_LENGTH or holds_a_path_or_option(line)) \
        and not is_bare_link(line)
    return (whole_line and not END.search(text[s:e]) and not untitled) \
        or text[s:e].rstrip().endswith((":", "："))


def evidence_of(sources: list[Source]) -> list[Evidence]:
    out: list[Evidence] = []
    for source in sources:
        p, layout = source.passage, source.layout
        lines = set(layout.lines)
        column_names = {h for _, h in layout.headers if h}
        for s, e in statement_spans(p.text, layout):
            text = p.text[s:e]
            header = layout.header_at(s) if (s, e) in lines else None
            # A table's row of column names states nothing ("| Host | Port | Deploy window |"):
            # it is read with every row under it, never quoted as an answer itself.
            names = (s, e) in lines and text in column_names
            if not holds_a_value(text) or (weighted_length(text) < MIN_SENTENCE
                                           and not holds_a_path_or_option(text)
                                           and header is None):  # "10 years | 4" under its header
                continue
            first = p.start_line + p.text.count("\n", 0, s)
            last = first + text.count("\n")
            page, page_end = layout.page_at(s), layout.page_at(e - 1)
            out.append(Evidence(p.file, p.start_char + s, p.start_char + e, first, last, text,
                                source=source.number, score=p.score,
                                heading=names or ((s, e) not in lines
                                                  and _is_heading(p.text, s, e)),
                                page=page, page_end=page_end if page_end != page else None,
                                section=layout.section_at(s), header=header))
    return out


LEAD_IN = tuning.LEAD_IN
"""A sentence shorter than this (weighted) is quoted with the one after it in its paragraph."""


def with_sequels(chosen: list[Evidence], sources: list[Source], question: str = "",
                 kind: str | None = None) -> list[Evidence]:
    """`chosen` with, after each short sentence, the next statement of the same paragraph line.

    A short sentence is often a lead-in whose point is the next one ("There is a reason why its
    rivals keep their models closed." is accepted for "why do they?", and the reason is the sentence
    after it). Not when the question asks for a path, a term, a number or a date (`kind`) and the
    sentence writes one: it is then the whole answer ("The settings live in ~/.config/app."), and
    the next sentence, on something else, would only be shown and cited beside it."""
    out: list[Evidence] = []
    for e in chosen:
        out.append(e)
        if weighted_length(e.text) >= LEAD_IN or _complete(e, question, kind):
            continue
        source = next(s for s in sources if s.number == e.source)
        after = [n for n in evidence_of([source]) if n.start_char >= e.end_char
                 and n.start_line == e.end_line]
        nearest = min(after, key=lambda n: n.start_char, default=None)
        if nearest is not None and nearest.quotable and nearest not in out:
            out.append(nearest)
    return out


SELF_EVIDENT_KINDS = ("path", "term", "number", "date")
"""The answer kinds a sentence visibly holds or lacks (a name is not one: a lead-in names its
subject too)."""


def _complete(e: Evidence, question: str, kind: str | None) -> bool:
    return kind in SELF_EVIDENT_KINDS and fits_answer_type(kind, e.text, question)
