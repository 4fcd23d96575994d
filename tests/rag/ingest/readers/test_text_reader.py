import os
import textwrap
from pathlib import Path

import pytest

from rag.errors import UnreadableDocument
from rag.ingest.readers import reader_for, section_of
from rag.ingest.readers.text_reader import TextReader
from tests.conftest import data_dir
from tests.rag.ingest.readers.invariants import assert_well_formed

CORPUS = Path(__file__).resolve().parents[4] / "corpus"

MANUAL = """\
KICAD INSTALLATION GUIDE
========================

1 Introduction

KiCad is an open source software suite for electronic design automation.
It lets you draw schematics, lay out printed circuit boards and produce
the files a manufacturer needs. This guide explains how to install it on
Debian and how to check that the installation works.

2 Installation

2.1 Requirements

You need a 64-bit system with at least 4 GB of memory and 10 GB of free
disk space for the libraries. The 3D models alone take several gigabytes
of space.

  Package          Version   Size
  ---------------  --------  ------
  kicad            7.0.10    120 MB
  kicad-libraries  7.0.10    1.2 GB

2.2 Installing the packages

Run the following commands as root:
$ sudo apt-get update
$ sudo apt-get install kicad

Or build it from source:

    git clone https://gitlab.com/kicad/code/kicad.git
    cd kicad

    cmake -B build .

Notes
-----

- The libraries are large; install them only if you need the
  3D viewer and the footprint previews.
- Fonts are installed automatically.

| Option | Meaning       |
|--------|---------------|
| -h     | show help     |

3 Troubleshooting
If KiCad does not start, remove its configuration folder and try it
again.
"""


def _blocks(text: str) -> list[tuple[str, str, int]]:
    ex = TextReader().read(text.encode(), "manual.txt")
    assert_well_formed(ex, rebuilt=False)
    return [(b.kind, ex.text[b.start:b.end], b.level) for b in ex.blocks]


@pytest.mark.parametrize("path", sorted(CORPUS.glob("*.txt")), ids=lambda p: p.name)
def test_scraped_articles_keep_one_block_per_line(path: Path) -> None:
    """One paragraph a line, as the chunker always read these files; the text is the file's."""
    raw = path.read_bytes()
    ex = TextReader().read(raw, path.name)
    assert ex.text == raw.decode("utf-8").removeprefix("\ufeff")
    assert_well_formed(ex, rebuilt=False)
    expected = []
    pos = 0
    for line in ex.text.split("\n"):
        if line.strip():
            start = pos + len(line) - len(line.lstrip())
            expected.append((start, pos + len(line.rstrip())))
        pos += len(line) + 1
    assert [(b.start, b.end) for b in ex.blocks] == expected
    assert {b.kind for b in ex.blocks} <= {"paragraph", "list_item"}
    assert ex.sections == []


def test_hard_wrapped_manual_structure() -> None:
    blocks = _blocks(MANUAL)
    kinds = [(kind, text.split("\n")[0], level) for kind, text, level in blocks]
    assert kinds == [
        ("heading", "KICAD INSTALLATION GUIDE", 1),
        ("heading", "1 Introduction", 1),
        ("paragraph", "KiCad is an open source software suite for electronic design automation.", 0),
        ("heading", "2 Installation", 1),
        ("heading", "2.1 Requirements", 2),
        ("paragraph", "You need a 64-bit system with at least 4 GB of memory and 10 GB of free", 0),
        ("table", "Package          Version   Size", 0),
        ("heading", "2.2 Installing the packages", 2),
        ("paragraph", "Run the following commands as root:", 0),
        ("code", "$ sudo apt-get update", 0),
        ("paragraph", "Or build it from source:", 0),
        ("code", "    git clone https://gitlab.com/kicad/code/kicad.git", 0),
        ("heading", "Notes", 2),
        ("list_item", "- The libraries are large; install them only if you need the", 0),
        ("list_item", "- Fonts are installed automatically.", 0),
        ("table", "| Option | Meaning       |", 0),
        ("heading", "3 Troubleshooting", 1),
        ("paragraph", "If KiCad does not start, remove its configuration folder and try it", 0),
    ]
    texts = {text.split("\n")[0]: text for _, text, _ in blocks}
    assert texts["KiCad is an open source software suite for electronic design automation."].count("\n") == 3
    assert texts["If KiCad does not start, remove its configuration folder and try it"].endswith("again.")
    code = texts["    git clone https://gitlab.com/kicad/code/kicad.git"]
    assert code == MANUAL[MANUAL.index("    git clone"):MANUAL.index(" .\n") + 2]
    assert texts["Package          Version   Size"].endswith("kicad-libraries  7.0.10    1.2 GB")
    assert texts["| Option | Meaning       |"].count("\n") == 2


JUSTIFIED = """\
DESCRIPTION
       The cleaner removes the files named on its command line and leaves
       every directory in place unless it is asked to descend into them.
       It never follows symbolic links, and it asks before it removes a
       file that is write-protected.

NOTES
       Note  that  a file  removed  this way  may  still be  recovered by
       someone    with enough time    and the right    tools. For greater
       assurance  that the  contents  of a  file  cannot be  read  again,
       overwrite  it first with a tool made for that purpose, then remove
       it. The same holds for every copy of the file that a backup kept.

       Sizes of the files kept by the last run, right-aligned:

       backup.log                                    12 KB
       archive.tar                                  1.5 GB
       index.db                                     340 MB
"""


def test_justified_paragraph_is_prose_and_right_aligned_column_a_table() -> None:
    """A justified paragraph (as man renders one) ends every line at the wrap column and spaces
    its words unevenly: one paragraph, not table rows cut at each line. A column that ends at
    another place in rows of as many cells is still a table."""
    blocks = _blocks(JUSTIFIED)
    kinds = [(kind, text.split("\n")[0].strip()) for kind, text, _ in blocks]
    assert kinds == [
        ("heading", "DESCRIPTION"),
        ("paragraph", "The cleaner removes the files named on its command line and leaves"),
        ("heading", "NOTES"),
        ("paragraph", "Note  that  a file  removed  this way  may  still be  recovered by"),
        ("paragraph", "Sizes of the files kept by the last run, right-aligned:"),
        ("table", "backup.log                                    12 KB"),
    ]
    assert blocks[3][1].endswith("that a backup kept.")
    assert blocks[5][1].count("\n") == 2


MAN_PAGES = data_dir() / "corpora" / "kicad" / "text"


def test_justified_man_pages_have_no_tables() -> None:
    """The second corpus's GNU man pages, as man renders them (justified), hold no table: every
    paragraph is prose, whole, so a sentence is never cut at a line end."""
    pages = sorted(MAN_PAGES.glob("*/*.txt"))
    if not pages:
        if os.environ.get("RAG_REQUIRE_SECOND_CORPUS") == "1":
            pytest.fail(f"the second corpus is missing from {MAN_PAGES}: run `make corpora`")
        pytest.skip("second corpus not fetched (make corpora)")
    for page in pages:
        ex = TextReader().read(page.read_bytes(), page.name)
        assert [ex.text[b.start:b.end][:60] for b in ex.blocks if b.kind == "table"] == [], page
        for b in ex.blocks:
            if "shred(1)." in ex.text[b.start:b.end] and b.kind == "paragraph":
                assert "rm" in ex.text[b.start:b.end].split(), page  # the whole note, not its last line


def test_sections_follow_numbered_titles() -> None:
    ex = TextReader().read(MANUAL.encode(), "manual.txt")
    assert section_of(ex, ex.text.index("You need a 64-bit")) == "2 Installation > 2.1 Requirements"
    assert section_of(ex, ex.text.index("git clone")) == "2 Installation > 2.2 Installing the packages"
    assert section_of(ex, ex.text.index("Fonts are")) == "2 Installation > Notes"
    assert section_of(ex, ex.text.index("try it")) == "3 Troubleshooting"
    assert section_of(ex, 0) == "KICAD INSTALLATION GUIDE"


def test_hard_wrapped_chinese_and_french_paragraphs_are_one_block_each() -> None:
    zh = ("原理图编辑器是一款电路图绘制软件，作为套件的一部分发布，可以在多种操作系统上运行。"
          "无论使用哪种操作系统，所有文件都可以完全兼容地从一个系统转移到另一个系统。")
    fr = ("L'éditeur de schémas est un logiciel de saisie de schémas distribué avec KiCad et disponible "
          "sous les systèmes d'exploitation suivants, quel que soit le système choisi par l'utilisateur.")
    wrapped_zh = "\n".join(zh[i:i + 36] for i in range(0, len(zh), 36))
    wrapped_fr = textwrap.fill(fr, 72)
    blocks = _blocks(f"{wrapped_zh}\n\n{wrapped_fr}\n")
    assert [kind for kind, _, _ in blocks] == ["paragraph", "paragraph"]
    assert blocks[0][1] == wrapped_zh and blocks[1][1] == wrapped_fr
    assert wrapped_zh.count("\n") >= 2 and wrapped_fr.count("\n") >= 2


def test_wrapped_paragraphs_end_at_a_short_line_even_without_blank_lines() -> None:
    """Typewriter style: two spaces after a full stop, paragraphs only told apart by a short line."""
    first = textwrap.fill("The board editor places footprints.  It routes tracks between pads and "
                          "checks the design rules.  Every change is kept in the project file.", 60)
    second = textwrap.fill("Le gestionnaire de projets ouvre les éditeurs.  Il garde la liste des "
                           "fichiers récents et les modèles de projets fournis avec KiCad.", 60)
    blocks = _blocks(f"{first}\n{second}\n")
    assert [(kind, text) for kind, text, _ in blocks] == [("paragraph", first), ("paragraph", second)]


def test_grid_table_and_overlined_title() -> None:
    text = ("=========\nOverview\n=========\n\n+------+-------+\n| Key  | Does  |\n+======+=======+\n"
            "| F1   | Zoom  |\n+------+-------+\n\nA closing sentence.\n")
    assert _blocks(text) == [("heading", "Overview", 1),
                             ("table", text[text.index("+-"):text.rindex("+") + 1], 0),
                             ("paragraph", "A closing sentence.", 0)]


def test_numbered_list_is_not_a_list_of_titles() -> None:
    blocks = _blocks("Steps\n\n1. Download\n2. Install\n3. Run\n")
    assert [kind for kind, _, _ in blocks] == ["paragraph", "list_item", "list_item", "list_item"]


def test_text_is_unchanged_except_bom_and_line_ends() -> None:
    raw = "\ufeffTitle line\r\nSecond line\rThird line\r\n".encode()
    ex = TextReader().read(raw, "crlf.txt")
    assert ex.text == "Title line\nSecond line\nThird line\n"


@pytest.mark.parametrize(("encoding", "text"), [
    ("cp1252", "Les élèves ont préparé une crème brûlée. « Très bien », dit-il — où est l’œuvre ? "
               "Ça coûte 5 €.\nDeuxième ligne : à côté de la fenêtre, près du château.\n"),
    ("gb18030", "人工智能模型的开源策略正在改变。这是一个简体中文的测试段落，包含标点符号。\n"
                "第二行：模型训练需要大量的计算资源和数据。\n"),
    ("big5", "人工智慧模型的開源策略正在改變。這是一個繁體中文的測試段落，包含標點符號。\n"
             "第二行：模型訓練需要大量的計算資源與資料。\n"),
    ("latin-1", "Le système a été installé à Genève. Même l'équipe était très étonnée.\n"
                "Deuxième ligne : déjà prêt, naïf et sûr.\n"),
])
def test_legacy_encodings_are_decoded(encoding: str, text: str) -> None:
    ex = TextReader().read(text.encode(encoding), "legacy.txt")
    assert ex.text == text
    assert_well_formed(ex, rebuilt=False)


@pytest.mark.parametrize(("data", "reason"), [
    (b"", "empty file"),
    (b"  \n\t\n", "empty file"),
    (b"PK\x03\x04\x00\x00binary", "NUL byte"),
    (bytes(range(1, 32)) * 40 + b"\xff\xfe\xfd" * 50, "not decodable as text"),
])
def test_unreadable_files_say_why(data: bytes, reason: str) -> None:
    with pytest.raises(UnreadableDocument, match=reason):
        TextReader().read(data, "bad.txt")


def test_reader_is_chosen_by_suffix() -> None:
    assert isinstance(reader_for("notes/MANUAL.TXT"), TextReader)
    assert isinstance(reader_for("a.rst"), TextReader)
