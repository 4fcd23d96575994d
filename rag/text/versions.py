"""Versioned names in a question ("Llama 3", "GPT-4o", "Qwen2.5"): the version is part of the name.

A passage about "the Llama series" does not answer "When was Llama 3 released?", yet to an embedder
and to a 1.5B judge the two are nearly the same question. Versions are written the same way in
every language, so requiring the passage to name the same version is a cross-lingual check that
costs no model.
"""

from __future__ import annotations

import re

from rag.text.lexicons import union

_VERSIONED = re.compile(
    r"(?<![\w.])([A-Z][A-Za-z]*[a-z][A-Za-z]*|[A-Z]{2,})[ -]?(\d{1,2}(?:\.\d{1,2})?[a-z]?)(?![\w.,:]?\d)")
"""A capitalised word and a one- or two-digit version: "Llama 3", "GPT-4", "Gemini 3", "Qwen2.5"."""
_NOT_NAMES = frozenset(union("months")) | frozenset(union("numbered_words"))
"""Words before a day or a number that are not products ("June 5", "Top 10", "Q3")."""


def _key(name: str, version: str) -> str:
    return f"{name.lower()} {version.lower()}"


def versioned_names(text: str) -> set[str]:
    """Normalised "name version" keys, e.g. {"llama 3", "gpt 4o"}."""
    return {_key(n, v) for n, v in _VERSIONED.findall(text) if n.lower() not in _NOT_NAMES}


def names_every_version(question: str, passage: str) -> bool:
    """Whether `passage` names every versioned name the question does (true when it names none)."""
    wanted = versioned_names(question)
    return not wanted or wanted <= versioned_names(passage)
