"""What kind of answer a question expects (a number, a date, a path, a technical term, a name),
from the lexicons' words.

A sentence that answers "how much" contains a figure; one that answers "when" contains a date. The
candidate ranking keeps only sentences that fit, and the extractive generator abstains rather than
quote one that cannot answer.
"""

from __future__ import annotations

import re
from functools import cache

from rag.text.figures import FIGURE
from rag.text.lexicons import pattern, union, words_pattern
from rag.text.names import names_new_to
from rag.text.terms import names_a_path, names_a_term

KINDS = ("number", "date", "path", "term", "name")
"""In the order they are tried: "what is the name of the version?" asks for a number, "哪个目录"
("which folder") for a path, "哪个选项" ("which option") for a term, not a name."""

YEAR = r"\b(?:1[89]\d\d|20\d\d)\b"


@cache
def _asks(kind: str) -> re.Pattern[str]:
    return pattern(f"asks_{kind}")


@cache
def _has_number() -> re.Pattern[str]:
    """A figure in digits or in words: "des dizaines de milliards" answers "how much" as well as
    "$14.3 billion" does."""
    return re.compile("|".join([r"\d", *union("number_words")]), re.IGNORECASE)


@cache
def _has_date() -> re.Pattern[str]:
    return re.compile("|".join([YEAR, words_pattern(union("months")), *union("date_words")]),
                      re.IGNORECASE)


@cache
def _relative_question() -> re.Pattern[str]:
    return re.compile("|".join(["%", *union("asks_relative")]), re.IGNORECASE)


@cache
def _relative_unit() -> re.Pattern[str]:
    return re.compile(r"\s*(?:" + "|".join(["%", r"x\b", *union("relative_units")]) + ")",
                      re.IGNORECASE)


@cache
def _question_word() -> re.Pattern[str]:
    return re.compile(words_pattern(union("question_words")), re.IGNORECASE)


@cache
def _time_conjunction() -> re.Pattern[str]:
    return re.compile(words_pattern(union("time_conjunctions")), re.IGNORECASE)


def without_conditions(question: str) -> str:
    """`question` with the time conjunctions that follow another question word blanked: "How do I
    stop it when it unpacks?" and "Which file is read when it starts?" ask how and which, not
    when; "When was it released?" and "And when did it?" still ask when."""
    opener = _question_word().search(question)
    if opener is None:
        return question
    head, tail = question[:opener.end()], question[opener.end():]
    return head + _time_conjunction().sub(lambda m: " " * len(m.group()), tail)


def expected_answer_type(question: str) -> str | None:
    """The first kind of KINDS the question asks for, unless the words that ask for it are part of
    longer words asking for another ("tanggal berapa", "what date", holds "berapa", "how many";
    "几月", which month, holds "几"): then the longer phrase decides. A "when" that opens a
    condition asks for nothing (see without_conditions)."""
    question = without_conditions(question)
    found = [(kind, m.span()) for kind in KINDS if (m := _asks(kind).search(question))]
    for kind, (start, end) in found:
        if not any(s <= start and end <= e and e - s > end - start for _, (s, e) in found):
            return kind
    return None


FROM_QUESTION = "from the question"
"""A kind argument meaning "read it from the question given": callers that hold the conversation
pass the kind its user turns ask for instead (rag.answer.condense.asked_kind)."""


def kind_for(kind: str | None, question: str) -> str | None:
    return expected_answer_type(question) if kind == FROM_QUESTION else kind


def has_number(text: str) -> bool:
    return bool(_has_number().search(text))


def _only_relative_figures(sentence: str) -> bool:
    """Whether every figure in digits is a percentage or a multiple ("1000 kali dan 135%")."""
    figures = list(FIGURE.finditer(sentence))
    return bool(figures) and not _has_number().search(FIGURE.sub(" ", sentence)) \
        and all(_relative_unit().match(sentence, m.end()) for m in figures)


def without_asked_figures(question: str, sentence: str) -> str:
    """`sentence` with the figures `question` already states blanked out: like a name the question
    gives, they are what is asked about ("KiCad 6", "a 3D model cache", "a 1k resistor"), not the
    answer to "how many?"."""
    asked = {m.group().replace(",", ".") for m in FIGURE.finditer(question)}
    if not asked:
        return sentence
    return FIGURE.sub(lambda m: " " if m.group().replace(",", ".") in asked else m.group(),
                      sentence)


def fits_answer_type(kind: str | None, sentence: str, question: str = "") -> bool:
    """Whether `sentence` can answer a question expecting `kind` (a version is a number: "which
    version?" is answered by "2.5", not by the product's name alone). `question` matters for names
    (one it already gives is no answer) and figures (one it already states is no answer either; a
    percentage answers only a relative question)."""
    if kind == "name":
        return names_new_to(question, sentence)
    if kind == "number":
        sentence = without_asked_figures(question, sentence)
        # "How many downloads in total?" is not answered by "downloads grew 135%": a growth rate or
        # a share answers only a question that asks for one.
        if _only_relative_figures(sentence) and not _relative_question().search(question):
            return False
        return has_number(sentence)
    if kind == "date":
        return bool(_has_date().search(sentence))
    if kind == "path":
        return names_a_path(sentence, question)
    if kind == "term":
        return names_a_term(sentence, question)
    return True
