"""Hybrid retrieval: dense similarity (each chunk scored by its own vector and its best sentence's)
fused with BM25 by weighted scores, corrected for same-language bias, duplicates collapsed.

Score fusion rather than reciprocal-rank fusion: with RRF a cross-language BM25 list (which matches
only names and figures) pushed good dense hits down (benchmarks/retrieval.py compares them).

Identical copies of a text never reach the ranking (the candidate pools hold one of each text, see
Retriever._distinct); near-duplicates that do (a copy that gained a heading) are collapsed into the
better hit's `copies`.
"""

from __future__ import annotations

import logging
import math
import threading
import time
from collections.abc import Callable
from dataclasses import dataclass, field
from typing import Literal

from rag import tuning
from rag.models.embedder import Embedder
from rag.schema import Passage
from rag.search.duplicates import near_duplicate, shingles
from rag.search.ids import ParsedId, parse, version_key
from rag.search.keyword_index import KeywordIndex
from rag.search.store import Collections, FileRecord, StoredChunk, VectorStore
from rag.search.translation import QueryTranslator
from rag.text.language import detect_language

log = logging.getLogger(__name__)

Mode = Literal["hybrid", "dense", "lexical"]

_MAX_NEIGHBOURS = 64
"""Neighbours asked for at most, per place in a pool: bounds a search's cost when nearly all of
them are copies or stale."""
_FIRST_ASK = 1.5
"""Neighbours asked for at first, per place in a pool: room for copies of the same text (a manual
in four languages, three of them partly the English one) without a second search for most
queries. A constant, not learned from the searches before: the store's search is approximate, so
how many neighbours are asked for changes which are found, and a question must find the same
passages whatever was asked before it."""


@dataclass
class Hit:
    chunk: StoredChunk
    score: float
    dense: float = 0.0
    lexical: float = 0.0
    copies: list[StoredChunk] = field(default_factory=list)

    def passage(self) -> Passage:
        c = self.chunk
        return Passage(file=c.file, start_line=c.start_line, end_line=c.end_line,
                       start_char=c.start_char, end_char=c.end_char, text=c.text,
                       score=round(self.score, 4), page=c.page or None,
                       page_end=c.page_end if c.page_end and c.page_end != c.page else None,
                       section=c.section or None)


@dataclass(frozen=True)
class FusionWeights:
    lexical: float = tuning.LEXICAL_WEIGHT
    """Weight of the BM25 score (scaled to 0..1 by the best one) added to the dense similarity."""
    same_language: float = tuning.SAME_LANGUAGE_PENALTY
    """Subtracted from passages in the query's own language (see rag.tuning)."""


class Retriever:
    """Searches the live chunks: those whose file record names their version.

    Nothing is read in bulk: the dense candidates come with their text from the vector store, the
    keyword candidates from the saved BM25 index (rag.search.keyword_index), and the file table
    (one small record per file) decides which versions are live. That table is read again at most
    every `refresh_every` seconds, so a change made by another process (an API worker's upload, a
    `rag index` run) is searched within that time."""

    def __init__(self, store: VectorStore, embedder: Callable[[], Embedder],
                 candidates: int = 30, weights: FusionWeights | None = None,
                 translator: Callable[[], QueryTranslator | None] | None = None,
                 mode: Mode = "hybrid", keywords: KeywordIndex | None = None,
                 refresh_every: float = 5.0, dense_pool: int = tuning.DENSE_POOL,
                 sentence_pool: int = tuning.SENTENCE_POOL) -> None:
        self.store = store
        self.dense_pool = dense_pool
        self.sentence_pool = sentence_pool
        self.mode: Mode = mode
        self._translator = translator
        self._embedder = embedder
        self.candidates = candidates
        self.weights = weights or FusionWeights()
        self.keywords = keywords or KeywordIndex(store, None)
        self.refresh_every = refresh_every
        self._lock = threading.Lock()
        self._shingles: dict[str, frozenset[str]] = {}
        self.refresh()

    def refresh(self, files: dict[str, FileRecord] | None = None) -> None:
        """Read the file table (or take `files`, just read) and bring the keyword index in line."""
        files = self.store.files() if files is None else files
        self.keywords.sync(files)
        versions = {version_key(p, r.sha256) for p, r in files.items()}
        with self._lock:
            self.files = files
            self._versions = versions
            self._checked = time.monotonic()

    def _catch_up(self) -> None:
        if time.monotonic() - self._checked < self.refresh_every:
            return
        self._checked = time.monotonic()
        try:
            files = self.store.files()
            if {p: (r.sha256, r.version) for p, r in files.items()} != \
                    {p: (r.sha256, r.version) for p, r in self.files.items()}:
                log.info("the index changed; catching up")
                self.refresh(files)
        except Exception as exc:  # an embedded store written by another process
            # can fail here (its vectors are held per process); search goes on with what it had.
            log.warning("cannot catch up with changes to the index (%s); a Chroma server "
                        "(RAG_CHROMA_URL) shares one index between processes", exc)

    def _live(self, chunk: StoredChunk, collections: Collections = None) -> bool:
        """Searchable: its file's current version, and (when given) of `collections`: checked
        here too, though the store filtered already, so a stale collection field cannot leak."""
        record = self.files.get(chunk.file)
        return record is not None and record.sha256 == chunk.file_sha and \
            (collections is None or record.collection in collections)

    def chunk_count(self) -> int:
        return sum(r.chunks for r in self.files.values())

    def live_chunks(self) -> list[StoredChunk]:
        """Every searchable chunk, in file order: reads the whole store, for tests and tools."""
        return sorted((c for c in self.store.all_chunks() if self._live(c)),
                      key=lambda c: (c.file, c.start_char))

    @property
    def scores_similarity(self) -> bool:
        """Whether hits carry a dense similarity to judge retrieval by (not BM25 alone)."""
        return self.mode != "lexical"

    @property
    def embedder(self) -> Embedder:
        return self._embedder()

    def dense(self, query: str, n: int, found: dict[str, StoredChunk],
              collections: Collections = None) -> dict[str, float]:
        """Chunk id → similarity: the mean of the chunk's own vector and its best sentence's. The
        chunks go into `found`."""
        if not self.files:
            return {}
        vector = self.embedder.embed_queries([query])[0]
        pool = max(n, self.dense_pool)
        nearest = self._distinct(lambda k: self.store.nearest_ids(vector, k, collections), pool)
        self._fetch([p.chunk for p, _ in nearest], found)
        whole = {p.chunk: s for p, s in nearest
                 if p.chunk in found and self._live(found[p.chunk], collections)}
        if not whole:
            return {}
        sentences = self._distinct(
            lambda k: self.store.nearest_ids(vector, k, collections, sentences=True),
            self.sentence_pool * pool)
        self._fetch([p.chunk for p, _ in sentences], found)
        best_sentence: dict[str, float] = {}
        for p, s in sentences:
            if p.chunk in found and self._live(found[p.chunk], collections) and \
                    s > best_sentence.get(p.chunk, -1.0):
                best_sentence[p.chunk] = s
        floor_whole = min(whole.values())
        floor_sentence = min(best_sentence.values(), default=floor_whole)
        ids = list(dict.fromkeys([*whole, *best_sentence]))
        return {i: (whole.get(i, floor_whole) + best_sentence.get(i, floor_sentence)) / 2
                for i in ids}

    def _distinct(self, nearest: Callable[[int], list[tuple[str, float]]],
                  n: int) -> list[tuple[ParsedId, float]]:
        """The `n` nearest records of live file versions, one a text: copies of a passage (a
        folder indexed twice, a paragraph on every page) have one vector between them and would
        otherwise fill the pool, leaving no place for the passage that answers. Stale versions
        and copies are told apart by their ids (rag.search.ids), so thousands of neighbours cost
        milliseconds. _FIRST_ASK neighbours a place are asked for at once; more while too few
        were distinct. Of equally near copies, the one with the first id is kept."""
        k = max(n + 10, int(n * _FIRST_ASK))
        while True:
            # Copies share a vector, so their similarities tie, and the store returns tied
            # neighbours in an order that changes from process to process: the first id of each
            # text decides, the same copy every time.
            got = sorted(nearest(k), key=lambda pair: (-pair[1], pair[0]))
            kept: list[tuple[ParsedId, float]] = []
            seen: set[str] = set()
            versions = self._versions
            for record_id, similarity in got:
                parsed = parse(record_id)
                if parsed.distinct not in seen and \
                        (parsed.version is None or parsed.version in versions):
                    seen.add(parsed.distinct)
                    kept.append((parsed, similarity))
                    if len(kept) == n:
                        break
            if len(kept) >= n or len(got) < k or k >= _MAX_NEIGHBOURS * n:
                return kept
            k = min(_MAX_NEIGHBOURS * n, k * max(2, min(32, math.ceil(1.25 * n / max(len(kept), 1)))))

    def _fetch(self, ids: list[str], found: dict[str, StoredChunk]) -> None:
        missing = [i for i in dict.fromkeys(ids) if i not in found]
        if missing:
            found.update((c.id, c) for c in self.store.get_chunks(missing))

    def lexical(self, query: str, n: int, found: dict[str, StoredChunk],
                collections: Collections = None) -> dict[str, float]:
        """Chunk id → BM25 score scaled so the best match is 1; the chunks go into `found`."""
        top = self.keywords.top(query, n, collections)
        self._fetch([i for i, _ in top], found)
        top = [(i, s) for i, s in top if i in found and self._live(found[i], collections)]
        best = top[0][1] if top else 1.0
        return {i: s / best for i, s in top}

    def search(self, query: str, top_k: int = 5, mode: Mode | None = None,
               translate: bool = False, timings: dict[str, int] | None = None,
               collections: Collections = None) -> list[Hit]:
        """Best `top_k` distinct passages; `mode` overrides the retriever's own (hybrid, dense or
        lexical); `translate` also searches with the query's English translation, if there is one
        (its time goes into `timings["translate"]`); `collections` limits the search to those
        (None: all)."""
        mode = mode or self.mode
        query = query.strip()
        if not query or top_k <= 0:
            return []
        self._catch_up()
        w = self.weights
        started = time.perf_counter()
        variants = [query, *(self._translations(query, mode) if translate else [])]
        if translate and timings is not None:
            timings["translate"] = round((time.perf_counter() - started) * 1000)
        found: dict[str, StoredChunk] = {}
        dense: dict[str, float] = {}
        """Similarity, the mean over wordings: what weak retrieval is judged by."""
        corrected: dict[str, float] = {}
        """The same with each wording's same-language bias taken off: what ranks."""
        lexical: dict[str, float] = {}
        scored = [(detect_language(text), self.dense(text, self.candidates, found, collections))
                  for text in variants] if mode in ("hybrid", "dense") else []
        floors = [min(mine.values(), default=0.0) for _, mine in scored]
        for i in dict.fromkeys(i for _, mine in scored for i in mine):
            for (language, mine), floor_of_mine in zip(scored, floors, strict=True):
                own = mine.get(i, floor_of_mine)
                bias = w.same_language if found[i].lang == language else 0.0
                dense[i] = dense.get(i, 0.0) + own / len(scored)
                corrected[i] = corrected.get(i, 0.0) + (own - bias) / len(scored)
        if mode in ("hybrid", "lexical"):
            for text in variants:
                for i, score in self.lexical(text, self.candidates, found, collections).items():
                    lexical[i] = max(lexical.get(i, 0.0), score)
        floor = min(corrected.values(), default=0.0)
        hits = []
        for i in dict.fromkeys([*dense, *lexical]):
            hit = Hit(found[i], 0.0, dense=dense.get(i, 0.0), lexical=lexical.get(i, 0.0))
            hit.score = hit.lexical if mode == "lexical" else \
                corrected.get(i, floor) + w.lexical * hit.lexical
            hits.append(hit)
        hits.sort(key=lambda h: (-h.score, h.chunk.file, h.chunk.start_char))
        return self._collapse(hits, top_k)

    def _translations(self, query: str, mode: str) -> list[str]:
        translator = self._translator() if self._translator and mode != "lexical" else None
        if translator is None:
            return []
        try:
            english = translator.to_english(query)
        except Exception as exc:  # a missing or broken model must not break search
            log.warning("query translation failed (%s); searching with the question only", exc)
            return []
        return [english] if english and english != query else []

    def _shingles_of(self, chunk: StoredChunk) -> frozenset[str]:
        if chunk.id not in self._shingles:
            self._shingles[chunk.id] = shingles(chunk.text)
        return self._shingles[chunk.id]

    def _collapse(self, ranked: list[Hit], top_k: int) -> list[Hit]:
        """The best `top_k` hits no two of which are near-duplicates; the ranking is not read
        further once they are found (a near-duplicate's similarity is its twin's, near enough)."""
        kept: list[Hit] = []
        for hit in ranked:
            if len(kept) == top_k:
                break
            twin = next((k for k in kept if k.chunk.text_hash == hit.chunk.text_hash
                         or near_duplicate(self._shingles_of(k.chunk), self._shingles_of(hit.chunk))),
                        None)
            if twin is not None:
                twin.copies.append(hit.chunk)
                twin.dense = max(twin.dense, hit.dense)
                continue
            kept.append(hit)
        return kept
