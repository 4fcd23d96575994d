"""Several API workers and `rag index` on one `chroma run` server, under load (benchmarks/load.py)."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

ROOT = Path(__file__).resolve().parents[2]
RAG = str(Path(sys.executable).with_name("rag"))


@pytest.mark.slow
def test_two_workers_and_an_index_run_share_one_chroma_server() -> None:
    done = subprocess.run(
        [sys.executable, str(ROOT / "benchmarks" / "load.py"), "--clients", "4", "--requests", "5",
         "--workers", "2", "--chroma-server", "--index-during"],
        capture_output=True, text=True, timeout=600, cwd=ROOT)
    assert done.returncode == 0, done.stdout + done.stderr[-3000:]
    assert "2 worker(s), chroma run" in done.stdout
    assert "ok: 20 " in done.stdout and "failures: 0" in done.stdout
    assert "first result in 24 of 24 searches" in done.stdout


def test_several_workers_on_an_embedded_index_are_refused(tmp_path: Path) -> None:
    env = {**os.environ, "RAG_CHROMA_URL": "", "RAG_CORPUS_PATH": str(ROOT / "corpus")}
    done = subprocess.run([RAG, "--index-path", str(tmp_path / "index"), "serve", "--workers", "2",
                           "--port", "1"], capture_output=True, text=True, timeout=120, env=env)
    assert done.returncode == 1
    assert "several workers need a Chroma server" in done.stderr
    assert "Traceback" not in done.stderr
    assert not (tmp_path / "index").exists()  # refused before anything was opened or indexed
