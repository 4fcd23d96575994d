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


def test_unreadable_files_are_skipped_with_reason_and_legacy_encodings_decoded(
        tmp_path: Path, caplog: pytest.LogCaptureFixture) -> None:
    (tmp_path / "good.md").write_text("# Title\nA sentence.\n", encoding="utf-8")
    (tmp_path / "latin1.txt").write_bytes("Un café crème, s'il vous plaît, et l'addition.".encode("cp1252"))
    (tmp_path / "empty.txt").write_text("  \n")
    (tmp_path / "blob.txt").write_bytes(b"\x00\x01\x02binary")
    (tmp_path / "broken.pdf").write_bytes(b"%PDF")
    (tmp_path / "notes.xyz").write_text("not a document type we read")
    (tmp_path / "sub").mkdir()
    (tmp_path / "sub" / "nested.txt").write_text("Nested text.")
    report = load_corpus(tmp_path)
    assert [d.path for d in report.documents] == ["good.md", "latin1.txt", "sub/nested.txt"]
    assert report.documents[1].text.startswith("Un café crème")
    reasons = dict(report.skipped)
    assert set(reasons) == {"empty.txt", "blob.txt", "broken.pdf"}
    assert "empty" in reasons["empty.txt"] and "binary" in reasons["blob.txt"]
    assert "PDF" in reasons["broken.pdf"]
    assert "broken.pdf" in caplog.text


def test_missing_corpus_is_a_clear_error(tmp_path: Path) -> None:
    with pytest.raises(CorpusError, match="does not exist"):
        load_corpus(tmp_path / "nope")
