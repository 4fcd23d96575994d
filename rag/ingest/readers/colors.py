"""Colours as the readers meet them (CSS values, Word hex, PDF fill colours), and one test for text
that cannot be seen because it is drawn in the colour it is drawn on.

"Same colour" has a tolerance: #fefefe on white is as invisible as #ffffff, while #dddddd on white
(light grey, still legible) is not hidden. Two colours are indistinct when no channel differs by
more than `TOLERANCE` once the text's own transparency is applied (a fully transparent colour is
the background's, so transparent text is hidden too).
"""

from __future__ import annotations

import colorsys
import re

RGBA = tuple[float, float, float, float]
"""Channels 0–255, alpha 0–1."""
WHITE: RGBA = (255.0, 255.0, 255.0, 1.0)
BLACK: RGBA = (0.0, 0.0, 0.0, 1.0)
TOLERANCE = 24.0
"""Largest channel difference (of 255) at which text is taken to be the colour of its background."""
NAMED: dict[str, RGBA] = {
    "white": WHITE, "black": BLACK, "transparent": (0.0, 0.0, 0.0, 0.0),
    "snow": (255, 250, 250, 1), "ivory": (255, 255, 240, 1), "ghostwhite": (248, 248, 255, 1),
    "whitesmoke": (245, 245, 245, 1), "floralwhite": (255, 250, 240, 1), "mintcream": (245, 255, 250, 1),
    "azure": (240, 255, 255, 1), "aliceblue": (240, 248, 255, 1), "seashell": (255, 245, 238, 1),
    "linen": (250, 240, 230, 1), "honeydew": (240, 255, 240, 1), "lavenderblush": (255, 240, 245, 1),
    "oldlace": (253, 245, 230, 1), "beige": (245, 245, 220, 1), "lightyellow": (255, 255, 224, 1),
    "gainsboro": (220, 220, 220, 1), "lightgray": (211, 211, 211, 1), "lightgrey": (211, 211, 211, 1),
    "silver": (192, 192, 192, 1), "gray": (128, 128, 128, 1), "grey": (128, 128, 128, 1),
    "dimgray": (105, 105, 105, 1), "red": (255, 0, 0, 1), "green": (0, 128, 0, 1), "blue": (0, 0, 255, 1),
    "yellow": (255, 255, 0, 1), "navy": (0, 0, 128, 1), "maroon": (128, 0, 0, 1),
    "purple": (128, 0, 128, 1), "teal": (0, 128, 128, 1), "olive": (128, 128, 0, 1),
    "lime": (0, 255, 0, 1), "aqua": (0, 255, 255, 1), "cyan": (0, 255, 255, 1),
    "fuchsia": (255, 0, 255, 1), "magenta": (255, 0, 255, 1), "orange": (255, 165, 0, 1),
}
_HEX = re.compile(r"#?([0-9a-f]{3,4}|[0-9a-f]{6}|[0-9a-f]{8})")
_FUNCTION = re.compile(r"(rgba?|hsla?)\(([^)]*)\)")


def parse_color(value: str) -> RGBA | None:
    """A CSS colour (`#fff`, `#ffffff80`, `rgb(255 255 255)`, `rgba(0,0,0,0)`, `hsl(0,0%,100%)`, a
    common name) or a bare hex string as Word writes it (`FFFFFF`); None when not understood."""
    value = value.strip().lower().removesuffix("!important").strip()
    if value in NAMED:
        return tuple(map(float, NAMED[value]))  # type: ignore[return-value]
    match = _HEX.fullmatch(value)
    if match and (value.startswith("#") or len(match.group(1)) == 6):
        digits = match.group(1)
        if len(digits) <= 4:
            digits = "".join(ch * 2 for ch in digits)
        channels = [int(digits[i:i + 2], 16) for i in range(0, len(digits), 2)]
        alpha = channels[3] / 255 if len(channels) == 4 else 1.0
        return (float(channels[0]), float(channels[1]), float(channels[2]), alpha)
    match = _FUNCTION.fullmatch(value)
    if not match:
        return None
    parts = [p for p in re.split(r"[\s,/]+", match.group(2).strip()) if p]
    if len(parts) not in (3, 4):
        return None
    try:
        alpha = _number(parts[3], 1.0) if len(parts) == 4 else 1.0
        if match.group(1).startswith("rgb"):
            r, g, b = (_number(p, 255.0) for p in parts[:3])
        else:
            hue = float(parts[0].removesuffix("deg")) / 360 % 1.0
            light, sat = _number(parts[2], 1.0), _number(parts[1], 1.0)
            r, g, b = (c * 255 for c in colorsys.hls_to_rgb(hue, light, sat))
    except ValueError:
        return None
    return (r, g, b, max(0.0, min(alpha, 1.0)))


def _number(part: str, scale: float) -> float:
    """`50%` is half of `scale`; a bare number is taken as it is."""
    if part.endswith("%"):
        return float(part[:-1]) / 100 * scale
    return float(part)


def over(color: RGBA, background: RGBA) -> RGBA:
    """`color` painted over an opaque `background`, with its transparency applied."""
    a = color[3]
    return (color[0] * a + background[0] * (1 - a), color[1] * a + background[1] * (1 - a),
            color[2] * a + background[2] * (1 - a), 1.0)


def indistinct(text: RGBA, background: RGBA) -> bool:
    """Text of this colour cannot be told from this background."""
    shown = over(text, background)
    return max(abs(shown[i] - background[i]) for i in range(3)) <= TOLERANCE
