"""Technical terms: what a manual's answers are made of.

A command-line option, a path, a file extension, a key combination, a format symbol (`-l`,
`--block-size`, `~/.config/kicad`, `.rpt`, `Ctrl+N`, `%N`). Split into words they match nothing
("-l" is a stop word away from vanishing), so the lexical index keeps them whole, and a question that
asks for one ("which option", "what file extension") is answered only by a sentence holding one.
"""

from __future__ import annotations

import re

TECHNICAL = re.compile(r"(?<![\w\-/.~%+])[-~/.%]*[A-Za-z0-9](?:[\w\-/.~%+]*[\w%+])?")
_KEY = re.compile(r"(?<=\S)\s+(?:[A-Z]|F\d{1,2})(?![\w'’])|^(?:[A-Z]|F\d{1,2})$|[|:]\s*[A-Z](?!\w)"
                  r"|(?<=[\s(])[~`^\\](?=[\s).,;]|$)")
"""A single key named on its own ("press X", "Route track | X", "(hotkey ~)"), not a sentence's
opening "A"."""
_MANUAL_PAGE = re.compile(r"(?<![\w-])[A-Za-z][\w.+-]*\(\d[a-z]?\)")
"""A command named by its manual page, as manuals name one another ("use shred(1)")."""
PATH = re.compile(r"(?<![\w\\/.~%$-])(?:~|\$\{?\w+\}?|%\w+%|[A-Za-z]:|\.{1,2})?"
                  r"(?:[\\/][^\s\\/,;()'\"]+)+[\\/]?"
                  r"|(?<!\S)[\w.-]+(?:/[^\s/,;()'\"]+){2,}/?")
"""A file-system path: from a root, home, drive, variable or dot (`~/.config/app`, `/usr/share`,
`%APPDATA%\\app`, `../share/app/`), or three names joined by slashes (`share/app/template`);
"and/or" and "TCP/IP" are none."""


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


def _writes(term: str, sentence: str, below: bool = False) -> bool:
    """Whether `sentence` writes `term` whole (`-l` is not in `--literal`); with `below`, a path
    below a path term counts too (`~/.config/app/6.0/keys` for `~/.config/app`)."""
    after = r"(?![\w\-%])" if below and "/" in term else r"(?![\w\-/%])"
    return bool(re.search(rf"(?<![\w\-/.~%]){re.escape(term)}{after}", sentence))


def writes_every_term(terms: list[str], sentence: str) -> bool:
    """Whether `sentence` writes each of `terms` whole."""
    return all(_writes(term, sentence) for term in terms)


def writes_any_term(terms: list[str], sentence: str) -> bool:
    """Whether `sentence` writes one of `terms` whole, or a path below one of the paths."""
    return any(_writes(term, sentence, below=True) for term in terms)


def names_a_term(sentence: str, question: str = "") -> bool:
    """Whether `sentence` holds a technical term `question` does not, names a command by its
    manual page, or names a single key: what can answer a question asking for an option, a
    command, an extension or a key. Like a figure or a name the question gives, a term it writes
    is what is asked about ("which option does what --all does?"), not the answer."""
    asked = set(technical_tokens(question))
    return any(t not in asked for t in technical_tokens(sentence)) \
        or bool(_MANUAL_PAGE.search(sentence)) or bool(_KEY.search(sentence.strip()))


def paths_in(text: str) -> list[str]:
    return [m.group() for m in PATH.finditer(text) if any(ch.isalnum() for ch in m.group())]


_RELATIVE = re.compile(r"(?<![\w/.\\-])[\w.-]*[^\W\d_][\w.-]*/[\w.-]*[^\W\d_][\w.-]*/?(?=[\s.,;:)]|$)")
"""Two names joined by one slash: a relative folder ("demos/simulation"), or just as well
"and/or"; counted only where a path is asked for."""


def names_a_path(sentence: str, question: str = "") -> bool:
    """Whether `sentence` writes a path `question` does not: what answers "in which folder?"."""
    found = paths_in(sentence) + [m.group() for m in _RELATIVE.finditer(sentence)]
    return any(p not in question for p in found)


_OPTION_CLUSTER = re.compile(r"-[A-Za-z0-9]{2,}")
_SHORT_OPTION = re.compile(r"-[A-Za-z0-9]")


def _joins_written_options(term: str, text: str) -> bool:
    """Whether `term` is single-letter options written together ("-lh" for "-l" and "-h", as a
    command line joins them) each of which `text` writes."""
    return bool(_OPTION_CLUSTER.fullmatch(term)) \
        and all(_writes(f"-{letter}", text) for letter in term[1:])


def unstated_terms(claim: str, evidence: str, question: str = "") -> list[str]:
    """The paths and options `claim` writes that neither `evidence` nor `question` does: a small
    model completes a path it half read ("/home/username/.config/kicad/") or names the option of
    the line next to the one it cites. A shorter piece of a written path counts as written, and
    single-letter options joined ("-lh") when each is written."""
    return [t for t in paths_and_options(claim) if t not in evidence and t not in question
            and not _joins_written_options(t, f"{evidence}\n{question}")]


def keeps_a_term(sentence: str, text: str, question: str) -> bool:
    """Whether `text`, a rewording of `sentence`, writes one of the paths and options the sentence
    adds to the question (true when it adds none), a single-letter option also joined with others
    ("-h" in "ls -lh"): "the option used is [1]" has lost it."""
    terms = [t for t in paths_and_options(sentence) if t not in question]
    joined = [t for t in paths_and_options(text) if _OPTION_CLUSTER.fullmatch(t)]
    return not terms or any(t in text or (_SHORT_OPTION.fullmatch(t)
                                          and any(t[1] in c[1:] for c in joined))
                            for t in terms)
