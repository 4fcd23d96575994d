"""The relation a question asks about, and whether a sentence states it.

"Who is the CEO of Hugging Face?" pairs an entity with a relation. A sentence about Hugging Face
that names no chief executive cannot answer it, however similar it is, and one that names the
chief executive of another company states another relation: the question's words all appear in
it, which is how such a sentence used to pass every check. So a question naming a relation the
lexicons know (a head, a founder, a price, a headcount, …) keeps only candidate sentences naming
the same relation, in any language (a French question is often answered by an English sentence).
A relation no lexicon names adds no constraint: the rule can only remove candidates for the
relations it knows, never invent one.
"""

from __future__ import annotations

import re
from functools import cache

from rag.text.lexicons import LEXICONS
from rag.text.names import capitalised_words, common_words, words_of

NARROWER: dict[str, tuple[str, ...]] = {
    "head": ("chief_executive", "chair", "chief_finance", "chief_tech"),
}
"""A sentence naming a chief executive names a head ("Who heads Meta?" is answered by "Meta's
CEO, Mark Zuckerberg"); not the other way round."""


@cache
def _patterns() -> dict[str, re.Pattern[str]]:
    names = {name for lex in LEXICONS.values() for name in lex.relations}
    return {name: re.compile("|".join(f for lex in LEXICONS.values()
                                      for f in lex.relations.get(name, ())) or r"(?!)",
                             re.IGNORECASE)
            for name in sorted(names)}


def asked_relations(question: str) -> frozenset[str]:
    """The relations `question` names; a narrower one hides its broader one ("chief executive",
    not also "head", for "Who is the chief executive?")."""
    named = {name for name, p in _patterns().items() if p.search(question)}
    hidden = {broad for broad, narrow in NARROWER.items() if named & set(narrow)}
    return frozenset(named - hidden)


def states_relations(relations: frozenset[str], sentence: str) -> bool:
    """Whether `sentence` names each of `relations` (or a narrower one)."""
    patterns = _patterns()
    return all(any(patterns[r].search(sentence) for r in (name, *NARROWER.get(name, ())))
               for name in relations)


def holder_names(question: str) -> list[str]:
    """The names of what the relation is asked of: the question's capitalised words other than
    common ones, with the relation's own words ("CEO", "PDG") left out ("Hugging", "Face" in "Siapa CEO
    Hugging Face?"). Latin script only: Chinese writes names without capitals, and a Chinese
    question then gets the relation check alone."""
    text = question
    for p in _patterns().values():
        text = p.sub(" ", text)
    return list(dict.fromkeys(w for w in capitalised_words(text)
                              if w and w.lower() not in common_words()))


def names_the_holder(names: list[str], text: str) -> bool:
    """Whether `text` writes every one of `names` (a sentence naming the chief executive of
    another company does not answer for this one)."""
    said = words_of(text)
    return all(n.lower() in said for n in names)
