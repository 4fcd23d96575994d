"""The saved, incrementally updated BM25 index gives exactly the scores of a fresh build."""

from __future__ import annotations

import math
import random
import time
from collections import Counter
from pathlib import Path

import numpy as np
import pytest

from rag.search.bm25 import BM25
from rag.search.keyword_index import KeywordIndex
from rag.search.lexical import tokenize
from rag.search.store import ChromaStore, FileRecord, StoredChunk

WORDS = ("kicad schematic footprint layer netlist 電路 原理圖 封裝 skema jejak couche "
         "empreinte symbole board via pad 14,3 2026 eeschema pcbnew gerber").split()


def _texts(n: int, seed: int) -> list[str]:
    rng = random.Random(seed)
    return [" ".join(rng.choice(WORDS) for _ in range(rng.randint(3, 25))) for _ in range(n)]


def _reference(texts: list[str], query: str, k1: float = 1.2, b: float = 0.75) -> list[float]:
    """Okapi BM25 written out term by term, as the textbook has it."""
    tfs = [Counter(tokenize(t)) for t in texts]
    lengths = [sum(tf.values()) for tf in tfs]
    avg = sum(lengths) / len(lengths)
    n = len(texts)
    out = []
    for tf, length in zip(tfs, lengths, strict=True):
        score = 0.0
        for term in dict.fromkeys(tokenize(query)):
            if tf[term]:
                df = sum(1 for other in tfs if other[term])
                idf = math.log(1 + (n - df + 0.5) / (df + 0.5))
                score += idf * tf[term] * (k1 + 1) / (tf[term] + k1 * (1 - b + b * length / avg))
        out.append(score)
    return out


QUERIES = ["kicad footprint", "原理圖的封裝", "couche empreinte 14.3", "gerber via pad", "zzz"]


def test_scores_match_the_textbook_formula() -> None:
    texts = _texts(60, 1)
    index = BM25.of(texts)
    for query in QUERIES:
        assert np.allclose(index.scores(query), _reference(texts, query), rtol=1e-5, atol=1e-6)


def test_adding_and_removing_rows_equals_a_fresh_build(tmp_path: Path) -> None:
    a, b, c = _texts(40, 2), _texts(30, 3), _texts(25, 4)
    grown = BM25()
    grown.add((f"a{n}", "a.txt", t) for n, t in enumerate(a))
    grown.add((f"b{n}", "b.txt", t) for n, t in enumerate(b))
    grown.add((f"c{n}", "c.txt", t) for n, t in enumerate(c))
    assert grown.remove(["b.txt"]) == len(b)  # 30 of 95 rows: compacted on the spot
    assert grown.remove(["nothing.txt"]) == 0
    fresh = BM25()
    fresh.add((f"a{n}", "a.txt", t) for n, t in enumerate(a))
    fresh.add((f"c{n}", "c.txt", t) for n, t in enumerate(c))
    for query in QUERIES:
        mine, theirs = dict(grown.top(query, 200)), dict(fresh.top(query, 200))
        assert mine.keys() == theirs.keys()
        assert all(mine[i] == pytest.approx(theirs[i], rel=1e-5) for i in mine)
    # Saved and loaded: the same ranking, and what the owner kept with it.
    grown.meta["files"] = {"a.txt": "1", "c.txt": "3"}
    grown.save(tmp_path / "k.npz")
    loaded = BM25.load(tmp_path / "k.npz")
    assert loaded is not None and loaded.meta["files"] == {"a.txt": "1", "c.txt": "3"}
    for query in QUERIES:
        assert loaded.top(query, 10) == grown.top(query, 10)


def test_a_damaged_file_is_not_an_index(tmp_path: Path) -> None:
    path = tmp_path / "k.npz"
    BM25.of(_texts(5, 5)).save(path)
    path.write_bytes(path.read_bytes()[:100])
    assert BM25.load(path) is None
    assert BM25.load(tmp_path / "missing.npz") is None


def test_masked_rows_score_nothing_before_compaction() -> None:
    index = BM25()
    index.add([("x1", "x", "kicad footprint"), ("x2", "x", "kicad footprint footprint")])
    index.add((f"y{n}", "y", t) for n, t in enumerate(_texts(20, 6)))
    index.remove(["x"])  # 2 of 22 rows: masked, not yet dropped
    assert len(index.ids) == 22 and len(index) == 20
    assert all(i.startswith("y") for i, _ in index.top("kicad footprint", 50))


def _store(tmp_path: Path) -> ChromaStore:
    import chromadb
    from chromadb.config import Settings

    client = chromadb.PersistentClient(path=str(tmp_path / "chroma"),
                                       settings=Settings(anonymized_telemetry=False))
    return ChromaStore(client, "keywords-test")


def _put(store: ChromaStore, path: str, sha: str, texts: list[str]) -> None:
    chunks = [StoredChunk(f"{path}-{sha}-{n}", path, sha, n * 100, n * 100 + len(t), n + 1, n + 1,
                          t, f"{sha}{n}") for n, t in enumerate(texts)]
    store.add_chunks(chunks, np.eye(len(chunks), 8, dtype=np.float32))
    store.put_file(FileRecord(path, sha, len(chunks), time.time()))


def test_the_keyword_index_follows_the_file_table(tmp_path: Path) -> None:
    store = _store(tmp_path)
    _put(store, "a.txt", "a1", ["kicad footprint editor", "gerber export"])
    _put(store, "b.txt", "b1", ["原理圖 封裝 kicad"])
    saved = tmp_path / "lexical.npz"
    keywords = KeywordIndex(store, saved)
    assert keywords.sync(store.files()) and saved.exists()
    assert {i for i, _ in keywords.top("kicad", 10)} == {"a.txt-a1-0", "b.txt-b1-0"}
    assert not keywords.sync(store.files())  # in step: nothing read
    # A new version of a.txt (its old chunks still stored, as mid re-index) and b.txt removed.
    _put(store, "a.txt", "a2", ["kicad pcbnew board"])
    store.delete_file("b.txt")
    assert keywords.sync(store.files())
    assert [i for i, _ in keywords.top("kicad", 10)] == ["a.txt-a2-0"]
    assert keywords.top("gerber", 10) == []
    # Another process opening the saved index is in step without reading a chunk.
    reopened = KeywordIndex(store, saved)
    assert reopened.held == {"a.txt": "a2:0"}
    assert not reopened.sync(store.files())
    assert reopened.top("pcbnew", 5) == keywords.top("pcbnew", 5)


def test_a_new_indexing_scheme_is_followed_though_the_content_is_the_same(tmp_path: Path) -> None:
    """A version bump can store the same content under new chunk ids: the index holds the new
    ids, not the old ones (which a search could no longer read)."""
    store = _store(tmp_path)
    _put(store, "a.txt", "a1", ["kicad footprint editor"])
    keywords = KeywordIndex(store, None)
    keywords.sync(store.files())
    store.delete_chunks(["a.txt-a1-0"])
    store.add_chunks([StoredChunk("v2-a.txt-a1-0", "a.txt", "a1", 0, 22, 1, 1,
                                  "kicad footprint editor", "a10")], np.eye(1, 8, dtype=np.float32))
    store.put_file(FileRecord("a.txt", "a1", 1, time.time(), version=2))
    assert keywords.sync(store.files())
    assert [i for i, _ in keywords.top("footprint", 5)] == ["v2-a.txt-a1-0"]
