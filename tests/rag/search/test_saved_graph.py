"""The embedded index's vector graph, saved whole after writing: every process finds the same
neighbours (rag.search.saved_graph)."""

import subprocess
import sys
from pathlib import Path

import numpy as np

from rag.search.saved_graph import SEARCH_EF
from rag.search.store import open_store
from rag.settings import IndexSettings

RECORDS = 1500
"""More than Chroma saves at once (1,000): the rest would be put into a graph anew by each process."""

NEIGHBOURS = """
import hashlib, sys
import chromadb
import numpy as np
from chromadb.config import Settings
client = chromadb.PersistentClient(path=sys.argv[1], settings=Settings(anonymized_telemetry=False))
chunks = client.get_collection(sys.argv[2])
queries = np.random.default_rng(7).normal(size=(5, 384))
got = chunks.query(query_embeddings=queries.tolist(), n_results=200, include=[])
print(hashlib.sha256(repr(got["ids"]).encode()).hexdigest())
"""


def test_every_process_finds_the_same_neighbours_after_writing(tmp_path: Path) -> None:
    store = open_store(IndexSettings(index_path=tmp_path), "test-model")
    vectors = np.random.default_rng(0).normal(size=(RECORDS, 384))
    for start in range(0, RECORDS, 250):  # as the indexer writes: in batches
        store.chunks.upsert(ids=[f"c{i:05d}" for i in range(start, start + 250)],
                            embeddings=vectors[start:start + 250].tolist())
    store.save_graph()

    path = str(tmp_path / "chroma")
    found = {subprocess.run([sys.executable, "-c", NEIGHBOURS, path, store.chunks.name],
                            capture_output=True, text=True, check=True).stdout
             for _ in range(3)}
    assert len(found) == 1
    # The open client still reads and writes, and Chroma's thresholds are as they were.
    assert store.chunks.count() == RECORDS
    store.chunks.upsert(ids=["extra"], embeddings=[vectors[0].tolist()])
    assert store.chunks.query(query_embeddings=[vectors[0].tolist()], n_results=2,
                              include=[])["ids"][0][0] in {"c00000", "extra"}
    hnsw = store.chunks.configuration["hnsw"]
    assert (hnsw["sync_threshold"], hnsw.get("batch_size", 100)) == (1000, 100)



def _built(path: Path, vectors: np.ndarray, order: list[int]):
    store = open_store(IndexSettings(index_path=path), "test-model")
    for start in range(0, len(order), 250):
        batch = order[start:start + 250]
        store.chunks.upsert(ids=[f"c{i:05d}" for i in batch], embeddings=vectors[batch].tolist())
    store.save_graph()
    return store


def test_two_builds_of_an_index_find_the_same_neighbours(tmp_path: Path) -> None:
    """Written in another order, the second build links its graph otherwise; the search is wide
    enough (saved_graph.SEARCH_EF) that both find the same nearest 300."""
    rng = np.random.default_rng(1)
    vectors = rng.normal(size=(RECORDS, 384))
    first = _built(tmp_path / "a", vectors, list(range(RECORDS)))
    second = _built(tmp_path / "b", vectors, list(reversed(range(RECORDS))))
    for query in rng.normal(size=(10, 384)):
        assert first.nearest_ids(query, 300) == second.nearest_ids(query, 300)
    assert first.chunks.configuration["hnsw"]["ef_search"] == SEARCH_EF
    assert first.sentences.configuration["hnsw"]["ef_search"] == SEARCH_EF
