#!/usr/bin/env python3
"""Re-judge the answers a `rag eval --json` run recorded against a gold file, without asking again.

Why: a gold set is adjudicated after it is written (a statement of a fact it missed, a regex that
matched too much; see eval/corpora/README.md), and the effect of each change on a recorded run
should be shown on the very answers that run gave, not mixed with a new run's changes. Prints the
items whose verdicts change, then the overall figures. Runs recorded before the records kept the
answer's note cannot tell a note from the answer, so their in-language share is not printed.

Usage: python eval/rescore.py --gold FILE [--corpus DIR] RUN.json
"""

from __future__ import annotations

import argparse
import json
from pathlib import Path

from rag.evaluation.corpus import CorpusFiles
from rag.evaluation.harness import corpus_settings, load_checked_gold
from rag.evaluation.scoring import score_item, summarize
from rag.settings import Settings

RAW = ("answer", "abstained", "language", "generator", "citations", "retrieved", "latency_ms",
       "note")
VERDICTS = ("answered_correctly", "fact_ok", "cited_ok", "retrieval_rank")
SHOWN = ("answered_correctly", "citation_precision", "abstention_accuracy", "false_abstention",
         "hit@5", "mrr")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n\n")[0])
    parser.add_argument("--gold", type=Path, required=True)
    parser.add_argument("--corpus", type=Path, help="the corpus folder (default: the settings')")
    parser.add_argument("run", type=Path, help="a `rag eval --json` file")
    args = parser.parse_args()
    settings = Settings()
    if args.corpus:
        settings = corpus_settings(settings, args.corpus)
    items = {i.id: i for i in load_checked_gold(args.gold, settings.index.corpus_path)}
    corpus = CorpusFiles(settings.index.corpus_path)
    k = settings.retrieval.top_k
    records = json.loads(args.run.read_text(encoding="utf-8"))["items"]
    rejudged = []
    for old in records:
        new = score_item(items[old["id"]], {f: old.get(f) for f in RAW}, corpus, k)
        before, after = ([r[v] for v in VERDICTS] for r in (old, new))
        if before != after:
            print(f"{old['id']}: {dict(zip(VERDICTS, before, strict=True))} -> "
                  f"{dict(zip(VERDICTS, after, strict=True))}")
        rejudged.append(new)
    overall = summarize(rejudged, k)["overall"]
    shown = SHOWN + (("answer_in_language",) if all("note" in r for r in records) else ())
    print(" ".join(f"{name} {overall[name]:.3f}" for name in shown if overall[name] is not None))


if __name__ == "__main__":
    main()
