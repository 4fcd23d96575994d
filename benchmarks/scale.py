"""Scale: indexing and search at 1k, 10k and 100k chunks, embedded and against `chroma run`.

    python benchmarks/scale.py [--sizes 1000 10000 100000] [--chroma-server] [--reuse]
                               [--translate] [--json out.json]

Corpus: the seed articles (so that the seed gold questions keep their answers) among copies of the
KiCad corpus (eval/corpora/kicad.py: manuals in HTML and PDF, man pages, in four languages). Each
copy is one folder; its text and HTML files carry the copy number in their first line, so each
copy's first chunk of a file is new text and the rest repeats earlier copies (their vectors come
from the vector cache; only distinct text is embedded, once per machine). Files are added until the
chunk count reaches the size. Everything lives under `<data dir>/bench/scale/` and is reused.

For each size: `rag index` from scratch (wall time, chunks/s, peak memory of the process, index
size on disk) and again with nothing changed; then `rag serve` on the index: time until the first
search is answered, `/search` latency p50/p95 over the seed gold questions (retrieval only, no
language model), the server's peak memory, and hit@5 / recall@5 / MRR per language of the seed
gold set (with --translate, also as the default answer path searches: Chinese questions in their
English translation too). With --chroma-server, the same index is served by `chroma run` and
searched through RAG_CHROMA_URL (the first start builds the keyword index from the server's chunks,
the second loads it).
"""

from __future__ import annotations

import argparse
import json
import os
import shutil
import subprocess
import sys
import time
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Any

import httpx

from rag.evaluation.corpus import CorpusFiles
from rag.evaluation.gold import load_gold, resolve_evidence
from rag.evaluation.metrics import first_hit_rank, hit_at, mean, percentile, reciprocal_rank, support_recall
from rag.schema import Passage
from rag.settings import Settings

ROOT = Path(__file__).resolve().parents[1]
BIN = Path(sys.executable).parent
sys.path.insert(0, str(ROOT))
from benchmarks.load_workers import free_port, peak_mb, start_chroma, stop  # noqa: E402


def kicad_files(kicad: Path) -> list[Path]:
    return sorted(p for p in kicad.rglob("*") if p.is_file() and not any(
        part.startswith(".") for part in p.relative_to(kicad).parts))


def chunk_counts(base: Path, data: Path) -> dict[str, int]:
    """Chunks of each KiCad file, from an index of one copy (made once, kept)."""
    index = data / "base-index"
    run([str(BIN / "rag"), "--index-path", str(index), "index", str(base)], {})
    from rag.assistant import Assistant

    records = Assistant(Settings(index_path=index, corpus_path=base)).store.files()
    return {p: r.chunks for p, r in records.items()}


def make_corpus(size: int, kicad: Path, counts: dict[str, int], folder: Path) -> int:
    """The seed articles plus copies of KiCad files up to `size` chunks; the chunk count."""
    if folder.exists():
        shutil.rmtree(folder)
    folder.mkdir(parents=True)
    for f in sorted((ROOT / "corpus").glob("*.txt")):
        shutil.copy2(f, folder / f.name)
    total = sum(counts.get(f.name, 0) for f in (ROOT / "corpus").glob("*.txt")) or 51
    copy = 0
    while total < size:
        for f in kicad_files(kicad):
            relative = f.relative_to(kicad)
            target = folder / f"copy-{copy:03d}" / relative
            target.parent.mkdir(parents=True, exist_ok=True)
            if copy and f.suffix in (".txt", ".html"):
                raw = f.read_bytes()
                mark = f"Copy {copy} of {relative}\n".encode("ascii")
                if f.suffix == ".html" and b"<body" in raw:
                    at = raw.index(b">", raw.index(b"<body")) + 1
                    raw = raw[:at] + b"<p>" + mark + b"</p>" + raw[at:]
                else:
                    raw = mark + raw
                target.write_bytes(raw)
            else:
                shutil.copy2(f, target)
            total += counts.get(str(relative), 0)
            if total >= size:
                break
        copy += 1
    return total


def run(command: list[str], env: dict[str, str]) -> tuple[float, int]:
    """(seconds, peak RSS in MB) of a command, measured by GNU time."""
    started = time.perf_counter()
    done = subprocess.run(["/usr/bin/time", "-f", "%M", *command], env={**os.environ, **env},
                          capture_output=True, text=True)
    seconds = time.perf_counter() - started
    if done.returncode:
        raise SystemExit(f"{' '.join(command)} failed:\n{done.stderr[-2000:]}")
    return seconds, int(done.stderr.strip().splitlines()[-1]) // 1024


def du(path: Path) -> int:
    return sum(f.stat().st_size for f in path.rglob("*") if f.is_file()) // 2**20


@contextmanager
def served(index: Path, corpus: Path,
           env: dict[str, str]) -> Iterator[tuple[subprocess.Popen[bytes], str, float]]:
    """A `rag serve` on the index, once it has answered a first search: (process, URL, seconds
    from its start to that answer); stopped afterwards."""
    port = free_port()
    env = {**os.environ, "RAG_CORPUS_PATH": str(corpus), "RAG_GENERATOR": "extractive",
           "RAG_API_KEY": "", "RAG_CHROMA_URL": "", **env}
    started = time.perf_counter()
    process = subprocess.Popen([str(BIN / "rag"), "--index-path", str(index), "serve",
                                "--port", str(port)], env=env, stdout=subprocess.DEVNULL,
                               stderr=subprocess.DEVNULL)
    url = f"http://127.0.0.1:{port}"
    try:
        yield process, url, round(first_answer(url, process, started), 2)
    finally:
        stop(process)


def first_answer(url: str, process: subprocess.Popen[bytes], started: float) -> float:
    while True:
        if process.poll() is not None:
            raise SystemExit(f"rag serve exited with {process.returncode}")
        try:
            if httpx.post(f"{url}/search", json={"query": "KiCad"}, timeout=30).status_code == 200:
                return time.perf_counter() - started
        except httpx.TransportError:
            pass
        time.sleep(0.1)


def measure_search(url: str, process: subprocess.Popen[bytes], items: list[Any]) -> dict[str, Any]:
    latencies, by_lang = [], {}
    with httpx.Client(base_url=url, timeout=60) as client:
        for item in items:
            began = time.perf_counter()
            got = client.post("/search", json={"query": item.question, "top_k": 5})
            latencies.append((time.perf_counter() - began) * 1000)
            passages = [Passage(**p) for p in got.json()["results"]]
            rank = first_hit_rank(passages, item.support)
            by_lang.setdefault(item.lang, []).append((rank, support_recall(passages, item.support, 5)))
    quality = {lang: {"n": len(rows), "hit@5": mean(hit_at(r, 5) for r, _ in rows),
                      "recall@5": mean(s for _, s in rows),
                      "mrr": mean(reciprocal_rank(r) for r, _ in rows)}
               for lang, rows in sorted(by_lang.items())}
    return {"p50_ms": percentile(latencies, 50), "p95_ms": percentile(latencies, 95),
            "server_peak_mb": int(peak_mb(process.pid)), "quality": quality}


def one_size(size: int, kicad: Path, counts: dict[str, int], data: Path, items: list[Any],
             with_server: bool, reuse: bool = False, translate: bool = False) -> dict[str, Any]:
    corpus, index = data / f"corpus-{size}", data / f"index-{size}"
    row: dict[str, Any] = {"size": size}
    if not (reuse and index.exists()):
        chunks = make_corpus(size, kicad, counts, corpus)
        if index.exists():
            shutil.rmtree(index)
        env = {"RAG_CORPUS_PATH": str(corpus)}
        seconds, peak = run([str(BIN / "rag"), "--index-path", str(index), "index"], env)
        again, _ = run([str(BIN / "rag"), "--index-path", str(index), "index"], env)
        row.update(chunks=chunks, index_s=round(seconds, 1), chunks_per_s=round(chunks / seconds, 1),
                   index_peak_mb=peak, index_mb=du(index), reindex_s=round(again, 1))
    with served(index, corpus, {}) as (process, url, ready):
        row["embedded"] = {"ready_s": ready, **measure_search(url, process, items)}
    if translate:
        # The default answer path's search: questions in the translated languages (Chinese) are
        # also searched in the bundled model's English translation of them.
        with served(index, corpus, {"RAG_QUERY_TRANSLATION": "llama"}) as (process, url, _):
            row["translated"] = measure_search(url, process, items)
    if with_server:
        chroma, chroma_url = start_chroma(index / "chroma")
        try:
            row["server"] = {}
            for attempt in ("first", "second"):
                with served(index, corpus, {"RAG_CHROMA_URL": chroma_url}) as (process, url, ready):
                    row["server"][f"ready_{attempt}_s"] = ready
                    if attempt == "second":
                        row["server"].update(measure_search(url, process, items))
            row["server"]["chroma_peak_mb"] = int(peak_mb(chroma.pid))
        finally:
            stop(chroma)
    print(json.dumps(row), flush=True)
    return row


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--sizes", type=int, nargs="+", default=[1000, 10000, 100000])
    parser.add_argument("--chroma-server", action="store_true")
    parser.add_argument("--reuse", action="store_true",
                        help="measure serving on indexes already built (no indexing figures)")
    parser.add_argument("--translate", action="store_true",
                        help="also measure seed retrieval as the default answer path searches "
                             "(RAG_QUERY_TRANSLATION=llama: needs the bundled model)")
    parser.add_argument("--json", type=Path)
    args = parser.parse_args()
    settings = Settings()
    kicad = settings.models.data_dir / "corpora" / "kicad"
    if not kicad.exists():
        raise SystemExit(f"no KiCad corpus at {kicad}: run eval/corpora/kicad.py first")
    data = settings.models.data_dir / "bench" / "scale"
    items, problems = resolve_evidence(load_gold(ROOT / "eval" / "gold.jsonl"),
                                       CorpusFiles(ROOT / "corpus"))
    assert not problems, problems
    items = [i for i in items if i.answerable and i.question]
    counts = {} if args.reuse else chunk_counts(kicad, data)
    rows = [one_size(size, kicad, counts, data, items, args.chroma_server, args.reuse,
                     args.translate) for size in args.sizes]
    if args.json:
        args.json.write_text(json.dumps(rows, indent=1))


if __name__ == "__main__":
    main()
