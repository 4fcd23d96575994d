"""The answer judge offline: its verdicts on the gold set's candidates, at several thresholds.

    python benchmarks/judge_sweep.py dump  [--out FILE]                      (about 90 s)
    python benchmarks/judge_sweep.py score [--candidates FILE] [--prompt FILE] (about 9 min)

`dump` writes, for every gold item, the question as the judge reads it and the candidate sentences
the pipeline would show it, each marked with whether it holds the gold facts and a gold line.
`score` asks the judge about them once and reports, per threshold, the share of answerable items
whose favourite sentence is right, false abstention and abstention, with the name reading applied
to name questions as the pipeline does. It needs no generation, so a prompt variant (a Python
file defining any of JUDGE_SYSTEM, JUDGE_USER, EXAMPLES, as in rag/answerability.py) is measured
in minutes rather than in a 17-minute `rag eval`. At the default threshold it agreed with the real
extractive + judge eval within one item in eighty (0.850 vs 0.863 correct, same abstention).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

import rag.models.judge as answerability
from rag.answer.candidates import rank_candidates
from rag.answer.condense import condense
from rag.answer.sources import Source
from rag.assistant import Assistant
from rag.evaluation.gold import fact_matches, load_gold
from rag.settings import Settings
from rag.text.names import names_something_new
from rag.text.question_types import expected_answer_type
from rag.tuning import WEAK_RETRIEVAL

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.40, 0.45, 0.50, 0.55, 0.60)


def dump(out: Path) -> None:
    assistant = Assistant(Settings())
    n = assistant.settings.answer.judge_candidates
    with out.open("w") as f:
        for item in load_gold(ROOT / "eval" / "gold.jsonl"):
            query = condense(item.conversation)
            hits = assistant.retriever.search(query, assistant.settings.retrieval.top_k, translate=True)
            sources = [Source(k, h.passage()) for k, h in enumerate(hits, 1)]
            candidates = []
            for c in rank_candidates(assistant.scorer, query, sources)[:n]:
                e = c.evidence
                gold = set(item.support.get(e.file, []))
                candidates.append({
                    "text": e.text,
                    "gold_line": any(line in gold for line in range(e.start_line, e.end_line + 1)),
                    "facts": bool(item.facts) and fact_matches(item.facts, e.text)})
            f.write(json.dumps({
                "id": item.id, "answerable": item.answerable,
                "question": condense(item.conversation, question_first=True),
                "weak": max((h.dense for h in hits), default=0.0) < WEAK_RETRIEVAL,
                "candidates": candidates}, ensure_ascii=False) + "\n")


def use_prompt(path: Path) -> None:
    spec = importlib.util.spec_from_file_location("variant", path)
    assert spec and spec.loader
    variant = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(variant)
    for name in ("JUDGE_SYSTEM", "JUDGE_USER", "EXAMPLES"):
        if hasattr(variant, name):
            setattr(answerability, name, getattr(variant, name))


def score(candidates: Path) -> None:
    items = [json.loads(line) for line in candidates.open()]
    judge = answerability.LlamaJudge(Settings().models)
    rows = []
    for it in items:
        texts = [c["text"] for c in it["candidates"]]
        verdicts = judge.judge(it["question"], texts) if texts else []
        best = max(range(len(verdicts)), key=lambda k: verdicts[k], default=None)
        named = True
        if best is not None and expected_answer_type(it["question"]) == "name":
            name = judge.name_in(it["question"], texts[best])
            named = names_something_new(name, texts[best], it["question"])
        rows.append((it, verdicts, best, named))
    for threshold in THRESHOLDS:
        right = false_abstentions = abstentions = answerable = 0
        wrong: list[str] = []
        for it, verdicts, best, named in rows:
            answers = not it["weak"] and best is not None and verdicts[best] >= threshold and named
            if not it["answerable"]:
                abstentions += not answers
                wrong += [] if not answers else [it["id"] + "!"]
                continue
            answerable += 1
            chosen = it["candidates"][best] if answers else None
            if chosen is None:
                false_abstentions += 1
                wrong.append(it["id"] + "-")
            elif chosen["facts"] and chosen["gold_line"]:
                right += 1
            else:
                wrong.append(it["id"])
        unanswerable = len(rows) - answerable
        print(f"threshold {threshold:.2f}: correct {right / answerable:.3f}  false abstention "
              f"{false_abstentions / answerable:.3f}  abstention {abstentions / unanswerable:.3f}  "
              f"(wrong: {' '.join(wrong)}; '-' abstained, '!' answered)")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("dump", "score"))
    parser.add_argument("--candidates", "--out", type=Path,
                        default=Settings().models.data_dir / "judge-candidates.jsonl",
                        help="where dump writes and score reads (default: in the data dir)")
    parser.add_argument("--prompt", type=Path, help="a prompt variant to score instead")
    args = parser.parse_args()
    if args.step == "dump":
        dump(args.candidates)
    else:
        if args.prompt:
            use_prompt(args.prompt)
        score(args.candidates)


if __name__ == "__main__":
    main()
