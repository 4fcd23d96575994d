"""Candidate answer sentences: the sentences of the retrieved passages, ranked for one question.

Ranked by e5 question→sentence relevance lifted a little by the fused retrieval score of their
passage, keeping only sentences that fit the expected answer type (a figure for "how much", a date
for "when") from passages that name every versioned name the question does ("Llama 3", see
rag.text.versions), naming the relation the question asks about (a chief executive, a price,
see rag.text.relations), and only sentences that write the path or option the question names when
some do; a follow-up that names none is not answered by a sentence writing the path or option the
earlier turn gave, when others are left. The extractive generator quotes from the top of this
list; the answer judge reads the first few of it.
"""

from __future__ import annotations

import math
from dataclasses import dataclass
from itertools import pairwise

from rag import tuning
from rag.answer.evidence import Evidence, evidence_of
from rag.answer.sources import Source
from rag.answer.support import SupportScorer
from rag.search.lexical import tokenize
from rag.text.question_types import FROM_QUESTION, fits_answer_type, kind_for
from rag.text.relations import asked_relations, holder_names, names_the_holder, states_relations
from rag.text.terms import paths_and_options, writes_any_term, writes_every_term
from rag.text.versions import names_every_version


@dataclass(frozen=True)
class Candidate:
    evidence: Evidence
    relevance: float
    """e5 question→sentence similarity: what thresholds are judged on."""
    rank: float
    """Relevance lifted by the passage's retrieval score: what the order is decided by."""


def rank_candidates(scorer: SupportScorer, question: str, sources: list[Source],
                    passage_weight: float = tuning.PASSAGE_WEIGHT,
                    asked: str | None = None, words_weight: float | None = None,
                    kind: str | None = FROM_QUESTION) -> list[Candidate]:
    """`asked` is the latest message as written (`question` may be a condensed conversation):
    when it names a path or an option and some candidates write it, only those are kept.
    `words_weight` (default tuning.ANSWER_WORDS_WEIGHT) lifts sentences holding the question's
    words: a prior for when nothing else reads the candidates (the answer judge reads them with
    0, see JudgeStep). `kind` is the answer type asked for (default: read from `question`)."""
    on_version = {s.number for s in sources if names_every_version(question, s.passage.text)}
    every = evidence_of(sources)
    evidence = [e for e in every if e.quotable and e.source in on_version]
    latest = asked or question
    relations = asked_relations(latest)
    if relations:
        evidence = _stating(relations, holder_names(latest), evidence, every)
    if not evidence:
        return []
    texts = [e.read_as for e in evidence]
    relevance = scorer.relevance(question, texts)
    words_weight = tuning.ANSWER_WORDS_WEIGHT if words_weight is None else words_weight
    overlap = lexical_overlap(question, texts) if words_weight else [0.0] * len(texts)
    kind = kind_for(kind, question)
    ranked = [Candidate(e, float(r), float(r) + passage_weight * e.score + words_weight * o)
              for e, r, o in zip(evidence, relevance, overlap, strict=True)
              if fits_answer_type(kind, e.text, question)]
    terms = paths_and_options(latest)
    if terms:
        ranked = [c for c in ranked if writes_every_term(terms, c.evidence.text)] or ranked
    elif given := [t for t in paths_and_options(question) if t not in latest]:
        # A follow-up ("And on a Mac?", "And for an empty folder?") asks for something other
        # than the path or option the conversation already gave; the judge, reading the earlier
        # turn with it, tends to accept the sentence that answered that one.
        ranked = [c for c in ranked if not writes_any_term(given, c.evidence.text)] or ranked
    # Ties (the same sentence in two copies of an article) keep reading order.
    ranked.sort(key=lambda c: (-c.rank, c.evidence.source, c.evidence.start_char))
    return ranked


def _stating(relations: frozenset[str], names: list[str], evidence: list[Evidence],
             every: list[Evidence]) -> list[Evidence]:
    """The sentences naming the asked relation and, in themselves, the sentence before them
    ("Alibaba's success is no accident. Its CEO, …") or the title of their section ("Platform
    Engineering > Who we are: The team is led by …"), what it is asked of."""
    before: dict[tuple[int, int], str] = {}
    for prev, e in pairwise(every):
        if prev.source == e.source:
            before[(e.source, e.start_char)] = prev.text
    return [e for e in evidence if states_relations(relations, e.text)
            and names_the_holder(names, f"{e.section or ''}\n{before.get((e.source, e.start_char), '')}"
                                        f" {e.text}")]


def _stem(token: str) -> str:
    """A crude, language-blind stem: "hotkeys" meets "hotkey", "recommended" "recommend"."""
    return token[:6] if len(token) > 6 and token.isalpha() else token


def lexical_overlap(question: str, sentences: list[str]) -> list[float]:
    """The share of the question's words (IDF-weighted over these sentences) each sentence holds.

    A small embedder ranks the sentence about the topic ("Hotkeys are stored in the configuration
    directory") above the one holding the question's rarer words with the value ("Linux:
    ~/.config/app/hotkeys"); the words themselves tell them apart."""
    asked = {_stem(t) for t in tokenize(question)}
    if not asked or not sentences:
        return [0.0] * len(sentences)
    held = [{_stem(t) for t in tokenize(s)} & asked for s in sentences]
    df = {t: sum(t in h for h in held) for t in asked}
    idf = {t: math.log((len(sentences) + 1) / (df[t] + 0.5)) for t in asked}
    total = sum(idf.values())
    return [sum(idf[t] for t in h) / total if total > 0 else 0.0 for h in held]
