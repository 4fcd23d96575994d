"""The vector-store seam, and its Chroma implementation (embedded on disk, or a `chroma run` server).

Besides the chunks, the store keeps one record per indexed file (path, content hash, chunk count,
time) and the text each document's reader made of it, by content hash (so any client can show a
passage in context: for a PDF or a web page that text is not the file). The file table is the
commit point of incremental indexing: chunks of a file only count once its record names their hash,
so a run killed half-way leaves the previous index intact.
"""

from __future__ import annotations

import functools
import logging
import re
from collections.abc import Callable
from dataclasses import asdict, dataclass
from typing import Any, Protocol
from urllib.parse import urlparse

import numpy as np

from rag.errors import StoreError
from rag.search.saved_graph import save_whole_graph, search_widely
from rag.settings import IndexSettings

log = logging.getLogger(__name__)

_BATCH = 1000
_LOOKUP = 25
"""Text hashes per lookup: the filter is applied before the limit, so a batch of hashes with many
copies each must stay under SQLite's bound on variables (32,766) by itself."""
_ROWS = 1000
"""Records per lookup: SQLite bounds a query's variables, and a text may have thousands of copies."""


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
    """Of what was embedded (the text, led by its section's title when it has one)."""
    lang: str = ""
    page: int = 0
    """First page of a PDF chunk (1-based; 0: no pages)."""
    page_end: int = 0
    section: str = ""
    layout: str = ""
    """The chunk's rag.text.layout.Layout as JSON ("" when it has none)."""
    collection: str = ""
    """Who may read it (collection_of its file); searches are filtered on it in the store."""


@dataclass(frozen=True)
class StoredSentence:
    """A sentence of a chunk, embedded on its own: a fact stated in one sentence of a long
    paragraph is found by the sentence's vector even when the paragraph's is about something else."""

    id: str
    chunk_id: str
    file: str
    file_sha: str
    text: str
    text_hash: str
    start: int = 0
    """Where it stands in its chunk."""
    end: int = 0
    collection: str = ""


@dataclass(frozen=True)
class FileRecord:
    path: str
    sha256: str
    chunks: int
    indexed_at: float
    format: str = "text"
    """The reader that made its text: text, markdown, html, docx or pdf."""
    version: int = 0
    """The indexing scheme it was indexed with; an older one is indexed again (rag.ingest.indexing)."""

    @property
    def collection(self) -> str:
        return collection_of(self.path)


DEFAULT_COLLECTION = "default"


def collection_of(path: str) -> str:
    """A document's collection: the first folder of its path in the corpus (`hr/leave.md` → `hr`),
    `default` for a file at the top. Access is granted per collection (rag.assistant)."""
    head, sep, _ = path.partition("/")
    return head if sep and head else DEFAULT_COLLECTION


Collections = frozenset[str] | None
"""The collections a caller may read; None: all of them."""


class VectorStore(Protocol):
    def add_chunks(self, chunks: list[StoredChunk], embeddings: np.ndarray) -> None: ...
    def save_graph(self) -> None: ...
    def add_sentences(self, sentences: list[StoredSentence], embeddings: np.ndarray) -> None: ...
    def all_chunks(self) -> list[StoredChunk]: ...
    def chunks_of(self, paths: list[str]) -> list[StoredChunk]: ...
    def get_chunks(self, ids: list[str]) -> list[StoredChunk]: ...
    def nearest_ids(self, embedding: np.ndarray, n: int, collections: Collections = None,
                    sentences: bool = False) -> list[tuple[str, float]]: ...
    def embeddings_for(self, text_hashes: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors of any chunk or sentence with these text hashes, to skip re-embedding.
        A text held by many files (copies of a folder, a line repeated on every page) is stored
        once per copy: one id a text is looked up, in bounded reads, and only its vector read."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(text_hashes))
        for collection in (self.chunks, self.sentences):
            first = _first_ids(collection, [h for h in unique if h not in found])
            ids = list(first.values())
            for i in range(0, len(ids), _BATCH):
                got = collection.get(ids=ids[i:i + _BATCH], include=["embeddings"])
                by_id = dict(zip(got["ids"], got["embeddings"], strict=True))
                found.update((h, np.asarray(by_id[i], dtype=np.float32))
                             for h, i in first.items() if i in by_id)
        return found

    def delete_chunks(self, ids: list[str]) -> None: ...
    def chunk_versions(self, path: str) -> list[tuple[str, str]]: ...
    def files(self) -> dict[str, FileRecord]: ...
    def put_file(self, record: FileRecord) -> None: ...
    def delete_file(self, path: str) -> None: ...
    def put_text(self, sha256: str, text: str) -> None: ...
    def text(self, sha256: str) -> str | None: ...
    def delete_text(self, sha256: str) -> None: ...


def collection_name(base: str, model: str) -> str:
    """One collection per embedding model, so vectors of different models never mix."""
    slug = re.sub(r"[^a-zA-Z0-9]+", "-", model.split("/")[-1]).strip("-").lower()[:40]
    return f"{base}-{slug}"


def _reported(method: Callable[..., Any]) -> Callable[..., Any]:
    """Chroma's own failures (a refused query, a server gone away) become StoreError: the front
    ends then say the index is unavailable instead of showing a traceback."""

    @functools.wraps(method)
    def call(*args: Any, **kwargs: Any) -> Any:
        try:
            return method(*args, **kwargs)
        except StoreError:
            raise
        except Exception as exc:
            if type(exc).__module__.partition(".")[0] not in ("chromadb", "httpx", "httpcore"):
                raise
            raise StoreError(f"the Chroma store failed ({method.__name__}): {exc}") from exc

    return call


class ChromaStore:
    """The Chroma implementation; every public method reports Chroma's errors as StoreError."""

    def __init__(self, client: Any, name: str, embedded: bool = False) -> None:
        self.client = client
        self.embedded = embedded
        """Chroma runs in this process (not a server): its vector graph is saved by us."""
        self.chunks = client.get_or_create_collection(
            name, metadata={"hnsw:space": "cosine"}, embedding_function=None)
        self.sentences = client.get_or_create_collection(
            f"{name}-sentences", metadata={"hnsw:space": "cosine"}, embedding_function=None)
        for searched in (self.chunks, self.sentences):
            search_widely(searched)
        self.file_table = client.get_or_create_collection(
            f"{name}-files", embedding_function=None)
        self.texts = client.get_or_create_collection(f"{name}-texts", embedding_function=None)

    def add_chunks(self, chunks: list[StoredChunk], embeddings: np.ndarray) -> None:
        _upsert(self.chunks, chunks, embeddings)

    def save_graph(self) -> None:
        """After indexing: every process that opens the index then searches the same vector
        graph (rag.search.saved_graph)."""
        if self.embedded:
            save_whole_graph(self.client, [self.chunks.name, self.sentences.name])

    def add_sentences(self, sentences: list[StoredSentence], embeddings: np.ndarray) -> None:
        # Without their text: a sentence is found by id and read from its chunk (rag.search.ids),
        # and Chroma's full-text index of documents doubled the cost of every write.
        _upsert(self.sentences, sentences, embeddings, documents=False, fields=SENTENCE_FIELDS)

    def all_chunks(self) -> list[StoredChunk]:
        """Every stored chunk: for tests and tools, never on a query's path (it reads them all)."""
        return _chunks(self.chunks.get(include=["documents", "metadatas"]))

    def chunks_of(self, paths: list[str]) -> list[StoredChunk]:
        """The stored chunks of these files, of whichever version."""
        out: list[StoredChunk] = []
        for i in range(0, len(paths), 100):
            out += _chunks(self.chunks.get(where={"file": {"$in": paths[i:i + 100]}},
                                           include=["documents", "metadatas"]))
        return out

    def get_chunks(self, ids: list[str]) -> list[StoredChunk]:
        out: list[StoredChunk] = []
        for i in range(0, len(ids), _BATCH):
            out += _chunks(self.chunks.get(ids=ids[i:i + _BATCH], include=["documents", "metadatas"]))
        return out

    def nearest_ids(self, embedding: np.ndarray, n: int, collections: Collections = None,
                    sentences: bool = False) -> list[tuple[str, float]]:
        """(id, similarity) of the `n` nearest chunks (or sentences), of `collections` only,
        filtered inside the store's search (so a record of another collection never leaves it).
        No record is read: twenty times cheaper a row than with metadata, for searches that sort
        thousands of neighbours by what their ids say (rag.search.ids)."""
        collection = self.sentences if sentences else self.chunks
        if n <= 0 or (collections is not None and not collections):
            return []
        # No count() first: it costs as much as a small query, and Chroma returns fewer than
        # asked when it holds fewer.
        got = collection.query(query_embeddings=[embedding.tolist()], n_results=n,
                               where=_within(collections), include=["distances"])
        return [(i, 1.0 - float(d)) for i, d in zip(got["ids"][0], got["distances"][0], strict=True)]

    def embeddings_for(self, text_hashes: list[str]) -> dict[str, np.ndarray]:
        """Stored vectors of any chunk or sentence with these text hashes, to skip re-embedding."""
        found: dict[str, np.ndarray] = {}
        unique = list(dict.fromkeys(text_hashes))
        for collection in (self.chunks, self.sentences):
            wanted = [h for h in unique if h not in found]
            for i in range(0, len(wanted), _BATCH):
                got = collection.get(where={"text_hash": {"$in": wanted[i:i + _BATCH]}},
                                     include=["metadatas", "embeddings"])
                for meta, emb in zip(got["metadatas"], got["embeddings"], strict=True):
                    found[str(meta["text_hash"])] = np.asarray(emb, dtype=np.float32)
        return found

    def delete_chunks(self, ids: list[str]) -> None:
        for i in range(0, len(ids), _BATCH):
            self.chunks.delete(ids=ids[i:i + _BATCH])
            self.sentences.delete(where={"chunk_id": {"$in": ids[i:i + _BATCH]}})

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

    def put_text(self, sha256: str, text: str) -> None:
        self.texts.upsert(ids=[sha256], documents=[text], embeddings=[[0.0]])

    def text(self, sha256: str) -> str | None:
        got = self.texts.get(ids=[sha256], include=["documents"])
        return got["documents"][0] if got["ids"] else None

    def delete_text(self, sha256: str) -> None:
        self.texts.delete(ids=[sha256])


for _name, _method in list(vars(ChromaStore).items()):
    if not _name.startswith("_") and callable(_method):
        setattr(ChromaStore, _name, _reported(_method))


def _upsert(collection: Any, records: list[Any], embeddings: np.ndarray,
            documents: bool = True, fields: frozenset[str] | None = None) -> None:
    """`fields`: the metadata to store (None: all but id and text); each field of each record
    is a row of Chroma's SQLite, written with its indexes."""
    for i in range(0, len(records), _BATCH):
        part = records[i:i + _BATCH]
        metadatas = [{k: v for k, v in asdict(r).items() if k not in ("id", "text")
                      and (fields is None or k in fields)} for r in part]
        collection.upsert(ids=[r.id for r in part],
                          documents=[r.text for r in part] if documents else None,
                          metadatas=metadatas,
                          embeddings=[e.tolist() for e in embeddings[i:i + _BATCH]])


SENTENCE_FIELDS = frozenset({"chunk_id", "text_hash", "collection"})
"""What a sentence's record is read or filtered by (deleted with its chunk, looked up by text,
searched within collections); the rest of StoredSentence is its chunk's, or derived from it."""


def _chunks(got: dict[str, Any]) -> list[StoredChunk]:
    return [StoredChunk(id=i, text=d, **m)
            for i, d, m in zip(got["ids"], got["documents"], got["metadatas"], strict=True)]


def _first_ids(collection: Any, hashes: list[str]) -> dict[str, str]:
    """Text hash → the id of one record holding it. Reads are bounded (SQLite refuses a query
    with too many variables, and a repeated line can have thousands of copies): a read that comes
    back full is asked again for the hashes it missed, in halves."""
    out: dict[str, str] = {}
    pending = [hashes[i:i + _LOOKUP] for i in range(0, len(hashes), _LOOKUP)]
    while pending:
        part = [h for h in pending.pop() if h not in out]
        if not part:
            continue
        got = collection.get(where={"text_hash": {"$in": part}}, include=["metadatas"],
                             limit=_ROWS)
        for row_id, meta in zip(got["ids"], got["metadatas"], strict=True):
            out.setdefault(str(meta["text_hash"]), row_id)
        missed = [h for h in part if h not in out]
        if len(got["ids"]) >= _ROWS and len(missed) > 0:
            half = (len(missed) + 1) // 2
            pending += [missed[:half], missed[half:]] if len(missed) > 1 else [missed]
    return out


def _within(collections: Collections) -> dict[str, Any] | None:
    if collections is None:
        return None
    return {"collection": {"$in": sorted(collections)}}


def open_store(settings: IndexSettings, embedding_model: str) -> ChromaStore:
    """The embedded store under `index_path`, or the server at `chroma_url` when one is set; its
    collections are those of `embedding_model` (vectors of different models never mix)."""
    import chromadb
    from chromadb.config import Settings as ChromaSettings

    chroma_settings = ChromaSettings(anonymized_telemetry=False)
    name = collection_name(settings.collection, embedding_model)
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
        return ChromaStore(client, name, embedded=not settings.chroma_url)
    except StoreError:
        raise
    except Exception as exc:
        where = settings.chroma_url or settings.index_path
        raise StoreError(f"cannot open the Chroma store at {where}: {exc}") from exc
