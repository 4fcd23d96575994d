"""Small, valid PDFs written by hand, for what a browser's print-to-PDF cannot make: text in render
mode 3 (`3 Tr`: drawn invisible, as OCR layers and planted instructions are), text in white, text
over an image (a "scan"), and filled rectangles behind text.

Latin text uses Helvetica (WinAnsiEncoding, not embedded); Chinese uses the Adobe-GB1 font
STSong-Light through the predefined `UniGB-UCS2-H` CMap, which every PDF reader knows: nothing is
embedded, and pdfium reads the text back as Unicode.
"""

from __future__ import annotations

import textwrap
import unicodedata
import zlib
from dataclasses import dataclass, field

WIDTH, HEIGHT, MARGIN = 595, 842, 56
"""A4 in points, and the page margin."""


@dataclass
class Page:
    ops: list[bytes] = field(default_factory=list)
    image: bool = False

    def text(self, x: float, y: float, size: float, text: str, *, mode: int = 0,
             gray: float = 0.0) -> None:
        """One line of text at (x, y); `mode` is the render mode (3 = invisible), `gray` the fill."""
        font, encoded = _encode(text)
        self.ops.append(b"BT %s %.2f Tf %d Tr %.3f g %.2f %.2f Td %s Tj ET" % (
            font, size, mode, gray, x, y, encoded))

    def rect(self, x: float, y: float, w: float, h: float, gray: float) -> None:
        """A filled rectangle (a background), drawn in page order: before text drawn on it."""
        self.ops.append(b"q %.3f g %.2f %.2f %.2f %.2f re f Q" % (gray, x, y, w, h))

    def scan(self, x: float, y: float, w: float, h: float) -> None:
        """A grey image over the given box, as a scanner's page image is."""
        self.image = True
        self.ops.append(b"q %.2f 0 0 %.2f %.2f %.2f cm /Im1 Do Q" % (w, h, x, y))


class Flow:
    """Lays out titles and paragraphs top to bottom, wrapping lines and starting new pages."""

    def __init__(self, size: float = 11.0) -> None:
        self.pages: list[Page] = [Page()]
        self.size = size
        self.y = HEIGHT - MARGIN

    @property
    def page(self) -> Page:
        return self.pages[-1]

    def _room(self, height: float) -> None:
        if self.y - height < MARGIN:
            self.pages.append(Page())
            self.y = HEIGHT - MARGIN

    def title(self, text: str) -> None:
        self._room(30)
        self.y -= 20
        self.page.text(MARGIN, self.y, 18, text)
        self.y -= 14

    def paragraph(self, text: str, *, mode: int = 0, gray: float = 0.0) -> None:
        """Wrapped lines at the body size, a blank line's worth of space after them."""
        for line in wrap(text, self.size):
            self._room(self.size * 1.3)
            self.y -= self.size * 1.3
            self.page.text(MARGIN, self.y, self.size, line, mode=mode, gray=gray)
        self.y -= self.size * 1.2

    def to_pdf(self) -> bytes:
        return pdf_bytes(self.pages)


def wrap(text: str, size: float) -> list[str]:
    """Lines that fit the text width: about half an em a Latin character, an em a CJK one."""
    width = WIDTH - 2 * MARGIN
    if any(unicodedata.east_asian_width(ch) == "W" for ch in text):
        per_line = int(width / size)
        return [text[i:i + per_line] for i in range(0, len(text), per_line)]
    return textwrap.wrap(text, int(width / (size * 0.52)))


def _encode(text: str) -> tuple[bytes, bytes]:
    try:
        raw = text.encode("cp1252")
    except UnicodeEncodeError:
        return b"/F2", b"<" + text.encode("utf-16-be").hex().encode() + b">"
    escaped = raw.replace(b"\\", b"\\\\").replace(b"(", b"\\(").replace(b")", b"\\)")
    return b"/F1", b"(" + escaped + b")"


def pdf_bytes(pages: list[Page]) -> bytes:
    """A complete PDF: catalog, page tree, the two fonts, one image, a content stream a page."""
    fonts = b"<< /F1 3 0 R /F2 4 0 R >>"
    objects: list[bytes] = [
        b"<< /Type /Catalog /Pages 2 0 R >>",
        b"",  # the page tree, once the pages are numbered
        b"<< /Type /Font /Subtype /Type1 /BaseFont /Helvetica /Encoding /WinAnsiEncoding >>",
        b"<< /Type /Font /Subtype /Type0 /BaseFont /STSong-Light /Encoding /UniGB-UCS2-H "
        b"/DescendantFonts [5 0 R] >>",
        b"<< /Type /Font /Subtype /CIDFontType0 /BaseFont /STSong-Light /CIDSystemInfo "
        b"<< /Registry (Adobe) /Ordering (GB1) /Supplement 2 >> /FontDescriptor 6 0 R /DW 1000 >>",
        b"<< /Type /FontDescriptor /FontName /STSong-Light /Flags 6 /FontBBox [-25 -254 1000 880] "
        b"/ItalicAngle 0 /Ascent 880 /Descent -120 /CapHeight 880 /StemV 93 >>",
        _stream(b"<< /Type /XObject /Subtype /Image /Width 32 /Height 32 /ColorSpace /DeviceGray "
                b"/BitsPerComponent 8", bytes(150 + (x * 3 + y * 2) % 90 for y in range(32)
                                              for x in range(32))),
    ]
    kids = []
    for page in pages:
        content = len(objects) + 2
        objects.append(b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 %d %d] /Resources << /Font %s "
                       b"/XObject << /Im1 7 0 R >> >> /Contents %d 0 R >>" % (WIDTH, HEIGHT, fonts, content))
        kids.append(b"%d 0 R" % (len(objects)))
        objects.append(_stream(b"<<", b"\n".join(page.ops)))
    objects[1] = b"<< /Type /Pages /Kids [%s] /Count %d >>" % (b" ".join(kids), len(pages))
    return pdf_file(objects, b"/Root 1 0 R", header=b"%PDF-1.4\n%\xe2\xe3\xcf\xd3\n")


def pdf_file(objects: list[bytes], trailer: bytes, header: bytes = b"%PDF-1.4\n") -> bytes:
    """A PDF file around the given objects (numbered from 1), with its cross-reference table;
    `trailer` holds the trailer's entries besides /Size."""
    out = header
    offsets = []
    for number, body in enumerate(objects, 1):
        offsets.append(len(out))
        out += b"%d 0 obj\n%s\nendobj\n" % (number, body)
    xref = len(out)
    out += b"xref\n0 %d\n0000000000 65535 f \n" % (len(objects) + 1)
    out += b"".join(b"%010d 00000 n \n" % offset for offset in offsets)
    return out + b"trailer\n<< /Size %d %s >>\nstartxref\n%d\n%%%%EOF\n" % (
        len(objects) + 1, trailer, xref)


def _stream(head: bytes, data: bytes) -> bytes:
    """A Flate-compressed stream; `head` is its dictionary, still open."""
    packed = zlib.compress(data)
    return head + b" /Filter /FlateDecode /Length %d >>\nstream\n%s\nendstream" % (len(packed), packed)
