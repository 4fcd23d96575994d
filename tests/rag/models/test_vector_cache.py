"""Passage vectors come back from the on-disk cache, per embedder and prefix, across instances."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np
import pytest

from rag.models.embedder import Embedder
from rag.models.vector_cache import CachedEmbedder
from rag.models.vector_cache import cached as cached_factory


def cached(inner: Embedder, data_dir: Path) -> Embedder:
    return cached_factory(lambda: inner, inner.name, getattr(inner, "passage_prefix", ""), data_dir)


class CountingEmbedder:
    """A deterministic stand-in at the embedder seam that records what it was asked to embed."""

    def __init__(self, name: str = "counting", passage_prefix: str = "passage: ") -> None:
        self.name = name
        self.passage_prefix = passage_prefix
        self.embedded: list[str] = []

    def _vector(self, text: str) -> np.ndarray:
        rng = np.random.default_rng(abs(hash(self.passage_prefix + text)) % 2**32)
        v = rng.standard_normal(8).astype(np.float32)
        return v / np.linalg.norm(v)

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return np.stack([self._vector("q" + t) for t in texts])

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        self.embedded += texts
        return np.stack([self._vector(t) for t in texts]) if texts else np.zeros((0, 8), np.float32)


def test_vectors_are_embedded_once_across_instances(tmp_path: Path) -> None:
    inner = CountingEmbedder()
    first = cached(inner, tmp_path)
    assert isinstance(first, CachedEmbedder)
    a = first.embed_passages(["alpha", "beta", "alpha"])
    assert inner.embedded == ["alpha", "beta"]  # a repeat within one call is embedded once
    assert np.array_equal(a[0], a[2])
    again = cached(inner, tmp_path).embed_passages(["beta", "gamma", "alpha"])
    assert inner.embedded == ["alpha", "beta", "gamma"]
    assert np.array_equal(again[0], a[1]) and np.array_equal(again[2], a[0])
    assert (tmp_path / "vectors" / "counting.sqlite").exists()


def test_another_model_or_prefix_does_not_share_vectors(tmp_path: Path) -> None:
    cached(CountingEmbedder(), tmp_path).embed_passages(["alpha"])
    other_model = CountingEmbedder(name="other")
    cached(other_model, tmp_path).embed_passages(["alpha"])
    other_prefix = CountingEmbedder(passage_prefix="")
    cached(other_prefix, tmp_path).embed_passages(["alpha"])
    assert other_model.embedded == ["alpha"] and other_prefix.embedded == ["alpha"]


def test_queries_are_not_cached(tmp_path: Path) -> None:
    embedder = cached(CountingEmbedder(), tmp_path)
    embedder.embed_queries(["alpha"])
    with sqlite3.connect(tmp_path / "vectors" / "counting.sqlite") as db:
        assert db.execute("SELECT COUNT(*) FROM vectors").fetchone() == (0,)


def test_an_unwritable_data_folder_means_no_cache_not_an_error(tmp_path: Path) -> None:
    blocker = tmp_path / "file"
    blocker.write_text("not a folder")
    inner = CountingEmbedder()
    assert cached(inner, blocker) is inner


def test_the_model_is_only_loaded_for_text_the_cache_lacks(tmp_path: Path) -> None:
    cached(CountingEmbedder(), tmp_path).embed_passages(["alpha", "beta"])
    loads: list[int] = []

    def load() -> Embedder:
        loads.append(1)
        return CountingEmbedder()

    lazy = cached_factory(load, "counting", "passage: ", tmp_path)
    assert isinstance(lazy, CachedEmbedder) and lazy.caches_vectors
    lazy.embed_passages(["beta", "alpha"])
    assert loads == [] and (lazy.hits, lazy.misses) == (2, 0)
    lazy.embed_passages(["gamma"])
    assert loads == [1] and lazy.misses == 1


@pytest.mark.slow
def test_a_new_index_of_known_text_embeds_nothing_and_loads_no_model(tmp_path: Path) -> None:
    from rag import Assistant, Settings
    from tests.conftest import CORPUS, data_dir

    settings = Settings(corpus_path=CORPUS, index_path=tmp_path / "first", data_dir=data_dir(),
                        chroma_url=None, vector_cache=True)
    first = Assistant(settings).index()
    assert first.chunks > 0
    again = Assistant(settings.replace(index_path=tmp_path / "second"))
    report = again.index()
    assert report.chunks == first.chunks
    assert report.embedded == 0 and report.reused > first.chunks  # chunks and their sentences
    embedder = again.embedder()
    assert isinstance(embedder, CachedEmbedder) and embedder._inner is None
    assert again.search("Avocado Qwen", 3)  # a query loads the model now
    assert embedder._inner is not None
