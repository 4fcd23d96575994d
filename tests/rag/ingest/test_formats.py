"""A folder of real documents in every format, indexed with the real embedder into a real Chroma:
what is indexed, what is reported, and that every passage and quote is the stored text at its span."""

from __future__ import annotations

import io
import shutil
from pathlib import Path

import docx
import pytest

from rag.answer.evidence import evidence_of
from rag.answer.sources import sources_of
from rag.assistant import Assistant

DATA = Path(__file__).parent / "readers" / "data"
WRAPPED = """\
DU(1)                          User Commands                          DU(1)

NAME
       du - estimate file space usage

DESCRIPTION
       Summarize device usage of the set of FILEs, recursively for
       directories. The command prints the totals of every directory
       it visits and then the grand total when asked for one.

OPTIONS
       -s, --summarize
              display only a total for each argument

EXAMPLES
       $ du -sh /var/cache
"""


def _docx() -> bytes:
    document = docx.Document()
    document.add_heading("Guide de démarrage", level=1)
    document.add_paragraph("Le gestionnaire de projets ouvre les éditeurs de schémas et de circuits.")
    table = document.add_table(rows=3, cols=2)
    for row, cells in zip(table.rows, [("Raccourci", "Action"), ("Ctrl+N", "Nouveau projet"),
                                       ("Ctrl+O", "Ouvrir un projet")], strict=True):
        row.cells[0].text, row.cells[1].text = cells
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


@pytest.fixture(scope="module")
def library(tmp_path_factory: pytest.TempPathFactory, printed: dict[str, bytes],
            base_settings, embedder) -> tuple[Assistant, object]:
    root = tmp_path_factory.mktemp("formats")
    shutil.copy(DATA / "kicad_eeschema_en_excerpt.html", root / "eeschema.html")
    (root / "guide.pdf").write_bytes(printed["text"])
    (root / "scan.pdf").write_bytes(printed["image"])
    (root / "demarrage.docx").write_bytes(_docx())
    (root / "notes.md").write_text("# Notes\n\nInstall it with:\n\n```\nsudo apt install kicad\n```\n",
                                   encoding="utf-8")
    (root / "du.txt").write_text(WRAPPED, encoding="utf-8")
    cafe = "Le café se ferme à dix-huit heures précises chaque soir."
    (root / "cafe.txt").write_bytes(cafe.encode("cp1252"))
    (root / "shop.txt").write_bytes("这家商店每天晚上六点准时关门，周末也一样。".encode("gb18030"))
    (root / "sheet.xyz").write_text("no reader takes this")
    settings = base_settings.replace(corpus_path=root, index_path=tmp_path_factory.mktemp("idx"))
    assistant = Assistant(settings, embedder=embedder)
    return assistant, assistant.index(root)


def test_unreadable_and_unsupported_files_are_named(library) -> None:
    assistant, report = library
    assert dict(report.skipped).keys() == {"scan.pdf"}
    assert "no text layer" in dict(report.skipped)["scan.pdf"]
    assert report.unsupported == ["sheet.xyz"]
    assert {r.path for r in assistant.documents()} == {
        "eeschema.html", "guide.pdf", "demarrage.docx", "notes.md", "du.txt", "cafe.txt", "shop.txt"}


def test_every_chunk_is_its_documents_stored_text(library) -> None:
    assistant, _ = library
    chunks = assistant.retriever.live_chunks()
    assert {c.file for c in chunks} >= {"eeschema.html", "guide.pdf", "demarrage.docx", "du.txt"}
    for c in chunks:
        stored = assistant.document_text(c.file)
        assert stored.text[c.start_char:c.end_char] == c.text
        assert stored.text.count("\n", 0, c.start_char) + 1 == c.start_line
    assert assistant.document_text("cafe.txt").text.startswith("Le café se ferme")
    assert assistant.document_text("shop.txt").text.startswith("这家商店")


def test_html_furniture_is_not_indexed(library) -> None:
    assistant, _ = library
    html = " ".join(c.text for c in assistant.retriever.live_chunks() if c.file == "eeschema.html")
    assert "Mouse operations" in html or "box selection" in html
    assert "Last updated" not in html and "Table of Contents" not in html


def test_a_pdf_passage_across_a_page_break_names_both_pages(library) -> None:
    assistant, _ = library
    pdf = [c for c in assistant.retriever.live_chunks() if c.file == "guide.pdf"]
    assert {c.page for c in pdf} == {1, 2}
    crossing = [c for c in pdf if c.page == 1 and c.page_end == 2]
    assert crossing, "some chunk starts on page 1 and ends on page 2"
    passages = assistant.search("Paragraf ini berada di halaman kedua dokumen", 3)
    second = next(p for p in passages if p.file == "guide.pdf")
    assert second.page in (1, 2) and (second.page_end in (None, 2))


def test_sections_travel_with_passages_and_quotes(library) -> None:
    assistant, _ = library
    hits = assistant.search_hits("Which modifier key removes an item from the selection?", 5)
    evidence = evidence_of(sources_of(hits))
    row = next(e for e in evidence if e.text.startswith("Ctrl+Shift | Ctrl+Shift"))
    assert row.quotable, "a table row is a statement, full stop or not"
    assert row.section and row.section.endswith("1.6. Mouse operations and selection")
    stored = assistant.document_text(row.file, row.start_char, row.end_char)
    assert stored.text == row.text and stored.start_line == row.start_line


def test_a_hard_wrapped_sentence_and_a_command_are_quoted_whole(library) -> None:
    assistant, _ = library
    hits = [h for h in assistant.search_hits("du summarize device usage recursively", 5)
            if h.chunk.file == "du.txt"]
    texts = [e.text for e in evidence_of(sources_of(hits))]
    wrapped = next(t for t in texts if t.startswith("Summarize device usage"))
    assert wrapped.endswith("recursively for\n       directories.")
    hits = [h for h in assistant.search_hits("du -sh example", 5) if h.chunk.file == "du.txt"]
    assert "$ du -sh /var/cache" in [e.text for e in evidence_of(sources_of(hits)) if e.quotable]


def test_answers_cite_the_stored_text_with_pages(library) -> None:
    assistant, _ = library
    answer = assistant.ask("Quel processeur le logiciel nécessite-t-il ?",
                           generator="extractive")
    assert not answer.abstained
    for c in answer.citations:
        stored = assistant.document_text(c.file, c.start_char, c.end_char)
        assert stored.text == c.quote
        if c.file == "guide.pdf":
            assert c.page == 1
