"""Figures in text, and whether two texts state the same ones, across languages and scales.

A small model's most common invention is a plausible figure next to a real citation, and its most
common slip a figure rewritten at another scale ("$600 milliards" as "600亿美元"); these checks catch
both without a model. Scale words come from the lexicons.
"""

from __future__ import annotations

import math
import re

from rag.text.cjk import is_cjk
from rag.text.lexicons import LEXICONS, pattern

FIGURE = re.compile(r"\d+(?:[.,]\d+)*")
"""A figure in digits, with its decimal or thousands separators ("14,3", "1.000.000")."""

def _scale_pattern() -> re.Pattern[str]:
    """The lexicons' scale words: Latin ones as whole words, Han ones as written (no spaces)."""
    words = sorted(_SCALES, key=len, reverse=True)
    latin = [re.escape(w) for w in words if not is_cjk(w[0])]
    han = [re.escape(w) for w in words if is_cjk(w[0])]
    return re.compile(rf"\s*(?:(?P<latin>{'|'.join(latin)})(?![^\W\d_])|(?P<han>{'|'.join(han)}))",
                      re.IGNORECASE)


_SCALES: dict[str, float] = {w.lower(): v for lex in LEXICONS.values()
                             for w, v in lex.scale_words.items()}
"""Scale words after a figure. A model that turns "$600 milliards" into "600亿美元" (sixty billion)
keeps the digits and changes the amount tenfold; comparing digits alone would let it keep its
citation."""
_SCALE = _scale_pattern()


def _value(raw: str) -> float:
    """A figure's value, with decimal commas read as points and 1.000.000 style separators."""
    value = raw.replace(",", ".")
    if value.count(".") > 1:
        value = value.replace(".", "")
    return float(value)


def amounts(text: str) -> list[tuple[float, float | None]]:
    """Each figure in `text`: its digits' value, and that times the scale word after it (None
    when no scale word follows)."""
    found: list[tuple[float, float | None]] = []
    for match in FIGURE.finditer(text):
        digits = _value(match.group())
        scale = _SCALE.match(text, match.end())
        if scale is None:
            found.append((digits, None))
            continue
        word = (scale.group("latin") or scale.group("han")).lower()
        found.append((digits, digits * _SCALES[word]))
    return found


def figures_agree(claim: str, evidence: str, any_scale: bool = False) -> bool:
    """Every figure of the claim is in the evidence: a bare figure by its digits (so "14.3" may
    stand for "14,3 miliar"), a scaled one by its amount ("143億" and "14.3 billion" for "14,3
    miliar" too, "14,3 juta" not). With `any_scale`, every figure by its digits: a figure moved
    to another scale ("$600 milliards" as "600亿") is then a slip of the rewording, not a figure
    from nowhere."""
    stated = amounts(evidence)
    digits = [d for d, _ in stated]
    values = [v for d, scaled in stated for v in (d, scaled) if v is not None]
    for figure, scaled in amounts(claim):
        wanted, known = (figure, digits) if scaled is None or any_scale else (scaled, values)
        if not any(math.isclose(wanted, v, rel_tol=1e-9) for v in known):
            return False
    return True


def figure_in_words(text: str) -> bool:
    """Whether `text` writes a figure in words alone ("des dizaines de milliards", "數十億"), not
    as the scale word of a figure in digits ("14,3 miliar"): a rewording may render it in digits
    that the text does not write."""
    return any(not re.search(r"\d[\d.,]*\s*$", text[max(0, m.start() - 32):m.start()])
               for m in pattern("number_words").finditer(text))


def month_numbers(text: str) -> str:
    """The number of each month `text` names in words, one per word ("June 2025" → "6"): a claim
    written "2025 年 6 月" states a month its source spells out."""
    words = {w.lower() for w in re.findall(r"[^\W\d_]+", text)}
    return " ".join(str(n) for lex in LEXICONS.values()
                    for n, month in enumerate(lex.months, 1) if month in words)


def with_month_numbers(text: str) -> str:
    """`text` with the number of each month it names in words after it: what a figure is looked
    up in, since Chinese writes months as numbers ("7月" for "Juli", "juillet", "July") and a
    faithful rewording across languages would otherwise state a figure its source lacks."""
    numbers = month_numbers(text)
    return f"{text}\n{numbers}" if numbers else text


def keeps_a_figure(sentence: str, text: str, question: str = "") -> bool:
    """Whether `text` states at least one of the figures the sentence adds to `question` (true
    when it adds none): a rewording that drops every figure has usually dropped the answer
    ("launched in spring 2026" became "launched soon"), while one that drops only some ("in June
    2025, $14.3 billion" → "$14.3 billion") has usually kept it. A figure the question gives is
    what is asked about, not the answer ("sizes like 1K" asks for an option, not for 1K)."""
    figures = []
    for m in FIGURE.finditer(sentence):
        scale = _SCALE.match(sentence, m.end())
        figure = sentence[m.start():scale.end() if scale else m.end()]
        if not (question and figures_agree(figure, question)):
            figures.append(figure)
    if not figures:
        return True
    said = with_month_numbers(text)
    return any(figures_agree(f, said) for f in figures)
