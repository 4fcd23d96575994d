"""`rag search`, `rag ask`, `rag chat`: questions in, cited answers out."""

from __future__ import annotations

import json
from typing import Annotated, Any

import typer
from rich.markup import escape

from rag.cli.app import (
    CollectionOption,
    app,
    assistant_for,
    ensure_indexed,
    err,
    fail,
    out,
    run_guarded,
    scope,
)


@app.command()
def search(ctx: typer.Context, query: str,
           k: Annotated[int, typer.Option("-k", "--top-k", min=1, max=100)] = 5,
           as_json: Annotated[bool, typer.Option("--json")] = False,
           collection: CollectionOption = None) -> None:
    """Search the index; prints file:lines and each passage (or Passage JSON)."""
    if not query.strip():
        raise fail("the query is empty", 2)
    assistant = assistant_for(ctx.obj)
    passages = run_guarded(lambda: ensure_indexed(assistant).search(query, k, scope(collection)))
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
    out.print(f"[{style}]{escape(answer.answer)}[/]", highlight=False)
    for c in answer.citations:
        out.print(f"  [cyan][{c.ref}][/] {escape(c.file)}:{c.start_line}-{c.end_line}  "
                  f"[dim]«{escape(c.quote)}»[/]", highlight=False)
        if c.header:  # a table row: the names of its columns, under it
            out.print(f"      [dim]{escape(c.header)}[/]", highlight=False)
    timings = ", ".join(f"{k} {v} ms" for k, v in answer.timings_ms.items())
    out.print(f"[dim]{answer.generator} · {answer.language} · {timings}[/]", highlight=False)


@app.command()
def ask(ctx: typer.Context, question: str,
        k: Annotated[int | None, typer.Option("-k", "--top-k", min=1, max=50)] = None,
        generator: GeneratorOption = None,
        as_json: Annotated[bool, typer.Option("--json")] = False,
        local: Annotated[bool, typer.Option(
            "--local", help="Answer in this process even when a `rag serve` is running.")] = False,
        collection: CollectionOption = None,
) -> None:
    """Answer a question from the documents, with verified citations.

    Asks a `rag serve` already running on the same index when there is one (RAG_ASK_VIA), so a
    new shell does not load the models again; says on stderr which answered. With --collection it
    answers in this process (a server decides what its callers may read by their key)."""
    from rag import Message, ServerError
    from rag.cli.remote import ask_server, server_for

    if not question.strip():
        raise fail("the question is empty", 2)
    messages = [Message(role="user", content=question)]
    url = None if local or collection else server_for(ctx.obj)
    answer = None
    if url:
        try:
            answer = ask_server(url, ctx.obj, messages, k, generator)
            err.print(f"[dim]answered by the server at {url}[/]", highlight=False)
        except ServerError as exc:
            if ctx.obj.api.ask_via.strip() != "auto":  # a server asked for by name must answer
                raise fail(str(exc)) from None
            # Found on its own (auto), a server that refuses this shell (its key, its rate) is
            # not worth failing over: the question is answered here, and the reason said.
            err.print(f"[dim]{exc}; answering in this process[/]", highlight=False)
    if answer is None:
        assistant = assistant_for(ctx.obj)
        answer = run_guarded(lambda: ensure_indexed(assistant).run(
            messages, k, generator, scope(collection)).answer)
        err.print("[dim]answered in this process[/]", highlight=False)
    if as_json:
        print(answer.model_dump_json(indent=2))
    else:
        print_answer(answer)


@app.command()
def chat(ctx: typer.Context,
         k: Annotated[int | None, typer.Option("-k", "--top-k", min=1, max=50)] = None,
         generator: GeneratorOption = None, collection: CollectionOption = None) -> None:
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
        answer = run_guarded(lambda h=list(history): assistant.run(
            h, k, generator, scope(collection)).answer)
        print_answer(answer)
        history.append(Message(role="assistant", content=answer.answer))
