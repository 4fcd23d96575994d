"""Cross-lingual retrieval quality on the gold set: hybrid, dense-only and BM25-only.

    python benchmarks/retrieval.py [--gold eval/gold.jsonl] [--corpus corpus] [-k 5] [--translate]
                                   [--rerank] [--modes hybrid dense lexical]

The embedder is the configured one (RAG_EMBEDDING_RUNTIME=torch for the fp32 sentence-transformers
model); gold items may give evidence spans instead of lines (eval/gold-kicad.jsonl).

Prints hit@1/3/5, recall@k and MRR per language for each mode, and index timings (from scratch
with model load, then a no-change re-index) on a fresh temporary index.
"""

from __future__ import annotations

import argparse
import tempfile
import time
from pathlib import Path

from rag.answer.condense import condense
from rag.assistant import Assistant
from rag.evaluation.baselines import with_retrieval
from rag.evaluation.corpus import CorpusFiles
from rag.evaluation.gold import load_gold, resolve_evidence
from rag.evaluation.metrics import first_hit_rank, hit_at, mean, reciprocal_rank, support_recall
from rag.settings import Settings

ROOT = Path(__file__).resolve().parents[1]


def main() -> None:
    parser = argparse.ArgumentParser()
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold.jsonl")
    parser.add_argument("--corpus", type=Path, default=ROOT / "corpus")
    parser.add_argument("--modes", nargs="+", default=["hybrid", "dense", "lexical"])
    parser.add_argument("--index", type=Path, help="keep the index here (default: a fresh temporary one)")
    parser.add_argument("-k", type=int, default=5)
    parser.add_argument("--translate", action="store_true",
                        help="also search with the English translation of questions in the languages "
                             "of RAG_QUERY_TRANSLATION_LANGUAGES (llama)")
    parser.add_argument("--rerank", action="store_true",
                        help="rerank each search with the llama answer judge (RAG_RERANK=llama); "
                             "hybrid mode only, as answers with the judge on do")
    args = parser.parse_args()
    items, problems = resolve_evidence(load_gold(args.gold), CorpusFiles(args.corpus))
    assert not problems, problems
    items = [i for i in items if i.answerable]
    with tempfile.TemporaryDirectory() as tmp:
        tmp = str(args.index or tmp)
        settings = Settings(corpus_path=args.corpus, index_path=Path(tmp),
                            query_translation="llama" if args.translate else "none",
                            rerank="llama" if args.rerank else "none")
        started = time.perf_counter()
        assistant = Assistant(settings)
        first = assistant.index()
        cold = time.perf_counter() - started
        second = Assistant(settings).index()
        print(f"index from scratch (model load included): {cold:.1f}s "
              f"({first.embedded} embedded, {first.reused} reused); "
              f"no-change re-index: {second.seconds:.2f}s")
        for mode in ("hybrid",) if args.rerank else args.modes:
            searcher = with_retrieval(assistant, mode)
            rows: dict[str, list[tuple[int | None, float]]] = {}
            latencies = []
            for item in items:
                t = time.perf_counter()
                hits = searcher.search_hits(condense(item.conversation), args.k)
                latencies.append(time.perf_counter() - t)
                passages = [h.passage() for h in hits]
                rank = first_hit_rank(passages, item.support)
                rows.setdefault(item.lang, []).append(
                    (rank, support_recall(passages, item.support, args.k)))
            print(f"\n{mode}  (median search {sorted(latencies)[len(latencies) // 2] * 1000:.0f} ms)")
            print(f"{'lang':6}{'n':>4}{'hit@1':>8}{'hit@3':>8}{'hit@5':>8}{'recall':>8}{'MRR':>8}")
            for lang in [*sorted(rows), "all"]:
                data = [r for rs in rows.values() for r in rs] if lang == "all" else rows[lang]
                ranks = [r for r, _ in data]
                print(f"{lang:6}{len(data):>4}"
                      + "".join(f"{mean(hit_at(r, k) for r in ranks):>8.3f}" for k in (1, 3, 5))
                      + f"{mean(s for _, s in data):>8.3f}"
                      + f"{mean(reciprocal_rank(r) for r in ranks):>8.3f}")


if __name__ == "__main__":
    main()
