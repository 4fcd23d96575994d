"""Warm end-to-end answer latency per generator, and the prompt size sent to the LLM.

    python benchmarks/answers.py [--generators extractive llama] [--n 20]

Indexes the seed corpus into a temporary folder, warms each generator up with one question, then
answers the first N gold questions (all languages) and prints p50/p95 latency (and the answer judge's
share when it runs), the mean prompt size in Qwen tokens for LLM generators when no judge cuts the
sources down, and the process's peak memory.
"""

from __future__ import annotations

import argparse
import resource
import tempfile
import time
from pathlib import Path

from rag.answer.condense import condense
from rag.answer.generation.base import GenerationRequest, build_messages
from rag.answer.sources import sources_of
from rag.assistant import Assistant
from rag.evaluation.gold import load_gold
from rag.evaluation.metrics import percentile
from rag.settings import Settings
from rag.text.language import detect_language

ROOT = Path(__file__).resolve().parents[1]


def prompt_tokens(assistant: Assistant, question: str) -> int | None:
    """Size of the prompt the LLM would get for `question`, counted with the GGUF's tokenizer."""
    from rag.models.llama import shared_model

    llama = shared_model(assistant.settings.models).llama
    hits = assistant.search_hits(question)
    sources = assistant.pipeline._with_excerpts(
        question, sources_of(hits))
    messages = build_messages(GenerationRequest(question, detect_language(question), sources))
    text = "".join(f"<|im_start|>{m['role']}\n{m['content']}<|im_end|>\n" for m in messages)
    return len(llama.tokenize(text.encode(), add_bos=False))


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generators", nargs="+", default=["extractive", "llama"])
    parser.add_argument("--n", type=int, default=20)
    parser.add_argument("--judge", choices=["auto", "llama", "none"], default="auto",
                        help="answer judge (auto: with the llama generator only)")
    args = parser.parse_args()
    items = load_gold(ROOT / "eval" / "gold.jsonl")[: args.n]
    with tempfile.TemporaryDirectory() as tmp:
        assistant = Assistant(Settings(corpus_path=ROOT / "corpus", index_path=Path(tmp),
                                       judge=args.judge))
        assistant.index()
        for name in args.generators:
            assistant.run(items[0].conversation, generator=name)  # warm-up: load models
            latencies, judging, fallbacks = [], [], 0
            for item in items:
                started = time.perf_counter()
                answer = assistant.run(item.conversation, generator=name).answer
                latencies.append((time.perf_counter() - started) * 1000)
                fallbacks += "fallback" in answer.generator
                if "judge" in answer.timings_ms:
                    judging.append(answer.timings_ms["judge"])
            line = (f"{name:11} n={len(items)} p50 {percentile(latencies, 50):.0f} ms  "
                    f"p95 {percentile(latencies, 95):.0f} ms  fallbacks {fallbacks}")
            if judging:
                line += f"  judge p50 {percentile(judging, 50):.0f} ms"
            if name == "llama":
                sizes = [prompt_tokens(assistant, condense(i.conversation)) for i in items]
                line += f"  prompt tokens mean {sum(sizes) / len(sizes):.0f} max {max(sizes)}"
            print(line, flush=True)
    peak = resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024
    print(f"peak RSS {peak:.0f} MiB")


if __name__ == "__main__":
    main()
