"""The ids of stored chunks and sentences, and what a search reads from an id alone.

A chunk's id names its file (a hash of the path), the file's version (its content hash), its place
in the file and the text its vector was made from (that text's hash). Reading those from the ids a
nearest-neighbour search returns costs nothing, whereas reading the records' metadata costs about a
tenth of a millisecond a row: so the search can skip stale versions and copies of one text (a
folder copied twice, a page repeated in many files: identical vectors that would otherwise fill the
candidate pool with one passage) among thousands of neighbours, and read records only for the
distinct ones it keeps.
"""

from __future__ import annotations

import hashlib
from dataclasses import dataclass

_TEXT = 12
"""Hex digits of the text hash in an id: collisions between different texts of one corpus are
then negligible (2**48), and a collision costs a candidate, never a wrong answer."""


def path_key(path: str) -> str:
    return hashlib.sha256(path.encode()).hexdigest()[:12]


def chunk_id(path: str, file_sha: str, n: int, text_hash: str) -> str:
    return f"{path_key(path)}-{file_sha[:16]}-{n:05d}-{text_hash[:_TEXT]}"


def sentence_id(chunk: str, k: int) -> str:
    return f"{chunk}-s{k:03d}"


def version_key(path: str, file_sha: str) -> str:
    """What an id says of the file version it belongs to (compared with the live file table)."""
    return f"{path_key(path)}-{file_sha[:16]}"


@dataclass(frozen=True)
class ParsedId:
    chunk: str
    """The chunk's id (a sentence's chunk)."""
    version: str | None
    """version_key of its file; None when the id is not of this scheme (then nothing is known)."""
    distinct: str
    """Equal for copies of one text: the text hash, with the sentence's place for a sentence."""


def parse(record_id: str) -> ParsedId:
    parts = record_id.split("-")
    if len(parts) in (4, 5) and len(parts[0]) == 12 and len(parts[3]) == _TEXT and \
            (len(parts) == 4 or parts[4].startswith("s")):
        chunk = "-".join(parts[:4])
        distinct = parts[3] if len(parts) == 4 else f"{parts[3]}-{parts[4]}"
        return ParsedId(chunk, f"{parts[0]}-{parts[1]}", distinct)
    chunk = record_id.rsplit("-s", 1)[0] if "-s" in record_id else record_id
    return ParsedId(chunk, None, record_id)
