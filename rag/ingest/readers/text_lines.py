"""Line-level cues for laying out plain text: widths, indentation, and what a line looks like.

Plain text carries its structure in layout only (a ruler under a title, a row of `|`, an indented
command), so each test here is a narrow, explainable pattern; `text_layout` combines them.
"""

from __future__ import annotations

import re
import unicodedata
from dataclasses import dataclass

TAB = 8
MAX_WRAP = 100
"""Hard-wrapped text is wrapped at or under this many columns; longer lines are one paragraph each."""

_UNDERLINE = re.compile(r"^(=|-|~|\^|\*|\+|#)\1{2,}$")
_RULER = re.compile(r"^[\s\-=_*~·•.+]{3,}$")
_NUMBERED = re.compile(r"^(\d{1,2}(?:\.\d{1,2})*)\.?(?:\s+(\S.*))?$")
_LIST = re.compile(r"^(?:[-*+•·▪●◦‣]|\d{1,3}[.)]|[a-zA-Z][.)]|\(\d{1,3}\))\s+\S")
_COMMAND = re.compile(r"^[$#] \S")
_MD_DELIMITER = re.compile(r"^\|?\s*:?-{3,}:?\s*(?:\|\s*:?-{3,}:?\s*)*\|?$")
_GRID_RULER = re.compile(r"^\+(?:[-=:]+\+)+$")
_SENTENCE_END = re.compile(r"[.,;!?。，；！？、]\s*[\"'”’」』)]*$")
_DATE = re.compile(r"^\d{1,2}\.?\s+[^\W\d_]{3,10}\.?,?\s+\d{2,4}\b")
_CELL = re.compile(r"\S(?:\S| (?! )|(?<=[.!?:])  (?! ))*")
"""A cell: text whose spaces are single, or double after a full stop (typewriter style, not a column)."""


def display_width(text: str) -> int:
    """Columns a terminal gives `text`: East Asian wide characters take two."""
    return sum(2 if unicodedata.east_asian_width(ch) in "WF" else 1 for ch in text)


@dataclass(frozen=True)
class Line:
    start: int
    raw: str

    @property
    def text(self) -> str:
        return self.raw.strip()

    @property
    def blank(self) -> bool:
        return not self.raw.strip()

    @property
    def indent(self) -> int:
        expanded = self.raw.expandtabs(TAB)
        return len(expanded) - len(expanded.lstrip())

    @property
    def width(self) -> int:
        return display_width(self.raw.expandtabs(TAB).rstrip())

    @property
    def content_start(self) -> int:
        return self.start + len(self.raw) - len(self.raw.lstrip())

    @property
    def content_end(self) -> int:
        return self.start + len(self.raw.rstrip())


def split_lines(text: str) -> list[Line]:
    lines: list[Line] = []
    pos = 0
    for raw in text.split("\n"):
        lines.append(Line(pos, raw))
        pos += len(raw) + 1
    return lines


def first_word_width(line: Line) -> int:
    """Width of what a wrapper would have had to fit on the previous line: a word, or one CJK char."""
    text = line.text
    if not text:
        return 0
    if display_width(text[0]) == 2:
        return 2
    return display_width(text.split()[0])


def is_underline(line: Line) -> bool:
    return bool(_UNDERLINE.match(line.text))


def is_ruler(line: Line) -> bool:
    return bool(_RULER.match(line.text)) and not line.blank


def is_command(line: Line) -> bool:
    return bool(_COMMAND.match(line.text))


def is_list_item(line: Line) -> bool:
    return bool(_LIST.match(line.text))


def is_table_rule(line: Line) -> bool:
    text = line.text
    return bool(_GRID_RULER.match(text)) or ("|" in text and bool(_MD_DELIMITER.match(text)))


def is_pipe_row(line: Line) -> bool:
    text = line.text
    return (text.startswith("|") and text.endswith("|") and text.count("|") >= 2) or " | " in text


def cells(line: Line) -> list[tuple[int, int]]:
    """(start, end) columns of the cells of a line whose columns are separated by 2+ spaces."""
    expanded = line.raw.expandtabs(TAB)
    return [(m.start(), m.end()) for m in _CELL.finditer(expanded)]


def heading_level(line: Line) -> int:
    """Level of a line that reads as a section title on its own (numbered or ALL CAPS), else 0.

    The caller checks that the line stands alone; here only its shape is judged: short, no closing
    punctuation, a number like `2` or `2.1.3` before a capitalised title, or only capital letters.
    """
    text = line.text
    if display_width(text) > 80 or len(text.split()) > 12 or _SENTENCE_END.search(text) or is_ruler(line):
        return 0
    match = _NUMBERED.match(text)
    if match and not _DATE.match(text):
        title = match.group(2) or ""
        if not title or title[0].isupper() or not title[0].isalpha() or not title[0].isascii():
            if title and not any(ch.isalpha() for ch in title):
                return 0
            return match.group(1).count(".") + 1
        return 0
    letters = [ch for ch in text if ch.isalpha()]
    cased = [ch for ch in letters if ch.isupper() or ch.islower()]
    if len(cased) >= 3 and all(ch.isupper() for ch in cased) and len(text.split()) <= 8:
        return 1
    return 0


def underline_level(line: Line) -> int:
    return {"=": 1, "-": 2}.get(line.text[0], 3)
