"""PDF: the text layer of each page (pypdfium2), pages joined by a blank line, page starts recorded.

The stored text is rebuilt from pdfium's lines: paragraphs found from line spacing are separated by a
blank line and each line of a paragraph stays a line, so a citation can be shown as it was printed.
A PDF with no text layer (a scan) cannot be cited at all and is refused with that reason. Text that
is never drawn visibly (render mode 3 off any image, white on white: rag.ingest.readers.pdf_hidden)
is skipped character by character before lines are made, and counted in `Extracted.hidden`.
"""

from __future__ import annotations

import ctypes
import re
import threading
from collections import Counter
from typing import Any

from rag.errors import UnreadableDocument
from rag.ingest.readers.base import Extracted, TextBuilder, build_sections
from rag.ingest.readers.pdf_hidden import hidden_text_objects
from rag.ingest.readers.pdf_layout import Group, PdfLine, classify, group_lines

NO_TEXT = "PDF has no text layer (scanned or image-only): "
_CONTROL = re.compile(r"[\x00-\x08\x0b\x0c\x0e-\x1f\x7f\ufffe\uffff]")
_MONO = re.compile(r"mono|courier|consol|menlo|code", re.I)
_SKIPPED = "\x00"
"""Put in place of a hidden character, so that text indices stay pdfium's; removed with controls."""
_GAP = re.compile(r"[\x00\s]*\x00[\x00\s]*")
_SPACE = " \t\x00"
_PDFIUM = threading.Lock()
_NO_PAGES = re.compile(rb"<<[^>]*/Count\s*0\b[^>]*/Type\s*/Pages\b|<<[^>]*/Type\s*/Pages\b[^>]*/Count\s*0\b")
"""An empty page tree (`<</Count 0/Kids[]/Type/Pages>>`, in either order)."""


class PdfReader:
    suffixes = (".pdf",)

    def read(self, data: bytes, name: str) -> Extracted:
        # PDFium is not thread-safe, and its error code is process-wide: two threads reading PDFs
        # at once (a server indexing an upload while another job reads) can crash or read each
        # other's errors. The layout work after it runs unlocked.
        hidden: Counter[str] = Counter()
        with _PDFIUM:
            page_lines = self._lines(data, hidden)
        pages = group_lines(page_lines)
        classify([g for groups in pages for g in groups])
        return _assemble(pages, hidden)

    def _lines(self, data: bytes, hidden: Counter[str]) -> list[list[PdfLine]]:
        import pypdfium2 as pdfium

        try:
            pdf = pdfium.PdfDocument(data)
        except pdfium.PdfiumError as exc:
            code = getattr(exc, "err_code", None)
            # pdfium refuses a well-formed file whose page tree is empty without setting an error:
            # the code it reports is then whatever the last failure in the process left (0 only
            # when there was none), so the page tree itself is looked at too.
            if code == 0 or _NO_PAGES.search(data):
                raise UnreadableDocument(NO_TEXT + "the document has no pages") from None
            if code in (4, 5) or "password" in str(exc).lower():
                raise UnreadableDocument("PDF is encrypted (a password is required)") from None
            raise UnreadableDocument(f"not a readable PDF ({exc})") from None
        try:
            page_lines = [_page_lines(pdf[i], hidden) for i in range(len(pdf))]
        finally:
            pdf.close()
        if not any(page_lines) and hidden:
            raise UnreadableDocument(f"PDF has no visible text ({hidden.total()} hidden characters removed)")
        if not any(page_lines):
            raise UnreadableDocument(NO_TEXT + f"no extractable text on {len(page_lines)} page(s)")
        return page_lines


def _assemble(pages: list[list[Group]], hidden: Counter[str]) -> Extracted:
    out = TextBuilder()
    out.hidden.update(hidden)
    page_starts: list[int] = []
    empty: list[int] = []
    for number, groups in enumerate(pages, 1):
        page_starts.append(out.length + (2 if out.blocks else 0))
        if not groups:
            empty.append(number)
        for group in groups:
            out.add_lines(group.kind, [line.text for line in group.lines], group.level)
    text = out.text
    warnings = [f"no text layer on page(s) {', '.join(map(str, empty))} (scanned?)"] if empty else []
    return Extracted(text, list(out.blocks), build_sections(text, out.blocks), page_starts, warnings,
                     out.hidden_counts())


def _page_lines(page: Any, hidden: Counter[str]) -> list[PdfLine]:
    textpage = page.get_textpage()
    try:
        raw = textpage.get_text_range()
        objects = hidden_text_objects(page)
        if objects:
            raw = _skip_hidden(textpage, raw, objects, hidden)
        return _lines(textpage, raw)
    finally:
        textpage.close()
        page.close()


def _skip_hidden(textpage: Any, raw: str, objects: dict[int, str], hidden: Counter[str]) -> str:
    """`raw` with each character drawn by a hidden text object replaced by `_SKIPPED` (line breaks
    stay, so lines are where they were), counting the visible-looking ones by why they were hidden."""
    import pypdfium2.raw as pdfium_c

    out: list[str] = []
    index = 0  # pdfium's text index: UTF-16 units
    for ch in raw:
        char = pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage.raw, index)
        index += 2 if ord(ch) > 0xFFFF else 1
        obj = pdfium_c.FPDFText_GetTextObject(textpage.raw, char) if char >= 0 and ch not in "\r\n" else None
        why = objects.get(ctypes.cast(obj, ctypes.c_void_p).value or 0) if obj else None
        if why is None:
            out.append(ch)
            continue
        out.append(_SKIPPED)
        if not ch.isspace():
            hidden[why] += 1
    return "".join(out)


def _lines(textpage: Any, raw: str) -> list[PdfLine]:
    """The page's non-blank lines with the vertical extent and font of their first character."""
    import pypdfium2.raw as pdfium_c

    lines: list[PdfLine] = []
    wide = any(ord(ch) > 0xFFFF for ch in raw)
    for match in re.finditer(r"[^\r\n]+", raw):
        line = match.group()
        skipped = _SKIPPED in line
        # Hidden text between words leaves one space where there was space around it, else none.
        shown = _GAP.sub(lambda m: " " if m.group().strip(_SKIPPED) else "", line) if skipped else line
        text = _CONTROL.sub("", shown.replace("\x02", "-")).strip()
        if not text:
            continue
        # pdfium counts text in UTF-16 units: a character outside the BMP takes two.
        first = match.start() + len(line) - len(line.lstrip(_SPACE if skipped else None))
        last = match.start() + len(line.rstrip(_SPACE if skipped else None)) - 1
        chars = [pdfium_c.FPDFText_GetCharIndexFromTextIndex(textpage.raw, _utf16_len(raw[:k]) if wide else k)
                 for k in (first, (first + last) // 2, last)]
        if chars[0] < 0:
            lines.append(PdfLine(text, 0.0, 0.0, 0.0))
            continue
        _, bottom, _, top = textpage.get_charbox(chars[0], loose=True)
        size = pdfium_c.FPDFText_GetFontSize(textpage.raw, chars[0])
        # Monospace only when the start, middle and end are: a key name in a sentence is not code.
        mono = all(c >= 0 and _is_mono(pdfium_c, textpage, c) for c in chars)
        lines.append(PdfLine(text, top, bottom, round(size, 1), mono))
    return lines


def _utf16_len(text: str) -> int:
    return len(text) + sum(1 for ch in text if ord(ch) > 0xFFFF)


def _is_mono(pdfium_c: Any, textpage: Any, char: int) -> bool:
    """Fixed-pitch font (flag 1 in the font descriptor) or a monospace font name."""
    flags = ctypes.c_int(0)
    buffer = ctypes.create_string_buffer(128)
    pdfium_c.FPDFText_GetFontInfo(textpage.raw, char, buffer, 128, ctypes.byref(flags))
    return bool(flags.value & 1) or bool(_MONO.search(buffer.value.decode("utf-8", "replace")))
