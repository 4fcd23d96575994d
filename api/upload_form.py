"""Reading the multipart body of `POST /documents` as it arrives, one file part at a time.

FastAPI's `UploadFile` parameters would spool every part to a temporary file before the route
runs, whatever its size. Here each `files` part is judged by its headers first (name, type) and
then written straight to a hidden temporary file in the uploads folder, refused the moment it
passes `max_upload_bytes`: a 4 GB upload costs the server 20 MB of disk, not 4 GB. Nothing becomes
visible until the whole request is known to be good; then each temporary file is renamed over its
final name (an atomic replace: an index run going on meanwhile reads the old version or the new,
never half a file). On any error every temporary file of the request is removed. A `collection`
field (a plain form field, anywhere in the body) names the collection the files go into; the
temporary files wait at the top of the corpus, hidden, so that it may come after them.
"""

from __future__ import annotations

import hashlib
import os
import uuid
from dataclasses import dataclass, field
from pathlib import Path
from typing import IO

import anyio
from fastapi import HTTPException, Request, status
from python_multipart import MultipartParser
from python_multipart.exceptions import FormParserError
from python_multipart.multipart import parse_options_header

from api.limits import too_large
from api.upload_names import check_suffix, document_id, refused, safe_name, target

FIELD = "files"
COLLECTION_FIELD = "collection"
MAX_COLLECTION_BYTES = 1024
MAX_FILES = 50
"""Files per request: bounds the whole body (see `upload_body_limit`) and the work one request
can queue; a page uploading more sends several requests."""
PART_OVERHEAD = 4096
"""Bytes a part's boundary and headers may take (python-multipart caps headers at about 4 KB)."""


@dataclass
class Staged:
    """One file of the request, written to `temp` until the request is complete."""

    name: str
    temp: Path
    size: int = 0
    digest: hashlib._Hash = field(default_factory=hashlib.sha256)
    handle: IO[bytes] | None = None
    ended: bool = False


@dataclass(frozen=True)
class Saved:
    """A file now in the corpus: its document id and the SHA-256 of what was saved."""

    id: str
    sha256: str


def upload_body_limit(max_upload_bytes: int) -> int:
    """The most a request within the limits can send: MAX_FILES full files and their headers."""
    return MAX_FILES * (max_upload_bytes + PART_OVERHEAD) + 64 * 1024


def _decode(raw: bytes) -> str:
    """Browsers send filenames as raw UTF-8; anything else is taken as Latin-1, never refused."""
    try:
        return raw.decode("utf-8")
    except UnicodeDecodeError:
        return raw.decode("latin-1")


class UploadReader:
    """Parses one request's body into staged files in `folder` (and the `collection` field, when
    sent); `commit` makes them documents."""

    def __init__(self, folder: Path, max_bytes: int) -> None:
        self.folder = folder
        self.max_bytes = max_bytes
        self.staged: list[Staged] = []
        self.collection: str | None = None
        self._collection: bytearray | None = None
        self._current: Staged | None = None
        self._headers: dict[bytes, bytes] = {}
        self._name = b""
        self._value = b""
        self._pending: list[tuple[Staged, bytes]] = []

    async def read(self, request: Request) -> None:
        """Read the whole body; an HTTPException (400, 413, 415, 422) when it cannot be taken."""
        kind, params = parse_options_header(request.headers.get("content-type"))
        if kind != b"multipart/form-data" or not params.get(b"boundary"):
            raise refused(f"send the documents as multipart/form-data, one part named "
                          f"'{FIELD}' per file")
        parser = MultipartParser(params[b"boundary"], {
            "on_part_begin": self._on_part_begin, "on_header_field": self._on_header_field,
            "on_header_value": self._on_header_value, "on_header_end": self._on_header_end,
            "on_headers_finished": self._on_headers_finished, "on_part_data": self._on_part_data,
            "on_part_end": self._on_part_end})
        try:
            async for chunk in request.stream():
                parser.write(chunk)
                await anyio.to_thread.run_sync(self._flush)  # file writes off the event loop
            parser.finalize()
            await anyio.to_thread.run_sync(self._flush)
        except FormParserError as exc:
            self.discard()
            raise HTTPException(status.HTTP_400_BAD_REQUEST,
                                detail=f"malformed multipart body: {exc}") from None
        except BaseException:
            self.discard()
            raise
        if any(not s.ended for s in self.staged) or self._collection is not None:
            self.discard()
            raise HTTPException(status.HTTP_400_BAD_REQUEST,
                                detail="malformed multipart body: it ends inside a part")
        if not self.staged:
            raise refused(f"no '{FIELD}' part: send each document as a multipart/form-data part "
                          f"named '{FIELD}', with its filename")

    def commit(self, folder: Path, collection: str) -> list[Saved]:
        """Move every staged file to its final name in `folder`, the collection's (replacing an
        earlier upload of that name)."""
        try:
            targets = [target(folder, s.name) for s in self.staged]  # all checked first
            for staged, path in zip(self.staged, targets, strict=True):
                os.replace(staged.temp, path)
        finally:
            self.discard()
        ids = {document_id(collection, s.name): s.digest.hexdigest()  # the last wins
               for s in self.staged}
        return [Saved(i, sha) for i, sha in ids.items()]

    def discard(self) -> None:
        """Close and remove whatever temporary files are left."""
        for staged in self.staged:
            if staged.handle is not None:
                staged.handle.close()
            staged.temp.unlink(missing_ok=True)

    def _flush(self) -> None:
        for staged in self.staged:
            if staged.handle is None:
                staged.handle = staged.temp.open("xb")
        for staged, data in self._pending:
            assert staged.handle is not None
            staged.handle.write(data)
            staged.digest.update(data)
        self._pending.clear()
        for staged in self.staged:
            if staged.ended and staged.handle is not None and not staged.handle.closed:
                staged.handle.close()

    # python-multipart callbacks: they run inside `parser.write`, on the event loop, so they only
    # check and queue; the file work happens in `_flush`, in a worker thread.

    def _on_part_begin(self) -> None:
        self._current, self._headers = None, {}

    def _on_header_field(self, data: bytes, start: int, end: int) -> None:
        self._name += data[start:end]

    def _on_header_value(self, data: bytes, start: int, end: int) -> None:
        self._value += data[start:end]

    def _on_header_end(self) -> None:
        self._headers[self._name.lower()] = self._value
        self._name, self._value = b"", b""

    def _on_headers_finished(self) -> None:
        _, options = parse_options_header(self._headers.get(b"content-disposition"))
        if options.get(b"name") == COLLECTION_FIELD.encode() and b"filename" not in options:
            if self.collection is not None or self._collection is not None:
                raise refused(f"the '{COLLECTION_FIELD}' field is given twice")
            self._collection = bytearray()
            return
        if options.get(b"name") != FIELD.encode():
            return  # other fields are ignored (their size is bounded by the body limit)
        raw = options.get(b"filename")
        if raw is None:
            raise refused(f"each '{FIELD}' part must be a file, sent with its filename")
        name = safe_name(_decode(raw))
        check_suffix(name)
        if len(self.staged) == MAX_FILES:
            raise too_large(f"more than {MAX_FILES} files in one request; send them in several")
        self._current = Staged(name, self.folder / f".upload-{uuid.uuid4().hex}.part")
        self.staged.append(self._current)

    def _on_part_data(self, data: bytes, start: int, end: int) -> None:
        if self._collection is not None:
            self._collection += data[start:end]
            if len(self._collection) > MAX_COLLECTION_BYTES:
                raise refused(f"the '{COLLECTION_FIELD}' field is over {MAX_COLLECTION_BYTES} bytes")
            return
        current = self._current
        if current is None:
            return
        current.size += end - start
        if current.size > self.max_bytes:
            raise too_large(f"{current.name!r} is over {self.max_bytes} bytes, the limit per "
                            f"file (max_upload_bytes)")
        self._pending.append((current, data[start:end]))

    def _on_part_end(self) -> None:
        if self._collection is not None:
            self.collection, self._collection = _decode(bytes(self._collection)), None
        if self._current is not None:
            self._current.ended = True
        self._current = None
