"""Judging raw answers against the gold set, and turning judged items into summary figures.

Kept apart from running the systems so that anyone holding the harness's JSON can re-score it:
`score_item` needs only the raw fields every item carries (answer text, abstained flag, language,
citations, retrieved passages, latency) plus the gold item and the corpus files, and `summarize`
needs only the judged items. The harness, the baselines and the tests all go through these two.
"""

from __future__ import annotations

from collections.abc import Iterable, Mapping, Sequence
from typing import Any

from rag.answer.citations import MARKER
from rag.evaluation.corpus import CorpusFiles
from rag.evaluation.gold import GoldItem, fact_matches
from rag.evaluation.metrics import (
    citation_precision,
    citations_on_support,
    first_hit_rank,
    hit_at,
    mean,
    percentile,
    ratio,
    reciprocal_rank,
    support_recall,
)
from rag.schema import Citation, Passage
from rag.text.language import detect_language

LANGUAGE_ORDER = ("en", "id", "zh", "fr")

METRICS: tuple[tuple[str, str], ...] = (
    ("answered_correctly", "answered correctly"),
    ("fact_accuracy", "fact accuracy"),
    ("citation_correct", "citation correct"),
    ("citation_precision", "citation precision"),
    ("quote_validity", "quote validity"),
    ("abstention_accuracy", "abstention accuracy"),
    ("false_abstention", "false abstention"),
    ("language_match", "language match"),
    ("answer_in_language", "answer in asker's language"),
    ("trap_abstention", "trap abstention"),
    ("hit@1", "hit@1"),
    ("hit@3", "hit@3"),
    ("hit@5", "hit@5"),
    ("recall@k", "recall@k"),
    ("mrr", "MRR"),
    ("latency_p50_ms", "latency p50 (ms)"),
    ("latency_p95_ms", "latency p95 (ms)"),
)
"""Summary keys in display order, with their labels (shared by the console and report tables)."""

BARS: tuple[tuple[str, str, float], ...] = (
    ("answered_correctly", ">=", 0.85),
    ("citation_precision", ">=", 0.9),
    ("quote_validity", ">=", 1.0),
    ("abstention_accuracy", ">=", 0.9),
    ("false_abstention", "<=", 0.1),
    ("recall@k", ">=", 0.9),
)
"""The quality bars of the issue, on the overall summary (recall@k is measured at k = 5)."""


RAW_KEYS = ("answer", "abstained", "language", "generator", "citations", "retrieved", "latency_ms")
"""The raw (unjudged) fields of an output item: all `score_item` needs besides gold and corpus."""


def score_item(item: GoldItem, raw: Mapping[str, Any], corpus: CorpusFiles, k: int) -> dict[str, Any]:
    """The judged record of one item: its identity, the raw output, then every per-item verdict.

    Answer verdicts (`fact_ok`, `cited_ok`, `citation_precision`) and retrieval verdicts are None
    on unanswerable items, where there is no fact or support to check; an abstained answer on an
    answerable item is wrong (False), not unjudged.
    """
    citations = [Citation.model_validate(c) for c in raw["citations"]]
    retrieved = [Passage.model_validate(p) for p in raw["retrieved"]]
    abstained = bool(raw["abstained"])
    valid = sum(corpus.quote_valid(c.file, c.start_char, c.end_char, c.quote) for c in citations)
    record: dict[str, Any] = {
        "id": item.id, "lang": item.lang, "question": item.final_question,
        "turns": len(item.conversation), "answerable": item.answerable,
        "answer": raw["answer"], "abstained": abstained, "language": raw["language"],
        "note": raw.get("note"), "generator": raw["generator"],
        "citations": [c.model_dump() for c in citations],
        "retrieved": [p.model_dump() for p in retrieved],
        "fact_ok": None, "cited_ok": None, "answered_correctly": None,
        "citation_precision": None, "citations_on_gold": None,
        "n_citations": len(citations), "valid_quotes": valid,
        "quotes_valid": valid == len(citations) if citations else None,
        "language_ok": raw["language"] == item.lang,
        "answer_language": None if abstained else answer_language(raw),
        "trap": item.trap,
        "latency_ms": raw["latency_ms"],
        "retrieval_rank": None, "retrieval_recall": None,
    }
    if item.answerable:
        fact_ok = not abstained and fact_matches(item.facts, raw["answer"])
        on_gold = citations_on_support(citations, item.support)
        cited_ok = not abstained and on_gold > 0
        record.update(
            fact_ok=fact_ok, cited_ok=cited_ok, answered_correctly=fact_ok and cited_ok,
            citation_precision=citation_precision(citations, item.support),
            citations_on_gold=on_gold,
            retrieval_rank=first_hit_rank(retrieved, item.support),
            retrieval_recall=support_recall(retrieved, item.support, k),
        )
    return record


def answer_language(raw: Mapping[str, Any]) -> str:
    """The language the answer's own text is written in: detected on the text without the note
    (which is always in the asker's language) and without citation markers, so that a quote in
    the source's language behind a note in the asker's does not count as an answer in theirs.
    "und" when there is no word to place it by (a bare figure or name, "14% [1]"): the summary
    counts those as in the asker's language, since they are in no other."""
    text = raw["answer"]
    note = raw.get("note")
    if note and text.startswith(note):
        text = text[len(note):]
    return detect_language(MARKER.sub("", text), default="und")


def group_metrics(records: Sequence[Mapping[str, Any]]) -> dict[str, Any]:
    """Summary figures of a group of judged items (None where the group has no case to judge)."""
    answerable = [r for r in records if r["answerable"]]
    unanswerable = [r for r in records if not r["answerable"]]
    ranks = [r["retrieval_rank"] for r in answerable]
    latencies = [float(r["latency_ms"]) for r in records if r["latency_ms"] is not None]
    return {
        "n": len(records), "answerable": len(answerable), "unanswerable": len(unanswerable),
        "answered_correctly": mean(r["answered_correctly"] for r in answerable),
        "fact_accuracy": mean(r["fact_ok"] for r in answerable),
        "citation_correct": mean(r["cited_ok"] for r in answerable),
        "citation_precision": ratio(sum(r["citations_on_gold"] for r in answerable),
                                    sum(r["n_citations"] for r in answerable)),
        "quote_validity": ratio(sum(r["valid_quotes"] for r in records),
                                sum(r["n_citations"] for r in records)),
        "abstention_accuracy": mean(r["abstained"] for r in unanswerable),
        "false_abstention": mean(r["abstained"] for r in answerable),
        "language_match": mean(r["language_ok"] for r in records),
        "answer_in_language": mean(r.get("answer_language") in (r["lang"], "und")
                                   for r in records if not r["abstained"]),
        "trap_abstention": mean(r["abstained"] for r in records if r.get("trap")),
        "hit@1": mean(hit_at(rank, 1) for rank in ranks),
        "hit@3": mean(hit_at(rank, 3) for rank in ranks),
        "hit@5": mean(hit_at(rank, 5) for rank in ranks),
        "recall@k": mean(r["retrieval_recall"] for r in answerable),
        "mrr": mean(reciprocal_rank(rank) for rank in ranks),
        "latency_p50_ms": percentile(latencies, 50),
        "latency_p95_ms": percentile(latencies, 95),
    }


def languages(records: Iterable[Mapping[str, Any]]) -> list[str]:
    """The languages present, in the product's order (en, id, zh, fr), any others after."""
    present = {r["lang"] for r in records}
    return [x for x in LANGUAGE_ORDER if x in present] + sorted(present - set(LANGUAGE_ORDER))


def summarize(records: Sequence[Mapping[str, Any]], k: int) -> dict[str, Any]:
    """`{"k", "overall", "by_language"}`: the part of a summary that depends only on the items."""
    return {
        "k": k,
        "overall": group_metrics(records),
        "by_language": {lang: group_metrics([r for r in records if r["lang"] == lang])
                        for lang in languages(records)},
    }


def bar_failures(overall: Mapping[str, Any]) -> list[str]:
    """Each quality bar the overall figures miss, as `metric value op threshold` (empty: all met)."""
    failures = []
    for key, op, threshold in BARS:
        value = overall.get(key)
        met = value is not None and (value >= threshold if op == ">=" else value <= threshold)
        if not met:
            failures.append(f"{key} = {value if value is None else round(value, 3)} "
                            f"(bar {op} {threshold})")
    return failures
