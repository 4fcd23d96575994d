"""The answer judge offline: its verdicts on a gold set's candidates, and the judging policies they allow.

    python benchmarks/judge_sweep.py dump  [--corpus DIR --gold FILE] [--out FILE]     (minutes)
    python benchmarks/judge_sweep.py score [--candidates FILE] [--prompt FILE]         (~6 s an item)
    python benchmarks/judge_sweep.py stop  [--candidates FILE] [--half a|b|all]        (instant)

`dump` writes, for every gold item, the question as the judge reads it and the candidate sentences
the pipeline would show it (retrieved as the default answer path searches, ranked as JudgeStep
ranks), each marked with whether it holds the gold facts and a gold line, and its token count.
`score` asks the judge about every candidate once, keeps each P(yes) in the file, and for a name
question the name reading of every candidate over the lowest threshold; it reports, per threshold,
the share of answerable items whose favourite sentence is right, false abstention and abstention,
as the pipeline rules. It needs no generation, so a prompt variant (a Python file defining
`JUDGE`, a rag.prompts.JudgeInstructions) is measured in minutes rather than in a `rag eval`.
`stop` replays the saved verdicts under cheaper policies: read the candidates in rank order and
stop at the first P(yes) of `enough` or more (rag.tuning.JUDGE_ENOUGH), or read fewer of them; it
reports the same figures, how many decisions differ from reading all, and the candidate tokens the
judge reads (its time grows with them: benchmarks/answers.py measures it).
"""

from __future__ import annotations

import argparse
import importlib.util
import json
from pathlib import Path

from rag import prompts, tuning
from rag.answer.condense import condense
from rag.answer.judging import JudgeStep
from rag.answer.sources import sources_of
from rag.assistant import Assistant
from rag.evaluation.gold import fact_matches
from rag.evaluation.harness import corpus_settings, load_checked_gold
from rag.models.judge import LlamaJudge
from rag.models.llama import shared_model
from rag.settings import Settings
from rag.text.names import names_something_new
from rag.text.question_types import expected_answer_type
from rag.text.sentences import reflowed

ROOT = Path(__file__).resolve().parents[1]
THRESHOLDS = (0.40, 0.45, 0.50, 0.55, 0.60)
ENOUGH = (None, 0.99, 0.97, 0.95, 0.9, 0.85, 0.8, 0.7)


def dump(settings: Settings, gold: Path, out: Path) -> None:
    assistant = Assistant(settings)
    assistant.index()  # only what changed
    step = JudgeStep.configured(None, assistant.scorer, settings.answer)  # type: ignore[arg-type]
    with out.open("w") as f:
        for item in load_checked_gold(gold, settings.index.corpus_path):
            messages = item.conversation
            query = condense(messages)
            hits = assistant.retriever.search(query, settings.retrieval.top_k, translate=True)
            sources = sources_of(hits)
            candidates = []
            for c in step.rank(query, sources, asked=item.final_question.strip()):
                e = c.evidence
                gold_lines = set(item.support.get(e.file, []))
                candidates.append({
                    "text": e.text,
                    "gold_line": any(n in gold_lines for n in range(e.start_line, e.end_line + 1)),
                    "facts": bool(item.facts) and fact_matches(item.facts, e.text)})
            f.write(json.dumps({
                "id": item.id, "lang": item.lang, "answerable": item.answerable, "trap": item.trap,
                "question": condense(messages, question_first=True),
                "weak": not hits or max(h.dense for h in hits) < tuning.WEAK_RETRIEVAL,
                "candidates": candidates}, ensure_ascii=False) + "\n")


def use_prompt(path: Path) -> None:
    spec = importlib.util.spec_from_file_location("variant", path)
    assert spec and spec.loader
    variant = importlib.util.module_from_spec(spec)
    spec.loader.exec_module(variant)
    prompts.JUDGE = variant.JUDGE


def score(path: Path) -> None:
    items = [json.loads(line) for line in path.open()]
    judge = LlamaJudge(Settings().models, prompts.JUDGE)
    model = shared_model(judge.settings)
    for it in items:
        texts = [reflowed(c["text"]) for c in it["candidates"]]  # as JudgeStep shows them
        for c, p in zip(it["candidates"], judge.judge(it["question"], texts) if texts else [],
                        strict=True):
            c["p"] = p
            c["tokens"] = len(model.tokens(c["text"].strip()))
            if expected_answer_type(it["question"]) == "name" and p >= min(THRESHOLDS):
                name = judge.name_in(it["question"], c["text"])
                c["named"] = names_something_new(name, c["text"], it["question"])
    path.write_text("".join(json.dumps(it, ensure_ascii=False) + "\n" for it in items))
    report(items, [(t, None, None) for t in THRESHOLDS])


def decide(it: dict, threshold: float, enough: float | None, read: int | None) -> tuple[int | None, int, int]:
    """The favourite candidate under a policy (None: abstain), the candidates read and their tokens."""
    seen = it["candidates"][:read]
    judged = []
    for c in seen:
        judged.append(c)
        if enough is not None and c["p"] >= enough:
            break
    cost = sum(c["tokens"] for c in judged)
    accepted = [k for k, c in enumerate(judged) if c["p"] >= threshold]
    if it["weak"] or not accepted:
        return None, len(judged), cost
    best = min(accepted, key=lambda k: (-judged[k]["p"], k))
    return (best if judged[best].get("named", True) else None), len(judged), cost


def report(items: list[dict], policies: list[tuple[float, float | None, int | None]]) -> None:
    answerable = [it for it in items if it["answerable"]]
    unanswerable = [it for it in items if not it["answerable"]]
    reference = {it["id"]: decide(it, tuning.JUDGE_THRESHOLD, None, None)[0] for it in items}
    print(f"{len(items)} items ({len(answerable)} answerable); reading all at "
          f"{tuning.JUDGE_THRESHOLD} is the reference")
    print("threshold enough  read  correct  false-abst  abstention  differ  candidates  tokens")
    for threshold, enough, read in policies:
        right = false_abst = abstained = differ = n_read = tokens = 0
        for it in items:
            best, n, cost = decide(it, threshold, enough, read)
            n_read, tokens = n_read + n, tokens + cost
            chosen = None if best is None else it["candidates"][best]
            reference_best = reference[it["id"]]
            ref = None if reference_best is None else it["candidates"][reference_best]["text"]
            differ += (None if chosen is None else chosen["text"]) != ref
            if not it["answerable"]:
                abstained += chosen is None
            elif chosen is None:
                false_abst += 1
            elif chosen["facts"] and chosen["gold_line"]:
                right += 1
        print(f"{threshold:9.2f} {'all' if enough is None else f'{enough:.2f}':>6} "
              f"{'all' if read is None else read:>5} {right / len(answerable):8.3f} "
              f"{false_abst / len(answerable):11.3f} {abstained / max(1, len(unanswerable)):11.3f} "
              f"{differ:7d} {n_read / len(items):11.2f} {tokens / len(items):7.0f}")


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.splitlines()[0])
    parser.add_argument("step", choices=("dump", "score", "stop"))
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--gold", type=Path, default=ROOT / "eval" / "gold.jsonl")
    parser.add_argument("--candidates", "--out", type=Path,
                        default=Settings().models.data_dir / "judge-candidates.jsonl",
                        help="where dump writes and score and stop read (default: in the data dir)")
    parser.add_argument("--prompt", type=Path, help="a prompt variant to score instead")
    parser.add_argument("--half", choices=("a", "b", "all"), default="all",
                        help="stop: every other item, as tuning_sweep.py splits a gold set")
    args = parser.parse_args()
    if args.step == "dump":
        settings = Settings()
        if args.corpus is not None:
            settings = corpus_settings(settings, args.corpus)
        dump(settings, args.gold, args.candidates)
    elif args.step == "score":
        if args.prompt:
            use_prompt(args.prompt)
        score(args.candidates)
    else:
        items = [json.loads(line) for line in args.candidates.open()]
        if args.half != "all":
            items = items[0 if args.half == "a" else 1::2]
        policies = [(tuning.JUDGE_THRESHOLD, e, None) for e in ENOUGH]
        policies += [(tuning.JUDGE_THRESHOLD, None, r) for r in (6, 4, 3, 2)]
        report(items, policies)


if __name__ == "__main__":
    main()
