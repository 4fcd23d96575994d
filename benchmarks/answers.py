"""Answer latency per generator and stage, the first streamed text, cold `rag ask`, and memory.

    python benchmarks/answers.py [--generators extractive llama] [--n N] [--judge auto]
                                 [--gold eval/gold.jsonl --corpus corpus] [--cold]

Indexes the corpus into a temporary folder, warms each generator up with one question, then answers
the gold questions (all of them unless --n; whole conversations) through the streaming pipeline,
as `rag serve` does, and prints for each generator: p50/p95 of the whole answer and of the first
streamed text, a table of the stages the pipeline times (retrieve, of which translate; judge;
generate; claims; verify), the fallbacks, and the process's peak memory. `--cold` then times `rag ask` in
new processes: twice answering in the process (every model load paid), and twice through a `rag
serve` started on the same index (what `RAG_ASK_VIA=auto` does in a new shell), with that
server's peak memory once it has answered.
"""

from __future__ import annotations

import argparse
import os
import resource
import subprocess
import sys
import tempfile
import time
from pathlib import Path

import httpx
from load_workers import peak_mb, stop

from rag.answer.pipeline import Result
from rag.assistant import Assistant
from rag.evaluation.gold import load_gold
from rag.evaluation.metrics import percentile
from rag.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
STAGES = ("retrieve", "translate", "judge", "read_name", "judge_language", "generate", "claims",
          "verify", "translate_answer", "total")
COLD_QUESTION = "Which model is Meta's Avocado built on?"


def warm(assistant: Assistant, items: list, name: str) -> None:
    assistant.run(items[0].conversation, generator=name)  # loads the models
    totals, firsts, fallbacks = [], [], 0
    stages: dict[str, list[float]] = {s: [] for s in STAGES}
    for item in items:
        started = time.perf_counter()
        first = None
        result = None
        for piece in assistant.pipeline.stream(item.conversation, generator=name):
            if isinstance(piece, Result):
                result = piece
            elif first is None and piece.strip():
                first = time.perf_counter() - started
        assert result is not None
        total = (time.perf_counter() - started) * 1000
        totals.append(total)
        # Abstentions and extractive answers stream nothing: their first text is the answer.
        firsts.append(first * 1000 if first is not None else total)
        fallbacks += "fallback" in result.answer.generator
        for stage in STAGES:
            if stage in result.answer.timings_ms:
                stages[stage].append(float(result.answer.timings_ms[stage]))
    print(f"\n{name}: {len(items)} answers, warm; p50 {percentile(totals, 50):,.0f} ms, p95 "
          f"{percentile(totals, 95):,.0f} ms; first text p50 {percentile(firsts, 50):,.0f} ms, "
          f"p95 {percentile(firsts, 95):,.0f} ms; fallbacks {fallbacks}")
    print(f"  {'stage':10} {'answers':>7} {'p50 ms':>8} {'p95 ms':>8} {'mean ms':>8}")
    for stage, values in stages.items():
        if values:
            print(f"  {stage:10} {len(values):7} {percentile(values, 50):8,.0f} "
                  f"{percentile(values, 95):8,.0f} {sum(values) / len(values):8,.0f}")
    sys.stdout.flush()


def cold(env: dict[str, str]) -> None:
    rag = str(Path(sys.executable).with_name("rag"))

    def ask(via: str) -> float:
        started = time.perf_counter()
        done = subprocess.run([rag, "ask", COLD_QUESTION], env={**env, "RAG_ASK_VIA": via},
                              capture_output=True, text=True, check=False)
        seconds = time.perf_counter() - started
        said = done.stderr.strip().splitlines()[-1:] or ["?"]
        print(f"  rag ask ({via}): {seconds:.1f} s, exit {done.returncode}, {said[0]}", flush=True)
        return seconds

    print("\ncold `rag ask` in new processes:")
    ask("local")
    ask("local")
    port = 8765
    server = subprocess.Popen([rag, "serve", "--port", str(port)], env=env,
                              stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        started = time.perf_counter()
        while True:
            try:
                if httpx.get(f"{url}/healthz", timeout=1).status_code == 200:
                    break
            except httpx.HTTPError:
                pass
            if server.poll() is not None or time.perf_counter() - started > 300:
                raise SystemExit("rag serve did not start")
            time.sleep(0.5)
        print(f"  rag serve ready after {time.perf_counter() - started:.1f} s")
        ask(url)
        ask(url)
        print(f"  rag serve peak RSS after answering: {peak_mb(server.pid):,.0f} MiB")
    finally:
        stop(server)


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--generators", nargs="+", default=["extractive", "llama"])
    parser.add_argument("--n", type=int, default=0, help="first N gold items (0: all)")
    parser.add_argument("--judge", choices=["auto", "llama", "none"], default="auto",
                        help="answer judge (auto: with the llama generator only)")
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--cold", action="store_true", help="also time rag ask in new processes")
    args = parser.parse_args()
    items = load_gold(args.gold)
    items = items[: args.n] if args.n else items
    with tempfile.TemporaryDirectory() as tmp:
        settings = Settings(corpus_path=args.corpus, index_path=Path(tmp), judge=args.judge)
        assistant = Assistant(settings)
        assistant.index()
        for name in args.generators:
            warm(assistant, items, name)
        print(f"\npeak RSS of this process {resource.getrusage(resource.RUSAGE_SELF).ru_maxrss / 1024:,.0f}"
              " MiB")
        if args.cold:
            cold({**os.environ, "RAG_INDEX_PATH": tmp, "RAG_CORPUS_PATH": str(args.corpus),
                  "RAG_JUDGE": args.judge})


if __name__ == "__main__":
    main()
