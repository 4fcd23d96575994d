"""Indexing throughput: `rag index` of a folder from scratch, by stage, per embedder runtime.

    python benchmarks/indexing.py [CORPUS] [--runtimes onnx onnx-int8] [--json out.json]

CORPUS defaults to the KiCad corpus (eval/corpora/kicad.py). Each runtime runs in a process of its
own (peak memory is the process's), into an empty index under a temporary folder, with the vector
cache off so that every text is embedded. Reported: wall time of the whole index (the keyword
index included; the model is loaded before, so its load is not counted), extracted text and chunks
per minute, peak memory, and where the time went: the embedder (texts, tokens, texts/s), the
store's writes, and the rest (reading, extracting, chunking, hashing), which is measured again on
its own by reading and chunking every file once more.
"""

from __future__ import annotations

import argparse
import json
import os
import subprocess
import sys
import tempfile
import time
from pathlib import Path
from typing import Any

import numpy as np

ROOT = Path(__file__).resolve().parents[1]
sys.path.insert(0, str(ROOT))
from benchmarks.load_workers import peak_mb  # noqa: E402

STORE_WRITES = ("add_chunks", "add_sentences", "put_text", "put_file", "delete_chunks",
                "chunk_versions", "embeddings_for")


class Timed:
    """Sums the time spent in some of an object's methods; passes everything else through."""

    def __init__(self, inner: Any, methods: tuple[str, ...]) -> None:
        self._inner = inner
        self._methods = methods
        self.seconds = 0.0

    def __getattr__(self, name: str) -> Any:
        value = getattr(self._inner, name)
        if name not in self._methods:
            return value

        def timed(*args: Any, **kwargs: Any) -> Any:
            started = time.perf_counter()
            try:
                return value(*args, **kwargs)
            finally:
                self.seconds += time.perf_counter() - started
        return timed


class CountingEmbedder:
    """The real embedder, timed, counting the texts and tokens it embeds."""

    def __init__(self, inner: Any) -> None:
        self.inner = inner
        self.name = inner.name
        self.seconds = 0.0
        self.texts = 0
        self.tokens = 0

    def embed_queries(self, texts: list[str]) -> np.ndarray:
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts: list[str]) -> np.ndarray:
        started = time.perf_counter()
        vectors = self.inner.embed_passages(texts)
        self.seconds += time.perf_counter() - started
        self.texts += len(texts)
        tokenizer = getattr(self.inner, "tokenizer", None)
        if tokenizer is not None and hasattr(tokenizer, "encode_batch"):
            self.tokens += sum(len(e.ids) for e in tokenizer.encode_batch(texts))
        return vectors


def measure(corpus: Path, runtime: str) -> dict[str, Any]:
    """One from-scratch index of `corpus` in this process."""
    from rag.assistant import Assistant
    from rag.ingest.chunking import chunk_document
    from rag.ingest.documents import CorpusFile, list_corpus
    from rag.models.embedder import load_embedder
    from rag.search.store import open_store
    from rag.settings import Settings

    with tempfile.TemporaryDirectory(prefix="bench-index-") as tmp:
        settings = Settings().replace(index_path=Path(tmp) / "index", vector_cache=False,
                                      embedding_runtime=runtime)
        embedder = CountingEmbedder(load_embedder(settings.models, indexing=True))
        store = Timed(open_store(settings.index, settings.models.embedder_id), STORE_WRITES)
        assistant = Assistant(settings, store=store, embedder=embedder)  # type: ignore[arg-type]
        started = time.perf_counter()
        report = assistant.index(corpus)
        wall = time.perf_counter() - started
    started = time.perf_counter()
    text_chars = 0
    for entry in list_corpus(corpus):
        if isinstance(entry, CorpusFile):
            doc = entry.read()
            chunk_document(doc)
            text_chars += len(doc.text.encode())
    reading = time.perf_counter() - started
    megabytes = text_chars / 1e6
    return {
        "runtime": runtime, "files": len(report.added), "chunks": report.chunks,
        "texts_embedded": embedder.texts, "tokens_embedded": embedder.tokens,
        "extracted_mb": round(megabytes, 3), "wall_s": round(wall, 1),
        "index_corpus_s": round(report.seconds, 1),
        "embed_s": round(embedder.seconds, 1),
        "texts_per_s": round(embedder.texts / max(embedder.seconds, 1e-9), 1),
        "store_writes_s": round(store.seconds, 1),
        "other_s": round(report.seconds - embedder.seconds - store.seconds, 1),
        "keyword_index_s": round(wall - report.seconds, 1),
        "read_and_chunk_s": round(reading, 1),
        "mb_per_min": round(megabytes / wall * 60, 3),
        "chunks_per_min": round(report.chunks / wall * 60),
        "peak_mb": round(peak_mb(os.getpid())),
    }


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("corpus", nargs="?", type=Path)
    parser.add_argument("--runtimes", nargs="+", default=["auto", "onnx", "onnx-int8"])
    parser.add_argument("--json", type=Path)
    parser.add_argument("--one", help=argparse.SUPPRESS)  # a child process: one runtime
    args = parser.parse_args()
    if args.corpus is None:
        from rag.settings import Settings

        args.corpus = Settings().models.data_dir / "corpora" / "kicad"
    if args.one:
        print(json.dumps(measure(args.corpus, args.one)))
        return
    rows = []
    for runtime in args.runtimes:
        out = subprocess.run([sys.executable, __file__, str(args.corpus), "--one", runtime],
                             check=True, capture_output=True, text=True,
                             env={**os.environ, "TOKENIZERS_PARALLELISM": "false"})
        rows.append(json.loads(out.stdout.strip().splitlines()[-1]))
        print(json.dumps(rows[-1]), flush=True)
    keys = ["runtime", "wall_s", "peak_mb", "mb_per_min", "chunks_per_min", "embed_s",
            "texts_per_s", "store_writes_s", "other_s", "keyword_index_s", "read_and_chunk_s"]
    print("| " + " | ".join(keys) + " |")
    print("|" + "---|" * len(keys))
    for row in rows:
        print("| " + " | ".join(str(row[k]) for k in keys) + " |")
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
