"""A table row is read under its column names: "10 ans | 4" says nothing alone.

Readers mark the tables whose first row names the columns (HTML header cells, a Word header row,
Markdown by its syntax, a rule under a plain-text table's first row); chunks carry the names to
rows far below them; the judge, the scorer, the checks and a model read the row with them, while
the quote stays the row alone."""

from __future__ import annotations

import io
from pathlib import Path

import docx
from docx.oxml.ns import qn

from rag.answer.evidence import evidence_of
from rag.assistant import Assistant
from rag.ingest.chunking import chunk_document
from rag.ingest.documents import document_of
from rag.ingest.readers import Block
from tests.documents import sources_of_chunk

FILLER = "Cette politique s'applique à tous les salariés de l'entreprise, quel que soit leur contrat. "


def _docx(first_row_is_header: bool = True, rows: int = 3) -> bytes:
    document = docx.Document()
    document.add_heading("Politique de congés", 1)
    document.add_paragraph("Chaque salarié dispose de 25 jours de congés payés par an.")
    table = document.add_table(rows=rows, cols=2)
    cells = [("Ancienneté", "Jours supplémentaires")] + [(f"{5 * k} ans", str(2 * k))
                                                          for k in range(1, rows)]
    for r, (a, b) in enumerate(cells):
        table.cell(r, 0).text, table.cell(r, 1).text = a, b
    look = table._tbl.tblPr.find(qn("w:tblLook"))
    if not first_row_is_header and look is not None:  # Word's "Header Row" box unticked
        look.set(qn("w:firstRow"), "0")
        look.set(qn("w:val"), "0000")
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def _tables(path: str, data: bytes) -> list[Block]:
    return [b for b in document_of(path, data).blocks if b.kind == "table"]


def test_readers_say_which_tables_name_their_columns() -> None:
    html = (b"<html><body><main><p>Intro text for the page that has tables in it.</p>"
            b"<table><tr><th>Job</th><th>Time</th></tr><tr><td>Dump</td><td>02:30</td></tr></table>"
            b"<table><tr><td>Dump</td><td>02:30</td></tr><tr><td>Snapshot</td><td>04:00</td></tr>"
            b"</table></main></body></html>")
    assert [t.header for t in _tables("page.html", html)] == [True, False]
    assert [t.header for t in _tables("c.docx", _docx())] == [True]
    assert [t.header for t in _tables("c.docx", _docx(first_row_is_header=False))] == [False]
    markdown = b"# Jobs\n\n| Job | Time |\n|-----|------|\n| Dump | 02:30 |\n"
    assert [t.header for t in _tables("jobs.md", markdown)] == [True]
    text = (b"Jobs of the night\n\n"
            b"Job        Time     Kept\n-------------------------\n"
            b"Dump       02:30    14 days\nSnapshot   04:00    8 weeks\n")
    assert [t.header for t in _tables("jobs.txt", text)] == [True]


def test_a_row_far_below_its_header_is_evidence_read_under_it() -> None:
    data = _docx(rows=40)
    doc = document_of("conges.docx", data)
    chunks = chunk_document(doc, max_length=200, min_length=40)
    last = next(c for c in chunks if "195 ans | 78" in c.text)
    assert "Ancienneté" not in last.text  # the header row is in an earlier chunk
    rows = {e.text: e for e in evidence_of(sources_of_chunk(doc, last))}
    row = rows["195 ans | 78"]  # short, yet a statement under its header
    assert row.header == "Ancienneté | Jours supplémentaires"
    assert row.read_as == "Ancienneté | Jours supplémentaires\n195 ans | 78"
    assert doc.text[row.start_char:row.end_char] == "195 ans | 78"  # the quote is the row alone


def test_rows_of_a_table_without_named_columns_stay_as_they_were() -> None:
    doc = document_of("conges.docx", _docx(first_row_is_header=False))
    evidence = evidence_of(sources_of_chunk(doc, chunk_document(doc)[0]))
    assert "10 ans | 4" not in [e.text for e in evidence]  # too short to be evidence alone, as before
    assert all(e.header is None for e in evidence)


def test_a_value_in_a_table_answers_under_its_column_names(make_assistant, tmp_path: Path) -> None:
    folder = tmp_path / "docs"
    folder.mkdir()
    (folder / "conges.docx").write_bytes(_docx())
    (folder / "notes.txt").write_text(FILLER * 3 + "Les demandes passent par le portail RH.\n")
    assistant: Assistant = make_assistant(corpus_path=folder)
    assistant.index()
    answer = assistant.ask("Combien de jours supplémentaires après 10 ans d'ancienneté ?")
    assert not answer.abstained
    assert [c.quote for c in answer.citations] == ["10 ans | 4"]
    assert answer.citations[0].header == "Ancienneté | Jours supplémentaires"  # for a client to show
    # the person reads the value under its column's name; the citation quotes the row as written
    assert answer.answer.startswith("Ancienneté: 10 ans; Jours supplémentaires: 4 [1]")


def test_a_rule_under_a_header_is_no_evidence() -> None:
    markdown = ("# Jobs\n\n| Job | Time |\n|:----|-----:|\n| Dump | 02:30 |\n"
                "| Snapshot | 04:00 |\n")
    doc = document_of("jobs.md", markdown.encode())
    evidence = evidence_of(sources_of_chunk(doc, chunk_document(doc)[0]))
    rows = [e.text for e in evidence if e.header]
    assert rows == ["| Dump | 02:30 |", "| Snapshot | 04:00 |"]
    # the row of names is read with every row, never quoted as an answer itself
    names = next(e for e in evidence if e.text == "| Job | Time |")
    assert not names.quotable


def test_a_row_quoted_before_a_sentence_is_checked_as_its_own_claim(embedder) -> None:
    from rag.answer.citations import CitationChecker
    from rag.answer.generation.base import GenerationRequest
    from rag.answer.generation.extractive import ExtractiveGenerator
    from rag.answer.support import SupportScorer
    markdown = ("# Jobs\n\n| Job | Time |\n|-----|------|\n| Dump | 02:30 |\n\n"
                "The dump is copied to the second site within the hour.\n")
    doc = document_of("jobs.md", markdown.encode())
    sources = sources_of_chunk(doc, chunk_document(doc)[0])
    evidence = evidence_of(sources)
    chosen = [e for e in evidence if e.text in ("| Dump | 02:30 |",
                                                "The dump is copied to the second site within the hour.")]
    scorer = SupportScorer(embedder)
    request = GenerationRequest("When does the dump run?", "en", sources, answers=chosen)
    draft = "".join(ExtractiveGenerator(scorer).stream(request))
    assert draft == "Job: Dump; Time: 02:30 [1]\nThe dump is copied to the second site within the hour. [1]"
    checked = CitationChecker(scorer).check(draft, sources)
    assert [c.quote for c in checked.citations] == [e.text for e in chosen]
