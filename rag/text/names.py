"""Names in a sentence that a question lacks: what an answer to "what is it called?" must add.

Latin script marks names with capitals; Chinese writes them without, so a sentence with Han
characters is given the benefit of the doubt, and a copied Chinese name counts when its characters
are in the sentence and not in the question.
"""

from __future__ import annotations

import re
from functools import cache

from rag.text.cjk import CJK_CHAR, HAN, HAN_RUN
from rag.text.figures import FIGURE
from rag.text.lexicons import LEXICONS
from rag.text.terms import technical_tokens

_CAPITALISED = re.compile(r"(?<!\w)[A-Z][\w'’-]*")  # "d'Alibaba" names Alibaba
_WORD = re.compile(rf"[{HAN}]+|[^\W{HAN}]+")
"""A run of Han characters or of other word characters: Chinese writes a Latin name without a
space before or after it ("我们希望Llama模型"), and the name is a word of its own there."""


def capitalised_words(text: str, start: int = 0) -> list[str]:
    """The capitalised words of `text` from `start` on. "AI-nya" is "AI" with a clitic: only the
    part before a hyphen or apostrophe names anything."""
    return [re.split(r"[-'’]", m.group())[0] for m in _CAPITALISED.finditer(text, start)]


def words_of(text: str) -> set[str]:
    """The words of `text`, lower case: what a name is looked up in."""
    return {w.lower() for w in _WORD.findall(text)}


def new_names(question: str, sentence: str, skip_first: bool = True) -> list[str]:
    """The sentence's capitalised words, other than its first (unless the text is a name, not a
    sentence), that the question lacks: "the spokesperson said…" names nobody, "Kadrey v. Meta
    accuses…" names Kadrey (to a question without it). Latin script only."""
    asked = words_of(question)
    first = re.match(r"[\W_]*\w+", sentence) if skip_first else None
    return [w for w in capitalised_words(sentence, first.end() if first else 0)
            if w.lower() not in asked]


def names_new_to(question: str, sentence: str) -> bool:
    """Whether the sentence names something the question does not; a sentence with Han
    characters is given the benefit of the doubt (see new_names)."""
    return bool(CJK_CHAR.search(sentence)) or bool(new_names(question, sentence))


def keeps_a_name(sentence: str, text: str, question: str, kind: str | None) -> bool:
    """Whether `text`, a rewording of `sentence`, keeps at least one of the names the sentence
    adds to the question (true when it adds none): a small writer's wrong rewordings mostly leave
    out the name asked for. Not asked of a question for a figure, a date, a path or a term
    (`kind`, see rag.text.question_types): "how much?" is answered by "$14,3 miliar" without the
    other names, "which file?" by "*.conf" without the "Settings" of "Settings file *.conf"; what
    such an answer must keep is checked by its kind."""
    if kind in ("number", "date", "path", "term"):
        return True
    names = new_names(question, sentence)
    said = words_of(text)
    return not names or any(n.lower() in said for n in names)


def names_something_new(name: str | None, sentence: str, question: str) -> bool:
    """Whether a name copied out of `sentence` holds a name the question lacks that the sentence
    really has: a capitalised word ("Scale AI" adds nothing to "the Scale AI founder"), Chinese
    characters, which write names without capitals, or a figure or technical term: "哪个端口"
    ("which port") is answered by "7350", "哪个文件" by "agent.yaml"."""
    if not name:
        return False
    said = words_of(sentence)
    latin = [n for n in new_names(question, name, skip_first=False) if n.lower() in said]
    han = [r for r in HAN_RUN.findall(name) if r in sentence and r not in question]
    asked, written = question.lower(), sentence.lower()
    values = [v for v in FIGURE.findall(name) + technical_tokens(name)
              if v.lower() in written and v.lower() not in asked]
    return bool(latin or han or values)


def unstated_names(claim: str, evidence: str, question: str = "") -> list[str]:
    """The names `claim` states (its capitalised Latin words after the first) that neither
    `evidence` nor `question` writes: "ls was written by Linus Torvalds", citing a line that names
    nobody, states a name it has from nowhere, as a figure would be. Words every lexicon knows as
    function words or months ("Anda", "February" for "Februari") name nobody; Chinese writes names
    without capitals, so only the Latin names in it count."""
    known = words_of(evidence) | words_of(question)
    first = _FIRST_WORD.match(claim)
    return [w.lower() for w in _LATIN_NAME.findall(claim, first.end() if first else 0)
            if w.lower() not in known and w.lower() not in _unnamed()]


_LATIN_NAME = re.compile(rf"(?<![^\W{HAN}])[A-Z][^\W{HAN}]*")
"""A capitalised Latin word, also where Chinese text runs into it ("他说Google")."""
_FIRST_WORD = re.compile(rf"[\W_]*(?:[{HAN}]+|[^\W{HAN}]+)")


@cache
def common_words() -> frozenset[str]:
    """Every lexicon's function and stop words: capitalised, they open a question or a sentence
    ("Who", "Siapa", "Combien") and name nothing."""
    return frozenset(w for lex in LEXICONS.values() for w in lex.function_words | lex.stopwords)


@cache
def _unnamed() -> frozenset[str]:
    """The common words and every lexicon's months, lower case: what a claim may write with a
    capital without naming anyone."""
    return frozenset(w.lower() for w in common_words()) \
        | frozenset(m.lower() for lex in LEXICONS.values() for m in lex.months)
