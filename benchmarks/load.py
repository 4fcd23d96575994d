"""Load test of the HTTP API: concurrent clients asking `/chat` against a real `rag serve`.

    python benchmarks/load.py [--clients 8] [--requests 10] [--max-concurrent N] [--stream]

Starts `rag serve` in a subprocess on a free port (extractive generator, the seed corpus indexed
into a temporary folder at start-up), waits until it is ready, sends one warm-up question, then
runs `--clients` concurrent httpx clients, each asking `--requests` questions from the gold set in
turn. Reports throughput, latency percentiles of the successful answers, and failures by kind.
`--max-concurrent` sets the server's generation cap (default: the number of clients, so that
nothing is refused); set it lower to watch the server shed load with 503s instead of queueing.
"""

from __future__ import annotations

import argparse
import asyncio
import json
import math
import os
import signal
import socket
import subprocess
import sys
import tempfile
import time
from collections import Counter
from dataclasses import dataclass, field
from pathlib import Path
from typing import Any

import httpx

ROOT = Path(__file__).resolve().parents[1]
READY_TIMEOUT_S = 300


@dataclass
class Tally:
    latencies: list[float] = field(default_factory=list)
    failures: Counter[str] = field(default_factory=Counter)
    abstained: int = 0


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


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


def start_server(port: int, index: Path, max_concurrent: int) -> subprocess.Popen[bytes]:
    env = {**os.environ, "RAG_CORPUS_PATH": str(ROOT / "corpus"), "RAG_GENERATOR": "extractive",
           "RAG_MAX_CONCURRENT_GENERATIONS": str(max_concurrent), "RAG_API_KEY": "",
           "RAG_CHROMA_URL": ""}
    rag = Path(sys.executable).with_name("rag")
    return subprocess.Popen([str(rag), "--index-path", str(index), "serve", "--port", str(port)],
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
                     count: int, stream: bool, tally: Tally) -> None:
    for n in range(count):
        body = {"messages": questions[(start + n) % len(questions)], "stream": stream}
        began = time.perf_counter()
        try:
            response = await client.post("/chat", json=body)
        except httpx.HTTPError as exc:
            tally.failures[type(exc).__name__] += 1
            continue
        elapsed = time.perf_counter() - began
        if response.status_code != 200:
            tally.failures[f"HTTP {response.status_code}"] += 1
        elif stream and "event: answer" not in response.text:
            tally.failures["stream without answer"] += 1
        else:
            tally.latencies.append(elapsed)
            tally.abstained += '"abstained":true' in response.text.replace(" ", "")


async def run_load(url: str, clients: int, requests: int, stream: bool) -> tuple[Tally, float]:
    questions = conversations(ROOT / "eval" / "gold.jsonl")
    tally = Tally()
    limits = httpx.Limits(max_connections=clients)
    async with httpx.AsyncClient(base_url=url, timeout=120, limits=limits) as client:
        await client.post("/chat", json={"messages": questions[0]})  # warm-up, not counted
        began = time.perf_counter()
        await asyncio.gather(*(one_client(client, questions, c * requests, requests, stream, tally)
                               for c in range(clients)))
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


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--clients", type=int, default=8)
    parser.add_argument("--requests", type=int, default=10, help="per client")
    parser.add_argument("--max-concurrent", type=int, default=None,
                        help="server's max_concurrent_generations (default: --clients)")
    parser.add_argument("--stream", action="store_true", help="ask for server-sent events")
    args = parser.parse_args()
    port = free_port()
    url = f"http://127.0.0.1:{port}"
    with tempfile.TemporaryDirectory() as index:
        started = time.perf_counter()
        process = start_server(port, Path(index), args.max_concurrent or args.clients)
        try:
            health = wait_ready(url, process)
            print(f"rag serve ready in {time.perf_counter() - started:.1f} s (index built at "
                  f"start-up): {health['documents']} documents, {health['chunks']} chunks")
            tally, wall = asyncio.run(run_load(url, args.clients, args.requests, args.stream))
            report(tally, wall, args.clients, args.requests)
        finally:
            process.send_signal(signal.SIGTERM)
            try:
                process.wait(timeout=30)
            except subprocess.TimeoutExpired:
                process.kill()


if __name__ == "__main__":
    main()
