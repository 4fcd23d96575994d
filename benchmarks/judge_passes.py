"""The answer judge reading its candidates one by one, and after the first in one pass.

    RAG_LLAMA_SEQUENCES=8 python benchmarks/judge_passes.py [--n 16] [--gold FILE --corpus DIR]

For each of the first N gold questions, the candidate sentences the pipeline would show the judge
(retrieved without translation, ranked as JudgeStep ranks) are judged twice by a fresh judge (no
verdict remembered), stopping at a confident accept as the pipeline does (RAG_JUDGE_ENOUGH):
reading one sentence a pass, and reading the best-ranked alone and the others in one pass
(rag.models.branches). The two readings alternate which goes first, so the machine's
drifting speed weighs on both alike. Prints each question's times, then the median and mean of
each reading and how far their verdicts differ.
"""

from __future__ import annotations

import argparse
import statistics
import time
from pathlib import Path

from rag.answer.judging import JudgeStep
from rag.answer.sources import sources_of
from rag.assistant import Assistant
from rag.evaluation.harness import corpus_settings, load_checked_gold
from rag.models.judge import LlamaJudge
from rag.settings import Settings
from rag.text.sentences import reflowed

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--n", type=int, default=16)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold.jsonl")
    parser.add_argument("--corpus", type=Path, default=None)
    args = parser.parse_args()
    settings = Settings()
    if settings.models.llama_sequences < 2:
        parser.error("one pass needs a context of several sequences: set RAG_LLAMA_SEQUENCES=8")
    if args.corpus is not None:
        settings = corpus_settings(settings, args.corpus)
    assistant = Assistant(settings)
    assistant.index()  # only what changed
    step = JudgeStep.configured(None, assistant.scorer, settings.answer)  # type: ignore[arg-type]
    LlamaJudge(settings.models).judge("warm-up", ["The model is loaded."])
    times: dict[str, list[float]] = {"one by one": [], "one pass": []}
    gaps: list[float] = []
    items = load_checked_gold(args.gold, settings.index.corpus_path)
    for n, item in enumerate(i for i in items if len(i.conversation) == 1):
        if n == args.n:
            break
        question = item.final_question.strip()
        hits = assistant.retriever.search(question, settings.retrieval.top_k, translate=False)
        sentences = [reflowed(c.evidence.text)
                     for c in step.rank(question, sources_of(hits), asked=question)]
        if not sentences:
            continue
        verdicts = {}
        for name in sorted(times, reverse=n % 2 == 1):
            judge = LlamaJudge(settings.models, width=1 if name == "one by one" else None)
            started = time.perf_counter()
            verdicts[name] = judge.judge(question, sentences, enough=settings.answer.judge_enough)
            times[name].append(time.perf_counter() - started)
        gaps += [abs(a - b) for a, b in zip(*verdicts.values(), strict=False)]
        print(f"{n:3} {len(sentences)} sentences: one by one {times['one by one'][-1]:5.2f} s, "
              f"one pass {times['one pass'][-1]:5.2f} s", flush=True)
    for name, values in times.items():
        print(f"{name}: p50 {statistics.median(values):.2f} s, mean {statistics.mean(values):.2f} s"
              f" over {len(values)} questions")
    print(f"verdicts differ by {statistics.mean(gaps):.3f} on average, {max(gaps):.3f} at most "
          f"({len(gaps)} sentences)")


if __name__ == "__main__":
    main()
