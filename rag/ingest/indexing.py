"""Incremental indexing: embed only what changed, commit file by file, survive being killed.

For each file whose content hash differs from the file table: chunk it, reuse stored vectors for any
chunk text already embedded (moved files, the article repeated inside one file), embed the rest, add
the chunks, and only then point the file's record at the new hash (the commit). Stale chunks are
deleted after the commit, so at every instant each file has one complete, searchable version.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rag.errors import CorpusError
from rag.ingest.chunking import Chunk, chunk_document, normalize_for_hash
from rag.ingest.documents import Document, load_corpus
from rag.models.embedder import Embedder
from rag.search.store import FileRecord, StoredChunk, StoredSentence, VectorStore
from rag.text.language import detect_language
from rag.text.sentences import sentence_spans, weighted_length

log = logging.getLogger(__name__)

Progress = Callable[[int, int], None]
"""Called with (chunks done, chunks to do) as embedding advances."""


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    embedded: int = 0
    """Texts (chunks and their sentences) embedded in this run."""
    reused: int = 0
    """Texts whose vector was already stored under the same content hash."""
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def chunk_id(path: str, file_sha: str, n: int) -> str:
    return f"{hashlib.sha256(path.encode()).hexdigest()[:12]}-{file_sha[:16]}-{n:05d}"


MIN_SENTENCE = 20
"""Sentences shorter than this (weighted characters) get no vector of their own."""


def _stored(doc: Document, chunks: list[Chunk]) -> list[StoredChunk]:
    return [StoredChunk(chunk_id(doc.path, doc.sha256, n), doc.path, doc.sha256, c.start_char,
                        c.end_char, c.start_line, c.end_line, c.text, c.text_hash,
                        detect_language(c.text))
            for n, c in enumerate(chunks)]


def sentences_of(chunk: StoredChunk) -> list[StoredSentence]:
    out = []
    for k, (s, e) in enumerate(sentence_spans(chunk.text)):
        text = chunk.text[s:e]
        if weighted_length(text) >= MIN_SENTENCE:
            digest = hashlib.sha256(normalize_for_hash(text).encode()).hexdigest()
            out.append(StoredSentence(f"{chunk.id}-s{k:03d}", chunk.id, chunk.file,
                                      chunk.file_sha, text, digest))
    return out


def index_corpus(root: Path, store: VectorStore, embedder: Callable[[], Embedder],
                 progress: Progress | None = None) -> IndexReport:
    """Bring the store in line with the files under `root`. `embedder` is only called when some
    chunk needs embedding, so a no-change run never loads the model."""
    started = time.perf_counter()
    loaded = load_corpus(root)
    if not loaded.documents:
        detail = f" ({len(loaded.skipped)} unreadable)" if loaded.skipped else ""
        raise CorpusError(f"no readable .txt or .md documents under {root}{detail}")
    report = IndexReport(skipped=loaded.skipped)
    existing = store.files()
    todo: list[tuple[Document, list[StoredChunk]]] = []
    for doc in loaded.documents:
        record = existing.get(doc.path)
        if record and record.sha256 == doc.sha256:
            report.unchanged.append(doc.path)
        else:
            todo.append((doc, _stored(doc, chunk_document(doc))))
            (report.updated if record else report.added).append(doc.path)

    total = sum(len(chunks) for _, chunks in todo)
    done = 0
    for doc, chunks in todo:
        sentences = [s for c in chunks for s in sentences_of(c)]
        vectors = _vectors_for([*chunks, *sentences], store, embedder, report)
        store.add_sentences(sentences, vectors[len(chunks):])
        store.add_chunks(chunks, vectors[:len(chunks)])
        store.put_file(FileRecord(doc.path, doc.sha256, len(chunks), time.time()))
        _delete_stale(store, doc.path, keep_sha=doc.sha256)
        done += len(chunks)
        if progress:
            progress(done, total)

    # A file now unreadable keeps its previous version: losing data is worse than being stale.
    present = {d.path for d in loaded.documents} | {p for p, _ in loaded.skipped}
    for path in sorted(set(existing) - present):
        store.delete_file(path)
        _delete_stale(store, path, keep_sha=None)
        report.removed.append(path)
    report.seconds = time.perf_counter() - started
    return report


def _vectors_for(chunks: list[StoredChunk | StoredSentence], store: VectorStore,
                 embedder: Callable[[], Embedder], report: IndexReport) -> np.ndarray:
    known = store.embeddings_for([c.text_hash for c in chunks])
    missing = {c.text_hash: c.text for c in chunks if c.text_hash not in known}
    if missing:
        fresh = embedder().embed_passages(list(missing.values()))
        known.update(zip(missing.keys(), fresh, strict=True))
    report.embedded += len(missing)
    report.reused += len(chunks) - len(missing)
    return np.stack([known[c.text_hash] for c in chunks]) if chunks else np.zeros((0, 1))


def _delete_stale(store: VectorStore, path: str, keep_sha: str | None) -> None:
    stale = [i for i, sha in store.chunk_versions(path) if sha != keep_sha]
    if stale:
        store.delete_chunks(stale)
