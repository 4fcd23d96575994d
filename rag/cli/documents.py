"""`rag index` and `rag text`: documents in, and their stored text out."""

from __future__ import annotations

import json
import sys
from collections.abc import Iterator
from contextlib import contextmanager
from pathlib import Path
from typing import Annotated, Any

import typer

from rag import Settings
from rag.cli.app import CollectionOption, app, assistant_for, err, out, run_guarded, scope


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
    for file, what in report.hidden:
        err.print(f"[yellow]hidden text[/] {file}: {what}", highlight=False)
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
def documents(ctx: typer.Context,
              as_json: Annotated[bool, typer.Option("--json")] = False,
              collection: CollectionOption = None) -> None:
    """List the indexed documents: path, format, chunks."""
    records = run_guarded(lambda: assistant_for(ctx.obj).documents(scope(collection)))
    if as_json:
        print(json.dumps({"documents": [{"path": r.path, "sha256": r.sha256, "format": r.format,
                                         "chunks": r.chunks, "collection": r.collection}
                                        for r in records]}, indent=2))
        return
    for r in records:
        out.print(f"{r.path}  [dim]{r.format}, {r.chunks} chunks[/]", highlight=False)


@app.command()
def text(ctx: typer.Context,
         path: Annotated[str, typer.Argument(help="Indexed document, as `rag documents` lists it.")],
         start: Annotated[int | None, typer.Option(min=0, help="First character.")] = None,
         end: Annotated[int | None, typer.Option(min=0, help="After the last character.")] = None,
         as_json: Annotated[bool, typer.Option("--json")] = False,
         collection: CollectionOption = None) -> None:
    """Print a document's stored text (what citations point into), or the span start..end."""
    found = run_guarded(lambda: assistant_for(ctx.obj).document_text(path, start, end,
                                                                     scope(collection)))
    if as_json:
        print(found.model_dump_json(indent=2))
    else:
        sys.stdout.write(found.text + ("" if found.text.endswith("\n") else "\n"))
