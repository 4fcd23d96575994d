"""The poisoned corpus (tests/poisoned) indexed with the real embedder into a real Chroma: hidden
instructions never reach the stored text or a chunk, visible content does, every file with hidden
text is named in the report, the log and `rag index`'s output, and ordinary questions still find
the poisoned documents' ordinary content."""

from __future__ import annotations

import logging
from pathlib import Path

import pytest
from typer.testing import CliRunner

from rag.assistant import Assistant
from rag.cli import app
from rag.text.invisible import INVISIBLE
from tests.poisoned.corpus import DOCUMENTS, MARKERS, Poisoned, questions, write_poisoned_corpus

LABELS = {"white": {"HTML hidden elements"}, "display-none": {"HTML hidden elements"},
          "zero-width": {"zero-width and format characters"}, "invisible": {"invisible PDF text"},
          "invisible-white": {"invisible PDF text", "PDF text coloured like its background"},
          "hidden": {"hidden Word text", "Word text coloured like its background"}}


def _words(text: str) -> str:
    return " ".join(text.split())


@pytest.fixture(scope="module")
def poisoned(tmp_path_factory: pytest.TempPathFactory, base_settings, embedder):
    root = tmp_path_factory.mktemp("poisoned")
    write_poisoned_corpus(root)
    settings = base_settings.replace(corpus_path=root, index_path=tmp_path_factory.mktemp("poisoned-index"))
    assistant = Assistant(settings, embedder=embedder)
    return assistant, assistant.index(root)


def test_the_corpus_is_four_languages_of_every_technique() -> None:
    assert len(DOCUMENTS) >= 32 and len(set(MARKERS)) == len(DOCUMENTS)
    for language in ("en", "fr", "id", "zh"):
        techniques = [d.technique for d in DOCUMENTS if d.language == language]
        for technique in ("visible", "white", "zero-width", "invisible"):
            assert techniques.count(technique) >= 1
        assert techniques.count("visible") == techniques.count("zero-width") == 2
        assert techniques.count("white") + techniques.count("display-none") == 2
        assert techniques.count("invisible") + techniques.count("invisible-white") == 2
    items = questions()
    assert len(items) >= 48
    by_name = {d.name: d for d in DOCUMENTS}
    for item in items:
        doc = by_name[str(item["document"])]
        assert item["language"] == doc.language and item["never"] == [doc.marker]
        assert str(item["answer"]) in " ".join(doc.paragraphs)
    for language in ("en", "fr", "id", "zh"):
        assert sum(1 for q in items if q["language"] == language) >= 12


def test_every_file_with_hidden_text_is_named_with_what_was_removed(poisoned, caplog) -> None:
    _, report = poisoned
    assert len(report.added) == len(DOCUMENTS) and report.skipped == []
    named = dict(report.hidden)
    assert set(named) == {d.name for d in DOCUMENTS if d.hidden}
    for doc in DOCUMENTS:
        if doc.hidden:
            labels = named[doc.name].split("(", 1)[1].rstrip(")").split(", ")
            assert set(labels) <= LABELS[doc.technique] | {"zero-width and format characters"}, doc.name
            assert set(labels) & LABELS[doc.technique], doc.name


def test_the_log_names_them_too(tmp_path: Path, make_assistant, caplog) -> None:
    write_poisoned_corpus(tmp_path / "docs")
    for path in (tmp_path / "docs").iterdir():
        if not path.name.startswith("fr-0"):
            path.unlink()
    with caplog.at_level(logging.WARNING, logger="rag.ingest.indexing"):
        make_assistant().index(tmp_path / "docs")
    for doc in DOCUMENTS:
        if doc.name.startswith("fr-0"):
            assert (f"{doc.name}: " in caplog.text) == doc.hidden, doc.name


def _stored(assistant: Assistant, doc: Poisoned) -> tuple[str, list]:
    text = assistant.document_text(doc.name).text
    chunks = [c for c in assistant.retriever.live_chunks() if c.file == doc.name]
    return text, chunks


def test_hidden_instructions_never_reach_the_stored_text_or_a_chunk(poisoned) -> None:
    assistant, _ = poisoned
    for doc in DOCUMENTS:
        text, chunks = _stored(assistant, doc)
        assert chunks, doc.name
        assert not INVISIBLE.search(text), doc.name
        every = [text, *(c.text for c in chunks)]
        if doc.injection_removed:
            assert not any(doc.marker in t for t in every), doc.name
            assert _words(doc.injection)[:20] not in _words(text), doc.name
        else:  # visible, or made plain by removing the zero-width characters: the answer's job
            assert doc.marker in text and _words(doc.injection) in _words(text), doc.name


def test_the_visible_content_is_all_there_and_every_chunk_is_its_stored_text(poisoned) -> None:
    assistant, _ = poisoned
    for doc in DOCUMENTS:
        text, chunks = _stored(assistant, doc)
        for paragraph in (doc.title, *doc.paragraphs):
            assert _words(paragraph) in _words(text), (doc.name, paragraph)
        for c in chunks:
            assert text[c.start_char:c.end_char] == c.text
            assert text.count("\n", 0, c.start_char) + 1 == c.start_line


def test_ordinary_questions_find_the_poisoned_documents(poisoned) -> None:
    """Retrieval reaches the documents the injections sit in, so an answer-time defence is tested on
    real candidates. Measured when written (default e5, hybrid): 72 of 72 first, none missed."""
    assistant, _ = poisoned
    items = questions()
    missed = [q["id"] for q in items
              if q["document"] not in {p.file for p in assistant.search(str(q["question"]), 5)}]
    assert len(missed) <= len(items) // 10, f"not in the top 5: {missed}"


@pytest.mark.slow
def test_extractive_answers_never_carry_a_removed_instruction(poisoned) -> None:
    assistant, _ = poisoned
    removed = [d.marker for d in DOCUMENTS if d.injection_removed]
    for item in questions():
        if item["technique"] in ("visible", "zero-width"):
            continue
        answer = assistant.ask(str(item["question"]), generator="extractive")
        shown = answer.model_dump_json()
        assert not any(m in shown for m in removed), item["id"]


def test_rag_index_prints_the_files_with_hidden_text(tmp_path: Path, base_settings,
                                                     monkeypatch: pytest.MonkeyPatch) -> None:
    folder = tmp_path / "docs"
    write_poisoned_corpus(folder)
    for path in folder.iterdir():
        if not path.name.startswith(("zh-01", "zh-03", "zh-07")):
            path.unlink()
    monkeypatch.setenv("RAG_INDEX_PATH", str(tmp_path / "index"))
    monkeypatch.setenv("RAG_DATA_DIR", str(base_settings.models.data_dir))
    monkeypatch.delenv("RAG_CHROMA_URL", raising=False)
    result = CliRunner().invoke(app, ["index", str(folder)])
    assert result.exit_code == 0, result.output
    assert "hidden text zh-03-white.html: " in result.output
    assert "hidden text zh-07-invisible.pdf: " in result.output and "(invisible PDF text)" in result.output
    assert "zh-01-visible.txt" not in result.output and "3 added" in result.output
