"""PDF text that nobody looking at the page sees, found per text object so the reader can skip it.

A PDF can carry text that is extracted but never drawn: render mode 3 (`3 Tr`, "neither fill nor
stroke") or 7 (clip only), or text painted in the colour of what lies under it (white on the white
page). Both are how an instruction for the model is planted in a PDF.

Render mode 3 is also how a scanned page is made searchable: OCR software lays the recognised
words, invisible, over the page image. A person reads that image, so invisible text is kept where
it lies on an image (its centre inside an image drawn on the page) and removed everywhere else. The
reader cannot tell an honest OCR layer from words planted over a picture: that case is kept, and
answers are guarded against it where they are made.

The background under coloured text is the last filled shape drawn before it that covers its centre,
else the white page; an image there makes the background unknown, and the text is kept. Shapes and
text inside form XObjects are followed, their boxes mapped to the page.
"""

from __future__ import annotations

import ctypes
from dataclasses import dataclass
from typing import Any

from rag.ingest.readers.colors import RGBA, WHITE, indistinct

INVISIBLE_TEXT = "invisible PDF text"
COLOURED_TEXT = "PDF text coloured like its background"
_INVISIBLE_MODES = (3, 7)
_GROUND = 3.0
"""Points a filled shape must measure each way to be something text is drawn on."""
_STROKE_MODES = (1, 5)
Matrix = tuple[float, float, float, float, float, float]
_IDENTITY: Matrix = (1.0, 0.0, 0.0, 1.0, 0.0, 0.0)
Box = tuple[float, float, float, float]
"""left, bottom, right, top, in page space."""


@dataclass
class _Object:
    kind: int
    handle: Any
    matrix: Matrix | None
    """Form XObjects' matrices to the page; None on the page itself."""
    color: RGBA | None = None
    """Text: the colour it is painted in (None: not painted). Path: its fill (None: not filled)."""
    _box: Box | None = None


class _Page:
    """One page's objects, read through pdfium with reusable buffers (a printed manual page has a
    thousand text objects: this runs for every page of every PDF)."""

    def __init__(self, pdfium_c: Any) -> None:
        self.c = pdfium_c
        self.ints = [ctypes.c_uint(0) for _ in range(4)]
        self.int_refs = [ctypes.byref(v) for v in self.ints]
        self.floats = [ctypes.c_float(0) for _ in range(4)]
        self.float_refs = [ctypes.byref(v) for v in self.floats]
        self.objects: list[_Object] = []

    def collect(self, page: Any, form: Any = None, matrix: Matrix | None = None) -> None:
        """Every text, path and image object in drawing order, form XObjects opened."""
        c = self.c
        count = c.FPDFFormObj_CountObjects(form) if form is not None else c.FPDFPage_CountObjects(page)
        for i in range(count):
            obj = c.FPDFFormObj_GetObject(form, i) if form is not None else c.FPDFPage_GetObject(page, i)
            kind = c.FPDFPageObj_GetType(obj)
            if kind == c.FPDF_PAGEOBJ_FORM:
                self.collect(page, obj, _compose(_matrix(c, obj), matrix or _IDENTITY))
            elif kind == c.FPDF_PAGEOBJ_TEXT:
                mode = c.FPDFTextObj_GetTextRenderMode(obj)
                paint = c.FPDFPageObj_GetStrokeColor if mode in _STROKE_MODES else c.FPDFPageObj_GetFillColor
                color = None if mode in _INVISIBLE_MODES else self.color(paint, obj)
                self.objects.append(_Object(kind, obj, matrix, color))
            elif kind == c.FPDF_PAGEOBJ_PATH:
                fill, stroke = ctypes.c_int(0), ctypes.c_int(0)
                c.FPDFPath_GetDrawMode(obj, ctypes.byref(fill), ctypes.byref(stroke))
                if fill.value:  # only a filled shape can be what text is drawn on
                    color = self.color(c.FPDFPageObj_GetFillColor, obj)
                    self.objects.append(_Object(kind, obj, matrix, color))
            elif kind == c.FPDF_PAGEOBJ_IMAGE:
                self.objects.append(_Object(kind, obj, matrix))

    def color(self, getter: Any, obj: Any) -> RGBA | None:
        if not getter(obj, *self.int_refs):
            return None
        r, g, b, a = self.ints
        return (r.value, g.value, b.value, a.value / 255)

    def box(self, obj: _Object) -> Box:
        if obj._box is None:
            self.c.FPDFPageObj_GetBounds(obj.handle, *self.float_refs)
            box = tuple(v.value for v in self.floats)
            if obj.matrix is not None:
                corners = [_apply(obj.matrix, x, y) for x in (box[0], box[2]) for y in (box[1], box[3])]
                xs, ys = [p[0] for p in corners], [p[1] for p in corners]
                box = (min(xs), min(ys), max(xs), max(ys))
            obj._box = box  # type: ignore[assignment]
        return obj._box  # type: ignore[return-value]

    def centre(self, obj: _Object) -> tuple[float, float]:
        box = self.box(obj)
        return (box[0] + box[2]) / 2, (box[1] + box[3]) / 2


def hidden_text_objects(page: Any) -> dict[int, str]:
    """The text objects of `page` nobody sees, by address (as FPDFText_GetTextObject returns them),
    each with why."""
    import pypdfium2.raw as pdfium_c

    reader = _Page(pdfium_c)
    reader.collect(page.raw)
    objects = reader.objects
    text, image = pdfium_c.FPDF_PAGEOBJ_TEXT, pdfium_c.FPDF_PAGEOBJ_IMAGE
    # What text can be drawn on: opaque filled shapes and images, not rules or underlines.
    grounds = [(k, o) for k, o in enumerate(objects) if o.kind != text
               and (o.kind == image or (o.color is not None and o.color[3] > 0.5))]
    grounds = [(k, o) for k, o in grounds if (b := reader.box(o))[2] - b[0] >= _GROUND
               and b[3] - b[1] >= _GROUND]
    colors = {WHITE, *(o.color for _, o in grounds if o.color is not None)}
    suspect: dict[RGBA, bool] = {}
    hidden: dict[int, str] = {}
    for k, obj in enumerate(objects):
        if obj.kind != text:
            continue
        if obj.color is None:
            x, y = reader.centre(obj)
            if not any(_holds(reader.box(o), x, y) for _, o in grounds if o.kind == image):
                hidden[_address(obj)] = INVISIBLE_TEXT
            continue
        if obj.color not in suspect:
            suspect[obj.color] = any(indistinct(obj.color, c) for c in colors)
        if suspect[obj.color]:
            x, y = reader.centre(obj)
            under = next((o for j, o in reversed(grounds) if j < k and _holds(reader.box(o), x, y)), None)
            background = WHITE if under is None else under.color  # an image: None, unknown
            if background is not None and indistinct(obj.color, background):
                hidden[_address(obj)] = COLOURED_TEXT
    return hidden


def _address(obj: _Object) -> int:
    return ctypes.cast(obj.handle, ctypes.c_void_p).value or 0


def _holds(box: Box, x: float, y: float) -> bool:
    return box[0] - 1 <= x <= box[2] + 1 and box[1] - 1 <= y <= box[3] + 1


def _matrix(pdfium_c: Any, obj: Any) -> Matrix:
    m = pdfium_c.FS_MATRIX()
    if not pdfium_c.FPDFPageObj_GetMatrix(obj, ctypes.byref(m)):
        return _IDENTITY
    return (m.a, m.b, m.c, m.d, m.e, m.f)


def _compose(inner: Matrix, outer: Matrix) -> Matrix:
    """`inner` then `outer` (PDF row-vector convention)."""
    a, b, c, d, e, f = inner
    A, B, C, D, E, F = outer
    return (a * A + b * C, a * B + b * D, c * A + d * C, c * B + d * D, e * A + f * C + E, e * B + f * D + F)


def _apply(m: Matrix, x: float, y: float) -> tuple[float, float]:
    return (m[0] * x + m[2] * y + m[4], m[1] * x + m[3] * y + m[5])
