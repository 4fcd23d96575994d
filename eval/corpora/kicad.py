#!/usr/bin/env python3
"""Fetch the KiCad evaluation corpus: real manuals in four languages and three formats.

Why: the default corpus is four short news articles, all plain text. The assistant also has to
cope with what users really bring: long HTML manuals, PDFs rendered from them, and hard-wrapped
plain text in legacy encodings, in English, French, Indonesian and Chinese. Debian ships exactly
such material under free licences: the KiCad 6 user manuals (`kicad-doc-*`, HTML) and translated
manual pages (`manpages-fr`, `manpages-id`, `manpages-zh`; English from `coreutils`). This script
downloads those packages with `apt-get download`, unpacks them with `dpkg-deb -x` and builds

    html/<lang>/<manual>.html   the manuals as shipped (images dropped)
    pdf/<lang>/kicad.pdf        the KiCad project-manager manual printed by headless Chromium
    text/<lang>/<page>.txt      man pages rendered by `man` at 80 columns (one fr page in cp1252
                                and one zh page in GB18030, named *.cp1252.txt / *.gb18030.txt)

No document appears twice: the manual printed to PDF is not also kept as HTML. The output is
deterministic (PDF dates are pinned) and the run is idempotent: downloads, unpacking and every
output file are skipped when present, and `.kicad-corpus.json` (hidden, so never indexed) records
a hash of the whole corpus when it is complete. Needs Debian's apt, man-db, and for the PDFs
`apt-get install -y chromium fonts-noto-cjk`. The gold set is `eval/gold-kicad.jsonl`.

Usage: python eval/corpora/kicad.py [--out DIR]   (default $RAG_DATA_DIR/corpora/kicad,
RAG_DATA_DIR defaulting to ~/.cache/rag-assistant)
"""

from __future__ import annotations

import argparse
import gzip
import hashlib
import json
import os
import re
import shutil
import subprocess
import sys
import tempfile
from pathlib import Path

LANGS = ("en", "fr", "id", "zh")
PACKAGES = [f"kicad-doc-{lang}" for lang in LANGS] + [
    "coreutils", "manpages-fr", "manpages-id", "manpages-zh"]
# The kicad-doc 6.0.11 translations are partial (much of fr/id/zh is still English), so each
# language keeps the manuals that exist in it; `kicad` (the smallest, best translated) is the PDF.
HTML_MANUALS: dict[str, tuple[str, ...]] = {
    "en": ("getting_started_in_kicad", "eeschema", "pcbnew"),
    "fr": ("eeschema", "pl_editor"),
    "id": ("getting_started_in_kicad", "eeschema"),
    "zh": ("eeschema", "pcbnew", "pl_editor"),
}
PDF_MANUAL = "kicad"
MAN_PAGES = ("ls", "cp", "chmod", "du", "rm")
MAN_DIRS = {"en": ("coreutils", "usr/share/man/man1"), "fr": ("manpages-fr", "usr/share/man/fr/man1"),
            "id": ("manpages-id", "usr/share/man/id/man1"),
            "zh": ("manpages-zh", "usr/share/man/zh_CN/man1")}
LEGACY = {("fr", "chmod"): "cp1252", ("zh", "du"): "gb18030"}
# groff's UTF-8 hyphen and URL brackets have no cp1252 code: write what a latin1 tty would show.
ASCII_FALLBACK = str.maketrans({"\u2010": "-", "\u27e8": "<", "\u27e9": ">"})
CHROMIUM = Path("/usr/bin/chromium")
CHROMIUM_FLAGS = ["--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
                  "--disable-background-networking", "--disable-component-update",
                  "--disable-sync", "--no-pdf-header-footer"]
PINNED_DATE = b"(D:20000101000000+00'00')"
MARKER = ".kicad-corpus.json"


def data_dir() -> Path:
    """$RAG_DATA_DIR, or ~/.cache/rag-assistant."""
    return Path(os.environ.get("RAG_DATA_DIR") or Path.home() / ".cache" / "rag-assistant")


def run(cmd: list[str], cwd: Path | None = None, env: dict[str, str] | None = None) -> bytes:
    """Run a command, returning stdout; fail loudly with its stderr."""
    proc = subprocess.run(cmd, cwd=cwd, env=env, capture_output=True)
    if proc.returncode != 0:
        sys.exit(f"command failed ({proc.returncode}): {' '.join(cmd)}\n{proc.stderr.decode()}")
    return proc.stdout


def fetch_packages(cache: Path) -> dict[str, Path]:
    """Download each package's .deb (once) and unpack it into its own folder (once)."""
    debs, roots = cache / "debs", cache / "root"
    debs.mkdir(parents=True, exist_ok=True)
    unpacked: dict[str, Path] = {}
    for pkg in PACKAGES:
        found = sorted(debs.glob(f"{pkg}_*.deb"))
        if not found:
            print(f"downloading {pkg}")
            run(["apt-get", "download", pkg], cwd=debs)
            found = sorted(debs.glob(f"{pkg}_*.deb"))
        root = roots / pkg
        if not root.is_dir():
            tmp = roots / f".{pkg}.partial"
            shutil.rmtree(tmp, ignore_errors=True)
            tmp.mkdir(parents=True)
            run(["dpkg-deb", "-x", str(found[-1]), str(tmp)])
            tmp.rename(root)
        unpacked[pkg] = root
    return unpacked


def write_atomic(path: Path, data: bytes) -> None:
    """Write via a temporary name so an interrupted run never leaves a half file behind."""
    path.parent.mkdir(parents=True, exist_ok=True)
    tmp = path.with_name(f".{path.name}.partial")
    tmp.write_bytes(data)
    tmp.rename(path)


def help_dir(roots: dict[str, Path], lang: str) -> Path:
    return roots[f"kicad-doc-{lang}"] / "usr/share/doc/kicad/help" / lang


def build_html(roots: dict[str, Path], out: Path) -> None:
    """Copy the chosen manuals byte for byte (their images are left out)."""
    for lang, manuals in HTML_MANUALS.items():
        for manual in manuals:
            dest = out / "html" / lang / f"{manual}.html"
            if not dest.exists():
                write_atomic(dest, (help_dir(roots, lang) / f"{manual}.html").read_bytes())


def build_pdfs(roots: dict[str, Path], out: Path) -> None:
    """Print the PDF manual of each language with headless Chromium, images included."""
    for lang in LANGS:
        dest = out / "pdf" / lang / f"{PDF_MANUAL}.pdf"
        if dest.exists():
            continue
        if not CHROMIUM.exists():
            sys.exit(f"{CHROMIUM} not found: run `apt-get install -y chromium fonts-noto-cjk`")
        source = help_dir(roots, lang) / f"{PDF_MANUAL}.html"
        with tempfile.TemporaryDirectory() as tmp:
            pdf = Path(tmp) / "out.pdf"
            run([str(CHROMIUM), *CHROMIUM_FLAGS, f"--user-data-dir={tmp}/profile",
                 f"--print-to-pdf={pdf}", source.as_uri()])
            # Chromium stamps the current time; same-length dates keep the xref offsets valid.
            data = re.sub(rb"\(D:\d{14}[^)]*\)", PINNED_DATE, pdf.read_bytes())
        write_atomic(dest, data)


def render_man(page: Path, lang: str) -> str:
    """`MANWIDTH=80 man -l page | col -bx`; Chinese needs groff's zh macros to break lines."""
    env = {k: v for k, v in os.environ.items() if not k.startswith(("MAN", "LC_", "LANG"))}
    env.update(LC_ALL="C.UTF-8", MANWIDTH="80", MANROFFOPT="-mzh" if lang == "zh" else "")
    raw = run(["man", "-l", str(page)], env=env)
    plain = subprocess.run(["col", "-bx"], input=raw, capture_output=True, check=True).stdout
    return plain.decode("utf-8")


def build_text(roots: dict[str, Path], out: Path) -> None:
    """Render each man page to UTF-8 text, or to the legacy encoding chosen for it."""
    for lang, (pkg, mandir) in MAN_DIRS.items():
        for page in MAN_PAGES:
            encoding = LEGACY.get((lang, page), "utf-8")
            suffix = ".txt" if encoding == "utf-8" else f".{encoding}.txt"
            dest = out / "text" / lang / f"{page}{suffix}"
            if dest.exists():
                continue
            source = roots[pkg] / mandir / f"{page}.1.gz"
            with gzip.open(source) as fh:  # fail early, with the path, if the page is missing
                fh.read(1)
            text = render_man(source, lang)
            if encoding == "cp1252":
                text = text.translate(ASCII_FALLBACK)
            write_atomic(dest, text.encode(encoding))


def copy_licences(roots: dict[str, Path], out: Path) -> None:
    """Keep each package's Debian copyright file next to the corpus (hidden: not indexed)."""
    for pkg, root in roots.items():
        dest = out / ".licenses" / f"{pkg}.copyright"
        if not dest.exists():
            write_atomic(dest, (root / "usr/share/doc" / pkg / "copyright").read_bytes())


def corpus_files(out: Path) -> list[Path]:
    """The indexable documents: everything but hidden files and folders, sorted."""
    return sorted(p for p in out.rglob("*") if p.is_file()
                  and not any(part.startswith(".") for part in p.relative_to(out).parts))


def corpus_hash(out: Path) -> str:
    digest = hashlib.sha256()
    for path in corpus_files(out):
        digest.update(f"{path.relative_to(out).as_posix()}\0".encode())
        digest.update(hashlib.sha256(path.read_bytes()).digest())
    return digest.hexdigest()


def summary(out: Path) -> str:
    """One line per file, then bytes per language and format."""
    lines, totals = [], {}
    for path in corpus_files(out):
        rel = path.relative_to(out)
        fmt, lang = rel.parts[0], rel.parts[1]
        size = path.stat().st_size
        totals[(lang, fmt)] = totals.get((lang, fmt), 0) + size
        lines.append(f"  {size:>9}  {rel.as_posix()}")
    lines.append("bytes per language and format:")
    for lang in LANGS:
        row = "  ".join(f"{fmt} {totals.get((lang, fmt), 0):>9}" for fmt in ("html", "pdf", "text"))
        lines.append(f"  {lang}  {row}")
    total = sum(totals.values())
    lines.append(f"total: {len(corpus_files(out))} files, {total} bytes ({total / 1e6:.2f} MB)")
    return "\n".join(lines)


def main(argv: list[str] | None = None) -> int:
    parser = argparse.ArgumentParser(description=__doc__.split("\n")[0])
    parser.add_argument("--out", type=Path, default=data_dir() / "corpora" / "kicad",
                        help="corpus folder (default: %(default)s)")
    args = parser.parse_args(argv)
    out: Path = args.out.expanduser().resolve()
    marker = out / MARKER
    if marker.exists() and json.loads(marker.read_text())["sha256"] == corpus_hash(out):
        print(f"{out}: complete, nothing to do")
    else:
        roots = fetch_packages(data_dir() / "cache" / "kicad")
        build_html(roots, out)
        build_pdfs(roots, out)
        build_text(roots, out)
        copy_licences(roots, out)
        info = {"sha256": corpus_hash(out), "files": len(corpus_files(out)),
                "packages": sorted(p.name for p in (data_dir() / "cache/kicad/debs").glob("*.deb"))}
        marker.write_text(json.dumps(info, indent=1) + "\n")
        print(f"{out}: built")
    print(summary(out))
    return 0


if __name__ == "__main__":
    sys.exit(main())
