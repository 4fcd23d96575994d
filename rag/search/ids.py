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
from typing import NamedTuple

_PATH = 12
"""Hex digits of the path's hash in an id."""
_SHA = 16
"""Hex digits of the file's content hash."""
_TEXT = 12
"""Hex digits of the text hash in an id: collisions between different texts of one corpus are
then negligible (2**48), and a collision costs a candidate, never a wrong answer."""
_VERSION = _PATH + 1 + _SHA
"""Length of a version_key, which every chunk id begins with."""
_SHORTEST = _VERSION + 1 + 5 + 1 + _TEXT
"""Length of a chunk id whose place in its file has five digits (more take more)."""


def path_key(path: str) -> str:
    return hashlib.sha256(path.encode()).hexdigest()[:_PATH]


def chunk_id(path: str, file_sha: str, n: int, text_hash: str) -> str:
    return f"{version_key(path, file_sha)}-{n:05d}-{text_hash[:_TEXT]}"


def sentence_id(chunk: str, k: int) -> str:
    return f"{chunk}-s{k:03d}"


def version_key(path: str, file_sha: str) -> str:
    """What an id says of the file version it belongs to (compared with the live file table)."""
    return f"{path_key(path)}-{file_sha[:_SHA]}"


class ParsedId(NamedTuple):
    version: str | None
    """version_key of its file; None when the id is not of this scheme (then nothing is known)."""
    distinct: str
    """Equal for copies of one text: the text hash, with the sentence's place for a sentence."""
    chunk: str
    """The chunk's id (a sentence's chunk)."""


def parse(record_id: str) -> ParsedId:
    """Read once per neighbour of every search (tens of thousands a search in a corpus full of
    copies), so by positions: the path key and file version have fixed widths, the text hash
    ends the chunk's id. Hex digits hold no `s`, so `-s` starts a sentence's part."""
    chunk, sep, place = record_id.partition("-s")
    if len(chunk) < _SHORTEST or chunk[_PATH] != "-" or chunk[_VERSION] != "-" \
            or chunk[-_TEXT - 1] != "-":
        return ParsedId(None, record_id, chunk)
    text = chunk[-_TEXT:]
    return ParsedId(chunk[:_VERSION], f"{text}-s{place}" if sep else text, chunk)
