"""Technical terms: what a manual's answers are made of.

A command-line option, a path, a file extension, a key combination, a format symbol (`-l`,
`--block-size`, `~/.config/kicad`, `.rpt`, `Ctrl+N`, `%N`). Split into words they match nothing
("-l" is a stop word away from vanishing), so the lexical index keeps them whole, and a question that
asks for one ("which option", "what file extension") is answered only by a sentence holding one.
"""

from __future__ import annotations

import re

TECHNICAL = re.compile(r"(?<![\w\-/.~%+])[-~/.%]*[A-Za-z0-9](?:[\w\-/.~%+]*[\w%+])?")
_KEY = re.compile(r"(?<=\S)\s+(?:[A-Z]|F\d{1,2})(?![\w'’])|^(?:[A-Z]|F\d{1,2})$|[|:]\s*[A-Z](?!\w)")
"""A single key named on its own ("press X", "Route track | X"), not a sentence's opening "A"."""


def _terms(text: str) -> list[str]:
    """Runs of TECHNICAL holding a letter (a bare number or version is no term)."""
    return [m.group() for m in TECHNICAL.finditer(text) if any(ch.isalpha() for ch in m.group())]


def technical_tokens(text: str) -> list[str]:
    """Whole technical terms of `text`, lower-cased (the words inside them are tokens as well)."""
    return [term.lower() for term in _terms(text) if any(ch in term for ch in "-/.~%+")]


def paths_and_options(text: str) -> list[str]:
    """The paths, options, file extensions and format symbols of `text`, as written (`-t` and
    `-T` are different options): terms no title or headline holds (a hyphenated product name
    such as "GPT-4o" is not one)."""
    return [term for term in _terms(text) if term[0] in "-.~/%" or "/" in term or "%" in term]


def holds_a_path_or_option(text: str) -> bool:
    return bool(paths_and_options(text))


def writes_every_term(terms: list[str], sentence: str) -> bool:
    """Whether `sentence` writes each of `terms` whole (`-l` is not in `--literal`)."""
    return all(re.search(rf"(?<![\w\-/.~%]){re.escape(term)}(?![\w\-/%])", sentence)
               for term in terms)


def names_a_term(sentence: str) -> bool:
    """Whether `sentence` holds a technical term or names a single key: what can answer a question
    asking for an option, a command, a path, an extension or a key."""
    return bool(technical_tokens(sentence)) or bool(_KEY.search(sentence.strip()))


def unstated_terms(claim: str, evidence: str, question: str = "") -> list[str]:
    """The paths and options `claim` writes that neither `evidence` nor `question` does: a small
    model completes a path it half read ("/home/username/.config/kicad/") or names the option of
    the line next to the one it cites. A shorter piece of a written path counts as written."""
    return [t for t in paths_and_options(claim) if t not in evidence and t not in question]


def keeps_a_term(sentence: str, text: str, question: str) -> bool:
    """Whether `text`, a rewording of `sentence`, writes one of the paths and options the sentence
    adds to the question (true when it adds none): "the option used is [1]" has lost it."""
    terms = [t for t in paths_and_options(sentence) if t not in question]
    return not terms or any(t in text for t in terms)
