"""Text that addresses the software reading it: an injected instruction, never a fact.

A document is written for people. A sentence in it telling "the assistant" to ignore the question,
to reply with a link or to print a code is written for a model that retrieves it (OWASP LLM01,
indirect prompt injection): it is not quoted as an answer, not shown to the generator, and cannot
support a claim. How each language says so lives in its lexicon (`instructions`); the patterns are
about addressing a reader's software, not about any topic, so they match nothing in an ordinary
manual or article (none of the 26,866 lines of the two evaluation corpora).
"""

from __future__ import annotations

import re

from rag.text.lexicons import pattern
from rag.text.sentences import sentence_spans

_URL = re.compile(r"\b(?:https?|ftp)://[^\s<>\"'\])]+|\bwww\.[^\s<>\"'\])]+", re.IGNORECASE)
_EMAIL = re.compile(r"\b[\w.+-]+@[\w-]+(?:\.[\w-]+)+\b")
_CODE = re.compile(r"\b(?=[\w-]*\d)(?=[\w-]*[A-Za-z])[A-Za-z0-9]+(?:[-_][A-Za-z0-9]+){2,}\b")
"""An identifier of three or more hyphen- or underscore-joined parts with letters and digits
("TOKEN-7F3A-12"): a model copies such strings, it does not invent them honestly."""


def addresses_the_model(text: str) -> bool:
    return bool(pattern("instructions").search(text))


def without_instructions(text: str) -> str:
    """`text` with every sentence that addresses the model replaced by "[…]"."""
    spans = [(s, e) for s, e in sentence_spans(text) if addresses_the_model(text[s:e])]
    for s, e in reversed(spans):
        text = text[:s] + "[…]" + text[e:]
    return text


def verbatim_tokens(text: str) -> set[str]:
    """Links, e-mail addresses and codes: what an answer may only hold when a quote holds it."""
    found = {m.group().rstrip(".,;:!?") for m in _URL.finditer(text)}
    found |= {m.group() for m in _EMAIL.finditer(text)}
    found |= {m.group() for m in _CODE.finditer(text)}
    return found


def carries_its_tokens(claim: str, evidence: str) -> bool:
    """Whether every link, address and code of `claim` is written in `evidence` exactly."""
    return all(token in evidence for token in verbatim_tokens(claim))
