import itertools
from pathlib import Path

import pytest

from rag.ingest.chunking import MAX_LENGTH, chunk_document
from rag.ingest.documents import load_corpus, read_document
from rag.text.sentences import sentence_spans, weighted_length


@pytest.fixture(scope="module")
def documents(corpus_dir: Path):
    return load_corpus(corpus_dir).documents


def test_every_chunk_of_every_file_keeps_the_passage_invariants(documents) -> None:
    for doc in documents:
        chunks = chunk_document(doc)
        assert chunks, doc.path
        for c in chunks:
            assert doc.text[c.start_char:c.end_char] == c.text
            assert c.text == c.text.strip() and c.text
            assert c.start_line == doc.text.count("\n", 0, c.start_char) + 1
            assert c.end_line == doc.text.count("\n", 0, c.end_char - 1) + 1
            assert weighted_length(c.text) <= MAX_LENGTH or "\n" not in c.text


def test_chunks_cover_the_article_in_order_and_overlap_little(documents) -> None:
    for doc in documents:
        chunks = chunk_document(doc)
        starts = [c.start_char for c in chunks]
        assert starts == sorted(starts)
        for a, b in itertools.pairwise(chunks):
            assert b.start_char >= a.start_char
            overlap = max(0, a.end_char - b.start_char)
            assert overlap <= len(a.text) // 2


def test_boilerplate_menus_and_buttons_are_not_indexed(documents) -> None:
    french = next(d for d in documents if d.path.startswith("001"))
    text = " ".join(c.text for c in chunk_document(french))
    for furniture in ("Reposter", "Português (Brasil)", "Bahasa Indonesia", "Épingler", "qrCode"):
        assert furniture not in text
    assert "600 milliards" in text


def test_repeated_article_is_chunked_identically_in_both_copies(documents) -> None:
    doc = next(d for d in documents if d.path.startswith("000"))
    texts = [c.text for c in chunk_document(doc)]
    repeated = [t for t in set(texts) if texts.count(t) == 2]
    assert len(repeated) >= 8


def test_chinese_french_and_indonesian_sentences_split(tmp_path: Path) -> None:
    text = "祖克柏表示。Meta 必須優先追求「超級智慧」！真的嗎？\nLe PDG a parlé. Il part! Dr. Who reste.\n"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["祖克柏表示。", "Meta 必須優先追求「超級智慧」！", "真的嗎？", "Le PDG a parlé.",
                     "Il part!", "Dr. Who reste."]


def test_abbreviations_and_case_names_do_not_end_a_sentence() -> None:
    text = "Gugatan Kadrey v. Meta menuduh Meta. Apa putusan dalam Kadrey v. Meta? Belum ada."
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Gugatan Kadrey v. Meta menuduh Meta.", "Apa putusan dalam Kadrey v. Meta?",
                     "Belum ada."]


def test_a_scraped_qa_answer_ends_before_the_next_questions_letter() -> None:
    text = "Apa yang dituduhkan?A\nMeta melatih model Llama.Q\nApa rencana Meta?A\nNaik ke 3.5 GHz. OK\n"
    spans = [text[s:e] for s, e in sentence_spans(text)]
    assert spans == ["Apa yang dituduhkan?", "A", "Meta melatih model Llama.", "Q", "Apa rencana Meta?",
                     "A", "Naik ke 3.5 GHz.", "OK"]


def test_long_paragraph_is_cut_between_sentences_with_overlap(tmp_path: Path) -> None:
    sentences = [f"Kalimat nomor {i} menjelaskan sesuatu yang cukup panjang tentang Meta." for i in
                 range(40)]
    path = tmp_path / "long.txt"
    path.write_text(" ".join(sentences), encoding="utf-8")
    chunks = chunk_document(read_document(path, "long.txt"))
    assert len(chunks) > 2
    for a, b in itertools.pairwise(chunks):
        assert b.start_char < a.end_char  # one sentence carried over
        assert a.text.endswith(".") and b.text.startswith("Kalimat")


# A man page as Debian's Chinese translations have it: option descriptions without a full stop,
# and no spaces between the words.
CHINESE_MANUAL = """\
TARP(1)                            用户命令                            TARP(1)

名称
       tarp - 打包和解包项目树的磁带归档

选项
       -k, --keep-old
              把归档解包到当前目录时从不覆盖已有的文件，即使归档里的文件更新

       -z, --squeeze
              用安装程序时找到的最快的压缩程序压缩归档，压缩率低一些但快得多

       -v, --verbose
              列出处理过的每一个文件的名字以及它在归档中的大小和修改时间
"""


def test_a_chinese_manuals_option_descriptions_are_kept() -> None:
    """Counted in characters, or as one word for want of spaces, a line of Chinese read as a title;
    a run of them with nothing after was dropped with the titles."""
    from rag.ingest.documents import document_of

    chunks = chunk_document(document_of("tarp.zh.txt", CHINESE_MANUAL.encode()))
    text = "\n".join(c.text for c in chunks)
    for description in ("从不覆盖已有的文件", "最快的压缩程序", "修改时间"):
        assert description in text


INDONESIAN_MANUAL = """\
TARP(1)                      Perintah Pengguna                      TARP(1)

NAMA
       tarp - membungkus dan membuka arsip pita dari sebuah pohon proyek

DESKRIPSI
       Bungkus berkas-berkas dari sebuah pohon proyek ke dalam satu arsip, atau
       buka arsip ke dalam direktori saat ini. Opsi dibaca dari kiri ke kanan.

       -R, --recursive
              daftar subdirektori secara rekursif
"""


def test_the_last_option_of_a_manual_is_kept_though_it_reads_as_a_title() -> None:
    from rag.ingest.documents import document_of

    chunks = chunk_document(document_of("tarp.txt", INDONESIAN_MANUAL.encode()))
    assert any("-R, --recursive" in c.text and "daftar subdirektori" in c.text for c in chunks)
