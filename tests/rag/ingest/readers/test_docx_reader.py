import io

import docx
import pytest
from docx.enum.style import WD_STYLE_TYPE

from rag.errors import UnreadableDocument
from rag.ingest.readers import reader_for, section_of
from rag.ingest.readers.docx_reader import DocxReader
from tests.rag.ingest.readers.invariants import assert_well_formed


def _docx() -> bytes:
    document = docx.Document()
    document.add_heading("Guide d’installation de KiCad", 0)
    document.add_heading("1 Installation", 1)
    document.add_paragraph("KiCad est une suite logicielle libre pour la conception électronique.")
    document.add_heading("1.1 系统要求", 2)
    document.add_paragraph("该软件需要六十四位处理器和至少四千兆字节的内存。")
    document.add_paragraph("Télécharger le paquet", style="List Bullet")
    document.add_paragraph("Installer le paquet", style="List Number")
    table = document.add_table(rows=3, cols=2)
    for r, (key, action) in enumerate([("Touche", "Action"), ("F1", "Zoom avant"), ("F2", "缩小")]):
        table.cell(r, 0).text = key
        table.cell(r, 1).text = action
    code = document.styles.add_style("Code", WD_STYLE_TYPE.PARAGRAPH)
    document.add_paragraph("$ sudo apt install kicad", style=code)
    document.add_paragraph("    kicad --version", style=code)
    document.add_heading("2 Dépannage", 1)
    document.add_paragraph("Si KiCad ne démarre pas,   supprimez\tle dossier de configuration.")
    document.add_paragraph("   ")
    document.sections[0].header.paragraphs[0].text = "En-tête répété sur chaque page"
    buffer = io.BytesIO()
    document.save(buffer)
    return buffer.getvalue()


def test_docx_blocks_headings_tables_and_lists() -> None:
    ex = DocxReader().read(_docx(), "guide.docx")
    assert_well_formed(ex, rebuilt=True)
    assert [(b.kind, ex.text[b.start:b.end], b.level) for b in ex.blocks] == [
        ("heading", "Guide d’installation de KiCad", 1),
        ("heading", "1 Installation", 1),
        ("paragraph", "KiCad est une suite logicielle libre pour la conception électronique.", 0),
        ("heading", "1.1 系统要求", 2),
        ("paragraph", "该软件需要六十四位处理器和至少四千兆字节的内存。", 0),
        ("list_item", "Télécharger le paquet", 0),
        ("list_item", "Installer le paquet", 0),
        ("table", "Touche | Action\nF1 | Zoom avant\nF2 | 缩小", 0),
        ("code", "$ sudo apt install kicad\n    kicad --version", 0),
        ("heading", "2 Dépannage", 1),
        ("paragraph", "Si KiCad ne démarre pas, supprimez le dossier de configuration.", 0),
    ]
    assert "En-tête" not in ex.text
    assert section_of(ex, ex.text.index("该软件")) == "1 Installation > 1.1 系统要求"
    assert section_of(ex, ex.text.index("Si KiCad")) == "2 Dépannage"


def test_merged_and_nested_cells_keep_their_text_once() -> None:
    document = docx.Document()
    table = document.add_table(rows=3, cols=3)
    table.cell(0, 0).merge(table.cell(0, 2)).text = "Perangkat keras"
    for col, text in enumerate(["CPU", "64 bit\nx86", "4 GB"]):
        table.cell(1, col).text = text
    table.cell(2, 0).add_table(rows=1, cols=1).cell(0, 0).text = "嵌套表格"
    buffer = io.BytesIO()
    document.save(buffer)
    ex = DocxReader().read(buffer.getvalue(), "cells.docx")
    assert_well_formed(ex, rebuilt=True)
    assert ex.text == "Perangkat keras\nCPU | 64 bit x86 | 4 GB\n嵌套表格 |  |"


def test_empty_document_is_unreadable() -> None:
    buffer = io.BytesIO()
    docx.Document().save(buffer)
    with pytest.raises(UnreadableDocument, match="no text"):
        DocxReader().read(buffer.getvalue(), "empty.docx")


def test_not_a_docx_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument, match="not a readable DOCX"):
        DocxReader().read(b"this is not a zip file", "broken.docx")


def test_docx_suffix() -> None:
    assert isinstance(reader_for("Report.DOCX"), DocxReader)
    assert reader_for("old.doc") is None
