"""The shape every language's lexicon has (see rag.text.lexicons)."""

from __future__ import annotations

from collections.abc import Mapping
from dataclasses import dataclass, field


@dataclass(frozen=True)
class Phrases:
    """Fixed sentences the assistant says in this language (written, never generated, so an
    abstention reads the same every time and can be recognised)."""

    abstain: str | None
    quote_note: str | None = None
    """Introduces a quote in another language; `{lang}` names that language. None: this
    language's answers do not introduce foreign quotes (the generator's own text is kept)."""
    conjunction: str = " and "
    """Joins two language names in a quote note."""
    language_names: Mapping[str, str] = field(default_factory=dict)
    """Names of the served languages, written in this one."""


@dataclass(frozen=True)
class Variant:
    """A written variant of a language chosen by the asker's own text (Traditional Chinese)."""

    code: str
    markers: str
    """Characters that only this variant writes; the variant with the most of them in the
    question wins, the language's own code on a tie."""
    phrases: Phrases


@dataclass(frozen=True)
class Lexicon:
    code: str
    """ISO 639-1."""
    english_name: str
    """How a prompt written in English names the language ("Write in Indonesian")."""
    phrases: Phrases
    markers: str = ""
    """Characters of the language's default variant (see Variant.markers)."""
    variants: tuple[Variant, ...] = ()
    function_words: frozenset[str] = frozenset()
    """Very common words that identify a Latin-script language in a short question."""
    letters: str = ""
    """Letters that count as one more function word when present (French accents)."""
    stopwords: frozenset[str] = frozenset()
    """Words too common to match on (lower case, accents folded)."""
    abbreviations: tuple[str, ...] = ()
    """Words whose full stop does not end a sentence ("Mr.", "v." in "Kadrey v. Meta")."""
    asks_number: tuple[str, ...] = ()
    asks_date: tuple[str, ...] = ()
    asks_name: tuple[str, ...] = ()
    asks_path: tuple[str, ...] = ()
    """A question for a folder or a file's location: answered by a path (rag.text.terms), not by a
    sentence about the folder. "Where" alone asks for a place, so only where something is stored,
    saved, kept or installed, or which folder, directory or path."""
    asks_term: tuple[str, ...] = ()
    """A question for an option, a command, a key or a file extension (rag.text.terms)."""
    question_words: frozenset[str] = frozenset()
    """Words that open a question asking for something other than a date ("how", "which")."""
    time_conjunctions: frozenset[str] = frozenset()
    """Words that ask "when?" at the head of a question but, after one of `question_words`, open a
    condition ("How do I stop it when it unpacks?" asks how)."""
    asks_relative: tuple[str, ...] = ()
    """A question about a share, a growth rate or a multiple."""
    number_words: tuple[str, ...] = ()
    """A figure written in words ("des dizaines de milliards")."""
    months: tuple[str, ...] = ()
    date_words: tuple[str, ...] = ()
    """Dates without a number ("spring", "last year"), and date patterns of a script ("5月")."""
    relative_units: tuple[str, ...] = ()
    """What follows a percentage or a multiple ("persen", "fois")."""
    scale_words: Mapping[str, float] = field(default_factory=dict)
    """Words after a figure that multiply it, written as they occur ("millions", "億")."""
    numbered_words: tuple[str, ...] = ()
    """Words written before a number that are not product names ("Chapter 3", "Top 10")."""
    refusals: tuple[str, ...] = ()
    """How a model says the sources do not answer."""
    anaphora: tuple[str, ...] = ()
    """Words that make a question lean on the conversation before it ("it", "itu", "它")."""
    relations: Mapping[str, tuple[str, ...]] = field(default_factory=dict)
    """How this language names a relation between an entity and a fact (a chief executive, a
    founder, a price, a headcount), keyed by a name shared by every lexicon (see
    rag.text.relations). A question naming one is answered only by a sentence naming it, in any
    language."""
    instructions: tuple[str, ...] = ()
    """How a text in this language addresses an assistant reading it ("ignore the question", "reply
    with"): a document is not written to its reader's software, so a sentence doing so is an
    injected instruction, never a fact to answer with (rag.text.instructions)."""
