"""Candidate pools of distinct texts: many copies of one document (a folder indexed twice, a page
repeated in every file) share a vector, and must not fill the pool the answer needs a place in."""

from __future__ import annotations

from pathlib import Path

import pytest

from rag import Assistant, Settings
from rag.ingest.indexing import INDEX_VERSION
from rag.models.embedder import Embedder
from rag.search.ids import chunk_id, parse, sentence_id, version_key

COPIES = 30
DISTRACTOR = ("# Office coffee machine\n\nDescaling the coffee machine and the kettle takes "
              "twenty minutes and uses a citric acid tablet.\n")
ANSWER = ("# Kitchen rules\n\nThe second-floor kitchen is tidied on Mondays; whoever arrives "
          "first also takes care of the kettle's limescale.\n")
QUESTION = "When is the kettle descaled?"


def test_ids_name_the_file_version_and_the_text() -> None:
    text_hash = "ab" * 32
    chunk = chunk_id("docs/a.md", "f" * 64, 7, text_hash)
    parsed = parse(chunk)
    assert parsed.chunk == chunk and parsed.version == version_key("docs/a.md", "f" * 64)
    assert parsed.distinct == text_hash[:12]
    sentence = parse(sentence_id(chunk, 3))
    assert sentence.chunk == chunk and sentence.version == parsed.version
    assert sentence.distinct != parsed.distinct
    # Copies of one text in two files, or of two versions, differ in what names the file only.
    other = parse(chunk_id("copy/a.md", "e" * 64, 7, text_hash))
    assert other.distinct == parsed.distinct and other.version != parsed.version
    assert parse(sentence_id(chunk_id("copy/a.md", "e" * 64, 7, text_hash), 3)).distinct == \
        sentence.distinct
    foreign = parse("c17")
    assert foreign.version is None and foreign.distinct == "c17" and foreign.chunk == "c17"


@pytest.fixture(scope="module")
def crowded(tmp_path_factory: pytest.TempPathFactory, base_settings: Settings,
            embedder: Embedder) -> Assistant:
    root = tmp_path_factory.mktemp("crowded")
    corpus = root / "corpus"
    for n in range(COPIES):
        (corpus / f"copy-{n:02d}").mkdir(parents=True)
        (corpus / f"copy-{n:02d}" / "coffee.md").write_text(DISTRACTOR, encoding="utf-8")
    (corpus / "kitchen.md").write_text(ANSWER, encoding="utf-8")
    assistant = Assistant(base_settings.replace(corpus_path=corpus, index_path=root / "index",
                                                dense_pool=5, candidates=5,
                                                retrieval_mode="dense"), embedder=embedder)
    assistant.index()
    return assistant


def test_copies_do_not_fill_the_pool(crowded: Assistant) -> None:
    vector = crowded.embedder().embed_queries([QUESTION])[0]
    raw = crowded.store.nearest_ids(vector, 5)
    # The control: the store's own nearest neighbours are all copies of the distractor.
    assert all(crowded.store.get_chunks([i])[0].file.endswith("coffee.md") for i, _ in raw)
    hits = crowded.search_hits(QUESTION, top_k=3)
    assert "kitchen.md" in [h.chunk.file for h in hits]
    texts = [h.chunk.text_hash for h in hits]
    assert len(texts) == len(set(texts))


def test_of_equally_near_copies_the_first_id_is_kept(crowded: Assistant) -> None:
    """The store returns tied neighbours in an order that changes from process to process; the
    pool must not, or a search's files (and an evaluation's figures) change between runs."""
    question = "How long does descaling take?"
    vector = crowded.embedder().embed_queries([question])[0]
    copies = [(i, s) for i, s in crowded.store.nearest_ids(vector, COPIES + 1)
              if crowded.store.get_chunks([i])[0].file.endswith("coffee.md")]
    assert len(copies) == COPIES and len({round(s, 6) for _, s in copies}) == 1  # the ties
    assert crowded.search_hits(question, top_k=1)[0].chunk.id == min(i for i, _ in copies)


def test_a_search_asks_the_store_alike_whatever_was_searched_before(
        crowded: Assistant, embedder: Embedder) -> None:
    """The store's search is approximate: how many neighbours are asked for changes which are
    found. A search crowded with copies before must not change what the next one asks for, or a
    question's passages depend on the questions before it."""
    def asked(assistant: Assistant, questions: list[str]) -> list[int]:
        counts: list[int] = []
        nearest = assistant.store.nearest_ids
        assistant.store.nearest_ids = lambda v, n, *a, **k: counts.append(n) or nearest(v, n, *a, **k)
        try:
            for question in questions:
                counts.clear()
                assistant.retriever.search(question, top_k=2)
        finally:
            del assistant.store.nearest_ids
        return counts

    alone = asked(Assistant(crowded.settings, embedder=embedder), ["Who tidies the kitchen?"])
    after = asked(Assistant(crowded.settings, embedder=embedder),
                  ["How long does descaling take?", "Who tidies the kitchen?"])
    assert alone == after


def test_a_copy_is_found_when_others_are_removed(crowded: Assistant, tmp_path: Path) -> None:
    """The pool's copy of a text is whichever neighbour came first: with that file gone, another
    copy stands in (nothing is promoted or rewritten)."""
    first = crowded.search_hits("How long does descaling take?", top_k=1)[0]
    crowded.delete_document(first.chunk.file)
    again = crowded.search_hits("How long does descaling take?", top_k=1)[0]
    assert again.chunk.text_hash == first.chunk.text_hash
    assert again.chunk.file != first.chunk.file and again.chunk.file.endswith("coffee.md")


def test_chunks_of_an_older_id_scheme_are_replaced(make_assistant, tmp_path: Path) -> None:
    """Chunks stored under ids of another scheme, of the same file version, are dropped when the
    file is indexed again (a version bump re-indexes it): no live duplicate stays behind."""
    corpus = tmp_path / "corpus"
    corpus.mkdir()
    (corpus / "kitchen.md").write_text(ANSWER, encoding="utf-8")
    assistant = make_assistant(corpus_path=corpus)
    assistant.index()
    store = assistant.store
    record = store.files()["kitchen.md"]
    current = store.chunks_of(["kitchen.md"])
    old = [c.__class__(**{**c.__dict__, "id": f"old-{n}"}) for n, c in enumerate(current)]
    store.add_chunks(old, assistant.embedder().embed_passages([c.text for c in old]))
    store.put_file(record.__class__(**{**record.__dict__, "version": INDEX_VERSION - 1}))
    assistant.index()
    assert sorted(c.id for c in store.chunks_of(["kitchen.md"])) == sorted(c.id for c in current)


def test_keyword_hits_are_one_a_text(crowded: Assistant) -> None:
    top = crowded.retriever.keywords.top("kettle", 5)
    files = [crowded.store.get_chunks([i])[0].file for i, _ in top]
    assert len(files) == 2 and "kitchen.md" in files
    hits = crowded.retriever.search("kettle", top_k=2, mode="lexical")
    assert "kitchen.md" in [h.chunk.file for h in hits]
