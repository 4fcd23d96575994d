"""Stored vectors are found by text hash however many copies a text has (bounded reads)."""

from __future__ import annotations

from pathlib import Path

import numpy as np
import pytest

from rag.search import store as store_module
from rag.search.store import SENTENCE_FIELDS, ChromaStore, StoredChunk, StoredSentence


def _store(tmp_path: Path) -> ChromaStore:
    import chromadb
    from chromadb.config import Settings

    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"),
                                       settings=Settings(anonymized_telemetry=False))
    return ChromaStore(client, "lookup-test")


def test_every_hash_is_found_when_reads_come_back_full(tmp_path: Path,
                                                       monkeypatch: pytest.MonkeyPatch) -> None:
    store = _store(tmp_path)
    rng = np.random.default_rng(0)
    # "common" is held by 40 chunks, each "rare-n" by one.
    hashes = ["common"] * 40 + [f"rare-{n}" for n in range(12)]
    chunks = [StoredChunk(f"c{n}", f"f{n}.txt", "sha", 0, 1, 1, 1, "x", h)
              for n, h in enumerate(hashes)]
    vectors = rng.standard_normal((len(chunks), 8)).astype(np.float32)
    store.add_chunks(chunks, vectors)
    monkeypatch.setattr(store_module, "_ROWS", 7)  # every read of "common" comes back full
    wanted = ["common", *(f"rare-{n}" for n in range(12)), "absent"]
    found = store.embeddings_for(wanted)
    assert set(found) == set(wanted) - {"absent"}
    for n in range(12):
        assert np.allclose(found[f"rare-{n}"], vectors[40 + n])
    assert any(np.allclose(found["common"], v) for v in vectors[:40])


def test_sentences_are_stored_without_their_text_and_still_found(tmp_path: Path) -> None:
    """A sentence is read from its chunk, never from its own record: storing its text too only fed
    Chroma's full-text index, which doubled the cost of indexing, and each stored field is a row."""
    store = _store(tmp_path)
    rng = np.random.default_rng(1)
    sentences = [StoredSentence(f"c0-s{k}", "c0", "f.txt", "sha", f"sentence {k}", f"h{k}", k, k + 1)
                 for k in range(3)]
    vectors = rng.standard_normal((3, 8)).astype(np.float32)
    store.add_sentences(sentences, vectors)
    got = store.sentences.get(ids=["c0-s1"], include=["documents", "metadatas"])
    assert got["documents"] == [None]
    assert set(got["metadatas"][0]) == SENTENCE_FIELDS  # what reads, deletes and filters use
    assert np.allclose(store.embeddings_for(["h2"])["h2"], vectors[2])
    assert store.nearest_ids(vectors[1], 1, sentences=True)[0][0] == "c0-s1"
