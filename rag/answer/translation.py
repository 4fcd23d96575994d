"""A quoted answer put into the asker's language, when that can be done faithfully.

When the model's own wording of an accepted sentence cannot be shown (it dropped the figure, or
the checker could not verify it), the answer falls back on quoting the sentence, often in another
language than the question's. Translating the quote sentence by sentence keeps what the wording
lost far more often than a free answer does, and is checked as strictly: each translation must be
in the asker's language with no words left in another, keep every figure of its sentence and one
of its names, and still be verified by the citation checker against the original. Otherwise the
quote stays, behind its note. The citation always carries the original quote.
"""

from __future__ import annotations

import logging
import re
from typing import Protocol

from rag import tuning
from rag.answer.citations import MARKER, Checked, CitationChecker, split_claims
from rag.answer.judging import AnswerJudge
from rag.answer.sources import Source
from rag.text.cjk import HAN_RUN
from rag.text.figures import figures_agree, with_month_numbers
from rag.text.language import detect_language, mixes_languages
from rag.text.names import keeps_a_name
from rag.text.question_types import FROM_QUESTION, fits_answer_type, kind_for
from rag.text.relations import asked_relations, states_relations
from rag.text.sentences import reflowed

log = logging.getLogger(__name__)

_ENDS = ".!?。！？"


class SentenceTranslator(Protocol):
    def translate(self, sentence: str, language: str) -> str | None:
        """`sentence` in `language`, or None when nothing usable comes out."""
        ...


def keeps_every_figure(sentence: str, text: str) -> bool:
    """Whether `text` states each figure of `sentence` (a translation may not drop any), an amount
    with a scale by its value: "600 milliards" is "6000亿" in Chinese, and not "600"; a month
    written as a number ("6月") by its name ("June")."""
    return figures_agree(sentence, with_month_numbers(text))


def faithful(sentence: str, translation: str, language: str, question: str,
             kind: str | None = FROM_QUESTION) -> bool:
    """In `language` with no words left in another, every figure kept and a name (unless a figure
    or a date is asked for: "April" is "4月" in Chinese), still fit to answer the question ("des
    dizaines de milliards" may not go missing from the answer to "how much?"), and no relation the
    sentence does not state (a "chief analyst" made a "CEO")."""
    written = detect_language(translation, default="und")
    # A Latin-script sentence without any function word ("Omdia's chief analyst said …") cannot
    # be placed; it is in no other language either.
    placed = written == language or (written == "und" and language != "zh")
    kind = kind_for(kind, question)
    return (placed and not mixes_languages(translation, language)
            and fits_answer_type(kind, translation, question)
            and keeps_every_figure(sentence, translation)
            and keeps_a_name(sentence, translation, question, kind)
            and all(states_relations(frozenset({r}), sentence)
                    for r in asked_relations(translation)))


def mended(translation: str, translator: SentenceTranslator, language: str) -> str:
    """`translation` with each run of Chinese characters it kept, in a language not written in
    them, translated alone and put in its place: the small model carries a phrase of a Chinese
    sentence over untranslated ("Several知情人士 have revealed …") more often than it mistranslates
    it, and alone the phrase is translated. A run that does not come out in other letters stays
    (and the translation is refused as mixed)."""
    if language == "zh" or not HAN_RUN.search(translation):
        return translation

    def put(run: re.Match[str]) -> str:
        out = translator.translate(run.group(), language)
        out = out.strip().rstrip(_ENDS + " ") if out else ""
        if not out or HAN_RUN.search(out):
            return run.group()
        text, start, end = run.string, run.start(), run.end()
        before = " " if start and text[start - 1].isalnum() else ""
        after = " " if end < len(text) and text[end].isalnum() else ""
        return f"{before}{out}{after}"

    out = HAN_RUN.sub(put, translation)
    if out != translation:
        log.info("Chinese words a translation kept, translated alone: %r -> %r", translation, out)
    return out


def translated(draft: str, sources: list[Source], checker: CitationChecker,
               translator: SentenceTranslator, language: str, question: str,
               kind: str | None = FROM_QUESTION) -> Checked | None:
    """The quoting `draft` (markers numbered as the sources are) with each sentence in
    `language`, checked; None when any sentence cannot be put faithfully."""
    pieces = []
    claims = split_claims(draft)
    for claim in claims:
        translation = translator.translate(claim.text, language)
        if translation:
            translation = mended(translation, translator, language)
        if not translation or not claim.markers \
                or not faithful(claim.text, translation, language, question, kind):
            return None
        body = translation.rstrip(_ENDS + " ")
        end = translation[len(body):].strip()[:1] or ("。" if language == "zh" else ".")
        markers = "".join(f"[{n}]" for n in dict.fromkeys(claim.markers))
        pieces.append(f"{body} {markers}{end}" if language != "zh" else f"{body}{markers}{end}")
    if not pieces:
        return None
    checked = checker.check(" ".join(pieces), sources)
    cited = {n for claim in claims for n in claim.markers}
    if checked.dropped or len(checked.citations) < len(cited):
        return None
    return checked


def translated_answer(draft: str, quoted: Checked, sources: list[Source],
                      checker: CitationChecker, translator: SentenceTranslator,
                      judge: AnswerJudge | None, language: str, question: str,
                      read_as: str, kind: str | None = FROM_QUESTION) -> Checked | None:
    """`translated`, and then, when there is an answer judge, rated by it as an answer to the
    question (read as `read_as`) no lower than the quote it accepted, give or take
    tuning.TRANSLATION_LOSS: a translation can lose the very words that answered while keeping
    every figure and name."""
    checked = translated(draft, sources, checker, translator, language, question, kind)
    if checked is None or judge is None:
        return checked
    said = MARKER.sub("", checked.text)
    mine, original = judge.judge(read_as, [said, " ".join(reflowed(c.quote)
                                                          for c in quoted.citations)])
    if mine < original - tuning.TRANSLATION_LOSS:
        log.info("translation refused: the judge rates it %.2f, the quote %.2f", mine, original)
        return None
    return checked
