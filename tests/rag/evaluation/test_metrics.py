"""Metric and scoring functions on hand-made cases, where the right figure is known by hand."""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rag.evaluation.corpus import CorpusFiles
from rag.evaluation.gold import GoldItem
from rag.evaluation.metrics import (
    citation_precision,
    citations_on_support,
    first_hit_rank,
    hit_at,
    mean,
    on_support,
    percentile,
    ratio,
    reciprocal_rank,
    support_recall,
)
from rag.evaluation.scoring import bar_failures, group_metrics, score_item, summarize
from rag.schema import Passage

# A file whose lines 1-2 are repeated as 4-5 (like the real duplicated article).
TEXT = ("Avocado is built on Qwen.\nLlama came out in 2023.\n\n"
        "Avocado is built on Qwen.\nLlama came out in 2023.\nNothing else.\n")
LINE_START = [0, 26, 50, 51, 77, 101]
SUPPORT = {"a.txt": [1, 4]}  # both copies listed, as the gold set does


def passage(start_line: int, end_line: int | None = None, file: str = "a.txt") -> Passage:
    end_line = end_line or start_line
    return Passage(file=file, start_line=start_line, end_line=end_line, start_char=0, end_char=1,
                   text="x")


@pytest.fixture
def corpus(tmp_path: Path) -> CorpusFiles:
    (tmp_path / "a.txt").write_text(TEXT, encoding="utf-8")
    return CorpusFiles(tmp_path)


# --- metrics.py ------------------------------------------------------------------------------


def test_on_support_either_copy_of_a_duplicated_line_counts() -> None:
    assert on_support(passage(1), SUPPORT)
    assert on_support(passage(4), SUPPORT)
    assert on_support(passage(3, 5), SUPPORT)  # a range containing a gold line
    assert not on_support(passage(2), SUPPORT)
    assert not on_support(passage(1, file="b.txt"), SUPPORT)  # same line, other file


def test_ranks_with_zero_results_and_misses() -> None:
    assert first_hit_rank([], SUPPORT) is None
    assert first_hit_rank([passage(2), passage(6)], SUPPORT) is None
    assert first_hit_rank([passage(2), passage(6), passage(4)], SUPPORT) == 3
    assert hit_at(None, 5) == 0.0
    assert hit_at(3, 1) == 0.0 and hit_at(3, 3) == 1.0
    assert reciprocal_rank(None) == 0.0
    assert reciprocal_rank(4) == 0.25


def test_support_recall_counts_files_not_copies() -> None:
    two_files = {"a.txt": [1, 4], "b.txt": [7]}
    assert support_recall([passage(1), passage(4)], two_files, 5) == 0.5
    assert support_recall([passage(4), passage(7, file="b.txt")], two_files, 5) == 1.0
    assert support_recall([passage(2), passage(7, file="b.txt")], two_files, 1) == 0.0  # beyond k
    assert support_recall([], two_files, 5) == 0.0
    assert support_recall([passage(1)], {}, 5) == 0.0


def test_citation_precision_off_gold_lines_and_none() -> None:
    assert citation_precision([], SUPPORT) is None
    assert citation_precision([passage(1), passage(2), passage(5), passage(6)], SUPPORT) == 0.25
    assert citations_on_support([passage(1), passage(4), passage(6)], SUPPORT) == 2


def test_mean_ratio_percentile_handle_nothing() -> None:
    assert mean([]) is None
    assert mean([None, None]) is None
    assert mean([1.0, None, 0.0]) == 0.5
    assert mean([True, False, True, True]) == 0.75
    assert ratio(3, 0) is None
    assert ratio(0, 4) == 0.0
    assert percentile([], 50) is None
    assert percentile([40.0, 10.0, 30.0, 20.0], 50) == 20.0
    assert percentile([40.0, 10.0, 30.0, 20.0], 95) == 40.0
    assert percentile([7.0], 95) == 7.0


# --- corpus.py -------------------------------------------------------------------------------


def test_corpus_quotes_lines_and_locate(corpus: CorpusFiles) -> None:
    start = LINE_START[3]
    assert corpus.quote_valid("a.txt", start, start + 25, "Avocado is built on Qwen.")
    assert not corpus.quote_valid("a.txt", start, start + 24, "Avocado is built on Qwen.")
    assert not corpus.quote_valid("a.txt", 0, 10**6, TEXT)  # span outside the file
    assert not corpus.quote_valid("missing.txt", 0, 1, "A")
    assert not corpus.quote_valid("../a.txt", 0, 1, "A")
    assert corpus.line_span("a.txt", LINE_START[1], LINE_START[4] + 3) == (2, 5)
    assert corpus.line_span("a.txt", LINE_START[1], LINE_START[2]) == (2, 2)  # end is exclusive
    assert corpus.locate("a.txt", "  Llama came out in 2023.\n") == (26, 49)
    assert corpus.locate("a.txt", "Llama came out in 2023.", hint=60) == (77, 100)  # second copy
    assert corpus.locate("a.txt", "Not in the file") is None


# --- scoring.py ------------------------------------------------------------------------------


def cite(ref: int, line: int, quote: str | None = None) -> dict[str, Any]:
    """A citation of the whole of `line` in a.txt (a wrong quote when `quote` is given)."""
    start = LINE_START[line - 1]
    text = TEXT.split("\n")[line - 1]
    return {"ref": ref, "file": "a.txt", "start_line": line, "end_line": line,
            "start_char": start, "end_char": start + len(text), "quote": quote or text}


def raw(answer: str, abstained: bool = False, citations: list[dict[str, Any]] | None = None,
        retrieved: list[Passage] | None = None, language: str = "en",
        latency: float = 100) -> dict[str, Any]:
    return {"answer": answer, "abstained": abstained, "language": language,
            "generator": "test", "citations": citations or [],
            "retrieved": [p.model_dump() for p in retrieved or []], "latency_ms": latency}


ANSWERABLE = GoldItem(id="a1", lang="en", question="What is Avocado built on?",
                      facts=[["qwen", "千问"]], support=SUPPORT)
UNANSWERABLE = GoldItem(id="u1", lang="fr", question="Quel est le prix ?", answerable=False)


def test_score_item_correct_answer_on_the_second_copy(corpus: CorpusFiles) -> None:
    record = score_item(ANSWERABLE, raw("It is built on Qwen [1].", citations=[cite(1, 4)],
                                        retrieved=[passage(2), passage(4)]), corpus, 5)
    assert record["fact_ok"] and record["cited_ok"] and record["answered_correctly"]
    assert record["citation_precision"] == 1.0 and record["quotes_valid"] is True
    assert record["retrieval_rank"] == 2 and record["retrieval_recall"] == 1.0
    assert record["language_ok"] is True


def test_score_item_facts_right_but_citation_off_gold_and_bad_quote(corpus: CorpusFiles) -> None:
    record = score_item(ANSWERABLE, raw("Qwen [1]. In 2023 [2].", language="fr",
                                        citations=[cite(1, 2), cite(2, 6, quote="Nothing")]),
                        corpus, 5)
    assert record["fact_ok"] is True
    assert record["cited_ok"] is False and record["answered_correctly"] is False
    assert record["citation_precision"] == 0.0 and record["citations_on_gold"] == 0
    assert record["valid_quotes"] == 1 and record["quotes_valid"] is False
    assert record["language_ok"] is False
    assert record["retrieval_rank"] is None and record["retrieval_recall"] == 0.0


def test_abstaining_is_wrong_on_answerable_and_right_on_unanswerable(corpus: CorpusFiles) -> None:
    # The abstention text happens to contain the fact; it must still not count as answered.
    wrong = score_item(ANSWERABLE, raw("No answer about Qwen.", abstained=True), corpus, 5)
    right = score_item(UNANSWERABLE, raw("Pas de réponse.", abstained=True, language="fr"),
                       corpus, 5)
    assert wrong["fact_ok"] is False and wrong["answered_correctly"] is False
    assert wrong["quotes_valid"] is None  # no citation to check
    assert right["fact_ok"] is None and right["retrieval_rank"] is None
    summary = group_metrics([wrong, right])
    assert summary["false_abstention"] == 1.0 and summary["abstention_accuracy"] == 1.0
    assert summary["answered_correctly"] == 0.0
    assert summary["citation_precision"] is None and summary["quote_validity"] is None


def test_all_abstained_summary_by_language(corpus: CorpusFiles) -> None:
    records = [score_item(ANSWERABLE, raw("—", abstained=True), corpus, 5),
               score_item(UNANSWERABLE, raw("—", abstained=True, language="fr"), corpus, 5)]
    summary = summarize(records, 5)
    assert list(summary["by_language"]) == ["en", "fr"]
    en, fr = summary["by_language"]["en"], summary["by_language"]["fr"]
    assert en["false_abstention"] == 1.0 and en["abstention_accuracy"] is None
    assert fr["abstention_accuracy"] == 1.0 and fr["answered_correctly"] is None
    assert fr["mrr"] is None and en["mrr"] == 0.0
    assert summary["overall"]["n"] == 2


def test_citation_precision_is_pooled_over_citations(corpus: CorpusFiles) -> None:
    one_of_four = score_item(ANSWERABLE, raw("Qwen [1][2][3][4]", citations=[
        cite(1, 1), cite(2, 2), cite(3, 3 + 2), cite(4, 6)]), corpus, 5)
    one_of_one = score_item(ANSWERABLE, raw("Qwen [1]", citations=[cite(1, 4)]), corpus, 5)
    summary = group_metrics([one_of_four, one_of_one])
    assert summary["citation_precision"] == pytest.approx(2 / 5)  # not the mean 0.625
    assert summary["quote_validity"] == 1.0
    assert summary["latency_p50_ms"] == 100


def test_bar_failures() -> None:
    good = {"answered_correctly": 0.9, "citation_precision": 0.95, "quote_validity": 1.0,
            "abstention_accuracy": 0.9, "false_abstention": 0.1, "recall@k": 0.9}
    assert bar_failures(good) == []
    bad = {**good, "false_abstention": 0.2, "quote_validity": None}
    assert [f.split(" ")[0] for f in bar_failures(bad)] == ["quote_validity", "false_abstention"]


def test_answer_language_is_read_on_the_text_without_its_note(corpus: CorpusFiles) -> None:
    """A quote in the source's language behind a note in the asker's is not an answer in theirs;
    the Answer's declared `language` does not decide it either."""
    french = GoldItem(id="f1", lang="fr", question="Sur quoi repose Avocado ?",
                      facts=[["qwen"]], support=SUPPORT)
    note = "D'après les documents (cité en anglais) :"
    quoted = score_item(french, {**raw(f"{note} Avocado is built on Qwen [1].", language="fr",
                                       citations=[cite(1, 1)]), "note": note}, corpus, 5)
    written = score_item(french, raw("Avocado repose sur les modèles Qwen d'Alibaba [1].",
                                     language="fr", citations=[cite(1, 1)]), corpus, 5)
    silent = score_item(UNANSWERABLE, raw("Les documents ne le disent pas.", abstained=True,
                                          language="fr"), corpus, 5)
    assert (quoted["answer_language"], written["answer_language"]) == ("en", "fr")
    assert silent["answer_language"] is None
    summary = group_metrics([quoted, written, silent])
    assert summary["answer_in_language"] == 0.5  # abstentions are not counted
    assert summary["language_match"] == 1.0  # the declared language says nothing of the text
    # The record keeps the note, so a recorded run can be judged again (eval/rescore.py) alike.
    again = score_item(french, {f: quoted[f] for f in (*raw("x"), "note")}, corpus, 5)
    assert again["note"] == note and again["answer_language"] == "en"
    assert again["answered_correctly"] == quoted["answered_correctly"]


def test_trap_abstention_counts_only_traps(corpus: CorpusFiles) -> None:
    trap = GoldItem(id="t1", lang="en", question="Who is the CEO of Qwen?", answerable=False,
                    trap=True)
    answered_trap = score_item(trap, raw("Someone [1].", citations=[cite(1, 1)]), corpus, 5)
    refused = score_item(UNANSWERABLE, raw("—", abstained=True, language="fr"), corpus, 5)
    summary = group_metrics([answered_trap, refused])
    assert summary["trap_abstention"] == 0.0
    assert summary["abstention_accuracy"] == 0.5
    assert group_metrics([refused])["trap_abstention"] is None
