"""The BM25 index of the live chunks, kept in step with the store's file table and saved beside it.

The vector store stays the single source of truth; this is derived from it and can always be
rebuilt. It remembers which version (content hash) of each file it holds, so bringing it in line
is a comparison of two small tables: the rows of changed and removed files are dropped, the chunks
of new and changed files are read from the store and added. Opening an index that is in step
costs one file read, whatever the number of chunks.

Several processes may share one index (API workers on one Chroma server, `rag index` beside
`rag serve`): each keeps its own copy in memory and catches up when the file table changes; any of
them may save, and since they derive the same rows from the same store, the last save wins safely.
"""

from __future__ import annotations

import logging
import threading
import time
from pathlib import Path

import numpy as np

from rag.search.bm25 import BM25
from rag.search.ids import parse
from rag.search.store import Collections, FileRecord, VectorStore, collection_of
from rag.settings import IndexSettings, ModelSettings

log = logging.getLogger(__name__)

_FILES_PER_READ = 50


def keyword_index_path(index: IndexSettings, models: ModelSettings, collection: str) -> Path:
    """Beside the embedded index; for a Chroma server, in the data folder under the server's
    identity (a server has no folder of ours)."""
    if index.chroma_url:
        return models.data_dir / "lexical" / f"{index.identity}-{collection}.npz"
    return index.index_path / f"lexical-{collection}.npz"


def held_key(record: FileRecord) -> str:
    return f"{record.sha256}:{record.version}"


class KeywordIndex:
    def __init__(self, store: VectorStore, path: Path | None) -> None:
        self.store = store
        self.path = path
        self._lock = threading.Lock()
        loaded = BM25.load(path) if path and path.exists() else None
        self.bm25 = loaded or BM25()
        self._collections: tuple[list[str], np.ndarray] | None = None
        """The collections' names and each row's, as an index into them; derived on first use
        after the rows change."""

    @property
    def held(self) -> dict[str, str]:
        """File path → the version whose chunks the index holds (rag.search.keyword_index.held_key):
        its content hash and indexing scheme, since a scheme change can give the same content new
        chunk ids."""
        files = self.bm25.meta.get("files")
        return dict(files) if isinstance(files, dict) else {}

    def sync(self, files: dict[str, FileRecord]) -> bool:
        """Bring the rows in line with `files` (the store's file table); True if anything changed.
        Saved afterwards when the index has a path."""
        with self._lock:
            held = self.held
            current = {p: held_key(r) for p, r in files.items()}
            stale = [p for p, key in held.items() if current.get(p) != key]
            new = sorted(p for p, key in current.items() if held.get(p) != key)
            if not stale and not new:
                return False
            started = time.perf_counter()
            self.bm25.remove(stale)
            for i in range(0, len(new), _FILES_PER_READ):
                batch = new[i:i + _FILES_PER_READ]
                chunks = sorted((c for c in self.store.chunks_of(batch)
                                 if c.file in files and files[c.file].sha256 == c.file_sha),
                                key=lambda c: (c.file, c.start_char))
                self.bm25.add((c.id, c.file, c.text) for c in chunks)
            self.bm25.meta["files"] = current
            self._collections = None
            if self.path:
                try:
                    self.bm25.save(self.path)
                except OSError as exc:  # a read-only folder costs a rebuild next start, no more
                    log.warning("cannot save the keyword index at %s: %s", self.path, exc)
            log.info("keyword index: %d files dropped, %d read, %d rows, %.1f s", len(stale),
                     len(new), len(self.bm25), time.perf_counter() - started)
            return True

    def top(self, query: str, n: int, collections: Collections = None) -> list[tuple[str, float]]:
        """Best `n` (chunk id, score), of `collections` only when given; one of each text (copies
        of a passage are told by their ids, rag.search.ids)."""
        with self._lock:  # not while sync() is changing the rows
            rows = None if collections is None else self._rows_of(collections)
            return self.bm25.top(query, n, rows, key=lambda i: parse(i).distinct)

    def _rows_of(self, collections: frozenset[str]) -> np.ndarray:
        if self._collections is None:
            of_row = [collection_of(g) for g in self.bm25.groups]
            names = sorted(set(of_row))
            index = {name: n for n, name in enumerate(names)}
            self._collections = names, np.asarray([index[x] for x in of_row], dtype=np.int32)
        names, row_collection = self._collections
        return np.isin(row_collection, [n for n, name in enumerate(names) if name in collections])
