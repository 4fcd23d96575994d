"""One tuned number (`rag/tuning.py`) swept over values, scored on halves of a gold set.

    python benchmarks/tuning_sweep.py ANSWER_WORDS_WEIGHT 0 0.1 0.5 1 \\
        [--corpus DIR --gold FILE] [-g extractive] [--half a|b|all] [--limit N] [--json OUT]

A threshold is chosen on one set and reported on another: `--half a` scores the gold items at even
positions (choose there), `--half b` the odd ones (report there), `--half all` everything. The
corpus is indexed once (its own index, as `rag eval --corpus` does) and the value is set in-process
before each run, so a sweep costs one evaluation per value and no re-indexing. That only works for a
constant read when it is used: one bound as a default at import (`relevant: float =
tuning.RELEVANT`) would keep its value whatever the sweep sets, so such a name is refused.
"""

from __future__ import annotations

import argparse
import ast
import json
from pathlib import Path

from rag import tuning
from rag.assistant import Assistant
from rag.evaluation.baselines import select_items
from rag.evaluation.harness import corpus_settings, evaluate, load_checked_gold
from rag.settings import Settings

FIGURES = ("answered_correctly", "citation_precision", "abstention_accuracy", "false_abstention",
           "hit@5", "mrr")


ROOT = Path(__file__).resolve().parents[1]


def bound_at_import(name: str) -> list[str]:
    """Where `tuning.<name>` is a function's default argument or a class field's default."""
    places = []
    for path in sorted((ROOT / "rag").rglob("*.py")):
        for node in ast.walk(ast.parse(path.read_text(encoding="utf-8"))):
            if isinstance(node, ast.arguments):
                defaults = [*node.defaults, *(d for d in node.kw_defaults if d is not None)]
            elif isinstance(node, ast.ClassDef):
                defaults = [s.value for s in node.body if isinstance(s, ast.AnnAssign) and s.value]
            else:
                continue
            places += [f"{path.relative_to(ROOT)}:{d.lineno}" for d in defaults
                       if isinstance(d, ast.Attribute) and d.attr == name
                       and isinstance(d.value, ast.Name) and d.value.id == "tuning"]
    return places


def main() -> None:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("name", help="a constant of rag/tuning.py")
    parser.add_argument("values", nargs="+", type=float)
    parser.add_argument("--corpus", type=Path, default=None)
    parser.add_argument("--gold", type=Path, default=Path("eval/gold.jsonl"))
    parser.add_argument("-g", "--generator", default="extractive")
    parser.add_argument("--half", choices=("a", "b", "all"), default="a")
    parser.add_argument("--limit", type=int, default=None,
                        help="a stratified sample of this many items (as RAG_EVAL_LIMIT)")
    parser.add_argument("--json", type=Path, default=None, help="the last value's run, as rag eval --json")
    args = parser.parse_args()
    if not hasattr(tuning, args.name):
        parser.error(f"rag/tuning.py has no {args.name}")
    if places := bound_at_import(args.name):
        parser.error(f"{args.name} is bound as a default at import ({', '.join(places)}): "
                     "setting it in-process would change nothing")

    settings = Settings()
    if args.corpus is not None:
        settings = corpus_settings(settings, args.corpus)
    assistant = Assistant(settings)
    assistant.index()  # only what changed (or was indexed by an older scheme)
    items = load_checked_gold(args.gold, settings.index.corpus_path)
    if args.half != "all":
        items = items[0 if args.half == "a" else 1::2]
    items = select_items(items, args.limit)

    original = getattr(tuning, args.name)
    rows = []
    try:
        for value in args.values:
            setattr(tuning, args.name, value)
            run = evaluate(assistant, items, args.generator, 5)
            overall = run["summary"]["overall"]
            rows.append({"value": value, **{f: overall[f] for f in FIGURES}})
    finally:
        setattr(tuning, args.name, original)
    print(f"{args.name} on {len(items)} items ({args.gold}, half {args.half}, {args.generator})")
    print("value".ljust(8) + "".join(f[:12].rjust(13) for f in FIGURES))
    for row in rows:
        print(f"{row['value']:<8g}" + "".join(
            ("–" if row[f] is None else f"{row[f]:.3f}").rjust(13) for f in FIGURES))
    print(json.dumps(rows))
    if args.json is not None:
        args.json.write_text(json.dumps(run, ensure_ascii=False, indent=1), encoding="utf-8")


if __name__ == "__main__":
    main()
