"""Incremental indexing: embed only what changed, commit file by file, survive being killed.

Every file is listed and hashed first (cheap); only new or changed ones are read by their reader,
chunked and embedded, one file at a time, so memory stays bounded whatever the corpus size. Stored
vectors are reused for any text already embedded (moved files, passages repeated across files).
A file's chunks and text are added, then its record is pointed at the new hash (the commit), and
only then are its stale chunks deleted: at every instant each file has one complete, searchable
version. A file that cannot be read is named in the report with the reason and keeps its previous
version: losing data is worse than being stale. A file whose reader left out text nobody sees
(white-on-white HTML, zero-width characters, invisible PDF text: rag.text.invisible and the
readers) is named in the report and the log, since someone put it there for a model to read.
"""

from __future__ import annotations

import hashlib
import logging
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from pathlib import Path

import numpy as np

from rag.errors import CorpusError, UnreadableDocument
from rag.ingest.chunking import Chunk, chunk_document, normalize_for_hash
from rag.ingest.documents import CorpusFile, Document, list_corpus, unsupported_files
from rag.models.embedder import Embedder
from rag.search.ids import chunk_id, sentence_id
from rag.search.store import FileRecord, StoredChunk, StoredSentence, VectorStore, collection_of
from rag.text.invisible import describe_hidden
from rag.text.language import detect_language
from rag.text.layout import statement_spans
from rag.text.sentences import weighted_length

log = logging.getLogger(__name__)

INDEX_VERSION = 10
"""Bumped when chunking or what is stored changes: files indexed by an older scheme are indexed
again (their vectors are reused by content hash, so it costs little). 5: collections, and text
nobody sees left out by the readers. 6: ids carry the text hash (rag.search.ids). 7: short Chinese
lines are no longer taken for titles (and dropped when nothing follows them). 8: a run of titles
that names an option or a path is kept (a man page's last option). 9: a justified paragraph is
prose, not a table (rag.ingest.readers.text_layout). 10: a table's rows know its column names
(rag.text.layout.Layout.headers)."""
MIN_SENTENCE = 20
"""Sentences shorter than this (weighted characters) get no vector of their own."""


@dataclass
class IndexProgress:
    files_done: int
    files_total: int
    """Files to read (new or changed)."""
    bytes_done: int
    bytes_total: int
    chunks: int
    """Chunks indexed so far."""
    file: str = ""


Progress = Callable[[IndexProgress], None]


@dataclass
class IndexReport:
    added: list[str] = field(default_factory=list)
    updated: list[str] = field(default_factory=list)
    removed: list[str] = field(default_factory=list)
    unchanged: list[str] = field(default_factory=list)
    skipped: list[tuple[str, str]] = field(default_factory=list)
    """Files that could not be indexed, with the reason."""
    unsupported: list[str] = field(default_factory=list)
    """Files of a type no reader takes."""
    hidden: list[tuple[str, str]] = field(default_factory=list)
    """Files read in this run from which text nobody sees was removed, with what was removed
    ("212 hidden characters removed (HTML hidden elements, zero-width and format characters)")."""
    chunks: int = 0
    """Chunks indexed in this run."""
    bytes_read: int = 0
    embedded: int = 0
    """Texts (chunks and their sentences) embedded in this run."""
    reused: int = 0
    """Texts whose vector was already stored under the same content hash."""
    seconds: float = 0.0

    @property
    def changed(self) -> bool:
        return bool(self.added or self.updated or self.removed)


def _hash(text: str) -> str:
    return hashlib.sha256(normalize_for_hash(text).encode()).hexdigest()


def embedded_text(chunk: Chunk) -> str:
    """What a chunk's vector is made from: its text, led by the title path of its section when
    the document has sections, so that "~/.config/kicad" under "Hotkeys" is about hotkeys."""
    section = chunk.layout.section_at(0)
    return f"{section}\n{chunk.text}" if section else chunk.text


def _stored(doc: Document, chunks: list[Chunk]) -> list[StoredChunk]:
    out = []
    for n, c in enumerate(chunks):
        page = c.layout.page_at(0) or 0
        text_hash = _hash(embedded_text(c))
        out.append(StoredChunk(
            chunk_id(doc.path, doc.sha256, n, text_hash), doc.path, doc.sha256, c.start_char,
            c.end_char, c.start_line, c.end_line, c.text, text_hash, detect_language(c.text),
            page=page, page_end=(c.layout.page_at(len(c.text) - 1) or 0) if page else 0,
            section=c.layout.section_at(0) or "", layout=c.layout.to_json(),
            collection=collection_of(doc.path)))
    return out


def sentences_of(chunk: StoredChunk) -> list[StoredSentence]:
    """The chunk's statements long enough for a vector of their own (embedded alone: a fact
    stated in one sentence of a paragraph about something else is found by it)."""
    from rag.text.layout import Layout

    out = []
    for k, (s, e) in enumerate(statement_spans(chunk.text, Layout.from_json(chunk.layout))):
        text = chunk.text[s:e]
        if weighted_length(text) >= MIN_SENTENCE:
            out.append(StoredSentence(sentence_id(chunk.id, k), chunk.id, chunk.file, chunk.file_sha,
                                      text, _hash(text), s, e, chunk.collection))
    return out


def index_corpus(root: Path, store: VectorStore, embedder: Callable[[], Embedder],
                 progress: Progress | None = None) -> IndexReport:
    """Bring the store in line with the files under `root`. `embedder` is only called when some
    text needs embedding, so a no-change run never loads the model."""
    started = time.perf_counter()
    report = IndexReport(unsupported=unsupported_files(root))
    existing = store.files()
    listed = list(list_corpus(root))
    todo: list[CorpusFile] = []
    for entry in listed:
        if isinstance(entry, tuple):
            report.skipped.append(entry)
            continue
        record = existing.get(entry.relative)
        if record and record.sha256 == entry.sha256 and record.version == INDEX_VERSION:
            report.unchanged.append(entry.relative)
        else:
            todo.append(entry)
    if not todo and not report.unchanged:
        detail = f" ({len(report.skipped)} unreadable)" if report.skipped else ""
        raise CorpusError(f"no readable documents under {root}{detail}")
    total = sum(f.size for f in todo)
    for n, entry in enumerate(todo, 1):
        try:
            doc = entry.read()
        except (OSError, UnreadableDocument) as exc:
            reason = exc.strerror if isinstance(exc, OSError) and exc.strerror else str(exc)
            log.warning("skipping %s: %s", entry.relative, reason)
            report.skipped.append((entry.relative, reason))
        else:
            if doc.hidden:
                what = describe_hidden(doc.hidden)
                log.warning("%s: %s", entry.relative, what)
                report.hidden.append((entry.relative, what))
            _index_document(doc, store, embedder, report)
            (report.updated if entry.relative in existing else report.added).append(entry.relative)
        report.bytes_read += entry.size
        if progress:
            progress(IndexProgress(n, len(todo), report.bytes_read, total, report.chunks,
                                   entry.relative))
    if not report.added and not report.updated and not report.unchanged:
        raise CorpusError(f"no readable documents under {root} ({len(report.skipped)} unreadable)")
    present = {e.relative if isinstance(e, CorpusFile) else e[0] for e in listed}
    for path in sorted(set(existing) - present):
        _forget(store, path)
        report.removed.append(path)
    _delete_unused_texts(store, {existing[p].sha256 for p in [*report.updated, *report.removed]})
    report.seconds = time.perf_counter() - started
    return report


def remove_document(store: VectorStore, path: str) -> bool:
    """Drop one file's record, chunks, sentences and (now unused) text from the store, as the
    next run would once its file is gone, but without listing the corpus: a deletion neither
    waits for nor picks up unrelated changes, and works for the last document too. False when
    `path` is not indexed."""
    record = store.files().get(path)
    if record is None:
        return False
    _forget(store, path)
    _delete_unused_texts(store, {record.sha256})
    return True


def _forget(store: VectorStore, path: str) -> None:
    """Drop a file's record and every chunk and sentence of any version of it."""
    store.delete_file(path)
    _delete_stale(store, path)


def _index_document(doc: Document, store: VectorStore, embedder: Callable[[], Embedder],
                    report: IndexReport) -> None:
    chunks = chunk_document(doc)
    stored = _stored(doc, chunks)
    sentences = [sentences_of(c) for c in stored]
    flat = [s for group in sentences for s in group]
    model = embedder()
    caches = getattr(model, "caches_vectors", False)
    # An embedder with a vector cache finds every vector embedded before, on this machine, in one
    # keyed read; the store's lookup by metadata is for when there is none.
    known = {} if caches else \
        store.embeddings_for([c.text_hash for c in stored] + [s.text_hash for s in flat])
    todo = [n for n, c in enumerate(stored) if c.text_hash not in known
            or any(s.text_hash not in known for s in sentences[n])]
    fresh = ({stored[n].text_hash for n in todo}
             | {s.text_hash for n in todo for s in sentences[n]}) - known.keys()
    misses = getattr(model, "misses", 0)
    if todo:
        _embed(model, [chunks[n] for n in todo], [stored[n] for n in todo],
               [sentences[n] for n in todo], known)
    embedded = getattr(model, "misses", 0) - misses if caches else len(fresh)
    report.embedded += embedded
    report.reused += len(stored) + len(flat) - embedded
    store.put_text(doc.sha256, doc.text)
    if flat:
        store.add_sentences(flat, np.stack([known[s.text_hash] for s in flat]))
    if stored:
        store.add_chunks(stored, np.stack([known[c.text_hash] for c in stored]))
    store.put_file(FileRecord(doc.path, doc.sha256, len(stored), time.time(), doc.format,
                              INDEX_VERSION))
    _delete_stale(store, doc.path, frozenset(c.id for c in stored))
    report.chunks += len(stored)


def _embed(embedder: Embedder, chunks: list[Chunk], stored: list[StoredChunk],
           sentences: list[list[StoredSentence]], known: dict[str, np.ndarray]) -> None:
    """Vectors of these chunks and their sentences into `known`, each distinct text once."""
    wanted = {c.text_hash: embedded_text(ch) for c, ch in zip(stored, chunks, strict=True)}
    wanted.update((s.text_hash, s.text) for group in sentences for s in group)
    missing = {h: t for h, t in wanted.items() if h not in known}
    if missing:
        known.update(zip(missing, embedder.embed_passages(list(missing.values())), strict=True))


def _delete_unused_texts(store: VectorStore, candidates: set[str]) -> None:
    """Drop the stored texts of old versions no file points at any more."""
    used = {r.sha256 for r in store.files().values()}
    for sha in candidates - used:
        store.delete_text(sha)


def _delete_stale(store: VectorStore, path: str, keep: frozenset[str] = frozenset()) -> None:
    """Every chunk of `path` but those in `keep` (its current ones): earlier versions, and chunks
    of this version stored under another id scheme."""
    stale = [i for i, _ in store.chunk_versions(path) if i not in keep]
    if stale:
        store.delete_chunks(stale)
