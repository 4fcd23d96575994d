from rag.ingest.readers import reader_for, section_of
from rag.ingest.readers.markdown_reader import MarkdownReader
from tests.rag.ingest.readers.invariants import assert_well_formed

SOURCE = """\
# Guide KiCad

Un paragraphe d'introduction
écrit sur deux lignes.

## 2 Installation ##

### 2.1 需求

1. Télécharger le paquet
   puis le vérifier.
2. Installer
   - sous Debian

   Un second paragraphe dans l'élément.

```sh
$ apt-get install kicad

$ kicad --version
```

    code indenté
    suite

| Touche | Action |
|--------|--------|
| F1     | Zoom   |

Persyaratan sistem
------------------

> Kutipan singkat.
"""


def test_blocks_come_from_the_token_stream_and_text_is_the_source() -> None:
    ex = MarkdownReader().read(SOURCE.encode(), "guide.md")
    assert ex.text == SOURCE
    assert_well_formed(ex, rebuilt=False)
    got = [(b.kind, ex.text[b.start:b.end], b.level) for b in ex.blocks]
    assert got == [
        ("heading", "Guide KiCad", 1),
        ("paragraph", "Un paragraphe d'introduction\nécrit sur deux lignes.", 0),
        ("heading", "2 Installation", 2),
        ("heading", "2.1 需求", 3),
        ("list_item", "1. Télécharger le paquet\n   puis le vérifier.", 0),
        ("list_item", "2. Installer", 0),
        ("list_item", "- sous Debian", 0),
        ("list_item", "Un second paragraphe dans l'élément.", 0),
        ("code", "```sh\n$ apt-get install kicad\n\n$ kicad --version\n```", 0),
        ("code", "    code indenté\n    suite", 0),
        ("table", "| Touche | Action |\n|--------|--------|\n| F1     | Zoom   |", 0),
        ("heading", "Persyaratan sistem", 2),
        ("paragraph", "> Kutipan singkat.", 0),
    ]


def test_sections_are_heading_paths() -> None:
    ex = MarkdownReader().read(SOURCE.encode(), "guide.md")
    assert section_of(ex, SOURCE.index("Installer")) == "Guide KiCad > 2 Installation > 2.1 需求"
    assert section_of(ex, SOURCE.index("Kutipan")) == "Guide KiCad > Persyaratan sistem"
    assert section_of(ex, SOURCE.index("Un paragraphe")) == "Guide KiCad"


def test_markdown_suffixes() -> None:
    assert isinstance(reader_for("README.md"), MarkdownReader)
    assert isinstance(reader_for("notes.markdown"), MarkdownReader)
