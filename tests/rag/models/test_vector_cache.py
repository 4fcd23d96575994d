"""Passage vectors come back from the on-disk cache, per embedder and prefix, across instances."""

from __future__ import annotations

import sqlite3
from pathlib import Path

import numpy as np

from rag.models.vector_cache import CachedEmbedder, cached


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
