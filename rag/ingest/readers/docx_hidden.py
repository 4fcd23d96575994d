"""Word text that a reader of the document never sees, left out of what the DOCX reader stores.

Word hides a run that has the `w:vanish` property ("Hidden" in the Font dialog; off screen and in
print unless the reader turns on "show hidden text"), and a run in the colour of what it is drawn on
(white text on a white page) or in a font of 1 pt or less is as invisible. Either can carry text
meant only for the model. A run's properties are looked up as Word does: the run itself, then its
character style and the styles it is based on, then the paragraph's style chain, then the
document defaults. What it is drawn on is the run's shading or highlight, else the paragraph's
shading, else the table cell's, else the page colour, else white. `w:color="auto"` is black on a
light background and white on a dark one: never hidden.
"""

from __future__ import annotations

from collections import Counter
from typing import Any

from rag.ingest.readers.colors import RGBA, WHITE, indistinct, parse_color

_W = "{http://schemas.openxmlformats.org/wordprocessingml/2006/main}"
HIDDEN_RUNS = "hidden Word text"
COLOURED_RUNS = "Word text coloured like its background"
_OFF = ("0", "false", "off")
_HIGHLIGHT = {"white": "FFFFFF", "black": "000000", "yellow": "FFFF00", "green": "00FF00",
              "cyan": "00FFFF", "magenta": "FF00FF", "blue": "0000FF", "red": "FF0000",
              "lightGray": "C0C0C0", "darkGray": "808080"}
_THEME_WHITE = frozenset({"background1", "light1"})


class RunVisibility:
    """Decides, run by run, what a reader of this document sees; counts what is left out."""

    def __init__(self, document: Any) -> None:
        styles = document.styles.element
        self.styles = {s.get(f"{_W}styleId"): s for s in styles.iter(f"{_W}style")}
        default = [s for s in styles.iter(f"{_W}style")
                   if s.get(f"{_W}type") == "paragraph" and s.get(f"{_W}default") in ("1", "true")]
        self.default_paragraph = default[0].get(f"{_W}styleId") if default else None
        self.defaults = styles.find(f"{_W}docDefaults/{_W}rPrDefault/{_W}rPr")
        page = document.element.find(f"{_W}background")
        self.page = (parse_color(page.get(f"{_W}color", "")) if page is not None else None) or WHITE
        self.hidden: Counter[str] = Counter()

    def paragraph_text(self, p: Any) -> str:
        """What `Paragraph.text` gives (runs and hyperlinks, in order), without the hidden runs."""
        return "".join(run.text for run in p.xpath("w:r | w:hyperlink/w:r") if self.visible(run, p))

    def visible(self, run: Any, p: Any) -> bool:
        """False (and the run's text counted) when a reader would not see this run."""
        why = self._why_hidden(run, p)
        if why:
            self.hidden[why] += len(run.text)
        return why is None

    def _why_hidden(self, run: Any, p: Any) -> str | None:
        chain = self._chain(run, p)
        vanish = _first(chain, "vanish")
        if vanish is not None and vanish.get(f"{_W}val", "1").lower() not in _OFF:
            return HIDDEN_RUNS
        size = _first(chain, "sz")
        value = size.get(f"{_W}val", "") if size is not None else ""
        if value.isdigit() and int(value) <= 2:  # half-points: 1 pt or less
            return HIDDEN_RUNS
        color = _first(chain, "color")
        text = _run_color(color) if color is not None else None
        if text is not None and indistinct(text, self._background(run, p, chain)):
            return COLOURED_RUNS
        return None

    def _chain(self, run: Any, p: Any) -> list[Any]:
        """Run property elements, the one that decides first: run, character style, paragraph
        style, document defaults."""
        chain: list[Any] = []
        rPr = run.find(f"{_W}rPr")
        if rPr is not None:
            chain.append(rPr)
            chain.extend(self._style_rprs(_val(rPr.find(f"{_W}rStyle"))))
        pPr = p.find(f"{_W}pPr")
        chain.extend(self._style_rprs(_val(pPr.find(f"{_W}pStyle")) if pPr is not None else None,
                                      self.default_paragraph))
        if self.defaults is not None:
            chain.append(self.defaults)
        return chain

    def _style_rprs(self, style_id: str | None, fallback: str | None = None) -> list[Any]:
        out: list[Any] = []
        seen: set[str] = set()
        current = style_id or fallback
        while current and current not in seen and current in self.styles:
            seen.add(current)
            style = self.styles[current]
            found = style.find(f"{_W}rPr")
            if found is not None:
                out.append(found)
            current = _val(style.find(f"{_W}basedOn"))
        return out

    def _background(self, run: Any, p: Any, chain: list[Any]) -> RGBA:
        for rPr in chain:
            highlight = _val(rPr.find(f"{_W}highlight"))
            if highlight and highlight != "none":
                return parse_color(_HIGHLIGHT.get(highlight, "")) or self.page
            fill = _shading(rPr)
            if fill:
                return fill
        for el in (p, *p.iterancestors(f"{_W}tc")):
            props = el.find(f"{_W}pPr" if el is p else f"{_W}tcPr")
            fill = _shading(props) if props is not None else None
            if fill:
                return fill
        return self.page


def _first(chain: list[Any], name: str) -> Any:
    for rPr in chain:
        found = rPr.find(f"{_W}{name}")
        if found is not None:
            return found
    return None


def _val(el: Any) -> str | None:
    return el.get(f"{_W}val") if el is not None else None


def _run_color(color: Any) -> RGBA | None:
    value = color.get(f"{_W}val", "")
    if value.lower() == "auto":
        return None
    if not value and color.get(f"{_W}themeColor") in _THEME_WHITE:
        return WHITE
    return parse_color(value)


def _shading(props: Any) -> RGBA | None:
    shd = props.find(f"{_W}shd")
    fill = shd.get(f"{_W}fill", "") if shd is not None else ""
    return parse_color(fill) if fill and fill.lower() != "auto" else None
