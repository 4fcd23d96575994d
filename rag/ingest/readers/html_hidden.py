"""HTML that a person viewing the page never sees, found so that it is left out of the stored text.

A page can carry text for machines only: an instruction in white on the white page, in a
`display:none` block, at `left:-9999px`, in a zero-size font, in `<template>` or `<noscript>`. A
model would read it as part of the document. An element is hidden here when
- it has the `hidden` attribute or `aria-hidden="true"`, or is a `template` or `noscript`;
- its style (the `style` attribute, then simple rules of the page's `<style>` blocks) says
  `display:none`, `visibility:hidden|collapse`, `opacity` near 0, a font size under 3 px, an offset
  of 500 px or more off the page (`left`, `top`, `margin-*`, `text-indent`, `translate`), a clip to
  nothing, or a box of at most 1 px with its overflow hidden (the "visually hidden" pattern);
- its text colour is that of the background it is drawn on (rag.ingest.readers.colors): the
  nearest background set on it or an ancestor (style, `bgcolor`), else the browser's white; a
  colour that is set somewhere (style, `<font color>`) is needed, since the page's own default
  may be anything. A background we cannot read (an image, a gradient) hides nothing.

The page's `<style>` rules are read only for simple selectors (`p`, `.note`, `#id`, `div.note.x`);
rules inside `@media`, `@supports` and the like are ignored (they may apply to print or to small
screens only), and an external stylesheet is not fetched: text hidden only by it is kept. The cost
of this is small (an `aria-hidden` icon label, a screen-reader-only "opens in a new tab" are
dropped); the gain is that no hidden element of a page is read by the model.
"""

from __future__ import annotations

import re
from dataclasses import dataclass
from typing import Any

from rag.ingest.readers.colors import RGBA, WHITE, indistinct, over, parse_color

HIDDEN_ELEMENTS = "HTML hidden elements"
HIDDEN_TAGS = frozenset({"template", "noscript"})
NEVER_HIDDEN = frozenset({"html", "body"})
_SELECTOR = re.compile(r"(?:[a-z][a-z0-9-]*|\*)?(?:[.#][\w-]+)*", re.I)
_LENGTH = re.compile(r"(-?\d*\.?\d+)\s*(px|pt|pc|em|rem|ex|ch|vw|vh|%|mm|cm|in)?", re.I)
_PX = {"px": 1.0, "pt": 4 / 3, "pc": 16.0, "em": 16.0, "rem": 16.0, "ex": 8.0, "ch": 8.0, "mm": 3.78,
       "cm": 37.8, "in": 96.0, "vw": 10.0, "vh": 10.0, "%": 0.16, "": 1.0}
"""Rough px per unit: enough to tell 1px from 12px, and -9999px from -5px."""
_OFFSETS = ("left", "top", "right", "bottom", "margin-left", "margin-top", "margin-right",
            "text-indent")
_FAR = -500.0
_TRANSLATE = re.compile(r"translate(?:x|y|3d)?\(([^)]*)\)", re.I)
_CLIPPED = re.compile(r"rect\(\s*0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?[\s,]+0(?:px)?\s*\)|"
                      r"rect\(\s*1px[\s,]+1px[\s,]+1px[\s,]+1px\s*\)|inset\(\s*(?:50|100)%\s*\)|"
                      r"circle\(\s*0", re.I)


_RELEVANT = frozenset({"display", "visibility", "opacity", "font-size", "transform", "clip", "clip-path",
                       "width", "height", "max-width", "max-height", "overflow", "color",
                       "background", "background-color", *_OFFSETS})
"""The properties that can hide text: rules setting none of them are not kept."""


@dataclass(frozen=True)
class Rule:
    order: int
    tag: str | None
    classes: frozenset[str]
    id: str | None
    declarations: dict[str, str]

    def matches(self, el: Any) -> bool:
        if self.tag and self.tag != "*" and self.tag != el.tag.lower():
            return False
        if self.id and el.get("id") != self.id:
            return False
        return self.classes <= set(el.get("class", "").split())


class Stylesheet:
    """The simple top-level rules of a page's `<style>` elements that set a property able to hide
    text, looked up by id, class and tag (a manual's stylesheet has hundreds of rules)."""

    def __init__(self, rules: list[Rule]) -> None:
        self.by_key: dict[str, list[Rule]] = {}
        for rule in rules:
            key = (f"#{rule.id}" if rule.id else f".{min(rule.classes)}" if rule.classes
                   else rule.tag or "*")
            self.by_key.setdefault(key, []).append(rule)

    def style_of(self, el: Any) -> dict[str, str]:
        """Declarations of the matching rules in source order, then the element's `style`."""
        keys = ["*", el.tag.lower(), f"#{el.get('id', '')}",
                *(f".{c}" for c in el.get("class", "").split())]
        rules = sorted({r.order: r for k in keys for r in self.by_key.get(k, ()) if r.matches(el)}.items())
        style: dict[str, str] = {}
        for _, rule in rules:
            style.update(rule.declarations)
        return style


def page_rules(root: Any) -> Stylesheet:
    """The page's own stylesheet, as far as hiding text goes."""
    rules: list[Rule] = []
    for style in root.iter("style"):
        css = re.sub(r"/\*.*?\*/", "", style.text_content() or "", flags=re.S)
        for selectors, body in _top_level_rules(css):
            declarations = {k: v for k, v in declarations_of(body).items() if k in _RELEVANT}
            if not declarations:
                continue
            for selector in (s.strip() for s in selectors.split(",")):
                if selector and _SELECTOR.fullmatch(selector):
                    tag = re.match(r"[a-z][a-z0-9-]*|\*", selector, re.I)
                    rules.append(Rule(len(rules), tag.group().lower() if tag else None,
                                      frozenset(re.findall(r"\.([\w-]+)", selector)),
                                      next(iter(re.findall(r"#([\w-]+)", selector)), None), declarations))
    return Stylesheet(rules)


def _top_level_rules(css: str) -> list[tuple[str, str]]:
    """(selector list, declarations) of each rule outside any at-rule block."""
    out: list[tuple[str, str]] = []
    depth, start, selector = 0, 0, ""
    for i, ch in enumerate(css):
        if ch == "{":
            if depth == 0:
                selector, start = css[start:i].strip(), i + 1
            depth += 1
        elif ch == "}" and depth:
            depth -= 1
            if depth == 0:
                if not selector.startswith("@"):
                    out.append((selector, css[start:i]))
                start = i + 1
        elif ch == ";" and depth == 0:  # `@import …;`, `@charset …;`
            start = i + 1
    return out


def declarations_of(style: str) -> dict[str, str]:
    out: dict[str, str] = {}
    for part in style.split(";"):
        name, sep, value = part.partition(":")
        if sep:
            out[name.strip().lower()] = value.strip().lower().removesuffix("!important").strip()
    return out


def hidden_elements(root: Any, rules: Stylesheet) -> list[Any]:
    """The outermost hidden elements under `root`, in document order."""
    found: list[Any] = []
    _walk(root, rules, _Paint(None, False, WHITE), found)
    return found


@dataclass(frozen=True)
class _Paint:
    color: RGBA | None
    """The text colour set on the element or an ancestor; None while only the page default."""
    color_inline: bool
    """Set in the markup itself (`style`, `<font color>`), not by a stylesheet rule."""
    background: RGBA | None
    """What the text is drawn on; None when that cannot be known (an image, a gradient)."""


def _walk(el: Any, rules: Stylesheet, paint: _Paint, found: list[Any]) -> None:
    for child in el:
        if not isinstance(child.tag, str):
            continue
        style = rules.style_of(child)
        inline = declarations_of(child.get("style", ""))
        style.update(inline)
        own_color = _color_of(child, style)
        background = _background_of(child, style, paint.background)
        here = paint if own_color is None and background is paint.background else _Paint(
            own_color or paint.color,
            (("color" in inline or child.tag.lower() == "font") if own_color else paint.color_inline),
            background)
        # Colours are compared where they are set: a colour on this element, or a background on
        # it under a colour set in the markup (a stylesheet's colour may come with a background
        # from a rule we do not read).
        compare = own_color is not None or (background is not paint.background and paint.color_inline)
        if child.tag.lower() not in NEVER_HIDDEN and (
                _hidden_by_markup(child) or _hidden_by_style(style) or
                (compare and here.color is not None and here.background is not None
                 and indistinct(here.color, here.background))):
            found.append(child)
            continue
        _walk(child, rules, here, found)


def _hidden_by_markup(el: Any) -> bool:
    return (el.tag.lower() in HIDDEN_TAGS or el.get("hidden") is not None
            or el.get("aria-hidden", "").strip().lower() == "true")


def _hidden_by_style(style: dict[str, str]) -> bool:
    if style.get("display") == "none" or style.get("visibility") in ("hidden", "collapse"):
        return True
    opacity = _length(style.get("opacity", ""))
    if opacity is not None and opacity <= (5.0 if style["opacity"].endswith("%") else 0.05):
        return True
    size = _length(style.get("font-size", ""), px=True)
    if size is not None and size < 3:
        return True
    if any((_length(style.get(name, ""), px=True) or 0.0) <= _FAR for name in _OFFSETS):
        return True
    for args in _TRANSLATE.findall(style.get("transform", "")):
        if any((_length(a, px=True) or 0.0) <= _FAR for a in args.split(",")):
            return True
    if _CLIPPED.search(style.get("clip", "")) or _CLIPPED.search(style.get("clip-path", "")):
        return True
    tiny = any((size := _length(style.get(name, ""), px=True)) is not None and size <= 1
               for name in ("width", "height", "max-width", "max-height"))
    return tiny and style.get("overflow", "") in ("hidden", "clip")


def _length(value: str, px: bool = False) -> float | None:
    match = _LENGTH.fullmatch(value.strip())
    if not match:
        return None
    number = float(match.group(1))
    return number * _PX[(match.group(2) or "").lower()] if px else number


def _color_of(el: Any, style: dict[str, str]) -> RGBA | None:
    value = style.get("color") or (el.get("color") if el.tag.lower() == "font" else None)
    return parse_color(value) if value else None


def _background_of(el: Any, style: dict[str, str], inherited: RGBA | None) -> RGBA | None:
    """The colour this element's text is drawn on; None when it cannot be known (an image)."""
    value = style.get("background-color") or style.get("background") or el.get("bgcolor")
    if not value:
        return inherited
    if re.search(r"url\(|gradient\(", value):
        return None
    tokens = re.findall(r"#[0-9a-f]+|(?:rgba?|hsla?)\([^)]*\)|[a-z]+", value)
    colors = [c for c in map(parse_color, tokens) if c is not None]
    if not colors:
        return inherited if value in ("none", "inherit", "initial", "unset") else None
    if inherited is None:
        return None if colors[0][3] < 1 else colors[0]
    return over(colors[0], inherited)
