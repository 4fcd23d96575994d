"""The checks a written answer goes through before it is shown, as one verdict.

The model is trusted for language, never for facts. Its draft is refused when it says the sources
do not answer; otherwise the citation checker keeps only supported sentences. When the judge has
accepted a sentence, the model's wording of it must also still be worth showing: verified, in the
asker's language, keeping a figure and a name of the sentence, and saying more than the question.
When it is not, the pipeline quotes the accepted sentence instead of abstaining, unless the
wording supplied an answer of its own: then the documents are taken to be silent.
"""

from __future__ import annotations

import re
from dataclasses import dataclass

from rag.answer.citations import MARKER, Checked, CitationChecker
from rag.answer.evidence import Evidence
from rag.answer.sources import Source
from rag.prompts import NOT_FOUND
from rag.text.cjk import HAN, HAN_RUN
from rag.text.figures import figure_in_words, figures_agree, keeps_a_figure, with_month_numbers
from rag.text.language import detect_language, mixes_languages
from rag.text.lexicons import pattern
from rag.text.names import keeps_a_name, unstated_names
from rag.text.phrases import notes_quotes_in
from rag.text.question_types import FROM_QUESTION, kind_for
from rag.text.terms import keeps_a_term, unstated_terms

_WORD = re.compile(rf"[{HAN}]|[^\W\d_{HAN}]+|\d+")
"""A word, a number, or one Han character (Chinese has no spaces to split words at)."""


@dataclass(frozen=True)
class Review:
    checked: Checked | None
    """The draft with unsupported sentences dropped; None when the model refused."""
    written: str
    """The language of the verified text (the question's when nothing was verified)."""
    refused: bool
    """The model said the sources do not answer."""
    unverifiable: bool = False
    """The judge accepted a sentence but no sentence of the wording survived the checker."""
    foreign: bool = False
    """Verified, but in another language than the question's, or with words left in another
    language ("En Januari, …")."""
    incomplete: bool = False
    """It leaves out every figure, or every name, the accepted sentence adds."""
    echoed: bool = False
    """It only repeats the question (which the checker verifies: the question shares the
    sentence's words)."""
    invented: bool = False
    """Nothing of it held up, and it states a figure, a name, a path or an option that neither the
    question nor any source it was shown writes ("rm returns 1", "the default is 100 MB"): shown
    the accepted sentence, the model had to supply the answer itself, so the sentence does not hold
    it."""

    @property
    def verified(self) -> bool:
        return self.checked is not None and bool(self.checked.citations)

    def faults(self) -> str:
        """The checks this wording failed, for the log."""
        names = ("refused", "unverifiable", "invented", "foreign", "incomplete", "echoed")
        return ", ".join(n for n in names if getattr(self, n)) or "none"

    def wants_the_quote(self, judged: bool) -> bool:
        """Whether the accepted sentence should be quoted instead of this wording. A refusal of a
        judged sentence counts: shown only that sentence, the model's refusals were of answerable
        questions, and every unanswerable one it let through the judge let through as well. An
        invented answer is not replaced: the question is taken for one the documents leave open."""
        if self.invented:
            return False
        return (self.refused and judged) or self.unverifiable or self.foreign \
            or self.incomplete or self.echoed


def review(draft: str, sources: list[Source], checker: CitationChecker, language: str,
           question: str, read_as: str, answers: list[Evidence] | None,
           kind: str | None = FROM_QUESTION) -> Review:
    """Check `draft`, written for `question` (read by the model as `read_as`) in `language`."""
    if is_refusal(draft):
        return Review(None, language, refused=True)
    checked = checker.check(draft, sources, asked=read_as)
    verified = bool(checked.citations)
    written = detect_language(MARKER.sub("", checked.text), default=language) if verified \
        else language
    unverifiable = not verified and bool(answers)
    return Review(
        checked, written, refused=False, unverifiable=unverifiable,
        invented=unverifiable and invents(checked.dropped, sources, f"{question}\n{read_as}"),
        foreign=notes_quotes_in(language) and (written != language
                                               or mixes_languages(MARKER.sub("", checked.text),
                                                                  language)),
        incomplete=bool(answers) and not keeps_the_answer(checked.text, answers or [], read_as,
                                                          kind),
        echoed=says_nothing_new(checked.text, question))


def is_refusal(draft: str) -> bool:
    """NOT_FOUND, or a sentence saying the sources are silent without citing any."""
    return NOT_FOUND in draft or bool(pattern("refusals").search(draft) and not MARKER.search(draft))


def invents(claims: list[str], sources: list[Source], question: str) -> bool:
    """Whether one of `claims` states a figure, a name, a path or an option that neither
    `question` nor any of `sources` (as the model read them) writes (a name only when no source
    is in Chinese, whose names a Latin wording renders). A figure counts by its digits, whatever
    its scale; a month written as a number ("6 月") counts as written when a source names it; and
    no figure counts when a source writes one in words (the claim may give it in digits)."""
    known = with_month_numbers("\n".join([question, *(s.prompt_text for s in sources)]))
    worded = figure_in_words(known)
    # Chinese writes foreign names in Han characters too ("诺基亚" for Nokia): shown a source in
    # Chinese, a model writing in Latin letters has to render its names, so a Latin name no source
    # writes is no sign it came from elsewhere.
    renders = any(HAN_RUN.search(s.prompt_text) for s in sources)
    return any((not worded and not figures_agree(c, known, any_scale=True))
               or (not renders and unstated_names(c, known)) or unstated_terms(c, known)
               for c in claims)


def keeps_the_answer(text: str, answers: list[Evidence], question: str,
                     kind: str | None = FROM_QUESTION) -> bool:
    """Whether a model's wording of the accepted sentences still states a figure of each, one of
    the names and one of the paths or options each adds to the question."""
    said = MARKER.sub("", text)
    kind = kind_for(kind, question)
    return all(keeps_a_figure(a.text, said, question) and keeps_a_name(a.text, said, question, kind)
               and keeps_a_term(a.text, said, question) for a in answers)


def says_nothing_new(text: str, question: str) -> bool:
    """Whether every word of `text` (every character, for Chinese) is already in the question."""
    said, asked = _words(MARKER.sub("", text)), set(_words(question))
    return bool(said) and all(w in asked for w in said)


def _words(text: str) -> list[str]:
    return [m.group().lower() for m in _WORD.finditer(text)]
