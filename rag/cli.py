"""The `rag` command line, a front end like the HTTP API: it parses flags into Settings, calls the
Assistant through the public surface (`rag`) and prints. It is the one module of the package that
may import `api` (for `rag serve` and `rag slack`); nothing in the library does.

Every error the library raises on purpose (`rag.RagError`: a missing corpus, an unreachable Chroma,
a model that cannot load …) ends with a one-line message on stderr and a non-zero exit, never a
traceback.
"""

from __future__ import annotations

import json
import logging
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from rag import RagError, Settings

app = typer.Typer(add_completion=False, no_args_is_help=True, pretty_exceptions_enable=False,
                  help="Ask questions about a folder of documents; every answer cites its sources.")
out = Console(soft_wrap=True)
err = Console(stderr=True, soft_wrap=True)


def fail(message: str, code: int = 1) -> typer.Exit:
    err.print(f"[bold red]error:[/] {message}", highlight=False)
    return typer.Exit(code)


@app.callback()
def main_options(
    ctx: typer.Context,
    index_path: Annotated[Path | None, typer.Option(help="Embedded index folder.")] = None,
    chroma_url: Annotated[str | None, typer.Option(help="Chroma server URL.")] = None,
    embedding_model: Annotated[str | None, typer.Option(help="sentence-transformers model.")] = None,
    verbose: Annotated[bool, typer.Option("--verbose", "-v")] = False,
) -> None:
    from rich.logging import RichHandler

    logging.basicConfig(level=logging.INFO if verbose else logging.WARNING, format="%(message)s",
                        handlers=[RichHandler(console=err, show_path=False, show_time=False)])
    for noisy in ("httpx", "chromadb", "sentence_transformers", "urllib3"):
        logging.getLogger(noisy).setLevel(logging.WARNING if verbose else logging.ERROR)
    updates: dict[str, Any] = {"index_path": index_path, "chroma_url": chroma_url,
                               "embedding_model": embedding_model}
    # Read here rather than cached at import, so each invocation sees its own environment.
    ctx.obj = read_settings().replace(**{k: v for k, v in updates.items() if v is not None})


def read_settings() -> Settings:
    """Settings from the environment; a malformed RAG_ variable is a one-line error, not a trace."""
    from pydantic import ValidationError
    from pydantic_settings import SettingsError

    try:
        return Settings()
    except ValidationError as exc:
        from rag.settings import variable_name

        problems = "; ".join(f"{variable_name(exc.title, '_'.join(map(str, e['loc'])))}: {e['msg']}"
                             for e in exc.errors())
        raise fail(f"invalid configuration: {problems}", 2) from None
    except SettingsError as exc:  # a list or dict variable that is not JSON
        raise fail(f"invalid configuration: {exc} (lists are written as JSON, e.g. [\"zh\"])",
                   2) from None


def assistant_for(settings: Settings) -> Any:
    from rag import Assistant

    return Assistant(settings)


@app.command()
def index(ctx: typer.Context,
          path: Annotated[Path | None, typer.Argument(help="Corpus folder (default: corpus/).")] = None
          ) -> None:
    """Index (or re-index) the documents: only new or changed files are read and embedded."""
    settings: Settings = ctx.obj
    root = path or settings.index.corpus_path
    with index_progress() as progress:
        report = run_guarded(lambda: assistant_for(settings).index(root, progress=progress))
    for file, reason in report.skipped:
        err.print(f"[yellow]skipped[/] {file}: {reason}", highlight=False)
    if report.unsupported:
        shown = ", ".join(report.unsupported[:5]) + (" …" if len(report.unsupported) > 5 else "")
        err.print(f"[yellow]not indexed (unsupported type)[/] {len(report.unsupported)}: {shown}",
                  highlight=False)
    rate = report.bytes_read / 1e6 / (report.seconds / 60) if report.seconds else 0.0
    out.print(f"indexed {root}: {len(report.added)} added, {len(report.updated)} updated, "
              f"{len(report.removed)} removed, {len(report.unchanged)} unchanged, "
              f"{len(report.skipped)} unreadable; {report.chunks} chunks, {report.embedded} texts "
              f"embedded, {report.reused} reused; {report.bytes_read / 1e6:.1f} MB in "
              f"{report.seconds:.1f}s ({rate:.2f} MB/min)", highlight=False)


@contextmanager
def index_progress() -> Iterator[Any]:
    """A live bar on a terminal (files, chunks, time left by bytes read); nothing otherwise, where
    the one-line summary is all a log wants."""
    if not err.is_terminal:
        yield None
        return
    from rich.progress import BarColumn, Progress, TextColumn, TimeElapsedColumn, TimeRemainingColumn

    columns = (TextColumn("{task.description}"), BarColumn(),
               TextColumn("{task.fields[files]} files, {task.fields[chunks]} chunks"),
               TimeElapsedColumn(), TextColumn("eta"), TimeRemainingColumn())
    with Progress(*columns, console=err, transient=True) as bar:
        task = bar.add_task("indexing", total=None, files="0/?", chunks=0)

        def update(p: Any) -> None:
            bar.update(task, completed=p.bytes_done, total=p.bytes_total or None,
                       description=p.file[-40:], files=f"{p.files_done}/{p.files_total}",
                       chunks=p.chunks)

        yield update


@app.command()
def search(ctx: typer.Context, query: str,
           k: Annotated[int, typer.Option("-k", "--top-k", min=1, max=100)] = 5,
           as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Search the index; prints file:lines and each passage (or Passage JSON)."""
    if not query.strip():
        raise fail("the query is empty", 2)
    assistant = assistant_for(ctx.obj)
    passages = run_guarded(lambda: ensure_indexed(assistant).search(query, k))
    if as_json:
        print(json.dumps({"results": [p.model_dump() for p in passages]}, ensure_ascii=False,
                         indent=2))
        return
    if not passages:
        out.print("no results")
    for n, p in enumerate(passages, 1):
        out.print(f"[bold]{n}. {p.file}:{p.start_line}-{p.end_line}[/]  [dim]score {p.score:.3f}[/]",
                  highlight=False)
        out.print(p.text, highlight=False, markup=False)
        out.print()


GeneratorOption = Annotated[
    str | None, typer.Option("--generator", "-g", help="extractive, llama, openai or auto.")]


def print_answer(answer: Any) -> None:
    style = "yellow" if answer.abstained else "bold"
    out.print(f"[{style}]{answer.answer}[/]", highlight=False)
    for c in answer.citations:
        out.print(f"  [cyan][{c.ref}][/] {c.file}:{c.start_line}-{c.end_line}  "
                  f"[dim]«{c.quote}»[/]", highlight=False)
    timings = ", ".join(f"{k} {v} ms" for k, v in answer.timings_ms.items())
    out.print(f"[dim]{answer.generator} · {answer.language} · {timings}[/]", highlight=False)


@app.command()
def ask(ctx: typer.Context, question: str,
        k: Annotated[int | None, typer.Option("-k", "--top-k", min=1, max=50)] = None,
        generator: GeneratorOption = None,
        as_json: Annotated[bool, typer.Option("--json")] = False) -> None:
    """Answer a question from the documents, with verified citations."""
    from rag import Message

    if not question.strip():
        raise fail("the question is empty", 2)
    assistant = assistant_for(ctx.obj)
    answer = run_guarded(lambda: ensure_indexed(assistant).run(
        [Message(role="user", content=question)], k, generator).answer)
    if as_json:
        print(answer.model_dump_json(indent=2))
    else:
        print_answer(answer)


@app.command()
def chat(ctx: typer.Context,
         k: Annotated[int | None, typer.Option("-k", "--top-k", min=1, max=50)] = None,
         generator: GeneratorOption = None) -> None:
    """An interactive conversation that keeps its history (empty line or Ctrl-D to quit)."""
    from rag import Message

    assistant = assistant_for(ctx.obj)
    run_guarded(lambda: ensure_indexed(assistant))
    history: list[Message] = []
    while True:
        try:
            question = out.input("[bold green]you>[/] ").strip()
        except EOFError:
            break
        if not question:
            break
        history.append(Message(role="user", content=question))
        answer = run_guarded(lambda h=list(history): assistant.run(h, k, generator).answer)
        print_answer(answer)
        history.append(Message(role="assistant", content=answer.answer))


@app.command()
def serve(ctx: typer.Context,
          host: Annotated[str, typer.Option(help="Interface to listen on.")] = "127.0.0.1",
          port: Annotated[int, typer.Option(min=1, max=65535)] = 8000) -> None:
    """Run the HTTP API (chat, search, OpenAI-compatible completions, Slack events)."""
    from api.server import serve as run_server

    run_guarded(lambda: run_server(ctx.obj, host, port))


@app.command()
def slack(ctx: typer.Context) -> None:
    """Run the Slack bot over Socket Mode (no public URL needed)."""
    from api.slack.socket import run_socket_mode

    run_guarded(lambda: run_socket_mode(ctx.obj))


@app.command(name="eval")
def evaluate(
    ctx: typer.Context,
    gold: Annotated[Path, typer.Option(help="Gold set (JSON lines).")] = Path("eval/gold.jsonl"),
    generator: GeneratorOption = None,
    json_out: Annotated[Path | None, typer.Option("--json", help="Write raw results here.")] = None,
    report: Annotated[Path | None, typer.Option(help="Write report.md and a PNG chart here.")] = None,
    baselines: Annotated[bool, typer.Option(help="Also run the BM25, dense and llama-index "
                                                 "baselines.")] = True,
    k: Annotated[int | None, typer.Option("-k", "--top-k", min=1, max=50)] = None,
) -> None:
    """Score answers and retrieval against the gold set; prints a table per language."""
    from rag.evaluation.harness import run_cli

    run_guarded(lambda: run_cli(ctx.obj, gold=gold, generator=generator, json_out=json_out,
                                report_dir=report, baselines=baselines, top_k=k, console=out))


def ensure_indexed(assistant: Any) -> Any:
    """Index the default corpus on first use, so `rag ask` works from a fresh clone."""
    if assistant.needs_index():
        err.print(f"[dim]no index yet: indexing {assistant.settings.index.corpus_path} …[/]")
        assistant.ensure_indexed()
    return assistant


def run_guarded(action: Any) -> Any:
    try:
        return action()
    except RagError as exc:
        raise fail(str(exc)) from None
    except KeyboardInterrupt:
        raise fail("interrupted", 130) from None


def main() -> None:
    try:
        app()
    except KeyboardInterrupt:
        err.print("interrupted")
        sys.exit(130)
