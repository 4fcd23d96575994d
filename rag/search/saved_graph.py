"""Embedded Chroma's whole vector graph saved after indexing, so every process searches the same one.

Embedded Chroma saves its HNSW graph every `sync_threshold` records (1,000 by default). The records
written since stay in its log, and each process that opens the index inserts them into a graph
again, on several threads, in an order that changes from run to run (chroma-core/chroma issues 2675
and 3638). The search is approximate, so the neighbours found for a query, and the passages a
question finds, changed from one process to the next; an index under 1,000 records was never saved
as a graph at all (README, "One index, many processes", for what was measured).

At the end of every index run, whether or not it wrote (an index written before this existed is
saved too), the index is opened once more beside the open one with the smallest thresholds Chroma
takes (opening it then saves the whole graph), and the thresholds are put back. Every later process
loads that graph and finds the same neighbours. The clients already open keep their own graph in
memory, as another process would. A Chroma server (RAG_CHROMA_URL) keeps its graph itself; nothing
is done there. Any failure only costs the determinism, never the index: it is logged and indexing
goes on.

Two builds of an index (a folder indexed again from scratch, an evaluation's own index) still link
their graphs differently; a wide search (SEARCH_EF) finds the same neighbours in both.
"""

from __future__ import annotations

import logging
from typing import Any

log = logging.getLogger(__name__)

SEARCH_EF = 4000
"""Candidates the graph search keeps while it walks (hnswlib's ef, never fewer than the neighbours
asked for: 300 chunks and 1,200 sentences a search here). Two builds of one index link their
graphs differently, and with Chroma's default the nearest neighbours found, and so some answers,
differed from one build to the next; with this many, two builds of a four-language manual set
found the same ones, for a few milliseconds more a search (README, "The same neighbours after a
rebuild")."""

SAVE_AT_ONCE = {"sync_threshold": 2, "batch_size": 2}
"""The smallest thresholds Chroma accepts: opened with them, a collection saves its graph."""
CHROMA_DEFAULTS = {"sync_threshold": 1000, "batch_size": 100}


def save_whole_graph(client: Any, names: list[str]) -> None:
    """Have the collections `names` of the embedded index open in `client` saved whole as
    graphs."""
    try:
        kept = {name: _thresholds(client.get_collection(name)) for name in names}
        for name in names:
            client.get_collection(name).modify(configuration={"hnsw": SAVE_AT_ONCE})
        try:
            _open_beside(client, names)
        finally:
            for name, thresholds in kept.items():
                client.get_collection(name).modify(configuration={"hnsw": thresholds})
    except Exception as exc:  # Chroma's internals differ by version: only determinism is lost
        log.warning("could not save the vector graph whole (%s); searches may vary between "
                    "processes", exc)


def search_widely(collection: Any) -> None:
    """Have `collection`'s searches keep SEARCH_EF candidates (set once; an index made before
    this is changed when it is first opened). A store that refuses only loses the determinism."""
    try:
        hnsw = (collection.configuration or {}).get("hnsw") or {}
        if hnsw.get("ef_search") != SEARCH_EF:
            collection.modify(configuration={"hnsw": {"ef_search": SEARCH_EF}})
    except Exception as exc:  # Chroma's configuration API differs by version
        log.warning("could not widen the vector search of %s (%s); searches may vary between "
                    "builds of the index", getattr(collection, "name", "?"), exc)


def _thresholds(collection: Any) -> dict[str, int]:
    hnsw = dict((collection.configuration or {}).get("hnsw") or {})
    return {key: int(hnsw.get(key) or default) for key, default in CHROMA_DEFAULTS.items()}


def _open_beside(client: Any, names: list[str]) -> None:
    """Open `client`'s index in a Chroma system of its own (the cached one, which the open
    clients use, is set aside meanwhile and put back) and load each collection's graph."""
    import chromadb
    from chromadb.api.shared_system_client import SharedSystemClient as Shared

    settings = client.get_settings()
    path = Shared._get_identifier_from_settings(settings)
    with Shared._refcount_lock:
        system = Shared._identifier_to_system.pop(path, None)
        refcount = Shared._identifier_to_refcount.pop(path, None)
    try:
        fresh = chromadb.PersistentClient(path=settings.persist_directory, settings=settings)
        try:
            for name in names:
                fresh.get_collection(name).count()  # loading inserts the log and saves
        finally:
            fresh.close()
    finally:
        with Shared._refcount_lock:
            if system is not None:
                Shared._identifier_to_system[path] = system
            if refcount is not None:
                Shared._identifier_to_refcount[path] = refcount
