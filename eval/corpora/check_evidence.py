#!/usr/bin/env python3
"""Check a gold set whose items carry `evidence` (verbatim spans) rather than `support` (lines).

Why: the gold set for the KiCad corpus (`eval/gold-kicad.jsonl`) was written before the PDF and
HTML readers existed, so it cannot name line numbers; it quotes the text that states each fact.
A quote that is not in the document, a duplicate copy left out, or a fact regex that its own
quote does not contain would silently mis-score a correct answer, so this script checks them all
against a simple, reader-independent view of each document's text:

- HTML: the text content of each block element, whitespace collapsed (one block a line);
- PDF: pypdfium2's text of each page, whitespace collapsed (a span may wrap onto the next line);
- text: each line of the file decoded with its encoding (`*.cp1252.txt`, `*.gb18030.txt`).

Usage: python eval/corpora/check_evidence.py [--gold FILE] [--corpus DIR] [--dump DIR]
Exits 1 when a problem is found. A span must be listed for every version of its manual that
contains it (the same manual in another language or format); a span that also occurs in another
manual is only noted, as that is often a coincidence. Fact groups that match none of their spans
are noted as "translated" (stated in words the regexes do not cover); review the notes.
"""

from __future__ import annotations

import argparse
import json
import os
import re
import sys
from html.parser import HTMLParser
from pathlib import Path

BLOCKS = {"p", "div", "li", "td", "th", "h1", "h2", "h3", "h4", "h5", "h6", "pre", "dt", "dd",
          "tr", "br", "title", "table", "ul", "ol", "dl", "blockquote", "caption"}


class _Blocks(HTMLParser):
    """Collects the visible text of an HTML page, one block element per line."""

    def __init__(self) -> None:
        super().__init__(convert_charrefs=True)
        self.lines: list[str] = []
        self.current: list[str] = []
        self.hidden = 0

    def flush(self) -> None:
        text = " ".join("".join(self.current).split())
        if text:
            self.lines.append(text)
        self.current = []

    def handle_starttag(self, tag: str, attrs: list[tuple[str, str | None]]) -> None:
        self.hidden += tag in ("script", "style")
        if tag in BLOCKS:
            self.flush()

    def handle_endtag(self, tag: str) -> None:
        self.hidden -= tag in ("script", "style")
        if tag in BLOCKS:
            self.flush()

    def handle_data(self, data: str) -> None:
        if not self.hidden:
            self.current.append(data)


def document_text(path: Path) -> str:
    """The reader-independent text of one document (lines joined with newlines)."""
    if path.suffix == ".html":
        parser = _Blocks()
        parser.feed(path.read_text(encoding="utf-8"))
        parser.flush()
        return "\n".join(parser.lines)
    if path.suffix == ".pdf":
        import pypdfium2

        pdf = pypdfium2.PdfDocument(str(path))
        pages = [" ".join(page.get_textpage().get_text_range().split()) for page in pdf]
        return "\n".join(pages)
    encoding = {".cp1252": "cp1252", ".gb18030": "gb18030"}.get(Path(path.stem).suffix, "utf-8")
    return path.read_bytes().decode(encoding)


def documents(corpus: Path) -> dict[str, str]:
    """Every document of the corpus, by its `/`-separated path relative to the root."""
    files = sorted(p for p in corpus.rglob("*") if p.is_file()
                   and not any(part.startswith(".") for part in p.relative_to(corpus).parts))
    return {p.relative_to(corpus).as_posix(): document_text(p) for p in files}


def manual(name: str) -> str:
    """The manual or page a document is a version of: `html/fr/eeschema.html` -> `eeschema`."""
    return name.rsplit("/", 1)[-1].split(".", 1)[0]


def found(span: str, text: str) -> bool:
    """A span must lie within one line (one HTML block, one PDF page, one text line)."""
    return any(span in line for line in text.split("\n"))


def check(items: list[dict], docs: dict[str, str]) -> tuple[list[str], list[str]]:
    """Problems (fatal) and notes (fact groups only stated in translation) for every item."""
    problems, notes, seen = [], [], set()
    for item in items:
        iid = item.get("id", "?")
        if iid in seen:
            problems.append(f"{iid}: duplicate id")
        seen.add(iid)
        answerable = item.get("answerable", True)
        evidence: dict[str, list[str]] = item.get("evidence", {})
        if answerable != bool(evidence) or answerable != bool(item.get("facts")):
            problems.append(f"{iid}: answerable={answerable} but facts/evidence do not agree")
        spans: list[str] = []
        for name, quotes in evidence.items():
            if name not in docs:
                problems.append(f"{iid}: no document {name!r}")
                continue
            for quote in quotes:
                spans.append(quote)
                if len(quote) > 200:
                    problems.append(f"{iid}: span longer than 200 characters: {quote[:40]!r}…")
                if not found(quote, docs[name]):
                    problems.append(f"{iid}: span not in {name}: {quote!r}")
                    continue
                copies = [n for n, t in docs.items() if n not in evidence and found(quote, t)]
                same = [n for n in copies if manual(n) == manual(name)]
                if same:
                    problems.append(f"{iid}: span {quote[:40]!r} also in {same}, not listed")
                if len(copies) > len(same):  # often a coincidence: "-d, --dir" in ls's "-d, --directory"
                    notes.append(f"{iid}: span {quote[:40]!r} also in other documents "
                                 f"{[n for n in copies if n not in same]}, not listed")
        for g, group in enumerate(item.get("facts", [])):
            try:
                patterns = [re.compile(p, re.IGNORECASE) for p in group]
            except re.error as exc:
                problems.append(f"{iid}: facts[{g}] does not compile: {exc}")
                continue
            if not any(p.search(s) for p in patterns for s in spans):
                notes.append(f"{iid}: facts[{g}] {group} is stated only in translation")
    return problems, notes


def main(argv: list[str] | None = None) -> int:
    here = Path(__file__).resolve().parent
    data = Path(os.environ.get("RAG_DATA_DIR") or Path.home() / ".cache" / "rag-assistant")
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--gold", type=Path, default=here.parent / "gold-kicad.jsonl")
    parser.add_argument("--corpus", type=Path, default=data / "corpora" / "kicad")
    parser.add_argument("--dump", type=Path, help="also write each document's text here")
    args = parser.parse_args(argv)
    docs = documents(args.corpus)
    if args.dump:
        for name, text in docs.items():
            out = args.dump / f"{name}.txt"
            out.parent.mkdir(parents=True, exist_ok=True)
            out.write_text(text, encoding="utf-8")
    items = [json.loads(line) for line in args.gold.read_text(encoding="utf-8").splitlines()
             if line.strip()]
    problems, notes = check(items, docs)
    for line in dict.fromkeys(notes):
        print("note:", line)
    for line in problems:
        print("PROBLEM:", line)
    translated = sum("stated only in translation" in n for n in notes)
    print(f"{len(items)} items, {len(problems)} problems, "
          f"{translated} fact groups stated only in translation")
    return 1 if problems else 0


if __name__ == "__main__":
    sys.exit(main())
