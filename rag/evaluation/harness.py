"""The evaluation harness: ask every gold question, judge the answers, compare with baselines.

`evaluate` runs the assistant's own pipeline over gold items and returns the evaluation output
(`{"summary", "items"}`, see DESIGN.md); `run_cli` is `rag eval`: the main system and the baselines
on the same items, rich tables, the raw JSON and a Markdown report with a chart. The judging itself
lives in `scoring` so the JSON can be re-scored without running anything.
"""

from __future__ import annotations

import hashlib
import os
import platform
import shlex
import sys
import time
from collections.abc import Callable, Sequence
from datetime import datetime
from pathlib import Path
from typing import Any

from rich.console import Console
from rich.progress import BarColumn, MofNCompleteColumn, Progress, TimeElapsedColumn

from rag.errors import GoldError
from rag.evaluation.baselines import (
    MAIN,
    System,
    env_limit,
    parse_baselines,
    select_items,
    with_retrieval,
)
from rag.evaluation.corpus import CorpusFiles
from rag.evaluation.gold import GoldItem, load_gold, resolve_evidence, validate_gold
from rag.evaluation.scoring import bar_failures, score_item, summarize
from rag.settings import Settings

ProgressFn = Callable[[int, int], None]


def raw_answer(result: Any, wall_ms: float) -> dict[str, Any]:
    """The raw fields of a pipeline Result that the JSON keeps and `score_item` judges.

    Latency is the pipeline's own `total` when it reports one (it starts before condensing and ends
    after citation checking), else the wall time around the call.
    """
    answer = result.answer
    return {
        "answer": answer.answer, "abstained": answer.abstained, "language": answer.language,
        "generator": answer.generator,
        "citations": [c.model_dump() for c in answer.citations],
        "retrieved": [h.passage().model_dump() for h in result.hits],
        "latency_ms": answer.timings_ms.get("total", round(wall_ms)),
        "note": answer.note,
    }


def evaluate(assistant: Any, items: Sequence[GoldItem], generator: str | None = None,
             top_k: int | None = None, progress: ProgressFn | None = None) -> dict[str, Any]:
    """Run the assistant on every item (whole conversation) and judge it: `{"summary", "items"}`.

    The assistant's retrieval mode (hybrid, dense, lexical; see baselines.with_retrieval) tells
    the main system from the BM25-only / dense-only baselines; `progress(done, total)` is called
    per item.
    """
    from rag.answer.generation.registry import default_generator_name

    k = top_k or assistant.settings.retrieval.top_k
    corpus = CorpusFiles(assistant.settings.index.corpus_path)
    started = time.perf_counter()
    records = []
    for done, item in enumerate(items, 1):
        t = time.perf_counter()
        result = assistant.run(item.conversation, top_k=k, generator=generator)
        records.append(score_item(item, raw_answer(result, (time.perf_counter() - t) * 1000),
                                  corpus, k))
        if progress:
            progress(done, len(items))
    mode = assistant.settings.retrieval.retrieval_mode
    summary = {"system": {"hybrid": "main"}.get(mode, mode), "mode": mode,
               "generator": generator or default_generator_name(assistant.settings),
               "seconds": round(time.perf_counter() - started, 1), **summarize(records, k)}
    return {"summary": summary, "items": records}


def machine_note() -> str:
    """What the latencies were measured on; cores are those this process may use."""
    cores = len(os.sched_getaffinity(0)) if hasattr(os, "sched_getaffinity") else os.cpu_count()
    return (f"{cores} CPU cores available ({platform.machine()}, {platform.system()}), "
            f"Python {platform.python_version()}, no GPU used")


def invoked_command() -> str:
    """The command line as typed: `rag eval …` rather than the console script's full path,
    preceded by the RAG_* variables that shaped the run (RAG_EVAL_LIMIT, RAG_JUDGE …), so it can
    be reproduced; keys, tokens and secrets are left out."""
    env = [f"{k}={v}" for k, v in sorted(os.environ.items())
           if k.startswith("RAG_") and not any(s in k for s in ("KEY", "TOKEN", "SECRET"))]
    return shlex.join([*env, Path(sys.argv[0]).name, *sys.argv[1:]])


def corpus_settings(settings: Settings, corpus: Path) -> Settings:
    """Settings for evaluating on `corpus`: its own index under the configured one, so evaluating
    a second corpus never replaces the documents of the first."""
    root = corpus.expanduser().resolve()
    slug = f"{root.name}-{hashlib.sha256(str(root).encode()).hexdigest()[:8]}"
    return settings.replace(corpus_path=root, index_path=settings.index.index_path / "corpora" / slug)


def load_checked_gold(gold: Path, corpus_root: Path) -> list[GoldItem]:
    """Load the gold set and refuse to score with a faulty one (every problem listed)."""
    items, problems = resolve_evidence(load_gold(gold), CorpusFiles(corpus_root))
    problems += validate_gold(items, corpus_root)
    if problems:
        raise GoldError(f"{gold} has {len(problems)} problem(s):\n  " + "\n  ".join(problems))
    return items


def _run_system(system: System, assistant: Any, items: list[GoldItem], generator: str | None,
                top_k: int | None, progress: ProgressFn, li_limit: int | None,
                main_items: list[dict[str, Any]], console: Console) -> dict[str, Any]:
    if system.mode is not None:
        return evaluate(with_retrieval(assistant, system.mode), items, generator, top_k, progress)
    from rag.errors import GeneratorError
    from rag.evaluation.llamaindex_baseline import run_llama_index, unavailable_reason

    reason = unavailable_reason(assistant.settings)
    subset = select_items(items, li_limit)
    run: dict[str, Any] | None = None
    if reason is None:
        try:
            run = run_llama_index(assistant, subset, top_k, progress)
        except GeneratorError as exc:  # the model failed to load: report it, keep the others
            reason = str(exc)
    if run is None:
        console.print(f"[yellow]skipping the llama-index baseline:[/] {reason}", highlight=False)
        return {"skipped": reason}
    if len(subset) < len(items):
        ids = {item.id for item in subset}
        run["summary"]["main_on_same_items"] = summarize(
            [r for r in main_items if r["id"] in ids], run["summary"]["k"])
    return run


def run_cli(settings: Settings, gold: Path, generator: str | None = None,
            json_out: Path | None = None, report_dir: Path | None = None, baselines: bool = True,
            top_k: int | None = None, console: Console | None = None, *,
            only: str | Sequence[str] | None = None, limit: int | None = None,
            llama_index_limit: int | None = None, command: str | None = None,
            compare: Sequence[Path] = ()) -> dict[str, Any]:
    """`rag eval`: main system and baselines on the same gold items; tables, JSON, report (with
    the main system of each `compare` run, another corpus's, side by side).

    `only`, `limit` and `llama_index_limit` default to RAG_EVAL_BASELINES, RAG_EVAL_LIMIT and
    RAG_EVAL_LLAMA_INDEX_LIMIT. Returns the whole result (what `--json` writes).
    """
    import typer

    from rag.assistant import Assistant
    from rag.evaluation.report import write_report
    from rag.evaluation.tables import print_tables

    console = console or Console()
    date = datetime.now().astimezone().isoformat(timespec="seconds")
    try:
        chosen = parse_baselines(only if only is not None else os.environ.get("RAG_EVAL_BASELINES"))
        limit = limit or env_limit("RAG_EVAL_LIMIT")
        li_limit = llama_index_limit or env_limit("RAG_EVAL_LLAMA_INDEX_LIMIT")
        items = select_items(load_checked_gold(gold, settings.index.corpus_path), limit)
    except (GoldError, ValueError) as exc:
        console.print(f"[bold red]error:[/] {exc}", highlight=False)
        raise typer.Exit(2) from None
    systems = [MAIN, *(chosen if baselines else [])]
    assistant = Assistant(settings)
    with console.status(f"indexing {settings.index.corpus_path} (only changed files are embedded) …"):
        assistant.index()
    runs: dict[str, dict[str, Any]] = {}
    columns = ("[progress.description]{task.description}", BarColumn(), MofNCompleteColumn(),
               TimeElapsedColumn())
    with Progress(*columns, console=console, transient=True) as bar:
        for system in systems:
            task = bar.add_task(system.label, total=None)

            def advance(done: int, total: int, task: Any = task) -> None:
                bar.update(task, completed=done, total=total)

            runs[system.name] = _run_system(system, assistant, items, generator, top_k, advance,
                                            li_limit, runs.get("main", {}).get("items", []),
                                            console)
    main = runs.pop(MAIN.name)
    result: dict[str, Any] = {
        "run": {"command": command or invoked_command(),
                "date": date,
                "gold": str(gold), "corpus": str(settings.index.corpus_path),
                "items": len(items), "limit": limit,
                "llama_index_limit": li_limit, "generator": main["summary"]["generator"],
                "top_k": main["summary"]["k"], "machine": machine_note()},
        "summary": main["summary"], "items": main["items"], "baselines": runs,
    }
    print_tables(result, console)
    failures = bar_failures(main["summary"]["overall"])
    console.print("[green]all quality bars met[/]" if not failures else
                  "[yellow]quality bars missed:[/] " + "; ".join(failures), highlight=False)
    if json_out is not None:
        import json

        json_out.parent.mkdir(parents=True, exist_ok=True)
        json_out.write_text(json.dumps(result, ensure_ascii=False, indent=1) + "\n", encoding="utf-8")
        console.print(f"wrote {json_out}", highlight=False)
    if report_dir is not None:
        import json

        others = [json.loads(Path(c).read_text(encoding="utf-8")) for c in compare]
        console.print(f"wrote {write_report(result, report_dir, others)}", highlight=False)
    return result
