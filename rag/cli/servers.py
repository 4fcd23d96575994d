"""`rag serve`, `rag slack`, `rag eval`: the other front ends and the evaluation harness."""

from __future__ import annotations

from pathlib import Path
from typing import Annotated

import typer

from rag.cli.answers import GeneratorOption
from rag.cli.app import app, out, run_guarded


@app.command()
def serve(ctx: typer.Context,
          host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535)] = 8000,
          workers: Annotated[int, typer.Option(
              min=1, help="Worker processes (more than one needs a Chroma server, "
                          "RAG_CHROMA_URL).")] = 1) -> None:
    """Run the HTTP API (chat, search, OpenAI-compatible completions, Slack events)."""
    from api.server import serve as run_server

    run_guarded(lambda: run_server(ctx.obj, host, port, workers))


@app.command()
def slack(ctx: typer.Context) -> None:
    """Run the Slack bot over Socket Mode (no public URL needed)."""
    from api.slack.socket import run_socket_mode

    run_guarded(lambda: run_socket_mode(ctx.obj))


@app.command(name="eval")
def evaluate(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Option(help="Gold set (JSON lines).")] = Path("eval/gold.jsonl"),
    corpus: Annotated[Path | None, typer.Option(
        help="Documents the gold set is about (default: RAG_CORPUS_PATH); indexed into an index of "
             "its own beside the default one.")] = None,
    compare: Annotated[list[Path] | None, typer.Option(
        help="Earlier --json runs (other corpora) to put side by side in the report.")] = None,
    generator: GeneratorOption = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write raw results here.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write report.md and a PNG chart here.")] = None,
    baselines: Annotated[bool, typer.Option(help="Also run the BM25, dense and llama-index "
                                                 "baselines.")] = True,
    k: Annotated[int | None, typer.Option("-k", "--top-k", min=1, max=50)] = None,
) -> None:
    """Score answers and retrieval against a gold set; prints a table per language."""
    from rag.evaluation.harness import corpus_settings, run_cli

    settings = corpus_settings(ctx.obj, corpus) if corpus is not None else ctx.obj
    run_guarded(lambda: run_cli(settings, gold=gold, generator=generator, json_out=json_out,
                                report_dir=report, baselines=baselines, top_k=k, console=out,
                                compare=compare or []))
