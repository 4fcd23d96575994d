"""Characters nobody sees: removed from every document's text before it is stored and cited.

Anyone who can put a file in the corpus can hide text in it that a person reading the document never
sees but a model reading the extracted text does: an instruction spelled out in Unicode tag
characters (U+E0020–U+E007F mirror ASCII and render as nothing), or a visible instruction split by
zero-width spaces so that a filter looking for "ignore the question" misses it. Each reader removes
these characters before its text is fixed, so the stored text, every chunk and every citation
(`text[start:end] == quote`) agree, and the index report names the file.

What is removed:
- every format character (Unicode category Cf): zero-width space, non-joiner and joiner
  (U+200B–U+200D), word joiner and invisible operators (U+2060–U+2064), byte order mark / zero-width
  no-break space (U+FEFF) anywhere in the text, directional marks, embeddings, overrides and
  isolates (U+200E, U+200F, U+202A–U+202E, U+2066–U+2069; a reordering override can also make
  text read differently from the way it is shown), soft hyphen (U+00AD), interlinear annotation
  marks, tag characters, and the rest of the category;
- other characters that draw nothing: variation selectors (U+FE00–U+FE0F, U+E0100–U+E01EF, and the
  Mongolian free variation selectors), the combining grapheme joiner (U+034F) and the Hangul
  fillers (U+115F, U+1160, U+3164, U+FFA0), which are the other known ways to smuggle bytes into
  text that looks empty.

What stays: the prepended concatenation marks (U+0600–U+0605, U+06DD, U+070F, U+0890–U+0891,
U+08E2, U+110BD, U+110CD) are category Cf but drawn as visible signs around the digits they span.

The cost, chosen knowingly: our documents are English, French, Indonesian and Chinese, where none of
these characters changes a word. A ZWJ inside an emoji sequence (👩‍💻) splits it into its
visible parts (👩💻), a variation selector only picks a glyph variant (❤️ becomes ❤), and a soft
hyphen only marks where a word may break; searching, chunking and quoting are unaffected or
better ("Auto\\u00admobil" is found as "Automobil"). ZWNJ and ZWJ do change how Persian or
Devanagari words are shaped: a corpus in those scripts would need them kept.
"""

from __future__ import annotations

import re
from collections.abc import Mapping

FORMAT_CHARACTERS = "zero-width and format characters"
"""The label counted by `strip_invisible`'s callers in a document's removed-text tally."""

_CF = ("\u00ad\u061c\u180e\u200b-\u200f\u202a-\u202e\u2060-\u2064\u2066-\u206f\ufeff\ufff9-\ufffb"
       "\U00013430-\U0001343f\U0001bca0-\U0001bca3\U0001d173-\U0001d17a\U000e0001\U000e0020-\U000e007f")
"""Unicode's Cf characters (as of Unicode 15) without the prepended concatenation marks."""
_OTHER = "\u034f\u115f\u1160\u180b-\u180d\u180f\u3164\ufe00-\ufe0f\uffa0\U000e0100-\U000e01ef"
INVISIBLE = re.compile(f"[{_CF}{_OTHER}]+")
VISIBLE_FORMAT = frozenset("\u0600\u0601\u0602\u0603\u0604\u0605\u06dd\u070f\u0890\u0891\u08e2"
                           "\U000110bd\U000110cd")
"""Category Cf, but drawn: these are kept."""


def strip_invisible(text: str) -> tuple[str, int]:
    """`text` without the characters nobody sees, and how many were removed. Nothing is put in their
    place: a zero-width space between two letters shows no space, so none is made."""
    removed = 0

    def count(match: re.Match[str]) -> str:
        nonlocal removed
        removed += len(match.group())
        return ""

    cleaned = INVISIBLE.sub(count, text)
    return cleaned, removed


def describe_hidden(hidden: Mapping[str, int]) -> str:
    """One line for the index report: "212 hidden characters (HTML hidden elements, …)"."""
    found = {label: n for label, n in hidden.items() if n > 0}
    total = sum(found.values())
    noun = "character" if total == 1 else "characters"
    return f"{total} hidden {noun} removed ({', '.join(sorted(found))})"
