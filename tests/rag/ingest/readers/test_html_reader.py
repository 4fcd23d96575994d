from pathlib import Path

import pytest

from rag.errors import UnreadableDocument
from rag.ingest.readers import reader_for, section_of
from rag.ingest.readers.html_reader import HtmlReader
from tests.rag.ingest.readers.invariants import assert_well_formed

KICAD = Path(__file__).parent / "data" / "kicad_eeschema_en_excerpt.html"


def _read(html: str | bytes) -> list[tuple[str, str, int]]:
    data = html.encode() if isinstance(html, str) else html
    ex = HtmlReader().read(data, "page.html")
    assert_well_formed(ex, rebuilt=True)
    return [(b.kind, ex.text[b.start:b.end], b.level) for b in ex.blocks]


def test_kicad_manual_keeps_content_and_drops_toc_and_footer() -> None:
    ex = HtmlReader().read(KICAD.read_bytes(), KICAD.name)
    assert_well_formed(ex, rebuilt=True)
    assert "Table of Contents" not in ex.text and "1.2. Initial Configuration" not in ex.text
    assert "Last updated" not in ex.text
    headings = [(ex.text[b.start:b.end], b.level) for b in ex.blocks if b.kind == "heading"]
    assert headings == [
        ("Schematic Editor", 1),
        ("1. Introduction to the KiCad Schematic Editor", 2),
        ("1.1. Description", 3),
        ("1.6. Mouse operations and selection", 3),
        ("4. Inspecting a schematic", 2),
        ("4.4. Design verification with Electrical Rules Check", 3),
        ("4.4.4. ERC report file", 4),
    ]
    items = [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "list_item"]
    assert items == ["Linux", "Apple macOS", "Windows"]
    [table] = [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "table"]
    rows = table.split("\n")
    assert rows[0] == ("Modifier Keys (Windows) | Modifier Keys (Linux) | Modifier Keys (macOS)"
                       " | Selection Effect")
    assert rows[2] == "Ctrl+Shift | Ctrl+Shift | Cmd+Shift | Remove the item from the existing selection."
    assert len(rows) == 5
    [code] = [ex.text[b.start:b.end] for b in ex.blocks if b.kind == "code"]
    assert code.startswith("ERC report (Fri 21 Oct 2022 02:07:05 PM EDT, Encoding UTF8)\n\n***** Sheet /\n")
    assert "\n    ; Severity: error\n" in code and code.endswith(" ** ERC messages: 5  Errors 5  Warnings 0")
    paragraph = ex.text.index("The Electrical Rules Check (ERC) tool performs an automatic check")
    assert section_of(ex, paragraph) == ("Schematic Editor > 4. Inspecting a schematic > "
                                         "4.4. Design verification with Electrical Rules Check")
    assert section_of(ex, ex.text.index("Apple macOS")) == (
        "Schematic Editor > 1. Introduction to the KiCad Schematic Editor > 1.1. Description")


def test_furniture_and_hidden_elements_are_dropped() -> None:
    html = """<!doctype html><html><head><title>T</title><style>p{color:red}</style>
    <script>var menu = "Script text";</script></head><body>
    <header class="site-header"><a href="/">Site name</a><nav><a>Home</a><a>Blog</a></nav></header>
    <div class="breadcrumbs">Home › Docs</div>
    <main><article>
      <h1>Panduan <em>instalasi</em></h1>
      <p>Paragraf   pertama
         dengan spasi.<span hidden>secret one</span></p>
      <p aria-hidden="true">secret two</p>
      <div style="display: none">secret three</div>
      <div style="visibility:hidden">secret four</div>
      <form><label>Search</label><input value="q"></form>
      <h2>Langkah</h2>
      <ol><li>Unduh paket</li><li>Pasang <b>paket</b><ul><li>di Debian</li></ul></li></ol>
      <pre><code>$ sudo apt install kicad
    indented line</code></pre>
      <table><tbody><tr><td>F1</td><td>Zoom</td></tr></tbody>
        <thead><tr><th>Key</th><th>Action</th></tr></thead></table>
      <aside>Related posts</aside>
    </article></main>
    <footer>© 2024 footer text</footer></body></html>"""
    blocks = _read(html)
    assert blocks == [
        ("heading", "Panduan instalasi", 1),
        ("paragraph", "Paragraf pertama dengan spasi.", 0),
        ("heading", "Langkah", 2),
        ("list_item", "Unduh paket", 0),
        ("list_item", "Pasang paket", 0),
        ("list_item", "di Debian", 0),
        ("code", "$ sudo apt install kicad\n    indented line", 0),
        ("table", "Key | Action\nF1 | Zoom", 0),
    ]


def test_page_without_main_uses_body_and_keeps_header_with_title() -> None:
    html = ("<html><body><header><h1>Le titre</h1></header><div id='nav-menu'>Accueil</div>"
            "<div>Texte en français, 中文文本。</div></body></html>")
    assert _read(html) == [("heading", "Le titre", 1), ("paragraph", "Texte en français, 中文文本。", 0)]


@pytest.mark.parametrize(("meta", "encoding", "body"), [
    ('<meta charset="windows-1252">', "cp1252", "Crème brûlée à 5 €"),
    ('<meta http-equiv="Content-Type" content="text/html; charset=iso-8859-1">', "cp1252",
     "Œuvre « à côté »"),
    ('<meta charset="gb18030">', "gb18030", "原理图编辑器用于绘制电路图"),
    ('<meta charset="big5">', "big5", "原理圖編輯器用於繪製電路圖"),
])
def test_declared_legacy_charset_is_honoured(meta: str, encoding: str, body: str) -> None:
    html = f"<html><head>{meta}</head><body><p>{body}</p></body></html>"
    assert _read(html.encode(encoding)) == [("paragraph", body, 0)]


def test_page_with_only_furniture_is_unreadable() -> None:
    with pytest.raises(UnreadableDocument, match="no text"):
        HtmlReader().read(b"<html><body><nav>Home</nav><script>x()</script></body></html>", "x.html")


def test_html_suffixes() -> None:
    assert isinstance(reader_for("a/b/index.HTML"), HtmlReader)
    assert isinstance(reader_for("page.htm"), HtmlReader)
