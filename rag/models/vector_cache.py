"""Passage vectors kept by content hash under the data folder, for every index on the machine.

An index reuses its own vectors for text it already holds (rag.ingest.indexing), but a new index
of the same text (a deleted `.rag`, an evaluation's index of its own, a benchmark building 1k, 10k
and 100k chunk indexes, a second collection) would embed it all again: on two cores, the hour a
large folder costs. Vectors are keyed by the SHA-256 of the exact text the model saw (prefix
included), in one SQLite file per embedder, so vectors of different models never mix; SQLite
serialises writers from several processes. Queries are not cached: they are short and rarely
repeated.
"""

from __future__ import annotations

import hashlib
import logging
import sqlite3
import threading
from collections.abc import Callable
from pathlib import Path

import numpy as np

from rag.models.embedder import Embedder

log = logging.getLogger(__name__)

_BATCH = 500


class CachedEmbedder:
    """An embedder whose passage vectors are read from the cache when they are there. The model is
    loaded on the first text the cache lacks (or the first query), so indexing a folder whose text
    was all embedded before never loads it."""

    caches_vectors = True
    """Declared so that indexing skips its own lookups of stored vectors (rag.ingest.indexing)."""

    def __init__(self, load: Callable[[], Embedder], name: str, passage_prefix: str,
                 path: Path) -> None:
        self._load = load
        self._inner: Embedder | None = None
        self.name = name
        self.path = path
        self._salt = passage_prefix.encode()
        """What the model sees besides the text (a changed prefix makes other vectors)."""
        self._lock = threading.Lock()
        path.parent.mkdir(parents=True, exist_ok=True)
        self._db = sqlite3.connect(path, timeout=60, check_same_thread=False)
        self._db.execute("PRAGMA journal_mode=WAL")
        self._db.execute("PRAGMA synchronous=NORMAL")  # a lost last write costs a re-embedding
        self._db.execute("CREATE TABLE IF NOT EXISTS vectors (hash BLOB PRIMARY KEY, vector BLOB)")
        self._db.commit()
        self.hits = self.misses = 0

    @property
    def inner(self) -> Embedder:
        if self._inner is None:
            with self._lock:
                if self._inner is None:
                    self._inner = self._load()
        return self._inner

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        keys = [self._key(t) for t in texts]
        found = self._read(list(dict.fromkeys(keys)))
        missing = list(dict.fromkeys(t for t, k in zip(texts, keys, strict=True) if k not in found))
        if missing:
            fresh = self.inner.embed_passages(missing)
            pairs = [(self._key(t), v) for t, v in zip(missing, fresh, strict=True)]
            found.update(pairs)
            self._write(pairs)
        self.hits += len(texts) - len(missing)
        self.misses += len(missing)
        if not texts:
            return self.inner.embed_passages([])
        return np.stack([found[k] for k in keys])

    def _key(self, text: str) -> bytes:
        return hashlib.sha256(self._salt + b"\0" + text.encode()).digest()

    def _read(self, keys: list[bytes]) -> dict[bytes, np.ndarray]:
        out: dict[bytes, np.ndarray] = {}
        with self._lock:
            for i in range(0, len(keys), _BATCH):
                part = keys[i:i + _BATCH]
                rows = self._db.execute(
                    f"SELECT hash, vector FROM vectors WHERE hash IN ({','.join('?' * len(part))})",
                    part).fetchall()
                out.update((h, np.frombuffer(v, dtype=np.float32)) for h, v in rows)
        return out

    def _write(self, pairs: list[tuple[bytes, np.ndarray]]) -> None:
        try:
            with self._lock, self._db:
                self._db.executemany("INSERT OR IGNORE INTO vectors VALUES (?, ?)",
                                     [(h, np.asarray(v, dtype=np.float32).tobytes())
                                      for h, v in pairs])
        except sqlite3.Error as exc:  # a full disk loses the cache, never the index
            log.warning("cannot write the vector cache %s: %s", self.path, exc)


def cached(load: Callable[[], Embedder], name: str, passage_prefix: str,
           data_dir: Path) -> Embedder:
    """The embedder `load` makes, named `name`, with its passage vectors cached under
    `data_dir/vectors/`; when no cache can be opened there, the embedder itself."""
    safe = "".join(ch if ch.isalnum() or ch in "-_." else "-" for ch in name)
    try:
        return CachedEmbedder(load, name, passage_prefix, data_dir / "vectors" / f"{safe}.sqlite")
    except (OSError, sqlite3.Error) as exc:
        log.warning("no vector cache (%s); embedding without it", exc)
        return load()
