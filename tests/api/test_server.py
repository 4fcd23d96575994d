"""`rag serve` for real: the console script in a subprocess, on a fresh index it fills at start-up,
answering over TCP, then stopping cleanly on SIGTERM."""

from __future__ import annotations

import os
import signal
import subprocess
import sys
import time
from collections.abc import Iterator
from pathlib import Path

import httpx
import pytest

from tests.api.conftest import QUESTION, ask
from tests.api.contract import assert_answer_contract, assert_passage_contract
from tests.conftest import data_dir, free_port

START_TIMEOUT_S = 240
RAG = Path(sys.executable).with_name("rag")


@pytest.fixture(scope="module")
def rag_serve(corpus_dir: Path, tmp_path_factory: pytest.TempPathFactory) -> Iterator[
        tuple[str, subprocess.Popen[str]]]:
    port = free_port()
    env = {**os.environ, "RAG_CORPUS_PATH": str(corpus_dir), "RAG_GENERATOR": "extractive",
           "RAG_DATA_DIR": str(data_dir()), "RAG_API_KEY": "", "RAG_CHROMA_URL": "",
           "RAG_SLACK_BOT_TOKEN": "", "RAG_SLACK_SIGNING_SECRET": ""}
    index = tmp_path_factory.mktemp("served-index")
    process = subprocess.Popen([str(RAG), "--index-path", str(index), "serve", "--port", str(port)],
                               env=env, stdout=subprocess.PIPE, stderr=subprocess.STDOUT, text=True)
    url = f"http://127.0.0.1:{port}"
    deadline = time.monotonic() + START_TIMEOUT_S
    try:
        while True:
            if process.poll() is not None:
                pytest.fail(f"rag serve exited early:\n{process.stdout.read()}")  # type: ignore[union-attr]
            try:
                if httpx.get(f"{url}/healthz", timeout=2).status_code == 200:
                    break
            except httpx.TransportError:
                pass
            if time.monotonic() > deadline:
                pytest.fail("rag serve did not become ready")
            time.sleep(0.5)
        yield url, process
    finally:
        if process.poll() is None:
            process.kill()
            process.wait()


@pytest.mark.slow
def test_serves_health_chat_and_search(rag_serve, corpus_dir: Path) -> None:
    url, _ = rag_serve
    # Readiness: the very first answer already sees the whole index built at start-up.
    assert httpx.get(f"{url}/healthz").json()["documents"] == 4
    answer = assert_answer_contract(httpx.post(f"{url}/chat", json=ask(), timeout=60).json(),
                                    corpus_dir)
    assert not answer.abstained and "qwen" in answer.answer.lower()
    results = httpx.post(f"{url}/search", json={"query": QUESTION}, timeout=60).json()["results"]
    assert results and all(assert_passage_contract(r, corpus_dir) for r in results)


@pytest.mark.slow
def test_sigterm_stops_it_gracefully(rag_serve) -> None:
    url, process = rag_serve
    process.send_signal(signal.SIGTERM)
    # uvicorn shuts down, then re-raises the signal it caught so the exit status tells why.
    assert process.wait(timeout=30) in (0, -signal.SIGTERM)
    log = process.stdout.read()  # type: ignore[union-attr]
    assert "Application shutdown complete" in log and "Traceback" not in log
    with pytest.raises(httpx.TransportError):
        httpx.get(f"{url}/healthz", timeout=2)
