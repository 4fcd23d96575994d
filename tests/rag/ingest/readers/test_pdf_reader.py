"""PDF reading, on real PDFs printed by headless Chromium (our CI installs it with fonts-noto-cjk)."""

import re

import pytest

from rag.errors import UnreadableDocument
from rag.ingest.readers import page_of, reader_for, section_of
from rag.ingest.readers.pdf_reader import PdfReader
from tests.poisoned.pdf import pdf_file
from tests.rag.ingest.readers.invariants import assert_well_formed


def _find(text: str, needle: str) -> tuple[int, int]:
    """Span of `needle` in `text`, ignoring whitespace: printed lines wrap anywhere, CJK included."""
    pattern = r"\s*".join(re.escape(ch) for ch in needle if not ch.isspace())
    match = re.search(pattern, text)
    assert match, f"{needle!r} not in the extracted text"
    return match.span()


def test_multilingual_pdf_pages_and_sections(printed: dict[str, bytes]) -> None:
    ex = PdfReader().read(printed["text"], "guide.pdf")
    assert_well_formed(ex, rebuilt=True)
    assert len(ex.page_starts) == 2
    on_first = ["KiCad is a free software suite for electronic design automation.",
                "Le logiciel nécessite un processeur 64 bits et quatre gigaoctets de mémoire vive.",
                "Perangkat lunak ini membutuhkan ruang disk kosong sebesar sepuluh gigabita.",
                "该软件需要六十四位处理器和至少四千兆字节的内存。"]
    on_second = ["Paragraf ini berada di halaman kedua dokumen yang dicetak oleh peramban.",
                 "这一段位于打印文档的第二页。"]
    for sentence in on_first:
        start, end = _find(ex.text, sentence)
        assert (page_of(ex, start), page_of(ex, end - 1)) == (1, 1), sentence
    for sentence in on_second:
        start, end = _find(ex.text, sentence)
        assert (page_of(ex, start), page_of(ex, end - 1)) == (2, 2), sentence
    start, _ = _find(ex.text, "The crossing paragraph starts near the bottom of the first page.")
    _, end = _find(ex.text, "The crossing paragraph ends on the second page.")
    assert page_of(ex, start) == 1 and page_of(ex, end - 1) == 2
    assert ex.text[ex.page_starts[1] - 2:ex.page_starts[1]] == "\n\n"


def test_pdf_structure_from_font_sizes_and_spacing(printed: dict[str, bytes]) -> None:
    ex = PdfReader().read(printed["text"], "guide.pdf")
    headings = [(ex.text[b.start:b.end], b.level) for b in ex.blocks if b.kind == "heading"]
    assert headings == [("1 Installation guide", 1), ("1.1 Exigences système", 2)]
    zh_start, _ = _find(ex.text, "该软件需要六十四位处理器")
    assert section_of(ex, zh_start) == "1 Installation guide > 1.1 Exigences système"
    blocks = {ex.text[b.start:b.end].split("\n")[0]: b.kind for b in ex.blocks}
    assert blocks["Perangkat lunak ini membutuhkan ruang disk kosong sebesar sepuluh gigabita."] \
        == "paragraph"
    assert blocks["$ sudo apt install kicad"] == "code"
    paragraph = next(b for b in ex.blocks if ex.text[b.start:b.end].startswith("The crossing paragraph"))
    assert ex.text[paragraph.start:paragraph.end].count("\n") >= 2, "a paragraph keeps its printed lines"


def test_image_only_pdf_is_unreadable(printed: dict[str, bytes]) -> None:
    with pytest.raises(UnreadableDocument, match=r"PDF has no text layer \(scanned or image-only\)"):
        PdfReader().read(printed["image"], "scan.pdf")


def test_pdf_without_pages_is_unreadable() -> None:
    import io

    import pypdfium2 as pdfium

    buffer = io.BytesIO()
    pdfium.PdfDocument.new().save(buffer)
    with pytest.raises(UnreadableDocument, match=r"no text layer \(scanned or image-only\): .* no pages"):
        PdfReader().read(buffer.getvalue(), "empty.pdf")


def test_password_protected_pdf_is_unreadable() -> None:
    """Standard security handler whose user password is not empty: pdfium cannot open it."""
    data = pdf_file([b"<< /Type /Catalog /Pages 2 0 R >>", b"<< /Type /Pages /Kids [3 0 R] /Count 1 >>",
                 b"<< /Type /Page /Parent 2 0 R /MediaBox [0 0 200 200] >>",
                 b"<< /Filter /Standard /V 1 /R 2 /O <%s> /U <%s> /P -4 >>" % (b"11" * 32, b"22" * 32)],
                b"/Root 1 0 R /Encrypt 4 0 R /ID [<00112233445566778899aabbccddeeff> "
                b"<00112233445566778899aabbccddeeff>]")
    with pytest.raises(UnreadableDocument, match="encrypted"):
        PdfReader().read(data, "secret.pdf")


@pytest.mark.parametrize("data", [b"%PDF-1.7\n garbage", b"not a pdf at all"])
def test_corrupt_pdf_is_unreadable(data: bytes) -> None:
    with pytest.raises(UnreadableDocument, match="not a readable PDF"):
        PdfReader().read(data, "broken.pdf")


def test_pdf_suffix() -> None:
    assert isinstance(reader_for("manual.PDF"), PdfReader)


def test_an_empty_pdf_is_told_apart_after_another_pdf_failed() -> None:
    """pdfium leaves the last failure's code in place when it refuses an empty page tree: the
    reason must not depend on what the process read before."""
    import io

    import pypdfium2 as pdfium

    with pytest.raises(UnreadableDocument, match="not a readable PDF"):
        PdfReader().read(b"%PDF-1.4 this is not a pdf at all", "garbage.pdf")
    buffer = io.BytesIO()
    pdfium.PdfDocument.new().save(buffer)
    with pytest.raises(UnreadableDocument, match=r"no text layer \(scanned or image-only\): .* no pages"):
        PdfReader().read(buffer.getvalue(), "empty.pdf")
