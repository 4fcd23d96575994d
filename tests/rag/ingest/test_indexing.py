"""Incremental indexing against a real embedded Chroma with the real embedder."""

import subprocess
import sys
import textwrap
from pathlib import Path

from rag.assistant import Assistant


class CountingEmbedder:
    """Wraps the real embedder to count how many passages get embedded."""

    def __init__(self, inner) -> None:
        self.inner, self.name, self.passages = inner, inner.name, 0

    def embed_queries(self, texts):
        return self.inner.embed_queries(texts)

    def embed_passages(self, texts):
        self.passages += len(texts)
        return self.inner.embed_passages(texts)


def test_reindex_skips_unchanged_files_and_never_loads_the_model(make_assistant, corpus_copy,
                                                                  embedder) -> None:
    first = make_assistant()
    report = first.index(corpus_copy)
    assert len(report.added) == 4 and report.embedded > 0
    # Identical chunk text (the repeated article) is embedded once and reused.
    assert report.reused >= 8

    counting = CountingEmbedder(embedder)
    second = Assistant(first.settings, embedder=counting)
    again = second.index(corpus_copy)
    assert sorted(again.unchanged) == sorted(report.added)
    assert not again.changed and again.embedded == 0 and counting.passages == 0


def test_changed_file_reembeds_only_new_text_and_deleted_file_is_dropped(make_assistant,
                                                                         corpus_copy,
                                                                         embedder) -> None:
    counting = CountingEmbedder(embedder)
    a = make_assistant()
    a._embedder = counting
    a.index(corpus_copy)
    before = counting.passages
    target = corpus_copy / "002_852ae002a154c28a.txt"
    target.write_text(target.read_text(encoding="utf-8") +
                      "\nMeta juga membuka kantor riset baru di Jakarta pada 2031.\n",
                      encoding="utf-8")
    (corpus_copy / "003_b2ec8ce9afd9f467.txt").unlink()
    report = a.index(corpus_copy)
    assert report.updated == ["002_852ae002a154c28a.txt"]
    assert report.removed == ["003_b2ec8ce9afd9f467.txt"]
    assert counting.passages - before == report.embedded <= 2
    files = {p for p, _ in [(r.path, r) for r in a.documents()]}
    assert "003_b2ec8ce9afd9f467.txt" not in files
    assert all(h.file != "003_b2ec8ce9afd9f467.txt" for h in a.search("Kadrey v. Meta", 10))
    top = a.search("kantor riset baru di Jakarta", 1)[0]
    assert top.file == "002_852ae002a154c28a.txt" and "Jakarta" in top.text
    # Stale chunks of the old version are gone from the store, not merely hidden.
    versions = {sha for _, sha in a.store.chunk_versions("002_852ae002a154c28a.txt")}
    assert len(versions) == 1


def test_unreadable_file_keeps_its_previous_version(make_assistant, corpus_copy) -> None:
    a = make_assistant()
    a.index(corpus_copy)
    path = corpus_copy / "003_b2ec8ce9afd9f467.txt"
    path.write_bytes(b"\xff\xfe\x00garbage\x00")
    report = a.index(corpus_copy)
    assert report.skipped and report.skipped[0][0] == path.name
    assert path.name not in report.removed
    assert any(p.file == path.name for p in a.search("Kadrey v. Meta hak cipta", 5))


KILLER = textwrap.dedent("""
    import os, sys
    from pathlib import Path
    from rag.assistant import Assistant
    from rag.models.embedder import load_embedder
    from rag.settings import Settings

    settings = Settings(index_path=Path(sys.argv[1]), data_dir=Path(sys.argv[3]))
    real = load_embedder(settings.models)
    calls = 0

    class DiesMidway:
        name = real.name
        def embed_queries(self, texts):
            return real.embed_queries(texts)
        def embed_passages(self, texts):
            global calls
            calls += 1
            if calls == int(sys.argv[4]):
                os._exit(137)  # as abrupt as kill -9: no cleanup, no flush
            return real.embed_passages(texts)

    Assistant(settings, embedder=DiesMidway()).index(Path(sys.argv[2]))
""")


def test_killed_index_run_leaves_a_usable_index_and_the_next_run_finishes(
        make_assistant, corpus_copy, tmp_path: Path, base_settings) -> None:
    a = make_assistant()
    index_path = a.settings.index.index_path
    # First a complete index of three files, then a run adding a fourth that dies mid-way.
    moved = corpus_copy / "001_52f91c2df59d381d.txt"
    held = tmp_path / "held.txt"
    moved.rename(held)
    a.index(corpus_copy)
    old_sha = {r.path: r for r in a.documents()}["002_852ae002a154c28a.txt"].sha256
    held.rename(moved)
    (corpus_copy / "002_852ae002a154c28a.txt").write_text("Meta membuka laboratorium di Bali.\n")
    script = tmp_path / "killer.py"
    script.write_text(KILLER)
    run = subprocess.run([sys.executable, str(script), str(index_path), str(corpus_copy),
                          str(base_settings.models.data_dir), "2"], capture_output=True, text=True,
                         timeout=600)
    assert run.returncode == 137, run.stderr[-2000:]

    survivor = make_assistant()
    files = {r.path: r for r in survivor.documents()}
    # 001 was finished and committed before the kill; 002 died mid-way and keeps its old version.
    assert files["002_852ae002a154c28a.txt"].sha256 == old_sha
    old_fact = survivor.search("Meta invested $14.3 billion in Scale AI", 3)
    assert old_fact[0].file == "002_852ae002a154c28a.txt" and "14,3" in old_fact[0].text
    assert survivor.search("Kadrey v. Meta", 3)
    report = survivor.index(corpus_copy)
    assert not report.skipped and report.updated == ["002_852ae002a154c28a.txt"]
    assert survivor.search("laboratorium di Bali", 1)[0].file == "002_852ae002a154c28a.txt"
    assert {r.path for r in survivor.documents()} == {p.name for p in corpus_copy.glob("*.txt")}
    french = survivor.search("Combien de milliards pour l'infrastructure IA ?", 3)
    assert french[0].file == "001_52f91c2df59d381d.txt"
    live_ids = {c.id for c in survivor.retriever.live_chunks()}
    stored = {i for r in survivor.documents()
              for i, _ in survivor.store.chunk_versions(r.path)}
    assert stored == live_ids  # nothing stale left behind
