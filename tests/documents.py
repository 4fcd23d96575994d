"""Real documents made for tests: PDFs printed by headless Chromium (CI installs it with
fonts-noto-cjk), the same way the second corpus's PDFs are made."""

from __future__ import annotations

import base64
import shutil
import struct
import subprocess
import zlib
from pathlib import Path

import pytest

from rag.answer.sources import Source, sources_of
from rag.ingest.chunking import Chunk
from rag.ingest.documents import Document
from rag.search.retrieval import Hit
from rag.search.store import StoredChunk

CHROMIUM = Path("/usr/bin/chromium")
FILLER = " ".join(f"Library rule {n}: each library lives in its own folder and can be enabled for one "
                  "project or for all of them." for n in range(1, 25))
PAGE = f"""<!DOCTYPE html><html lang="en"><head><meta charset="utf-8"><title>KiCad</title><style>
body {{ font-family: "Noto Sans", "DejaVu Sans", "Noto Sans CJK SC", sans-serif; font-size: 11pt;
       line-height: 1.4; margin: 0; }}
h1 {{ font-size: 16pt; margin: 0 0 3mm; }} h2 {{ font-size: 14pt; margin: 3mm 0 2mm; }}
p {{ margin: 0 0 2.5mm; }} pre {{ font-size: 8pt; margin: 0 0 2.5mm; }} .spacer {{ height: 420pt; }}
</style></head><body>
<h1>1 Installation guide</h1>
<p>KiCad is a free software suite for electronic design automation.</p>
<h2>1.1 Exigences système</h2>
<p>Le logiciel nécessite un processeur 64 bits et quatre gigaoctets de mémoire vive.</p>
<p>Perangkat lunak ini membutuhkan ruang disk kosong sebesar sepuluh gigabita.</p>
<p>该软件需要六十四位处理器和至少四千兆字节的内存。</p>
<pre>$ sudo apt install kicad</pre>
<div class="spacer"></div>
<p>The crossing paragraph starts near the bottom of the first page. {FILLER}
The crossing paragraph ends on the second page.</p>
<p>Paragraf ini berada di halaman kedua dokumen yang dicetak oleh peramban.</p>
<p>这一段位于打印文档的第二页。</p>
</body></html>"""


def _png(width: int = 64, height: int = 64) -> bytes:
    """A grey gradient, so the image-only page has pixels but no text."""
    def chunk(kind: bytes, data: bytes) -> bytes:
        return struct.pack(">I", len(data)) + kind + data + struct.pack(">I", zlib.crc32(kind + data))
    rows = b"".join(b"\x00" + bytes((x * 4 + y) % 256 for x in range(width)) for y in range(height))
    header = struct.pack(">IIBBBBB", width, height, 8, 0, 0, 0, 0)
    return (b"\x89PNG\r\n\x1a\n" + chunk(b"IHDR", header) + chunk(b"IDAT", zlib.compress(rows))
            + chunk(b"IEND", b""))


def _print_pdf(html: str, workdir: Path, name: str) -> bytes:
    page = workdir / f"{name}.html"
    out = workdir / f"{name}.pdf"
    page.write_text(html, encoding="utf-8")
    subprocess.run(
        [str(CHROMIUM), "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
         "--disable-background-networking", "--disable-component-update", "--disable-sync",
         f"--user-data-dir={workdir / 'profile'}", "--no-pdf-header-footer", f"--print-to-pdf={out}",
         page.as_uri()],
        check=True, capture_output=True, timeout=120)
    return out.read_bytes()


def print_test_pdfs(workdir_factory: pytest.TempPathFactory) -> dict[str, bytes]:
    """The multilingual two-page PDF ("text") and an image-only one ("image")."""
    if not CHROMIUM.exists() or shutil.which(str(CHROMIUM)) is None:
        pytest.skip("needs /usr/bin/chromium to print test PDFs (apt-get install chromium fonts-noto-cjk)")
    workdir = workdir_factory.mktemp("pdf")
    image = f'<html><body><img src="data:image/png;base64,{base64.b64encode(_png()).decode()}" width="400">'
    return {"text": _print_pdf(PAGE, workdir, "text"),
            "image": _print_pdf(image + "</body></html>", workdir, "image")}



BACKUP_TABLE = ("# Backups\n\nEvery database of the cluster is backed up by the jobs below.\n\n"
                "| Job | Runs at | Kept for |\n|---|---|---|\n| [full] dump | 02:30 | 14 days |\n"
                "| Snapshot | 04:00 | 8 weeks |\n")
"""A Markdown table whose rows answer questions only under its column names (a bracket in a cell
is text, not markup)."""


def folder_with_backup_table(root: Path) -> Path:
    folder = root / "ops"
    folder.mkdir()
    (folder / "backups.md").write_text(BACKUP_TABLE, encoding="utf-8")
    return folder


def sources_of_chunk(doc: Document, chunk: Chunk) -> list[Source]:
    """Source 1: one chunk of `doc` as the index stores it (its layout through JSON) and the answer
    path reads it back."""
    stored = StoredChunk(f"id{chunk.start_char}", doc.path, doc.sha256, chunk.start_char,
                         chunk.end_char, chunk.start_line, chunk.end_line, chunk.text, "h", "fr",
                         layout=chunk.layout.to_json())
    return sources_of([Hit(stored, 0.9)])
