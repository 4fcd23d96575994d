"""CI quality gate for the default answer path: the bundled model writing the answers, with its
judge, on 32 stratified gold items (every language and kind, traps included), about 6 minutes here.

What it holds besides the answers' quality: that answers are written in the asker's language
(a language detector on the answer's own text, without the note in front of a quote), which is
the point of the model on this path, and that no trap question is answered. Floors sit a little
under the level measured on this subset (figures beside each); the issue's bars are beside them.
"""

from __future__ import annotations

from pathlib import Path
from typing import Any

import pytest

from rag.evaluation.baselines import select_items
from rag.evaluation.gold import load_gold
from rag.evaluation.harness import evaluate
from tests.conftest import needs_model
from tests.rag.evaluation.gates import overall

pytestmark = [
    pytest.mark.slow,
    needs_model,
]

GOLD = Path(__file__).parents[3] / "eval" / "gold.jsonl"
ITEMS = 32


@pytest.fixture(scope="module")
def summary(base_settings: Any, embedder: Any) -> dict[str, Any]:
    from rag.assistant import Assistant

    assistant = Assistant(base_settings.replace(generator="llama"), embedder=embedder)
    assistant.index()
    items = select_items(load_gold(GOLD), ITEMS)
    return evaluate(assistant, items, generator="llama", top_k=5)["summary"]



def test_gate_covers_every_language_and_kind(summary: dict[str, Any]) -> None:
    assert set(summary["by_language"]) == {"en", "fr", "id", "zh"}
    assert summary["overall"]["n"] == ITEMS
    assert summary["overall"]["unanswerable"] > 0


def test_answers_are_in_the_askers_language(summary: dict[str, Any]) -> None:
    # 2026-12-05: 0.562 on these 32 (0.735 on all 140; 0.506 before quotes were translated).
    # 2026-12-06, fifth session: 0.562 again (0.625 before mixed answers were refused; all 140:
    # 0.735), answers with a word left in another language no longer being shown.
    # 2026-12-07, eleventh session: 0.812 on these 32 (the answer stated, not left to [1]).
    # 2026-12-07, twelfth session, on the Intel machine: 0.688 before this session's changes,
    # 0.625 after (a garbled wording the claim check refused is quoted in French).
    assert overall(summary, "answer_in_language") >= 0.50  # bar 0.95


def test_no_trap_is_answered(summary: dict[str, Any]) -> None:
    # 2026-12-05: 1.000 on these 32 (0.900 on all 140).
    assert summary["overall"]["unanswerable"] >= 4
    assert overall(summary, "trap_abstention") >= 0.75  # bar 1.0: none answered


def test_answer_quality(summary: dict[str, Any]) -> None:
    # 2026-12-05 on these 32: 0.875 answered correctly, 0.875 citation precision, 1.000
    # abstention, 0.000 false abstention (all 140: 0.838, 0.901, 0.917, 0.025).
    # 2026-12-07, twelfth session, on another machine kind (an Intel Xeon with AVX-512, whose
    # llama.cpp kernels add in another order, so verdicts near the judge's bar fall otherwise):
    # 0.812 answered correctly, 0.812 citation precision, 1.000, 0.000, with this session's
    # changes and without them (all 140: 0.725, 0.883, 0.950, 0.062). The floors sit under both.
    assert overall(summary, "answered_correctly") >= 0.75  # bar 0.92
    assert overall(summary, "citation_precision") >= 0.75  # bar 0.95
    assert overall(summary, "abstention_accuracy") >= 0.87  # bar 0.95
    assert overall(summary, "false_abstention") <= 0.08  # bar 0.05
    assert overall(summary, "quote_validity") == 1.0
