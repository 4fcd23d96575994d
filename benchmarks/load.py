"""Load test of the HTTP API: concurrent clients asking `/chat` against a real `rag serve`.

    python benchmarks/load.py [--clients 8] [--requests 10] [--max-concurrent N] [--stream]
                              [--workers N --chroma-server [--index-during]]
                              [--rate N/minute] [--audit PATH]

Starts `rag serve` in a subprocess on a free port (extractive generator, the seed corpus indexed
into a temporary folder at start-up), waits until it is ready, sends one warm-up question, then
runs `--clients` concurrent httpx clients, each asking `--requests` questions from the gold set in
turn. Reports throughput, latency percentiles of the successful answers, and failures by kind.
`--max-concurrent` sets the server's generation cap (default: the number of clients, so that
nothing is refused); set it lower to watch the server shed load with 503s instead of queueing.

`--chroma-server` starts a real `chroma run` and points the server at it, `--workers N` runs that
many API processes on it, and `--index-during` adds a document to (a copy of) the corpus and runs
`rag index` against the same Chroma server while the clients ask; afterwards every worker must
find the new document (each catches up within RAG_REFRESH_EVERY).

`--rate` gives the clients' key that rate limit and `--audit` has the server write its audit log
there (see load_checks.py): the run then reports how many requests passed and how many got 429,
checks that exactly the allowed number passed, and that the audit log holds one line per answered
request. The exit status is 1 when any request failed (a 429 under `--rate` is not a failure), a
worker missed the new document, or a check of `--rate` or `--audit` did not hold.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import shutil
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx
from load_checks import LOAD_KEY, WARM_KEY, check_audit, check_rate, headers, server_env
from load_workers import every_worker_finds, free_port, index_during, start_chroma, stop

ROOT = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 300


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    abstained: int = 0
    limited: int = 0
    """429s: refused by the rate limit, each with a Retry-After of at least a second."""


def conversations(gold: Path) -> list[list[dict[str, str]]]:
    """Answerable gold questions (single- and multi-turn), in file order."""
    out = []
    for line in gold.read_text(encoding="utf-8").splitlines():
        if not line.strip():
            continue
        item = json.loads(line)
        if item.get("answerable", True):
            out.append(item.get("messages") or [{"role": "user", "content": item["question"]}])
    return out


def percentile(values: list[float], p: float) -> float:
    """Nearest-rank percentile; NaN when there is nothing to rank."""
    if not values:
        return math.nan
    ordered = sorted(values)
    return ordered[max(0, math.ceil(p / 100 * len(ordered)) - 1)]


def start_server(port: int, index: Path, max_concurrent: int, corpus: Path = ROOT / "corpus",
                 chroma_url: str = "", workers: int = 1,
                 extra: dict[str, str] | None = None) -> subprocess.Popen[bytes]:
    env = {**os.environ, "RAG_CORPUS_PATH": str(corpus), "RAG_GENERATOR": "extractive",
           "RAG_MAX_CONCURRENT_GENERATIONS": str(max_concurrent), "RAG_API_KEY": "",
           "RAG_API_KEYS": "", "RAG_RATE_LIMIT": "", "RAG_AUDIT_LOG": "", "RAG_CHROMA_URL": chroma_url,
           "RAG_REFRESH_EVERY": "1", **(extra or {})}
    rag = Path(sys.executable).with_name("rag")
    return subprocess.Popen([str(rag), "--index-path", str(index), "serve", "--port", str(port),
                             "--workers", str(workers)],
                            env=env, stdout=subprocess.DEVNULL, stderr=subprocess.DEVNULL)


def wait_ready(url: str, process: subprocess.Popen[bytes]) -> dict[str, Any]:
    deadline = time.monotonic() + READY_TIMEOUT_S
    while time.monotonic() < deadline:
        if process.poll() is not None:
            raise SystemExit(f"rag serve exited with status {process.returncode}")
        try:
            response = httpx.get(f"{url}/healthz", timeout=2)
            if response.status_code == 200:
                return response.json()
        except httpx.TransportError:
            pass
        time.sleep(0.5)
    raise SystemExit("rag serve did not become ready")


async def one_client(client: httpx.AsyncClient, questions: list[list[dict[str, str]]], start: int,
                     count: int, stream: bool, tally: Tally, rate_limited: bool = False) -> None:
    for n in range(count):
        body = {"messages": questions[(start + n) % len(questions)], "stream": stream}
        began = time.perf_counter()
        try:
            response = await client.post("/chat", json=body)
        except httpx.HTTPError as exc:
            tally.failures[type(exc).__name__] += 1
            continue
        elapsed = time.perf_counter() - began
        if response.status_code == 429 and rate_limited:
            tally.limited += 1
            if not response.headers.get("retry-after", "").isdigit() or \
                    int(response.headers["retry-after"]) < 1:
                tally.failures["429 without Retry-After"] += 1
        elif response.status_code != 200:
            tally.failures[f"HTTP {response.status_code}"] += 1
        elif stream and "event: answer" not in response.text:
            tally.failures["stream without answer"] += 1
        else:
            tally.latencies.append(elapsed)
            tally.abstained += '"abstained":true' in response.text.replace(" ", "")


async def run_load(url: str, clients: int, requests: int, stream: bool, during: Any = None,
                   keyed: bool = False, rate_limited: bool = False) -> tuple[Tally, float]:
    """The clients' tally and wall time; `during`, a coroutine, runs alongside them. `keyed`: the
    clients send the load key, the warm-up the warm-up key (load_checks)."""
    questions = conversations(ROOT / "eval" / "gold.jsonl")
    tally = Tally()
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits,
                                 headers=headers(keyed, LOAD_KEY)) as client:
        await client.post("/chat", json={"messages": questions[0]},  # warm-up, not counted
                          headers=headers(keyed, WARM_KEY))
        began = time.perf_counter()
        extra = [during] if during is not None else []
        await asyncio.gather(*(one_client(client, questions, c * requests, requests, stream, tally,
                                          rate_limited) for c in range(clients)), *extra)
        return tally, time.perf_counter() - began


def report(tally: Tally, wall: float, clients: int, requests: int) -> None:
    ms = [x * 1000 for x in tally.latencies]
    total = clients * requests
    print(f"{clients} clients × {requests} requests = {total} /chat requests in {wall:.1f} s")
    print(f"throughput: {len(ms) / wall:.2f} answers/s ({total / wall:.2f} requests/s)")
    print(f"latency ms: p50 {percentile(ms, 50):.0f}  p95 {percentile(ms, 95):.0f}  "
          f"p99 {percentile(ms, 99):.0f}  max {max(ms, default=math.nan):.0f}")
    print(f"ok: {len(ms)} ({tally.abstained} abstained); failures: {sum(tally.failures.values())}"
          + "".join(f"; {kind}: {n}" for kind, n in sorted(tally.failures.items())))
    if tally.limited:
        print(f"rate-limited (429, with Retry-After): {tally.limited}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=10, help="per client")
    parser.add_argument("--max-concurrent", type=int, default=None,
                        help="server's max_concurrent_generations (default: --clients)")
    parser.add_argument("--stream", action="store_true", help="ask for server-sent events")
    parser.add_argument("--workers", type=int, default=1, help="API processes (needs --chroma-server)")
    parser.add_argument("--chroma-server", action="store_true", help="index on a `chroma run`")
    parser.add_argument("--index-during", action="store_true",
                        help="run `rag index` with a new document while the clients ask")
    parser.add_argument("--rate", help="rate limit of the clients' key, e.g. 30/minute")
    parser.add_argument("--audit", type=Path, help="audit log path; its lines are checked")
    args = parser.parse_args()
    keyed = bool(args.rate or args.audit)
    if (args.workers > 1 or args.index_during) and not args.chroma_server:
        parser.error("--workers and --index-during need --chroma-server")
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    failed = False
    with tempfile.TemporaryDirectory() as tmp:
        index, corpus = Path(tmp) / "index", Path(tmp) / "corpus"
        shutil.copytree(ROOT / "corpus", corpus)
        chroma, chroma_url = start_chroma(Path(tmp) / "chroma") if args.chroma_server else (None, "")
        started = time.perf_counter()
        process = start_server(port, index, args.max_concurrent or args.clients, corpus,
                               chroma_url, args.workers, server_env(args.rate, args.audit))
        try:
            health = wait_ready(url, process)
            print(f"rag serve ready in {time.perf_counter() - started:.1f} s ({args.workers} "
                  f"worker(s), {'chroma run' if chroma else 'embedded index'}, index built at "
                  f"start-up): {health['documents']} documents, {health['chunks']} chunks")
            during = index_during(corpus, chroma_url, index) if args.index_during else None
            tally, wall = asyncio.run(run_load(url, args.clients, args.requests, args.stream,
                                               during, keyed, bool(args.rate)))
            report(tally, wall, args.clients, args.requests)
            failed = bool(tally.failures)
            checks = [check_rate(args.rate, len(tally.latencies), tally.limited, wall,
                                 args.workers)] if args.rate else []
            if args.audit:
                checks.append(check_audit(args.audit, len(tally.latencies)))
            for ok, line in checks:
                print(line)
                failed = failed or not ok
            if args.index_during:
                found, probes = every_worker_finds(url, headers(keyed, WARM_KEY))
                print(f"new document indexed during the load: first result in {found} of "
                      f"{probes} searches afterwards")
                failed = failed or found != probes
        finally:
            for p in (process, chroma):
                if p is not None:
                    stop(p)
    sys.exit(1 if failed else 0)


if __name__ == "__main__":
    main()
