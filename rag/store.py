"""The vector-store seam, and its Chroma implementation (embedded on disk, or a `chroma run` server).

Besides the chunks, the store keeps one record per indexed file (path, content hash, chunk count,
time). That file table is the commit point of incremental indexing: chunks of a file only count once
its record names their hash, so a run killed half-way leaves the previous index intact.
"""

from __future__ import annotations

import logging
import re
from dataclasses import asdict, dataclass
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np

from rag.settings import Settings

log = logging.getLogger(__name__)

_BATCH = 1000


class StoreError(RuntimeError):
    """The vector store is unreachable or refused an operation."""


@dataclass(frozen=True)
class StoredChunk:
    id: str
    file: str
    file_sha: str
    start_char: int
    end_char: int
    start_line: int
    end_line: int
    text: str
    text_hash: str


@dataclass(frozen=True)
class FileRecord:
    path: str
    sha256: str
    chunks: int
    indexed_at: float


class VectorStore(Protocol):
    def add_chunks(self, chunks: list[StoredChunk], embeddings: np.ndarray) -> None: ...
    def all_chunks(self) -> list[StoredChunk]: ...
    def query(self, embedding: np.ndarray, n: int) -> list[tuple[str, float]]: ...
    def embeddings_for(self, text_hashes: list[str]) -> dict[str, np.ndarray]: ...
    def delete_chunks(self, ids: list[str]) -> None: ...
    def chunk_versions(self, path: str) -> list[tuple[str, str]]: ...
    def files(self) -> dict[str, FileRecord]: ...
    def put_file(self, record: FileRecord) -> None: ...
    def delete_file(self, path: str) -> None: ...


def collection_name(base: str, model: str) -> str:
    """One collection per embedding model, so vectors of different models never mix."""
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", model.split("/")[-1]).strip("-").lower()[:40]
    return f"{base}-{slug}"


class ChromaStore:
    def __init__(self, client: Any, name: str) -> None:
        self.client = client
        self.chunks = client.get_or_create_collection(
            name, metadata={"hnsw:space": "cosine"}, embedding_function=None)
        self.file_table = client.get_or_create_collection(
            f"{name}-files", embedding_function=None)

    def add_chunks(self, chunks: list[StoredChunk], embeddings: np.ndarray) -> None:
        for i in range(0, len(chunks), _BATCH):
            part = chunks[i:i + _BATCH]
            metadatas = [{k: v for k, v in asdict(c).items() if k not in ("id", "text")}
                         for c in part]
            self.chunks.upsert(ids=[c.id for c in part], documents=[c.text for c in part],
                               metadatas=metadatas,
                               embeddings=[e.tolist() for e in embeddings[i:i + _BATCH]])

    def all_chunks(self) -> list[StoredChunk]:
        got = self.chunks.get(include=["documents", "metadatas"])
        return [StoredChunk(id=i, text=d, **m)  # type: ignore[arg-type]
                for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]

    def query(self, embedding: np.ndarray, n: int) -> list[tuple[str, float]]:
        total = self.chunks.count()
        if total == 0:
            return []
        got = self.chunks.query(query_embeddings=[embedding.tolist()], n_results=min(n, total),
                                include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]

    def embeddings_for(self, text_hashes: list[str]) -> dict[str, np.ndarray]:
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(text_hashes))
        for i in range(0, len(unique), _BATCH):
            got = self.chunks.get(where={"text_hash": {"$in": unique[i:i + _BATCH]}},
                                  include=["metadatas", "embeddings"])
            for meta, emb in zip(got["metadatas"], got["embeddings"], strict=True):
                found[str(meta["text_hash"])] = np.asarray(emb, dtype=np.float32)
        return found

    def delete_chunks(self, ids: list[str]) -> None:
        for i in range(0, len(ids), _BATCH):
            self.chunks.delete(ids=ids[i:i + _BATCH])

    def chunk_versions(self, path: str) -> list[tuple[str, str]]:
        """(id, file hash) of every stored chunk of `path`, whichever version it belongs to."""
        got = self.chunks.get(where={"file": path}, include=["metadatas"])
        return [(i, str(m["file_sha"])) for i, m in zip(got["ids"], got["metadatas"], strict=True)]

    def files(self) -> dict[str, FileRecord]:
        got = self.file_table.get(include=["metadatas"])
        return {m["path"]: FileRecord(**m) for m in got["metadatas"]}  # type: ignore[arg-type]

    def put_file(self, record: FileRecord) -> None:
        # Chroma needs a vector per record; the file table is looked up by id only.
        self.file_table.upsert(ids=[record.path], metadatas=[asdict(record)], embeddings=[[0.0]])

    def delete_file(self, path: str) -> None:
        self.file_table.delete(ids=[path])


def open_store(settings: Settings) -> ChromaStore:
    """The embedded store under `index_path`, or the server at `chroma_url` when one is set."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    name = collection_name(settings.collection, settings.embedding_model)
    try:
        if settings.chroma_url:
            url = urlparse(settings.chroma_url)
            if not url.hostname:
                raise StoreError(f"RAG_CHROMA_URL is not a URL: {settings.chroma_url!r}")
            client = chromadb.HttpClient(host=url.hostname, port=url.port or 8000,
                                         ssl=url.scheme == "https", settings=chroma_settings)
            client.heartbeat()
        else:
            settings.index_path.mkdir(parents=True, exist_ok=True)
            client = chromadb.PersistentClient(path=str(settings.index_path / "chroma"),
                                               settings=chroma_settings)
        return ChromaStore(client, name)
    except StoreError:
        raise
    except Exception as exc:
        where = settings.chroma_url or settings.index_path
        raise StoreError(f"cannot open the Chroma store at {where}: {exc}") from exc
