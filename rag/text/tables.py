"""A table row as its cells, and under its column names.

The readers write a table one row a line: `cell | cell` (Word and HTML tables, rag.ingest.readers
.base.add_table), `| cell | cell |` (Markdown) or columns aligned by runs of spaces (a plain-text
manual). A row read alone ("10 years | 4") does not say what its values are; shown to a person as an
answer it should say it ("Seniority: 10 years; Extra days: 4").
"""

from __future__ import annotations

import re

from rag.text.sentences import reflowed

_ALIGNED = re.compile(r"\S+(?: \S+)*")
"""A cell of a column-aligned row: words separated by single spaces (columns by two or more)."""


def row_cells(row: str) -> list[str]:
    """The cells of one table row, outer pipes dropped; an empty cell stays (it holds a column)."""
    row = row.strip()
    if "|" in row:
        if row.startswith("|"):
            row = row[1:]
        if row.endswith("|"):
            row = row[:-1]
        return [" ".join(c.split()) for c in row.split("|")]
    return _ALIGNED.findall(row.expandtabs(8))


def holds_a_value(row: str) -> bool:
    """Whether a row writes anything: a rule under a header (`|---|:--:|`, `-----  ----`) does not."""
    return any(ch.isalnum() for ch in row)


def under_column_names(header: str, row: str) -> str:
    """How a reader (the judge, the scorer, a model) is shown a row: its column names, then the
    row on one line."""
    return f"{header}\n{reflowed(row)}"


def labelled(header: str, row: str) -> str | None:
    """The row's values after their column names ("Seniority: 10 years; Extra days: 4"), empty
    cells left out; None when the row's cells do not line up with the names (a merged cell, an
    aligned row with an empty column), where pairing them could name a value wrongly."""
    names, values = row_cells(header), row_cells(row)
    if len(names) < 2 or len(names) != len(values):
        return None
    pairs = [f"{n}: {v}" if n else v for n, v in zip(names, values, strict=True) if v]
    return "; ".join(pairs) if pairs else None
