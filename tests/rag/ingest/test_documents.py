from pathlib import Path

import pytest

from rag.errors import CorpusError
from rag.ingest.documents import load_corpus


def test_seed_corpus_loads_with_hashes_and_lines(corpus_dir: Path) -> None:
    report = load_corpus(corpus_dir)
    assert [d.path for d in report.documents] == sorted(p.name for p in corpus_dir.glob("*.txt"))
    assert report.skipped == []
    for doc in report.documents:
        raw = (corpus_dir / doc.path).read_bytes()
        assert doc.text == raw.decode("utf-8")
        assert len(doc.sha256) == 64
        for n, start in enumerate(doc.line_starts, 1):
            assert doc.line_of(start) == n
            assert start == 0 or doc.text[start - 1] == "\n"


def test_undecodable_empty_and_binary_files_are_skipped_with_reason(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "good.md").write_text("# Title\nA sentence.\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("caf\xe9 cr\xe8me".encode("latin-1"))
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "ignored.pdf").write_bytes(b"%PDF")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nested.txt").write_text("Nested text.")
    report = load_corpus(tmp_path)
    assert [d.path for d in report.documents] == ["good.md", "sub/nested.txt"]
    reasons = dict(report.skipped)
    assert set(reasons) == {"latin1.txt", "empty.txt", "blob.txt"}
    assert "UTF-8" in reasons["latin1.txt"] and "empty" in reasons["empty.txt"]
    assert "binary" in reasons["blob.txt"]
    assert "latin1.txt" in caplog.text


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")
