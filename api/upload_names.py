"""Where an uploaded file goes: `<corpus>/<collection>/<safe name>` (`uploads/` unless the upload
names a collection, see api.auth.upload_collection), and nowhere else.

A client's filename is untrusted text: browsers send a bare name, but any client can send
`../../etc/cron.d/x`, a Windows path, control characters or a hidden dot-file. Only the last path
component is kept (both separators count: a name typed on Windows arrives with backslashes), in
NFC so that the same name typed on macOS (NFD) and elsewhere is one document, and the final path
is checked after resolving links, so a link planted in the folder cannot redirect a write.
"""

from __future__ import annotations

import unicodedata
from pathlib import Path, PurePath

from fastapi import HTTPException, status

from rag import SUPPORTED_SUFFIXES

UPLOADS = "uploads"
"""The collection (corpus subfolder) an upload goes to when it names none and its key may read
every collection; document ids are then `uploads/<name>`."""
MAX_NAME_BYTES = 255
"""What Linux and macOS file systems allow in one path component, in UTF-8 bytes."""


def refused(detail: str) -> HTTPException:
    return HTTPException(status.HTTP_422_UNPROCESSABLE_CONTENT, detail=detail)


def safe_name(raw: str) -> str:
    """The client's filename reduced to a name that is safe to save, or a 422 saying why not."""
    name = raw.replace("\\", "/").rsplit("/", 1)[-1]
    name = unicodedata.normalize("NFC", name)
    name = "".join(ch for ch in name if unicodedata.category(ch) not in ("Cc", "Cs")).strip()
    if not name:
        raise refused(f"the file name {raw!r} is empty once its folders and control characters "
                      f"are removed")
    if name.startswith("."):  # hidden files are never indexed; also covers "." and ".."
        raise refused(f"the file name {name!r} starts with '.'; hidden files are not indexed")
    if len(name.encode("utf-8")) > MAX_NAME_BYTES:
        raise refused(f"the file name {name[:40]!r}… is over {MAX_NAME_BYTES} bytes")
    return name


def check_suffix(name: str) -> None:
    """415 unless a reader takes this file type, listing the ones that do."""
    if PurePath(name).suffix.lower() not in SUPPORTED_SUFFIXES:
        accepted = ", ".join(sorted(SUPPORTED_SUFFIXES))
        raise HTTPException(status.HTTP_415_UNSUPPORTED_MEDIA_TYPE,
                            detail=f"{name!r} is not a supported document type; accepted "
                                   f"extensions: {accepted}")


def staging_folder(corpus: Path) -> Path:
    """Where a request's files are written until it is complete: the corpus folder itself, as
    hidden `.upload-….part` files (never indexed), so that the final rename into any collection's
    folder is atomic and the collection may be named anywhere in the request."""
    if corpus.is_file():
        raise refused("the corpus is a single file (RAG_CORPUS_PATH), not a folder: there is no "
                      "folder to add documents to")
    return corpus


def collection_folder(corpus: Path, collection: str) -> Path:
    """`<corpus>/<collection>`, created when missing (the name is checked by the caller)."""
    folder = corpus / collection
    folder.mkdir(parents=True, exist_ok=True)
    return folder


def target(folder: Path, name: str) -> Path:
    """`folder / name`, once it is certain that writing there lands directly in the collection's
    folder at the top of the corpus (not through a link to elsewhere)."""
    path = folder / name
    inside = folder.parent.resolve() / folder.name
    if path.resolve().parent != inside or folder.resolve() != inside:
        raise refused(f"{name!r} would be saved outside the folder {folder.name!r}")
    return path


def document_id(collection: str, name: str) -> str:
    """The id `GET /documents` lists the saved file under (relative to the corpus, `/`-separated)."""
    return f"{collection}/{name}"
