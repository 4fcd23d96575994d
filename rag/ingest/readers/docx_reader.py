"""DOCX: body paragraphs and tables in document order (python-docx), re-rendered as text blocks.

Word marks structure with styles, not layout: "Heading 2" (or an outline level) is a level-2 title,
"List …" styles and numbered paragraphs are list items, "Code"/"Preformatted" styles keep their
lines. Page headers, footers and comments are left out: they repeat on every page. Runs a reader
never sees (hidden, or coloured like what they are drawn on: rag.ingest.readers.docx_hidden) are
left out too, and counted in `Extracted.hidden`.
"""

from __future__ import annotations

import re
import zipfile
from typing import Any

from rag.errors import UnreadableDocument
from rag.ingest.readers.base import BlockKind, Extracted, TextBuilder
from rag.ingest.readers.docx_hidden import RunVisibility

_HEADING_STYLE = re.compile(r"^heading\s*([1-9])$", re.I)
_CODE_STYLE = re.compile(r"code|preformatted|verbatim|macro text|source", re.I)
_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"


class DocxReader:
    suffixes = (".docx",)

    def read(self, data: bytes, name: str) -> Extracted:
        import io

        import docx
        from docx.opc.exceptions import PackageNotFoundError
        from docx.table import Table

        try:
            document = docx.Document(io.BytesIO(data))
        except (PackageNotFoundError, zipfile.BadZipFile, KeyError, ValueError) as exc:
            raise UnreadableDocument(f"not a readable DOCX file ({exc or type(exc).__name__})") from None
        out = TextBuilder()
        visible = RunVisibility(document)
        code: list[str] = []  # consecutive code paragraphs are one block, line for line
        for item in document.iter_inner_content():
            kind, level = ("table", 0) if isinstance(item, Table) else _paragraph_kind(item)
            text = "" if isinstance(item, Table) else visible.paragraph_text(item._p)
            if kind == "code":
                code.append(text)
                continue
            out.add("code", "\n".join(code))
            code = []
            if isinstance(item, Table):
                out.add_table(_rows(item, visible), header=_has_header_row(item))
            else:
                out.add(kind, text, level)
        out.add("code", "\n".join(code))
        out.hidden.update(visible.hidden)
        if not out.blocks:
            detail = f" ({out.hidden.total()} hidden characters removed)" if out.hidden else ""
            raise UnreadableDocument(f"DOCX document has no text{detail}")
        return out.extracted()


def _paragraph_kind(paragraph: Any) -> tuple[BlockKind, int]:
    style = paragraph.style
    names: list[str] = []
    outline: int | None = _outline_level(paragraph._p.pPr)
    while style is not None:  # a custom style based on "Heading 2" is a level-2 title too
        names.append(style.name or "")
        if outline is None:
            outline = _outline_level(style.element.pPr)
        style = style.base_style
    for style_name in names:
        match = _HEADING_STYLE.match(style_name)
        if match:
            return "heading", int(match.group(1))
        if style_name.lower() == "title":
            return "heading", 1
    if outline is not None and outline < 9:
        return "heading", outline + 1
    if any(_CODE_STYLE.search(n) for n in names):
        return "code", 0
    pPr = paragraph._p.pPr
    if any(n.lower().startswith("list") for n in names) or (pPr is not None and pPr.numPr is not None):
        return "list_item", 0
    return "paragraph", 0


def _outline_level(pPr: Any) -> int | None:
    if pPr is None:
        return None
    found = pPr.find(f"{_W}outlineLvl")
    value = found.get(f"{_W}val") if found is not None else None
    return int(value) if value is not None and value.isdigit() else None


_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
_FIRST_ROW_LOOK = 0x0020
"""The "header row" bit of a table's w:tblLook value (older files write it as a hex number)."""


def _has_header_row(table: Any) -> bool:
    """Whether the first row names the columns, as the author marked it: repeated as a header row
    on every page (w:tblHeader), formatted as the style's header row (w:tblLook firstRow, Word's
    "Header Row" box), or all in bold."""
    rows = table._tbl.findall(f"{_W}tr")
    if len(rows) < 2:
        return False
    first = rows[0]
    if first.find(f"{_W}trPr/{_W}tblHeader") is not None:
        return True
    look = table._tbl.find(f"{_W}tblPr/{_W}tblLook")
    if look is not None:
        flag = look.get(f"{_W}firstRow")
        if flag is not None:
            if flag in ("1", "true", "on"):
                return True
        elif int(look.get(f"{_W}val", "0") or "0", 16) & _FIRST_ROW_LOOK:
            return True
    runs = [r for r in first.iter(f"{_W}r") if "".join(t.text or "" for t in r.iter(f"{_W}t")).strip()]
    return bool(runs) and all(r.find(f"{_W}rPr/{_W}b") is not None for r in runs)


def _rows(table: Any, visible: RunVisibility) -> list[list[str]]:
    """Cell texts row by row; a merged cell (python-docx repeats it) is kept once."""
    rows: list[list[str]] = []
    for row in table.rows:
        cells: list[str] = []
        previous = None
        for cell in row.cells:
            if cell._tc is not previous:
                cells.append(_cell_text(cell._tc, visible))
            previous = cell._tc
        rows.append(cells)
    return rows


def _cell_text(tc: Any, visible: RunVisibility) -> str:
    """Every paragraph of a cell, those of tables nested in it included (`cell.text` skips them),
    without the runs nobody sees."""
    breaks = {f"{_W}br", f"{_W}cr", f"{_W}tab"}
    out: list[str] = []
    for p in tc.iter(f"{_W}p"):
        runs: dict[Any, bool] = {}
        parts: list[str] = []
        for el in p.iter(f"{_W}t", *breaks):
            run = el.getparent()
            if run.tag == f"{_W}r" and run not in runs:
                runs[run] = visible.visible(run, p)
            if runs.get(run, True):
                parts.append(el.text or "" if el.tag == f"{_W}t" else " ")
        out.append("".join(parts))
    return " ".join(out)
