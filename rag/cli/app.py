"""The `rag` application: global options, settings, and one way to report errors."""

from __future__ import annotations

import logging
import sys
from pathlib import Path
from typing import Annotated, Any

import typer
from rich.console import Console

from rag import IndexBusy, RagError, Settings

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


CollectionOption = Annotated[list[str] | None, typer.Option(
    "--collection", "-c", help="Only this collection's documents (the first folder of their path; "
                               "`default` for the top level); repeat for several.")]


def scope(collections: list[str] | None) -> frozenset[str] | None:
    """The collections a command may read: those named, or None for all."""
    return frozenset(collections) if collections else None


def assistant_for(settings: Settings) -> Any:
    from rag import Assistant

    return Assistant(settings)


def ensure_indexed(assistant: Any) -> Any:
    """Index the default corpus on first use, so `rag ask` works from a fresh clone."""
    if assistant.needs_index():
        err.print(f"[dim]no index yet: indexing {assistant.settings.index.corpus_path} …[/]")
        assistant.ensure_indexed()
    return assistant


EX_TEMPFAIL = 75
"""The exit code of a command refused because another process is writing the index (IndexBusy):
the sysexits code for "try again later", so a script can tell it from a real failure."""


def run_guarded(action: Any) -> Any:
    try:
        return action()
    except IndexBusy as exc:
        raise fail(str(exc), EX_TEMPFAIL) from None
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
