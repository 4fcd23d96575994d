"""Two real `rag index` processes started at once on one embedded index: the second waits for the
first (or, with RAG_INDEX_LOCK_TIMEOUT=0, fails at once with one line naming it), and the index
they leave is whole: the same files, chunks and sentences as one process makes, and searchable."""

from __future__ import annotations

import os
import subprocess
import sys
from pathlib import Path

import pytest

from rag.assistant import Assistant
from rag.cli.app import EX_TEMPFAIL
from rag.ingest.writer_lock import LOCK_FILE, read_holder
from rag.models.embedder import Embedder
from rag.settings import Settings

pytestmark = pytest.mark.slow

RAG = Path(sys.executable).parent / "rag"
QUERIES = ["How much did Meta invest in Scale AI?", "Kadrey v. Meta hak cipta",
           "Combien de milliards pour l'infrastructure IA ?"]


def start_two(corpus: Path, index: Path, base: Settings, timeout: str) -> list[subprocess.Popen]:
    env = {**os.environ, "RAG_INDEX_PATH": str(index), "RAG_CORPUS_PATH": str(corpus),
           "RAG_DATA_DIR": str(base.models.data_dir), "RAG_GENERATOR": "extractive",
           "RAG_INDEX_LOCK_TIMEOUT": timeout, "COLUMNS": "400"}
    env.pop("RAG_CHROMA_URL", None)
    return [subprocess.Popen([str(RAG), "index"], env=env, stdout=subprocess.PIPE,
                             stderr=subprocess.PIPE, text=True) for _ in range(2)]


def finish(procs: list[subprocess.Popen]) -> list[tuple[int, str, str]]:
    """(exit code, stdout, stderr) of each."""
    outputs = [p.communicate(timeout=600) for p in procs]
    return [(p.returncode, out, err) for p, (out, err) in zip(procs, outputs, strict=True)]


def contents(a: Assistant) -> tuple[dict[str, tuple[str, int]], set[str], int]:
    """Each file's hash and chunk count, every chunk id, and the number of sentence vectors."""
    files = {r.path: (r.sha256, r.chunks) for r in a.store.files().values()}
    return files, {c.id for c in a.store.all_chunks()}, a.store.sentences.count()  # type: ignore[attr-defined]


@pytest.mark.parametrize("timeout", ["300", "0"])
def test_two_index_runs_at_once_leave_one_whole_index(
        timeout: str, corpus_copy: Path, tmp_path: Path, assistant: Assistant,
        embedder: Embedder) -> None:
    index = tmp_path / "index"
    procs = start_two(corpus_copy, index, assistant.settings, timeout)
    results = finish(procs)
    assert all("Traceback" not in err for _, _, err in results), results
    if timeout != "0":  # both succeed: one of them waited for the other
        assert [code for code, _, _ in results] == [0, 0], results
        waited = [err for _, _, err in results if "waiting up to 300 s" in err]
        assert len(waited) == 1, results
        assert "4 added" in "".join(out for _, out, _ in results)
    else:  # exactly one fails at once, with one line naming the other as the writer
        assert sorted(code for code, _, _ in results) == [0, EX_TEMPFAIL], results
        loser = next(n for n, (code, _, _) in enumerate(results) if code)
        winner = procs[1 - loser]
        lines = results[loser][2].strip().splitlines()
        assert len(lines) == 1, lines
        assert lines[0].startswith(f"error: the index at {index} is being written by "
                                   f"pid {winner.pid} on ")
        assert "(rag index, indexing since " in lines[0] and "RAG_INDEX_LOCK_TIMEOUT=0" in lines[0]
        assert "4 added" in results[1 - loser][1]
    assert read_holder(index / LOCK_FILE) is None  # no note left behind

    # The index is whole: what one process indexing the same files alone makes, and it answers.
    reopened = Assistant(assistant.settings.replace(index_path=index, corpus_path=corpus_copy),
                         embedder=embedder)
    assert contents(reopened) == contents(assistant)
    assert {d.path: d.chunks for d in reopened.documents()} == \
        {d.path: d.chunks for d in assistant.documents()}
    for query in QUERIES:
        assert [(p.file, p.start_char) for p in reopened.search(query, 3)] == \
            [(p.file, p.start_char) for p in assistant.search(query, 3)], query
    again = reopened.index()
    assert len(again.unchanged) == 4 and not again.changed and again.embedded == 0
