"""`load.py --chroma-server --workers N --index-during`: a real `chroma run` for the API workers
to share, and `rag index` adding a document to it while the clients ask, after which every worker
must find that document (each catches up within RAG_REFRESH_EVERY)."""

from __future__ import annotations

import asyncio
import os
import socket
import subprocess
import sys
import time
from pathlib import Path

import httpx


def free_port() -> int:
    with socket.socket() as s:
        s.bind(("127.0.0.1", 0))
        return int(s.getsockname()[1])


def stop(process: subprocess.Popen[bytes], timeout: float = 30) -> None:
    """SIGTERM (a server's graceful shutdown), then SIGKILL if it is still there after `timeout`."""
    process.terminate()
    try:
        process.wait(timeout=timeout)
    except subprocess.TimeoutExpired:
        process.kill()
        process.wait()


def peak_mb(pid: int) -> float:
    """The process's peak resident memory so far (VmHWM), in MiB."""
    status = Path(f"/proc/{pid}/status").read_text()
    return int(next(line.split()[1] for line in status.splitlines()
                    if line.startswith("VmHWM"))) / 1024


def start_chroma(folder: Path) -> tuple[subprocess.Popen[bytes], str]:
    port = free_port()
    chroma = Path(sys.executable).with_name("chroma")
    process = subprocess.Popen([str(chroma), "run", "--path", str(folder), "--host", "127.0.0.1",
                                "--port", str(port)], stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + 60
    while time.monotonic() < deadline:
        try:
            if httpx.get(f"{url}/api/v2/heartbeat", timeout=1).status_code == 200:
                return process, url
        except httpx.TransportError:
            time.sleep(0.2)
    process.kill()
    raise SystemExit("chroma run did not start")


NEW_DOCUMENT = """# Calibration of the Zephyrine bench

The Zephyrine bench calibration procedure takes 42 minutes and needs the blue reference plate.
"""
NEW_QUERY = "How long does the Zephyrine bench calibration take?"


async def index_during(corpus: Path, chroma_url: str, index: Path) -> float:
    """Add a document and run `rag index` against the shared server; its seconds."""
    await asyncio.sleep(1.0)
    (corpus / "zephyrine.md").write_text(NEW_DOCUMENT, encoding="utf-8")
    rag = Path(sys.executable).with_name("rag")
    env = {**os.environ, "RAG_CORPUS_PATH": str(corpus), "RAG_CHROMA_URL": chroma_url}
    began = time.perf_counter()
    process = await asyncio.create_subprocess_exec(
        str(rag), "--index-path", str(index), "index", env=env,
        stdout=asyncio.subprocess.DEVNULL, stderr=asyncio.subprocess.PIPE)
    _, err = await process.communicate()
    if process.returncode:
        raise SystemExit(f"rag index failed: {err.decode()[-1000:]}")
    return time.perf_counter() - began


def every_worker_finds(url: str, auth: dict[str, str], probes: int = 24) -> tuple[int, int]:
    """(searches that found the new document first, searches) after the catch-up interval: with
    several workers behind one port, the searches land on all of them."""
    time.sleep(2.5)
    found = 0
    with httpx.Client(base_url=url, timeout=30, headers=auth) as client:
        for _ in range(probes):
            results = client.post("/search", json={"query": NEW_QUERY, "top_k": 1}).json()["results"]
            found += bool(results) and results[0]["file"] == "zephyrine.md"
    return found, probes
