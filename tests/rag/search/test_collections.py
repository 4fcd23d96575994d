"""Collections: a search, an answer or a document listing scoped to some collections never shows a
passage, citation or file of another, in any retrieval mode, while the others still find theirs."""

from __future__ import annotations

import json
import shutil
from collections.abc import Iterator
from pathlib import Path

import pytest

from rag import Assistant, DocumentNotFound, Settings, collection_of
from rag.models.embedder import Embedder

ROOT = Path(__file__).resolve().parents[3]

SECRET = {
    "hr/salaries-en.md": "# Salary bands 2027\n\nThe 2027 salary band for grade H7 engineers is "
                         "8,450 euros per month. Grade H8 engineers earn 9,900 euros per month.\n",
    "hr/salaires-fr.md": "# Grilles salariales 2027\n\nLa grille salariale 2027 des ingénieurs de "
                         "grade H7 est de 8 450 euros par mois. Le grade H8 touche 9 900 euros.\n",
    "hr/gaji-id.md": "# Skala gaji 2027\n\nSkala gaji 2027 untuk insinyur tingkat H7 adalah 8.450 "
                     "euro per bulan. Insinyur tingkat H8 mendapat 9.900 euro per bulan.\n",
    "hr/xinzi-zh.md": "# 2027年薪資級距\n\n2027年H7級工程師的薪資級距為每月8,450歐元。"
                      "H8級工程師每月9,900歐元。\n",
}
SECRET_QUERIES = ["What is the salary band for grade H7 engineers?",
                  "Quelle est la grille salariale des ingénieurs H7 ?",
                  "Berapa skala gaji insinyur tingkat H7?", "H7級工程師的薪資是多少？",
                  "salary 8,450 euros", "9 900 euros H8"]


@pytest.fixture(scope="module")
def scoped(tmp_path_factory: pytest.TempPathFactory, base_settings: Settings,
           embedder: Embedder) -> Iterator[Assistant]:
    root = tmp_path_factory.mktemp("collections")
    corpus = root / "corpus"
    shutil.copytree(ROOT / "corpus", corpus / "public")
    for name, text in SECRET.items():
        (corpus / name).parent.mkdir(parents=True, exist_ok=True)
        (corpus / name).write_text(text, encoding="utf-8")
    (corpus / "welcome.md").write_text("# Welcome\n\nThe H7 grade is explained in the handbook.\n",
                                       encoding="utf-8")
    assistant = Assistant(base_settings.replace(corpus_path=corpus, index_path=root / "index"),
                          embedder=embedder)
    assistant.index()
    yield assistant


def _questions() -> list[str]:
    gold = [json.loads(line) for line in (ROOT / "eval" / "gold.jsonl").read_text().splitlines()
            if line.strip()]
    return [g["question"] for g in gold if g.get("question")][:60] + SECRET_QUERIES


def test_collections_are_the_first_folder() -> None:
    assert collection_of("hr/salaries-en.md") == "hr"
    assert collection_of("welcome.md") == "default"
    assert collection_of("public/sub/deep.txt") == "public"


@pytest.mark.parametrize("mode", ["hybrid", "dense", "lexical"])
def test_searches_never_cross_collections(scoped: Assistant, mode: str) -> None:
    probes = 0
    for query in _questions():
        for allowed in ({"public"}, {"public", "default"}, {"hr"}):
            hits = scoped.retriever.search(query, 8, mode=mode, collections=frozenset(allowed))
            files = {h.chunk.file for h in hits} | {c.file for h in hits for c in h.copies}
            assert all(collection_of(f) in allowed for f in files), (query, allowed, files)
            probes += 1
    assert probes >= 198
    # Scoped to hr, its documents are found; unscoped, they compete with the others.
    for query in SECRET_QUERIES[:4]:
        hits = scoped.retriever.search(query, 3, mode=mode, collections=frozenset({"hr"}))
        assert hits and hits[0].chunk.file.startswith("hr/"), query


def test_nothing_is_searched_for_no_collection(scoped: Assistant) -> None:
    assert scoped.search(SECRET_QUERIES[0], 5, collections=frozenset()) == []


def test_answers_never_cite_another_collection(scoped: Assistant) -> None:
    for query in SECRET_QUERIES:
        answer = scoped.ask(query, collections=frozenset({"public"}))
        assert all(not c.file.startswith("hr/") for c in answer.citations), query
        assert "8,450" not in answer.answer and "8.450" not in answer.answer
        assert "8 450" not in answer.answer
    allowed = scoped.ask(SECRET_QUERIES[0], collections=frozenset({"hr"}))
    assert not allowed.abstained and allowed.citations[0].file.startswith("hr/")


def test_documents_and_their_text_are_scoped(scoped: Assistant) -> None:
    public = {r.path for r in scoped.documents(frozenset({"public"}))}
    assert public and all(p.startswith("public/") for p in public)
    assert {r.path for r in scoped.documents(frozenset({"hr", "default"}))} == \
        {*SECRET, "welcome.md"}
    with pytest.raises(DocumentNotFound) as hidden:
        scoped.document_text("hr/salaries-en.md", collections=frozenset({"public"}))
    with pytest.raises(DocumentNotFound) as missing:
        scoped.document_text("hr/no-such-file.md", collections=frozenset({"public"}))
    # A document out of reach reads exactly like one that does not exist.
    assert str(hidden.value).replace("salaries-en", "no-such-file") == str(missing.value)
    assert scoped.document_text("hr/salaries-en.md", collections=frozenset({"hr"})).text


def test_a_document_out_of_reach_cannot_be_deleted(scoped: Assistant) -> None:
    with pytest.raises(DocumentNotFound):
        scoped.delete_document("hr/gaji-id.md", collections=frozenset({"public"}))
    assert (scoped.settings.index.corpus_path / "hr" / "gaji-id.md").exists()
    assert "hr/gaji-id.md" in {r.path for r in scoped.documents()}
